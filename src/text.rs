//! Text as the register compares and shows it.
//!
//! Folding: lower case with the diacritics of Latin letters removed, as the search index's
//! tokenizer does (`remove_diacritics`). Used for readable keys and for the excerpts of search
//! hits. One char folds to one char, so offsets survive folding.
//!
//! Showing: `printable` escapes what a terminal or a message must not carry raw (control
//! characters, bidi overrides and other invisible characters), so text typed by anyone cannot
//! move the cursor, recolour a terminal or reorder the line it is quoted in.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The base letter of a lower-case accented Latin letter (`ü` -> `u`); other chars unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'ė' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ș' | 'ş' => 's',
        'ť' | 'ț' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// `word` in lower case without diacritics.
pub fn fold(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(fold_char).collect()
}

/// A control character: C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// A character that shows nothing, or changes how the text around it shows: the control
/// characters, the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) and marks (U+061C, U+200E, U+200F), the zero-width space, word joiner and
/// invisible operators (U+200B, U+2060–U+2064), the line and paragraph separators
/// (U+2028, U+2029), the byte-order mark (U+FEFF) and the interlinear annotation marks
/// (U+FFF9–U+FFFB). Zero-width (non-)joiners are kept: scripts and emoji need them.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `text` with every unprintable character (`is_unprintable`) written as a `\u{1b}` escape;
/// borrowed as it is when there is none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The most characters of user text a message quotes; longer text is cut with an ellipsis.
const QUOTED_AT_MOST: usize = 120;

/// User text as a message quotes it: in double quotes, printable, cut after 120 characters
/// (a key is never cut).
pub fn quoted(text: &str) -> String {
    let shown = match text.char_indices().nth(QUOTED_AT_MOST) {
        Some(_) => {
            let cut: String = text.chars().take(QUOTED_AT_MOST - 1).collect();
            format!("{}…", printable(&cut))
        }
        None => printable(text).into_owned(),
    };
    format!("\"{shown}\"")
}

/// The abbreviations of the control characters, C0 then DEL, then C1 (ISO 6429).
const C0: [&str; 32] = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI", "DLE",
    "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
];
const C1: [&str; 32] = [
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
    "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC",
];

/// A character named for a reader: `U+001B ESC`, `U+000D CR`, `U+202E`.
pub fn describe_char(c: char) -> String {
    let code = u32::from(c);
    let name = match code {
        0x00..=0x1F => C0.get(code as usize).copied(),
        0x7F => Some("DEL"),
        0x80..=0x9F => C1.get((code - 0x80) as usize).copied(),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{code:04X} {name}"),
        None => format!("U+{code:04X}"),
    }
}

/// Windows-1252's characters for 0x80 to 0x9F (the rest of the byte range is Latin-1).
const CP1252: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž', '\u{FFFD}', '\u{FFFD}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}', 'ž', 'Ÿ',
];

/// Bytes read as Windows-1252, what Windows programs in Western European locales save text in
/// when it is not UTF-8 (Outlook's older calendars, Excel's "CSV").
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(fold("Łódź Zürich Dvořáková"), "lodz zurich dvorakova");
        assert_eq!(fold("Ştefan").chars().count(), "Ştefan".chars().count());
    }

    #[test]
    fn printable_escapes_controls_and_invisible_characters() {
        assert!(matches!(printable("Łódź, 24 Jun\u{200D}"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(printable("line\r\nnext\0"), "line\\u{d}\\u{a}next\\u{0}");
        assert_eq!(printable("abc\u{202E}fed\u{2066}x\u{85}"), "abc\\u{202e}fed\\u{2066}x\\u{85}");
        assert_eq!(printable("\u{7f}\u{feff}"), "\\u{7f}\\u{feff}");
    }

    #[test]
    fn quoted_text_is_short_and_printable() {
        assert_eq!(quoted("a\u{1b}b"), "\"a\\u{1b}b\"");
        let long = "é".repeat(200);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), QUOTED_AT_MOST + 2);
        assert!(q.ends_with("…\""));
        assert_eq!(quoted(&"x".repeat(QUOTED_AT_MOST)), format!("\"{}\"", "x".repeat(QUOTED_AT_MOST)));
    }

    #[test]
    fn characters_are_named() {
        assert_eq!(describe_char('\u{1b}'), "U+001B ESC");
        assert_eq!(describe_char('\r'), "U+000D CR");
        assert_eq!(describe_char('\u{7f}'), "U+007F DEL");
        assert_eq!(describe_char('\u{9b}'), "U+009B CSI");
        assert_eq!(describe_char('\u{0}'), "U+0000 NUL");
        assert_eq!(describe_char('\u{202e}'), "U+202E");
    }
}
