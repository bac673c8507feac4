//! The byte-level pass made before the `ical` crate (0.11) sees a file, which repairs what that
//! crate gets wrong and leaves it text it reads without error:
//!
//! - a UTF-8 byte-order mark is stripped (a UTF-16 file is decoded);
//! - CRLF, LF and a lone CR all end a line;
//! - lines are unfolded on bytes: a line that starts with a space or a tab continues the one
//!   before, the space before a fold survives and a UTF-8 character split by a fold is whole again;
//! - each line is decoded as UTF-8, or as Windows-1252 when it is not (with a warning);
//! - several VCALENDARs in one file are split apart;
//! - components `ical` refuses (`X-…`, `VAVAILABILITY`, `VCARD`, a VEVENT inside a VEVENT) are
//!   dropped with what they hold, each with a warning;
//! - property and parameter names are upper-cased;
//! - every line is written again in a form `ical`'s property parser cannot misread: each value
//!   between two [`VALUE_GUARD`]s (it strips every leading `:` of a value and trailing spaces),
//!   every parameter value quoted, and the values of a parameter with more than ten of them joined
//!   by [`VALUES_JOIN`] into one (it spills the eleventh into the value). The number of the line
//!   of the file each property came from is written before its value ([`marked_value`] reads
//!   both back). `super::read` undoes all three.
//!
//! BEGIN and END must pair up: an END that closes nothing, closes another component or never
//! comes is an error naming the line.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::{IcsError, Warning};

/// Written before and after every property value; `super::read` removes one of each.
pub const VALUE_GUARD: char = '\u{E000}';
/// Joins the values of a parameter that has more than ten (`ical` 0.11 reads at most ten).
pub const VALUES_JOIN: char = '\u{E001}';

/// What `ical`'s parser takes in a parameter before it spills the rest into the value.
const ICAL_MAX_VALUES: usize = 10;

/// One VCALENDAR of the file, in the form `ical::IcalParser` reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanCalendar {
    /// The line of the file where it begins.
    pub line: usize,
    pub text: String,
    /// Where each component directly inside the VCALENDAR begins in `text`: the places it can
    /// be cut to be parsed in parts.
    pub splits: Vec<usize>,
    pub layout: Layout,
}

/// What the pass saw of a calendar's layout, which says whether its events can be read and
/// imported part by part, each part on its own: when the calendar's own properties and time
/// zones all come before its first other component, no event recurs (nor overrides an
/// instance of one), and every event has a UID no other event has, nothing a later part holds
/// changes what an earlier one means.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// Where the first component that is not a VTIMEZONE begins in `text`.
    pub events_from: Option<usize>,
    /// A calendar property or a VTIMEZONE after `events_from`.
    pub late_head: bool,
    /// An RRULE, RDATE or RECURRENCE-ID in a VEVENT.
    pub recurrence: bool,
    /// A VEVENT without a UID, or with the UID of another (as `super::read` takes it: the
    /// first UID of the event, trimmed).
    pub uid_shared_or_missing: bool,
}

impl Layout {
    /// Where the events begin, when everything before them is all a reader needs to take
    /// the events part by part (see [`Layout`]).
    pub fn parts_from(&self) -> Option<usize> {
        if self.late_head || self.recurrence || self.uid_shared_or_missing {
            return None;
        }
        self.events_from
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prepassed {
    pub calendars: Vec<CleanCalendar>,
    pub warnings: Vec<Warning>,
    /// The lines that are no content lines, left out of `calendars`: the file is refused with
    /// them, once its components have been read for their own problems.
    pub bad: Vec<IcsError>,
}

/// A content line split into its parts, parameter values without their quotes. It borrows
/// from the line: only an upper-cased name or a quoted value with text after its quote is a
/// copy (a large file has hundreds of thousands of lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentLine<'a> {
    pub name: Cow<'a, str>,
    pub params: Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>,
    pub value: &'a str,
}

/// A name in upper case, copied only when it is not already.
fn upper(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The components `ical` 0.11 reads, and where: anything else is dropped.
fn allowed(parent: Option<&str>, child: &str) -> bool {
    match parent {
        None => child == "VCALENDAR",
        Some("VCALENDAR") => matches!(child, "VEVENT" | "VTODO" | "VJOURNAL" | "VFREEBUSY" | "VTIMEZONE"),
        Some("VEVENT" | "VTODO") => child == "VALARM",
        Some("VTIMEZONE") => matches!(child, "STANDARD" | "DAYLIGHT"),
        Some(_) => false,
    }
}

/// The file's bytes as UTF-8 without a byte-order mark (UTF-16 with a mark is decoded).
fn without_bom<'a>(bytes: &'a [u8], warnings: &mut Vec<Warning>) -> Result<std::borrow::Cow<'a, [u8]>, IcsError> {
    use std::borrow::Cow;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Cow::Borrowed(rest));
    }
    let utf16 = |rest: &[u8], big: bool| -> Result<Cow<'static, [u8]>, IcsError> {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|pair| match pair {
                [a, b] if big => u16::from_be_bytes([*a, *b]),
                [a, b] => u16::from_le_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        let text = String::from_utf16(&units).map_err(|_| IcsError::new("the file says it is UTF-16 but is not"))?;
        Ok(Cow::Owned(text.into_bytes()))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        warnings.push(Warning::new("the file is UTF-16; it was read as such"));
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        warnings.push(Warning::new("the file is UTF-16; it was read as such"));
        return utf16(rest, true);
    }
    Ok(Cow::Borrowed(bytes))
}

/// A logical line: the number of its first physical line, and its bytes.
type Line<'a> = (usize, Cow<'a, [u8]>);

/// Logical lines, each with the 1-based number of its first physical line: CRLF, LF or a lone
/// CR ends a physical line; one that starts with a space or a tab continues the line before
/// (the fold undone on bytes); empty lines are skipped. A line without folds is borrowed.
fn logical_lines<'a>(bytes: &'a [u8], warnings: &mut Vec<Warning>) -> Vec<Line<'a>> {
    let mut logical: Vec<Line<'a>> = Vec::with_capacity(bytes.len() / 64);
    let mut number = 0;
    let mut start = 0;
    while start < bytes.len() {
        let (line, next) = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(at) => {
                let end = start + at;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                (&bytes[start..end], end + if crlf { 2 } else { 1 })
            }
            None => (&bytes[start..], bytes.len()),
        };
        number += 1;
        start = next;
        match line.first() {
            None => {}
            Some(b' ' | b'\t') => match logical.last_mut() {
                Some((_, previous)) => previous.to_mut().extend_from_slice(&line[1..]),
                None => {
                    let trimmed = line.trim_ascii_start();
                    if !trimmed.is_empty() {
                        warnings.push(Warning::at(
                            number,
                            "the file starts with an indented line; read as a line of its own",
                        ));
                        logical.push((number, Cow::Borrowed(trimmed)));
                    }
                }
            },
            Some(_) => logical.push((number, Cow::Borrowed(line))),
        }
    }
    logical
}

/// A short, printable excerpt of a line for a message.
pub fn excerpt(text: &str) -> String {
    const MOST: usize = 40;
    let clean: String = text.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    if clean.chars().count() > MOST {
        format!("\"{}…\"", clean.chars().take(MOST).collect::<String>())
    } else {
        format!("\"{clean}\"")
    }
}

/// A name (of a property, a parameter, a component): ASCII letters, digits, `-_./`.
fn is_name(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

/// Where the first of the ASCII bytes `set` is in `text` (a byte search: the delimiters of a
/// content line are ASCII, so where one is found is a character boundary).
fn find_any(text: &str, set: &[u8]) -> Option<usize> {
    text.bytes().position(|b| set.contains(&b))
}

/// Splits a content line (RFC 5545 §3.1) into name, parameters and value. A quoted parameter
/// value may hold `;`, `:` and `,`; an unquoted one ends at the first of them.
pub fn parse_content_line(line: &str) -> Result<ContentLine<'_>, String> {
    let name_end =
        find_any(line, b";:").ok_or_else(|| format!("{} is not a property: it has no ':'", excerpt(line)))?;
    let name = line[..name_end].trim();
    if name.is_empty() {
        return Err(format!("{} has no property name", excerpt(line)));
    }
    if !is_name(name) {
        return Err(format!("{} is not a property name", excerpt(name)));
    }
    let mut params: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = find_any(after, b"=:;").filter(|&i| after.as_bytes()[i] == b'=').ok_or_else(|| {
            let end = find_any(after, b":;").unwrap_or(after.len());
            format!("parameter {} of {name} has no '='", excerpt(&after[..end]))
        })?;
        let param = after[..eq].trim();
        if param.is_empty() || !is_name(param) {
            return Err(format!("{} is not a parameter name", excerpt(param)));
        }
        let mut values = Vec::new();
        rest = &after[eq + 1..];
        loop {
            if let Some(quoted) = rest.strip_prefix('"') {
                let close =
                    quoted.find('"').ok_or_else(|| format!("parameter {param} of {name} has no closing '\"'"))?;
                let mut value = Cow::Borrowed(&quoted[..close]);
                rest = &quoted[close + 1..];
                // Text between the closing quote and the next delimiter is kept with the value.
                let end = find_any(rest, b",;:").unwrap_or(rest.len());
                if end > 0 {
                    value.to_mut().push_str(&rest[..end]);
                    rest = &rest[end..];
                }
                values.push(value);
            } else {
                let end = find_any(rest, b",;:").unwrap_or(rest.len());
                values.push(Cow::Borrowed(&rest[..end]));
                rest = &rest[end..];
            }
            match rest.strip_prefix(',') {
                Some(more) => rest = more,
                None => break,
            }
        }
        params.push((upper(param), values));
    }
    let value = rest.strip_prefix(':').ok_or_else(|| format!("{name} has no ':' before its value"))?;
    Ok(ContentLine { name: upper(name), params, value })
}

/// A parameter value written as `ical` reads it back unchanged: with no `"` inside (RFC 6868's
/// `^'` instead) and none of our private sentinels. The quotes are the caller's.
fn push_guarded_param(out: &mut String, value: &str, number: usize, warnings: &mut Vec<Warning>) {
    // 0xEE leads the UTF-8 of both sentinels (and of their neighbours, which the loop keeps).
    if !value.bytes().any(|b| b == b'"' || b == 0xEE) {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '"' => out.push_str("^'"),
            VALUE_GUARD | VALUES_JOIN => {
                warnings.push(Warning::at(number, "a private-use character U+E000/U+E001 in a parameter was replaced"));
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
}

/// `n` in decimal at the end of `out` (without `fmt`: it is done for every line).
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // n % 10 < 10: the cast cannot truncate.
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// The line written again for `ical` at the end of `out`: see the module's notes. The line's
/// number goes before the value, not in a parameter: `ical` makes a vector and three strings of
/// every parameter, and this one would be on every line (a third of its parsing time).
fn push_clean_line(
    out: &mut String,
    content: &ContentLine<'_>,
    number: usize,
    warnings: &mut Vec<Warning>,
) -> std::ops::Range<usize> {
    out.push_str(&content.name);
    for (name, values) in &content.params {
        out.push(';');
        out.push_str(name);
        out.push_str("=\"");
        // More than ICAL_MAX_VALUES values go in one quoted value, joined.
        let join = if values.len() > ICAL_MAX_VALUES { "\u{E001}" } else { "\",\"" };
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push_str(join);
            }
            push_guarded_param(out, value, number, warnings);
        }
        out.push('"');
    }
    out.push(':');
    push_number(out, number);
    out.push(VALUE_GUARD);
    let value = out.len()..out.len() + content.value.len();
    out.push_str(content.value);
    out.push(VALUE_GUARD);
    out.push('\n');
    value
}

/// A value as `ical` gives it back from a line of [`push_clean_line`]: the number of the line
/// it came from, and the value as the file wrote it. `None` for a value not written so.
pub fn marked_value(raw: &str) -> Option<(usize, &str)> {
    let (number, value) = raw.split_once(VALUE_GUARD)?;
    Some((number.parse().ok()?, value.strip_suffix(VALUE_GUARD)?))
}

struct Open {
    name: String,
    line: usize,
    /// Dropped, with everything inside.
    skipped: bool,
    /// A UID was among its properties.
    uid: bool,
}

/// What a property is, as far as a calendar's [`Layout`] is concerned.
enum Kind {
    /// A UID, with where its value is in its chunk's text.
    Uid(std::ops::Range<usize>),
    Recurrence,
    Other,
}

/// What a logical line is, as any thread can tell on its own.
enum Made {
    /// Nothing but spaces.
    Blank,
    Begin(String),
    End(String),
    /// A property, already written for `ical` in its chunk's text at `range` (kept only if no
    /// component around it is dropped), with the warnings writing it gave.
    Property {
        range: std::ops::Range<usize>,
        kind: Kind,
        warnings: Vec<Warning>,
    },
    /// A line that cannot be read: the pass stops at it.
    Bad(IcsError),
}

struct MadeLine {
    number: usize,
    not_utf8: bool,
    made: Made,
}

/// A run of logical lines made on one thread: their clean text and what each line is.
struct Chunk {
    text: String,
    lines: Vec<MadeLine>,
}

/// What a line gains when written again: its number, quotes, the value's two guards.
const LINE_GROWTH: usize = 24;

fn make_chunk(lines: &[Line<'_>]) -> Chunk {
    let size: usize = lines.iter().map(|(_, raw)| raw.len() + LINE_GROWTH).sum();
    let mut chunk = Chunk { text: String::with_capacity(size), lines: Vec::with_capacity(lines.len()) };
    for (number, raw) in lines {
        let number = *number;
        let (line, not_utf8): (Cow<'_, str>, bool) = match std::str::from_utf8(raw) {
            Ok(text) => (Cow::Borrowed(text), false),
            Err(_) => (Cow::Owned(crate::text::decode_cp1252(raw)), true),
        };
        let made = if line.trim().is_empty() {
            Made::Blank
        } else {
            match parse_content_line(&line) {
                Err(why) => Made::Bad(IcsError::at(number, why)),
                Ok(content) => match content.name.as_ref() {
                    "BEGIN" => {
                        let component = content.value.trim().to_ascii_uppercase();
                        if component.is_empty() || !is_name(&component) {
                            Made::Bad(IcsError::at(number, format!("BEGIN names no component: {}", excerpt(&line))))
                        } else {
                            Made::Begin(component)
                        }
                    }
                    "END" => Made::End(content.value.trim().to_ascii_uppercase()),
                    _ => {
                        let from = chunk.text.len();
                        let mut warnings = Vec::new();
                        let value = push_clean_line(&mut chunk.text, &content, number, &mut warnings);
                        let kind = match content.name.as_ref() {
                            "UID" => Kind::Uid(value),
                            "RRULE" | "RDATE" | "RECURRENCE-ID" => Kind::Recurrence,
                            _ => Kind::Other,
                        };
                        Made::Property { range: from..chunk.text.len(), kind, warnings }
                    }
                },
            }
        };
        chunk.lines.push(MadeLine { number, not_utf8, made });
    }
    chunk
}

/// The pass's state from line to line: the components open, the calendar being written.
struct Assembly {
    stack: Vec<Open>,
    current: String,
    splits: Vec<usize>,
    calendars: Vec<CleanCalendar>,
    warnings: Vec<Warning>,
    not_utf8: Vec<usize>,
    outside_warned: bool,
    /// The layout of the calendar being written, and the UIDs of its events so far.
    layout: Layout,
    uids: foldhash::HashSet<String>,
    /// The lines that are not content lines, so far: the file is refused with all of them.
    bad: Vec<IcsError>,
}

impl Assembly {
    /// Takes the lines of `chunk`, in the file's order.
    fn take(&mut self, chunk: Chunk) -> Result<(), IcsError> {
        for MadeLine { number, not_utf8, made } in chunk.lines {
            if not_utf8 {
                self.not_utf8.push(number);
            }
            let skipping = self.stack.iter().any(|o| o.skipped);
            match made {
                Made::Blank => {}
                Made::Bad(e) => self.bad.push(e),
                Made::Begin(component) => {
                    let parent = self.stack.last().map(|o| o.name.as_str());
                    let skipped = skipping || !allowed(parent, &component);
                    if skipped && !skipping {
                        let where_ = match parent {
                            None => "outside a calendar".to_string(),
                            Some(p) => format!("in {p}"),
                        };
                        self.warnings
                            .push(Warning::at(number, format!("{component} {where_} was skipped with what it holds")));
                    }
                    if !skipped {
                        if self.stack.len() == 1 {
                            self.splits.push(self.current.len());
                            match (component.as_str(), self.layout.events_from) {
                                ("VTIMEZONE", Some(_)) => self.layout.late_head = true,
                                ("VTIMEZONE", None) | (_, Some(_)) => {}
                                (_, None) => self.layout.events_from = Some(self.current.len()),
                            }
                        }
                        let _ = writeln!(self.current, "BEGIN:{component}");
                    }
                    self.stack.push(Open { name: component, line: number, skipped, uid: false });
                }
                Made::End(component) => {
                    let Some(open) = self.stack.pop() else {
                        return Err(self.fail(IcsError::at(
                            number,
                            format!("END:{component} closes nothing: no BEGIN:{component} before it"),
                        )));
                    };
                    if open.name != component {
                        return Err(self.fail(IcsError::at(
                            number,
                            format!(
                                "END:{component} where END:{} was expected (BEGIN:{} is on line {})",
                                open.name, open.name, open.line
                            ),
                        )));
                    }
                    if !open.skipped {
                        let _ = writeln!(self.current, "END:{component}");
                        if self.stack.len() == 1 && open.name == "VEVENT" && !open.uid {
                            self.layout.uid_shared_or_missing = true;
                        }
                        if self.stack.is_empty() {
                            self.uids.clear();
                            self.calendars.push(CleanCalendar {
                                line: open.line,
                                text: std::mem::take(&mut self.current),
                                splits: std::mem::take(&mut self.splits),
                                layout: std::mem::take(&mut self.layout),
                            });
                        }
                    }
                }
                Made::Property { .. } if self.stack.is_empty() => {
                    if !self.outside_warned {
                        self.warnings.push(Warning::at(number, "text outside any VCALENDAR was ignored"));
                        self.outside_warned = true;
                    }
                }
                Made::Property { .. } if skipping => {}
                Made::Property { range, kind, warnings } => {
                    self.current.push_str(&chunk.text[range]);
                    self.warnings.extend(warnings);
                    self.lay_out(&kind, &chunk.text);
                }
            }
        }
        Ok(())
    }
}

impl Assembly {
    /// `e`, which ends the reading, with the bad lines found before it.
    fn fail(&mut self, e: IcsError) -> IcsError {
        e.with(std::mem::take(&mut self.bad))
    }

    /// What a property kept in the calendar being written says of its [`Layout`].
    fn lay_out(&mut self, kind: &Kind, text: &str) {
        let layout = &mut self.layout;
        match self.stack.as_mut_slice() {
            [_calendar] => layout.late_head |= layout.events_from.is_some(),
            [_calendar, event] if event.name == "VEVENT" => match kind {
                Kind::Uid(value) if !event.uid => {
                    event.uid = true;
                    let uid = text[value.clone()].trim();
                    if !self.uids.insert(uid.to_string()) {
                        layout.uid_shared_or_missing = true;
                    }
                }
                Kind::Recurrence => layout.recurrence = true,
                Kind::Uid(_) | Kind::Other => {}
            },
            _ => {}
        }
    }
}

/// Logical lines made on one thread at a time: enough that starting a chunk costs nothing.
const CHUNK_LINES: usize = 4096;
/// At most this many threads make the chunks of a file.
const MOST_THREADS: usize = 4;

/// Repairs the file's bytes for `ical`: one clean text per VCALENDAR, and what was repaired.
/// The lines are made in chunks on as many threads as the machine has (a large file has
/// hundreds of thousands of them), and taken in order on this one.
pub fn prepass(bytes: &[u8]) -> Result<Prepassed, IcsError> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(MOST_THREADS);
    prepass_in(bytes, CHUNK_LINES, threads)
}

/// `prepass` with chunks of `chunk_lines` on `threads` threads (what it gives does not depend
/// on either).
fn prepass_in(bytes: &[u8], chunk_lines: usize, threads: usize) -> Result<Prepassed, IcsError> {
    let mut warnings = Vec::new();
    let bytes = without_bom(bytes, &mut warnings)?;
    let logical = logical_lines(&bytes, &mut warnings);
    let mut assembly = Assembly {
        stack: Vec::new(),
        current: String::with_capacity(bytes.len() + logical.len() * LINE_GROWTH),
        splits: Vec::new(),
        calendars: Vec::new(),
        warnings,
        not_utf8: Vec::new(),
        outside_warned: false,
        layout: Layout::default(),
        uids: foldhash::HashSet::default(),
        bad: Vec::new(),
    };
    let chunks: Vec<&[Line<'_>]> = logical.chunks(chunk_lines.max(1)).collect();
    if chunks.len() < 2 || threads < 2 {
        for lines in &chunks {
            assembly.take(make_chunk(lines))?;
        }
    } else {
        crate::ordered::in_order(
            chunks.len(),
            threads,
            threads * 2,
            || Ok::<(), IcsError>(()),
            |(), i| Ok(make_chunk(chunks[i])),
            |chunk| assembly.take(chunk),
        )?;
    }
    let Assembly { stack, calendars, mut warnings, not_utf8, bad, .. } = assembly;
    if let Some(open) = stack.last() {
        return Err(IcsError::at(
            open.line,
            format!("BEGIN:{} is never closed: END:{} is missing", open.name, open.name),
        )
        .with(bad));
    }
    if !not_utf8.is_empty() {
        let shown: Vec<String> = not_utf8.iter().take(5).map(usize::to_string).collect();
        let more = if not_utf8.len() > 5 { format!(" and {} more", not_utf8.len() - 5) } else { String::new() };
        warnings.push(Warning::new(format!(
            "not UTF-8 on line{} {}{more}: read as Windows-1252",
            if not_utf8.len() == 1 { "" } else { "s" },
            shown.join(", ")
        )));
    }
    if calendars.is_empty() {
        return Err(IcsError::new("the file holds no calendar (no BEGIN:VCALENDAR … END:VCALENDAR)").with(bad));
    }
    Ok(Prepassed { calendars, warnings, bad })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &[u8]) -> Prepassed {
        prepass(text).unwrap()
    }

    fn parsed(text: &str) -> Vec<ical::parser::ical::component::IcalCalendar> {
        ical::IcalParser::new(text.as_bytes()).collect::<Result<Vec<_>, _>>().unwrap()
    }

    fn value(calendar: &ical::parser::ical::component::IcalCalendar, name: &str) -> String {
        let v = calendar.events[0].properties.iter().find(|p| p.name == name).unwrap().value.clone().unwrap();
        marked_value(&v).unwrap().1.to_string()
    }

    const EVENT: &str =
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Hello \r\n world\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn a_space_before_a_fold_survives() {
        let out = clean(EVENT.as_bytes());
        assert_eq!(value(&parsed(&out.calendars[0].text)[0], "SUMMARY"), "Hello world");
    }

    #[test]
    fn a_character_split_by_a_fold_is_whole_again() {
        let bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf\xC3\r\n \xA9 cr\xC3\xA8me\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let out = clean(bytes);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(value(&parsed(&out.calendars[0].text)[0], "SUMMARY"), "Café crème");
    }

    #[test]
    fn bom_and_every_line_end_are_accepted() {
        for sep in ["\r\n", "\n", "\r"] {
            let text = format!("\u{FEFF}{}", EVENT.replace("\r\n", sep));
            let out = clean(text.as_bytes());
            assert_eq!(value(&parsed(&out.calendars[0].text)[0], "SUMMARY"), "Hello world", "{sep:?}");
        }
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(EVENT.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(value(&parsed(&clean(&utf16).calendars[0].text)[0], "SUMMARY"), "Hello world");
    }

    #[test]
    fn windows_1252_is_the_fallback() {
        let bytes =
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf\xE9 \x80 \x93ok\x94\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let out = clean(bytes);
        assert_eq!(value(&parsed(&out.calendars[0].text)[0], "SUMMARY"), "Café € “ok”");
        assert_eq!(out.warnings, [Warning::new("not UTF-8 on line 3: read as Windows-1252")]);
    }

    #[test]
    fn several_calendars_are_split_and_unknown_components_dropped() {
        let text = "BEGIN:VCALENDAR\nBEGIN:X-APPLE-THING\nBEGIN:VEVENT\nEND:VEVENT\nEND:X-APPLE-THING\nBEGIN:VEVENT\nUID:1\nBEGIN:VEVENT\nUID:nested\nEND:VEVENT\nEND:VEVENT\nBEGIN:VAVAILABILITY\nBEGIN:AVAILABLE\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\nBEGIN:VCALENDAR\nBEGIN:VTODO\nEND:VTODO\nEND:VCALENDAR\n";
        let out = clean(text.as_bytes());
        assert_eq!(out.calendars.len(), 2);
        assert_eq!(out.calendars[1].line, 17);
        let first = parsed(&out.calendars[0].text);
        assert_eq!(first[0].events.len(), 1);
        assert_eq!(parsed(&out.calendars[1].text)[0].todos.len(), 1);
        let messages: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "line 2: X-APPLE-THING in VCALENDAR was skipped with what it holds",
                "line 8: VEVENT in VEVENT was skipped with what it holds",
                "line 12: VAVAILABILITY in VCALENDAR was skipped with what it holds"
            ]
        );
    }

    #[test]
    fn names_are_upper_cased_and_leading_colons_kept() {
        let text =
            "begin:vcalendar\nbegin:vevent\nsummary::-)\nx-Thing;cn=a:::\nlocation:\nEND:VEVENT\nEND:VCALENDAR\n";
        let out = clean(text.as_bytes());
        let cal = &parsed(&out.calendars[0].text)[0];
        assert_eq!(value(cal, "SUMMARY"), ":-)");
        assert_eq!(value(cal, "X-THING"), "::");
        assert_eq!(value(cal, "LOCATION"), "");
    }

    #[test]
    fn a_parameter_with_many_values_stays_a_parameter() {
        let members: Vec<String> = (1..=12).map(|i| format!("\"mailto:m{i}@example.org\"")).collect();
        let text = format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\nATTENDEE;MEMBER={};CN=\"A, B\":mailto:a@example.org\nEND:VEVENT\nEND:VCALENDAR\n", members.join(","));
        let out = clean(text.as_bytes());
        let cal = &parsed(&out.calendars[0].text)[0];
        let attendee = &cal.events[0].properties[0];
        assert_eq!(value(cal, "ATTENDEE"), "mailto:a@example.org");
        let params = attendee.params.as_ref().unwrap();
        let member = &params.iter().find(|(n, _)| n == "MEMBER").unwrap().1;
        assert_eq!(member.len(), 1);
        assert_eq!(member[0].split(VALUES_JOIN).count(), 12);
        assert_eq!(params.iter().find(|(n, _)| n == "CN").unwrap().1, ["A, B"]);
        assert_eq!(marked_value(attendee.value.as_deref().unwrap()).unwrap().0, 3);
    }

    #[test]
    fn line_numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 1_234_567, usize::MAX] {
            let mut out = String::from("x");
            push_number(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn content_lines_are_split_as_the_rfc_says() {
        let line = parse_content_line(
            "ATTENDEE;CN=\"Doe; J:r, \";ROLE=REQ-PARTICIPANT;DELEGATED-TO=\"mailto:a@b\",\"mailto:c@d\":mailto:x@y",
        )
        .unwrap();
        assert_eq!(line.name, "ATTENDEE");
        let params: Vec<(&str, Vec<&str>)> =
            line.params.iter().map(|(n, v)| (n.as_ref(), v.iter().map(|v| v.as_ref()).collect())).collect();
        assert_eq!(
            params,
            [
                ("CN", vec!["Doe; J:r, "]),
                ("ROLE", vec!["REQ-PARTICIPANT"]),
                ("DELEGATED-TO", vec!["mailto:a@b", "mailto:c@d"])
            ]
        );
        assert_eq!(line.value, "mailto:x@y");
        assert_eq!(parse_content_line("DESCRIPTION:a:b;c").unwrap().value, "a:b;c");
        assert!(parse_content_line("DTSTART").unwrap_err().contains("no ':'"));
        assert!(parse_content_line(":value").unwrap_err().contains("no property name"));
        assert!(parse_content_line("X;CN=\"open:x").unwrap_err().contains("closing"));
        assert!(parse_content_line("X;NOEQUALS:x").unwrap_err().contains("no '='"));
    }

    #[test]
    fn unbalanced_components_are_clear_errors() {
        let err = |t: &str| prepass(t.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n"),
            "line 3: END:VCALENDAR where END:VEVENT was expected (BEGIN:VEVENT is on line 2)"
        );
        assert_eq!(
            err("BEGIN:VCALENDAR\nBEGIN:VEVENT\n"),
            "line 2: BEGIN:VEVENT is never closed: END:VEVENT is missing"
        );
        assert_eq!(err("END:VCALENDAR\n"), "line 1: END:VCALENDAR closes nothing: no BEGIN:VCALENDAR before it");
        assert_eq!(err(""), "the file holds no calendar (no BEGIN:VCALENDAR … END:VCALENDAR)");
        // A line that is no content line is left out and kept, for the file to be refused
        // with the problems of its components.
        let bad = clean(b"BEGIN:VCALENDAR\nORGA;IZstudio.org\nX-A:1\nno colon\nEND:VCALENDAR\n").bad;
        let said: Vec<String> = bad.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "line 2: parameter \"IZstudio.org\" of ORGA has no '='",
                "line 4: \"no colon\" is not a property: it has no ':'"
            ]
        );
        assert_eq!(
            err("BEGIN:VCALENDAR\nno colon\nBEGIN:VEVENT\n"),
            "line 2: \"no colon\" is not a property: it has no ':'\nline 3: BEGIN:VEVENT is never closed: END:VEVENT is missing"
        );
    }

    /// Lines of every kind the pass tells apart, for files made of them in any order.
    const POOL: &[&[u8]] = &[
        b"BEGIN:VCALENDAR",
        b"END:VCALENDAR",
        b"BEGIN:VEVENT",
        b"END:VEVENT",
        b"BEGIN:X-THING",
        b"END:X-THING",
        b"BEGIN:VALARM",
        b"END:VALARM",
        b"SUMMARY:Caf\xE9",
        b"summary;x-a=\"q\xee\x80\x80\":v",
        b" folded on",
        b"",
        b"   ",
        b"ORGA;IZ:no equals",
        b"BEGIN:",
        b"DESCRIPTION;CN=a,b,c,d,e,f,g,h,i,j,k,l:x",
    ];

    fn every_way(bytes: &[u8]) -> Vec<Result<Prepassed, String>> {
        let mut out = Vec::new();
        for chunk_lines in [1, 2, 3, 7, usize::MAX] {
            for threads in [1, 2, 3] {
                out.push(prepass_in(bytes, chunk_lines, threads).map_err(|e| e.to_string()));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn chunks_and_threads_change_nothing(picks in proptest::collection::vec(0..POOL.len(), 0..60)) {
            let mut bytes = b"BEGIN:VCALENDAR\r\n".to_vec();
            for &i in &picks {
                bytes.extend_from_slice(POOL[i]);
                bytes.extend_from_slice(b"\r\n");
            }
            let ways = every_way(&bytes);
            for way in &ways[1..] {
                proptest::prop_assert_eq!(way, &ways[0]);
            }
        }
    }

    #[test]
    fn a_large_file_is_the_same_in_chunks() {
        let mut text = String::from("X-JUNK:before\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        for i in 0..3000 {
            text.push_str(&format!("BEGIN:VEVENT\r\nUID:{i}\r\nSUMMARY:Event {i} \r\n folded\r\nEND:VEVENT\r\n"));
            if i % 700 == 0 {
                text.push_str("BEGIN:X-SKIP\r\nBEGIN:VEVENT\r\nUID:hidden\r\nEND:VEVENT\r\nEND:X-SKIP\r\n");
            }
        }
        text.push_str("END:VCALENDAR\r\n");
        let ways = every_way(text.as_bytes());
        let first = ways[0].as_ref().unwrap();
        assert_eq!(first.calendars[0].splits.len(), 3000, "each event kept, not VERSION nor what is skipped");
        assert_eq!(first.warnings.len(), 1 + 5, "{:?}", first.warnings);
        for way in &ways[1..] {
            assert_eq!(way, &ways[0]);
        }
    }
}
