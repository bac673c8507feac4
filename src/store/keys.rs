//! New keys for records created in the desktop, where the user types a title, not a key.
//! A key is readable (`2026-11-24-bilateral-with-tiktok`), follows the format's key rule and
//! is unique in its table.

use rusqlite::{Connection, OptionalExtension};

use super::Store;
use crate::error::{Error, Result};

/// The longest slug taken from a title; keys stay readable and far below the 120 limit.
const SLUG_MAX: usize = 60;

/// Lower-case ASCII letters and digits of `text`, other runs folded into one `-`.
/// Common accented Latin letters keep their base letter (`Zürich` -> `zurich`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = crate::text::fold_char(c);
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= SLUG_MAX {
            break;
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "record".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A kind of record with a key: where a key must be unique, and which table holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySpace {
    Codes,
    Meetings,
    Organisations,
    People,
    Actions,
}

impl KeySpace {
    /// The record in a user's words, for "no meeting with key ...".
    fn what(self) -> &'static str {
        match self {
            KeySpace::Codes => "code",
            KeySpace::Meetings => "meeting",
            KeySpace::Organisations => "organisation",
            KeySpace::People => "person",
            KeySpace::Actions => "action",
        }
    }
}

/// The row id of the record `key` of `space`, if the register holds it: the one key-to-id
/// lookup of the store.
pub(super) fn row_id(conn: &Connection, space: KeySpace, key: &str) -> Result<Option<i64>> {
    let sql = match space {
        KeySpace::Codes => "SELECT id FROM codes WHERE key = ?1",
        KeySpace::Meetings => "SELECT id FROM meetings WHERE key = ?1",
        KeySpace::Organisations => "SELECT id FROM organisations WHERE key = ?1",
        KeySpace::People => "SELECT id FROM people WHERE key = ?1",
        KeySpace::Actions => "SELECT id FROM actions WHERE key = ?1",
    };
    Ok(conn.prepare_cached(sql)?.query_row([key], |r| r.get(0)).optional()?)
}

/// The row id of the record `key` of `space`; a key the register does not hold is `NotFound`.
pub(super) fn existing_id(conn: &Connection, space: KeySpace, key: &str) -> Result<i64> {
    row_id(conn, space, key)?.ok_or_else(|| Error::NotFound { what: space.what(), key: key.to_string() })
}

impl Store {
    /// `base` if no record of `space` holds it (and `taken` does not), else `base-2`, `base-3`...
    pub fn mint_key(&self, space: KeySpace, base: &str, taken: &[String]) -> Result<String> {
        let mut candidate = base.to_string();
        let mut n = 1u32;
        loop {
            let used = taken.contains(&candidate) || row_id(&self.conn, space, &candidate)?.is_some();
            if !used {
                return Ok(candidate);
            }
            n += 1;
            candidate = format!("{base}-{n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_keys() {
        assert_eq!(slug("Bilateral with TikTok: DSA & the Code"), "bilateral-with-tiktok-dsa-the-code");
        assert_eq!(slug("  Zürich — Łódź  "), "zurich-lodz");
        assert_eq!(slug("!!!"), "record");
        assert!(slug(&"word ".repeat(40)).len() <= 60);
        for s in [slug("Réunion technique"), slug("会议")] {
            assert!(crate::validate::check_key(&s).is_ok(), "{s}");
        }
    }
}
