//! A document with one bad record anywhere changes nothing, exits 2 and names the record.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{seed, Register};
use serde_json::{json, Value};

/// Imports `doc` over the seed register and checks the refusal.
fn refused(doc: Value, expected: &str) {
    refused_with(doc, &[expected]);
}

/// Imports `doc` over the seed register and checks the refusal: exit status 2, one line on
/// standard error per expected problem, in that order, each containing its text, and nothing
/// stored.
fn refused_with(doc: Value, expected: &[&str]) {
    let r = Register::seeded();
    let before = r.export();
    let run = r.import(&doc);
    assert_stderr(&run, expected);
    assert_eq!(r.export(), before, "nothing changed");
}

fn assert_stderr(run: &common::Run, expected: &[&str]) {
    assert_eq!(run.status, 2, "exit status for {expected:?}: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), expected.len(), "one line per problem: {:#?}", lines);
    for (line, expected) in lines.iter().zip(expected) {
        assert!(line.starts_with("code-register: "), "{line:?}");
        assert!(line.contains(expected), "expected {expected:?} in {line:?}");
    }
    assert!(
        !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "no control character reaches the terminal: {:?}",
        run.stderr
    );
}

/// Imports the bytes of a document, as they are, over the seed register; checks the refusal
/// and that nothing changed.
fn refused_text(text: &str, expected: &[&str]) {
    let r = Register::seeded();
    let before = r.export();
    let file = r.dir.path().join("raw.json");
    std::fs::write(&file, text).unwrap();
    let run = r.run(&["import-json", file.to_str().unwrap()]);
    assert_stderr(&run, expected);
    assert_eq!(r.export(), before, "nothing changed");
}

/// The fresh document as compact JSON text, for edits serde_json's `Value` cannot hold.
fn fresh_text() -> String {
    serde_json::to_string(&fresh_document(|_| {})).unwrap()
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
        "meetings[1].start: 30 Mar 2031 01:30 does not exist in Europe/Dublin: the clocks go forward from 01:00 to 02:00",
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
fn a_scope_set_by_hand_without_its_reason() {
    refused(
        fresh_document(|d| d["meetings"][0]["transparency"] = json!({"scope": "exempt"})),
        "meetings[0].transparency.reason: a scope set by hand needs a reason: say why this meeting is exempt",
    );
    // With its reason, the same scope is taken.
    let r = Register::seeded();
    let doc = fresh_document(|d| {
        d["meetings"][0]["transparency"] = json!({"scope": "exempt", "reason": "A meeting of the Code's task force."})
    });
    r.import(&doc).ok();
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
fn every_record_that_breaks_the_format_is_named_at_once() {
    // Three records of three lists, each wrong in a way serde finds before validation runs.
    refused_with(
        fresh_document(|d| {
            d["codes"][0]["titel"] = "x".into();
            d["people"][2]["public"] = "yes".into();
            d["meetings"][1]["kind"] = "chat".into();
            d["meetings"][4]["status"] = "postponed".into();
        }),
        &[
            "codes[0].titel: unknown field \"titel\"",
            "people[2].public: invalid type: string \"yes\", expected a boolean",
            "meetings[1].kind: unknown variant \"chat\"",
            "meetings[4].status: unknown variant \"postponed\"",
        ],
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
    refused_with(
        fresh_document(|d| d["meetings"][2]["actions"][0]["key"] = "a-cop-kpis".into()),
        &[
            "meetings[2].actions[0].key: action key \"a-cop-kpis\" is already used in meeting \"2021-07-07-cop-assembly\"",
            // The meeting that followed up the action under its old key.
            "meetings[3].followUpOf: no action with key \"copy-a-cop-draft\"",
        ],
    );
}

#[test]
fn an_owner_key_that_names_a_person_and_an_organisation() {
    refused_with(
        fresh_document(|d| {
            d["people"][0]["key"] = "youtube".into();
            d["people"][0].as_object_mut().unwrap().remove("organisation");
        }),
        &[
            "meetings[0].actions[0].owners[0]: \"youtube\" names both a person and an organisation",
            "meetings[2].actions[0].owners[0]: \"youtube\" names both a person and an organisation",
        ],
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

#[test]
fn arguments_are_quoted_without_their_control_characters() {
    let r = Register::seeded();
    for args in [
        &["meeting", "x\u{1b}[2J\r"][..],
        &["meetings", "--status", "held\u{1b}[31m"],
        &["meetings", "--from", "2021-01-01\u{7}"],
        &["meetings", "--org", "\u{202e}youtube"],
    ] {
        let run = r.run(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.trim().is_empty(), "{args:?}");
        assert!(
            !run.stderr.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{args:?}: {:?}",
            run.stderr
        );
    }
    let run = r.run(&["meeting", "x\u{1b}[2J"]);
    assert_eq!(run.stderr.trim(), "code-register: no meeting with key \"x\\u{1b}[2J\"");
    assert_eq!(r.run(&["--help"]).ok().stdout.lines().next().map(|l| !l.is_empty()), Some(true));
}

#[test]
fn every_problem_of_a_document_is_reported_at_once() {
    refused_with(
        fresh_document(|d| {
            d["meetings"][0]["actions"][0]["title"] = "".into();
            d["meetings"][0]["actions"][0]["due"] = "2021-02-30".into();
        }),
        &[
            "code-register: meetings[0].actions[0].title: must not be empty",
            "code-register: meetings[0].actions[0].due: \"2021-02-30\" is not a date: February 2021 has 28 days",
        ],
    );
    // Across records, in document order, whatever the rule.
    refused_with(
        fresh_document(|d| {
            d["codes"][1]["adopted"] = "2021-13-01".into();
            d["people"][2]["email"] = "nobody".into();
            d["meetings"][1]["participants"][0] = json!({"person": "x"});
            d["meetings"][3]["end"] = "2031-04-31T10:00".into();
            d["meetings"][4]["timezone"] = "Brussels".into();
        }),
        &[
            "codes[1].adopted: \"2021-13-01\" is not a date: month 13 does not exist",
            "people[2].email: \"nobody\" is not an e-mail address",
            "meetings[1].participants[0].person: no person with key \"x\"",
            "meetings[3].end: 31 Apr 2031 10:00 is not a date: April 2031 has 30 days",
            "meetings[4].timezone: \"Brussels\" is not a time zone; did you mean Europe/Brussels?",
        ],
    );
}

#[test]
fn at_most_twenty_problems_are_printed_then_the_number_left() {
    let doc = fresh_document(|d| {
        for code in ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12"] {
            d["codes"].as_array_mut().unwrap().push(json!({"key": code, "title": "", "adopted": "2031-02-29"}));
        }
    });
    let mut expected: Vec<String> = Vec::new();
    for i in 2..12 {
        expected.push(format!("codes[{i}].title: must not be empty"));
        expected.push(format!("codes[{i}].adopted: \"2031-02-29\" is not a date: February 2031 has 28 days"));
    }
    expected.push("code-register: … and 4 more problems".into());
    refused_with(doc, &expected.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn impossible_dates_and_times_say_why_in_an_officers_words() {
    refused(
        fresh_document(|d| d["meetings"][2]["start"] = "2031-02-30T10:00".into()),
        "meetings[2].start: 30 Feb 2031 10:00 is not a date: February 2031 has 28 days",
    );
    refused(
        fresh_document(|d| d["meetings"][2]["actions"][1]["followUps"] = json!([{"date": "2031-06-00", "text": "x"}])),
        "meetings[2].actions[1].followUps[0].date: \"2031-06-00\" is not a date: there is no day 0",
    );
    refused(
        fresh_document(|d| d["meetings"][0]["end"] = "2031-06-24T24:00".into()),
        "meetings[0].end: 24 Jun 2031 24:00 is not a time of day: hour 24 does not exist",
    );
    refused(
        fresh_document(|d| d["meetings"][0]["end"] = "2031-06-24T10:59".into()),
        "meetings[0].end: the meeting must end after it starts (24 Jun 2031 10:59 is not after 24 Jun 2031 11:00)",
    );
}

#[test]
fn a_misspelt_time_zone_suggests_the_nearest() {
    refused(
        fresh_document(|d| d["meetings"][1]["timezone"] = "Europe/Brussel".into()),
        "meetings[1].timezone: \"Europe/Brussel\" is not a time zone; did you mean Europe/Brussels?",
    );
    refused(
        fresh_document(|d| d["meetings"][1]["timezone"] = "Brussels".into()),
        "meetings[1].timezone: \"Brussels\" is not a time zone; did you mean Europe/Brussels?",
    );
}

#[test]
fn text_longer_than_the_format_allows() {
    refused_with(
        fresh_document(|d| {
            d["codes"][0]["title"] = "x".repeat(312).into();
            d["codes"][0]["shortTitle"] = "é".repeat(101).into();
            d["organisations"][3]["acronym"] = "A".repeat(41).into();
            d["meetings"][0]["points"][0]["text"] = "p".repeat(20_001).into();
            d["meetings"][0]["transparency"] = json!({"reason": "r".repeat(2_001)});
        }),
        &[
            "codes[0].title: is 312 characters long; a title may have at most 300",
            "codes[0].shortTitle: is 101 characters long; a short title may have at most 100",
            "organisations[3].acronym: is 41 characters long; an acronym may have at most 40",
            "meetings[0].points[0].text: is 20,001 characters long; a point may have at most 20,000",
            "meetings[0].transparency.reason: is 2,001 characters long; a reason may have at most 2,000",
        ],
    );
}

#[test]
fn text_at_its_limits_is_accepted() {
    let r = Register::seeded();
    let doc = fresh_document(|d| {
        d["codes"][0]["title"] = "é".repeat(300).into();
        d["people"][0]["familyName"] = "ß".repeat(100).into();
        d["meetings"][0]["objective"] = "o\n\tp".repeat(5_000).into();
        d["meetings"][0]["actions"][0]["duePeriod"] = "d".repeat(100).into();
    });
    r.import(&doc).ok();
}

#[test]
fn control_characters_are_refused_and_shown_as_escapes() {
    refused_with(
        fresh_document(|d| {
            d["meetings"][0]["title"] = "Red\u{1b}[31m alert".into();
            d["meetings"][0]["location"] = "Brussels\nBerlaymont".into();
            d["meetings"][0]["points"][1]["text"] = "Windows line\r\nend".into();
            d["people"][1]["role"] = "Policy\u{0}Officer".into();
            d["meetings"][2]["actions"][0]["title"] = "C1 \u{9b}31m".into();
        }),
        &[
            "people[1].role: contains a control character (U+0000 NUL); only tab and, in long text, newline are allowed",
            "meetings[0].title: contains a control character (U+001B ESC); only tab and, in long text, newline are allowed",
            "meetings[0].location: contains a newline; a location is a single line",
            "meetings[0].points[1].text: contains a control character (U+000D CR)",
            "meetings[2].actions[0].title: contains a control character (U+009B CSI)",
        ],
    );
}

#[test]
fn tabs_newlines_in_long_text_and_anything_in_extra_are_kept() {
    let r = Register::seeded();
    let doc = fresh_document(|d| {
        d["meetings"][0]["title"] = "Title\twith a tab".into();
        d["meetings"][0]["objective"] = "First line\nsecond line".into();
        d["meetings"][0]["points"][0]["text"] = "Point\n\twith reply".into();
        d["meetings"][0]["actions"][0]["followUps"] = json!([{"date": "2031-07-01", "text": "one\ntwo"}]);
        d["meetings"][0]["transparency"] = json!({"reason": "because\nof this"});
        d["meetings"][0]["extra"] = json!({"raw": "\u{1b}[31m\r\n\u{0}"});
    });
    r.import(&doc).ok();
    let m = r.run(&["meeting", "copy-2031-06-24-it-companies", "--json"]).ok().json();
    assert_eq!(m["objective"], "First line\nsecond line");
    assert_eq!(m["extra"]["raw"], "\u{1b}[31m\r\n\u{0}");
    let shown = r.run(&["meeting", "copy-2031-06-24-it-companies"]).ok().stdout;
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
}

#[test]
fn a_bad_key_is_quoted_without_its_control_characters() {
    refused(
        fresh_document(|d| d["codes"][1]["key"] = "a\u{1b}[31mb".into()),
        "codes[1].key: key \"a\\u{1b}[31mb\" may hold only lower-case letters, digits, '-', '.' and '_' (found U+001B ESC)",
    );
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    // A register written before these rules (or by another tool) may hold them.
    let r = Register::seeded();
    let conn = rusqlite::Connection::open(&r.db).unwrap();
    conn.execute(
        "UPDATE meetings SET title = 'Evil\u{1b}[2J\rtitle\u{202e}' WHERE key = '2021-06-24-it-companies'",
        [],
    )
    .unwrap();
    conn.execute("UPDATE organisations SET name = 'Bad\u{7}Org', acronym = NULL WHERE key = 'youtube'", []).unwrap();
    drop(conn);
    for args in [&["meetings"][..], &["meeting", "2021-06-24-it-companies"], &["search", "evil"]] {
        let out = r.run(args).ok().stdout;
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{args:?}: {out:?}");
        assert!(!out.contains('\u{202e}'), "{args:?}: {out:?}");
    }
    let out = r.run(&["meeting", "2021-06-24-it-companies"]).ok().stdout;
    assert!(out.contains("Evil\\u{1b}[2J"), "{out}");
    assert!(out.contains("Bad\\u{7}Org"), "{out}");
}

#[test]
fn an_array_in_place_of_the_document_or_of_a_record_is_refused() {
    refused(json!(["code-register/1", null, [], [], [], []]), "document: invalid type: sequence, expected an object");
    refused(
        fresh_document(|d| {
            d["meetings"][1] =
                json!(["copy-x", "Title", "meeting", [], "2031-01-01T10:00", "2031-01-01T11:00", "Europe/Brussels"])
        }),
        "meetings[1]: invalid type: sequence, expected an object",
    );
    refused(
        fresh_document(|d| d["meetings"][0]["participants"][0] = json!(["busa", null])),
        "meetings[0].participants[0]: invalid type: sequence, expected an object",
    );
    refused(
        fresh_document(|d| d["meetings"][0]["flash"] = json!(["busa", [], [], "Subject"])),
        "meetings[0].flash: invalid type: sequence, expected an object",
    );
}

#[test]
fn repeated_entries_are_refused() {
    refused_with(
        fresh_document(|d| {
            d["organisations"][3]["signatoryOf"] = json!(["coc-hate-speech", "cop-disinformation", "coc-hate-speech"]);
            d["meetings"][0]["codes"] = json!(["coc-hate-speech", "cop-disinformation", "coc-hate-speech"]);
            d["meetings"][0]["flash"]["to"] = json!(["busa", "busa"]);
            d["meetings"][0]["flash"]["cc"] = json!(["just-hou", "busa", "just-hou"]);
        }),
        &[
            "organisations[3].signatoryOf[2]: \"coc-hate-speech\" is listed twice",
            "meetings[0].codes[2]: \"coc-hate-speech\" is listed twice",
            "meetings[0].flash.to[1]: \"busa\" is listed twice",
            "meetings[0].flash.cc[2]: \"just-hou\" is listed twice",
        ],
    );
}

#[test]
fn a_repeated_key_inside_extra_is_refused() {
    let meeting = r#""key":"copy-2031-06-24-it-companies""#;
    let text = fresh_text().replacen(meeting, &format!(r#"{meeting},"extra":{{"a":1,"a":2}}"#), 1);
    assert_ne!(text, fresh_text());
    refused_text(&text, &["meetings[0].extra.a: the key \"a\" appears twice"]);
    let text =
        fresh_text().replacen(r#""key":"busa""#, r#""key":"busa","extra":{"a":{"list":[{"b":1,"c":{},"b":2}]}}"#, 1);
    refused_text(&text, &["people[0].extra.a.list[0].b: the key \"b\" appears twice"]);
}

/// Points nested `levels` deep: a point, its reply, the reply's reply…
fn nested_points(levels: usize) -> Value {
    let mut point = json!({"by": "youtube", "text": format!("level {levels}")});
    for level in (1..levels).rev() {
        point = json!({"text": format!("level {level}"), "points": [point]});
    }
    json!([point])
}

/// Values nested `levels` deep inside `extra` (which counts as the first).
fn nested_extra(levels: usize) -> Value {
    let mut value = json!("bottom");
    for level in (1..levels).rev() {
        value = if level % 2 == 0 { json!([value]) } else { json!({ "k": value }) };
    }
    json!({ "v": value })
}

#[test]
fn points_and_extra_at_their_nesting_limits_survive_a_round_trip() {
    let r = Register::seeded();
    r.import(&fresh_document(|d| {
        d["meetings"][0]["points"] = nested_points(10);
        d["meetings"][0]["points"][0]["extra"] = nested_extra(32);
        d["meetings"][1]["extra"] = nested_extra(32);
    }))
    .ok();
    let export = r.export();
    let again = Register::new();
    again.import(&export).ok();
    assert_eq!(again.export(), export, "the export of a register at the limits imports again");
}

#[test]
fn points_and_extra_nested_beyond_the_limits_are_refused() {
    refused_with(
        fresh_document(|d| {
            d["meetings"][0]["points"] = nested_points(11);
            d["meetings"][1]["extra"] = nested_extra(33);
        }),
        &[
            &format!(
                "meetings[0].points[0]{}: is nested 11 levels deep; points may nest at most 10 levels (a point and 9 levels of replies)",
                ".points[0]".repeat(10)
            ),
            "meetings[1].extra: is nested 33 levels deep; extra may nest at most 32 levels",
        ],
    );
    // Deep enough to parse, and to export as a document that would not parse again.
    refused(fresh_document(|d| d["meetings"][0]["points"] = nested_points(61)), "is nested 11 levels deep");
}

#[test]
fn nesting_deeper_than_the_parser_goes_is_named() {
    let points = serde_json::to_string(&nested_points(80)).unwrap();
    let text = fresh_text().replacen(r#""points":[]"#, &format!(r#""points":{points}"#), 1);
    assert_ne!(text, fresh_text(), "a meeting without points");
    let r = Register::seeded();
    let file = r.dir.path().join("deep.json");
    std::fs::write(&file, &text).unwrap();
    let run = r.run(&["import-json", file.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.starts_with("code-register: meetings["), "{}", run.stderr);
    assert!(
        run.stderr.contains(": points are nested too deeply (the format allows 10 levels) at line 1 column"),
        "{}",
        run.stderr
    );
    let extra = serde_json::to_string(&nested_extra(200)).unwrap();
    let text = fresh_text().replacen(r#""key":"busa""#, &format!(r#""key":"busa","extra":{extra}"#), 1);
    refused_text(
        &text,
        &["people[0].extra: extra is nested too deeply (the format allows 32 levels) at line 1 column"],
    );
}

#[test]
fn a_syntax_error_names_the_record_it_lies_in() {
    let text = serde_json::to_string_pretty(&fresh_document(|_| {})).unwrap();
    let title = "\"title\": \"Assembly of the signatories";
    let at = text.find(title).unwrap();
    // A missing comma after the title of the third meeting.
    let end = at + text[at..].find("\",").unwrap() + 1;
    let broken = format!("{}{}", &text[..end], &text[end + 1..]);
    let line = broken[..end].lines().count() + 1;
    let r = Register::seeded();
    let before = r.export();
    let file = r.dir.path().join("broken.json");
    std::fs::write(&file, broken).unwrap();
    let run = r.run(&["import-json", file.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("broken.json: not a valid JSON document: meetings[2]"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("at line {line} column")), "line {line}: {}", run.stderr);
    assert_eq!(r.export(), before);
}
