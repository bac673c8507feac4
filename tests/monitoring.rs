//! Monitoring: exercises, indicators and results in the register document (validation, the
//! store, export-json/import-json), and the `monitoring` commands on the repository's copy of
//! the published results of the hate-speech Code, through the real binary on SQLite files.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;
use serde_json::{json, Value};

/// A document of two exercises, two indicators and figures, one of them broken down.
fn figures() -> Value {
    json!({
        "format": "code-register/1",
        "exercises": [
            {"key": "5th", "code": "coc-hate-speech", "title": "5th monitoring exercise", "published": "2020-06-22"},
            {"key": "6th", "code": "coc-hate-speech", "title": "6th monitoring exercise",
             "from": "2021-03-01", "to": "2021-04-14", "published": "2021-10-07", "notes": "35 organisations"}
        ],
        "indicators": [
            {"key": "removal", "code": "coc-hate-speech", "label": "Removal rate", "unit": "percent", "better": "higher"},
            {"key": "notices", "code": "coc-hate-speech", "label": "Notifications", "unit": "count", "better": "higher",
             "description": "Notifications sent to the company"}
        ],
        "results": [
            {"exercise": "6th", "indicator": "removal", "value": 62.5},
            {"exercise": "6th", "organisation": "tiktok", "indicator": "removal", "value": 80.1},
            {"exercise": "6th", "indicator": "notices", "value": 4543},
            {"exercise": "6th", "indicator": "removal", "breakdown": {"ground": "xenophobia"}, "value": 51}
        ],
        "meetings": []
    })
}

#[test]
fn figures_round_trip_through_export_json_and_import_json() {
    let r = Register::seeded();
    r.import(&figures()).ok();
    let mut doc = common::seed();
    doc["meetings"][0]["exercises"] = json!(["6th"]);
    r.import(&doc).ok();
    let exported = r.export();
    assert_eq!(exported["exercises"], figures()["exercises"]);
    assert_eq!(exported["indicators"], figures()["indicators"]);
    assert_eq!(exported["results"], figures()["results"]);
    assert_eq!(exported["meetings"][0]["exercises"], json!(["6th"]));

    let fresh = Register::new();
    fresh.import(&exported).ok();
    assert_eq!(fresh.export(), exported);
}

#[test]
fn a_register_without_monitoring_exports_as_before() {
    let r = Register::seeded();
    let exported = r.export();
    for list in ["exercises", "indicators", "results"] {
        assert!(exported.get(list).is_none(), "{list} left out");
    }
    assert!(exported["meetings"][0].get("exercises").is_none());
}

#[test]
fn bad_figures_are_all_named_at_once() {
    let r = Register::seeded();
    let mut doc = figures();
    doc["codes"] = json!([{"key": "other", "title": "Another Code"}]);
    doc["indicators"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "elsewhere", "code": "other", "label": "Elsewhere", "unit": "count", "better": "lower"}));
    doc["results"] = json!([
        {"exercise": "6th", "indicator": "removal", "value": 140},
        {"exercise": "6th", "indicator": "notices", "value": -3},
        {"exercise": "6th", "indicator": "notices", "organisation": "youtube", "value": 2.5},
        {"exercise": "6th", "indicator": "removal", "organisation": "inach", "value": 10},
        {"exercise": "6th", "indicator": "elsewhere", "value": 1},
        {"exercise": "7th", "indicator": "removal", "value": 1},
        {"exercise": "6th", "indicator": "nothing", "value": 1},
        {"exercise": "6th", "indicator": "removal", "organisation": "nobody", "value": 1},
        {"exercise": "5th", "indicator": "removal", "value": 1},
        {"exercise": "5th", "indicator": "removal", "value": 2}
    ]);
    doc["meetings"] = json!([]);
    let run = r.import(&doc);
    assert_eq!(run.status, 2, "{}", run.stderr);
    for expected in [
        "results[0].value: 140 is not a percentage",
        "results[1].value: -3 is not a count",
        "results[2].value: 2.5 is not a count",
        "results[3].organisation: \"inach\" is not a signatory of the Code \"coc-hate-speech\"",
        "results[4].indicator: the indicator \"elsewhere\" is of the Code \"other\"",
        "results[5].exercise: no exercise with key \"7th\"",
        "results[6].indicator: no indicator with key \"nothing\"",
        "results[7].organisation: no organisation with key \"nobody\"",
        "results[9]: repeats results[8]",
    ] {
        assert!(run.stderr.contains(expected), "{expected} in:\n{}", run.stderr);
    }
    assert_eq!(r.sql("SELECT count(*) FROM results"), "0");
    assert_eq!(r.sql("SELECT count(*) FROM exercises"), "0");
}
