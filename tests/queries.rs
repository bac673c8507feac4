//! Search, filters and the action lists, on the seed register.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;
use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(|x| x["key"].as_str().expect("a key").to_string()).collect()
}

#[test]
fn search_finds_a_meeting_by_a_word_of_a_point_made_by_one_organisation() {
    let r = Register::seeded();
    // "Baltic" occurs only in TikTok's point of the 24 June meeting.
    let hits = r.run(&["search", "baltic", "--json"]).ok().json();
    assert_eq!(keys(&hits), ["2021-06-24-it-companies"]);
    assert_eq!(hits[0]["kind"], "meeting");
    let excerpt = hits[0]["excerpt"].as_str().unwrap();
    assert!(
        excerpt.starts_with("TikTok: ") && excerpt.contains("(Baltic)"),
        "the party and the words around: {excerpt}"
    );
    // Accents and case do not matter; the last word is a prefix.
    let hits = r.run(&["search", "LANGUAGE SKİLLS bal", "--json"]).ok().json();
    assert_eq!(keys(&hits), ["2021-06-24-it-companies"]);
    // FTS5 syntax in user text is taken as words.
    assert_eq!(r.run(&["search", "\"NEAR(\" OR *", "--json"]).ok().json(), Value::Array(vec![]));
}

#[test]
fn search_covers_actions_follow_ups_people_and_organisations() {
    let r = Register::seeded();
    let kinds = |q: &str| -> Vec<(String, String)> {
        r.run(&["search", q, "--json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["kind"].as_str().unwrap().to_string(), h["key"].as_str().unwrap().to_string()))
            .collect()
    };
    assert!(kinds("venue").contains(&("action".into(), "a-workshop-trusted-flaggers".into())), "follow-up notes");
    assert!(kinds("factsheet").contains(&("action".into(), "a-factsheet-divergences".into())), "action titles");
    assert_eq!(kinds("lucrezia"), [("person".to_string(), "busa".to_string())]);
    assert!(kinds("jeuxvideo").contains(&("organisation".into(), "jeuxvideo".into())));
    assert!(kinds("dublin").contains(&("meeting".into(), "2021-11-18-dublin-workshop".into())), "locations");
}

#[test]
fn meeting_filters_combine() {
    let r = Register::seeded();
    let list = |args: &[&str]| keys(&r.run(&[&["meetings", "--json"][..], args].concat()).ok().json());
    assert_eq!(
        list(&[]),
        [
            "2021-11-18-dublin-workshop",
            "2021-09-14-issue-group-ads",
            "2021-07-07-cop-assembly",
            "2021-06-24-it-companies"
        ]
    );
    assert_eq!(list(&["--asc", "--limit", "2"]), ["2021-06-24-it-companies", "2021-07-07-cop-assembly"]);
    assert_eq!(list(&["--offset", "3"]), ["2021-06-24-it-companies"]);
    assert_eq!(list(&["--code", "cop-disinformation"]), ["2021-09-14-issue-group-ads", "2021-07-07-cop-assembly"]);
    assert_eq!(list(&["--code", "cop-disinformation", "--status", "held"]), ["2021-07-07-cop-assembly"]);
    // An organisation takes part itself or through its people (tw-rep on 24 June).
    assert_eq!(
        list(&["--org", "twitter"]),
        ["2021-11-18-dublin-workshop", "2021-07-07-cop-assembly", "2021-06-24-it-companies"]
    );
    assert_eq!(
        list(&["--org", "twitter", "--code", "coc-hate-speech"]),
        ["2021-11-18-dublin-workshop", "2021-06-24-it-companies"]
    );
    assert_eq!(
        list(&["--org", "twitter", "--code", "coc-hate-speech", "--to", "2021-11-17"]),
        ["2021-06-24-it-companies"]
    );
    assert_eq!(list(&["--org", "iab", "--status", "planned"]), ["2021-09-14-issue-group-ads"]);
    assert_eq!(
        list(&["--from", "2021-07-07", "--to", "2021-09-14"]),
        ["2021-09-14-issue-group-ads", "2021-07-07-cop-assembly"]
    );
    assert_eq!(list(&["--kind", "workshop"]), ["2021-11-18-dublin-workshop"]);
    assert!(list(&["--org", "iab", "--code", "coc-hate-speech"]).is_empty());
}

#[test]
fn date_filters_use_the_meeting_local_date() {
    let r = Register::seeded();
    // 00:30 in Brussels on 1 March is still 28 February in UTC.
    let doc = serde_json::json!({"format": "code-register/1", "meetings": [{
        "key": "early", "title": "Early call", "kind": "call", "start": "2022-03-01T00:30", "end": "2022-03-01T01:00", "status": "held"
    }]});
    r.import(&doc).ok();
    let on = keys(&r.run(&["meetings", "--from", "2022-03-01", "--to", "2022-03-01", "--json"]).ok().json());
    assert_eq!(on, ["early"]);
    let before = keys(&r.run(&["meetings", "--to", "2022-02-28", "--from", "2022-02-28", "--json"]).ok().json());
    assert!(before.is_empty());
}

#[test]
fn overdue_actions_are_open_or_in_progress_and_past_due() {
    let r = Register::seeded();
    let overdue = |today: &str| keys(&r.run(&["actions", "--overdue", "--today", today, "--json"]).ok().json());
    assert!(overdue("2021-09-22").is_empty(), "due today is not overdue");
    assert_eq!(overdue("2021-09-23"), ["a-technical-meeting-dsa"]);
    assert_eq!(overdue("2021-10-16"), ["a-technical-meeting-dsa", "a-factsheet-divergences", "a-cop-kpis"]);
    // The done action (due 30 November) never shows; the in-progress one due 31 December does.
    assert_eq!(
        overdue("2022-06-01"),
        ["a-technical-meeting-dsa", "a-factsheet-divergences", "a-cop-kpis", "a-cop-draft"]
    );

    let rows = r.run(&["actions", "--overdue", "--today", "2022-06-01", "--json"]).ok().json();
    assert_eq!(rows[0]["overdue"], true);
    assert_eq!(rows[0]["meeting"], "2021-06-24-it-companies");
    assert_eq!(rows[0]["owners"][0]["key"], "just-c2");
}

#[test]
fn marking_an_action_done_takes_it_off_the_overdue_list() {
    let r = Register::seeded();
    let mut meeting = r.run(&["meeting", "2021-06-24-it-companies", "--json"]).ok().json();
    meeting["actions"][1]["status"] = "done".into();
    meeting["actions"][1]["followUps"] = serde_json::json!([{"date": "2021-10-01", "text": "Technical meeting held."}]);
    r.import(&serde_json::json!({"format": "code-register/1", "meetings": [meeting]})).ok();
    let overdue = keys(&r.run(&["actions", "--overdue", "--today", "2021-10-16", "--json"]).ok().json());
    assert_eq!(overdue, ["a-factsheet-divergences", "a-cop-kpis"]);
}

#[test]
fn action_filters_by_owner_and_code() {
    let r = Register::seeded();
    let list =
        |args: &[&str]| keys(&r.run(&[&["actions", "--json", "--today", "2021-08-01"][..], args].concat()).ok().json());
    // An organisation owes its own actions and its people's.
    assert_eq!(list(&["--owner", "just-c2"]), ["a-technical-meeting-dsa", "a-factsheet-divergences"]);
    assert_eq!(list(&["--owner", "just-officer"]), ["a-factsheet-divergences"]);
    assert_eq!(list(&["--owner", "youtube", "--open"]), ["a-cop-draft"]);
    assert_eq!(list(&["--owner", "youtube"]), ["a-workshop-trusted-flaggers", "a-cop-draft"]);
    assert_eq!(list(&["--code", "cop-disinformation", "--open"]), ["a-cop-kpis", "a-cop-draft"]);
    assert_eq!(list(&["--status", "done"]), ["a-workshop-trusted-flaggers"]);
    assert_eq!(list(&["--open", "--due-by", "2021-09-30"]), ["a-technical-meeting-dsa", "a-factsheet-divergences"]);
}

#[test]
fn plain_output_is_a_readable_table() {
    let r = Register::seeded();
    let out = r.run(&["meetings"]).ok().stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("DATE        TIME   STATUS"), "{}", lines[0]);
    assert_eq!(lines.len(), 5);
    let detail = r.run(&["meeting", "2021-06-24-it-companies"]).ok().stdout;
    assert!(detail.contains("Points discussed"));
    assert!(detail.contains("  - TikTok: Satisfied with its first exercise"));
    assert!(detail.contains("    - CAB Reynders: Hate speech flags must be treated the same way"));
    assert!(detail.contains("[in-progress] Report divergent assessments"));
}
