//! Invitations that update in place and cancel (`code-register ics invite|cancel`): one VEVENT,
//! METHOD:REQUEST, ORGANIZER and ATTENDEEs as Outlook wants them; invite again unchanged gives
//! the same SEQUENCE, moving the meeting raises it by one, cancelling raises it again with the
//! same UID; what was sent is kept with the meeting (and SEQUENCE never goes down, even when an
//! older backup is imported); importing our own invitation again changes nothing; a REPLY that
//! declines marks that attendee declined. People who cannot be invited are listed, never dropped.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;
use serde_json::{json, Value};

const KEY: &str = "2026-12-10-workshop";

fn doc() -> Value {
    json!({
        "format": "code-register/1",
        "codes": [{"key": "hate", "title": "Code of conduct on countering illegal hate speech online", "shortTitle": "Code of conduct on hate speech"}],
        "organisations": [
            {"key": "tiktok", "name": "TikTok", "kind": "platform"},
            {"key": "ngo", "name": "Trusted flaggers' network", "kind": "trusted-flagger"}
        ],
        "people": [
            {"key": "lucrezia", "name": "Lucrezia Busa", "email": "Lucrezia.Busa@ec.example.eu", "public": true},
            {"key": "pat", "name": "O'Brien, \"Pat\"", "email": "pat.obrien@example.org", "organisation": "ngo"},
            {"key": "jan", "name": "Jan Kowalski", "email": "jan@example.pl"},
            {"key": "nomail", "name": "Ana Nomail", "organisation": "ngo"}
        ],
        "meetings": [{
            "key": KEY, "title": "Workshop with trusted flaggers; round 2", "kind": "workshop",
            "codes": ["hate"], "start": "2026-12-10T10:00", "end": "2026-12-10T12:30",
            "timezone": "Europe/Brussels", "location": "Brussels, BERL 10/123", "status": "planned",
            "objective": "Compare notes.\nAgree the next steps.",
            "organiser": "lucrezia",
            "participants": [
                {"person": "lucrezia", "role": "chair", "response": "accepted"},
                {"person": "pat"},
                {"person": "jan", "role": "speaker"},
                {"person": "nomail"},
                {"organisation": "tiktok"}
            ]
        }]
    })
}

fn seeded() -> Register {
    let r = Register::new();
    r.import(&doc()).ok();
    r
}

fn meeting(r: &Register) -> Value {
    r.run(&["meeting", KEY, "--json"]).ok().json()
}

fn file(r: &Register, name: &str) -> String {
    r.dir.path().join(name).to_str().unwrap().to_string()
}

/// Sends (`invite` or `cancel`) to a file; returns the file's text and what was said.
fn send(r: &Register, what: &str, name: &str) -> (String, String) {
    let out = r.run(&["ics", what, KEY, "-o", &file(r, name)]).ok();
    (std::fs::read_to_string(file(r, name)).unwrap(), out.stdout)
}

/// The unfolded content lines of a calendar.
fn lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn value<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines.iter().filter(|l| l.split([':', ';']).next() == Some(name)).map(|l| l.as_str()).collect()
}

fn sequence(ics: &str) -> u32 {
    let lines = lines(ics);
    value(&lines, "SEQUENCE")[0].strip_prefix("SEQUENCE:").unwrap().parse().unwrap()
}

/// Moves the meeting to `start`..`end` on 10 December 2026 (or another day).
fn set_times(r: &Register, start: &str, end: &str) {
    let mut m = meeting(r);
    m["start"] = json!(start);
    m["end"] = json!(end);
    r.import(&json!({"format": "code-register/1", "meetings": [m]})).ok();
}

/// Moves the meeting by a document, as the window's editor or an import does.
fn set(r: &Register, field: &str, to: Value) {
    let mut m = meeting(r);
    m[field] = to;
    r.import(&json!({"format": "code-register/1", "meetings": [m]})).ok();
}

#[test]
fn an_invitation_is_one_request_with_organiser_and_attendees() {
    let r = seeded();
    let (ics, said) = send(&r, "invite", "invite.ics");
    let l = lines(&ics);
    assert_eq!(value(&l, "METHOD"), ["METHOD:REQUEST"]);
    assert_eq!(value(&l, "BEGIN").iter().filter(|b| **b == "BEGIN:VEVENT").count(), 1, "exactly one VEVENT");
    assert!(value(&l, "X-WR-CALNAME").is_empty(), "no calendar name in an invitation");
    assert_eq!(value(&l, "UID"), [format!("UID:{KEY}@code-register.invalid").as_str()]);
    assert_eq!(value(&l, "SEQUENCE"), ["SEQUENCE:0"]);
    assert_eq!(value(&l, "DTSTART").last(), Some(&"DTSTART;TZID=Europe/Brussels:20261210T100000"));
    assert_eq!(value(&l, "TZID"), ["TZID:Europe/Brussels"], "its VTIMEZONE");
    assert_eq!(value(&l, "ORGANIZER"), ["ORGANIZER;CN=Lucrezia Busa:mailto:Lucrezia.Busa@ec.example.eu"]);
    assert_eq!(
        value(&l, "ATTENDEE"),
        [
            "ATTENDEE;CN=Lucrezia Busa;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:Lucrezia.Busa@ec.example.eu",
            "ATTENDEE;CN=\"O'Brien, ^'Pat^'\";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:pat.obrien@example.org",
            "ATTENDEE;CN=Jan Kowalski;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jan@example.pl",
        ]
    );
    assert_eq!(value(&l, "SUMMARY"), ["SUMMARY:Workshop with trusted flaggers\\; round 2"]);
    assert_eq!(
        value(&l, "DESCRIPTION"),
        ["DESCRIPTION:Compare notes.\\nAgree the next steps.\\n\\nCode: Code of conduct on hate speech"]
    );
    // Who could not be invited is said.
    assert!(said.contains("Not invited: Ana Nomail (no e-mail address)"), "{said}");
    assert!(said.contains("Not invited: TikTok (an organisation, no person of it named)"), "{said}");
    assert!(said.contains("Attendees (3)"), "{said}");
    // What was sent is kept with the meeting.
    let invitation = &meeting(&r)["invitation"];
    assert_eq!(invitation["uid"], format!("{KEY}@code-register.invalid"));
    assert_eq!(invitation["sequence"], 0);
    assert!(invitation["sent"].as_str().unwrap().starts_with("v1:"));
}

#[test]
fn sequence_rises_exactly_when_time_place_or_attendees_change_and_cancel_keeps_the_uid() {
    let r = seeded();
    let (first, _) = send(&r, "invite", "1.ics");
    assert_eq!(sequence(&first), 0);
    // Again, unchanged: the same SEQUENCE.
    let (again, said) = send(&r, "invite", "2.ics");
    assert_eq!(sequence(&again), 0);
    assert!(said.contains("unchanged"), "{said}");
    // The title and the objective are not what calendars move on.
    set(&r, "title", json!("Workshop with trusted flaggers, renamed"));
    assert_eq!(sequence(&send(&r, "invite", "3.ics").0), 0);
    // Moved: +1, once.
    set(&r, "start", json!("2026-12-10T11:00"));
    let (moved, said) = send(&r, "invite", "4.ics");
    assert_eq!(sequence(&moved), 1);
    assert!(said.contains("raised"), "{said}");
    assert_eq!(sequence(&send(&r, "invite", "5.ics").0), 1);
    // Another place: +1.
    set(&r, "location", json!("Dublin"));
    assert_eq!(sequence(&send(&r, "invite", "6.ics").0), 2);
    // An attendee fewer: +1.
    let mut participants = meeting(&r)["participants"].clone();
    participants.as_array_mut().unwrap().retain(|p| p["person"] != "jan");
    set(&r, "participants", participants);
    let (fewer, _) = send(&r, "invite", "7.ics");
    assert_eq!(sequence(&fewer), 3);
    assert!(!fewer.contains("jan@example.pl"));

    // Cancelled: the same UID, SEQUENCE + 1, METHOD:CANCEL and STATUS:CANCELLED.
    let (cancel, _) = send(&r, "cancel", "cancel.ics");
    let l = lines(&cancel);
    assert_eq!(value(&l, "METHOD"), ["METHOD:CANCEL"]);
    assert_eq!(value(&l, "STATUS"), ["STATUS:CANCELLED"]);
    assert_eq!(value(&l, "UID"), [format!("UID:{KEY}@code-register.invalid").as_str()]);
    assert_eq!(sequence(&cancel), 4);
    assert!(value(&l, "ATTENDEE").iter().all(|a| !a.contains("RSVP")), "no answer is asked for");
    let m = meeting(&r);
    assert_eq!(m["status"], "cancelled");
    assert_eq!(m["invitation"]["sequence"], 4);
    // A cancelled meeting is not invited again until it is planned again.
    let refused = r.run(&["ics", "invite", KEY, "-o", &file(&r, "8.ics")]);
    assert_eq!(refused.status, 2);
    assert!(refused.stderr.contains("is cancelled"), "{}", refused.stderr);
    set(&r, "status", json!("planned"));
    assert_eq!(sequence(&send(&r, "invite", "9.ics").0), 5, "re-invited after a cancellation: +1");
}

#[test]
fn a_held_meeting_is_not_cancelled_until_it_is_set_cancelled() {
    let r = seeded();
    send(&r, "invite", "1.ics");
    set(&r, "status", json!("held"));
    let before = meeting(&r);
    let refused = r.run(&["ics", "cancel", KEY, "-o", &file(&r, "cancel.ics")]);
    assert_eq!(refused.status, 2, "{}", refused.stderr);
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
    assert!(refused.stderr.contains(&format!("meeting \"{KEY}\" was held")), "{}", refused.stderr);
    assert!(refused.stderr.contains("set its status to cancelled"), "{}", refused.stderr);
    assert!(!r.dir.path().join("cancel.ics").exists(), "no file written");
    assert_eq!(meeting(&r), before, "the meeting as it was");
    // Set cancelled on purpose (it did not take place): the cancellation goes out.
    set(&r, "status", json!("cancelled"));
    let (cancel, _) = send(&r, "cancel", "cancel.ics");
    assert_eq!(sequence(&cancel), 1);
    assert_eq!(meeting(&r)["invitation"]["sequence"], 1);
}

#[test]
fn reimporting_our_own_invitation_changes_nothing_and_a_reply_marks_the_attendee() {
    let r = seeded();
    set(&r, "start", json!("2026-12-10T09:30"));
    let (invite, _) = send(&r, "invite", "invite.ics");
    let before = r.export();
    let report = r.run(&["ics", "import", &file(&r, "invite.ics"), "--json"]).ok().json();
    assert_eq!(report["unchanged"].as_array().unwrap().len(), 1, "{report}");
    assert!(report["created"].as_array().unwrap().is_empty() && report["updated"].as_array().unwrap().is_empty());
    assert_eq!(r.export(), before, "the register is as it was");

    // Edits not sent yet stay when the invitation last sent is imported again.
    set_times(&r, "2026-12-10T14:00", "2026-12-10T15:00");
    let edited = r.export();
    r.run(&["ics", "import", &file(&r, "invite.ics")]).ok();
    assert_eq!(r.export(), edited);

    // Pat declines, from Outlook.
    let uid = format!("{KEY}@code-register.invalid");
    let reply = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REPLY\r\n\
BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:{}\r\nDTSTAMP:20261201T101500Z\r\n\
ATTENDEE;PARTSTAT=DECLINED;CN=\"O'Brien, Pat\":MAILTO:PAT.OBRIEN@example.org\r\n\
ORGANIZER;CN=Lucrezia Busa:mailto:lucrezia.busa@ec.example.eu\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        sequence(&invite)
    );
    std::fs::write(file(&r, "reply.ics"), reply).unwrap();
    let out = r.run(&["ics", "import", &file(&r, "reply.ics")]).ok();
    assert!(out.stdout.contains("1 updated"), "{}", out.stdout);
    let m = meeting(&r);
    let pat = m["participants"].as_array().unwrap().iter().find(|p| p["person"] == "pat").unwrap();
    assert_eq!(pat["response"], "declined");
    assert_eq!(m["start"], "2026-12-10T14:00", "a reply moves nothing");
    // The next invitation carries the answer.
    let (next, _) = send(&r, "invite", "next.ics");
    assert!(lines(&next).iter().any(|l| l.contains("PARTSTAT=DECLINED") && l.ends_with("pat.obrien@example.org")));
}

#[test]
fn a_backup_from_before_the_move_keeps_the_higher_sequence() {
    let r = seeded();
    send(&r, "invite", "1.ics");
    let backup = r.dir.path().join("backup.json");
    r.run(&["export-json", "-o", backup.to_str().unwrap()]).ok();
    set_times(&r, "2026-12-11T10:00", "2026-12-11T12:30");
    assert_eq!(sequence(&send(&r, "invite", "2.ics").0), 1);
    // The backup says SEQUENCE 0 and the old time.
    r.run(&["import-json", backup.to_str().unwrap()]).ok();
    let m = meeting(&r);
    assert_eq!(m["start"], "2026-12-10T10:00", "the backup's time is back");
    assert_eq!(m["invitation"]["sequence"], 1, "SEQUENCE never goes down");
    // The calendars hold the move (SEQUENCE 1); going back is a change again.
    assert_eq!(sequence(&send(&r, "invite", "3.ics").0), 2);
}

#[test]
fn an_invitation_needs_an_organiser_with_an_e_mail_address() {
    let r = seeded();
    set(&r, "organiser", json!("nomail"));
    let out = r.run(&["ics", "invite", KEY, "-o", &file(&r, "x.ics")]);
    assert_eq!(out.status, 2);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    assert!(lines[0].contains("its organiser, Ana Nomail, has no e-mail address"), "{}", out.stderr);
    assert!(!r.dir.path().join("x.ics").exists(), "no file written");
    let mut m = meeting(&r);
    m.as_object_mut().unwrap().remove("organiser");
    r.import(&json!({"format": "code-register/1", "meetings": [m]})).ok();
    let out = r.run(&["ics", "cancel", KEY]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("it has no organiser"), "{}", out.stderr);
    assert!(meeting(&r).get("invitation").is_none(), "nothing recorded");
    let unknown = r.run(&["ics", "invite", "no-such-meeting"]);
    assert_eq!(unknown.status, 2);
    assert!(unknown.stderr.contains("no meeting with key \"no-such-meeting\""), "{}", unknown.stderr);
}

#[test]
fn without_a_file_the_invitation_goes_to_standard_output() {
    let r = seeded();
    let out = r.run(&["ics", "invite", KEY]).ok();
    assert!(out.stdout.starts_with("BEGIN:VCALENDAR\r\n") && out.stdout.ends_with("END:VCALENDAR\r\n"));
    assert!(out.stderr.contains("Not invited: Ana Nomail"), "{}", out.stderr);
    // Never over the register.
    let over = r.run(&["ics", "invite", KEY, "-o", r.db.to_str().unwrap()]);
    assert_eq!(over.status, 2);
    assert!(over.stderr.contains("the register was left untouched"), "{}", over.stderr);
}
