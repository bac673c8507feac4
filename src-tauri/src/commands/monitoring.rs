//! Monitoring: the Codes with indicators to pick from, one indicator's table and line chart
//! (the core's SVG, with each point's place for the window's hover targets), and an
//! organisation's indicators for its timeline, and the figures of the exercises a meeting names
//! for the organisations present. Reads only, on the reading connection.

use code_register::monitoring::view::{self, ExerciseFigures, MonitoringCode, MonitoringView, OrganisationIndicator};
use tauri::State;

use crate::error::Result;
use crate::state::Register;

/// The Codes that have indicators, each with its indicators.
#[tauri::command]
pub async fn monitoring_codes(register: State<'_, Register>) -> Result<Vec<MonitoringCode>> {
    register.read(view::codes)
}

/// The table and line chart of `indicator` of `code`: every organisation with a figure (or
/// only `organisations`) and the average.
#[tauri::command]
pub async fn monitoring_view(
    register: State<'_, Register>,
    code: String,
    indicator: String,
    organisations: Vec<String>,
) -> Result<MonitoringView> {
    register.read(|s| view::view(s, &code, &indicator, &organisations))
}

/// The indicators organisation `key` has figures of, each with its latest figure and a small
/// chart against the average (the Directory's timeline).
#[tauri::command]
pub async fn organisation_indicators(register: State<'_, Register>, key: String) -> Result<Vec<OrganisationIndicator>> {
    register.read(|s| view::organisation_indicators(s, &key))
}

/// The figures of the exercises a meeting names (`exercises`), for the organisations present:
/// `organisations` and those of `people` (the meeting being edited, unsaved edits included).
#[tauri::command]
pub async fn meeting_figures(
    register: State<'_, Register>,
    exercises: Vec<String>,
    organisations: Vec<String>,
    people: Vec<String>,
) -> Result<Vec<ExerciseFigures>> {
    register.read(|s| view::meeting_figures(s, &exercises, &organisations, &people))
}
