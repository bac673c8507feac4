//! Reading a file the user chose: an ordinary file only, and no more than a cap.
//!
//! A FIFO or a device such as `/dev/zero` would block the reader or fill its memory, and a
//! directory is a mistake: each is refused with what it is, before anything is read and
//! without blocking. The file's type and size are checked on its metadata before opening it,
//! and again on the open file (the file read is the file checked, even if the name was
//! swapped meanwhile); on unix it is opened non-blocking, so even a FIFO swapped in between
//! does not wait for a writer. The read itself stops one byte past the cap, so a file that
//! grows while read is refused too.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// The largest register file (`code-register/1`) Code Register reads: 1 GB.
///
/// Measured: `export-json` of `demo --meetings 20000` is 66.5 MB (3.3 kB a meeting), so a
/// register of 100,000 meetings, the largest the app is built and benchmarked for, is about
/// 330 MB. Importing takes about four times the file's size in memory (277 MB at its peak for
/// those 66.5 MB), so the cap leaves three times that register's size while bounding the
/// memory an import can take at about 4 GB, which an office laptop still has.
pub const REGISTER_FILE_LIMIT: u64 = 1_000_000_000;

/// What [`read_capped`] says register files are, in its errors.
const REGISTER_FILES: &str = "register files";

/// Reads a register file to import: [`read_capped`] with [`REGISTER_FILE_LIMIT`].
pub fn read_register_file(path: &Path) -> Result<Vec<u8>> {
    read_capped(path, REGISTER_FILE_LIMIT, REGISTER_FILES)
}

/// Reads the whole of the ordinary file `path` if it holds at most `limit` bytes. `what` names
/// the kind of file in the errors, in the plural: `register files` gives
/// `/x/big.json is 1.2 GB; Code Register reads register files of up to 1 GB` and
/// `/dev/zero is a character device, not an ordinary file; …`.
pub fn read_capped(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let io_error = |e| Error::io(path, e);
    check(path, &std::fs::metadata(path).map_err(io_error)?, limit, what)?;
    let file = open_for_reading(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    check(path, &metadata, limit, what)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io_error)?;
    over_limit(path, &bytes, limit, what)?;
    Ok(bytes)
}

/// Reads `reader` (standard input, named `name` in the errors) to its end if it gives at most
/// `limit` bytes; refuses it as soon as it gives more.
pub fn read_capped_from(reader: impl Read, name: &str, limit: u64, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error::io(name, e))?;
    over_limit(Path::new(name), &bytes, limit, what)?;
    Ok(bytes)
}

fn over_limit(path: &Path, bytes: &[u8], limit: u64, what: &str) -> Result<()> {
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge { path: path.to_path_buf(), size: None, limit, what: what.to_string() });
    }
    Ok(())
}

fn check(path: &Path, metadata: &std::fs::Metadata, limit: u64, what: &str) -> Result<()> {
    if let Some(kind) = not_a_file(&metadata.file_type()) {
        return Err(Error::NotAFile { path: path.to_path_buf(), kind, what: what.to_string() });
    }
    if metadata.len() > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: Some(metadata.len()),
            limit,
            what: what.to_string(),
        });
    }
    Ok(())
}

/// What a file that is not an ordinary one is, in words; `None` for an ordinary file.
pub(super) fn not_a_file(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Opens `path` to read, on unix without blocking: opening a FIFO that has no writer returns
/// at once instead of waiting for one. Harmless on an ordinary file.
pub(crate) fn open_for_reading(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    options.open(path)
}

// `O_NONBLOCK`, whose value differs between systems. `libc` is not a dependency of the core,
// so the values are written here (as `libc` defines them); on a unix not listed the flag is
// left out, and the checks of the metadata before and after opening still refuse a FIFO.
#[cfg(all(
    any(target_os = "linux", target_os = "android"),
    not(any(
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        target_arch = "sparc",
        target_arch = "sparc64"
    ))
))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(
    any(target_os = "linux", target_os = "android"),
    any(target_arch = "mips", target_arch = "mips32r6", target_arch = "mips64", target_arch = "mips64r6")
))]
const O_NONBLOCK: i32 = 0o200;
#[cfg(all(any(target_os = "linux", target_os = "android"), any(target_arch = "sparc", target_arch = "sparc64")))]
const O_NONBLOCK: i32 = 0x4000;
#[cfg(any(
    target_vendor = "apple",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
))]
const O_NONBLOCK: i32 = 0x4;
#[cfg(all(
    unix,
    not(any(
        target_os = "linux",
        target_os = "android",
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    ))
))]
const O_NONBLOCK: i32 = 0;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// The flag's value is right for this system: a FIFO without a writer opens at once.
    #[cfg(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd"))]
    #[test]
    fn a_fifo_without_a_writer_opens_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let (sent, received) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let file = open_for_reading(&path).unwrap();
            sent.send(file.metadata().unwrap().file_type()).unwrap();
        });
        let opened = received.recv_timeout(std::time::Duration::from_secs(10));
        if opened.is_err() {
            // Let the blocked opener go before failing.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        assert_eq!(not_a_file(&opened.expect("opened without waiting for a writer")), Some("a FIFO (named pipe)"));
    }

    #[test]
    fn a_stream_over_the_cap_is_refused() {
        let err = read_capped_from(&b"0123456789"[..], "standard input", 9, "register files").unwrap_err();
        assert_eq!(
            err.to_string(),
            "standard input is over 9 bytes; Code Register reads register files of up to 9 bytes"
        );
        assert_eq!(read_capped_from(&b"0123456789"[..], "standard input", 10, "x").unwrap().len(), 10);
    }
}
