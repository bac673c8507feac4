//! The app's state: the open register, on two connections.
//!
//! Every command but two runs on the register's writing connection, one at a time (a mutex).
//! Search and the meeting list's text filter run on a second connection of their own, so a
//! slow search neither waits for a save nor holds one up: SQLite's WAL lets that reader see
//! the last commit while the writer writes.

use std::path::PathBuf;
use std::sync::Mutex;

use code_register::error::Problem;
use code_register::store::{self, OpenMode, Store};

use crate::error::{DesktopError, Result};

pub struct Register {
    store: Mutex<Option<Store>>,
    /// The reading connection; `None` when it could not be opened (reads then take the
    /// writing one) or when the register could not be opened at all.
    reader: Mutex<Option<Store>>,
    /// Why the register could not be opened, when it could not.
    open_error: Option<Problem>,
}

impl Register {
    /// Opens (creating if need be) the register named by `--db`, `CODE_REGISTER_DB` or the
    /// platform default, then its reading connection. A failure is kept and reported by every
    /// command, so the window still opens and says what is wrong.
    pub fn open(flag: Option<PathBuf>) -> Register {
        let opened = store::resolve_path(flag).and_then(|path| {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| code_register::Error::io(dir, e))?;
            }
            Store::open(&path, OpenMode::Create)
        });
        match opened {
            Ok(store) => {
                // The file exists now: the writer created it and brought its schema up to date.
                let reader = match Store::open(store.path(), OpenMode::ReadOnly) {
                    Ok(reader) => Some(reader),
                    Err(e) => {
                        eprintln!("code-register-desktop: searches share the register's one connection ({e})");
                        None
                    }
                };
                Register { store: Mutex::new(Some(store)), reader: Mutex::new(reader), open_error: None }
            }
            Err(e) => {
                Register { store: Mutex::new(None), reader: Mutex::new(None), open_error: Some(Problem::from(&e)) }
            }
        }
    }

    /// Runs `f` on the writing connection. Commands are async, so this runs off the main
    /// thread; the lock serialises the connection.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> code_register::Result<T>) -> Result<T> {
        let mut guard = lock(&self.store)?;
        match guard.as_mut() {
            Some(store) => Ok(f(store)?),
            None => Err(self.not_open()),
        }
    }

    /// Runs the read `f` on the reading connection (searches: see the module's comment), or
    /// on the writing one when there is no reader.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> code_register::Result<T>) -> Result<T> {
        let guard = lock(&self.reader)?;
        match guard.as_ref() {
            Some(reader) => Ok(f(reader)?),
            None => {
                drop(guard);
                self.with(|store| f(store))
            }
        }
    }

    /// The file of the open register; `None` when none could be opened.
    pub fn path(&self) -> Option<PathBuf> {
        lock(&self.store).ok()?.as_ref().map(|s| s.path().to_path_buf())
    }

    fn not_open(&self) -> DesktopError {
        DesktopError::NotOpen(
            self.open_error.clone().unwrap_or_else(|| Problem::other("desktop", "no register is open")),
        )
    }
}

fn lock(store: &Mutex<Option<Store>>) -> Result<std::sync::MutexGuard<'_, Option<Store>>> {
    store.lock().map_err(|_| {
        DesktopError::Desktop("the register is unavailable after an earlier failure; restart Code Register".into())
    })
}

/// `--db PATH` or `--db=PATH` among the process arguments.
pub fn db_flag(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_db_flag_is_read_in_both_forms() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(db_flag(args(&["app", "--db", "/x/r.sqlite3"])), Some(PathBuf::from("/x/r.sqlite3")));
        assert_eq!(db_flag(args(&["app", "--db=/y.sqlite3"])), Some(PathBuf::from("/y.sqlite3")));
        assert_eq!(db_flag(args(&["app"])), None);
    }

    #[test]
    fn a_register_that_cannot_be_opened_is_reported_by_every_command() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_register = dir.path().join("notes.txt");
        std::fs::write(&not_a_register, "plain text, not SQLite").unwrap();
        let register = Register::open(Some(not_a_register));
        let err = register.with(|s| s.counts()).unwrap_err();
        assert_eq!(err.problem().kind, "not-a-register");
        let err = register.read(|s| s.search("anything", 10)).unwrap_err();
        assert_eq!(err.problem().kind, "not-a-register");
    }

    #[test]
    fn a_search_runs_while_the_writer_is_held_and_sees_its_commits() {
        let dir = tempfile::tempdir().unwrap();
        let register = Register::open(Some(dir.path().join("register.sqlite3")));
        let doc = code_register::model::parse_document(code_register::sample::SEED).unwrap();
        register.with(|s| s.import(doc)).unwrap();
        let hits = register.read(|s| s.search("disinformation", 5)).unwrap();
        assert!(!hits.is_empty(), "the reader sees what the writer committed");
        // A search does not queue behind the writer: it answers while the writer is held.
        register
            .with(|_writer| {
                let hits = register.read(|s| s.search("disinformation", 5)).unwrap();
                assert!(!hits.is_empty());
                Ok(())
            })
            .unwrap();
    }
}
