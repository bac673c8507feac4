//! An action agreed for a period (`autumn 2021`) keeps the text as written and is due by the
//! period's last day, a period without a year being the first to end on or after its meeting:
//! Overdue and "due within seven days" count it.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use code_register::model::parse_document;
use code_register::store::{migrations, ActionFilter, OpenMode, Store};
use serde_json::json;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn document() -> serde_json::Value {
    json!({
        "format": "code-register/1",
        "organisations": [{"key": "vs", "name": "VideoShare", "kind": "platform"}],
        "meetings": [{
            "key": "m", "title": "Bilateral with VideoShare", "kind": "meeting",
            "start": "2021-06-24T11:00", "end": "2021-06-24T12:00", "status": "held",
            "actions": [
                {"key": "a-period", "title": "Report on the pilot", "owners": ["vs"], "duePeriod": "autumn", "status": "open"},
                {"key": "a-dated", "title": "Send the figures", "owners": ["vs"], "due": "2021-07-15", "duePeriod": "mid-July", "status": "open"},
                {"key": "a-vague", "title": "Keep us posted", "owners": ["vs"], "duePeriod": "in the coming weeks", "status": "open"}
            ]
        }]
    })
}

fn store_with(doc: &serde_json::Value) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
    store.import(parse_document(&serde_json::to_vec(doc).unwrap()).unwrap()).unwrap();
    (dir, store)
}

fn overdue_on(store: &Store, today: NaiveDate) -> Vec<String> {
    let filter = ActionFilter { overdue: true, ..ActionFilter::default() };
    store.actions_page(&filter, today).unwrap().into_iter().map(|a| a.key).collect()
}

#[test]
fn a_period_without_a_year_is_due_at_its_end_in_the_meetings_year() {
    let (_dir, store) = store_with(&document());
    let rows = store.actions_page(&ActionFilter::default(), day(2021, 7, 1)).unwrap();
    let by = |key: &str| rows.iter().find(|a| a.key == key).unwrap().due_by.clone();
    assert_eq!(by("a-period").as_deref(), Some("2021-11-30"), "autumn ends on 30 November");
    assert_eq!(by("a-dated").as_deref(), Some("2021-07-15"), "a due date the officer set wins over the period");
    assert_eq!(by("a-vague"), None, "no date is guessed for a text that names no period");

    assert_eq!(overdue_on(&store, day(2021, 11, 30)), vec!["a-dated"]);
    assert_eq!(overdue_on(&store, day(2021, 12, 1)), vec!["a-dated", "a-period"]);

    let soon = ActionFilter {
        open: true,
        due_from: Some(day(2021, 11, 24)),
        due_by: Some(day(2021, 12, 1)),
        ..ActionFilter::default()
    };
    let keys: Vec<String> = store.actions_page(&soon, day(2021, 11, 24)).unwrap().into_iter().map(|a| a.key).collect();
    assert_eq!(keys, vec!["a-period"], "due within seven days counts the period's end");
}

#[test]
fn the_period_is_kept_as_written_and_the_date_is_not_exported() {
    let (_dir, store) = store_with(&document());
    let mut out = Vec::new();
    store.export("2026-12-03T00:00:00Z", &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\"duePeriod\": \"autumn\""), "{text}");
    assert!(!text.contains("dueBy") && !text.contains("due_by") && !text.contains("2021-11-30"));
}

#[test]
fn the_owners_list_of_open_actions_goes_by_the_period_too() {
    let (_dir, store) = store_with(&document());
    let filter = ActionFilter { owner: Some("vs".into()), open: true, ..ActionFilter::default() };
    let keys: Vec<String> = store.actions_page(&filter, day(2021, 7, 1)).unwrap().into_iter().map(|a| a.key).collect();
    assert_eq!(keys, vec!["a-dated", "a-period", "a-vague"], "by due date, undated last");
}

/// A register written before `due_by` existed gets it on opening: migration 3 derives it for
/// the actions agreed for a period.
#[test]
fn an_older_register_gains_the_due_by_dates_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        // Build a register of schema 2 by hand, as the previous version wrote it.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        for m in &migrations::MIGRATIONS[..2] {
            tx.execute_batch(m.sql).unwrap();
        }
        tx.execute_batch(&format!("PRAGMA user_version = 2; PRAGMA application_id = {};", migrations::APPLICATION_ID))
            .unwrap();
        tx.execute_batch(
            "INSERT INTO organisations (key, name, kind) VALUES ('vs', 'VideoShare', 'platform');
             INSERT INTO meetings (key, title, kind, start_local, end_local, timezone, start_utc, end_utc, status)
               VALUES ('m', 'Bilateral', 'meeting', '2021-06-24T11:00', '2021-06-24T12:00', 'Europe/Brussels', 1624525200, 1624528800, 'held');
             INSERT INTO actions (key, meeting_id, pos, title, due_period, status) VALUES ('a', 1, 0, 'Report', 'Q3', 'open');
             INSERT INTO action_owners (action_id, pos, organisation_id) VALUES (1, 0, 1);
             INSERT INTO action_parties (party, pending, due_key, action_id) VALUES (3, 1, '9999-12-31', 1);",
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(overdue_on(&store, day(2021, 10, 1)), vec!["a"], "Q3 ends on 30 September");
    let filter = ActionFilter { owner: Some("vs".into()), overdue: true, ..ActionFilter::default() };
    let keys: Vec<String> = store.actions_page(&filter, day(2021, 10, 1)).unwrap().into_iter().map(|a| a.key).collect();
    assert_eq!(keys, vec!["a"], "the owner's index carries the new date too");
}

fn december_meeting() -> serde_json::Value {
    let mut doc = document();
    doc["meetings"][0]["start"] = json!("2021-12-15T10:00");
    doc["meetings"][0]["end"] = json!("2021-12-15T11:00");
    doc["meetings"][0]["actions"] = json!([
        {"key": "a-q1", "title": "Report on the pilot", "owners": ["vs"], "duePeriod": "Q1", "status": "open"},
        {"key": "a-2021", "title": "Close the pilot", "owners": ["vs"], "duePeriod": "Q1 2021", "status": "open"}
    ]);
    doc
}

fn due_by_of(store: &Store) -> Vec<(String, Option<String>)> {
    let rows = store.actions_page(&ActionFilter::default(), day(2021, 12, 16)).unwrap();
    let mut rows: Vec<_> = rows.into_iter().map(|a| (a.key, a.due_by)).collect();
    rows.sort();
    rows
}

/// `Q1` agreed in December is the coming first quarter, not the one gone by: the action is
/// not overdue the day after its meeting. A period that names its year is read as written.
#[test]
fn a_period_without_a_year_is_the_first_to_end_after_its_meeting() {
    let (_dir, store) = store_with(&december_meeting());
    assert_eq!(
        due_by_of(&store),
        vec![("a-2021".into(), Some("2021-03-31".into())), ("a-q1".into(), Some("2022-03-31".into()))]
    );
    assert_eq!(overdue_on(&store, day(2021, 12, 16)), vec!["a-2021"]);
    assert_eq!(overdue_on(&store, day(2022, 4, 1)), vec!["a-2021", "a-q1"]);
}

/// A register that read `Q1` agreed in December in the meeting's year (schema 6) is read again
/// on opening: migration 7 moves the date to the coming quarter, owners' index included.
#[test]
fn a_register_of_schema_6_gets_its_periods_read_again() {
    let (dir, store) = store_with(&december_meeting());
    let path = dir.path().join("r.sqlite3");
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "UPDATE actions SET due_by = '2021-03-31' WHERE key = 'a-q1';
             UPDATE action_parties SET due_key = '2021-03-31' WHERE action_id = (SELECT id FROM actions WHERE key = 'a-q1');
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(due_by_of(&store)[1], ("a-q1".into(), Some("2022-03-31".into())));
    let filter = ActionFilter { owner: Some("vs".into()), overdue: true, ..ActionFilter::default() };
    let keys: Vec<String> =
        store.actions_page(&filter, day(2021, 12, 16)).unwrap().into_iter().map(|a| a.key).collect();
    assert_eq!(keys, vec!["a-2021"], "the owner's index carries the new date too");
    let version: i64 =
        rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, migrations::latest());
}
