//! Every rule of the interchange format, checked before anything is written. Each error
//! names the record and field (`meetings[3].participants[1].person`) and the rule broken.
//!
//! A document may be partial: a reference resolves to a record of the document or to one
//! already in the register, which `Existing` answers for.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::{Document, Meeting, Point};
use crate::time;

/// What the register already holds, asked only for keys the document does not define.
pub trait Existing {
    fn has_code(&self, key: &str) -> Result<bool>;
    fn has_organisation(&self, key: &str) -> Result<bool>;
    fn has_person(&self, key: &str) -> Result<bool>;
    /// The key of the meeting that holds the action, if the action exists.
    fn meeting_of_action(&self, key: &str) -> Result<Option<String>>;
}

/// The UTC instants of each meeting's start and end, in document order, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start_utc: i64,
    pub end_utc: i64,
}

const MAX_KEY: usize = 120;

/// Keys: lower-case letters, digits, `-`, `.`, `_`; 1 to 120 characters.
pub fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key.len() > MAX_KEY {
        return Err(format!("key \"{key}\" must be 1 to {MAX_KEY} characters"));
    }
    if let Some(c) = key.chars().find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '-' | '.' | '_')) {
        return Err(format!("key \"{key}\" may hold only lower-case letters, digits, '-', '.' and '_' (found {c:?})"));
    }
    Ok(())
}

/// EU Transparency Register numbers: 10 to 12 digits, a dash, 1 or 2 digits.
pub fn check_transparency_register_id(id: &str) -> Result<(), String> {
    let ok = match id.split_once('-') {
        Some((main, check)) => {
            (10..=12).contains(&main.len())
                && (1..=2).contains(&check.len())
                && main.bytes().all(|b| b.is_ascii_digit())
                && check.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{id}\" is not a Transparency Register number (10 to 12 digits, a dash, 1 or 2 digits, as in 123456789012-34)"
        ))
    }
}

fn check_email(email: &str) -> Result<(), String> {
    let ok = match email.split_once('@') {
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
    };
    if ok {
        Ok(())
    } else {
        Err(format!("\"{email}\" is not an e-mail address"))
    }
}

fn non_empty(path: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(path, "must not be empty"))
    } else {
        Ok(())
    }
}

fn optional_non_empty(path: &str, value: &Option<String>) -> Result<()> {
    match value {
        Some(v) => non_empty(path, v),
        None => Ok(()),
    }
}

fn key_at(path: String, key: &str) -> Result<()> {
    check_key(key).map_err(|m| Error::invalid(path, m))
}

/// Records the first place each key appears; a second one is an error naming both.
struct Seen<'a> {
    what: &'static str,
    first: HashMap<&'a str, String>,
}

impl<'a> Seen<'a> {
    fn new(what: &'static str) -> Self {
        Seen { what, first: HashMap::new() }
    }

    fn add(&mut self, key: &'a str, path: String) -> Result<()> {
        if let Some(first) = self.first.get(key) {
            return Err(Error::invalid(
                format!("{path}.key"),
                format!("duplicate {} key \"{key}\" (first at {first})", self.what),
            ));
        }
        self.first.insert(key, path);
        Ok(())
    }

    fn contains(&self, key: &str) -> bool {
        self.first.contains_key(key)
    }
}

struct Context<'a, E: Existing> {
    existing: &'a E,
    codes: Seen<'a>,
    organisations: Seen<'a>,
    people: Seen<'a>,
    meetings: Seen<'a>,
    /// action key -> index of the meeting in the document that holds it
    actions: HashMap<&'a str, usize>,
}

impl<E: Existing> Context<'_, E> {
    fn code(&self, path: String, key: &str) -> Result<()> {
        if self.codes.contains(key) || self.existing.has_code(key)? {
            Ok(())
        } else {
            Err(Error::invalid(path, format!("no code with key \"{key}\"")))
        }
    }

    fn organisation(&self, path: String, key: &str) -> Result<()> {
        if self.is_organisation(key)? {
            Ok(())
        } else {
            Err(Error::invalid(path, format!("no organisation with key \"{key}\"")))
        }
    }

    fn person(&self, path: String, key: &str) -> Result<()> {
        if self.is_person(key)? {
            Ok(())
        } else {
            Err(Error::invalid(path, format!("no person with key \"{key}\"")))
        }
    }

    fn is_organisation(&self, key: &str) -> Result<bool> {
        Ok(self.organisations.contains(key) || self.existing.has_organisation(key)?)
    }

    fn is_person(&self, key: &str) -> Result<bool> {
        Ok(self.people.contains(key) || self.existing.has_person(key)?)
    }

    /// Owners are looked up among people and organisations; a key naming both is ambiguous.
    fn owner(&self, path: String, key: &str) -> Result<()> {
        match (self.is_person(key)?, self.is_organisation(key)?) {
            (true, false) | (false, true) => Ok(()),
            (true, true) => Err(Error::invalid(
                path,
                format!("\"{key}\" names both a person and an organisation; an owner must name one"),
            )),
            (false, false) => Err(Error::invalid(path, format!("no person or organisation with key \"{key}\""))),
        }
    }
}

fn check_date(path: String, text: &str) -> Result<()> {
    time::parse_date(text).map(|_| ()).map_err(|m| Error::invalid(path, m))
}

/// Checks the whole document against the rules and what the register holds, and puts its
/// local times into their canonical spelling. Returns each meeting's span in UTC.
pub fn check_document<E: Existing>(doc: &mut Document, existing: &E) -> Result<Vec<Span>> {
    canonicalise_times(doc)?;
    let doc: &Document = doc;
    let mut cx = Context {
        existing,
        codes: Seen::new("code"),
        organisations: Seen::new("organisation"),
        people: Seen::new("person"),
        meetings: Seen::new("meeting"),
        actions: HashMap::new(),
    };

    // Keys first, so references may point forwards within the document.
    for (i, code) in doc.codes.iter().enumerate() {
        key_at(format!("codes[{i}].key"), &code.key)?;
        cx.codes.add(&code.key, format!("codes[{i}]"))?;
    }
    for (i, org) in doc.organisations.iter().enumerate() {
        key_at(format!("organisations[{i}].key"), &org.key)?;
        cx.organisations.add(&org.key, format!("organisations[{i}]"))?;
    }
    for (i, person) in doc.people.iter().enumerate() {
        key_at(format!("people[{i}].key"), &person.key)?;
        cx.people.add(&person.key, format!("people[{i}]"))?;
    }
    let mut action_paths: HashMap<&str, String> = HashMap::new();
    for (i, meeting) in doc.meetings.iter().enumerate() {
        key_at(format!("meetings[{i}].key"), &meeting.key)?;
        cx.meetings.add(&meeting.key, format!("meetings[{i}]"))?;
        for (j, action) in meeting.actions.iter().enumerate() {
            let path = format!("meetings[{i}].actions[{j}]");
            key_at(format!("{path}.key"), &action.key)?;
            if let Some(first) = action_paths.get(action.key.as_str()) {
                return Err(Error::invalid(
                    format!("{path}.key"),
                    format!("duplicate action key \"{}\" (first at {first})", action.key),
                ));
            }
            action_paths.insert(&action.key, path);
            cx.actions.insert(&action.key, i);
        }
    }

    for (i, code) in doc.codes.iter().enumerate() {
        non_empty(&format!("codes[{i}].title"), &code.title)?;
        optional_non_empty(&format!("codes[{i}].shortTitle"), &code.short_title)?;
        if let Some(adopted) = &code.adopted {
            check_date(format!("codes[{i}].adopted"), adopted)?;
        }
    }
    for (i, org) in doc.organisations.iter().enumerate() {
        non_empty(&format!("organisations[{i}].name"), &org.name)?;
        optional_non_empty(&format!("organisations[{i}].acronym"), &org.acronym)?;
        if let Some(id) = &org.transparency_register_id {
            check_transparency_register_id(id)
                .map_err(|m| Error::invalid(format!("organisations[{i}].transparencyRegisterId"), m))?;
        }
        for (j, code) in org.signatory_of.iter().enumerate() {
            cx.code(format!("organisations[{i}].signatoryOf[{j}]"), code)?;
        }
    }
    for (i, person) in doc.people.iter().enumerate() {
        non_empty(&format!("people[{i}].name"), &person.name)?;
        optional_non_empty(&format!("people[{i}].familyName"), &person.family_name)?;
        if let Some(org) = &person.organisation {
            cx.organisation(format!("people[{i}].organisation"), org)?;
        }
        if let Some(email) = &person.email {
            check_email(email).map_err(|m| Error::invalid(format!("people[{i}].email"), m))?;
        }
    }

    let mut spans = Vec::with_capacity(doc.meetings.len());
    for (i, meeting) in doc.meetings.iter().enumerate() {
        spans.push(check_meeting(&cx, i, meeting)?);
    }
    Ok(spans)
}

fn check_meeting<E: Existing>(cx: &Context<'_, E>, i: usize, m: &Meeting) -> Result<Span> {
    let at = |field: &str| format!("meetings[{i}].{field}");
    non_empty(&at("title"), &m.title)?;
    for (j, code) in m.codes.iter().enumerate() {
        cx.code(at(&format!("codes[{j}]")), code)?;
    }
    let zone = time::parse_zone(&m.timezone).map_err(|e| Error::invalid(at("timezone"), e))?;
    let start = time::parse_local(&m.start).map_err(|e| Error::invalid(at("start"), e))?;
    let end = time::parse_local(&m.end).map_err(|e| Error::invalid(at("end"), e))?;
    let start_utc = time::resolve(start, zone).map_err(|e| Error::invalid(at("start"), e))?;
    let end_utc = time::resolve(end, zone).map_err(|e| Error::invalid(at("end"), e))?;
    if end_utc <= start_utc {
        return Err(Error::invalid(
            at("end"),
            format!("the meeting must end after it starts ({} is not after {})", m.end, m.start),
        ));
    }
    optional_non_empty(&at("location"), &m.location)?;
    if let Some(organiser) = &m.organiser {
        cx.person(at("organiser"), organiser)?;
    }
    if let Some(action) = &m.follow_up_of {
        match cx.actions.get(action.as_str()) {
            Some(&holder) if holder == i => {
                return Err(Error::invalid(
                    at("followUpOf"),
                    format!(
                        "action \"{action}\" is agreed in this same meeting; a meeting cannot follow up its own action"
                    ),
                ))
            }
            Some(_) => {}
            None => {
                if cx.existing.meeting_of_action(action)?.is_none() {
                    return Err(Error::invalid(at("followUpOf"), format!("no action with key \"{action}\"")));
                }
            }
        }
    }

    let mut seen_people: HashMap<&str, usize> = HashMap::new();
    let mut seen_orgs: HashMap<&str, usize> = HashMap::new();
    for (j, p) in m.participants.iter().enumerate() {
        let path = at(&format!("participants[{j}]"));
        let (key, seen, field) = match (&p.person, &p.organisation) {
            (Some(person), None) => {
                cx.person(format!("{path}.person"), person)?;
                (person, &mut seen_people, "person")
            }
            (None, Some(org)) => {
                cx.organisation(format!("{path}.organisation"), org)?;
                (org, &mut seen_orgs, "organisation")
            }
            _ => return Err(Error::invalid(path, "a participant names exactly one of \"person\" or \"organisation\"")),
        };
        if let Some(first) = seen.insert(key.as_str(), j) {
            return Err(Error::invalid(
                format!("{path}.{field}"),
                format!("\"{key}\" is already a participant (participants[{first}])"),
            ));
        }
    }

    check_points(cx, &at("points"), &m.points)?;

    for (j, action) in m.actions.iter().enumerate() {
        let path = at(&format!("actions[{j}]"));
        non_empty(&format!("{path}.title"), &action.title)?;
        for (k, owner) in action.owners.iter().enumerate() {
            cx.owner(format!("{path}.owners[{k}]"), owner)?;
            if action.owners[..k].contains(owner) {
                return Err(Error::invalid(format!("{path}.owners[{k}]"), format!("\"{owner}\" is listed twice")));
            }
        }
        if let Some(due) = &action.due {
            check_date(format!("{path}.due"), due)?;
        }
        optional_non_empty(&format!("{path}.duePeriod"), &action.due_period)?;
        let mut previous: Option<&str> = None;
        for (k, follow_up) in action.follow_ups.iter().enumerate() {
            check_date(format!("{path}.followUps[{k}].date"), &follow_up.date)?;
            non_empty(&format!("{path}.followUps[{k}].text"), &follow_up.text)?;
            // The format keeps follow-ups oldest first; ISO dates compare as text.
            if previous.is_some_and(|p| p > follow_up.date.as_str()) {
                return Err(Error::invalid(
                    format!("{path}.followUps[{k}].date"),
                    "follow-ups are listed oldest first",
                ));
            }
            previous = Some(&follow_up.date);
        }
        // An action key already held by a meeting this document does not replace would
        // end up in two meetings.
        if let Some(holder) = cx.existing.meeting_of_action(&action.key)? {
            if holder != m.key && !cx.meetings.contains(&holder) {
                return Err(Error::invalid(
                    format!("{path}.key"),
                    format!("action key \"{}\" is already used in meeting \"{holder}\"", action.key),
                ));
            }
        }
    }

    if let Some(flash) = &m.flash {
        cx.person(at("flash.from"), &flash.from)?;
        for (k, to) in flash.to.iter().enumerate() {
            cx.person(at(&format!("flash.to[{k}]")), to)?;
        }
        for (k, cc) in flash.cc.iter().enumerate() {
            cx.person(at(&format!("flash.cc[{k}]")), cc)?;
        }
        non_empty(&at("flash.subject"), &flash.subject)?;
        if let Some(sent) = &flash.sent {
            let local = time::parse_local(sent).map_err(|e| Error::invalid(at("flash.sent"), e))?;
            time::resolve(local, zone).map_err(|e| Error::invalid(at("flash.sent"), e))?;
        }
    }
    if let Some(t) = &m.transparency {
        optional_non_empty(&at("transparency.reason"), &t.reason)?;
        if let Some(published) = &t.published {
            check_date(at("transparency.published"), published)?;
        }
    }

    Ok(Span { start_utc: start_utc.timestamp(), end_utc: end_utc.timestamp() })
}

fn check_points<E: Existing>(cx: &Context<'_, E>, path: &str, points: &[Point]) -> Result<()> {
    for (j, point) in points.iter().enumerate() {
        let here = format!("{path}[{j}]");
        if let Some(by) = &point.by {
            cx.organisation(format!("{here}.by"), by)?;
        }
        non_empty(&format!("{here}.text"), &point.text)?;
        check_points(cx, &format!("{here}.points"), &point.points)?;
    }
    Ok(())
}

/// Local times in their canonical spelling, so re-exporting gives the same text.
fn canonicalise_times(doc: &mut Document) -> Result<()> {
    for (i, m) in doc.meetings.iter_mut().enumerate() {
        for (field, value) in [("start", &mut m.start), ("end", &mut m.end)] {
            let local = time::parse_local(value).map_err(|e| Error::invalid(format!("meetings[{i}].{field}"), e))?;
            *value = time::format_local(local);
        }
        if let Some(sent) = m.flash.as_mut().and_then(|f| f.sent.as_mut()) {
            let local = time::parse_local(sent).map_err(|e| Error::invalid(format!("meetings[{i}].flash.sent"), e))?;
            *sent = time::format_local(local);
        }
    }
    Ok(())
}
