//! The rules of the format's text fields: how long each may be (in characters) and which
//! characters it may hold. `docs/register-format.md` documents the same numbers.

use crate::text::describe_char;

/// A kind of text field.
#[derive(Clone, Copy, Debug)]
pub struct TextRule {
    /// How a message names the field: "a title".
    pub what: &'static str,
    /// The most characters it may hold.
    pub max: usize,
    /// Long text (objective, point, follow-up, reason) may hold newlines.
    pub long: bool,
}

const fn line(what: &'static str, max: usize) -> TextRule {
    TextRule { what, max, long: false }
}

const fn long(what: &'static str, max: usize) -> TextRule {
    TextRule { what, max, long: true }
}

/// Titles of meetings, codes and actions, and the subject of a flash.
pub const TITLE: TextRule = line("a title", 300);
pub const SUBJECT: TextRule = line("a subject", 300);
pub const SHORT_TITLE: TextRule = line("a short title", 100);
/// Names of organisations and people.
pub const NAME: TextRule = line("a name", 200);
pub const FAMILY_NAME: TextRule = line("a family name", 100);
pub const ACRONYM: TextRule = line("an acronym", 40);
pub const ROLE: TextRule = line("a role", 200);
pub const EMAIL: TextRule = line("an e-mail address", 254);
pub const LOCATION: TextRule = line("a location", 200);
pub const DUE_PERIOD: TextRule = line("a due period", 100);
/// The UID of a calendar invitation (RFC 5545 sets no limit; 255 keeps Outlook happy).
pub const UID: TextRule = line("an invitation UID", 255);
/// Monitoring: an indicator's label, a breakdown's part (`xenophobia`, `FR`).
pub const LABEL: TextRule = line("a label", 200);
pub const BREAKDOWN: TextRule = line("a breakdown", 100);
pub const DESCRIPTION: TextRule = long("a description", 2_000);
pub const NOTES: TextRule = long("notes", 20_000);
pub const REASON: TextRule = long("a reason", 2_000);
pub const OBJECTIVE: TextRule = long("an objective", 20_000);
pub const POINT: TextRule = long("a point", 20_000);
pub const FOLLOW_UP: TextRule = long("a follow-up note", 20_000);

/// Points nest at most this many levels: a point and up to 9 levels of replies.
pub const POINT_LEVELS: usize = 10;
/// `extra` nests at most this many levels, counting itself.
pub const EXTRA_LEVELS: usize = 32;

/// `12345` as `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What is wrong with the characters of `value` under `rule`, if anything: a control
/// character other than tab, or a newline outside long text.
pub fn character_problem(value: &str, rule: TextRule) -> Option<String> {
    let bad = value.chars().find(|&c| c.is_control() && c != '\t' && !(rule.long && c == '\n'))?;
    Some(if bad == '\n' {
        format!(
            "contains a newline; {} is a single line (only an objective, a point, a follow-up note and a reason may have several)",
            rule.what
        )
    } else {
        format!(
            "contains a control character ({}); only tab and, in long text, newline are allowed",
            describe_char(bad)
        )
    })
}

/// How long `value` is when it is longer than `rule` allows.
pub fn length_problem(value: &str, rule: TextRule) -> Option<String> {
    // Bytes bound characters from above: most values need no count at all.
    if value.len() <= rule.max {
        return None;
    }
    let count = value.chars().count();
    (count > rule.max).then(|| {
        format!("is {} characters long; {} may have at most {}", thousands(count), rule.what, thousands(rule.max))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(300), "300");
        assert_eq!(thousands(2_000), "2,000");
        assert_eq!(thousands(20_001), "20,001");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert_eq!(length_problem(&"é".repeat(300), TITLE), None);
        assert_eq!(
            length_problem(&"é".repeat(312), TITLE).as_deref(),
            Some("is 312 characters long; a title may have at most 300")
        );
        assert_eq!(
            length_problem(&"x".repeat(20_001), POINT).as_deref(),
            Some("is 20,001 characters long; a point may have at most 20,000")
        );
    }

    #[test]
    fn only_tab_and_in_long_text_newline_are_allowed() {
        assert_eq!(character_problem("a\tb", TITLE), None);
        assert_eq!(character_problem("a\nb", POINT), None);
        assert!(character_problem("a\nb", TITLE).unwrap().starts_with("contains a newline; a title is a single line"));
        assert_eq!(
            character_problem("a\u{1b}[31mb", POINT).as_deref(),
            Some("contains a control character (U+001B ESC); only tab and, in long text, newline are allowed")
        );
        assert!(character_problem("a\r\nb", POINT).unwrap().contains("(U+000D CR)"));
        assert!(character_problem("\u{7f}", TITLE).unwrap().contains("(U+007F DEL)"));
        assert!(character_problem("\u{85}", POINT).unwrap().contains("(U+0085 NEL)"));
        assert_eq!(character_problem("Łódź \u{202e}", TITLE), None, "only shown escaped, not refused");
    }
}
