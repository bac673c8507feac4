//! The reminder of the day: one line that sums up what is late, for the desktop to show as one
//! notification on start-up, at most once a day, and never when there is nothing to say.
//!
//! Pure: the counts, the date it was last shown and today are given; the desktop reads the
//! clock, sends the notification and records the day (`Store::mark_reminder_shown`).

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

/// What the notification says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub overdue_actions: u32,
    pub late_publications: u32,
    /// The one line: `3 overdue actions and 1 late publication`.
    pub text: String,
}

fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line summary of `overdue_actions` and `late_publications`; none when both are 0.
pub fn summary(overdue_actions: u32, late_publications: u32) -> Option<String> {
    let actions = (overdue_actions > 0).then(|| count(overdue_actions, "overdue action", "overdue actions"));
    let publications = (late_publications > 0)
        .then(|| count(late_publications, "meeting late for publication", "meetings late for publication"));
    match (actions, publications) {
        (Some(a), Some(p)) => Some(format!("{a} and {p}")),
        (one, other) => one.or(other),
    }
}

/// Whether the reminder is due today, given the day it was last shown: at most once a day. A
/// day after today (the clock was set back) is taken as today: nothing twice.
pub fn is_due(last_shown: Option<NaiveDate>, today: NaiveDate) -> bool {
    last_shown.is_none_or(|shown| shown < today)
}

/// The reminder to show today, if any: due (not shown yet today) and something to say.
pub fn reminder(
    overdue_actions: u32,
    late_publications: u32,
    last_shown: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Reminder> {
    if !is_due(last_shown, today) {
        return None;
    }
    summary(overdue_actions, late_publications).map(|text| Reminder { overdue_actions, late_publications, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn one_line_or_nothing() {
        assert_eq!(summary(0, 0), None);
        assert_eq!(summary(1, 0).as_deref(), Some("1 overdue action"));
        assert_eq!(summary(0, 2).as_deref(), Some("2 meetings late for publication"));
        assert_eq!(summary(3, 1).as_deref(), Some("3 overdue actions and 1 meeting late for publication"));
    }

    #[test]
    fn at_most_once_a_day() {
        let today = d("2021-07-10");
        assert!(is_due(None, today));
        assert!(is_due(Some(d("2021-07-09")), today));
        assert!(!is_due(Some(today), today));
        assert!(!is_due(Some(d("2021-07-11")), today), "a clock set back shows nothing twice");
        assert_eq!(reminder(2, 0, Some(today), today), None);
        assert_eq!(reminder(0, 0, None, today), None);
        assert_eq!(reminder(2, 0, None, today).map(|r| r.text), Some("2 overdue actions".into()));
    }
}
