//! The one error type of the core. Every failure names what is wrong in one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Records break rules of the register: every problem found, never only the first.
    /// Each names the record and field, as in `meetings[3].participants[1].person`.
    #[error("{}", lines(problems))]
    Invalid { problems: Vec<FieldProblem> },

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

    /// SQLite's page-by-page check found the file broken. Nothing was written to it.
    #[error("{} is damaged ({detail}); it was left untouched: restore the register from a backup", path.display())]
    DamagedRegister { path: PathBuf, detail: String },

    /// A register that must be brought up to date, met by a command that may only read it.
    #[error("{} was written by an older version of Code Register (schema {found}, this version uses {known}) and must be brought up to date, which needs write access; run `code-register init` on it where it can be written. It was left untouched", path.display())]
    OlderRegister { path: PathBuf, found: i64, known: i64 },

    /// A write aimed at the open register's own file, a link to it or one of its SQLite files.
    #[error("{} is {what}; choose another file to write to, the register was left untouched", path.display())]
    IsTheRegister { path: PathBuf, what: &'static str },

    /// A file to read that is a directory, a device, a FIFO or a socket.
    #[error("{} is {kind}, not an ordinary file; Code Register reads {what} from ordinary files only", path.display())]
    NotAFile { path: PathBuf, kind: &'static str, what: String },

    /// A file to write whose name is taken by a directory, a device, a FIFO or a socket: the
    /// new file would replace it (as root, a document where `/dev/null` was).
    #[error("{} is {kind}, not an ordinary file; Code Register writes only ordinary files: choose another name", path.display())]
    NotAFileToWrite { path: PathBuf, kind: &'static str },

    /// A file to read over its cap. `size` is `None` when only "more than `limit`" is known
    /// (standard input).
    #[error("{} is {}; Code Register reads {what} of up to {}", path.display(), too_large_size(*size, *limit), human_size(*limit))]
    TooLarge { path: PathBuf, size: Option<u64>, limit: u64, what: String },

    /// Writing the file `path` failed. Names the file the user chose, never the temporary
    /// file it was being written through.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("register database: {0}")]
    Database(#[from] rusqlite::Error),

    /// A document could not be typeset (a page setup refused, an embedded font unreadable).
    #[error("PDF: {0}")]
    Pdf(#[from] crate::pdf::PdfError),

    /// A chart could not be drawn (the plotting crate refused; not the user's input).
    #[error("chart: {0}")]
    Chart(String),
}

impl Error {
    /// One problem of one field.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { problems: vec![FieldProblem { field: path.into(), message: message.into() }] }
    }

    /// The problems of an `Invalid` error (none for any other).
    pub fn problems(&self) -> &[FieldProblem] {
        match self {
            Error::Invalid { problems } => problems,
            _ => &[],
        }
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
                | Error::DamagedRegister { .. }
                | Error::OlderRegister { .. }
                | Error::IsTheRegister { .. }
                | Error::NotAFile { .. }
                | Error::NotAFileToWrite { .. }
                | Error::TooLarge { .. }
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
            Error::DamagedRegister { .. } => "damaged-register",
            Error::OlderRegister { .. } => "older-register",
            // A file the user chose that cannot be taken: the message says which and why.
            Error::IsTheRegister { .. }
            | Error::NotAFile { .. }
            | Error::NotAFileToWrite { .. }
            | Error::TooLarge { .. } => "bad-argument",
            Error::Write { .. } => "io",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Pdf(_) => "pdf",
            Error::Chart(_) => "chart",
        }
    }

    /// The record path the first problem of an `Invalid` error names, so a form can show it
    /// beside the field.
    pub fn field(&self) -> Option<&str> {
        self.problems().first().map(|p| p.field.as_str())
    }
}

/// One rule broken by one field: `field` is the record path (`meetings[3].end`; empty for the
/// record or document as a whole), `message` says what is wrong in an officer's words.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// A size as an officer reads it, in decimal units: `980 bytes`, `66 MB`, `1.2 GB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let text = if value < 9.95 { format!("{value:.1}") } else { format!("{value:.0}") };
    format!("{} {}", text.strip_suffix(".0").unwrap_or(&text), UNITS[unit])
}

/// The size of a file over its cap; exact when rounding would make it look like the cap.
fn too_large_size(size: Option<u64>, limit: u64) -> String {
    match size {
        None => format!("over {}", human_size(limit)),
        Some(size) if human_size(size) == human_size(limit) => format!("{size} bytes"),
        Some(size) => human_size(size),
    }
}

/// One line per problem.
fn lines(problems: &[FieldProblem]) -> String {
    problems.iter().map(FieldProblem::to_string).collect::<Vec<_>>().join("\n")
}

/// An error as it crosses to a user interface: a stable kind to branch on, a one-line
/// message, and for records that break rules the field of the first problem and every
/// problem, so a form marks all its fields at once.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Problem {
    pub kind: String,
    pub message: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem of the records refused (empty for any other error).
    pub problems: Vec<FieldProblem>,
}

impl Problem {
    /// A problem that is not the core's (the desktop's own, the window system's).
    pub fn other(kind: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { kind: kind.into(), message: message.into(), field: None, problems: Vec::new() }
    }
}

impl From<&Error> for Problem {
    fn from(err: &Error) -> Problem {
        let problems = err.problems().to_vec();
        let message = match problems.as_slice() {
            [] => err.to_string().replace('\n', " "),
            [one] => one.to_string().replace('\n', " "),
            [first, rest @ ..] => format!(
                "{} (and {} more {})",
                first.to_string().replace('\n', " "),
                rest.len(),
                if rest.len() == 1 { "problem" } else { "problems" }
            ),
        };
        Problem {
            kind: err.kind().to_string(),
            message,
            // An empty path is the record as a whole: no field to show the message beside.
            field: err.field().filter(|f| !f.is_empty()).map(str::to_string),
            problems,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
