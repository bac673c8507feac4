//! Code Register's core: the register of meetings, points discussed and agreed actions for
//! the EU's voluntary Codes, its SQLite store and its interchange format. No UI here: the
//! CLI (`src/main.rs`) and the desktop (`src-tauri/`) both call this library.

pub mod bindings;
pub mod brief;
pub mod clock;
pub mod demo;
pub mod error;
pub mod files;
pub mod flash;
pub mod ics;
pub mod model;
pub mod monitoring;
pub mod ordered;
pub mod pdf;
pub mod period;
pub mod png;
pub mod sample;
pub mod store;
pub mod text;
pub mod time;
pub mod transparency;
pub mod validate;
pub mod zones;

pub use clock::Clock;
pub use error::{Error, Result};
pub use store::{OpenMode, Store};
