//! Property: every valid document survives the register. Generated documents (codes,
//! organisations, people, meetings with participants, nested points, actions with follow-ups,
//! flashes, transparency, `extra` of any JSON, non-ASCII text, tabs and newlines where the
//! format allows them, several zones) are imported into a fresh register and exported; the
//! export is imported into a second fresh register and exported again. The two exports are
//! byte-identical, and the first is the generated document in its canonical form (defaults
//! filled, local times in their canonical spelling).
//!
//! 48 cases: each creates two SQLite registers, so this keeps the test to a few seconds in a
//! debug build. `PROPTEST_CASES=1000` runs more.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Timelike};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;
use serde_json::{Map, Value};

use code_register::model::*;
use code_register::{OpenMode, Store};

const STAMP: &str = "2030-01-02T03:04:05Z";

/// Zones with and without daylight-saving time, one with a 30-minute shift. Local times
/// are generated between 08:00 and 23:59, clear of every zone's gap and overlap.
const ZONES: &[&str] =
    &["Europe/Brussels", "America/New_York", "Europe/Dublin", "Asia/Kolkata", "UTC", "Australia/Lord_Howe"];

/// A single line that is not blank: letters of any script, marks, punctuation, symbols
/// (emoji), spaces, tabs, and the invisible characters the format keeps (ZWJ, RLO).
fn line() -> impl Strategy<Value = String> {
    "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}\\p{P}\\p{S} \t\u{200d}\u{202e}]{0,30}"
}

/// Long text: as a line, with newlines too.
fn long_text() -> impl Strategy<Value = String> {
    "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}\\p{P}\\p{S} \t\n\u{200d}]{0,120}"
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2036, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn date_text() -> impl Strategy<Value = String> {
    date().prop_map(|d| d.format("%Y-%m-%d").to_string())
}

/// A local time and how it is spelled: without seconds, with `:00` (not canonical), or with
/// seconds.
fn local_time() -> impl Strategy<Value = (NaiveDateTime, u8)> {
    (date(), 8u32..=13, 0u32..60, 0u32..60, 0u8..3).prop_map(|(d, h, m, s, spelling)| {
        let s = if spelling == 2 { s.max(1) } else { 0 };
        (d.and_hms_opt(h, m, s).unwrap(), spelling)
    })
}

fn spell((local, spelling): (NaiveDateTime, u8)) -> String {
    match spelling {
        0 => local.format("%Y-%m-%dT%H:%M").to_string(),
        _ => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// Fractional numbers as people write them: up to 14 significant digits, below 10^14.
/// serde_json, as this workspace builds it (without its `float_roundtrip` feature), reads
/// exactly only numbers whose digits (with the `.0` it writes after whole floats) fit in
/// 2^53 and whose exponent is small; any other number in `extra` can change by one unit in
/// the last place on each import. `any_float_in_extra_survives` shows it.
fn decimal() -> impl Strategy<Value = f64> {
    // A decimal of at most 14 significant digits is the shortest spelling of its nearest
    // f64, so it is written back with the same digits.
    (-99_999_999_999_999i64..=99_999_999_999_999, -8i32..=0)
        .prop_map(|(m, e)| format!("{m}e{e}").parse::<f64>().unwrap())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        decimal().prop_map(Value::from),
        // Any text: `extra` is free JSON, control characters included.
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((any::<String>(), inner), 0..4).prop_map(|pairs| Value::Object(object(pairs))),
        ]
    })
}

/// An object of the pairs, each key once (the first wins), in the order given.
fn object(pairs: Vec<(String, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.entry(k).or_insert(v);
    }
    map
}

fn extra() -> impl Strategy<Value = Option<Extra>> {
    prop::option::weighted(0.3, vec(("[a-zA-Z_é]{1,8}", json_value()), 0..4).prop_map(object))
}

fn code(i: usize) -> impl Strategy<Value = Code> {
    (line(), prop::option::of(line()), prop::option::of(date_text()), extra()).prop_map(
        move |(title, short_title, adopted, extra)| Code { key: format!("c{i}"), title, short_title, adopted, extra },
    )
}

/// Indices `0..n`, some of them, each once, in any order.
fn some_of(n: usize) -> impl Strategy<Value = Vec<usize>> {
    subsequence((0..n).collect::<Vec<_>>(), 0..=n).prop_shuffle()
}

fn organisation(i: usize, codes: usize) -> impl Strategy<Value = Organisation> {
    (
        line(),
        prop::option::of("[A-Z][A-Za-z0-9 ]{0,10}"),
        prop::sample::select(OrgKind::ALL),
        prop::option::of("[0-9]{10,12}-[0-9]{1,2}"),
        some_of(codes),
        extra(),
    )
        .prop_map(move |(name, acronym, kind, transparency_register_id, signatory, extra)| Organisation {
            key: format!("o{i}"),
            name,
            acronym,
            kind,
            transparency_register_id,
            signatory_of: signatory.into_iter().map(|c| format!("c{c}")).collect(),
            extra,
        })
}

fn person(i: usize, organisations: usize) -> impl Strategy<Value = Person> {
    (
        line(),
        prop::option::of(line()),
        prop::option::of(0..organisations),
        // A role may be blank; the format only asks names to be given.
        prop::option::of(prop_oneof![line(), Just(String::new())]),
        prop::option::of("[a-z][a-z.]{0,8}@[a-z]{1,8}\\.eu"),
        any::<bool>(),
        extra(),
    )
        .prop_map(move |(name, family_name, organisation, role, email, public, extra)| Person {
            key: format!("p{i}"),
            name,
            family_name,
            organisation: organisation.map(|o| format!("o{o}")),
            role,
            email,
            public,
            extra,
        })
}

/// Points as a depth-first list of (level, by, text, extra), each level at most one deeper
/// than the one before; `deep` adds a chain ten levels deep, the most the format allows.
fn points(organisations: usize) -> impl Strategy<Value = Vec<Point>> {
    let point = (0usize..10, prop::option::of(0..organisations), long_text(), any::<bool>(), extra());
    (vec(point, 0..6), any::<bool>()).prop_map(|(flat, deep)| {
        let mut levelled: Vec<(usize, Point)> = Vec::new();
        let mut previous: Option<usize> = None;
        for (raw, by, text, restricted, extra) in flat {
            let level = previous.map_or(0, |p| raw.min(p + 1));
            previous = Some(level);
            levelled
                .push((level, Point { by: by.map(|o| format!("o{o}")), text, restricted, points: Vec::new(), extra }));
        }
        if deep {
            for level in 0..10 {
                levelled.push((
                    level,
                    Point {
                        by: None,
                        text: format!("level {}", level + 1),
                        restricted: false,
                        points: Vec::new(),
                        extra: None,
                    },
                ));
            }
        }
        outline(levelled)
    })
}

fn outline(flat: Vec<(usize, Point)>) -> Vec<Point> {
    let mut stack: Vec<Vec<Point>> = vec![Vec::new()];
    for (level, point) in flat {
        while stack.len() > level + 1 {
            let children = stack.pop().unwrap();
            stack.last_mut().unwrap().last_mut().unwrap().points = children;
        }
        while stack.len() < level + 1 {
            stack.push(Vec::new());
        }
        stack[level].push(point);
    }
    while stack.len() > 1 {
        let children = stack.pop().unwrap();
        stack.last_mut().unwrap().last_mut().unwrap().points = children;
    }
    stack.pop().unwrap()
}

fn action(key: String, people: usize, organisations: usize) -> impl Strategy<Value = Action> {
    (
        line(),
        some_of(people + organisations),
        prop::option::of(date_text()),
        prop::option::of(line()),
        prop::sample::select(ActionStatus::ALL),
        vec((date_text(), long_text(), extra()), 0..3),
        extra(),
    )
        .prop_map(move |(title, owners, due, due_period, status, mut notes, extra)| {
            // Oldest first; the same date may repeat.
            notes.sort_by(|a, b| a.0.cmp(&b.0));
            Action {
                key: key.clone(),
                title,
                owners: owners
                    .into_iter()
                    .map(|k| if k < people { format!("p{k}") } else { format!("o{}", k - people) })
                    .collect(),
                due,
                due_period,
                status,
                follow_ups: notes.into_iter().map(|(date, text, extra)| FollowUp { date, text, extra }).collect(),
                extra,
            }
        })
}

fn participants(people: usize, organisations: usize) -> impl Strategy<Value = Vec<Participant>> {
    let choice = (
        prop::sample::select(Attendance::ALL),
        prop::sample::select(Response::ALL),
        prop::sample::select(ParticipantRole::ALL),
        extra(),
    );
    (some_of(people + organisations), vec(choice, people + organisations)).prop_map(move |(who, choices)| {
        who.into_iter()
            .zip(choices)
            .map(|(k, (attendance, response, role, extra))| Participant {
                person: (k < people).then(|| format!("p{k}")),
                organisation: (k >= people).then(|| format!("o{}", k - people)),
                attendance,
                response,
                role,
                extra,
            })
            .collect()
    })
}

fn flash(people: usize) -> impl Strategy<Value = Option<Flash>> {
    if people == 0 {
        return Just(None).boxed();
    }
    prop::option::weighted(
        0.5,
        (0..people, some_of(people), some_of(people), line(), prop::option::of(local_time()), extra()).prop_map(
            |(from, to, cc, subject, sent, extra)| Flash {
                from: format!("p{from}"),
                to: to.into_iter().map(|p| format!("p{p}")).collect(),
                cc: cc.into_iter().map(|p| format!("p{p}")).collect(),
                subject,
                sent: sent.map(spell),
                extra,
            },
        ),
    )
    .boxed()
}

fn transparency() -> impl Strategy<Value = Option<Transparency>> {
    prop::option::weighted(
        0.4,
        (
            prop::option::of(prop::sample::select(TransparencyScope::ALL)),
            prop::option::of(long_text()),
            prop::option::of(date_text()),
            extra(),
        )
            .prop_map(|(scope, reason, published, extra)| {
                // A scope set by hand carries its reason (the format refuses it without).
                let reason = if scope.is_some() { reason.or_else(|| Some("Set by hand.".into())) } else { reason };
                Transparency { scope, reason, published, extra }
            }),
    )
}

/// Meeting `i` of `meetings`, whose actions are `a{i}-{j}`; it may follow up an action of
/// any other meeting, before or after it.
fn meeting(i: usize, actions: Vec<usize>, people: usize, organisations: usize) -> impl Strategy<Value = Meeting> {
    let others: Vec<String> = actions
        .iter()
        .enumerate()
        .filter(|&(m, _)| m != i)
        .flat_map(|(m, &n)| (0..n).map(move |j| format!("a{m}-{j}")))
        .collect();
    let follow_up =
        if others.is_empty() { Just(None).boxed() } else { prop::option::of(prop::sample::select(others)).boxed() };
    let own: Vec<_> = (0..actions[i]).map(|j| action(format!("a{i}-{j}"), people, organisations)).collect();
    (
        (line(), prop::sample::select(MeetingKind::ALL), prop::sample::select(MeetingStatus::ALL)),
        (local_time(), 1i64..=600, prop::sample::select(ZONES)),
        (prop::option::of(line()), prop::option::of(prop_oneof![long_text(), Just(String::new())])),
        prop::option::of(0..people.max(1)).prop_map(move |o| o.filter(|_| people > 0)),
        follow_up,
        participants(people, organisations),
        points(organisations),
        own,
        flash(people),
        (transparency(), prop::option::of((0u32..1000, prop::option::of("[0-9a-f]{16}")))),
        extra(),
    )
        .prop_map(
            move |(
                (title, kind, status),
                ((start, spelling), minutes, zone),
                (location, objective),
                organiser,
                follow_up_of,
                participants,
                points,
                actions,
                flash,
                (transparency, invitation),
                extra,
            )| {
                let end = start + TimeDelta::minutes(minutes);
                // Seconds spelled as the start's, so `:00` stays possible on both.
                let end_spelling = if end.second() == 0 && spelling == 2 { 1 } else { spelling };
                Meeting {
                    key: format!("m{i}"),
                    title,
                    kind,
                    codes: Vec::new(),
                    exercises: Vec::new(),
                    start: spell((start, spelling)),
                    end: spell((end, end_spelling)),
                    timezone: zone.to_string(),
                    // All-day meetings need midnight times, which the generated ones rarely are.
                    all_day: false,
                    location,
                    status,
                    objective,
                    organiser: organiser.map(|p| format!("p{p}")),
                    follow_up_of,
                    participants,
                    points,
                    actions,
                    flash,
                    // UIDs unique across the register, as the format requires.
                    invitation: invitation.map(|(sequence, sent)| Invitation {
                        uid: format!("m{i}@example.eu"),
                        sequence,
                        sent,
                        extra: None,
                    }),
                    transparency,
                    extra,
                }
            },
        )
}

fn document() -> impl Strategy<Value = Document> {
    (0usize..=3, 1usize..=4, 0usize..=4, vec(0usize..=3, 0..=4))
        .prop_flat_map(|(codes, organisations, people, actions)| {
            let meetings = actions.len();
            (
                (0..codes).map(code).collect::<Vec<_>>(),
                (0..organisations).map(|i| organisation(i, codes)).collect::<Vec<_>>(),
                (0..people).map(|i| person(i, organisations)).collect::<Vec<_>>(),
                (0..meetings).map(|i| meeting(i, actions.clone(), people, organisations)).collect::<Vec<_>>(),
                vec(some_of(codes), meetings),
            )
        })
        .prop_map(|(codes, organisations, people, mut meetings, meeting_codes)| {
            for (m, codes) in meetings.iter_mut().zip(meeting_codes) {
                m.codes = codes.into_iter().map(|c| format!("c{c}")).collect();
            }
            Document {
                format: FormatTag,
                exported: None,
                codes,
                organisations,
                people,
                meetings,
                ..Document::default()
            }
        })
}

/// The document as the register gives it back: local times in their canonical spelling.
fn canonical(mut doc: Document) -> Document {
    let spell = |text: &mut String| {
        if text.len() == 19 && text.ends_with(":00") {
            text.truncate(16);
        }
    };
    for m in &mut doc.meetings {
        spell(&mut m.start);
        spell(&mut m.end);
        if let Some(sent) = m.flash.as_mut().and_then(|f| f.sent.as_mut()) {
            spell(sent);
        }
    }
    doc.exported = Some(STAMP.to_string());
    doc
}

/// Leaves out, everywhere, the values the format fills in when they are missing.
fn without_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, v| {
                let default = matches!(
                    (k.as_str(), &*v),
                    ("attendance", Value::String(s)) if s == "invited"
                ) || matches!((k.as_str(), &*v), ("response", Value::String(s)) if s == "needs-action")
                    || matches!((k.as_str(), &*v), ("role", Value::String(s)) if s == "participant")
                    || matches!((k.as_str(), &*v), ("timezone", Value::String(s)) if s == "Europe/Brussels")
                    || matches!((k.as_str(), &*v), ("public", Value::Bool(false)))
                    || (k != "extra" && matches!(v, Value::Array(a) if a.is_empty()));
                !default
            });
            for (k, v) in map.iter_mut() {
                if k != "extra" {
                    without_defaults(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_defaults),
        _ => {}
    }
}

fn export(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store.export(STAMP, &mut out).unwrap();
    out
}

fn fresh_register(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name), OpenMode::Create).unwrap()
}

/// The first line where two exports differ, for a readable failure.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    match a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y) {
        Some((n, (x, y))) => format!("line {}: {x:?} became {y:?}", n + 1),
        None => format!("{} lines became {}", a.lines().count(), b.lines().count()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_document_survives_export_and_import(doc in document(), leave_out_defaults in any::<bool>()) {
        let mut json = serde_json::to_value(&doc).unwrap();
        if leave_out_defaults {
            without_defaults(&mut json);
        }
        let text = serde_json::to_vec_pretty(&json).unwrap();
        let parsed = parse_document(&text).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let mut first = fresh_register(&dir, "first.sqlite3");
        if let Err(err) = first.import(parsed) {
            panic!("a valid document is refused: {err}\n{}", String::from_utf8_lossy(&text));
        }
        let exported = export(&first);

        let mut second = fresh_register(&dir, "second.sqlite3");
        second.import(parse_document(&exported).unwrap()).unwrap();
        let again = export(&second);
        prop_assert!(exported == again, "export, import, export changed the document: {}", first_difference(&exported, &again));

        let mut expected = serde_json::to_vec_pretty(&canonical(doc)).unwrap();
        expected.push(b'\n');
        if exported != expected {
            let (have, want): (Value, Value) =
                (serde_json::from_slice(&exported).unwrap(), serde_json::from_slice(&expected).unwrap());
            prop_assert_eq!(have, want, "the export is the generated document, canonical");
            prop_assert!(false, "same values, different bytes: {}", first_difference(&exported, &expected));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any finite number in `extra` comes back as it went in (serde_json's `float_roundtrip`
    /// feature: without it, 17-digit numbers such as 995998.9167699432 come back one unit in
    /// the last place off).
    #[test]
    fn any_float_in_extra_survives(x in prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO) {
        let doc = serde_json::json!({"format": "code-register/1", "codes": [{"key": "c", "title": "t", "extra": {"x": x}}]});
        let dir = tempfile::tempdir().unwrap();
        let mut first = fresh_register(&dir, "first.sqlite3");
        first.import(parse_document(&serde_json::to_vec(&doc).unwrap()).unwrap()).unwrap();
        let exported = export(&first);
        let back: Value = serde_json::from_slice(&exported).unwrap();
        prop_assert_eq!(back["codes"][0]["extra"]["x"].as_f64(), Some(x));
    }
}
