//! The text of the publication list as released: names of people not public withheld by the
//! flash's own redactor ([`crate::flash::redact::Redactor`], the one definition of what may be
//! released) and the minutes: the points of a meeting as the release version of its flash gives
//! them, a restricted point, with its replies, one `[REDACTED]` bullet.
//!
//! The points follow the rules of the flash's composer (`crate::flash::compose`): the party by
//! its acronym, else its name; the text trimmed and redacted. The composer itself is not called:
//! it builds a redactor over the whole directory for every meeting, which a year of meetings
//! cannot afford; one redactor serves the whole list here. TODO(flash): once the flash module
//! offers its release points for a prebuilt redactor, call it here instead.
//!
//! The redactor folds and looks up every word of every text, which costs about 40 ms a
//! megabyte; a year's list holds several. [`Release`] first asks, in one pass over the bytes
//! with nothing allocated, whether a text holds any word a withheld name or address can start
//! with, and hands the redactor only the texts that do (the others it copies as they are). Which
//! words those are, the redactor itself says (a probe redactor over those first words, asked
//! once per distinct word), so the two can never disagree about folding; a word with a letter
//! outside ASCII always goes to the redactor.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::ascii_words::any_word;
use super::scope::Parties;
use crate::flash::redact::Redactor;
use crate::flash::REDACTED;
use crate::model::{Person, Point};

/// FNV-1a: the memo's keys are short words, where it beats the default hasher several times.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// Lower-case ASCII words.
type WordSet = HashSet<Box<[u8]>, BuildHasherDefault<Fnv>>;

/// The longest word the first pass looks up itself; a longer one goes to the redactor.
const LONGEST_WORD: usize = 64;

/// A letter of a word as the redactor splits text: letters, digits and combining marks.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The first word of `text` (as the redactor splits words), if any.
fn first_word(text: &str) -> Option<&str> {
    let start = text.find(is_word_char)?;
    let rest = &text[start..];
    let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Texts as released: the flash's redactor, behind a first pass that spares it the texts
/// without a name to withhold.
pub struct Release {
    redactor: Redactor,
    /// The words a withheld name or address starts with.
    first: FirstWords,
}

/// How the first pass tells the words a withheld name or address starts with.
enum FirstWords {
    /// Each of them is known in ASCII.
    Known(Known),
    /// Otherwise a probe redactor, which withholds exactly those words, is asked once per
    /// word: lower-case ASCII word -> whether a withheld name or address starts with it.
    Asked { probe: Redactor, memo: RefCell<HashMap<Box<[u8]>, bool, BuildHasherDefault<Fnv>>> },
}

/// The lower-case ASCII words a withheld name or address starts with, behind a filter on
/// their shape (length, first and last letter): a year's minutes hold a million words, and
/// most are passed over after one bit is read, none of them hashed or copied.
struct Known {
    shapes: Vec<u64>,
    words: WordSet,
}

/// Bits of the shape filter: 16 lengths by 64 first by 64 last letters (8 KiB).
const SHAPE_BITS: usize = 1 << 16;

/// The bit of a word of ASCII letters and digits, in any case: `| 0x20` lowers a letter and
/// leaves a digit as it is, so `Jan` and `jan` share it. (Shapes that collide only cost a
/// lookup.)
#[inline(always)]
fn shape(word: &[u8]) -> usize {
    let (first, last) = match word {
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
        [] => (0, 0),
    };
    ((word.len() & 15) << 12) | usize::from((first | 0x20) & 0x3f) << 6 | usize::from((last | 0x20) & 0x3f)
}

impl Known {
    fn new(words: WordSet) -> Known {
        let mut shapes = vec![0u64; SHAPE_BITS / 64];
        for w in &words {
            let bit = shape(w);
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        Known { shapes, words }
    }

    /// Whether `word` (ASCII letters and digits, any case) is one of the words.
    #[inline(always)]
    fn holds(&self, word: &[u8]) -> bool {
        let bit = shape(word);
        self.shapes[bit / 64] & (1 << (bit % 64)) != 0 && self.looked_up(word)
    }

    /// The lookup behind the filter, which few words reach.
    #[inline(never)]
    fn looked_up(&self, word: &[u8]) -> bool {
        if word.len() > LONGEST_WORD {
            return self.words.contains(&word.to_ascii_lowercase()[..]);
        }
        let mut lower = [0u8; LONGEST_WORD];
        for (l, b) in lower.iter_mut().zip(word) {
            *l = b.to_ascii_lowercase();
        }
        self.words.contains(&lower[..word.len()])
    }

    /// Whether an ASCII `text` has a whole word (a run of letters and digits) among the words.
    fn any_in(&self, text: &[u8]) -> bool {
        any_word(text, |word| self.holds(word))
    }
}

/// `word` in lower case without diacritics, when that is ASCII: `Zsófia` -> `zsofia`. A guess at
/// the redactor's folding, which `Release::new` checks against the redactor itself.
fn ascii_fold(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ĳ' => out.push_str("ij"),
            'þ' => out.push_str("th"),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ø' => out.push('o'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            other => decompose_canonical(other, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
    (!out.is_empty() && out.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(out)
}

fn probe_person(n: usize, word: &str) -> Person {
    Person {
        key: format!("probe-{n}"),
        name: word.to_string(),
        family_name: None,
        organisation: None,
        role: None,
        email: None,
        public: false,
        extra: None,
    }
}

impl Release {
    /// The release version over the people and organisations of `parties`.
    pub fn new(parties: &Parties) -> Release {
        let redactor = Redactor::new(parties.people(), parties.organisations());
        // The words the redactor's patterns of people not public start with: a name's first
        // word, a family name's (alone, or first in `BUSA Lucrezia`) and an address's.
        let mut starts: Vec<Person> = Vec::new();
        for person in parties.people().filter(|p| !p.public) {
            let sources = [Some(person.name.as_str()), person.family_name.as_deref(), person.email.as_deref()];
            for word in sources.into_iter().flatten().filter_map(first_word) {
                starts.push(probe_person(starts.len(), word));
            }
        }
        let no_organisation = std::iter::empty::<&crate::model::Organisation>;
        // Each first word in the redactor's folding, when it is ASCII and the redactor agrees
        // (a word it folds otherwise, or not to ASCII, leaves the first pass to ask it word by
        // word).
        let mut words = WordSet::default();
        let mut complete = true;
        for start in &starts {
            let folded = if start.name.is_ascii() {
                Some(start.name.to_ascii_lowercase())
            } else {
                ascii_fold(&start.name)
                    .filter(|f| Redactor::new(std::iter::once(start), no_organisation()).text(f) == REDACTED)
            };
            match folded {
                Some(f) => {
                    words.insert(f.into_bytes().into_boxed_slice());
                }
                None => complete = false,
            }
        }
        let first = if complete {
            FirstWords::Known(Known::new(words))
        } else {
            FirstWords::Asked { probe: Redactor::new(starts.iter(), no_organisation()), memo: RefCell::default() }
        };
        Release { redactor, first }
    }

    /// `text` with every name and address to withhold replaced by `[REDACTED]`.
    pub fn text(&self, text: &str) -> String {
        if self.may_withhold(text) {
            self.redactor.text(text)
        } else {
            text.to_string()
        }
    }

    /// Appends `text` as released to `out`.
    pub fn push(&self, text: &str, out: &mut String) {
        if self.may_withhold(text) {
            out.push_str(&self.redactor.text(text));
        } else {
            out.push_str(text);
        }
    }

    /// Whether a lower-case ASCII word starts a withheld name or address: from the known
    /// first words, else asking the redactor once per word.
    fn starts_a_name(&self, word: &[u8]) -> bool {
        match &self.first {
            FirstWords::Known(known) => known.holds(word),
            FirstWords::Asked { probe, memo } => {
                if let Some(&known) = memo.borrow().get(word) {
                    return known;
                }
                let answer = std::str::from_utf8(word).is_ok_and(|w| probe.text(w) == REDACTED);
                memo.borrow_mut().insert(word.into(), answer);
                answer
            }
        }
    }

    /// Whether `text` may hold a name to withhold: one of its words starts one, or a word has a
    /// letter outside ASCII (left to the redactor, whose folding decides).
    fn may_withhold(&self, text: &str) -> bool {
        if let FirstWords::Known(known) = &self.first {
            if text.is_ascii() {
                // In ASCII a word's letters are the ASCII letters and digits.
                return known.any_in(text.as_bytes());
            }
        }
        let bytes = text.as_bytes();
        let mut word = [0u8; LONGEST_WORD];
        let mut len = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                if len == LONGEST_WORD {
                    return true;
                }
                word[len] = b.to_ascii_lowercase();
                len += 1;
                i += 1;
                continue;
            }
            if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                if is_word_char(c) {
                    return true;
                }
                i += c.len_utf8();
            } else {
                i += 1;
            }
            if len > 0 && self.starts_a_name(&word[..len]) {
                return true;
            }
            len = 0;
        }
        len > 0 && self.starts_a_name(&word[..len])
    }
}

/// The points of a meeting as lines: `• Party: text`, a reply indented two spaces under the
/// point it answers; a restricted point, with its replies, is one `• [REDACTED]` line. A bullet,
/// not a hyphen: Excel reads a cell that starts with `-` as a formula (`#NAME?`).
/// What starts each point's line.
const BULLET: &str = "\u{2022} ";

pub fn minutes(points: &[Point], parties: &Parties, release: &Release) -> String {
    let mut out = String::new();
    add_points(points, 0, parties, release, &mut out);
    out
}

fn add_points(points: &[Point], depth: usize, parties: &Parties, release: &Release, out: &mut String) {
    for point in points {
        if !out.is_empty() {
            out.push('\n');
        }
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push_str(BULLET);
        if point.restricted {
            out.push_str(REDACTED);
            continue;
        }
        let party =
            point.by.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(|key| match parties.organisation(key) {
                Some(org) => org.acronym.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(&org.name),
                None => key,
            });
        if let Some(party) = party {
            release.push(party, out);
            out.push_str(": ");
        }
        // One line per point: the minutes are one cell, its lines are the points.
        let text = point.text.trim();
        if text.bytes().any(|b| matches!(b, b'\n' | b'\t' | b'\r')) {
            release.push(&text.split_whitespace().collect::<Vec<_>>().join(" "), out);
        } else {
            release.push(text, out);
        }
        add_points(&point.points, depth + 1, parties, release, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrgKind, Organisation};

    fn person(key: &str, name: &str, family: Option<&str>, email: Option<&str>, public: bool) -> Person {
        Person {
            key: key.into(),
            name: name.into(),
            family_name: family.map(Into::into),
            organisation: None,
            role: None,
            email: email.map(Into::into),
            public,
            extra: None,
        }
    }

    fn parties() -> Parties {
        Parties::new(
            vec![Organisation {
                key: "berg".into(),
                name: "Berg Institute".into(),
                acronym: None,
                kind: OrgKind::Research,
                transparency_register_id: None,
                signatory_of: vec![],
                extra: None,
            }],
            vec![
                person("a", "Zsófia Nagy", Some("Nagy"), Some("zsofia.nagy@example.eu"), false),
                person("b", "Martin Selmayr", Some("Selmayr"), None, true),
                person("c", "Jan Martin", Some("Martin"), None, false),
                person("d", "Søren Strauß", Some("Strauß"), None, false),
                person("e", "Ilse Berg", Some("Berg"), Some("i.berg@example.org"), false),
            ],
        )
    }

    #[test]
    fn the_first_pass_never_spares_a_text_the_redactor_would_change() {
        let p = parties();
        let release = Release::new(&p);
        let redactor = Redactor::new(p.people(), p.organisations());
        for text in [
            "Zsofia NAGY said so; NAGY Zsófia agreed.",
            "Ms Nagy (zsofia.nagy@example.eu) wrote.",
            "Martin Selmayr met Jan Martin.",
            "Soren Strauss and SØREN STRAUSS and Mr Strauss.",
            "The Berg Institute; nagy; i.berg@example.org",
            "Ilse Berg spoke. Noted by jan martin.",
            "Nothing here but the monitoring exercise.",
            "Café with Zsófia – no, with Zsofia",
            "Banjan, ajan and JAN; martinjan met jan.",
            "Bergen, Ilsebe, then i.berg@example.org.",
            "",
        ] {
            assert_eq!(release.text(text), redactor.text(text), "{text}");
        }
        assert!(!release.may_withhold("Nothing here but the monitoring exercise, 24/06/2021."));
        assert!(!release.may_withhold("Banjan, ajan, Bergen and Janssen."), "parts of words are not words");
        assert!(release.may_withhold("Banjan, ajan, then jan"), "the whole word after parts of others");
        assert!(release.may_withhold("Ask jan."), "a first word, whatever its case");
        assert!(matches!(release.first, FirstWords::Known(_)), "every first word is known in ASCII");

        // A name the first pass cannot spell in ASCII: it asks the redactor word by word.
        let mut people: Vec<Person> = p.people().cloned().collect();
        people.push(person("f", "王 Wei", Some("王"), Some("wang.wei@example.cn"), false));
        let p = Parties::new(p.organisations().cloned().collect(), people);
        let release = Release::new(&p);
        assert!(matches!(release.first, FirstWords::Asked { .. }));
        let redactor = Redactor::new(p.people(), p.organisations());
        for text in ["Mr 王 and wang.wei@example.cn", "Soren Strauss wrote to Jan Martin.", "Nothing here."] {
            assert_eq!(release.text(text), redactor.text(text), "{text}");
        }
        assert!(!release.may_withhold("Nothing here."));
    }

    #[test]
    fn points_as_released_restricted_ones_blanked() {
        let p = parties();
        let point = |by: Option<&str>, text: &str, restricted: bool, points: Vec<Point>| Point {
            by: by.map(Into::into),
            text: text.into(),
            restricted,
            points,
            extra: None,
        };
        let points = vec![
            point(
                Some("berg"),
                "Findings by Zsófia Nagy.\nAsk Ms Nagy.",
                false,
                vec![point(None, "Noted.", false, vec![])],
            ),
            point(None, "Secret", true, vec![point(None, "Secret reply", false, vec![])]),
        ];
        assert_eq!(
            minutes(&points, &p, &Release::new(&p)),
            "• Berg Institute: Findings by [REDACTED]. Ask Ms [REDACTED].\n  • Noted.\n• [REDACTED]"
        );
    }
}
