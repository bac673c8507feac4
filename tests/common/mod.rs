//! Shared by the integration tests: a temporary register driven through the real binary.

#![allow(dead_code)]
// Test support: a failure here is a failed test, so panicking is the point.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// The repository's seed register (`fixtures/seed-meetings.json`).
pub fn seed_path() -> PathBuf {
    PathBuf::from(code_register::sample::SEED_PATH)
}

pub fn seed() -> Value {
    serde_json::from_slice(code_register::sample::SEED).expect("seed is JSON")
}

pub struct Register {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
    pub fn ok(self) -> Self {
        assert_eq!(self.status, 0, "command failed: {}", self.stderr);
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_code-register"));
    c.env_remove("CODE_REGISTER_DB");
    c
}

impl Register {
    pub fn new() -> Register {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("register.sqlite3");
        Register { dir, db }
    }

    pub fn seeded() -> Register {
        let r = Register::new();
        r.run(&["import-json", seed_path().to_str().expect("utf-8 path")]).ok();
        r
    }

    pub fn run(&self, args: &[&str]) -> Run {
        bin().arg("--db").arg(&self.db).args(args).output().expect("the binary runs").into()
    }

    /// Writes `doc` to a file in the register's directory and imports it.
    pub fn import(&self, doc: &Value) -> Run {
        let file = self.dir.path().join(format!("doc-{}.json", rand_suffix()));
        std::fs::write(&file, serde_json::to_vec_pretty(doc).expect("serialisable")).expect("written");
        self.run(&["import-json", file.to_str().expect("utf-8 path")])
    }

    /// The export with its `exported` stamp removed, for comparisons.
    pub fn export(&self) -> Value {
        let mut doc = self.run(&["export-json"]).ok().json();
        doc.as_object_mut().expect("an object").remove("exported");
        doc
    }

    pub fn sql(&self, query: &str) -> String {
        let conn = rusqlite::Connection::open(&self.db).expect("open");
        let v: rusqlite::types::Value = conn.query_row(query, [], |r| r.get(0)).expect("query");
        match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Null => "NULL".into(),
            other => format!("{other:?}"),
        }
    }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// Runs a tool nobody here wrote (poppler's `pdftotext`, `pdffonts`, qpdf...) and returns its
/// standard output; a tool that is missing fails the test with what installs it.
pub fn tool(tool: &str, args: &[&str]) -> String {
    let output = match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{tool} is not installed: `make test` installs it (apt-get install -y poppler-utils qpdf)")
        }
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
