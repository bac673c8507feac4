//! Content lines as RFC 5545 §3.1 wants them, whatever text they carry: TEXT escaped, parameter
//! values quoted and RFC 6868-encoded, no control character that could end a line, lines folded
//! at 75 octets on character boundaries and never inside an escape, CRLF line ends. Components
//! are built as a tree (`VCALENDAR` > `VEVENT` > `VALARM`, `VTIMEZONE` > `STANDARD`) and written
//! in one go.
//!
//! ```
//! use code_register::ics::write::{Component, Property};
//! let mut cal = Component::calendar("-//Example//EN", Some("REQUEST"));
//! let event = Component::new("VEVENT")
//!     .with(Property::raw("UID", "m-1@example.org"))
//!     .with(Property::text("SUMMARY", "Workshop; part 1, room \"B\""))
//!     .with(Property::raw("ATTENDEE", "mailto:pat@example.org").param("CN", "O'Brien, \"Pat\""));
//! cal.push(event);
//! let text = cal.to_ics();
//! assert!(text.contains("SUMMARY:Workshop\\; part 1\\, room \"B\"\r\n"));
//! assert!(text.contains("ATTENDEE;CN=\"O'Brien, ^'Pat^'\":mailto:pat@example.org\r\n"));
//! ```

use super::datetime::IcsTime;

/// The longest physical line, in octets, without its CRLF.
pub const LINE_OCTETS: usize = 75;

/// Text as it may appear in a TEXT value or a parameter: CR LF and lone CR become a newline;
/// every other control character (C0 but TAB and LF, DEL, C1) is dropped.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A value written as it is (a URI, a recurrence rule, a token): every control character but
/// TAB is dropped, so that it stays on its line.
pub fn clean_raw(text: &str) -> String {
    text.chars().filter(|&c| c == '\t' || !c.is_control()).collect()
}

/// A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped, newlines as `\n`.
pub fn escape_text(text: &str) -> String {
    let clean = clean_text(text);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: RFC 6868 encoding (`^^` caret, `^n` newline, `^'` double quote), and
/// quotes around it when it holds `:`, `;` or `,`. The result never holds a `"` inside quotes.
pub fn param_value(value: &str) -> String {
    let clean = clean_text(value);
    let mut out = String::with_capacity(clean.len() + 2);
    for c in clean.chars() {
        match c {
            '^' => out.push_str("^^"),
            '\n' => out.push_str("^n"),
            '"' => out.push_str("^'"),
            c => out.push(c),
        }
    }
    if out.contains([':', ';', ',']) {
        format!("\"{out}\"")
    } else {
        out
    }
}

/// A property or parameter name: upper-case letters, digits and `-`, nothing else.
fn name_token(name: &str) -> String {
    let token: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    if token.is_empty() {
        "X-UNNAMED".to_string()
    } else {
        token.to_ascii_uppercase()
    }
}

/// One property: name, parameters and the value in its written form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    name: String,
    params: Vec<(String, Vec<String>)>,
    value: String,
}

impl Property {
    /// A TEXT property (SUMMARY, DESCRIPTION, LOCATION, COMMENT): the text is escaped.
    pub fn text(name: &str, text: &str) -> Property {
        Property { name: name_token(name), params: Vec::new(), value: escape_text(text) }
    }

    /// A property whose value is written as given (UID, RRULE, `mailto:` addresses, STATUS,
    /// numbers): only control characters are removed.
    pub fn raw(name: &str, value: &str) -> Property {
        Property { name: name_token(name), params: Vec::new(), value: clean_raw(value) }
    }

    /// A DATE or DATE-TIME property: `VALUE=DATE` for dates, `TZID=` for zoned local times.
    /// Fails for years that have no four-digit form.
    pub fn time(name: &str, time: &IcsTime) -> Result<Property, String> {
        let property = Property::raw(name, &time.value()?);
        Ok(match time {
            IcsTime::Date(_) => property.param("VALUE", "DATE"),
            IcsTime::Zoned { tzid, .. } => property.param("TZID", tzid),
            IcsTime::Utc(_) | IcsTime::Floating(_) => property,
        })
    }

    /// Adds a parameter with one value.
    pub fn param(self, name: &str, value: &str) -> Property {
        self.params(name, &[value])
    }

    /// Adds a parameter with several values (`MEMBER="a","b"`).
    pub fn params(mut self, name: &str, values: &[&str]) -> Property {
        self.params.push((name_token(name), values.iter().map(|v| param_value(v)).collect()));
        self
    }

    /// The unfolded content line, without its line end.
    pub fn content_line(&self) -> String {
        let mut line = self.name.clone();
        for (name, values) in &self.params {
            line.push(';');
            line.push_str(name);
            line.push('=');
            line.push_str(&values.join(","));
        }
        line.push(':');
        line.push_str(&self.value);
        line
    }

    /// Appends the folded content line, CRLF included.
    pub fn write(&self, out: &mut String) {
        fold_into(&self.content_line(), out);
    }
}

/// Appends `line` folded into physical lines of at most 75 octets (the first) and a space
/// plus at most 74 octets (the others), each ended by CRLF. A fold never splits a UTF-8
/// character, nor an escape (`\n`, `\,`, `\;`, `\\`, and RFC 6868's `^n`, `^'`, `^^`).
pub fn fold_into(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    out.reserve(line.len() + line.len() / (LINE_OCTETS - 1) * 3 + 2);
    // The length in octets of the character that starts at `i`.
    let width = |i: usize| match bytes[i] {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    };
    let mut start = 0;
    let mut room = LINE_OCTETS;
    while start < bytes.len() {
        // The longest run of whole atoms (a character, or an escape character with the one it
        // escapes) from `start` that fits in `room`; at least one atom.
        let mut end = start;
        while end < bytes.len() {
            let mut next = end + width(end);
            if matches!(bytes[end], b'\\' | b'^') && next < bytes.len() {
                next += width(next);
            }
            let next = next.min(bytes.len());
            if next - start > room && end > start {
                break;
            }
            end = next;
        }
        if start > 0 {
            out.push_str("\r\n ");
        }
        out.push_str(&line[start..end]);
        start = end;
        room = LINE_OCTETS - 1;
    }
    out.push_str("\r\n");
}

/// A component and what it holds, written `BEGIN:NAME` … `END:NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    name: String,
    properties: Vec<Property>,
    components: Vec<Component>,
}

impl Component {
    pub fn new(name: &str) -> Component {
        Component { name: name_token(name), properties: Vec::new(), components: Vec::new() }
    }

    /// A `VCALENDAR` with `VERSION:2.0`, `PRODID`, `CALSCALE:GREGORIAN` and, when given,
    /// `METHOD` (`PUBLISH`, `REQUEST`, `CANCEL`, `REPLY`).
    pub fn calendar(prodid: &str, method: Option<&str>) -> Component {
        let mut calendar = Component::new("VCALENDAR")
            .with(Property::raw("VERSION", "2.0"))
            .with(Property::text("PRODID", prodid))
            .with(Property::raw("CALSCALE", "GREGORIAN"));
        if let Some(method) = method {
            calendar.add(Property::raw("METHOD", method));
        }
        calendar
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds a property (builder form).
    pub fn with(mut self, property: Property) -> Component {
        self.properties.push(property);
        self
    }

    /// Adds a property.
    pub fn add(&mut self, property: Property) -> &mut Component {
        self.properties.push(property);
        self
    }

    /// Adds a sub-component (builder form).
    pub fn with_component(mut self, component: Component) -> Component {
        self.components.push(component);
        self
    }

    /// Adds a sub-component.
    pub fn push(&mut self, component: Component) -> &mut Component {
        self.components.push(component);
        self
    }

    /// Appends the component, its properties first, then its sub-components.
    pub fn write(&self, out: &mut String) {
        out.push_str("BEGIN:");
        out.push_str(&self.name);
        out.push_str("\r\n");
        for property in &self.properties {
            property.write(out);
        }
        for component in &self.components {
            component.write(out);
        }
        out.push_str("END:");
        out.push_str(&self.name);
        out.push_str("\r\n");
    }

    pub fn to_ics(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn lines(text: &str) -> Vec<&str> {
        assert!(text.ends_with("\r\n"));
        text[..text.len() - 2].split("\r\n").collect()
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn text_is_escaped_once_and_control_characters_cannot_start_a_line() {
        assert_eq!(escape_text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
        assert_eq!(escape_text("x\r\nBCC:evil"), "x\\nBCC:evil");
        assert_eq!(escape_text("x\rATTENDEE:mailto:evil@example.org"), "x\\nATTENDEE:mailto:evil@example.org");
        assert_eq!(escape_text("a\u{0}b\u{7}c\u{1b}d\u{7f}e\u{85}f\u{9f}g\th"), "abcdefg\th");
        let mut out = String::new();
        Property::text("SUMMARY", "a\r\nEND:VEVENT\rBEGIN:VEVENT\u{b}\u{c}x").write(&mut out);
        assert_eq!(out, "SUMMARY:a\\nEND:VEVENT\\nBEGIN:VEVENTx\r\n");
        let mut raw = String::new();
        Property::raw("UID", "id\r\nX-INJECTED:1").write(&mut raw);
        assert_eq!(raw, "UID:idX-INJECTED:1\r\n");
    }

    #[test]
    fn parameter_values_are_quoted_and_never_hold_a_quote() {
        assert_eq!(param_value("Pat Doe"), "Pat Doe");
        assert_eq!(param_value("Doe, Pat"), "\"Doe, Pat\"");
        assert_eq!(param_value("a:b"), "\"a:b\"");
        assert_eq!(param_value("a;b"), "\"a;b\"");
        assert_eq!(param_value("Doe, \"JJ\""), "\"Doe, ^'JJ^'\"");
        assert_eq!(param_value("O\"Brien"), "O^'Brien");
        assert_eq!(param_value("a^b\nc\r\nd\re"), "a^^b^nc^nd^ne");
        assert_eq!(param_value("O'Brien"), "O'Brien");
        let line = Property::raw("ATTENDEE", "mailto:a@example.org")
            .param("CN", "\"x\":;,")
            .param("ROLE", "REQ-PARTICIPANT")
            .content_line();
        assert_eq!(line, "ATTENDEE;CN=\"^'x^':;,\";ROLE=REQ-PARTICIPANT:mailto:a@example.org");
        let member = Property::raw("ATTENDEE", "mailto:a@example.org")
            .params("MEMBER", &["mailto:x@example.org", "y"])
            .content_line();
        assert_eq!(member, "ATTENDEE;MEMBER=\"mailto:x@example.org\",y:mailto:a@example.org");
    }

    #[test]
    fn lines_fold_at_75_octets_on_character_boundaries() {
        let text = "é".repeat(100) + &"€".repeat(50) + &"😀".repeat(40) + "abc";
        let mut out = String::new();
        Property::text("DESCRIPTION", &text).write(&mut out);
        let physical = lines(&out);
        assert!(physical.len() > 5);
        for (i, line) in physical.iter().enumerate() {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
            if i > 0 {
                assert!(line.starts_with(' '));
                assert!(line.len() >= 2);
            }
        }
        // Full lines: the first is cut at 75 octets or just before the character that would pass it.
        assert!(physical[0].len() >= 72);
        assert_eq!(unfold(&out), format!("DESCRIPTION:{text}\r\n"));
    }

    #[test]
    fn folds_never_split_an_escape() {
        for prefix in 0..80 {
            let text = "a".repeat(prefix) + "\\,;\n\\" + &"b".repeat(80);
            let mut out = String::new();
            Property::text("SUMMARY", &text).write(&mut out);
            for line in lines(&out) {
                assert!(line.len() <= 75);
                let body = line.strip_prefix(' ').unwrap_or(line);
                // A line that ends with a lone backslash split an escape.
                let trailing = body.len() - body.trim_end_matches('\\').len();
                assert_eq!(trailing % 2, 0, "{line:?}");
            }
            assert_eq!(unfold(&out), format!("SUMMARY:{}\r\n", escape_text(&text)));
            let mut param = String::new();
            Property::raw("ATTENDEE", "mailto:a@b").param("CN", &("c".repeat(prefix) + "^\"\n")).write(&mut param);
            for line in lines(&param) {
                let body = line.strip_prefix(' ').unwrap_or(line);
                let trailing = body.len() - body.trim_end_matches('^').len();
                assert_eq!(trailing % 2, 0, "{line:?}");
            }
        }
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let mut out = String::new();
        Property::raw("X-A", &"x".repeat(71)).write(&mut out);
        assert_eq!(lines(&out).len(), 1);
        assert_eq!(lines(&out)[0].len(), 75);
        let mut out = String::new();
        Property::raw("X-A", &"x".repeat(72)).write(&mut out);
        assert_eq!(lines(&out), ["X-A:".to_string() + &"x".repeat(71), " x".to_string()]);
    }

    #[test]
    fn times_carry_their_parameters() {
        let local = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let zoned = IcsTime::Zoned { local, tzid: "Europe/Brussels".into() };
        assert_eq!(
            Property::time("DTSTART", &zoned).unwrap().content_line(),
            "DTSTART;TZID=Europe/Brussels:20260329T100000"
        );
        assert_eq!(
            Property::time("DTSTAMP", &IcsTime::Utc(local.and_utc())).unwrap().content_line(),
            "DTSTAMP:20260329T100000Z"
        );
        assert_eq!(
            Property::time("DTSTART", &IcsTime::Date(local.date())).unwrap().content_line(),
            "DTSTART;VALUE=DATE:20260329"
        );
        assert_eq!(
            Property::time("DTSTART", &IcsTime::Floating(local)).unwrap().content_line(),
            "DTSTART:20260329T100000"
        );
    }

    #[test]
    fn components_nest() {
        let mut calendar = Component::calendar("-//Code Register//EN", Some("REQUEST"));
        let alarm =
            Component::new("VALARM").with(Property::raw("ACTION", "DISPLAY")).with(Property::raw("TRIGGER", "-PT15M"));
        calendar.push(Component::new("VEVENT").with(Property::raw("UID", "1@x")).with_component(alarm));
        assert_eq!(
            lines(&calendar.to_ics()),
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Code Register//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:REQUEST",
                "BEGIN:VEVENT",
                "UID:1@x",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "TRIGGER:-PT15M",
                "END:VALARM",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );
        assert_eq!(Component::new("x-my comp").name(), "X-MYCOMP");
    }
}
