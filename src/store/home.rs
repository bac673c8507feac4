//! The home view: what a policy officer looks at first in the morning.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::query::{ActionFilter, ActionRow, MeetingFilter, MeetingRow, SortOrder};
use super::Store;
use crate::error::Result;
use crate::model::MeetingStatus;

/// How far ahead "coming meetings" look.
pub const UPCOMING_DAYS: u64 = 28;
/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u64 = 7;
/// How far back a held meeting still waits for its flash; older ones are history.
pub const FLASH_PENDING_DAYS: u64 = 90;
/// The most items of one list on the home view.
const HOME_LIMIT: u32 = 100;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HomeView {
    pub today: String,
    /// Planned meetings from today to four weeks ahead, soonest first.
    pub upcoming: Vec<MeetingRow>,
    /// Open or in-progress actions past due, the most overdue first.
    pub overdue: Vec<ActionRow>,
    /// Open or in-progress actions due from today to seven days ahead.
    pub due_soon: Vec<ActionRow>,
    /// Held meetings of the last ninety days whose flash has not been sent, latest first.
    pub flash_pending: Vec<MeetingRow>,
}

fn plus(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

impl Store {
    pub fn home(&self, today: NaiveDate) -> Result<HomeView> {
        let upcoming = self.meetings_page(&MeetingFilter {
            from: Some(today),
            to: Some(plus(today, UPCOMING_DAYS)),
            status: Some(MeetingStatus::Planned),
            order: SortOrder::Asc,
            limit: HOME_LIMIT,
            ..MeetingFilter::default()
        })?;
        let actions = |overdue: bool, due_from: Option<NaiveDate>, due_by: Option<NaiveDate>| ActionFilter {
            open: true,
            overdue,
            due_by,
            due_from,
            limit: HOME_LIMIT,
            ..ActionFilter::on(today)
        };
        let overdue = self.actions_page(&actions(true, None, None))?;
        let due_soon = self.actions_page(&actions(false, Some(today), Some(plus(today, DUE_SOON_DAYS))))?;
        let flash_pending = self.meetings_page(&MeetingFilter {
            from: today.checked_sub_days(Days::new(FLASH_PENDING_DAYS)),
            to: Some(today),
            flash_pending: true,
            order: SortOrder::Desc,
            limit: HOME_LIMIT,
            ..MeetingFilter::default()
        })?;
        Ok(HomeView { today: today.format("%Y-%m-%d").to_string(), upcoming, overdue, due_soon, flash_pending })
    }
}
