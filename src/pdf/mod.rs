//! Typesetting: a structured document (headings, paragraphs of styled runs, bullets, labelled
//! lines, small print, rules, tables, line charts) to the bytes of a PDF, for the meeting flash
//! and the organisation brief.
//!
//! The text is set in the embedded Noto Sans faces (`fonts`), cleaned first (`text`: NFC, no
//! control or invisible characters, a visible `�` for what no face can show, with a warning),
//! broken into lines and pages by pure arithmetic (`layout`) and drawn with printpdf's low-level
//! operations (`render`). Nothing here reads the clock: the creation date is given.

pub(crate) mod fonts;
mod layout;
mod render;
mod text;

use std::fmt;

use chrono::{DateTime, Utc};

use layout::{Advances, Item};
use render::{Draw, Path, TextLine};

pub use text::REPLACEMENT;

/// The face of a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Bold,
    Italic,
}

/// Text in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub style: Style,
    pub text: String,
}

impl Run {
    pub fn regular(text: impl Into<String>) -> Run {
        Run { style: Style::Regular, text: text.into() }
    }
    pub fn bold(text: impl Into<String>) -> Run {
        Run { style: Style::Bold, text: text.into() }
    }
    pub fn italic(text: impl Into<String>) -> Run {
        Run { style: Style::Italic, text: text.into() }
    }
}

/// The size of a heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingLevel {
    /// The document's title: larger than the text.
    Title,
    /// A section (`Main points discussed:`): the size of the text, with space above.
    Section,
}

/// One block of a document, from top to bottom. In all text, `\n` (or `\r\n`) breaks the line
/// and a tab is a space.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading, set as its runs say (usually bold), never left alone at the foot of a page:
    /// it moves to the next page with the first lines of what follows.
    Heading { level: HeadingLevel, runs: Vec<Run> },
    /// A paragraph of styled runs.
    Paragraph(Vec<Run>),
    /// A bullet point with a hanging indent; `level` 0 is a point, 1 a sub-point indented below
    /// it, and so on (at most 3). Points are marked `•`, sub-points `–`.
    Bullet { level: u8, runs: Vec<Run> },
    /// `Label: value`, the label in bold (`Date: 24/06/2021`).
    Labelled { label: String, value: Vec<Run> },
    /// Vertical space, in points (dropped at the top of a page).
    Space(f32),
    /// Lines in a smaller size, kept together on one page: the mail header, the signature block.
    /// A line too long for the width wraps.
    SmallLines(Vec<Vec<Run>>),
    /// A thin horizontal rule across the text width.
    Rule,
    /// A table in small print: the header in bold over a rule, then a line per row. The first
    /// column (names) is left-aligned and takes the room the others leave, a name too long for
    /// it shortened with `…`; the other columns (figures) are right-aligned, as wide as their
    /// widest cell. A page may end between rows, not after the header.
    Table { header: Vec<String>, rows: Vec<Vec<String>> },
    /// A line chart across the text width, drawn as PDF paths (vector, not a picture), kept
    /// whole on one page.
    LineChart(LineChart),
}

/// A line chart: x the places named by `labels`, y from `low` to `high` with `ticks` labelled;
/// each series a line in its colour, broken where a value is missing, and a dot on each value.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    pub labels: Vec<String>,
    pub low: f64,
    pub high: f64,
    /// Values on the y axis and their labels (`0`, `50`, `100`).
    pub ticks: Vec<(f64, String)>,
    pub series: Vec<ChartLine>,
    /// The chart's height in points, its labels included.
    pub height: f32,
}

/// One series of a `LineChart`: a value (or none) per place.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// Red, green, blue.
    pub rgb: (u8, u8, u8),
    /// The stroke's width in points.
    pub width: f32,
    pub values: Vec<Option<f64>>,
}

impl Block {
    /// A heading in bold.
    pub fn heading(level: HeadingLevel, text: impl Into<String>) -> Block {
        Block::Heading { level, runs: vec![Run::bold(text)] }
    }
    /// A paragraph in one style.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Run::regular(text)])
    }
}

/// Page size and margins, in millimetres. The running footer sits in the bottom margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSetup {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_right_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
}

impl PageSetup {
    /// A4 portrait, 20 mm margins at the top, 22 mm at the sides and 25 mm at the foot.
    pub const A4: PageSetup = PageSetup {
        width_mm: 210.0,
        height_mm: 297.0,
        margin_top_mm: 20.0,
        margin_right_mm: 22.0,
        margin_bottom_mm: 25.0,
        margin_left_mm: 22.0,
    };
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup::A4
    }
}

/// The document's metadata (the PDF's Info dictionary). The creation date is given: the core
/// reads no clock.
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub created: DateTime<Utc>,
}

/// A document to typeset.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub page: PageSetup,
    pub metadata: Metadata,
    /// Text at the foot of every page, left of `page X of Y` (at most two lines are printed).
    pub footer: Option<String>,
    pub blocks: Vec<Block>,
}

/// A typeset document.
#[derive(Clone, Debug, PartialEq)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// What the reader should know: characters replaced, a footer shortened. Empty for an
    /// ordinary document.
    pub warnings: Vec<Warning>,
}

/// Something about the typeset document worth telling the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// No embedded face can show `ch`: each of its `count` occurrences is printed as `�`.
    Replaced { ch: char, count: usize },
    /// The footer text needed more than two lines; it was cut, ending with `…`.
    FooterShortened,
    /// A message of the PDF writer (printpdf). None is expected: the tests fail on any.
    Writer(String),
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Replaced { ch, count } => {
                let times = if *count == 1 { String::new() } else { format!(" ({count} times)") };
                write!(
                    f,
                    "U+{:04X} cannot be shown with the embedded fonts; printed as {REPLACEMENT}{times}",
                    u32::from(*ch)
                )
            }
            Warning::FooterShortened => f.write_str("the footer text is longer than two lines; it was cut"),
            Warning::Writer(message) => write!(f, "PDF writer: {message}"),
        }
    }
}

/// Why a document could not be typeset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// Margins that leave too little room, or sizes that are not numbers (the caller's fault).
    #[error("page setup: {0}")]
    PageSetup(String),
    /// An embedded font could not be read (a broken build, not the input).
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
}

/// Sizes in points.
const PT_PER_MM: f32 = 72.0 / 25.4;
const BODY: f32 = 10.0;
const BODY_LEADING: f32 = 14.0;
const TITLE: f32 = 13.0;
const TITLE_LEADING: f32 = 18.0;
const SMALL: f32 = 8.5;
const SMALL_LEADING: f32 = 12.0;
const FOOTER: f32 = 8.0;
const FOOTER_LEADING: f32 = 11.0;
/// The hanging indent of a bullet, and the step of each sub-level.
const HANG: f32 = 14.0;
const MAX_BULLET_LEVEL: u8 = 3;
const RULE_HEIGHT: f32 = 9.0;
/// The narrowest text area accepted: about 10 words of text.
const MIN_MEASURE: f32 = 144.0;
/// The gap between the text area and the footer's first line.
const FOOTER_GAP: f32 = 12.0;
/// The least bottom margin: the gap, two lines of footer and their descent.
const MIN_BOTTOM: f32 = 38.0;

/// The page geometry in points, checked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub(crate) width_mm: f32,
    pub(crate) height_mm: f32,
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) left: f32,
    pub(crate) right: f32,
    pub(crate) top: f32,
    pub(crate) bottom: f32,
}

impl Geometry {
    fn new(page: &PageSetup) -> Result<Geometry, PdfError> {
        let values = [
            page.width_mm,
            page.height_mm,
            page.margin_top_mm,
            page.margin_right_mm,
            page.margin_bottom_mm,
            page.margin_left_mm,
        ];
        if values.iter().any(|v| !v.is_finite() || *v < 0.0) || page.width_mm > 5000.0 || page.height_mm > 5000.0 {
            return Err(PdfError::PageSetup("sizes and margins must be positive numbers of millimetres".into()));
        }
        let g = Geometry {
            width_mm: page.width_mm,
            height_mm: page.height_mm,
            width: page.width_mm * PT_PER_MM,
            height: page.height_mm * PT_PER_MM,
            left: page.margin_left_mm * PT_PER_MM,
            right: page.margin_right_mm * PT_PER_MM,
            top: page.margin_top_mm * PT_PER_MM,
            bottom: page.margin_bottom_mm * PT_PER_MM,
        };
        if g.measure() < MIN_MEASURE {
            return Err(PdfError::PageSetup("the side margins leave less than 50 mm for the text".into()));
        }
        if g.text_height() < 4.0 * TITLE_LEADING {
            return Err(PdfError::PageSetup("the top and bottom margins leave too little room for the text".into()));
        }
        if g.bottom < MIN_BOTTOM {
            return Err(PdfError::PageSetup("the bottom margin must be at least 13 mm, for the footer".into()));
        }
        Ok(g)
    }

    /// The width of the text area.
    pub(crate) fn measure(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub(crate) fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Advances of the embedded faces.
struct FaceAdvances<'f>(&'f fonts::Faces);

impl Advances for FaceAdvances<'_> {
    fn advance(&self, style: Style, ch: char) -> u32 {
        self.0.face(style).advance(ch)
    }
}

/// Typesets `doc`: the PDF's bytes, its number of pages and what the reader should know.
pub fn typeset(doc: &Document) -> Result<Pdf, PdfError> {
    let faces = fonts::faces()?;
    let geometry = Geometry::new(&doc.page)?;
    let mut cleaner = text::Cleaner::new(faces);
    let mut warnings = Vec::new();

    let items = stack(&doc.blocks, &geometry, faces, &mut cleaner);
    let pages = layout::paginate(items, geometry.text_height());
    let footer = match &doc.footer {
        Some(footer) => footer_lines(footer, &geometry, faces, &mut cleaner, &mut warnings),
        None => Vec::new(),
    };
    warnings.splice(0..0, cleaner.replaced.iter().map(|(&ch, &count)| Warning::Replaced { ch, count }));

    let (bytes, writer_warnings) = render::render(&pages, &footer, &doc.metadata, &geometry, faces);
    warnings.extend(writer_warnings.into_iter().map(Warning::Writer));
    Ok(Pdf { bytes, pages: pages.len().max(1), warnings })
}

/// How a kind of block is set.
struct Setting {
    size: f32,
    leading: f32,
    /// Space above the block.
    before: f32,
    /// Where the text starts, from the left margin.
    indent: f32,
}

/// A block of text, cleaned, before it is broken into lines.
struct TextBlock {
    setting: Setting,
    /// Its lines as given (one for all but small print), each as styled runs.
    lines: Vec<Vec<(Style, String)>>,
    /// The bullet's marker.
    marker: Option<char>,
    /// Whether its lines stay on one page.
    together: bool,
}

/// Turns the blocks into lines and spaces to stack, each line marked with whether a page may
/// end before it.
fn stack(blocks: &[Block], g: &Geometry, faces: &fonts::Faces, cleaner: &mut text::Cleaner) -> Vec<Item<Vec<Draw>>> {
    let mut items = Vec::new();
    // The previous block was a heading (spaces in between do not count).
    let mut keep_with_previous = false;
    for (index, block) in blocks.iter().enumerate() {
        let first_block = index == 0;
        let TextBlock { setting, lines, marker, together } = match block {
            Block::Space(points) => {
                let height = if points.is_finite() { points.clamp(0.0, g.text_height()) } else { 0.0 };
                if height > 0.0 {
                    items.push(Item { height, break_before: !keep_with_previous, content: None });
                }
                continue;
            }
            Block::Rule => {
                if !first_block {
                    items.push(Item { height: 4.0, break_before: !keep_with_previous, content: None });
                }
                items.push(Item {
                    height: RULE_HEIGHT,
                    break_before: !keep_with_previous,
                    content: Some(vec![Draw::Rule]),
                });
                keep_with_previous = false;
                continue;
            }
            Block::LineChart(chart) => {
                if !first_block {
                    items.push(Item { height: 6.0, break_before: !keep_with_previous, content: None });
                }
                let height = if chart.height.is_finite() { chart.height.clamp(40.0, g.text_height()) } else { 40.0 };
                let content = Some(line_chart(chart, height, g, faces, cleaner));
                items.push(Item { height, break_before: !keep_with_previous, content });
                keep_with_previous = false;
                continue;
            }
            Block::Table { header, rows } => {
                let before = if first_block { 0.0 } else { 6.0 };
                if before > 0.0 {
                    items.push(Item { height: before, break_before: !keep_with_previous, content: None });
                }
                items.extend(table(header, rows, g, faces, cleaner, keep_with_previous));
                keep_with_previous = false;
                continue;
            }
            Block::Heading { level, runs } => {
                let setting = match level {
                    HeadingLevel::Title => Setting { size: TITLE, leading: TITLE_LEADING, before: 4.0, indent: 0.0 },
                    HeadingLevel::Section => Setting { size: BODY, leading: BODY_LEADING, before: 10.0, indent: 0.0 },
                };
                TextBlock { setting, lines: vec![clean_runs(runs, cleaner)], marker: None, together: true }
            }
            Block::Paragraph(runs) => {
                let setting = Setting { size: BODY, leading: BODY_LEADING, before: 6.0, indent: 0.0 };
                TextBlock { setting, lines: vec![clean_runs(runs, cleaner)], marker: None, together: false }
            }
            Block::Labelled { label, value } => {
                let mut runs = Vec::with_capacity(value.len() + 2);
                if !label.is_empty() {
                    runs.push(Run::bold(label.clone()));
                    if !value.is_empty() && !label.ends_with(char::is_whitespace) {
                        runs.push(Run::regular(" "));
                    }
                }
                runs.extend(value.iter().cloned());
                let setting = Setting { size: BODY, leading: BODY_LEADING, before: 6.0, indent: 0.0 };
                TextBlock { setting, lines: vec![clean_runs(&runs, cleaner)], marker: None, together: false }
            }
            Block::Bullet { level, runs } => {
                let level = (*level).min(MAX_BULLET_LEVEL);
                let before = if level == 0 { 4.0 } else { 2.0 };
                let indent = HANG * f32::from(level + 1);
                let setting = Setting { size: BODY, leading: BODY_LEADING, before, indent };
                let marker = if level == 0 { '•' } else { '–' };
                TextBlock { setting, lines: vec![clean_runs(runs, cleaner)], marker: Some(marker), together: false }
            }
            Block::SmallLines(lines) => {
                let setting = Setting { size: SMALL, leading: SMALL_LEADING, before: 4.0, indent: 0.0 };
                TextBlock {
                    setting,
                    lines: lines.iter().map(|runs| clean_runs(runs, cleaner)).collect(),
                    marker: None,
                    together: true,
                }
            }
        };

        let measure_pt = (g.measure() - setting.indent).max(MIN_MEASURE / 2.0);
        let measure = (f64::from(measure_pt) * 1000.0 / f64::from(setting.size)).floor() as u64;
        let mut set_lines: Vec<layout::Line> = Vec::new();
        for runs in &lines {
            let borrowed: Vec<(Style, &str)> = runs.iter().map(|(s, t)| (*s, t.as_str())).collect();
            let broken = layout::break_lines(&borrowed, measure, &FaceAdvances(faces));
            // An empty line of small print still takes its place (a blank line in a signature).
            if broken.is_empty() && matches!(block, Block::SmallLines(_)) {
                set_lines.push(layout::Line::default());
            }
            set_lines.extend(broken);
        }
        if set_lines.is_empty() {
            continue;
        }

        let is_heading = matches!(block, Block::Heading { .. });
        let before = if first_block { 0.0 } else { setting.before };
        if before > 0.0 {
            items.push(Item { height: before, break_before: !keep_with_previous, content: None });
        }
        let (ascent, descent) = faces.face(Style::Regular).vertical_extent();
        // The baseline sits where the glyphs' ascent and descent are centred in the leading.
        let baseline = (setting.leading - (ascent + descent) * setting.size) / 2.0 + ascent * setting.size;
        let n = set_lines.len();
        for (j, line) in set_lines.into_iter().enumerate() {
            let break_before = if j == 0 {
                !keep_with_previous
            } else {
                // Neither the first nor the last line alone on a page.
                !together && j != 1 && j + 1 != n
            };
            let mut draws = Vec::with_capacity(2);
            if j == 0 {
                if let Some(marker) = marker {
                    let segment = layout::Segment { style: Style::Regular, text: marker.to_string() };
                    draws.push(Draw::Text(TextLine {
                        x: setting.indent - HANG,
                        baseline,
                        size: setting.size,
                        segments: vec![segment],
                    }));
                }
            }
            draws.push(Draw::Text(TextLine {
                x: setting.indent,
                baseline,
                size: setting.size,
                segments: line.segments,
            }));
            items.push(Item { height: setting.leading, break_before, content: Some(draws) });
        }
        keep_with_previous = is_heading;
    }
    items
}

/// The size of a chart's labels, in points.
const CHART_LABEL: f32 = 7.0;

/// A chart's axes, grid, lines, dots and labels, placed in a box `height` points high across the
/// text width (see `Block::LineChart`).
fn line_chart(
    chart: &LineChart,
    height: f32,
    g: &Geometry,
    faces: &fonts::Faces,
    cleaner: &mut text::Cleaner,
) -> Vec<Draw> {
    let width = |text: &str| -> f32 {
        let milli: u64 = text.chars().map(|c| u64::from(faces.face(Style::Regular).advance(c))).sum();
        milli as f32 * CHART_LABEL / 1000.0
    };
    let label = |text: &str, x: f32, baseline: f32, cleaner: &mut text::Cleaner| {
        let text = cleaner.clean(text, Style::Regular);
        Draw::Text(TextLine {
            x,
            baseline,
            size: CHART_LABEL,
            segments: vec![layout::Segment { style: Style::Regular, text }],
        })
    };
    let grey = |level: f32| (level, level, level);
    let ticks: Vec<(f64, String)> = chart.ticks.iter().filter(|(v, _)| v.is_finite()).cloned().collect();
    let axis = ticks.iter().map(|(_, t)| width(t)).fold(0.0, f32::max) + 4.0;
    let (left, right) = (axis, g.measure());
    let (top, bottom) = (4.0, height - 12.0);
    let span = if chart.high > chart.low { chart.high - chart.low } else { 1.0 };
    let y = |v: f64| bottom - ((v - chart.low) / span).clamp(0.0, 1.0) as f32 * (bottom - top);
    let n = chart.labels.len().max(1);
    let x = |k: usize| left + (k as f32 + 0.5) * (right - left) / n as f32;
    let mut draws = Vec::new();
    for (value, text) in &ticks {
        let at = y(*value);
        draws.push(Draw::Path(Path {
            rgb: grey(0.88),
            width: 0.4,
            points: vec![(left, at), (right, at)],
            filled: false,
        }));
        draws.push(label(text, left - 3.0 - width(text), at + CHART_LABEL * 0.35, cleaner));
    }
    draws.push(Draw::Path(Path {
        rgb: grey(0.45),
        width: 0.6,
        points: vec![(left, top), (left, bottom), (right, bottom)],
        filled: false,
    }));
    for (k, text) in chart.labels.iter().enumerate() {
        draws.push(label(text, x(k) - width(text) / 2.0, height - 2.0, cleaner));
    }
    for series in &chart.series {
        let (r, gr, b) = series.rgb;
        let rgb = (f32::from(r) / 255.0, f32::from(gr) / 255.0, f32::from(b) / 255.0);
        // Runs of consecutive values: a missing one ends a line.
        let mut runs: Vec<Vec<(f32, f32)>> = vec![Vec::new()];
        for (k, value) in series.values.iter().enumerate().take(n) {
            match value.filter(|v| v.is_finite()) {
                Some(v) => {
                    let point = (x(k), y(v));
                    runs.last_mut().into_iter().for_each(|run| run.push(point));
                    let d = 1.6;
                    let (px, py) = point;
                    draws.push(Draw::Path(Path {
                        rgb,
                        width: 0.0,
                        points: vec![(px - d, py - d), (px + d, py - d), (px + d, py + d), (px - d, py + d)],
                        filled: true,
                    }));
                }
                None => runs.push(Vec::new()),
            }
        }
        for run in runs.into_iter().filter(|run| run.len() > 1) {
            draws.push(Draw::Path(Path { rgb, width: series.width, points: run, filled: false }));
        }
    }
    draws
}

/// The gap between two columns of a table, in points.
const COLUMN_GAP: f32 = 10.0;

/// A table's lines: the header, a rule, the rows (see `Block::Table`).
fn table(
    header: &[String],
    rows: &[Vec<String>],
    g: &Geometry,
    faces: &fonts::Faces,
    cleaner: &mut text::Cleaner,
    keep_with_previous: bool,
) -> Vec<Item<Vec<Draw>>> {
    let columns = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return Vec::new();
    }
    let cell = |row: &[String], k: usize, style: Style, cleaner: &mut text::Cleaner| {
        cleaner.clean(row.get(k).map(String::as_str).unwrap_or(""), style)
    };
    let header: Vec<String> = (0..columns).map(|k| cell(header, k, Style::Bold, cleaner)).collect();
    let body: Vec<Vec<String>> =
        rows.iter().map(|r| (0..columns).map(|k| cell(r, k, Style::Regular, cleaner)).collect()).collect();
    let width = |style: Style, text: &str| -> f32 {
        let milli: u64 = text.chars().map(|c| u64::from(faces.face(style).advance(c))).sum();
        milli as f32 * SMALL / 1000.0
    };
    // The figures' columns, as wide as their widest cell; the names' column takes the rest.
    let widths: Vec<f32> = (1..columns)
        .map(|k| {
            body.iter().map(|r| width(Style::Regular, &r[k])).fold(width(Style::Bold, &header[k]), f32::max)
                + COLUMN_GAP
        })
        .collect();
    let first = (g.measure() - widths.iter().sum::<f32>()).max(g.measure() * 0.25);
    let fit = |style: Style, text: &str| -> String {
        let room = first - COLUMN_GAP;
        if width(style, text) <= room {
            return text.to_string();
        }
        let mut short: String = text.to_string();
        while !short.is_empty() && width(style, &format!("{short}…")) > room {
            short.pop();
        }
        format!("{}…", short.trim_end())
    };
    let (ascent, descent) = faces.face(Style::Regular).vertical_extent();
    let baseline = (SMALL_LEADING - (ascent + descent) * SMALL) / 2.0 + ascent * SMALL;
    let line = |cells: &[String], style: Style| -> Vec<Draw> {
        let mut draws = Vec::with_capacity(cells.len());
        let mut right = first;
        for (k, text) in cells.iter().enumerate() {
            let x = if k == 0 {
                0.0
            } else {
                right += widths[k - 1];
                right - width(style, text)
            };
            let text = if k == 0 { fit(style, text) } else { text.clone() };
            if !text.is_empty() {
                let segments = vec![layout::Segment { style, text }];
                draws.push(Draw::Text(TextLine { x, baseline, size: SMALL, segments }));
            }
        }
        draws
    };
    let mut items = vec![
        Item { height: SMALL_LEADING, break_before: !keep_with_previous, content: Some(line(&header, Style::Bold)) },
        Item { height: RULE_HEIGHT, break_before: false, content: Some(vec![Draw::Rule]) },
    ];
    for (k, row) in body.iter().enumerate() {
        // Not the first row alone under the header.
        items.push(Item { height: SMALL_LEADING, break_before: k > 0, content: Some(line(row, Style::Regular)) });
    }
    items
}

fn clean_runs(runs: &[Run], cleaner: &mut text::Cleaner) -> Vec<(Style, String)> {
    runs.iter().map(|run| (run.style, cleaner.clean(&run.text, run.style))).collect()
}

/// The footer text as at most two lines, at the left of the page number.
fn footer_lines(
    footer: &str,
    g: &Geometry,
    faces: &fonts::Faces,
    cleaner: &mut text::Cleaner,
    warnings: &mut Vec<Warning>,
) -> Vec<layout::Line> {
    let advances = FaceAdvances(faces);
    let text = cleaner.clean(footer, Style::Regular);
    let measure_pt = g.measure() - render::page_number_room(faces) - 12.0;
    let measure = (f64::from(measure_pt.max(0.0)) * 1000.0 / f64::from(FOOTER)).floor() as u64;
    let mut lines = layout::break_lines(&[(Style::Regular, &text)], measure, &advances);
    if lines.len() > 2 {
        lines.truncate(2);
        if let Some(last) = lines.last_mut() {
            // Drop characters until the ellipsis fits.
            let ellipsis = u64::from(advances.advance(Style::Regular, '…'));
            let mut chars: Vec<char> = last.segments.iter().flat_map(|s| s.text.chars()).collect();
            let mut width = last.width;
            while width + ellipsis > measure {
                match chars.pop() {
                    Some(c) => width -= u64::from(advances.advance(Style::Regular, c)).min(width),
                    None => break,
                }
            }
            let mut text: String = chars.into_iter().collect::<String>().trim_end().to_string();
            text.push('…');
            *last = layout::Line { segments: vec![layout::Segment { style: Style::Regular, text }], width };
        }
        warnings.push(Warning::FooterShortened);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leading_holds_its_glyphs() {
        // Ascent plus descent fit in the line's height, so no glyph pokes out of the text area.
        let (ascent, descent) = fonts::faces().unwrap().face(Style::Regular).vertical_extent();
        for (size, leading) in
            [(BODY, BODY_LEADING), (TITLE, TITLE_LEADING), (SMALL, SMALL_LEADING), (FOOTER, FOOTER_LEADING)]
        {
            assert!((ascent + descent) * size <= leading, "{size} pt on {leading} pt");
        }
    }

    #[test]
    fn the_a4_setup_is_accepted_and_nonsense_is_not() {
        assert!(Geometry::new(&PageSetup::A4).is_ok());
        for bad in [
            PageSetup { width_mm: f32::INFINITY, ..PageSetup::A4 },
            PageSetup { margin_top_mm: -1.0, ..PageSetup::A4 },
            PageSetup { margin_top_mm: 150.0, margin_bottom_mm: 140.0, ..PageSetup::A4 },
            PageSetup { width_mm: 60.0, ..PageSetup::A4 },
        ] {
            assert!(matches!(Geometry::new(&bad), Err(PdfError::PageSetup(_))), "{bad:?}");
        }
    }

    #[test]
    fn warnings_name_the_code_point() {
        let w = Warning::Replaced { ch: '\u{1F600}', count: 2 };
        assert_eq!(w.to_string(), "U+1F600 cannot be shown with the embedded fonts; printed as \u{FFFD} (2 times)");
    }
}
