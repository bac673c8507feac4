//! The date by which an action agreed "for a period" is due: `autumn 2021`, `over the summer`,
//! `Q3`, `end of September`, `H1 2022`, `mid-July`. Officers write the period as it was agreed in
//! the room; the register keeps that text and derives a "due by" date from it (the period's
//! last day) so that Overdue and "due within seven days" can count the action.
//!
//! The reading is deliberately narrow: a text it does not understand (`in the coming weeks`,
//! `at the next meeting`) has no "due by" rather than a guessed one. A period without a year
//! is the first one that ends on or after the day it was agreed (`Q1` agreed in December is the
//! coming year's, `over the winter` agreed in January the one under way). Seasons are
//! meteorological (spring is March to May, summer June to August, autumn September to
//! November, winter December to February, ending in the next year).

use chrono::{Datelike, Days, NaiveDate};

/// The last day of the period `text` names for an action agreed on `agreed` (its meeting's
/// day): a period that names no year is the first that ends on that day or after it, from the
/// year before (a winter under way) to the year after (`Q1` agreed in December).
pub fn due_after(text: &str, agreed: NaiveDate) -> Option<NaiveDate> {
    let year = agreed.year();
    let end = period_end(text, year)?;
    // A year of its own (`autumn 2021`), or one said from the meeting's (`this year`, `next
    // year`, `the end of the year`): read as it is.
    let names_its_year = period_end(text, year + 1) == Some(end) || words(text).iter().any(|w| w == "year");
    if names_its_year {
        return Some(end);
    }
    [year - 1, year, year + 1].into_iter().filter_map(|y| period_end(text, y)).find(|end| *end >= agreed)
}

/// The last day of the period `text` names, reading a period without a year in `year`.
pub fn period_end(text: &str, year: i32) -> Option<NaiveDate> {
    let words = words(text);
    let mut rest: &[String] = &words;
    // Leading filler: "by the end of", "before", "over the", "in", "during"...
    let mut position = Position::End;
    loop {
        match rest.first().map(String::as_str) {
            Some("by" | "in" | "during" | "over" | "for" | "until" | "till" | "within" | "the" | "of" | "at") => {
                rest = &rest[1..]
            }
            Some("end" | "late" | "later") => {
                position = Position::End;
                rest = &rest[1..];
            }
            Some("mid" | "middle" | "midway") => {
                position = Position::Middle;
                rest = &rest[1..];
            }
            Some("early" | "beginning" | "start" | "begin") => {
                position = Position::Early;
                rest = &rest[1..];
            }
            Some("before") => {
                // "before the summer": by the day the period starts.
                position = Position::Before;
                rest = &rest[1..];
            }
            _ => break,
        }
    }
    let (span, mut rest) = span(rest, year)?;
    // What may follow the period: its year ("autumn 2021", "Q3 of 2021", "of next year").
    while let Some("of" | "the") = rest.first().map(String::as_str) {
        rest = &rest[1..];
    }
    let words: Vec<&str> = rest.iter().map(String::as_str).collect();
    let span = match words.as_slice() {
        [] | ["year"] | ["this", "year"] => span,
        ["next", "year"] => span.in_year(year + 1)?,
        [y] => span.in_year(parse_year(y)?)?,
        _ => return None,
    };
    Some(match position {
        Position::End => span.last,
        Position::Middle => span.first.checked_add_days(Days::new(span.days() / 2))?,
        // The first third of the period.
        Position::Early => span.first.checked_add_days(Days::new(span.days() / 3))?,
        Position::Before => span.first.pred_opt()?,
    })
}

#[derive(Clone, Copy)]
enum Position {
    Early,
    Middle,
    End,
    Before,
}

/// A period: its first and last day, and how to move it to another year.
#[derive(Clone, Copy, Debug)]
struct Span {
    first: NaiveDate,
    last: NaiveDate,
    kind: Kind,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Months `from` to `to` (1-based, `to` may exceed 12 for winter's next-year months).
    Months {
        from: u32,
        to: u32,
    },
    Christmas,
    Year,
}

impl Span {
    fn days(&self) -> u64 {
        u64::try_from((self.last - self.first).num_days()).unwrap_or(0)
    }

    fn in_year(self, year: i32) -> Option<Span> {
        match self.kind {
            Kind::Months { from, to } => months(year, from, to),
            Kind::Christmas => christmas(year),
            Kind::Year => months(year, 1, 12).map(|s| Span { kind: Kind::Year, ..s }),
        }
    }
}

fn months(year: i32, from: u32, to: u32) -> Option<Span> {
    let first = NaiveDate::from_ymd_opt(year, from, 1)?;
    let (last_year, last_month) = if to > 12 { (year + 1, to - 12) } else { (year, to) };
    let last = last_day(last_year, last_month)?;
    Some(Span { first, last, kind: Kind::Months { from, to } })
}

fn christmas(year: i32) -> Option<Span> {
    let day = NaiveDate::from_ymd_opt(year, 12, 25)?;
    Some(Span { first: day, last: day, kind: Kind::Christmas })
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn parse_year(word: &str) -> Option<i32> {
    // "2021", and the officer's shorthand "'21" has lost its apostrophe to `words`.
    let year: i32 = word.parse().ok()?;
    match word.len() {
        4 if (1900..=2200).contains(&year) => Some(year),
        2 => Some(2000 + year),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(word) && (word.len() >= 3)).and_then(|i| u32::try_from(i + 1).ok())
}

/// The period at the start of `words`, and what follows it.
fn span(words: &[String], year: i32) -> Option<(Span, &[String])> {
    let first = words.first()?.as_str();
    let rest = &words[1..];
    let ordinal = |w: &str| match w {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" | "last" => Some(4),
        _ => None,
    };
    if let Some(month) = month_number(first) {
        return Some((months(year, month, month)?, rest));
    }
    match first {
        "spring" => return Some((months(year, 3, 5)?, rest)),
        "summer" => return Some((months(year, 6, 8)?, rest)),
        "autumn" | "fall" => return Some((months(year, 9, 11)?, rest)),
        "winter" => return Some((months(year, 12, 14)?, rest)),
        "christmas" | "xmas" => return Some((christmas(year)?, rest)),
        "q1" | "q2" | "q3" | "q4" => {
            let q: u32 = first[1..].parse().ok()?;
            return Some((months(year, q * 3 - 2, q * 3)?, rest));
        }
        "h1" | "h2" => {
            let h: u32 = first[1..].parse().ok()?;
            return Some((months(year, h * 6 - 5, h * 6)?, rest));
        }
        "year" | "this" => {
            // "the end of the year", "this year"
            let rest =
                if first == "this" && rest.first().map(String::as_str) == Some("year") { &rest[1..] } else { rest };
            return Some((Span { kind: Kind::Year, ..months(year, 1, 12)? }, rest));
        }
        "next" if rest.first().map(String::as_str) == Some("year") => {
            return Some((Span { kind: Kind::Year, ..months(year + 1, 1, 12)? }, &rest[1..]));
        }
        _ => {}
    }
    if let Some(y) = parse_year(first).filter(|_| first.len() == 4) {
        return Some((Span { kind: Kind::Year, ..months(y, 1, 12)? }, rest));
    }
    // "third quarter", "first half", "2nd semester"
    if let (Some(n), Some(unit)) = (ordinal(first), rest.first().map(String::as_str)) {
        let rest = &rest[1..];
        return match unit {
            "quarter" => Some((months(year, n * 3 - 2, n * 3)?, rest)),
            "half" | "semester" if n <= 2 => Some((months(year, n * 6 - 5, n * 6)?, rest)),
            _ => None,
        };
    }
    None
}

/// Lower-case words of `text`, splitting on anything but letters and digits ("mid-July" is two
/// words, "Q3/2021" too).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        // Articles and such carry nothing here.
        .filter(|w| !matches!(w.as_str(), "a" | "an" | "to" | "be" | "done" | "due"))
        .collect()
}

/// The day of a local time `2021-06-24T11:00` (or of a date).
pub fn date_of(local: &str) -> Option<NaiveDate> {
    crate::time::parse_date(local.get(..10)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(text: &str) -> Option<String> {
        period_end(text, 2021).map(|d| d.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn seasons_end_on_their_last_day() {
        assert_eq!(end("autumn 2021").as_deref(), Some("2021-11-30"));
        assert_eq!(end("Autumn").as_deref(), Some("2021-11-30"));
        assert_eq!(end("over the summer").as_deref(), Some("2021-08-31"));
        assert_eq!(end("spring 2022").as_deref(), Some("2022-05-31"));
        assert_eq!(end("fall '22").as_deref(), Some("2022-11-30"));
        // Winter runs into the next year; February's end follows leap years.
        assert_eq!(end("winter 2023").as_deref(), Some("2024-02-29"));
        assert_eq!(end("winter").as_deref(), Some("2022-02-28"));
    }

    #[test]
    fn quarters_halves_and_years() {
        assert_eq!(end("Q3").as_deref(), Some("2021-09-30"));
        assert_eq!(end("Q1 2022").as_deref(), Some("2022-03-31"));
        assert_eq!(end("Q4/2022").as_deref(), Some("2022-12-31"));
        assert_eq!(end("third quarter of 2021").as_deref(), Some("2021-09-30"));
        assert_eq!(end("H1 2022").as_deref(), Some("2022-06-30"));
        assert_eq!(end("second half of the year").as_deref(), Some("2021-12-31"));
        assert_eq!(end("by the end of the year").as_deref(), Some("2021-12-31"));
        assert_eq!(end("end 2022").as_deref(), Some("2022-12-31"));
        assert_eq!(end("2022").as_deref(), Some("2022-12-31"));
        assert_eq!(end("next year").as_deref(), Some("2022-12-31"));
        assert_eq!(end("mid-2022").as_deref(), Some("2022-07-02"));
    }

    #[test]
    fn months_and_their_parts() {
        assert_eq!(end("end of September").as_deref(), Some("2021-09-30"));
        assert_eq!(end("September 2021").as_deref(), Some("2021-09-30"));
        assert_eq!(end("by Sept.").as_deref(), Some("2021-09-30"));
        assert_eq!(end("mid-July").as_deref(), Some("2021-07-16"));
        assert_eq!(end("early October 2022").as_deref(), Some("2022-10-11"));
        assert_eq!(end("February").as_deref(), Some("2021-02-28"));
        assert_eq!(end("before the summer").as_deref(), Some("2021-05-31"));
        assert_eq!(end("before Christmas").as_deref(), Some("2021-12-24"));
    }

    #[test]
    fn what_is_not_a_period_has_no_due_date() {
        for text in
            ["in the coming weeks", "at the next meeting", "asap", "", "ma", "2", "May be later", "Q5", "week 12"]
        {
            assert_eq!(end(text), None, "{text}");
        }
    }

    fn due(text: &str, agreed: &str) -> Option<String> {
        due_after(text, date_of(agreed)?).map(|d| d.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn a_period_without_a_year_is_the_first_to_end_on_or_after_the_meeting() {
        // Agreed in December: the coming quarter, spring, February.
        assert_eq!(due("Q1", "2021-12-15T10:00").as_deref(), Some("2022-03-31"));
        assert_eq!(due("by spring", "2021-12-15").as_deref(), Some("2022-05-31"));
        assert_eq!(due("February", "2021-12-15").as_deref(), Some("2022-02-28"));
        // Still ahead in the meeting's year: that year's, the day itself included.
        assert_eq!(due("end of September", "2021-03-01").as_deref(), Some("2021-09-30"));
        assert_eq!(due("end of September", "2021-09-30").as_deref(), Some("2021-09-30"));
        assert_eq!(due("before the summer", "2021-07-01").as_deref(), Some("2022-05-31"));
        // A winter under way is this one, not the next.
        assert_eq!(due("over the winter", "2022-01-20").as_deref(), Some("2022-02-28"));
        assert_eq!(due("over the winter", "2021-12-15").as_deref(), Some("2022-02-28"));
        assert_eq!(due("over the winter", "2022-03-15").as_deref(), Some("2023-02-28"));
    }

    #[test]
    fn a_period_that_names_its_year_is_read_as_written() {
        // Past already, but written so: the officer's words, not a guess.
        assert_eq!(due("Q1 2021", "2021-12-15").as_deref(), Some("2021-03-31"));
        assert_eq!(due("2021", "2022-02-01").as_deref(), Some("2021-12-31"));
        assert_eq!(due("fall '21", "2021-12-15").as_deref(), Some("2021-11-30"));
        // Said from the meeting's year.
        assert_eq!(due("next year", "2021-12-15").as_deref(), Some("2022-12-31"));
        assert_eq!(due("by the end of the year", "2021-12-15").as_deref(), Some("2021-12-31"));
        assert_eq!(due("first half of the year", "2021-12-15").as_deref(), Some("2021-06-30"));
        assert_eq!(due("at the next meeting", "2021-12-15"), None);
    }

    #[test]
    fn the_day_of_a_local_time() {
        assert_eq!(date_of("2021-06-24T11:00"), NaiveDate::from_ymd_opt(2021, 6, 24));
        assert_eq!(date_of("2021-06"), None);
    }
}
