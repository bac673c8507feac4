//! Code Register's desktop window. This crate is the only one that knows Tauri: it opens
//! the register, builds the window and menu, and maps IPC commands onto the core library.

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod command_names;
mod commands;
mod error;
mod menu;
mod render;
mod state;

fn main() {
    // First, while the process has one thread: it may set a variable WebKit reads at start.
    render::configure();
    let register = state::Register::open(state::db_flag(std::env::args().skip(1)));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(register)
        .manage(commands::MenuChannel::default())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .invoke_handler(tauri::generate_handler![
            commands::register_info,
            commands::home,
            commands::list_meetings,
            commands::search,
            commands::get_meeting,
            commands::draft_meeting,
            commands::save_meeting,
            commands::delete_meeting,
            commands::list_actions,
            commands::set_action_status,
            commands::add_follow_up,
            commands::schedule_follow_up,
            commands::directory,
            commands::save_organisation,
            commands::save_person,
            commands::timeline,
            commands::codes,
            commands::codes_overview,
            commands::get_settings,
            commands::save_settings,
            commands::import_register_file,
            commands::backup_register_file,
            commands::load_sample_register,
            commands::listen_menu,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("code-register-desktop: {e}");
        std::process::exit(1);
    }
}
