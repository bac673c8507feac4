//! Lookups for entering times and dates: time zones by city and country, and the "due by" of an
//! agreed period. Neither touches the register: the core answers from its own tables.

use code_register::zones::{self, ZoneChoice};
use code_register::Clock;

use crate::error::{DesktopError, Result};

/// How many zones the picker shows for what was typed.
const ZONES_SHOWN: usize = 20;

/// The zones matching `query` (a city, a country, part of an IANA name), the usual places first;
/// each with its offset from UTC today. An empty query gives the usual places.
#[tauri::command]
pub async fn zones(query: String) -> Result<Vec<ZoneChoice>> {
    let now = Clock::system();
    Ok(zones::search(&query, now.today, ZONES_SHOWN))
}

/// The last day of the period `text` names (`autumn 2021`, `Q3`, `end of September`) for an
/// action agreed on `agreed` (the meeting's day, `YYYY-MM-DD`): a period without a year is the
/// first to end on or after it. `None` when the text names no period the core understands.
#[tauri::command]
pub async fn period_end(text: String, agreed: String) -> Result<Option<String>> {
    let day = code_register::period::date_of(&agreed).ok_or_else(|| {
        DesktopError::Core(code_register::Error::invalid("meeting start", format!("\"{agreed}\" is not a date")))
    })?;
    Ok(code_register::period::due_after(&text, day).map(|d| d.format("%Y-%m-%d").to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block<T>(f: impl std::future::Future<Output = T>) -> T {
        tauri::async_runtime::block_on(f)
    }

    #[test]
    fn nothing_typed_gives_the_usual_places_first() {
        let choices = block(zones(String::new())).unwrap();
        let cities: Vec<&str> = choices.iter().map(|c| c.city.as_str()).collect();
        assert_eq!(&cities[..5], &["Brussels", "Luxembourg", "Dublin", "Strasbourg", "Washington"]);
        let strasbourg = &choices[3];
        assert_eq!(strasbourg.zone, "Europe/Paris");
        assert_eq!(strasbourg.country, "France");
        assert!(strasbourg.offset.starts_with("UTC+0"), "{strasbourg:?}");
    }

    #[test]
    fn a_country_finds_its_zones() {
        let choices = block(zones("portugal".into())).unwrap();
        assert!(choices.iter().any(|c| c.zone == "Europe/Lisbon"), "{choices:?}");
        assert!(choices.len() <= ZONES_SHOWN);
    }

    #[test]
    fn a_period_gets_its_last_day() {
        let end = |text: &str, agreed: &str| block(period_end(text.into(), agreed.into()));
        assert_eq!(end("autumn 2021", "2020-05-04").unwrap().as_deref(), Some("2021-11-30"));
        assert_eq!(end("Q3", "2021-05-04").unwrap().as_deref(), Some("2021-09-30"));
        // Agreed in December, the first quarter is the coming one.
        assert_eq!(end("Q1", "2021-12-15").unwrap().as_deref(), Some("2022-03-31"));
        assert_eq!(end("at the next meeting", "2021-05-04").unwrap(), None);
        assert!(end("Q3", "not yet").is_err());
    }
}
