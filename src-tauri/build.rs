// The app manifest makes one `allow-<command>` permission per command, from the one list of
// commands (`src/command_names.rs`); `capabilities/main.json` grants exactly those.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(code_register_commands::ALL);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

#[path = "src/command_names.rs"]
mod code_register_commands;
