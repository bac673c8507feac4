//! The desktop's one error type. At the IPC boundary every error becomes the core's
//! serializable `Problem` (`{kind, message, field?}`), so the UI can branch on the kind and
//! show an `invalid` error beside the field it names.

use code_register::error::Problem;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    #[error(transparent)]
    Core(#[from] code_register::Error),
    /// The register could not be opened at start-up; every command answers with why.
    #[error("{}", .0.message)]
    NotOpen(Problem),
    /// A failure of the window system or of the app's own state.
    #[error("{0}")]
    Desktop(String),
}

impl DesktopError {
    pub fn problem(&self) -> Problem {
        match self {
            DesktopError::Core(e) => Problem::from(e),
            DesktopError::NotOpen(p) => p.clone(),
            DesktopError::Desktop(message) => Problem::other("desktop", message.clone()),
        }
    }
}

impl From<tauri::Error> for DesktopError {
    fn from(e: tauri::Error) -> Self {
        DesktopError::Desktop(e.to_string())
    }
}

impl Serialize for DesktopError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.problem().serialize(serializer)
    }
}

pub type Result<T, E = DesktopError> = std::result::Result<T, E>;
