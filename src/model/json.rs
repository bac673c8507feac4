//! Reading a `code-register/1` document, with errors that name the record and field.

use super::Document;
use crate::error::{Error, Result};

/// Parses a document. A JSON syntax error names the line and column; a field that breaks
/// the format (unknown field, bad value, wrong type) names its path.
pub fn parse_document(bytes: &[u8]) -> Result<Document> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The plain parser is much faster on large documents; the path-tracking one runs again
    // only to name where a bad document is wrong.
    if let Ok(doc) = serde_json::from_slice::<Document>(bytes) {
        return Ok(doc);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let doc: Document = match serde_path_to_error::deserialize(&mut de) {
        Ok(doc) => doc,
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            return Err(match inner.classify() {
                serde_json::error::Category::Data => Error::invalid(path_or_top(&path), describe(&inner)),
                _ => Error::Malformed(format!("not a valid JSON document: {inner}")),
            });
        }
    };
    de.end().map_err(|e| Error::Malformed(format!("not a valid JSON document: {e}")))?;
    Ok(doc)
}

fn path_or_top(path: &str) -> String {
    if path.is_empty() || path == "." {
        "document".to_string()
    } else {
        path.to_string()
    }
}

/// serde's message in the format's words: quotes instead of backticks.
fn describe(err: &serde_json::Error) -> String {
    err.to_string().replace('`', "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path() {
        let doc = br#"{"format": "code-register/1", "meetings": [{"key": "m", "title": "t", "kind": "meeting",
            "start": "2021-01-01T10:00", "end": "2021-01-01T11:00", "status": "held",
            "participants": [{"person": "a"}, {"person": "b", "attendance": "maybe"}]}]}"#;
        let err = parse_document(doc).unwrap_err().to_string();
        assert!(err.starts_with("meetings[0].participants[1].attendance: unknown variant \"maybe\""), "{err}");
    }

    #[test]
    fn unknown_fields_and_formats_are_refused() {
        let err =
            parse_document(br#"{"format": "code-register/1", "codes": [{"key": "c", "title": "t", "titel": "x"}]}"#)
                .unwrap_err()
                .to_string();
        assert!(err.starts_with("codes[0].titel: unknown field \"titel\""), "{err}");
        let err = parse_document(br#"{"format": "code-register/2"}"#).unwrap_err().to_string();
        assert!(err.starts_with("format: unknown format \"code-register/2\""), "{err}");
        assert!(matches!(parse_document(b"{\"format\": "), Err(Error::Malformed(_))));
    }
}
