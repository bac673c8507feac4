//! Reads for calendar files (`crate::ics`): what a calendar shows of the meetings a filter
//! selects, read in a few statements whatever their number; the meetings that hold given
//! invitation UIDs; the people who have an e-mail address; whether a key is taken. Nothing
//! here writes: invitations and imports go in through [`Store::import`].

use std::collections::HashMap;

use rusqlite::{params_from_iter, OptionalExtension};

use super::keys::{row_id, KeySpace};
use super::query::{MeetingFilter, SortOrder};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{Invitation, MeetingStatus};

/// Keys looked up in one statement.
const CHUNK: usize = 500;

/// A meeting as a calendar shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarMeeting {
    pub key: String,
    pub title: String,
    /// Local times in `timezone`, as the format spells them.
    pub start: String,
    pub end: String,
    pub timezone: String,
    pub all_day: bool,
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub objective: Option<String>,
    /// The titles of its Codes (the short title when there is one), in the meeting's order.
    pub codes: Vec<String>,
    pub invitation: Option<Invitation>,
}

/// A person of the register with an e-mail address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonAddress {
    pub key: String,
    pub name: String,
    pub email: String,
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

fn invitation_column(text: Option<String>) -> Result<Option<Invitation>> {
    text.map(|t| serde_json::from_str(&t)).transpose().map_err(|e| Error::Malformed(format!("stored invitation: {e}")))
}

impl Store {
    /// Every meeting `filter` selects (its `limit`, `offset` and `order` are ignored), oldest
    /// first, as a calendar shows it.
    pub fn calendar_meetings(&self, filter: &MeetingFilter) -> Result<Vec<CalendarMeeting>> {
        let all = MeetingFilter { limit: u32::MAX, offset: 0, order: SortOrder::Asc, ..filter.clone() };
        let simple = MeetingFilter { from: None, to: None, code: None, ..all.clone() };
        if simple == (MeetingFilter { limit: u32::MAX, order: SortOrder::Asc, ..MeetingFilter::default() }) {
            return self.calendar_scan(filter);
        }
        let rows = self.meetings_page(&all)?;
        let titles: HashMap<String, String> = self
            .codes()?
            .into_iter()
            .map(|c| {
                let shown = c.short_title.unwrap_or(c.title);
                (c.key, shown)
            })
            .collect();
        // What the page does not carry: all-day, the objective, the invitation.
        let mut more: HashMap<String, (bool, Option<String>, Option<String>)> = HashMap::with_capacity(rows.len());
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "SELECT key, all_day, objective, invitation FROM meetings WHERE key IN ({})",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let found = stmt.query_map(params_from_iter(chunk.iter().map(|r| r.key.as_str())), |r| {
                Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
            })?;
            for row in found {
                let (key, values) = row?;
                more.insert(key, values);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let (all_day, objective, invitation) = more.remove(&row.key).unwrap_or((false, None, None));
            out.push(CalendarMeeting {
                codes: row.codes.iter().map(|k| titles.get(k).cloned().unwrap_or_else(|| k.clone())).collect(),
                key: row.key,
                title: row.title,
                start: row.start,
                end: row.end,
                timezone: row.timezone,
                all_day,
                location: row.location,
                status: row.status,
                objective,
                invitation: invitation_column(invitation)?,
            });
        }
        Ok(out)
    }

    /// What `calendar_meetings` reads for the filters a calendar export usually has (dates and
    /// a Code, or none): one pass over the meetings in date order, without the counts a page of
    /// the list computes, so the calendar of a whole register is a scan, not a lookup a meeting.
    fn calendar_scan(&self, f: &MeetingFilter) -> Result<Vec<CalendarMeeting>> {
        let titles: HashMap<i64, String> = {
            let mut stmt = self.conn.prepare_cached("SELECT id, COALESCE(short_title, title) FROM codes")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut conditions = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(from) = f.from {
            args.push(from.format("%Y-%m-%d").to_string().into());
            conditions.push(format!("m.start_local >= ?{}", args.len()));
        }
        if let Some(to) = f.to {
            let next = to.succ_opt().ok_or_else(|| Error::BadArgument(format!("date {to} is out of range")))?;
            args.push(next.format("%Y-%m-%d").to_string().into());
            conditions.push(format!("m.start_local < ?{}", args.len()));
        }
        if let Some(code) = &f.code {
            let id = row_id(&self.conn, KeySpace::Codes, code)?
                .ok_or_else(|| Error::NotFound { what: "code", key: code.clone() })?;
            args.push(id.into());
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM meeting_codes mc WHERE mc.meeting_id = m.id AND mc.code_id = ?{})",
                args.len()
            ));
        }
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let sql = format!(
            "SELECT m.key, m.title, m.start_local, m.end_local, m.timezone, m.all_day, m.location, m.status,
                    m.objective, m.invitation,
                    (SELECT group_concat(mc.code_id, ' ' ORDER BY mc.pos) FROM meeting_codes mc WHERE mc.meeting_id = m.id)
             FROM meetings m {filter} ORDER BY m.start_utc, m.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let status: String = r.get(7)?;
            let codes: Option<String> = r.get(10)?;
            Ok((
                CalendarMeeting {
                    key: r.get(0)?,
                    title: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    timezone: r.get(4)?,
                    all_day: r.get(5)?,
                    location: r.get(6)?,
                    status: super::export::vocabulary(status, MeetingStatus::parse)?,
                    objective: r.get(8)?,
                    codes: codes
                        .map(|c| {
                            c.split(' ')
                                .filter_map(|id| id.parse::<i64>().ok())
                                .map(|id| titles.get(&id).cloned().unwrap_or_default())
                                .collect()
                        })
                        .unwrap_or_default(),
                    invitation: None,
                },
                r.get::<_, Option<String>>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut m, invitation) = row?;
            m.invitation = invitation_column(invitation)?;
            out.push(m);
        }
        Ok(out)
    }

    /// The meeting holding each of `uids` as its invitation UID, for those that one holds.
    pub fn meetings_by_uid(&self, uids: &[&str]) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        for chunk in uids.chunks(CHUNK) {
            let sql = format!(
                "SELECT invitation_uid, key FROM meetings WHERE invitation_uid IN ({})",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let found = stmt.query_map(params_from_iter(chunk.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in found {
                let (uid, key): (String, String) = row?;
                out.insert(uid, key);
            }
        }
        Ok(out)
    }

    /// The meetings of an invitation and of each of its occurrences: those whose UID is `uid`
    /// or begins `uid#` (occurrences of a recurring event), as `(uid, key)` in UID order.
    pub fn meetings_of_series(&self, uid: &str) -> Result<Vec<(String, String)>> {
        // `#` is followed by `$` in every collation SQLite's index uses here (binary).
        let mut stmt = self.conn.prepare_cached(
            "SELECT invitation_uid, key FROM meetings
             WHERE invitation_uid = ?1 OR (invitation_uid >= ?1 || '#' AND invitation_uid < ?1 || '$')
             ORDER BY invitation_uid",
        )?;
        let rows = stmt.query_map([uid], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every person with an e-mail address, in the order they were stored.
    pub fn people_with_email(&self) -> Result<Vec<PersonAddress>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, name, email FROM people WHERE email IS NOT NULL AND email <> '' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| Ok(PersonAddress { key: r.get(0)?, name: r.get(1)?, email: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a record of `space` has the key `key`.
    /// Whether the register holds any meeting at all.
    pub fn holds_meetings(&self) -> Result<bool> {
        Ok(!super::import::holds_no_meeting(&self.conn)?)
    }

    pub fn holds_key(&self, space: KeySpace, key: &str) -> Result<bool> {
        Ok(row_id(&self.conn, space, key)?.is_some())
    }

    /// The invitation stored with meeting `key`, if it has one (`None` too when there is no
    /// such meeting).
    pub fn invitation_of(&self, key: &str) -> Result<Option<Invitation>> {
        let text: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT invitation FROM meetings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        invitation_column(text.flatten())
    }
}
