//! Recurring events as occurrences within a window: RRULE (expanded by the `rrule` crate) plus
//! RDATE, less EXDATE, with the instances a RECURRENCE-ID overrides replaced, and always a cap
//! on how many.
//!
//! Rules are expanded on wall-clock times, as RFC 5545 defines them: the `rrule` crate is given
//! the event's local times as if they were UTC, and each occurrence is then resolved in the
//! event's own zone by [`super::zones`] (so a Windows TZID, a file's own VTIMEZONE, a gap or an
//! overlap are handled as for any other time, and the machine's `TZ` never matters). UNTIL is
//! brought to the same wall clock first: a UTC UNTIL is converted to the event's zone, a floating
//! one taken as it is, a DATE one as the end of that day.
//!
//! Each occurrence is keyed by UID and its original start (`UID#20260315T090000Z`, or
//! `UID#20260315` for all-day events), so a second import finds it again; an event that does not
//! recur is keyed by its UID alone.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

use super::datetime::{format_date, parse_date, parse_date_time, IcsTime};
use super::read::Event;
use super::zones::{utc_text, When, Zone, Zones};
use super::{IcsError, Warning};

/// The most steps the `rrule` iterator may take for one event, in or out of the window.
const MAX_STEPS: usize = 200_000;

/// Wall-clock times a rule gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub occurrences: Vec<NaiveDateTime>,
    /// The cap or the step limit stopped the expansion before the end of the window.
    pub truncated: bool,
}

const RULE_PARTS: [&str; 14] = [
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

/// A rule with UNTIL on the wall clock (`None` when UNTIL is before the start: the rule gives
/// nothing then). Parts the `rrule` crate does not know are dropped.
fn wall_clock_rule(
    rule: &str,
    start: NaiveDateTime,
    utc_to_local: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<Option<String>, String> {
    let mut parts = Vec::new();
    for part in rule.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').ok_or_else(|| format!("\"{part}\" in RRULE has no '='"))?;
        let key = key.trim().to_ascii_uppercase();
        if !RULE_PARTS.contains(&key.as_str()) {
            continue;
        }
        if key == "UNTIL" {
            let value = value.trim();
            let until = if value.len() == 8 {
                parse_date(value)?.and_hms_opt(23, 59, 59).unwrap_or_default()
            } else {
                match parse_date_time(value)? {
                    (utc, true) => utc_to_local(utc),
                    (local, false) => local,
                }
            };
            if until < start {
                return Ok(None);
            }
            parts.push(format!("UNTIL={}Z", until.format("%Y%m%dT%H%M%S")));
        } else {
            parts.push(format!("{key}={}", value.trim().to_ascii_uppercase()));
        }
    }
    Ok(Some(parts.join(";")))
}

/// The wall-clock times `rules` give from `start`, within `from..=to`, at most `cap` of them.
/// `utc_to_local` turns a UTC UNTIL into the same wall clock. A panic inside the `rrule` crate
/// (none is known) would be this function's error, not the caller's crash.
pub fn expand_rule(
    start: NaiveDateTime,
    rules: &[String],
    utc_to_local: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
    from: Option<NaiveDateTime>,
    to: NaiveDateTime,
    cap: usize,
) -> Result<Expanded, String> {
    let run = std::panic::AssertUnwindSafe(|| expand_unguarded(start, rules, utc_to_local, from, to, cap));
    std::panic::catch_unwind(run).unwrap_or_else(|_| Err(format!("RRULE {} could not be expanded", rules.join(" / "))))
}

fn expand_unguarded(
    start: NaiveDateTime,
    rules: &[String],
    utc_to_local: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
    from: Option<NaiveDateTime>,
    to: NaiveDateTime,
    cap: usize,
) -> Result<Expanded, String> {
    let tz = rrule::Tz::UTC;
    let dt_start = start.and_utc().with_timezone(&tz);
    let mut set = rrule::RRuleSet::new(dt_start);
    let mut any = false;
    for rule in rules {
        let Some(rule) = wall_clock_rule(rule, start, utc_to_local)? else { continue };
        let parsed: rrule::RRule<rrule::Unvalidated> = rule.parse().map_err(|e| format!("RRULE {rule}: {e}"))?;
        let valid = parsed.validate(dt_start).map_err(|e| format!("RRULE {rule}: {e}"))?;
        set = set.rrule(valid);
        any = true;
    }
    let mut out = Expanded::default();
    if !any {
        return Ok(out);
    }
    let mut steps = 0;
    for t in set.limit().into_iter() {
        let t = t.naive_utc();
        if t > to {
            return Ok(out);
        }
        steps += 1;
        if from.is_none_or(|from| t >= from) {
            if out.occurrences.len() >= cap {
                out.truncated = true;
                return Ok(out);
            }
            out.occurrences.push(t);
        }
        if steps >= MAX_STEPS {
            out.truncated = true;
            return Ok(out);
        }
    }
    Ok(out)
}

/// One instance of an event within the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence<'a> {
    /// The event that describes this instance: the recurring one, or the one that overrides it.
    pub event: &'a Event,
    /// `UID` for an event that does not recur, `UID#20260315T090000Z` (`UID#20260315` all day)
    /// for an instance of one; `None` without a UID.
    pub key: Option<String>,
    pub start: When,
    /// Never before `start`: at `start` when the file's end is before it (see `backwards`).
    pub end: When,
    /// The file's end (DTEND or DURATION) is before the start.
    pub backwards: bool,
    /// Why the times are not exactly those of the file (a gap), when they are not.
    pub notes: Vec<String>,
}

/// The occurrences of a calendar's events in a window, and what was noticed on the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expansion<'a> {
    pub occurrences: Vec<Occurrence<'a>>,
    pub warnings: Vec<Warning>,
}

/// A time on the event's wall clock (`zone`), whatever form the file gave it in.
fn wall_clock(time: &IcsTime, zone: &Zone, zones: &Zones) -> Result<NaiveDateTime, IcsError> {
    Ok(match time {
        IcsTime::Date(d) => d.and_time(NaiveTime::MIN),
        IcsTime::Floating(t) => *t,
        IcsTime::Zoned { tzid, local } if tzid == zone.name() => *local,
        _ => match zones.resolve(time)? {
            When::Instant { at, .. } => zone.local_of(at.naive_utc()),
            When::AllDay(d) => d.and_time(NaiveTime::MIN),
        },
    })
}

fn occurrence_id(when: &When) -> String {
    match when {
        When::Instant { at, .. } => utc_text(*at),
        When::AllDay(d) => format_date(*d).unwrap_or_else(|_| d.to_string()),
    }
}

/// How long an event lasts: DTEND less its own start `first` (resolved DTSTART; every
/// occurrence of a series lasts as long as its first), or DURATION, else a day for a date and
/// nothing for a time. Negative when the file's end is before its start.
fn length(event: &Event, first: &When, zones: &Zones) -> Result<TimeDelta, IcsError> {
    if let Some(end) = &event.end {
        let end = zones.resolve(end).map_err(|e| e.or_at(event.line))?;
        return Ok(match (first, &end) {
            (When::AllDay(a), When::AllDay(b)) => *b - *a,
            (When::Instant { at: a, .. }, When::Instant { at: b, .. }) => *b - *a,
            (When::AllDay(a), When::Instant { at: b, .. }) => b.date_naive() - *a,
            (When::Instant { at: a, .. }, When::AllDay(b)) => b.and_time(NaiveTime::MIN).and_utc() - *a,
        });
    }
    if let Some(duration) = event.duration {
        return Ok(duration);
    }
    Ok(if matches!(first, When::AllDay(_)) { TimeDelta::days(1) } else { TimeDelta::zero() })
}

fn plus(when: &When, delta: TimeDelta) -> When {
    match when {
        When::Instant { at, .. } => When::Instant { at: *at + delta, moved: None },
        When::AllDay(d) => When::AllDay(d.checked_add_signed(TimeDelta::days(delta.num_days())).unwrap_or(*d)),
    }
}

/// Whether an occurrence starting at `start` falls in `from..to` (a day: any part of it).
fn in_window(start: &When, from: DateTime<Utc>, to: DateTime<Utc>, zones: &Zones) -> bool {
    match start {
        When::Instant { at, .. } => *at >= from && *at < to,
        When::AllDay(d) => {
            let zone = Zone::Iana(zones.floating());
            let (first, last): (NaiveDate, NaiveDate) =
                (zone.local_of(from.naive_utc()).date(), zone.local_of(to.naive_utc()).date());
            *d >= first && *d <= last
        }
    }
}

/// The occurrence of `event` (or of the override that replaces it) starting at `start` and
/// lasting `length` (see [`length`]; a negative one, an end before the start, is none).
fn occurrence(event: &Event, key: Option<String>, start: When, length: TimeDelta) -> Occurrence<'_> {
    let backwards = length < TimeDelta::zero();
    let notes = match &start {
        When::Instant { moved: Some(note), .. } => vec![note.clone()],
        _ => Vec::new(),
    };
    let end = plus(&start, length.max(TimeDelta::zero()));
    Occurrence { event, key, start, end, backwards, notes }
}

/// The occurrences of `events` that start in `from..to`, at most `cap` in all. Recurring events
/// are expanded; each instance an event with the same UID and a RECURRENCE-ID overrides is
/// replaced by that event. An event without DTSTART is left out with a warning.
pub fn expand<'a>(
    events: &'a [Event],
    zones: &Zones,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    cap: usize,
) -> Result<Expansion<'a>, IcsError> {
    let mut out = Expansion::default();
    // Overrides by UID, each with the wall-clock time of its RECURRENCE-ID and whether it was used.
    let mut overrides: HashMap<&str, Vec<(&'a Event, bool)>> = HashMap::new();
    for e in events {
        if let (Some(uid), Some(_)) = (&e.uid, &e.recurrence_id) {
            overrides.entry(uid.as_str()).or_default().push((e, false));
        }
    }
    let masters: Vec<&Event> = events.iter().filter(|e| e.recurrence_id.is_none() || e.uid.is_none()).collect();
    for master in masters {
        let Some(start) = &master.start else {
            out.warnings.push(Warning::at(master.line, "an event without DTSTART was left out"));
            continue;
        };
        let recurs = !master.rrules.is_empty() || !master.rdates.is_empty();
        if !recurs {
            let when = zones.resolve(start).map_err(|e| e.or_at(master.line))?;
            if in_window(&when, from, to, zones) {
                let length = length(master, &when, zones)?;
                push(&mut out, occurrence(master, master.uid.clone(), when, length), cap);
            }
            continue;
        }
        let zone = zones.zone_of(start).map_err(|e| e.or_at(master.line))?;
        let first = start.naive();
        let to_local = |utc: NaiveDateTime| zone.local_of(utc);
        let margin = TimeDelta::days(2);
        let (lo, hi) = (zone.local_of(from.naive_utc()) - margin, zone.local_of(to.naive_utc()) + margin);
        let expanded = expand_rule(first, &master.rrules, &to_local, Some(lo), hi, cap.saturating_add(1))
            .map_err(|e| IcsError::at(master.line, e))?;
        if expanded.truncated {
            out.warnings.push(Warning::at(
                master.line,
                format!("the recurrence was cut after {} occurrences", expanded.occurrences.len()),
            ));
        }
        let mut walls: Vec<NaiveDateTime> = expanded.occurrences;
        walls.push(first);
        for r in &master.rdates {
            walls.push(wall_clock(r, &zone, zones).map_err(|e| e.or_at(master.line))?);
        }
        let mut excluded = Vec::new();
        for x in &master.exdates {
            excluded.push(wall_clock(x, &zone, zones).map_err(|e| e.or_at(master.line))?);
        }
        walls.sort_unstable();
        walls.dedup();
        walls.retain(|w| !excluded.contains(w) && *w >= lo && *w <= hi);
        let mut replaced = master.uid.as_deref().and_then(|uid| overrides.get_mut(uid));
        // Every instance not overridden lasts as long as the series' first: found once, when
        // the first instance in the window needs it.
        let mut master_length = None;
        for wall in walls {
            let original = if start.is_date() {
                When::AllDay(wall.date())
            } else {
                let (at, moved) = zone.resolve_local(wall);
                When::Instant { at, moved }
            };
            let key = master.uid.as_ref().map(|uid| format!("{uid}#{}", occurrence_id(&original)));
            // An override of this instance takes its place.
            let mut instance = None;
            if let Some(list) = replaced.as_deref_mut() {
                for (event, used) in list.iter_mut() {
                    let Some(rid) = &event.recurrence_id else { continue };
                    if wall_clock(rid, &zone, zones).map_err(|e| e.or_at(event.line))? == wall {
                        *used = true;
                        instance = Some(*event);
                    }
                }
            }
            let (event, when) = match instance {
                Some(event) => {
                    let when = match &event.start {
                        Some(s) => zones.resolve(s).map_err(|e| e.or_at(event.line))?,
                        None => original.clone(),
                    };
                    (event, when)
                }
                None => (master, original.clone()),
            };
            if in_window(&when, from, to, zones) || (instance.is_some() && in_window(&original, from, to, zones)) {
                let length = match (instance, master_length) {
                    (Some(_), _) => length(event, &when, zones)?,
                    (None, Some(known)) => known,
                    (None, None) => {
                        let first = zones.resolve(start).map_err(|e| e.or_at(master.line))?;
                        *master_length.insert(length(master, &first, zones)?)
                    }
                };
                push(&mut out, occurrence(event, key, when, length), cap);
            }
        }
    }
    // Overrides whose instance no rule gave (or whose recurring event is not in the file).
    let mut leftovers: Vec<&Event> = overrides.values().flatten().filter(|(_, used)| !used).map(|(e, _)| *e).collect();
    leftovers.sort_by_key(|e| e.line);
    for event in leftovers {
        let (Some(uid), Some(rid), Some(start)) = (&event.uid, &event.recurrence_id, &event.start) else { continue };
        let original = zones.resolve(rid).map_err(|e| e.or_at(event.line))?;
        let when = zones.resolve(start).map_err(|e| e.or_at(event.line))?;
        if in_window(&when, from, to, zones) {
            let key = Some(format!("{uid}#{}", occurrence_id(&original)));
            let length = length(event, &when, zones)?;
            push(&mut out, occurrence(event, key, when, length), cap);
        }
    }
    if out.occurrences.len() >= cap {
        out.warnings.push(Warning::new(format!("only the first {cap} occurrences were kept")));
        out.occurrences.truncate(cap);
    }
    Ok(out)
}

fn push<'a>(out: &mut Expansion<'a>, occurrence: Occurrence<'a>, cap: usize) {
    if out.occurrences.len() <= cap {
        out.occurrences.push(occurrence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::read::read;

    fn utc(text: &str) -> DateTime<Utc> {
        parse_date_time(text).unwrap().0.and_utc()
    }

    fn keys(text: &str, from: &str, to: &str) -> Vec<String> {
        let file = read(text.as_bytes()).unwrap();
        let cal = &file.calendars[0];
        let zones = Zones::new(cal, chrono_tz::Europe::Brussels);
        let x = expand(&cal.events, &zones, utc(from), utc(to), 500).unwrap();
        x.occurrences
            .iter()
            .map(|o| {
                format!(
                    "{} {} {}",
                    o.key.as_deref().unwrap_or("-"),
                    occurrence_id(&o.start),
                    o.event.summary.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    }

    #[test]
    fn a_weekly_meeting_with_an_exdate_and_an_override() {
        let text = calendar(
            "BEGIN:VEVENT\r\nUID:w1\r\nSUMMARY:Weekly\r\nDTSTART;TZID=Europe/Brussels:20260317T100000\r\nDTEND;TZID=Europe/Brussels:20260317T110000\r\n\
RRULE:FREQ=WEEKLY;UNTIL=20260414T090000Z\r\nEXDATE;TZID=Europe/Brussels:20260331T100000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Brussels:20260407T100000\r\nSUMMARY:Moved\r\nDTSTART;TZID=Europe/Brussels:20260408T140000\r\nDTEND;TZID=Europe/Brussels:20260408T150000\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            keys(&text, "20260101T000000Z", "20270101T000000Z"),
            [
                "w1#20260317T090000Z 20260317T090000Z Weekly",
                // The clocks went forward on 29 March: 10:00 is now 08:00 UTC.
                "w1#20260324T090000Z 20260324T090000Z Weekly",
                "w1#20260407T080000Z 20260408T120000Z Moved",
                "w1#20260414T080000Z 20260414T080000Z Weekly",
            ]
        );
        assert_eq!(keys(&text, "20260320T000000Z", "20260410T000000Z").len(), 2);
    }

    #[test]
    fn floating_until_windows_tzid_and_dates() {
        // Outlook: a Windows TZID and a floating UNTIL.
        let outlook = calendar(
            "BEGIN:VEVENT\r\nUID:o1\r\nDTSTART;TZID=Romance Standard Time:20261023T090000\r\nRRULE:FREQ=DAILY;UNTIL=20261026T090000\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            keys(&outlook, "20260101T000000Z", "20270101T000000Z"),
            [
                "o1#20261023T070000Z 20261023T070000Z ",
                "o1#20261024T070000Z 20261024T070000Z ",
                "o1#20261025T080000Z 20261025T080000Z ",
                "o1#20261026T080000Z 20261026T080000Z "
            ]
        );
        let yearly = calendar("BEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20200229\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nRDATE;VALUE=DATE:20210301\r\nEND:VEVENT\r\n");
        assert_eq!(
            keys(&yearly, "20190101T000000Z", "20400101T000000Z"),
            ["b#20200229 20200229 ", "b#20210301 20210301 ", "b#20240229 20240229 ", "b#20280229 20280229 "]
        );
        let floating =
            calendar("BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20260328T020000\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n");
        // 29 March 02:00 does not exist in Brussels: it is read as 03:00 CEST.
        assert_eq!(
            keys(&floating, "20260101T000000Z", "20270101T000000Z"),
            ["f#20260328T010000Z 20260328T010000Z ", "f#20260329T010000Z 20260329T010000Z "]
        );
    }

    #[test]
    fn the_cap_holds_for_endless_rules() {
        let endless =
            calendar("BEGIN:VEVENT\r\nUID:e\r\nDTSTART:19700101T000000Z\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n");
        let file = read(endless.as_bytes()).unwrap();
        let cal = &file.calendars[0];
        let zones = Zones::new(cal, chrono_tz::Europe::Brussels);
        let x = expand(&cal.events, &zones, utc("20260101T000000Z"), utc("20270101T000000Z"), 100).unwrap();
        assert!(x.occurrences.is_empty());
        assert!(x.warnings[0].message.contains("cut"), "{:?}", x.warnings);
        let x = expand(&cal.events, &zones, utc("19700101T000000Z"), utc("20270101T000000Z"), 100).unwrap();
        assert_eq!(x.occurrences.len(), 100);
        let never = calendar("BEGIN:VEVENT\r\nUID:n\r\nDTSTART:20260101T000000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n");
        assert_eq!(keys(&never, "20260101T000000Z", "20270101T000000Z"), ["n#20260101T000000Z 20260101T000000Z "]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 300, ..Default::default() })]
        /// Whatever the rule, expansion answers (occurrences or an error), never panics or hangs.
        #[test]
        fn any_rule_expands_or_fails_cleanly(
            freq in proptest::sample::select(vec!["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY", "FORTNIGHTLY"]),
            interval in 0u32..400,
            count in proptest::option::of(0u32..50),
            byday in proptest::option::of((-60i32..60, proptest::sample::select(vec!["MO", "TU", "SU", "XX"]))),
            bymonthday in proptest::option::of(-40i32..40),
            bysetpos in proptest::option::of(-400i32..400),
            bymonth in proptest::option::of(0u32..15),
            byhour in proptest::option::of(0u32..30),
            until in proptest::option::of(0u32..99_999_999),
            year in 1i32..9999,
        ) {
            let mut rule = format!("FREQ={freq};INTERVAL={interval}");
            if let Some(c) = count { rule.push_str(&format!(";COUNT={c}")); }
            if let Some((n, d)) = byday { rule.push_str(&format!(";BYDAY={n}{d}")); }
            if let Some(d) = bymonthday { rule.push_str(&format!(";BYMONTHDAY={d}")); }
            if let Some(p) = bysetpos { rule.push_str(&format!(";BYSETPOS={p}")); }
            if let Some(m) = bymonth { rule.push_str(&format!(";BYMONTH={m}")); }
            if let Some(h) = byhour { rule.push_str(&format!(";BYHOUR={h}")); }
            if let Some(u) = until { rule.push_str(&format!(";UNTIL={u:08}T000000Z")); }
            let text = calendar(&format!("BEGIN:VEVENT\r\nUID:p\r\nDTSTART;TZID=Europe/Brussels:{year:04}0315T100000\r\nRRULE:{rule}\r\nEND:VEVENT\r\n"));
            let file = read(text.as_bytes()).unwrap();
            let cal = &file.calendars[0];
            let zones = Zones::new(cal, chrono_tz::Europe::Brussels);
            let _ = expand(&cal.events, &zones, utc("00010101T000000Z"), utc("99991231T000000Z"), 50);
        }
    }

    #[test]
    fn a_single_event_is_keyed_by_its_uid() {
        let single = calendar("BEGIN:VEVENT\r\nUID:s\r\nDTSTART:20260315T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n");
        assert_eq!(keys(&single, "20260101T000000Z", "20270101T000000Z"), ["s 20260315T100000Z "]);
        assert!(keys(&single, "20270101T000000Z", "20280101T000000Z").is_empty());
    }
}
