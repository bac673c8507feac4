//! Calendars: the Meetings view (with its filters) and the Actions view exported as .ics files
//! saved where the user chooses in a native dialog; a saved meeting's invitation and
//! cancellation, saved among the app's files and handed to the system's calendar or mail program
//! (tauri-plugin-opener's Rust side: the webview gets no permission of it); .ics files imported
//! from a native dialog or dropped on the window. A drop is handled here, in Rust
//! ([`window_event`]): the file is read and imported, and what came of it is sent over the
//! channel the page opened with `listen_calendar_drops`; the page never sees a path.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use code_register::error::Problem;
use code_register::ics::export;
use code_register::ics::import::{self, Options, Report};
use code_register::ics::invite;
use code_register::ics::saved::{save_calendar, save_text, CalendarDrop, CalendarSaved, CalendarSent};
use code_register::store::{ActionFilter, MeetingFilter};
use code_register::Clock;
use tauri::ipc::Channel;
use tauri::{AppHandle, DragDropEvent, Manager, Runtime, State, Window, WindowEvent};

use crate::dialogs;
use crate::error::{DesktopError, Result};
use crate::state::Register;

/// The titles of the dialogs.
pub const EXPORT_TITLE: &str = "Export calendar";
pub const ACTIONS_TITLE: &str = "Export actions";
pub const IMPORT_TITLE: &str = "Import calendar";
const CALENDAR_FILES: &str = "Calendar (.ics)";

/// Where dropped files' outcomes go: the channel the page opened with `listen_calendar_drops`.
#[derive(Default)]
pub struct DropChannel(pub Mutex<Option<Channel<CalendarDrop>>>);

async fn save_as<R: Runtime>(app: &AppHandle<R>, title: &str, name: String) -> Result<Option<PathBuf>> {
    dialogs::choose_to_save(app, title, (CALENDAR_FILES, &["ics"]), name).await
}

/// Asks where to save the calendar of the meetings `query` selects (the Meetings view's filters;
/// its page is ignored), then writes it. `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn export_calendar(
    app: AppHandle,
    register: State<'_, Register>,
    query: MeetingFilter,
) -> Result<Option<CalendarSaved>> {
    let now = Clock::system();
    let name = format!("code-register-meetings-{}.ics", now.today.format("%Y-%m-%d"));
    // Written before the dialog: nothing to export is said before a file is asked for.
    let written = register.read(|s| export::calendar(s, &query, now.now))?;
    let Some(path) = save_as(&app, EXPORT_TITLE, name).await? else { return Ok(None) };
    register.read(|s| save_calendar(s.path(), &path, &written)).map(Some)
}

/// Asks where to save the agreed actions `query` selects that have a due-by date (the Actions
/// view's filters), as tasks or, `asEvents`, as all-day events; then writes them.
#[tauri::command]
pub async fn export_actions(
    app: AppHandle,
    register: State<'_, Register>,
    query: ActionFilter,
    as_events: bool,
) -> Result<Option<CalendarSaved>> {
    let now = Clock::system();
    let name = format!("code-register-actions-{}.ics", now.today.format("%Y-%m-%d"));
    let written = register.read(|s| export::tasks(s, &query, as_events, now.now, now.today))?;
    let Some(path) = save_as(&app, ACTIONS_TITLE, name).await? else { return Ok(None) };
    register.read(|s| save_calendar(s.path(), &path, &written)).map(Some)
}

/// The folder the invitations sent are kept in.
fn sent_folder<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf> {
    let dir = app
        .path()
        .app_data_dir()
        .map_err(|e| DesktopError::Desktop(format!("no folder for the invitations sent ({e})")))?
        .join("invitations");
    std::fs::create_dir_all(&dir).map_err(|e| code_register::Error::io(&dir, e))?;
    Ok(dir)
}

async fn send<R: Runtime>(app: AppHandle<R>, register: &Register, key: String, cancel: bool) -> Result<CalendarSent> {
    let now = Clock::system();
    let dir = sent_folder(&app)?;
    let (summary, path, meeting) = register.with(|s| {
        let made = if cancel { invite::cancellation(s, &key, now.now)? } else { invite::invitation(s, &key, now.now)? };
        let what = if cancel { "cancellation" } else { "invitation" };
        let path = dir.join(format!("{}-{what}-{}.ics", made.summary.meeting, made.summary.sequence));
        // The file first: the register records what was sent once it exists.
        save_text(s.path(), &path, &made.ics)?;
        let meeting = made.record(s)?;
        Ok((made.summary, path, meeting))
    })?;
    let mut notes = Vec::new();
    let opened = open(&path, &mut notes);
    Ok(CalendarSent { summary, path: path.display().to_string(), opened, notes, meeting })
}

/// Hands `path` to the system's program for .ics files (Outlook, Thunderbird, Evolution…).
fn open(path: &Path, notes: &mut Vec<String>) -> bool {
    match tauri_plugin_opener::open_path(path, None::<&str>) {
        Ok(()) => true,
        Err(e) => {
            // The launcher's own words (an exit status) mean nothing to an officer: on the
            // terminal for whoever looks into it, the path and what to do in the window.
            eprintln!("code-register-desktop: opening {}: {e}", path.display());
            notes.push(format!(
                "No calendar or mail program could open the file; it is saved at {}: attach it to an e-mail, or open it in Outlook",
                path.display()
            ));
            false
        }
    }
}

/// Makes the invitation of the saved meeting `key` (SEQUENCE raised exactly when its time, place
/// or attendees changed since the last one), records it with the meeting, and opens it with the
/// system's calendar or mail program.
#[tauri::command]
pub async fn send_invitation(app: AppHandle, register: State<'_, Register>, key: String) -> Result<CalendarSent> {
    send(app, &register, key, false).await
}

/// The cancellation of the saved meeting `key` (same UID, SEQUENCE + 1): recorded, the meeting
/// marked cancelled, and opened as an invitation is.
#[tauri::command]
pub async fn send_cancellation(app: AppHandle, register: State<'_, Register>, key: String) -> Result<CalendarSent> {
    send(app, &register, key, true).await
}

fn import_path(register: &Register, path: &Path) -> Result<Report> {
    let today = Clock::system().today;
    register.with(|s| import::import_file(s, path, &Options::new(today)))
}

/// Asks for a calendar file (invitations, updates, replies, cancellations), then imports it all
/// or nothing. `None`: the user cancelled the dialog.
#[tauri::command]
pub async fn import_calendar_file(app: AppHandle, register: State<'_, Register>) -> Result<Option<Report>> {
    let Some(path) = dialogs::choose_to_open(&app, IMPORT_TITLE, (CALENDAR_FILES, &["ics"])).await? else {
        return Ok(None);
    };
    import_path(&register, &path).map(Some)
}

/// From now on, the outcome of each file dropped on the window arrives on `channel` (the
/// latest channel opened wins).
#[tauri::command]
pub async fn listen_calendar_drops(drops: State<'_, DropChannel>, channel: Channel<CalendarDrop>) -> Result<()> {
    let mut slot = drops.0.lock().map_err(|_| DesktopError::Desktop("drop channel unavailable".into()))?;
    *slot = Some(channel);
    Ok(())
}

/// The window's events: a file dropped on it is imported here, on the blocking pool (the import
/// reads the file and holds the register), and its outcome sent to the page.
pub fn window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event else { return };
    let app = window.app_handle().clone();
    let paths = paths.clone();
    drop(tauri::async_runtime::spawn_blocking(move || {
        for path in paths {
            let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().to_string());
            let outcome = if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics")) {
                Err(Problem::other(
                    "bad-argument",
                    format!("{file} is not a calendar file: drop an .ics file (an invitation, a reply, a calendar)"),
                ))
            } else {
                match app.try_state::<Register>() {
                    Some(register) => import_path(register.inner(), &path).map_err(|e| e.problem()),
                    None => Err(Problem::other("desktop", "no register is open")),
                }
            };
            let dropped = match outcome {
                Ok(report) => CalendarDrop { file, report: Some(report), problem: None },
                Err(problem) => CalendarDrop { file, report: None, problem: Some(problem) },
            };
            let Some(drops) = app.try_state::<DropChannel>() else { return };
            let Ok(slot) = drops.0.lock() else { return };
            if let Some(channel) = slot.as_ref() {
                // A page that has gone away has nobody to tell.
                let _ = channel.send(dropped);
            }
        }
    }));
}
