//! Full-text search over the register (FTS5, contentless). A row's id says what it
//! indexes: the record's id times four plus its kind, so one index serves every kind and a
//! hit maps back to its record with no side table.

use rusqlite::{params, Connection, Statement, Transaction};
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

/// What `add` runs, for a writer that holds the statement over many records.
pub(super) const ADD: &str = "INSERT OR REPLACE INTO temp.search_added (id, title, body) VALUES (?1, ?2, ?3)";

pub(super) fn add(tx: &Transaction<'_>, kind: SearchKind, id: i64, title: &str, body: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(ADD)?;
    add_with(&mut stmt, kind, id, title, body)
}

/// `add` through a statement of [`ADD`] the caller holds.
pub(super) fn add_with(stmt: &mut Statement<'_>, kind: SearchKind, id: i64, title: &str, body: &str) -> Result<()> {
    stmt.execute(params![rowid(kind, id), title, body])?;
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

/// The most different words a search looks for: the first ones typed, a word typed again
/// counting once; words after the eighth different one are not searched for. FTS5 reads
/// every match of every word it is given (bm25 counts each word's matches over the whole
/// register before it ranks a row), so a search costs about the matches of its words: on
/// the 100k demo register a very common word has some 250,000, read in 10 to 15 ms. Eight
/// bound any text to what eight such words cost, and the first eight words of a pasted
/// sentence or title already pick it out. (A budget of SQLite VM steps could not bound it:
/// FTS5 does that reading inside single steps, and never looks for an interrupt.)
pub const MAX_WORDS: usize = 8;

/// The longest word searched for as typed. A longer one (no word of a European language;
/// a pasted hash or a run of letters) is searched for by its first `MAX_WORD_CHARS`
/// characters as the start of a word, so it still finds itself: the index keeps such long
/// words unstemmed (Porter leaves words over 64 bytes alone), and 100 characters are over
/// 64 bytes in any script.
pub const MAX_WORD_CHARS: usize = 100;

/// The shortest word taken as a prefix: the length of the index's prefix index.
const PREFIX_FROM: usize = 3;

/// One word of a query, in lower case, at most `MAX_WORD_CHARS` characters.
struct Term {
    text: String,
    /// Longer in what was typed: matched as the start of a word.
    cut: bool,
}

impl Term {
    fn of(word: &str) -> Term {
        let end = word.char_indices().nth(MAX_WORD_CHARS).map(|(at, _)| at);
        Term { text: word[..end.unwrap_or(word.len())].to_lowercase(), cut: end.is_some() }
    }
}

/// What the user typed, as the words the index is asked for.
struct Terms {
    /// The different words, in the order first typed, at most `MAX_WORDS`.
    terms: Vec<Term>,
    /// The term of the last word typed, when it is long enough to be taken as a prefix.
    typing: Option<usize>,
}

impl Terms {
    /// The words of `text` (runs of letters and digits; everything else separates them, so
    /// FTS5's operators and quotes in user text are only separators), or None if it has none.
    /// Reads the whole text once, however long, and keeps at most `MAX_WORDS` words. In the
    /// scripts of Europe a word is one token of the index; in scripts whose vowel signs the
    /// tokenizer takes for separators it may be a phrase of several, at most as many as the
    /// word's `MAX_WORD_CHARS` characters.
    fn of(text: &str) -> Option<Terms> {
        let mut terms: Vec<Term> = Vec::new();
        let mut last = None;
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if terms.len() < MAX_WORDS {
                let term = Term::of(word);
                if !terms.iter().any(|t| t.text == term.text) {
                    terms.push(term);
                }
            }
            last = Some(word);
        }
        // The last word typed is the one being typed, wherever it was first typed.
        let last = last?;
        let typing = if last.chars().nth(PREFIX_FROM - 1).is_some() {
            let last = Term::of(last);
            terms.iter().position(|t| t.text == last.text)
        } else {
            None
        };
        Some(Terms { terms, typing })
    }

    /// The FTS5 phrases: every term quoted (so it is a word, never an operator), cut
    /// terms and, when `prefix`, the word being typed as prefixes.
    fn phrases(&self, prefix: bool) -> Vec<String> {
        let typing = if prefix { self.typing } else { None };
        self.terms
            .iter()
            .enumerate()
            .map(|(i, term)| {
                let star = if term.cut || typing == Some(i) { "*" } else { "" };
                format!("\"{}\"{star}", term.text)
            })
            .collect()
    }

    /// The FTS5 query: every phrase must occur.
    fn query(&self, prefix: bool) -> String {
        self.phrases(prefix).join(" ")
    }

    /// The terms folded as the index folds them, for finding the excerpt.
    fn folded(&self) -> Vec<String> {
        self.terms.iter().map(|t| crate::text::fold(&t.text)).collect()
    }
}

/// The words of what the user typed, as an FTS5 query: every word must occur, the last one
/// as a prefix once it has three letters (so results follow the typing; the index keeps
/// three-letter prefixes). Quoting each word keeps FTS5's operators out of user text.
/// A word typed twice is asked for once, and only the first `MAX_WORDS` different words,
/// each of at most `MAX_WORD_CHARS` characters, are asked for: what any text costs the
/// index is bounded by what `MAX_WORDS` common words cost. The list's text filter
/// (`query.rs`) sends this query too.
pub fn fts_query(text: &str) -> Option<String> {
    Terms::of(text).map(|t| t.query(true))
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
        let Some(terms) = Terms::of(text) else {
            return Ok(Vec::new());
        };
        let (whole, prefix) = (terms.query(false), terms.query(true));
        let words = terms.folded();
        // Whole words first (the stemmer still matches plurals): far cheaper than a prefix on
        // a common word, whose every completion FTS5 must merge first. The last word as a
        // prefix only when they do not fill the page (the user is still typing it, or it is
        // rare).
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

    /// The FTS5 query that `search` and the list's text filter send for `text` (the last word
    /// as a prefix), or None when it has no word: at most `SEARCH_WORDS` phrases.
    pub fn full_text_query(text: &str) -> Option<String> {
        fts_query(text)
    }

    /// The most different words a search looks for (`MAX_WORDS`).
    pub const SEARCH_WORDS: usize = MAX_WORDS;

    /// The longest word searched for as typed (`MAX_WORD_CHARS`).
    pub const SEARCH_WORD_CHARS: usize = MAX_WORD_CHARS;

    /// What searching for `text` makes the index read, as a count that does not depend on
    /// the machine: the matches of every phrase of every query `search` may send (whole
    /// words, then the last word as a prefix). FTS5 reads each phrase's matches over the
    /// whole register (bm25 counts them before ranking any row, and the phrases' lists are
    /// walked to find the rows that hold them all), so a search's time is about this count
    /// times a constant. Tests bound it; benchmarks time it.
    pub fn search_work(&self, text: &str) -> Result<u64> {
        let Some(terms) = Terms::of(text) else {
            return Ok(0);
        };
        let (mut phrases, prefix) = (terms.phrases(false), terms.phrases(true));
        if prefix != phrases {
            phrases.extend(prefix);
        }
        let mut stmt = self.conn.prepare_cached("SELECT count(*) FROM search WHERE search MATCH ?1")?;
        let mut work = 0;
        for phrase in &phrases {
            work += stmt.query_row([phrase], |r| r.get::<_, u64>(0))?;
        }
        Ok(work)
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
    fn a_word_typed_again_is_asked_for_once_and_the_last_word_typed_is_the_prefix() {
        assert_eq!(fts_query(&["Code"; 2500].join(" ")), fts_query("code"));
        assert_eq!(fts_query("code, CODE; code").as_deref(), Some("\"code\"*"));
        // The word being typed is a prefix wherever it was first typed.
        assert_eq!(fts_query("trusted flagger trusted").as_deref(), Some("\"trusted\"* \"flagger\""));
        // Typed again but too short to be a prefix: whole words only.
        assert_eq!(fts_query("eu code eu").as_deref(), Some("\"eu\" \"code\""));
        let terms = Terms::of("trusted flagger trusted").unwrap();
        assert_eq!(terms.query(false), "\"trusted\" \"flagger\"");
    }

    #[test]
    fn only_the_first_different_words_are_asked_for() {
        let words: Vec<String> = (0..2500).map(|i| format!("w{i}")).collect();
        let query = fts_query(&words.join(" ")).unwrap();
        let first: Vec<String> = words[..MAX_WORDS].iter().map(|w| format!("\"{w}\"")).collect();
        assert_eq!(query, first.join(" "), "the last word typed is not among them, so no prefix");
        // Repeats do not use up the words.
        let text = format!("{} {}", ["code"; 100].join(" "), words[..MAX_WORDS - 1].join(" "));
        assert_eq!(Terms::of(&text).unwrap().terms.len(), MAX_WORDS);
        assert_eq!(Terms::of(&format!("{text} extra")).unwrap().terms.len(), MAX_WORDS);
    }

    #[test]
    fn a_long_word_is_asked_for_by_its_first_characters_as_a_prefix() {
        let long = "a".repeat(100_000);
        let cut = format!("\"{}\"*", "a".repeat(MAX_WORD_CHARS));
        assert_eq!(fts_query(&long), Some(cut.clone()));
        assert_eq!(Terms::of(&format!("{long} code")).unwrap().query(false), format!("{cut} \"code\""));
        let greek = "α".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(fts_query(&greek), Some(format!("\"{}\"*", "α".repeat(MAX_WORD_CHARS))));
        let whole = "ü".repeat(MAX_WORD_CHARS);
        assert_eq!(Terms::of(&whole).unwrap().query(false), format!("\"{whole}\""), "not cut");
        // The excerpt words are as bounded.
        let pasted = format!("{} ", "Politique de modération, évaluée: ".repeat(3000) + &long);
        let words = Terms::of(&pasted).unwrap().folded();
        assert_eq!(words, ["politique", "de", "moderation", "evaluee", &"a".repeat(MAX_WORD_CHARS)]);
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
