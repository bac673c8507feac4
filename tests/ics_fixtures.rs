//! Our own small .ics files (`tests/ics/*.ics`, written by hand), one or more pitfalls each:
//! the shapes of Outlook, Google and Thunderbird invitations, a byte-order mark, folds after a
//! space, inside a UTF-8 character and inside an escape, LF-only and CR-only line ends, two
//! calendars in one file, X- and VAVAILABILITY components, Windows-1252 text, a REPLY, a CANCEL,
//! a weekly meeting with an EXDATE and a moved instance, and a file whose components do not pair.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use code_register::ics::datetime::parse_date_time;
use code_register::ics::read::{read, Event, ReadFile};
use code_register::ics::recur::expand;
use code_register::ics::zones::{utc_text, When, Zones};

fn fixture(name: &str) -> ReadFile {
    let path = format!("{}/tests/ics/{name}", env!("CARGO_MANIFEST_DIR"));
    read(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn utc(text: &str) -> DateTime<Utc> {
    parse_date_time(text).unwrap().0.and_utc()
}

/// When an event starts: `20260414T080000Z`, or the day of an all-day event.
fn start(file: &ReadFile, event: &Event) -> String {
    let calendar = file.calendars.iter().find(|c| c.events.contains(event)).unwrap();
    let zones = Zones::new(calendar, chrono_tz::Europe::Brussels);
    match zones.resolve(event.start.as_ref().unwrap()).unwrap() {
        When::Instant { at, moved: None } => utc_text(at),
        When::AllDay(day) => day.to_string(),
        other => panic!("{other:?}"),
    }
}

fn messages(file: &ReadFile) -> Vec<String> {
    file.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn outlook_invitation_with_a_windows_zone() {
    let file = fixture("outlook-request.ics");
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let cal = &file.calendars[0];
    assert_eq!(cal.method.as_deref(), Some("REQUEST"));
    let e = &cal.events[0];
    assert_eq!(start(&file, e), "20260414T080000Z");
    assert_eq!(e.sequence, Some(1));
    assert_eq!(e.summary.as_deref(), Some("Code of Conduct – subgroup on elections"));
    assert_eq!(e.location.as_deref(), Some("BERL 10/123, Brussels"));
    assert_eq!(e.description.as_deref(), Some("Agenda:\n1. Signatories' reports\n2. Next steps, timeline\n"));
    let organizer = e.organizer.as_ref().unwrap();
    assert_eq!(organizer.cn.as_deref(), Some("Busa, Lucrezia (CNECT)"));
    assert_eq!(organizer.email.as_deref(), Some("lucrezia.busa@example.europa.eu"));
    let names: Vec<_> = e.attendees.iter().map(|a| (a.cn.as_deref().unwrap(), a.role.as_deref().unwrap())).collect();
    assert_eq!(names, [("O'Brien, Pat", "REQ-PARTICIPANT"), ("Jan Kowalski", "OPT-PARTICIPANT")]);
    // Its own VTIMEZONE (from 1601) agrees with the CLDR mapping of the name.
    let zones = Zones::new(cal, chrono_tz::Europe::Brussels);
    let zone = zones.zone("W. Europe Standard Time").unwrap();
    assert_eq!(zone.name(), "Europe/Berlin");
}

#[test]
fn google_feed_with_utc_times_and_x_wr_timezone() {
    let file = fixture("google-publish.ics");
    let cal = &file.calendars[0];
    assert_eq!(cal.x_wr_timezone.as_deref(), Some("Europe/Brussels"));
    let starts: Vec<String> = cal.events.iter().map(|e| start(&file, e)).collect();
    // The floating 14:00 is read in X-WR-TIMEZONE (CEST in June).
    assert_eq!(starts, ["20260324T090000Z", "2026-05-09", "20260612T120000Z"]);
    assert_eq!(cal.events[2].summary.as_deref(), Some("Call (floating time, read in X-WR-TIMEZONE)"));
}

#[test]
fn thunderbird_event_with_an_alarm() {
    let file = fixture("thunderbird-alarm.ics");
    assert!(file.warnings.is_empty());
    let cal = &file.calendars[0];
    assert_eq!(cal.timezones[0].tzid, "Europe/Brussels");
    // The day after the clocks went back: CET.
    assert_eq!(start(&file, &cal.events[0]), "20261026T083000Z");
}

#[test]
fn byte_order_mark_lf_and_cr_line_ends() {
    let bom = fixture("bom-lf.ics");
    assert_eq!(bom.calendars[0].events[0].summary.as_deref(), Some("A file with a byte-order mark and LF line ends"));
    let cr = fixture("cr-only.ics");
    assert_eq!(cr.calendars[0].events[0].summary.as_deref(), Some("Old Mac line ends (CR only)"));
}

#[test]
fn folds_after_a_space_inside_a_character_and_inside_an_escape() {
    let file = fixture("folds.ics");
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let e = &file.calendars[0].events[0];
    assert_eq!(e.summary.as_deref(), Some("Café crème and € 100 after a space"));
    assert_eq!(e.location.as_deref(), Some("Rue de la Loi 200, Brussels"));
    assert_eq!(e.description.as_deref(), Some("tab-foldedcontinuation"));
}

#[test]
fn two_calendars_in_one_file() {
    let file = fixture("two-calendars.ics");
    let uids: Vec<_> = file.events().map(|(_, e)| e.uid.clone().unwrap()).collect();
    assert_eq!(uids, ["first@code-register.test", "second@code-register.test"]);
    assert_eq!(file.calendars[1].line, 11);
}

#[test]
fn unknown_components_are_skipped_and_named() {
    let file = fixture("x-components.ics");
    assert_eq!(
        messages(&file),
        [
            "line 4: X-CODE-REGISTER-NOTE in VCALENDAR was skipped with what it holds",
            "line 11: VAVAILABILITY in VCALENDAR was skipped with what it holds"
        ]
    );
    let events = &file.calendars[0].events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].summary.as_deref(), Some(":-) the only event"));
    let list = &events[0].attendees[0];
    assert_eq!((list.cn.as_deref(), list.email.as_deref()), (Some("List, Mailing"), Some("list@example.org")));
}

#[test]
fn windows_1252_text_is_read_with_a_warning() {
    let file = fixture("windows-1252.ics");
    assert_eq!(file.calendars[0].events[0].summary.as_deref(), Some("Réunion – “Code” à Bruxelles € "));
    assert_eq!(messages(&file), ["not UTF-8 on line 8: read as Windows-1252"]);
}

#[test]
fn a_reply_that_declines() {
    let file = fixture("reply-declined.ics");
    let cal = &file.calendars[0];
    assert_eq!(cal.method.as_deref(), Some("REPLY"));
    let attendee = &cal.events[0].attendees[0];
    assert_eq!(attendee.email.as_deref(), Some("pat.obrien@example.org"));
    assert_eq!(attendee.partstat.as_deref(), Some("DECLINED"));
}

#[test]
fn a_cancellation() {
    let file = fixture("cancel.ics");
    let cal = &file.calendars[0];
    assert_eq!(cal.method.as_deref(), Some("CANCEL"));
    let e = &cal.events[0];
    assert_eq!((e.status.as_deref(), e.sequence), (Some("CANCELLED"), Some(3)));
    assert_eq!(start(&file, e), "20260512T120000Z");
}

#[test]
fn a_weekly_meeting_with_an_exdate_and_a_moved_instance() {
    let file = fixture("weekly-recurring.ics");
    let cal = &file.calendars[0];
    let zones = Zones::new(cal, chrono_tz::Europe::Brussels);
    let x = expand(&cal.events, &zones, utc("20260101T000000Z"), utc("20270101T000000Z"), 100).unwrap();
    let got: Vec<String> = x
        .occurrences
        .iter()
        .map(|o| format!("{} {}", o.key.as_deref().unwrap(), utc_text(o.start.instant().unwrap())))
        .collect();
    let uid = "weekly-taskforce@code-register.test";
    assert_eq!(
        got,
        [
            format!("{uid}#20260310T090000Z 20260310T090000Z"),
            format!("{uid}#20260317T090000Z 20260317T090000Z"),
            // Moved to Wednesday 15:00 CET; keyed by the instance it replaces.
            format!("{uid}#20260324T090000Z 20260325T140000Z"),
            // 31 March is excluded; the clocks went forward on 29 March.
            format!("{uid}#20260407T080000Z 20260407T080000Z"),
            format!("{uid}#20260414T080000Z 20260414T080000Z"),
        ]
    );
    assert_eq!(x.occurrences[2].event.summary.as_deref(), Some("Weekly taskforce call (moved to Wednesday)"));
    assert_eq!(x.occurrences[2].end, When::Instant { at: utc("20260325T150000Z"), moved: None });
    assert_eq!(x.occurrences[0].end, When::Instant { at: utc("20260310T100000Z"), moved: None });
}

#[test]
fn components_that_do_not_pair_are_refused_with_the_line() {
    let path = format!("{}/tests/ics/unbalanced.ics", env!("CARGO_MANIFEST_DIR"));
    let err = read(&std::fs::read(path).unwrap()).unwrap_err();
    assert_eq!(err.to_string(), "line 7: END:VTODO where END:VEVENT was expected (BEGIN:VEVENT is on line 4)");
}
