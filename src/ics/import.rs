//! Invitations, replies and cancellations made elsewhere, into the register: one calendar file
//! becomes one `code-register/1` document, stored through [`Store::import`] (the one way in), so
//! the file goes in whole or not at all.
//!
//! - `REQUEST` and `PUBLISH` (or no METHOD) events become meetings matched by UID: an updated
//!   invitation updates its meeting (title, time, place, status, organiser, attendees and their
//!   answers; the objective, points and actions kept in the register stay), a new one gets a key
//!   made of its date and title and keeps its UID. An event whose SEQUENCE is lower than the
//!   register's is skipped and reported; one whose time, place and attendees are what the
//!   register last sent or received (the stored fingerprint) does not move the meeting, so
//!   importing our own invitation again changes nothing.
//! - Recurring events (RRULE, RDATE, EXDATE, overridden instances) become one meeting per
//!   occurrence within the window (`--from`/`--to`, by default a year back to a year ahead),
//!   each with the UID `UID#occurrence` ([`super::recur`]), so a second import finds it again.
//! - Attendees and organisers become people matched by e-mail address (any case), created when
//!   the register has none; an address the register would refuse is reported and skipped.
//! - `REPLY` sets each replying attendee's answer from PARTSTAT; `CANCEL` marks the meeting (or
//!   the occurrence its RECURRENCE-ID names, or every occurrence) cancelled.
//! - Times: [`super::zones`] (Windows names, the file's own VTIMEZONEs, UTC read in the default
//!   zone, floating times as local); a time moved out of a spring-forward gap is reported.
//!
//! The [`Report`] says what was created, updated, left unchanged and skipped, and why.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::fingerprint::{fingerprint, Sent};
use super::read::{read_for_import, CalAddress, Calendar, Event, InParts, Part, Reading};
use super::recur::{expand, Occurrence};
use super::zones::{utc_text, When, Zone, Zones};
use super::{IcsError, UID_DOMAIN};
use crate::error::{Error, FieldProblem, Result};
use crate::files::read_capped;
use crate::model::{
    Attendance, Document, Invitation, Meeting, MeetingKind, MeetingStatus, Participant, ParticipantRole, Person,
    Response,
};
use crate::store::keys::{slug, KeySpace};
use crate::store::{OpenMode, Store};
use crate::time;

/// The largest calendar file read: 100 MB (a year of a busy Outlook calendar is a few MB; the
/// benchmark's 10,000 events with five attendees each are 10 MB).
pub const ICS_FILE_LIMIT: u64 = 100_000_000;

/// The most occurrences one file may give; past it the rest are left out, with a note.
pub const MAX_OCCURRENCES: usize = 100_000;

/// How long a meeting whose event has no end (or ends as it starts) is taken to last.
const DEFAULT_LENGTH: TimeDelta = TimeDelta::hours(1);

/// How a file is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Occurrences of recurring events are imported from this date (default: a year before
    /// `today`) to this one (default: a year after), both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The user's date, read at the edge.
    pub today: NaiveDate,
    /// The zone UTC times are read in (floating times too, when the file names none).
    pub zone: Tz,
}

/// Refuses `--from`/`--to` dates in the wrong order: an empty result would look like an answer.
pub fn period_in_order(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::BadArgument(format!("--to {to} is before --from {from}")));
    }
    Ok(())
}

impl Options {
    pub fn new(today: NaiveDate) -> Options {
        Options { from: None, to: None, today, zone: chrono_tz::Europe::Brussels }
    }

    fn window(&self) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
        let from = self.from.unwrap_or_else(|| self.today.checked_sub_days(Days::new(365)).unwrap_or(self.today));
        let to = self.to.unwrap_or_else(|| self.today.checked_add_days(Days::new(365)).unwrap_or(self.today));
        period_in_order(from, to)?;
        let start = self.zone.from_local_datetime(&from.and_time(NaiveTime::MIN)).earliest();
        let end = to.succ_opt().and_then(|d| self.zone.from_local_datetime(&d.and_time(NaiveTime::MIN)).earliest());
        match (start, end) {
            (Some(s), Some(e)) => Ok((s.with_timezone(&Utc), e.with_timezone(&Utc))),
            _ => Err(Error::BadArgument(format!("the dates {from} to {to} are out of range"))),
        }
    }
}

/// One line of the report: a meeting (or an event that did not become one) and what happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "CalendarImportEntry")]
pub struct Entry {
    /// The meeting's key, when there is one.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    pub title: String,
    /// When it starts (local time and zone), when known.
    pub when: String,
    /// What changed, or why it was skipped.
    pub detail: String,
    /// The line of the file where its event begins.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "CalendarImport")]
pub struct Report {
    /// The file's name (not its folder).
    pub file: String,
    pub created: Vec<Entry>,
    pub updated: Vec<Entry>,
    pub unchanged: Vec<Entry>,
    pub skipped: Vec<Entry>,
    /// People added to the directory, as `Name <address>`.
    pub people_created: Vec<String>,
    /// Things read that were repaired, guessed or left out (a bad attendee address, a time moved
    /// out of a gap, tasks not imported), each naming its line.
    pub notes: Vec<String>,
}

/// An event as it is to become a meeting.
struct Incoming {
    line: usize,
    uid: String,
    sequence: u32,
    title: Option<String>,
    start: String,
    end: String,
    timezone: String,
    all_day: bool,
    location: Option<String>,
    description: Option<String>,
    cancelled: bool,
    organiser: Option<String>,
    /// Person keys, each once, with the answer and whether they chair.
    attendees: Vec<(String, Option<Response>, bool)>,
    fingerprint: String,
    /// REQUEST: the attendees listed are all of them.
    complete: bool,
}

/// What the importer hands to the store at a time: the people it created and the meetings it
/// created or changed since the batch before, with where each meeting came from (line, UID).
struct Batch {
    doc: Document,
    origins: Vec<(usize, String)>,
}

/// Meetings in a batch of a stream: enough that a batch costs little to store (each looks
/// up the register's keys once), few enough that the store starts early.
const BATCH: usize = 1_000;

/// A line of the file as `u32` for the report.
fn line32(line: usize) -> Option<u32> {
    u32::try_from(line).ok()
}

/// Text as a single-line field holds it: newlines become spaces, at most `max` characters.
fn one_line(text: &str, max: usize) -> Option<String> {
    // Most titles and places: no line break, no control character (C0, DEL, or C1, whose
    // UTF-8 starts 0xC2), and no longer than `max` even counted in bytes.
    if text.len() <= max && text.bytes().all(|b| b >= 0x20 && b != 0x7F && b != 0xC2) {
        let kept = text.trim();
        return (!kept.is_empty()).then(|| kept.to_string());
    }
    one_line_any(text, max)
}

/// `one_line` of any text.
fn one_line_any(text: &str, max: usize) -> Option<String> {
    let joined: String =
        text.split(['\n', '\r']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    let kept: String = joined.chars().filter(|c| *c == '\t' || !crate::text::is_control(*c)).take(max).collect();
    let kept = kept.trim().to_string();
    (!kept.is_empty()).then_some(kept)
}

fn long_text(text: &str, max: usize) -> Option<String> {
    // As in `one_line`: the usual text, without a control character but tab and newline.
    if text.len() <= max && text.bytes().all(|b| (b >= 0x20 || b == b'\t' || b == b'\n') && b != 0x7F && b != 0xC2) {
        let kept = text.trim();
        return (!kept.is_empty()).then(|| kept.to_string());
    }
    long_text_any(text, max)
}

/// `long_text` of any text.
fn long_text_any(text: &str, max: usize) -> Option<String> {
    let kept: String =
        text.chars().filter(|c| matches!(c, '\t' | '\n') || !crate::text::is_control(*c)).take(max).collect();
    let kept = kept.trim().to_string();
    (!kept.is_empty()).then_some(kept)
}

/// An address the register takes for a person (the rule of the format's `email`).
fn usable_email(email: &str) -> bool {
    email.chars().count() <= 254
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !email
                        .chars()
                        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';'))
            }
            None => false,
        }
}

fn response_of(partstat: Option<&str>) -> Option<Response> {
    match partstat? {
        "NEEDS-ACTION" => Some(Response::NeedsAction),
        "ACCEPTED" => Some(Response::Accepted),
        "TENTATIVE" => Some(Response::Tentative),
        "DECLINED" => Some(Response::Declined),
        _ => None,
    }
}

fn response_word(r: Response) -> &'static str {
    match r {
        Response::NeedsAction => "has not answered",
        Response::Accepted => "accepted",
        Response::Tentative => "accepted tentatively",
        Response::Declined => "declined",
    }
}

/// The import of one file under way: the document it becomes, and the register's people.
struct Importer<'a> {
    store: &'a Store,
    opts: &'a Options,
    report: Report,
    /// Lower-case address -> person key, of the register and of the people created here.
    people: HashMap<String, String>,
    /// The keys of `people` (kept beside it: an update asks it for each participant).
    with_email: HashSet<String>,
    /// Whether the register held any meeting when the import began (its read is one snapshot):
    /// into one that held none, no key or UID is looked up there.
    stored_meetings: bool,
    new_people: Vec<Person>,
    people_taken: HashSet<String>,
    meetings_taken: HashSet<String>,
    /// The document's meetings, by key, and where each came from (line, UID) for messages.
    meetings: Vec<Meeting>,
    by_key: HashMap<String, usize>,
    origins: Vec<(usize, String)>,
    /// UIDs of the file already taken by a meeting of the document.
    by_uid: HashMap<String, usize>,
    /// Where batches go. With `stream`, every [`BATCH`] meetings as they are made; else once, at
    /// the end (a later calendar of the file, a reply or a cancellation may change a meeting
    /// made before).
    out: SyncSender<Batch>,
    stream: bool,
    /// How many of `report.created` and `report.updated` the batches before took.
    handed: (usize, usize),
}

impl<'a> Importer<'a> {
    fn new(
        store: &'a Store,
        opts: &'a Options,
        file: String,
        out: SyncSender<Batch>,
        stream: bool,
    ) -> Result<Importer<'a>> {
        let mut people = HashMap::new();
        let mut with_email = HashSet::new();
        for p in store.people_with_email()? {
            if let std::collections::hash_map::Entry::Vacant(slot) = people.entry(p.email.trim().to_lowercase()) {
                with_email.insert(p.key.clone());
                slot.insert(p.key);
            }
        }
        Ok(Importer {
            store,
            opts,
            report: Report { file, ..Report::default() },
            people,
            with_email,
            stored_meetings: store.holds_meetings()?,
            new_people: Vec::new(),
            people_taken: HashSet::new(),
            meetings_taken: HashSet::new(),
            meetings: Vec::new(),
            by_key: HashMap::new(),
            origins: Vec::new(),
            by_uid: HashMap::new(),
            out,
            stream,
            handed: (0, 0),
        })
    }

    /// The people created and the meetings created or changed since the last batch, taken out
    /// of the importer. A meeting read from the register and left as it was does not go back in.
    fn take_batch(&mut self) -> Batch {
        let (created, updated) = self.handed;
        let changed: HashSet<&str> = self.report.created[created..]
            .iter()
            .chain(&self.report.updated[updated..])
            .filter_map(|e| e.meeting.as_deref())
            .collect();
        let (mut meetings, mut origins) = (Vec::new(), Vec::new());
        for (m, origin) in self.meetings.drain(..).zip(self.origins.drain(..)) {
            if changed.contains(m.key.as_str()) {
                meetings.push(m);
                origins.push(origin);
            }
        }
        // What pointed into the meetings taken.
        self.by_key.clear();
        self.by_uid.clear();
        self.handed = (self.report.created.len(), self.report.updated.len());
        let people = std::mem::take(&mut self.new_people);
        Batch { doc: Document { people, meetings, ..Document::default() }, origins }
    }

    /// Hands `batch` to the store, unless it holds nothing.
    fn send(&self, batch: Batch) -> Result<()> {
        if batch.doc.people.is_empty() && batch.doc.meetings.is_empty() {
            return Ok(());
        }
        // The store stopped taking batches: its error is the one the import reports.
        self.out.send(batch).map_err(|_| Error::BadArgument("the import was stopped".into()))
    }

    /// In a stream, hands a batch to the store once [`BATCH`] meetings are ready.
    fn hand_over(&mut self) -> Result<()> {
        if self.stream && self.meetings.len() >= BATCH {
            let batch = self.take_batch();
            self.send(batch)?;
        }
        Ok(())
    }

    fn note(&mut self, line: Option<usize>, message: impl Into<String>) {
        let message = message.into();
        self.report.notes.push(match line {
            Some(l) => format!("line {l}: {message}"),
            None => message,
        });
    }

    /// The register's meetings with these invitation UIDs (UID -> key).
    fn stored_by_uid(&self, uids: &[&str]) -> Result<std::collections::HashMap<String, String>> {
        if !self.stored_meetings {
            return Ok(std::collections::HashMap::new());
        }
        self.store.meetings_by_uid(uids)
    }

    fn mint(&mut self, space: KeySpace, base: &str) -> Result<String> {
        let mut candidate = base.to_string();
        let mut n = 1u32;
        loop {
            let taken = match space {
                KeySpace::People => &self.people_taken,
                _ => &self.meetings_taken,
            };
            let stored = match space {
                KeySpace::Meetings if !self.stored_meetings => false,
                _ => self.store.holds_key(space, &candidate)?,
            };
            if !taken.contains(&candidate) && !stored {
                break;
            }
            n += 1;
            candidate = format!("{base}-{n}");
        }
        match space {
            KeySpace::People => self.people_taken.insert(candidate.clone()),
            _ => self.meetings_taken.insert(candidate.clone()),
        };
        Ok(candidate)
    }

    /// The person with this calendar address: found by e-mail, else created. `None` (noted) for
    /// an address the register cannot take.
    fn person(&mut self, a: &CalAddress, line: usize) -> Result<Option<String>> {
        let Some(email) = a.email.as_deref().map(str::trim) else {
            let who = a.cn.as_deref().map(|c| format!("{c} ({})", a.uri)).unwrap_or_else(|| a.uri.clone());
            self.note(Some(line), format!("{who} has no e-mail address; left out"));
            return Ok(None);
        };
        if !usable_email(email) {
            self.note(Some(line), format!("\"{email}\" is not an e-mail address the register takes; left out"));
            return Ok(None);
        }
        let lower = if email.is_ascii() { email.to_ascii_lowercase() } else { email.to_lowercase() };
        if let Some(key) = self.people.get(&lower) {
            return Ok(Some(key.clone()));
        }
        let name =
            a.cn.as_deref()
                .and_then(|cn| one_line(cn.trim_matches(['"', '\'']), 200))
                .unwrap_or_else(|| email.chars().take(200).collect());
        let base = slug(if a.cn.is_some() { &name } else { email.split('@').next().unwrap_or(email) });
        let key = self.mint(KeySpace::People, &base)?;
        self.report.people_created.push(format!("{name} <{email}>"));
        self.new_people.push(Person {
            key: key.clone(),
            name,
            family_name: None,
            organisation: None,
            role: None,
            email: Some(email.to_string()),
            public: false,
            extra: None,
        });
        self.people.insert(lower, key.clone());
        self.with_email.insert(key.clone());
        Ok(Some(key))
    }

    /// A meeting of the document (taken from the register the first time it is needed).
    fn meeting(&mut self, key: &str, line: usize, uid: &str) -> Result<usize> {
        if let Some(&i) = self.by_key.get(key) {
            return Ok(i);
        }
        let m = self.store.meeting(key)?;
        self.push_meeting(m, line, uid);
        Ok(self.meetings.len() - 1)
    }

    fn push_meeting(&mut self, m: Meeting, line: usize, uid: &str) {
        self.by_key.insert(m.key.clone(), self.meetings.len());
        self.meetings.push(m);
        self.origins.push((line, uid.to_string()));
    }

    fn when_text(m: &Meeting) -> String {
        match time::parse_local(&m.start) {
            Ok(t) if m.all_day => t.format("%-d %b %Y").to_string(),
            Ok(t) => format!("{} {}", time::display_local(t), m.timezone),
            Err(_) => m.start.clone(),
        }
    }

    fn entry(m: &Meeting, line: usize, detail: impl Into<String>) -> Entry {
        Entry {
            meeting: Some(m.key.clone()),
            title: m.title.clone(),
            when: Importer::when_text(m),
            detail: detail.into(),
            line: line32(line),
        }
    }

    fn skip(&mut self, e: &Event, detail: impl Into<String>) {
        self.report.skipped.push(Entry {
            meeting: None,
            title: e.summary.as_deref().and_then(|s| one_line(s, 300)).unwrap_or_else(|| "(no title)".into()),
            when: String::new(),
            detail: detail.into(),
            line: line32(e.line),
        });
    }

    /// The local times, zone and all-day flag of an occurrence, as the register keeps them.
    fn times(&mut self, o: &Occurrence<'_>, zones: &Zones) -> Result<(String, String, String, bool), IcsError> {
        let line = o.event.line;
        for n in &o.notes {
            self.note(Some(line), n.clone());
        }
        match (&o.start, &o.end) {
            (When::AllDay(d), end) => {
                if o.backwards {
                    self.note(Some(line), "the event ends before it starts; taken to last a day");
                }
                let last = match end {
                    When::AllDay(e) if e > d => *e,
                    _ => d.succ_opt().unwrap_or(*d),
                };
                let midnight = |d: NaiveDate| time::format_local(d.and_time(NaiveTime::MIN));
                Ok((midnight(*d), midnight(last), self.opts.zone.name().to_string(), true))
            }
            (When::Instant { at, .. }, end) => {
                let tz = match o.event.start.as_ref().map(|s| zones.zone_of(s)).transpose()? {
                    Some(Zone::Iana(tz)) => tz,
                    Some(Zone::File(f)) => {
                        self.note(
                            Some(line),
                            format!(
                                "time zone \"{}\" is not one the register knows; times kept in {}",
                                f.tzid,
                                self.opts.zone.name()
                            ),
                        );
                        self.opts.zone
                    }
                    _ => self.opts.zone,
                };
                let mut until = end.instant().unwrap_or(*at);
                if until <= *at {
                    let why = if o.event.end.is_none() && o.event.duration.is_none() {
                        "has no end"
                    } else if o.backwards {
                        "ends before it starts"
                    } else {
                        "ends as it starts"
                    };
                    until = *at + DEFAULT_LENGTH;
                    self.note(Some(line), format!("the event {why}; taken to last an hour"));
                }
                let local = |t: DateTime<Utc>| time::local_of(t, tz);
                let start = local(*at);
                // A wall-clock time that occurs twice (the autumn overlap) means its first instant
                // in the register: say so when the file meant the second.
                if let Ok(back) =
                    time::parse_local(&start).map_err(drop).and_then(|l| time::resolve(l, tz).map_err(drop))
                {
                    if back != *at {
                        self.note(
                            Some(line),
                            format!("{start} occurs twice in {}; the register keeps the first", tz.name()),
                        );
                    }
                }
                Ok((start, local(until), tz.name().to_string(), false))
            }
        }
    }

    /// An occurrence of a REQUEST or PUBLISH event, as it is to become a meeting.
    fn incoming(&mut self, o: &Occurrence<'_>, zones: &Zones, method: &str) -> Result<Option<Incoming>> {
        let e = o.event;
        let uid = match &o.key {
            Some(uid) => uid.clone(),
            None => {
                // No UID: one made from what the event says, so that the same file imported
                // again finds the same meeting.
                let basis = format!("{}|{:?}", e.summary.as_deref().unwrap_or(""), o.start);
                let made = format!("no-uid-{}@{UID_DOMAIN}", &fingerprint_text(&basis)[3..]);
                self.note(Some(e.line), format!("the event has no UID; it is kept as {made}"));
                made
            }
        };
        if uid.chars().count() > 255 {
            self.skip(e, "its UID is longer than 255 characters");
            return Ok(None);
        }
        let (start, end, timezone, all_day) = match self.times(o, zones) {
            Ok(t) => t,
            Err(err) => {
                self.skip(e, err.message);
                return Ok(None);
            }
        };
        let organiser = match &e.organizer {
            Some(a) if a.email.is_some() => self.person(a, e.line)?,
            _ => None,
        };
        let mut attendees: Vec<(String, Option<Response>, bool)> = Vec::new();
        // The fingerprint folds their case.
        let mut emails: Vec<&str> = Vec::new();
        for a in &e.attendees {
            let Some(key) = self.person(a, e.line)? else { continue };
            if attendees.iter().any(|(k, _, _)| *k == key) {
                continue;
            }
            if let Some(email) = &a.email {
                emails.push(email);
            }
            attendees.push((key, response_of(a.partstat.as_deref()), a.role.as_deref() == Some("CHAIR")));
        }
        let location = e.location.as_deref().and_then(|l| one_line(l, 200));
        let cancelled = e.status.as_deref() == Some("CANCELLED");
        let fingerprint = fingerprint(&Sent {
            start: &start,
            end: &end,
            timezone: &timezone,
            all_day,
            location: location.as_deref(),
            attendees: emails,
            cancelled,
        });
        Ok(Some(Incoming {
            line: e.line,
            uid,
            sequence: e.sequence.unwrap_or(0),
            title: e.summary.as_deref().and_then(|s| one_line(s, 300)),
            start,
            end,
            timezone,
            all_day,
            location,
            description: e.description.as_deref().and_then(|d| long_text(d, 20_000)),
            cancelled,
            organiser,
            attendees,
            fingerprint,
            complete: method == "REQUEST",
        }))
    }

    /// REQUEST and PUBLISH: `events` (all of a calendar's, or a part of them that means the
    /// same on its own: see [`InParts`]) as meetings.
    fn events(&mut self, events: &[Event], zones: &Zones, method: &str) -> Result<()> {
        let (from, to) = self.opts.window()?;
        // Far enough for any meeting: an event that does not recur is imported wherever it is.
        let (ever_from, ever_to) = (
            Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).single().unwrap_or(from),
            Utc.with_ymd_and_hms(2200, 1, 1, 0, 0, 0).single().unwrap_or(to),
        );
        let mut incoming: Vec<Incoming> = Vec::new();
        let recurs = |e: &Event| !e.rrules.is_empty() || !e.rdates.is_empty() || e.recurrence_id.is_some();
        if !events.iter().any(recurs) {
            // Nothing recurs (most files): the events as they are, one expansion for all.
            // (One event that cannot be placed fails the whole expansion: then each UID is taken
            // on its own below, so that only that one is skipped.)
            if let Ok(expansion) = expand(events, zones, ever_from, ever_to, MAX_OCCURRENCES) {
                for w in &expansion.warnings {
                    self.note(w.line, w.message.clone());
                }
                return self.occurrences(&expansion.occurrences, zones, method);
            }
        }
        // Each UID's events together (a recurring event and the instances it overrides).
        let mut groups: Vec<Vec<Event>> = Vec::new();
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for e in events {
            match e.uid.as_deref() {
                Some(uid) => match group_of.get(uid) {
                    Some(&g) => groups[g].push(e.clone()),
                    None => {
                        group_of.insert(uid, groups.len());
                        groups.push(vec![e.clone()]);
                    }
                },
                None => groups.push(vec![e.clone()]),
            }
        }
        let mut total = 0usize;
        for group in &groups {
            let recurring = group.len() > 1 || group.iter().any(recurs);
            let (lo, hi) = if recurring { (from, to) } else { (ever_from, ever_to) };
            let room = MAX_OCCURRENCES.saturating_sub(total);
            if room == 0 {
                self.note(None, format!("only the first {MAX_OCCURRENCES} occurrences of the file were imported"));
                break;
            }
            let expansion = match expand(group, zones, lo, hi, room) {
                Ok(x) => x,
                Err(err) => {
                    self.skip(&group[0], err.to_string());
                    continue;
                }
            };
            for w in &expansion.warnings {
                self.note(w.line, w.message.clone());
            }
            if recurring && expansion.occurrences.is_empty() {
                self.skip(&group[0], "no occurrence falls between the dates imported (--from, --to)");
            }
            total += expansion.occurrences.len();
            for o in &expansion.occurrences {
                if let Some(i) = self.incoming(o, zones, method)? {
                    incoming.push(i);
                }
            }
        }
        self.store_events(incoming)
    }

    /// The occurrences of events that do not recur, into the document. When every one has a UID
    /// of its own (most files), each goes in as it is read, so that batches are handed over
    /// from the start; else all are read before the newer version of each UID is kept.
    fn occurrences(&mut self, occurrences: &[Occurrence<'_>], zones: &Zones, method: &str) -> Result<()> {
        let mut uids: HashSet<&str> = HashSet::with_capacity(occurrences.len());
        let distinct = occurrences.iter().all(|o| o.key.as_deref().is_some_and(|uid| uids.insert(uid)));
        if !distinct {
            let mut incoming = Vec::new();
            for o in occurrences {
                if let Some(i) = self.incoming(o, zones, method)? {
                    incoming.push(i);
                }
            }
            return self.store_events(incoming);
        }
        let existing = self.stored_by_uid(&uids.into_iter().collect::<Vec<_>>())?;
        for o in occurrences {
            if let Some(i) = self.incoming(o, zones, method)? {
                self.place(i, &existing)?;
            }
        }
        Ok(())
    }

    /// The incoming events into the document: each UID once, then updates and new meetings.
    fn store_events(&mut self, incoming: Vec<Incoming>) -> Result<()> {
        // The same UID twice in the file (two versions of an invitation): the higher SEQUENCE
        // wins, the later one on a tie.
        let mut kept: HashMap<String, usize> = HashMap::new();
        let mut chosen: Vec<Option<Incoming>> = Vec::with_capacity(incoming.len());
        for i in incoming {
            match kept.get(&i.uid) {
                Some(&at) => {
                    let Some(previous) = chosen[at].as_ref() else { continue };
                    let (older, newer_line) =
                        if i.sequence >= previous.sequence { (previous.line, i.line) } else { (i.line, previous.line) };
                    self.note(
                        Some(older),
                        format!("an older version of the event at line {newer_line} (the same UID); left out"),
                    );
                    if i.sequence >= previous.sequence {
                        chosen[at] = Some(i);
                    }
                }
                None => {
                    kept.insert(i.uid.clone(), chosen.len());
                    chosen.push(Some(i));
                }
            }
        }
        let chosen: Vec<Incoming> = chosen.into_iter().flatten().collect();
        let uids: Vec<&str> = chosen.iter().map(|i| i.uid.as_str()).collect();
        let existing = self.stored_by_uid(&uids)?;
        for i in chosen {
            self.place(i, &existing)?;
        }
        Ok(())
    }

    /// An incoming event as a new meeting, or as an update of the one that has its UID in the
    /// register (`existing`: UID -> key) or already in the file.
    fn place(&mut self, i: Incoming, existing: &std::collections::HashMap<String, String>) -> Result<()> {
        // A UID this file already made a meeting of (in another of its calendars).
        let key =
            existing.get(&i.uid).cloned().or_else(|| self.by_uid.get(&i.uid).map(|&m| self.meetings[m].key.clone()));
        match key {
            Some(key) => self.update(key, i)?,
            None => self.create(i)?,
        }
        self.hand_over()
    }

    fn create(&mut self, i: Incoming) -> Result<()> {
        let title = i.title.clone().unwrap_or_else(|| "(no title)".to_string());
        let day = i.start.get(..10).unwrap_or(&i.start).to_string();
        let key = self.mint(KeySpace::Meetings, &format!("{day}-{}", slug(&title)))?;
        let participants = i
            .attendees
            .iter()
            .map(|(person, response, chair)| Participant {
                person: Some(person.clone()),
                organisation: None,
                attendance: Attendance::Invited,
                response: response.unwrap_or_default(),
                role: if *chair { ParticipantRole::Chair } else { ParticipantRole::Participant },
                extra: None,
            })
            .collect();
        let m = Meeting {
            key,
            title,
            kind: MeetingKind::Meeting,
            codes: Vec::new(),
            exercises: Vec::new(),
            start: i.start,
            end: i.end,
            timezone: i.timezone,
            all_day: i.all_day,
            location: i.location,
            status: if i.cancelled { MeetingStatus::Cancelled } else { MeetingStatus::Planned },
            objective: i.description,
            organiser: i.organiser,
            follow_up_of: None,
            participants,
            points: Vec::new(),
            actions: Vec::new(),
            flash: None,
            invitation: Some(Invitation {
                uid: i.uid.clone(),
                sequence: i.sequence,
                sent: Some(i.fingerprint),
                extra: None,
            }),
            transparency: None,
            extra: None,
        };
        let n = m.participants.len();
        let detail = match n {
            0 => "new meeting".to_string(),
            1 => "new meeting, 1 attendee".to_string(),
            n => format!("new meeting, {n} attendees"),
        };
        self.report.created.push(Importer::entry(&m, i.line, detail));
        self.by_uid.insert(i.uid.clone(), self.meetings.len());
        self.push_meeting(m, i.line, &i.uid);
        Ok(())
    }

    fn update(&mut self, key: String, i: Incoming) -> Result<()> {
        let at = self.meeting(&key, i.line, &i.uid)?;
        self.by_uid.insert(i.uid.clone(), at);
        let before = self.meetings[at].clone();
        let stored = before.invitation.clone();
        let stored_sequence = stored.as_ref().map_or(0, |s| s.sequence);
        if i.sequence < stored_sequence {
            let entry = Importer::entry(
                &before,
                i.line,
                format!("an older invitation (SEQUENCE {}; the register has {stored_sequence})", i.sequence),
            );
            self.report.skipped.push(entry);
            return Ok(());
        }
        // The time, place and attendees the register last sent or received: an invitation with
        // the same SEQUENCE and the same fingerprint moves nothing (edits not sent yet stay).
        let same_as_sent = i.sequence == stored_sequence
            && stored.as_ref().and_then(|s| s.sent.as_deref()) == Some(i.fingerprint.as_str());
        let mut m = before.clone();
        let mut changes: Vec<&str> = Vec::new();
        if let Some(title) = &i.title {
            if *title != m.title {
                m.title = title.clone();
                changes.push("title");
            }
        }
        if !same_as_sent {
            if (m.start.as_str(), m.end.as_str(), m.timezone.as_str(), m.all_day)
                != (i.start.as_str(), i.end.as_str(), i.timezone.as_str(), i.all_day)
            {
                (m.start, m.end, m.timezone, m.all_day) =
                    (i.start.clone(), i.end.clone(), i.timezone.clone(), i.all_day);
                changes.push("time");
            }
            if m.location != i.location {
                m.location = i.location.clone();
                changes.push("place");
            }
        }
        let status = if i.cancelled {
            MeetingStatus::Cancelled
        } else if m.status == MeetingStatus::Cancelled {
            MeetingStatus::Planned
        } else {
            m.status
        };
        if status != m.status {
            m.status = status;
            changes.push(if status == MeetingStatus::Cancelled { "cancelled" } else { "planned again" });
        }
        if let Some(organiser) = &i.organiser {
            if m.organiser.as_ref() != Some(organiser) {
                m.organiser = Some(organiser.clone());
                changes.push("organiser");
            }
        }
        let mut attendees_changed = false;
        for (person, response, chair) in &i.attendees {
            match m.participants.iter_mut().find(|p| p.person.as_ref() == Some(person)) {
                Some(p) => {
                    if let Some(r) = response {
                        if p.response != *r {
                            p.response = *r;
                            attendees_changed = true;
                        }
                    }
                }
                None => {
                    m.participants.push(Participant {
                        person: Some(person.clone()),
                        organisation: None,
                        attendance: Attendance::Invited,
                        response: response.unwrap_or_default(),
                        role: if *chair { ParticipantRole::Chair } else { ParticipantRole::Participant },
                        extra: None,
                    });
                    attendees_changed = true;
                }
            }
        }
        if i.complete && !same_as_sent {
            // No longer invited: people with an address the invitation leaves out, unless the
            // register says more of them than that they were invited.
            let listed: HashSet<&str> = i.attendees.iter().map(|(k, _, _)| k.as_str()).collect();
            let count = m.participants.len();
            let with_email = &self.with_email;
            m.participants.retain(|p| match &p.person {
                Some(k) => {
                    listed.contains(k.as_str()) || !with_email.contains(k) || p.attendance != Attendance::Invited
                }
                None => true,
            });
            attendees_changed |= m.participants.len() != count;
        }
        if attendees_changed {
            changes.push("attendees");
        }
        m.invitation = Some(Invitation {
            uid: stored.as_ref().map_or_else(|| i.uid.clone(), |s| s.uid.clone()),
            sequence: i.sequence.max(stored_sequence),
            sent: Some(i.fingerprint.clone()),
            extra: stored.and_then(|s| s.extra),
        });
        if m == before {
            self.report.unchanged.push(Importer::entry(&m, i.line, "already as the file says"));
        } else {
            let detail = if changes.is_empty() { "invitation details".to_string() } else { changes.join(", ") };
            self.report.updated.push(Importer::entry(&m, i.line, detail));
            self.meetings[at] = m;
        }
        Ok(())
    }

    /// The meetings a REPLY or CANCEL event is about: the occurrence its RECURRENCE-ID names,
    /// else the meeting of its UID and every occurrence of it.
    fn targets(&mut self, e: &Event, zones: &Zones) -> Result<Vec<(String, String)>> {
        let Some(uid) = e.uid.as_deref() else {
            self.skip(e, "the event has no UID, so no meeting can be found for it");
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        if let Some(rid) = &e.recurrence_id {
            let occurrence = match zones.resolve(rid) {
                Ok(When::Instant { at, .. }) => utc_text(at),
                Ok(When::AllDay(d)) => super::datetime::format_date(d).unwrap_or_default(),
                Err(err) => {
                    self.skip(e, err.message);
                    return Ok(Vec::new());
                }
            };
            let wanted = format!("{uid}#{occurrence}");
            found.extend(self.store.meetings_of_series(uid)?.into_iter().filter(|(u, _)| *u == wanted || u == uid));
            // A RECURRENCE-ID on a meeting imported as one event: that meeting.
            if found.len() > 1 {
                found.retain(|(u, _)| *u == wanted);
            }
        } else {
            found = self.store.meetings_of_series(uid)?;
        }
        // Meetings this file created are not stored yet.
        for (u, &at) in &self.by_uid {
            if (u == uid || u.starts_with(&format!("{uid}#"))) && !found.iter().any(|(f, _)| f == u) {
                found.push((u.clone(), self.meetings[at].key.clone()));
            }
        }
        if found.is_empty() {
            self.skip(e, format!("no meeting in the register has the UID {uid}"));
        }
        Ok(found)
    }

    fn older(&mut self, e: &Event, at: usize, what: &str) -> bool {
        let stored = self.meetings[at].invitation.as_ref().map_or(0, |i| i.sequence);
        let sequence = e.sequence.unwrap_or(0);
        if sequence < stored {
            let entry = Importer::entry(
                &self.meetings[at],
                e.line,
                format!("{what} an older invitation (SEQUENCE {sequence}; the register has {stored})"),
            );
            self.report.skipped.push(entry);
            true
        } else {
            false
        }
    }

    fn replies(&mut self, calendar: &Calendar) -> Result<()> {
        let zones = Zones::new(calendar, self.opts.zone);
        for e in &calendar.events {
            for (uid, key) in self.targets(e, &zones)? {
                let at = self.meeting(&key, e.line, &uid)?;
                if self.older(e, at, "a reply to") {
                    continue;
                }
                let mut said = Vec::new();
                for a in &e.attendees {
                    let Some(response) = response_of(a.partstat.as_deref()) else { continue };
                    let Some(person) = self.person(a, e.line)? else { continue };
                    let m = &mut self.meetings[at];
                    let name = a.cn.clone().or_else(|| a.email.clone()).unwrap_or_default();
                    match m.participants.iter_mut().find(|p| p.person.as_deref() == Some(person.as_str())) {
                        Some(p) if p.response == response => continue,
                        Some(p) => p.response = response,
                        None => m.participants.push(Participant {
                            person: Some(person),
                            organisation: None,
                            attendance: Attendance::Invited,
                            response,
                            role: ParticipantRole::Participant,
                            extra: None,
                        }),
                    }
                    said.push(format!("{name} {}", response_word(response)));
                }
                let entry = Importer::entry(&self.meetings[at], e.line, said.join("; "));
                if said.is_empty() {
                    self.report.unchanged.push(Importer::entry(
                        &self.meetings[at],
                        e.line,
                        "the answers were already recorded",
                    ));
                } else {
                    self.report.updated.push(entry);
                }
            }
        }
        Ok(())
    }

    fn cancellations(&mut self, calendar: &Calendar) -> Result<()> {
        let zones = Zones::new(calendar, self.opts.zone);
        for e in &calendar.events {
            for (uid, key) in self.targets(e, &zones)? {
                let at = self.meeting(&key, e.line, &uid)?;
                if self.older(e, at, "the cancellation of") {
                    continue;
                }
                let m = &mut self.meetings[at];
                let sequence = e.sequence.unwrap_or(0);
                let mut changed = false;
                if m.status != MeetingStatus::Cancelled {
                    m.status = MeetingStatus::Cancelled;
                    changed = true;
                }
                match &mut m.invitation {
                    Some(i) if i.sequence < sequence => {
                        i.sequence = sequence;
                        changed = true;
                    }
                    Some(_) => {}
                    None => {
                        m.invitation = Some(Invitation { uid: uid.clone(), sequence, sent: None, extra: None });
                        changed = true;
                    }
                }
                let m = &self.meetings[at];
                if changed {
                    self.report.updated.push(Importer::entry(m, e.line, "cancelled"));
                } else {
                    self.report.unchanged.push(Importer::entry(m, e.line, "already cancelled"));
                }
            }
        }
        Ok(())
    }

    fn calendar(&mut self, calendar: &Calendar) -> Result<()> {
        let method = calendar.method.clone().unwrap_or_else(|| "PUBLISH".to_string());
        match method.as_str() {
            "PUBLISH" | "REQUEST" => self.events(&calendar.events, &Zones::new(calendar, self.opts.zone), &method)?,
            "REPLY" => self.replies(calendar)?,
            "CANCEL" => self.cancellations(calendar)?,
            other => {
                for e in &calendar.events {
                    self.skip(e, format!("METHOD:{other} is not imported (only PUBLISH, REQUEST, REPLY and CANCEL)"));
                }
            }
        }
        self.tasks_left_out(calendar.line, calendar.todos.len());
        Ok(())
    }

    /// The events of a calendar of invitations or published events read in parts, each part
    /// made into meetings (and batches handed over) as soon as it is read. Returns how many
    /// events there were.
    fn calendar_in_parts(&mut self, calendar: &InParts) -> Result<usize> {
        for w in &calendar.warnings {
            self.note(w.line, w.message.clone());
        }
        let method = calendar.head.method.clone().unwrap_or_else(|| "PUBLISH".to_string());
        let zones = Zones::new(&calendar.head, self.opts.zone);
        let (mut events, mut tasks) = (0, 0);
        calendar
            .read_each(|part: Part| {
                for w in &part.warnings {
                    self.note(w.line, w.message.clone());
                }
                events += part.events.len();
                tasks += part.todos.len();
                self.events(&part.events, &zones, &method).map_err(Stopped::Import)
            })
            .map_err(|stopped| match stopped {
                Stopped::Read(e) => unreadable(&self.report.file, &e),
                Stopped::Import(e) => e,
            })?;
        self.tasks_left_out(calendar.head.line, tasks);
        Ok(events)
    }

    fn tasks_left_out(&mut self, line: usize, n: usize) {
        if n > 0 {
            self.note(
                Some(line),
                format!(
                    "{n} task{} (VTODO) not imported: the register keeps agreed actions inside meetings",
                    if n == 1 { "" } else { "s" }
                ),
            );
        }
    }
}

/// Why the reading of a calendar in parts stopped: a part could not be read, or what was read
/// could not be imported.
enum Stopped {
    Read(IcsError),
    Import(Error),
}

impl From<IcsError> for Stopped {
    fn from(e: IcsError) -> Stopped {
        Stopped::Read(e)
    }
}

impl From<crate::ordered::WorkersStopped> for Stopped {
    fn from(e: crate::ordered::WorkersStopped) -> Stopped {
        Stopped::Import(e.into())
    }
}

/// Whether a calendar's meetings go to the store in batches as they are made: invitations and
/// published events. (A reply or a cancellation may change a meeting made before.)
fn in_batches(calendar: &Calendar) -> bool {
    matches!(calendar.method.as_deref().unwrap_or("PUBLISH"), "PUBLISH" | "REQUEST")
}

fn fingerprint_text(text: &str) -> String {
    fingerprint(&Sent {
        start: text,
        end: "",
        timezone: "",
        all_day: false,
        location: None,
        attendees: Vec::new(),
        cancelled: false,
    })
}

/// A file that cannot be read, naming the file: its one problem, or every problem found, each
/// of its own (`bad.ics: line 12`), as the CLI and the window list the problems of a document.
fn unreadable(name: &str, e: &IcsError) -> Error {
    if e.also.is_empty() {
        return Error::Malformed(format!("{name}: {e}"));
    }
    let problems = e
        .problems()
        .map(|(line, message)| FieldProblem {
            field: line.map_or_else(|| name.to_string(), |line| format!("{name}: line {line}")),
            message: message.to_string(),
        })
        .collect();
    Error::Invalid { problems }
}

/// Imports the calendar `bytes` (named `name` in messages), all or nothing.
///
/// The importer makes the meetings on a thread of its own, reading the register on a
/// connection of its own (as it was before the import: the store's writes are not committed
/// until the end), while this thread validates and writes them in batches through
/// [`Store::import_batches`]: one transaction, so an error in any batch, or in the importer
/// after some batches, stores nothing. A file of one calendar of invitations or published
/// events (every large one) is handed over in batches as the meetings are made; any other file
/// in one batch at the end. When its events mean the same read part by part (see
/// [`InParts`]: its head first, nothing recurs, every UID its own), the importer takes each
/// part as soon as it is read, so the first batch is written while most of the file is still
/// being read; a part that cannot be read then fails the import like any other error.
pub fn import_bytes(store: &mut Store, name: &str, bytes: &[u8], opts: &Options) -> Result<Report> {
    let malformed = |e: IcsError| unreadable(name, &e);
    let file = match read_for_import(bytes).map_err(malformed)? {
        Reading::InParts(parts) if !in_batches(&parts.head) => {
            Reading::Whole((*parts).into_whole().map_err(malformed)?)
        }
        reading => reading,
    };
    let stream = match &file {
        Reading::InParts(_) => true,
        Reading::Whole(file) => matches!(file.calendars.as_slice(), [only] if in_batches(only)),
    };
    let reader = Store::open(store.path(), OpenMode::ReadOnly)?;
    let (out, batches) = sync_channel::<Batch>(2);
    std::thread::scope(|scope| {
        let importing = scope.spawn(move || make_batches(&reader, file, name, opts, out, stream));
        let joined = || importing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let Ok(first) = batches.recv() else {
            // Nothing to store (or the importer failed): no transaction at all.
            return joined();
        };
        let mut report = None;
        store.import_batches(|sink| {
            // Dropped on every way out of here: an importer still making batches then stops.
            let batches = batches;
            for Batch { doc, origins } in std::iter::once(first).chain(batches.iter()) {
                let people = doc.people.clone();
                sink(doc).map_err(|e| match e {
                    Error::Invalid { problems } => {
                        Error::Invalid { problems: locate(&problems, &origins, &people, name) }
                    }
                    other => other,
                })?;
            }
            // Every batch is in; they are kept only if the importer finished without an error.
            report = Some(joined()?);
            Ok(())
        })?;
        report.ok_or_else(|| Error::BadArgument("the import was stopped".into()))
    })
}

/// The importer's side of [`import_bytes`]: makes the meetings of `file`, hands them to `out`
/// in batches and returns the report. What was read is freed here, on the importer's thread.
fn make_batches(
    reader: &Store,
    file: Reading,
    name: &str,
    opts: &Options,
    out: SyncSender<Batch>,
    stream: bool,
) -> Result<Report> {
    // The lookups (people by e-mail, meetings by UID, free keys) in one read.
    reader.in_one_read(|| {
        let mut importer = Importer::new(reader, opts, name.to_string(), out, stream)?;
        let events = match &file {
            Reading::Whole(file) => {
                for w in &file.warnings {
                    importer.note(w.line, w.message.clone());
                }
                for calendar in &file.calendars {
                    importer.calendar(calendar)?;
                }
                file.calendars.iter().map(|c| c.events.len()).sum()
            }
            Reading::InParts(calendar) => importer.calendar_in_parts(calendar)?,
        };
        if events == 0 {
            importer.note(None, "the file holds no event");
        }
        let last = importer.take_batch();
        importer.send(last)?;
        let mut report = importer.report;
        // A note said of each occurrence of a recurring event is said once.
        let mut said = HashSet::new();
        report.notes.retain(|n| said.insert(n.clone()));
        Ok(report)
    })
}

fn locate(problems: &[FieldProblem], origins: &[(usize, String)], people: &[Person], name: &str) -> Vec<FieldProblem> {
    problems
        .iter()
        .map(|p| {
            let field = if let Some(rest) = p.field.strip_prefix("meetings[") {
                let (index, tail) = rest.split_once(']').unwrap_or((rest, ""));
                match index.parse::<usize>().ok().and_then(|i| origins.get(i)) {
                    Some((line, uid)) => format!("{name} line {line} (UID {uid}){tail}"),
                    None => p.field.clone(),
                }
            } else if let Some(rest) = p.field.strip_prefix("people[") {
                let (index, tail) = rest.split_once(']').unwrap_or((rest, ""));
                match index.parse::<usize>().ok().and_then(|i| people.get(i)) {
                    Some(person) => {
                        format!("{name} attendee {}{tail}", person.email.as_deref().unwrap_or(&person.name))
                    }
                    None => p.field.clone(),
                }
            } else {
                p.field.clone()
            };
            FieldProblem { field, message: p.message.clone() }
        })
        .collect()
}

/// Imports the calendar file at `path` (an ordinary file of at most [`ICS_FILE_LIMIT`]).
pub fn import_file(store: &mut Store, path: &Path, opts: &Options) -> Result<Report> {
    let bytes = read_capped(path, ICS_FILE_LIMIT, "calendar files")?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().to_string());
    import_bytes(store, &name, &bytes, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_short_ways_give_what_the_long_ways_give(
            text in "[ a-zé\t\r\n\u{0}\u{7f}\u{85}\u{a0}\u{2028}]{0,12}",
            max in 0usize..14,
        ) {
            prop_assert_eq!(one_line(&text, max), one_line_any(&text, max));
            prop_assert_eq!(long_text(&text, max), long_text_any(&text, max));
        }
    }
}
