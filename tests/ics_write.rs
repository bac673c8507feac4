//! What our writer writes, our reader reads back: arbitrary text in a title, a place and an
//! attendee's name (non-ASCII at every offset, CR, LF, quotes, `;`, `,`, `:`, `^`, tabs, control
//! characters) comes back as written, control characters aside; every physical line is at most
//! 75 octets of valid UTF-8 ended by CRLF, and no text can add a property or an attendee.
//! And each VTIMEZONE we write, read back and expanded by `rrule`, gives chrono-tz's offset at
//! every hour from 2020 to 2038.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, TimeZone};
use code_register::ics::datetime::IcsTime;
use code_register::ics::read::read;
use code_register::ics::vtimezone::vtimezone;
use code_register::ics::write::{clean_text, Component, Property};
use code_register::ics::zones::FileZone;
use proptest::prelude::*;

const SPECIALS: &[char] = &[
    '\r', '\n', '"', ';', ',', ':', '^', '\t', '\\', ' ', '\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', 'é', 'ß',
    '€', 'ő', 'Ж', '中', '😀', '\u{301}', '\u{a0}', '\u{2028}', '\'', '=',
];

/// Text of any characters, the troublesome ones often.
fn hostile() -> impl Strategy<Value = String> {
    let c =
        prop_oneof![3 => any::<char>(), 5 => proptest::sample::select(SPECIALS), 2 => proptest::char::range('a', 'z')];
    proptest::collection::vec(c, 0..160).prop_map(|chars| chars.into_iter().collect())
}

/// `hostile()` without the two private-use characters the reader reserves in parameters.
fn hostile_name() -> impl Strategy<Value = String> {
    hostile().prop_map(|s| s.replace(['\u{E000}', '\u{E001}'], "x"))
}

fn invitation(summary: &str, location: &str, cn: &str) -> String {
    let start = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let mut calendar = Component::calendar("-//Code Register//Tests//EN", Some("REQUEST"));
    calendar.push(
        Component::new("VEVENT")
            .with(Property::raw("UID", "p-1@example.org"))
            .with(Property::time("DTSTAMP", &IcsTime::Utc(start.and_utc())).unwrap())
            .with(Property::time("DTSTART", &IcsTime::Zoned { local: start, tzid: "Europe/Brussels".into() }).unwrap())
            .with(Property::text("SUMMARY", summary))
            .with(Property::text("LOCATION", location))
            .with(Property::raw("ORGANIZER", "mailto:org@example.org").param("CN", cn))
            .with(
                Property::raw("ATTENDEE", "mailto:pat@example.org")
                    .param("CN", cn)
                    .param("ROLE", "REQ-PARTICIPANT")
                    .param("PARTSTAT", "NEEDS-ACTION")
                    .param("RSVP", "TRUE"),
            ),
    );
    calendar.to_ics()
}

/// The names of the properties of the file, in order (a property starts every unfolded line).
fn property_names(text: &str) -> Vec<String> {
    text.split("\r\n")
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .map(|l| l.split([';', ':']).next().unwrap().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_round_trips(summary in hostile(), location in hostile(), cn in hostile_name()) {
        let text = invitation(&summary, &location, &cn);
        // Physical lines: CRLF only, at most 75 octets, valid UTF-8 each on its own.
        let bytes = text.as_bytes();
        prop_assert!(text.ends_with("\r\n"));
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\r' { prop_assert_eq!(bytes.get(i + 1), Some(&b'\n')); }
            if b == b'\n' { prop_assert_eq!(bytes[i - 1], b'\r'); }
        }
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            prop_assert!(line.len() <= 75, "{} octets", line.len());
            prop_assert!(std::str::from_utf8(line).is_ok());
        }
        prop_assert_eq!(
            property_names(&text),
            ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN", "UID", "DTSTAMP", "DTSTART", "SUMMARY", "LOCATION", "ORGANIZER", "ATTENDEE", "END", "END"]
        );

        let file = read(bytes).unwrap();
        prop_assert_eq!(file.calendars.len(), 1);
        let event = &file.calendars[0].events[0];
        let (summary, location, cn) = (clean_text(&summary), clean_text(&location), clean_text(&cn));
        prop_assert_eq!(event.summary.as_deref(), Some(summary.as_str()));
        prop_assert_eq!(event.location.as_deref(), Some(location.as_str()));
        prop_assert_eq!(event.attendees.len(), 1);
        let attendee = &event.attendees[0];
        prop_assert_eq!(attendee.cn.as_deref(), Some(cn.as_str()));
        prop_assert_eq!(attendee.email.as_deref(), Some("pat@example.org"));
        prop_assert_eq!(attendee.partstat.as_deref(), Some("NEEDS-ACTION"));
        prop_assert_eq!(attendee.rsvp, Some(true));
        prop_assert_eq!(event.organizer.as_ref().unwrap().cn.as_deref(), Some(cn.as_str()));
        prop_assert_eq!(event.uid.as_deref(), Some("p-1@example.org"));
    }
}

#[test]
fn injection_attempts_stay_inside_their_value() {
    let text = invitation(
        "Budget\r\nATTENDEE:mailto:evil@example.org\rBCC:evil",
        "Room\nEND:VEVENT\r\nBEGIN:VEVENT",
        "Doe, \"JJ\"\r\nATTENDEE:mailto:evil@example.org",
    );
    assert_eq!(text.matches("\r\nATTENDEE").count(), 1);
    assert_eq!(text.matches("\r\nBEGIN:VEVENT").count(), 1);
    let file = read(text.as_bytes()).unwrap();
    let event = &file.calendars[0].events[0];
    assert_eq!(event.summary.as_deref(), Some("Budget\nATTENDEE:mailto:evil@example.org\nBCC:evil"));
    assert_eq!(event.attendees.len(), 1);
    assert_eq!(event.attendees[0].cn.as_deref(), Some("Doe, \"JJ\"\nATTENDEE:mailto:evil@example.org"));
}

fn hours(from: i32, to: i32) -> impl Iterator<Item = NaiveDateTime> {
    let mut t = NaiveDate::from_ymd_opt(from, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let end = NaiveDate::from_ymd_opt(to + 1, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    std::iter::from_fn(move || {
        let now = t;
        t += TimeDelta::hours(1);
        (now < end).then_some(now)
    })
}

#[test]
fn each_vtimezone_gives_chrono_tz_offsets_every_hour_from_2020_to_2038() {
    use chrono::Offset;
    for tz in [
        chrono_tz::Europe::Brussels,
        chrono_tz::Europe::Dublin,
        chrono_tz::Europe::London,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Sydney,
        chrono_tz::Asia::Tokyo,
        chrono_tz::UTC,
    ] {
        let calendar = Component::calendar("-//t//EN", None).with_component(vtimezone(tz, 2020, 2038).unwrap());
        let text = calendar.to_ics();
        assert!(!text.contains("RDATE"), "{text}");
        let file = read(text.as_bytes()).unwrap();
        let def = &file.calendars[0].timezones[0];
        assert_eq!(def.tzid, tz.name());
        assert!(def.observances.len() <= 2, "{text}");
        let zone = FileZone::new(def).unwrap();
        for t in hours(2020, 2038) {
            for probe in [t, t - TimeDelta::seconds(1)] {
                let expected = tz.offset_from_utc_datetime(&probe).fix().local_minus_utc();
                assert_eq!(zone.offset_at(probe), expected, "{} at {probe} UTC:\n{text}", tz.name());
            }
        }
    }
}

/// Zones whose rules changed, or that have no yearly rule at all, still come out right: one pair
/// of observances per period, never RDATE lists.
#[test]
fn zones_whose_rules_changed_keep_their_offsets() {
    use chrono::Offset;
    for (tz, from, to) in [
        (chrono_tz::America::New_York, 2000, 2030),
        (chrono_tz::Europe::Moscow, 2008, 2018),
        (chrono_tz::America::Sao_Paulo, 2012, 2024),
        (chrono_tz::Africa::Casablanca, 2016, 2026),
        (chrono_tz::Asia::Jerusalem, 2010, 2030),
        (chrono_tz::Pacific::Apia, 2009, 2024),
    ] {
        let text = Component::calendar("-//t//EN", None).with_component(vtimezone(tz, from, to).unwrap()).to_ics();
        assert!(!text.contains("RDATE"), "{text}");
        let file = read(text.as_bytes()).unwrap();
        let zone = FileZone::new(&file.calendars[0].timezones[0]).unwrap();
        for t in hours(from, to) {
            let expected = tz.offset_from_utc_datetime(&t).fix().local_minus_utc();
            assert_eq!(zone.offset_at(t), expected, "{} at {t} UTC:\n{text}", tz.name());
        }
    }
}
