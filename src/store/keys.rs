//! New keys for records created in the desktop, where the user types a title, not a key.
//! A key is readable (`2026-11-24-bilateral-with-tiktok`), follows the format's key rule and
//! is unique in its table.

use rusqlite::OptionalExtension;

use super::Store;
use crate::error::Result;

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

/// Where a key must be unique.
#[derive(Clone, Copy, Debug)]
pub enum KeySpace {
    Meetings,
    Organisations,
    People,
    Actions,
}

impl KeySpace {
    fn table(self) -> &'static str {
        match self {
            KeySpace::Meetings => "meetings",
            KeySpace::Organisations => "organisations",
            KeySpace::People => "people",
            KeySpace::Actions => "actions",
        }
    }
}

impl Store {
    /// `base` if no record of `space` holds it (and `taken` does not), else `base-2`, `base-3`...
    pub fn mint_key(&self, space: KeySpace, base: &str, taken: &[String]) -> Result<String> {
        let sql = format!("SELECT 1 FROM {} WHERE key = ?1", space.table());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut candidate = base.to_string();
        let mut n = 1u32;
        loop {
            let used = taken.contains(&candidate) || stmt.query_row([&candidate], |_| Ok(())).optional()?.is_some();
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
