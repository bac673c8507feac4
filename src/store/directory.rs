//! The directory's timelines: for an organisation or a person, the meetings it took part
//! in, the points it made and the actions it owes.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use super::query::{ActionFilter, ActionRow, MeetingFilter, MeetingRow, SortOrder};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{Organisation, Person};

/// The most items of one list of a timeline.
const TIMELINE_LIMIT: u32 = 500;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Directory {
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
}

/// A point made by an organisation, with the meeting it was made at.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointMade {
    pub meeting: String,
    pub meeting_title: String,
    pub date: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub key: String,
    /// `organisation` or `person`.
    pub kind: String,
    pub name: String,
    /// Newest first.
    pub meetings: Vec<MeetingRow>,
    /// Newest first; an organisation's own points (a person's organisation speaks for them).
    pub points: Vec<PointMade>,
    /// Actions it owes (an organisation: its own and its people's), by due date.
    pub actions: Vec<ActionRow>,
}

impl Store {
    pub fn directory(&self) -> Result<Directory> {
        Ok(Directory { organisations: self.organisations()?, people: self.people()? })
    }

    pub fn timeline(&self, key: &str, today: NaiveDate) -> Result<Timeline> {
        let person: Option<String> = self
            .conn
            .prepare_cached("SELECT name FROM people WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        let organisation: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT id, name FROM organisations WHERE key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let base = MeetingFilter { order: SortOrder::Desc, limit: TIMELINE_LIMIT, ..MeetingFilter::default() };
        let (kind, name, meetings, speaker) = match (person, organisation) {
            (Some(name), _) => {
                ("person", name, self.meetings_page(&MeetingFilter { person: Some(key.into()), ..base })?, None)
            }
            (None, Some((id, name))) => (
                "organisation",
                name,
                self.meetings_page(&MeetingFilter { organisation: Some(key.into()), ..base })?,
                Some(id),
            ),
            (None, None) => return Err(Error::NotFound { what: "person or organisation", key: key.to_string() }),
        };
        // Points are recorded by party, not by person: a person's timeline has none of its own.
        let points = match speaker {
            Some(id) => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT m.key, m.title, substr(m.start_local, 1, 10), p.text FROM points p JOIN meetings m ON m.id = p.meeting_id
                     WHERE p.by_id = ?1 ORDER BY m.start_utc DESC, p.seq LIMIT ?2",
                )?;
                let rows = stmt.query_map(rusqlite::params![id, TIMELINE_LIMIT], |r| {
                    Ok(PointMade { meeting: r.get(0)?, meeting_title: r.get(1)?, date: r.get(2)?, text: r.get(3)? })
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            }
            None => Vec::new(),
        };
        let actions = self.actions_page(
            &ActionFilter { owner: Some(key.to_string()), limit: TIMELINE_LIMIT, ..ActionFilter::default() },
            today,
        )?;
        Ok(Timeline { key: key.to_string(), kind: kind.to_string(), name, meetings, points, actions })
    }
}
