//! `monitoring show`: a Code's indicators across its exercises, one row per organisation plus
//! the average, each figure with its change against the previous exercise, better or worse by
//! the indicator's direction. Whole figures only; those of a breakdown are not in the table.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::{rounded_change, shown, trend, Trend};
use crate::error::{Error, Result};
use crate::model::{Better, Exercise, Unit};
use crate::store::Store;
use crate::text::printable;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringTable {
    pub code: String,
    /// The Code's exercises, oldest first: the columns of every indicator's rows.
    pub exercises: Vec<MonitoringExercise>,
    pub indicators: Vec<MonitoringIndicator>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringExercise {
    pub key: String,
    pub title: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringIndicator {
    pub key: String,
    pub label: String,
    pub unit: Unit,
    pub better: Better,
    /// The average first, then the organisations by name.
    pub rows: Vec<MonitoringRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringRow {
    /// None: the average over all organisations evaluated.
    pub organisation: Option<String>,
    pub name: String,
    /// One per exercise, in the order of `exercises`.
    pub cells: Vec<MonitoringCell>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringCell {
    pub value: Option<f64>,
    /// Against the previous exercise, when both have a value.
    pub change: Option<f64>,
    pub trend: Option<Trend>,
}

/// The day an exercise is placed by: its publication, else the end or start of its period.
fn when(e: &Exercise) -> Option<&str> {
    e.published.as_deref().or(e.to.as_deref()).or(e.from.as_deref())
}

/// The exercises of `code`, oldest first (by publication, else the end or start of the period;
/// undated ones last, in the stored order).
pub fn exercises_of(store: &Store, code: &str) -> Result<Vec<MonitoringExercise>> {
    let mut exercises: Vec<Exercise> = store.exercises()?.into_iter().filter(|e| e.code == code).collect();
    exercises.sort_by(|a, b| (when(a).is_none(), when(a)).cmp(&(when(b).is_none(), when(b))));
    Ok(exercises
        .into_iter()
        .map(|e| MonitoringExercise { key: e.key, title: e.title, published: e.published })
        .collect())
}

/// The table of `code`, of one indicator or all, for one organisation or all.
pub fn table(
    store: &Store,
    code: &str,
    indicator: Option<&str>,
    organisation: Option<&str>,
) -> Result<MonitoringTable> {
    if !store.codes()?.iter().any(|c| c.key == code) {
        return Err(Error::NotFound { what: "code", key: code.to_string() });
    }
    let names: HashMap<String, String> = store.organisations()?.into_iter().map(|o| (o.key, o.name)).collect();
    if let Some(org) = organisation.filter(|o| !names.contains_key(*o)) {
        return Err(Error::NotFound { what: "organisation", key: org.to_string() });
    }
    let mut exercises: Vec<Exercise> = store.exercises()?.into_iter().filter(|e| e.code == code).collect();
    // Stable: exercises without a date keep their stored order, after the dated ones.
    exercises.sort_by(|a, b| (when(a).is_none(), when(a)).cmp(&(when(b).is_none(), when(b))));
    let column: HashMap<&str, usize> = exercises.iter().enumerate().map(|(k, e)| (e.key.as_str(), k)).collect();
    let indicators: Vec<_> =
        store.indicators()?.into_iter().filter(|i| i.code == code && indicator.is_none_or(|k| i.key == k)).collect();
    if let Some(key) = indicator.filter(|_| indicators.is_empty()) {
        return Err(Error::BadArgument(format!("the Code \"{code}\" has no indicator with key \"{key}\"")));
    }
    let results = store.results()?;

    let mut tables = Vec::with_capacity(indicators.len());
    for ind in &indicators {
        // organisation (None: the average) -> value per column
        let mut values: HashMap<Option<&str>, Vec<Option<f64>>> = HashMap::new();
        values.insert(None, vec![None; exercises.len()]);
        for r in results.iter().filter(|r| r.indicator == ind.key && r.breakdown.is_none()) {
            let Some(&k) = column.get(r.exercise.as_str()) else { continue };
            if organisation.is_some() && r.organisation.is_some() && r.organisation.as_deref() != organisation {
                continue;
            }
            values.entry(r.organisation.as_deref()).or_insert_with(|| vec![None; exercises.len()])[k] = Some(r.value);
        }
        if let Some(org) = organisation {
            values.entry(Some(org)).or_insert_with(|| vec![None; exercises.len()]);
        }
        let mut rows: Vec<MonitoringRow> = values
            .into_iter()
            .map(|(org, line)| {
                let cells = line
                    .iter()
                    .enumerate()
                    .map(|(k, &value)| {
                        let before = k.checked_sub(1).and_then(|p| line[p]);
                        let change = value.zip(before).map(|(now, then)| rounded_change(now, then));
                        MonitoringCell { value, change, trend: change.map(|d| trend(d, ind)) }
                    })
                    .collect();
                MonitoringRow {
                    organisation: org.map(str::to_string),
                    name: match org {
                        Some(k) => names.get(k).cloned().unwrap_or_else(|| k.to_string()),
                        None => "All organisations".to_string(),
                    },
                    cells,
                }
            })
            .collect();
        rows.sort_by(|a, b| (a.organisation.is_some(), &a.name).cmp(&(b.organisation.is_some(), &b.name)));
        tables.push(MonitoringIndicator {
            key: ind.key.clone(),
            label: ind.label.clone(),
            unit: ind.unit,
            better: ind.better,
            rows,
        });
    }
    Ok(MonitoringTable {
        code: code.to_string(),
        exercises: exercises
            .into_iter()
            .map(|e| MonitoringExercise { key: e.key, title: e.title, published: e.published })
            .collect(),
        indicators: tables,
    })
}

/// A figure and its change as a cell of the text table: `62.5 % (-8.5 pp, worse)`.
fn cell_text(cell: &MonitoringCell, unit: Unit) -> String {
    let Some(value) = cell.value else { return "–".into() };
    let mut text = shown(value, unit);
    if let (Some(change), Some(trend)) = (cell.change, cell.trend) {
        let sign = if change > 0.0 { "+" } else { "" };
        let amount = match unit {
            Unit::Percent => format!("{sign}{change} pp"),
            Unit::Count => format!("{sign}{}", shown(change, unit)),
        };
        let word = match trend {
            Trend::Better => "better",
            Trend::Worse => "worse",
            Trend::Same => "same",
        };
        text.push_str(&format!(" ({amount}, {word})"));
    }
    text
}

/// The tables as text for the terminal, one block per indicator, columns padded.
pub fn render(t: &MonitoringTable) -> String {
    if t.indicators.is_empty() {
        return format!("The Code \"{}\" has no monitoring figures.\n", printable(&t.code));
    }
    let mut out = String::new();
    for ind in &t.indicators {
        let direction = match ind.better {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
        };
        out.push_str(&format!("{} ({}; {direction})\n", printable(&ind.label), ind.unit));
        let mut grid: Vec<Vec<String>> = Vec::with_capacity(ind.rows.len() + 1);
        let mut header = vec!["ORGANISATION".to_string()];
        header.extend(t.exercises.iter().map(|e| printable(&e.key).into_owned()));
        grid.push(header);
        for row in &ind.rows {
            let mut line = vec![printable(&row.name.replace(['\n', '\t'], " ")).into_owned()];
            line.extend(row.cells.iter().map(|c| cell_text(c, ind.unit)));
            grid.push(line);
        }
        let widths: Vec<usize> = (0..grid[0].len())
            .map(|k| grid.iter().map(|line| line.get(k).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
            .collect();
        for line in grid {
            let cells: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(c, &w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count()))))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
