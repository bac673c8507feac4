//! The interchange format round-trips through the register.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{seed, Register};
use serde_json::Value;

/// Values the format lets a document leave out, which the export writes explicitly.
fn is_default(key: &str, value: &Value) -> bool {
    matches!(
        (key, value),
        ("attendance", Value::String(s)) if s == "invited"
    ) || matches!(("response", value), ("response", Value::String(s)) if s == "needs-action")
        || matches!(("role", value), ("role", Value::String(s)) if s == "participant")
        || matches!(("timezone", value), ("timezone", Value::String(s)) if s == "Europe/Brussels")
        || matches!(("public", value), ("public", Value::Bool(false)))
        || matches!(value, Value::Array(a) if a.is_empty())
}

/// Every value of `expected` is in `actual` at the same path; `actual` adds only defaults.
fn assert_contains(path: &str, expected: &Value, actual: &Value) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let got = a.get(k).unwrap_or_else(|| panic!("{path}.{k} is missing from the export"));
                assert_contains(&format!("{path}.{k}"), v, got);
            }
            for (k, v) in a {
                if !e.contains_key(k) {
                    assert!(is_default(k, v), "{path}.{k} = {v} was added by the export");
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path} has {} items in the export, {} in the fixture", a.len(), e.len());
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                assert_contains(&format!("{path}[{i}]"), ev, av);
            }
        }
        _ => assert_eq!(expected, actual, "{path} differs"),
    }
}

#[test]
fn the_seed_register_comes_back_whole() {
    let r = Register::seeded();
    let fixture = seed();
    let exported = r.run(&["export-json"]).ok().json();
    assert!(exported["exported"].as_str().is_some_and(|s| s.ends_with('Z')), "the export is stamped in UTC");
    let mut without_stamp = exported.clone();
    without_stamp.as_object_mut().unwrap().remove("exported");
    assert_contains("", &fixture, &without_stamp);
}

#[test]
fn export_import_export_is_a_fixed_point() {
    let first = Register::seeded();
    let export = first.export();

    let second = Register::new();
    second.import(&export).ok();
    assert_eq!(second.export(), export, "re-importing an export gives the same document");

    // Importing the same document again over itself replaces every record with itself.
    let again = first.import(&export).ok();
    assert!(again.stdout.contains("meetings 0 added, 4 replaced"), "{}", again.stdout);
    assert_eq!(first.export(), export);
}

#[test]
fn export_to_a_file_is_the_same_document() {
    let r = Register::seeded();
    let out = r.dir.path().join("backup.json");
    r.run(&["export-json", "-o", out.to_str().unwrap()]).ok();
    let mut from_file: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    from_file.as_object_mut().unwrap().remove("exported");
    assert_eq!(from_file, r.export());
    let leftovers: Vec<_> = std::fs::read_dir(r.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn upsert_replaces_a_meeting_and_its_lists() {
    let r = Register::seeded();
    let mut doc = serde_json::json!({"format": "code-register/1", "meetings": [seed()["meetings"][0].clone()]});
    let meeting = &mut doc["meetings"][0];
    meeting["title"] = "Renamed".into();
    meeting["participants"] = serde_json::json!([{"person": "busa", "attendance": "attended", "role": "chair"}]);
    meeting["points"] = serde_json::json!([{"by": "youtube", "text": "Only point left", "points": []}]);
    // Keep the one action a later meeting follows up; drop the other two.
    let kept = meeting["actions"][0].clone();
    meeting["actions"] = serde_json::json!([kept]);
    r.import(&doc).ok();

    let m = r.run(&["meeting", "2021-06-24-it-companies", "--json"]).ok().json();
    assert_eq!(m["title"], "Renamed");
    assert_eq!(m["participants"].as_array().unwrap().len(), 1);
    assert_eq!(m["points"][0]["text"], "Only point left");
    assert_eq!(m["actions"].as_array().unwrap().len(), 1);
    assert_eq!(r.sql("SELECT count(*) FROM actions WHERE key = 'a-factsheet-divergences'"), "0");
    // The Dublin workshop still follows up the kept action.
    let w = r.run(&["meeting", "2021-11-18-dublin-workshop", "--json"]).ok().json();
    assert_eq!(w["followUpOf"], "a-workshop-trusted-flaggers");
    assert!(r.run(&["search", "Only point left", "--json"]).ok().json()[0]["key"] == "2021-06-24-it-companies");
    assert_eq!(
        r.run(&["search", "mismatches", "--json"]).ok().json().as_array().unwrap().len(),
        0,
        "the old points left the index"
    );
}

#[test]
fn an_action_followed_up_elsewhere_cannot_be_dropped() {
    let r = Register::seeded();
    let mut doc = serde_json::json!({"format": "code-register/1", "meetings": [seed()["meetings"][0].clone()]});
    doc["meetings"][0]["actions"] = serde_json::json!([]);
    let before = r.export();
    let run = r.import(&doc);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("meetings[0].actions: action \"a-workshop-trusted-flaggers\" is no longer listed, but meeting \"2021-11-18-dublin-workshop\" follows it up"),
        "{}",
        run.stderr
    );
    assert_eq!(r.export(), before);
}

#[test]
fn a_person_moving_organisation_moves_their_meetings() {
    let r = Register::seeded();
    let twitter = r.run(&["meetings", "--org", "twitter", "--json"]).ok().json();
    assert_eq!(twitter.as_array().unwrap().len(), 3);
    let mut person = seed()["people"][4].clone();
    assert_eq!(person["key"], "tw-rep");
    person["organisation"] = "tiktok".into();
    r.import(&serde_json::json!({"format": "code-register/1", "people": [person]})).ok();
    let twitter = r.run(&["meetings", "--org", "twitter", "--json"]).ok().json();
    let keys: Vec<&str> = twitter.as_array().unwrap().iter().map(|m| m["key"].as_str().unwrap()).collect();
    assert!(!keys.contains(&"2021-06-24-it-companies"), "{keys:?}");
}
