//! The brief as a PDF, set as the flash is (the same typesetter, faces and page): the
//! organisation and its standing at the top (with its latest monitoring figures, a table), then
//! each meeting in date order with the points the organisation made and the actions it owes.

use chrono::{DateTime, NaiveDate, Utc};

use super::{BriefAction, BriefFigure, BriefMeeting, OrganisationBrief};
use crate::error::Result;
use crate::model::Unit;
use crate::pdf::{Block, ChartLine, Document, HeadingLevel, LineChart, Metadata, PageSetup, Pdf, Run};

/// `24 June 2021` for `2021-06-24` (or a local time on that day); the text as written otherwise.
fn long_date(text: &str) -> String {
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map(|d| d.format("%-d %B %Y").to_string()).unwrap_or(day.to_string())
}

fn short_date(text: &str) -> String {
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or(day.to_string())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The organisation as the brief names it: `Twitter` or `Trusted flagger network (TFN)`.
fn title_name(brief: &OrganisationBrief) -> String {
    match &brief.acronym {
        Some(acronym) if acronym != &brief.name => format!("{} ({acronym})", brief.name),
        _ => brief.name.clone(),
    }
}

/// The metadata of the brief's PDF: its title, `author` (the officer), what it covers, created
/// at `created` (the core reads no clock).
pub fn metadata(brief: &OrganisationBrief, author: &str, created: DateTime<Utc>) -> Metadata {
    let since = brief.from.as_deref().map(|d| format!(" since {}", long_date(d))).unwrap_or_default();
    Metadata {
        title: format!("Brief: {}", title_name(brief)),
        author: author.to_string(),
        subject: format!("Meetings, points made and actions owed by {}{since}", brief.name),
        keywords: vec!["brief".into(), brief.name.clone(), brief.key.clone()],
        created,
    }
}

fn action_runs(action: &BriefAction) -> Vec<Run> {
    let due = match (&action.due, &action.due_period) {
        (Some(due), Some(period)) => format!(", due {} ({period})", short_date(due)),
        (Some(due), None) => format!(", due {}", short_date(due)),
        (None, Some(period)) => format!(", due {period}"),
        (None, None) => String::new(),
    };
    let mut runs = vec![Run::bold(format!("[{}] ", action.status)), Run::regular(action.title.clone())];
    let owners = action.owners.join(", ");
    runs.push(Run::regular(format!(" — {owners}{due}")));
    if action.overdue {
        runs.push(Run::bold(" — overdue"));
    }
    if let Some(note) = &action.last_follow_up {
        runs.push(Run::italic(format!(" (last note {note})")));
    }
    runs
}

fn meeting_blocks(meeting: &BriefMeeting, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        level: HeadingLevel::Section,
        runs: vec![Run::bold(format!("{}: ", short_date(&meeting.start))), Run::bold(meeting.title.clone())],
    });
    let mut about = format!("{}, {}", meeting.kind, meeting.status);
    if let Some(place) = &meeting.location {
        about = format!("{place}; {about}");
    }
    if !meeting.took_part {
        about.push_str("; not among the participants");
    }
    blocks.push(Block::Paragraph(vec![Run::italic(about)]));
    if !meeting.points.is_empty() {
        blocks.push(Block::Paragraph(vec![Run::bold("Points made:")]));
    }
    for point in &meeting.points {
        let mut runs = Vec::with_capacity(2);
        if point.restricted {
            runs.push(Run::bold("Restricted: "));
        }
        runs.push(Run::regular(point.text.clone()));
        blocks.push(Block::Bullet { level: u8::try_from(point.depth).unwrap_or(u8::MAX).min(3), runs });
    }
    if !meeting.actions.is_empty() {
        blocks.push(Block::Paragraph(vec![Run::bold("Actions agreed:")]));
        for action in &meeting.actions {
            blocks.push(Block::Bullet { level: 0, runs: action_runs(action) });
        }
    }
}

/// The chart of one indicator: the organisation's line (blue) over the average's (grey), the
/// colours of the window's charts.
fn chart(figure: &BriefFigure) -> LineChart {
    let (high, ticks) = match figure.unit {
        Unit::Percent => (100.0, vec![0.0, 25.0, 50.0, 75.0, 100.0]),
        Unit::Count => {
            let top = figure.values.iter().chain(&figure.averages).flatten().fold(0.0f64, |a, &b| a.max(b));
            let step = if top > 0.0 { 10f64.powf(top.log10().floor()) } else { 1.0 };
            let high = ((top * 1.05) / step).ceil().max(1.0) * step;
            (high, vec![0.0, high / 2.0, high])
        }
    };
    LineChart {
        labels: figure.exercises.clone(),
        low: 0.0,
        high,
        ticks: ticks.into_iter().map(|v| (v, shown_tick(v, figure.unit))).collect(),
        series: vec![
            ChartLine { rgb: (0x44, 0x44, 0x44), width: 1.2, values: figure.averages.clone() },
            ChartLine { rgb: (0x1F, 0x77, 0xB4), width: 1.2, values: figure.values.clone() },
        ],
        height: 96.0,
    }
}

fn shown_tick(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{value} %"),
        Unit::Count => crate::monitoring::shown(value, unit),
    }
}

/// The typesetter's document for `brief`.
pub fn document(brief: &OrganisationBrief, metadata: Metadata) -> Document {
    let mut blocks = Vec::new();
    blocks.push(Block::Heading {
        level: HeadingLevel::Title,
        runs: vec![Run::regular("Brief: "), Run::bold(title_name(brief))],
    });
    blocks.push(Block::Labelled { label: "Kind:".into(), value: vec![Run::regular(brief.kind.to_string())] });
    let register = match (&brief.register_id, brief.unregistered) {
        (Some(id), _) => vec![Run::regular(id.clone())],
        (None, true) => {
            vec![Run::bold("not registered"), Run::regular(" (an interest representative without a number)")]
        }
        (None, false) => vec![Run::regular("none")],
    };
    blocks.push(Block::Labelled { label: "Transparency Register:".into(), value: register });
    let period = match &brief.from {
        Some(from) => format!("since {}", long_date(from)),
        None => "all".into(),
    };
    blocks.push(Block::Labelled { label: "Meetings:".into(), value: vec![Run::regular(period)] });
    let points: usize = brief.meetings.iter().map(|m| m.points.len()).sum();
    let actions: usize = brief.meetings.iter().map(|m| m.actions.len()).sum();
    let mut summary = format!(
        "{}, {} made, {} owed",
        plural(brief.meetings.len(), "meeting", "meetings"),
        plural(points, "point", "points"),
        plural(actions, "action", "actions")
    );
    if brief.open_actions > 0 {
        summary.push_str(&format!(" ({} still open", brief.open_actions));
        if brief.overdue_actions > 0 {
            summary.push_str(&format!(", {} overdue", brief.overdue_actions));
        }
        summary.push(')');
    }
    blocks.push(Block::Labelled { label: "In short:".into(), value: vec![Run::regular(summary)] });
    if !brief.figures.is_empty() {
        blocks.push(Block::heading(HeadingLevel::Section, "Monitoring figures (the latest of each indicator):"));
        let header = ["Indicator", "Exercise", "Its figure", "All organisations"].map(String::from).to_vec();
        let rows = brief
            .figures
            .iter()
            .map(|f| vec![f.indicator.clone(), f.exercise.clone(), f.value.clone(), f.average.clone()])
            .collect();
        blocks.push(Block::Table { header, rows });
        for figure in &brief.figures {
            // A heading: it stays on the page of its chart.
            blocks.push(Block::Heading {
                level: HeadingLevel::Section,
                runs: vec![
                    Run::bold(format!("{}: ", figure.indicator)),
                    Run::regular(format!("{} (blue) and all organisations (grey), by exercise", brief.name)),
                ],
            });
            blocks.push(Block::LineChart(chart(figure)));
        }
    }
    blocks.push(Block::Rule);
    if brief.meetings.is_empty() {
        blocks.push(Block::paragraph("No meeting, point or action in this period."));
    }
    for meeting in &brief.meetings {
        meeting_blocks(meeting, &mut blocks);
    }
    let footer = format!("Brief: {}. For internal use: not for release.", brief.name);
    Document { page: PageSetup::A4, metadata, footer: Some(footer), blocks }
}

/// The brief's PDF.
pub fn typeset(brief: &OrganisationBrief, metadata: Metadata) -> Result<Pdf> {
    Ok(crate::pdf::typeset(&document(brief, metadata))?)
}
