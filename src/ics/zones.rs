//! From the times a file states to instants: a TZID that is an IANA name goes to chrono-tz, a
//! Windows name (`Romance Standard Time`, also as Outlook's `(UTC+01:00) Brussels, Copenhagen,
//! Madrid, Paris`) to its IANA zone through CLDR's table (`windows-timezones`), any other TZID to
//! the offsets of the file's own VTIMEZONE of that name; `…Z` is an instant; a floating time is
//! local to the calendar's `X-WR-TIMEZONE`, else to a default zone; a DATE is a whole day.
//!
//! A local time in the spring-forward gap is moved forward by the length of the gap (RFC 5545
//! §3.3.5: it is read with the offset from before the change), with a warning; one in the autumn
//! overlap is the earlier of its two instants. Nothing depends on the machine's own zone.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use windows_timezones::WindowsTimezone;

use super::datetime::{format_utc, IcsTime};
use super::read::{Calendar, TimeZoneDef};
use super::recur::expand_rule;
use super::IcsError;

/// The last year a file's own VTIMEZONE rules are expanded to.
const HORIZON_YEAR: i32 = 2200;
/// The most onsets one observance of a file's VTIMEZONE may have.
const MAX_ONSETS: usize = 5000;

/// A zone as a file's own VTIMEZONE describes it: its changes of offset, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileZone {
    pub tzid: String,
    /// The offset before the first change.
    base: i32,
    /// Each change: its instant (UTC) and the offset from then on.
    onsets: Vec<(NaiveDateTime, i32)>,
}

impl FileZone {
    /// Expands the observances' rules (and RDATEs) up to the year 2200.
    pub fn new(def: &TimeZoneDef) -> Result<FileZone, IcsError> {
        let horizon = NaiveDate::from_ymd_opt(HORIZON_YEAR, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or(NaiveDateTime::MAX);
        let mut onsets = Vec::new();
        let mut earliest: Option<(NaiveDateTime, i32)> = None;
        for o in &def.observances {
            let shift = TimeDelta::seconds(i64::from(o.offset_from));
            let mut locals = vec![o.start];
            if let Some(rule) = &o.rrule {
                // UNTIL is UTC here: the onset's wall-clock time is UTC plus the offset before it.
                let until = |utc: NaiveDateTime| utc + shift;
                let expanded = expand_rule(o.start, std::slice::from_ref(rule), &until, None, horizon, MAX_ONSETS)
                    .map_err(|e| IcsError::at(o.line, format!("time zone \"{}\": {e}", def.tzid)))?;
                locals.extend(expanded.occurrences);
            }
            locals.extend(o.rdates.iter().copied());
            for local in locals {
                let at = local - shift;
                onsets.push((at, o.offset_to));
                if earliest.is_none_or(|(t, _)| at < t) {
                    earliest = Some((at, o.offset_from));
                }
            }
        }
        onsets.sort_by_key(|&(at, _)| at);
        onsets.dedup_by_key(|&mut (at, _)| at);
        let Some((_, base)) = earliest else {
            return Err(IcsError::at(def.line, format!("time zone \"{}\" has no STANDARD or DAYLIGHT", def.tzid)));
        };
        Ok(FileZone { tzid: def.tzid.clone(), base, onsets })
    }

    /// Seconds east of UTC at an instant.
    pub fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        match self.onsets.partition_point(|&(at, _)| at <= utc) {
            0 => self.base,
            n => self.onsets[n - 1].1,
        }
    }

    fn offsets(&self) -> Vec<i32> {
        let mut all: Vec<i32> = self.onsets.iter().map(|&(_, o)| o).chain([self.base]).collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Where a time is read.
#[derive(Clone, Debug, PartialEq)]
pub enum Zone {
    Utc,
    Iana(Tz),
    File(Arc<FileZone>),
}

/// A time resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// An instant, and why it is not the wall-clock time the file gave (the gap), when it is not.
    Instant { at: DateTime<Utc>, moved: Option<String> },
    /// A whole day.
    AllDay(NaiveDate),
}

impl When {
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        match self {
            When::Instant { at, .. } => Some(*at),
            When::AllDay(_) => None,
        }
    }
}

impl Zone {
    pub fn name(&self) -> &str {
        match self {
            Zone::Utc => "UTC",
            Zone::Iana(tz) => tz.name(),
            Zone::File(f) => &f.tzid,
        }
    }

    /// Seconds east of UTC at an instant.
    pub fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Iana(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
            Zone::File(f) => f.offset_at(utc),
        }
    }

    /// The wall-clock time of an instant here.
    pub fn local_of(&self, utc: NaiveDateTime) -> NaiveDateTime {
        utc + TimeDelta::seconds(i64::from(self.offset_at(utc)))
    }

    /// The instant of a wall-clock time here: the earlier one in an overlap; in a gap, the time
    /// read with the offset from before it, and a note saying so.
    pub fn resolve_local(&self, local: NaiveDateTime) -> (DateTime<Utc>, Option<String>) {
        let found = match self {
            Zone::Utc => Some(local),
            Zone::Iana(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(t) => Some(t.naive_utc()),
                LocalResult::Ambiguous(a, b) => Some(a.naive_utc().min(b.naive_utc())),
                LocalResult::None => None,
            },
            Zone::File(f) => f
                .offsets()
                .into_iter()
                .filter_map(|o| {
                    let t = local - TimeDelta::seconds(i64::from(o));
                    (f.offset_at(t) == o).then_some(t)
                })
                .min(),
        };
        match found {
            Some(t) => (t.and_utc(), None),
            None => {
                // A gap: read with the offset in force a day before (no zone changes twice a day).
                let before = self.offset_at(local - TimeDelta::hours(26));
                let at = local - TimeDelta::seconds(i64::from(before));
                let shown = self.local_of(at);
                let note = format!(
                    "{} does not exist in {} (the clocks go forward); read as {}",
                    local.format("%Y-%m-%d %H:%M"),
                    self.name(),
                    shown.format("%Y-%m-%d %H:%M")
                );
                (at.and_utc(), Some(note))
            }
        }
    }
}

fn windows_zones() -> &'static [WindowsTimezone] {
    static ALL: OnceLock<Vec<WindowsTimezone>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<WindowsTimezone> = Vec::new();
        for tz in chrono_tz::TZ_VARIANTS {
            if let Ok(w) = WindowsTimezone::try_from(tz) {
                if !all.contains(&w) {
                    all.push(w);
                }
            }
        }
        all
    })
}

/// The IANA zone a Windows zone name or description stands for (case-insensitive).
pub fn windows_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if let Ok(w) = WindowsTimezone::from_str(name) {
        return Some(Tz::from(w));
    }
    windows_zones()
        .iter()
        .find(|w| w.name().eq_ignore_ascii_case(name) || w.description().eq_ignore_ascii_case(name))
        .map(|&w| Tz::from(w))
}

/// A TZID as IANA knows it: the name itself, in any case, or its tail after a prefix such as
/// `/mozilla.org/20050126_1/` or `/citadel.org/20190914_1/`.
pub fn iana_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if let Ok(tz) = Tz::from_str(name) {
        return Some(tz);
    }
    static LOWER: OnceLock<HashMap<String, Tz>> = OnceLock::new();
    let lower =
        LOWER.get_or_init(|| chrono_tz::TZ_VARIANTS.iter().map(|tz| (tz.name().to_ascii_lowercase(), *tz)).collect());
    lower.get(&name.to_ascii_lowercase()).copied()
}

fn iana_suffix(name: &str) -> Option<Tz> {
    name.char_indices().filter(|&(_, c)| c == '/').find_map(|(i, _)| name.get(i + 1..).and_then(iana_zone))
}

/// The zones one calendar's times are read in.
#[derive(Clone, Debug)]
pub struct Zones {
    floating: Tz,
    /// The file's own VTIMEZONEs, by TZID; built when first asked for.
    defs: HashMap<String, TimeZoneDef>,
    built: std::cell::RefCell<HashMap<String, Arc<FileZone>>>,
}

impl Zones {
    /// Floating times are read in the calendar's `X-WR-TIMEZONE` when it names a zone, else in
    /// `default`.
    pub fn new(calendar: &Calendar, default: Tz) -> Zones {
        let floating =
            calendar.x_wr_timezone.as_deref().and_then(|n| iana_zone(n).or_else(|| windows_zone(n))).unwrap_or(default);
        let defs = calendar.timezones.iter().map(|d| (d.tzid.clone(), d.clone())).collect();
        Zones { floating, defs, built: Default::default() }
    }

    /// The zone floating times are read in.
    pub fn floating(&self) -> Tz {
        self.floating
    }

    /// The zone a TZID names: IANA, then Windows, then the file's own VTIMEZONE, then an IANA
    /// name at the end of a longer TZID.
    pub fn zone(&self, tzid: &str) -> Result<Zone, IcsError> {
        let name = tzid.trim().trim_matches('"').trim();
        if let Some(tz) = iana_zone(name).or_else(|| windows_zone(name)) {
            return Ok(if tz == chrono_tz::UTC { Zone::Utc } else { Zone::Iana(tz) });
        }
        if let Some(def) = self.defs.get(tzid).or_else(|| self.defs.get(name)) {
            if let Some(built) = self.built.borrow().get(&def.tzid) {
                return Ok(Zone::File(built.clone()));
            }
            let zone = Arc::new(FileZone::new(def)?);
            self.built.borrow_mut().insert(def.tzid.clone(), zone.clone());
            return Ok(Zone::File(zone));
        }
        if let Some(tz) = iana_suffix(name) {
            return Ok(Zone::Iana(tz));
        }
        Err(IcsError::new(format!(
            "TZID {} is neither an IANA nor a Windows time zone, and the file has no VTIMEZONE for it",
            super::prepass::excerpt(tzid)
        )))
    }

    /// The zone a time is read in: its TZID's, UTC, or the floating zone (a date: the floating zone).
    pub fn zone_of(&self, time: &IcsTime) -> Result<Zone, IcsError> {
        match time {
            IcsTime::Utc(_) => Ok(Zone::Utc),
            IcsTime::Zoned { tzid, .. } => self.zone(tzid),
            IcsTime::Floating(_) | IcsTime::Date(_) => Ok(Zone::Iana(self.floating)),
        }
    }

    /// What a time means: an instant, or a whole day.
    pub fn resolve(&self, time: &IcsTime) -> Result<When, IcsError> {
        match time {
            IcsTime::Date(d) => Ok(When::AllDay(*d)),
            IcsTime::Utc(t) => Ok(When::Instant { at: *t, moved: None }),
            _ => {
                let (at, moved) = self.zone_of(time)?.resolve_local(time.naive());
                Ok(When::Instant { at, moved })
            }
        }
    }
}

/// `20260315T090000Z`, for messages and occurrence keys.
pub fn utc_text(at: DateTime<Utc>) -> String {
    format_utc(at).unwrap_or_else(|_| at.to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::read::read;

    fn local(text: &str) -> NaiveDateTime {
        crate::ics::datetime::parse_date_time(text).unwrap().0
    }

    fn calendar(body: &str) -> Calendar {
        let text = format!("BEGIN:VCALENDAR\r\n{body}END:VCALENDAR\r\n");
        read(text.as_bytes()).unwrap().calendars.remove(0)
    }

    const CUSTOM: &str = "BEGIN:VTIMEZONE\r\nTZID:My Office Zone\r\n\
BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

    fn instant(zones: &Zones, time: IcsTime) -> String {
        utc_text(zones.resolve(&time).unwrap().instant().unwrap())
    }

    #[test]
    fn tzids_resolve_through_iana_windows_and_the_file() {
        let zones = Zones::new(&calendar(CUSTOM), chrono_tz::Europe::Brussels);
        let at = |tzid: &str, t: &str| instant(&zones, IcsTime::Zoned { local: local(t), tzid: tzid.into() });
        assert_eq!(at("Europe/Brussels", "20260315T100000"), "20260315T090000Z");
        assert_eq!(at("europe/brussels", "20260715T100000"), "20260715T080000Z");
        assert_eq!(at("Romance Standard Time", "20260715T100000"), "20260715T080000Z");
        assert_eq!(at("\"W. Europe Standard Time\"", "20260115T100000"), "20260115T090000Z");
        assert_eq!(at("GMT Standard Time", "20260715T100000"), "20260715T090000Z");
        assert_eq!(at("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "20260715T100000"), "20260715T080000Z");
        assert_eq!(at("/mozilla.org/20050126_1/America/New_York", "20260715T100000"), "20260715T140000Z");
        assert_eq!(at("My Office Zone", "20260315T100000"), "20260315T090000Z");
        assert_eq!(at("My Office Zone", "20260715T100000"), "20260715T080000Z");
        assert_eq!(at("UTC", "20260715T100000"), "20260715T100000Z");
        let err = zones
            .resolve(&IcsTime::Zoned { local: local("20260715T100000"), tzid: "Mars/Olympus".into() })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "TZID \"Mars/Olympus\" is neither an IANA nor a Windows time zone, and the file has no VTIMEZONE for it"
        );
    }

    #[test]
    fn floating_times_use_x_wr_timezone_else_the_default() {
        let google = Zones::new(&calendar("X-WR-TIMEZONE:America/New_York\r\n"), chrono_tz::Europe::Brussels);
        assert_eq!(instant(&google, IcsTime::Floating(local("20260715T100000"))), "20260715T140000Z");
        let plain = Zones::new(&calendar(""), chrono_tz::Europe::Brussels);
        assert_eq!(instant(&plain, IcsTime::Floating(local("20260715T100000"))), "20260715T080000Z");
        assert_eq!(instant(&plain, IcsTime::Utc(local("20260715T100000").and_utc())), "20260715T100000Z");
        let day = NaiveDate::from_ymd_opt(2026, 7, 15).unwrap();
        assert_eq!(plain.resolve(&IcsTime::Date(day)).unwrap(), When::AllDay(day));
    }

    #[test]
    fn the_gap_moves_forward_and_the_overlap_takes_the_earlier_instant() {
        let zones = Zones::new(&calendar(CUSTOM), chrono_tz::Europe::Brussels);
        for tzid in ["Europe/Brussels", "My Office Zone"] {
            let gap = zones.resolve(&IcsTime::Zoned { local: local("20260329T023000"), tzid: tzid.into() }).unwrap();
            let When::Instant { at, moved } = gap else { panic!() };
            assert_eq!(utc_text(at), "20260329T013000Z", "{tzid}");
            assert_eq!(
                moved.unwrap(),
                format!("2026-03-29 02:30 does not exist in {tzid} (the clocks go forward); read as 2026-03-29 03:30")
            );
            let overlap =
                zones.resolve(&IcsTime::Zoned { local: local("20261025T023000"), tzid: tzid.into() }).unwrap();
            assert_eq!(overlap, When::Instant { at: local("20261025T003000").and_utc(), moved: None }, "{tzid}");
        }
    }

    #[test]
    fn a_file_zone_matches_chrono_tz_for_decades() {
        let zones = Zones::new(&calendar(CUSTOM), chrono_tz::Europe::Brussels);
        let custom = zones.zone("My Office Zone").unwrap();
        let brussels = Zone::Iana(chrono_tz::Europe::Brussels);
        let mut t = local("20000101T000000");
        while t < local("20400101T000000") {
            assert_eq!(custom.offset_at(t), brussels.offset_at(t), "{t}");
            t += TimeDelta::hours(1);
        }
    }
}
