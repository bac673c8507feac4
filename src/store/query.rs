//! The lists the CLI and the desktop page through: meetings by date with filters, and
//! agreed actions by due date. Each filter combination is driven by the index that orders
//! it, so a page costs about its own size whatever the register holds.

use chrono::{Days, NaiveDate, NaiveTime};
use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;
use ts_rs::TS;

use super::export::vocabulary;
use super::keys::{existing_id, row_id, KeySpace};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{ActionStatus, MeetingKind, MeetingStatus};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingFilter {
    /// First local date included.
    #[ts(optional, type = "string")]
    pub from: Option<NaiveDate>,
    /// Last local date included.
    #[ts(optional, type = "string")]
    pub to: Option<NaiveDate>,
    #[ts(optional)]
    pub code: Option<String>,
    #[ts(optional)]
    pub organisation: Option<String>,
    /// Only meetings this person took part in or organised.
    #[ts(optional)]
    pub person: Option<String>,
    #[ts(optional)]
    pub status: Option<MeetingStatus>,
    /// Only held meetings whose flash has not been sent.
    pub flash_pending: bool,
    #[ts(optional)]
    pub kind: Option<MeetingKind>,
    /// Words that must occur in the meeting's text (title, location, objective, points) or in
    /// its actions' titles and follow-up notes.
    #[ts(optional)]
    pub text: Option<String>,
    pub limit: u32,
    pub offset: u32,
    pub order: SortOrder,
}

/// A page of meetings and how many match the filter in all, so a list can size its scrollbar.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingPage {
    pub rows: Vec<MeetingRow>,
    pub total: u32,
}

/// A page of actions and how many match the filter in all.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionPage {
    pub rows: Vec<ActionRow>,
    pub total: u32,
}

/// The part of a meeting query that picks rows, shared by the page and its count.
struct Scope {
    from: &'static str,
    sort_start: &'static str,
    sort_id: &'static str,
    filter: String,
    args: Vec<Value>,
}

/// A meeting as a line of a list.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRow {
    pub key: String,
    pub title: String,
    pub kind: MeetingKind,
    pub codes: Vec<String>,
    pub start: String,
    pub end: String,
    pub timezone: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub participants: u32,
    pub actions: u32,
    pub flash_sent: bool,
}

/// Which agreed actions a list shows. The CLI, the desktop and the views all use this one
/// type; the date that "overdue" is measured against is not part of it but passed beside it,
/// read from the clock at the edge.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionFilter {
    /// Only open and in-progress actions.
    pub open: bool,
    /// Only open and in-progress actions due before today.
    pub overdue: bool,
    /// A person (their own actions) or an organisation (its own and its people's).
    #[ts(optional)]
    pub owner: Option<String>,
    #[ts(optional)]
    pub code: Option<String>,
    #[ts(optional)]
    pub status: Option<ActionStatus>,
    /// Due no later than this date (inclusive).
    #[ts(optional, type = "string")]
    pub due_by: Option<NaiveDate>,
    /// Due on or after this date; actions with no due date are left out.
    #[ts(optional, type = "string")]
    pub due_from: Option<NaiveDate>,
    pub limit: u32,
    pub offset: u32,
}

impl Default for ActionFilter {
    /// Every action, the first page of 50; set the fields that narrow it with struct update
    /// syntax.
    fn default() -> Self {
        ActionFilter {
            open: false,
            overdue: false,
            owner: None,
            code: None,
            status: None,
            due_by: None,
            due_from: None,
            limit: 50,
            offset: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    pub key: String,
    pub name: String,
}

/// An agreed action as a line of a list, with its meeting.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionRow {
    pub key: String,
    pub title: String,
    pub meeting: String,
    pub meeting_title: String,
    pub meeting_start: String,
    pub owners: Vec<Owner>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_period: Option<String>,
    pub status: ActionStatus,
    /// Overdue: still owed and its due-by date is past.
    pub overdue: bool,
    /// The date it is due by: `due`, else the last day of `duePeriod` (`autumn 2021` gives
    /// 2021-11-30) read in its meeting's year; absent when neither says.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_by: Option<String>,
    pub follow_ups: u32,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_follow_up: Option<String>,
    /// The meetings planned or held to carry it out, oldest first.
    pub follow_up_meetings: Vec<MeetingLink>,
}

/// A meeting named from another record: enough to show it and open it.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingLink {
    pub key: String,
    pub title: String,
    /// Local start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    pub status: MeetingStatus,
}

/// Seconds of the widest gap between a local date and UTC (UTC-12 to UTC+14), so a
/// UTC range can narrow an index scan before the exact local-date test.
const ZONE_SLACK: i64 = 14 * 3600;

fn midnight_utc(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp()
}

/// What `temp.text_hits` holds: the matches of one full-text query (keyed with the register's
/// `data_version`), as of this connection's `total_changes`.
pub(super) struct TextHits {
    key: String,
    changes: u64,
    /// How many meetings matched.
    count: usize,
}

impl Store {
    fn meeting_scope(&self, f: &MeetingFilter) -> Result<Scope> {
        let mut args: Vec<Value> = Vec::new();
        let mut conditions: Vec<String> = Vec::new();
        // The driving table orders the page; `d.start_utc`/`d.meeting_id` are its sort key.
        let (from, sort_start, sort_id) = if let Some(org) = &f.organisation {
            args.push(existing_id(&self.conn, KeySpace::Organisations, org)?.into());
            conditions.push(format!("d.organisation_id = ?{}", args.len()));
            ("meeting_organisations d JOIN meetings m ON m.id = d.meeting_id", "d.start_utc", "d.meeting_id")
        } else if let Some(code) = &f.code {
            args.push(existing_id(&self.conn, KeySpace::Codes, code)?.into());
            conditions.push(format!("d.code_id = ?{}", args.len()));
            ("meeting_codes d JOIN meetings m ON m.id = d.meeting_id", "d.start_utc", "d.meeting_id")
        } else {
            ("meetings m", "m.start_utc", "m.id")
        };
        if let (Some(code), Some(_)) = (&f.code, &f.organisation) {
            args.push(existing_id(&self.conn, KeySpace::Codes, code)?.into());
            // `+` keeps the planner on the primary key (meeting_id) for this per-row test.
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM meeting_codes mc WHERE mc.meeting_id = m.id AND +mc.code_id = ?{})",
                args.len()
            ));
        }
        if let Some(person) = &f.person {
            args.push(existing_id(&self.conn, KeySpace::People, person)?.into());
            conditions.push(format!(
                "(m.id IN (SELECT meeting_id FROM participants WHERE person_id = ?{n}) OR m.organiser_id = ?{n})",
                n = args.len()
            ));
        }
        if let Some(status) = f.status {
            args.push(status.as_str().to_string().into());
            conditions.push(format!("m.status = ?{}", args.len()));
        }
        if f.flash_pending {
            conditions.push("m.status = 'held' AND m.flash_sent IS NULL".into());
        }
        if let Some(kind) = f.kind {
            args.push(kind.as_str().to_string().into());
            conditions.push(format!("m.kind = ?{}", args.len()));
        }
        if let Some(from_date) = f.from {
            args.push((midnight_utc(from_date) - ZONE_SLACK).into());
            conditions.push(format!("{sort_start} >= ?{}", args.len()));
            args.push(from_date.format("%Y-%m-%d").to_string().into());
            conditions.push(format!("m.start_local >= ?{}", args.len()));
        }
        if let Some(to_date) = f.to {
            let next = to_date
                .checked_add_days(Days::new(1))
                .ok_or_else(|| Error::BadArgument(format!("date {to_date} is out of range")))?;
            args.push((midnight_utc(next) + ZONE_SLACK).into());
            conditions.push(format!("{sort_start} < ?{}", args.len()));
            args.push(next.format("%Y-%m-%d").to_string().into());
            conditions.push(format!("m.start_local < ?{}", args.len()));
        }
        if let Some(text) = &f.text {
            if let Some(query) = super::search::fts_query(text) {
                if self.fill_text_hits(&query)? == 0 {
                    // No hit: a constant false condition, which SQLite evaluates once instead
                    // of probing the empty table for every meeting.
                    conditions.push("0".into());
                } else {
                    // EXISTS keeps the scan in date order, probing the hits: a page of a common
                    // word is found in its first rows instead of sorting every hit.
                    conditions.push("EXISTS (SELECT 1 FROM temp.text_hits h WHERE h.id = m.id)".into());
                }
            }
        }
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        Ok(Scope { from, sort_start, sort_id, filter, args })
    }

    /// Puts the meetings that match `query` (in their own text or their actions') into
    /// `temp.text_hits`, unless it holds them already. Index rows are id*4+kind; kind 0 is a
    /// meeting.
    /// Returns how many there are.
    fn fill_text_hits(&self, query: &str) -> Result<usize> {
        // `data_version` moves when another process commits, `total_changes` when this
        // connection writes a row: either makes the held hits stale, so no write path has to
        // remember to clear them.
        let version: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let key = format!("{version}:{query}");
        if let Some(held) = self.text_hits.borrow().as_ref() {
            if held.key == key && held.changes == self.conn.total_changes() {
                return Ok(held.count);
            }
        }
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS text_hits (id INTEGER PRIMARY KEY); DELETE FROM temp.text_hits;",
        )?;
        // A meeting's index entry holds its actions' text too (see import::write_meeting).
        let count = self
            .conn
            .prepare_cached(
                "INSERT INTO temp.text_hits (id) SELECT rowid >> 2 FROM search WHERE search MATCH ?1 AND (rowid & 3) = 0",
            )?
            .execute([query])?;
        // Counted after the fill, whose own rows are in `total_changes`.
        self.text_hits.replace(Some(TextHits { key, changes: self.conn.total_changes(), count }));
        Ok(count)
    }

    /// How many meetings match `f`, whatever its limit and offset.
    pub fn meetings_total(&self, f: &MeetingFilter) -> Result<u32> {
        self.count_meetings(f, &self.meeting_scope(f)?)
    }

    fn count_meetings(&self, f: &MeetingFilter, scope: &Scope) -> Result<u32> {
        let Scope { from, filter, args, .. } = scope;
        // Nothing but words (the page's size, place and order do not narrow a count).
        let text_only = MeetingFilter { text: None, limit: 0, offset: 0, order: SortOrder::default(), ..f.clone() }
            == MeetingFilter::default();
        if text_only && f.text.as_deref().and_then(super::search::fts_query).is_some() {
            // The hits are the answer: no need to probe them for every meeting.
            return Ok(self.conn.query_row("SELECT count(*) FROM temp.text_hits", [], |r| r.get(0))?);
        }
        let sql = format!("SELECT count(*) FROM {from} {filter}");
        Ok(self.conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0))?)
    }

    /// A page of meetings and the number matching in all.
    pub fn meetings_with_total(&self, f: &MeetingFilter) -> Result<MeetingPage> {
        // One scope for both (its key lookups, and the text search it may run).
        let scope = self.meeting_scope(f)?;
        let total = self.count_meetings(f, &scope)?;
        Ok(MeetingPage { rows: self.page_meetings(f, scope)?, total })
    }

    pub fn meetings_page(&self, f: &MeetingFilter) -> Result<Vec<MeetingRow>> {
        self.page_meetings(f, self.meeting_scope(f)?)
    }

    fn page_meetings(&self, f: &MeetingFilter, scope: Scope) -> Result<Vec<MeetingRow>> {
        let Scope { from, sort_start, sort_id, filter, mut args } = scope;
        let direction = match f.order {
            SortOrder::Asc => "ASC",
            SortOrder::Desc => "DESC",
        };
        args.push(i64::from(f.limit).into());
        let limit = args.len();
        args.push(i64::from(f.offset).into());
        let offset = args.len();
        // The page's ids first, from the index alone: a deep offset then skips index entries,
        // not rows whose lists are counted.
        let sql = format!(
            "SELECT m.key, m.title, m.kind,
                    (SELECT group_concat(c.key, ' ' ORDER BY mc.pos) FROM meeting_codes mc JOIN codes c ON c.id = mc.code_id WHERE mc.meeting_id = m.id),
                    m.start_local, m.end_local, m.timezone, m.location, m.status,
                    (SELECT count(*) FROM participants p WHERE p.meeting_id = m.id),
                    (SELECT count(*) FROM actions a WHERE a.meeting_id = m.id),
                    m.flash_sent IS NOT NULL
             FROM (SELECT {sort_id} AS page_id, {sort_start} AS page_start FROM {from} {filter}
                   ORDER BY {sort_start} {direction}, {sort_id} {direction}
                   LIMIT ?{limit} OFFSET ?{offset}) page
             JOIN meetings m ON m.id = page.page_id
             ORDER BY page.page_start {direction}, page.page_id {direction}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let codes: Option<String> = r.get(3)?;
            Ok(MeetingRow {
                key: r.get(0)?,
                title: r.get(1)?,
                kind: vocabulary(r.get(2)?, MeetingKind::parse)?,
                codes: codes.map(|c| c.split(' ').map(str::to_string).collect()).unwrap_or_default(),
                start: r.get(4)?,
                end: r.get(5)?,
                timezone: r.get(6)?,
                location: r.get(7)?,
                status: vocabulary(r.get(8)?, MeetingStatus::parse)?,
                participants: r.get(9)?,
                actions: r.get(10)?,
                flash_sent: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The tables, conditions and arguments of the actions `f` selects, and their order.
    fn action_scope(&self, f: &ActionFilter, today: NaiveDate) -> Result<ActionScope> {
        let mut args: Vec<Value> = Vec::new();
        let mut conditions: Vec<String> = Vec::new();
        if f.open || f.overdue {
            conditions.push(PENDING.to_string());
        }
        if f.overdue {
            args.push(today.format("%Y-%m-%d").to_string().into());
            conditions.push(format!("{DUE} < ?{}", args.len()));
        }
        if let Some(due_by) = f.due_by {
            args.push(due_by.format("%Y-%m-%d").to_string().into());
            conditions.push(format!("{DUE} <= ?{}", args.len()));
        }
        if let Some(due_from) = f.due_from {
            args.push(due_from.format("%Y-%m-%d").to_string().into());
            // On the indexed expression, so that the index's range has both ends.
            conditions.push(format!("a.due_by IS NOT NULL AND {DUE} >= ?{}", args.len()));
        }
        if let Some(status) = f.status {
            args.push(status.as_str().to_string().into());
            conditions.push(format!("a.status = ?{}", args.len()));
        }
        // With an owner, the page is driven by action_parties (ordered by pending, due);
        // otherwise by the actions' own due-date indexes.
        // No meeting here: a count does not need it, and every action has one.
        let mut from = "actions a".to_string();
        let mut order = format!("{DUE}, a.id");
        if let Some(owner) = &f.owner {
            let party = match row_id(&self.conn, KeySpace::People, owner)? {
                Some(id) => id * 2,
                None => match row_id(&self.conn, KeySpace::Organisations, owner)? {
                    Some(id) => id * 2 + 1,
                    None => return Err(Error::NotFound { what: "person or organisation", key: owner.to_string() }),
                },
            };
            args.push(party.into());
            if f.open || f.overdue {
                from = "action_parties d JOIN actions a ON a.id = d.action_id".into();
                conditions.push(format!("d.party = ?{} AND d.pending = 1", args.len()));
                order = "d.due_key, d.action_id".into();
            } else {
                conditions
                    .push(format!("a.id IN (SELECT action_id FROM action_parties WHERE party = ?{})", args.len()));
            }
        }
        if let Some(code) = &f.code {
            args.push(existing_id(&self.conn, KeySpace::Codes, code)?.into());
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM meeting_codes mc WHERE mc.meeting_id = a.meeting_id AND +mc.code_id = ?{})",
                args.len()
            ));
        }
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        Ok(ActionScope { from, filter, order, args })
    }

    /// How many actions match `f` (overdue measured against `today`), whatever its limit
    /// and offset.
    pub fn actions_total(&self, f: &ActionFilter, today: NaiveDate) -> Result<u32> {
        self.count_actions(&self.action_scope(f, today)?)
    }

    fn count_actions(&self, scope: &ActionScope) -> Result<u32> {
        let ActionScope { from, filter, args, .. } = scope;
        let sql = format!("SELECT count(*) FROM {from} {filter}");
        Ok(self.conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0))?)
    }

    /// A page of actions and the number matching in all.
    pub fn actions_with_total(&self, f: &ActionFilter, today: NaiveDate) -> Result<ActionPage> {
        let scope = self.action_scope(f, today)?;
        let total = self.count_actions(&scope)?;
        Ok(ActionPage { rows: self.page_actions(f, today, scope)?, total })
    }

    /// The action `key` as a line of the actions list (with its meeting, owners and follow-up
    /// meetings): what a meeting that follows it up shows of it, by its title and not its key.
    pub fn action_row(&self, key: &str, today: NaiveDate) -> Result<ActionRow> {
        let scope = ActionScope {
            from: "actions a".into(),
            filter: "WHERE a.key = ?1".into(),
            order: "a.id".into(),
            args: vec![key.to_string().into()],
        };
        let one = ActionFilter { limit: 1, ..ActionFilter::default() };
        self.page_actions(&one, today, scope)?
            .pop()
            .ok_or_else(|| Error::NotFound { what: "action", key: key.to_string() })
    }

    /// A page of the actions `f` selects, overdue measured against `today`.
    pub fn actions_page(&self, f: &ActionFilter, today: NaiveDate) -> Result<Vec<ActionRow>> {
        self.page_actions(f, today, self.action_scope(f, today)?)
    }

    fn page_actions(&self, f: &ActionFilter, today: NaiveDate, scope: ActionScope) -> Result<Vec<ActionRow>> {
        let ActionScope { from, filter, order, mut args } = scope;
        let today = today.format("%Y-%m-%d").to_string();
        args.push(today.into());
        let today_arg = args.len();
        args.push(i64::from(f.limit).into());
        let limit = args.len();
        args.push(i64::from(f.offset).into());
        let offset = args.len();
        let sql = format!(
            "SELECT a.id, a.key, a.title, m.key, m.title, m.start_local, a.due, a.due_period, a.status,
                    {PENDING} AND {DUE} < ?{today_arg}, a.due_by,
                    (SELECT count(*) FROM follow_ups f WHERE f.action_id = a.id),
                    (SELECT f.date || ': ' || f.text FROM follow_ups f WHERE f.action_id = a.id ORDER BY f.pos DESC LIMIT 1)
             FROM {from} JOIN meetings m ON m.id = a.meeting_id
             {filter}
             ORDER BY {order}
             LIMIT ?{limit} OFFSET ?{offset}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ActionRow {
                    key: r.get(1)?,
                    title: r.get(2)?,
                    meeting: r.get(3)?,
                    meeting_title: r.get(4)?,
                    meeting_start: r.get(5)?,
                    owners: Vec::new(),
                    due: r.get(6)?,
                    due_period: r.get(7)?,
                    status: vocabulary(r.get(8)?, ActionStatus::parse)?,
                    overdue: r.get(9)?,
                    due_by: r.get(10)?,
                    follow_ups: r.get(11)?,
                    last_follow_up: r.get(12)?,
                    follow_up_meetings: Vec::new(),
                },
            ))
        })?;
        let mut out = Vec::new();
        let mut owners = self.conn.prepare_cached(
            "SELECT COALESCE(pe.key, o.key), COALESCE(pe.name, o.acronym, o.name) FROM action_owners ao
             LEFT JOIN people pe ON pe.id = ao.person_id LEFT JOIN organisations o ON o.id = ao.organisation_id
             WHERE ao.action_id = ?1 ORDER BY ao.pos",
        )?;
        let mut followers = self.conn.prepare_cached(
            "SELECT key, title, start_local, status FROM meetings WHERE follow_up_of = ?1 ORDER BY start_utc, id",
        )?;
        for row in rows {
            let (id, mut action) = row?;
            let list = owners.query_map([id], |r| Ok(Owner { key: r.get(0)?, name: r.get(1)? }))?;
            action.owners = list.collect::<rusqlite::Result<_>>()?;
            let list = followers.query_map([id], |r| {
                Ok(MeetingLink {
                    key: r.get(0)?,
                    title: r.get(1)?,
                    start: r.get(2)?,
                    status: vocabulary(r.get(3)?, MeetingStatus::parse)?,
                })
            })?;
            action.follow_up_meetings = list.collect::<rusqlite::Result<_>>()?;
            out.push(action);
        }
        Ok(out)
    }
}

/// An action waits for someone: open or in progress.
const PENDING: &str = "a.status IN ('open', 'in-progress')";
/// An action's due date for sorting and comparing; none sorts last.
/// An action's due date (its own, else the end of its agreed period) for sorting and comparing;
/// none sorts last.
const DUE: &str = "COALESCE(a.due_by, '9999-12-31')";

struct ActionScope {
    from: String,
    filter: String,
    order: String,
    args: Vec<Value>,
}

/// Display names of the directory, for rendering keys: a person's name (with their
/// organisation's short name) and an organisation's acronym, else its name.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub people: std::collections::HashMap<String, String>,
    pub organisations: std::collections::HashMap<String, String>,
}

impl Labels {
    pub fn of(&self, key: &str) -> String {
        self.people.get(key).or_else(|| self.organisations.get(key)).cloned().unwrap_or_else(|| key.to_string())
    }
}

impl Store {
    pub fn labels(&self) -> Result<Labels> {
        let mut labels = Labels::default();
        let mut stmt = self.conn.prepare_cached("SELECT key, COALESCE(acronym, name) FROM organisations")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (k, v) = row?;
            labels.organisations.insert(k, v);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.key, p.name, COALESCE(o.acronym, o.name) FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id",
        )?;
        for row in stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
        {
            let (k, name, org) = row?;
            labels.people.insert(
                k,
                match org {
                    Some(org) => format!("{name} ({org})"),
                    None => name,
                },
            );
        }
        Ok(labels)
    }
}
