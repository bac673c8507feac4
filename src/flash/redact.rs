//! The release version's redaction: every person not marked `public` loses name and e-mail,
//! in the flash's structure and inside its free text.
//!
//! Free text is compared folded on both sides (lower case, diacritics and other marks removed,
//! a few letters without a decomposition spelled out: `ł` as `l`, `ß` as `ss`), word by word: a
//! name matches whole words, whatever separates them (spaces, a line break, a hyphen, the dots
//! and `@` of an address). What is looked for, per person not public:
//!
//! - the name as written in running text (`Lucrezia Busa`) and in address-book order
//!   (`Busa Lucrezia`);
//! - the e-mail address;
//! - the family name alone, when the text writes one of its words with a capital (`Ms Busa
//!   said`, `O'Brien`, `de la Cruz`): a family name in lower case is an ordinary word (`may`,
//!   `rose`) far more often than a name. A family name of several words is looked for alone
//!   when one of them is a word of two letters or more that no organisation's name or acronym
//!   holds (the `O` of `O'Brien` and the `de la` of `de la Cruz` are not names by themselves);
//!   a family name of one word that is also a word of an organisation is not looked for alone:
//!   organisations always stay.
//!
//! The names of public people are matched too, and kept: a public `Martin Selmayr` stays whole
//! even when someone not public is called `Jan Martin`. Where several names start at one word,
//! the longest wins.

use std::collections::HashMap;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::model::{Organisation, Person};

/// What a withheld name, address or passage is printed as.
pub const REDACTED: &str = "[REDACTED]";

/// `c` folded: lower case, without marks; several letters for a ligature or `ß`.
fn fold_into(c: char, out: &mut Vec<char>) {
    for lower in c.to_lowercase() {
        match lower {
            'ß' => out.extend(['s', 's']),
            'æ' => out.extend(['a', 'e']),
            'œ' => out.extend(['o', 'e']),
            'ĳ' => out.extend(['i', 'j']),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ø' => out.push('o'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            'þ' => out.extend(['t', 'h']),
            other => decompose_canonical(other, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
}

/// A word of a text: its folded letters and where it lies in the original (bytes).
#[derive(Debug)]
struct Word {
    folded: String,
    start: usize,
    end: usize,
    /// The original starts with an upper-case letter.
    capital: bool,
}

/// The words of `text`: runs of letters and digits, compared folded.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current: Option<Word> = None;
    let mut buffer = Vec::with_capacity(4);
    for (at, c) in text.char_indices() {
        // ASCII, most of any text, needs no tables: a letter or digit is a word's, and folds
        // to its lower case.
        let is_word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric() || (is_combining_mark(c) && current.is_some())
        };
        if is_word {
            let word = current.get_or_insert_with(|| Word {
                folded: String::new(),
                start: at,
                end: at,
                capital: c.is_uppercase(),
            });
            if c.is_ascii() {
                word.folded.push(c.to_ascii_lowercase());
            } else {
                buffer.clear();
                fold_into(c, &mut buffer);
                word.folded.extend(buffer.iter());
            }
            word.end = at + c.len_utf8();
        } else if let Some(word) = current.take() {
            out.push(word);
        }
    }
    out.extend(current);
    out
}

fn folded_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

#[derive(Debug)]
struct Pattern {
    words: Vec<String>,
    /// Replace the match (false: a public name, kept as it is).
    redact: bool,
    /// Only where the text writes one of its words with a capital.
    capital: bool,
}

/// The names and addresses to withhold from free text, and those to keep.
#[derive(Debug, Default)]
pub struct Redactor {
    on: bool,
    /// Patterns by their first word.
    patterns: HashMap<String, Vec<Pattern>>,
}

/// A person's given name(s): the name without the family name, when the name holds it.
pub(crate) fn given_name(person: &Person) -> Option<String> {
    let family = person.family_name.as_deref()?.trim();
    if family.is_empty() {
        return None;
    }
    let name = person.name.trim();
    let name_words = words(name);
    let family_words = folded_words(family);
    if family_words.is_empty() || name_words.len() <= family_words.len() {
        return None;
    }
    // The family name as a run of the name's words, usually at its end.
    let n = family_words.len();
    for start in (0..=name_words.len() - n).rev() {
        if name_words[start..start + n].iter().map(|w| &w.folded).eq(family_words.iter()) {
            let before = name[..name_words[start].start].trim();
            let after = name[name_words[start + n - 1].end..].trim();
            let given = [before, after].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            return Some(given).filter(|g| !g.is_empty());
        }
    }
    None
}

impl Redactor {
    /// A redactor that changes nothing: the internal version.
    pub fn off() -> Redactor {
        Redactor::default()
    }

    /// The redactor of the release version over `people` (every person whose name may occur),
    /// keeping the words of `organisations`.
    pub fn new<'a>(
        people: impl IntoIterator<Item = &'a Person>,
        organisations: impl IntoIterator<Item = &'a Organisation>,
    ) -> Redactor {
        let mut org_words: std::collections::HashSet<String> = std::collections::HashSet::new();
        for org in organisations {
            org_words.extend(folded_words(&org.name));
            if let Some(acronym) = &org.acronym {
                org_words.extend(folded_words(acronym));
            }
        }
        let mut redactor = Redactor { on: true, patterns: HashMap::new() };
        for person in people {
            let redact = !person.public;
            redactor.add(folded_words(&person.name), redact, false);
            if let Some(family) = person.family_name.as_deref() {
                let family_words = folded_words(family);
                if let Some(given) = given_name(person) {
                    let mut reversed = family_words.clone();
                    reversed.extend(folded_words(&given));
                    redactor.add(reversed, redact, false);
                }
                let distinctive = |w: &String| w.chars().count() >= 2 && !org_words.contains(w);
                let alone = match family_words.as_slice() {
                    [] => false,
                    [one] => distinctive(one),
                    several => several.iter().any(distinctive),
                };
                if alone {
                    redactor.add(family_words, redact, true);
                }
            }
            if redact {
                if let Some(email) = person.email.as_deref() {
                    redactor.add(folded_words(email), true, false);
                }
            }
        }
        redactor
    }

    fn add(&mut self, words: Vec<String>, redact: bool, capital: bool) {
        let Some(first) = words.first().cloned() else { return };
        let list = self.patterns.entry(first).or_default();
        // The same words from two people: withholding wins over keeping.
        if let Some(same) = list.iter_mut().find(|p| p.words == words && p.capital == capital) {
            same.redact |= redact;
            return;
        }
        list.push(Pattern { words, redact, capital });
    }

    /// Whether this is the release version's redactor.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// `text` with every name and address to withhold replaced by [`REDACTED`].
    pub fn text(&self, text: &str) -> String {
        if !self.on || self.patterns.is_empty() {
            return text.to_string();
        }
        let words = words(text);
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i < words.len() {
            let best = self.patterns.get(&words[i].folded).and_then(|candidates| {
                candidates
                    .iter()
                    .filter(|p| {
                        i + p.words.len() <= words.len()
                            && (!p.capital || words[i..i + p.words.len()].iter().any(|w| w.capital))
                            && p.words.iter().zip(&words[i..]).all(|(a, b)| *a == b.folded)
                    })
                    .max_by_key(|p| (p.words.len(), p.redact))
            });
            match best {
                Some(pattern) => {
                    let last = &words[i + pattern.words.len() - 1];
                    if pattern.redact {
                        out.push_str(&text[copied..words[i].start]);
                        out.push_str(REDACTED);
                        copied = last.end;
                    }
                    i += pattern.words.len();
                }
                None => i += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OrgKind;

    fn person(name: &str, family: Option<&str>, email: Option<&str>, public: bool) -> Person {
        Person {
            key: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            family_name: family.map(Into::into),
            organisation: None,
            role: None,
            email: email.map(Into::into),
            public,
            extra: None,
        }
    }

    fn org(name: &str, acronym: Option<&str>) -> Organisation {
        Organisation {
            key: name.to_lowercase(),
            name: name.into(),
            acronym: acronym.map(Into::into),
            kind: OrgKind::Platform,
            transparency_register_id: None,
            signatory_of: vec![],
            extra: None,
        }
    }

    fn redactor() -> Redactor {
        let people = [
            person("Jan Nowák", Some("Nowák"), Some("jan.nowak@ec.example.eu"), false),
            person("Lucrezia Busa", Some("Busa"), Some("lucrezia.busa@ec.example.eu"), true),
            person("Martin Selmayr", Some("Selmayr"), None, true),
            person("Ewa Martin", Some("Martin"), None, false),
            person("Ana Twitter", Some("Twitter"), None, false),
            person("YouTube policy representative", None, Some("policy@youtube.example.com"), false),
        ];
        let orgs = [org("Twitter", None), org("Cabinet of Commissioner Reynders", Some("CAB Reynders"))];
        Redactor::new(&people, &orgs)
    }

    #[test]
    fn a_name_goes_in_any_case_with_or_without_diacritics() {
        let r = redactor();
        assert_eq!(r.text("Jan Nowák said"), "[REDACTED] said");
        assert_eq!(r.text("JAN NOWAK said"), "[REDACTED] said");
        assert_eq!(r.text("jan nowak said"), "[REDACTED] said");
        assert_eq!(r.text("Jan\nNowak, then"), "[REDACTED], then");
        assert_eq!(r.text("NOWÁK Jan (JUST-C2)"), "[REDACTED] (JUST-C2)");
        assert_eq!(r.text("as Ms Nowak put it"), "as Ms [REDACTED] put it");
        // Decomposed input (a + combining acute) folds the same.
        assert_eq!(r.text("Jan Nowa\u{301}k"), "[REDACTED]");
    }

    #[test]
    fn addresses_go_and_organisations_and_public_people_stay() {
        let r = redactor();
        assert_eq!(r.text("write to jan.nowak@ec.example.eu today"), "write to [REDACTED] today");
        assert_eq!(r.text("Lucrezia Busa and Busa"), "Lucrezia Busa and Busa");
        assert_eq!(r.text("Martin Selmayr met Ewa Martin"), "Martin Selmayr met [REDACTED]");
        assert_eq!(r.text("Martin said"), "[REDACTED] said");
        assert_eq!(r.text("Twitter agreed; Ana Twitter too"), "Twitter agreed; [REDACTED] too");
        assert_eq!(r.text("the YouTube Policy Representative's view"), "the [REDACTED]'s view");
        // A family name in lower case is an ordinary word.
        assert_eq!(r.text("a martin flew by"), "a martin flew by");
        // Part of a word is no name.
        assert_eq!(r.text("Nowakowski"), "Nowakowski");
    }

    #[test]
    fn a_family_name_of_several_words_goes_alone_too() {
        let people = [
            person("Sean O'Brien", Some("O'Brien"), None, false),
            person("Maria de la Cruz", Some("de la Cruz"), None, false),
            person("Tom Brien", Some("Brien"), None, false),
        ];
        let r = Redactor::new(&people, &[org("Agence de la presse", None)]);
        assert_eq!(r.text("O'Brien said hi to Mr. O'BRIEN"), "[REDACTED] said hi to Mr. [REDACTED]");
        assert_eq!(r.text("Flash with O'Brien"), "Flash with [REDACTED]");
        assert_eq!(r.text("then de la Cruz spoke"), "then [REDACTED] spoke");
        assert_eq!(r.text("De La Cruz agreed"), "[REDACTED] agreed");
        // In lower case, ordinary words; the organisation's words stay.
        assert_eq!(r.text("de la cruz"), "de la cruz");
        assert_eq!(r.text("the Agence de la presse"), "the Agence de la presse");
    }

    #[test]
    fn the_internal_version_changes_nothing() {
        assert_eq!(Redactor::off().text("Jan Nowák"), "Jan Nowák");
    }

    #[test]
    fn given_names_are_the_name_without_the_family_name() {
        let p = person("Ursula von der Leyen", Some("von der Leyen"), None, true);
        assert_eq!(given_name(&p).as_deref(), Some("Ursula"));
        let p = person("Lucrezia Busa", Some("Busa"), None, true);
        assert_eq!(given_name(&p).as_deref(), Some("Lucrezia"));
        let p = person("Busa", Some("Busa"), None, true);
        assert_eq!(given_name(&p), None);
        let p = person("Someone Else", Some("Other"), None, true);
        assert_eq!(given_name(&p), None);
    }
}
