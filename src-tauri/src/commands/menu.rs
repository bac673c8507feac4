//! The native menu's choices, sent to the webview over the channel it opens here.

use std::sync::Mutex;

use tauri::ipc::Channel;
use tauri::State;

use crate::error::{DesktopError, Result};

/// Where the native menu's choices go: the channel the webview opened with `listen_menu`.
#[derive(Default)]
pub struct MenuChannel(pub Mutex<Option<Channel<String>>>);

#[tauri::command]
pub async fn listen_menu(menu: State<'_, MenuChannel>, channel: Channel<String>) -> Result<()> {
    let mut slot = menu.0.lock().map_err(|_| DesktopError::Desktop("menu channel unavailable".into()))?;
    *slot = Some(channel);
    Ok(())
}
