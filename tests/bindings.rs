//! The TypeScript types of `ui/src/lib/bindings/` are generated from the Rust types; this
//! test fails when they are stale. `make bindings` (UPDATE_BINDINGS=1) rewrites them.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every `.ts` file below `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "ts") {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn the_ui_bindings_are_generated_from_the_rust_types() {
    let committed: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let fresh = tempfile::tempdir().unwrap();
    code_register::bindings::write_bindings(fresh.path()).unwrap();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in files(fresh.path()) {
            let target = committed.join(name);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
    }
    let (want, have) = (files(fresh.path()), files(&committed));
    assert!(want.len() > 30, "every IPC type is generated ({} files)", want.len());
    let stale: Vec<&String> = want.keys().chain(have.keys()).filter(|n| want.get(*n) != have.get(*n)).collect();
    assert!(stale.is_empty(), "ui/src/lib/bindings is stale ({stale:?}); run `make bindings`");
}
