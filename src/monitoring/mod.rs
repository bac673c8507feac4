//! Monitoring: the figures of a Code's exercises per organisation and indicator. The records
//! are the format's (`exercises`, `indicators`, `results`, `crate::model`); here are the long
//! CSV files officers keep them in (`csv`), the table of an indicator across exercises
//! (`table`), its charts (`chart`, plotters) and the window's Monitoring view (`view`).

pub mod chart;
pub mod csv;
pub mod table;
pub mod view;

use crate::model::{Better, Indicator, Unit};

/// The organisation column's word for the average over all organisations evaluated.
pub const AVERAGE: &str = "all";

/// A value as officers read it: `62.5 %`, `4,543`.
pub fn shown(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{value} %"),
        Unit::Count if value.fract() == 0.0 && value.abs() < 1e15 => {
            let whole = value.abs() as u64;
            let sign = if value < 0.0 { "-" } else { "" };
            format!("{sign}{}", crate::validate::text::thousands(whole as usize))
        }
        Unit::Count => value.to_string(),
    }
}

/// Whether a change of `delta` is for the better, the worse, or neither, by the indicator's
/// direction.
pub fn trend(delta: f64, indicator: &Indicator) -> Trend {
    if delta == 0.0 {
        Trend::Same
    } else if (delta > 0.0) == (indicator.better == Better::Higher) {
        Trend::Better
    } else {
        Trend::Worse
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Trend {
    Better,
    Worse,
    Same,
}

/// A change rounded to what the figures carry: the float sum `62.5 - 71` shows as `-8.5`.
pub fn rounded_change(now: f64, before: f64) -> f64 {
    ((now - before) * 1e6).round() / 1e6
}
