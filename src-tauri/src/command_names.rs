//! The names of the app's commands, shared by the build script (which makes a permission
//! for each) and a test that checks `ui/src/lib/api.ts` calls only these.

pub const ALL: &[&str] = &[
    "register_info",
    "home",
    "list_meetings",
    "search",
    "get_meeting",
    "draft_meeting",
    "save_meeting",
    "delete_meeting",
    "list_actions",
    "set_action_status",
    "add_follow_up",
    "schedule_follow_up",
    "directory",
    "save_organisation",
    "save_person",
    "timeline",
    "codes",
    "codes_overview",
    "get_settings",
    "save_settings",
    "import_register_file",
    "backup_register_file",
    "load_sample_register",
    "listen_menu",
];
