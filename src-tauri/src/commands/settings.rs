//! My identity and the flash footer, kept in the register.

use code_register::store::Settings;
use tauri::State;

use crate::error::Result;
use crate::state::Register;

#[tauri::command]
pub async fn get_settings(register: State<'_, Register>) -> Result<Settings> {
    register.with(|s| s.settings())
}

#[tauri::command]
pub async fn save_settings(register: State<'_, Register>, settings: Settings) -> Result<Settings> {
    register.with(|s| s.save_settings(settings))
}
