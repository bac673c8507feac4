//! Register files: importing one, writing a backup, loading the sample register. The file is
//! chosen in a native dialog that the command opens (`crate::dialogs`); the webview never
//! names a path. A dialog the user cancels answers `null`.

use code_register::files::{self, BackupSummary, Progress};
use code_register::model::parse_document;
use code_register::store::ImportSummary;
use code_register::Clock;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::dialogs;
use crate::error::Result;
use crate::state::Register;

/// Asks for a register file, then imports it all or nothing, telling `progress` each stage.
/// `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn import_register_file(
    app: AppHandle,
    register: State<'_, Register>,
    progress: Channel<Progress>,
) -> Result<Option<ImportSummary>> {
    let Some(path) = dialogs::choose_register_file(&app).await? else { return Ok(None) };
    // A progress message the webview did not take is no reason to fail the import.
    register.with(|s| files::import_file(s, &path, |p| drop(progress.send(p)))).map(Some)
}

/// Asks where to save a backup, then writes the whole register there (atomically).
/// `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn backup_register_file(app: AppHandle, register: State<'_, Register>) -> Result<Option<BackupSummary>> {
    let now = Clock::system();
    let Some(path) = dialogs::choose_backup_file(&app, now.today).await? else { return Ok(None) };
    register.with(|s| files::backup_to(s, &path, &now.stamp())).map(Some)
}

#[tauri::command]
pub async fn load_sample_register(register: State<'_, Register>) -> Result<ImportSummary> {
    let doc = parse_document(code_register::sample::SEED)?;
    register.with(|s| s.import(doc))
}
