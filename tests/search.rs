//! Full-text search on any input: what the user typed or pasted, however long or repetitive,
//! asks the index for a bounded number of words, and so costs a bounded amount of work.
//! Work is counted (`Store::search_work`), never timed: speed is for the benchmarks.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use code_register::store::{MeetingFilter, OpenMode, SearchHit, Store};
use common::Register;
use serde_json::Value;

fn open(r: &Register) -> Store {
    Store::open(&r.db, OpenMode::MustExist).expect("the register opens")
}

fn search(store: &Store, text: &str) -> Vec<SearchHit> {
    store.search(text, 50).expect("the search answers")
}

/// The list's text filter: the keys of the matching meetings and their number.
fn listed(store: &Store, text: &str) -> (Vec<String>, u32) {
    let page = store
        .meetings_with_total(&MeetingFilter { text: Some(text.to_string()), limit: 100, ..MeetingFilter::default() })
        .expect("the list answers");
    (page.rows.into_iter().map(|m| m.key).collect(), page.total)
}

/// The phrases of the FTS5 query sent for `text` (a phrase holds no space).
fn phrases(text: &str) -> Vec<String> {
    Store::full_text_query(text).map(|q| q.split(' ').map(str::to_string).collect()).unwrap_or_default()
}

/// The words as the rule reads them: runs of letters and digits, in lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The first `n` different words of `text`, typed once each, in order.
fn first_different(text: &str, n: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in words(text) {
        if out.len() < n && !out.contains(&w) {
            out.push(w);
        }
    }
    out.join(" ")
}

/// `text` as if typed: its first `n` different words once each, then its last word again
/// (the word being typed is a prefix; a repeat counts once, and a word after the first `n`
/// different ones is not searched for, so this adds nothing else).
fn as_typed(text: &str, n: usize) -> String {
    format!("{} {}", first_different(text, n), words(text).last().map(String::as_str).unwrap_or_default())
}

/// The prose of the seed register (titles, objectives, points, actions, notes, names: its
/// strings of more than one word, not its keys, dates and vocabularies), as a user might
/// paste it.
fn seed_text() -> String {
    fn collect(v: &Value, out: &mut String) {
        match v {
            Value::String(s) if s.contains(' ') => {
                out.push_str(s);
                out.push(' ');
            }
            Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
            Value::Object(fields) => fields.values().for_each(|f| collect(f, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    collect(&common::seed(), &mut out);
    out
}

/// About 100 KB of the seed's text, pasted.
fn pasted_100k() -> String {
    let text = seed_text();
    let mut out = String::new();
    while out.len() < 100_000 {
        out.push_str(&text);
    }
    out
}

#[test]
fn a_word_typed_2500_times_finds_exactly_what_the_word_finds_once() {
    let r = Register::seeded();
    let store = open(&r);
    for word in ["code", "Baltic", "trusted", "venue", "platforms"] {
        let once = search(&store, word);
        assert!(!once.is_empty(), "{word} is in the seed register");
        let many = vec![word; 2500].join(" ");
        assert_eq!(search(&store, &many), once, "{word} x 2500");
        assert_eq!(listed(&store, &many), listed(&store, word), "{word} x 2500 in the list");
        // One word asked for, not 2,500 times the same.
        assert_eq!(Store::full_text_query(&many), Store::full_text_query(word));
        assert_eq!(store.search_work(&many).unwrap(), store.search_work(word).unwrap());
    }
    // The same through the command line, with the repeats in any case and punctuation.
    let once = r.run(&["search", "code", "--json"]).ok().json();
    let many = ["Code,", "CODE;", "code"].repeat(900).join(" ");
    assert_eq!(r.run(&["search", &many, "--json"]).ok().json(), once);
}

#[test]
fn only_the_first_different_words_are_searched_for_and_each_is_bounded() {
    let r = Register::seeded();
    let store = open(&r);
    let max = Store::SEARCH_WORDS;

    // 2,500 different words: the first ones are the query.
    let many: Vec<String> = (0..2500).map(|i| format!("w{i}")).collect();
    let expected: Vec<String> = many[..max].iter().map(|w| format!("\"{w}\"")).collect();
    assert_eq!(phrases(&many.join(" ")), expected);

    // A sentence of a point pasted with 2,000 other words after it still finds its meeting,
    // in the search and in the list, as its first words typed alone do.
    let sentence = "areas to improve include feedback to users and language skills for some countries (Baltic)";
    let pasted = format!("{sentence} {}", many[..2000].join(" "));
    let typed = first_different(&pasted, max);
    assert_eq!(typed, "areas to improve include feedback users and language");
    assert_eq!(phrases(&pasted).len(), max);
    let hits = search(&store, &pasted);
    assert!(hits.iter().any(|h| h.key == "2021-06-24-it-companies"), "{hits:?}");
    assert_eq!(hits, search(&store, &as_typed(&pasted, max)));
    let list = listed(&store, &pasted);
    assert_eq!(list.0, ["2021-06-24-it-companies"]);
    assert_eq!(list, listed(&store, &as_typed(&pasted, max)));

    // 100 KB of the register's own text: its first words, each within the length bound.
    let paste = pasted_100k();
    let query = phrases(&paste);
    assert!(!query.is_empty() && query.len() <= max, "{query:?}");
    assert!(query.iter().all(|p| p.chars().count() <= Store::SEARCH_WORD_CHARS + 3), "{query:?}");
    assert_eq!(search(&store, &paste), search(&store, &as_typed(&paste, max)));
    assert_eq!(listed(&store, &paste), listed(&store, &as_typed(&paste, max)));

    // FTS5's syntax, however much of it, is only separators; a text of nothing else finds
    // nothing, and does not fail.
    let syntax = "\"NEAR(\" OR * ^ - : { } ( ) AND NOT + ".repeat(5000);
    assert!(phrases(&syntax).len() <= max);
    assert!(search(&store, &"\"(*)^:-{} ".repeat(10_000)).is_empty());
    assert_eq!(listed(&store, &"\"(*)^:-{} ".repeat(10_000)).1, 4, "no word: no text filter");
    let noisy = "\"code\" OR (NEAR(the* -- ^of)) :: {platform}, trusted-flagger!!! ".repeat(300);
    assert_eq!(search(&store, &noisy), search(&store, "code or near the of platform trusted flagger"));
}

#[test]
fn a_very_long_word_is_searched_for_by_its_first_characters() {
    let r = Register::seeded();
    let long = "x".repeat(150);
    let doc = serde_json::json!({"format": "code-register/1", "meetings": [{
        "key": "long-word", "title": format!("Checksum {long} received"), "kind": "call",
        "start": "2022-03-01T10:00", "end": "2022-03-01T11:00", "status": "held"
    }]});
    r.import(&doc).ok();
    let store = open(&r);
    let keys = |text: &str| search(&store, text).into_iter().map(|h| h.key).collect::<Vec<_>>();
    // The word finds itself, and so does a paste that starts with it, however long.
    assert_eq!(keys(&long), ["long-word"]);
    let pasted = "x".repeat(100_000);
    assert_eq!(phrases(&pasted), [format!("\"{}\"*", "x".repeat(Store::SEARCH_WORD_CHARS))]);
    assert_eq!(keys(&pasted), ["long-word"]);
    assert_eq!(listed(&store, &pasted).0, ["long-word"]);
}

#[test]
fn what_any_input_makes_the_index_read_is_bounded_by_its_heaviest_words() {
    let r = Register::seeded();
    let store = open(&r);
    let work = |text: &str| store.search_work(text).expect("the work is counted");
    // The seed's words, each once, in the order they first appear.
    let vocabulary: Vec<String> = words(&first_different(&seed_text(), usize::MAX));
    let inputs: Vec<(&str, String)> = vec![
        ("one common word 2,500 times", ["code"; 2500].join(" ")),
        (
            "common words mixed, 2,500 of them",
            (0..2500).map(|i| ["the", "code", "of", "platforms", "and"][i % 5]).collect::<Vec<_>>().join(" "),
        ),
        ("the register's every word", vocabulary.join(" ")),
        ("100 KB pasted", pasted_100k()),
        (
            "prefixes of words",
            vocabulary.iter().map(|w| w.chars().take(3).collect::<String>()).collect::<Vec<_>>().join(" "),
        ),
        ("punctuation", "\"code\" OR (NEAR(the* -- ^of)) :: {platform}, trusted-flagger!!! ".repeat(300)),
    ];
    for (what, input) in &inputs {
        // A query has at most SEARCH_WORDS phrases of whole words, then as many again with
        // the last word typed as a prefix: each reads at most what the heaviest of the words
        // typed reads when searched for alone (that search counts its prefix too).
        let mut typed = words(input);
        typed.sort();
        typed.dedup();
        let heaviest = typed.iter().map(|w| work(w)).max().unwrap_or(0);
        let bound = 2 * Store::SEARCH_WORDS as u64 * heaviest;
        let read = work(input);
        assert!(read <= bound, "{what}: {read} index entries read, more than {bound}");
        assert!(read > 0, "{what}: the words are in the register");
    }
    // However many times a word is typed, it is read once.
    assert_eq!(work(&["code"; 2500].join(" ")), work("code"));
}
