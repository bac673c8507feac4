//! The IPC contract, checked against the one list of commands (`command_names.rs`): what the
//! capability grants, what `ui/src/lib/api.ts` invokes, what `IPC.md` documents, and that no
//! command lets page script name a file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::command_names::{with_commands, ALL};

macro_rules! module_and_name {
    ($($module:ident :: $command:ident),+ $(,)?) => {
        &[$((stringify!($module), stringify!($command))),+]
    };
}

/// Each command as `(module under src/commands/, name)`.
const COMMANDS: &[(&str, &str)] = with_commands!(module_and_name);

fn crate_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    let path = crate_file(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn all() -> BTreeSet<String> {
    ALL.iter().map(|n| n.to_string()).collect()
}

#[test]
fn the_list_names_each_command_once() {
    assert_eq!(all().len(), ALL.len(), "a command is listed twice: {ALL:?}");
    assert!(ALL.len() >= 20);
}

#[test]
fn the_capability_grants_exactly_the_app_commands() {
    let capability: serde_json::Value = serde_json::from_str(&read("capabilities/main.json")).unwrap();
    let granted: Vec<&str> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().expect("by name")).collect();
    let granted_set: BTreeSet<String> = granted.iter().map(|p| p.to_string()).collect();
    assert_eq!(granted_set.len(), granted.len(), "a permission is granted twice");
    let wanted: BTreeSet<String> = ALL.iter().map(|name| format!("allow-{}", name.replace('_', "-"))).collect();
    // Nothing else: no plugin (the dialogs are Rust's), no event listening (drops reach Rust).
    assert_eq!(granted_set, wanted);
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(capability.get("remote").is_none(), "no remote origin may invoke the commands");
}

#[test]
fn api_ts_invokes_exactly_the_app_commands() {
    let api = read("../ui/src/lib/api.ts");
    let mut invoked = BTreeSet::new();
    for part in api.split("invoke").skip(1) {
        // invoke<T>("name", ...) or invoke("name", ...)
        let after = part.trim_start_matches(|c: char| c != '(' && c != '"').trim_start_matches('(');
        if let Some(rest) = after.trim_start().strip_prefix('"') {
            if let Some(end) = rest.find('"') {
                invoked.insert(rest[..end].to_string());
            }
        }
    }
    assert_eq!(invoked, all(), "api.ts invokes exactly the commands of command_names.rs");
}

#[test]
fn ipc_md_documents_exactly_the_app_commands() {
    let doc = read("IPC.md");
    let mut lines = doc.lines().skip_while(|l| !l.starts_with("| command |"));
    assert!(lines.next().is_some(), "IPC.md has a table headed `| command |`");
    let mut documented = Vec::new();
    for line in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let cell = line.trim_start_matches('|').split('|').next().unwrap_or("").trim();
        documented.push(cell.trim_matches('`').to_string());
    }
    let set: BTreeSet<String> = documented.iter().cloned().collect();
    assert_eq!(set.len(), documented.len(), "IPC.md lists a command twice: {documented:?}");
    assert_eq!(set, all(), "IPC.md's table lists exactly the commands of command_names.rs");
}

// ---- no command takes a path ----------------------------------------------------------------
//
// Read from the sources: every `#[tauri::command]` of the crate, with its parameters. The
// commands found must be exactly the list (so none escapes the check), each in the file its
// module names. A parameter is either given by Tauri (`State`, `AppHandle`, ...), a channel the
// app sends on, or data from the page; data from the page must not be a path type, must not be
// named like one, and when it is a record, no field of it at any depth may be named like one
// (read from its generated TypeScript binding, which is what the page fills in).

struct Command {
    file: PathBuf,
    name: String,
    params: Vec<(String, String)>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Splits `text` on the commas outside any brackets.
fn top_level_split(text: &str) -> Vec<String> {
    let (mut parts, mut depth, mut current) = (Vec::new(), 0i32, String::new());
    for c in text.chars() {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            '>' | ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
}

fn commands_in_sources() -> Vec<Command> {
    let mut files = Vec::new();
    rust_files(&crate_file("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Any spelling of the attribute: `#[tauri::command]`, `#[command]`, with arguments.
        for (at, _) in text.match_indices("command]").chain(text.match_indices("command(")) {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = text[line_start..].lines().next().unwrap_or("").trim();
            if !(line.starts_with("#[tauri::command") || line.starts_with("#[command")) {
                continue;
            }
            let rest = &text[at..];
            let fn_at = rest.find("fn ").expect("a fn after #[tauri::command]") + 3;
            let open = fn_at + rest[fn_at..].find('(').unwrap();
            let name = rest[fn_at..open].split('<').next().unwrap().trim().to_string();
            let mut depth = 0;
            let close = open
                + rest[open..]
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .unwrap()
                    .0;
            let params = top_level_split(&rest[open + 1..close])
                .into_iter()
                .map(|p| {
                    let (name, ty) = p.split_once(':').unwrap_or_else(|| panic!("parameter `{p}` of {name}"));
                    (name.trim().trim_start_matches("mut ").to_string(), ty.trim().to_string())
                })
                .collect();
            found.push(Command { file: file.clone(), name, params });
        }
    }
    found
}

/// The words of an identifier, lower case: `backupPath` and `backup_path` are `backup`, `path`.
fn words(ident: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    for c in ident.chars() {
        if c == '_' || c == '-' {
            words.push(String::new());
        } else if c.is_uppercase() {
            words.push(c.to_lowercase().collect());
        } else if let Some(last) = words.last_mut() {
            last.push(c);
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

const PATH_WORDS: &[&str] = &["path", "paths", "file", "files", "filename", "dir", "dirs", "folder", "folders"];
const PATH_TYPES: &[&str] = &["Path", "PathBuf", "OsStr", "OsString", "FilePath", "Url", "File"];

fn named_like_a_path(ident: &str) -> bool {
    words(ident).iter().any(|w| PATH_WORDS.contains(&w.as_str()))
}

fn type_words(ty: &str) -> Vec<&str> {
    ty.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).collect()
}

/// The field names of a generated binding and of every binding it imports, with the file each
/// is in.
fn binding_fields(file: &Path, seen: &mut BTreeSet<PathBuf>, out: &mut Vec<(String, String)>) {
    if !seen.insert(file.to_path_buf()) {
        return;
    }
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut code = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("/*") {
        code.push_str(&rest[..start]);
        rest = rest[start..].split_once("*/").map_or("", |(_, after)| after);
    }
    code.push_str(rest);
    let name = file.file_stem().unwrap().to_string_lossy().to_string();
    let body = code.split_once(&format!("export type {name} =")).map_or("", |(_, b)| b);
    let chars: Vec<char> = body.chars().collect();
    for (i, _) in body.match_indices(':') {
        let i = body[..i].chars().count();
        let mut end = i;
        if end > 0 && chars[end - 1] == '?' {
            end -= 1;
        }
        let start = chars[..end].iter().rposition(|c| !(c.is_alphanumeric() || *c == '_')).map_or(0, |p| p + 1);
        if start < end {
            out.push((name.clone(), chars[start..end].iter().collect()));
        }
    }
    for line in code.lines().filter(|l| l.starts_with("import type")) {
        let target = line.rsplit('"').nth(1).expect("import type ... from \"./X\"");
        let next = file.parent().unwrap().join(format!("{target}.ts"));
        binding_fields(&next, seen, out);
    }
}

#[test]
fn no_command_takes_a_path() {
    let commands = commands_in_sources();
    let found: BTreeSet<(String, String)> = commands
        .iter()
        .map(|c| {
            (
                c.file.strip_prefix(crate_file("src/commands")).map_or_else(
                    |_| c.file.display().to_string(),
                    |f| f.with_extension("").to_string_lossy().to_string(),
                ),
                c.name.clone(),
            )
        })
        .collect();
    let listed: BTreeSet<(String, String)> = COMMANDS.iter().map(|(m, n)| (m.to_string(), n.to_string())).collect();
    assert_eq!(found, listed, "the #[tauri::command]s of the sources are the list, each in its module's file");

    // Given by Tauri, not by the page.
    const FROM_TAURI: &[&str] = &["State", "AppHandle", "Window", "Webview", "WebviewWindow"];
    // Scalars the page may send, when their names say they are not paths.
    const SCALARS: &[&str] = &["String", "str", "Option", "u32", "i64", "bool"];
    let bindings = crate_file("../ui/src/lib/bindings");
    let mut checked = 0;
    for command in &commands {
        for (param, ty) in &command.params {
            let at = format!("{}({param}: {ty})", command.name);
            let bare = ty.trim_start_matches("tauri::").trim_start_matches("ipc::");
            let outer = type_words(bare).first().copied().unwrap_or("");
            if FROM_TAURI.contains(&outer) {
                continue;
            }
            assert!(!type_words(ty).iter().any(|w| PATH_TYPES.contains(w)), "{at}: a path type from the page");
            assert!(!named_like_a_path(param), "{at}: a parameter named like a path");
            if outer == "Channel" {
                continue; // the app sends on it; the page gives nothing through it
            }
            checked += 1;
            for record in type_words(ty).into_iter().filter(|w| !SCALARS.contains(w) && *w != "Vec") {
                let file = bindings.join(format!("{record}.ts"));
                assert!(file.is_file(), "{at}: {record} is generated for the UI (ui/src/lib/bindings)");
                let mut fields = Vec::new();
                binding_fields(&file, &mut BTreeSet::new(), &mut fields);
                for (owner, field) in fields {
                    assert!(!named_like_a_path(&field), "{at}: {owner}.{field} is named like a path");
                }
            }
        }
    }
    assert!(checked >= 10, "the page's arguments were checked ({checked})");
}

#[test]
fn the_path_check_sees_paths() {
    assert!(named_like_a_path("path") && named_like_a_path("backupPath") && named_like_a_path("target_file"));
    assert!(named_like_a_path("dir") && named_like_a_path("outputFolder"));
    assert!(!named_like_a_path("footerDirectorate") && !named_like_a_path("profile") && !named_like_a_path("key"));
    assert_eq!(top_level_split("a: State<'_, R>, b: Option<Vec<u8>>,"), ["a: State<'_, R>", "b: Option<Vec<u8>>"]);
    let mut fields = Vec::new();
    binding_fields(&crate_file("../ui/src/lib/bindings/RegisterInfo.ts"), &mut BTreeSet::new(), &mut fields);
    assert!(fields.iter().any(|(owner, f)| owner == "RegisterInfo" && f == "path"), "{fields:?}");
    assert!(fields.iter().any(|(owner, _)| owner == "RecordCounts"), "imports are followed: {fields:?}");
}

#[test]
fn drops_reach_rust_and_not_the_page() {
    // Tauri's drag-drop handler turns a dropped file into a `DragDrop` window event in Rust; its
    // `tauri://drag-drop` event to the page needs the event plugin's `listen`, which the
    // capability does not grant (see the capability test).
    let config: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let window = &config["app"]["windows"][0];
    assert_eq!(window["label"], "main");
    assert_eq!(window["dragDropEnabled"], true);
    assert_eq!(config["app"]["withGlobalTauri"], false);
}
