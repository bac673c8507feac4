//! iCalendar (RFC 5545): writing the register's meetings and actions as .ics files that Outlook,
//! Google and Thunderbird accept, and reading invitations and replies made elsewhere.
//!
//! The layers, each in its own module:
//! - [`write`]: content lines (escaping, parameter quoting, folding at 75 octets) and a builder of
//!   nested components;
//! - [`datetime`]: DATE, DATE-TIME, UTC-OFFSET and DURATION values, both ways;
//! - [`vtimezone`]: a zone's VTIMEZONE in the compact yearly-RRULE form, derived from chrono-tz;
//! - [`prepass`]: the byte-level repairs made before the `ical` crate sees a file;
//! - [`read`]: a file read into plain structs (events, todos, time zones, attendees);
//! - [`zones`]: TZIDs (IANA, Windows, the file's own VTIMEZONE) and local times resolved to instants;
//! - [`recur`]: recurring events expanded into occurrences within a window.
//!
//! And what the register does with them:
//! - [`export`]: the meetings a filter selects as one `METHOD:PUBLISH` calendar, and the agreed
//!   actions as tasks (or all-day events);
//! - [`invite`]: one meeting's invitation (`METHOD:REQUEST`) and cancellation (`METHOD:CANCEL`),
//!   SEQUENCE raised exactly when its [`fingerprint`] changed;
//! - [`import`]: invitations, replies and cancellations made elsewhere, into the register through
//!   its one way in;
//! - [`saved`]: what the desktop's calendar commands answer.

pub mod datetime;
pub mod export;
pub mod fingerprint;
pub mod import;
pub mod invite;
pub mod prepass;
pub mod read;
pub mod recur;
pub mod saved;
pub mod vtimezone;
pub mod write;
pub mod zones;

/// The PRODID of every calendar the register writes.
pub const PRODID: &str = "-//Code Register//Code Register//EN";

/// The domain part of the UIDs the register derives from keys. `.invalid` is reserved for good
/// (RFC 2606, RFC 6761): no one can hold it, so a UID made here can never be one that another
/// program minted under a domain it owns, and it names no organisation the register does not
/// speak for.
pub const UID_DOMAIN: &str = "code-register.invalid";

/// The UID of a meeting that has none stored: `<key>@code-register.invalid`. Once an invitation
/// is sent it is stored with the meeting and kept, whatever the key becomes.
pub fn meeting_uid(key: &str) -> String {
    format!("{key}@{UID_DOMAIN}")
}

/// The UID of an action's task (`<key>+task@…`) or of its all-day event (`<key>+due@…`): a
/// `+` cannot be part of a key, so these never meet a meeting's UID.
pub fn action_uid(key: &str, as_event: bool) -> String {
    format!("{key}+{}@{UID_DOMAIN}", if as_event { "due" } else { "task" })
}

use std::fmt;

/// Why a calendar file could not be read or written: one line per problem, naming the physical
/// line of the file when there is one (`line 12: DTSTART "2026-13-01" is not a date-time`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsError {
    /// The 1-based physical line of the input where the problem is, when it is in one line.
    pub line: Option<usize>,
    pub message: String,
    /// The other problems found in the same reading, in the order of the file: a refused file
    /// is told whole, not one problem per attempt.
    pub also: Vec<IcsError>,
}

/// At most this many problems are named; the rest are counted.
const PROBLEMS_NAMED: usize = 20;

impl IcsError {
    pub fn new(message: impl Into<String>) -> Self {
        IcsError { line: None, message: message.into(), also: Vec::new() }
    }

    pub fn at(line: usize, message: impl Into<String>) -> Self {
        IcsError { line: Some(line), message: message.into(), also: Vec::new() }
    }

    /// The problems `found` (each with those it holds) as one error, in the order of the
    /// file's lines; `None` when there are none.
    pub fn gather(found: Vec<IcsError>) -> Option<IcsError> {
        let mut found = found.into_iter();
        let first = found.next()?;
        Some(first.with(found.collect()))
    }

    /// This problem and `others` (each with those it holds) as one error, in the order of the
    /// file's lines.
    pub fn with(self, others: Vec<IcsError>) -> IcsError {
        let mut all: Vec<IcsError> = std::iter::once(self)
            .chain(others)
            .flat_map(|mut e| {
                let also = std::mem::take(&mut e.also);
                std::iter::once(e).chain(also)
            })
            .collect();
        // Stable: problems without a line keep their place after those with one.
        all.sort_by_key(|e| e.line.unwrap_or(usize::MAX));
        all.dedup();
        // Never empty: `self` is in it.
        let mut first = all.remove(0);
        first.also = all;
        first
    }

    /// Every problem, one per line of the answer.
    pub fn problems(&self) -> impl Iterator<Item = (Option<usize>, &str)> {
        std::iter::once(self).chain(&self.also).map(|e| (e.line, e.message.as_str()))
    }

    /// The same error, placed at `line` unless it already names one.
    pub fn or_at(mut self, line: usize) -> Self {
        self.line.get_or_insert(line);
        self
    }
}

impl fmt::Display for IcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (line, message)) in self.problems().take(PROBLEMS_NAMED).enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match line {
                Some(line) => write!(f, "line {line}: {message}")?,
                None => f.write_str(message)?,
            }
        }
        match (self.also.len() + 1).saturating_sub(PROBLEMS_NAMED) {
            0 => {}
            1 => f.write_str("\n… and 1 more problem")?,
            more => write!(f, "\n… and {more} more problems")?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod error_tests {
    use super::IcsError;

    #[test]
    fn problems_are_told_in_the_files_order_twenty_at_most() {
        let found = (1..=21).rev().map(|line| IcsError::at(line, "bad")).collect();
        let text = IcsError::gather(found).map(|e| e.to_string()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 21);
        assert_eq!((lines[0], lines[19], lines[20]), ("line 1: bad", "line 20: bad", "… and 1 more problem"));
        assert_eq!(IcsError::gather(Vec::new()), None);
        let one = IcsError::gather(vec![IcsError::at(3, "bad"), IcsError::at(3, "bad")]);
        assert_eq!(one.map(|e| e.to_string()).as_deref(), Some("line 3: bad"), "the same problem once");
    }
}

impl std::error::Error for IcsError {}

impl From<crate::ordered::WorkersStopped> for IcsError {
    fn from(_: crate::ordered::WorkersStopped) -> IcsError {
        IcsError::new("reading this calendar failed")
    }
}

/// Something read that was repaired, skipped or guessed, and that the user may want to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: Option<usize>,
    pub message: String,
}

impl Warning {
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Warning { line: Some(line), message: message.into() }
    }

    pub fn new(message: impl Into<String>) -> Self {
        Warning { line: None, message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
