//! The one clock type. It is read at the edges only (the CLI's `main`, each desktop command)
//! and passed into the core, which never reads the time itself: exports, reminders and
//! "overdue" are then pure functions of the register and this value.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// The instant, in UTC.
    pub now: DateTime<Utc>,
    /// The user's calendar date (their machine's local zone), against which due dates and
    /// "overdue" are measured.
    pub today: NaiveDate,
}

impl Clock {
    /// The system clock, read once.
    pub fn system() -> Clock {
        Clock { now: Utc::now(), today: chrono::Local::now().date_naive() }
    }

    /// The `exported` stamp of documents and backups: `2026-12-03T19:06:15Z`.
    pub fn stamp(&self) -> String {
        self.now.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}
