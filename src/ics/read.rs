//! A calendar file read into plain structs: [`super::prepass`] first, then `ical::IcalParser`,
//! then our own types. TEXT values are unescaped exactly once (`\\ \; \, \n \N`), parameter values
//! RFC 6868-decoded (`^' ^n ^^`), times kept in the form the file gives them ([`IcsTime`]: zones
//! are resolved by [`super::zones`]). A file that cannot be read gives one error naming the line;
//! nothing is returned from it then. A large calendar is read in parts on several threads; for
//! an import, a calendar whose parts mean the same on their own is handed over part by part
//! ([`read_for_import`]).

use std::borrow::Cow;

use chrono::{NaiveDateTime, TimeDelta};
use ical::parser::ical::component::{IcalTimeZone, IcalTimeZoneTransitionType};
use ical::property::Property as IcalProperty;

use super::datetime::{parse_duration, parse_offset, parse_time, IcsTime};
use super::prepass::{marked_value, prepass, CleanCalendar, VALUES_JOIN};
use super::{IcsError, Warning};

/// Everything read from one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadFile {
    pub calendars: Vec<Calendar>,
    pub warnings: Vec<Warning>,
}

impl ReadFile {
    /// Every event of every calendar of the file.
    pub fn events(&self) -> impl Iterator<Item = (&Calendar, &Event)> {
        self.calendars.iter().flat_map(|c| c.events.iter().map(move |e| (c, e)))
    }
}

/// One VCALENDAR.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calendar {
    /// The line of the file where it begins.
    pub line: usize,
    /// `PUBLISH`, `REQUEST`, `REPLY`, `CANCEL`… (upper case).
    pub method: Option<String>,
    pub prodid: Option<String>,
    /// Google's and Apple's hint for the zone of floating times.
    pub x_wr_timezone: Option<String>,
    pub events: Vec<Event>,
    pub todos: Vec<Todo>,
    pub timezones: Vec<TimeZoneDef>,
}

/// A calendar user: an organiser or an attendee.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CalAddress {
    /// The value as written (`mailto:pat@example.org`).
    pub uri: String,
    /// The e-mail address of a `mailto:` URI.
    pub email: Option<String>,
    pub cn: Option<String>,
    /// `CHAIR`, `REQ-PARTICIPANT`, `OPT-PARTICIPANT`, `NON-PARTICIPANT` (upper case).
    pub role: Option<String>,
    /// `NEEDS-ACTION`, `ACCEPTED`, `DECLINED`, `TENTATIVE`, `DELEGATED` (upper case).
    pub partstat: Option<String>,
    pub rsvp: Option<bool>,
}

/// A VEVENT.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    /// The line of the file where it begins (its first property).
    pub line: usize,
    pub uid: Option<String>,
    pub sequence: Option<u32>,
    pub dtstamp: Option<IcsTime>,
    pub start: Option<IcsTime>,
    pub end: Option<IcsTime>,
    pub duration: Option<TimeDelta>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    /// `TENTATIVE`, `CONFIRMED`, `CANCELLED` (upper case).
    pub status: Option<String>,
    pub organizer: Option<CalAddress>,
    pub attendees: Vec<CalAddress>,
    /// The RRULE values as written (`FREQ=WEEKLY;BYDAY=TU`).
    pub rrules: Vec<String>,
    pub rdates: Vec<IcsTime>,
    pub exdates: Vec<IcsTime>,
    pub recurrence_id: Option<IcsTime>,
}

/// A VTODO.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Todo {
    pub line: usize,
    pub uid: Option<String>,
    pub sequence: Option<u32>,
    pub dtstamp: Option<IcsTime>,
    pub start: Option<IcsTime>,
    pub due: Option<IcsTime>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `NEEDS-ACTION`, `COMPLETED`, `IN-PROCESS`, `CANCELLED` (upper case).
    pub status: Option<String>,
}

/// A VTIMEZONE of the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeZoneDef {
    pub line: usize,
    pub tzid: String,
    pub observances: Vec<Observance>,
}

/// A STANDARD or DAYLIGHT observance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observance {
    pub line: usize,
    pub daylight: bool,
    /// The first onset, in the local time before it (`19700329T020000`).
    pub start: NaiveDateTime,
    pub offset_from: i32,
    pub offset_to: i32,
    pub name: Option<String>,
    pub rrule: Option<String>,
    /// Further onsets, in local time before them.
    pub rdates: Vec<NaiveDateTime>,
}

/// A TEXT value unescaped: `\\` `\;` `\,` `\n` `\N` once; an unknown escape stays as written;
/// control characters (but TAB and the newlines written `\n`) are dropped.
pub fn unescape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c @ ('\\' | ';' | ',')) => out.push(c),
                Some(other) => {
                    out.push('\\');
                    if other == '\t' || !other.is_control() {
                        out.push(other);
                    }
                }
                None => out.push('\\'),
            },
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value with RFC 6868 undone: `^'` is `"`, `^n` a newline, `^^` a caret; any other
/// `^` stays.
pub fn decode_param(value: &str) -> Cow<'_, str> {
    if !value.contains('^') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.peek() {
                Some('\'') => {
                    out.push('"');
                    chars.next();
                }
                Some('n' | 'N') => {
                    out.push('\n');
                    chars.next();
                }
                Some('^') => {
                    out.push('^');
                    chars.next();
                }
                _ => out.push('^'),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A property as the pre-pass and `ical` left it, with the pre-pass's marks undone; it borrows
/// from `ical`'s property, so reading a file copies each text once, into what is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Prop<'a> {
    name: &'a str,
    line: usize,
    params: Vec<(&'a str, Vec<Cow<'a, str>>)>,
    value: &'a str,
}

impl<'a> Prop<'a> {
    fn from_ical(p: &'a IcalProperty, fallback_line: usize) -> Prop<'a> {
        let mut params = Vec::new();
        for (name, values) in p.params.iter().flatten() {
            let values: Vec<Cow<'a, str>> = match values.as_slice() {
                [one] if one.contains(VALUES_JOIN) => one.split(VALUES_JOIN).map(decode_param).collect(),
                many => many.iter().map(|v| decode_param(v)).collect(),
            };
            params.push((name.as_str(), values));
        }
        let raw = p.value.as_deref().unwrap_or("");
        let (line, value) = marked_value(raw).unwrap_or((fallback_line, raw));
        Prop { name: &p.name, line, params, value }
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).and_then(|(_, v)| v.first()).map(|v| v.as_ref())
    }

    fn text(&self) -> String {
        unescape_text(self.value)
    }

    fn token(&self) -> String {
        self.value.trim().to_ascii_uppercase()
    }

    fn fail(&self, why: impl std::fmt::Display) -> IcsError {
        IcsError::at(self.line, format!("{}: {why}", self.name))
    }

    fn is_date(&self) -> bool {
        self.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
    }

    fn time(&self) -> Result<IcsTime, IcsError> {
        parse_time(self.value, self.param("TZID"), self.is_date()).map_err(|e| self.fail(e))
    }

    /// A list of times (RDATE, EXDATE); a PERIOD counts by its start.
    fn times(&self) -> Result<Vec<IcsTime>, IcsError> {
        self.value
            .split(',')
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                let start = v.split('/').next().unwrap_or(v);
                parse_time(start, self.param("TZID"), self.is_date()).map_err(|e| self.fail(e))
            })
            .collect()
    }

    fn sequence(&self) -> Result<u32, IcsError> {
        self.value.trim().parse().map_err(|_| self.fail(format!("\"{}\" is not a whole number", self.value.trim())))
    }

    fn address(&self) -> CalAddress {
        let uri = self.value.trim().to_string();
        let email = uri
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
            .map(|_| uri[7..].trim().to_string())
            .filter(|e| !e.is_empty());
        let upper = |name: &str| self.param(name).map(|v| v.trim().to_ascii_uppercase());
        CalAddress {
            email,
            cn: self.param("CN").map(str::to_string),
            role: upper("ROLE"),
            partstat: upper("PARTSTAT"),
            rsvp: self.param("RSVP").map(|v| v.trim().eq_ignore_ascii_case("TRUE")),
            uri,
        }
    }
}

fn props(properties: &[IcalProperty], fallback_line: usize) -> Vec<Prop<'_>> {
    properties.iter().map(|p| Prop::from_ical(p, fallback_line)).collect()
}

fn first_line(props: &[Prop<'_>], fallback: usize) -> usize {
    props.iter().map(|p| p.line).min().unwrap_or(fallback)
}

/// The value of a property, or `None` with its problem kept in `bad`: every bad value of a
/// component is named, not only the first.
fn kept<T>(bad: &mut Vec<IcsError>, value: Result<T, IcsError>) -> Option<T> {
    value.map_err(|e| bad.push(e)).ok()
}

fn event(props: &[Prop<'_>], fallback_line: usize) -> Result<Event, IcsError> {
    let mut e = Event { line: first_line(props, fallback_line), ..Event::default() };
    let mut bad = Vec::new();
    for p in props {
        match p.name {
            "UID" if e.uid.is_none() => e.uid = Some(p.value.trim().to_string()),
            "SEQUENCE" if e.sequence.is_none() => e.sequence = kept(&mut bad, p.sequence()),
            "DTSTAMP" if e.dtstamp.is_none() => e.dtstamp = kept(&mut bad, p.time()),
            "DTSTART" if e.start.is_none() => e.start = kept(&mut bad, p.time()),
            "DTEND" if e.end.is_none() => e.end = kept(&mut bad, p.time()),
            "DURATION" if e.duration.is_none() => {
                e.duration = kept(&mut bad, parse_duration(p.value).map_err(|w| p.fail(w)));
            }
            "SUMMARY" if e.summary.is_none() => e.summary = Some(p.text()),
            "DESCRIPTION" if e.description.is_none() => e.description = Some(p.text()),
            "LOCATION" if e.location.is_none() => e.location = Some(p.text()),
            "STATUS" if e.status.is_none() => e.status = Some(p.token()),
            "ORGANIZER" if e.organizer.is_none() => e.organizer = Some(p.address()),
            "ATTENDEE" => e.attendees.push(p.address()),
            "RRULE" => e.rrules.push(p.value.trim().to_string()),
            "RDATE" => e.rdates.extend(kept(&mut bad, p.times()).unwrap_or_default()),
            "EXDATE" => e.exdates.extend(kept(&mut bad, p.times()).unwrap_or_default()),
            "RECURRENCE-ID" if e.recurrence_id.is_none() => e.recurrence_id = kept(&mut bad, p.time()),
            _ => {}
        }
    }
    IcsError::gather(bad).map_or(Ok(e), Err)
}

fn todo(props: &[Prop<'_>], fallback_line: usize) -> Result<Todo, IcsError> {
    let mut t = Todo { line: first_line(props, fallback_line), ..Todo::default() };
    let mut bad = Vec::new();
    for p in props {
        match p.name {
            "UID" if t.uid.is_none() => t.uid = Some(p.value.trim().to_string()),
            "SEQUENCE" if t.sequence.is_none() => t.sequence = kept(&mut bad, p.sequence()),
            "DTSTAMP" if t.dtstamp.is_none() => t.dtstamp = kept(&mut bad, p.time()),
            "DTSTART" if t.start.is_none() => t.start = kept(&mut bad, p.time()),
            "DUE" if t.due.is_none() => t.due = kept(&mut bad, p.time()),
            "SUMMARY" if t.summary.is_none() => t.summary = Some(p.text()),
            "DESCRIPTION" if t.description.is_none() => t.description = Some(p.text()),
            "STATUS" if t.status.is_none() => t.status = Some(p.token()),
            _ => {}
        }
    }
    IcsError::gather(bad).map_or(Ok(t), Err)
}

/// A VTIMEZONE of the file; `None` for one without a TZID, which nothing can refer to.
fn timezone(zone: &IcalTimeZone, fallback_line: usize) -> Result<Option<TimeZoneDef>, IcsError> {
    let own = props(&zone.properties, fallback_line);
    let line = first_line(&own, fallback_line);
    let Some(tzid) =
        own.iter().find(|p| p.name == "TZID").map(|p| p.value.trim().to_string()).filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let mut observances = Vec::new();
    for transition in &zone.transitions {
        let props = props(&transition.properties, line);
        let obs_line = first_line(&props, line);
        let daylight = matches!(transition.transition, IcalTimeZoneTransitionType::DAYLIGHT);
        let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
        let find = |name: &str| props.iter().find(|p| p.name == name);
        let missing = |what: &str| IcsError::at(obs_line, format!("{kind} of time zone \"{tzid}\" has no {what}"));
        let start = find("DTSTART").ok_or_else(|| missing("DTSTART"))?;
        let start = start.time()?.naive();
        let offset = |p: &Prop<'_>| parse_offset(p.value).map_err(|e| p.fail(e));
        let offset_to = offset(find("TZOFFSETTO").ok_or_else(|| missing("TZOFFSETTO"))?)?;
        let offset_from = match find("TZOFFSETFROM") {
            Some(p) => offset(p)?,
            None => offset_to,
        };
        let mut rdates = Vec::new();
        for p in props.iter().filter(|p| p.name == "RDATE") {
            rdates.extend(p.times()?.iter().map(IcsTime::naive));
        }
        observances.push(Observance {
            line: obs_line,
            daylight,
            start,
            offset_from,
            offset_to,
            name: find("TZNAME").map(Prop::text),
            rrule: find("RRULE").map(|p| p.value.trim().to_string()),
            rdates,
        });
    }
    Ok(Some(TimeZoneDef { line, tzid, observances }))
}

/// What one part of a VCALENDAR gives: its components read, and its own properties as `ical`
/// read them (the calendar's are read once all parts are in).
pub struct Part {
    pub events: Vec<Event>,
    pub todos: Vec<Todo>,
    pub timezones: Vec<TimeZoneDef>,
    pub warnings: Vec<Warning>,
    properties: Vec<IcalProperty>,
}

fn read_part(text: impl std::io::BufRead, line: usize) -> Result<Part, IcsError> {
    let mut parser = ical::IcalParser::new(text);
    let ical = match parser.next() {
        Some(Ok(parsed)) => parsed,
        Some(Err(e)) => return Err(IcsError::at(line, format!("the calendar that begins here cannot be read: {e}"))),
        None => return Err(IcsError::at(line, "the calendar that begins here is empty")),
    };
    let mut part = Part {
        events: Vec::with_capacity(ical.events.len()),
        todos: Vec::with_capacity(ical.todos.len()),
        timezones: Vec::new(),
        warnings: Vec::new(),
        properties: Vec::new(),
    };
    // Every component is read, so that a refused file names all its bad values at once.
    let mut bad = Vec::new();
    for e in &ical.events {
        part.events.extend(kept(&mut bad, event(&props(&e.properties, line), line)));
    }
    for t in &ical.todos {
        part.todos.extend(kept(&mut bad, todo(&props(&t.properties, line), line)));
    }
    for z in &ical.timezones {
        match kept(&mut bad, timezone(z, line)) {
            Some(Some(def)) => part.timezones.push(def),
            Some(None) => {
                let at = first_line(&props(&z.properties, line), line);
                part.warnings.push(Warning::at(at, "a VTIMEZONE without a TZID was ignored"));
            }
            None => {}
        }
    }
    if let Some(e) = IcsError::gather(bad) {
        return Err(e);
    }
    part.properties = ical.properties;
    Ok(part)
}

/// The size of the parts a calendar is cut into: small enough that a thread reading one
/// frees `ical`'s structures of it before the next (the memory is used again, not newly
/// touched), large enough that a part costs nothing to start. A smaller calendar is one part.
const PART_SIZE: usize = 512 * 1024;
/// At most this many threads read the parts of a calendar.
const MOST_THREADS: usize = 4;

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(MOST_THREADS)
}

/// Where `part.text[from..]` is cut into about `n` parts of equal size, at the starts of its
/// components.
fn cuts(part: &CleanCalendar, from: usize, n: usize) -> Vec<usize> {
    let mut cuts = Vec::with_capacity(n);
    for k in 1..n {
        let target = from + (part.text.len() - from) * k / n;
        let at = part.splits.partition_point(|&s| s < target);
        if let Some(&cut) = part.splits.get(at) {
            if cut > from && cuts.last().is_none_or(|&last| last < cut) {
                cuts.push(cut);
            }
        }
    }
    cuts
}

/// Reads `part.text[from..]` (`from` is 0 or where a component begins) cut into about `n`
/// parts on `threads` threads (an `ical` parse is single-threaded and most of a large import's
/// reading time), and hands them to `each` in order: each part is given to `ical` as a whole
/// VCALENDAR of its own. A part that cannot be read ends the handing over; the error names the
/// problems of every part. An error of `each` ends it at once.
fn each_part<E: From<IcsError> + From<crate::ordered::WorkersStopped> + Send>(
    part: &CleanCalendar,
    from: usize,
    n: usize,
    threads: usize,
    mut each: impl FnMut(Part) -> Result<(), E>,
) -> Result<(), E> {
    const BEGIN: &[u8] = b"BEGIN:VCALENDAR\n";
    const END: &[u8] = b"END:VCALENDAR\n";
    let text = part.text.as_bytes();
    let mut bounds = vec![from];
    bounds.extend(cuts(part, from, n));
    bounds.push(text.len());
    let last = bounds.len() - 2;
    let read_nth = |i: usize| {
        let (from, to) = (bounds[i], bounds[i + 1]);
        let head: &[u8] = if from == 0 { b"" } else { BEGIN };
        let tail: &[u8] = if i == last { b"" } else { END };
        read_part(std::io::Read::chain(std::io::Read::chain(head, &text[from..to]), tail), part.line)
    };
    // A part that cannot be read stops the handing over, not the reading: the parts after it
    // are read for their problems too, so that a refused file is told whole.
    let mut bad = Vec::new();
    let mut take = |read: Result<Part, IcsError>| match read {
        Ok(part) if bad.is_empty() => each(part),
        Ok(_) => Ok(()),
        Err(e) => {
            bad.push(e);
            Ok(())
        }
    };
    if last == 0 || threads < 2 {
        for i in 0..=last {
            take(read_nth(i))?;
        }
    } else {
        crate::ordered::in_order(last + 1, threads, threads * 2, || Ok(()), |(), i| Ok(read_nth(i)), take)?;
    }
    IcsError::gather(bad).map_or(Ok(()), |e| Err(e.into()))
}

/// The parts of one calendar put together, its own properties read from theirs.
fn assemble(line: usize, parts: Vec<Part>, warnings: &mut Vec<Warning>) -> Calendar {
    let mut calendar = Calendar { line, ..Calendar::default() };
    let mut properties = Vec::new();
    for read in parts {
        properties.extend(read.properties);
        calendar.events.extend(read.events);
        calendar.todos.extend(read.todos);
        calendar.timezones.extend(read.timezones);
        warnings.extend(read.warnings);
    }
    let own = props(&properties, line);
    let find = |name: &str| own.iter().find(|p| p.name == name);
    calendar.method = find("METHOD").map(Prop::token);
    calendar.prodid = find("PRODID").map(Prop::text);
    calendar.x_wr_timezone = find("X-WR-TIMEZONE").map(|p| p.text().trim().to_string());
    calendar
}

fn calendar_in_parts(
    part: &CleanCalendar,
    n: usize,
    threads: usize,
    warnings: &mut Vec<Warning>,
) -> Result<Calendar, IcsError> {
    let mut parts = Vec::with_capacity(n);
    each_part(part, 0, n, threads, |read| {
        parts.push(read);
        Ok::<(), IcsError>(())
    })?;
    Ok(assemble(part.line, parts, warnings))
}

/// One VCALENDAR, read in parts.
fn calendar(part: &CleanCalendar, warnings: &mut Vec<Warning>) -> Result<Calendar, IcsError> {
    calendar_in_parts(part, part.text.len().div_ceil(PART_SIZE), threads(), warnings)
}

/// Reads a whole file: every calendar in it, or the first thing that stops it being read.
pub fn read(bytes: &[u8]) -> Result<ReadFile, IcsError> {
    whole(prepass(bytes)?)
}

fn whole(mut clean: super::prepass::Prepassed) -> Result<ReadFile, IcsError> {
    // Every calendar is read, also after one that cannot be: the error names all problems.
    let mut bad = std::mem::take(&mut clean.bad);
    let mut calendars = Vec::new();
    for part in &clean.calendars {
        calendars.extend(kept(&mut bad, calendar(part, &mut clean.warnings)));
    }
    match IcsError::gather(bad) {
        Some(e) => Err(e),
        None => Ok(ReadFile { calendars, warnings: clean.warnings }),
    }
}

/// A file as an import reads it: whole, or, when it is one calendar whose events mean the same
/// read part by part ([`super::prepass::Layout`]), the calendar's head read and its events to
/// come, so that they can be used while the rest is still being read.
pub enum Reading {
    Whole(ReadFile),
    InParts(Box<InParts>),
}

/// One calendar whose head (its own properties and time zones) is read, and whose events are
/// read part by part when asked.
pub struct InParts {
    /// The calendar without its events and tasks.
    pub head: Calendar,
    /// What the pre-pass and the reading of the head noticed.
    pub warnings: Vec<Warning>,
    clean: CleanCalendar,
    /// Where the events begin in `clean.text`.
    from: usize,
}

impl InParts {
    /// Reads the parts after the head on as many threads as the machine has and hands them to
    /// `each` in order, as they are read. A part that cannot be read ends the handing over (see
    /// [`each_part`]); an error of `each` ends it at once.
    pub fn read_each<E: From<IcsError> + From<crate::ordered::WorkersStopped> + Send>(
        &self,
        each: impl FnMut(Part) -> Result<(), E>,
    ) -> Result<(), E> {
        let n = (self.clean.text.len() - self.from).div_ceil(PART_SIZE);
        each_part(&self.clean, self.from, n, threads(), each)
    }

    /// The whole file, as [`read`] gives it.
    pub fn into_whole(self) -> Result<ReadFile, IcsError> {
        let mut parts = Vec::new();
        self.read_each(|part| {
            parts.push(part);
            Ok::<(), IcsError>(())
        })?;
        let InParts { mut head, mut warnings, .. } = self;
        let rest = assemble(head.line, parts, &mut warnings);
        head.events = rest.events;
        head.todos = rest.todos;
        head.timezones.extend(rest.timezones);
        Ok(ReadFile { calendars: vec![head], warnings })
    }
}

/// Reads a file for an import (see [`Reading`]).
pub fn read_for_import(bytes: &[u8]) -> Result<Reading, IcsError> {
    let mut clean = prepass(bytes)?;
    let from = match clean.calendars.as_slice() {
        // A file with lines that cannot be read is refused: read whole, for all its problems.
        [one] if clean.bad.is_empty() => one.layout.parts_from(),
        _ => None,
    };
    let Some((from, one)) = from.and_then(|from| Some((from, clean.calendars.pop()?))) else {
        return Ok(Reading::Whole(whole(clean)?));
    };
    let mut warnings = clean.warnings;
    let head = read_part(std::io::Read::chain(&one.text.as_bytes()[..from], &b"END:VCALENDAR\n"[..]), one.line)?;
    let head = assemble(one.line, vec![head], &mut warnings);
    Ok(Reading::InParts(Box::new(InParts { head, warnings, clean: one, from })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn text_is_unescaped_exactly_once() {
        assert_eq!(unescape_text("a\\\\nb\\;c\\,d\\ne\\Nf"), "a\\nb;c,d\ne\nf");
        assert_eq!(unescape_text("C:\\temp \\x"), "C:\\temp \\x");
        assert_eq!(unescape_text("end\\"), "end\\");
        assert_eq!(unescape_text("a\u{0}b\u{1b}c\td"), "abc\td");
        assert_eq!(decode_param("^'Pat^' ^^ ^n ^x"), "\"Pat\" ^ \n ^x");
    }

    #[test]
    fn an_invitation_is_read_into_plain_structs() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:request\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:m-1@example.org\r\nSEQUENCE:2\r\nDTSTAMP:20260301T120000Z\r\nDTSTART;TZID=Europe/Brussels:20260315T100000\r\nDURATION:PT1H30M\r\n\
SUMMARY:Workshop\\; part 1\\, room \"B\"\\nsecond line\r\nLOCATION:Brussels\\, BERL\r\nSTATUS:confirmed\r\n\
ORGANIZER;CN=\"Doe, Jane\":mailto:jane@example.org\r\n\
ATTENDEE;CN=\"O'Brien, ^'Pat^'\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:MAILTO:pat@example.org\r\n\
ATTENDEE;CN=Room:urn:uuid:1234\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;TZID=Europe/Brussels:20260322T100000,20260329T100000\r\n\
END:VEVENT\r\nBEGIN:VTODO\r\nUID:t-1\r\nDUE;VALUE=DATE:20260401\r\nSUMMARY:Send the minutes\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        let file = read(text.as_bytes()).unwrap();
        let cal = &file.calendars[0];
        assert_eq!(cal.method.as_deref(), Some("REQUEST"));
        let e = &cal.events[0];
        assert_eq!(e.line, 22);
        assert_eq!(e.uid.as_deref(), Some("m-1@example.org"));
        assert_eq!(e.sequence, Some(2));
        assert_eq!(e.start, Some(IcsTime::Zoned { local: local(2026, 3, 15, 10, 0), tzid: "Europe/Brussels".into() }));
        assert_eq!(e.duration, Some(TimeDelta::minutes(90)));
        assert_eq!(e.summary.as_deref(), Some("Workshop; part 1, room \"B\"\nsecond line"));
        assert_eq!(e.location.as_deref(), Some("Brussels, BERL"));
        assert_eq!(e.status.as_deref(), Some("CONFIRMED"));
        let organizer = e.organizer.as_ref().unwrap();
        assert_eq!(
            (organizer.cn.as_deref(), organizer.email.as_deref()),
            (Some("Doe, Jane"), Some("jane@example.org"))
        );
        let pat = &e.attendees[0];
        assert_eq!(pat.cn.as_deref(), Some("O'Brien, \"Pat\""));
        assert_eq!(pat.email.as_deref(), Some("pat@example.org"));
        assert_eq!(
            (pat.role.as_deref(), pat.partstat.as_deref(), pat.rsvp),
            (Some("REQ-PARTICIPANT"), Some("NEEDS-ACTION"), Some(true))
        );
        assert_eq!(e.attendees[1].email, None);
        assert_eq!(e.attendees[1].uri, "urn:uuid:1234");
        assert_eq!(e.rrules, ["FREQ=WEEKLY;COUNT=3"]);
        assert_eq!(e.exdates.len(), 2);
        assert_eq!(cal.todos[0].due, Some(IcsTime::Date(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap())));
        let zone = &cal.timezones[0];
        assert_eq!(zone.tzid, "Europe/Brussels");
        assert_eq!(zone.observances.len(), 2);
        assert!(zone.observances[0].daylight);
        assert_eq!((zone.observances[0].offset_from, zone.observances[0].offset_to), (3600, 7200));
        assert_eq!(zone.observances[1].rrule.as_deref(), Some("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
    }

    #[test]
    fn a_calendar_read_in_parts_is_the_calendar_read_whole() {
        let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        for i in 0..40 {
            text += &format!(
                "BEGIN:VEVENT\r\nUID:e-{i}\r\nDTSTART:20260301T{:02}0000Z\r\nSUMMARY:Event {i}\r\n\
                 ATTENDEE;CN=P {i}:mailto:p{i}@example.org\r\nEND:VEVENT\r\n",
                i % 24
            );
            if i % 10 == 3 {
                text += &format!("BEGIN:VTODO\r\nUID:t-{i}\r\nSUMMARY:Todo {i}\r\nEND:VTODO\r\n");
            }
            if i == 17 {
                // The calendar's own properties may come after its components.
                text += "METHOD:PUBLISH\r\nBEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\n\
                         DTSTART:19700101T000000\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
                         BEGIN:VTIMEZONE\r\nEND:VTIMEZONE\r\n";
            }
        }
        text += "X-WR-TIMEZONE:Europe/Brussels\r\nEND:VCALENDAR\r\n";
        let clean = prepass(text.as_bytes()).unwrap();
        let part = &clean.calendars[0];
        let (mut one, mut three) = (Vec::new(), Vec::new());
        let whole = calendar_in_parts(part, 1, 1, &mut one).unwrap();
        let parts = calendar_in_parts(part, 5, 2, &mut three).unwrap();
        assert_eq!(cuts(part, 0, 5).len(), 4);
        let mut on_one_thread = Vec::new();
        assert_eq!(calendar_in_parts(part, 5, 1, &mut on_one_thread).unwrap(), whole);
        assert_eq!(whole, parts);
        assert_eq!(one, three);
        assert_eq!(parts.events.len(), 40);
        assert_eq!(parts.events[39].uid.as_deref(), Some("e-39"));
        assert_eq!(parts.events[39].attendees[0].email.as_deref(), Some("p39@example.org"));
        assert_eq!(parts.todos.len(), 4);
        assert_eq!(parts.timezones.len(), 1);
        assert_eq!(three.len(), 1, "the VTIMEZONE without a TZID is said once");
        assert_eq!(parts.method.as_deref(), Some("PUBLISH"));
        assert_eq!(parts.x_wr_timezone.as_deref(), Some("Europe/Brussels"));
        // The line of each event is the file's, whatever part it was read in.
        assert_eq!(parts.events[39].line, text.lines().position(|l| l == "UID:e-39").unwrap() + 1);

        // A bad value in a later part is the error, with its line, read on two threads too.
        let bad = text.replace("DTSTART:20260301T060000Z", "DTSTART:tomorrow");
        let clean = prepass(bad.as_bytes()).unwrap();
        let line = bad.lines().position(|l| l == "DTSTART:tomorrow").unwrap() + 1;
        for threads in [1, 2] {
            let err = calendar_in_parts(&clean.calendars[0], 5, threads, &mut Vec::new()).unwrap_err();
            assert!(err.to_string().starts_with(&format!("line {line}: DTSTART")), "{err}");
        }
    }

    #[test]
    fn a_calendar_whose_head_comes_first_is_read_for_an_import_in_parts() {
        let mut text = String::from(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nX-WR-TIMEZONE:Europe/Brussels\r\n\
             BEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETTO:+0100\r\n\
             RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
        );
        let events = |text: &mut String, range: std::ops::Range<usize>| {
            for i in range {
                *text += &format!(
                    "BEGIN:VEVENT\r\nUID: e-{i} \r\nDTSTART;TZID=Z:20260301T{:02}0000\r\nSUMMARY:Event {i}\r\n\
                     DESCRIPTION:{}\r\nATTENDEE;CN=P {i}:mailto:p{i}@example.org\r\nEND:VEVENT\r\n",
                    i % 24,
                    "words ".repeat(60)
                );
                if i % 100 == 7 {
                    *text += &format!("BEGIN:VTODO\r\nUID:e-{i}\r\nSUMMARY:Todo {i}\r\nEND:VTODO\r\n");
                }
            }
        };
        events(&mut text, 0..3_000);
        let end = "END:VCALENDAR\r\n";
        let Reading::InParts(parts) = read_for_import(format!("{text}{end}").as_bytes()).unwrap() else {
            panic!("a calendar whose head comes first is read in parts");
        };
        assert_eq!(parts.head.method.as_deref(), Some("REQUEST"));
        assert_eq!(parts.head.x_wr_timezone.as_deref(), Some("Europe/Brussels"));
        assert_eq!(parts.head.timezones.len(), 1);
        assert!(parts.head.events.is_empty());
        let mut sizes = Vec::new();
        parts
            .read_each(|part| {
                sizes.push(part.events.len());
                Ok::<(), IcsError>(())
            })
            .unwrap();
        assert!(sizes.len() > 2, "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 3_000);
        let whole = read(format!("{text}{end}").as_bytes()).unwrap();
        assert_eq!(parts.into_whole().unwrap(), whole);
        assert_eq!(whole.calendars[0].todos.len(), 30);

        // Whatever would make a later part change what an earlier one means: read whole.
        let zone = "BEGIN:VTIMEZONE\r\nTZID:Y\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
                    TZOFFSETTO:+0200\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        let event = |extra: &str| format!("BEGIN:VEVENT\r\n{extra}DTSTART:20260301T090000Z\r\nEND:VEVENT\r\n");
        for late in [
            zone.to_string(),
            "X-WR-TIMEZONE:Europe/Dublin\r\n".to_string(),
            event("UID:r\r\nRRULE:FREQ=DAILY;COUNT=2\r\n"),
            event("UID:r\r\nRDATE:20260302T090000Z\r\n"),
            event("UID:e-5\r\nRECURRENCE-ID:20260301T090000Z\r\n"),
            event("UID:e-2999\r\n"),
            event(""),
        ] {
            let file = format!("{text}{late}{end}");
            assert!(matches!(read_for_import(file.as_bytes()).unwrap(), Reading::Whole(_)), "{late}");
        }
        // A rule in a time zone, a second UID of one event and a recurring task change nothing.
        let mut ok = text.clone();
        events(&mut ok, 3_000..3_001);
        let file = format!(
            "{ok}{}BEGIN:VTODO\r\nUID:t\r\nRRULE:FREQ=DAILY\r\nEND:VTODO\r\n{end}",
            event("UID:u\r\nUID:e-1\r\n")
        );
        assert!(matches!(read_for_import(file.as_bytes()).unwrap(), Reading::InParts(_)));
        // Two calendars: read whole.
        let two = format!("{text}{end}BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
        assert!(matches!(read_for_import(two.as_bytes()).unwrap(), Reading::Whole(_)));
    }

    #[test]
    fn bad_values_name_their_line() {
        let err = |body: &str| {
            let text = format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\n{body}\nEND:VEVENT\nEND:VCALENDAR\n");
            read(text.as_bytes()).unwrap_err().to_string()
        };
        assert_eq!(err("DTSTART:2026-03-15"), "line 3: DTSTART: \"2026-03-15\" is not a date-time (YYYYMMDDTHHMMSS)");
        assert_eq!(err("SEQUENCE:-1"), "line 3: SEQUENCE: \"-1\" is not a whole number");
        assert_eq!(err("DURATION:1 hour"), "line 3: DURATION: \"1 hour\" is not a duration (e.g. PT1H30M)");
        let zone = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nDTSTART:19700101T000000\nEND:STANDARD\nEND:VTIMEZONE\nEND:VCALENDAR\n";
        assert_eq!(
            read(zone.as_bytes()).unwrap_err().to_string(),
            "line 5: STANDARD of time zone \"X\" has no TZOFFSETTO"
        );
    }
}
