//! The seed register (`fixtures/seed-meetings.json`), built into the library: the desktop
//! offers it on first launch and the tests import it. It is the repository's one copy.

/// The seed register, a `code-register/1` document.
pub const SEED: &[u8] = include_bytes!("../fixtures/seed-meetings.json");

/// The seed register's file, for tools that read it from disk (the CLI's tests, the Makefile).
pub const SEED_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed-meetings.json");
