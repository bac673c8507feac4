//! What the register writes as calendars (`code-register ics export|tasks|invite|cancel`):
//! three parsers nobody here wrote (python `icalendar` with no component `.errors`, python
//! `ical`, strict, and `ical.js`) read every file with no error and the same instants as ours
//! (Brussels and Dublin meetings on both sides of both changes of 2026, an all-day event, a
//! 2037 meeting, hostile text); the export is pure (the same register and stamp give the same
//! bytes); filters select; and an export imported into an empty register gives the same
//! meetings back, which a second import leaves unchanged.
//!
//! The peers are those of `tests/ics_peers.rs` (`make test` installs them).

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use code_register::ics::export;
use code_register::ics::write::clean_text;
use code_register::store::{MeetingFilter, OpenMode, Store};
use common::Register;
use serde_json::{json, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const HOSTILE: &str = "Budget; Q3, \"final\" \\ C:\\temp a^b\ttab — é€😀 O'Brien: ok";

/// A meeting of the document: key, title, local start and end, zone.
fn meeting(key: &str, title: &str, start: &str, end: &str, zone: &str) -> Value {
    json!({"key": key, "title": title, "kind": "meeting", "start": start, "end": end, "timezone": zone,
           "location": "Brussels, BERL 10/123", "status": "planned", "codes": ["disinfo"]})
}

fn doc() -> Value {
    let mut meetings = Vec::new();
    for (zone, name) in [("Europe/Brussels", "brussels"), ("Europe/Dublin", "dublin")] {
        for (label, day) in [
            ("mar-before", "2026-03-27"),
            ("mar-after", "2026-03-30"),
            ("oct-before", "2026-10-23"),
            ("oct-after", "2026-10-26"),
        ] {
            meetings.push(meeting(
                &format!("{name}-{label}"),
                &format!("{name} {label}"),
                &format!("{day}T10:00"),
                &format!("{day}T11:30"),
                zone,
            ));
        }
    }
    let mut day = meeting("europe-day", "Europe Day", "2026-05-09T00:00", "2026-05-10T00:00", "Europe/Brussels");
    day["allDay"] = json!(true);
    meetings.push(day);
    meetings.push(meeting("far", "Annual meeting 2037", "2037-07-01T14:00", "2037-07-01T16:00", "Europe/Brussels"));
    let mut cancelled = meeting("off", "Called off", "2026-06-02T09:00", "2026-06-02T10:00", "Europe/Brussels");
    cancelled["status"] = json!("cancelled");
    meetings.push(cancelled);
    let mut hostile = meeting("hostile", HOSTILE, "2026-06-24T11:00", "2026-06-24T12:00", "Europe/Brussels");
    hostile["location"] = json!(format!("Room \"A\"; {HOSTILE}"));
    hostile["objective"] = json!(format!("{HOSTILE}\nsecond line"));
    hostile["organiser"] = json!("org");
    hostile["participants"] =
        json!([{"person": "org", "role": "chair"}, {"person": "pat"}, {"person": "ana", "response": "tentative"}]);
    hostile["actions"] = json!([
        {"key": "a-due", "title": format!("Send the figures {HOSTILE}"), "owners": ["pat"], "due": "2026-07-15", "status": "open"},
        {"key": "a-period", "title": "Report back", "owners": ["ana"], "duePeriod": "autumn 2026", "status": "in-progress"},
        {"key": "a-none", "title": "No date", "owners": ["ana"], "status": "open"}
    ]);
    meetings.push(hostile);
    json!({
        "format": "code-register/1",
        "codes": [{"key": "disinfo", "title": "Code of Practice on Disinformation"}],
        "people": [
            {"key": "org", "name": "Lucrezia Busa", "email": "lucrezia.busa@ec.example.eu"},
            {"key": "pat", "name": "O'Brien, \"Pat\"", "email": "pat@example.org"},
            {"key": "ana", "name": "Ana-Maria Ștefănescu; DG CNECT: unit F.2 ^ caret", "email": "ana@example.org"}
        ],
        "meetings": meetings
    })
}

/// What every reader must see of a meeting of `doc()`: its UID, title, and start and end as
/// instants (`2026-03-27T09:00:00Z`) or days.
fn truth() -> Vec<(String, String, String, String)> {
    let d = doc();
    d["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let uid = format!("{}@code-register.invalid", m["key"].as_str().unwrap());
            let at = |field: &str| {
                let local =
                    chrono::NaiveDateTime::parse_from_str(m[field].as_str().unwrap(), "%Y-%m-%dT%H:%M").unwrap();
                if m["allDay"] == json!(true) {
                    local.date().format("%Y-%m-%d").to_string()
                } else {
                    let tz: Tz = m["timezone"].as_str().unwrap().parse().unwrap();
                    tz.from_local_datetime(&local)
                        .single()
                        .unwrap()
                        .with_timezone(&Utc)
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string()
                }
            };
            (uid, clean_text(m["title"].as_str().unwrap()), at("start"), at("end"))
        })
        .collect()
}

fn python() -> PathBuf {
    let py = std::env::var_os("CODE_REGISTER_PY")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join(".venv/bin/python"));
    let ok =
        Command::new(&py).args(["-c", "import icalendar, ical"]).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(
        ok,
        "python with icalendar and ical is needed at {} (or set CODE_REGISTER_PY): run `make test`",
        py.display()
    );
    py
}

fn run(command: &mut Command) -> Value {
    let out = command.output().unwrap();
    assert!(out.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What each peer read of each file: `(parser, file, answer)`.
fn peers(files: &[PathBuf]) -> Vec<(String, PathBuf, Value)> {
    assert!(
        Path::new(ROOT).join("tests/ics/node_modules/ical.js").is_dir(),
        "ical.js is needed in tests/ics/node_modules: run `make test`, or `cd tests/ics && npm ci`"
    );
    let python = run(Command::new(python()).arg(Path::new(ROOT).join("tests/ics/peers.py")).args(files));
    let icaljs = run(Command::new("node").arg(Path::new(ROOT).join("tests/ics/peer.cjs")).args(files));
    let mut all = Vec::new();
    for file in files {
        let key = file.to_str().unwrap();
        all.push(("python icalendar".to_string(), file.clone(), python[key]["icalendar"].clone()));
        all.push(("python ical".to_string(), file.clone(), python[key]["ical"].clone()));
        all.push(("ical.js".to_string(), file.clone(), icaljs[key].clone()));
    }
    all
}

fn seeded() -> Register {
    let r = Register::new();
    r.import(&doc()).ok();
    r
}

fn path(r: &Register, name: &str) -> String {
    r.dir.path().join(name).to_str().unwrap().to_string()
}

#[test]
fn three_independent_parsers_read_everything_we_write_with_our_instants() {
    let r = seeded();
    r.run(&["ics", "export", "-o", &path(&r, "export.ics")]).ok();
    r.run(&["ics", "invite", "hostile", "-o", &path(&r, "invite.ics")]).ok();
    r.run(&["ics", "tasks", "-o", &path(&r, "tasks.ics")]).ok();
    r.run(&["ics", "tasks", "--as-events", "-o", &path(&r, "due.ics")]).ok();
    r.run(&["ics", "cancel", "hostile", "-o", &path(&r, "cancel.ics")]).ok();
    let files: Vec<PathBuf> = ["export.ics", "invite.ics", "tasks.ics", "due.ics", "cancel.ics"]
        .iter()
        .map(|n| r.dir.path().join(n))
        .collect();
    let truth = truth();
    let mut problems = Vec::new();
    for (parser, file, answer) in peers(&files) {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if let Some(error) = answer.get("error") {
            problems.push(format!("{parser} refused {name}: {error}"));
            continue;
        }
        if let Some(errors) = answer["errors"].as_array().filter(|e| !e.is_empty()) {
            problems.push(format!("{parser} flagged {name}: {errors:?}"));
        }
        let events = answer["events"].as_array().unwrap();
        let expected: Vec<&(String, String, String, String)> = match name.as_str() {
            "export.ics" => truth.iter().collect(),
            "invite.ics" | "cancel.ics" => truth.iter().filter(|t| t.0.starts_with("hostile@")).collect(),
            "tasks.ics" => Vec::new(),
            _ => {
                // Two actions have a due-by date: 15 July and the end of autumn (30 November).
                let days: Vec<(&str, &str)> = events
                    .iter()
                    .map(|e| (e["start"].as_str().unwrap_or(""), e["end"].as_str().unwrap_or("")))
                    .collect();
                if days != [("2026-07-15", "2026-07-16"), ("2026-11-30", "2026-12-01")] {
                    problems.push(format!("{parser}: the due dates of {name} are {days:?}"));
                }
                continue;
            }
        };
        if events.len() != expected.len() {
            problems.push(format!("{parser} read {} events in {name}, not {}", events.len(), expected.len()));
        }
        for (uid, summary, start, end) in expected {
            let Some(e) = events.iter().find(|e| e["uid"] == uid.as_str()) else {
                problems.push(format!("{parser} did not read {uid} in {name}"));
                continue;
            };
            for (what, got, want) in
                [("start", &e["start"], start), ("end", &e["end"], end), ("SUMMARY", &e["summary"], summary)]
            {
                if got.as_str() != Some(want.as_str()) {
                    problems.push(format!("{parser}, {name}, {uid}: {what} is {got}, not {want:?}"));
                }
            }
            if name != "export.ics" {
                let attendees = e["attendees"].as_array().unwrap();
                if attendees.len() != 3 {
                    problems.push(format!("{parser}, {name}: {} attendees, not 3", attendees.len()));
                }
                // python icalendar and ical.js undo TEXT escapes in parameters (see tests/ics_peers.rs):
                // the names here have none.
                let names: Vec<&str> = attendees.iter().map(|a| a["cn"].as_str().unwrap_or("")).collect();
                let want = ["Lucrezia Busa", "O'Brien, \"Pat\"", "Ana-Maria Ștefănescu; DG CNECT: unit F.2 ^ caret"];
                if names != want {
                    problems.push(format!("{parser}, {name}: attendees {names:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_export_is_pure_and_says_what_a_calendar_needs() {
    let r = seeded();
    let store = Store::open(&r.db, OpenMode::ReadOnly).unwrap();
    let stamp = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap();
    let a = export::calendar(&store, &MeetingFilter::default(), stamp).unwrap();
    let b = export::calendar(&store, &MeetingFilter::default(), stamp).unwrap();
    assert_eq!(a, b, "the same register and stamp give the same bytes");
    assert_eq!(a.count, 12);
    let text = a.ics.replace("\r\n ", "");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 12);
    assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 2, "one per zone used");
    assert!(text.contains("TZID:Europe/Brussels\r\n") && text.contains("TZID:Europe/Dublin\r\n"));
    assert!(!text.contains("RDATE"), "the compact form, never a list of transitions");
    assert!(text.contains("METHOD:PUBLISH\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20260509\r\nDTEND;VALUE=DATE:20260510\r\n"), "all-day as dates");
    assert!(text.contains("DTSTAMP:20261203T100000Z\r\n"));
    assert!(text.contains("UID:off@code-register.invalid\r\n"));
    let off = &text[text.find("UID:off@").unwrap()..];
    assert!(off[..off.find("END:VEVENT").unwrap()].contains("STATUS:CANCELLED"));
    assert!(text.contains("DESCRIPTION:Budget\\; Q3\\, \"final\" \\\\ C:\\\\temp a^b\ttab — é€😀 O'Brien: ok\\nsecond line\\n\\nCode: Code of Practice on Disinformation\r\n"));
    assert!(!text.contains("ATTENDEE"), "a published calendar asks no one to answer");
    // Every physical line is at most 75 octets.
    assert!(a.ics.split("\r\n").all(|l| l.len() <= 75));
    // A later stamp changes DTSTAMP only.
    let later = export::calendar(&store, &MeetingFilter::default(), stamp + chrono::TimeDelta::days(1)).unwrap();
    assert_eq!(later.ics.replace("DTSTAMP:20261204T100000Z", "DTSTAMP:20261203T100000Z"), a.ics);

    // Filters: dates (local, both included) and a Code.
    let march = MeetingFilter {
        from: NaiveDate::from_ymd_opt(2026, 3, 27),
        to: NaiveDate::from_ymd_opt(2026, 3, 30),
        ..MeetingFilter::default()
    };
    assert_eq!(export::calendar(&store, &march, stamp).unwrap().count, 4);
    // The filters the Meetings view adds (words, a kind…) take the list's query; the result is
    // the same calendar.
    let by_words = MeetingFilter { text: Some("2037".into()), ..MeetingFilter::default() };
    let by_date = MeetingFilter { from: NaiveDate::from_ymd_opt(2037, 1, 1), ..MeetingFilter::default() };
    let by_code = MeetingFilter { code: Some("disinfo".into()), ..MeetingFilter::default() };
    let by_kind = MeetingFilter { kind: Some(code_register::model::MeetingKind::Meeting), ..MeetingFilter::default() };
    assert_eq!(export::calendar(&store, &by_words, stamp).unwrap(), export::calendar(&store, &by_date, stamp).unwrap());
    assert_eq!(export::calendar(&store, &by_code, stamp).unwrap(), export::calendar(&store, &by_kind, stamp).unwrap());
    let out = r.run(&["ics", "export", "--from", "2037-01-01", "-o", &path(&r, "far.ics")]).ok();
    assert_eq!(out.stdout, format!("Wrote 1 meeting to {}\n", path(&r, "far.ics")));
    let far = std::fs::read_to_string(path(&r, "far.ics")).unwrap();
    assert_eq!(far.matches("BEGIN:VTIMEZONE").count(), 1, "only the zones used");
    assert_eq!(r.run(&["ics", "export", "--code", "nope"]).status, 2);
    let bad = r.run(&["ics", "export", "--from", "2026-02-30"]);
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("2026-02-30"), "{}", bad.stderr);
}

#[test]
fn tasks_are_the_actions_with_a_due_by_date() {
    let r = seeded();
    let tasks = r.run(&["ics", "tasks"]).ok().stdout.replace("\r\n ", "");
    assert_eq!(tasks.matches("BEGIN:VTODO").count(), 2);
    assert!(tasks.contains("UID:a-due+task@code-register.invalid\r\n"));
    assert!(tasks.contains("DUE;VALUE=DATE:20260715\r\n"));
    assert!(tasks.contains("DUE;VALUE=DATE:20261130\r\n"), "the end of the period agreed");
    assert!(tasks.contains("STATUS:NEEDS-ACTION\r\n") && tasks.contains("STATUS:IN-PROCESS\r\n"));
    assert!(tasks.contains("Agreed at: Budget\\; Q3"), "the meeting in DESCRIPTION");
    assert!(!tasks.contains("No date"));
    let events = r.run(&["ics", "tasks", "--as-events"]).ok().stdout;
    assert_eq!(events.matches("BEGIN:VEVENT").count(), 2);
    assert!(!events.contains("VTODO"));
    assert!(events.contains("SUMMARY:Due: Report back\r\n"));
}

#[test]
fn an_export_imported_into_an_empty_register_gives_the_meetings_back() {
    let r = seeded();
    let file = path(&r, "export.ics");
    r.run(&["ics", "export", "-o", &file]).ok();
    let fresh = Register::new();
    let report =
        fresh.run(&["ics", "import", &file, "--from", "2020-01-01", "--to", "2040-01-01", "--json"]).ok().json();
    assert_eq!(report["created"].as_array().unwrap().len(), 12, "{report}");
    assert!(report["skipped"].as_array().unwrap().is_empty(), "{report}");
    let theirs: Vec<Value> = fresh.export()["meetings"].as_array().unwrap().clone();
    for ours in doc()["meetings"].as_array().unwrap() {
        let uid = format!("{}@code-register.invalid", ours["key"].as_str().unwrap());
        let m = theirs.iter().find(|m| m["invitation"]["uid"] == uid.as_str()).unwrap_or_else(|| panic!("{uid}"));
        for field in ["start", "end", "timezone", "status", "location"] {
            assert_eq!(m[field], ours[field], "{uid}: {field}");
        }
        assert_eq!(m["title"].as_str().unwrap(), clean_text(ours["title"].as_str().unwrap()).replace('\n', " "));
        assert_eq!(m.get("allDay"), ours.get("allDay"), "{uid}");
    }
    // The same file again: nothing changes, nothing is duplicated.
    let before = fresh.export();
    let again = fresh.run(&["ics", "import", &file, "--json"]).ok().json();
    assert_eq!(again["unchanged"].as_array().unwrap().len(), 12, "{again}");
    assert_eq!(fresh.export(), before);
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused_and_nothing_is_written() {
    let r = seeded();
    let out = path(&r, "reversed.ics");
    let run = r.run(&["ics", "export", "--from", "2021-12-01", "--to", "2021-01-01", "-o", &out]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(run.stderr.trim(), "code-register: --to 2021-01-01 is before --from 2021-12-01");
    assert!(!std::path::Path::new(&out).exists());
}

/// A calendar holds at least one event (RFC 5545, 3.6): a selection with no meeting, or no
/// dated action, is said so and no file is written, rather than an empty file that imports as
/// nothing.
#[test]
fn nothing_selected_is_said_and_no_empty_calendar_is_written() {
    let r = seeded();
    let out = path(&r, "empty.ics");
    let run = r.run(&["ics", "export", "--from", "2040-01-01", "-o", &out]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "code-register: no meeting matches: there is nothing to put in a calendar, so no file was written"
    );
    assert!(!std::path::Path::new(&out).exists());

    let fresh = Register::new();
    fresh.run(&["init"]).ok();
    let run = fresh.run(&["ics", "tasks", "-o", &out]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no agreed action with a due date"), "{}", run.stderr);
    assert!(!std::path::Path::new(&out).exists());
}
