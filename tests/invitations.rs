//! What calendars already hold is never taken back by a write: a meeting's invitation UID is
//! kept for good and belongs to it alone, SEQUENCE never goes down (an older backup, a stale
//! editor), and a document without an invitation leaves the stored one. Also the other fields
//! the calendar and flash work added to the format: all-day meetings and restricted points.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;
use serde_json::{json, Value};

fn meeting(key: &str, invitation: Option<Value>) -> Value {
    let mut m = json!({
        "key": key, "title": "Workshop with trusted flaggers", "kind": "workshop",
        "start": "2026-12-10T10:00", "end": "2026-12-10T12:00", "status": "planned"
    });
    if let Some(invitation) = invitation {
        m["invitation"] = invitation;
    }
    m
}

fn doc(meetings: Vec<Value>) -> Value {
    json!({"format": "code-register/1", "meetings": meetings})
}

fn stored_invitation(r: &Register, key: &str) -> Value {
    r.run(&["meeting", key, "--json"]).ok().json()["invitation"].clone()
}

#[test]
fn sequence_never_goes_down_and_a_missing_invitation_keeps_the_stored_one() {
    let r = Register::new();
    r.import(&doc(vec![meeting("w", Some(json!({"uid": "w@code-register", "sequence": 2, "sent": "f2"})))])).ok();
    // An older backup: SEQUENCE 1 and another fingerprint.
    r.import(&doc(vec![meeting("w", Some(json!({"uid": "w@code-register", "sequence": 1, "sent": "f1"})))])).ok();
    assert_eq!(stored_invitation(&r, "w"), json!({"uid": "w@code-register", "sequence": 2, "sent": "f2"}));
    // A stale editor that never saw the invitation.
    r.import(&doc(vec![meeting("w", None)])).ok();
    assert_eq!(stored_invitation(&r, "w"), json!({"uid": "w@code-register", "sequence": 2, "sent": "f2"}));
    // A newer one goes in whole.
    r.import(&doc(vec![meeting("w", Some(json!({"uid": "w@code-register", "sequence": 3, "sent": "f3"})))])).ok();
    assert_eq!(stored_invitation(&r, "w"), json!({"uid": "w@code-register", "sequence": 3, "sent": "f3"}));
    // The export carries it, and re-importing the export changes nothing.
    let export = r.export();
    r.import(&export).ok();
    assert_eq!(r.export(), export);
}

#[test]
fn a_uid_is_kept_once_set_and_belongs_to_one_meeting() {
    let r = Register::new();
    r.import(&doc(vec![meeting("w", Some(json!({"uid": "w@code-register", "sequence": 0})))])).ok();

    let changed = r.import(&doc(vec![meeting("w", Some(json!({"uid": "other@code-register", "sequence": 1})))]));
    assert_eq!(changed.status, 2);
    assert!(
        changed.stderr.contains("meetings[0].invitation.uid") && changed.stderr.contains("cannot change"),
        "{}",
        changed.stderr
    );

    let taken = r.import(&doc(vec![meeting("v", Some(json!({"uid": "w@code-register", "sequence": 0})))]));
    assert_eq!(taken.status, 2);
    assert!(taken.stderr.contains("belongs to meeting \"w\""), "{}", taken.stderr);

    let twice = r.import(&doc(vec![
        meeting("a", Some(json!({"uid": "same", "sequence": 0}))),
        meeting("b", Some(json!({"uid": "same", "sequence": 0}))),
    ]));
    assert_eq!(twice.status, 2);
    assert!(twice.stderr.contains("meetings[1].invitation.uid"), "{}", twice.stderr);
    assert_eq!(r.run(&["meetings", "--json"]).ok().json().as_array().unwrap().len(), 1, "nothing stored");
}

#[test]
fn an_all_day_meeting_starts_and_ends_at_midnight() {
    let r = Register::new();
    let mut m = meeting("d", None);
    m["allDay"] = json!(true);
    m["start"] = json!("2026-12-10T00:00");
    m["end"] = json!("2026-12-11T00:00");
    r.import(&doc(vec![m.clone()])).ok();
    assert_eq!(r.run(&["meeting", "d", "--json"]).ok().json()["allDay"], json!(true));

    m["end"] = json!("2026-12-10T17:00");
    let bad = r.import(&doc(vec![m]));
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("meetings[0].end: an all-day meeting starts and ends at 00:00"), "{}", bad.stderr);
    // A meeting that is not all-day does not say so in the export.
    r.import(&doc(vec![meeting("t", None)])).ok();
    assert!(r.run(&["meeting", "t", "--json"]).ok().json().get("allDay").is_none());
}

#[test]
fn restricted_points_round_trip_and_others_do_not_say_so() {
    let r = Register::new();
    let mut m = meeting("p", None);
    m["points"] = json!([
        {"text": "Open point"},
        {"text": "Sensitive figures", "restricted": true, "points": [{"text": "Reply"}]}
    ]);
    r.import(&doc(vec![m])).ok();
    let points = r.run(&["meeting", "p", "--json"]).ok().json()["points"].clone();
    assert_eq!(
        points,
        json!([
            {"text": "Open point", "points": []},
            {"text": "Sensitive figures", "restricted": true, "points": [{"text": "Reply", "points": []}]}
        ])
    );
}
