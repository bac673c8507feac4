//! The Codes view: per Code, who signed it, how many meetings it had and has coming, and
//! how many agreed actions are still open.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::keys::{existing_id, KeySpace};
use super::query::Owner;
use super::Store;
use crate::error::Result;
use crate::model::Code;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CodeOverview {
    pub code: Code,
    pub signatories: Vec<Owner>,
    pub meetings: u32,
    /// Meetings starting from now on.
    pub upcoming: u32,
    /// Open or in-progress actions agreed at its meetings.
    pub open_actions: u32,
}

impl Store {
    pub fn codes_overview(&self, now: DateTime<Utc>) -> Result<Vec<CodeOverview>> {
        let mut out = Vec::new();
        for code in self.codes()? {
            let id = existing_id(&self.conn, KeySpace::Codes, &code.key)?;
            let signatories = {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT o.key, COALESCE(o.acronym, o.name) FROM organisation_codes oc JOIN organisations o ON o.id = oc.organisation_id
                     WHERE oc.code_id = ?1 ORDER BY o.name",
                )?;
                let rows = stmt.query_map([id], |r| Ok(Owner { key: r.get(0)?, name: r.get(1)? }))?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let (meetings, upcoming): (u32, u32) = self
                .conn
                .prepare_cached(
                    "SELECT count(*), count(*) FILTER (WHERE start_utc >= ?2) FROM meeting_codes WHERE code_id = ?1",
                )?
                .query_row(rusqlite::params![id, now.timestamp()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let open_actions: u32 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM meeting_codes mc JOIN actions a ON a.meeting_id = mc.meeting_id
                 WHERE mc.code_id = ?1 AND a.status IN ('open', 'in-progress')",
                )?
                .query_row([id], |r| r.get(0))?;
            out.push(CodeOverview { code, signatories, meetings, upcoming, open_actions });
        }
        Ok(out)
    }
}
