//! Charts of the monitoring figures, drawn by plotters: an indicator across a Code's exercises
//! (one line per organisation plus the average, a value missing is a gap in its line, never a
//! zero), and one exercise's figures by organisation as bars. Pure: a table in, the SVG or PNG
//! bytes out, with every point's pixel position, so the window can lay hover targets over them.
//!
//! Series are told apart in the SVG by colour: each has its own, and every element drawn for a
//! series (its line segments, points, bars and legend entry) gets `class="series-N"`, N its
//! place in `Drawn::series` (0: the average, then the organisations as asked), the legend's
//! order too.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;
use ts_rs::TS;

use super::table::{self, MonitoringIndicator, MonitoringTable};
use super::{shown, AVERAGE};
use crate::error::{Error, FieldProblem, Result};
use crate::model::Unit;
use crate::store::Store;

/// The size the charts are drawn at, in pixels (the SVG's user units).
pub const WIDTH: u32 = 880;
pub const HEIGHT: u32 = 440;
/// The legend's column at the right of the plot.
const LEGEND_WIDTH: u32 = 190;

/// A chart's size and furniture.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Frame {
    width: u32,
    height: u32,
    /// A legend column at the right; without it the caller names the series.
    legend: bool,
    /// Each x label's first word only (`6th` for "6th monitoring"), for a small chart.
    short_labels: bool,
    /// How many value ticks at most.
    ticks: usize,
    /// The labels' size as given to plotters (its SVG writes it / 1.24 as CSS pixels).
    text: f64,
}

const FULL: Frame = Frame { width: WIDTH, height: HEIGHT, legend: true, short_labels: false, ticks: 11, text: 15.0 };
/// The Directory's small chart of one organisation's indicator (its line and the average),
/// shown about 300 pixels wide: larger text for its size.
const SMALL: Frame = Frame { width: 400, height: 200, legend: false, short_labels: true, ticks: 6, text: 20.0 };
const FONT: &str = "sans-serif";

/// The average's colour, then the organisations': distinct, dark enough for text on white,
/// none black or white (the axes' colours).
const PALETTE: [(u8, u8, u8); 10] = [
    (0x44, 0x44, 0x44),
    (0x1F, 0x77, 0xB4),
    (0xD6, 0x27, 0x28),
    (0x2C, 0xA0, 0x2C),
    (0x94, 0x67, 0xBD),
    (0xFF, 0x7F, 0x0E),
    (0x8C, 0x56, 0x4B),
    (0xE3, 0x77, 0xC2),
    (0x17, 0xBE, 0xCF),
    (0xBC, 0xBD, 0x22),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    /// The format a file name asks for by its extension (either case); `None` for another.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("svg") => Some(Format::Svg),
            Some("png") => Some(Format::Png),
            _ => None,
        }
    }
}

/// What to chart, as the user asked it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub code: String,
    pub indicator: String,
    /// The organisations' keys; none: every organisation with a figure of the indicator.
    pub organisations: Vec<String>,
    /// A bar chart of this exercise instead of the line across exercises.
    pub exercise: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartSeries {
    /// None: the average over all organisations evaluated.
    pub organisation: Option<String>,
    pub name: String,
    /// `#RRGGBB`, as in the SVG.
    pub colour: String,
}

/// A figure as drawn: a line's point or a bar's top.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartPoint {
    /// Its series' place in `series`.
    pub series: u32,
    pub exercise: String,
    pub exercise_title: String,
    pub value: f64,
    /// The value as officers read it (`62.5 %`).
    pub text: String,
    /// Pixels from the chart's top left corner.
    pub x: i32,
    pub y: i32,
}

/// A chart drawn: its bytes (SVG text or PNG) and what sits where on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub series: Vec<ChartSeries>,
    pub points: Vec<ChartPoint>,
}

fn colour(k: usize) -> RGBColor {
    let (r, g, b) = PALETTE[k % PALETTE.len()];
    // Past the palette, each round darkens a little, so no two series share a colour.
    let round = (k / PALETTE.len()).min(4) as u8;
    let dim = |c: u8| c.saturating_sub(round.saturating_mul(24));
    RGBColor(dim(r), dim(g), dim(b))
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn drawing(e: impl std::fmt::Display) -> Error {
    Error::Chart(e.to_string())
}

/// Text as it may go into the SVG: control characters dropped (XML refuses most of them), long
/// names shortened to fit the legend or an axis.
fn label(text: &str, max: usize) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= max {
        clean
    } else {
        let mut short: String = clean.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

fn axis_title(ind: &MonitoringIndicator) -> String {
    let unit = match ind.unit {
        Unit::Percent => "%",
        Unit::Count => "count",
    };
    format!("{} ({unit})", label(&ind.label, 60))
}

/// Every problem of a request at once, each named by the option at fault; the table of the
/// indicator when there is none.
pub fn prepare(store: &Store, request: &Request) -> std::result::Result<MonitoringTable, Vec<FieldProblem>> {
    let problem = |field: &str, message: String| FieldProblem { field: field.to_string(), message };
    let mut problems = Vec::new();
    let code_known = store.codes().map_err(|e| vec![problem("", e.to_string())])?.iter().any(|c| c.key == request.code);
    if !code_known {
        problems.push(problem("--code", format!("no Code with key \"{}\"", request.code)));
    }
    let organisations = store.organisations().map_err(|e| vec![problem("", e.to_string())])?;
    for key in &request.organisations {
        if key != AVERAGE && !organisations.iter().any(|o| &o.key == key) {
            problems.push(problem("--org", format!("no organisation with key \"{key}\"")));
        }
    }
    let table = if code_known {
        let indicators = store.indicators().map_err(|e| vec![problem("", e.to_string())])?;
        if indicators.iter().any(|i| i.code == request.code && i.key == request.indicator) {
            table::table(store, &request.code, Some(&request.indicator), None)
                .map_err(|e| vec![problem("", e.to_string())])
                .map(Some)?
        } else {
            let known: Vec<&str> =
                indicators.iter().filter(|i| i.code == request.code).map(|i| i.key.as_str()).collect();
            let hint = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            problems.push(problem(
                "--indicator",
                format!("the Code \"{}\" has no indicator \"{}\" (it has: {hint})", request.code, request.indicator),
            ));
            None
        }
    } else {
        None
    };
    if let Some(t) = &table {
        if let Some(ind) = t.indicators.first() {
            for key in request.organisations.iter().filter(|k| organisations.iter().any(|o| &o.key == *k)) {
                let has = ind.rows.iter().any(|r| r.organisation.as_deref() == Some(key.as_str()));
                if !has {
                    problems.push(problem(
                        "--org",
                        format!("\"{key}\" has no figure of the indicator \"{}\"", request.indicator),
                    ));
                }
            }
        }
        if let Some(ex) = &request.exercise {
            if !t.exercises.iter().any(|e| &e.key == ex) {
                problems.push(problem("--exercise", format!("the Code \"{}\" has no exercise \"{ex}\"", request.code)));
            }
        }
    } else if let Some(ex) = &request.exercise {
        let exercises = store.exercises().map_err(|e| vec![problem("", e.to_string())])?;
        if !exercises.iter().any(|e| &e.key == ex) {
            problems.push(problem("--exercise", format!("no exercise with key \"{ex}\"")));
        }
    }
    match table {
        Some(t) if problems.is_empty() => Ok(t),
        _ => Err(problems),
    }
}

/// The chart a request asks for: problems all named at once (`Error::Invalid`), else drawn.
pub fn chart(store: &Store, request: &Request, format: Format) -> Result<Drawn> {
    let t = prepare(store, request).map_err(|problems| Error::Invalid { problems })?;
    match &request.exercise {
        Some(ex) => bar_chart(&t, ex, &request.organisations, format),
        None => line_chart(&t, &request.organisations, format),
    }
}

/// The rows to draw: the average first, then the organisations asked in the order asked
/// (none asked: every organisation with a figure, by name).
fn chosen<'a>(ind: &'a MonitoringIndicator, organisations: &[String]) -> Vec<&'a table::MonitoringRow> {
    let mut rows: Vec<_> = ind.rows.iter().filter(|r| r.organisation.is_none()).collect();
    if organisations.is_empty() {
        rows.extend(ind.rows.iter().filter(|r| r.organisation.is_some()));
    } else {
        for key in organisations.iter().filter(|k| *k != AVERAGE) {
            if let Some(row) = ind.rows.iter().find(|r| r.organisation.as_deref() == Some(key.as_str())) {
                if !rows.iter().any(|r| std::ptr::eq(*r, row)) {
                    rows.push(row);
                }
            }
        }
    }
    rows
}

fn series_of(rows: &[&table::MonitoringRow]) -> Vec<ChartSeries> {
    rows.iter()
        .enumerate()
        .map(|(k, r)| ChartSeries {
            organisation: r.organisation.clone(),
            name: label(&r.name, 40),
            colour: hex(colour(k)),
        })
        .collect()
}

/// The value axis: 0 to 100 for percentages, 0 to a round figure above the largest for counts.
fn value_range(ind: &MonitoringIndicator, values: impl Iterator<Item = f64>) -> (f64, f64) {
    match ind.unit {
        Unit::Percent => (0.0, 100.0),
        Unit::Count => {
            let top = values.fold(0.0f64, f64::max);
            if top <= 0.0 {
                return (0.0, 10.0);
            }
            let step = 10f64.powf(top.log10().floor());
            (0.0, ((top * 1.05) / step).ceil() * step)
        }
    }
}

fn tick_text(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{value}"),
        Unit::Count => shown(value, unit),
    }
}

fn register_font() -> Result<()> {
    static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| plotters::style::register_font(FONT, FontStyle::Normal, crate::pdf::fonts::REGULAR).is_ok());
    if ok {
        Ok(())
    } else {
        Err(Error::Chart("the embedded font could not be read".into()))
    }
}

/// The x axis of `n` places (exercises, organisations) at 0 to n - 1, half a place of margin
/// each side, a tick at each place. (plotters' key-point wrapper over its f64 axis cannot take
/// a label formatter.)
#[derive(Clone, Copy)]
struct Places(usize);

impl Ranged for Places {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value + 0.5) / self.0.max(1) as f64;
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        (0..self.0).map(|k| k as f64).collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        -0.5..self.0 as f64 - 0.5
    }
}

/// A chart that can draw itself on any plotters backend, and says where its points went.
trait Paint {
    fn paint<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<Vec<ChartPoint>>;
}

/// Draws `chart` on the backend `format` asks for: the bytes and the points.
fn render(
    chart: &impl Paint,
    format: Format,
    series: &[ChartSeries],
    frame: Frame,
) -> Result<(Vec<u8>, Vec<ChartPoint>)> {
    let (width, height) = (frame.width, frame.height);
    register_font()?;
    match format {
        Format::Svg => {
            let mut text = String::new();
            let points = {
                let root = SVGBackend::with_string(&mut text, (width, height)).into_drawing_area();
                let points = chart.paint(&root)?;
                root.present().map_err(drawing)?;
                points
            };
            Ok((mark_series(&text, series).into_bytes(), points))
        }
        Format::Png => {
            let mut pixels = vec![255u8; width as usize * height as usize * 3];
            let points = {
                let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
                let points = chart.paint(&root)?;
                root.present().map_err(drawing)?;
                points
            };
            let raw = crate::png::rows(&pixels, width as usize, 3);
            Ok((crate::png::encode(width, height, crate::png::Colour::Rgb, &raw), points))
        }
    }
}

/// Gives each element drawn in a series' colour the class `series-N` (plotters writes one
/// element a line, its colours as `#RRGGBB`).
fn mark_series(svg: &str, series: &[ChartSeries]) -> String {
    let mut out = String::with_capacity(svg.len() + 64 * series.len());
    for line in svg.split_inclusive('\n') {
        let tag = line.strip_prefix('<').and_then(|rest| rest.split([' ', '/', '>']).next());
        let mine = match tag {
            Some("svg" | "text") | None => None,
            Some(name) if !name.starts_with('/') => {
                series.iter().position(|s| line.contains(&format!("\"{}\"", s.colour))).map(|k| (name, k))
            }
            Some(_) => None,
        };
        match mine {
            Some((name, k)) => {
                out.push('<');
                out.push_str(name);
                out.push_str(&format!(" class=\"series-{k}\""));
                out.push_str(&line[1 + name.len()..]);
            }
            None => out.push_str(line),
        }
    }
    // Legend labels are drawn in their series' colour too: mark them the same way.
    let mut marked = String::with_capacity(out.len());
    for line in out.split_inclusive('\n') {
        match line.strip_prefix("<text ") {
            Some(rest) => match series.iter().position(|s| line.contains(&format!("fill=\"{}\"", s.colour))) {
                Some(k) => {
                    marked.push_str(&format!("<text class=\"series-{k}\" "));
                    marked.push_str(rest);
                }
                None => marked.push_str(line),
            },
            None => marked.push_str(line),
        }
    }
    marked
}

/// The legend in the column at the right: a line sample and the name, in the series' colour.
fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, series: &[ChartSeries]) -> Result<()> {
    for (k, s) in series.iter().enumerate() {
        let c = colour(k);
        let y = 40 + 22 * k as i32;
        let width = if k == 0 { 3 } else { 2 };
        area.draw(&PathElement::new(vec![(8, y), (32, y)], c.stroke_width(width))).map_err(drawing)?;
        area.draw(&Circle::new((20, y), 3, c.filled())).map_err(drawing)?;
        let style = TextStyle::from((FONT, 16).into_font()).color(&c).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(label(&s.name, 24), (40, y), style)).map_err(drawing)?;
    }
    Ok(())
}

/// A label in at most two lines of at most `room` pixels at `size`: whole when it fits, else
/// broken at the space nearest its middle, a line still too long shortened. Estimated at 0.6 em
/// a character: the window shows the SVG in its own sans-serif, wider than ours.
fn two_lines(text: &str, room: f64, size: f64) -> Vec<String> {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    let most = ((room / (size * 0.6)).floor() as usize).max(4);
    if text.chars().count() <= most {
        return vec![text];
    }
    let middle = text.len() / 2;
    let split = text.match_indices(' ').map(|(i, _)| i).min_by_key(|i| i.abs_diff(middle));
    match split {
        Some(i) => vec![label(&text[..i], most), label(&text[i + 1..], most)],
        None => vec![label(&text, most)],
    }
}

/// The axes, mesh and titles on `plot` (the chart, or its part left of the legend): x the
/// places of `labels` (drawn by us, in up to two lines under each tick), y the indicator's
/// values from `range.0` to `range.1`.
fn axes<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    ind: &MonitoringIndicator,
    range: (f64, f64),
    labels: &[String],
    x_title: &str,
    caption: Option<&str>,
    frame: Frame,
) -> Result<ChartContext<'a, DB, Cartesian2d<Places, plotters::coord::types::RangedCoordf64>>> {
    let n = labels.len().max(1);
    let mut builder = ChartBuilder::on(plot);
    let size = frame.text;
    let (x_area, y_area) = if frame.short_labels { (30, 52) } else { (62, 64) };
    builder.margin(16).x_label_area_size(x_area).y_label_area_size(y_area);
    if let Some(caption) = caption {
        builder.caption(label(caption, 60), (FONT, 19));
    }
    let mut chart = builder.build_cartesian_2d(Places(n), range.0..range.1).map_err(drawing)?;
    let no_label = |_: &f64| String::new();
    let y_label = |y: &f64| tick_text(*y, ind.unit);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&no_label)
        .y_label_formatter(&y_label)
        .y_labels(frame.ticks)
        .x_desc(x_title)
        // A small chart's caption, in the window, names the indicator; its ticks say the rest.
        .y_desc(if frame.short_labels { String::new() } else { axis_title(ind) })
        .label_style((FONT, size))
        .axis_desc_style((FONT, size + 2.0))
        .light_line_style(WHITE)
        .bold_line_style(BLACK.mix(0.12))
        .draw()
        .map_err(drawing)?;
    let (left, _) = chart.backend_coord(&(-0.5, range.0));
    let (right, _) = chart.backend_coord(&(n as f64 - 0.5, range.0));
    let room = f64::from(right - left) / n as f64 - 6.0;
    let style = TextStyle::from((FONT, size).into_font()).color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
    let line_height = (size / 1.24 * 1.2).round() as i32;
    for (k, text) in labels.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(k as f64, range.0));
        for (i, line) in two_lines(text, room, size / 1.24).into_iter().enumerate() {
            // `plot` begins at the chart's top left corner: its places are the chart's.
            plot.draw(&Text::new(line, (x, y + 8 + line_height * i as i32), style.clone())).map_err(drawing)?;
        }
    }
    Ok(chart)
}

struct Lines<'a> {
    frame: Frame,
    table: &'a MonitoringTable,
    indicator: &'a MonitoringIndicator,
    rows: Vec<&'a table::MonitoringRow>,
    series: Vec<ChartSeries>,
}

/// An indicator across the exercises: x the exercises in order, y the value; one line per
/// series, broken where a value is missing; each value a dot, so a lone figure shows.
pub fn line_chart(t: &MonitoringTable, organisations: &[String], format: Format) -> Result<Drawn> {
    lines_in(FULL, t, organisations, format)
}

/// The small line chart of the Directory's timeline (400 x 200 SVG): no legend (the window
/// names the series in their colours), exercises by their first word.
pub fn small_line_chart(t: &MonitoringTable, organisations: &[String]) -> Result<Drawn> {
    lines_in(SMALL, t, organisations, Format::Svg)
}

fn lines_in(frame: Frame, t: &MonitoringTable, organisations: &[String], format: Format) -> Result<Drawn> {
    let ind = t.indicators.first().ok_or_else(|| Error::BadArgument("no indicator to chart".into()))?;
    let rows = chosen(ind, organisations);
    let series = series_of(&rows);
    let lines = Lines { frame, table: t, indicator: ind, rows, series };
    let (bytes, points) = render(&lines, format, &lines.series, frame)?;
    Ok(Drawn { bytes, width: frame.width, height: frame.height, series: lines.series, points })
}

impl Paint for Lines<'_> {
    fn paint<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<Vec<ChartPoint>> {
        let (t, ind) = (self.table, self.indicator);
        let (low, high) = value_range(ind, self.rows.iter().flat_map(|r| r.cells.iter().filter_map(|c| c.value)));
        let frame = self.frame;
        let titles: Vec<String> = t
            .exercises
            .iter()
            .map(|e| match frame.short_labels {
                true => e.title.split_whitespace().next().unwrap_or_default().to_string(),
                false => e.title.clone(),
            })
            .collect();
        root.fill(&WHITE).map_err(drawing)?;
        let (plot, side) = match frame.legend {
            true => root.split_horizontally(frame.width - LEGEND_WIDTH),
            false => (root.clone(), root.clone()),
        };
        let x_title = if frame.short_labels { "" } else { "Monitoring exercise" };
        let mut chart = axes(&plot, ind, (low, high), &titles, x_title, None, frame)?;
        let mut points = Vec::new();
        for (k, row) in self.rows.iter().enumerate() {
            let c = colour(k);
            let width = if k == 0 { 3 } else { 2 };
            // Runs of consecutive values: a missing one ends a run, so the line breaks there.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (x, cell) in row.cells.iter().enumerate() {
                match cell.value {
                    Some(v) => runs.last_mut().into_iter().for_each(|run| run.push((x as f64, v))),
                    None => runs.push(Vec::new()),
                }
            }
            for run in runs.into_iter().filter(|run| run.len() > 1) {
                chart.draw_series(LineSeries::new(run, c.stroke_width(width))).map_err(drawing)?;
            }
            let dots: Vec<(f64, f64)> =
                row.cells.iter().enumerate().filter_map(|(x, cell)| cell.value.map(|v| (x as f64, v))).collect();
            chart.draw_series(dots.iter().map(|&p| Circle::new(p, 4, c.filled()))).map_err(drawing)?;
            for (x, cell) in row.cells.iter().enumerate() {
                let (Some(value), Some(ex)) = (cell.value, t.exercises.get(x)) else { continue };
                let (px, py) = chart.backend_coord(&(x as f64, value));
                points.push(ChartPoint {
                    series: k as u32,
                    exercise: ex.key.clone(),
                    exercise_title: ex.title.clone(),
                    value,
                    text: shown(value, ind.unit),
                    x: px,
                    y: py,
                });
            }
        }
        if frame.legend {
            legend(&side, &self.series)?;
        }
        Ok(points)
    }
}

struct Bars<'a> {
    table: &'a MonitoringTable,
    indicator: &'a MonitoringIndicator,
    exercise: usize,
    rows: Vec<&'a table::MonitoringRow>,
}

/// One exercise's figures by organisation: the average's bar first, then the organisations';
/// one without a figure keeps its place, marked "no figure", with no bar.
pub fn bar_chart(t: &MonitoringTable, exercise: &str, organisations: &[String], format: Format) -> Result<Drawn> {
    let ind = t.indicators.first().ok_or_else(|| Error::BadArgument("no indicator to chart".into()))?;
    let column = t
        .exercises
        .iter()
        .position(|e| e.key == exercise)
        .ok_or_else(|| Error::NotFound { what: "exercise", key: exercise.to_string() })?;
    let mut rows = chosen(ind, organisations);
    if organisations.is_empty() {
        // All organisations: those with a figure in this exercise.
        rows.retain(|r| r.organisation.is_none() || r.cells.get(column).is_some_and(|c| c.value.is_some()));
    }
    let series = series_of(&rows);
    let bars = Bars { table: t, indicator: ind, exercise: column, rows };
    let (bytes, points) = render(&bars, format, &series, FULL)?;
    Ok(Drawn { bytes, width: WIDTH, height: HEIGHT, series, points })
}

impl Paint for Bars<'_> {
    fn paint<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<Vec<ChartPoint>> {
        let (ind, column) = (self.indicator, self.exercise);
        let Some(ex) = self.table.exercises.get(column) else { return Ok(Vec::new()) };
        let value = |r: &table::MonitoringRow| r.cells.get(column).and_then(|c| c.value);
        let (low, high) = value_range(ind, self.rows.iter().filter_map(|r| value(r)));
        let names: Vec<String> = self.rows.iter().map(|r| r.name.clone()).collect();
        root.fill(&WHITE).map_err(drawing)?;
        let mut chart = axes(root, ind, (low, high), &names, "Organisation", Some(&ex.title), FULL)?;
        let mut points = Vec::new();
        for (k, row) in self.rows.iter().enumerate() {
            let x = k as f64;
            let c = colour(k);
            let figure = TextStyle::from((FONT, 15).into_font()).color(&c).pos(Pos::new(HPos::Center, VPos::Bottom));
            match value(row) {
                Some(v) => {
                    chart
                        .draw_series(std::iter::once(Rectangle::new([(x - 0.3, low), (x + 0.3, v)], c.filled())))
                        .map_err(drawing)?;
                    let (px, py) = chart.backend_coord(&(x, v));
                    chart.plotting_area().draw(&Text::new(shown(v, ind.unit), (x, v), figure)).map_err(drawing)?;
                    points.push(ChartPoint {
                        series: k as u32,
                        exercise: ex.key.clone(),
                        exercise_title: ex.title.clone(),
                        value: v,
                        text: shown(v, ind.unit),
                        x: px,
                        y: py,
                    });
                }
                None => {
                    chart
                        .plotting_area()
                        .draw(&Text::new("no figure".to_string(), (x, low), figure))
                        .map_err(drawing)?;
                }
            }
        }
        Ok(points)
    }
}
