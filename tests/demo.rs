//! The demo register looks like the real one and is the same for the same seed.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::{seed, Register};
use serde_json::Value;

#[test]
fn demo_data_looks_like_the_seed_register() {
    let r = Register::new();
    let run = r.run(&["demo", "--meetings", "3000", "--seed", "42"]).ok();
    assert!(run.stdout.contains("3000 meetings"), "{}", run.stdout);
    let doc = r.export();

    let vocabulary = |list: &str, field: &str| -> HashSet<String> {
        doc[list].as_array().unwrap().iter().map(|x| x[field].as_str().unwrap_or_default().to_string()).collect()
    };
    let seed = seed();
    let seed_codes: HashSet<String> =
        seed["codes"].as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap().to_string()).collect();
    assert_eq!(vocabulary("codes", "key"), seed_codes, "the same Codes");
    let kinds = vocabulary("organisations", "kind");
    for k in [
        "commission",
        "platform",
        "civil-society",
        "trusted-flagger",
        "fact-checker",
        "advertising",
        "research",
        "public-authority",
    ] {
        assert!(kinds.contains(k), "organisations of kind {k}");
    }
    let meeting_kinds = vocabulary("meetings", "kind");
    for k in ["meeting", "workshop", "assembly", "technical", "roundtable", "annual", "call"] {
        assert!(meeting_kinds.contains(k), "meetings of kind {k}");
    }
    let meetings = doc["meetings"].as_array().unwrap();
    let years: HashSet<&str> = meetings.iter().map(|m| &m["start"].as_str().unwrap()[..4]).collect();
    assert!(years.len() >= 8, "spread over years: {years:?}");
    let statuses: HashSet<&str> = meetings.iter().map(|m| m["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.len(), 3, "planned, held and cancelled");
    // A few actions are overdue, none by more than a year: old ones were settled.
    let today = chrono::Utc::now().date_naive();
    let year_ago = (today - chrono::Days::new(366)).format("%Y-%m-%d").to_string();
    let today = today.format("%Y-%m-%d").to_string();
    let overdue: Vec<&str> = meetings
        .iter()
        .flat_map(|m| m["actions"].as_array().unwrap())
        .filter(|a| matches!(a["status"].as_str(), Some("open" | "in-progress")))
        .filter_map(|a| a["due"].as_str())
        .filter(|due| *due < today.as_str())
        .collect();
    assert!(!overdue.is_empty(), "some actions are overdue");
    assert!(overdue.iter().all(|due| *due >= year_ago.as_str()), "none by over a year: {overdue:?}");

    let per = |f: &dyn Fn(&Value) -> usize| meetings.iter().map(f).sum::<usize>() as f64 / meetings.len() as f64;
    fn count_points(points: &Value) -> usize {
        points.as_array().map(|a| a.iter().map(|p| 1 + count_points(&p["points"])).sum()).unwrap_or(0)
    }
    let participants = per(&|m| m["participants"].as_array().unwrap().len());
    let points = per(&|m| count_points(&m["points"]));
    let actions = per(&|m| m["actions"].as_array().unwrap().len());
    // The sizes: about 5 participants, 4 points and 2 actions per meeting.
    assert!((4.0..6.0).contains(&participants), "participants per meeting {participants}");
    assert!((3.0..5.5).contains(&points), "points per meeting {points}");
    assert!((1.5..2.5).contains(&actions), "actions per meeting {actions}");
    assert!(meetings.iter().any(|m| m.get("followUpOf").is_some()), "follow-up meetings");
    assert!(meetings.iter().any(|m| m.get("flash").is_some()), "flashes");
    assert!(
        meetings.iter().any(|m| m["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| !p["points"].as_array().unwrap().is_empty())),
        "nested points"
    );
}

#[test]
fn demo_is_deterministic_per_seed() {
    let a = Register::new();
    let b = Register::new();
    let c = Register::new();
    a.run(&["demo", "--meetings", "300", "--seed", "5"]).ok();
    b.run(&["demo", "--meetings", "300", "--seed", "5"]).ok();
    c.run(&["demo", "--meetings", "300", "--seed", "6"]).ok();
    assert_eq!(a.export(), b.export());
    assert_ne!(a.export(), c.export());
}

#[test]
fn demo_refuses_a_register_that_holds_meetings() {
    let r = Register::seeded();
    let run = r.run(&["demo", "--meetings", "10"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("already holds 4 meetings"), "{}", run.stderr);
}

#[test]
fn the_demo_register_has_monitoring_figures_that_chart() {
    let r = Register::new();
    r.run(&["demo", "--meetings", "200", "--seed", "7"]).ok();
    let table = r
        .run(&["monitoring", "show", "--code", "coc-hate-speech", "--indicator", "demo-removal-rate", "--json"])
        .ok()
        .json();
    let exercises = table["exercises"].as_array().unwrap();
    assert!(exercises.len() >= 7, "a yearly exercise since 2016: {}", exercises.len());
    assert_eq!(exercises[0]["title"], "1st monitoring");
    let rows = table["indicators"][0]["rows"].as_array().unwrap();
    assert_eq!(rows[0]["organisation"], Value::Null, "the average");
    assert!(rows.len() > 5, "the platforms signatory of the Code: {}", rows.len());
    // Some platform joined late or missed a round: a gap, not a zero.
    assert!(rows.iter().any(|r| r["cells"].as_array().unwrap().iter().any(|c| c["value"].is_null())));
    let svg = r.dir.path().join("demo.svg");
    r.run(&[
        "monitoring",
        "chart",
        "--code",
        "cop-disinformation",
        "--indicator",
        "demo-ads-rejected",
        "-o",
        svg.to_str().unwrap(),
    ])
    .ok();
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
}
