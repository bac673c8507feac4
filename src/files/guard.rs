//! Never write over the open register: every file the core writes from a register goes
//! through [`save`], which refuses the register's own file under any name that reaches it.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// SQLite's own files beside a register, and what the refusal calls each.
const COMPANIONS: [(&str, &str); 3] = [
    ("-wal", "the register's write-ahead log"),
    ("-shm", "the register's shared-memory index"),
    ("-journal", "the register's rollback journal"),
];

/// Writes `target` atomically ([`super::write_atomically`]) with what `write` writes, unless
/// `target` is the register at `register` ([`ensure_not_register`]). Returns the size of the
/// file written. Every export of the core (backups, and the coming .ics, PDF and CSV) comes
/// through here.
pub fn save(register: &Path, target: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<u64> {
    ensure_not_register(register, target)?;
    super::write_atomically(target, write)
}

/// [`save`] of `bytes` made beforehand (a PDF, an e-mail, a calendar).
pub fn save_bytes(register: &Path, target: &Path, bytes: &[u8]) -> Result<u64> {
    save(register, target, |file| file.write_all(bytes).map_err(|e| Error::io(target, e)))
}

/// Refuses (`Error::IsTheRegister`, bad input) a `target` that is the register at `register`:
/// the same path, a hard link or a symlink to it (one file, as `same_file` tells, portably),
/// or one of its `-wal`, `-shm` or `-journal` files, existing or not yet.
pub fn ensure_not_register(register: &Path, target: &Path) -> Result<()> {
    let refuse = |what| Err(Error::IsTheRegister { path: target.to_path_buf(), what });
    // `same_file` opens what it compares, and opening a FIFO waits for a writer: only an
    // ordinary file (through any symlink) can be the register or a companion anyway.
    let is_file = std::fs::metadata(target).is_ok_and(|m| m.is_file());
    let same = |a: &Path| is_file && same_file::is_same_file(a, target).unwrap_or(false);
    if same(register) || same_place(register, target) {
        return refuse("the register itself");
    }
    // SQLite names the companions after the path it was given and, on unix, after the file a
    // symlink leads to: both are checked.
    let mut registers = vec![register.to_path_buf()];
    if let Ok(real) = std::fs::canonicalize(register) {
        registers.push(real);
    }
    for register in &registers {
        for (suffix, what) in COMPANIONS {
            let companion = with_suffix(register, suffix);
            if same(&companion) || same_place(&companion, target) {
                return refuse(what);
            }
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether two paths, which need not exist, name the same entry of the same directory.
fn same_place(a: &Path, b: &Path) -> bool {
    let (Some(name_a), Some(name_b)) = (a.file_name(), b.file_name()) else { return false };
    let names_match = if cfg!(any(windows, target_vendor = "apple")) {
        // The usual filesystems of Windows and macOS do not tell case apart.
        name_a.to_string_lossy().to_lowercase() == name_b.to_string_lossy().to_lowercase()
    } else {
        name_a == name_b
    };
    names_match && same_directory(a, b)
}

fn same_directory(a: &Path, b: &Path) -> bool {
    let parent = |p: &Path| p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let (dir_a, dir_b) = (parent(a), parent(b));
    dir_a == dir_b || same_file::is_same_file(&dir_a, &dir_b).unwrap_or(false)
}
