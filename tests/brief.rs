//! The organisation brief: its meetings, the points it made and the actions it owes, in date
//! order, as data and as a PDF that poppler's `pdftotext` reads (`make test` installs it).

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;

/// The text of a PDF as `pdftotext` reads it, whitespace collapsed (lines break anywhere).
fn pdf_text(path: &std::path::Path) -> String {
    common::tool("pdftotext", &[path.to_str().unwrap(), "-"]).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_brief_of_tiktok_shows_its_point_on_language_skills_and_the_meeting_it_was_made_in() {
    let r = Register::seeded();
    let path = r.dir.path().join("tiktok.pdf");
    let run = r.run(&["brief", "tiktok", "-o", path.to_str().unwrap(), "--today", "2021-12-01"]).ok();
    assert!(run.stdout.contains("brief of TikTok (3 meetings"), "{}", run.stdout);
    let text = pdf_text(&path);
    assert!(text.contains("Brief: TikTok"), "{text}");
    assert!(text.contains("language skills for some countries (Baltic)"), "the point: {text}");
    assert!(
        text.contains(
            "24/06/2021: Exchange between CAB Reynders and IT Companies on the results of the 6th monitoring exercise"
        ),
        "the meeting it was made in: {text}"
    );
    // In date order, with the actions it owes.
    let june = text.find("24/06/2021").unwrap();
    let july = text.find("07/07/2021").unwrap();
    let november = text.find("18/11/2021").unwrap();
    assert!(june < july && july < november, "{text}");
    assert!(text.contains("Draft the strengthened Code in the Issue Groups"), "{text}");
    assert!(text.contains("000000000105-05"));

    let info = common::tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Title:") && info.contains("Brief: TikTok"), "{info}");
}

#[test]
fn the_brief_as_data_follows_the_date_and_flags_an_unregistered_organisation() {
    let r = Register::seeded();
    let brief = r.run(&["brief", "tiktok", "--json", "--from", "2021-07-01", "--today", "2021-12-01"]).ok().json();
    let meetings: Vec<&str> =
        brief["meetings"].as_array().unwrap().iter().map(|m| m["key"].as_str().unwrap()).collect();
    assert_eq!(meetings, ["2021-07-07-cop-assembly", "2021-11-18-dublin-workshop"], "since 1 July, oldest first");
    assert_eq!(brief["from"], "2021-07-01");
    assert_eq!(brief["openActions"], 1);
    assert_eq!(brief["overdueActions"], 0);
    assert_eq!(brief["meetings"][0]["actions"][0]["key"], "a-cop-draft");

    let whole = r.run(&["brief", "tiktok", "--json"]).ok().json();
    let first = &whole["meetings"][0];
    assert_eq!(first["key"], "2021-06-24-it-companies");
    assert_eq!(first["tookPart"], true);
    assert!(first["points"][0]["text"].as_str().unwrap().contains("(Baltic)"));

    // The trusted flagger network has no register number: flagged. Its point-less, action-less
    // history is its one workshop.
    let tfn = r.run(&["brief", "inach", "--json"]).ok().json();
    assert_eq!(tfn["unregistered"], true);
    assert_eq!(tfn["meetings"].as_array().unwrap().len(), 1);
    let path = r.dir.path().join("tfn.pdf");
    r.run(&["brief", "inach", "-o", path.to_str().unwrap()]).ok();
    assert!(pdf_text(&path).contains("not registered"));

    // The Commission's service owes an action from a meeting; it has its brief too.
    let cnect = r.run(&["brief", "cnect", "--json"]).ok().json();
    assert!(cnect["meetings"].as_array().unwrap().iter().any(|m| m["actions"][0]["key"] == "a-cop-kpis"));

    let run = r.run(&["brief", "no-such-org"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("no organisation with key"), "{}", run.stderr);
}
