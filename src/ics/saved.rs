//! What the desktop's calendar commands answer: a calendar file saved, an invitation or a
//! cancellation sent, and the outcome of a file dropped on the window. The files themselves are
//! written through [`crate::files::save`] (atomic, never over the register).

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::export::Written;
use super::import::Report;
use super::invite::InviteSummary;
use crate::error::{Problem, Result};
use crate::files;
use crate::model::Meeting;

/// A calendar file written where the user chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarSaved {
    pub path: String,
    /// Meetings (or actions) in it.
    pub count: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// An invitation or a cancellation: saved, recorded with the meeting, handed to the system's
/// calendar or mail program.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarSent {
    pub summary: InviteSummary,
    /// Where the .ics file was saved.
    pub path: String,
    /// A program took the file; when none did, `notes` says so and where the file is.
    pub opened: bool,
    pub notes: Vec<String>,
    /// The meeting as stored now (its invitation; cancelled after a cancellation).
    pub meeting: Meeting,
}

/// What became of a file dropped on the window: its name, and the import's report or why it
/// was refused.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDrop {
    pub file: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// Writes `text` to `path` through [`files::save`]: never over `register`, never half-written.
pub fn save_text(register: &Path, path: &Path, text: &str) -> Result<u64> {
    files::save_bytes(register, path, text.as_bytes())
}

/// Writes a calendar to `path` and says what was written.
pub fn save_calendar(register: &Path, path: &Path, written: &Written) -> Result<CalendarSaved> {
    let bytes = save_text(register, path, &written.ics)?;
    Ok(CalendarSaved {
        path: path.display().to_string(),
        count: u32::try_from(written.count).unwrap_or(u32::MAX),
        bytes,
    })
}
