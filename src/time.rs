//! Dates and local times of the format, and their resolution to UTC instants in an IANA zone.
//! Nothing here reads the clock: callers pass "today" in.
//!
//! The format spells a local time `2021-06-24T11:00`; people read it as `24 Jun 2021 11:00`
//! (`display_local`), and that is how messages show it.

use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

use crate::text::quoted;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn digits(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

/// The number written by ASCII digits (already checked to be digits).
fn number(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

fn date_shaped(b: &[u8]) -> bool {
    b.len() >= 10 && digits(&b[0..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' && digits(&b[8..10])
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The date of year, month and day, or why there is none (`February 2021 has 28 days`).
fn date_of(year: u32, month: u32, day: u32) -> Result<NaiveDate, String> {
    // Four digits: the year fits an i32.
    let year = i32::try_from(year).unwrap_or(i32::MAX);
    let Some(name) = month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) else {
        return Err(format!("month {month} does not exist"));
    };
    let days = days_in_month(year, month);
    if day == 0 {
        return Err("there is no day 0".into());
    }
    if day > days {
        return Err(format!("{name} {year} has {days} days"));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("year {year} is out of range"))
}

/// `YYYY-MM-DD`, nothing more and nothing less.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    if b.len() != 10 || !date_shaped(b) {
        return Err(format!("{} is not a date of the form YYYY-MM-DD", quoted(text)));
    }
    date_of(number(&b[0..4]), number(&b[5..7]), number(&b[8..10]))
        .map_err(|why| format!("\"{text}\" is not a date: {why}"))
}

/// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`.
pub fn parse_local(text: &str) -> Result<NaiveDateTime, String> {
    let b = text.as_bytes();
    let shaped = (b.len() == 16 || b.len() == 19)
        && date_shaped(b)
        && b[10] == b'T'
        && digits(&b[11..13])
        && b[13] == b':'
        && digits(&b[14..16])
        && (b.len() == 16 || (b[16] == b':' && digits(&b[17..19])));
    if !shaped {
        return Err(format!("{} is not a local time of the form YYYY-MM-DDTHH:MM", quoted(text)));
    }
    let (year, month, day) = (number(&b[0..4]), number(&b[5..7]), number(&b[8..10]));
    let (hour, minute) = (number(&b[11..13]), number(&b[14..16]));
    let second = if b.len() == 19 { number(&b[17..19]) } else { 0 };
    // How the text reads to a person, even when it names no real date or time.
    let clock = if b.len() == 19 { &text[11..19] } else { &text[11..16] };
    // Made only for a message: every time the register reads passes through here.
    let shown = || match month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) {
        Some(name) => format!("{day} {} {year:04} {clock}", &name[..3]),
        None => format!("{} {clock}", &text[..10]),
    };
    let date = date_of(year, month, day).map_err(|why| format!("{} is not a date: {why}", shown()))?;
    let why = if hour > 23 {
        Some(format!("hour {hour} does not exist (hours run from 00 to 23)"))
    } else if minute > 59 {
        Some(format!("minute {minute} does not exist (minutes run from 00 to 59)"))
    } else if second > 59 {
        Some(format!("second {second} does not exist (seconds run from 00 to 59)"))
    } else {
        None
    };
    if let Some(why) = why {
        return Err(format!("{} is not a time of day: {why}", shown()));
    }
    let time =
        NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(|| format!("{} is not a time of day", shown()))?;
    Ok(date.and_time(time))
}

/// The canonical spelling: seconds only when they are not zero.
pub fn format_local(local: NaiveDateTime) -> String {
    if !(0..=9999).contains(&local.year()) {
        // chrono's own spelling of years outside four digits (a sign, more digits).
        return if local.second() == 0 {
            local.format("%Y-%m-%dT%H:%M").to_string()
        } else {
            local.format("%Y-%m-%dT%H:%M:%S").to_string()
        };
    }
    // Written directly (chrono's strftime reads its pattern on every call, and every time the
    // register writes passes through here).
    let mut out = String::with_capacity(19);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute()
    );
    if local.second() != 0 {
        let _ = write!(out, ":{:02}", local.second());
    }
    out
}

/// A local time as people read it: `24 Jun 2021 11:00` (seconds only when they are not zero).
pub fn display_local(local: NaiveDateTime) -> String {
    if local.second() == 0 {
        local.format("%-d %b %Y %H:%M").to_string()
    } else {
        local.format("%-d %b %Y %H:%M:%S").to_string()
    }
}

/// An IANA zone name (`Europe/Brussels`). The error names the text typed and the nearest
/// known zones: `"Brussels" is not a time zone; did you mean Europe/Brussels?`.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        let nearest = nearest_zones(name);
        let hint = match nearest.as_slice() {
            [] => "; use an IANA name such as Europe/Brussels".to_string(),
            [one] => format!("; did you mean {one}?"),
            [rest @ .., last] => format!("; did you mean {} or {last}?", rest.join(", ")),
        };
        format!("{} is not a time zone{hint}", quoted(name))
    })
}

/// The most zones a suggestion names.
const SUGGESTED: usize = 3;

/// The known zones nearest to `typed`: those whose name or city (`Brussels` of
/// `Europe/Brussels`) it spells in another case or with spaces, else those within a few edits
/// of it.
fn nearest_zones(typed: &str) -> Vec<&'static str> {
    let wanted: Vec<char> =
        typed.trim().chars().flat_map(char::to_lowercase).map(|c| if c == ' ' { '_' } else { c }).collect();
    // Nothing sensible is that long; and the distances below cost length squared.
    if wanted.is_empty() || wanted.len() > 64 {
        return Vec::new();
    }
    let most = (wanted.len() / 3).clamp(1, 4);
    let mut scored: Vec<(usize, &'static str)> = Vec::new();
    let mut name_chars: Vec<char> = Vec::with_capacity(64);
    for tz in chrono_tz::TZ_VARIANTS {
        let name = tz.name();
        name_chars.clear();
        name_chars.extend(name.chars().flat_map(char::to_lowercase));
        let city_start = name_chars.iter().rposition(|&c| c == '/').map_or(0, |i| i + 1);
        let distance = edit_distance(&wanted, &name_chars).min(edit_distance(&wanted, &name_chars[city_start..]));
        if distance <= most {
            scored.push((distance, name));
        }
    }
    scored.sort_by_key(|&(distance, _)| distance);
    let best = scored.first().map_or(0, |&(d, _)| d);
    scored.into_iter().take_while(|&(d, _)| d == best).map(|(_, name)| name).take(SUGGESTED).collect()
}

/// Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

fn exists(local: NaiveDateTime, zone: Tz) -> bool {
    !matches!(zone.from_local_datetime(&local), LocalResult::None)
}

/// The wall-clock jump around a local time that does not exist: the first minute skipped and
/// the first that exists after it.
fn gap_around(local: NaiveDateTime, zone: Tz) -> Option<(NaiveDateTime, NaiveDateTime)> {
    // Gaps are at most a day long (Samoa skipped 30 December 2011).
    const LONGEST: usize = 2 * 24 * 60;
    let minute = TimeDelta::minutes(1);
    let floor = local.with_second(0)?.with_nanosecond(0)?;
    let mut before = floor;
    for _ in 0..LONGEST {
        if exists(before, zone) {
            break;
        }
        before = before.checked_sub_signed(minute)?;
    }
    let mut after = floor;
    for _ in 0..LONGEST {
        if exists(after, zone) {
            break;
        }
        after = after.checked_add_signed(minute)?;
    }
    if exists(before, zone) && exists(after, zone) {
        Some((before.checked_add_signed(minute)?, after))
    } else {
        None
    }
}

/// The instant a local time names in `zone`. A time in the spring-forward gap does not
/// exist and is an error; one in the autumn overlap takes the earlier instant.
pub fn resolve(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, String> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => {
            let why = match gap_around(local, zone) {
                Some((from, to)) => {
                    let show = |t: NaiveDateTime| {
                        if t.date() == local.date() {
                            t.format("%H:%M").to_string()
                        } else {
                            display_local(t)
                        }
                    };
                    format!("the clocks go forward from {} to {}", show(from), show(to))
                }
                None => "the clocks skip it".to_string(),
            };
            Err(format!("{} does not exist in {}: {why}", display_local(local), zone.name()))
        }
    }
}

/// The local wall time of an instant in `zone`, in the format's spelling.
pub fn local_of(instant: DateTime<Utc>, zone: Tz) -> String {
    format_local(instant.with_timezone(&zone).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2021-06-24").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2021-6-24").is_err());
        assert!(parse_date("2021-06-24 ").is_err());
        assert!(parse_date("2021-06-2é").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(parse_date("2021-02-30").unwrap_err(), "\"2021-02-30\" is not a date: February 2021 has 28 days");
        assert_eq!(parse_date("2100-02-29").unwrap_err(), "\"2100-02-29\" is not a date: February 2100 has 28 days");
        assert_eq!(parse_date("2021-13-01").unwrap_err(), "\"2021-13-01\" is not a date: month 13 does not exist");
        assert_eq!(parse_date("2021-00-01").unwrap_err(), "\"2021-00-01\" is not a date: month 0 does not exist");
        assert_eq!(parse_date("2021-04-31").unwrap_err(), "\"2021-04-31\" is not a date: April 2021 has 30 days");
        assert_eq!(parse_date("2021-01-00").unwrap_err(), "\"2021-01-00\" is not a date: there is no day 0");
        assert_eq!(parse_date("24/06/2021").unwrap_err(), "\"24/06/2021\" is not a date of the form YYYY-MM-DD");
    }

    #[test]
    fn local_times_take_optional_seconds() {
        assert_eq!(format_local(parse_local("2021-06-24T11:00").unwrap()), "2021-06-24T11:00");
        assert_eq!(format_local(parse_local("2021-06-24T11:00:00").unwrap()), "2021-06-24T11:00");
        assert_eq!(format_local(parse_local("2021-06-24T11:00:30").unwrap()), "2021-06-24T11:00:30");
        assert_eq!(format_local(parse_local("0099-01-02T03:04").unwrap()), "0099-01-02T03:04");
        let far = NaiveDate::from_ymd_opt(12021, 6, 24).unwrap().and_hms_opt(11, 0, 5).unwrap();
        assert_eq!(format_local(far), far.format("%Y-%m-%dT%H:%M:%S").to_string());
        assert!(parse_local("2021-06-24T25:00").is_err());
        assert!(parse_local("2021-06-24 11:00").is_err());
        assert!(parse_local("2021-06-24T11:0").is_err());
        assert!(parse_local("2021-06-24T11:00:60").is_err());
        assert!(parse_local("2021-06-2xT11:00").is_err());
        assert!(parse_local("2021-06-24T11:00é").is_err());
    }

    #[test]
    fn impossible_local_times_are_shown_without_a_t() {
        assert_eq!(
            parse_local("2021-02-30T10:00").unwrap_err(),
            "30 Feb 2021 10:00 is not a date: February 2021 has 28 days"
        );
        assert_eq!(
            parse_local("2021-13-01T10:00").unwrap_err(),
            "2021-13-01 10:00 is not a date: month 13 does not exist"
        );
        assert_eq!(
            parse_local("2021-06-04T24:00").unwrap_err(),
            "4 Jun 2021 24:00 is not a time of day: hour 24 does not exist (hours run from 00 to 23)"
        );
        assert_eq!(
            parse_local("2021-06-24T10:61").unwrap_err(),
            "24 Jun 2021 10:61 is not a time of day: minute 61 does not exist (minutes run from 00 to 59)"
        );
        assert_eq!(
            parse_local("2021-06-24 10:00").unwrap_err(),
            "\"2021-06-24 10:00\" is not a local time of the form YYYY-MM-DDTHH:MM"
        );
        assert_eq!(display_local(parse_local("2021-06-24T11:00").unwrap()), "24 Jun 2021 11:00");
        assert_eq!(display_local(parse_local("2021-06-04T09:05:07").unwrap()), "4 Jun 2021 09:05:07");
    }

    #[test]
    fn gap_is_refused_and_overlap_takes_the_earlier_instant() {
        let brussels = parse_zone("Europe/Brussels").unwrap();
        let gap = parse_local("2026-03-29T02:30").unwrap();
        assert_eq!(
            resolve(gap, brussels).unwrap_err(),
            "29 Mar 2026 02:30 does not exist in Europe/Brussels: the clocks go forward from 02:00 to 03:00"
        );
        let overlap = parse_local("2026-10-25T02:30").unwrap();
        // 02:30 CEST (UTC+2) comes before 02:30 CET (UTC+1).
        assert_eq!(resolve(overlap, brussels).unwrap().to_rfc3339(), "2026-10-25T00:30:00+00:00");
        let new_york = parse_zone("America/New_York").unwrap();
        assert_eq!(
            resolve(parse_local("2026-03-08T02:00").unwrap(), new_york).unwrap_err(),
            "8 Mar 2026 02:00 does not exist in America/New_York: the clocks go forward from 02:00 to 03:00"
        );
        // Samoa skipped a whole day when it crossed the date line.
        let apia = parse_zone("Pacific/Apia").unwrap();
        assert_eq!(
            resolve(parse_local("2011-12-30T12:00").unwrap(), apia).unwrap_err(),
            "30 Dec 2011 12:00 does not exist in Pacific/Apia: the clocks go forward from 00:00 to 31 Dec 2011 00:00"
        );
    }

    #[test]
    fn zone_errors_suggest_the_nearest_zones() {
        assert_eq!(
            parse_zone("Europe/Brussel").unwrap_err(),
            "\"Europe/Brussel\" is not a time zone; did you mean Europe/Brussels?"
        );
        assert_eq!(
            parse_zone("Brussels").unwrap_err(),
            "\"Brussels\" is not a time zone; did you mean Europe/Brussels?"
        );
        assert_eq!(
            parse_zone("brussels").unwrap_err(),
            "\"brussels\" is not a time zone; did you mean Europe/Brussels?"
        );
        assert_eq!(
            parse_zone("europe/brussels").unwrap_err(),
            "\"europe/brussels\" is not a time zone; did you mean Europe/Brussels?"
        );
        assert_eq!(
            parse_zone("New York").unwrap_err(),
            "\"New York\" is not a time zone; did you mean America/New_York?"
        );
        assert_eq!(
            parse_zone("Qwxyzzy/Plugh").unwrap_err(),
            "\"Qwxyzzy/Plugh\" is not a time zone; use an IANA name such as Europe/Brussels"
        );
        assert!(parse_zone("a\u{1b}b").unwrap_err().starts_with("\"a\\u{1b}b\" is not a time zone"));
        assert!(parse_zone(&"x".repeat(10_000)).is_err());
    }
}
