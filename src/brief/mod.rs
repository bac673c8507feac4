//! The organisation brief: before meeting an organisation, everything it said and owes on one
//! document. Its meetings in date order, under each the points it made there and the actions
//! agreed there that it owes or owed, as data (for the window, like the Directory's timeline)
//! and as a PDF set by the typesetter ([`crate::pdf`]).
//!
//! The brief is for the officer, not for release: names are not withheld, and restricted
//! points are printed, marked as such.

mod pdf;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::model::{ActionStatus, MeetingKind, MeetingStatus, OrgKind, Unit};
use crate::monitoring::shown;
use crate::store::transparency::OrganisationRecords;
use crate::store::{ActionRow, MeetingRow, Store};
use crate::transparency::scope;

pub use pdf::{document, metadata, typeset};

/// An organisation's brief.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationBrief {
    pub key: String,
    pub name: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    pub kind: OrgKind,
    /// Its Transparency Register number.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
    /// An interest representative without a register number.
    pub unregistered: bool,
    /// The first date covered (`YYYY-MM-DD`); none: its whole history.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Oldest first.
    pub meetings: Vec<BriefMeeting>,
    /// How many of its actions are still open or in progress, and how many of those are late.
    pub open_actions: u32,
    pub overdue_actions: u32,
    /// Its latest monitoring figure of each indicator it has figures of (set from the
    /// register by `of_organisation`; `compose` has none).
    pub figures: Vec<BriefFigure>,
}

/// An organisation's latest figure of one indicator, as the brief's table shows it, and its
/// figures across the exercises, for the brief's chart.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefFigure {
    /// The indicator's label.
    pub indicator: String,
    /// The exercise's title.
    pub exercise: String,
    /// `80.1 %`, with its change against the previous exercise when there is one:
    /// `82.5 % (+9.2 pp)`.
    pub value: String,
    /// The average over all organisations in that exercise (`–` when none was published).
    pub average: String,
    pub unit: Unit,
    /// The Code's exercises, oldest first, by the first word of their title (`6th`).
    pub exercises: Vec<String>,
    /// The organisation's figure in each exercise, and the average's.
    pub values: Vec<Option<f64>>,
    pub averages: Vec<Option<f64>>,
}

/// A meeting of the brief, with what the organisation said and owes from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefMeeting {
    pub key: String,
    pub title: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    /// Local start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The organisation is among its participants (itself or through its people); false for a
    /// meeting where it was only given an action.
    pub took_part: bool,
    /// The points it made there, in order.
    pub points: Vec<BriefPoint>,
    /// The actions agreed there that it owes or owed.
    pub actions: Vec<BriefAction>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefPoint {
    /// 0 for a point, 1 for a reply to another party's point, and so on.
    pub depth: u32,
    pub text: String,
    /// Not for release.
    pub restricted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefAction {
    pub key: String,
    pub title: String,
    /// Who carries it out, as the lists name them.
    pub owners: Vec<String>,
    pub status: ActionStatus,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_period: Option<String>,
    /// Still owed and past its due-by date.
    pub overdue: bool,
    /// The last follow-up note: `2021-10-20: Invitations sent.`
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_follow_up: Option<String>,
}

/// A brief's PDF written where the user chose (the desktop's answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefSaved {
    pub path: String,
    pub pages: u32,
    /// Meetings in the brief.
    pub meetings: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The typesetter's warnings (characters no font shows), one line each.
    pub notes: Vec<String>,
}

fn meeting(row: &MeetingRow, took_part: bool) -> BriefMeeting {
    BriefMeeting {
        key: row.key.clone(),
        title: row.title.clone(),
        kind: row.kind,
        status: row.status,
        start: row.start.clone(),
        location: row.location.clone(),
        took_part,
        points: Vec::new(),
        actions: Vec::new(),
    }
}

fn action(row: ActionRow) -> BriefAction {
    BriefAction {
        key: row.key,
        title: row.title,
        owners: row.owners.into_iter().map(|o| o.name).collect(),
        status: row.status,
        due: row.due,
        due_period: row.due_period,
        overdue: row.overdue,
        last_follow_up: row.last_follow_up,
    }
}

/// The brief made of `records` (see `Store::organisation_records`), since `from`.
pub fn compose(records: OrganisationRecords, from: Option<NaiveDate>) -> OrganisationBrief {
    let OrganisationRecords { organisation, meetings, points, actions, other_meetings } = records;
    // By start and key: date order, and one entry per meeting.
    let mut by_meeting: BTreeMap<(String, String), BriefMeeting> = BTreeMap::new();
    let mut order: std::collections::HashMap<String, (String, String)> = std::collections::HashMap::new();
    for (row, took_part) in meetings.iter().map(|m| (m, true)).chain(other_meetings.iter().map(|m| (m, false))) {
        let slot = (row.start.clone(), row.key.clone());
        order.insert(row.key.clone(), slot.clone());
        by_meeting.entry(slot).or_insert_with(|| meeting(row, took_part));
    }
    for point in points {
        if let Some(m) = order.get(&point.meeting).and_then(|slot| by_meeting.get_mut(slot)) {
            m.points.push(BriefPoint { depth: point.depth, text: point.text, restricted: point.restricted });
        }
    }
    let open_actions = actions.iter().filter(|a| a.status.is_pending()).count();
    let overdue_actions = actions.iter().filter(|a| a.overdue).count();
    for row in actions {
        if let Some(m) = order.get(&row.meeting).and_then(|slot| by_meeting.get_mut(slot)) {
            m.actions.push(action(row));
        }
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    OrganisationBrief {
        unregistered: scope::is_unregistered(&organisation),
        register_id: organisation.transparency_register_id.clone(),
        key: organisation.key,
        name: organisation.name,
        acronym: organisation.acronym,
        kind: organisation.kind,
        from: from.map(|d| d.format("%Y-%m-%d").to_string()),
        meetings: by_meeting.into_values().collect(),
        open_actions: count(open_actions),
        overdue_actions: count(overdue_actions),
        figures: Vec::new(),
    }
}

/// The latest figure of organisation `key` for each indicator it has figures of, Codes and
/// indicators in the register's order.
pub fn figures(store: &Store, key: &str) -> Result<Vec<BriefFigure>> {
    let results = store.results()?;
    let mut out = Vec::new();
    for code in crate::monitoring::view::codes(store)? {
        for ind in &code.indicators {
            if !results.iter().any(|r| r.indicator == ind.key && r.organisation.as_deref() == Some(key)) {
                continue;
            }
            let t = crate::monitoring::table::table(store, &code.key, Some(&ind.key), Some(key))?;
            let Some(rows) = t.indicators.first().map(|i| &i.rows) else { continue };
            let row_of = |org: Option<&str>| rows.iter().find(|r| r.organisation.as_deref() == org);
            let Some(own) = row_of(Some(key)) else { continue };
            let Some((k, cell)) = own.cells.iter().enumerate().rev().find(|(_, c)| c.value.is_some()) else {
                continue;
            };
            let Some(value) = cell.value else { continue };
            let mut text = shown(value, ind.unit);
            if let Some(change) = cell.change.filter(|c| *c != 0.0) {
                // A hyphen-minus: the embedded Noto Sans has no U+2212.
                let sign = if change > 0.0 { "+" } else { "-" };
                let amount = match ind.unit {
                    Unit::Percent => format!("{} pp", change.abs()),
                    Unit::Count => shown(change.abs(), ind.unit),
                };
                text.push_str(&format!(" ({sign}{amount})"));
            }
            let average = row_of(None)
                .and_then(|r| r.cells.get(k))
                .and_then(|c| c.value)
                .map_or_else(|| "–".to_string(), |v| shown(v, ind.unit));
            out.push(BriefFigure {
                indicator: ind.label.clone(),
                exercise: t.exercises.get(k).map(|e| e.title.clone()).unwrap_or_default(),
                value: text,
                average,
                unit: ind.unit,
                exercises: t
                    .exercises
                    .iter()
                    .map(|e| e.title.split_whitespace().next().unwrap_or_default().to_string())
                    .collect(),
                values: own.cells.iter().map(|c| c.value).collect(),
                averages: match row_of(None) {
                    Some(r) => r.cells.iter().map(|c| c.value).collect(),
                    None => vec![None; t.exercises.len()],
                },
            });
        }
    }
    Ok(out)
}

/// The brief of organisation `key` since `from` (its whole history without), overdue measured
/// on `today`.
pub fn of_organisation(
    store: &Store,
    key: &str,
    from: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<OrganisationBrief> {
    let mut brief = compose(store.organisation_records(key, from, today)?, from);
    brief.figures = figures(store, key)?;
    Ok(brief)
}

/// A file name for the brief: `brief-tiktok-2021-01-01.pdf` (`-all` without a start date).
pub fn file_name(brief: &OrganisationBrief) -> String {
    let key: String = brief
        .key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '-' })
        .collect();
    format!("brief-{key}-{}.pdf", brief.from.as_deref().unwrap_or("all"))
}
