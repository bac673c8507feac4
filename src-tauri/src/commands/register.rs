//! The register itself: what it holds, the home view, the lists of meetings and actions,
//! search, and the meetings and actions as records.

use code_register::model::{ActionStatus, Code, Meeting};
use code_register::store::{
    ActionFilter, ActionPage, ActionRow, CodeOverview, HomeView, MeetingFilter, MeetingPage, MeetingSave, RegisterInfo,
    SearchHit,
};
use code_register::Clock;
use tauri::State;

use super::parse_date;
use crate::error::Result;
use crate::state::Register;

#[tauri::command]
pub async fn register_info(register: State<'_, Register>) -> Result<RegisterInfo> {
    register.with(|s| s.info())
}

#[tauri::command]
pub async fn home(register: State<'_, Register>) -> Result<HomeView> {
    let now = Clock::system();
    register.with(|s| s.home(now.today))
}

/// A page of meetings. A text filter is a search: it runs on the reading connection, so it
/// neither waits for nor holds up a save.
#[tauri::command]
pub async fn list_meetings(register: State<'_, Register>, query: MeetingFilter) -> Result<MeetingPage> {
    if query.text.is_some() {
        register.read(|s| s.meetings_with_total(&query))
    } else {
        register.with(|s| s.meetings_with_total(&query))
    }
}

/// Full-text search, on the reading connection (see `list_meetings`).
#[tauri::command]
pub async fn search(register: State<'_, Register>, text: String, limit: u32) -> Result<Vec<SearchHit>> {
    register.read(|s| s.search(&text, limit))
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

/// Stores a meeting with the people and organisations created for it in the editor (under
/// placeholder keys the meeting refers to): all of them, or none when anything is refused.
#[tauri::command]
pub async fn save_meeting(register: State<'_, Register>, save: MeetingSave) -> Result<Meeting> {
    register.with(|s| s.save_meeting_with(save))
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

/// The action `key` as the actions list shows it: the editor of a meeting that follows it up
/// names it by its title and meeting.
#[tauri::command]
pub async fn get_action(register: State<'_, Register>, key: String) -> Result<ActionRow> {
    let now = Clock::system();
    register.with(|s| s.action_row(&key, now.today))
}

/// An unsaved meeting that carries out action `key`, for the editor to open: nothing is stored
/// until it is saved (`save_meeting`).
#[tauri::command]
pub async fn draft_follow_up(register: State<'_, Register>, key: String) -> Result<Meeting> {
    let now = Clock::system();
    register.with(|s| s.draft_follow_up(&key, now.today))
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
