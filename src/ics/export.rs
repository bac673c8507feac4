//! The register as calendar files to import into Outlook, Google or Thunderbird:
//!
//! - [`calendar`]: the meetings a filter selects, one VEVENT each in a `METHOD:PUBLISH`
//!   calendar, oldest first: SUMMARY, DESCRIPTION (the objective, then the Codes), LOCATION,
//!   DTSTART/DTEND in the meeting's zone (`TZID=`, with one VTIMEZONE per zone used, in the
//!   compact yearly-RRULE form) or as dates for an all-day meeting, `STATUS:CANCELLED` for a
//!   cancelled one, and the UID and SEQUENCE its invitations carry (a meeting never invited: the
//!   UID derived from its key, SEQUENCE 0), so that importing the file again, or an invitation
//!   later, updates the same events;
//! - [`tasks`]: the agreed actions that have a due-by date, as VTODOs (DUE, STATUS, the meeting
//!   in DESCRIPTION), or as all-day VEVENTs on that date, since Outlook's and Google's imports
//!   ignore VTODO.
//!
//! Both are pure: the same register and the same `stamp` (DTSTAMP, passed in) give the same
//! bytes.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::datetime::IcsTime;
use super::vtimezone::vtimezone;
use super::write::{Component, Property};
use super::{action_uid, meeting_uid, PRODID};
use crate::error::{Error, Result};
use crate::model::{ActionStatus, MeetingStatus};
use crate::store::calendar::CalendarMeeting;
use crate::store::{ActionFilter, ActionRow, MeetingFilter, Store};
use crate::time;

/// A calendar file, and how many events or tasks it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub ics: String,
    pub count: usize,
}

/// The times of a meeting as a calendar states them, and its zone when it has one (an all-day
/// meeting is dates, in no zone).
pub(crate) struct Times {
    pub start: IcsTime,
    pub end: IcsTime,
    pub zone: Option<Tz>,
}

/// `start` and `end` (local times of the format) of a meeting in `timezone`, as DTSTART/DTEND.
pub(crate) fn times(key: &str, start: &str, end: &str, timezone: &str, all_day: bool) -> Result<Times> {
    let bad = |e: String| Error::Malformed(format!("meeting \"{key}\": {e}"));
    let (start, end) = (time::parse_local(start).map_err(bad)?, time::parse_local(end).map_err(bad)?);
    if all_day {
        let last = if end.date() > start.date() { end.date() } else { start.date().succ_opt().unwrap_or(end.date()) };
        return Ok(Times { start: IcsTime::Date(start.date()), end: IcsTime::Date(last), zone: None });
    }
    let zone = time::parse_zone(timezone).map_err(bad)?;
    let tzid = zone.name().to_string();
    Ok(Times {
        start: IcsTime::Zoned { local: start, tzid: tzid.clone() },
        end: IcsTime::Zoned { local: end, tzid },
        zone: Some(zone),
    })
}

/// A property of a time, failing for a year iCalendar cannot write.
pub(crate) fn time_property(name: &str, time: &IcsTime) -> Result<Property> {
    Property::time(name, time).map_err(|e| Error::Malformed(format!("{name}: {e}")))
}

/// The zones a calendar uses and the years it uses them in.
#[derive(Default)]
pub(crate) struct ZonesUsed(BTreeMap<String, (Tz, i32, i32)>);

impl ZonesUsed {
    pub fn add(&mut self, times: &Times) {
        let Some(zone) = times.zone else { return };
        let (a, b) = (times.start.naive().year(), times.end.naive().year());
        let entry = self.0.entry(zone.name().to_string()).or_insert((zone, a, b));
        entry.1 = entry.1.min(a);
        entry.2 = entry.2.max(b);
    }

    /// One VTIMEZONE per zone, by name.
    pub fn components(&self) -> Result<Vec<Component>> {
        self.0
            .values()
            .map(|(tz, from, to)| {
                vtimezone(*tz, *from, *to).map_err(|e| Error::Malformed(format!("time zone {}: {e}", tz.name())))
            })
            .collect()
    }
}

/// The DESCRIPTION of a meeting: its objective, then its Codes.
pub(crate) fn description(objective: Option<&str>, codes: &[String]) -> Option<String> {
    let mut text = objective.map(str::trim).unwrap_or("").to_string();
    if !codes.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(if codes.len() == 1 { "Code: " } else { "Codes: " });
        text.push_str(&codes.join("; "));
    }
    (!text.is_empty()).then_some(text)
}

/// The VEVENT of a meeting, without attendees: what every calendar file of it shares.
pub(crate) struct EventBase<'a> {
    pub uid: &'a str,
    pub sequence: u32,
    pub stamp: DateTime<Utc>,
    pub times: &'a Times,
    pub title: &'a str,
    pub location: Option<&'a str>,
    pub description: Option<&'a str>,
    pub cancelled: bool,
}

impl EventBase<'_> {
    pub fn component(&self) -> Result<Component> {
        let mut e = Component::new("VEVENT")
            .with(Property::raw("UID", self.uid))
            .with(Property::raw("SEQUENCE", &self.sequence.to_string()))
            .with(time_property("DTSTAMP", &IcsTime::Utc(self.stamp))?)
            .with(time_property("DTSTART", &self.times.start)?)
            .with(time_property("DTEND", &self.times.end)?)
            .with(Property::text("SUMMARY", self.title));
        if let Some(location) = self.location.filter(|l| !l.trim().is_empty()) {
            e.add(Property::text("LOCATION", location));
        }
        if let Some(description) = self.description {
            e.add(Property::text("DESCRIPTION", description));
        }
        e.add(Property::raw("STATUS", if self.cancelled { "CANCELLED" } else { "CONFIRMED" }));
        if self.times.start.is_date() {
            // A day marked, not a day blocked.
            e.add(Property::raw("TRANSP", "TRANSPARENT"));
        }
        Ok(e)
    }
}

/// The PUBLISH calendar of `meetings`, in their order. Each event is written out as soon as it
/// is made (a register of 100,000 meetings is a 50 MB file: its events are never all held as
/// components at once).
pub fn calendar_of(meetings: &[CalendarMeeting], stamp: DateTime<Utc>) -> Result<Written> {
    let mut zones = ZonesUsed::default();
    let mut all_times = Vec::with_capacity(meetings.len());
    for m in meetings {
        let t = times(&m.key, &m.start, &m.end, &m.timezone, m.all_day)?;
        zones.add(&t);
        all_times.push(t);
    }
    let mut calendar = Component::calendar(PRODID, Some("PUBLISH"));
    for zone in zones.components()? {
        calendar.push(zone);
    }
    let head = calendar.to_ics();
    let head = head.strip_suffix("END:VCALENDAR\r\n").unwrap_or(&head);
    let text: usize = meetings.iter().map(|m| m.objective.as_ref().map_or(0, String::len) + m.title.len()).sum();
    let mut ics = String::with_capacity(head.len() + meetings.len() * 420 + text + text / 8);
    ics.push_str(head);
    for (m, times) in meetings.iter().zip(&all_times) {
        let uid = m.invitation.as_ref().map_or_else(|| meeting_uid(&m.key), |i| i.uid.clone());
        let description = description(m.objective.as_deref(), &m.codes);
        let base = EventBase {
            uid: &uid,
            sequence: m.invitation.as_ref().map_or(0, |i| i.sequence),
            stamp,
            times,
            title: &m.title,
            location: m.location.as_deref(),
            description: description.as_deref(),
            cancelled: m.status == MeetingStatus::Cancelled,
        };
        base.component()?.write(&mut ics);
    }
    ics.push_str("END:VCALENDAR\r\n");
    Ok(Written { ics, count: meetings.len() })
}

/// The PUBLISH calendar of every meeting `filter` selects (its page is ignored), oldest first.
/// None selected is refused: a calendar holds at least one event (RFC 5545, 3.6), and an
/// empty file would import as nothing without a word.
pub fn calendar(store: &Store, filter: &MeetingFilter, stamp: DateTime<Utc>) -> Result<Written> {
    let meetings = store.calendar_meetings(filter)?;
    if meetings.is_empty() {
        return Err(Error::BadArgument(
            "no meeting matches: there is nothing to put in a calendar, so no file was written".into(),
        ));
    }
    calendar_of(&meetings, stamp)
}

fn task_status(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "NEEDS-ACTION",
        ActionStatus::InProgress => "IN-PROCESS",
        ActionStatus::Done => "COMPLETED",
        ActionStatus::Dropped => "CANCELLED",
    }
}

fn task_description(a: &ActionRow) -> String {
    let meeting_day = time::parse_local(&a.meeting_start)
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| a.meeting_start.clone());
    let mut text = format!("Agreed at: {} ({meeting_day})", a.meeting_title);
    if !a.owners.is_empty() {
        let names: Vec<&str> = a.owners.iter().map(|o| o.name.as_str()).collect();
        text.push_str(&format!("\nOwners: {}", names.join("; ")));
    }
    if let Some(period) = &a.due_period {
        text.push_str(&format!("\nDue: {period}"));
    }
    let status = match a.status {
        ActionStatus::Open => "open",
        ActionStatus::InProgress => "in progress",
        ActionStatus::Done => "done",
        ActionStatus::Dropped => "dropped",
    };
    text.push_str(&format!("\nStatus: {status}"));
    text
}

/// The tasks (or, `as_events`, the all-day events) of `actions` that have a due-by date.
pub fn tasks_of(actions: &[ActionRow], as_events: bool, stamp: DateTime<Utc>) -> Result<Written> {
    let mut calendar = Component::calendar(PRODID, Some("PUBLISH"));
    let mut count = 0;
    for a in actions {
        let Some(due_by) = &a.due_by else { continue };
        let due: NaiveDate = time::parse_date(due_by)
            .map_err(|e| Error::Malformed(format!("action \"{}\": due-by date: {e}", a.key)))?;
        let uid = action_uid(&a.key, as_events);
        let mut c = if as_events {
            let summary = match a.status {
                ActionStatus::Open | ActionStatus::InProgress => format!("Due: {}", a.title),
                ActionStatus::Done => format!("Done: {}", a.title),
                ActionStatus::Dropped => format!("Dropped: {}", a.title),
            };
            let next = due.succ_opt().unwrap_or(due);
            Component::new("VEVENT")
                .with(Property::raw("UID", &uid))
                .with(Property::raw("SEQUENCE", "0"))
                .with(time_property("DTSTAMP", &IcsTime::Utc(stamp))?)
                .with(time_property("DTSTART", &IcsTime::Date(due))?)
                .with(time_property("DTEND", &IcsTime::Date(next))?)
                .with(Property::text("SUMMARY", &summary))
                .with(Property::raw(
                    "STATUS",
                    if a.status == ActionStatus::Dropped { "CANCELLED" } else { "CONFIRMED" },
                ))
                .with(Property::raw("TRANSP", "TRANSPARENT"))
        } else {
            Component::new("VTODO")
                .with(Property::raw("UID", &uid))
                .with(Property::raw("SEQUENCE", "0"))
                .with(time_property("DTSTAMP", &IcsTime::Utc(stamp))?)
                .with(time_property("DUE", &IcsTime::Date(due))?)
                .with(Property::text("SUMMARY", &a.title))
                .with(Property::raw("STATUS", task_status(a.status)))
        };
        c.add(Property::text("DESCRIPTION", &task_description(a)));
        calendar.push(c);
        count += 1;
    }
    Ok(Written { ics: calendar.to_ics(), count })
}

/// The agreed actions `filter` selects (its page is ignored) that have a due-by date, by that
/// date, as tasks or (`as_events`) as all-day events. `today` is only what "overdue" would be
/// measured against; it changes nothing written.
pub fn tasks(
    store: &Store,
    filter: &ActionFilter,
    as_events: bool,
    stamp: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Written> {
    let all = ActionFilter { limit: u32::MAX, offset: 0, ..filter.clone() };
    let written = tasks_of(&store.actions_page(&all, today)?, as_events, stamp)?;
    if written.count == 0 {
        // As for meetings: a calendar without a component is no calendar.
        return Err(Error::BadArgument(
            "no agreed action with a due date or a period that ends matches: there is nothing to put in a calendar, so no file was written".into(),
        ));
    }
    Ok(written)
}
