//! The meeting flash of the editor's Flash section: its view (the text and a picture of a page
//! of its PDF, from the meeting being edited, unsaved edits included), the PDF saved where the
//! user chooses in a native dialog (internal or release version), and the e-mail draft handed
//! to the system's mail program. Every file goes through the core's file module (atomic, never
//! over the register).

use std::path::PathBuf;

use code_register::flash::{self, FlashSaved, FlashView};
use code_register::store::MeetingSave;
use code_register::{files, Clock};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::dialogs;
use crate::error::{DesktopError, Result};
use crate::state::Register;

/// The title of the dialog that saves the flash's PDF (the release version's says so).
pub const SAVE_PDF_TITLE: &str = "Save flash";
pub const SAVE_RELEASE_TITLE: &str = "Save release version";

/// The flash of the meeting being edited as the window shows it: its text and `page` (from 1)
/// of its PDF pictured.
#[tauri::command]
pub async fn flash_view(
    register: State<'_, Register>,
    save: MeetingSave,
    redacted: bool,
    page: u32,
) -> Result<FlashView> {
    let now = Clock::system();
    register.read(|s| flash::view(s, &save, redacted, page, now.now))
}

/// Asks where to save the flash's PDF (the release version when `redacted`), then writes it.
/// `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn save_flash_pdf(
    app: AppHandle,
    register: State<'_, Register>,
    save: MeetingSave,
    redacted: bool,
) -> Result<Option<FlashSaved>> {
    let now = Clock::system();
    let (flash, typeset) = register.read(|s| {
        let flash = flash::of_edited(s, &save, redacted)?;
        let typeset = flash::typeset(&flash, now.now)?;
        Ok((flash, typeset))
    })?;
    let title = if redacted { SAVE_RELEASE_TITLE } else { SAVE_PDF_TITLE };
    let Some(path) = choose_pdf(&app, title, flash::file_name(&flash, "pdf")).await? else { return Ok(None) };
    let bytes = register.read(|s| files::save_bytes(s.path(), &path, &typeset.bytes))?;
    Ok(Some(FlashSaved {
        path: path.display().to_string(),
        pages: u32::try_from(typeset.pages).unwrap_or(u32::MAX),
        bytes,
        opened: false,
        notes: typeset.warnings,
    }))
}

/// Writes the e-mail draft of the flash (the PDF attached) among the app's drafts, then asks
/// the system's mail program to open it.
#[tauri::command]
pub async fn open_flash_email(
    app: AppHandle,
    register: State<'_, Register>,
    save: MeetingSave,
    redacted: bool,
) -> Result<FlashSaved> {
    let now = Clock::system();
    let (flash, (eml, typeset)) = register.read(|s| {
        let flash = flash::of_edited(s, &save, redacted)?;
        let email = flash::email(&flash, now.now)?;
        Ok((flash, email))
    })?;
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| DesktopError::Desktop(format!("no folder for e-mail drafts ({e})")))?
        .join("e-mail drafts");
    std::fs::create_dir_all(&dir).map_err(|e| code_register::Error::io(&dir, e))?;
    let path = dir.join(flash::file_name(&flash, "eml"));
    let bytes = register.read(|s| files::save_bytes(s.path(), &path, &eml))?;
    let mut notes: Vec<String> = flash
        .without_email
        .iter()
        .map(|name| format!("{name} has no e-mail address: named in the body of the draft, not addressed"))
        .collect();
    notes.extend(typeset.warnings);
    let opened = match tauri_plugin_opener::open_path(&path, None::<&str>) {
        Ok(()) => true,
        Err(e) => {
            // As for an invitation (commands/calendar.rs): the launcher's words on the terminal.
            eprintln!("code-register-desktop: opening {}: {e}", path.display());
            notes.push(format!("No mail program could open the draft; it is saved at {}", path.display()));
            false
        }
    };
    Ok(FlashSaved {
        path: path.display().to_string(),
        pages: u32::try_from(typeset.pages).unwrap_or(u32::MAX),
        bytes,
        opened,
        notes,
    })
}

/// Where to save a PDF, offered under `name`; `None` when the user cancels.
async fn choose_pdf<R: Runtime>(app: &AppHandle<R>, title: &str, name: String) -> Result<Option<PathBuf>> {
    dialogs::choose_to_save(app, title, ("PDF", &["pdf"]), name).await
}
