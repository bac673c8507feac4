//! The app's commands, written once. `with_commands!(then)` hands the list to the macro
//! `then` as `module::command` paths (relative to `crate::commands`); from it come `ALL`,
//! the names the build script makes one `allow-<name>` permission each for
//! (`AppManifest::commands`), and in `main.rs` the `generate_handler!` of the app. The
//! capability, `ui/src/lib/api.ts` and `IPC.md` are checked against `ALL` by tests
//! (`contract.rs`).
//!
//! The build script includes this file through `#[path]`, so it holds nothing but the list.

/// Calls `$then! { module::command, ... }` with every command of the app.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            register::register_info,
            register::home,
            register::list_meetings,
            register::search,
            register::get_meeting,
            register::draft_meeting,
            register::save_meeting,
            register::delete_meeting,
            register::list_actions,
            register::set_action_status,
            register::add_follow_up,
            register::draft_follow_up,
            register::get_action,
            register::codes,
            register::codes_overview,
            directory::directory,
            directory::save_organisation,
            directory::save_person,
            directory::timeline,
            directory::save_code,
            settings::get_settings,
            settings::save_settings,
            zones::zones,
            zones::period_end,
            flash::flash_view,
            flash::save_flash_pdf,
            flash::open_flash_email,
            transparency::transparency_pending,
            transparency::meeting_transparency,
            transparency::set_transparency_scope,
            transparency::publish_meeting,
            transparency::unpublish_meeting,
            transparency::export_publication,
            transparency::save_brief,
            monitoring::monitoring_codes,
            monitoring::monitoring_view,
            monitoring::save_monitoring_chart,
            monitoring::organisation_indicators,
            monitoring::meeting_figures,
            calendar::export_calendar,
            calendar::export_actions,
            calendar::send_invitation,
            calendar::send_cancellation,
            calendar::import_calendar_file,
            calendar::listen_calendar_drops,
            files::import_register_file,
            files::backup_register_file,
            files::load_sample_register,
            menu::listen_menu,
        }
    };
}
// The build script has no use for the macro by path.
#[allow(unused_imports)]
pub(crate) use with_commands;

macro_rules! names {
    ($($module:ident :: $command:ident),+ $(,)?) => {
        &[$(stringify!($command)),+]
    };
}

/// The name of every command, as the webview invokes it.
// The app itself uses the list through `with_commands!`; `ALL` is for the build script and tests.
#[cfg_attr(not(test), allow(dead_code))]
pub const ALL: &[&str] = with_commands!(names);
