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

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/monitoring/coc-hate-speech-results.csv");

/// The seed register with the repository's fixture imported.
fn monitored() -> Register {
    let r = Register::seeded();
    r.run(&["monitoring", "import", FIXTURE, "--create-organisations"]).ok();
    r
}

/// The value of `org` (None: the average) in the exercise `exercise` of the one indicator shown.
fn shown_value(table: &Value, org: Option<&str>, exercise: &str) -> Value {
    let column = table["exercises"].as_array().unwrap().iter().position(|e| e["key"] == exercise).unwrap();
    let rows = table["indicators"][0]["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["organisation"].as_str() == org).unwrap();
    row["cells"][column]["value"].clone()
}

#[test]
fn the_fixture_imports_and_shows_the_published_figures() {
    let r = monitored();
    let table = r
        .run(&["monitoring", "show", "--code", "coc-hate-speech", "--indicator", "removal-rate", "--json"])
        .ok()
        .json();
    assert_eq!(table["indicators"].as_array().unwrap().len(), 1);
    assert_eq!(table["exercises"].as_array().unwrap().len(), 7);
    assert_eq!(shown_value(&table, None, "6th-monitoring"), json!(62.5));
    assert_eq!(shown_value(&table, Some("tiktok"), "6th-monitoring"), json!(80.1));
    assert_eq!(shown_value(&table, Some("tiktok"), "7th-monitoring"), Value::Null, "a missing value stays missing");
    // The average fell from 71 to 62.5: 8.5 points worse, removal being better higher.
    let rows = table["indicators"][0]["rows"].as_array().unwrap();
    let average = &rows[0];
    assert_eq!(average["organisation"], Value::Null, "the average comes first");
    assert_eq!(average["cells"][5]["change"], json!(-8.5));
    assert_eq!(average["cells"][5]["trend"], "worse");
    assert_eq!(average["cells"][6]["trend"], "better");
    // Instagram was created: a platform, signatory of the Code.
    let instagram = r.export()["organisations"].as_array().unwrap().iter().find(|o| o["key"] == "instagram").cloned();
    let instagram = instagram.expect("created");
    assert_eq!(instagram["kind"], "platform");
    assert_eq!(instagram["signatoryOf"], json!(["coc-hate-speech"]));
    // Units: the notifications are a count, the rest percentages.
    let indicators = r.export()["indicators"].clone();
    let unit = |key: &str| indicators.as_array().unwrap().iter().find(|i| i["key"] == key).unwrap()["unit"].clone();
    assert_eq!(unit("notifications"), "count");
    assert_eq!(unit("removal-rate"), "percent");

    let text = r
        .run(&["monitoring", "show", "--code", "coc-hate-speech", "--indicator", "removal-rate", "--org", "tiktok"])
        .ok();
    assert!(text.stdout.contains("62.5 % (-8.5 pp, worse)"), "{}", text.stdout);
    assert!(text.stdout.contains("TikTok"), "{}", text.stdout);
    assert!(!text.stdout.contains("Twitter"), "only the organisation asked: {}", text.stdout);
}

#[test]
fn re_importing_the_fixture_changes_nothing() {
    let r = monitored();
    let before = r.export();
    let again = r.run(&["monitoring", "import", FIXTURE, "--create-organisations"]).ok();
    assert!(again.stdout.contains("exercises 0 added, 0 replaced; indicators 0 added, 0 replaced; results 0 added, 0 changed; organisations 0 added"), "{}", again.stdout);
    assert_eq!(r.export(), before);
}

#[test]
fn a_file_of_figures_alone_keeps_the_dates_the_register_holds() {
    let r = monitored();
    let before = r.export();
    let file = r.dir.path().join("one.csv");
    std::fs::write(&file, "exercise,organisation,indicator,value\n7th-monitoring,all,removal-rate,63.6\n").unwrap();
    let run = r.run(&["monitoring", "import", file.to_str().unwrap(), "--code", "coc-hate-speech"]).ok();
    assert!(run.stdout.contains("exercises 0 added, 0 replaced"), "{}", run.stdout);
    assert_eq!(r.export()["exercises"], before["exercises"], "published and period dates kept");
}

#[test]
fn export_json_and_import_json_keep_every_figure() {
    let r = monitored();
    let exported = r.export();
    assert_eq!(exported["results"].as_array().unwrap().len(), 35);
    let fresh = Register::new();
    fresh.import(&exported).ok();
    assert_eq!(fresh.export(), exported);
    let csv = fresh.run(&["monitoring", "export", "--code", "coc-hate-speech"]).ok();
    assert_eq!(csv.stdout, std::fs::read_to_string(FIXTURE).unwrap());
}

#[test]
fn monitoring_export_gives_back_the_file() {
    let r = monitored();
    let out = r.dir.path().join("out.csv");
    r.run(&["monitoring", "export", "--code", "coc-hate-speech", "-o", out.to_str().unwrap()]).ok();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(FIXTURE).unwrap());
    // And the file written imports into another register as the same figures.
    let other = Register::seeded();
    other
        .run(&["monitoring", "import", out.to_str().unwrap(), "--code", "coc-hate-speech", "--create-organisations"])
        .ok();
    assert_eq!(other.export()["results"], r.export()["results"]);
    // The other Code has no figures: only the header.
    let none = r.run(&["monitoring", "export", "--code", "cop-disinformation"]).ok();
    assert_eq!(none.stdout, "exercise,published,period_from,period_to,organisation,indicator,value\n");
}

#[test]
fn bad_rows_are_refused_whole_with_their_line_numbers() {
    let r = Register::seeded();
    let mut text = std::fs::read_to_string(FIXTURE).unwrap();
    let fixture_lines = text.lines().count();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let bad = [
        "5th-monitoring,2020-06-22,,,youtube,removal-rate,140",
        "7th-monitoring,2022-11-24,,,facebook,notifications,-3",
        "7th-monitoring,2022-11-24,,,newco,removal-rate,12",
        "6th-monitoring,2021-10-07,2021-03-01,2021-04-14,tiktok,removal-rate,80.1",
        "7th-monitoring,2022-11-24,,,youtube,notifications,many",
    ];
    for row in bad {
        text.push_str(row);
        text.push('\n');
    }
    let file = r.dir.path().join("coc-hate-speech-bad.csv");
    std::fs::write(&file, &text).unwrap();
    let before = r.export();
    // Instagram is created on request; newco is not: this run does not create organisations.
    let run = r.run(&["monitoring", "import", file.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let first = fixture_lines + 1;
    for (line, expected) in [
        (first, "is not a percentage"),
        (first + 1, "-3 is not a count"),
        (first + 2, "no organisation with key \"newco\""),
        (first + 3, "repeats line 27"),
        (first + 4, "the value \"many\" is not a number"),
    ] {
        let wanted = format!("line {line}: ");
        assert!(
            run.stderr.lines().any(|l| l.contains(&wanted) && l.contains(expected)),
            "{wanted}{expected} in:\n{}",
            run.stderr
        );
    }
    // The fixture's Instagram rows are refused too, each on its own line, without the option.
    for line in [13, 22, 25] {
        assert!(run.stderr.contains(&format!("line {line}: no organisation with key \"instagram\"")), "{}", run.stderr);
    }
    assert_eq!(r.export(), before, "nothing stored");
    assert_eq!(r.sql("SELECT count(*) FROM results"), "0");

    // With --create-organisations only the bad rows remain, one line each; still nothing stored.
    let run = r.run(&["monitoring", "import", file.to_str().unwrap(), "--create-organisations"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let problems: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(problems.len(), 4, "newco is created now; four bad rows:\n{}", run.stderr);
    assert!(run.stderr.contains(&format!("line {first}: value: 140 is not a percentage")), "{}", run.stderr);
    assert_eq!(r.export(), before, "nothing stored");
}

#[test]
fn a_file_without_a_known_code_or_with_unknown_columns_is_refused() {
    let r = Register::seeded();
    let file = r.dir.path().join("figures.csv");
    std::fs::write(&file, "exercise,organisation,indicator,value,colour\nx,all,y,1,red\n").unwrap();
    let run = r.run(&["monitoring", "import", file.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("line 1: unknown column \"colour\""), "{}", run.stderr);
    assert!(run.stderr.contains("line 1: the file has no code column: name the Code with --code"), "{}", run.stderr);
    let run = r.run(&["monitoring", "show", "--code", "nothing"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
}

#[test]
fn an_indicator_of_its_own_kind_survives_export_and_import_into_another_register() {
    // `figures()` holds "removal" with the label "Removal rate" (not what its key gives) and a
    // figure broken down; here a third indicator improves downwards.
    let r = Register::seeded();
    let mut doc = figures();
    doc["indicators"].as_array_mut().unwrap().push(json!(
        {"key": "hours-to-removal", "code": "coc-hate-speech", "label": "Median hours to removal", "unit": "count", "better": "lower"}
    ));
    doc["results"]
        .as_array_mut()
        .unwrap()
        .push(json!({"exercise": "6th", "indicator": "hours-to-removal", "value": 30}));
    r.import(&doc).ok();
    let out = r.dir.path().join("figures.csv");
    r.run(&["monitoring", "export", "--code", "coc-hate-speech", "-o", out.to_str().unwrap()]).ok();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("exercise,published,period_from,period_to,organisation,indicator,value,breakdown,unit,better,label")
    );
    assert!(text.contains(",hours-to-removal,30,,count,lower,Median hours to removal\n"), "{text}");
    assert!(text.contains(",tiktok,removal,80.1,,percent,higher,Removal rate\n"), "every row says it: {text}");

    let other = Register::seeded();
    other
        .run(&["monitoring", "import", out.to_str().unwrap(), "--code", "coc-hate-speech", "--create-organisations"])
        .ok();
    assert_eq!(other.export()["results"], r.export()["results"]);
    let indicators = |reg: &Register| {
        let mut list: Vec<Value> = reg.export()["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| json!([i["key"], i["label"], i["unit"], i["better"]]))
            .collect();
        list.sort_by_key(|v| v[0].as_str().unwrap().to_string());
        list
    };
    assert_eq!(indicators(&other), indicators(&r), "label, unit and direction read back");
    // Read again into the register it came from, the file changes nothing.
    let again = r.run(&["monitoring", "import", out.to_str().unwrap(), "--code", "coc-hate-speech"]).ok();
    assert!(again.stdout.contains("indicators 0 added, 0 replaced"), "{}", again.stdout);
}

/// The fixture as Excel saves it in a French or German locale: `;` between fields, decimal
/// commas, day-first dates, Windows-1252 (an indicator label with an accent).
#[test]
fn a_file_saved_by_excel_in_a_european_locale_is_read_as_written() {
    let plain = std::fs::read_to_string(FIXTURE).unwrap();
    let mut text = String::new();
    for (i, line) in plain.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i == 0 {
            cells.push("label".into());
        } else {
            for date in &mut cells[1..4] {
                if let [y, m, d] = date.split('-').collect::<Vec<_>>()[..] {
                    *date = format!("{d}/{m}/{y}");
                }
            }
            cells[6] = cells[6].replace('.', ",");
            cells.push(if cells[5] == "removal-rate" { "Contenus supprimés (%)".into() } else { String::new() });
        }
        text.push_str(&cells.join(";"));
        text.push_str("\r\n");
    }
    assert!(text.contains(";62,5;") && text.contains("07/10/2021"), "{text}");
    let bytes: Vec<u8> = text.chars().map(|c| if c == 'é' { 0xE9 } else { c as u8 }).collect();
    assert!(std::str::from_utf8(&bytes).is_err(), "Windows-1252, not UTF-8");

    let r = Register::seeded();
    let file = r.dir.path().join("coc-hate-speech-excel.csv");
    std::fs::write(&file, &bytes).unwrap();
    r.run(&["monitoring", "import", file.to_str().unwrap(), "--create-organisations"]).ok();
    let theirs = monitored().export();
    let ours = r.export();
    assert_eq!(ours["results"], theirs["results"], "the same figures, 62,5 read as 62.5");
    assert_eq!(ours["exercises"], theirs["exercises"], "the same dates, day first");
    let exported = serde_json::to_string(&ours["indicators"]).unwrap();
    assert!(exported.contains("Contenus supprimés (%)"), "{exported}");
}
