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
    assert_eq!(r.sql("PRAGMA page_size"), "16384", "a new register's pages");
    assert_eq!(r.sql("PRAGMA user_version"), code_register::store::migrations::latest().to_string());
    assert_eq!(r.sql("PRAGMA application_id"), 0x4352_4547.to_string());
    assert_eq!(r.sql("SELECT count(*) FROM sqlite_schema WHERE name = 'search' AND sql LIKE '%fts5%'"), "1");
}

#[test]
fn init_reports_a_damaged_register_and_leaves_it_untouched() {
    let r = Register::new();
    r.run(&["demo", "--meetings", "500", "--seed", "5"]).ok();
    {
        let conn = rusqlite::Connection::open(&r.db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    // A page in the middle of the file overwritten: one of the search index, which `init`'s
    // counts do not read, so only a check of every page finds it.
    let page: usize = r.sql("PRAGMA page_size").parse().unwrap();
    let pages: usize = r.sql("PRAGMA page_count").parse().unwrap();
    let middle: usize = r
        .sql(&format!(
            "SELECT pageno FROM dbstat WHERE name = 'search_data' AND pagetype = 'leaf' ORDER BY abs(pageno - {}) LIMIT 1",
            pages / 2
        ))
        .parse()
        .unwrap();
    let mut bytes = std::fs::read(&r.db).unwrap();
    let start = (middle - 1) * page;
    bytes[start..start + page].iter_mut().enumerate().for_each(|(i, b)| *b = (i % 251) as u8 ^ 0xA5);
    std::fs::write(&r.db, &bytes).unwrap();
    {
        // The damage is real: SQLite's own check sees it (on a connection that cannot write).
        let conn = rusqlite::Connection::open_with_flags(&r.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let first: rusqlite::Result<String> = conn.query_row("PRAGMA quick_check", [], |row| row.get(0));
        assert!(!matches!(first.as_deref(), Ok("ok")), "{first:?}");
    }

    let run = r.run(&["init"]);
    assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("Register ready"), "{}", run.stdout);
    assert!(run.stderr.contains(&format!("{} is damaged (", r.db.display())), "{}", run.stderr);
    assert!(run.stderr.contains("it was left untouched: restore the register from a backup"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(std::fs::read(&r.db).unwrap(), bytes, "not a byte changed");

    // A sound register still opens with `init`.
    let sound = Register::seeded();
    assert!(sound.run(&["init"]).ok().stdout.starts_with("Register ready at"));
}

#[test]
fn a_register_that_needs_migrating_is_not_migrated_by_a_read() {
    let r = Register::seeded();
    {
        let conn = rusqlite::Connection::open(&r.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 1; PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let bytes = std::fs::read(&r.db).unwrap();
    for args in [&["meetings"][..], &["search", "bilateral"], &["export-json"]] {
        let run = r.run(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("was written by an older version of Code Register (schema 1"), "{}", run.stderr);
        assert!(run.stderr.contains("code-register init"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read(&r.db).unwrap(), bytes, "not a byte changed");
}

/// Runs the binary as an unprivileged user when the tests run as root (root reads and writes
/// whatever the permissions say), else as the current user. `None` when root has no way to
/// switch (neither `setpriv` nor `runuser`).
#[cfg(unix)]
fn unprivileged(binary: &std::path::Path) -> Option<std::process::Command> {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    if probe.as_file().metadata().unwrap().uid() != 0 {
        return Some(std::process::Command::new(binary));
    }
    let works = |program: &str, args: &[&str]| {
        std::process::Command::new(program).args(args).arg("true").output().is_ok_and(|o| o.status.success())
    };
    let setpriv = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    if works("setpriv", &setpriv) {
        let mut c = std::process::Command::new("setpriv");
        c.args(setpriv).arg(binary);
        return Some(c);
    }
    if works("runuser", &["-u", "nobody", "--"]) {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(binary);
        return Some(c);
    }
    None
}

#[cfg(unix)]
#[test]
fn a_register_in_a_read_only_directory_can_be_read_and_is_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let set_mode =
        |p: &std::path::Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();

    let source = Register::seeded();
    let top = tempfile::tempdir().unwrap();
    set_mode(top.path(), 0o755);
    // The binary beside it, where any user may run it whatever the checkout's permissions.
    let binary = top.path().join("code-register");
    std::fs::copy(env!("CARGO_BIN_EXE_code-register"), &binary).unwrap();
    set_mode(&binary, 0o755);
    // The register copied alone (a cleanly closed WAL register: no -wal, no -shm) into a
    // directory its reader cannot write to.
    let dir = top.path().join("shared");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("register.sqlite3");
    std::fs::copy(&source.db, &db).unwrap();
    set_mode(&db, 0o444);
    set_mode(&dir, 0o555);
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    };
    let before = (listing(), std::fs::read(&db).unwrap());

    let Some(_) = unprivileged(&binary) else {
        eprintln!("skipped: running as root without setpriv or runuser to drop privileges");
        return;
    };
    let run = |args: &[&str]| -> common::Run {
        unprivileged(&binary)
            .unwrap()
            .env_remove("CODE_REGISTER_DB")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
            .into()
    };
    let meetings = run(&["meetings", "--json"]).ok().json();
    assert_eq!(meetings.as_array().unwrap().len(), 4);
    let key = meetings[0]["key"].as_str().unwrap().to_string();
    run(&["meeting", &key]).ok();
    run(&["actions", "--json"]).ok();
    let title = meetings[0]["title"].as_str().unwrap();
    let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
    assert!(!run(&["search", word, "--json"]).ok().json().as_array().unwrap().is_empty(), "{word}");
    assert_eq!(run(&["export-json"]).ok().json()["meetings"].as_array().unwrap().len(), 4);
    // A write is refused by the system, and says so.
    let refused = run(&["import-json", common::seed_path().to_str().unwrap()]);
    assert_ne!(refused.status, 0);

    assert_eq!((listing(), std::fs::read(&db).unwrap()), before, "nothing written, not even a -wal or -shm");
    set_mode(&dir, 0o755);
}
