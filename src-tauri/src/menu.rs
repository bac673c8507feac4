//! The native menu. A choice is sent to the webview as its id over the channel the webview
//! opened (`listen_menu`); the UI does what the same button or shortcut does. Shortcuts are
//! the UI's, so a key press is handled once.

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{AppHandle, Manager, Runtime};

use crate::commands::menu::MenuChannel;

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str, text: &str| MenuItemBuilder::with_id(id, text).build(app);
    let register = SubmenuBuilder::new(app, "Register")
        .item(&item("new-meeting", "New meeting (Ctrl+N)")?)
        .item(&item("save", "Save (Ctrl+S)")?)
        .separator()
        .item(&item("import", "Import register…")?)
        .item(&item("backup", "Save backup…")?)
        .separator()
        .item(&item("settings", "Settings…")?)
        .separator()
        .item(&PredefinedMenuItem::quit(app, Some("Quit"))?)
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&PredefinedMenuItem::undo(app, None)?)
        .item(&PredefinedMenuItem::redo(app, None)?)
        .separator()
        .item(&PredefinedMenuItem::cut(app, None)?)
        .item(&PredefinedMenuItem::copy(app, None)?)
        .item(&PredefinedMenuItem::paste(app, None)?)
        .item(&PredefinedMenuItem::select_all(app, None)?)
        .build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&item("home", "Home")?)
        .item(&item("meetings", "Meetings")?)
        .item(&item("actions", "Actions")?)
        .item(&item("directory", "Directory")?)
        .item(&item("codes", "Codes")?)
        .separator()
        .item(&item("search", "Search (Ctrl+K)")?)
        .build()?;
    MenuBuilder::new(app).items(&[&register, &edit, &view]).build()
}

pub fn forward<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let Some(menu) = app.try_state::<MenuChannel>() else { return };
    let Ok(slot) = menu.0.lock() else { return };
    if let Some(channel) = slot.as_ref() {
        // A webview that has gone away has nobody to tell.
        let _ = channel.send(id.to_string());
    }
}
