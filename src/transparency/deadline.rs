//! The two-week rule: a held meeting in scope is published within 14 days of its date.
//!
//! Pure date arithmetic: `today` is given (read from the clock at the edge), and every answer
//! follows from the meeting's date, status, scope and publication date.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::model::MeetingStatus;

/// Days from a meeting to the last day of its publication.
pub const PUBLICATION_DAYS: u64 = 14;

/// The last day a meeting held on `meeting` may be published.
pub fn due_date(meeting: NaiveDate) -> NaiveDate {
    meeting.checked_add_days(Days::new(PUBLICATION_DAYS)).unwrap_or(NaiveDate::MAX)
}

/// A publication's deadline as seen on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub due: NaiveDate,
    /// Days from today to the due date: 0 on the day, negative when late.
    pub days_left: i64,
}

impl Deadline {
    pub fn new(meeting: NaiveDate, today: NaiveDate) -> Deadline {
        let due = due_date(meeting);
        Deadline { due, days_left: (due - today).num_days() }
    }

    pub fn late(&self) -> bool {
        self.days_left < 0
    }
}

/// Where a meeting stands under the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum PublicationState {
    /// Planned or cancelled: nothing to publish.
    NotHeld,
    /// Held but dated after today (entered ahead): not due yet.
    Upcoming,
    /// Out of scope: not published.
    Exempt,
    /// Published (the date is in the record).
    Published,
    /// To publish, the due date today or ahead.
    Due,
    /// To publish, the due date past.
    Late,
}

impl PublicationState {
    /// Waiting for publication: due or late.
    pub fn is_pending(self) -> bool {
        matches!(self, PublicationState::Due | PublicationState::Late)
    }
}

/// The state of a meeting of `status`, dated `meeting`, in scope or not, published or not, and
/// its deadline when it waits for publication.
pub fn assess(
    status: MeetingStatus,
    meeting: NaiveDate,
    in_scope: bool,
    published: bool,
    today: NaiveDate,
) -> (PublicationState, Option<Deadline>) {
    if status != MeetingStatus::Held {
        return (PublicationState::NotHeld, None);
    }
    if !in_scope {
        return (PublicationState::Exempt, None);
    }
    if published {
        return (PublicationState::Published, None);
    }
    if meeting > today {
        return (PublicationState::Upcoming, None);
    }
    let deadline = Deadline::new(meeting, today);
    (if deadline.late() { PublicationState::Late } else { PublicationState::Due }, Some(deadline))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn two_weeks_counted_down_then_late() {
        let deadline = Deadline::new(d("2021-06-24"), d("2021-06-30"));
        assert_eq!(deadline, Deadline { due: d("2021-07-08"), days_left: 8 });
        assert!(!Deadline::new(d("2021-06-24"), d("2021-07-08")).late());
        assert_eq!(Deadline::new(d("2021-06-24"), d("2021-07-10")).days_left, -2);
    }

    #[test]
    fn only_held_dated_in_scope_unpublished_meetings_wait() {
        let (today, day) = (d("2021-06-30"), d("2021-06-24"));
        assert_eq!(assess(MeetingStatus::Held, day, true, false, today).0, PublicationState::Due);
        assert_eq!(assess(MeetingStatus::Planned, day, true, false, today).0, PublicationState::NotHeld);
        assert_eq!(assess(MeetingStatus::Held, day, false, false, today).0, PublicationState::Exempt);
        assert_eq!(assess(MeetingStatus::Held, day, true, true, today).0, PublicationState::Published);
        assert_eq!(assess(MeetingStatus::Held, d("2021-07-01"), true, false, today).0, PublicationState::Upcoming);
        assert_eq!(assess(MeetingStatus::Held, today, true, false, today).1.map(|d| d.days_left), Some(14));
        assert_eq!(assess(MeetingStatus::Held, d("2021-06-01"), true, false, today).0, PublicationState::Late);
    }
}
