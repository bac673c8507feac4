//! The app's state: the open register, and the clock read at the IPC boundary.

use std::path::PathBuf;
use std::sync::Mutex;

use code_register::error::Problem;
use code_register::store::{self, OpenMode, Store};

use crate::error::{DesktopError, Result};

pub struct Register {
    store: Mutex<Option<Store>>,
    /// Why the register could not be opened, when it could not.
    open_error: Option<Problem>,
}

impl Register {
    /// Opens (creating if need be) the register named by `--db`, `CODE_REGISTER_DB` or the
    /// platform default. A failure is kept and reported by every command, so the window
    /// still opens and says what is wrong.
    pub fn open(flag: Option<PathBuf>) -> Register {
        let opened = store::resolve_path(flag).and_then(|path| {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| code_register::Error::io(dir, e))?;
            }
            Store::open(&path, OpenMode::Create)
        });
        match opened {
            Ok(store) => Register { store: Mutex::new(Some(store)), open_error: None },
            Err(e) => Register { store: Mutex::new(None), open_error: Some(Problem::from(&e)) },
        }
    }

    /// Runs `f` on the open register. Commands are async, so this runs off the main thread;
    /// the lock serialises the register's one connection.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> code_register::Result<T>) -> Result<T> {
        let mut guard = self.store.lock().map_err(|_| {
            DesktopError::Desktop("the register is unavailable after an earlier failure; restart Code Register".into())
        })?;
        match guard.as_mut() {
            Some(store) => Ok(f(store)?),
            None => Err(DesktopError::NotOpen(
                self.open_error.clone().unwrap_or_else(|| Problem::other("desktop", "no register is open")),
            )),
        }
    }
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
    }
}
