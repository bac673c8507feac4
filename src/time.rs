//! Dates and local times of the format, and their resolution to UTC instants in an IANA zone.
//! Nothing here reads the clock: callers pass "today" in.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

fn digits(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

/// `YYYY-MM-DD`, nothing more and nothing less.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    let shaped =
        b.len() == 10 && digits(&b[0..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' && digits(&b[8..10]);
    if !shaped {
        return Err(format!("\"{text}\" is not a date of the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("\"{text}\" is not a valid date"))
}

/// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`.
pub fn parse_local(text: &str) -> Result<NaiveDateTime, String> {
    let b = text.as_bytes();
    let shaped = (b.len() == 16 || b.len() == 19)
        && b[10] == b'T'
        && digits(&b[11..13])
        && b[13] == b':'
        && digits(&b[14..16])
        && (b.len() == 16 || (b[16] == b':' && digits(&b[17..19])));
    if !shaped {
        return Err(format!("\"{text}\" is not a local time of the form YYYY-MM-DDTHH:MM"));
    }
    let date = parse_date(&text[..10])?;
    let seconds = if b.len() == 19 { &text[17..19] } else { "00" };
    let time = chrono::NaiveTime::parse_from_str(&format!("{}:{}", &text[11..16], seconds), "%H:%M:%S")
        .map_err(|_| format!("\"{text}\" is not a valid time of day"))?;
    Ok(date.and_time(time))
}

/// The canonical spelling: seconds only when they are not zero.
pub fn format_local(local: NaiveDateTime) -> String {
    if local.second() == 0 {
        local.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        local.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| format!("\"{name}\" is not an IANA time zone name"))
}

/// The instant a local time names in `zone`. A time in the spring-forward gap does not
/// exist and is an error; one in the autumn overlap takes the earlier instant.
pub fn resolve(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, String> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{} does not exist in {} (the clocks skip it when daylight-saving time starts)",
            format_local(local),
            zone.name()
        )),
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
        assert!(parse_date("2021-6-24").is_err());
        assert!(parse_date("2021-02-30").is_err());
        assert!(parse_date("2021-06-24 ").is_err());
    }

    #[test]
    fn local_times_take_optional_seconds() {
        assert_eq!(format_local(parse_local("2021-06-24T11:00").unwrap()), "2021-06-24T11:00");
        assert_eq!(format_local(parse_local("2021-06-24T11:00:00").unwrap()), "2021-06-24T11:00");
        assert_eq!(format_local(parse_local("2021-06-24T11:00:30").unwrap()), "2021-06-24T11:00:30");
        assert!(parse_local("2021-06-24T25:00").is_err());
        assert!(parse_local("2021-06-24 11:00").is_err());
        assert!(parse_local("2021-06-24T11:0").is_err());
    }

    #[test]
    fn gap_is_refused_and_overlap_takes_the_earlier_instant() {
        let brussels = parse_zone("Europe/Brussels").unwrap();
        let gap = parse_local("2026-03-29T02:30").unwrap();
        assert!(resolve(gap, brussels).unwrap_err().contains("does not exist"));
        let overlap = parse_local("2026-10-25T02:30").unwrap();
        // 02:30 CEST (UTC+2) comes before 02:30 CET (UTC+1).
        assert_eq!(resolve(overlap, brussels).unwrap().to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }
}
