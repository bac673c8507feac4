//! The publication list: one row per held meeting in scope, in the columns the Commission's
//! register of meetings asks for, as a CSV file that Excel opens as it is (RFC 4180, UTF-8 with
//! a byte-order mark, CRLF line ends). Quoting is the `csv` crate's.
//!
//! Nothing a person not public is called appears in any cell: the Commission's people who are
//! not public are given by role only, and every text of the register passes the release
//! version's redaction (the flash's redactor, through [`Release`]).

use std::io::Write;

use serde::Serialize;
use ts_rs::TS;

use super::minutes::{minutes, Release};
use super::scope::{representatives, took_part, Parties};
use crate::error::{Error, Result};
use crate::model::{Meeting, OrgKind};

/// The columns, in their order.
pub const COLUMNS: [&str; 9] = [
    "Name of DG/Cabinet",
    "Name of EC representative",
    "Title of EC representative",
    "Date of meeting",
    "Location",
    "Name of interest representative",
    "Transparency register ID",
    "Subject of the meeting",
    "Minutes",
];

/// UTF-8's byte-order mark: what tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Separates the names of one cell.
pub const SEPARATOR: &str = "; ";

/// One row of the list, its cells in the order of [`COLUMNS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublicationRow {
    /// The meeting's key (not a column: for the window to link the row).
    pub meeting: String,
    pub dg_cabinet: String,
    /// The Commission's public representatives, by name.
    pub ec_names: String,
    /// Their titles, then those of the Commission's other participants (by role only).
    pub ec_titles: String,
    /// `DD/MM/YYYY`.
    pub date: String,
    pub location: String,
    /// The interest representatives, `; `-separated.
    pub representatives: String,
    /// Their register numbers, aligned with the names, empty where there is none.
    pub register_ids: String,
    pub subject: String,
    pub minutes: String,
}

impl PublicationRow {
    pub fn cells(&self) -> [&str; 9] {
        [
            &self.dg_cabinet,
            &self.ec_names,
            &self.ec_titles,
            &self.date,
            &self.location,
            &self.representatives,
            &self.register_ids,
            &self.subject,
            &self.minutes,
        ]
    }
}

/// A publication list written where the user chose (the desktop's answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublicationSaved {
    pub path: String,
    /// Meetings listed (rows below the header).
    pub meetings: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The first and last dates of the period (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
}

/// `24/06/2021` for a local time `2021-06-24T11:00` (the text as written when it is no date).
pub fn date_cell(start: &str) -> String {
    let day = start.get(..10).unwrap_or(start);
    // Turned round by hand once it reads as a date (chrono's patterns are read again on every
    // call, and this is done for every row).
    match crate::time::parse_date(day) {
        Ok(_) => [&day[8..10], "/", &day[5..7], "/", &day[..4]].concat(),
        Err(_) => day.to_string(),
    }
}

/// Whether `text` has a line break, a tab, a no-break space or two spaces in a row: one byte
/// pass (this is asked of two cells of every row).
fn has_blank_run(text: &str) -> bool {
    let mut before = 0u8;
    for &b in text.as_bytes() {
        // U+00A0 is C2 A0 in UTF-8.
        if matches!(b, b'\n' | b'\t' | b'\r') || (b == b' ' && before == b' ') || (b == 0xa0 && before == 0xc2) {
            return true;
        }
        before = b;
    }
    false
}

/// The row of a held meeting in scope. `dg_cabinet` is the setting of that name.
pub fn row(meeting: &Meeting, parties: &Parties, release: &Release, dg_cabinet: &str) -> PublicationRow {
    // The Commission's people who took part: the public ones by name (and title), first; the
    // others by their role only. A Commission service taking part without names is its name.
    let mut public: Vec<(String, String)> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for participant in meeting.participants.iter().filter(|p| took_part(p)) {
        let Some(org) = parties.party_of(participant) else { continue };
        if org.kind != OrgKind::Commission {
            continue;
        }
        let service = org.acronym.clone().unwrap_or_else(|| org.name.clone());
        match participant.person.as_deref().and_then(|k| parties.person(k)) {
            Some(person) => {
                let title = person.role.clone().filter(|r| !r.trim().is_empty()).unwrap_or(service);
                if person.public {
                    public.push((person.name.clone(), title));
                } else {
                    others.push(title);
                }
            }
            None if participant.person.is_none() => others.push(service),
            None => {}
        }
    }
    let ec_names = public.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(SEPARATOR);
    let ec_titles = public.iter().map(|(_, title)| title.clone()).chain(others).collect::<Vec<_>>().join(SEPARATOR);

    let representatives = representatives(&meeting.participants, parties);
    let names = representatives.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(SEPARATOR);
    let ids =
        representatives.iter().map(|r| r.register_id.as_deref().unwrap_or("")).collect::<Vec<_>>().join(SEPARATOR);

    // One line: runs of blanks (a line break, a tab) as one space.
    let single_line = |text: &str| -> String {
        let text = text.trim();
        if has_blank_run(text) {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            text.to_string()
        }
    };
    PublicationRow {
        meeting: meeting.key.clone(),
        dg_cabinet: release.text(dg_cabinet.trim()),
        ec_names: release.text(&ec_names),
        ec_titles: release.text(&ec_titles),
        date: date_cell(&meeting.start),
        location: release.text(&single_line(meeting.location.as_deref().unwrap_or(""))),
        representatives: release.text(&names),
        register_ids: ids,
        subject: release.text(&single_line(&meeting.title)),
        minutes: minutes(&meeting.points, parties, release),
    }
}

/// Writes the list: the byte-order mark and the header first, then the records made by
/// [`csv_records`]; RFC 4180 (fields quoted where they need it, CRLF line ends).
pub struct CsvWriter<W: Write> {
    out: W,
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::io("publication list", e),
        other => Error::io("publication list", std::io::Error::other(format!("{other:?}"))),
    }
}

/// The cell as Excel must show it: text. A cell that starts with `=`, `+`, `-` or `@` (or a
/// tab or line break before one) is a formula to Excel and to LibreOffice, which shows `#NAME?`
/// or runs it; such a cell gets a leading apostrophe, the usual mark of text there (OWASP's
/// advice for CSV injection). Only user text can start so: dates, ids and minutes cannot.
fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A csv writer to memory: CRLF line ends, `capacity` bytes reserved.
fn csv_writer(capacity: usize) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::with_capacity(capacity))
}

/// The bytes a csv writer made (it writes to memory: nothing can fail but its own flush).
fn made(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    writer.into_inner().map_err(|e| Error::io("publication list", std::io::Error::other(e.to_string())))
}

/// The records of `rows` alone (no mark, no header): a part of the list made where its rows
/// are, to be written after [`CsvWriter::new`]'s head.
pub fn csv_records(rows: &[PublicationRow]) -> Result<Vec<u8>> {
    // Sized once (cells, commas, the line's end, a few quotes): a month is a megabyte, and
    // growing it by doubling would touch twice the memory.
    let size: usize = rows.iter().map(|r| r.cells().iter().map(|c| c.len() + 3).sum::<usize>() + 2).sum();
    let mut writer = csv_writer(size);
    for row in rows {
        writer.write_record(row.cells().map(as_text).iter().map(|c| c.as_bytes())).map_err(csv_error)?;
    }
    made(writer)
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W) -> Result<CsvWriter<W>> {
        let mut head = csv_writer(0);
        head.write_record(COLUMNS).map_err(csv_error)?;
        let head = made(head)?;
        out.write_all(BOM).and_then(|()| out.write_all(&head)).map_err(|e| Error::io("publication list", e))?;
        Ok(CsvWriter { out })
    }

    /// Records made by [`csv_records`], written as they are.
    pub fn records(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|e| Error::io("publication list", e))
    }

    /// Flushes what is buffered; the list is whole.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io("publication list", e))
    }
}

#[cfg(test)]
mod tests {
    use super::{date_cell, has_blank_run};

    #[test]
    fn the_date_cell_is_day_month_year_or_the_text_as_it_was() {
        assert_eq!(date_cell("2021-06-24T11:00"), "24/06/2021");
        assert_eq!(date_cell("2024-02-29"), "29/02/2024");
        assert_eq!(date_cell("2021-02-30T10:00"), "2021-02-30");
        assert_eq!(date_cell("soon"), "soon");
    }

    #[test]
    fn blank_runs_are_breaks_tabs_no_break_spaces_and_double_spaces() {
        for text in ["a\nb", "a\tb", "a\rb", "a\u{a0}b", "a  b", "  "] {
            assert!(has_blank_run(text), "{text:?}");
        }
        // A lone space, and characters whose UTF-8 holds the byte C2 or A0 (© C2 A9, à C3 A0).
        for text in ["a b", "", "Bruxelles – Brussel", "© 2021", "Ġ à"] {
            assert!(!has_blank_run(text), "{text:?}");
        }
    }
}
