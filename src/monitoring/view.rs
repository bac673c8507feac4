//! What the window shows of the monitoring figures: for the Monitoring view, the Codes with
//! indicators to pick from and one indicator's table and line chart (the SVG text and each
//! point's place, for hover targets); for the Directory's timeline, an organisation's
//! indicators, each with its latest figure and a small chart.

use serde::Serialize;
use ts_rs::TS;

use super::chart::{self, ChartPoint, ChartSeries, Format, Request};
use super::shown;
use super::table::{exercises_of, MonitoringCell, MonitoringExercise, MonitoringIndicator, MonitoringTable};
use crate::error::{Error, Result};
use crate::model::{Better, Indicator, Unit};
use crate::store::Store;

/// A Code that has indicators, with them, for the pickers.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringCode {
    pub key: String,
    pub title: String,
    pub indicators: Vec<Indicator>,
    /// Its exercises, oldest first.
    pub exercises: Vec<MonitoringExercise>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringChart {
    pub svg: String,
    pub width: u32,
    pub height: u32,
    /// The average first, then the organisations, as in the legend.
    pub series: Vec<ChartSeries>,
    pub points: Vec<ChartPoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringView {
    /// The indicator's table: every organisation with a figure, the average first.
    pub table: MonitoringTable,
    pub chart: MonitoringChart,
}

/// The Codes that have indicators, in the register's order of Codes, each with its indicators.
pub fn codes(store: &Store) -> Result<Vec<MonitoringCode>> {
    let indicators = store.indicators()?;
    let mut out = Vec::new();
    for c in store.codes()? {
        let own: Vec<Indicator> = indicators.iter().filter(|i| i.code == c.key).cloned().collect();
        if !own.is_empty() {
            let exercises = exercises_of(store, &c.key)?;
            out.push(MonitoringCode { key: c.key, title: c.title, indicators: own, exercises });
        }
    }
    Ok(out)
}

/// The table and chart of `indicator` of `code`, for `organisations` (none: every one with a
/// figure) and the average: a line across the exercises, or with `exercise` that exercise's
/// bars.
pub fn view(
    store: &Store,
    code: &str,
    indicator: &str,
    organisations: &[String],
    exercise: Option<&str>,
) -> Result<MonitoringView> {
    let request = Request {
        code: code.to_string(),
        indicator: indicator.to_string(),
        organisations: organisations.to_vec(),
        exercise: exercise.map(str::to_string),
    };
    let table = chart::prepare(store, &request).map_err(|problems| Error::Invalid { problems })?;
    let drawn = match exercise {
        Some(ex) => chart::bar_chart(&table, ex, organisations, Format::Svg)?,
        None => chart::line_chart(&table, organisations, Format::Svg)?,
    };
    Ok(MonitoringView { table, chart: svg_chart(drawn)? })
}

/// One indicator of an organisation for the Directory's timeline: its latest figure and the
/// small chart of its line against the average.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationIndicator {
    pub code: String,
    pub indicator: String,
    pub label: String,
    pub unit: Unit,
    pub better: Better,
    /// The organisation's latest figure: the exercise's title, the value shown, and its change.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<LatestFigure>,
    /// 400 x 200, no legend: series 0 is the average, 1 the organisation.
    pub chart: MonitoringChart,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LatestFigure {
    pub exercise: String,
    pub text: String,
    pub cell: MonitoringCell,
}

/// Every indicator the organisation `key` has a figure of, by Code and indicator in the
/// register's order, each with its small chart.
pub fn organisation_indicators(store: &Store, key: &str) -> Result<Vec<OrganisationIndicator>> {
    let results = store.results()?;
    let mut out = Vec::new();
    for code in codes(store)? {
        for ind in &code.indicators {
            let has = results.iter().any(|r| r.indicator == ind.key && r.organisation.as_deref() == Some(key));
            if !has {
                continue;
            }
            let t = super::table::table(store, &code.key, Some(&ind.key), Some(key))?;
            let Some(row) =
                t.indicators.first().and_then(|i| i.rows.iter().find(|r| r.organisation.as_deref() == Some(key)))
            else {
                continue;
            };
            let latest = row.cells.iter().enumerate().rev().find_map(|(k, cell)| {
                let (value, exercise) = (cell.value?, t.exercises.get(k)?);
                Some(LatestFigure {
                    exercise: exercise.title.clone(),
                    text: shown(value, ind.unit),
                    cell: cell.clone(),
                })
            });
            let drawn = chart::small_line_chart(&t, &[key.to_string()])?;
            out.push(OrganisationIndicator {
                code: code.key.clone(),
                indicator: ind.key.clone(),
                label: ind.label.clone(),
                unit: ind.unit,
                better: ind.better,
                latest,
                chart: svg_chart(drawn)?,
            });
        }
    }
    Ok(out)
}

fn svg_chart(drawn: chart::Drawn) -> Result<MonitoringChart> {
    let svg = String::from_utf8(drawn.bytes).map_err(|e| Error::Chart(e.to_string()))?;
    Ok(MonitoringChart { svg, width: drawn.width, height: drawn.height, series: drawn.series, points: drawn.points })
}

/// The figures of one exercise a meeting names, for the organisations present.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExerciseFigures {
    pub exercise: String,
    pub title: String,
    pub code: String,
    /// The indicators with a figure in this exercise, in the register's order (their `rows`
    /// left empty: the figures are in `rows` below).
    pub indicators: Vec<MonitoringIndicator>,
    /// The average first, then each organisation present with a figure, by name.
    pub rows: Vec<ExerciseRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExerciseRow {
    /// None: the average over all organisations evaluated.
    pub organisation: Option<String>,
    pub name: String,
    /// One per indicator, in the order of `indicators`: the value and its change against the
    /// previous exercise.
    pub cells: Vec<MonitoringCell>,
}

/// The figures of `exercises` (keys; unknown ones are skipped: a meeting may name an exercise
/// not imported yet) for the organisations present: those in `organisations` and those of the
/// people in `people`.
pub fn meeting_figures(
    store: &Store,
    exercises: &[String],
    organisations: &[String],
    people: &[String],
) -> Result<Vec<ExerciseFigures>> {
    if exercises.is_empty() {
        return Ok(Vec::new());
    }
    let mut present: Vec<String> = organisations.to_vec();
    for person in store.people()?.into_iter().filter(|p| people.contains(&p.key)) {
        present.extend(person.organisation);
    }
    let known = store.exercises()?;
    let mut out = Vec::new();
    for key in exercises {
        let Some(exercise) = known.iter().find(|e| &e.key == key) else { continue };
        let t = super::table::table(store, &exercise.code, None, None)?;
        let Some(column) = t.exercises.iter().position(|e| &e.key == key) else { continue };
        let indicators: Vec<&MonitoringIndicator> = t
            .indicators
            .iter()
            .filter(|i| i.rows.iter().any(|r| r.cells.get(column).is_some_and(|c| c.value.is_some())))
            .collect();
        // Rows: the average, then the organisations present, each with a figure somewhere.
        let mut rows: Vec<ExerciseRow> = Vec::new();
        let mut who: Vec<(Option<String>, String)> = Vec::new();
        for ind in &indicators {
            for r in &ind.rows {
                let wanted = r.organisation.as_ref().is_none_or(|o| present.contains(o));
                let has = r.cells.get(column).is_some_and(|c| c.value.is_some());
                if wanted && has && !who.iter().any(|(o, _)| o == &r.organisation) {
                    who.push((r.organisation.clone(), r.name.clone()));
                }
            }
        }
        who.sort_by(|a, b| (a.0.is_some(), &a.1).cmp(&(b.0.is_some(), &b.1)));
        for (organisation, name) in who {
            let cells = indicators
                .iter()
                .map(|ind| {
                    ind.rows
                        .iter()
                        .find(|r| r.organisation == organisation)
                        .and_then(|r| r.cells.get(column).cloned())
                        .unwrap_or(MonitoringCell { value: None, change: None, trend: None })
                })
                .collect();
            rows.push(ExerciseRow { organisation, name, cells });
        }
        out.push(ExerciseFigures {
            exercise: key.clone(),
            title: exercise.title.clone(),
            code: exercise.code.clone(),
            indicators: indicators.into_iter().map(|i| MonitoringIndicator { rows: Vec::new(), ..i.clone() }).collect(),
            rows,
        });
    }
    Ok(out)
}
