//! The long CSV of monitoring figures: one row per exercise, organisation (`all` for the
//! average) and indicator, as the Commission's published results are kept
//! (`fixtures/monitoring/coc-hate-speech-results.csv`):
//!
//! ```text
//! exercise,published,period_from,period_to,organisation,indicator,value
//! 6th-monitoring,2021-10-07,2021-03-01,2021-04-14,tiktok,removal-rate,80.1
//! ```
//!
//! `exercise`, `organisation`, `indicator` and `value` are required; `published`,
//! `period_from`, `period_to` and the columns `code`, `breakdown` (`ground:NAME`,
//! `country:NAME`), `unit`, `better` and `label` may be given; for an exercise or indicator
//! the register holds, what the file does not give stays as stored. Reading turns a file into a
//! register document checked as a whole: every bad row is named by its line, and nothing is
//! stored unless every row is good.
//!
//! A file saved by Excel is read as Excel wrote it: in Windows-1252 when it is not UTF-8, and,
//! where `;` separates the fields (the locales whose decimal sign is the comma), with decimal
//! commas (`80,1`) and day-first dates (`07/10/2021`, `7.10.2021`).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::{Error, FieldProblem, Result};
use crate::model::{Better, Breakdown, Document, Exercise, Indicator, MonitoringResult, OrgKind, Organisation, Unit};
use crate::store::{ImportSummary, Store};
use crate::text::quoted;

use super::AVERAGE;

/// The columns a file may have; any other is refused (a typo must not vanish).
const COLUMNS: &[&str] = &[
    "exercise",
    "published",
    "period_from",
    "period_to",
    "organisation",
    "indicator",
    "value",
    "code",
    "breakdown",
    "unit",
    "better",
    "label",
];
const REQUIRED: &[&str] = &["exercise", "organisation", "indicator", "value"];

/// The largest CSV file read: far above any Code's figures.
pub const FILE_LIMIT: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The Code of every row without a `code` column; else the register's only Code
    /// (the command line also tries the file's name, `code_named_by`).
    pub code: Option<String>,
    /// Organisations the register lacks are added (a platform, signatory of the Code) rather
    /// than refused.
    pub create_organisations: bool,
}

/// One row as read, before it is checked against the register.
struct Row {
    line: u64,
    exercise: String,
    published: Option<String>,
    from: Option<String>,
    to: Option<String>,
    organisation: Option<String>,
    indicator: String,
    value: f64,
    code: String,
    breakdown: Option<Breakdown>,
    unit: Option<Unit>,
    better: Option<Better>,
    label: Option<String>,
}

/// Problems found, each at the line of its row.
#[derive(Default)]
struct Lines(Vec<(u64, String)>);

impl Lines {
    fn add(&mut self, line: u64, message: impl Into<String>) {
        self.0.push((line, message.into()));
    }

    fn into_error(mut self) -> Error {
        // In file order; the sort is stable, so a row's problems stay in the order found.
        self.0.sort_by_key(|(line, _)| *line);
        Error::Invalid {
            problems: self
                .0
                .into_iter()
                .map(|(line, message)| FieldProblem { field: format!("line {line}"), message })
                .collect(),
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// `removal-rate` as `Removal rate`: a label or name for a record the file creates.
fn from_key(key: &str) -> String {
    let spaced = key.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// The unit of an indicator a file creates without a `unit` column: a count when its values
/// are all whole and one is above 100, else a percentage.
fn unit_of(mut values: impl Iterator<Item = f64> + Clone) -> Unit {
    let counted = values.clone().all(|v| v.fract() == 0.0) && values.any(|v| v > 100.0);
    if counted {
        Unit::Count
    } else {
        Unit::Percent
    }
}

/// Whether reading `values` of `indicator` into a register without it would give it back as
/// it is: the label, unit and direction a file without those columns gives a new indicator.
fn as_inferred(indicator: &Indicator, values: &[f64]) -> bool {
    indicator.label == from_key(&indicator.key)
        && indicator.unit == unit_of(values.iter().copied())
        && indicator.better == Better::Higher
}

/// The field separator of a file: of `,`, `;` and tab, the one that splits its header line into
/// the most known columns (`,` on a tie).
fn delimiter_of(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let known = |d: char| header.split(d).filter(|c| COLUMNS.contains(&c.trim().trim_matches('"'))).count();
    [b',', b';', b'\t'].into_iter().max_by_key(|&d| (known(char::from(d)), d == b',')).unwrap_or(b',')
}

/// A number as Rust reads it: `80,1` with a decimal comma is `80.1` in a European file.
fn number(text: &str, european: bool) -> std::borrow::Cow<'_, str> {
    if european && text.matches(',').count() == 1 && !text.contains('.') {
        text.replace(',', ".").into()
    } else {
        text.into()
    }
}

/// `07/10/2021` or `7.10.2021` (day, month, year) as `2021-10-07`; `None` for anything else.
fn day_first(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    let digits =
        |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4)) {
        return None;
    }
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

/// Reads the rows of `bytes`; problems of single rows go to `problems`, a file that cannot be
/// read at all is an error.
fn read_rows(bytes: &[u8], default_code: Option<&str>, problems: &mut Lines) -> Result<Vec<Row>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Excel's plain "CSV" is in the system's code page, Windows-1252 in Western Europe.
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => crate::text::decode_cp1252(bytes).into(),
    };
    let delimiter = delimiter_of(&text);
    // Where `;` separates fields, the comma is the decimal sign and dates are day first: a file
    // saved by Excel in most European locales.
    let european = delimiter == b';';
    let mut reader =
        ::csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(Error::Malformed(format!("line 1: {e}"))),
        None => return Err(Error::Malformed("the file is empty; it needs a header line".into())),
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut header_problems = Vec::new();
    for name in &names {
        if !COLUMNS.contains(&name.as_str()) {
            header_problems.push(format!("unknown column {}, expected some of: {}", quoted(name), COLUMNS.join(", ")));
        }
    }
    for (k, name) in names.iter().enumerate() {
        if names[..k].contains(name) {
            header_problems.push(format!("the column {} is given twice", quoted(name)));
        }
    }
    for required in REQUIRED {
        if !names.iter().any(|n| n == required) {
            header_problems.push(format!("the column {} is missing", quoted(required)));
        }
    }
    if !names.iter().any(|n| n == "code") && default_code.is_none() {
        header_problems.push("the file has no code column: name the Code with --code".into());
    }
    if !header_problems.is_empty() {
        let mut lines = Lines::default();
        for message in header_problems {
            lines.add(1, message);
        }
        return Err(lines.into_error());
    }
    let column = |name: &str| names.iter().position(|n| n == name);
    let at = |record: &::csv::StringRecord, name: &str| -> String {
        column(name).and_then(|k| record.get(k)).unwrap_or("").trim().to_string()
    };

    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.add(line, format!("cannot be read: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != names.len() {
            problems.add(line, format!("has {} fields, the header {}", record.len(), names.len()));
            continue;
        }
        let before = problems.0.len();
        for required in ["exercise", "organisation", "indicator", "value"] {
            if at(&record, required).is_empty() {
                problems.add(line, format!("the {required} is missing"));
            }
        }
        let value_text = at(&record, "value");
        let value = match number(&value_text, european).parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ if value_text.is_empty() => None,
            _ => {
                problems.add(line, format!("the value {} is not a number", quoted(&value_text)));
                None
            }
        };
        let mut date = |name: &str| -> Option<String> {
            let text = optional(&at(&record, name))?;
            let text = if european { day_first(&text).unwrap_or(text) } else { text };
            match crate::time::parse_date(&text) {
                Ok(_) => Some(text),
                Err(message) => {
                    problems.add(line, format!("{name}: {message}"));
                    None
                }
            }
        };
        let (published, from, to) = (date("published"), date("period_from"), date("period_to"));
        let breakdown = optional(&at(&record, "breakdown")).and_then(|text| match Breakdown::parse(&text) {
            Ok(b) => Some(b),
            Err(message) => {
                problems.add(line, message);
                None
            }
        });
        let unit = optional(&at(&record, "unit")).and_then(|text| match Unit::parse(&text) {
            Ok(u) => Some(u),
            Err(message) => {
                problems.add(line, format!("unit: {message}"));
                None
            }
        });
        let better = optional(&at(&record, "better")).and_then(|text| match Better::parse(&text) {
            Ok(b) => Some(b),
            Err(message) => {
                problems.add(line, format!("better: {message}"));
                None
            }
        });
        let code = optional(&at(&record, "code")).or_else(|| default_code.map(str::to_string));
        if problems.0.len() > before {
            continue;
        }
        let (Some(value), Some(code)) = (value, code) else {
            problems.add(line, "the code is missing");
            continue;
        };
        let organisation = at(&record, "organisation");
        rows.push(Row {
            line,
            exercise: at(&record, "exercise"),
            published,
            from,
            to,
            organisation: (organisation != AVERAGE).then_some(organisation),
            indicator: at(&record, "indicator"),
            value,
            code,
            breakdown,
            unit,
            better,
            label: optional(&at(&record, "label")),
        });
    }
    Ok(rows)
}

/// What a figure is for: exercise, organisation (None: the average), indicator, breakdown.
type Identity<'a> = (&'a str, Option<&'a str>, &'a str, Option<&'a Breakdown>);

/// Where in the document each record came from, to name lines in validation's problems.
#[derive(Default)]
struct Origins {
    exercises: Vec<u64>,
    indicators: Vec<u64>,
    organisations: Vec<u64>,
    results: Vec<u64>,
}

impl Origins {
    /// `results[3].value: ...` as line 14's problem; problems elsewhere keep their field.
    fn place(&self, problem: FieldProblem, lines: &mut Lines, other: &mut Vec<FieldProblem>) {
        let lists: [(&str, &Vec<u64>); 4] = [
            ("results[", &self.results),
            ("exercises[", &self.exercises),
            ("indicators[", &self.indicators),
            ("organisations[", &self.organisations),
        ];
        for (prefix, origins) in lists {
            if let Some(rest) = problem.field.strip_prefix(prefix) {
                let index = rest.split(']').next().and_then(|n| n.parse::<usize>().ok());
                if let Some(&line) = index.and_then(|i| origins.get(i)) {
                    let field = rest.split_once("].").map(|(_, f)| f);
                    let message = match field {
                        Some(field) => format!("{field}: {}", problem.message),
                        None => problem.message,
                    };
                    lines.add(line, message);
                    return;
                }
            }
        }
        other.push(problem);
    }
}

/// The document a CSV file stands for against `store`: the exercises, indicators and (with
/// `create_organisations`) organisations it names that the register lacks or that it changes,
/// and its figures. Every problem, of the file and of the records, is named by its line.
pub fn read(store: &Store, bytes: &[u8], options: &ImportOptions) -> Result<Document> {
    let codes = store.codes()?;
    let default_code = match &options.code {
        Some(code) => {
            if !codes.iter().any(|c| &c.key == code) {
                return Err(Error::NotFound { what: "code", key: code.clone() });
            }
            Some(code.clone())
        }
        None if codes.len() == 1 => codes.first().map(|c| c.key.clone()),
        None => None,
    };
    let mut problems = Lines::default();
    let rows = read_rows(bytes, default_code.as_deref(), &mut problems)?;

    let exercises: HashMap<String, Exercise> = store.exercises()?.into_iter().map(|e| (e.key.clone(), e)).collect();
    let indicators: HashMap<String, Indicator> = store.indicators()?.into_iter().map(|i| (i.key.clone(), i)).collect();
    let organisations: HashSet<String> = store.organisations()?.into_iter().map(|o| o.key).collect();

    let mut doc = Document::default();
    let mut origins = Origins::default();

    // Exercises: every row of one gives the same Code, dates; new or changed ones are written.
    let mut seen_exercises: HashMap<&str, &Row> = HashMap::new();
    for row in &rows {
        match seen_exercises.get(row.exercise.as_str()) {
            Some(first) => {
                for (what, now, then) in [
                    ("code", Some(&row.code), Some(&first.code)),
                    ("published", row.published.as_ref(), first.published.as_ref()),
                    ("period_from", row.from.as_ref(), first.from.as_ref()),
                    ("period_to", row.to.as_ref(), first.to.as_ref()),
                ] {
                    if now != then {
                        problems.add(
                            row.line,
                            format!(
                                "the exercise {} has {what} {} at line {}, not {}",
                                quoted(&row.exercise),
                                then.map_or("(none)".into(), |t| quoted(t)),
                                first.line,
                                now.map_or("(none)".into(), |t| quoted(t))
                            ),
                        );
                    }
                }
            }
            None => {
                seen_exercises.insert(&row.exercise, row);
                let exercise = match exercises.get(&row.exercise) {
                    // A date the file does not give (no column, or an empty cell) keeps the
                    // stored one: a file of figures alone must not clear what it never said.
                    Some(stored) => Exercise {
                        code: row.code.clone(),
                        published: row.published.clone().or_else(|| stored.published.clone()),
                        from: row.from.clone().or_else(|| stored.from.clone()),
                        to: row.to.clone().or_else(|| stored.to.clone()),
                        ..stored.clone()
                    },
                    None => Exercise {
                        key: row.exercise.clone(),
                        code: row.code.clone(),
                        title: from_key(&row.exercise),
                        from: row.from.clone(),
                        to: row.to.clone(),
                        published: row.published.clone(),
                        notes: None,
                        extra: None,
                    },
                };
                if exercises.get(&row.exercise) != Some(&exercise) {
                    doc.exercises.push(exercise);
                    origins.exercises.push(row.line);
                }
            }
        }
    }

    // Indicators: a new one is a count when the file gives it only whole values and one above
    // 100, else a percentage (a `unit` column says otherwise); better is higher by default.
    let mut by_indicator: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        by_indicator.entry(&row.indicator).or_default().push(row);
    }
    let mut first_rows: Vec<&Row> = by_indicator.values().filter_map(|r| r.first().copied()).collect();
    first_rows.sort_by_key(|r| r.line);
    for first in first_rows {
        let all = &by_indicator[first.indicator.as_str()];
        let given = |pick: fn(&Row) -> Option<String>| all.iter().find_map(|r| pick(r));
        let unit_given = all.iter().find_map(|r| r.unit);
        let better_given = all.iter().find_map(|r| r.better);
        let label_given = given(|r| r.label.clone());
        let indicator = match indicators.get(&first.indicator) {
            Some(stored) => Indicator {
                code: first.code.clone(),
                unit: unit_given.unwrap_or(stored.unit),
                better: better_given.unwrap_or(stored.better),
                label: label_given.unwrap_or_else(|| stored.label.clone()),
                ..stored.clone()
            },
            None => Indicator {
                key: first.indicator.clone(),
                code: first.code.clone(),
                label: label_given.unwrap_or_else(|| from_key(&first.indicator)),
                unit: unit_given.unwrap_or_else(|| unit_of(all.iter().map(|r| r.value))),
                better: better_given.unwrap_or(Better::Higher),
                description: None,
                extra: None,
            },
        };
        if indicators.get(&first.indicator) != Some(&indicator) {
            doc.indicators.push(indicator);
            origins.indicators.push(first.line);
        }
    }

    // Organisations: matched by key; one the register lacks is refused, or created.
    let mut created: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        let Some(org) = &row.organisation else { continue };
        if organisations.contains(org) {
            continue;
        }
        if !options.create_organisations {
            problems
                .add(row.line, format!("no organisation with key {} (--create-organisations adds it)", quoted(org)));
            continue;
        }
        match created.get(org.as_str()) {
            Some(&k) => {
                let signed = &mut doc.organisations[k].signatory_of;
                if !signed.contains(&row.code) {
                    signed.push(row.code.clone());
                }
            }
            None => {
                created.insert(org, doc.organisations.len());
                doc.organisations.push(Organisation {
                    key: org.clone(),
                    name: from_key(org),
                    acronym: None,
                    kind: OrgKind::Platform,
                    transparency_register_id: None,
                    signatory_of: vec![row.code.clone()],
                    extra: None,
                });
                origins.organisations.push(row.line);
            }
        }
    }

    // Figures: one per exercise, organisation, indicator and breakdown.
    let mut seen: HashMap<Identity<'_>, u64> = HashMap::new();
    for row in &rows {
        let identity =
            (row.exercise.as_str(), row.organisation.as_deref(), row.indicator.as_str(), row.breakdown.as_ref());
        if let Some(first) = seen.get(&identity) {
            problems.add(
                row.line,
                format!(
                    "repeats line {first}: one value per exercise, organisation{}",
                    if row.breakdown.is_some() { ", indicator and breakdown" } else { " and indicator" }
                ),
            );
            continue;
        }
        seen.insert(identity, row.line);
        if row.organisation.as_ref().is_some_and(|o| !organisations.contains(o) && !options.create_organisations) {
            continue;
        }
        doc.results.push(MonitoringResult {
            exercise: row.exercise.clone(),
            organisation: row.organisation.clone(),
            indicator: row.indicator.clone(),
            breakdown: row.breakdown.clone(),
            value: row.value,
            extra: None,
        });
        origins.results.push(row.line);
    }

    // The rules of the format, against the register, said at the lines they come from.
    let mut other = Vec::new();
    if let Err(error) = store.check(&mut doc) {
        match error {
            Error::Invalid { problems: found } => {
                for problem in found {
                    origins.place(problem, &mut problems, &mut other);
                }
            }
            other => return Err(other),
        }
    }
    if problems.0.is_empty() && other.is_empty() {
        return Ok(doc);
    }
    let Error::Invalid { problems: mut all } = problems.into_error() else {
        return Err(Error::Malformed("internal: problems lost".into()));
    };
    all.extend(other);
    Err(Error::Invalid { problems: all })
}

/// The Code a file's name begins with (`coc-hate-speech-results.csv`), the longest if several
/// do: the Code of a file with no `code` column when none is named.
pub fn code_named_by(store: &Store, path: &std::path::Path) -> Result<Option<String>> {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { return Ok(None) };
    let codes = store.codes()?;
    Ok(codes
        .into_iter()
        .filter(|c| {
            stem == c.key || stem.strip_prefix(c.key.as_str()).is_some_and(|rest| rest.starts_with(['-', '_', '.']))
        })
        .max_by_key(|c| c.key.len())
        .map(|c| c.key))
}

/// Reads the file and stores its figures, all or nothing.
pub fn import(store: &mut Store, bytes: &[u8], options: &ImportOptions) -> Result<ImportSummary> {
    let doc = read(store, bytes, options)?;
    store.import(doc)
}

/// The figures of `code` (every Code when none) in the same long format, in the order they
/// were stored. A `code` column is written when the figures are of several Codes, a
/// `breakdown` column when some figure has one, and `unit`, `better` and `label` (on every
/// row) when some indicator is not what reading the file would make of it without them (a
/// rate where lower is better, a label of its own); otherwise the columns are the fixture's
/// seven. So the file read into another register gives the same indicators.
pub fn write(store: &Store, code: Option<&str>, out: impl std::io::Write) -> Result<()> {
    let exercises: HashMap<String, Exercise> = store.exercises()?.into_iter().map(|e| (e.key.clone(), e)).collect();
    let results: Vec<MonitoringResult> = store
        .results()?
        .into_iter()
        .filter(|r| code.is_none_or(|c| exercises.get(&r.exercise).is_some_and(|e| e.code == c)))
        .collect();
    let several_codes = code.is_none() && {
        let codes: HashSet<&str> =
            results.iter().filter_map(|r| exercises.get(&r.exercise)).map(|e| e.code.as_str()).collect();
        codes.len() > 1
    };
    let breakdowns = results.iter().any(|r| r.breakdown.is_some());
    let indicators: HashMap<String, Indicator> = store.indicators()?.into_iter().map(|i| (i.key.clone(), i)).collect();
    let mut values: HashMap<&str, Vec<f64>> = HashMap::new();
    for r in &results {
        values.entry(r.indicator.as_str()).or_default().push(r.value);
    }
    let described = values.iter().any(|(key, values)| indicators.get(*key).is_some_and(|i| !as_inferred(i, values)));

    let io = |e: ::csv::Error| Error::Malformed(format!("writing the CSV file: {e}"));
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(out);
    let mut header = vec!["exercise", "published", "period_from", "period_to", "organisation", "indicator", "value"];
    if several_codes {
        header.push("code");
    }
    if breakdowns {
        header.push("breakdown");
    }
    if described {
        header.extend(["unit", "better", "label"]);
    }
    writer.write_record(&header).map_err(io)?;
    for r in &results {
        let e = exercises.get(&r.exercise);
        let text = |pick: fn(&Exercise) -> Option<&String>| e.and_then(pick).cloned().unwrap_or_default();
        let mut record = vec![
            r.exercise.clone(),
            text(|e| e.published.as_ref()),
            text(|e| e.from.as_ref()),
            text(|e| e.to.as_ref()),
            r.organisation.clone().unwrap_or_else(|| AVERAGE.to_string()),
            r.indicator.clone(),
            r.value.to_string(),
        ];
        if several_codes {
            record.push(e.map(|e| e.code.clone()).unwrap_or_default());
        }
        if breakdowns {
            record.push(r.breakdown.as_ref().map(Breakdown::spelled).unwrap_or_default());
        }
        if described {
            match indicators.get(&r.indicator) {
                Some(i) => record.extend([i.unit.to_string(), i.better.to_string(), i.label.clone()]),
                None => record.extend([String::new(), String::new(), String::new()]),
            }
        }
        writer.write_record(&record).map_err(io)?;
    }
    writer.flush().map_err(|e| Error::io("the CSV file", e))
}
