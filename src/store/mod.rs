//! The register's SQLite file: opening it safely, and the reads and writes over it.
//!
//! One file, WAL journal, foreign keys on, a busy timeout so the desktop and the CLI can
//! share it. Every write is one transaction.

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

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub use codes::CodeOverview;
pub use edit::MeetingSave;
pub use directory::{Directory, PointMade, Timeline};
pub use home::HomeView;
pub use import::ImportSummary;
pub use query::{
    ActionFilter, ActionPage, ActionRow, Labels, MeetingFilter, MeetingLink, MeetingPage, MeetingRow, Owner,
    SortOrder,
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

/// Whether opening may create the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    Create,
    MustExist,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Which full-text query's matching meetings `temp.text_hits` holds, so that the pages
    /// and the count of one text filter share one search.
    text_hits: std::cell::RefCell<Option<query::TextHits>>,
}

impl Store {
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let exists = path.exists();
        if !exists && mode == OpenMode::MustExist {
            return Err(Error::NoRegister { path: path.to_path_buf() });
        }
        if !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(10))?;

        // Look before touching: a file of another program or of a newer version must not
        // be changed, not even by switching its journal mode.
        let not_ours = || Error::NotARegister { path: path.to_path_buf() };
        let header = (|| -> rusqlite::Result<(i64, i64, i64)> {
            let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            Ok((app, version, objects))
        })();
        let (app, version, objects) = match header {
            Ok(h) => h,
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
                return Err(not_ours())
            }
            Err(e) => return Err(e.into()),
        };
        if app != migrations::APPLICATION_ID && (app != 0 || objects != 0) {
            return Err(not_ours());
        }
        if version > migrations::latest() {
            return Err(Error::NewerRegister { path: path.to_path_buf(), found: version, known: migrations::latest() });
        }

        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a commit the user saw succeed survives a power cut too.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "cache_size", CACHE_SIZE)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrations::migrate(&mut conn)?;
        search::create_queue(&conn)?;
        Ok(Store { conn, path: path.to_path_buf(), text_hits: Default::default() })
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
