//! Files are read and written safely: exports are atomic and never land on the register, and
//! reads take only ordinary files of a bounded size.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use code_register::files;
use code_register::store::{OpenMode, Settings, Store};
use code_register::Error;
use common::{bin, Register, Run};

/// The names in `dir` that are temporary files of a write.
fn partial_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial"))
        .collect()
}

/// Runs `command`, giving up (and failing) after `seconds`: a read that blocks must not hang
/// the test suite.
fn run_within(mut command: Command, seconds: u64, what: &str) -> Run {
    let mut child: Child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap().into()
}

// ---------------------------------------------------------------------------------------------
// Atomic writes

#[test]
fn kill_9_during_exports_leaves_no_partial_file_once_an_export_succeeds() {
    let r = Register::new();
    r.run(&["demo", "--meetings", "3000", "--seed", "3"]).ok();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.json");
    let export = || {
        let mut c = bin();
        c.arg("--db").arg(&r.db).args(["export-json", "-o"]).arg(&out).stdout(Stdio::null()).stderr(Stdio::null());
        c
    };

    // One export left to finish tells how long a whole one takes on this machine now.
    let started = Instant::now();
    assert!(export().status().unwrap().success());
    let duration = started.elapsed();
    std::fs::remove_file(&out).unwrap();

    let mut left_a_partial_file = 0;
    for percent in [2u32, 10, 20, 30, 40, 50, 60, 70, 85, 95] {
        let mut child = export().spawn().unwrap();
        std::thread::sleep(duration * percent / 100);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let partial = partial_files(out_dir.path());
        // The next writer removed the files of the dead ones before it: one at most is left.
        assert!(partial.len() <= 1, "killed at {percent}%: {partial:?}");
        left_a_partial_file += partial.len();
    }
    assert!(left_a_partial_file > 0, "some kill landed while the export was writing");

    assert!(export().status().unwrap().success(), "the last export succeeds");
    assert_eq!(partial_files(out_dir.path()), Vec::<String>::new());
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["meetings"].as_array().unwrap().len(), 3000, "a complete document");
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_usual_ones() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let r = Register::seeded();
    for kept in [0o600, 0o640, 0o604] {
        let out = r.dir.path().join(format!("out-{kept:o}.json"));
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(kept)).unwrap();
        r.run(&["export-json", "-o", out.to_str().unwrap()]).ok();
        assert_eq!(mode(&out), kept, "{kept:o}");
        assert!(std::fs::read_to_string(&out).unwrap().contains("code-register/1"));
    }
    // A new file: what any program creating a file here gets (0666 less the umask).
    let usual = r.dir.path().join("usual.txt");
    std::fs::File::create(&usual).unwrap();
    let new = r.dir.path().join("new.json");
    r.run(&["export-json", "-o", new.to_str().unwrap()]).ok();
    assert_eq!(mode(&new), mode(&usual));
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_where_a_temporary_file_could_go_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let target = dir.path().join("out.json");
    // Links under the names a writer of `out.json` could choose: a predictable one (this
    // process's id), and a spread of shapes of random ones. The creation is exclusive, so
    // whatever name is drawn, a link there is never followed (see also the unit test of
    // `create_exclusive`, which plants the link under the very name).
    let pid = std::process::id();
    let mut planted = vec![format!(".out.json.partial-{pid}"), format!(".out.json.{pid}.partial")];
    planted.extend((0..200).map(|i| format!(".out.json.{i:012}.partial")));
    for name in &planted {
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
    }
    files::write_atomically(&target, |f| f.write_all(b"the export").map_err(|e| Error::io("export", e))).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the export");
    for name in &planted {
        assert!(std::fs::symlink_metadata(dir.path().join(name)).unwrap().file_type().is_symlink(), "left alone");
    }
}

#[test]
fn write_errors_name_the_target_and_leave_no_temporary_file() {
    let r = Register::seeded();

    // A directory that is not there: nothing can be created in it.
    let missing = r.dir.path().join("no such directory").join("out.json");
    let run = r.run(&["export-json", "-o", missing.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains(&format!("cannot write {}: ", missing.display())), "{}", run.stderr);
    assert!(!run.stderr.contains("partial"), "{}", run.stderr);

    // A target that is a directory: refused before anything is written (bad input).
    let dir_target = r.dir.path().join("a directory");
    std::fs::create_dir(&dir_target).unwrap();
    let run = r.run(&["export-json", "-o", dir_target.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(&format!("{} is a directory, not an ordinary file", dir_target.display())),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("partial"), "{}", run.stderr);
    assert_eq!(partial_files(r.dir.path()), Vec::<String>::new());

    // A writer that fails half-way: the old file stays, the error names it.
    let target = r.dir.path().join("kept.json");
    std::fs::write(&target, "the old backup").unwrap();
    let err = files::write_atomically(&target, |f| {
        f.write_all(b"half of it").unwrap();
        Err(Error::io("export", std::io::Error::other("disk full")))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), format!("cannot write {}: disk full", target.display()));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old backup");
    assert_eq!(partial_files(r.dir.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Never over the register

/// A seeded register with settings of its own, closed and checkpointed, and its bytes.
fn register_with_settings() -> (Register, Vec<u8>) {
    let r = Register::seeded();
    {
        let mut store = Store::open(&r.db, OpenMode::MustExist).unwrap();
        let settings = Settings {
            name: "Ana Lopes".into(),
            email: "ana.lopes@ec.example.eu".into(),
            footer_unit: "Unit I.4".into(),
            ..Settings::default()
        };
        store.save_settings(settings).unwrap();
        store.checkpoint().unwrap();
    }
    let bytes = std::fs::read(&r.db).unwrap();
    (r, bytes)
}

fn assert_intact(r: &Register, bytes: &[u8]) {
    assert_eq!(std::fs::read(&r.db).unwrap(), bytes, "not a byte of the register changed");
    let store = Store::open(&r.db, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.settings().unwrap().footer_unit, "Unit I.4");
    assert_eq!(store.counts().unwrap().meetings, 4);
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn an_export_over_the_register_is_refused_by_any_name() {
    let (r, bytes) = register_with_settings();
    let link = r.dir.path().join("link.sqlite3");
    let hard = r.dir.path().join("hard.sqlite3");
    std::fs::hard_link(&r.db, &hard).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&r.db, &link).unwrap();
    let wal = PathBuf::from(format!("{}-wal", r.db.display()));
    let shm = PathBuf::from(format!("{}-shm", r.db.display()));
    let journal = PathBuf::from(format!("{}-journal", r.db.display()));

    let mut targets = vec![
        (r.db.clone(), "is the register itself"),
        (hard.clone(), "is the register itself"),
        (wal.clone(), "is the register's write-ahead log"),
        (shm, "is the register's shared-memory index"),
        (journal.clone(), "is the register's rollback journal"),
    ];
    if cfg!(unix) {
        targets.push((link.clone(), "is the register itself"));
    }
    for (target, says) in &targets {
        let run = r.run(&["export-json", "-o", target.to_str().unwrap()]);
        assert_eq!(run.status, 2, "{}: {}", target.display(), run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "{} {says}; choose another file to write to, the register was left untouched",
                target.display()
            )),
            "{}",
            run.stderr
        );
        assert_intact(&r, &bytes);
    }
    assert!(!journal.exists(), "no journal was made");

    // The same path written another way, relative to the working directory.
    let run = Run::from(
        bin()
            .current_dir(r.dir.path())
            .args(["--db", "register.sqlite3", "export-json", "-o", "./register.sqlite3"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_intact(&r, &bytes);

    // The desktop's backup goes through the same check.
    let store = Store::open(&r.db, OpenMode::MustExist).unwrap();
    for target in [&r.db, &hard, &wal] {
        let err = files::backup_to(&store, target, "2026-01-01T00:00:00Z").unwrap_err();
        assert!(matches!(err, Error::IsTheRegister { .. }), "{err}");
        assert!(err.is_bad_input());
    }
    drop(store);
    assert_intact(&r, &bytes);

    // And a file beside it is written as usual.
    let backup = r.dir.path().join("register.sqlite3.json");
    let store = Store::open(&r.db, OpenMode::MustExist).unwrap();
    let summary = files::backup_to(&store, &backup, "2026-01-01T00:00:00Z").unwrap();
    assert_eq!(summary.bytes, std::fs::metadata(&backup).unwrap().len());
    assert_eq!(summary.meetings, 4);
}

// ---------------------------------------------------------------------------------------------
#[test]
fn an_export_never_replaces_a_directory_a_fifo_or_a_socket() {
    let r = Register::seeded();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.json");
    std::fs::create_dir(&folder).unwrap();
    let mut cases = vec![(folder.clone(), "a directory")];
    // Kept alive until the end: the socket file is what is at stake.
    #[cfg(unix)]
    let _listener = {
        let fifo = dir.path().join("pipe.json");
        mkfifo(&fifo);
        cases.push((fifo, "a FIFO (named pipe)"));
        let socket = dir.path().join("socket.json");
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        cases.push((socket, "a socket"));
        listener
    };
    for (path, kind) in &cases {
        let target = path.to_str().unwrap();
        let run = r.run(&["export-json", "-o", target]);
        assert_eq!(run.status, 2, "{target}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim(),
            format!(
                "code-register: {target} is {kind}, not an ordinary file; Code Register writes only ordinary files: choose another name"
            )
        );
        let run = r.run(&["transparency", "export", "--from", "2021-01-01", "--to", "2021-12-31", "-o", target]);
        assert_eq!(run.status, 2, "{target}: {}", run.stderr);
        let now = std::fs::symlink_metadata(path).unwrap().file_type();
        assert!(!now.is_file(), "{target} was replaced by a file");
    }
    assert!(partial_files(dir.path()).is_empty(), "{:?}", partial_files(dir.path()));
    // The same refusal in the library, for the desktop's saves.
    let err = files::write_atomically(&folder, |_| Ok(())).unwrap_err();
    assert_eq!(err.kind(), "bad-argument");
}

// Capped reads of ordinary files only

#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success(), "mkfifo");
}

#[test]
fn import_refuses_devices_fifos_directories_and_files_over_the_cap_at_once() {
    let r = Register::new();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // Sparse: over the cap without taking the disk.
    std::fs::File::create(&big).unwrap().set_len(files::REGISTER_FILE_LIMIT + 100_000_000).unwrap();
    let mut cases = vec![
        (big.clone(), format!("{} is 1.1 GB; Code Register reads register files of up to 1 GB", big.display())),
        (
            dir.path().to_path_buf(),
            format!(
                "{} is a directory, not an ordinary file; Code Register reads register files",
                dir.path().display()
            ),
        ),
    ];
    #[cfg(unix)]
    {
        let fifo = dir.path().join("pipe.json");
        mkfifo(&fifo);
        cases.push((fifo.clone(), format!("{} is a FIFO (named pipe), not an ordinary file", fifo.display())));
        cases.push(("/dev/zero".into(), "/dev/zero is a character device, not an ordinary file".into()));
    }
    for (path, says) in &cases {
        let mut command = bin();
        command.arg("--db").arg(&r.db).arg("import-json").arg(path);
        let run = run_within(command, 10, &path.display().to_string());
        assert_eq!(run.status, 2, "{}: {}", path.display(), run.stderr);
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert!(!r.db.exists(), "a refused file creates no register");
    }
}

#[test]
fn the_desktops_import_refuses_them_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("register.sqlite3"), OpenMode::Create).unwrap();
    let big = dir.path().join("big.json");
    std::fs::File::create(&big).unwrap().set_len(files::REGISTER_FILE_LIMIT + 1).unwrap();
    let err = files::import_file(&mut store, &big, |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{} is 1000000001 bytes; Code Register reads register files of up to 1 GB", big.display())
    );
    assert_eq!(err.kind(), "bad-argument");
    let err = files::import_file(&mut store, dir.path(), |_| {}).unwrap_err();
    assert!(matches!(err, Error::NotAFile { kind: "a directory", .. }), "{err}");

    #[cfg(unix)]
    {
        // A FIFO without a writer: the read must not wait for one.
        let fifo = dir.path().join("pipe.json");
        mkfifo(&fifo);
        let (sent, received) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
            sent.send(files::import_file(&mut store, &path, |_| {}).map(drop).map_err(|e| e.to_string())).unwrap();
        });
        let answer = received.recv_timeout(Duration::from_secs(10));
        if answer.is_err() {
            // Release the blocked reader before failing.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        let err = answer.expect("answered without waiting for a writer").unwrap_err();
        assert!(err.contains("is a FIFO (named pipe), not an ordinary file"), "{err}");
    }
}

#[test]
fn read_capped_names_the_file_the_size_and_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calendar.ics");
    std::fs::write(&file, "BEGIN:VCALENDAR").unwrap();
    assert_eq!(files::read_capped(&file, 15, "calendar files").unwrap(), b"BEGIN:VCALENDAR");
    let err = files::read_capped(&file, 14, "calendar files").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{} is 15 bytes; Code Register reads calendar files of up to 14 bytes", file.display())
    );
    assert!(err.is_bad_input());
    std::fs::File::create(&file).unwrap().set_len(2_500_000).unwrap();
    let err = files::read_capped(&file, 2_000_000, "calendar files").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{} is 2.5 MB; Code Register reads calendar files of up to 2 MB", file.display())
    );
}
