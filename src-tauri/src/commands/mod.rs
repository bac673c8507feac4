//! The commands the webview invokes (`src-tauri/IPC.md`). Each is thin: take the
//! arguments, read the clock if the core needs it, call the core, let the error become a
//! `Problem`. They are async so they run off the main thread.

use std::path::PathBuf;
use std::sync::Mutex;

use code_register::files::{self, BackupSummary, Progress};
use code_register::model::{parse_document, ActionStatus, Code, Meeting, Organisation, Person};
use code_register::store::{
    ActionFilter, ActionPage, CodeOverview, Directory, HomeView, ImportSummary, MeetingFilter, MeetingPage,
    RegisterInfo, SearchHit, Settings, Timeline,
};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{DesktopError, Result};
use crate::state::Register;
use code_register::Clock;

/// Where the native menu's choices go: the channel the webview opened with `listen_menu`.
#[derive(Default)]
pub struct MenuChannel(pub Mutex<Option<Channel<String>>>);

fn parse_date(text: &str) -> Result<chrono::NaiveDate> {
    code_register::time::parse_date(text).map_err(|m| DesktopError::Core(code_register::Error::invalid("date", m)))
}

#[tauri::command]
pub async fn register_info(register: State<'_, Register>) -> Result<RegisterInfo> {
    register.with(|s| s.info())
}

#[tauri::command]
pub async fn home(register: State<'_, Register>) -> Result<HomeView> {
    let now = Clock::system();
    register.with(|s| s.home(now.today))
}

#[tauri::command]
pub async fn list_meetings(register: State<'_, Register>, query: MeetingFilter) -> Result<MeetingPage> {
    register.with(|s| s.meetings_with_total(&query))
}

#[tauri::command]
pub async fn search(register: State<'_, Register>, text: String, limit: u32) -> Result<Vec<SearchHit>> {
    register.with(|s| s.search(&text, limit))
}

#[tauri::command]
pub async fn get_meeting(register: State<'_, Register>, key: String) -> Result<Meeting> {
    register.with(|s| s.meeting(&key))
}

#[tauri::command]
pub async fn draft_meeting(register: State<'_, Register>) -> Result<Meeting> {
    let now = Clock::system();
    register.with(|s| s.draft_meeting(now.today))
}

#[tauri::command]
pub async fn save_meeting(register: State<'_, Register>, meeting: Meeting) -> Result<Meeting> {
    register.with(|s| s.save_meeting(meeting))
}

#[tauri::command]
pub async fn delete_meeting(register: State<'_, Register>, key: String) -> Result<()> {
    register.with(|s| s.delete_meeting(&key))
}

#[tauri::command]
pub async fn list_actions(register: State<'_, Register>, query: ActionFilter) -> Result<ActionPage> {
    let now = Clock::system();
    register.with(|s| s.actions_with_total(&query, now.today))
}

#[tauri::command]
pub async fn set_action_status(register: State<'_, Register>, key: String, status: ActionStatus) -> Result<()> {
    register.with(|s| s.set_action_status(&key, status))
}

#[tauri::command]
pub async fn add_follow_up(
    register: State<'_, Register>,
    key: String,
    text: String,
    date: Option<String>,
) -> Result<()> {
    let date = match date.as_deref() {
        Some(d) if !d.is_empty() => parse_date(d)?,
        _ => Clock::system().today,
    };
    register.with(|s| s.add_follow_up(&key, date, &text))
}

#[tauri::command]
pub async fn schedule_follow_up(register: State<'_, Register>, key: String) -> Result<String> {
    let now = Clock::system();
    register.with(|s| s.schedule_follow_up(&key, now.today))
}

#[tauri::command]
pub async fn directory(register: State<'_, Register>) -> Result<Directory> {
    register.with(|s| s.directory())
}

#[tauri::command]
pub async fn save_organisation(register: State<'_, Register>, organisation: Organisation) -> Result<Organisation> {
    register.with(|s| s.save_organisation(organisation))
}

#[tauri::command]
pub async fn save_person(register: State<'_, Register>, person: Person) -> Result<Person> {
    register.with(|s| s.save_person(person))
}

#[tauri::command]
pub async fn timeline(register: State<'_, Register>, key: String) -> Result<Timeline> {
    let now = Clock::system();
    register.with(|s| s.timeline(&key, now.today))
}

/// The Codes themselves, for pickers and names; cheap, unlike `codes_overview`.
#[tauri::command]
pub async fn codes(register: State<'_, Register>) -> Result<Vec<Code>> {
    register.with(|s| s.codes())
}

#[tauri::command]
pub async fn codes_overview(register: State<'_, Register>) -> Result<Vec<CodeOverview>> {
    let now = Clock::system();
    register.with(|s| s.codes_overview(now.now))
}

#[tauri::command]
pub async fn get_settings(register: State<'_, Register>) -> Result<Settings> {
    register.with(|s| s.settings())
}

#[tauri::command]
pub async fn save_settings(register: State<'_, Register>, settings: Settings) -> Result<Settings> {
    register.with(|s| s.save_settings(settings))
}

#[tauri::command]
pub async fn import_register_file(
    register: State<'_, Register>,
    path: PathBuf,
    progress: Channel<Progress>,
) -> Result<ImportSummary> {
    // A progress message the webview did not take is no reason to fail the import.
    register.with(|s| files::import_file(s, &path, |p| drop(progress.send(p))))
}

#[tauri::command]
pub async fn backup_register_file(register: State<'_, Register>, path: PathBuf) -> Result<BackupSummary> {
    let now = Clock::system();
    register.with(|s| files::backup_to(s, &path, &now.stamp()))
}

#[tauri::command]
pub async fn load_sample_register(register: State<'_, Register>) -> Result<ImportSummary> {
    let doc = parse_document(code_register::sample::SEED)?;
    register.with(|s| s.import(doc))
}

#[tauri::command]
pub async fn listen_menu(menu: State<'_, MenuChannel>, channel: Channel<String>) -> Result<()> {
    let mut slot = menu.0.lock().map_err(|_| DesktopError::Desktop("menu channel unavailable".into()))?;
    *slot = Some(channel);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ui_invokes_only_commands_the_app_has() {
        let api = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/api.ts"))
            .expect("ui/src/lib/api.ts");
        let mut invoked = Vec::new();
        for part in api.split("invoke").skip(1) {
            // invoke<T>("name", ...) or invoke("name", ...)
            let after = part.trim_start_matches(|c: char| c != '(' && c != '"').trim_start_matches('(');
            if let Some(rest) = after.trim_start().strip_prefix('"') {
                if let Some(end) = rest.find('"') {
                    invoked.push(rest[..end].to_string());
                }
            }
        }
        assert!(invoked.len() >= 20, "api.ts invokes the app's commands ({invoked:?})");
        for name in &invoked {
            assert!(crate::command_names::ALL.contains(&name.as_str()), "api.ts invokes unknown command {name}");
        }
        for name in crate::command_names::ALL {
            assert!(invoked.iter().any(|n| n == name), "command {name} is not reachable from api.ts");
        }
    }

    #[test]
    fn the_capability_grants_exactly_the_app_commands_and_the_two_dialogs() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json"))
            .expect("capabilities/main.json");
        let capability: serde_json::Value = serde_json::from_str(&text).expect("capabilities/main.json is JSON");
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .expect("a list of permissions")
            .iter()
            .map(|p| p.as_str().expect("permissions by name").to_string())
            .collect();
        granted.sort();
        let mut wanted: Vec<String> =
            crate::command_names::ALL.iter().map(|name| format!("allow-{}", name.replace('_', "-"))).collect();
        wanted.extend(["dialog:allow-open".to_string(), "dialog:allow-save".to_string()]);
        wanted.sort();
        assert_eq!(granted, wanted);
    }
}
