//! The commands the webview invokes (`src-tauri/IPC.md`), one file per capability. Each is
//! thin: take the arguments, read the clock if the core needs it, call the core once, let the
//! error become a `Problem`. They are async so they run off the main thread.
//!
//! No command takes a path: a file to read or write is chosen in a native dialog that the
//! command opens itself (`crate::dialogs`), so page script cannot name one (`contract.rs`
//! checks every parameter).

pub mod calendar;
pub mod directory;
pub mod files;
pub mod flash;
pub mod menu;
pub mod monitoring;
pub mod register;
pub mod settings;
pub mod transparency;
pub mod zones;

use crate::error::{DesktopError, Result};

/// A date argument (`2021-06-24`), refused as an invalid `date` field when it is not one.
fn parse_date(text: &str) -> Result<chrono::NaiveDate> {
    code_register::time::parse_date(text).map_err(|m| DesktopError::Core(code_register::Error::invalid("date", m)))
}
