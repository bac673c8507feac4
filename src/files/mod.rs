//! Files on disk other than the register: importing a `code-register/1` file, writing a backup,
//! and the rules every file the core reads or writes follows. The desktop and the CLI both come
//! through here, so a file is read and written the same way by both.
//!
//! - **Writes** of anything made from a register (backups, and the coming .ics, PDF and CSV
//!   exports) go through [`save`]: it refuses the register's own file, a link to it and its
//!   SQLite companions ([`guard`]), then writes atomically ([`atomic`]): an exclusive temporary
//!   file with an unpredictable name beside the target, fsynced, given the replaced file's
//!   permissions, renamed over the target, the directory fsynced; removed on every failure,
//!   and the leftovers of a killed writer removed by the next write to the same target.
//! - **Reads** of a file the user chose go through [`read_capped`] ([`read`]): only an ordinary
//!   file (never a FIFO, a device or a directory, and without blocking on one), and no more
//!   than a cap named in the error. Register files are capped at [`REGISTER_FILE_LIMIT`].

pub mod atomic;
pub mod guard;
pub mod read;

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::parse_document;
use crate::store::{ImportSummary, Store};

pub use atomic::write_atomically;
pub use guard::{ensure_not_register, save, save_bytes};
pub use read::{read_capped, read_capped_from, read_register_file, REGISTER_FILE_LIMIT};

/// Where a long file operation is, for a progress indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// `reading`, `storing`, `done`.
    pub stage: String,
    /// The records the file holds, once read.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    pub path: String,
    pub meetings: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

fn progress(stage: &str, records: Option<u32>) -> Progress {
    Progress { stage: stage.to_string(), records }
}

/// Parses the bytes of the document named `name`; a document that is not JSON says which file.
pub fn parse_named(name: &Path, bytes: &[u8]) -> Result<crate::model::Document> {
    parse_document(bytes).map_err(|e| match e {
        Error::Malformed(m) => Error::Malformed(format!("{}: {m}", name.display())),
        other => other,
    })
}

/// Imports the document at `path`, all or nothing, telling `on_progress` where it is. The file
/// is read as [`read_register_file`] reads it: an ordinary file of at most
/// [`REGISTER_FILE_LIMIT`].
pub fn import_file(store: &mut Store, path: &Path, mut on_progress: impl FnMut(Progress)) -> Result<ImportSummary> {
    on_progress(progress("reading", None));
    let bytes = read_register_file(path)?;
    let doc = parse_named(path, &bytes)?;
    drop(bytes);
    let records = doc.codes.len() + doc.organisations.len() + doc.people.len() + doc.meetings.len();
    on_progress(progress("storing", Some(u32::try_from(records).unwrap_or(u32::MAX))));
    let summary = store.import(doc)?;
    on_progress(progress("done", Some(u32::try_from(records).unwrap_or(u32::MAX))));
    Ok(summary)
}

/// Writes the whole register to `path` as `code-register/1`, stamped `exported`, through
/// [`save`]: never over the register itself, never half-written.
pub fn backup_to(store: &Store, path: &Path, exported: &str) -> Result<BackupSummary> {
    let bytes = save(store.path(), path, |file| store.export(exported, file))?;
    let meetings = u32::try_from(store.counts()?.meetings).unwrap_or(u32::MAX);
    Ok(BackupSummary { path: path.display().to_string(), meetings, bytes })
}
