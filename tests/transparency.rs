//! Transparency: the meetings waiting for publication, publication and scope set by hand, the
//! publication list (CSV), the home view's section and the reminder, on the seed register with
//! an internal meeting and a call with a platform that has no Transparency Register number.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use chrono::NaiveDate;
use common::Register;
use serde_json::{json, Value};

use code_register::store::{OpenMode, Store};
use code_register::text::fold;

const JUNE_24: &str = "2021-06-24-it-companies";
const CALL: &str = "2021-06-29-call-newco";
const INTERNAL: &str = "2021-06-28-internal";

/// The seed register, plus a platform without a register number whose representative (not
/// public) is named in the call's title and points, an internal meeting of the Commission only,
/// and a restricted point.
fn register() -> Register {
    let r = Register::seeded();
    let doc = json!({
        "format": "code-register/1",
        "organisations": [
            {"key": "newco", "name": "Newco Video", "kind": "platform", "signatoryOf": []}
        ],
        "people": [
            {"key": "newco-rep", "name": "Ottilie Quenneville", "familyName": "Quenneville",
             "organisation": "newco", "role": "Head of Policy", "email": "o.quenneville@newco.example.com"}
        ],
        "meetings": [
            {
                "key": INTERNAL, "title": "Internal preparation of the monitoring factsheet", "kind": "meeting",
                "start": "2021-06-28T09:00", "end": "2021-06-28T10:00", "location": "Brussels, LX46 02/010",
                "status": "held",
                "participants": [
                    {"person": "just-officer", "attendance": "attended"},
                    {"person": "just-hou", "attendance": "attended"},
                    {"person": "busa", "attendance": "attended"}
                ],
                "points": [{"text": "Figures checked line by line."}]
            },
            {
                "key": CALL, "title": "Call with Newco Video (Ottilie Quenneville) on appeals", "kind": "call",
                "start": "2021-06-29T15:00", "end": "2021-06-29T15:30", "location": "Videoconference",
                "status": "held",
                "participants": [
                    {"person": "just-officer", "attendance": "attended", "role": "chair"},
                    {"person": "newco-rep", "attendance": "attended"}
                ],
                "points": [
                    {"by": "newco", "text": "Ms Quenneville presented the appeals procedure; o.quenneville@newco.example.com takes questions.",
                     "points": [{"by": "just-c2", "text": "The JUST C2 desk officer will send written questions."}]},
                    {"by": "newco", "text": "Moderation staffing for Estonia: 3 people.", "restricted": true,
                     "points": [{"text": "A reply about the staffing."}]}
                ]
            }
        ]
    });
    r.import(&doc).ok();
    r
}

fn pending(r: &Register, today: &str) -> Vec<Value> {
    r.run(&["transparency", "pending", "--today", today, "--json"]).ok().json().as_array().unwrap().clone()
}

fn keys(list: &[Value]) -> Vec<&str> {
    list.iter().map(|p| p["key"].as_str().unwrap()).collect()
}

/// Register numbers by organisation key, as the register holds them.
fn register_ids(r: &Register) -> HashMap<String, String> {
    r.export()["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (o["key"].as_str().unwrap().to_string(), o["transparencyRegisterId"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn pending_lists_the_meeting_of_24_june_due_on_8_july_and_flags_unregistered_organisations() {
    let r = register();
    let list = pending(&r, "2021-06-30");
    assert_eq!(keys(&list), [JUNE_24, CALL], "the held meetings in scope, by due date; not the internal one");
    let june = &list[0];
    assert_eq!(june["due"], "2021-07-08");
    assert_eq!(june["daysLeft"], 8);
    assert_eq!(june["late"], false);
    assert_eq!(june["scope"]["scope"], "in-scope");
    assert_eq!(list[1]["due"], "2021-07-13");

    // Every interest representative without a number is flagged, and only those.
    let ids = register_ids(&r);
    let mut flagged = 0;
    for p in &list {
        let reps = p["representatives"].as_array().unwrap();
        assert!(!reps.is_empty());
        for rep in reps {
            let key = rep["key"].as_str().unwrap();
            let unregistered = ids[key].is_empty();
            assert_eq!(rep["unregistered"], unregistered, "{key}");
            let listed = p["unregistered"].as_array().unwrap().iter().any(|k| k == key);
            assert_eq!(listed, unregistered, "{key}");
            flagged += usize::from(unregistered);
        }
    }
    assert_eq!(flagged, 1, "Newco Video has no number");

    // Later, the workshop with the trusted flagger network (no number) is late and flagged.
    let list = pending(&r, "2021-12-20");
    let dublin = list.iter().find(|p| p["key"] == "2021-11-18-dublin-workshop").unwrap();
    assert_eq!(dublin["daysLeft"], -18);
    assert_eq!(dublin["late"], true);
    assert_eq!(dublin["unregistered"], json!(["inach"]));

    let table = r.run(&["transparency", "pending", "--today", "2021-06-30"]).ok().stdout;
    assert!(table.contains("2021-07-08") && table.contains(JUNE_24), "{table}");
    assert!(table.contains("Newco Video"), "the unregistered organisation is named: {table}");
}

#[test]
fn a_published_meeting_leaves_the_list_and_comes_back_on_undo() {
    let r = register();
    let before = r.export();
    let run = r.run(&["transparency", "publish", JUNE_24, "--on", "2021-07-01"]).ok();
    assert!(run.stdout.contains("published on 2021-07-01"), "{}", run.stdout);
    assert_eq!(keys(&pending(&r, "2021-06-30")), [CALL]);
    assert_eq!(keys(&pending(&r, "2021-07-20")), [CALL, "2021-07-07-cop-assembly"]);
    let meeting = r.run(&["meeting", JUNE_24, "--json"]).ok().json();
    assert_eq!(meeting["transparency"], json!({"published": "2021-07-01"}));

    r.run(&["transparency", "publish", JUNE_24, "--undo"]).ok();
    assert_eq!(keys(&pending(&r, "2021-06-30")), [JUNE_24, CALL]);
    let meeting = r.run(&["meeting", JUNE_24, "--json"]).ok().json();
    assert!(meeting.get("transparency").is_none(), "nothing left of the record: {meeting}");
    assert_eq!(r.export(), before, "the register as it was");

    // What cannot be published is refused, and says why.
    for (args, says) in [
        (vec!["2021-09-14-issue-group-ads", "--on", "2021-09-20"], "only a held meeting is published"),
        (vec![JUNE_24, "--on", "2021-06-20"], "before the meeting"),
        (vec![INTERNAL, "--on", "2021-07-01"], "exempt"),
        (vec![JUNE_24, "--undo"], "not marked published"),
        (vec!["no-such-meeting", "--on", "2021-07-01"], "no meeting with key"),
    ] {
        let mut all = vec!["transparency", "publish"];
        all.extend(args);
        let run = r.run(&all);
        assert_eq!(run.status, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{all:?}: {}", run.stderr);
    }
    let run = r.run(&["transparency", "publish", JUNE_24, "--on", "2999-01-01"]);
    assert!(run.stderr.contains("after today"), "{}", run.stderr);
}

#[test]
fn a_scope_set_by_hand_needs_a_reason_and_survives_export_and_import() {
    let r = register();
    let before = r.export();
    let run = r.run(&["transparency", "scope", JUNE_24, "exempt"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("needs a reason"), "{}", run.stderr);
    let run = r.run(&["transparency", "scope", JUNE_24, "exempt", "--reason", "   "]);
    assert_eq!(run.status, 2, "a blank reason is no reason");
    assert_eq!(r.export(), before, "nothing changed");

    let reason = "Exchange of the signatories' plenary,\npublished by the cabinet itself.";
    let run = r.run(&["transparency", "scope", JUNE_24, "exempt", "--reason", reason]).ok();
    assert!(run.stdout.contains("set by hand"), "{}", run.stdout);
    r.run(&["transparency", "scope", INTERNAL, "in-scope", "--reason", "Prepared with a platform's input."]).ok();
    assert_eq!(keys(&pending(&r, "2021-06-30")), [INTERNAL, CALL]);

    let status = r.run(&["transparency", "status", JUNE_24, "--json"]).ok().json();
    assert_eq!(status["scope"], json!({"scope": "exempt", "suggested": "in-scope", "byHand": true, "reason": reason}));
    assert_eq!(status["state"], "exempt");

    // Export, import into a new register, export again: the same records, scope and reason.
    let exported = r.export();
    let copy = Register::new();
    copy.import(&exported).ok();
    assert_eq!(copy.export(), exported);
    let june = exported["meetings"].as_array().unwrap().iter().find(|m| m["key"] == JUNE_24).unwrap();
    assert_eq!(june["transparency"], json!({"scope": "exempt", "reason": reason}));
    assert_eq!(copy.run(&["transparency", "status", JUNE_24, "--json"]).ok().json(), status);
    assert_eq!(keys(&pending(&copy, "2021-06-30")), [INTERNAL, CALL]);

    // `auto` gives the meeting back to the rules, and takes no reason.
    assert_eq!(r.run(&["transparency", "scope", JUNE_24, "auto", "--reason", "x"]).status, 2);
    r.run(&["transparency", "scope", JUNE_24, "auto"]).ok();
    r.run(&["transparency", "scope", INTERNAL, "auto"]).ok();
    assert_eq!(r.export(), before);
    // A scope the CLI cannot read is refused with the accepted values.
    let run = r.run(&["transparency", "scope", JUNE_24, "out-of-scope", "--reason", "x"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("in-scope, exempt or auto"), "{}", run.stderr);
}

/// The CSV's rows, after checking the byte-order mark.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a byte-order mark first");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn the_publication_list_has_the_columns_the_held_meetings_in_scope_and_no_name_of_anyone_not_public() {
    let r = register();
    let out = r.dir.path().join("list.csv");
    let run = r
        .run(&[
            "transparency",
            "export",
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
            "--dg",
            "DG JUST",
            "-o",
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(run.stdout.contains("4 meetings"), "{}", run.stdout);
    let bytes = std::fs::read(&out).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let rows = csv_rows(&bytes);
    assert_eq!(
        rows[0],
        [
            "Name of DG/Cabinet",
            "Name of EC representative",
            "Title of EC representative",
            "Date of meeting",
            "Location",
            "Name of interest representative",
            "Transparency register ID",
            "Subject of the meeting",
            "Minutes",
        ]
    );
    let rows = &rows[1..];
    let dates: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(
        dates,
        ["24/06/2021", "29/06/2021", "07/07/2021", "18/11/2021"],
        "held, in scope; not internal, not planned"
    );
    assert!(rows.iter().all(|r| r.len() == 9 && r[0] == "DG JUST"));

    // Names and numbers aligned, empty where there is none.
    let ids = register_ids(&r);
    let names: HashMap<String, String> = r.export()["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap().to_string(), o["key"].as_str().unwrap().to_string()))
        .collect();
    for row in rows {
        let reps: Vec<&str> = row[5].split("; ").collect();
        let numbers: Vec<&str> = row[6].split("; ").collect();
        assert_eq!(reps.len(), numbers.len(), "{row:?}");
        for (name, number) in reps.iter().zip(&numbers) {
            assert_eq!(ids[&names[*name]], *number, "{name}");
        }
    }
    assert_eq!(rows[1][5], "Newco Video");
    assert_eq!(rows[1][6], "");
    assert_eq!(rows[3][6], "; 000000000101-01; 000000000103-03; 000000000105-05", "the trusted flaggers have none");

    // The Commission: the public member of cabinet by name, the others by role only.
    assert_eq!(rows[0][1], "Lucrezia Busa");
    assert_eq!(rows[0][2], "Member of Cabinet; Policy Officer");
    assert_eq!(rows[1][1], "");
    assert_eq!(rows[1][2], "Policy Officer");

    // The minutes carry the points, restricted ones blanked.
    assert!(rows[0][8].contains("• TikTok: Satisfied with its first exercise"), "{}", rows[0][8]);
    assert!(rows[0][8].contains("language skills for some countries (Baltic)"));
    assert!(rows[0][8].contains("\n  • CAB Reynders: Hate speech flags"), "replies indented: {}", rows[0][8]);
    let call = &rows[1][8];
    assert!(call.contains("presented the appeals procedure"), "{call}");
    assert!(call.contains("• [REDACTED]"), "{call}");
    assert!(!call.contains("Estonia") && !call.contains("A reply about"), "restricted point withheld: {call}");
    assert!(rows[1][7].starts_with("Call with Newco Video ([REDACTED])"), "{}", rows[1][7]);

    // No name of anyone not public, anywhere in the file (compared folded).
    let folded = fold(text);
    let people = r.export()["people"].as_array().unwrap().clone();
    let mut withheld = 0;
    for person in people.iter().filter(|p| p["public"] != true) {
        for name in [&person["name"], &person["familyName"], &person["email"]].into_iter().filter_map(|v| v.as_str()) {
            assert!(!folded.contains(&fold(name)), "{name:?} appears in the publication list");
            withheld += 1;
        }
    }
    assert!(withheld >= 20, "every person not public was looked for ({withheld} names)");
    assert!(folded.contains("lucrezia busa"), "a public name is kept");

    // Standard output gives the same bytes; a period without meetings is the header alone.
    let stdout = common::bin()
        .args(["--db", r.db.to_str().unwrap(), "transparency", "export", "--from", "2021-01-01", "--to", "2021-12-31"])
        .args(["--dg", "DG JUST"])
        .output()
        .unwrap();
    assert_eq!(stdout.stdout, bytes);
    let empty = common::bin()
        .args(["--db", r.db.to_str().unwrap(), "transparency", "export", "--from", "2020-01-01", "--to", "2020-12-31"])
        .output()
        .unwrap();
    assert_eq!(csv_rows(&empty.stdout).len(), 1);
    let run = r.run(&["transparency", "export", "--from", "2021-12-31", "--to", "2021-01-01"]);
    assert_eq!(run.status, 2, "a period that ends before it starts");
}

/// What Excel would take for a formula (and show as `#NAME?`, or run).
fn formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n'])
}

#[test]
fn no_cell_of_the_publication_list_is_a_formula_to_excel() {
    let r = register();
    let list = |dg: &str| {
        let dg = format!("--dg={dg}");
        let run = r.run(&["transparency", "export", "--from", "2021-01-01", "--to", "2021-12-31", &dg]).ok();
        csv_rows(run.stdout.as_bytes())
    };
    // The minutes start every point with a bullet, not a hyphen.
    let rows = list("DG JUST");
    assert!(rows[1][8].starts_with("• "), "{}", rows[1][8]);
    for cell in rows.iter().flatten() {
        assert!(!formula_like(cell), "{cell:?}");
    }
    // Text typed by a user that starts like a formula is kept, marked as text.
    for dg in ["=HYPERLINK(\"http://example.org\",\"x\")", "+DG", "-DG", "@DG"] {
        let rows = list(dg);
        assert_eq!(rows[1][0], format!("'{dg}"));
        assert!(rows[1..].iter().flatten().all(|cell| !formula_like(cell)), "{dg}");
    }
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn the_home_view_and_the_reminder_say_what_is_late() {
    let r = register();
    let mut store = Store::open(&r.db, OpenMode::MustExist).unwrap();
    let home = store.home(date("2021-07-16")).unwrap();
    let section = &home.transparency;
    let late: Vec<&str> = section.late.iter().map(|p| p.key.as_str()).collect();
    let soon: Vec<&str> = section.due_soon.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(late, [JUNE_24, CALL]);
    assert_eq!((section.late_total, section.due_soon_total), (2, 1));
    assert_eq!(soon, ["2021-07-07-cop-assembly"], "due on 21 July, within the week");
    assert_eq!(section.late[0].days_left, -8);

    let today = date("2021-10-01");
    let reminder = store.reminder(today).unwrap().expect("something is late");
    assert_eq!(reminder.overdue_actions, 2);
    assert_eq!(reminder.late_publications, 3);
    assert_eq!(reminder.text, "2 overdue actions and 3 meetings late for publication");
    store.mark_reminder_shown(today).unwrap();
    assert_eq!(store.reminder(today).unwrap(), None, "at most once a day");
    assert!(store.reminder(date("2021-10-02")).unwrap().is_some(), "again the next day");
    // A register where nothing is late says nothing.
    let empty = Register::new();
    empty.run(&["init"]).ok();
    let empty = Store::open(&empty.db, OpenMode::MustExist).unwrap();
    assert_eq!(empty.reminder(today).unwrap(), None);
}

#[test]
fn the_dg_setting_fills_the_first_column() {
    let r = register();
    let mut store = Store::open(&r.db, OpenMode::MustExist).unwrap();
    assert_eq!(store.dg_cabinet().unwrap(), "", "nothing set, no organisation of mine");
    store.set_dg_cabinet("  DG Justice and Consumers ").unwrap();
    assert_eq!(store.dg_cabinet().unwrap(), "DG Justice and Consumers");
    assert!(store.set_dg_cabinet("two\nlines").is_err());
    // The settings the window saves whole leave it alone.
    let settings = store.settings().unwrap();
    store.save_settings(settings).unwrap();
    drop(store);
    let out = r.run(&["transparency", "export", "--from", "2021-06-24", "--to", "2021-06-24"]).ok();
    let rows = csv_rows(out.stdout.as_bytes());
    assert_eq!(rows[1][0], "DG Justice and Consumers");
}

#[test]
fn the_demo_register_publishes_like_an_officer() {
    let r = Register::new();
    r.run(&["demo", "--meetings", "3000", "--seed", "42"]).ok();
    let doc = r.export();
    let meetings = doc["meetings"].as_array().unwrap();
    let today = chrono::Local::now().date_naive();
    let published: Vec<(NaiveDate, NaiveDate)> = meetings
        .iter()
        .filter_map(|m| {
            let on = date(m["transparency"]["published"].as_str()?);
            Some((date(&m["start"].as_str().unwrap()[..10]), on))
        })
        .collect();
    let held_past =
        meetings.iter().filter(|m| m["status"] == "held" && date(&m["start"].as_str().unwrap()[..10]) < today);
    let held_past = held_past.count();
    assert!(
        published.len() * 100 > held_past * 80,
        "most past meetings are published ({} of {held_past})",
        published.len()
    );
    let lags: Vec<i64> = published.iter().map(|(day, on)| (*on - *day).num_days()).collect();
    assert!(lags.iter().all(|&d| d >= 3) && published.iter().all(|(_, on)| *on <= today));
    let on_time = lags.iter().filter(|&&d| d <= 14).count();
    assert!(on_time * 100 > lags.len() * 80, "mostly within two weeks");
    assert!(lags.iter().any(|&d| d > 14), "some late");
    assert!(
        meetings.iter().any(|m| m["transparency"]["scope"] == "exempt" && m["transparency"]["reason"].is_string()),
        "some never published, set exempt with a reason"
    );
    // The pending list is this month's work, not a decade of backlog.
    let list = r.run(&["transparency", "pending", "--json"]).ok().json();
    let list = list.as_array().unwrap();
    assert!(!list.is_empty() && list.len() < 60, "{} pending", list.len());
    assert!(list.iter().all(|p| p["daysLeft"].as_i64().unwrap() >= -60), "nothing older than two months waits");

    // The list of all those years (read on a thread of its own, written on this one): in date
    // order, every held meeting in scope once; a writer that fails stops it at once.
    let store = Store::open(&r.db, OpenMode::ReadOnly).unwrap();
    let (from, to) = (date("2000-01-01"), date("2100-12-31"));
    let rows = store.publication_rows(from, to, "DG CNECT").unwrap();
    assert!(rows.len() > 1000, "{} rows", rows.len());
    let mut keys: Vec<&str> = rows.iter().map(|row| row.meeting.as_str()).collect();
    let days: Vec<NaiveDate> =
        rows.iter().map(|row| NaiveDate::parse_from_str(&row.date, "%d/%m/%Y").unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "in date order");
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), rows.len(), "each meeting once");
    let mut written = 0;
    let err = store
        .each_publication_row(from, to, "DG CNECT", |_| {
            written += 1;
            if written == 5 {
                return Err(code_register::Error::io("publication list", std::io::Error::other("disk full")));
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(written, 5);
    assert!(err.to_string().contains("disk full"), "{err}");
}
