//! The register's SQLite file: opening it safely, and the reads and writes over it.
//!
//! One file, WAL journal, foreign keys on, a busy timeout so the desktop and the CLI can
//! share it. Every write is one transaction.

pub mod calendar;
mod codes;
mod directory;
mod edit;
mod export;
mod home;
mod import;
pub mod keys;
pub mod migrations;
mod query;
mod search;
mod settings;
pub mod transparency;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub use codes::CodeOverview;
pub use directory::{Directory, PointMade, Timeline};
pub use edit::MeetingSave;
pub use home::HomeView;
pub use import::ImportSummary;
pub use query::{
    ActionFilter, ActionPage, ActionRow, Labels, MeetingFilter, MeetingLink, MeetingPage, MeetingRow, Owner, SortOrder,
};
pub use search::{SearchHit, SearchKind};
pub use settings::Settings;

/// The register the CLI and the desktop open when no `--db` or `CODE_REGISTER_DB` is given:
/// `register.sqlite3` in the platform's data directory (`~/.local/share/code-register` on
/// Linux, `%APPDATA%\code-register\data` on Windows).
pub fn default_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "code-register")
        .map(|dirs| dirs.data_dir().join("register.sqlite3"))
        .ok_or_else(|| Error::BadArgument("no home directory to keep the register in; pass --db PATH".into()))
}

/// `--db`, else `CODE_REGISTER_DB`, else the default.
pub fn resolve_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(path) => Ok(path),
        None => match std::env::var_os("CODE_REGISTER_DB") {
            Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
            _ => default_path(),
        },
    }
}

/// `PRAGMA cache_size` of a register connection: 32 MB of pages (negative means KiB).
const CACHE_SIZE: i64 = -32_000;

/// The page size of a new register: 16 KiB, not SQLite's 4 KiB. A meeting's row with its
/// objective, and the search index's segments, fit in fewer pages; a large import writes a
/// quarter of the WAL frames (one write call each, twice: WAL, then checkpoint), and its WAL
/// stays under the automatic checkpoint's 1,000 pages, so its commit does not also copy the
/// WAL into the file (a 10,000-event calendar: commit and close 63 -> 42 ms).
const PAGE_SIZE: i64 = 16_384;

/// How long a connection waits for another one's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads the header of the file, mapping "not a database" and "damaged" to their errors.
fn read_header(conn: &Connection, path: &Path) -> Result<Header> {
    let header = (|| -> rusqlite::Result<Header> {
        Ok(Header {
            application_id: conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
            version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            objects: conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?,
        })
    })();
    header.map_err(|e| file_error(e, path))
}

/// A SQLite error that is about the file itself, said as such.
fn file_error(e: rusqlite::Error, path: &Path) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotARegister { path: path.to_path_buf() },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::DamagedRegister { path: path.to_path_buf(), detail: "SQLite reads it as malformed".into() }
        }
        _ => e.into(),
    }
}

/// Opens `path` read-only and reads its header.
///
/// SQLite reads a WAL register only through its `-shm` index, which a read-only connection
/// creates if it is missing, or opens read-only if it is there (a writer has the register
/// open). In a directory the user cannot write to, with no `-shm` there (the register was
/// closed cleanly, or copied), it can do neither and the first read fails (SQLITE_READONLY,
/// "attempt to write a readonly database", with the bundled SQLite as with 3.40; CANTOPEN is
/// taken alike). Then, and only if there is no `-shm` and no `-wal` holding commits the main
/// file lacks (none, or an empty one), the file is opened again with `immutable=1`: read
/// without the index and without locks. That is safe because no connection has the register
/// open in WAL mode (it would have made the `-shm`), so the file alone is the register; a
/// writer that opened it afterwards could change it under this one-shot reader, which a user
/// who cannot write there is not likely to race with.
fn connect_read_only(path: &Path) -> Result<(Connection, Header)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let open = |name: &str| -> Result<(Connection, Header)> {
        let conn = Connection::open_with_flags(name, flags).map_err(|e| file_error(e, path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let header = read_header(&conn, path)?;
        Ok((conn, header))
    };
    let uri = file_uri(path)?;
    match open(&uri) {
        Err(Error::Database(e))
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
            ) && file_alone_is_the_register(path) =>
        {
            open(&format!("{uri}?immutable=1"))
        }
        other => other,
    }
}

/// Whether the file alone is the register: no `-shm` (no connection has it open in WAL mode)
/// and no `-wal` holding commits (none, or an empty one).
fn file_alone_is_the_register(path: &Path) -> bool {
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::fs::metadata(PathBuf::from(name))
    };
    beside("-shm").is_err() && beside("-wal").map_or(true, |m| m.len() == 0)
}

/// `path` as an SQLite `file:` URI (absolute, `%`-escaped), so that parameters can follow.
fn file_uri(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        absolute.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = {
        // `C:\x\r.sqlite3` is `file:///C:/x/r.sqlite3`.
        let text = absolute
            .to_str()
            .ok_or_else(|| Error::BadArgument(format!("{} is not a path SQLite can be given", absolute.display())))?;
        let text = text.strip_prefix(r"\\?\").unwrap_or(text).replace('\\', "/");
        format!("/{text}").into_bytes()
    };
    let mut uri = String::from("file://");
    for byte in bytes {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(uri)
}

/// `PRAGMA quick_check`: every page read and every b-tree walked (no index compared with its
/// table, which `integrity_check` adds at several times the cost).
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    // The check's lines are one message here: `*** in database main ***` and what it found.
    let damaged = |detail: String| Error::DamagedRegister {
        path: path.to_path_buf(),
        detail: detail.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let problems = (|| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    })();
    match problems {
        Ok(rows) => match rows.iter().filter(|r| r.as_str() != "ok").collect::<Vec<_>>().as_slice() {
            [] => Ok(()),
            [one] => Err(damaged(format!("SQLite's check: {one}"))),
            [first, rest @ ..] => Err(damaged(format!("SQLite's check: {first}, and {} more problems", rest.len()))),
        },
        Err(e) => match file_error(e, path) {
            Error::Database(e) => Err(e.into()),
            other => Err(other),
        },
    }
}

/// How a register is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Creates the file (and its directory) if there is none; brings an older register up to
    /// date.
    Create,
    /// Refuses a missing file (`Error::NoRegister`); brings an older register up to date.
    MustExist,
    /// For commands that only read: a missing file is refused, the file is opened read-only
    /// and nothing is changed, not even its journal mode; a register that would need
    /// migrating is refused (`Error::OlderRegister`). Works in a directory the user cannot
    /// write to (see `connect_read_only`).
    ReadOnly,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Which full-text query's matching meetings `temp.text_hits` holds, so that the pages
    /// and the count of one text filter share one search.
    text_hits: std::cell::RefCell<Option<query::TextHits>>,
}

/// What the first page of a file says about it.
struct Header {
    application_id: i64,
    version: i64,
    objects: i64,
}

impl Store {
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let exists = path.exists();
        if !exists && mode != OpenMode::Create {
            return Err(Error::NoRegister { path: path.to_path_buf() });
        }
        if !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
        let (mut conn, header) = match mode {
            OpenMode::ReadOnly => connect_read_only(path)?,
            OpenMode::Create | OpenMode::MustExist => {
                let flags =
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(path, flags)?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                let header = read_header(&conn, path)?;
                (conn, header)
            }
        };

        // Look before touching: a file of another program or of a newer version must not
        // be changed, not even by switching its journal mode.
        if header.application_id != migrations::APPLICATION_ID && (header.application_id != 0 || header.objects != 0) {
            return Err(Error::NotARegister { path: path.to_path_buf() });
        }
        if header.version > migrations::latest() {
            return Err(Error::NewerRegister {
                path: path.to_path_buf(),
                found: header.version,
                known: migrations::latest(),
            });
        }

        if mode == OpenMode::ReadOnly {
            if header.objects == 0 {
                return Err(Error::NoRegister { path: path.to_path_buf() });
            }
            if header.version < migrations::latest() {
                return Err(Error::OlderRegister {
                    path: path.to_path_buf(),
                    found: header.version,
                    known: migrations::latest(),
                });
            }
        } else {
            if header.objects == 0 {
                // Only a new file takes it: the page size of a file in WAL mode is fixed.
                conn.pragma_update(None, "page_size", PAGE_SIZE)?;
            }
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // FULL: a commit the user saw succeed survives a power cut too.
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "cache_size", CACHE_SIZE)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if mode != OpenMode::ReadOnly {
            migrations::migrate(&mut conn)?;
        }
        // Temporary tables: in memory, so a read-only register has them too.
        search::create_queue(&conn)?;
        Ok(Store { conn, path: path.to_path_buf(), text_hits: Default::default() })
    }

    /// What `code-register init` does: creates the register, or opens an existing one after
    /// checking it page by page (`PRAGMA quick_check`, about as long as reading the file) on a
    /// read-only connection, so that a damaged file is reported (`Error::DamagedRegister`)
    /// before anything is written to it: no migration, no journal, no checkpoint. The desktop
    /// and the other commands do not pay for the check at every start.
    pub fn init(path: &Path) -> Result<Store> {
        if path.exists() {
            let (conn, header) = connect_read_only(path)?;
            if header.objects > 0 {
                quick_check(&conn, path)?;
            }
        }
        Store::open(path, OpenMode::Create)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: `Ok(())` when both are clean.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!("foreign key: {} row {:?}", r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// Folds the WAL into the main file, so the file alone holds the register.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    }

    fn count(&self, table: &str) -> Result<i64> {
        Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }

    /// The records a user counts, each from a small index.
    fn record_counts(&self) -> Result<RecordCounts> {
        Ok(RecordCounts {
            codes: self.count("codes")?,
            organisations: self.count("organisations")?,
            people: self.count("people")?,
            meetings: self.count("meetings")?,
            actions: self.count("actions")?,
        })
    }

    /// Counts of each kind of record, for summaries and benchmarks.
    pub fn counts(&self) -> Result<Counts> {
        let RecordCounts { codes, organisations, people, meetings, actions } = self.record_counts()?;
        Ok(Counts {
            codes,
            organisations,
            people,
            meetings,
            participants: self.count("participants")?,
            points: self.count("points")?,
            actions,
        })
    }
}

/// What the desktop shows of the open register.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterInfo {
    pub path: String,
    pub counts: RecordCounts,
    /// No meeting, organisation or person yet: the desktop offers the sample register.
    pub empty: bool,
}

impl Store {
    /// Read at start-up and after each save, so it counts only what a small index answers:
    /// participants and points would mean scanning their tables (a tenth of a second on 100,000
    /// meetings, with a cold cache).
    pub fn info(&self) -> Result<RegisterInfo> {
        let counts = self.record_counts()?;
        Ok(RegisterInfo {
            path: self.path.display().to_string(),
            empty: counts.meetings == 0 && counts.organisations == 0 && counts.people == 0,
            counts,
        })
    }
}

/// Every kind of record, counted: for the CLI's summaries and the benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub codes: i64,
    pub organisations: i64,
    pub people: i64,
    pub meetings: i64,
    pub participants: i64,
    pub points: i64,
    pub actions: i64,
}

/// The records the window's status line counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordCounts {
    #[ts(type = "number")]
    pub codes: i64,
    #[ts(type = "number")]
    pub organisations: i64,
    #[ts(type = "number")]
    pub people: i64,
    #[ts(type = "number")]
    pub meetings: i64,
    #[ts(type = "number")]
    pub actions: i64,
}
