//! What text may reach the page: NFC, no control characters, no invisible direction or
//! zero-width marks, and nothing the faces cannot show (replaced visibly, and reported).

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use super::fonts::Faces;
use super::Style;

/// What a character no embedded face can show is printed as. Noto Sans has it (it lacks `□`).
pub const REPLACEMENT: char = '\u{FFFD}';

/// How one input character is treated before normalisation.
enum Treat {
    Keep(char),
    Drop,
    LineBreak,
}

fn treat(ch: char) -> Treat {
    match ch {
        '\t' => Treat::Keep(' '),
        '\n' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' => Treat::LineBreak,
        // Other C0 and C1 controls and DEL (a CR is handled by the caller, as part of CRLF).
        c if c.is_control() => Treat::Drop,
        // Direction marks, embeddings, overrides and isolates: the layout is left to right only,
        // and a viewer would otherwise reorder or hide text.
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Treat::Drop,
        // Zero-width space, joiners, word joiner and invisible operators, byte-order mark, soft
        // hyphen (the layout does not hyphenate), variation selectors and tags.
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' => Treat::Drop,
        '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}' => Treat::Drop,
        c => Treat::Keep(c),
    }
}

/// Drops what must not reach a page and turns every line break (`\n`, `\r\n`, `\r`, U+2028…)
/// into `\n`, or into a space when `line_breaks` is false; then NFC.
fn strip(input: &str, line_breaks: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(ch) = chars.next() {
        let treated = if ch == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            Treat::LineBreak
        } else {
            treat(ch)
        };
        match treated {
            Treat::Keep(c) => out.push(c),
            Treat::Drop => {}
            Treat::LineBreak => out.push(if line_breaks { '\n' } else { ' ' }),
        }
    }
    if unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// Text for the document's metadata (title, author…): no controls, no invisible marks, line
/// breaks as spaces, NFC, trimmed. Metadata is not drawn, so no character is replaced.
pub(crate) fn plain(input: &str) -> String {
    strip(input, false).trim().to_string()
}

/// Cleans the text of runs for the page, counting what it replaces.
pub(crate) struct Cleaner<'f> {
    faces: &'f Faces,
    /// Each character replaced, with how many times.
    pub(crate) replaced: BTreeMap<char, usize>,
}

impl<'f> Cleaner<'f> {
    pub(crate) fn new(faces: &'f Faces) -> Self {
        Cleaner { faces, replaced: BTreeMap::new() }
    }

    /// `input` as it will be set in `style`: NFC, controls and invisible marks dropped, a tab as a
    /// space, each line break as `\n`, every character the face cannot show as [`REPLACEMENT`].
    pub(crate) fn clean(&mut self, input: &str, style: Style) -> String {
        let face = self.faces.face(style);
        let mut out = strip(input, true);
        if out.chars().all(|c| c == '\n' || face.has(c)) {
            return out;
        }
        out = out
            .chars()
            .map(|c| {
                if c == '\n' || face.has(c) {
                    c
                } else {
                    *self.replaced.entry(c).or_insert(0) += 1;
                    REPLACEMENT
                }
            })
            .collect();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::faces;

    fn clean(s: &str) -> (String, Vec<(char, usize)>) {
        let mut cleaner = Cleaner::new(faces().unwrap());
        let out = cleaner.clean(s, Style::Regular);
        (out, cleaner.replaced.into_iter().collect())
    }

    #[test]
    fn composes_to_nfc() {
        // s + combining comma below, e + combining acute, o + combining double acute.
        assert_eq!(clean("s\u{0326}e\u{0301}o\u{030B}").0, "șéő");
    }

    #[test]
    fn drops_controls_keeps_tab_and_line_breaks() {
        assert_eq!(clean("a\u{0000}b\u{0007}c\u{001B}d\u{007F}e\u{0085}f\u{009B}g").0, "abcde\nfg");
        assert_eq!(clean("a\tb\r\nc\rd\ne\u{2028}f").0, "a b\nc\nd\ne\nf");
    }

    #[test]
    fn drops_direction_and_zero_width_marks() {
        let marks = "\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200B}\u{200C}\u{200D}\u{FEFF}";
        assert_eq!(clean(&format!("a{marks}b{marks}")).0, "ab");
    }

    #[test]
    fn replaces_what_no_face_shows_and_counts_it() {
        let (out, replaced) = clean("ok 😀 and 😀, 中文");
        assert_eq!(out, "ok \u{FFFD} and \u{FFFD}, \u{FFFD}\u{FFFD}");
        assert_eq!(replaced, vec![('中', 1), ('文', 1), ('😀', 2)]);
    }

    #[test]
    fn emoji_sequences_lose_their_invisible_parts() {
        // A family (joined by ZWJ) and a heart with its emoji presentation selector.
        let (out, _) = clean("👨\u{200D}👩 ❤\u{FE0F}");
        assert_eq!(out.chars().filter(|&c| c == REPLACEMENT).count(), 3);
        assert!(!out.contains('\u{200D}') && !out.contains('\u{FE0F}'));
    }

    #[test]
    fn plain_text_has_no_line_breaks() {
        assert_eq!(plain("  Flash\r\nof the\u{0000} meeting\u{200F} "), "Flash of the meeting");
    }
}
