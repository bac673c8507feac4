//! The one error type of the core. Every failure names what is wrong in one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record breaks a rule of the register. `path` names the record and field,
    /// as in `meetings[3].participants[1].person`.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },

    /// A document that is not JSON, or not a register document at all.
    #[error("{0}")]
    Malformed(String),

    /// A key asked for by the user that the register does not hold.
    #[error("no {what} with key \"{key}\"")]
    NotFound { what: &'static str, key: String },

    /// An argument that is not acceptable (a bad date, a bad filter value).
    #[error("{0}")]
    BadArgument(String),

    #[error("{} was written by a newer version of Code Register (schema {found}, this version knows up to {known}); it was left untouched", path.display())]
    NewerRegister { path: PathBuf, found: i64, known: i64 },

    #[error("{} is not a Code Register file; it was left untouched", path.display())]
    NotARegister { path: PathBuf },

    #[error("no register at {}; create one with `code-register init`", path.display())]
    NoRegister { path: PathBuf },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("register database: {0}")]
    Database(#[from] rusqlite::Error),
}

impl Error {
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { path: path.into(), message: message.into() }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// True when the input (a document, an argument, a key) is at fault rather than
    /// the machine; the CLI exits 2 for these and 1 for the rest.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid { .. }
                | Error::Malformed(_)
                | Error::NotFound { .. }
                | Error::BadArgument(_)
                | Error::NewerRegister { .. }
                | Error::NotARegister { .. }
                | Error::NoRegister { .. }
        )
    }

    /// A stable, machine-readable name for the error, for the desktop's IPC boundary.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::Malformed(_) => "malformed",
            Error::NotFound { .. } => "not-found",
            Error::BadArgument(_) => "bad-argument",
            Error::NewerRegister { .. } => "newer-register",
            Error::NotARegister { .. } => "not-a-register",
            Error::NoRegister { .. } => "no-register",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
        }
    }

    /// The record path an `Invalid` error names, so a form can show it beside the field.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// An error as it crosses to a user interface: a stable kind to branch on, the one-line
/// message, and for a record that breaks a rule the field it names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Problem {
    pub kind: String,
    pub message: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<&Error> for Problem {
    fn from(err: &Error) -> Problem {
        Problem {
            kind: err.kind().to_string(),
            message: err.to_string().replace('\n', " "),
            // An empty path is the record as a whole: no field to show the message beside.
            field: err.field().filter(|f| !f.is_empty()).map(str::to_string),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
