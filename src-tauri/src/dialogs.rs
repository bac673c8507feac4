//! The native file dialogs, opened by the commands that read or write a file. The user
//! chooses, Rust gets the path; the webview neither names nor sees one (the capability grants
//! none of the dialog plugin's commands).
//!
//! A dialog blocks the thread that shows it until the user answers, so it waits on Tauri's
//! blocking pool, never on the main thread nor on a worker the other commands need.

use std::path::PathBuf;

use chrono::NaiveDate;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::{DesktopError, Result};

/// The title of the dialog that chooses a register file to import.
pub const IMPORT_TITLE: &str = "Import register";
/// The title of the dialog that chooses where to save a backup.
pub const BACKUP_TITLE: &str = "Save backup";
const REGISTER_FILES: &str = "Code Register file (JSON)";

/// The kind of file a dialog offers: the filter's name and its extensions.
pub type Kind<'a> = (&'a str, &'a [&'a str]);

/// A register file to import; `None` when the user cancels.
pub async fn choose_register_file<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    choose_to_open(app, IMPORT_TITLE, (REGISTER_FILES, &["json"])).await
}

/// Where to write a backup, offered under `backup_file_name(today)`; `None` when the user
/// cancels. The dialog asks before replacing an existing file.
pub async fn choose_backup_file<R: Runtime>(app: &AppHandle<R>, today: NaiveDate) -> Result<Option<PathBuf>> {
    choose_to_save(app, BACKUP_TITLE, (REGISTER_FILES, &["json"]), backup_file_name(today)).await
}

/// A file of `kind` to read; `None` when the user cancels.
pub async fn choose_to_open<R: Runtime>(app: &AppHandle<R>, title: &str, kind: Kind<'_>) -> Result<Option<PathBuf>> {
    let dialog = file_dialog(app, title, kind);
    answer(move || dialog.blocking_pick_file()).await
}

/// Where to save a file of `kind`, offered under `name`; `None` when the user cancels. The
/// dialog asks before replacing an existing file.
pub async fn choose_to_save<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    kind: Kind<'_>,
    name: String,
) -> Result<Option<PathBuf>> {
    let dialog = file_dialog(app, title, kind).set_file_name(name);
    answer(move || dialog.blocking_save_file()).await
}

/// The name a backup is offered under: `code-register-backup-2026-11-23.json`.
pub fn backup_file_name(today: NaiveDate) -> String {
    format!("code-register-backup-{}.json", today.format("%Y-%m-%d"))
}

fn file_dialog<R: Runtime>(app: &AppHandle<R>, title: &str, kind: Kind<'_>) -> FileDialogBuilder<R> {
    let mut dialog = app.dialog().file().set_title(title).add_filter(kind.0, kind.1);
    // The user's documents, else their home: not the folder the app happened to start in.
    let paths = app.path();
    if let Some(folder) = [paths.document_dir(), paths.home_dir()].into_iter().flatten().find(|d| d.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    // As the dialog plugin's own commands do: the window is the dialog's parent on Windows and
    // macOS; GTK places its chooser itself.
    #[cfg(any(windows, target_os = "macos"))]
    let dialog = match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    };
    dialog
}

async fn answer(show: impl FnOnce() -> Option<FilePath> + Send + 'static) -> Result<Option<PathBuf>> {
    let chosen = tauri::async_runtime::spawn_blocking(show).await?;
    chosen
        .map(|file| {
            file.into_path().map_err(|e| DesktopError::Desktop(format!("the file chosen is not a local file ({e})")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_is_offered_under_the_date_of_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(backup_file_name(today), "code-register-backup-2026-11-23.json");
    }
}
