//! Register files on disk: importing a `code-register/1` file and writing a backup. The
//! desktop and the CLI both come through here, so a backup is written the same way by both.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::parse_document;
use crate::store::{ImportSummary, Store};

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

/// Imports the document at `path`, all or nothing, telling `on_progress` where it is.
pub fn import_file(store: &mut Store, path: &Path, mut on_progress: impl FnMut(Progress)) -> Result<ImportSummary> {
    on_progress(progress("reading", None));
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let doc = parse_named(path, &bytes)?;
    drop(bytes);
    let records = doc.codes.len() + doc.organisations.len() + doc.people.len() + doc.meetings.len();
    on_progress(progress("storing", Some(u32::try_from(records).unwrap_or(u32::MAX))));
    let summary = store.import(doc)?;
    on_progress(progress("done", Some(u32::try_from(records).unwrap_or(u32::MAX))));
    Ok(summary)
}

/// Writes the whole register to `path` as `code-register/1`, stamped `exported`.
pub fn backup_to(store: &Store, path: &Path, exported: &str) -> Result<BackupSummary> {
    write_atomically(path, |file| store.export(exported, file))?;
    let bytes = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    let meetings = u32::try_from(store.counts()?.meetings).unwrap_or(u32::MAX);
    Ok(BackupSummary { path: path.display().to_string(), meetings, bytes })
}

/// Writes through a temporary file beside `path` and renames it over `path`, so a reader
/// never sees half a file and a failure leaves the old one.
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| Error::BadArgument(format!("{} is not a file name", path.display())))?;
    let temp = dir.join(format!(".{}.partial-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        write(&mut file)?;
        file.sync_all().map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
