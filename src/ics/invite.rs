//! One meeting's invitation and cancellation, as Outlook needs them to update the event it
//! already holds instead of adding another (`shared/notes/interop-pitfalls.md`, A1):
//!
//! - exactly one VEVENT, with the meeting's UID (the stored one, else the one derived from its
//!   key, which is then stored and kept), `METHOD:REQUEST`, ORGANIZER (the meeting's organiser,
//!   CN and `mailto:`), one ATTENDEE per person taking part who has an e-mail address (CN, ROLE
//!   from their role, PARTSTAT from their answer, RSVP=TRUE), a VTIMEZONE, no X-WR-CALNAME;
//! - SEQUENCE is the one last issued when time, place and attendees are as they were then (the
//!   stored [`fingerprint`](super::fingerprint)), and one more when any of them changed;
//! - a cancellation is the same event with `METHOD:CANCEL`, `STATUS:CANCELLED` and SEQUENCE one
//!   more (the same again when the cancellation was the last thing sent);
//! - people without an e-mail address and organisations whose people are not named cannot be
//!   invited: they are listed in [`Invite::not_invited`], never left out silently.
//!
//! [`invitation`] and [`cancellation`] only read; [`Invite::record`] then stores what was sent
//! with the meeting (a document through [`Store::import`], which never lowers SEQUENCE), and a
//! cancellation marks the meeting cancelled.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::export::{description, times, EventBase, ZonesUsed};
use super::fingerprint::{fingerprint, Sent};
use super::write::{Component, Property};
use super::{meeting_uid, PRODID};
use crate::error::{Error, Result};
use crate::model::{Document, Invitation, Meeting, MeetingStatus, ParticipantRole, Person, Response};
use crate::store::Store;

/// Someone taking part in the meeting who is not in the invitation, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotInvited {
    /// The person's or the organisation's name.
    pub name: String,
    /// `no e-mail address`, `an organisation, no person named`, `the same address as …`.
    pub reason: String,
}

/// What an invitation or a cancellation says, for the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteSummary {
    /// The meeting's key and title.
    pub meeting: String,
    pub title: String,
    /// `REQUEST` or `CANCEL`.
    pub method: String,
    pub uid: String,
    pub sequence: u32,
    /// SEQUENCE went up: time, place or attendees changed since the last one sent (or this
    /// is a cancellation).
    pub raised: bool,
    /// Nothing was sent for this meeting before.
    pub first: bool,
    /// The attendees, as `Name <address>`.
    pub attendees: Vec<String>,
    pub not_invited: Vec<NotInvited>,
}

/// An invitation or cancellation made, not yet recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct Invite {
    /// The .ics file.
    pub ics: String,
    pub summary: InviteSummary,
    /// The meeting as it is to be stored once the file is sent: its invitation, and cancelled
    /// for a cancellation.
    meeting: Meeting,
}

fn partstat(response: Response) -> &'static str {
    match response {
        Response::NeedsAction => "NEEDS-ACTION",
        Response::Accepted => "ACCEPTED",
        Response::Tentative => "TENTATIVE",
        Response::Declined => "DECLINED",
    }
}

fn ical_role(role: ParticipantRole) -> &'static str {
    match role {
        ParticipantRole::Chair => "CHAIR",
        ParticipantRole::Speaker | ParticipantRole::Participant | ParticipantRole::NoteTaker => "REQ-PARTICIPANT",
    }
}

/// An attendee of the invitation.
struct Attendee<'a> {
    name: &'a str,
    email: &'a str,
    role: ParticipantRole,
    response: Response,
}

fn make(store: &Store, key: &str, stamp: DateTime<Utc>, cancel: bool) -> Result<Invite> {
    let meeting = store.meeting(key)?;
    if !cancel && meeting.status == MeetingStatus::Cancelled {
        return Err(Error::BadArgument(format!(
            "meeting \"{key}\" is cancelled: send its cancellation, or set it planned again before inviting"
        )));
    }
    // A held meeting took place: cancelling it would drop it from the record (the publication
    // list, the flash) on a mistaken click. One that did not take place is set cancelled first,
    // on purpose, and its cancellation then sent.
    if cancel && meeting.status == MeetingStatus::Held {
        return Err(Error::BadArgument(format!(
            "meeting \"{key}\" was held: it is not cancelled; if it did not take place, set its status to cancelled, then send the cancellation"
        )));
    }
    let people: HashMap<String, Person> = store.people()?.into_iter().map(|p| (p.key.clone(), p)).collect();
    let email_of = |p: &Person| p.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_string);
    let organiser = meeting.organiser.as_ref().and_then(|k| people.get(k));
    let Some((organiser, organiser_email)) = organiser.and_then(|p| email_of(p).map(|e| (p, e))) else {
        let why = match organiser {
            Some(p) => format!("its organiser, {}, has no e-mail address", p.name),
            None => "it has no organiser".to_string(),
        };
        return Err(Error::BadArgument(format!(
            "meeting \"{key}\" cannot be sent: {why}; an invitation comes from an organiser with an e-mail address"
        )));
    };

    let organisations: HashMap<String, String> =
        store.organisations()?.into_iter().map(|o| (o.key.clone(), o.name)).collect();
    let mut attendees: Vec<Attendee<'_>> = Vec::new();
    let mut not_invited = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for p in &meeting.participants {
        if let Some(person) = p.person.as_ref().and_then(|k| people.get(k)) {
            match person.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                None => not_invited.push(NotInvited { name: person.name.clone(), reason: "no e-mail address".into() }),
                Some(email) => match seen.get(&email.to_lowercase()) {
                    Some(first) => not_invited.push(NotInvited {
                        name: person.name.clone(),
                        reason: format!("the same e-mail address as {first}, who is invited"),
                    }),
                    None => {
                        seen.insert(email.to_lowercase(), person.name.clone());
                        attendees.push(Attendee { name: &person.name, email, role: p.role, response: p.response });
                    }
                },
            }
        } else if let Some(org) = &p.organisation {
            let name = organisations.get(org).cloned().unwrap_or_else(|| org.clone());
            not_invited.push(NotInvited { name, reason: "an organisation, no person of it named".into() });
        }
    }

    let times = times(&meeting.key, &meeting.start, &meeting.end, &meeting.timezone, meeting.all_day)?;
    let sent = fingerprint(&Sent {
        start: &meeting.start,
        end: &meeting.end,
        timezone: &meeting.timezone,
        all_day: meeting.all_day,
        location: meeting.location.as_deref(),
        attendees: attendees.iter().map(|a| a.email).collect(),
        cancelled: cancel,
    });
    let (uid, sequence, raised) = match &meeting.invitation {
        None if cancel => (meeting_uid(&meeting.key), 1, true),
        None => (meeting_uid(&meeting.key), 0, false),
        Some(i) if i.sent.as_deref() == Some(sent.as_str()) => (i.uid.clone(), i.sequence, false),
        Some(i) => (i.uid.clone(), i.sequence.saturating_add(1), true),
    };

    let codes: HashMap<String, String> =
        store.codes()?.into_iter().map(|c| (c.key.clone(), c.short_title.unwrap_or(c.title))).collect();
    let code_titles: Vec<String> = meeting.codes.iter().map(|k| codes.get(k).cloned().unwrap_or(k.clone())).collect();
    let description = description(meeting.objective.as_deref(), &code_titles);
    let mut event = EventBase {
        uid: &uid,
        sequence,
        stamp,
        times: &times,
        title: &meeting.title,
        location: meeting.location.as_deref(),
        description: description.as_deref(),
        cancelled: cancel,
    }
    .component()?;
    event.add(Property::raw("ORGANIZER", &format!("mailto:{organiser_email}")).param("CN", &organiser.name));
    let mut unique = HashSet::new();
    for a in &attendees {
        if !unique.insert(a.email.to_lowercase()) {
            continue;
        }
        let mut attendee = Property::raw("ATTENDEE", &format!("mailto:{}", a.email))
            .param("CN", a.name)
            .param("CUTYPE", "INDIVIDUAL")
            .param("ROLE", ical_role(a.role))
            .param("PARTSTAT", partstat(a.response));
        if !cancel {
            attendee = attendee.param("RSVP", "TRUE");
        }
        event.add(attendee);
    }
    let mut zones = ZonesUsed::default();
    zones.add(&times);
    let method = if cancel { "CANCEL" } else { "REQUEST" };
    let mut calendar = Component::calendar(PRODID, Some(method));
    for zone in zones.components()? {
        calendar.push(zone);
    }
    calendar.push(event);

    let summary = InviteSummary {
        meeting: meeting.key.clone(),
        title: meeting.title.clone(),
        method: method.to_string(),
        uid: uid.clone(),
        sequence,
        raised,
        first: meeting.invitation.is_none(),
        attendees: attendees.iter().map(|a| format!("{} <{}>", a.name, a.email)).collect(),
        not_invited,
    };
    let mut stored = meeting.clone();
    stored.invitation = Some(Invitation {
        uid,
        sequence,
        sent: Some(sent),
        extra: meeting.invitation.as_ref().and_then(|i| i.extra.clone()),
    });
    if cancel {
        stored.status = MeetingStatus::Cancelled;
    }
    Ok(Invite { ics: calendar.to_ics(), summary, meeting: stored })
}

/// The invitation (`METHOD:REQUEST`) of meeting `key`, stamped `stamp`. A meeting without an
/// organiser who has an e-mail address cannot be sent (a one-line error says so), nor can a
/// cancelled one.
pub fn invitation(store: &Store, key: &str, stamp: DateTime<Utc>) -> Result<Invite> {
    make(store, key, stamp, false)
}

/// The cancellation (`METHOD:CANCEL`) of meeting `key`, stamped `stamp`.
pub fn cancellation(store: &Store, key: &str, stamp: DateTime<Utc>) -> Result<Invite> {
    make(store, key, stamp, true)
}

impl Invite {
    /// Stores what was sent with the meeting (its invitation; cancelled for a cancellation),
    /// through the register's one way in. Returns the meeting as stored.
    pub fn record(&self, store: &mut Store) -> Result<Meeting> {
        store.import(Document { meetings: vec![self.meeting.clone()], ..Document::default() })?;
        store.meeting(&self.meeting.key)
    }
}
