//! A document with one bad record anywhere changes nothing, exits 2 and names the record.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{seed, Register};
use serde_json::{json, Value};

/// Imports `doc` over the seed register and checks the refusal.
fn refused(doc: Value, expected: &str) {
    let r = Register::seeded();
    let before = r.export();
    let run = r.import(&doc);
    assert_eq!(run.status, 2, "exit status for {expected}: {}", run.stderr);
    let line = run.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "one line: {line}");
    assert!(line.contains(expected), "expected {expected:?} in {line:?}");
    assert_eq!(r.export(), before, "nothing changed");
}

/// The seed with every key renamed, so an import of it would add a whole register;
/// `edit` then breaks one thing in it.
fn fresh_document(edit: impl FnOnce(&mut Value)) -> Value {
    let text = serde_json::to_string(&seed()).unwrap().replace("\"2021-", "\"2031-");
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    for m in doc["meetings"].as_array_mut().unwrap() {
        let key = m["key"].as_str().unwrap().to_string();
        m["key"] = format!("copy-{key}").into();
        for a in m["actions"].as_array_mut().unwrap() {
            let key = a["key"].as_str().unwrap().to_string();
            a["key"] = format!("copy-{key}").into();
        }
        if let Some(f) = m.get("followUpOf").and_then(|v| v.as_str()).map(str::to_string) {
            m["followUpOf"] = format!("copy-{f}").into();
        }
    }
    // A meeting added at the end, so "the last record" is a new one.
    let mut last = doc["meetings"][1].clone();
    last["key"] = "copy-last".into();
    last["followUpOf"] = Value::Null;
    last.as_object_mut().unwrap().remove("followUpOf");
    doc["meetings"].as_array_mut().unwrap().push(last);
    edit(&mut doc);
    doc
}

#[test]
fn the_fresh_document_itself_is_accepted() {
    let r = Register::seeded();
    let run = r.import(&fresh_document(|_| {})).ok();
    assert!(run.stdout.contains("meetings 5 added"), "{}", run.stdout);
}

#[test]
fn unknown_reference() {
    refused(
        fresh_document(|d| d["meetings"][3]["participants"][1] = json!({"person": "x"})),
        "meetings[3].participants[1].person: no person with key \"x\"",
    );
}

#[test]
fn unknown_field() {
    refused(
        fresh_document(|d| d["meetings"][2]["points"][2]["points"][1]["speaker"] = "cnect".into()),
        "meetings[2].points[2].points[1].speaker: unknown field \"speaker\"",
    );
}

#[test]
fn end_before_start() {
    refused(
        fresh_document(|d| d["meetings"][0]["end"] = "2031-06-24T10:59".into()),
        "meetings[0].end: the meeting must end after it starts",
    );
}

#[test]
fn local_time_in_the_daylight_saving_gap() {
    refused(
        fresh_document(|d| {
            d["meetings"][1]["start"] = "2031-03-30T01:30".into();
            d["meetings"][1]["end"] = "2031-03-30T04:00".into();
            d["meetings"][1]["timezone"] = "Europe/Dublin".into();
        }),
        "meetings[1].start: 2031-03-30T01:30 does not exist in Europe/Dublin",
    );
}

#[test]
fn autumn_overlap_takes_the_earlier_instant() {
    let r = Register::seeded();
    let doc = fresh_document(|d| {
        d["meetings"][0]["start"] = "2031-10-26T02:30".into();
        d["meetings"][0]["end"] = "2031-10-26T04:00".into();
    });
    r.import(&doc).ok();
    // 02:30 CEST is 00:30 UTC.
    assert_eq!(
        r.sql("SELECT datetime(start_utc, 'unixepoch') FROM meetings WHERE key = 'copy-2031-06-24-it-companies'"),
        "2031-10-26 00:30:00"
    );
}

#[test]
fn malformed_transparency_register_number() {
    refused(
        fresh_document(|d| d["organisations"][5]["transparencyRegisterId"] = "12345-678".into()),
        "organisations[5].transparencyRegisterId: \"12345-678\" is not a Transparency Register number",
    );
}

#[test]
fn duplicate_key() {
    refused(
        fresh_document(|d| d["people"][7]["key"] = "busa".into()),
        "people[7].key: duplicate person key \"busa\" (first at people[0])",
    );
    refused(
        fresh_document(|d| d["meetings"][2]["actions"][1]["key"] = "copy-a-workshop-trusted-flaggers".into()),
        "meetings[2].actions[1].key: duplicate action key \"copy-a-workshop-trusted-flaggers\" (first at meetings[0].actions[0])",
    );
}

#[test]
fn unknown_format() {
    refused(fresh_document(|d| d["format"] = "code-register/2".into()), "format: unknown format \"code-register/2\"");
    refused(
        fresh_document(|d| {
            d.as_object_mut().unwrap().remove("format");
        }),
        "missing field \"format\"",
    );
}

#[test]
fn bad_enum_value_in_the_last_record() {
    refused(
        fresh_document(|d| d["meetings"][4]["status"] = "postponed".into()),
        "meetings[4].status: unknown variant \"postponed\", expected one of \"planned\", \"held\", \"cancelled\"",
    );
}

#[test]
fn a_key_that_breaks_the_key_rule() {
    refused(
        fresh_document(|d| d["codes"][1]["key"] = "Code Of Practice".into()),
        "codes[1].key: key \"Code Of Practice\" may hold only lower-case letters",
    );
}

#[test]
fn an_action_key_held_by_a_meeting_not_in_the_document() {
    refused(
        fresh_document(|d| d["meetings"][2]["actions"][0]["key"] = "a-cop-kpis".into()),
        "meetings[2].actions[0].key: action key \"a-cop-kpis\" is already used in meeting \"2021-07-07-cop-assembly\"",
    );
}

#[test]
fn an_owner_key_that_names_a_person_and_an_organisation() {
    refused(
        fresh_document(|d| {
            d["people"][0]["key"] = "youtube".into();
            d["people"][0].as_object_mut().unwrap().remove("organisation");
        }),
        "owners[0]: \"youtube\" names both a person and an organisation",
    );
}

#[test]
fn not_json_at_all() {
    let r = Register::seeded();
    let file = r.dir.path().join("broken.json");
    std::fs::write(&file, b"{\"format\": \"code-register/1\", \"codes\": [").unwrap();
    let before = r.export();
    let run = r.run(&["import-json", file.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("broken.json: not a valid JSON document"), "{}", run.stderr);
    assert_eq!(r.export(), before);
}

#[test]
fn a_missing_file_is_an_error_that_names_it() {
    let r = Register::seeded();
    let run = r.run(&["import-json", "/nonexistent/register.json"]);
    assert_eq!(run.status, 1, "an unreadable file is not bad input but a failure: {}", run.stderr);
    assert!(run.stderr.contains("/nonexistent/register.json"), "{}", run.stderr);
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let r = Register::seeded();
    for args in [
        &["meetings", "--from", "2021-13-01"][..],
        &["meetings", "--status", "postponed"],
        &["meetings", "--org", "nobody"],
        &["meeting", "no-such-meeting"],
        &["actions", "--owner", "nobody"],
    ] {
        let run = r.run(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.trim().is_empty());
    }
    let run = r.run(&["meeting", "no-such-meeting"]);
    assert_eq!(run.stderr.trim(), "code-register: no meeting with key \"no-such-meeting\"");
}
