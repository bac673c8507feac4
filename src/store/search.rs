//! Full-text search over the register (FTS5, contentless). A row's id says what it
//! indexes: the record's id times four plus its kind, so one index serves every kind and a
//! hit maps back to its record with no side table.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::Store;
use crate::error::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SearchKind {
    Meeting,
    Action,
    Person,
    Organisation,
}

impl SearchKind {
    fn tag(self) -> i64 {
        match self {
            SearchKind::Meeting => 0,
            SearchKind::Action => 1,
            SearchKind::Person => 2,
            SearchKind::Organisation => 3,
        }
    }

    fn from_rowid(rowid: i64) -> (SearchKind, i64) {
        let kind = match rowid & 3 {
            0 => SearchKind::Meeting,
            1 => SearchKind::Action,
            2 => SearchKind::Person,
            _ => SearchKind::Organisation,
        };
        (kind, rowid >> 2)
    }
}

fn rowid(kind: SearchKind, id: i64) -> i64 {
    (id << 2) | kind.tag()
}

// FTS5 writes its pending terms out at every statement savepoint, so index changes made
// between other writes would be written row by row. They are queued in temporary tables
// and applied in two statements when the import ends (`apply_queued`).

/// The connection's queue tables (temporary: they live and die with the connection).
pub(super) fn create_queue(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_added (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS search_removed (id INTEGER PRIMARY KEY);",
    )?;
    Ok(())
}

pub(super) fn add(tx: &Transaction<'_>, kind: SearchKind, id: i64, title: &str, body: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO temp.search_added (id, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid(kind, id), title, body])?;
    Ok(())
}

pub(super) fn remove(tx: &Transaction<'_>, kind: SearchKind, id: i64) -> Result<()> {
    let row = rowid(kind, id);
    tx.prepare_cached("DELETE FROM temp.search_added WHERE id = ?1")?.execute([row])?;
    tx.prepare_cached("INSERT OR IGNORE INTO temp.search_removed (id) VALUES (?1)")?.execute([row])?;
    Ok(())
}

/// Applies the queued changes to the index, inside the import's transaction.
pub(super) fn apply_queued(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM search WHERE rowid IN (SELECT id FROM temp.search_removed);
         INSERT INTO search (rowid, title, body) SELECT id, title, body FROM temp.search_added ORDER BY id;
         DELETE FROM temp.search_removed;
         DELETE FROM temp.search_added;",
    )?;
    Ok(())
}

/// One record that matched, with where it matched.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: SearchKind,
    pub key: String,
    pub title: String,
    /// The meeting's local start date, or the action's meeting date; absent for people and organisations.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The meeting an action belongs to.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// A short excerpt around the first word found.
    pub excerpt: String,
}

/// The words of what the user typed, as an FTS5 query: every word must occur, the last one
/// as a prefix once it has three letters (so results follow the typing; the index keeps
/// three-letter prefixes). Quoting each word keeps FTS5's operators out of user text.
pub fn fts_query(text: &str) -> Option<String> {
    let whole = fts_whole_words(text)?;
    let last = text.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty()).unwrap_or_default();
    Some(if last.chars().count() >= PREFIX_FROM { whole + "*" } else { whole })
}

/// The shortest word taken as a prefix: the length of the index's prefix index.
const PREFIX_FROM: usize = 3;

/// The same words, each a whole word (the stemmer still matches plurals): far cheaper than
/// a prefix on a common word, whose every completion FTS5 must merge first.
fn fts_whole_words(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.to_lowercase()))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(crate::text::fold).collect()
}

/// Up to about 160 characters of `text` around the first word that starts with one of `words`.
fn excerpt(text: &str, words: &[String]) -> Option<String> {
    let mut offset = 0;
    for token in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let word = token.trim_end_matches(|c: char| !c.is_alphanumeric());
        let folded = crate::text::fold(word);
        if !folded.is_empty() && words.iter().any(|w| folded.starts_with(w.as_str())) {
            return Some(window(text, offset, 160));
        }
        offset += token.len();
    }
    None
}

fn window(text: &str, at: usize, width: usize) -> String {
    let mut start = at.saturating_sub(width / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Start on a word boundary so the excerpt does not open mid-word.
    if start > 0 {
        if let Some(space) = text[start..at].find(char::is_whitespace) {
            start += space + 1;
        }
    }
    let mut end = (start + width).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[start..end].trim().replace('\n', " ").as_str());
    if end < text.len() {
        out.push('…');
    }
    out
}

impl Store {
    /// The best `limit` matches for what the user typed, most relevant first; titles weigh
    /// more than bodies.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let (Some(whole), Some(prefix)) = (fts_whole_words(text), fts_query(text)) else {
            return Ok(Vec::new());
        };
        let words = words_of(text);
        // Whole words first; the last word as a prefix only when they do not fill the page
        // (the user is still typing it, or it is rare).
        let mut ids = self.ranked(&whole, limit)?;
        if ids.len() < limit as usize && prefix != whole {
            for id in self.ranked(&prefix, limit)? {
                if ids.len() < limit as usize && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut hits = Vec::with_capacity(ids.len());
        for rowid in ids {
            let (kind, id) = SearchKind::from_rowid(rowid);
            if let Some(hit) = hit(&self.conn, kind, id, &words)? {
                hits.push(hit);
            }
        }
        Ok(hits)
    }

    /// Index rows matching `query`, the best `limit` among the newest RANKED matches: ranking
    /// every match of a common word would cost time in proportion to the register.
    fn ranked(&self, query: &str, limit: u32) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM (SELECT rowid, bm25(search, 4.0, 1.0) AS score FROM search
                                WHERE search MATCH ?1 ORDER BY rowid DESC LIMIT ?3)
             ORDER BY score, rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query, limit, RANKED], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// How many of the newest matches are ranked for relevance.
const RANKED: u32 = 1000;

/// Separates a point's party from its text in the texts an excerpt is taken from.
const PARTY: char = '\u{1f}';

fn hit(conn: &Connection, kind: SearchKind, id: i64, words: &[String]) -> Result<Option<SearchHit>> {
    use rusqlite::OptionalExtension;
    // Texts in the order they are shown; the excerpt comes from the first that matches.
    let (key, title, date, meeting, texts): (String, String, Option<String>, Option<String>, Vec<String>) = match kind {
        SearchKind::Meeting => {
            let Some((key, title, start, location_objective)) = conn
                .prepare_cached("SELECT key, title, start_local, objective, location FROM meetings WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        [r.get::<_, Option<String>>(4)?, r.get::<_, Option<String>>(3)?],
                    ))
                })
                .optional()?
            else {
                return Ok(None);
            };
            let mut texts = vec![title.clone()];
            let [location, objective]: [Option<String>; 2] = location_objective;
            texts.extend(location);
            texts.extend(objective);
            let mut stmt = conn.prepare_cached(
                "SELECT COALESCE(o.acronym, o.name), p.text FROM points p LEFT JOIN organisations o ON o.id = p.by_id WHERE p.meeting_id = ?1 ORDER BY p.seq",
            )?;
            let rows = stmt.query_map([id], |r| {
                let by: Option<String> = r.get(0)?;
                let text: String = r.get(1)?;
                // The party goes before the excerpt, whatever part of the point is shown.
                Ok(match by {
                    Some(by) => format!("{by}{PARTY}{text}"),
                    None => text,
                })
            })?;
            for row in rows {
                texts.push(row?);
            }
            (key, title, Some(start[..10].to_string()), None, texts)
        }
        SearchKind::Action => {
            let Some((key, title, period, meeting, start)) = conn
                .prepare_cached(
                    "SELECT a.key, a.title, a.due_period, m.key, m.start_local FROM actions a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1",
                )?
                .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?)))
                .optional()?
            else {
                return Ok(None);
            };
            let mut texts = vec![title.clone()];
            texts.extend(period);
            let mut stmt =
                conn.prepare_cached("SELECT date || ': ' || text FROM follow_ups WHERE action_id = ?1 ORDER BY pos")?;
            for row in stmt.query_map([id], |r| r.get::<_, String>(0))? {
                texts.push(row?);
            }
            (key, title, Some(start[..10].to_string()), Some(meeting), texts)
        }
        SearchKind::Person => {
            let Some((key, name, role, family)) = conn
                .prepare_cached("SELECT key, name, role, family_name FROM people WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
                .optional()?
            else {
                return Ok(None);
            };
            let texts = [Some(name.clone()), role, family].into_iter().flatten().collect();
            (key, name, None, None, texts)
        }
        SearchKind::Organisation => {
            let Some((key, name, acronym)) = conn
                .prepare_cached("SELECT key, name, acronym FROM organisations WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
                })
                .optional()?
            else {
                return Ok(None);
            };
            let texts = [Some(name.clone()), acronym].into_iter().flatten().collect();
            (key, name, None, None, texts)
        }
    };
    let excerpt = texts
        .iter()
        .find_map(|t| match t.split_once(PARTY) {
            Some((party, text)) => excerpt(text, words).map(|e| format!("{party}: {e}")),
            None => excerpt(t, words),
        })
        .unwrap_or_else(|| window(&title, 0, 160));
    Ok(Some(SearchHit { kind, key, title, date, meeting, excerpt }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_a_quoted_prefix_query() {
        assert_eq!(fts_query("trusted flag").as_deref(), Some("\"trusted\" \"flag\"*"));
        assert_eq!(fts_query("NOT OR \"xyz"), Some("\"not\" \"or\" \"xyz\"*".to_string()));
        assert_eq!(fts_query("Code EU").as_deref(), Some("\"code\" \"eu\""), "short words are whole words");
        assert_eq!(fts_query("  -- "), None);
    }

    #[test]
    fn excerpt_centres_on_the_word_without_splitting_characters() {
        let text = "Ελληνικά ".repeat(30) + "Dublin workshop in autumn";
        let e = excerpt(&text, &["dublin".to_string()]).unwrap();
        assert!(e.contains("Dublin workshop"));
        assert!(e.starts_with('…'));
        assert_eq!(excerpt("Réunion à Bruxelles", &["reunion".to_string()]).unwrap(), "Réunion à Bruxelles");
    }
}
