//! Reading records back in the interchange shape: the whole register as a stream (export)
//! and single meetings. Records come out in the order they were first stored (row id), so
//! export -> import -> export gives the same document.

use std::collections::HashMap;
use std::io::Write;

use rusqlite::Connection;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::keys::{existing_id, KeySpace};
use super::Store;
use crate::error::{Error, Result};
use crate::model::*;

/// Meetings read per round trip to the database while exporting.
const CHUNK: i64 = 2000;

fn parse_extra(text: Option<String>) -> rusqlite::Result<Option<Extra>> {
    match text {
        None => Ok(None),
        Some(t) => match serde_json::from_str::<serde_json::Value>(&t) {
            Ok(serde_json::Value::Object(map)) => Ok(Some(map)),
            _ => Err(rusqlite::Error::InvalidColumnType(0, "extra".into(), rusqlite::types::Type::Text)),
        },
    }
}

/// A record kept as JSON in one column (the transparency and invitation objects).
fn json_column<T: serde::de::DeserializeOwned>(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(index)? {
        Some(text) => serde_json::from_str::<T>(&text)
            .map(Some)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))),
        None => Ok(None),
    }
}

/// A value of a closed vocabulary read back from its column (every read of the store uses this).
pub(super) fn vocabulary<T>(text: String, parse: fn(&str) -> Result<T, String>) -> rusqlite::Result<T> {
    parse(&text).map_err(|m| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, m.into()))
}

pub(super) fn codes(conn: &Connection) -> Result<Vec<Code>> {
    let mut stmt = conn.prepare("SELECT key, title, short_title, adopted, extra FROM codes ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Code {
            key: r.get(0)?,
            title: r.get(1)?,
            short_title: r.get(2)?,
            adopted: r.get(3)?,
            extra: parse_extra(r.get(4)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn organisations(conn: &Connection) -> Result<Vec<Organisation>> {
    let mut signatory: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT oc.organisation_id, c.key FROM organisation_codes oc JOIN codes c ON c.id = oc.code_id ORDER BY oc.organisation_id, oc.pos",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (org, code) = row?;
        signatory.entry(org).or_default().push(code);
    }
    let mut stmt = conn.prepare(
        "SELECT id, key, name, acronym, kind, transparency_register_id, extra FROM organisations ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        let id: i64 = r.get(0)?;
        Ok(Organisation {
            key: r.get(1)?,
            name: r.get(2)?,
            acronym: r.get(3)?,
            kind: vocabulary(r.get(4)?, OrgKind::parse)?,
            transparency_register_id: r.get(5)?,
            signatory_of: signatory.remove(&id).unwrap_or_default(),
            extra: parse_extra(r.get(6)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn people(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(
        "SELECT p.key, p.name, p.family_name, o.key, p.role, p.email, p.public, p.extra
         FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Person {
            key: r.get(0)?,
            name: r.get(1)?,
            family_name: r.get(2)?,
            organisation: r.get(3)?,
            role: r.get(4)?,
            email: r.get(5)?,
            public: r.get(6)?,
            extra: parse_extra(r.get(7)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn exercises(conn: &Connection) -> Result<Vec<Exercise>> {
    let mut stmt = conn.prepare(
        "SELECT e.key, c.key, e.title, e.period_from, e.period_to, e.published, e.notes, e.extra
         FROM exercises e JOIN codes c ON c.id = e.code_id ORDER BY e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Exercise {
            key: r.get(0)?,
            code: r.get(1)?,
            title: r.get(2)?,
            from: r.get(3)?,
            to: r.get(4)?,
            published: r.get(5)?,
            notes: r.get(6)?,
            extra: parse_extra(r.get(7)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn indicators(conn: &Connection) -> Result<Vec<Indicator>> {
    let mut stmt = conn.prepare(
        "SELECT i.key, c.key, i.label, i.unit, i.better, i.description, i.extra
         FROM indicators i JOIN codes c ON c.id = i.code_id ORDER BY i.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Indicator {
            key: r.get(0)?,
            code: r.get(1)?,
            label: r.get(2)?,
            unit: vocabulary(r.get(3)?, Unit::parse)?,
            better: vocabulary(r.get(4)?, Better::parse)?,
            description: r.get(5)?,
            extra: parse_extra(r.get(6)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The figures in the order they were first stored.
pub(super) fn results(conn: &Connection) -> Result<Vec<MonitoringResult>> {
    let mut stmt = conn.prepare(
        "SELECT e.key, o.key, i.key, r.breakdown, r.value, r.extra FROM results r
         JOIN exercises e ON e.id = r.exercise_id JOIN indicators i ON i.id = r.indicator_id
         LEFT JOIN organisations o ON o.id = r.organisation_id ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let breakdown: String = r.get(3)?;
        Ok(MonitoringResult {
            exercise: r.get(0)?,
            organisation: r.get(1)?,
            indicator: r.get(2)?,
            breakdown: if breakdown.is_empty() { None } else { Some(vocabulary(breakdown, Breakdown::parse)?) },
            value: r.get(4)?,
            extra: parse_extra(r.get(5)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Meetings with `from_id <= id <= to_id`, at most `limit`, in id order, with all their
/// lists; with their row ids.
pub(super) fn meetings(conn: &Connection, from_id: i64, to_id: i64, limit: i64) -> Result<(Vec<i64>, Vec<Meeting>)> {
    let mut ids: Vec<i64> = Vec::new();
    let mut out: Vec<Meeting> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.key, m.title, m.kind, m.start_local, m.end_local, m.timezone, m.location, m.status, m.objective,
                    org.key, fu.key, ff.key, m.flash_subject, m.flash_sent, m.flash_extra, m.transparency, m.extra,
                    m.all_day, m.invitation
             FROM meetings m
             LEFT JOIN people org ON org.id = m.organiser_id
             LEFT JOIN actions fu ON fu.id = m.follow_up_of
             LEFT JOIN people ff ON ff.id = m.flash_from_id
             WHERE m.id BETWEEN ?1 AND ?2 ORDER BY m.id LIMIT ?3",
        )?;
        let rows = stmt.query_map([from_id, to_id, limit], |r| {
            let flash_from: Option<String> = r.get(12)?;
            let flash = match flash_from {
                Some(from) => Some(Flash {
                    from,
                    to: Vec::new(),
                    cc: Vec::new(),
                    subject: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
                    sent: r.get(14)?,
                    extra: parse_extra(r.get(15)?)?,
                }),
                None => None,
            };
            let transparency = json_column::<Transparency>(r, 16)?;
            let invitation = json_column::<Invitation>(r, 19)?;
            Ok((
                r.get::<_, i64>(0)?,
                Meeting {
                    key: r.get(1)?,
                    title: r.get(2)?,
                    kind: vocabulary(r.get(3)?, MeetingKind::parse)?,
                    codes: Vec::new(),
                    exercises: Vec::new(),
                    start: r.get(4)?,
                    end: r.get(5)?,
                    timezone: r.get(6)?,
                    all_day: r.get(18)?,
                    location: r.get(7)?,
                    status: vocabulary(r.get(8)?, MeetingStatus::parse)?,
                    objective: r.get(9)?,
                    organiser: r.get(10)?,
                    follow_up_of: r.get(11)?,
                    participants: Vec::new(),
                    points: Vec::new(),
                    actions: Vec::new(),
                    flash,
                    invitation,
                    transparency,
                    extra: parse_extra(r.get(17)?)?,
                },
            ))
        })?;
        for row in rows {
            let (id, meeting) = row?;
            index.insert(id, out.len());
            ids.push(id);
            out.push(meeting);
        }
    }
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return Ok((ids, out));
    };
    let range = [first, last];
    let slot = |id: i64| index.get(&id).copied();

    let mut stmt = conn.prepare_cached(
        "SELECT mc.meeting_id, c.key FROM meeting_codes mc JOIN codes c ON c.id = mc.code_id
         WHERE mc.meeting_id BETWEEN ?1 AND ?2 ORDER BY mc.meeting_id, mc.pos",
    )?;
    for row in stmt.query_map(range, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, code) = row?;
        if let Some(i) = slot(id) {
            out[i].codes.push(code);
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT me.meeting_id, e.key FROM meeting_exercises me JOIN exercises e ON e.id = me.exercise_id
         WHERE me.meeting_id BETWEEN ?1 AND ?2 ORDER BY me.meeting_id, me.pos",
    )?;
    for row in stmt.query_map(range, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, exercise) = row?;
        if let Some(i) = slot(id) {
            out[i].exercises.push(exercise);
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT p.meeting_id, pe.key, o.key, p.attendance, p.response, p.role, p.extra
         FROM participants p LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.meeting_id BETWEEN ?1 AND ?2 ORDER BY p.meeting_id, p.pos",
    )?;
    let rows = stmt.query_map(range, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Participant {
                person: r.get(1)?,
                organisation: r.get(2)?,
                attendance: vocabulary(r.get(3)?, Attendance::parse)?,
                response: vocabulary(r.get(4)?, Response::parse)?,
                role: vocabulary(r.get(5)?, ParticipantRole::parse)?,
                extra: parse_extra(r.get(6)?)?,
            },
        ))
    })?;
    for row in rows {
        let (id, p) = row?;
        if let Some(i) = slot(id) {
            out[i].participants.push(p);
        }
    }

    let mut flat: HashMap<usize, Vec<(i64, Point)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.meeting_id, p.depth, o.key, p.text, p.extra, p.restricted FROM points p LEFT JOIN organisations o ON o.id = p.by_id
         WHERE p.meeting_id BETWEEN ?1 AND ?2 ORDER BY p.meeting_id, p.seq",
    )?;
    let rows = stmt.query_map(range, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            Point {
                by: r.get(2)?,
                text: r.get(3)?,
                restricted: r.get(5)?,
                points: Vec::new(),
                extra: parse_extra(r.get(4)?)?,
            },
        ))
    })?;
    for row in rows {
        let (id, depth, point) = row?;
        if let Some(i) = slot(id) {
            flat.entry(i).or_default().push((depth, point));
        }
    }
    for (i, list) in flat {
        out[i].points = outline(list);
    }

    let mut actions: HashMap<i64, (usize, usize)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, meeting_id, key, title, due, due_period, status, extra FROM actions
         WHERE meeting_id BETWEEN ?1 AND ?2 ORDER BY meeting_id, pos",
    )?;
    let rows = stmt.query_map(range, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            Action {
                key: r.get(2)?,
                title: r.get(3)?,
                owners: Vec::new(),
                due: r.get(4)?,
                due_period: r.get(5)?,
                status: vocabulary(r.get(6)?, ActionStatus::parse)?,
                follow_ups: Vec::new(),
                extra: parse_extra(r.get(7)?)?,
            },
        ))
    })?;
    for row in rows {
        let (action_id, meeting_id, action) = row?;
        if let Some(i) = slot(meeting_id) {
            actions.insert(action_id, (i, out[i].actions.len()));
            out[i].actions.push(action);
        }
    }
    if !actions.is_empty() {
        let mut stmt = conn.prepare_cached(
            "SELECT ao.action_id, COALESCE(pe.key, o.key) FROM action_owners ao JOIN actions a ON a.id = ao.action_id
             LEFT JOIN people pe ON pe.id = ao.person_id LEFT JOIN organisations o ON o.id = ao.organisation_id
             WHERE a.meeting_id BETWEEN ?1 AND ?2 ORDER BY ao.action_id, ao.pos",
        )?;
        for row in stmt.query_map(range, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (action_id, owner) = row?;
            if let Some(&(i, j)) = actions.get(&action_id) {
                out[i].actions[j].owners.push(owner);
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT f.action_id, f.date, f.text, f.extra FROM follow_ups f JOIN actions a ON a.id = f.action_id
             WHERE a.meeting_id BETWEEN ?1 AND ?2 ORDER BY f.action_id, f.pos",
        )?;
        let rows = stmt.query_map(range, |r| {
            Ok((r.get::<_, i64>(0)?, FollowUp { date: r.get(1)?, text: r.get(2)?, extra: parse_extra(r.get(3)?)? }))
        })?;
        for row in rows {
            let (action_id, follow_up) = row?;
            if let Some(&(i, j)) = actions.get(&action_id) {
                out[i].actions[j].follow_ups.push(follow_up);
            }
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT f.meeting_id, f.field, p.key FROM flash_recipients f JOIN people p ON p.id = f.person_id
         WHERE f.meeting_id BETWEEN ?1 AND ?2 ORDER BY f.meeting_id, f.field, f.pos",
    )?;
    for row in stmt.query_map(range, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (id, field, person) = row?;
        if let Some(flash) = slot(id).and_then(|i| out[i].flash.as_mut()) {
            if field == "to" {
                flash.to.push(person);
            } else {
                flash.cc.push(person);
            }
        }
    }
    Ok((ids, out))
}

/// Rebuilds the nested outline from points stored depth-first with their depth.
fn outline(flat: Vec<(i64, Point)>) -> Vec<Point> {
    // stack[d] holds the points of depth d under the innermost open parent.
    let mut stack: Vec<Vec<Point>> = vec![Vec::new()];
    for (depth, point) in flat {
        let depth = depth.max(0) as usize;
        while stack.len() > depth + 1 {
            close(&mut stack);
        }
        while stack.len() < depth + 1 {
            stack.push(Vec::new());
        }
        stack[depth].push(point);
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().unwrap_or_default()
}

fn close(stack: &mut Vec<Vec<Point>>) {
    if let Some(children) = stack.pop() {
        match stack.last_mut().and_then(|level| level.last_mut()) {
            Some(parent) => parent.points = children,
            // Deeper points with no parent above them: keep them at the level above.
            None => {
                if let Some(level) = stack.last_mut() {
                    level.extend(children)
                }
            }
        }
    }
}

struct MeetingStream<'a>(&'a Connection);

impl Serialize for MeetingStream<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut after = 0i64;
        loop {
            let (ids, chunk) = meetings(self.0, after + 1, i64::MAX, CHUNK).map_err(S::Error::custom)?;
            let Some(&last) = ids.last() else {
                break;
            };
            for meeting in &chunk {
                seq.serialize_element(meeting)?;
            }
            after = last;
        }
        seq.end()
    }
}

struct Export<'a> {
    conn: &'a Connection,
    exported: &'a str,
    codes: Vec<Code>,
    organisations: Vec<Organisation>,
    people: Vec<Person>,
    exercises: Vec<Exercise>,
    indicators: Vec<Indicator>,
    results: Vec<MonitoringResult>,
}

impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut doc = serializer.serialize_struct("Document", 6)?;
        doc.serialize_field("format", &FormatTag)?;
        doc.serialize_field("exported", self.exported)?;
        doc.serialize_field("codes", &self.codes)?;
        doc.serialize_field("organisations", &self.organisations)?;
        doc.serialize_field("people", &self.people)?;
        // As `Document` writes them: left out when empty.
        if !self.exercises.is_empty() {
            doc.serialize_field("exercises", &self.exercises)?;
        }
        if !self.indicators.is_empty() {
            doc.serialize_field("indicators", &self.indicators)?;
        }
        if !self.results.is_empty() {
            doc.serialize_field("results", &self.results)?;
        }
        doc.serialize_field("meetings", &MeetingStream(self.conn))?;
        doc.end()
    }
}

impl Store {
    /// Writes the whole register as a `code-register/1` document. `exported` is the instant
    /// stamped in the document (the caller's clock), RFC 3339 UTC.
    pub fn export(&self, exported: &str, out: impl Write) -> Result<()> {
        // One read transaction, so a concurrent writer cannot make the document inconsistent.
        self.in_one_read(|| {
            let export = Export {
                conn: &self.conn,
                exported,
                codes: codes(&self.conn)?,
                organisations: organisations(&self.conn)?,
                people: people(&self.conn)?,
                exercises: exercises(&self.conn)?,
                indicators: indicators(&self.conn)?,
                results: results(&self.conn)?,
            };
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            serde_json::to_writer_pretty(&mut out, &export).map_err(|e| match e.io_error_kind() {
                Some(kind) => Error::io("export", std::io::Error::new(kind, e.to_string())),
                None => Error::Malformed(format!("export: {e}")),
            })?;
            out.write_all(b"\n").map_err(|e| Error::io("export", e))?;
            out.flush().map_err(|e| Error::io("export", e))
        })
    }

    /// Runs `read` in one read transaction: what it reads is one state of the register, and
    /// its queries share one lock instead of taking and releasing it each (three system calls
    /// a query, which thousands of lookups feel).
    pub fn in_one_read<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let result = read();
        self.conn.execute_batch("COMMIT")?;
        result
    }

    /// One meeting with all its lists, in the interchange shape.
    pub fn meeting(&self, key: &str) -> Result<Meeting> {
        let id = existing_id(&self.conn, KeySpace::Meetings, key)?;
        meetings(&self.conn, id, id, 1)?
            .1
            .pop()
            .ok_or_else(|| Error::NotFound { what: "meeting", key: key.to_string() })
    }

    pub fn codes(&self) -> Result<Vec<Code>> {
        codes(&self.conn)
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        organisations(&self.conn)
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        people(&self.conn)
    }

    pub fn exercises(&self) -> Result<Vec<Exercise>> {
        exercises(&self.conn)
    }

    pub fn indicators(&self) -> Result<Vec<Indicator>> {
        indicators(&self.conn)
    }

    pub fn results(&self) -> Result<Vec<MonitoringResult>> {
        results(&self.conn)
    }
}
