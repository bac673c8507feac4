//! Invitations made elsewhere, into the register (`code-register ics import FILE`): Outlook's
//! REQUEST with a Windows zone becomes a meeting with its organiser and attendees (people
//! matched by e-mail in any case, created when unknown), an update with a higher SEQUENCE
//! updates it instead of duplicating it, a lower one is skipped and reported, a REPLY sets an
//! answer, a CANCEL cancels; a recurring event becomes one meeting per occurrence within the
//! dates, found again by a second import; a bad attendee address is reported and skipped; a file
//! that cannot be read changes nothing, and says why, one line per problem.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    format!("{}/tests/ics/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn import(r: &Register, file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["ics", "import", file, "--json"];
    args.extend_from_slice(extra);
    r.run(&args).ok().json()
}

fn count(report: &Value, list: &str) -> usize {
    report[list].as_array().unwrap().len()
}

fn meetings(r: &Register) -> Vec<Value> {
    r.export()["meetings"].as_array().unwrap().clone()
}

fn write(r: &Register, name: &str, text: &str) -> String {
    let path = r.dir.path().join(name);
    std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    path.to_str().unwrap().to_string()
}

const OUTLOOK_UID: &str =
    "040000008200E00074C5B7101A82E00800000000D0A5C2F4D85CDB01000000000000000010000000D5F1E0C4A2B0B44A8F2D3E6C";

#[test]
fn an_outlook_invitation_becomes_a_meeting_with_its_people_and_a_reply_sets_an_answer() {
    let r = Register::new();
    // Pat is known already, under another case of the address.
    r.import(&json!({"format": "code-register/1", "people": [{"key": "pat", "name": "Pat O'Brien", "email": "Pat.OBrien@Example.org"}]})).ok();
    let report = import(&r, &fixture("outlook-request.ics"), &[]);
    assert_eq!(count(&report, "created"), 1, "{report}");
    assert_eq!(
        report["peopleCreated"],
        json!(["Busa, Lucrezia (CNECT) <lucrezia.busa@example.europa.eu>", "Jan Kowalski <jan@example.pl>"])
    );
    let m = &meetings(&r)[0];
    assert_eq!(m["title"], "Code of Conduct – subgroup on elections");
    // W. Europe Standard Time is Europe/Berlin (CLDR); 10:00 there.
    assert_eq!(
        (m["start"].as_str(), m["end"].as_str(), m["timezone"].as_str()),
        (Some("2026-04-14T10:00"), Some("2026-04-14T12:00"), Some("Europe/Berlin"))
    );
    assert_eq!(m["location"], "BERL 10/123, Brussels");
    assert_eq!(m["objective"], "Agenda:\n1. Signatories' reports\n2. Next steps, timeline");
    assert_eq!(m["invitation"]["uid"], OUTLOOK_UID);
    assert_eq!(m["invitation"]["sequence"], 1);
    let people: Vec<&str> =
        m["participants"].as_array().unwrap().iter().map(|p| p["person"].as_str().unwrap()).collect();
    assert_eq!(people, ["pat", "jan-kowalski"], "matched by e-mail in any case, else created");
    assert_eq!(m["organiser"], "busa-lucrezia-cnect");

    // Pat declines (Google's REPLY, times in UTC).
    let reply = import(&r, &fixture("reply-declined.ics"), &[]);
    assert_eq!(count(&reply, "updated"), 1, "{reply}");
    assert!(reply["updated"][0]["detail"].as_str().unwrap().contains("declined"));
    let m = &meetings(&r)[0];
    assert_eq!(m["participants"][0]["response"], "declined");
    assert_eq!(m["start"], "2026-04-14T10:00", "a reply moves nothing");

    // The same invitation again: nothing changes, no duplicate.
    let before = r.export();
    let again = import(&r, &fixture("outlook-request.ics"), &[]);
    assert_eq!((count(&again, "created"), count(&again, "updated")), (0, 1), "{again}");
    assert_eq!(meetings(&r).len(), 1);
    let m = &meetings(&r)[0];
    assert_eq!(m["participants"][0]["response"], "needs-action", "the organiser's invitation says NEEDS-ACTION again");
    let _ = before;
}

#[test]
fn an_update_moves_the_meeting_an_older_one_is_skipped_and_a_cancel_cancels() {
    let r = Register::new();
    let invite = |seq: u32, day: u32, location: &str| {
        format!(
            "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:w-1@example.org\nSEQUENCE:{seq}\n\
DTSTAMP:20260301T120000Z\nDTSTART;TZID=Europe/Brussels:202605{day:02}T140000\nDTEND;TZID=Europe/Brussels:202605{day:02}T160000\n\
SUMMARY:Workshop on researchers' access\nLOCATION:{location}\nORGANIZER;CN=Lucrezia Busa:mailto:lucrezia.busa@ec.example.eu\n\
ATTENDEE;CN=Pat;PARTSTAT=NEEDS-ACTION:mailto:pat@example.org\nATTENDEE;CN=Broken;PARTSTAT=NEEDS-ACTION:mailto:not an address\n\
END:VEVENT\nEND:VCALENDAR\n"
        )
    };
    let first = import(&r, &write(&r, "v0.ics", &invite(0, 12, "Brussels")), &[]);
    assert_eq!(count(&first, "created"), 1);
    assert!(
        first["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("\"not an address\" is not an e-mail address")),
        "{first}"
    );
    let key = first["created"][0]["meeting"].as_str().unwrap().to_string();
    assert_eq!(key, "2026-05-12-workshop-on-researchers-access");

    let moved = import(&r, &write(&r, "v2.ics", &invite(2, 13, "Dublin")), &[]);
    assert_eq!(count(&moved, "updated"), 1, "{moved}");
    assert_eq!(moved["updated"][0]["detail"], "time, place");
    let m = &meetings(&r)[0];
    assert_eq!((m["start"].as_str(), m["location"].as_str()), (Some("2026-05-13T14:00"), Some("Dublin")));
    assert_eq!(meetings(&r).len(), 1, "updated, not duplicated");

    let stale = import(&r, &write(&r, "v1.ics", &invite(1, 20, "Paris")), &[]);
    assert_eq!(count(&stale, "skipped"), 1, "{stale}");
    assert!(stale["skipped"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("older invitation (SEQUENCE 1; the register has 2)"));
    assert_eq!(meetings(&r)[0]["location"], "Dublin");

    let cancel = write(
        &r,
        "cancel.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:w-1@example.org\nSEQUENCE:3\n\
DTSTAMP:20260302T120000Z\nDTSTART;TZID=Europe/Brussels:20260513T140000\nSTATUS:CANCELLED\nSUMMARY:Cancelled\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let report = import(&r, &cancel, &[]);
    assert_eq!(count(&report, "updated"), 1, "{report}");
    let m = &meetings(&r)[0];
    assert_eq!(m["status"], "cancelled");
    assert_eq!(m["invitation"]["sequence"], 3);
    // A cancellation of a meeting the register does not hold is skipped, and says so.
    let elsewhere = import(&r, &fixture("cancel.ics"), &[]);
    assert!(elsewhere["skipped"][0]["detail"].as_str().unwrap().contains("no meeting in the register has the UID"));
}

#[test]
fn a_recurring_event_is_one_meeting_per_occurrence_found_again_by_a_second_import() {
    let r = Register::new();
    let report = import(&r, &fixture("weekly-recurring.ics"), &["--from", "2026-01-01", "--to", "2026-12-31"]);
    assert_eq!(count(&report, "created"), 5, "{report}");
    let uids: Vec<String> = meetings(&r).iter().map(|m| m["invitation"]["uid"].as_str().unwrap().to_string()).collect();
    assert!(uids.iter().all(|u| u.contains('#')), "{uids:?}");
    // The window narrows what is imported.
    let narrow = Register::new();
    let few = import(&narrow, &fixture("weekly-recurring.ics"), &["--from", "2026-03-20", "--to", "2026-04-10"]);
    assert_eq!(count(&few, "created"), 2, "{few}");
    // Again: every occurrence found, none duplicated.
    let before = r.export();
    let again = import(&r, &fixture("weekly-recurring.ics"), &["--from", "2026-01-01", "--to", "2026-12-31"]);
    assert_eq!(count(&again, "unchanged"), 5, "{again}");
    assert_eq!(r.export(), before);
}

#[test]
fn times_in_a_gap_utc_and_all_day_are_read_as_the_register_keeps_them() {
    let r = Register::new();
    let file = write(
        &r,
        "times.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\nBEGIN:VEVENT\nUID:gap\nDTSTART;TZID=Europe/Brussels:20260329T023000\n\
DTEND;TZID=Europe/Brussels:20260329T040000\nSUMMARY:In the gap\nEND:VEVENT\nBEGIN:VEVENT\nUID:utc\nDTSTART:20260610T080000Z\n\
DURATION:PT90M\nSUMMARY:In UTC\nEND:VEVENT\nBEGIN:VEVENT\nUID:day\nDTSTART;VALUE=DATE:20260509\nSUMMARY:All day\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:romance\nDTSTART;TZID=Romance Standard Time:20261026T090000\nDTEND;TZID=Romance Standard Time:20261026T100000\n\
SUMMARY:Windows zone\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let report = import(&r, &file, &[]);
    assert_eq!(count(&report, "created"), 4, "{report}");
    assert!(
        report["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("02:30")),
        "the move out of the gap is reported: {report}"
    );
    let by_uid = |uid: &str| meetings(&r).into_iter().find(|m| m["invitation"]["uid"] == uid).unwrap();
    assert_eq!(by_uid("gap")["start"], "2026-03-29T03:30");
    let utc = by_uid("utc");
    assert_eq!(
        (utc["start"].as_str(), utc["end"].as_str(), utc["timezone"].as_str()),
        (Some("2026-06-10T10:00"), Some("2026-06-10T11:30"), Some("Europe/Brussels"))
    );
    let day = by_uid("day");
    assert_eq!(
        (day["start"].as_str(), day["end"].as_str(), day["allDay"].as_bool()),
        (Some("2026-05-09T00:00"), Some("2026-05-10T00:00"), Some(true))
    );
    let romance = by_uid("romance");
    assert_eq!(
        (romance["start"].as_str(), romance["timezone"].as_str()),
        (Some("2026-10-26T09:00"), Some("Europe/Paris"))
    );
}

#[test]
fn a_file_that_cannot_be_read_changes_nothing_and_says_why_in_one_line() {
    let r = Register::new();
    let out = r.run(&["ics", "import", &fixture("unbalanced.ics")]);
    assert_eq!(out.status, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("unbalanced.ics: line 7: END:VTODO where END:VEVENT was expected"), "{}", out.stderr);
    assert_eq!(r.run(&["meetings", "--json"]).ok().json(), json!([]));
    let missing = r.run(&["ics", "import", "/no/such/file.ics"]);
    assert_ne!(missing.status, 0);
    assert!(missing.stderr.contains("/no/such/file.ics"), "{}", missing.stderr);
    let not_a_file = r.run(&["ics", "import", r.dir.path().to_str().unwrap()]);
    assert_eq!(not_a_file.status, 2);
    assert!(not_a_file.stderr.contains("not an ordinary file"), "{}", not_a_file.stderr);
}

#[test]
fn every_fixture_is_imported_or_refused_and_the_text_report_says_what() {
    let r = Register::new();
    let mut files: Vec<_> = std::fs::read_dir(format!("{}/tests/ics", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    for f in files {
        let out = r.run(&["ics", "import", f.to_str().unwrap(), "--from", "2020-01-01", "--to", "2030-01-01"]);
        if f.ends_with("unbalanced.ics") {
            assert_eq!(out.status, 2);
        } else {
            assert_eq!(out.status, 0, "{}: {}", f.display(), out.stderr);
            assert!(
                out.stdout.starts_with(&format!("Imported {}:", f.file_name().unwrap().to_string_lossy())),
                "{}",
                out.stdout
            );
        }
    }
    assert!(r.run(&["meetings", "--json", "--limit", "100"]).ok().json().as_array().unwrap().len() >= 12);
}

/// A calendar of `n` published events (five attendees each among 300 people; with `resent`,
/// every 97th event sent again further on with a higher SEQUENCE) as the store takes it in
/// several batches; `title_at` gives event `i` another title.
fn many_events(n: usize, resent: bool, title_at: Option<(usize, &str)>) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nMETHOD:PUBLISH\n");
    let event = |i: usize, sequence: u32, hour: usize| {
        let title = match title_at {
            Some((at, title)) if at == i => title.to_string(),
            _ => format!("Meeting {i}"),
        };
        let mut e = format!(
            "BEGIN:VEVENT\nUID:many-{i}@example.org\nSEQUENCE:{sequence}\nDTSTAMP:20260101T000000Z\n\
             DTSTART;TZID=Europe/Brussels:2026{:02}{:02}T{hour:02}0000\nDTEND;TZID=Europe/Brussels:2026{:02}{:02}T{hour:02}3000\n\
             SUMMARY:{title}\nLOCATION:Room {}\nORGANIZER;CN=Chair {}:mailto:chair{}@ec.example.eu\n",
            1 + i % 12,
            1 + i % 28,
            1 + i % 12,
            1 + i % 28,
            i % 50,
            i % 3,
            i % 3
        );
        for a in 0..5 {
            let p = (i * 7 + a * 61) % 300;
            e.push_str(&format!("ATTENDEE;CN=Person {p};PARTSTAT=ACCEPTED:mailto:Person{p}@Example.org\n"));
        }
        e.push_str("END:VEVENT\n");
        e
    };
    for i in 0..n {
        out.push_str(&event(i, 0, 9 + i % 8));
        if resent && i >= 300 && (i - 300) % 97 == 0 {
            out.push_str(&event(i - 300, 1, 17));
        }
    }
    out.push_str("END:VCALENDAR\n");
    out
}

#[test]
fn a_large_calendar_goes_in_by_batches_as_it_would_whole() {
    // Without versions of the same event, each is handed over as it is read; with them, after
    // all are read (the newer of each is kept).
    for resent in [false, true] {
        let text = many_events(2_600, resent, None);
        let streamed = Register::new();
        let report = import(&streamed, &write(&streamed, "many.ics", &text), &[]);
        assert_eq!(count(&report, "created"), 2_600, "{}", report["notes"]);
        assert_eq!(count(&report, "peopleCreated"), 300 + 3);
        // Two calendars in one file are one batch at the end (the second may change the first).
        let whole = Register::new();
        let text_whole = format!("{text}BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n");
        let report_whole = import(&whole, &write(&whole, "many.ics", &text_whole), &[]);
        assert_eq!(report["created"], report_whole["created"]);
        assert_eq!(report["peopleCreated"], report_whole["peopleCreated"]);
        assert_eq!(streamed.export(), whole.export());
        if resent {
            // The later version won: the meeting is at 17:00, SEQUENCE 1.
            let moved: Vec<Value> = meetings(&streamed)
                .into_iter()
                .filter(|m| m["invitation"]["uid"] == json!("many-97@example.org"))
                .collect();
            assert_eq!(moved.len(), 1);
            assert!(moved[0]["start"].as_str().unwrap().ends_with("T17:00"), "{}", moved[0]);
            assert_eq!(moved[0]["invitation"]["sequence"], json!(1));
        }
        // Again, into a register that holds them: nothing changes, nothing is written.
        let before = streamed.export();
        let again = import(&streamed, &write(&streamed, "many.ics", &text), &[]);
        assert_eq!(count(&again, "created"), 0);
        assert_eq!(count(&again, "unchanged"), 2_600);
        assert_eq!(streamed.export(), before);
    }
}

#[test]
fn a_batch_that_fails_late_leaves_the_register_as_it_was() {
    let r = Register::new();
    r.run(&["init"]).ok();
    {
        // A real failure of the database on the 2,500th meeting, after two batches were written.
        let conn = rusqlite::Connection::open(&r.db).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER poison BEFORE INSERT ON meetings WHEN NEW.title = 'Poison'
             BEGIN SELECT RAISE(ABORT, 'poisoned meeting'); END;",
        )
        .unwrap();
    }
    let file = write(&r, "many.ics", &many_events(2_600, false, Some((2_500, "Poison"))));
    let out = r.run(&["ics", "import", &file]);
    assert_ne!(out.status, 0, "{}", out.stdout);
    assert!(out.stderr.contains("poisoned meeting"), "{}", out.stderr);
    assert_eq!(r.sql("SELECT count(*) FROM meetings"), "0");
    assert_eq!(r.sql("SELECT count(*) FROM people"), "0");
    assert_eq!(r.sql("SELECT count(*) FROM participants"), "0");
    // The indexes set aside for the load are back.
    assert_eq!(r.sql("SELECT count(*) FROM sqlite_schema WHERE name = 'participants_person'"), "1");
}

#[test]
fn a_line_that_cannot_be_read_late_in_a_large_calendar_refuses_it_whole() {
    // The first meetings are stored while the rest is still being read: an event far into the
    // file that cannot be read still leaves the register as it was, and is named by its line.
    let r = Register::new();
    r.run(&["init"]).ok();
    let text = many_events(2_600, false, None);
    let at = text.find("UID:many-2500@example.org").unwrap();
    let dtstart = at + text[at..].find("DTSTART").unwrap();
    let line = text[..dtstart].lines().count() + 1;
    let end = dtstart + text[dtstart..].find('\n').unwrap();
    let bad = format!("{}DTSTART;TZID=Europe/Brussels:next Tuesday{}", &text[..dtstart], &text[end..]);
    let out = r.run(&["ics", "import", &write(&r, "many.ics", &bad)]);
    assert_eq!(out.status, 2, "{}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains(&format!("many.ics: line {line}: DTSTART")), "{}", out.stderr);
    assert_eq!(r.sql("SELECT count(*) FROM meetings"), "0");
    assert_eq!(r.sql("SELECT count(*) FROM people"), "0");
    assert_eq!(r.sql("SELECT count(*) FROM search"), "0");
}

/// One event of its own UID, titled `title`, on 2 March 2026 at 10:00 in Brussels.
/// A file refused is told whole: the bad values of every part of a large calendar (read on
/// several threads) and the lines that are no content lines, each on a line of its own, in the
/// order of the file; nothing is written.
#[test]
fn every_problem_of_a_refused_calendar_is_named_at_once() {
    let r = Register::new();
    r.run(&["init"]).ok();
    let mut text = many_events(2_600, false, None);
    let mut lines = Vec::new();
    for (i, replacement) in [
        (100, "DTSTART;TZID=Europe/Brussels:next Tuesday"),
        (1_200, "this line is no property"),
        (2_500, "DTSTART:20261301T100000Z"),
    ] {
        let at = text.find(&format!("UID:many-{i}@example.org\n")).unwrap();
        let dtstart = at + text[at..].find("DTSTART").unwrap();
        lines.push(text[..dtstart].lines().count() + 1);
        let end = dtstart + text[dtstart..].find('\n').unwrap();
        text = format!("{}{replacement}{}", &text[..dtstart], &text[end..]);
    }
    let out = r.run(&["ics", "import", &write(&r, "many.ics", &text)]);
    assert_eq!(out.status, 2, "{}", out.stdout);
    let said: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(said.len(), 3, "{}", out.stderr);
    assert!(said[0].starts_with(&format!("code-register: many.ics: line {}: DTSTART", lines[0])), "{}", out.stderr);
    assert!(said[1].contains(&format!("many.ics: line {}: \"this line is no property\"", lines[1])), "{}", out.stderr);
    assert!(said[2].contains(&format!("many.ics: line {}: DTSTART", lines[2])), "{}", out.stderr);
    assert_eq!(r.sql("SELECT count(*) FROM meetings"), "0");
    assert_eq!(r.sql("SELECT count(*) FROM people"), "0");
}

fn one_event(uid: &str, title: &str) -> String {
    format!(
        "BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20260101T090000Z\nDTSTART;TZID=Europe/Brussels:20260302T100000\n\
         DTEND;TZID=Europe/Brussels:20260302T110000\nSUMMARY:{title}\nEND:VEVENT\n"
    )
}

fn calendar(events: &[String]) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nMETHOD:PUBLISH\n{}END:VCALENDAR\n", events.concat())
}

#[test]
fn a_new_meeting_never_takes_the_key_of_one_in_the_file_or_in_the_register() {
    // Into an empty register (where the importer asks the register nothing about meetings):
    // two events of the same title and day in one file get two keys.
    let r = Register::new();
    let both = write(&r, "both.ics", &calendar(&[one_event("a@x", "Taskforce"), one_event("b@x", "Taskforce")]));
    let keys = || {
        let mut keys: Vec<String> = meetings(&r).iter().map(|m| m["key"].as_str().unwrap().to_string()).collect();
        keys.sort();
        keys
    };
    let report = import(&r, &both, &[]);
    assert_eq!(count(&report, "created"), 2, "{report}");
    assert_eq!(keys(), ["2026-03-02-taskforce", "2026-03-02-taskforce-2"]);
    // Into a register that holds them: a third event of that title gets the next free key, and
    // the first event sent again updates its meeting instead of making another.
    let more = write(&r, "more.ics", &calendar(&[one_event("c@x", "Taskforce"), one_event("a@x", "Taskforce")]));
    let report = import(&r, &more, &[]);
    assert_eq!((count(&report, "created"), count(&report, "unchanged")), (1, 1), "{report}");
    assert_eq!(keys(), ["2026-03-02-taskforce", "2026-03-02-taskforce-2", "2026-03-02-taskforce-3"]);
}

#[test]
fn an_event_without_a_usable_end_lasts_an_hour_and_the_note_says_what_was_wrong() {
    let r = Register::new();
    let event = |uid: &str, end: &str| {
        format!(
            "BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20260101T090000Z\nDTSTART;TZID=Europe/Brussels:20260302T100000\n{end}\
             SUMMARY:{uid}\nEND:VEVENT\n"
        )
    };
    let file = write(
        &r,
        "ends.ics",
        &calendar(&[
            event("none", ""),
            event("before", "DTEND;TZID=Europe/Brussels:20260302T090000\n"),
            event("same", "DTEND;TZID=Europe/Brussels:20260302T100000\n"),
        ]),
    );
    let day = write(
        &r,
        "day.ics",
        &calendar(&[
            "BEGIN:VEVENT\nUID:day\nDTSTART;VALUE=DATE:20260303\nDTEND;VALUE=DATE:20260301\nSUMMARY:Day\nEND:VEVENT\n"
                .into(),
        ]),
    );
    let report = import(&r, &file, &[]);
    assert_eq!(count(&report, "created"), 3, "{report}");
    assert_eq!(
        report["notes"],
        json!([
            "line 6: the event has no end; taken to last an hour",
            "line 12: the event ends before it starts; taken to last an hour",
            "line 19: the event ends as it starts; taken to last an hour"
        ])
    );
    for m in meetings(&r) {
        assert_eq!(
            (m["start"].as_str(), m["end"].as_str()),
            (Some("2026-03-02T10:00"), Some("2026-03-02T11:00")),
            "{m}"
        );
    }
    let report = import(&r, &day, &[]);
    assert_eq!(report["notes"], json!(["line 6: the event ends before it starts; taken to last a day"]), "{report}");
    let m = meetings(&r).into_iter().find(|m| m["title"] == "Day").unwrap();
    assert_eq!(
        (m["start"].as_str(), m["end"].as_str(), m["allDay"].as_bool()),
        (Some("2026-03-03T00:00"), Some("2026-03-04T00:00"), Some(true))
    );
}

#[test]
fn every_occurrence_of_a_series_lasts_as_long_as_its_first_and_nothing_is_noted() {
    let r = Register::new();
    let file = write(
        &r,
        "weekly.ics",
        &calendar(&["BEGIN:VEVENT\nUID:w@x\nDTSTAMP:20260101T000000Z\nDTSTART;TZID=Europe/Brussels:20260105T100000\n\
             DTEND;TZID=Europe/Brussels:20260105T120000\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:Weekly\nEND:VEVENT\n"
            .to_string()]),
    );
    let report = import(&r, &file, &["--from", "2026-01-01", "--to", "2026-02-28"]);
    assert_eq!(count(&report, "created"), 3, "{report}");
    assert_eq!(report["notes"], json!([]), "{report}");
    let mut times: Vec<(String, String)> = meetings(&r)
        .iter()
        .map(|m| (m["start"].as_str().unwrap().to_string(), m["end"].as_str().unwrap().to_string()))
        .collect();
    times.sort();
    assert_eq!(
        times,
        [
            ("2026-01-05T10:00".to_string(), "2026-01-05T12:00".to_string()),
            ("2026-01-12T10:00".to_string(), "2026-01-12T12:00".to_string()),
            ("2026-01-19T10:00".to_string(), "2026-01-19T12:00".to_string())
        ]
    );
}
