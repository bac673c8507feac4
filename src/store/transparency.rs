//! Transparency over the register: the meetings waiting for publication, a meeting's standing
//! under the two-week rule, its publication and scope set by hand (one-record changes through
//! `Store::import`), the publication list of a period, the reminder of the day, and the records
//! of one organisation that its brief is made of.
//!
//! The rules themselves are `crate::transparency`'s pure functions; this file reads what they
//! need. Nothing reads the clock: `today` is given.

use std::io::Write;

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use rustc_hash::FxHashMap;
use serde::Serialize;
use ts_rs::TS;

use super::edit::{within, MeetingSave};
use super::export::vocabulary;
use super::keys::{existing_id, KeySpace};
use super::query::{ActionFilter, ActionRow, MeetingFilter, MeetingRow, SortOrder};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{
    Attendance, Document, Meeting, MeetingKind, MeetingStatus, Organisation, Participant, ParticipantRole, Point,
    Response, Transparency, TransparencyScope, DEFAULT_TIMEZONE,
};
use crate::transparency::deadline::{self, Deadline, PublicationState};
use crate::transparency::publication::{self, PublicationRow};
use crate::transparency::reminders::{self, Reminder};
use crate::transparency::scope::{self, Parties, Representative, ScopeDecision};

pub use super::settings::TransparencySettings;

/// A held meeting in scope that waits for publication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PendingPublication {
    pub key: String,
    pub title: String,
    /// Local start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The last day to publish it: the meeting's date + 14 days.
    pub due: String,
    /// Days from today to `due`: 0 on the day, negative when late.
    #[ts(type = "number")]
    pub days_left: i64,
    pub late: bool,
    pub scope: ScopeDecision,
    pub representatives: Vec<Representative>,
    /// The keys of its interest representatives without a Transparency Register number.
    pub unregistered: Vec<String>,
}

/// A meeting's standing under the transparency rules, for its editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingTransparency {
    pub key: String,
    pub state: PublicationState,
    pub scope: ScopeDecision,
    /// The day it was published.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// When it waits for publication: the last day, and the days left (negative when late).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[ts(optional, type = "number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    pub representatives: Vec<Representative>,
}

/// The home view's Transparency section: late publications and those due within a week.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransparencySection {
    /// Past their due date, the latest first (at most 25).
    pub late: Vec<PendingPublication>,
    pub late_total: u32,
    /// Due from today to seven days ahead, soonest first (at most 25).
    pub due_soon: Vec<PendingPublication>,
    pub due_soon_total: u32,
}

/// A point an organisation made, with the meeting it was made at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnPoint {
    pub meeting: String,
    /// 0 for a point, 1 for a reply, and so on.
    pub depth: u32,
    pub text: String,
    pub restricted: bool,
}

/// What an organisation's brief is made of: the organisation, the meetings it took part in
/// (oldest first), the points it made and the actions it owes or owed, since a date.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationRecords {
    pub organisation: Organisation,
    pub meetings: Vec<MeetingRow>,
    /// In the order they were made (meeting by meeting, oldest first).
    pub points: Vec<OwnPoint>,
    /// Agreed at meetings since the date, by due date.
    pub actions: Vec<ActionRow>,
    /// The meetings of `points` and `actions` it did not take part in, oldest first.
    pub other_meetings: Vec<MeetingRow>,
}

/// Seconds of the widest gap between a local date and UTC, as in `query.rs`: a UTC bound that
/// narrows an index scan before the exact test on the local date.
const ZONE_SLACK: i64 = 14 * 3600;

/// A row of a meeting's list, with the meeting's place in the order (start, id).
type ListRow<T> = ((i64, i64), T);

/// `PRAGMA cache_size` of the pending list's scan: 2 MiB (SQLite's default).
const SCAN_CACHE_SIZE: i64 = -2048;

/// `PRAGMA mmap_size` of the publication list's read-only workers: the register's pages are
/// read in place instead of copied into page buffers allocated for them (a year of minutes
/// reads tens of megabytes once; about a tenth of the export's time went to those buffers).
/// Read-only connections only, whose file no one truncates under them (WAL readers).
const SCAN_MMAP_SIZE: i64 = 256 * 1024 * 1024;

fn midnight_utc(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn day_after(date: NaiveDate) -> Result<NaiveDate> {
    date.checked_add_days(Days::new(1)).ok_or_else(|| Error::BadArgument(format!("date {date} is out of range")))
}

fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The date of a local time `YYYY-MM-DDTHH:MM`.
fn local_date(start: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(start.get(..10)?, "%Y-%m-%d").ok()
}

/// The stored transparency record of a meeting (a JSON column).
fn stored_transparency(text: Option<String>) -> Result<Option<Transparency>> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| Error::Malformed(format!("stored transparency: {e}"))))
        .transpose()
}

/// An unpublished held meeting: its row and its stored transparency record.
struct Candidate {
    id: i64,
    key: String,
    title: String,
    start: String,
    location: Option<String>,
    transparency: Option<Transparency>,
}

/// The unpublished held meetings not set exempt by hand, dated before `?1` (and from `?4`, in
/// the home view's range). Most held meetings are published, and their record is then
/// `{"published":"…"}` (the store writes it with serde, fields in order: scope, reason,
/// published, extra): a text test rules those out before any JSON is parsed. A meeting none of
/// whose organisations is of an interest-representative kind (`meeting_organisations`, whoever
/// came) cannot be in scope unless set so by hand: the rules need not read its participants.
const CANDIDATES: &str =
    "SELECT m.id, m.key, m.title, m.start_local, m.location, m.transparency FROM meetings m {indexed}
     WHERE {status} AND m.start_local < ?1 {since}
       AND (m.transparency IS NULL OR (m.transparency NOT LIKE '{\"published\":%'
            AND json_extract(m.transparency, '$.published') IS NULL
            AND json_extract(m.transparency, '$.scope') IS NOT 'exempt'))
       AND (EXISTS (SELECT 1 FROM meeting_organisations mo JOIN organisations o ON o.id = mo.organisation_id
                    WHERE mo.meeting_id = m.id AND o.kind NOT IN ('commission', 'public-authority'))
            OR json_extract(m.transparency, '$.scope') = 'in-scope')";

/// The WHERE of the partial index `meetings_unpublished` (migration 5), word for word: SQLite
/// uses a partial index only for a query that states its condition.
const UNPUBLISHED: &str =
    "m.status = 'held' AND (m.transparency IS NULL OR json_extract(m.transparency, '$.published') IS NULL)";

/// A participant as the rules read it: who, and whether they came.
fn participant(person: Option<String>, organisation: Option<String>, attendance: Attendance) -> Participant {
    Participant {
        person,
        organisation,
        attendance,
        response: Response::NeedsAction,
        role: ParticipantRole::Participant,
        extra: None,
    }
}

impl Store {
    /// The directory as the transparency rules read it.
    pub fn parties(&self) -> Result<Parties> {
        Ok(Parties::new(self.organisations()?, self.people()?))
    }

    /// The keys of the organisations flagged as unregistered: of an interest-representative
    /// kind, without a Transparency Register number.
    pub fn unregistered_organisations(&self) -> Result<Vec<String>> {
        Ok(self.organisations()?.into_iter().filter(scope::is_unregistered).map(|o| o.key).collect())
    }

    /// Who took part in meeting `id`, in order.
    fn participants_of(&self, id: i64) -> Result<Vec<Participant>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT pe.key, o.key, p.attendance FROM participants p
             LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN organisations o ON o.id = p.organisation_id
             WHERE p.meeting_id = ?1 ORDER BY p.pos",
        )?;
        let rows =
            stmt.query_map([id], |r| Ok(participant(r.get(0)?, r.get(1)?, vocabulary(r.get(2)?, Attendance::parse)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn candidates(&self, conn: &Connection, sql: &str, args: Vec<Value>) -> Result<Vec<Candidate>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((
                Candidate {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    title: r.get(2)?,
                    start: r.get(3)?,
                    location: r.get(4)?,
                    transparency: None,
                },
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut candidate, stored) = row?;
            candidate.transparency = stored_transparency(stored)?;
            out.push(candidate);
        }
        Ok(out)
    }

    /// The candidates that are in scope, each with its deadline on `today`, by due date.
    fn pending_of(
        &self,
        candidates: Vec<Candidate>,
        parties: &Parties,
        today: NaiveDate,
    ) -> Result<Vec<PendingPublication>> {
        let mut out = Vec::new();
        for c in candidates {
            let Some(date) = local_date(&c.start) else { continue };
            let participants = self.participants_of(c.id)?;
            let decision = scope::decide(&participants, c.transparency.as_ref(), parties);
            let (state, deadline) = deadline::assess(MeetingStatus::Held, date, decision.in_scope(), false, today);
            let (true, Some(Deadline { due, days_left })) = (state.is_pending(), deadline) else { continue };
            let representatives = scope::representatives(&participants, parties);
            out.push(PendingPublication {
                unregistered: representatives.iter().filter(|r| r.unregistered).map(|r| r.key.clone()).collect(),
                key: c.key,
                title: c.title,
                start: c.start,
                location: c.location,
                due: ymd(due),
                days_left,
                late: days_left < 0,
                scope: decision,
                representatives,
            });
        }
        out.sort_by(|a, b| (a.days_left, &a.start, &a.key).cmp(&(b.days_left, &b.start, &b.key)));
        Ok(out)
    }

    /// Every meeting waiting for publication on `today` (held, dated today or earlier, in scope,
    /// not published), the latest first: by due date, then date.
    ///
    /// Reads the unpublished held meetings through their partial index (migration 5), a few in
    /// a hundred of a register's meetings, on a connection of its own with a small page cache:
    /// read once, they would only fill the store's large cache and push out what the desktop's
    /// views keep there.
    pub fn transparency_pending(&self, today: NaiveDate) -> Result<Vec<PendingPublication>> {
        // Named: without statistics the planner prefers the index of held meetings by time,
        // which reads all of them.
        let sql = CANDIDATES
            .replace("{indexed}", "INDEXED BY meetings_unpublished")
            .replace("{status}", UNPUBLISHED)
            .replace("{since}", "");
        let (scan, _) = super::connect_read_only(&self.path)?;
        scan.pragma_update(None, "cache_size", SCAN_CACHE_SIZE)?;
        let candidates = self.candidates(&scan, &sql, vec![ymd(day_after(today)?).into()])?;
        drop(scan);
        self.pending_of(candidates, &self.parties()?, today)
    }

    /// The late publications and those due within `due_soon_days`, among the meetings of the
    /// last `lookback_days` (an index range: the home view costs the same on a register of
    /// years); at most `limit` of each, with their numbers.
    pub fn transparency_section(
        &self,
        today: NaiveDate,
        lookback_days: u64,
        due_soon_days: i64,
        limit: usize,
    ) -> Result<TransparencySection> {
        let since = today.checked_sub_days(Days::new(lookback_days)).unwrap_or(NaiveDate::MIN);
        let tomorrow = day_after(today)?;
        let sql = CANDIDATES
            .replace("{indexed}", "")
            .replace("{status}", "m.status = 'held' AND m.start_utc >= ?2 AND m.start_utc < ?3")
            .replace("{since}", "AND m.start_local >= ?4");
        let args: Vec<Value> = vec![
            ymd(tomorrow).into(),
            (midnight_utc(since) - ZONE_SLACK).into(),
            (midnight_utc(tomorrow) + ZONE_SLACK).into(),
            ymd(since).into(),
        ];
        let candidates = self.candidates(&self.conn, &sql, args)?;
        // The directory only when something waits: most days, nothing does.
        let parties = if candidates.is_empty() { Parties::default() } else { self.parties()? };
        let pending = self.pending_of(candidates, &parties, today)?;
        let (late, due): (Vec<_>, Vec<_>) = pending.into_iter().partition(|p| p.late);
        let due_soon: Vec<_> = due.into_iter().filter(|p| p.days_left <= due_soon_days).collect();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(TransparencySection {
            late_total: count(late.len()),
            due_soon_total: count(due_soon.len()),
            late: late.into_iter().take(limit).collect(),
            due_soon: due_soon.into_iter().take(limit).collect(),
        })
    }

    /// The reminder to show on `today`, if any: the overdue actions and the meetings late for
    /// publication (all of them, as `transparency_pending` lists them; the home view's section
    /// looks at the last ninety days only), unless it was shown today already or nothing is late.
    pub fn reminder(&self, today: NaiveDate) -> Result<Option<Reminder>> {
        let last = self.reminder_shown()?;
        if !reminders::is_due(last, today) {
            return Ok(None);
        }
        let overdue = self.actions_total(&ActionFilter { overdue: true, ..ActionFilter::default() }, today)?;
        let late = self.transparency_pending(today)?.iter().filter(|p| p.late).count();
        Ok(reminders::reminder(overdue, u32::try_from(late).unwrap_or(u32::MAX), last, today))
    }

    /// Meeting `key`'s standing under the rules on `today`.
    pub fn meeting_transparency(&self, key: &str, today: NaiveDate) -> Result<MeetingTransparency> {
        let meeting = self.meeting(key)?;
        Ok(assess_meeting(&meeting, &self.parties()?, today))
    }

    /// The standing of the meeting being edited (unsaved edits and the people and
    /// organisations created in its editor included), for the editor's Transparency section.
    pub fn edited_transparency(&self, save: &MeetingSave, today: NaiveDate) -> Result<MeetingTransparency> {
        let mut organisations = self.organisations()?;
        organisations.extend(save.new_organisations.iter().cloned());
        let mut people = self.people()?;
        people.extend(save.new_people.iter().cloned());
        Ok(assess_meeting(&save.meeting, &Parties::new(organisations, people), today))
    }

    /// Changes the transparency record of meeting `key` through a one-meeting import, so the
    /// change obeys every rule of the format; the record is dropped when nothing is left in it.
    fn change_transparency(
        &mut self,
        key: &str,
        today: NaiveDate,
        change: impl FnOnce(&Meeting, &MeetingTransparency, &mut Transparency) -> Result<()>,
    ) -> Result<MeetingTransparency> {
        let mut meeting = self.meeting(key)?;
        let parties = self.parties()?;
        let before = assess_meeting(&meeting, &parties, today);
        let mut record = meeting.transparency.take().unwrap_or(Transparency {
            scope: None,
            reason: None,
            published: None,
            extra: None,
        });
        change(&meeting, &before, &mut record)?;
        let empty = record.scope.is_none() && record.reason.is_none() && record.published.is_none();
        meeting.transparency = if empty && record.extra.is_none() { None } else { Some(record) };
        self.import(Document { meetings: vec![meeting.clone()], ..Document::default() })
            .map_err(|e| within("meetings[0].", e))?;
        Ok(assess_meeting(&meeting, &parties, today))
    }

    /// Records that meeting `key` was published on `on`. Refused for a meeting that is not held,
    /// is exempt, or a date before the meeting or after `today`.
    pub fn publish_meeting(&mut self, key: &str, on: NaiveDate, today: NaiveDate) -> Result<MeetingTransparency> {
        self.change_transparency(key, today, |meeting, standing, record| {
            let refuse = |why: String| Err(Error::invalid("transparency.published", why));
            if meeting.status != MeetingStatus::Held {
                return refuse(format!("meeting \"{key}\" is {}; only a held meeting is published", meeting.status));
            }
            if !standing.scope.in_scope() {
                return refuse(format!(
                    "meeting \"{key}\" is exempt from publication; set its scope to in-scope (with a reason) first"
                ));
            }
            if let Some(date) = local_date(&meeting.start).filter(|d| on < *d) {
                return refuse(format!("{} is before the meeting ({})", ymd(on), ymd(date)));
            }
            if on > today {
                return refuse(format!("{} is after today ({})", ymd(on), ymd(today)));
            }
            record.published = Some(ymd(on));
            Ok(())
        })
    }

    /// Takes back the publication of meeting `key` (an undo): it waits for publication again.
    pub fn unpublish_meeting(&mut self, key: &str, today: NaiveDate) -> Result<MeetingTransparency> {
        self.change_transparency(key, today, |_, _, record| match record.published.take() {
            Some(_) => Ok(()),
            None => Err(Error::invalid("transparency.published", format!("meeting \"{key}\" is not marked published"))),
        })
    }

    /// Sets meeting `key`'s scope by hand (`Some`, with a reason, which is required) or gives it
    /// back to the rules (`None`, without one).
    pub fn set_transparency_scope(
        &mut self,
        key: &str,
        scope: Option<TransparencyScope>,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<MeetingTransparency> {
        let reason = scope::check_override(scope, reason)?;
        self.change_transparency(key, today, |_, _, record| {
            record.scope = scope;
            record.reason = reason;
            Ok(())
        })
    }

    /// The rows of the publication list: the held meetings in scope dated `from` to `to`
    /// (local dates, both included), oldest first. `dg_cabinet` fills the first column.
    pub fn publication_rows(&self, from: NaiveDate, to: NaiveDate, dg_cabinet: &str) -> Result<Vec<PublicationRow>> {
        let mut rows = Vec::new();
        self.each_publication_row(from, to, dg_cabinet, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Hands each row of the publication list to `each`, in order, a few half months in memory
    /// at a time: a list of years costs no more memory than one of a month or two.
    pub fn each_publication_row(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        dg_cabinet: &str,
        mut each: impl FnMut(PublicationRow) -> Result<()>,
    ) -> Result<()> {
        self.each_publication_part(from, to, dg_cabinet, Ok, |rows| rows.into_iter().try_for_each(&mut each))
    }

    /// The publication list a half month at a time: `make` turns a half month's rows into
    /// what `each` is given, in order. `make` runs on the thread that read them, so what it
    /// makes and drops (the rows' strings) stays with that thread's allocator.
    fn each_publication_part<T: Send>(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        dg_cabinet: &str,
        make: impl Fn(Vec<PublicationRow>) -> Result<T> + Sync,
        mut each: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        if to < from {
            return Err(Error::BadArgument(format!("the period ends ({}) before it starts ({})", ymd(to), ymd(from))));
        }
        let after = day_after(to)?;
        // Row ids to keys: the directory is small, and the lists' tens of thousands of rows
        // then need no lookup in it.
        let people = self.keys_by_id("SELECT id, key FROM people")?;
        let organisations = self.keys_by_id("SELECT id, key FROM organisations")?;
        let parties = self.parties()?;
        let path = self.path.as_path();
        // The period in half months, made by two workers (the two cores a laptop has at
        // least), each reading the next half month not yet taken out of SQLite on a connection
        // of its own and making its rows; this thread writes them in order. Workers are at
        // most a few half months ahead of the writer, so memory stays that of a month or two
        // whatever the period.
        let spans = half_months_of(from, after);
        let worker = || -> Result<Worker> {
            // One connection for all of this worker's spans, with a small page cache as the
            // pending list's scan.
            let (scan, _) = super::connect_read_only(path)?;
            scan.pragma_update(None, "cache_size", SCAN_CACHE_SIZE)?;
            scan.pragma_update(None, "mmap_size", SCAN_MMAP_SIZE)?;
            Ok(Worker { scan, release: crate::transparency::minutes::Release::new(&parties), last: 0 })
        };
        let span = |worker: &mut Worker, i: usize| {
            let (start, end) = spans[i];
            // About as many rows as the span before: not grown by doubling.
            let mut rows = Vec::with_capacity(worker.last + worker.last / 4);
            read_held_meetings(&worker.scan, start, end, &people, &organisations, |meeting| {
                let scope = scope::decide(&meeting.participants, meeting.transparency.as_ref(), &parties);
                if scope.in_scope() {
                    rows.push(publication::row(&meeting, &parties, &worker.release, dg_cabinet));
                }
            })?;
            worker.last = rows.len();
            make(rows)
        };
        crate::ordered::in_order(spans.len(), WORKERS, AHEAD, worker, span, &mut each)
    }

    /// Row id -> key of a table of the directory.
    fn keys_by_id(&self, sql: &str) -> Result<FxHashMap<i64, String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes the publication list of `from` to `to` as CSV (see `crate::transparency::publication`);
    /// returns how many meetings it lists.
    pub fn write_publication(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        dg_cabinet: &str,
        out: impl Write,
    ) -> Result<usize> {
        let mut writer = publication::CsvWriter::new(out)?;
        let mut count = 0;
        // Each half month's records are made by the worker that read it.
        let records = |rows: Vec<PublicationRow>| Ok((rows.len(), publication::csv_records(&rows)?));
        self.each_publication_part(from, to, dg_cabinet, records, |(rows, bytes)| {
            count += rows;
            writer.records(&bytes)
        })?;
        writer.finish()?;
        Ok(count)
    }

    /// The publication list of `from` to `to` as the bytes of a CSV file.
    pub fn publication_csv(&self, from: NaiveDate, to: NaiveDate, dg_cabinet: &str) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write_publication(from, to, dg_cabinet, &mut bytes)?;
        Ok(bytes)
    }

    /// The records of organisation `key` since `from` (everything without), for its brief.
    pub fn organisation_records(
        &self,
        key: &str,
        from: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<OrganisationRecords> {
        let id = existing_id(&self.conn, KeySpace::Organisations, key)?;
        let organisation = self
            .organisations()?
            .into_iter()
            .find(|o| o.key == key)
            .ok_or_else(|| Error::NotFound { what: "organisation", key: key.to_string() })?;
        let since = from.map(ymd).unwrap_or_default();
        let meetings = self.meetings_page(&MeetingFilter {
            organisation: Some(key.to_string()),
            from,
            order: SortOrder::Asc,
            limit: u32::MAX,
            ..MeetingFilter::default()
        })?;
        let points: Vec<OwnPoint> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT m.key, p.depth, p.text, p.restricted FROM points p JOIN meetings m ON m.id = p.meeting_id
                 WHERE p.by_id = ?1 AND m.start_local >= ?2 ORDER BY m.start_utc, m.id, p.seq",
            )?;
            let rows = stmt.query_map(rusqlite::params![id, since], |r| {
                Ok(OwnPoint { meeting: r.get(0)?, depth: r.get(1)?, text: r.get(2)?, restricted: r.get(3)? })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let actions: Vec<ActionRow> = self
            .actions_page(
                &ActionFilter { owner: Some(key.to_string()), limit: u32::MAX, ..ActionFilter::default() },
                today,
            )?
            .into_iter()
            .filter(|a| a.meeting_start.as_str() >= since.as_str())
            .collect();
        let mut other_keys: Vec<&str> = points.iter().map(|p| p.meeting.as_str()).collect();
        other_keys.extend(actions.iter().map(|a| a.meeting.as_str()));
        other_keys.sort_unstable();
        other_keys.dedup();
        other_keys.retain(|k| !meetings.iter().any(|m| m.key == *k));
        let mut other_meetings = Vec::new();
        for k in other_keys {
            other_meetings.push(self.meeting_row(k)?);
        }
        other_meetings.sort_by(|a: &MeetingRow, b: &MeetingRow| (&a.start, &a.key).cmp(&(&b.start, &b.key)));
        Ok(OrganisationRecords { organisation, meetings, points, actions, other_meetings })
    }

    /// One meeting as a line of a list.
    fn meeting_row(&self, key: &str) -> Result<MeetingRow> {
        let m = self.meeting(key)?;
        Ok(MeetingRow {
            participants: u32::try_from(m.participants.len()).unwrap_or(u32::MAX),
            actions: u32::try_from(m.actions.len()).unwrap_or(u32::MAX),
            flash_sent: m.flash.as_ref().is_some_and(|f| f.sent.is_some()),
            key: m.key,
            title: m.title,
            kind: m.kind,
            codes: m.codes,
            start: m.start,
            end: m.end,
            timezone: m.timezone,
            location: m.location,
            status: m.status,
        })
    }
}

/// Threads that read and make the publication list's rows, a half month at a time.
const WORKERS: usize = 2;
/// How many half months a worker may be ahead of the writer.
const AHEAD: usize = 4;

/// What a worker of the publication list keeps from one half month to the next.
struct Worker {
    scan: Connection,
    release: crate::transparency::minutes::Release,
    /// The rows of its last half month.
    last: usize,
}

/// `from` (included) to `after` (excluded) cut at the first and the sixteenth of each month:
/// pieces small enough that two workers taking the next one in turn finish together.
fn half_months_of(from: NaiveDate, after: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut spans = Vec::new();
    let mut start = from;
    while start < after {
        let next = if start.day() < 16 {
            start.with_day(16)
        } else {
            start.with_day(1).and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        }
        .map_or(after, |next| next.min(after));
        spans.push((start, next));
        start = next;
    }
    spans
}

/// Hands `each` every held meeting of `from` (included) to `after` (excluded) that is not set
/// exempt by hand, with its participants and points, in order of time, read on `scan`.
fn read_held_meetings(
    scan: &Connection,
    from: NaiveDate,
    after: NaiveDate,
    people: &FxHashMap<i64, String>,
    organisations: &FxHashMap<i64, String>,
    mut each: impl FnMut(Meeting),
) -> Result<()> {
    // The meetings: held, in the period, not set exempt by hand (a record that starts with
    // its publication date has no scope). Their participants and points come from two more
    // queries in the same order (time, id), read along with them: through the index of held
    // meetings by time alone (no meeting row is read), those of meetings outside the exact
    // period passed over.
    let range = "m.status = 'held' AND m.start_utc >= ?1 AND m.start_utc < ?2
                 AND m.start_local >= ?3 AND m.start_local < ?4
                 AND (m.transparency IS NULL OR m.transparency LIKE '{\"published\":%'
                      OR json_extract(m.transparency, '$.scope') IS NOT 'exempt')";
    let around = "m.status = 'held' AND m.start_utc >= ?1 AND m.start_utc < ?2";
    let bounds: [Value; 2] = [(midnight_utc(from) - ZONE_SLACK).into(), (midnight_utc(after) + ZONE_SLACK).into()];
    let exact: [Value; 4] = [bounds[0].clone(), bounds[1].clone(), ymd(from).into(), ymd(after).into()];

    let mut meetings = scan.prepare(&format!(
        "SELECT m.start_utc, m.id, m.key, m.title, m.start_local, m.end_local, m.timezone, m.location, m.transparency
         FROM meetings m WHERE {range} ORDER BY m.start_utc, m.id"
    ))?;
    let mut participants = scan.prepare(&format!(
        "SELECT m.start_utc, m.id, p.person_id, p.organisation_id, p.attendance FROM meetings m
         JOIN participants p ON p.meeting_id = m.id
         WHERE {around} ORDER BY m.start_utc, m.id, p.pos"
    ))?;
    let mut points = scan.prepare(&format!(
        "SELECT m.start_utc, m.id, p.depth, p.by_id, p.text, p.restricted FROM meetings m JOIN points p ON p.meeting_id = m.id
         WHERE {around} ORDER BY m.start_utc, m.id, p.seq"
    ))?;
    let mut meeting_rows = meetings.query(params_from_iter(exact))?;
    let mut participant_rows = participants.query(params_from_iter(bounds.clone()))?;
    let mut point_rows = points.query(params_from_iter(bounds))?;
    let key_of = |keys: &FxHashMap<i64, String>, id: Option<i64>| id.and_then(|id| keys.get(&id).cloned());
    let read_participant = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<ListRow<Participant>>> {
        Ok(match rows.next()? {
            Some(r) => Some((
                (r.get(0)?, r.get(1)?),
                participant(
                    key_of(people, r.get(2)?),
                    key_of(organisations, r.get(3)?),
                    vocabulary(r.get(4)?, Attendance::parse)?,
                ),
            )),
            None => None,
        })
    };
    let read_point = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<ListRow<(i64, Point)>>> {
        Ok(match rows.next()? {
            Some(r) => Some((
                (r.get(0)?, r.get(1)?),
                (
                    r.get(2)?,
                    Point {
                        by: key_of(organisations, r.get(3)?),
                        text: r.get(4)?,
                        restricted: r.get(5)?,
                        points: Vec::new(),
                        extra: None,
                    },
                ),
            )),
            None => None,
        })
    };
    let mut next_participant = read_participant(&mut participant_rows)?;
    let mut next_point = read_point(&mut point_rows)?;

    while let Some(r) = meeting_rows.next()? {
        let at: (i64, i64) = (r.get(0)?, r.get(1)?);
        let mut meeting = held(r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
        meeting.transparency = stored_transparency(r.get(8)?)?;
        // Pass over the lists of meetings before this one (outside the exact period), take
        // this one's.
        while let Some((key, _)) = &next_participant {
            if *key > at {
                break;
            }
            if let Some((key, p)) = next_participant.take() {
                if key == at {
                    meeting.participants.push(p);
                }
            }
            next_participant = read_participant(&mut participant_rows)?;
        }
        let mut flat: Vec<(i64, Point)> = Vec::new();
        while let Some((key, _)) = &next_point {
            if *key > at {
                break;
            }
            if let Some((key, (depth, p))) = next_point.take() {
                if key == at {
                    flat.push((depth, p));
                }
            }
            next_point = read_point(&mut point_rows)?;
        }
        meeting.points = outline(flat);
        each(meeting);
    }
    Ok(())
}

fn held(
    key: String,
    title: String,
    start: String,
    end: String,
    timezone: Option<String>,
    location: Option<String>,
) -> Meeting {
    Meeting {
        key,
        title,
        kind: MeetingKind::Meeting,
        codes: Vec::new(),
        exercises: Vec::new(),
        start,
        end,
        timezone: timezone.unwrap_or_else(|| DEFAULT_TIMEZONE.to_string()),
        all_day: false,
        location,
        status: MeetingStatus::Held,
        objective: None,
        organiser: None,
        follow_up_of: None,
        participants: Vec::new(),
        points: Vec::new(),
        actions: Vec::new(),
        flash: None,
        invitation: None,
        transparency: None,
        extra: None,
    }
}

/// Rebuilds the nested points from their depth-first order and depths.
fn outline(flat: Vec<(i64, Point)>) -> Vec<Point> {
    // stack[d]: the points of depth d under the innermost open parent.
    let mut stack: Vec<Vec<Point>> = vec![Vec::new()];
    for (depth, point) in flat {
        let depth = usize::try_from(depth).unwrap_or(0);
        while stack.len() > depth + 1 {
            fold_last(&mut stack);
        }
        while stack.len() < depth + 1 {
            stack.push(Vec::new());
        }
        stack[depth].push(point);
    }
    while stack.len() > 1 {
        fold_last(&mut stack);
    }
    stack.pop().unwrap_or_default()
}

/// Closes the innermost level: its points become the replies of the last point above.
fn fold_last(stack: &mut Vec<Vec<Point>>) {
    let Some(children) = stack.pop() else { return };
    match stack.last_mut().and_then(|level| level.last_mut()) {
        Some(parent) => parent.points.extend(children),
        // A reply without a point above it (not stored by import): kept at the level above.
        None => {
            if let Some(level) = stack.last_mut() {
                level.extend(children);
            }
        }
    }
}

/// A meeting's standing under the rules on `today` (for a meeting as stored, or as edited).
pub fn assess_meeting(meeting: &Meeting, parties: &Parties, today: NaiveDate) -> MeetingTransparency {
    let decision = scope::decide(&meeting.participants, meeting.transparency.as_ref(), parties);
    let published = meeting.transparency.as_ref().and_then(|t| t.published.clone());
    let date = local_date(&meeting.start);
    let (state, deadline) = match date {
        Some(date) => deadline::assess(meeting.status, date, decision.in_scope(), published.is_some(), today),
        None => (PublicationState::NotHeld, None),
    };
    MeetingTransparency {
        key: meeting.key.clone(),
        state,
        scope: decision,
        published,
        due: deadline.map(|d| ymd(d.due)),
        days_left: deadline.map(|d| d.days_left),
        representatives: scope::representatives(&meeting.participants, parties),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_is_cut_at_the_first_and_sixteenth_of_each_month_and_covered_once() {
        let spans = half_months_of(d("2025-12-04"), d("2026-02-15"));
        assert_eq!(
            spans,
            vec![
                (d("2025-12-04"), d("2025-12-16")),
                (d("2025-12-16"), d("2026-01-01")),
                (d("2026-01-01"), d("2026-01-16")),
                (d("2026-01-16"), d("2026-02-01")),
                (d("2026-02-01"), d("2026-02-15"))
            ]
        );
        assert_eq!(half_months_of(d("2021-06-24"), d("2021-06-25")), vec![(d("2021-06-24"), d("2021-06-25"))]);
        assert_eq!(half_months_of(d("2021-06-30"), d("2021-07-01")), vec![(d("2021-06-30"), d("2021-07-01"))]);
        assert_eq!(
            half_months_of(d("2021-06-15"), d("2021-06-17")),
            vec![(d("2021-06-15"), d("2021-06-16")), (d("2021-06-16"), d("2021-06-17"))]
        );
        assert!(half_months_of(d("2021-07-01"), d("2021-07-01")).is_empty());
        assert_eq!(half_months_of(d("2016-01-01"), d("2026-01-01")).len(), 240);
        // Every day once, in order.
        let spans = half_months_of(d("2024-01-01"), d("2025-01-01"));
        assert!(spans.windows(2).all(|w| w[0].1 == w[1].0 && w[0].0 < w[0].1));
    }
}
