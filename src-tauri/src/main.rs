//! Code Register's desktop window. This crate is the only one that knows Tauri: it opens
//! the register, builds the window and menu, and maps IPC commands onto the core library.

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod command_names;
mod commands;
#[cfg(test)]
mod contract;
mod dialogs;
mod error;
mod menu;
mod reminder;
mod render;
mod state;

// mimalloc: a calendar import was a fifth glibc malloc (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `generate_handler!` over the one list of commands (`command_names.rs`).
macro_rules! handler {
    ($($module:ident :: $command:ident),+ $(,)?) => {
        tauri::generate_handler![$(commands::$module::$command),+]
    };
}

fn main() {
    // First, while the process has one thread: it may set a variable WebKit reads at start.
    render::configure();
    let register = state::Register::open(state::db_flag(std::env::args().skip(1)));
    let result = tauri::Builder::default()
        // For the native file dialogs the commands open (`dialogs.rs`); the capability grants
        // the webview none of the plugin's own commands.
        .plugin(tauri_plugin_dialog::init())
        // The start-up reminder, sent from Rust (`reminder.rs`); nor is the webview granted
        // any of this plugin's commands.
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            use tauri::Manager;
            let clock = code_register::Clock::system();
            reminder::start(app.handle(), &app.state::<state::Register>(), clock);
            Ok(())
        })
        .manage(register)
        .manage(commands::menu::MenuChannel::default())
        .manage(commands::calendar::DropChannel::default())
        // A file dropped on the window is imported in Rust; the page is told over a channel.
        .on_window_event(commands::calendar::window_event)
        .menu(menu::build)
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .invoke_handler(command_names::with_commands!(handler))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("code-register-desktop: {e}");
        std::process::exit(1);
    }
}
