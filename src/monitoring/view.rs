//! What the window shows of the monitoring figures: for the Monitoring view, the Codes with
//! indicators to pick from and one indicator's table and line chart (the SVG text and each
//! point's place, for hover targets); for the Directory's timeline, an organisation's
//! indicators, each with its latest figure and a small chart.

use serde::Serialize;
use ts_rs::TS;

use super::chart::{self, ChartPoint, ChartSeries, Format, Request};
use super::shown;
use super::table::{MonitoringCell, MonitoringTable};
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
    Ok(store
        .codes()?
        .into_iter()
        .filter_map(|c| {
            let own: Vec<Indicator> = indicators.iter().filter(|i| i.code == c.key).cloned().collect();
            (!own.is_empty()).then(|| MonitoringCode { key: c.key, title: c.title, indicators: own })
        })
        .collect())
}

/// The table and line chart of `indicator` of `code`, for `organisations` (none: every one
/// with a figure) and the average.
pub fn view(store: &Store, code: &str, indicator: &str, organisations: &[String]) -> Result<MonitoringView> {
    let request = Request {
        code: code.to_string(),
        indicator: indicator.to_string(),
        organisations: organisations.to_vec(),
        exercise: None,
    };
    let table = chart::prepare(store, &request).map_err(|problems| Error::Invalid { problems })?;
    let drawn = chart::line_chart(&table, organisations, Format::Svg)?;
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
