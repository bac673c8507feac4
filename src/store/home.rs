//! The home view: what a policy officer looks at first in the morning.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::query::{ActionFilter, ActionRow, MeetingFilter, MeetingRow, SortOrder};
use super::transparency::TransparencySection;
use super::Store;
use crate::error::Result;
use crate::model::MeetingStatus;

/// How far ahead "coming meetings" look.
pub const UPCOMING_DAYS: u64 = 28;
/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u64 = 7;
/// How far back a held meeting still waits for its flash; older ones are history.
pub const FLASH_PENDING_DAYS: u64 = 90;
/// How far back the Transparency section looks for meetings waiting for publication (a meeting
/// is late two weeks after it; older ones are in the whole list, `Store::transparency_pending`).
pub const TRANSPARENCY_DAYS: u64 = 90;
/// The most items of one list on the home view; each list also says how many there are in all,
/// and the window links to the whole list. A glance, not the register: the view costs the same on
/// a register of years as on a new one.
const HOME_LIMIT: u32 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HomeView {
    pub today: String,
    /// Planned meetings from today to four weeks ahead, soonest first.
    pub upcoming: Vec<MeetingRow>,
    pub upcoming_total: u32,
    /// Open or in-progress actions past due, the most overdue first.
    pub overdue: Vec<ActionRow>,
    pub overdue_total: u32,
    /// Open or in-progress actions due from today to seven days ahead.
    pub due_soon: Vec<ActionRow>,
    pub due_soon_total: u32,
    /// Held meetings of the last ninety days whose flash has not been sent, latest first.
    pub flash_pending: Vec<MeetingRow>,
    pub flash_pending_total: u32,
    /// Meetings of the last ninety days late for publication, and those due within seven days.
    pub transparency: TransparencySection,
}

fn plus(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

impl Store {
    pub fn home(&self, today: NaiveDate) -> Result<HomeView> {
        let upcoming = MeetingFilter {
            from: Some(today),
            to: Some(plus(today, UPCOMING_DAYS)),
            status: Some(MeetingStatus::Planned),
            order: SortOrder::Asc,
            limit: HOME_LIMIT,
            ..MeetingFilter::default()
        };
        let actions = |overdue: bool, due_from: Option<NaiveDate>, due_by: Option<NaiveDate>| ActionFilter {
            open: true,
            overdue,
            due_by,
            due_from,
            limit: HOME_LIMIT,
            ..ActionFilter::default()
        };
        let overdue = actions(true, None, None);
        let due_soon = actions(false, Some(today), Some(plus(today, DUE_SOON_DAYS)));
        let flash_pending = MeetingFilter {
            from: today.checked_sub_days(Days::new(FLASH_PENDING_DAYS)),
            to: Some(today),
            flash_pending: true,
            order: SortOrder::Desc,
            limit: HOME_LIMIT,
            ..MeetingFilter::default()
        };
        let upcoming = self.meetings_with_total(&upcoming)?;
        let overdue = self.actions_with_total(&overdue, today)?;
        let due_soon = self.actions_with_total(&due_soon, today)?;
        let flash_pending = self.meetings_with_total(&flash_pending)?;
        let transparency =
            self.transparency_section(today, TRANSPARENCY_DAYS, DUE_SOON_DAYS as i64, HOME_LIMIT as usize)?;
        Ok(HomeView {
            today: today.format("%Y-%m-%d").to_string(),
            upcoming: upcoming.rows,
            upcoming_total: upcoming.total,
            overdue: overdue.rows,
            overdue_total: overdue.total,
            due_soon: due_soon.rows,
            due_soon_total: due_soon.total,
            flash_pending: flash_pending.rows,
            flash_pending_total: flash_pending.total,
            transparency,
        })
    }
}
