//! Import: an upsert by key of a whole document, in one transaction. Everything is
//! checked first (`crate::validate`), then written; any failure rolls the whole back.

use foldhash::{HashMap, HashSet};

use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::keys::{row_id, KeySpace};
use super::search::{self, SearchKind};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{Action, Document, Extra, Invitation, Meeting, Point, Unit};
use crate::validate::{self, Existing, Span};

/// What an import changed, per kind of record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub codes_added: u32,
    pub codes_replaced: u32,
    pub organisations_added: u32,
    pub organisations_replaced: u32,
    pub people_added: u32,
    pub people_replaced: u32,
    pub meetings_added: u32,
    pub meetings_replaced: u32,
    pub exercises_added: u32,
    pub exercises_replaced: u32,
    pub indicators_added: u32,
    pub indicators_replaced: u32,
    /// Figures new to the register, and those whose value changed.
    pub results_added: u32,
    pub results_changed: u32,
}

/// The register as validation sees it. Answers are remembered: a large document asks about
/// the same few hundred directory keys hundreds of thousands of times.
struct InStore<'a> {
    tx: &'a Transaction<'a>,
    /// Per query, key -> answer (nested so that a lookup needs no owned key).
    known: std::cell::RefCell<HashMap<&'static str, HashMap<String, bool>>>,
    /// In a bulk load, the meetings rows: what is asked of them is answered from here.
    loaded: Option<&'a Loaded>,
}

impl<'a> InStore<'a> {
    fn new(tx: &'a Transaction<'a>, loaded: Option<&'a Loaded>) -> Self {
        InStore { tx, known: Default::default(), loaded }
    }

    fn exists(&self, sql: &'static str, key: &str) -> Result<bool> {
        if let Some(&answer) = self.known.borrow().get(sql).and_then(|known| known.get(key)) {
            return Ok(answer);
        }
        let answer = self.tx.prepare_cached(sql)?.query_row([key], |_| Ok(())).optional()?.is_some();
        self.known.borrow_mut().entry(sql).or_default().insert(key.to_string(), answer);
        Ok(answer)
    }

    /// The text `sql` answers for `arg`: none when no row matches or its value is NULL.
    fn text(&self, sql: &'static str, arg: &str) -> Result<Option<String>> {
        Ok(self.tx.prepare_cached(sql)?.query_row([arg], |r| r.get::<_, Option<String>>(0)).optional()?.flatten())
    }
}

impl Existing for InStore<'_> {
    fn has_code(&self, key: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM codes WHERE key = ?1", key)
    }
    fn has_organisation(&self, key: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM organisations WHERE key = ?1", key)
    }
    fn has_person(&self, key: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM people WHERE key = ?1", key)
    }
    fn meeting_of_action(&self, key: &str) -> Result<Option<String>> {
        self.text("SELECT m.key FROM actions a JOIN meetings m ON m.id = a.meeting_id WHERE a.key = ?1", key)
    }
    fn meeting_of_invitation(&self, uid: &str) -> Result<Option<String>> {
        if let Some(loaded) = self.loaded {
            return Ok(loaded.uids.get(uid).cloned());
        }
        self.text("SELECT key FROM meetings WHERE invitation_uid = ?1", uid)
    }
    fn invitation_of(&self, meeting: &str) -> Result<Option<String>> {
        if let Some(loaded) = self.loaded {
            return Ok(loaded.meetings.get(meeting).and_then(|(_, uid)| uid.clone()));
        }
        self.text("SELECT invitation_uid FROM meetings WHERE key = ?1", meeting)
    }
    fn exercise_code(&self, key: &str) -> Result<Option<String>> {
        self.text("SELECT c.key FROM exercises e JOIN codes c ON c.id = e.code_id WHERE e.key = ?1", key)
    }
    fn indicator_of(&self, key: &str) -> Result<Option<(String, Unit)>> {
        let row: Option<(String, String)> = self
            .tx
            .prepare_cached("SELECT c.key, i.unit FROM indicators i JOIN codes c ON c.id = i.code_id WHERE i.key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            Some((code, unit)) => Ok(Some((code, Unit::parse(&unit).map_err(Error::Malformed)?))),
            None => Ok(None),
        }
    }
    fn signatory_codes(&self, organisation: &str) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT c.key FROM organisation_codes oc JOIN organisations o ON o.id = oc.organisation_id
             JOIN codes c ON c.id = oc.code_id WHERE o.key = ?1",
        )?;
        let rows = stmt.query_map([organisation], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The meetings a bulk load wrote (into a register that held none when its transaction began,
/// so they are all the meetings there are): validation's questions about meetings, and the
/// writer's "is this key new?", answered without a query each (three a meeting).
#[derive(Default)]
struct Loaded {
    /// Key -> row id and invitation UID.
    meetings: HashMap<String, (i64, Option<String>)>,
    /// Invitation UID -> key.
    uids: HashMap<String, String>,
}

impl Loaded {
    fn wrote(&mut self, key: &str, id: i64, uid: Option<&str>) {
        let before = self.meetings.insert(key.to_string(), (id, uid.map(str::to_string)));
        if let Some(old) = before.and_then(|(_, old)| old).filter(|old| Some(old.as_str()) != uid) {
            self.uids.remove(&old);
        }
        if let Some(uid) = uid {
            self.uids.insert(uid.to_string(), key.to_string());
        }
    }
}

fn extra_json(extra: &Option<Extra>) -> Option<String> {
    extra.as_ref().map(|e| serde_json::Value::Object(e.clone()).to_string())
}

/// Key -> row id of the directory tables, loaded once per import.
struct Ids {
    codes: HashMap<String, i64>,
    organisations: HashMap<String, i64>,
    people: HashMap<String, i64>,
    /// person id -> organisation id, for the derived tables
    person_org: HashMap<i64, i64>,
}

fn key_ids(tx: &Transaction<'_>, table: &str) -> Result<HashMap<String, i64>> {
    let mut stmt = tx.prepare(&format!("SELECT key, id FROM {table}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn id_of(map: &HashMap<String, i64>, key: &str, what: &str) -> Result<i64> {
    // Validation has resolved every key; a miss here is a bug, reported rather than panicking.
    map.get(key)
        .copied()
        .ok_or_else(|| Error::invalid(what.to_string(), format!("internal: key \"{key}\" vanished during import")))
}

impl Store {
    /// Checks `doc` against the rules and the register as `import` would, storing nothing:
    /// for callers that report other problems of their input together with these.
    pub fn check(&self, doc: &mut Document) -> Result<()> {
        // Rolled back when dropped: validation only reads.
        let tx = self.conn.unchecked_transaction()?;
        validate::check_document(doc, &InStore::new(&tx, None))?;
        Ok(())
    }

    /// Upserts every record of `doc`, all or nothing.
    pub fn import(&mut self, doc: Document) -> Result<ImportSummary> {
        self.import_batches(|sink| sink(doc))
    }

    /// Upserts documents handed to `sink` one after another, all in one transaction: either
    /// every batch is stored or none is. For inputs too large to hold as one document.
    pub fn import_batches(
        &mut self,
        produce: impl FnOnce(&mut dyn FnMut(Document) -> Result<()>) -> Result<()>,
    ) -> Result<ImportSummary> {
        // Into a register without meetings (a restore, a first load) nothing is replaced or
        // deleted, and validation has resolved every key before a row is written: SQLite's
        // own foreign-key lookups, several per row, only cost time there. (The pragma cannot
        // change inside a transaction, so it is set before.)
        // Its commit also skips the fsync of the WAL (synchronous NORMAL): a power cut right
        // after could lose the load, never corrupt the file, and the source is still there.
        let bulk = holds_no_meeting(&self.conn)?;
        let result = set_import_pragmas(&self.conn, bulk).and_then(|()| self.import_in_transaction(produce, bulk));
        // Restored whatever happened, every one of them, so a failed import leaves the
        // connection as it found it.
        let restored = restore_pragmas(&self.conn, bulk);
        let summary = result?;
        restored?;
        Ok(summary)
    }

    fn import_in_transaction(
        &mut self,
        produce: impl FnOnce(&mut dyn FnMut(Document) -> Result<()>) -> Result<()>,
        bulk: bool,
    ) -> Result<ImportSummary> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if bulk && !holds_no_meeting(&tx)? {
            // Another writer stored meetings between the check and the transaction.
            return Err(Error::BadArgument(
                "the register changed while the import started; nothing was imported, try again".into(),
            ));
        }
        let rebuilt = if bulk { set_aside_indexes(&tx)? } else { Vec::new() };
        let mut total = ImportSummary::default();
        let mut loaded = bulk.then(Loaded::default);
        produce(&mut |mut doc: Document| {
            let spans = validate::check_document(&mut doc, &InStore::new(&tx, loaded.as_ref()))?;
            total.add(write_document(&tx, &doc, &spans, loaded.as_mut())?);
            Ok(())
        })?;
        for sql in &rebuilt {
            tx.execute_batch(sql)?;
        }
        search::apply_queued(&tx)?;
        tx.commit()?;
        Ok(total)
    }
}

/// A large page cache while the import writes (the usual one comes back after it, so a
/// desktop that imported once does not keep the memory); for a bulk load, no foreign-key
/// checks and no WAL fsync at commit.
fn set_import_pragmas(conn: &Connection, bulk: bool) -> Result<()> {
    conn.pragma_update(None, "cache_size", IMPORT_CACHE_SIZE)?;
    if bulk {
        conn.pragma_update(None, "foreign_keys", false)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// Puts back what `set_import_pragmas` changed: every step runs even if one fails, and the
/// first failure is returned.
fn restore_pragmas(conn: &Connection, bulk: bool) -> rusqlite::Result<()> {
    let mut steps = Vec::with_capacity(3);
    if bulk {
        steps.push(conn.pragma_update(None, "foreign_keys", true));
        steps.push(conn.pragma_update(None, "synchronous", "FULL"));
    }
    steps.push(conn.pragma_update(None, "cache_size", super::CACHE_SIZE));
    steps.into_iter().collect()
}

/// `PRAGMA cache_size` during an import: 256 MiB, so the indexes being filled stay in memory.
const IMPORT_CACHE_SIZE: i64 = -262_144;

/// The tables of meetings and their lists, whose secondary indexes slow a bulk load down.
const MEETING_TABLES: &str = "'meetings', 'meeting_codes', 'participants', 'meeting_organisations', 'points',
     'actions', 'action_owners', 'action_parties', 'follow_ups', 'flash_recipients'";

pub(super) fn holds_no_meeting(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM meetings)", [], |r| r.get(0))?)
}

/// Into a register that holds no meeting (a restore, a first load), rows go in faster
/// without the secondary indexes, which are built once, sorted, at the end. Inside the
/// transaction: a failure or a kill leaves the indexes as they were. Returns the SQL that
/// recreates what was dropped. Unique indexes stay: validating a later batch looks up what
/// the batches before wrote through them (a meeting's invitation UID), which without its index
/// is a scan of the meetings for every meeting.
fn set_aside_indexes(tx: &Transaction<'_>) -> Result<Vec<String>> {
    let indexes: Vec<(String, String)> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({MEETING_TABLES})
             AND sql NOT LIKE 'CREATE UNIQUE INDEX%'"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

impl ImportSummary {
    fn add(&mut self, o: ImportSummary) {
        self.codes_added += o.codes_added;
        self.codes_replaced += o.codes_replaced;
        self.organisations_added += o.organisations_added;
        self.organisations_replaced += o.organisations_replaced;
        self.people_added += o.people_added;
        self.people_replaced += o.people_replaced;
        self.meetings_added += o.meetings_added;
        self.meetings_replaced += o.meetings_replaced;
        self.exercises_added += o.exercises_added;
        self.exercises_replaced += o.exercises_replaced;
        self.indicators_added += o.indicators_added;
        self.indicators_replaced += o.indicators_replaced;
        self.results_added += o.results_added;
        self.results_changed += o.results_changed;
    }
}

fn write_document(
    tx: &Transaction<'_>,
    doc: &Document,
    spans: &[Span],
    mut loaded: Option<&mut Loaded>,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();

    for code in &doc.codes {
        let values = params![code.key, code.title, code.short_title, code.adopted, extra_json(&code.extra)];
        if let Some(id) = row_id(tx, KeySpace::Codes, &code.key)? {
            tx.prepare_cached(
                "UPDATE codes SET key = ?1, title = ?2, short_title = ?3, adopted = ?4, extra = ?5 WHERE id = ?6",
            )?
            .execute(params![
                code.key,
                code.title,
                code.short_title,
                code.adopted,
                extra_json(&code.extra),
                id
            ])?;
            summary.codes_replaced += 1;
        } else {
            tx.prepare_cached(
                "INSERT INTO codes (key, title, short_title, adopted, extra) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(values)?;
            summary.codes_added += 1;
        }
    }
    let codes = key_ids(tx, "codes")?;

    for org in &doc.organisations {
        let id = if let Some(id) = row_id(tx, KeySpace::Organisations, &org.key)? {
            tx.prepare_cached(
                "UPDATE organisations SET name = ?2, acronym = ?3, kind = ?4, transparency_register_id = ?5, extra = ?6 WHERE id = ?1",
            )?
            .execute(params![id, org.name, org.acronym, org.kind.as_str(), org.transparency_register_id, extra_json(&org.extra)])?;
            tx.prepare_cached("DELETE FROM organisation_codes WHERE organisation_id = ?1")?.execute([id])?;
            search::remove(tx, SearchKind::Organisation, id)?;
            summary.organisations_replaced += 1;
            id
        } else {
            tx.prepare_cached(
                "INSERT INTO organisations (key, name, acronym, kind, transparency_register_id, extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![org.key, org.name, org.acronym, org.kind.as_str(), org.transparency_register_id, extra_json(&org.extra)])?;
            summary.organisations_added += 1;
            tx.last_insert_rowid()
        };
        for (pos, code) in org.signatory_of.iter().enumerate() {
            tx.prepare_cached("INSERT INTO organisation_codes (organisation_id, pos, code_id) VALUES (?1, ?2, ?3)")?
                .execute(params![id, pos as i64, id_of(&codes, code, "signatoryOf")?])?;
        }
        let body = org.acronym.clone().unwrap_or_default();
        search::add(tx, SearchKind::Organisation, id, &org.name, &body)?;
    }
    let organisations = key_ids(tx, "organisations")?;

    // People whose organisation changes move the meetings they attended to another
    // organisation's timeline.
    let mut moved_people: Vec<i64> = Vec::new();
    for person in &doc.people {
        let org_id = match &person.organisation {
            Some(k) => Some(id_of(&organisations, k, "organisation")?),
            None => None,
        };
        let existing: Option<(i64, Option<i64>)> = tx
            .prepare_cached("SELECT id, organisation_id FROM people WHERE key = ?1")?
            .query_row([&person.key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let id = if let Some((id, old_org)) = existing {
            tx.prepare_cached(
                "UPDATE people SET name = ?2, family_name = ?3, organisation_id = ?4, role = ?5, email = ?6, public = ?7, extra = ?8 WHERE id = ?1",
            )?
            .execute(params![id, person.name, person.family_name, org_id, person.role, person.email, person.public, extra_json(&person.extra)])?;
            search::remove(tx, SearchKind::Person, id)?;
            if old_org != org_id {
                moved_people.push(id);
            }
            summary.people_replaced += 1;
            id
        } else {
            tx.prepare_cached(
                "INSERT INTO people (key, name, family_name, organisation_id, role, email, public, extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![person.key, person.name, person.family_name, org_id, person.role, person.email, person.public, extra_json(&person.extra)])?;
            summary.people_added += 1;
            tx.last_insert_rowid()
        };
        let mut body = person.role.clone().unwrap_or_default();
        if let Some(family) = &person.family_name {
            body.push(' ');
            body.push_str(family);
        }
        search::add(tx, SearchKind::Person, id, &person.name, &body)?;
    }
    let people = key_ids(tx, "people")?;
    let person_org: HashMap<i64, i64> = {
        let mut stmt = tx.prepare("SELECT id, organisation_id FROM people WHERE organisation_id IS NOT NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let ids = Ids { codes, organisations, people, person_org };
    write_monitoring(tx, &ids, doc, &mut summary)?;
    let exercises = key_ids(tx, "exercises")?;

    let doc_actions: HashSet<&str> =
        doc.meetings.iter().flat_map(|m| m.actions.iter().map(|a| a.key.as_str())).collect();
    let doc_follow_ups: HashMap<&str, Option<&str>> =
        doc.meetings.iter().map(|m| (m.key.as_str(), m.follow_up_of.as_deref())).collect();

    let mut written: Vec<i64> = Vec::with_capacity(doc.meetings.len());
    let mut rows = MeetingRows::new(tx)?;
    if let Some(loaded) = loaded.as_deref_mut() {
        loaded.meetings.reserve(doc.meetings.len());
        loaded.uids.reserve(doc.meetings.len());
    }
    for (index, (meeting, span)) in doc.meetings.iter().zip(spans).enumerate() {
        let (id, replaced) = write_meeting(tx, &mut rows, &ids, meeting, *span, loaded.as_deref_mut())?;
        if replaced {
            tx.prepare_cached("DELETE FROM meeting_exercises WHERE meeting_id = ?1")?.execute([id])?;
        }
        for (pos, exercise) in meeting.exercises.iter().enumerate() {
            tx.prepare_cached("INSERT INTO meeting_exercises (meeting_id, pos, exercise_id) VALUES (?1, ?2, ?3)")?
                .execute(params![id, pos as i64, id_of(&exercises, exercise, "exercises")?])?;
        }
        if replaced {
            summary.meetings_replaced += 1;
            drop_removed_actions(tx, index, id, meeting, &doc_actions, &doc_follow_ups)?;
        } else {
            summary.meetings_added += 1;
        }
        write_actions(tx, &ids, id, meeting)?;
        written.push(id);
    }
    drop(rows);
    // Second pass: a meeting may follow up an action written after it. (A meeting that follows
    // up none has none already: inserted without, or cleared by its update.)
    for (meeting, id) in doc.meetings.iter().zip(&written) {
        if meeting.follow_up_of.is_some() {
            tx.prepare_cached(
                "UPDATE meetings SET follow_up_of = (SELECT id FROM actions WHERE key = ?2) WHERE id = ?1",
            )?
            .execute(params![id, meeting.follow_up_of])?;
        }
    }

    // People who changed organisation: the derived tables of what they own and attend.
    if !moved_people.is_empty() {
        let mut owned = tx.prepare_cached("SELECT DISTINCT action_id FROM action_owners WHERE person_id = ?1")?;
        let mut attended = tx.prepare_cached("SELECT DISTINCT meeting_id FROM participants WHERE person_id = ?1")?;
        let (mut actions, mut meetings) = (Vec::new(), Vec::new());
        for person in moved_people {
            for row in owned.query_map([person], |r| r.get::<_, i64>(0))? {
                actions.push(row?);
            }
            for row in attended.query_map([person], |r| r.get::<_, i64>(0))? {
                meetings.push(row?);
            }
        }
        for list in [&mut actions, &mut meetings] {
            list.sort_unstable();
            list.dedup();
        }
        for id in actions {
            refresh_action_parties(tx, id)?;
        }
        for id in meetings {
            refresh_meeting_organisations(tx, id)?;
        }
    }
    Ok(summary)
}

/// Exercises and indicators upserted by key; figures by what they are for (exercise,
/// organisation or the average, indicator, breakdown), their value replaced.
fn write_monitoring(tx: &Transaction<'_>, ids: &Ids, doc: &Document, summary: &mut ImportSummary) -> Result<()> {
    for e in &doc.exercises {
        let code = id_of(&ids.codes, &e.code, "exercises.code")?;
        let changed = tx
            .prepare_cached(
                "UPDATE exercises SET code_id = ?2, title = ?3, period_from = ?4, period_to = ?5, published = ?6,
                 notes = ?7, extra = ?8 WHERE key = ?1",
            )?
            .execute(params![e.key, code, e.title, e.from, e.to, e.published, e.notes, extra_json(&e.extra)])?;
        if changed > 0 {
            summary.exercises_replaced += 1;
        } else {
            tx.prepare_cached(
                "INSERT INTO exercises (key, code_id, title, period_from, period_to, published, notes, extra)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                e.key,
                code,
                e.title,
                e.from,
                e.to,
                e.published,
                e.notes,
                extra_json(&e.extra)
            ])?;
            summary.exercises_added += 1;
        }
    }
    for i in &doc.indicators {
        let code = id_of(&ids.codes, &i.code, "indicators.code")?;
        let values =
            params![i.key, code, i.label, i.unit.as_str(), i.better.as_str(), i.description, extra_json(&i.extra)];
        let changed = tx
            .prepare_cached(
                "UPDATE indicators SET code_id = ?2, label = ?3, unit = ?4, better = ?5, description = ?6, extra = ?7
                 WHERE key = ?1",
            )?
            .execute(values)?;
        if changed > 0 {
            summary.indicators_replaced += 1;
        } else {
            tx.prepare_cached(
                "INSERT INTO indicators (key, code_id, label, unit, better, description, extra)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(values)?;
            summary.indicators_added += 1;
        }
    }
    if doc.results.is_empty() {
        return Ok(());
    }
    let exercises = key_ids(tx, "exercises")?;
    let indicators = key_ids(tx, "indicators")?;
    for r in &doc.results {
        let exercise = id_of(&exercises, &r.exercise, "results.exercise")?;
        let indicator = id_of(&indicators, &r.indicator, "results.indicator")?;
        let organisation = match &r.organisation {
            Some(k) => Some(id_of(&ids.organisations, k, "results.organisation")?),
            None => None,
        };
        let breakdown = r.breakdown.as_ref().map(|b| b.spelled()).unwrap_or_default();
        let stored: Option<(i64, f64, Option<String>)> = tx
            .prepare_cached(
                "SELECT id, value, extra FROM results WHERE indicator_id = ?1 AND exercise_id = ?2
                 AND COALESCE(organisation_id, 0) = COALESCE(?3, 0) AND breakdown = ?4",
            )?
            .query_row(params![indicator, exercise, organisation, breakdown], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let extra = extra_json(&r.extra);
        match stored {
            Some((id, value, stored_extra)) => {
                if value != r.value || stored_extra != extra {
                    tx.prepare_cached("UPDATE results SET value = ?2, extra = ?3 WHERE id = ?1")?
                        .execute(params![id, r.value, extra])?;
                    summary.results_changed += 1;
                }
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO results (exercise_id, organisation_id, indicator_id, breakdown, value, extra)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![exercise, organisation, indicator, breakdown, r.value, extra])?;
                summary.results_added += 1;
            }
        }
    }
    Ok(())
}

/// Writes the meeting row and its lists but actions; returns its id and whether it replaced one.
/// The invitation to store: the one written, except that what calendars already hold is never
/// taken back. A stored UID is kept (validation refused a different one), SEQUENCE keeps the
/// higher of the two, and the fingerprint of what was sent goes with the higher SEQUENCE; a
/// write with no invitation (a stale editor, an older backup) keeps the stored one.
fn kept_invitation(
    tx: &Transaction<'_>,
    meeting: Option<i64>,
    written: Option<&Invitation>,
) -> Result<Option<Invitation>> {
    let stored: Option<Invitation> = match meeting {
        Some(id) => tx
            .prepare_cached("SELECT invitation FROM meetings WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, Option<String>>(0))?
            .map(|text| serde_json::from_str(&text))
            .transpose()
            .map_err(|e| Error::Malformed(format!("stored invitation: {e}")))?,
        None => None,
    };
    Ok(match (stored, written) {
        (None, written) => written.cloned(),
        (Some(stored), None) => Some(stored),
        (Some(stored), Some(written)) if written.sequence < stored.sequence => {
            Some(Invitation { extra: written.extra.clone(), ..stored })
        }
        (Some(stored), Some(written)) => Some(Invitation { uid: stored.uid, ..written.clone() }),
    })
}

/// The statements run for every new meeting and every participant, held over the whole
/// document: taken from the connection's cache at each row, their text (the meeting's insert
/// is 600 characters) was hashed twice a row, 120,000 times for a 10,000-event calendar.
struct MeetingRows<'c> {
    insert: CachedStatement<'c>,
    participant: CachedStatement<'c>,
    organisation: CachedStatement<'c>,
    search: CachedStatement<'c>,
}

impl<'c> MeetingRows<'c> {
    fn new(tx: &'c Transaction<'_>) -> Result<Self> {
        Ok(MeetingRows {
            insert: tx.prepare_cached(
                "INSERT INTO meetings (key, title, kind, start_local, end_local, timezone, start_utc, end_utc, location, status,
                 objective, organiser_id, flash_from_id, flash_subject, flash_sent, flash_extra, transparency, extra,
                 all_day, invitation, invitation_uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            )?,
            participant: tx.prepare_cached(
                "INSERT INTO participants (meeting_id, pos, person_id, organisation_id, attendance, response, role, extra)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            organisation: tx.prepare_cached(
                "INSERT INTO meeting_organisations (organisation_id, start_utc, meeting_id) VALUES (?1, ?2, ?3)",
            )?,
            search: tx.prepare_cached(search::ADD)?,
        })
    }
}

fn write_meeting(
    tx: &Transaction<'_>,
    rows: &mut MeetingRows<'_>,
    ids: &Ids,
    m: &Meeting,
    span: Span,
    loaded: Option<&mut Loaded>,
) -> Result<(i64, bool)> {
    let organiser = match &m.organiser {
        Some(k) => Some(id_of(&ids.people, k, "organiser")?),
        None => None,
    };
    let flash_from = match &m.flash {
        Some(f) => Some(id_of(&ids.people, &f.from, "flash.from")?),
        None => None,
    };
    let flash_subject = m.flash.as_ref().map(|f| f.subject.as_str());
    let flash_sent = m.flash.as_ref().and_then(|f| f.sent.as_deref());
    let flash_extra = m.flash.as_ref().and_then(|f| extra_json(&f.extra));
    let transparency = match &m.transparency {
        Some(t) => Some(serde_json::to_string(t).map_err(|e| Error::Malformed(e.to_string()))?),
        None => None,
    };
    let existing = match &loaded {
        Some(loaded) => loaded.meetings.get(&m.key).map(|&(id, _)| id),
        None => row_id(tx, KeySpace::Meetings, &m.key)?,
    };
    let invitation = kept_invitation(tx, existing, m.invitation.as_ref())?;
    let invitation_uid = invitation.as_ref().map(|i| i.uid.clone());
    let invitation = match &invitation {
        Some(i) => Some(serde_json::to_string(i).map_err(|e| Error::Malformed(e.to_string()))?),
        None => None,
    };
    let id = if let Some(id) = existing {
        tx.prepare_cached(
            "UPDATE meetings SET title = ?2, kind = ?3, start_local = ?4, end_local = ?5, timezone = ?6, start_utc = ?7, end_utc = ?8,
             location = ?9, status = ?10, objective = ?11, organiser_id = ?12, follow_up_of = NULL, flash_from_id = ?13,
             flash_subject = ?14, flash_sent = ?15, flash_extra = ?16, transparency = ?17, extra = ?18,
             all_day = ?19, invitation = ?20, invitation_uid = ?21 WHERE id = ?1",
        )?
        .execute(params![
            id, m.title, m.kind.as_str(), m.start, m.end, m.timezone, span.start_utc, span.end_utc,
            m.location, m.status.as_str(), m.objective, organiser, flash_from,
            flash_subject, flash_sent, flash_extra, transparency, extra_json(&m.extra),
            m.all_day, invitation, invitation_uid
        ])?;
        for table in ["meeting_codes", "participants", "points", "flash_recipients"] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE meeting_id = ?1"))?.execute([id])?;
        }
        search::remove(tx, SearchKind::Meeting, id)?;
        id
    } else {
        rows.insert.execute(params![
            m.key,
            m.title,
            m.kind.as_str(),
            m.start,
            m.end,
            m.timezone,
            span.start_utc,
            span.end_utc,
            m.location,
            m.status.as_str(),
            m.objective,
            organiser,
            flash_from,
            flash_subject,
            flash_sent,
            flash_extra,
            transparency,
            extra_json(&m.extra),
            m.all_day,
            invitation,
            invitation_uid
        ])?;
        tx.last_insert_rowid()
    };
    if let Some(loaded) = loaded {
        loaded.wrote(&m.key, id, invitation_uid.as_deref());
    }

    for (pos, code) in m.codes.iter().enumerate() {
        tx.prepare_cached("INSERT INTO meeting_codes (meeting_id, pos, code_id, start_utc) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, pos as i64, id_of(&ids.codes, code, "codes")?, span.start_utc])?;
    }
    if existing.is_some() {
        tx.prepare_cached("DELETE FROM meeting_organisations WHERE meeting_id = ?1")?.execute([id])?;
    }
    let mut parties: Vec<i64> = Vec::with_capacity(m.participants.len());
    for (pos, p) in m.participants.iter().enumerate() {
        let person = match &p.person {
            Some(k) => Some(id_of(&ids.people, k, "participants")?),
            None => None,
        };
        let org = match &p.organisation {
            Some(k) => Some(id_of(&ids.organisations, k, "participants")?),
            None => None,
        };
        let party = org.or_else(|| person.and_then(|p| ids.person_org.get(&p).copied()));
        if let Some(party) = party.filter(|o| !parties.contains(o)) {
            parties.push(party);
            rows.organisation.execute(params![party, span.start_utc, id])?;
        }
        rows.participant.execute(params![
            id,
            pos as i64,
            person,
            org,
            p.attendance.as_str(),
            p.response.as_str(),
            p.role.as_str(),
            extra_json(&p.extra)
        ])?;
    }
    let mut body = [m.location.as_deref(), m.objective.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("\n");
    let mut seq = 0i64;
    write_points(tx, ids, id, &m.points, 0, &mut seq, &mut body)?;
    // The meeting's own entry also holds what was agreed, so that one index scan answers a
    // text filter on meetings (actions keep entries of their own for the global search).
    for action in &m.actions {
        body.push('\n');
        body.push_str(&action.title);
        for note in &action.follow_ups {
            body.push('\n');
            body.push_str(&note.text);
        }
    }
    if let Some(flash) = &m.flash {
        for (field, list) in [("to", &flash.to), ("cc", &flash.cc)] {
            for (pos, person) in list.iter().enumerate() {
                tx.prepare_cached(
                    "INSERT INTO flash_recipients (meeting_id, field, pos, person_id) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, field, pos as i64, id_of(&ids.people, person, "flash")?])?;
            }
        }
    }
    search::add_with(&mut rows.search, SearchKind::Meeting, id, &m.title, &body)?;
    Ok((id, existing.is_some()))
}

fn write_points(
    tx: &Transaction<'_>,
    ids: &Ids,
    meeting: i64,
    points: &[Point],
    depth: i64,
    seq: &mut i64,
    body: &mut String,
) -> Result<()> {
    for point in points {
        let by = match &point.by {
            Some(k) => Some(id_of(&ids.organisations, k, "points.by")?),
            None => None,
        };
        tx.prepare_cached(
            "INSERT INTO points (meeting_id, seq, depth, by_id, text, extra, restricted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![meeting, *seq, depth, by, point.text, extra_json(&point.extra), point.restricted])?;
        *seq += 1;
        body.push('\n');
        body.push_str(&point.text);
        write_points(tx, ids, meeting, &point.points, depth + 1, seq, body)?;
    }
    Ok(())
}

/// Before a replaced meeting's actions are rewritten: delete those the new version no longer
/// has (unless the document moves them to another meeting), refusing when a meeting that
/// stays follows one of them up.
fn drop_removed_actions(
    tx: &Transaction<'_>,
    index: usize,
    meeting_id: i64,
    meeting: &Meeting,
    doc_actions: &HashSet<&str>,
    doc_follow_ups: &HashMap<&str, Option<&str>>,
) -> Result<()> {
    let kept: HashSet<&str> = meeting.actions.iter().map(|a| a.key.as_str()).collect();
    let stored: Vec<(i64, String)> = {
        let mut stmt = tx.prepare_cached("SELECT id, key FROM actions WHERE meeting_id = ?1")?;
        let rows = stmt.query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (action_id, key) in stored {
        if kept.contains(key.as_str()) || doc_actions.contains(key.as_str()) {
            continue;
        }
        let followers: Vec<String> = {
            let mut stmt = tx.prepare_cached("SELECT key FROM meetings WHERE follow_up_of = ?1")?;
            let rows = stmt.query_map([action_id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for follower in followers {
            // A follower the document rewrites to follow something else does not hold it.
            let still_follows = match doc_follow_ups.get(follower.as_str()) {
                Some(now) => *now == Some(key.as_str()),
                None => true,
            };
            if still_follows {
                return Err(Error::invalid(
                    format!("meetings[{index}].actions"),
                    format!("action \"{key}\" is no longer listed, but meeting \"{follower}\" follows it up"),
                ));
            }
        }
        search::remove(tx, SearchKind::Action, action_id)?;
        tx.prepare_cached("DELETE FROM actions WHERE id = ?1")?.execute([action_id])?;
    }
    Ok(())
}

/// The date an action is due by: its due date, else the last day of the period agreed, a
/// period without a year being the first to end on or after its meeting's day.
pub(super) fn due_by(action: &Action, meeting_start: &str) -> Option<String> {
    action.due.clone().or_else(|| period_due(action.due_period.as_deref()?, meeting_start))
}

fn period_due(period: &str, meeting_start: &str) -> Option<String> {
    let end = crate::period::due_after(period, crate::period::date_of(meeting_start)?)?;
    Some(end.format("%Y-%m-%d").to_string())
}

/// Migrations 3 and 7: `due_by` for the actions agreed for a period only (migration 3's SQL
/// step copied the due dates; 7 reads the periods again by the rule of 5 December 2026, a
/// period without a year ending on or after its meeting), and their parties' sort keys.
pub(super) fn derive_due_by(tx: &Transaction<'_>) -> Result<()> {
    let periods: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT a.id, a.due_period, m.start_local FROM actions a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.due IS NULL AND a.due_period IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, period, start) in periods {
        if let Some(end) = period_due(&period, &start) {
            tx.prepare_cached("UPDATE actions SET due_by = ?2 WHERE id = ?1")?.execute(params![id, end])?;
            refresh_action_parties(tx, id)?;
        }
    }
    Ok(())
}

fn write_actions(tx: &Transaction<'_>, ids: &Ids, meeting_id: i64, meeting: &Meeting) -> Result<()> {
    for (pos, action) in meeting.actions.iter().enumerate() {
        let due_by = due_by(action, &meeting.start);
        let (id, existed) = write_action(tx, meeting_id, pos as i64, action, due_by.as_deref())?;
        if existed {
            tx.prepare_cached("DELETE FROM action_parties WHERE action_id = ?1")?.execute([id])?;
        }
        // The parties who owe it: each owner, and the organisation of each person owner
        // (as `refresh_action_parties` derives them, without its per-action query).
        let pending = action.status.is_pending();
        let due_key = due_by.as_deref().unwrap_or("9999-12-31");
        let mut party = tx.prepare_cached(
            "INSERT OR IGNORE INTO action_parties (party, pending, due_key, action_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (k, owner) in action.owners.iter().enumerate() {
            let (person, org) = match ids.people.get(owner) {
                Some(&p) => (Some(p), None),
                None => (None, Some(id_of(&ids.organisations, owner, "owners")?)),
            };
            tx.prepare_cached(
                "INSERT INTO action_owners (action_id, pos, person_id, organisation_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, k as i64, person, org])?;
            if let Some(p) = person {
                party.execute(params![p * 2, pending, due_key, id])?;
                if let Some(o) = ids.person_org.get(&p) {
                    party.execute(params![o * 2 + 1, pending, due_key, id])?;
                }
            }
            if let Some(o) = org {
                party.execute(params![o * 2 + 1, pending, due_key, id])?;
            }
        }
        let mut body = action.due_period.clone().unwrap_or_default();
        for (k, f) in action.follow_ups.iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO follow_ups (action_id, pos, date, text, extra) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, k as i64, f.date, f.text, extra_json(&f.extra)])?;
            body.push('\n');
            body.push_str(&f.text);
        }
        search::add(tx, SearchKind::Action, id, &action.title, &body)?;
    }
    Ok(())
}

/// Inserts or rewrites the action row (keeping its id, which follow-up meetings refer to),
/// clearing its owners, follow-up notes and index entry; returns the id and whether it existed.
fn write_action(
    tx: &Transaction<'_>,
    meeting_id: i64,
    pos: i64,
    a: &Action,
    due_by: Option<&str>,
) -> Result<(i64, bool)> {
    if let Some(id) = row_id(tx, KeySpace::Actions, &a.key)? {
        tx.prepare_cached(
            "UPDATE actions SET meeting_id = ?2, pos = ?3, title = ?4, due = ?5, due_period = ?6, status = ?7, extra = ?8, due_by = ?9 WHERE id = ?1",
        )?
        .execute(params![
            id,
            meeting_id,
            pos,
            a.title,
            a.due,
            a.due_period,
            a.status.as_str(),
            extra_json(&a.extra),
            due_by
        ])?;
        tx.prepare_cached("DELETE FROM action_owners WHERE action_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM follow_ups WHERE action_id = ?1")?.execute([id])?;
        search::remove(tx, SearchKind::Action, id)?;
        Ok((id, true))
    } else {
        tx.prepare_cached(
            "INSERT INTO actions (key, meeting_id, pos, title, due, due_period, status, extra, due_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            a.key,
            meeting_id,
            pos,
            a.title,
            a.due,
            a.due_period,
            a.status.as_str(),
            extra_json(&a.extra),
            due_by
        ])?;
        Ok((tx.last_insert_rowid(), false))
    }
}

fn refresh_action_parties(tx: &Transaction<'_>, action_id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM action_parties WHERE action_id = ?1")?.execute([action_id])?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO action_parties (party, pending, due_key, action_id)
         SELECT party, a.status IN ('open', 'in-progress'), COALESCE(a.due_by, '9999-12-31'), a.id
         FROM actions a JOIN (
             SELECT ao.action_id, ao.person_id * 2 AS party FROM action_owners ao WHERE ao.person_id IS NOT NULL
             UNION ALL SELECT ao.action_id, ao.organisation_id * 2 + 1 FROM action_owners ao WHERE ao.organisation_id IS NOT NULL
             UNION ALL SELECT ao.action_id, pe.organisation_id * 2 + 1 FROM action_owners ao JOIN people pe ON pe.id = ao.person_id
                       WHERE pe.organisation_id IS NOT NULL
         ) o ON o.action_id = a.id
         WHERE a.id = ?1",
    )?
    .execute([action_id])?;
    Ok(())
}

fn refresh_meeting_organisations(tx: &Transaction<'_>, meeting_id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM meeting_organisations WHERE meeting_id = ?1")?.execute([meeting_id])?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO meeting_organisations (organisation_id, start_utc, meeting_id)
         SELECT COALESCE(p.organisation_id, pe.organisation_id), m.start_utc, m.id
         FROM participants p
         JOIN meetings m ON m.id = p.meeting_id
         LEFT JOIN people pe ON pe.id = p.person_id
         WHERE p.meeting_id = ?1 AND COALESCE(p.organisation_id, pe.organisation_id) IS NOT NULL",
    )?
    .execute([meeting_id])?;
    Ok(())
}

#[cfg(test)]
mod bulk_tests {
    use crate::model::parse_document;
    use crate::store::{OpenMode, Store};

    fn seed() -> crate::model::Document {
        parse_document(crate::sample::SEED).expect("a valid document")
    }

    #[test]
    fn a_bulk_load_leaves_keys_whole_and_the_checks_back_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
        store.import(seed()).unwrap();
        let on: bool = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert!(on, "foreign keys are checked again after the bulk load");
        let dangling: i64 =
            store.conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(dangling, 0);
        let indexes: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL", [], |r| r.get(0))
            .unwrap();
        assert!(indexes >= 17, "the indexes set aside are back ({indexes})");
        // A second import replaces meetings: the ordinary path, cascades and all.
        store.import(seed()).unwrap();
        assert_eq!(store.counts().unwrap().meetings, 4);
    }

    /// What validation and the writer know of meetings written by earlier batches of a bulk
    /// load is what SQLite would answer: a UID taken by another meeting, a UID changed, and a
    /// meeting sent again, each as in a register that already held meetings.
    #[test]
    fn a_bulk_load_in_batches_knows_the_meetings_its_earlier_batches_wrote() {
        use crate::error::Error;
        use crate::model::{Document, Invitation};
        let invited = |uid: &str| Some(Invitation { uid: uid.into(), sequence: 0, sent: None, extra: None });
        let first = || {
            let mut doc = seed();
            doc.meetings[0].invitation = invited("x@example.org");
            doc
        };
        let later = |change: &dyn Fn(&mut crate::model::Meeting)| {
            let mut m = seed().meetings[0].clone();
            change(&mut m);
            Document { meetings: vec![m], ..Document::default() }
        };
        type Change<'a> = &'a dyn Fn(&mut crate::model::Meeting);
        let cases: [(Change<'_>, Option<&str>); 3] = [
            (
                &|m| {
                    m.key = format!("{}-again", m.key);
                    m.invitation = invited("x@example.org");
                },
                Some("belongs to meeting"),
            ),
            (&|m| m.invitation = invited("y@example.org"), Some("cannot change")),
            (&|m| m.invitation = invited("x@example.org"), None),
        ];
        for (change, refused) in cases {
            for bulk in [true, false] {
                let dir = tempfile::tempdir().unwrap();
                let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
                if !bulk {
                    let mut held = seed();
                    held.meetings.truncate(1);
                    held.meetings[0].key = "held-before".into();
                    held.meetings[0].actions.clear();
                    held.meetings[0].follow_up_of = None;
                    store.import(held).unwrap();
                }
                let result = store.import_batches(|sink| {
                    sink(first())?;
                    sink(later(change))
                });
                match (refused, result) {
                    (Some(why), Err(Error::Invalid { problems })) => {
                        assert!(problems.iter().any(|p| p.message.contains(why)), "{problems:?}")
                    }
                    (None, Ok(summary)) => {
                        assert_eq!(summary.meetings_replaced, 1);
                        assert_eq!(store.counts().unwrap().meetings, 4 + i64::from(!bulk));
                    }
                    (refused, result) => panic!("bulk {bulk}: expected {refused:?}, got {result:?}"),
                }
            }
        }
    }

    #[test]
    fn a_failed_bulk_load_turns_the_checks_back_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
        let mut doc = seed();
        doc.meetings[3].end = "2000-01-01T00:00".into();
        assert!(store.import(doc).is_err());
        let on: bool = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert!(on);
        let synchronous: i64 = store.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(synchronous, 2, "commits fsync the WAL again (FULL)");
        let cache: i64 = store.conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
        assert_eq!(cache, crate::store::CACHE_SIZE, "the import's large page cache is given back");
        assert_eq!(store.counts().unwrap().meetings, 0);
    }
}
