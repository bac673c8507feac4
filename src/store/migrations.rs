//! The schema, as numbered migrations. Append only: a released migration is never edited,
//! a change is a new entry. `PRAGMA user_version` holds how many have been applied.

use rusqlite::{Connection, Transaction};

use crate::error::Result;

/// `PRAGMA application_id` of a register file: "CREG". Tells our files from other SQLite files.
pub const APPLICATION_ID: i64 = 0x4352_4547;

/// One step of the schema: SQL, then for the rare change SQL cannot make alone (a value
/// derived by the core's own rules), a function run in the same transaction.
pub struct Migration {
    pub sql: &'static str,
    pub then: Option<fn(&Transaction<'_>) -> Result<()>>,
}

pub const MIGRATIONS: &[Migration] = &[
    // 1: the register of `code-register/1`.
    Migration {
        sql: r#"
CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    short_title TEXT,
    adopted     TEXT,
    extra       TEXT
) STRICT;

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    acronym     TEXT,
    kind        TEXT NOT NULL,
    transparency_register_id TEXT,
    extra       TEXT
) STRICT;

CREATE TABLE organisation_codes (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    code_id         INTEGER NOT NULL REFERENCES codes(id),
    PRIMARY KEY (organisation_id, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX organisation_codes_code ON organisation_codes(code_id);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    family_name     TEXT,
    organisation_id INTEGER REFERENCES organisations(id),
    role            TEXT,
    email           TEXT,
    public          INTEGER NOT NULL DEFAULT 0,
    extra           TEXT
) STRICT;
CREATE INDEX people_organisation ON people(organisation_id);

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    start_local   TEXT NOT NULL,
    end_local     TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    start_utc     INTEGER NOT NULL,
    end_utc       INTEGER NOT NULL,
    location      TEXT,
    status        TEXT NOT NULL,
    objective     TEXT,
    organiser_id  INTEGER REFERENCES people(id),
    follow_up_of  INTEGER REFERENCES actions(id) DEFERRABLE INITIALLY DEFERRED,
    flash_from_id INTEGER REFERENCES people(id),
    flash_subject TEXT,
    flash_sent    TEXT,
    flash_extra   TEXT,
    transparency  TEXT,
    extra         TEXT
) STRICT;
CREATE INDEX meetings_start ON meetings(start_utc, id);
CREATE INDEX meetings_status_start ON meetings(status, start_utc, id);
CREATE INDEX meetings_follow_up ON meetings(follow_up_of) WHERE follow_up_of IS NOT NULL;
CREATE INDEX meetings_organiser ON meetings(organiser_id) WHERE organiser_id IS NOT NULL;
CREATE INDEX meetings_flash_from ON meetings(flash_from_id) WHERE flash_from_id IS NOT NULL;

CREATE TABLE meeting_codes (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    code_id    INTEGER NOT NULL REFERENCES codes(id),
    start_utc  INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_codes_code ON meeting_codes(code_id, start_utc, meeting_id);

CREATE TABLE participants (
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    person_id       INTEGER REFERENCES people(id),
    organisation_id INTEGER REFERENCES organisations(id),
    attendance      TEXT NOT NULL,
    response        TEXT NOT NULL,
    role            TEXT NOT NULL,
    extra           TEXT,
    PRIMARY KEY (meeting_id, pos),
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX participants_person ON participants(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX participants_organisation ON participants(organisation_id) WHERE organisation_id IS NOT NULL;

-- Derived from participants (directly or through a person's organisation), kept in the
-- same transaction as every write: which organisations took part in which meeting, in
-- date order, so the organisation filter pages by date through an index.
CREATE TABLE meeting_organisations (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    start_utc       INTEGER NOT NULL,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, start_utc, meeting_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_organisations_meeting ON meeting_organisations(meeting_id);

-- Points in the order they were made, depth-first; `depth` rebuilds the outline.
CREATE TABLE points (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    depth      INTEGER NOT NULL,
    by_id      INTEGER REFERENCES organisations(id),
    text       TEXT NOT NULL,
    extra      TEXT,
    PRIMARY KEY (meeting_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX points_by ON points(by_id) WHERE by_id IS NOT NULL;

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    due         TEXT,
    due_period  TEXT,
    status      TEXT NOT NULL,
    extra       TEXT
) STRICT;
CREATE INDEX actions_meeting ON actions(meeting_id, pos);
-- Lists of actions go by due date, undated ones last; pending ones have their own index so
-- the overdue list never reads a done action.
CREATE INDEX actions_due ON actions(COALESCE(due, '9999-12-31'), id);
CREATE INDEX actions_pending_due ON actions(COALESCE(due, '9999-12-31'), id) WHERE status IN ('open', 'in-progress');

CREATE TABLE action_owners (
    action_id       INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    person_id       INTEGER REFERENCES people(id),
    organisation_id INTEGER REFERENCES organisations(id),
    PRIMARY KEY (action_id, pos),
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX action_owners_person ON action_owners(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX action_owners_organisation ON action_owners(organisation_id) WHERE organisation_id IS NOT NULL;

-- Derived from action_owners, rewritten with the action: every party an action is owed by
-- (a person as id*2, an organisation as id*2+1, and a person's organisation too), so
-- "open actions of X by due date" walks one index.
CREATE TABLE action_parties (
    party     INTEGER NOT NULL,
    pending   INTEGER NOT NULL,
    due_key   TEXT NOT NULL,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    PRIMARY KEY (party, pending, due_key, action_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX action_parties_action ON action_parties(action_id);

CREATE TABLE follow_ups (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    date      TEXT NOT NULL,
    text      TEXT NOT NULL,
    extra     TEXT,
    PRIMARY KEY (action_id, pos)
) STRICT, WITHOUT ROWID;

CREATE TABLE flash_recipients (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    field      TEXT NOT NULL CHECK (field IN ('to', 'cc')),
    pos        INTEGER NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (meeting_id, field, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX flash_recipients_person ON flash_recipients(person_id);

-- Full text of meetings (title; objective and points), actions (title; follow-up notes),
-- people and organisations (name; role or acronym). Contentless: the text lives in the
-- tables above, the rowid says what a hit is (see store::search). Porter stems, so a
-- word finds its plural as a plain term; prefix indexes keep search-as-you-type fast.
CREATE VIRTUAL TABLE search USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);
-- FTS5 writes its pending terms out as a new segment each time they fill this buffer, then
-- merges segments; a 4 MiB buffer (1 MiB by default) makes a bulk import write a few large
-- segments instead of hundreds to merge. Memory is used only while a write is pending.
INSERT INTO search (search, rank) VALUES ('hashsize', 4194304);
"#,
        then: None,
    },
    // 2: the user's settings (identity, flash footer), one JSON value per name.
    Migration {
        sql: r#"
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"#,
        then: None,
    },
    // 3: the date an action is due by: its due date, else the end of the period agreed
    // (`autumn 2021`), which Rust derives (crate::period); lists and "overdue" go by it.
    Migration {
        sql: r#"
ALTER TABLE actions ADD COLUMN due_by TEXT;
UPDATE actions SET due_by = due;
DROP INDEX actions_due;
DROP INDEX actions_pending_due;
CREATE INDEX actions_due ON actions(COALESCE(due_by, '9999-12-31'), id);
CREATE INDEX actions_pending_due ON actions(COALESCE(due_by, '9999-12-31'), id) WHERE status IN ('open', 'in-progress');
"#,
        then: Some(super::import::derive_due_by),
    },
    // 4: calendars and the release version of flashes: all-day meetings, the invitation as
    // last sent (kept as its JSON, its UID unique across the register), restricted points.
    Migration {
        sql: r#"
ALTER TABLE meetings ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN invitation TEXT;
ALTER TABLE meetings ADD COLUMN invitation_uid TEXT;
CREATE UNIQUE INDEX meetings_invitation_uid ON meetings(invitation_uid) WHERE invitation_uid IS NOT NULL;
ALTER TABLE points ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
"#,
        then: None,
    },
    // 5: the held meetings not published yet, by local start: the transparency pending list
    // reads these (a few in a hundred once a register's meetings are published) instead of
    // the whole table. Its WHERE is repeated word for word by the query that uses it
    // (`store::transparency::UNPUBLISHED`).
    Migration {
        sql: r#"
CREATE INDEX meetings_unpublished ON meetings(start_local)
    WHERE status = 'held' AND (transparency IS NULL OR json_extract(transparency, '$.published') IS NULL);
"#,
        then: None,
    },
    // 6: monitoring: the exercises of a Code, its indicators, the figures (one per exercise,
    // organisation or the average, indicator and breakdown), the exercises a meeting discusses.
    Migration {
        sql: r#"
CREATE TABLE exercises (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    title       TEXT NOT NULL,
    period_from TEXT,
    period_to   TEXT,
    published   TEXT,
    notes       TEXT,
    extra       TEXT
) STRICT;
CREATE INDEX exercises_code ON exercises(code_id);

CREATE TABLE indicators (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    label       TEXT NOT NULL,
    unit        TEXT NOT NULL CHECK (unit IN ('percent', 'count')),
    better      TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
    description TEXT,
    extra       TEXT
) STRICT;
CREATE INDEX indicators_code ON indicators(code_id);

-- organisation_id NULL: the average over all; breakdown '' none, else 'ground:x' or 'country:x'.
CREATE TABLE results (
    id              INTEGER PRIMARY KEY,
    exercise_id     INTEGER NOT NULL REFERENCES exercises(id),
    organisation_id INTEGER REFERENCES organisations(id),
    indicator_id    INTEGER NOT NULL REFERENCES indicators(id),
    breakdown       TEXT NOT NULL DEFAULT '',
    value           REAL NOT NULL,
    extra           TEXT
) STRICT;
CREATE UNIQUE INDEX results_one ON results(indicator_id, exercise_id, COALESCE(organisation_id, 0), breakdown);
CREATE INDEX results_organisation ON results(organisation_id);

CREATE TABLE meeting_exercises (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    exercise_id INTEGER NOT NULL REFERENCES exercises(id),
    PRIMARY KEY (meeting_id, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_exercises_exercise ON meeting_exercises(exercise_id);
"#,
        then: None,
    },
    // 7: an action agreed for a period without a year (`Q1`) was due in its meeting's year even
    // when that period had ended before the meeting (`Q1` agreed in December); its `due_by` is
    // read again by the rule that takes the first such period ending on or after the meeting.
    Migration { sql: "", then: Some(super::import::derive_due_by) },
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies the migrations the file lacks, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(&tx)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID};", index + 1))?;
        tx.commit()?;
    }
    Ok(())
}
