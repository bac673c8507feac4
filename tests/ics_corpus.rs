//! The real-world calendars of other projects in `$CODE_REGISTER_CORPUS/fixtures/ics/` (see its
//! SOURCES.md; they stay outside the repository): every file is read, or refused with a clear
//! one-line message; none panics or hangs (each runs on its own thread with a deadline); the
//! times of every event read are resolved and recurrences expanded, again without a panic or a
//! hang; and where python `icalendar` reads a file (refuses nothing and flags no component's
//! `.errors`), we read it too, with as many VEVENTs, but for the exceptions listed below with
//! their reason. (Where it flags errors, python `ical` refuses the file too; so may we.)
//!
//! Each file is also imported into a fresh register (`ics import`, occurrences 1990 to 2040): it
//! goes in whole (the register then holds exactly the meetings and people the report says were
//! created) or is refused with a clear one-line message and the register stays empty; never half.
//!
//! Ignored by a plain `cargo test`: `make test-interop` runs it (python as in `tests/ics_peers.rs`).

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use code_register::ics::import::{import_bytes, Options};
use code_register::ics::read::read;
use code_register::ics::recur::expand;
use code_register::ics::zones::Zones;
use serde_json::Value;

/// Longer than any file takes, short enough to call a loop a hang.
const DEADLINE: Duration = Duration::from_secs(60);

/// Files where our count of VEVENTs differs from python icalendar's, and why.
const COUNT_EXCEPTIONS: &[(&str, &str)] = &[];

fn corpus() -> PathBuf {
    let dir = std::env::var_os("CODE_REGISTER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let ics = dir.join("fixtures/ics");
    assert!(
        ics.is_dir(),
        "the interop corpus {} is missing: set CORPUS=DIR (make) or CODE_REGISTER_CORPUS",
        ics.display()
    );
    ics
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics")) {
            out.push(path);
        }
    }
}

/// What we made of a file: the VEVENTs read and the occurrences expanded, or why it was refused.
#[derive(Debug)]
enum Outcome {
    Read { events: usize, occurrences: usize, warnings: usize, problems: Vec<String>, imported: Imported },
    Refused(String),
}

/// What importing the file into a fresh register did.
#[derive(Debug)]
enum Imported {
    /// Meetings created, updated and skipped, and people created.
    Whole {
        created: usize,
        updated: usize,
        skipped: usize,
    },
    Refused(String),
    /// The register holds something else than the report says, or than nothing after a refusal.
    Half(String),
}

fn import_fresh(bytes: &[u8]) -> Imported {
    use code_register::store::{OpenMode, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
    let opts = Options {
        from: chrono::NaiveDate::from_ymd_opt(1990, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2040, 1, 1),
        ..Options::new(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
    };
    let result = import_bytes(&mut store, "corpus.ics", bytes, &opts);
    let counts = store.counts().unwrap();
    match result {
        Ok(report) => {
            if counts.meetings as usize != report.created.len() || counts.people as usize != report.people_created.len()
            {
                return Imported::Half(format!(
                    "the report says {} meetings and {} people created, the register holds {} and {}",
                    report.created.len(),
                    report.people_created.len(),
                    counts.meetings,
                    counts.people
                ));
            }
            Imported::Whole {
                created: report.created.len(),
                updated: report.updated.len(),
                skipped: report.skipped.len(),
            }
        }
        Err(e) if counts.meetings == 0 && counts.people == 0 => Imported::Refused(e.to_string()),
        Err(e) => Imported::Half(format!("refused ({e}) with {} meetings stored", counts.meetings)),
    }
}

fn ours(bytes: Vec<u8>) -> Outcome {
    let file = match read(&bytes) {
        Ok(file) => file,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let events = file.calendars.iter().map(|c| c.events.len()).sum();
    let (from, to) =
        (Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0).unwrap());
    let mut occurrences = 0;
    let mut problems = Vec::new();
    for calendar in &file.calendars {
        let zones = Zones::new(calendar, chrono_tz::Europe::Brussels);
        match expand(&calendar.events, &zones, from, to, 5000) {
            Ok(x) => occurrences += x.occurrences.len(),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let imported = import_fresh(&bytes);
    Outcome::Read { events, occurrences, warnings: file.warnings.len(), problems, imported }
}

/// `ours` on its own thread: a panic or a missed deadline is the answer then.
fn guarded(path: &Path) -> Result<Outcome, String> {
    let bytes = std::fs::read(path).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(ours(bytes));
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(outcome) => Ok(outcome),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("still running after {DEADLINE:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("panicked".to_string()),
    }
}

/// A message a person can read: one line per problem (at most 20 named, then a count), none
/// empty, none huge.
fn clear(message: &str) -> bool {
    let lines: Vec<&str> = message.split('\n').collect();
    lines.len() <= 21 && lines.iter().all(|l| !l.trim().is_empty() && !l.contains('\r') && l.chars().count() <= 300)
}

fn python_counts(paths: &[PathBuf]) -> Option<Value> {
    let py = std::env::var_os("CODE_REGISTER_PY")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
    let out = Command::new(&py)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ics/peers.py"))
        .args(paths)
        .output()
        .unwrap_or_else(|e| panic!("python at {} ({e}): run `make test`, or `python3 -m venv .venv && .venv/bin/pip install -r tests/ics/requirements.txt`", py.display()));
    assert!(out.status.success(), "tests/ics/peers.py failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).ok()
}

#[test]
#[ignore = "reads the corpus beside the repository: make test-interop"]
fn every_corpus_file_is_read_or_refused_clearly_and_counts_match_python_icalendar() {
    let mut paths = Vec::new();
    files(&corpus(), &mut paths);
    paths.sort();
    assert!(paths.len() >= 80, "only {} .ics files in the corpus", paths.len());
    let python = python_counts(&paths).expect("python's answer is JSON");

    let mut failures = Vec::new();
    let mut report = Vec::new();
    let (mut read_count, mut refused_count) = (0, 0);
    for path in &paths {
        let name = path.strip_prefix(corpus()).unwrap().display().to_string();
        let theirs = &python[path.to_str().unwrap()]["icalendar"];
        let their_events = theirs["events"].as_array().map(Vec::len);
        // python icalendar "reads" a file when it neither refuses it nor flags an error in it.
        let flagged = theirs["errors"].as_array().is_some_and(|e| !e.is_empty());
        let they_read = their_events.filter(|_| !flagged);
        let excused = COUNT_EXCEPTIONS.iter().any(|(file, _)| name.ends_with(file));
        match guarded(path) {
            Err(why) => failures.push(format!("{name}: {why}")),
            Ok(Outcome::Refused(message)) => {
                refused_count += 1;
                if !clear(&message) {
                    failures.push(format!("{name}: refused without a clear message: {message:?}"));
                }
                if they_read.is_some_and(|n| n > 0) && !excused {
                    failures.push(format!(
                        "{name}: python icalendar reads its {} VEVENTs, we refused it: {message}",
                        their_events.unwrap_or(0)
                    ));
                }
                report.push(format!(
                    "refused  {name}: {message} (python icalendar: {})",
                    match (their_events, flagged) {
                        (Some(n), false) => format!("{n} events"),
                        (Some(n), true) => format!("{n} events, with errors"),
                        (None, _) => format!(
                            "refused: {}",
                            theirs["error"].as_str().unwrap_or("?").chars().take(80).collect::<String>()
                        ),
                    }
                ));
            }
            Ok(Outcome::Read { events, occurrences, warnings, problems, imported }) => {
                read_count += 1;
                let imported = match imported {
                    Imported::Whole { created, updated, skipped } => {
                        format!("imported: {created} meetings created, {updated} updated, {skipped} skipped")
                    }
                    Imported::Refused(message) => {
                        if !clear(&message) {
                            failures.push(format!("{name}: import refused without a clear message: {message:?}"));
                        }
                        format!("import refused: {message}")
                    }
                    Imported::Half(why) => {
                        failures.push(format!("{name}: half imported: {why}"));
                        format!("HALF IMPORTED: {why}")
                    }
                };
                for p in &problems {
                    if !clear(p) {
                        failures.push(format!("{name}: an unclear message: {p:?}"));
                    }
                }
                report.push(format!(
                    "read     {name}: {events} events, {occurrences} occurrences 1990-2040, {warnings} warnings; {imported}{}{}",
                    if problems.is_empty() {
                        String::new()
                    } else {
                        format!(", not resolved: {}", problems.join("; "))
                    },
                    match (their_events, flagged) {
                        (Some(n), false) => format!(" (python icalendar: {n})"),
                        (Some(n), true) => format!(" (python icalendar: {n}, with errors)"),
                        (None, _) => " (python icalendar refused it)".to_string(),
                    }
                ));
                if let Some(theirs) = they_read {
                    if theirs != events && !excused {
                        failures.push(format!("{name}: we read {events} VEVENTs, python icalendar {theirs}"));
                    }
                }
            }
        }
    }
    println!("{}\n{read_count} read, {refused_count} refused", report.join("\n"));
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
