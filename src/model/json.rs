//! Reading a `code-register/1` document, with errors that name the record and field.

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::Value;
use serde_path_to_error::{Path, Segment};

use super::{Code, Document, Exercise, Indicator, Meeting, MonitoringResult, Organisation, Person};
use crate::error::{Error, FieldProblem, Result};
use crate::text::printable;
use crate::validate::text::{EXTRA_LEVELS, POINT_LEVELS};

/// Parses a document. A field that breaks the format (unknown field, bad value, wrong type,
/// an array where a record belongs) names its path, and every record that breaks it is named
/// at once, one problem each (the first of its fields); a JSON syntax error names its line and
/// column, and the record it lies in (nothing after it can be read).
pub fn parse_document(bytes: &[u8]) -> Result<Document> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The plain parser is much faster on large documents; the path-tracking one runs again
    // only to name where a bad document is wrong.
    if let Ok(doc) = serde_json::from_slice::<Document>(bytes) {
        return Ok(doc);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, Document>(&mut de) {
        Ok(doc) => {
            de.end().map_err(|e| Error::Malformed(format!("not a valid JSON document: {}", describe(&e))))?;
            Ok(doc)
        }
        Err(err) => {
            let path = err.path().clone();
            let first = explain(&path, &err.into_inner());
            if !matches!(first, Error::Invalid { .. }) {
                return Err(first);
            }
            // Well-formed JSON that breaks the format: read it again record by record, so
            // that every bad record is named, not only the first.
            let problems = match serde_json::from_slice::<Value>(bytes) {
                Ok(value) => every_problem(value),
                Err(_) => Vec::new(),
            };
            Err(if problems.is_empty() { first } else { Error::Invalid { problems } })
        }
    }
}

/// The lists of a document, each read apart from the rest.
const LISTS: [&str; 7] = ["codes", "organisations", "people", "exercises", "indicators", "results", "meetings"];

/// The problems of a document that is JSON but not a register document: the first of each
/// record: the top-level fields first, then the records of each list in the format's order.
fn every_problem(value: Value) -> Vec<FieldProblem> {
    let Value::Object(mut top) = value else { return Vec::new() };
    let lists: Vec<(&str, Option<Value>)> = LISTS.iter().map(|name| (*name, top.remove(*name))).collect();
    let mut problems = Vec::new();
    // The document without its lists: its format and any unknown field.
    read_as::<Document>(Value::Object(top), "", &mut problems);
    for (name, list) in lists {
        match list {
            None | Some(Value::Null) => {}
            Some(Value::Array(records)) => {
                for (i, record) in records.into_iter().enumerate() {
                    let at = format!("{name}[{i}]");
                    match name {
                        "codes" => read_as::<Code>(record, &at, &mut problems),
                        "organisations" => read_as::<Organisation>(record, &at, &mut problems),
                        "people" => read_as::<Person>(record, &at, &mut problems),
                        "exercises" => read_as::<Exercise>(record, &at, &mut problems),
                        "indicators" => read_as::<Indicator>(record, &at, &mut problems),
                        "results" => read_as::<MonitoringResult>(record, &at, &mut problems),
                        _ => read_as::<Meeting>(record, &at, &mut problems),
                    }
                }
            }
            // Not a list: read as the document reads it, for serde's "expected a sequence".
            Some(other) => {
                let mut alone = serde_json::Map::new();
                alone.insert("format".into(), Value::String(super::FORMAT.into()));
                alone.insert(name.into(), other);
                read_as::<Document>(Value::Object(alone), "", &mut problems);
            }
        }
    }
    problems
}

/// Reads `value` as a `T`; its problem, if any, is added under `at`.
fn read_as<T: DeserializeOwned>(value: Value, at: &str, problems: &mut Vec<FieldProblem>) {
    if let Err(err) = serde_path_to_error::deserialize::<_, T>(value) {
        let inner = printable(&err.path().to_string()).into_owned();
        let field = match (at.is_empty(), inner.is_empty() || inner == ".") {
            (true, true) => "document".to_string(),
            (true, false) => inner,
            (false, true) => at.to_string(),
            (false, false) => format!("{at}.{inner}"),
        };
        problems.push(FieldProblem { field, message: describe(&err.into_inner()) });
    }
}

/// The error of a document that failed to parse at `path`.
fn explain(path: &Path, err: &serde_json::Error) -> Error {
    let field = printable(&path.to_string()).into_owned();
    let within = if field.is_empty() || field == "." { None } else { Some(field) };
    match err.classify() {
        Category::Data => Error::invalid(within.unwrap_or_else(|| "document".into()), describe(err)),
        Category::Syntax if err.to_string().starts_with("recursion limit exceeded") => too_deep(path, err),
        Category::Syntax | Category::Eof | Category::Io => Error::Malformed(match within {
            Some(field) => format!("not a valid JSON document: {field}: {}", describe(err)),
            None => format!("not a valid JSON document: {}", describe(err)),
        }),
    }
}

/// Nesting deeper than the parser goes (128 levels): points, or values inside `extra`, far
/// deeper than the format allows. Named at the outermost point, or at `extra`.
fn too_deep(path: &Path, err: &serde_json::Error) -> Error {
    let segments: Vec<&Segment> = path.iter().collect();
    let key = |s: &Segment, name: &str| matches!(s, Segment::Map { key } if key == name);
    let extra = segments.iter().position(|s| key(s, "extra"));
    let points = segments.iter().position(|s| key(s, "points"));
    let points_deeper = segments.iter().filter(|s| key(s, "points")).count() > POINT_LEVELS;
    let (end, what) = match (points, extra) {
        (Some(p), _) if points_deeper => {
            (p + 2, format!("points are nested too deeply (the format allows {POINT_LEVELS} levels)"))
        }
        (_, Some(e)) => (e + 1, format!("extra is nested too deeply (the format allows {EXTRA_LEVELS} levels)")),
        (Some(p), None) => (p + 2, format!("points are nested too deeply (the format allows {POINT_LEVELS} levels)")),
        (None, None) => (segments.len(), "the document is nested too deeply".to_string()),
    };
    let mut field = String::new();
    for segment in segments.iter().take(end) {
        match segment {
            Segment::Seq { index } => field.push_str(&format!("[{index}]")),
            other => {
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(&other.to_string());
            }
        }
    }
    let message = format!("{what} at line {} column {}", err.line(), err.column());
    Error::invalid(if field.is_empty() { "document".into() } else { printable(&field).into_owned() }, message)
}

/// serde's message in the format's words: quotes instead of backticks, nothing unprintable.
fn describe(err: &serde_json::Error) -> String {
    printable(&err.to_string().replace('`', "\"")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(doc: &[u8]) -> String {
        match parse_document(doc) {
            Ok(_) => panic!("parsed"),
            Err(err) => err.to_string(),
        }
    }

    const MEETING: &str = r#""key": "m", "title": "t", "kind": "meeting", "start": "2021-01-01T10:00", "end": "2021-01-01T11:00", "status": "held""#;

    #[test]
    fn errors_name_the_path() {
        let doc = br#"{"format": "code-register/1", "meetings": [{"key": "m", "title": "t", "kind": "meeting",
            "start": "2021-01-01T10:00", "end": "2021-01-01T11:00", "status": "held",
            "participants": [{"person": "a"}, {"person": "b", "attendance": "maybe"}]}]}"#;
        let err = problem(doc);
        assert!(err.starts_with("meetings[0].participants[1].attendance: unknown variant \"maybe\""), "{err}");
    }

    #[test]
    fn unknown_fields_and_formats_are_refused() {
        let err = problem(br#"{"format": "code-register/1", "codes": [{"key": "c", "title": "t", "titel": "x"}]}"#);
        assert!(err.starts_with("codes[0].titel: unknown field \"titel\""), "{err}");
        let err = problem(br#"{"format": "code-register/2"}"#);
        assert!(err.starts_with("format: unknown format \"code-register/2\""), "{err}");
        assert!(matches!(parse_document(b"{\"format\": "), Err(Error::Malformed(_))));
    }

    #[test]
    fn an_array_is_no_record() {
        let err = problem(br#"["code-register/1", null, [], [], [], []]"#);
        assert!(err.starts_with("document: invalid type: sequence, expected an object"), "{err}");
        let doc = format!(
            r#"{{"format": "code-register/1", "meetings": [{{{MEETING}}}, ["m2", "t", "meeting", [], "2021-01-01T10:00", "2021-01-01T11:00"]]}}"#
        );
        let err = problem(doc.as_bytes());
        assert!(err.starts_with("meetings[1]: invalid type: sequence, expected an object"), "{err}");
        let doc = format!(
            r#"{{"format": "code-register/1", "meetings": [{{{MEETING}, "points": [{{"text": "a", "points": [["b"]]}}]}}]}}"#
        );
        let err = problem(doc.as_bytes());
        assert!(
            err.starts_with("meetings[0].points[0].points[0]: invalid type: sequence, expected an object"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_name_the_record_and_the_place() {
        let doc = format!("{{\"format\": \"code-register/1\",\n\"meetings\": [{{{MEETING},\n \"location\" \"x\"}}]}}");
        let err = problem(doc.as_bytes());
        assert!(err.starts_with("not a valid JSON document: meetings[0]"), "{err}");
        assert!(err.ends_with("expected \":\" at line 3 column 13"), "{err}");
        let err = problem(b"{\"format\": \"code-register/1\"} x");
        assert_eq!(err, "not a valid JSON document: trailing characters at line 1 column 31");
    }

    #[test]
    fn nesting_beyond_the_parser_is_named() {
        let mut points = String::from(r#"{"text": "deep"}"#);
        for _ in 0..70 {
            points = format!(r#"{{"text": "reply", "points": [{points}]}}"#);
        }
        let doc = format!(r#"{{"format": "code-register/1", "meetings": [{{{MEETING}, "points": [{points}]}}]}}"#);
        let err = problem(doc.as_bytes());
        assert!(
            err.starts_with(
                "meetings[0].points[0]: points are nested too deeply (the format allows 10 levels) at line 1 column"
            ),
            "{err}"
        );
        let doc = format!(
            r#"{{"format": "code-register/1", "codes": [{{"key": "c", "title": "t", "extra": {{"a": {}1{}}}}}]}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let err = problem(doc.as_bytes());
        assert!(
            err.starts_with(
                "codes[0].extra: extra is nested too deeply (the format allows 32 levels) at line 1 column"
            ),
            "{err}"
        );
    }

    #[test]
    fn every_bad_record_is_named_at_once() {
        let doc = format!(
            r#"{{"format": "code-register/1", "exportd": "x",
                "codes": [{{"key": "c", "title": "t", "titel": "x"}}, {{"key": "d", "title": "t"}}],
                "people": [{{"key": "p", "name": "P", "public": "yes"}}],
                "organisations": {{"key": "o"}},
                "meetings": [{{{MEETING}}}, {{{MEETING}, "status": "done-ish"}},
                             {{{MEETING}, "participants": [{{"person": "a"}}, {{"person": "b", "attendance": "maybe"}}]}}]}}"#
        );
        let Err(Error::Invalid { problems }) = parse_document(doc.as_bytes()) else { panic!("refused as invalid") };
        let lines: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect();
        let expected = [
            "exportd: unknown field \"exportd\"",
            "codes[0].titel: unknown field \"titel\"",
            "organisations: invalid type: map, expected a sequence",
            "people[0].public: invalid type: string \"yes\", expected a boolean",
            "meetings[1].status: unknown variant \"done-ish\"",
            "meetings[2].participants[1].attendance: unknown variant \"maybe\"",
        ];
        assert_eq!(lines.len(), expected.len(), "{lines:#?}");
        for (line, start) in lines.iter().zip(expected) {
            assert!(line.starts_with(start), "{line} should start with {start}");
        }
    }

    #[test]
    fn messages_carry_no_control_characters() {
        let err = problem(b"{\"format\": \"code-register/1\", \"codes\": [{\"key\": \"c\", \"title\": \"t\", \"a\\u001b[31m\\r\": 1}]}");
        assert!(!err.chars().any(char::is_control), "{err:?}");
        assert!(err.starts_with("codes[0].a\\u{1b}[31m\\u{d}: unknown field \"a\\u{1b}[31m\\u{d}\""), "{err}");
    }
}
