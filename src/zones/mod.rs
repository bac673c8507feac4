//! Choosing a time zone as an officer thinks of it: by the city the meeting is in, or its
//! country, not by IANA's spelling. The zones and their countries come from the tz database
//! (`zone-countries.tsv`); the places Commission staff meet most get their own names
//! (Strasbourg is in Europe/Paris, Washington in America/New_York) and come first.

use chrono::{NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

const TABLE: &str = include_str!("zone-countries.tsv");

/// Places a Commission officer meets in, in the order offered before anything is typed.
const USUAL: &[(&str, &str, &str)] = &[
    ("Brussels", "Belgium", "Europe/Brussels"),
    ("Luxembourg", "Luxembourg", "Europe/Luxembourg"),
    ("Dublin", "Ireland", "Europe/Dublin"),
    ("Strasbourg", "France", "Europe/Paris"),
    ("Washington", "United States", "America/New_York"),
];

/// Other cities of meetings that are not the principal city of their zone.
const ALIASES: &[(&str, &str, &str)] = &[
    ("The Hague", "Netherlands", "Europe/Amsterdam"),
    ("Geneva", "Switzerland", "Europe/Zurich"),
    ("Frankfurt", "Germany", "Europe/Berlin"),
    ("Munich", "Germany", "Europe/Berlin"),
    ("Milan", "Italy", "Europe/Rome"),
    ("Barcelona", "Spain", "Europe/Madrid"),
    ("Porto", "Portugal", "Europe/Lisbon"),
    ("Antwerp", "Belgium", "Europe/Brussels"),
    ("Edinburgh", "United Kingdom", "Europe/London"),
    ("San Francisco", "United States", "America/Los_Angeles"),
    ("Seattle", "United States", "America/Los_Angeles"),
    ("Mountain View", "United States", "America/Los_Angeles"),
    ("Menlo Park", "United States", "America/Los_Angeles"),
    ("Boston", "United States", "America/New_York"),
    ("Ottawa", "Canada", "America/Toronto"),
    ("Beijing", "China", "Asia/Shanghai"),
    ("Delhi", "India", "Asia/Kolkata"),
    ("Canberra", "Australia", "Australia/Sydney"),
];

/// A zone offered in the picker: the place, its country, the IANA name stored, and its
/// offset from UTC on the day asked about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ZoneChoice {
    pub zone: String,
    pub city: String,
    pub country: String,
    /// `UTC+01:00`, on the day given to `search`.
    pub offset: String,
}

struct Place {
    zone: &'static str,
    city: String,
    country: &'static str,
    /// City, country and zone, folded for matching.
    folded_city: String,
    folded_country: String,
    folded_zone: String,
}

fn places() -> Vec<Place> {
    let place = |zone: &'static str, city: String, country: &'static str| Place {
        folded_city: crate::text::fold(&city),
        folded_country: crate::text::fold(country),
        folded_zone: crate::text::fold(&zone.replace(['_', '/'], " ")),
        zone,
        city,
        country,
    };
    let mut out: Vec<Place> =
        USUAL.iter().chain(ALIASES).map(|&(city, country, zone)| place(zone, city.to_string(), country)).collect();
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let Some((zone, country)) = line.split_once('\t') else { continue };
        // Only zones this build can resolve (the table and chrono-tz may differ by a release).
        if zone.parse::<Tz>().is_err() {
            continue;
        }
        let city = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
        out.push(place(zone, city, country));
    }
    out
}

fn offset_on(zone: &str, day: NaiveDate) -> String {
    let Ok(tz) = zone.parse::<Tz>() else { return String::new() };
    // At noon, so the day's offset is the one of its working hours.
    let seconds = match tz.from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.offset().fix().local_minus_utc(),
        chrono::LocalResult::None => 0,
    };
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The zones matching what the officer typed (a city, a country or part of an IANA name, in
/// any case, with or without accents), best first: the usual places, then cities that start
/// with it, then countries, then any other match. Nothing typed gives the usual places.
pub fn search(query: &str, on: NaiveDate, limit: usize) -> Vec<ZoneChoice> {
    let q = crate::text::fold(query.trim());
    let mut scored: Vec<(u8, usize, Place)> = places()
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let usual = i < USUAL.len();
            let rank = if q.is_empty() {
                usual.then_some(0)?
            } else if p.folded_city.starts_with(&q) {
                if usual {
                    0
                } else {
                    1
                }
            } else if p.folded_country.starts_with(&q) {
                2
            } else if p.folded_zone.split(' ').any(|w| w.starts_with(&q)) || p.folded_zone.starts_with(&q) {
                3
            } else if p.folded_city.contains(&q) || p.folded_country.contains(&q) || p.folded_zone.contains(&q) {
                4
            } else {
                return None;
            };
            Some((rank, i, p))
        })
        .collect();
    scored.sort_by_key(|(rank, i, _)| (*rank, *i));
    let mut seen: Vec<(String, &str)> = Vec::new();
    let mut out = Vec::new();
    for (_, _, p) in scored {
        // One entry per place: the usual and alias names already name their zone's city.
        if seen.iter().any(|(c, z)| *c == p.folded_city && *z == p.zone) {
            continue;
        }
        seen.push((p.folded_city.clone(), p.zone));
        out.push(ZoneChoice {
            zone: p.zone.to_string(),
            offset: offset_on(p.zone, on),
            city: p.city,
            country: p.country.to_string(),
        });
        if out.len() >= limit {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 6, 24).unwrap()
    }

    fn zones(query: &str) -> Vec<String> {
        search(query, day(), 10).into_iter().map(|z| format!("{} ({})", z.city, z.zone)).collect()
    }

    #[test]
    fn the_usual_places_come_first_and_alone_before_typing() {
        assert_eq!(
            zones(""),
            [
                "Brussels (Europe/Brussels)",
                "Luxembourg (Europe/Luxembourg)",
                "Dublin (Europe/Dublin)",
                "Strasbourg (Europe/Paris)",
                "Washington (America/New_York)"
            ]
        );
    }

    #[test]
    fn a_city_or_a_country_finds_its_zone() {
        assert_eq!(zones("strasb")[0], "Strasbourg (Europe/Paris)");
        assert_eq!(zones("Zurich")[0], "Zurich (Europe/Zurich)");
        assert_eq!(zones("zürich")[0], "Zurich (Europe/Zurich)");
        assert_eq!(zones("geneva")[0], "Geneva (Europe/Zurich)");
        assert_eq!(zones("ireland")[0], "Dublin (Europe/Dublin)");
        assert_eq!(zones("new york")[0], "New York (America/New_York)");
        assert!(zones("portugal").contains(&"Lisbon (Europe/Lisbon)".to_string()));
        assert!(zones("xyzzy").is_empty());
    }

    #[test]
    fn the_offset_is_the_one_of_the_day_asked() {
        let summer = search("brussels", day(), 1);
        assert_eq!(summer[0].offset, "UTC+02:00");
        let winter = search("brussels", NaiveDate::from_ymd_opt(2021, 12, 1).unwrap(), 1);
        assert_eq!(winter[0].offset, "UTC+01:00");
        assert_eq!(search("new york", day(), 1)[0].offset, "UTC-04:00");
        assert_eq!(search("kolkata", day(), 1)[0].offset, "UTC+05:30");
    }

    #[test]
    fn every_zone_of_the_table_resolves() {
        let missing: Vec<&str> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t').map(|(z, _)| z))
            .filter(|z| z.parse::<Tz>().is_err())
            .collect();
        assert!(missing.is_empty(), "zones chrono-tz does not know: {missing:?}");
    }
}
