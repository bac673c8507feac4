//! Transparency: the meetings waiting for publication, a meeting's scope and publication set
//! from the window, the editor's view of the meeting being edited, the publication list of a
//! period saved as CSV and an organisation's brief saved as PDF, each where the user chooses in
//! a native dialog. Every file goes through the core's file module (atomic, never over the
//! register).

use std::io::Write;
use std::path::{Path, PathBuf};

use code_register::brief::{self, BriefSaved};
use code_register::model::TransparencyScope;
use code_register::store::transparency::{MeetingTransparency, PendingPublication};
use code_register::store::MeetingSave;
use code_register::transparency::PublicationSaved;
use code_register::{files, Clock};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{DesktopError, Result};
use crate::state::Register;

/// The titles of the dialogs.
pub const EXPORT_TITLE: &str = "Export publication list";
pub const BRIEF_TITLE: &str = "Save brief";

/// Every meeting waiting for publication today, by due date (the latest first). On the reading
/// connection: the list reads the whole table of meetings and need not hold up a save.
#[tauri::command]
pub async fn transparency_pending(register: State<'_, Register>) -> Result<Vec<PendingPublication>> {
    let today = Clock::system().today;
    register.read(|s| s.transparency_pending(today))
}

/// The standing of the meeting being edited (unsaved edits included): suggested scope, the
/// scope set by hand, its deadline or publication, its interest representatives.
#[tauri::command]
pub async fn meeting_transparency(register: State<'_, Register>, save: MeetingSave) -> Result<MeetingTransparency> {
    let today = Clock::system().today;
    register.read(|s| s.edited_transparency(&save, today))
}

/// Sets the scope of the stored meeting `key` by hand (with its reason, required), or gives it
/// back to the rules (`scope` null, no reason).
#[tauri::command]
pub async fn set_transparency_scope(
    register: State<'_, Register>,
    key: String,
    scope: Option<TransparencyScope>,
    reason: Option<String>,
) -> Result<MeetingTransparency> {
    let today = Clock::system().today;
    register.with(|s| s.set_transparency_scope(&key, scope, reason.as_deref(), today))
}

/// Records that the stored meeting `key` was published on `on` (`YYYY-MM-DD`, not after today).
#[tauri::command]
pub async fn publish_meeting(register: State<'_, Register>, key: String, on: String) -> Result<MeetingTransparency> {
    let today = Clock::system().today;
    let on = date_of("transparency.published", &on)?;
    register.with(|s| s.publish_meeting(&key, on, today))
}

/// Takes the publication of meeting `key` back: it waits for publication again.
#[tauri::command]
pub async fn unpublish_meeting(register: State<'_, Register>, key: String) -> Result<MeetingTransparency> {
    let today = Clock::system().today;
    register.with(|s| s.unpublish_meeting(&key, today))
}

/// Asks where to save the publication list of `from` to `to` (local dates, both included), then
/// writes it as CSV. `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn export_publication(
    app: AppHandle,
    register: State<'_, Register>,
    from: String,
    to: String,
) -> Result<Option<PublicationSaved>> {
    let (first, last) = (date_of("from", &from)?, date_of("to", &to)?);
    if last < first {
        return Err(DesktopError::Core(code_register::Error::invalid(
            "to",
            format!("the period ends ({to}) before it starts ({from})"),
        )));
    }
    let name = format!("publication-list-{from}-to-{to}.csv");
    let Some(path) = choose(&app, EXPORT_TITLE, ("CSV (Excel)", "csv"), name).await? else { return Ok(None) };
    register
        .read(|s| {
            let dg = s.dg_cabinet()?;
            let mut meetings = 0;
            let bytes = files::save(s.path(), &path, |file| {
                meetings = s.write_publication(first, last, &dg, file)?;
                Ok(())
            })?;
            Ok(PublicationSaved {
                path: path.display().to_string(),
                meetings: u32::try_from(meetings).unwrap_or(u32::MAX),
                bytes,
                from,
                to,
            })
        })
        .map(Some)
}

/// Asks where to save the brief of organisation `key` (its whole history), then writes its PDF.
/// `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn save_brief(app: AppHandle, register: State<'_, Register>, key: String) -> Result<Option<BriefSaved>> {
    let now = Clock::system();
    let (made, pdf) = register.read(|s| {
        let made = brief::of_organisation(s, &key, None, now.today)?;
        let name = s.settings()?.name;
        let author = if name.trim().is_empty() { "Code Register".to_string() } else { name };
        let pdf = brief::typeset(&made, brief::metadata(&made, &author, now.now))?;
        Ok((made, pdf))
    })?;
    let Some(path) = choose(&app, BRIEF_TITLE, ("PDF", "pdf"), brief::file_name(&made)).await? else {
        return Ok(None);
    };
    let bytes = register.read(|s| write(s.path(), &path, &pdf.bytes))?;
    Ok(Some(BriefSaved {
        path: path.display().to_string(),
        pages: u32::try_from(pdf.pages).unwrap_or(u32::MAX),
        meetings: u32::try_from(made.meetings.len()).unwrap_or(u32::MAX),
        bytes,
        notes: pdf.warnings.iter().map(ToString::to_string).collect(),
    }))
}

/// A date argument, refused as an invalid `field` (the window shows it beside that field).
fn date_of(field: &str, text: &str) -> Result<chrono::NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DesktopError::Core(code_register::Error::invalid(field, "give a date (YYYY-MM-DD)")));
    }
    code_register::time::parse_date(text).map_err(|m| DesktopError::Core(code_register::Error::invalid(field, m)))
}

fn write(register: &Path, path: &Path, bytes: &[u8]) -> code_register::Result<u64> {
    files::save(register, path, |file| file.write_all(bytes).map_err(|e| code_register::Error::io(path, e)))
}

/// Where to save a file of `kind` (filter name, extension), offered under `name` in the user's
/// documents; `None` when the user cancels. The dialog asks before replacing a file. It waits on
/// the blocking pool, as the dialogs of `crate::dialogs` do.
async fn choose<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    kind: (&str, &str),
    name: String,
) -> Result<Option<PathBuf>> {
    let mut dialog = app.dialog().file().set_title(title).add_filter(kind.0, &[kind.1]).set_file_name(name);
    let paths = app.path();
    if let Some(folder) = [paths.document_dir(), paths.home_dir()].into_iter().flatten().find(|d| d.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    #[cfg(any(windows, target_os = "macos"))]
    let dialog = match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    };
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file()).await?;
    chosen
        .map(|file| {
            file.into_path().map_err(|e| DesktopError::Desktop(format!("the file chosen is not a local file ({e})")))
        })
        .transpose()
}
