//! Monitoring: the Codes with indicators to pick from, one indicator's table and line chart
//! (the core's SVG, with each point's place for the window's hover targets), and an
//! organisation's indicators for its timeline, and the figures of the exercises a meeting names
//! for the organisations present. Reads only, on the reading connection.

use code_register::files;
use code_register::monitoring::chart::{self, Format, Request};
use code_register::monitoring::view::{self, ExerciseFigures, MonitoringCode, MonitoringView, OrganisationIndicator};
use code_register::Error;
use tauri::{AppHandle, State};

use crate::dialogs::choose_to_save;

/// The title of the dialog that chooses where to save a chart.
pub const SAVE_CHART_TITLE: &str = "Save chart";

use crate::error::Result;
use crate::state::Register;

/// The Codes that have indicators, each with its indicators.
#[tauri::command]
pub async fn monitoring_codes(register: State<'_, Register>) -> Result<Vec<MonitoringCode>> {
    register.read(view::codes)
}

/// The table and chart of `indicator` of `code`: every organisation with a figure (or only
/// `organisations`) and the average; a line across the exercises, or `exercise`'s bars.
#[tauri::command]
pub async fn monitoring_view(
    register: State<'_, Register>,
    code: String,
    indicator: String,
    organisations: Vec<String>,
    exercise: Option<String>,
) -> Result<MonitoringView> {
    register.read(|s| view::view(s, &code, &indicator, &organisations, exercise.as_deref()))
}

/// Asks where to save the chart the Monitoring view shows, then draws it for that file: SVG or
/// PNG by the name's extension (vector for a document, pixels for a slide). The path saved, or
/// `None` when the user cancelled.
#[tauri::command]
pub async fn save_monitoring_chart(
    app: AppHandle,
    register: State<'_, Register>,
    code: String,
    indicator: String,
    organisations: Vec<String>,
    exercise: Option<String>,
) -> Result<Option<String>> {
    let name = match &exercise {
        Some(ex) => format!("{indicator}-{ex}.svg"),
        None => format!("{indicator}-{code}.svg"),
    };
    let Some(path) = choose_to_save(&app, SAVE_CHART_TITLE, ("Chart (SVG or PNG)", &["svg", "png"]), name).await?
    else {
        return Ok(None);
    };
    let Some(format) = Format::of_path(&path) else {
        return Err(Error::BadArgument(format!(
            "{} is not a .svg or .png file name: the chart is saved as one or the other",
            path.display()
        ))
        .into());
    };
    let request = Request { code, indicator, organisations, exercise };
    register.read(|s| {
        let drawn = chart::chart(s, &request, format)?;
        files::save_bytes(s.path(), &path, &drawn.bytes)?;
        Ok(Some(path.display().to_string()))
    })
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
