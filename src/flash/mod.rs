//! The meeting flash: the officer's report to the Commissioner's cabinet after a meeting.
//!
//! One composer ([`compose()`]) turns a meeting, the names it needs and the settings into a
//! [`Flash`]: header, title, date, participants, objective, points, next steps, signature;
//! `redacted` makes the release version (names of people not public and restricted points
//! withheld, [`redact`]). Everything else renders that structure: [`text`] (the CLI's `--text`
//! and the window's text view), [`pdf`] (through the typesetter, [`crate::pdf`]), [`eml`] (the
//! e-mail draft with the PDF attached), [`preview`] (a picture of a page, drawn from the PDF's
//! own bytes).

pub mod compose;
pub mod eml;
pub mod pdf;
pub mod preview;
pub mod redact;
pub mod text;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

pub use compose::{
    compose, Addressee, Flash, FlashFigures, FlashMetadata, FlashPoint, MailHeader, Names, NextStep, Participants,
};
pub use redact::REDACTED;

use crate::error::Result;
use crate::model::{Attendance, Meeting, Unit};
use crate::monitoring::{shown, view};
use crate::store::{MeetingSave, Store};

/// Every name the flash of a meeting may need, from the register: all people (the release
/// version looks for every name not public in the text), organisations and Codes.
pub fn names(store: &Store) -> Result<Names> {
    Ok(Names::new(store.people()?, store.organisations()?, store.codes()?))
}

/// The flash of a meeting being edited: the meeting with the people and organisations created
/// for it and not saved yet (`save`), named from the register.
pub fn of_edited(store: &Store, save: &MeetingSave, redacted: bool) -> Result<Flash> {
    let names = names(store)?.with(save.new_people.clone(), save.new_organisations.clone());
    let mut flash = compose(&save.meeting, &names, &store.settings()?, redacted);
    flash.figures = figures(store, &save.meeting)?;
    Ok(flash)
}

/// The flash of the stored meeting `key`.
pub fn of_stored(store: &Store, key: &str, redacted: bool) -> Result<(Meeting, Flash)> {
    let meeting = store.meeting(key)?;
    let mut flash = compose(&meeting, &names(store)?, &store.settings()?, redacted);
    flash.figures = figures(store, &meeting)?;
    Ok((meeting, flash))
}

/// The figures of the exercises `meeting` names, for the organisations present (neither absent
/// nor excused; a person stands for their organisation), as the flash's tables. The figures
/// are published ones: the release version has them too.
pub fn figures(store: &Store, meeting: &Meeting) -> Result<Vec<FlashFigures>> {
    if meeting.exercises.is_empty() {
        return Ok(Vec::new());
    }
    let present =
        meeting.participants.iter().filter(|p| !matches!(p.attendance, Attendance::Absent | Attendance::Excused));
    let (mut organisations, mut people) = (Vec::new(), Vec::new());
    for p in present {
        match (&p.person, &p.organisation) {
            (Some(person), _) => people.push(person.clone()),
            (None, Some(org)) => organisations.push(org.clone()),
            (None, None) => {}
        }
    }
    let figures = view::meeting_figures(store, &meeting.exercises, &organisations, &people)?;
    Ok(figures
        .into_iter()
        .map(|f| {
            let mut header = vec!["Organisation".to_string()];
            header.extend(f.indicators.iter().map(|i| i.label.clone()));
            let rows = f
                .rows
                .iter()
                .map(|row| {
                    let mut line = vec![row.name.clone()];
                    line.extend(row.cells.iter().zip(&f.indicators).map(|(cell, ind)| match cell.value {
                        None => "–".to_string(),
                        Some(value) => match cell.change {
                            Some(change) if change != 0.0 => {
                                // A hyphen-minus: the embedded Noto Sans has no U+2212.
                                let sign = if change > 0.0 { "+" } else { "-" };
                                let amount = match ind.unit {
                                    Unit::Percent => format!("{} pp", change.abs()),
                                    Unit::Count => shown(change.abs(), ind.unit),
                                };
                                format!("{} ({sign}{amount})", shown(value, ind.unit))
                            }
                            _ => shown(value, ind.unit),
                        },
                    }));
                    line
                })
                .collect();
            FlashFigures { title: format!("Figures of the {}", f.title), header, rows }
        })
        .collect())
}

/// The name a flash's file is offered under: `flash-2021-06-24-it-companies.pdf`, and
/// `flash-…-release.pdf` for the release version.
pub fn file_name(flash: &Flash, extension: &str) -> String {
    let key: String = flash
        .meeting
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '-' })
        .collect();
    let key = if key.is_empty() { "meeting".to_string() } else { key };
    let version = if flash.redacted { "-release" } else { "" };
    format!("flash-{key}{version}.{extension}")
}

/// The PDF of a flash and what the officer should know about it.
pub struct Typeset {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The typesetter's warnings (characters no font shows…), one line each.
    pub warnings: Vec<String>,
}

/// Typesets `flash`, created at `created`.
pub fn typeset(flash: &Flash, created: DateTime<Utc>) -> Result<Typeset> {
    let pdf = pdf::render(flash, created)?;
    Ok(Typeset { bytes: pdf.bytes, pages: pdf.pages, warnings: pdf.warnings.iter().map(|w| w.to_string()).collect() })
}

/// The e-mail draft of `flash`: the PDF typeset and attached.
pub fn email(flash: &Flash, created: DateTime<Utc>) -> Result<(Vec<u8>, Typeset)> {
    let typeset = typeset(flash, created)?;
    let bytes = eml::render(flash, &typeset.bytes, &file_name(flash, "pdf"), created)?;
    Ok((bytes, typeset))
}

/// What the window's Flash section shows: the composed flash (its structure and its text,
/// from the same composer as every other output) and a picture of one page of its PDF.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlashView {
    pub flash: Flash,
    /// The flash as text ([`text::render`]), as `code-register flash --text` prints it.
    pub text: String,
    /// How many pages the PDF has.
    pub pages: u32,
    /// The page pictured (1-based), within `pages`.
    pub page: u32,
    /// That page as a PNG, drawn from the PDF's bytes: `data:image/png;base64,…`.
    pub image: String,
    /// Its size in pixels.
    pub width: u32,
    pub height: u32,
    /// The typesetter's warnings (a character no font shows…).
    pub warnings: Vec<String>,
}

/// The window's view of the flash of a meeting being edited: `page` of its PDF pictured.
pub fn view(store: &Store, save: &MeetingSave, redacted: bool, page: u32, created: DateTime<Utc>) -> Result<FlashView> {
    let flash = of_edited(store, save, redacted)?;
    let typeset = typeset(&flash, created)?;
    let pages = u32::try_from(typeset.pages).unwrap_or(u32::MAX).max(1);
    let page = page.clamp(1, pages);
    let picture = preview::page_png(&typeset.bytes, page as usize, preview::PREVIEW_DPI)?;
    Ok(FlashView {
        text: text::render(&flash),
        flash,
        pages,
        page,
        image: format!("data:image/png;base64,{}", preview::base64(&picture.png)),
        width: picture.width,
        height: picture.height,
        warnings: typeset.warnings,
    })
}

/// A flash file the window wrote: the PDF saved, or the e-mail draft handed to the mail
/// program.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlashSaved {
    /// Where it was written.
    pub path: String,
    pub pages: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// For an e-mail draft: whether the system's mail program was asked to open it (when not,
    /// `notes` say why; the file is there all the same).
    pub opened: bool,
    /// What the officer should know: people who cannot be addressed, characters no font shows,
    /// a mail program that could not be started.
    pub notes: Vec<String>,
}
