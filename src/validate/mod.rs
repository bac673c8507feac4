//! Every rule of the interchange format, checked before anything is written. Every problem
//! of a document is found, not only the first: each names the record and field
//! (`meetings[3].participants[1].person`) and the rule broken, in document order.
//!
//! A document may be partial: a reference resolves to a record of the document or to one
//! already in the register, which `Existing` answers for.

mod path;
pub mod text;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use self::path::At;
use self::text::{TextRule, EXTRA_LEVELS, POINT_LEVELS};
use crate::error::{Error, FieldProblem, Result};
use crate::model::{
    extra, Action, Code, Document, Exercise, Extra, Indicator, Invitation, Meeting, MonitoringResult, Organisation,
    Person, Point, TransparencyScope, Unit,
};
use crate::text::{describe_char, is_unprintable, quoted};
use crate::time;

/// What the register already holds, asked only for keys the document does not define.
pub trait Existing {
    fn has_code(&self, key: &str) -> Result<bool>;
    fn has_organisation(&self, key: &str) -> Result<bool>;
    fn has_person(&self, key: &str) -> Result<bool>;
    /// The key of the meeting that holds the action, if the action exists.
    fn meeting_of_action(&self, key: &str) -> Result<Option<String>>;
    /// The key of the meeting whose invitations carry this UID, if any.
    fn meeting_of_invitation(&self, uid: &str) -> Result<Option<String>>;
    /// The UID the invitations of the meeting `key` carry, if it was ever invited.
    fn invitation_of(&self, meeting: &str) -> Result<Option<String>>;
    /// The Code of the stored exercise `key`, if there is one.
    fn exercise_code(&self, key: &str) -> Result<Option<String>>;
    /// The Code and unit of the stored indicator `key`, if there is one.
    fn indicator_of(&self, key: &str) -> Result<Option<(String, Unit)>>;
    /// The Codes the stored organisation `key` has signed.
    fn signatory_codes(&self, organisation: &str) -> Result<Vec<String>>;
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
    let length = key.chars().take(MAX_KEY + 1).count();
    if length == 0 || length > MAX_KEY {
        return Err(format!("key {} must be 1 to {MAX_KEY} characters", quoted(key)));
    }
    if let Some(c) = key.chars().find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '-' | '.' | '_')) {
        let found = if is_unprintable(c) || c.is_whitespace() { describe_char(c) } else { format!("'{c}'") };
        return Err(format!(
            "key {} may hold only lower-case letters, digits, '-', '.' and '_' (found {found})",
            quoted(key)
        ));
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
            "{} is not a Transparency Register number (10 to 12 digits, a dash, 1 or 2 digits, as in 123456789012-34)",
            quoted(id)
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
        Err(format!("{} is not an e-mail address", quoted(email)))
    }
}

/// The indices of the entries of `items` that repeat an earlier one.
fn repeats(items: &[String]) -> Vec<usize> {
    if items.len() <= 16 {
        (1..items.len()).filter(|&k| items[..k].contains(&items[k])).collect()
    } else {
        let mut seen = HashSet::with_capacity(items.len());
        (0..items.len()).filter(|&k| !seen.insert(items[k].as_str())).collect()
    }
}

/// The document's own keys (where each first appears), the register behind them, and the
/// problems found so far.
struct Context<'a, E: Existing> {
    existing: &'a E,
    codes: HashMap<&'a str, usize>,
    organisations: HashMap<&'a str, usize>,
    people: HashMap<&'a str, usize>,
    meetings: HashMap<&'a str, usize>,
    exercises: HashMap<&'a str, usize>,
    indicators: HashMap<&'a str, usize>,
    /// action key -> (meeting, action) where the document first gives it
    actions: HashMap<&'a str, (usize, usize)>,
    /// invitation UID -> the meeting where the document first gives it
    uids: HashMap<&'a str, usize>,
    /// The message for each zone name already found wrong (the suggestions cost a search).
    bad_zones: HashMap<&'a str, String>,
    problems: Vec<FieldProblem>,
}

fn first_places<'a, T>(records: &'a [T], key: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, usize> {
    let mut first = HashMap::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        first.entry(key(record)).or_insert(i);
    }
    first
}

impl<'a, E: Existing> Context<'a, E> {
    fn new(existing: &'a E, doc: &'a Document) -> Self {
        // Keys first, so references may point forwards within the document.
        let mut actions = HashMap::new();
        for (i, meeting) in doc.meetings.iter().enumerate() {
            for (j, action) in meeting.actions.iter().enumerate() {
                actions.entry(action.key.as_str()).or_insert((i, j));
            }
        }
        let mut uids = HashMap::new();
        for (i, meeting) in doc.meetings.iter().enumerate() {
            if let Some(invitation) = &meeting.invitation {
                uids.entry(invitation.uid.as_str()).or_insert(i);
            }
        }
        Context {
            existing,
            uids,
            codes: first_places(&doc.codes, |c| &c.key),
            organisations: first_places(&doc.organisations, |o| &o.key),
            people: first_places(&doc.people, |p| &p.key),
            meetings: first_places(&doc.meetings, |m| &m.key),
            exercises: first_places(&doc.exercises, |e| &e.key),
            indicators: first_places(&doc.indicators, |i| &i.key),
            actions,
            bad_zones: HashMap::new(),
            problems: Vec::new(),
        }
    }

    fn add(&mut self, at: &At<'_>, message: impl Into<String>) {
        self.problems.push(FieldProblem { field: at.to_string(), message: message.into() });
    }

    fn check(&mut self, at: &At<'_>, result: Result<(), String>) {
        if let Err(message) = result {
            self.add(at, message);
        }
    }

    /// A record's key: its syntax, and whether the document gave it before (`first` is where
    /// the document first gives each key of the kind, `list` names the list).
    fn key(&mut self, at: &At<'_>, key: &str, i: usize, first: Option<usize>, what: &str, list: &str) {
        let key_at = at.field("key");
        if let Err(message) = check_key(key) {
            self.add(&key_at, message);
        }
        if let Some(first) = first.filter(|&f| f != i) {
            self.add(&key_at, format!("duplicate {what} key {} (first at {list}[{first}])", quoted(key)));
        }
    }

    /// A text field: not blank when `required`, no forbidden characters, not too long.
    fn text(&mut self, at: &At<'_>, value: &str, rule: TextRule, required: bool) {
        if required && value.trim().is_empty() {
            self.add(at, "must not be empty");
            return;
        }
        if let Some(message) = text::character_problem(value, rule) {
            self.add(at, message);
        }
        if let Some(message) = text::length_problem(value, rule) {
            self.add(at, message);
        }
    }

    fn optional_text(&mut self, at: &At<'_>, value: &Option<String>, rule: TextRule, required: bool) {
        if let Some(value) = value {
            self.text(at, value, rule, required);
        }
    }

    fn date(&mut self, at: &At<'_>, text: &str) -> bool {
        let parsed = time::parse_date(text);
        let ok = parsed.is_ok();
        self.check(at, parsed.map(|_| ()));
        ok
    }

    fn extra(&mut self, at: &At<'_>, extra: &Option<Extra>) {
        if let Some(extra) = extra {
            let depth = extra::depth(extra);
            if depth > EXTRA_LEVELS {
                self.add(
                    &at.field("extra"),
                    format!("is nested {depth} levels deep; extra may nest at most {EXTRA_LEVELS} levels"),
                );
            }
        }
    }

    fn zone(&mut self, name: &'a str) -> Result<Tz, String> {
        if let Ok(zone) = name.parse::<Tz>() {
            return Ok(zone);
        }
        let message = self.bad_zones.entry(name).or_insert_with(|| time::parse_zone(name).err().unwrap_or_default());
        Err(message.clone())
    }

    fn is_code(&self, key: &str) -> Result<bool> {
        Ok(self.codes.contains_key(key) || self.existing.has_code(key)?)
    }

    fn is_organisation(&self, key: &str) -> Result<bool> {
        Ok(self.organisations.contains_key(key) || self.existing.has_organisation(key)?)
    }

    fn is_person(&self, key: &str) -> Result<bool> {
        Ok(self.people.contains_key(key) || self.existing.has_person(key)?)
    }

    fn code(&mut self, at: &At<'_>, key: &str) -> Result<()> {
        if !self.is_code(key)? {
            self.add(at, format!("no code with key {}", quoted(key)));
        }
        Ok(())
    }

    fn organisation(&mut self, at: &At<'_>, key: &str) -> Result<()> {
        if !self.is_organisation(key)? {
            self.add(at, format!("no organisation with key {}", quoted(key)));
        }
        Ok(())
    }

    fn person(&mut self, at: &At<'_>, key: &str) -> Result<()> {
        if !self.is_person(key)? {
            self.add(at, format!("no person with key {}", quoted(key)));
        }
        Ok(())
    }

    fn exercise(&mut self, at: &At<'_>, key: &str) -> Result<()> {
        if !self.exercises.contains_key(key) && self.existing.exercise_code(key)?.is_none() {
            self.add(at, format!("no exercise with key {}", quoted(key)));
        }
        Ok(())
    }

    /// Owners are looked up among people and organisations; a key naming both is ambiguous.
    fn owner(&mut self, at: &At<'_>, key: &str) -> Result<()> {
        match (self.is_person(key)?, self.is_organisation(key)?) {
            (true, false) | (false, true) => {}
            (true, true) => {
                self.add(at, format!("{} names both a person and an organisation; an owner must name one", quoted(key)))
            }
            (false, false) => self.add(at, format!("no person or organisation with key {}", quoted(key))),
        }
        Ok(())
    }

    /// A list of keys, each of which `check` resolves and none of which may repeat.
    fn references(
        &mut self,
        at: &At<'_>,
        keys: &[String],
        check: fn(&mut Self, &At<'_>, &str) -> Result<()>,
    ) -> Result<()> {
        let repeated = repeats(keys);
        for (k, key) in keys.iter().enumerate() {
            let here = at.index(k);
            if repeated.binary_search(&k).is_ok() {
                self.add(&here, format!("{} is listed twice", quoted(key)));
            } else {
                check(self, &here, key)?;
            }
        }
        Ok(())
    }
}

/// Checks the whole document against the rules and what the register holds, and puts its
/// local times into their canonical spelling. Returns each meeting's span in UTC; when
/// anything is wrong, an `Error::Invalid` with every problem, in document order. Only a
/// failure to ask the register (`Existing`) stops the checks early.
pub fn check_document<E: Existing>(doc: &mut Document, existing: &E) -> Result<Vec<Span>> {
    canonicalise_times(doc);
    let doc: &Document = doc;
    let mut cx = Context::new(existing, doc);
    let root = At::Root;

    let codes = root.field("codes");
    for (i, code) in doc.codes.iter().enumerate() {
        check_code(&mut cx, &codes.index(i), i, code);
    }
    let organisations = root.field("organisations");
    for (i, org) in doc.organisations.iter().enumerate() {
        check_organisation(&mut cx, &organisations.index(i), i, org)?;
    }
    let people = root.field("people");
    for (i, person) in doc.people.iter().enumerate() {
        check_person(&mut cx, &people.index(i), i, person)?;
    }
    let exercises = root.field("exercises");
    for (i, exercise) in doc.exercises.iter().enumerate() {
        check_exercise(&mut cx, &exercises.index(i), i, exercise)?;
    }
    let indicators = root.field("indicators");
    for (i, indicator) in doc.indicators.iter().enumerate() {
        check_indicator(&mut cx, &indicators.index(i), i, indicator)?;
    }
    let results = root.field("results");
    let mut figures = Figures::new();
    for (i, result) in doc.results.iter().enumerate() {
        check_result(&mut cx, doc, &results.index(i), i, result, &mut figures)?;
    }
    let meetings = root.field("meetings");
    let mut spans = Vec::with_capacity(doc.meetings.len());
    for (i, meeting) in doc.meetings.iter().enumerate() {
        if let Some(span) = check_meeting(&mut cx, &meetings.index(i), i, meeting)? {
            spans.push(span);
        }
    }

    if cx.problems.is_empty() {
        Ok(spans)
    } else {
        Err(Error::Invalid { problems: cx.problems })
    }
}

fn check_code<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, i: usize, code: &Code) {
    let first = cx.codes.get(code.key.as_str()).copied();
    cx.key(at, &code.key, i, first, "code", "codes");
    cx.text(&at.field("title"), &code.title, text::TITLE, true);
    cx.optional_text(&at.field("shortTitle"), &code.short_title, text::SHORT_TITLE, true);
    if let Some(adopted) = &code.adopted {
        cx.date(&at.field("adopted"), adopted);
    }
    cx.extra(at, &code.extra);
}

fn check_organisation<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, i: usize, org: &Organisation) -> Result<()> {
    let first = cx.organisations.get(org.key.as_str()).copied();
    cx.key(at, &org.key, i, first, "organisation", "organisations");
    cx.text(&at.field("name"), &org.name, text::NAME, true);
    cx.optional_text(&at.field("acronym"), &org.acronym, text::ACRONYM, true);
    if let Some(id) = &org.transparency_register_id {
        cx.check(&at.field("transparencyRegisterId"), check_transparency_register_id(id));
    }
    cx.references(&at.field("signatoryOf"), &org.signatory_of, Context::code)?;
    cx.extra(at, &org.extra);
    Ok(())
}

fn check_person<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, i: usize, person: &Person) -> Result<()> {
    let first = cx.people.get(person.key.as_str()).copied();
    cx.key(at, &person.key, i, first, "person", "people");
    cx.text(&at.field("name"), &person.name, text::NAME, true);
    cx.optional_text(&at.field("familyName"), &person.family_name, text::FAMILY_NAME, true);
    if let Some(org) = &person.organisation {
        cx.organisation(&at.field("organisation"), org)?;
    }
    cx.optional_text(&at.field("role"), &person.role, text::ROLE, false);
    if let Some(email) = &person.email {
        let email_at = at.field("email");
        let before = cx.problems.len();
        cx.text(&email_at, email, text::EMAIL, false);
        // A control character or an overlong address is already said; the syntax is not.
        if cx.problems.len() == before {
            cx.check(&email_at, check_email(email));
        }
    }
    cx.extra(at, &person.extra);
    Ok(())
}

/// A Code is where an exercise's or an indicator's figures belong: it cannot change once stored.
fn kept_code<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, what: &str, stored: Option<String>, code: &str) {
    if let Some(stored) = stored.filter(|s| s != code) {
        cx.add(
            &at.field("code"),
            format!(
                "this {what} belongs to the Code {}; its Code cannot change, its figures are of that Code",
                quoted(&stored)
            ),
        );
    }
}

fn check_exercise<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, i: usize, e: &Exercise) -> Result<()> {
    let first = cx.exercises.get(e.key.as_str()).copied();
    cx.key(at, &e.key, i, first, "exercise", "exercises");
    cx.code(&at.field("code"), &e.code)?;
    let stored = cx.existing.exercise_code(&e.key)?;
    kept_code(cx, at, "exercise", stored, &e.code);
    cx.text(&at.field("title"), &e.title, text::TITLE, true);
    let from = e.from.as_ref().filter(|d| cx.date(&at.field("from"), d));
    let to = e.to.as_ref().filter(|d| cx.date(&at.field("to"), d));
    // ISO dates compare as text.
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            cx.add(&at.field("to"), format!("the period must end on or after its first day ({to} is before {from})"));
        }
    }
    if let Some(published) = &e.published {
        cx.date(&at.field("published"), published);
    }
    cx.optional_text(&at.field("notes"), &e.notes, text::NOTES, false);
    cx.extra(at, &e.extra);
    Ok(())
}

fn check_indicator<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, i: usize, ind: &Indicator) -> Result<()> {
    let first = cx.indicators.get(ind.key.as_str()).copied();
    cx.key(at, &ind.key, i, first, "indicator", "indicators");
    cx.code(&at.field("code"), &ind.code)?;
    let stored = cx.existing.indicator_of(&ind.key)?.map(|(code, _)| code);
    kept_code(cx, at, "indicator", stored, &ind.code);
    cx.text(&at.field("label"), &ind.label, text::LABEL, true);
    cx.optional_text(&at.field("description"), &ind.description, text::DESCRIPTION, false);
    cx.extra(at, &ind.extra);
    Ok(())
}

/// Where the document first gives each figure: (exercise, organisation or none for the average,
/// indicator, breakdown spelled) -> index in `results`.
type Figures<'a> = HashMap<(&'a str, Option<&'a str>, &'a str, Option<String>), usize>;

/// Why `value` cannot be a figure in `unit`, if it cannot.
pub fn value_problem(value: f64, unit: Unit) -> Option<String> {
    if !value.is_finite() {
        return Some("must be a number".into());
    }
    match unit {
        Unit::Percent if !(0.0..=100.0).contains(&value) => {
            Some(format!("{value} is not a percentage: it must lie within 0 to 100"))
        }
        Unit::Count if value < 0.0 || value.fract() != 0.0 => {
            Some(format!("{value} is not a count: it must be a whole number, 0 or more"))
        }
        _ => None,
    }
}

/// One figure: what it refers to exists and fits (the indicator and the exercise of the same
/// Code, the organisation a signatory of it), its value suits the unit, and no other figure of
/// the document is for the same exercise, organisation, indicator and breakdown.
fn check_result<'a, E: Existing>(
    cx: &mut Context<'a, E>,
    doc: &'a Document,
    at: &At<'_>,
    i: usize,
    r: &'a MonitoringResult,
    figures: &mut Figures<'a>,
) -> Result<()> {
    let exercise_code = match cx.exercises.get(r.exercise.as_str()) {
        Some(&k) => Some(doc.exercises[k].code.clone()),
        None => cx.existing.exercise_code(&r.exercise)?,
    };
    if exercise_code.is_none() {
        cx.add(&at.field("exercise"), format!("no exercise with key {}", quoted(&r.exercise)));
    }
    let indicator = match cx.indicators.get(r.indicator.as_str()) {
        Some(&k) => Some((doc.indicators[k].code.clone(), doc.indicators[k].unit)),
        None => cx.existing.indicator_of(&r.indicator)?,
    };
    match (&indicator, &exercise_code) {
        (None, _) => cx.add(&at.field("indicator"), format!("no indicator with key {}", quoted(&r.indicator))),
        (Some((code, _)), Some(exercise)) if code != exercise => cx.add(
            &at.field("indicator"),
            format!(
                "the indicator {} is of the Code {}, the exercise {} of the Code {}",
                quoted(&r.indicator),
                quoted(code),
                quoted(&r.exercise),
                quoted(exercise)
            ),
        ),
        _ => {}
    }
    if let Some(org) = &r.organisation {
        let org_at = at.field("organisation");
        // The document's version of an organisation replaces the stored one, its Codes too.
        let signed = match cx.organisations.get(org.as_str()) {
            Some(&k) => Some(doc.organisations[k].signatory_of.clone()),
            None if cx.existing.has_organisation(org)? => Some(cx.existing.signatory_codes(org)?),
            None => None,
        };
        match (signed, &exercise_code) {
            (None, _) => cx.add(&org_at, format!("no organisation with key {}", quoted(org))),
            (Some(signed), Some(code)) if !signed.contains(code) => cx.add(
                &org_at,
                format!("{} is not a signatory of the Code {}, whose exercise this is", quoted(org), quoted(code)),
            ),
            _ => {}
        }
    }
    if let Some(breakdown) = &r.breakdown {
        let (field, part) = match breakdown {
            crate::model::Breakdown::Ground(g) => ("ground", g),
            crate::model::Breakdown::Country(c) => ("country", c),
        };
        cx.text(&at.field("breakdown").field(field), part, text::BREAKDOWN, true);
    }
    if let Some((_, unit)) = indicator {
        if let Some(message) = value_problem(r.value, unit) {
            cx.add(&at.field("value"), message);
        }
    }
    let identity = (
        r.exercise.as_str(),
        r.organisation.as_deref(),
        r.indicator.as_str(),
        r.breakdown.as_ref().map(|b| b.spelled()),
    );
    if let Some(first) = figures.insert(identity.clone(), i) {
        figures.insert(identity, first);
        cx.add(
            at,
            format!("repeats results[{first}]: one value per exercise, organisation (or the average), indicator and breakdown"),
        );
    }
    cx.extra(at, &r.extra);
    Ok(())
}

/// A local time of the meeting's zone, as an instant; a problem at `at` when it has none.
fn instant<E: Existing>(
    cx: &mut Context<'_, E>,
    at: &At<'_>,
    local: Result<NaiveDateTime, String>,
    zone: Option<Tz>,
) -> Option<DateTime<Utc>> {
    let resolved = local.and_then(|local| match zone {
        Some(zone) => time::resolve(local, zone).map(Some),
        // The zone's own problem is said once, at `timezone`.
        None => Ok(None),
    });
    match resolved {
        Ok(instant) => instant,
        Err(message) => {
            cx.add(at, message);
            None
        }
    }
}

fn check_meeting<'a, E: Existing>(
    cx: &mut Context<'a, E>,
    at: &At<'_>,
    i: usize,
    m: &'a Meeting,
) -> Result<Option<Span>> {
    let before = cx.problems.len();
    let first = cx.meetings.get(m.key.as_str()).copied();
    cx.key(at, &m.key, i, first, "meeting", "meetings");
    cx.text(&at.field("title"), &m.title, text::TITLE, true);
    cx.references(&at.field("codes"), &m.codes, Context::code)?;
    cx.references(&at.field("exercises"), &m.exercises, Context::exercise)?;

    let zone = cx.zone(&m.timezone);
    let start = instant(cx, &at.field("start"), time::parse_local(&m.start), zone.as_ref().ok().copied());
    let end = instant(cx, &at.field("end"), time::parse_local(&m.end), zone.as_ref().ok().copied());
    if let Err(message) = &zone {
        cx.add(&at.field("timezone"), message.clone());
    }
    let span = match (start, end) {
        (Some(start), Some(end)) if end <= start => {
            let shown = |text: &str| time::parse_local(text).map(time::display_local).unwrap_or_default();
            cx.add(
                &at.field("end"),
                format!("the meeting must end after it starts ({} is not after {})", shown(&m.end), shown(&m.start)),
            );
            None
        }
        (Some(start), Some(end)) => Some(Span { start_utc: start.timestamp(), end_utc: end.timestamp() }),
        _ => None,
    };

    cx.optional_text(&at.field("location"), &m.location, text::LOCATION, true);
    cx.optional_text(&at.field("objective"), &m.objective, text::OBJECTIVE, false);
    if let Some(organiser) = &m.organiser {
        cx.person(&at.field("organiser"), organiser)?;
    }
    if let Some(action) = &m.follow_up_of {
        let follow_up_at = at.field("followUpOf");
        match cx.actions.get(action.as_str()) {
            Some(&(holder, _)) if holder == i => cx.add(
                &follow_up_at,
                format!(
                    "action {} is agreed in this same meeting; a meeting cannot follow up its own action",
                    quoted(action)
                ),
            ),
            Some(_) => {}
            None => {
                if cx.existing.meeting_of_action(action)?.is_none() {
                    cx.add(&follow_up_at, format!("no action with key {}", quoted(action)));
                }
            }
        }
    }

    let participants = at.field("participants");
    let mut seen_people: HashMap<&str, usize> = HashMap::new();
    let mut seen_orgs: HashMap<&str, usize> = HashMap::new();
    for (j, p) in m.participants.iter().enumerate() {
        let here = participants.index(j);
        let (key, seen, field) = match (&p.person, &p.organisation) {
            (Some(person), None) => (person, &mut seen_people, "person"),
            (None, Some(org)) => (org, &mut seen_orgs, "organisation"),
            _ => {
                cx.add(&here, "a participant names exactly one of \"person\" or \"organisation\"");
                cx.extra(&here, &p.extra);
                continue;
            }
        };
        let key_at = here.field(field);
        if let Some(first) = seen.insert(key.as_str(), j) {
            // The first place stays the one to point at.
            seen.insert(key.as_str(), first);
            cx.add(&key_at, format!("{} is already a participant (participants[{first}])", quoted(key)));
        } else if field == "person" {
            cx.person(&key_at, key)?;
        } else {
            cx.organisation(&key_at, key)?;
        }
        cx.extra(&here, &p.extra);
    }

    check_points(cx, &at.field("points"), &m.points, 1)?;

    let actions = at.field("actions");
    for (j, action) in m.actions.iter().enumerate() {
        check_action(cx, &actions.index(j), (i, j), m, action)?;
    }

    if let Some(flash) = &m.flash {
        let flash_at = at.field("flash");
        cx.person(&flash_at.field("from"), &flash.from)?;
        cx.references(&flash_at.field("to"), &flash.to, Context::person)?;
        cx.references(&flash_at.field("cc"), &flash.cc, Context::person)?;
        cx.text(&flash_at.field("subject"), &flash.subject, text::SUBJECT, true);
        if let Some(sent) = &flash.sent {
            instant(cx, &flash_at.field("sent"), time::parse_local(sent), zone.as_ref().ok().copied());
        }
        cx.extra(&flash_at, &flash.extra);
    }
    if m.all_day {
        for (field, text) in [("start", &m.start), ("end", &m.end)] {
            if time::parse_local(text).is_ok_and(|t| t.time() != chrono::NaiveTime::MIN) {
                cx.add(
                    &at.field(field),
                    "an all-day meeting starts and ends at 00:00 (the end is the day after its last day)",
                );
            }
        }
    }
    if let Some(invitation) = &m.invitation {
        check_invitation(cx, &at.field("invitation"), i, m, invitation)?;
    }
    if let Some(t) = &m.transparency {
        let transparency = at.field("transparency");
        cx.optional_text(&transparency.field("reason"), &t.reason, text::REASON, true);
        // The rules suggest a scope from the participants; overriding them is a decision the
        // publication may have to answer for, so it carries its reason.
        if let (Some(scope), None) = (t.scope, &t.reason) {
            let scope = match scope {
                TransparencyScope::InScope => "in scope",
                TransparencyScope::Exempt => "exempt",
            };
            cx.add(
                &transparency.field("reason"),
                format!("a scope set by hand needs a reason: say why this meeting is {scope}"),
            );
        }
        if let Some(published) = &t.published {
            cx.date(&transparency.field("published"), published);
        }
        cx.extra(&transparency, &t.extra);
    }
    cx.extra(at, &m.extra);

    Ok(span.filter(|_| cx.problems.len() == before))
}

/// An invitation's UID is its meeting's for good, and no other meeting's.
fn check_invitation<E: Existing>(
    cx: &mut Context<'_, E>,
    at: &At<'_>,
    i: usize,
    m: &Meeting,
    invitation: &Invitation,
) -> Result<()> {
    let uid_at = at.field("uid");
    let before = cx.problems.len();
    cx.text(&uid_at, &invitation.uid, text::UID, true);
    if cx.problems.len() == before {
        match cx.uids.get(invitation.uid.as_str()) {
            Some(&first) if first != i => cx
                .add(&uid_at, format!("the invitation UID {} is already meetings[{first}]'s", quoted(&invitation.uid))),
            _ => {}
        }
        if let Some(holder) = cx.existing.meeting_of_invitation(&invitation.uid)? {
            // Another meeting of the register holds it, unless this document gives that one
            // up (it cannot: a UID is kept once set, so the holder keeps it).
            if holder != m.key {
                cx.add(
                    &uid_at,
                    format!("the invitation UID {} belongs to meeting {}", quoted(&invitation.uid), quoted(&holder)),
                );
            }
        }
        if let Some(stored) = cx.existing.invitation_of(&m.key)? {
            if stored != invitation.uid {
                cx.add(
                    &uid_at,
                    format!(
                        "this meeting's invitations carry the UID {}; it cannot change, or calendars would hold the meeting twice",
                        quoted(&stored)
                    ),
                );
            }
        }
    }
    if let Some(sent) = &invitation.sent {
        cx.text(&at.field("sent"), sent, text::UID, true);
    }
    cx.extra(at, &invitation.extra);
    Ok(())
}

fn check_action<E: Existing>(
    cx: &mut Context<'_, E>,
    at: &At<'_>,
    place: (usize, usize),
    m: &Meeting,
    action: &Action,
) -> Result<()> {
    let key_at = at.field("key");
    let before = cx.problems.len();
    cx.check(&key_at, check_key(&action.key));
    match cx.actions.get(action.key.as_str()) {
        Some(&(mi, ai)) if (mi, ai) != place => cx.add(
            &key_at,
            format!("duplicate action key {} (first at meetings[{mi}].actions[{ai}])", quoted(&action.key)),
        ),
        _ => {}
    }
    // An action key already held by a meeting this document does not replace would end up
    // in two meetings.
    if cx.problems.len() == before {
        if let Some(holder) = cx.existing.meeting_of_action(&action.key)? {
            if holder != m.key && !cx.meetings.contains_key(holder.as_str()) {
                cx.add(
                    &key_at,
                    format!("action key {} is already used in meeting {}", quoted(&action.key), quoted(&holder)),
                );
            }
        }
    }
    cx.text(&at.field("title"), &action.title, text::TITLE, true);
    cx.references(&at.field("owners"), &action.owners, Context::owner)?;
    if let Some(due) = &action.due {
        cx.date(&at.field("due"), due);
    }
    cx.optional_text(&at.field("duePeriod"), &action.due_period, text::DUE_PERIOD, true);
    let follow_ups = at.field("followUps");
    let mut previous: Option<&str> = None;
    for (k, follow_up) in action.follow_ups.iter().enumerate() {
        let here = follow_ups.index(k);
        let date_at = here.field("date");
        if cx.date(&date_at, &follow_up.date) {
            // The format keeps follow-ups oldest first; ISO dates compare as text.
            if previous.is_some_and(|p| p > follow_up.date.as_str()) {
                cx.add(&date_at, "follow-ups are listed oldest first");
            }
            previous = Some(&follow_up.date);
        }
        cx.text(&here.field("text"), &follow_up.text, text::FOLLOW_UP, true);
        cx.extra(&here, &follow_up.extra);
    }
    cx.extra(at, &action.extra);
    Ok(())
}

/// The points of one level (`level` 1 for a meeting's own points) and their replies.
fn check_points<E: Existing>(cx: &mut Context<'_, E>, at: &At<'_>, points: &[Point], level: usize) -> Result<()> {
    if points.is_empty() {
        return Ok(());
    }
    if level > POINT_LEVELS {
        cx.add(
            &at.index(0),
            format!(
                "is nested {level} levels deep; points may nest at most {POINT_LEVELS} levels (a point and {} levels of replies)",
                POINT_LEVELS - 1
            ),
        );
        return Ok(());
    }
    for (j, point) in points.iter().enumerate() {
        let here = at.index(j);
        if let Some(by) = &point.by {
            cx.organisation(&here.field("by"), by)?;
        }
        cx.text(&here.field("text"), &point.text, text::POINT, true);
        check_points(cx, &here.field("points"), &point.points, level + 1)?;
        cx.extra(&here, &point.extra);
    }
    Ok(())
}

/// Local times in their canonical spelling, so re-exporting gives the same text. Those that
/// do not parse are left as they are, for `check_meeting` to report.
fn canonicalise_times(doc: &mut Document) {
    fn canonical(value: &mut String) {
        if let Ok(local) = time::parse_local(value) {
            let spelled = time::format_local(local);
            if *value != spelled {
                *value = spelled;
            }
        }
    }
    for m in &mut doc.meetings {
        canonical(&mut m.start);
        canonical(&mut m.end);
        if let Some(sent) = m.flash.as_mut().and_then(|f| f.sent.as_mut()) {
            canonical(sent);
        }
    }
}
