//! Tests against data of other projects, kept beside the repository and never copied into it
//! (`make test-interop CORPUS=DIR`, which `.ci/run` runs after `make test`). They are ignored
//! by a plain `cargo test`, so a lone clone passes without that data.
//!
//! CORPUS (env `CODE_REGISTER_CORPUS`, by default `../shared`) holds:
//! - `fixtures/register/seed-meetings.json`: the project's shared seed register, from which the
//!   repository's own copy (`fixtures/seed-meetings.json`) was made;
//! - `fixtures/ics/`: real-world iCalendar files of other projects (see its SOURCES.md).

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::Register;

fn corpus() -> PathBuf {
    let dir = std::env::var_os("CODE_REGISTER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    assert!(
        dir.is_dir(),
        "the interop corpus {} is missing: set CORPUS=DIR (make) or CODE_REGISTER_CORPUS",
        dir.display()
    );
    dir
}

/// The shared seed is a document of the format this version reads: it imports whole, and its
/// export imports again to the same register.
#[test]
#[ignore = "reads the corpus beside the repository: make test-interop"]
fn the_shared_seed_register_imports_and_round_trips() {
    let shared = corpus().join("fixtures/register/seed-meetings.json");
    let r = Register::new();
    r.run(&["import-json", shared.to_str().unwrap()]).ok();
    let first = r.export();
    let meetings = first["meetings"].as_array().unwrap();
    assert!(meetings.iter().any(|m| m["key"] == "2021-06-24-it-companies"), "the seed flash's meeting is there");

    let again = Register::new();
    again.import(&first).ok();
    assert_eq!(again.export(), first, "the export of the shared seed imports to the same register");
}
