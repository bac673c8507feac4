//! The register file is never left broken or half-written.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{bin, Register};

#[test]
fn kill_9_during_a_large_import_leaves_the_register_whole() {
    // A large document: a demo register exported.
    let source = Register::new();
    source.run(&["demo", "--meetings", "6000", "--seed", "7"]).ok();
    let big = source.dir.path().join("big.json");
    source.run(&["export-json", "-o", big.to_str().unwrap()]).ok();

    // One import left to finish tells how long a whole one takes on this machine now,
    // so the kills below land inside it whatever the load.
    let whole = Register::seeded();
    let started = Instant::now();
    whole.run(&["import-json", big.to_str().unwrap()]).ok();
    let duration = started.elapsed();
    assert_eq!(whole.sql("SELECT count(*) FROM meetings"), (4 + 6000).to_string());

    let mut killed_mid_import = 0;
    for percent in [5u32, 20, 40, 60, 80, 95] {
        let delay = duration * percent / 100;
        let r = Register::seeded();
        let before = r.sql("SELECT count(*) FROM meetings");
        let mut child = bin()
            .arg("--db")
            .arg(&r.db)
            .args(["import-json", big.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let spawned = Instant::now();
        let mut finished = false;
        while spawned.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if !finished && child.try_wait().unwrap().is_none() {
            killed_mid_import += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();

        assert_eq!(r.sql("PRAGMA integrity_check"), "ok", "killed at {percent}%");
        assert_eq!(r.sql("SELECT count(*) FROM pragma_foreign_key_check"), "0");
        let after = r.sql("SELECT count(*) FROM meetings");
        if after == before {
            // Not a single record of the import is there.
            assert_eq!(r.sql("SELECT count(*) FROM organisations WHERE key LIKE 'fc-%'"), "0");
        } else {
            assert_eq!(after, (4 + 6000).to_string(), "killed at {percent}%: all or nothing");
            let searched = r.run(&["search", "bilateral", "--limit", "1", "--json"]).ok().json();
            assert_eq!(searched.as_array().unwrap().len(), 1, "the index came with the import");
        }
        // And the register still works for the next writer.
        r.run(&["import-json", common::seed_path().to_str().unwrap()]).ok();
        assert_eq!(r.sql("PRAGMA integrity_check"), "ok");
    }
    assert!(killed_mid_import > 0, "some kill landed while the import ran");
}

#[test]
fn a_register_from_a_newer_version_is_refused_untouched() {
    let r = Register::seeded();
    {
        let conn = rusqlite::Connection::open(&r.db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;")
            .unwrap();
    }
    let bytes = std::fs::read(&r.db).unwrap();
    for args in [&["meetings"][..], &["import-json", common::seed_path().to_str().unwrap()], &["init"]] {
        let run = r.run(args);
        assert_eq!(run.status, 2, "{args:?}");
        assert!(run.stderr.contains("was written by a newer version of Code Register (schema 99"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read(&r.db).unwrap(), bytes, "not a byte changed");
    assert!(!r.db.with_extension("sqlite3-wal").exists(), "not even a WAL file");
}

#[test]
fn a_file_that_is_not_a_register_is_refused_untouched() {
    let r = Register::new();
    std::fs::write(&r.db, b"these are someone's notes, not a database\n".repeat(200)).unwrap();
    let run = r.run(&["init"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("is not a Code Register file"), "{}", run.stderr);

    let other = r.dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (t TEXT);").unwrap();
    let run = common::bin().arg("--db").arg(&other).arg("meetings").output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a Code Register file"));
}

#[test]
fn queries_on_a_missing_register_say_how_to_create_one() {
    let r = Register::new();
    let run = r.run(&["meetings"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("no register at") && run.stderr.contains("code-register init"), "{}", run.stderr);
    assert!(!r.db.exists(), "a query does not create the file");
}

#[test]
fn the_register_path_comes_from_the_flag_or_the_environment() {
    let r = Register::seeded();
    let via_env = bin().env("CODE_REGISTER_DB", &r.db).args(["meetings", "--json"]).output().unwrap();
    assert!(via_env.status.success());
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&via_env.stdout).unwrap().as_array().unwrap().len(), 4);
}

#[test]
fn the_file_is_wal_with_foreign_keys_and_fts5() {
    let r = Register::seeded();
    assert_eq!(r.sql("PRAGMA journal_mode"), "wal");
    assert_eq!(r.sql("PRAGMA user_version"), "2");
    assert_eq!(r.sql("PRAGMA application_id"), 0x4352_4547.to_string());
    assert_eq!(r.sql("SELECT count(*) FROM sqlite_schema WHERE name = 'search' AND sql LIKE '%fts5%'"), "1");
}
