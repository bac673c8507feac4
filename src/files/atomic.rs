//! Atomic writes: a reader of the target sees the old file or the new one, never half of one,
//! and a failure, a crash or a `kill -9` leaves the old file where it was.
//!
//! The rules, in order:
//! 0. A target that exists and is not an ordinary file (a device, a FIFO, a socket, a
//!    directory) is refused: nothing is written.
//! 1. Partial files of earlier writers of the same target that died (`.NAME.<random>.partial`
//!    beside it whose lock can be taken) are removed.
//! 2. A temporary file `.NAME.<12 random letters and digits>.partial` is created beside the
//!    target, exclusively (`O_EXCL`: a file or a symlink planted under that name makes the
//!    creation fail and another name is drawn; nothing is ever followed), and locked
//!    exclusively (`File::try_lock`) for as long as it is written: the lock, released by the
//!    system when its writer dies, is how rule 1 tells a dead writer's file from a live one.
//! 3. The content is written, the file given the permissions of the file it replaces (a new
//!    file gets what any new file gets: 0666 minus the umask), and fsynced.
//! 4. It is renamed over the target (a symlink at the target is replaced, not followed), and on
//!    unix the directory is fsynced so the rename survives a power cut.
//! 5. On every failure before the rename the temporary file is removed, and the error names the
//!    target (`cannot write /home/x/backup.json: …`), never the temporary file.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// How often what is already written is sent to the disk while a document is written.
const WRITEBACK_EVERY: Duration = Duration::from_millis(15);

/// Runs `write` on `file` while another thread sends what is already written to the disk
/// every [`WRITEBACK_EVERY`], so the fsync before the rename waits for the last part only and
/// not for a whole list written in memory (several milliseconds for a year's list): the disk
/// works while the document is still being made.
fn with_early_writeback<T>(file: &mut File, write: impl FnOnce(&mut File) -> T) -> T {
    // Without a second handle the writing goes on as it would, the fsync doing all of it.
    let Ok(handle) = file.try_clone() else { return write(file) };
    let (finished, wait) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(WRITEBACK_EVERY) {
                // A failure here comes back from the fsync that follows the writing.
                let _ = handle.sync_data();
            }
        });
        let result = write(file);
        drop(finished);
        result
    })
}

/// Random characters in a temporary file's name: 62^12 names, drawn afresh if one is taken.
const RANDOM_CHARS: usize = 12;
const SUFFIX: &str = ".partial";

/// Writes `target` atomically (see the module's rules) with what `write` writes into the
/// temporary file, and returns the size of the file written. An I/O error from `write` is a
/// failure to write the target and is named so. Exports of a register go through
/// [`super::save`], which refuses the register itself before coming here.
pub fn write_atomically(target: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<u64> {
    let cannot = |source: io::Error| Error::Write { path: target.to_path_buf(), source };
    let name =
        target.file_name().ok_or_else(|| Error::BadArgument(format!("{} is not a file name", target.display())))?;
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // Only an ordinary file (or a symlink, itself replaced) is replaced: the rename would put
    // the document in place of a device, a FIFO or a socket, and cannot replace a directory.
    if let Ok(there) = std::fs::symlink_metadata(target) {
        if !there.file_type().is_symlink() {
            if let Some(kind) = super::read::not_a_file(&there.file_type()) {
                return Err(Error::NotAFileToWrite { path: target.to_path_buf(), kind });
            }
        }
    }

    remove_dead_partials(dir, name);
    // Followed if the target is a symlink: the permissions of the file it names.
    let replaced = std::fs::metadata(target).ok();
    let mut temp = create_locked(dir, name, replaced.is_some()).map_err(cannot)?;
    // From here on, dropping `temp` (an error, a panic in `write`) removes the file.
    with_early_writeback(temp.as_file_mut(), write).map_err(|e| match e {
        Error::Io { source, .. } => cannot(source),
        other => other,
    })?;
    give_permissions(temp.as_file(), replaced.as_ref()).map_err(cannot)?;
    temp.as_file().sync_all().map_err(cannot)?;
    let bytes = temp.as_file().metadata().map_err(cannot)?.len();
    // A failed rename hands the file back in the error, whose drop removes it.
    let file = temp.persist(target).map_err(|e| cannot(e.error))?;
    sync_directory(dir).map_err(cannot)?;
    // Closing the file releases its lock, now that it is the target.
    drop(file);
    Ok(bytes)
}

fn prefix_of(name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    prefix
}

/// Creates the file `path` exclusively (`O_CREAT | O_EXCL`): anything already there, a
/// symlink included, makes it fail, and nothing is followed. On unix a new target gets 0666,
/// less the umask as for any file created (tempfile's own default would be 0600); a
/// replacement starts private and gets the replaced file's mode once written.
fn create_exclusive(path: &Path, replaces: bool) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if replaces { 0o600 } else { 0o666 });
    }
    #[cfg(not(unix))]
    let _ = replaces;
    options.open(path)
}

/// Creates the temporary file beside the target (`.NAME.` + random letters and digits +
/// `.partial`, another name drawn while one is taken) and takes its lock. Between the creation
/// and the lock, a concurrent writer of the same target may take the new file for a dead one
/// and remove it: then the path no longer names the file locked, and a new one is made.
fn create_locked(dir: &Path, name: &OsStr, replaces: bool) -> io::Result<NamedTempFile> {
    let prefix = prefix_of(name);
    let mut attempts = 0;
    loop {
        attempts += 1;
        // `make_in`, not `tempfile_in`: the file is created here, and a failure's message is
        // the system's alone, without the temporary file's name that tempfile would add.
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(SUFFIX)
            .rand_bytes(RANDOM_CHARS)
            .make_in(dir, |path| create_exclusive(path, replaces))?;
        match temp.as_file().try_lock() {
            Ok(()) => {}
            // Locked by a concurrent remover of dead partial files (see above): it removes it.
            Err(std::fs::TryLockError::WouldBlock) if attempts < 5 => continue,
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(io::ErrorKind::WouldBlock, "another program is writing this file"))
            }
            // A filesystem without locks: no remover can lock the file either, so it is safe.
            Err(std::fs::TryLockError::Error(_)) => return Ok(temp),
        }
        if still_in_place(&temp)? || attempts >= 5 {
            return Ok(temp);
        }
    }
}

fn still_in_place(temp: &NamedTempFile) -> io::Result<bool> {
    let by_path = match same_file::Handle::from_path(temp.path()) {
        Ok(handle) => handle,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(by_path == same_file::Handle::from_file(temp.as_file().try_clone()?)?)
}

/// Whether `file_name` is a temporary file of [`write_atomically`] for the target `name`.
fn is_partial_of(file_name: &OsStr, name: &OsStr) -> bool {
    let prefix = prefix_of(name);
    let file_name = file_name.as_encoded_bytes();
    file_name
        .strip_prefix(prefix.as_encoded_bytes())
        .and_then(|rest| rest.strip_suffix(SUFFIX.as_bytes()))
        .is_some_and(|random| random.len() == RANDOM_CHARS && random.iter().all(u8::is_ascii_alphanumeric))
}

/// Removes the partial files of `name` in `dir` whose writer is dead: those whose lock can be
/// taken. Best effort: anything that cannot be listed, opened or locked is left alone, and so is
/// anything but a plain file (a symlink under such a name was not made by us).
fn remove_dead_partials(dir: &Path, name: &OsStr) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if !is_partial_of(&entry.file_name(), name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = super::read::open_for_reading(&path) else { continue };
        if file.try_lock().is_ok() {
            // Removed while locked, so no writer can take it in between.
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn give_permissions(file: &File, replaced: Option<&std::fs::Metadata>) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match replaced {
        // The permission bits only: never a set-user-id bit onto a document.
        Some(old) => file.set_permissions(std::fs::Permissions::from_mode(old.permissions().mode() & 0o777)),
        None => Ok(()),
    }
}

#[cfg(not(unix))]
fn give_permissions(_file: &File, _replaced: Option<&std::fs::Metadata>) -> io::Result<()> {
    // Windows: the file has the ACL it inherited from its directory, as any new file there (a
    // replaced file's own ACL is not copied); the one permission bit, read-only, would make
    // the replacement fail anyway.
    Ok(())
}

/// The rename is in the directory: fsync it so the new name survives a power cut. Some
/// filesystems cannot sync a directory (EINVAL); they are taken as they are.
#[cfg(unix)]
fn sync_directory(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_directory(_dir: &Path) -> io::Result<()> {
    // Windows has no directory handle to flush; NTFS journals the rename itself.
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn partial_names_are_recognised_exactly() {
        let name = OsStr::new("backup.json");
        assert!(is_partial_of(OsStr::new(".backup.json.Ab3dEf9hIj0K.partial"), name));
        assert!(!is_partial_of(OsStr::new(".backup.json.Ab3dEf9hIj0.partial"), name), "too short");
        assert!(!is_partial_of(OsStr::new(".backup.json.x.Ab3dEf9hIj0K.partial"), name), "another target");
        assert!(!is_partial_of(OsStr::new(".backup.json.partial-1234"), name), "the old scheme");
        assert!(!is_partial_of(OsStr::new("backup.json"), name));
    }

    #[test]
    fn a_temporary_file_is_created_exclusively_and_a_planted_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir.path().join(".out.json.Ab3dEf9hIj0K.partial");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        #[cfg(not(unix))]
        std::fs::write(&planted, "planted").unwrap();
        for replaces in [false, true] {
            let made = create_exclusive(&planted, replaces);
            assert_eq!(made.unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        }
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[test]
    fn a_dead_writers_partial_file_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let name = OsStr::new("out.json");
        let dead = dir.path().join(".out.json.Ab3dEf9hIj0K.partial");
        let live = dir.path().join(".out.json.Zz3dEf9hIj0K.partial");
        let other = dir.path().join(".other.json.Ab3dEf9hIj0K.partial");
        for path in [&dead, &live, &other] {
            std::fs::write(path, "half").unwrap();
        }
        let writer = std::fs::File::open(&live).unwrap();
        writer.try_lock().unwrap();
        remove_dead_partials(dir.path(), name);
        assert!(!dead.exists());
        assert!(live.exists(), "its writer holds the lock");
        assert!(other.exists(), "another target's");
    }
}
