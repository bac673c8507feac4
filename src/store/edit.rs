//! Record-by-record edits, as the desktop makes them. Each goes through the same path as an
//! import (a one-record document, validated then written in one transaction), so a record
//! saved in the window obeys exactly the rules of a record imported from a file.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::OptionalExtension;

use super::keys::{existing_id, row_id, slug, KeySpace};
use super::search::{self, SearchKind};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{
    Action, ActionStatus, Attendance, Code, Document, FollowUp, Meeting, MeetingKind, MeetingStatus, Organisation,
    Participant, ParticipantRole, Person, Response, DEFAULT_TIMEZONE,
};

/// A meeting as the editor saves it: with the organisations and people created for it,
/// which are stored with it or not at all.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSave {
    pub meeting: Meeting,
    /// New organisations, with placeholder keys the meeting refers to.
    #[serde(default)]
    pub new_organisations: Vec<Organisation>,
    /// New people, with placeholder keys the meeting refers to.
    #[serde(default)]
    pub new_people: Vec<Person>,
}

/// An import error about record 0 of a one-record document, restated about the record
/// itself: `meetings[0].end` becomes `end`, so a form can show it beside its field.
pub(super) fn within(prefix: &str, err: Error) -> Error {
    match err {
        Error::Invalid { problems } => Error::Invalid {
            problems: problems
                .into_iter()
                .map(|p| {
                    let field = p.field.strip_prefix(prefix).map(str::to_string).unwrap_or_else(|| {
                        // The record as a whole (`meetings[0]`) or another record it touched.
                        p.field.strip_prefix(prefix.trim_end_matches('.')).map(|_| String::new()).unwrap_or(p.field)
                    });
                    crate::error::FieldProblem { field, message: p.message }
                })
                .collect(),
        },
        other => other,
    }
}

/// Every reference of `meeting` to a key of `renamed` (old, new) follows it to the new key.
fn follow_renamed(meeting: &mut Meeting, renamed: &[(String, String)]) {
    let follow = |key: &mut String| {
        if let Some((_, new)) = renamed.iter().find(|(old, _)| old == key) {
            key.clone_from(new);
        }
    };
    fn points(list: &mut [crate::model::Point], follow: &impl Fn(&mut String)) {
        for p in list {
            if let Some(by) = p.by.as_mut() {
                follow(by);
            }
            points(&mut p.points, follow);
        }
    }
    for p in &mut meeting.participants {
        if let Some(k) = p.person.as_mut() {
            follow(k);
        }
        if let Some(k) = p.organisation.as_mut() {
            follow(k);
        }
    }
    if let Some(k) = meeting.organiser.as_mut() {
        follow(k);
    }
    for a in &mut meeting.actions {
        a.owners.iter_mut().for_each(follow);
    }
    if let Some(flash) = meeting.flash.as_mut() {
        follow(&mut flash.from);
        flash.to.iter_mut().chain(flash.cc.iter_mut()).for_each(follow);
    }
    points(&mut meeting.points, &follow);
}

/// `within` for a document of several records: each problem's path loses (or swaps) the
/// first prefix it starts with, `("meetings[0].", "")` making `meetings[0].end` into `end`.
fn within_each(err: Error, prefixes: &[(&str, &str)]) -> Error {
    match err {
        Error::Invalid { problems } => Error::Invalid {
            problems: problems
                .into_iter()
                .map(|p| {
                    let field = prefixes
                        .iter()
                        .find_map(|(from, to)| p.field.strip_prefix(from).map(|rest| format!("{to}{rest}")))
                        .or_else(|| p.field.strip_prefix("meetings[0]").map(|_| String::new()))
                        .unwrap_or(p.field);
                    crate::error::FieldProblem { field, message: p.message }
                })
                .collect(),
        },
        other => other,
    }
}

/// The first working day after `today`, for the default slot of a new meeting.
fn next_working_day(today: NaiveDate) -> NaiveDate {
    let mut day = today;
    loop {
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || day == NaiveDate::MAX {
            return day;
        }
    }
}

fn slot(day: NaiveDate) -> (String, String) {
    let d = day.format("%Y-%m-%d");
    (format!("{d}T10:00"), format!("{d}T11:00"))
}

fn invited(person: Option<String>, organisation: Option<String>, role: ParticipantRole) -> Participant {
    Participant {
        person,
        organisation,
        attendance: Attendance::Invited,
        response: Response::NeedsAction,
        role,
        extra: None,
    }
}

impl Store {
    /// A new, unsaved meeting with the defaults a policy officer expects: the next working
    /// day from 10:00 to 11:00 in Brussels, planned, organised by me.
    pub fn draft_meeting(&self, today: NaiveDate) -> Result<Meeting> {
        let (start, end) = slot(next_working_day(today));
        Ok(Meeting {
            key: String::new(),
            title: String::new(),
            kind: MeetingKind::Meeting,
            codes: Vec::new(),
            exercises: Vec::new(),
            start,
            end,
            timezone: DEFAULT_TIMEZONE.to_string(),
            all_day: false,
            location: None,
            status: MeetingStatus::Planned,
            objective: None,
            organiser: self.settings()?.person,
            follow_up_of: None,
            participants: Vec::new(),
            points: Vec::new(),
            actions: Vec::new(),
            flash: None,
            invitation: None,
            transparency: None,
            extra: None,
        })
    }

    /// Stores `meeting` (a new one when its key is empty) and returns it as stored, with
    /// the keys minted for it and its new actions.
    pub fn save_meeting(&mut self, meeting: Meeting) -> Result<Meeting> {
        self.save_meeting_with(MeetingSave { meeting, new_organisations: Vec::new(), new_people: Vec::new() })
    }

    /// Stores a meeting together with the organisations and people created for it in the
    /// editor, in one transaction: a meeting discarded leaves no record behind, and a meeting
    /// refused stores none. The new records come with placeholder keys that the meeting (and
    /// a new person's organisation) refer to; each gets a real key minted from its name and
    /// every reference follows. Problems of a new record are named `newPeople[0].email`.
    pub fn save_meeting_with(&mut self, save: MeetingSave) -> Result<Meeting> {
        let MeetingSave { mut meeting, mut new_organisations, mut new_people } = save;
        let mut renamed: Vec<(String, String)> = Vec::new();
        let mut minted: Vec<String> = Vec::new();
        for org in &mut new_organisations {
            let base = slug(org.acronym.as_deref().filter(|a| !a.trim().is_empty()).unwrap_or(&org.name));
            let key = self.mint_key(KeySpace::Organisations, &base, &minted)?;
            minted.push(key.clone());
            renamed.push((std::mem::replace(&mut org.key, key.clone()), key));
        }
        let mut minted_people: Vec<String> = Vec::new();
        for person in &mut new_people {
            let key = self.mint_key(KeySpace::People, &slug(&person.name), &minted_people)?;
            minted_people.push(key.clone());
            if let Some(org) = person.organisation.as_mut() {
                if let Some((_, new)) = renamed.iter().find(|(old, _)| old == org) {
                    *org = new.clone();
                }
            }
            renamed.push((std::mem::replace(&mut person.key, key.clone()), key));
        }
        follow_renamed(&mut meeting, &renamed);
        self.store_meeting(meeting, new_organisations, new_people)
    }

    fn store_meeting(
        &mut self,
        mut meeting: Meeting,
        organisations: Vec<Organisation>,
        people: Vec<Person>,
    ) -> Result<Meeting> {
        if meeting.key.trim().is_empty() {
            let date = meeting.start.get(..10).unwrap_or_default();
            let base = slug(&format!("{date} {}", meeting.title));
            meeting.key = self.mint_key(KeySpace::Meetings, &base, &[])?;
        }
        let mut minted: Vec<String> = meeting.actions.iter().map(|a| a.key.clone()).collect();
        for i in 0..meeting.actions.len() {
            if meeting.actions[i].key.trim().is_empty() {
                let key = self.mint_key(KeySpace::Actions, &format!("{}-a{}", meeting.key, i + 1), &minted)?;
                minted[i] = key.clone();
                meeting.actions[i].key = key;
            }
        }
        let key = meeting.key.clone();
        self.import(Document { organisations, people, meetings: vec![meeting], ..Document::default() }).map_err(
            |e| {
                within_each(
                    e,
                    &[("meetings[0].", ""), ("organisations[", "newOrganisations["), ("people[", "newPeople[")],
                )
            },
        )?;
        self.meeting(&key)
    }

    pub fn save_organisation(&mut self, mut organisation: Organisation) -> Result<Organisation> {
        if organisation.key.trim().is_empty() {
            let base =
                slug(organisation.acronym.as_deref().filter(|a| !a.trim().is_empty()).unwrap_or(&organisation.name));
            organisation.key = self.mint_key(KeySpace::Organisations, &base, &[])?;
        }
        let key = organisation.key.clone();
        self.import(Document { organisations: vec![organisation], ..Document::default() })
            .map_err(|e| within("organisations[0].", e))?;
        self.organisations()?.into_iter().find(|o| o.key == key).ok_or(Error::NotFound { what: "organisation", key })
    }

    /// Stores a Code (a new one when its key is empty, keyed from its short title).
    pub fn save_code(&mut self, mut code: Code) -> Result<Code> {
        if code.key.trim().is_empty() {
            let base = slug(code.short_title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(&code.title));
            code.key = self.mint_key(KeySpace::Codes, &base, &[])?;
        }
        let key = code.key.clone();
        self.import(Document { codes: vec![code], ..Document::default() }).map_err(|e| within("codes[0].", e))?;
        self.codes()?.into_iter().find(|c| c.key == key).ok_or(Error::NotFound { what: "code", key })
    }

    pub fn save_person(&mut self, mut person: Person) -> Result<Person> {
        if person.key.trim().is_empty() {
            person.key = self.mint_key(KeySpace::People, &slug(&person.name), &[])?;
        }
        let key = person.key.clone();
        self.import(Document { people: vec![person], ..Document::default() }).map_err(|e| within("people[0].", e))?;
        self.people()?.into_iter().find(|p| p.key == key).ok_or(Error::NotFound { what: "person", key })
    }

    /// Removes a meeting with its participants, points and actions. Refused while another
    /// meeting follows up one of its actions: that link would be left pointing nowhere.
    pub fn delete_meeting(&mut self, key: &str) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = existing_id(&tx, KeySpace::Meetings, key)?;
        let follower: Option<(String, String)> = tx
            .prepare_cached(
                "SELECT f.key, a.key FROM actions a JOIN meetings f ON f.follow_up_of = a.id WHERE a.meeting_id = ?1 LIMIT 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((follower, action)) = follower {
            return Err(Error::BadArgument(format!(
                "meeting \"{key}\" cannot be deleted: meeting \"{follower}\" follows up its action \"{action}\""
            )));
        }
        let actions: Vec<i64> = {
            let mut stmt = tx.prepare_cached("SELECT id FROM actions WHERE meeting_id = ?1")?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for action in actions {
            search::remove(&tx, SearchKind::Action, action)?;
        }
        search::remove(&tx, SearchKind::Meeting, id)?;
        tx.prepare_cached("DELETE FROM meetings WHERE id = ?1")?.execute([id])?;
        search::apply_queued(&tx)?;
        tx.commit()?;
        Ok(())
    }

    fn meeting_of_action(&self, action: &str) -> Result<Meeting> {
        let meeting: String = self
            .conn
            .prepare_cached("SELECT m.key FROM actions a JOIN meetings m ON m.id = a.meeting_id WHERE a.key = ?1")?
            .query_row([action], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "action", key: action.to_string() })?;
        self.meeting(&meeting)
    }

    /// Changes one action of a meeting through a whole-meeting save, so every derived table
    /// (overdue lists, owners' lists, the search index) follows.
    fn change_action(&mut self, key: &str, change: impl FnOnce(&mut Action) -> Result<()>) -> Result<()> {
        let mut meeting = self.meeting_of_action(key)?;
        let index = meeting
            .actions
            .iter()
            .position(|a| a.key == key)
            .ok_or_else(|| Error::NotFound { what: "action", key: key.to_string() })?;
        change(&mut meeting.actions[index])?;
        let prefix = format!("actions[{index}].");
        self.import(Document { meetings: vec![meeting], ..Document::default() })
            .map_err(|e| within(&format!("meetings[0].{prefix}"), e))?;
        Ok(())
    }

    pub fn set_action_status(&mut self, key: &str, status: ActionStatus) -> Result<()> {
        self.change_action(key, |a| {
            a.status = status;
            Ok(())
        })
    }

    /// Appends a follow-up note. Notes are kept oldest first, so one dated before the last
    /// note is refused.
    pub fn add_follow_up(&mut self, key: &str, date: NaiveDate, text: &str) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("text", "a follow-up note needs some text"));
        }
        self.change_action(key, |a| {
            a.follow_ups.push(FollowUp {
                date: date.format("%Y-%m-%d").to_string(),
                text: text.to_string(),
                extra: None,
            });
            Ok(())
        })
    }

    /// A new, unsaved meeting that carries out action `key`, for the officer to check and save:
    /// the action's Codes, zone and place, its owners invited, me as organiser and chair, on
    /// the day it is due by (its due date, else its period's end) when that is still ahead and
    /// a working day, else on the next working day. The title and objective name the action
    /// by its title. Nothing is stored until the meeting is saved.
    pub fn draft_follow_up(&self, key: &str, today: NaiveDate) -> Result<Meeting> {
        let origin = self.meeting_of_action(key)?;
        let action = origin
            .actions
            .iter()
            .find(|a| a.key == key)
            .ok_or_else(|| Error::NotFound { what: "action", key: key.to_string() })?;
        let due_by = super::import::due_by(action, &origin.start);
        let due = due_by.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let day = match due {
            Some(d) if d > today && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) => d,
            _ => next_working_day(today),
        };
        let (start, end) = slot(day);
        let me = self.settings()?.person;
        let mut participants = Vec::new();
        if let Some(me) = &me {
            participants.push(invited(Some(me.clone()), None, ParticipantRole::Chair));
        }
        for owner in &action.owners {
            if Some(owner) == me.as_ref() {
                continue;
            }
            participants.push(if row_id(&self.conn, KeySpace::People, owner)?.is_some() {
                invited(Some(owner.clone()), None, ParticipantRole::Participant)
            } else {
                invited(None, Some(owner.clone()), ParticipantRole::Participant)
            });
        }
        let origin_date = origin
            .start
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_default();
        Ok(Meeting {
            key: String::new(),
            title: format!("Follow-up: {}", action.title),
            kind: MeetingKind::Meeting,
            codes: origin.codes.clone(),
            exercises: Vec::new(),
            start,
            end,
            timezone: origin.timezone.clone(),
            all_day: false,
            location: origin.location.clone(),
            status: MeetingStatus::Planned,
            objective: Some(format!(
                "Follow-up of the action \"{}\", agreed at \"{}\" on {origin_date}.",
                action.title, origin.title
            )),
            organiser: me,
            follow_up_of: Some(key.to_string()),
            participants,
            points: Vec::new(),
            actions: Vec::new(),
            flash: None,
            invitation: None,
            transparency: None,
            extra: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_meeting_goes_to_the_next_working_day() {
        let friday = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(next_working_day(friday), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(next_working_day(monday), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    }

    #[test]
    fn errors_are_restated_about_the_record() {
        let e = within("meetings[0].", Error::invalid("meetings[0].participants[1].person", "no person"));
        assert_eq!(e.field(), Some("participants[1].person"));
        let e = within("meetings[0].", Error::invalid("meetings[0]", "bad"));
        assert_eq!(e.field(), Some(""));
    }
}
