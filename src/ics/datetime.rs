//! The time values of iCalendar (RFC 5545 §3.3): DATE (`20260315`), DATE-TIME in UTC
//! (`20260315T090000Z`), local with a TZID or floating (`20260315T100000`), UTC-OFFSET (`+0100`)
//! and DURATION (`PT1H30M`), written and read.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};

/// A DATE or DATE-TIME value as a file states it, before any zone is resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IcsTime {
    /// `…Z`: an instant.
    Utc(DateTime<Utc>),
    /// A local time in the zone the TZID parameter names.
    Zoned { local: NaiveDateTime, tzid: String },
    /// A local time with no zone: the same wall-clock time wherever the reader is.
    Floating(NaiveDateTime),
    /// `VALUE=DATE`: a whole day (all-day events).
    Date(NaiveDate),
}

impl IcsTime {
    /// The value as written after the colon (without the TZID or VALUE parameter).
    pub fn value(&self) -> Result<String, String> {
        match self {
            IcsTime::Utc(t) => format_utc(*t),
            IcsTime::Zoned { local, .. } | IcsTime::Floating(local) => format_local(*local),
            IcsTime::Date(d) => format_date(*d),
        }
    }

    /// The wall-clock time of a local or floating value, midnight of a date, the UTC time of
    /// an instant.
    pub fn naive(&self) -> NaiveDateTime {
        match self {
            IcsTime::Utc(t) => t.naive_utc(),
            IcsTime::Zoned { local, .. } | IcsTime::Floating(local) => *local,
            IcsTime::Date(d) => d.and_time(NaiveTime::MIN),
        }
    }

    pub fn is_date(&self) -> bool {
        matches!(self, IcsTime::Date(_))
    }

    pub fn tzid(&self) -> Option<&str> {
        match self {
            IcsTime::Zoned { tzid, .. } => Some(tzid),
            _ => None,
        }
    }
}

fn four_digit_year(year: i32) -> Result<(), String> {
    if (0..=9999).contains(&year) {
        Ok(())
    } else {
        Err(format!("year {year} cannot be written in iCalendar (0000 to 9999)"))
    }
}

/// `YYYYMMDD`.
pub fn format_date(date: NaiveDate) -> Result<String, String> {
    four_digit_year(date.year())?;
    Ok(format!("{:04}{:02}{:02}", date.year(), date.month(), date.day()))
}

/// `YYYYMMDDTHHMMSS` (fractions of a second are dropped).
pub fn format_local(local: NaiveDateTime) -> Result<String, String> {
    Ok(format!("{}T{:02}{:02}{:02}", format_date(local.date())?, local.hour(), local.minute(), local.second()))
}

/// `YYYYMMDDTHHMMSSZ`.
pub fn format_utc(instant: DateTime<Utc>) -> Result<String, String> {
    Ok(format!("{}Z", format_local(instant.naive_utc())?))
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYYMMDD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bad = || format!("\"{text}\" is not a date (YYYYMMDD)");
    if text.len() != 8 || !text.is_ascii() {
        return Err(bad());
    }
    let year = digits(&text[0..4]).ok_or_else(bad)?;
    let month = digits(&text[4..6]).ok_or_else(bad)?;
    let day = digits(&text[6..8]).ok_or_else(bad)?;
    let year = i32::try_from(year).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("\"{text}\" is not a date: no such day"))
}

/// `YYYYMMDDTHHMMSS` with an optional `Z`: the wall-clock time and whether it is UTC.
/// A leap second (`60`) is read as `59`.
pub fn parse_date_time(text: &str) -> Result<(NaiveDateTime, bool), String> {
    let bad = || format!("\"{text}\" is not a date-time (YYYYMMDDTHHMMSS)");
    if !text.is_ascii() {
        return Err(bad());
    }
    let (body, utc) = match text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
        Some(body) => (body, true),
        None => (text, false),
    };
    if body.len() != 15 || !matches!(body.as_bytes()[8], b'T' | b't') {
        return Err(bad());
    }
    let date = parse_date(&body[0..8])?;
    let hour = digits(&body[9..11]).ok_or_else(bad)?;
    let minute = digits(&body[11..13]).ok_or_else(bad)?;
    let second = digits(&body[13..15]).ok_or_else(bad)?.min(59);
    let time = NaiveTime::from_hms_opt(hour, minute, second)
        .ok_or_else(|| format!("\"{text}\" is not a date-time: no such time of day"))?;
    Ok((date.and_time(time), utc))
}

/// A DATE or DATE-TIME value with its `TZID` and `VALUE` parameters. A `TZID` on a UTC or
/// DATE value is ignored, as RFC 5545 says it must not be there. Without `VALUE=DATE`, an
/// eight-digit value is still read as a date (files in the wild leave the parameter out).
pub fn parse_time(text: &str, tzid: Option<&str>, value_date: bool) -> Result<IcsTime, String> {
    let text = text.trim();
    if value_date || text.len() == 8 {
        return parse_date(text).map(IcsTime::Date);
    }
    // A date with a stray `Z` (seen in Google's files): still a date.
    if let Some(date) = text.strip_suffix(['Z', 'z']).filter(|d| d.len() == 8) {
        return parse_date(date).map(IcsTime::Date);
    }
    let (local, utc) = parse_date_time(text)?;
    Ok(if utc {
        IcsTime::Utc(local.and_utc())
    } else {
        match tzid {
            Some(tzid) if !tzid.trim().is_empty() => IcsTime::Zoned { local, tzid: tzid.to_string() },
            _ => IcsTime::Floating(local),
        }
    })
}

/// `+0100`, `-0500`, `+053000` (seconds only when there are some).
pub fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// `+0100`, `-0500`, `+053000` into seconds east of UTC.
pub fn parse_offset(text: &str) -> Result<i32, String> {
    let bad = || format!("\"{text}\" is not a UTC offset (+HHMM)");
    let t = text.trim();
    let (sign, body) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    if !(body.len() == 4 || body.len() == 6) || !body.is_ascii() {
        return Err(bad());
    }
    let h = digits(&body[0..2]).ok_or_else(bad)?;
    let m = digits(&body[2..4]).ok_or_else(bad)?;
    let s = if body.len() == 6 { digits(&body[4..6]).ok_or_else(bad)? } else { 0 };
    if h > 23 || m > 59 || s > 59 {
        return Err(bad());
    }
    let total = i32::try_from(h * 3600 + m * 60 + s).map_err(|_| bad())?;
    Ok(sign * total)
}

/// `[+-]P[nW][nD][T[nH][nM][nS]]` (weeks combined with days are accepted too).
pub fn parse_duration(text: &str) -> Result<TimeDelta, String> {
    let bad = || format!("\"{text}\" is not a duration (e.g. PT1H30M)");
    let t = text.trim();
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let rest = rest.strip_prefix(['P', 'p']).ok_or_else(bad)?;
    let mut seconds: i64 = 0;
    let mut number: Option<i64> = None;
    let mut in_time = false;
    let mut parts = 0;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            d @ '0'..='9' => {
                let digit = i64::from(d as u8 - b'0');
                number = Some(number.unwrap_or(0).checked_mul(10).and_then(|n| n.checked_add(digit)).ok_or_else(bad)?);
            }
            'T' if !in_time && number.is_none() => in_time = true,
            unit => {
                let n = number.take().ok_or_else(bad)?;
                let scale = match (unit, in_time) {
                    ('W', false) => 7 * 86400,
                    ('D', false) => 86400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return Err(bad()),
                };
                seconds = n.checked_mul(scale).and_then(|v| seconds.checked_add(v)).ok_or_else(bad)?;
                parts += 1;
            }
        }
    }
    if number.is_some() || parts == 0 {
        return Err(bad());
    }
    let delta = TimeDelta::try_seconds(seconds).ok_or_else(bad)?;
    Ok(if negative { -delta } else { delta })
}

/// A duration as `PT1H30M`, `P1D`, `-PT15M`, `PT0S`.
pub fn format_duration(delta: TimeDelta) -> String {
    let negative = delta < TimeDelta::zero();
    let total = delta.num_seconds().unsigned_abs();
    let (days, h, m, s) = (total / 86400, total / 3600 % 24, total / 60 % 60, total % 60);
    let mut out = String::from(if negative { "-P" } else { "P" });
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if h > 0 || m > 0 || s > 0 || days == 0 {
        out.push('T');
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if s > 0 || (h == 0 && m == 0) {
            out.push_str(&format!("{s}S"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        parse_date_time(text).unwrap().0
    }

    #[test]
    fn values_are_written_in_the_basic_format() {
        let t = local("20260315T100000");
        assert_eq!(IcsTime::Utc(t.and_utc()).value().unwrap(), "20260315T100000Z");
        assert_eq!(IcsTime::Zoned { local: t, tzid: "Europe/Brussels".into() }.value().unwrap(), "20260315T100000");
        assert_eq!(IcsTime::Date(t.date()).value().unwrap(), "20260315");
        let far = NaiveDate::from_ymd_opt(10000, 1, 1).unwrap();
        assert!(format_date(far).unwrap_err().contains("10000"));
    }

    #[test]
    fn values_are_read_with_their_form() {
        assert_eq!(
            parse_time("20260315", None, true).unwrap(),
            IcsTime::Date(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
        );
        assert_eq!(
            parse_time("20260315", None, false).unwrap(),
            IcsTime::Date(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
        );
        assert_eq!(
            parse_time("20260315T090000Z", Some("Europe/Brussels"), false).unwrap(),
            IcsTime::Utc(local("20260315T090000").and_utc())
        );
        assert_eq!(
            parse_time("20260315T100000", Some("Europe/Brussels"), false).unwrap(),
            IcsTime::Zoned { local: local("20260315T100000"), tzid: "Europe/Brussels".into() }
        );
        assert_eq!(parse_time("20260315T100000", None, false).unwrap(), IcsTime::Floating(local("20260315T100000")));
        assert_eq!(local("20161231T235960"), local("20161231T235959"));
        assert_eq!(
            parse_time("20131210Z", None, false).unwrap(),
            IcsTime::Date(NaiveDate::from_ymd_opt(2013, 12, 10).unwrap())
        );
        for bad in
            ["2026-03-15", "20260230", "20260315T250000", "20260315T1000", "20260315X100000", "", "２０２６０３１５"]
        {
            assert!(parse_time(bad, None, false).is_err(), "{bad}");
        }
        assert!(parse_time("20260315T100000", None, true).is_err());
    }

    #[test]
    fn offsets_and_durations_round_trip() {
        for (text, secs) in [("+0100", 3600), ("-0500", -18000), ("+0000", 0), ("+053000", 19800), ("-003436", -2076)] {
            assert_eq!(parse_offset(text).unwrap(), secs);
        }
        assert_eq!(format_offset(3600), "+0100");
        assert_eq!(format_offset(-16200), "-0430");
        assert_eq!(format_offset(0), "+0000");
        assert!(parse_offset("0100").is_err() && parse_offset("+2500").is_err() && parse_offset("+01").is_err());
        assert_eq!(parse_duration("PT1H30M").unwrap(), TimeDelta::minutes(90));
        assert_eq!(parse_duration("P1W").unwrap(), TimeDelta::days(7));
        assert_eq!(parse_duration("-PT15M").unwrap(), TimeDelta::minutes(-15));
        assert_eq!(parse_duration("P15DT5H0M20S").unwrap(), TimeDelta::seconds(15 * 86400 + 5 * 3600 + 20));
        for bad in ["", "P", "PT", "1H", "PT1D", "P1H", "PT1H2", "P99999999999999999999D"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        for d in [
            TimeDelta::minutes(90),
            TimeDelta::days(1),
            TimeDelta::zero(),
            TimeDelta::minutes(-15),
            TimeDelta::seconds(90061),
        ] {
            assert_eq!(parse_duration(&format_duration(d)).unwrap(), d);
        }
    }
}
