//! What the window's Monitoring view shows: the Codes with indicators to pick from, and for one
//! indicator its table and line chart (the SVG text and each point's place, for hover targets).

use serde::Serialize;
use ts_rs::TS;

use super::chart::{self, ChartPoint, ChartSeries, Format, Request};
use super::table::MonitoringTable;
use crate::error::{Error, Result};
use crate::model::Indicator;
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
    let svg = String::from_utf8(drawn.bytes).map_err(|e| Error::Chart(e.to_string()))?;
    Ok(MonitoringView {
        table,
        chart: MonitoringChart {
            svg,
            width: drawn.width,
            height: drawn.height,
            series: drawn.series,
            points: drawn.points,
        },
    })
}
