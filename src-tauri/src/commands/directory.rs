//! The directory: organisations and people, and the timeline of each; and the Codes they sign,
//! created in the window when a register starts empty.

use code_register::model::{Code, Organisation, Person};
use code_register::store::{Directory, Timeline};
use code_register::Clock;
use tauri::State;

use crate::error::Result;
use crate::state::Register;

#[tauri::command]
pub async fn directory(register: State<'_, Register>) -> Result<Directory> {
    register.with(|s| s.directory())
}

#[tauri::command]
pub async fn save_organisation(register: State<'_, Register>, organisation: Organisation) -> Result<Organisation> {
    register.with(|s| s.save_organisation(organisation))
}

#[tauri::command]
pub async fn save_person(register: State<'_, Register>, person: Person) -> Result<Person> {
    register.with(|s| s.save_person(person))
}

#[tauri::command]
pub async fn timeline(register: State<'_, Register>, key: String) -> Result<Timeline> {
    let now = Clock::system();
    register.with(|s| s.timeline(&key, now.today))
}

/// Upsert of a Code; key `""` is minted from its short title (else its title).
#[tauri::command]
pub async fn save_code(register: State<'_, Register>, code: Code) -> Result<Code> {
    register.with(|s| s.save_code(code))
}
