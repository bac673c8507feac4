//! A zone's VTIMEZONE in the compact form Outlook, Google and Thunderbird expect: one STANDARD and
//! one DAYLIGHT observance, each a `DTSTART` in 1970 and a yearly `RRULE`
//! (`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`), never a list of past transitions.
//!
//! chrono-tz has no rules to show, only offsets, so the rules are found by probing: the zone's
//! transitions in the years the calendar covers are located to the second, each is described as
//! "the last / Nth weekday of the month", "the first weekday on or after day D" or "day D" at a
//! wall-clock time, and the description that holds for every year is kept. When the zone's rule
//! changed within those years, one pair of observances is written per period, the earlier ones
//! closed by `UNTIL`. DAYLIGHT is the observance with the larger offset, whatever the tz database
//! calls it (Europe/Dublin's summer time is its "standard" time there).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Weekday};
use chrono_tz::{OffsetName, Tz};

use super::datetime::{format_local, format_offset, format_utc, IcsTime};
use super::write::{Component, Property};

/// A change of a zone's UTC offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The instant of the change (UTC).
    pub at: NaiveDateTime,
    /// Seconds east of UTC before and after.
    pub from: i32,
    pub to: i32,
    /// The abbreviation after the change (`CEST`), when the zone has one.
    pub name: Option<String>,
}

impl Transition {
    /// The wall-clock time of the change as read before it (`02:00` when CET becomes CEST).
    pub fn local_before(&self) -> NaiveDateTime {
        self.at + TimeDelta::seconds(i64::from(self.from))
    }
}

fn offset_at(tz: Tz, utc: NaiveDateTime) -> i32 {
    use chrono::Offset;
    tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()
}

fn name_at(tz: Tz, utc: NaiveDateTime) -> Option<String> {
    tz.offset_from_utc_datetime(&utc).abbreviation().map(str::to_string)
}

/// Every change of offset between `start` and `end` (UTC), each located to the second.
pub fn transitions(tz: Tz, start: NaiveDateTime, end: NaiveDateTime) -> Vec<Transition> {
    // Six hours is shorter than the time between two changes in any zone.
    let step = TimeDelta::hours(6);
    let mut found = Vec::new();
    let mut t = start;
    let mut offset = offset_at(tz, t);
    while t < end {
        let next = t + step;
        let next_offset = offset_at(tz, next);
        if next_offset != offset {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > TimeDelta::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == offset {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Transition { at: hi, from: offset, to: next_offset, name: name_at(tz, hi) });
        }
        t = next;
        offset = next_offset;
    }
    found
}

/// The day of the month a yearly rule falls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Day {
    Last(Weekday),
    Nth(u32, Weekday),
    /// The first such weekday on or after that day of the month.
    OnOrAfter(u32, Weekday),
    Fixed(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    month: u32,
    day: Day,
    time: NaiveTime,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

/// Every description of `local`'s day, most conventional first.
fn candidates(local: NaiveDateTime) -> Vec<Rule> {
    let date = local.date();
    let (day, weekday, dim) = (date.day(), date.weekday(), days_in_month(date.year(), date.month()));
    let mut days = Vec::new();
    if day + 7 > dim {
        days.push(Day::Last(weekday));
    }
    let nth = (day - 1) / 7 + 1;
    if nth <= 4 {
        days.push(Day::Nth(nth, weekday));
    }
    // "On or after D" with D..D+6 inside the month's length in every year.
    let shortest = match date.month() {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    for first in day.saturating_sub(6).max(1)..=day.min(shortest - 6) {
        if (first - 1) % 7 != 0 {
            days.push(Day::OnOrAfter(first, weekday));
        }
    }
    days.push(Day::Fixed(day));
    days.into_iter().map(|day| Rule { month: date.month(), day, time: local.time() }).collect()
}

impl Rule {
    /// The date this rule gives in `year`.
    fn date_in(&self, year: i32) -> Option<NaiveDate> {
        let month = self.month;
        match self.day {
            Day::Last(weekday) => {
                let last = NaiveDate::from_ymd_opt(year, month, days_in_month(year, month))?;
                let back = (last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
                last.checked_sub_signed(TimeDelta::days(i64::from(back)))
            }
            Day::Nth(n, weekday) => NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?),
            Day::OnOrAfter(first, weekday) => {
                let start = NaiveDate::from_ymd_opt(year, month, first)?;
                let ahead = (weekday.num_days_from_monday() + 7 - start.weekday().num_days_from_monday()) % 7;
                start.checked_add_signed(TimeDelta::days(i64::from(ahead)))
            }
            Day::Fixed(day) => NaiveDate::from_ymd_opt(year, month, day),
        }
    }

    fn rrule(&self, until: Option<NaiveDateTime>) -> Result<String, String> {
        let mut rule = format!("FREQ=YEARLY;BYMONTH={}", self.month);
        match self.day {
            Day::Last(weekday) => rule.push_str(&format!(";BYDAY=-1{}", weekday_code(weekday))),
            Day::Nth(n, weekday) => rule.push_str(&format!(";BYDAY={n}{}", weekday_code(weekday))),
            Day::OnOrAfter(first, weekday) => {
                let days: Vec<String> = (first..first + 7).map(|d| d.to_string()).collect();
                rule.push_str(&format!(";BYDAY={};BYMONTHDAY={}", weekday_code(weekday), days.join(",")));
            }
            Day::Fixed(day) => rule.push_str(&format!(";BYMONTHDAY={day}")),
        }
        if let Some(until) = until {
            rule.push_str(&format!(";UNTIL={}", format_utc(until.and_utc())?));
        }
        Ok(rule)
    }
}

pub(crate) fn weekday_code(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// One observance of a period: the offsets, the name, the transitions it stands for and the rules
/// that describe all of them.
#[derive(Clone, Debug)]
struct Onsets {
    from: i32,
    to: i32,
    name: Option<String>,
    rules: Vec<Rule>,
    transitions: Vec<Transition>,
}

impl Onsets {
    fn new(t: &Transition) -> Onsets {
        Onsets {
            from: t.from,
            to: t.to,
            name: t.name.clone(),
            rules: candidates(t.local_before()),
            transitions: vec![t.clone()],
        }
    }

    /// Takes `t` in when it has the same offsets and one of the same descriptions.
    fn accepts(&self, t: &Transition) -> Option<Vec<Rule>> {
        if t.from != self.from || t.to != self.to {
            return None;
        }
        let theirs = candidates(t.local_before());
        let common: Vec<Rule> = self.rules.iter().filter(|r| theirs.contains(r)).copied().collect();
        (!common.is_empty()).then_some(common)
    }
}

enum Period {
    /// Years with daylight saving time: the change to the larger offset, and back.
    Seasonal { daylight: Onsets, standard: Onsets },
    /// Years without a change.
    Fixed { offset: i32, name: Option<String> },
    /// A year whose changes fit no yearly rule: each written on its own.
    Irregular(Vec<Transition>),
}

/// How a year's changes look.
fn year_shape(changes: &[Transition]) -> Option<(&Transition, &Transition)> {
    match changes {
        [a, b] if a.from == b.to && a.to == b.from && a.from != a.to => {
            Some(if a.to > a.from { (a, b) } else { (b, a) })
        }
        _ => None,
    }
}

fn periods(tz: Tz, from_year: i32, to_year: i32) -> Vec<Period> {
    let mut periods: Vec<Period> = Vec::new();
    for year in from_year..=to_year {
        let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year + 1, 1, 1))
        else {
            continue;
        };
        let (start, end) = (start.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN));
        let changes = transitions(tz, start, end);
        if changes.is_empty() {
            let offset = offset_at(tz, start);
            match periods.last() {
                Some(Period::Fixed { offset: o, .. }) if *o == offset => {}
                _ => periods.push(Period::Fixed { offset, name: name_at(tz, start) }),
            }
            continue;
        }
        if let Some((up, down)) = year_shape(&changes) {
            if let Some(Period::Seasonal { daylight, standard }) = periods.last_mut() {
                if let (Some(d), Some(s)) = (daylight.accepts(up), standard.accepts(down)) {
                    daylight.rules = d;
                    daylight.transitions.push(up.clone());
                    standard.rules = s;
                    standard.transitions.push(down.clone());
                    continue;
                }
            }
            periods.push(Period::Seasonal { daylight: Onsets::new(up), standard: Onsets::new(down) });
            continue;
        }
        match periods.last_mut() {
            Some(Period::Irregular(list)) => list.extend(changes),
            _ => periods.push(Period::Irregular(changes)),
        }
    }
    periods
}

fn observance(kind: &str, start: NaiveDateTime, from: i32, to: i32, name: Option<&str>) -> Result<Component, String> {
    let mut c = Component::new(kind);
    c.add(Property::raw("DTSTART", &format_local(start)?));
    c.add(Property::raw("TZOFFSETFROM", &format_offset(from)));
    c.add(Property::raw("TZOFFSETTO", &format_offset(to)));
    if let Some(name) = name {
        c.add(Property::text("TZNAME", name));
    }
    Ok(c)
}

fn seasonal(kind: &str, onsets: &Onsets, first: bool, last: bool) -> Result<Component, String> {
    let rule = onsets.rules.first().ok_or("a period without a rule")?;
    let (Some(first_change), Some(last_change)) = (onsets.transitions.first(), onsets.transitions.last()) else {
        return Err("a period without a change".into());
    };
    let start = if first {
        rule.date_in(1970).ok_or("a rule with no date in 1970")?.and_time(rule.time)
    } else {
        first_change.local_before()
    };
    let mut c = observance(kind, start, onsets.from, onsets.to, onsets.name.as_deref())?;
    let until = if last { None } else { Some(last_change.at) };
    c.add(Property::raw("RRULE", &rule.rrule(until)?));
    Ok(c)
}

/// The VTIMEZONE of `tz` for a calendar whose times fall in `from_year..=to_year` (the years
/// probed are extended to at least five, so that one year's coincidences do not pick the rule).
/// Fails only for years that have no four-digit form.
pub fn vtimezone(tz: Tz, from_year: i32, to_year: i32) -> Result<Component, String> {
    let to_year = to_year.max(from_year.saturating_add(4));
    let mut component = Component::new("VTIMEZONE").with(Property::raw("TZID", tz.name()));
    let periods = periods(tz, from_year, to_year);
    let base = NaiveDate::from_ymd_opt(1970, 1, 1).map(|d| d.and_time(NaiveTime::MIN)).ok_or("no 1970")?;
    for (i, period) in periods.iter().enumerate() {
        match period {
            Period::Seasonal { daylight, standard } => {
                let last = i + 1 == periods.len();
                component.push(seasonal("STANDARD", standard, i == 0, last)?);
                component.push(seasonal("DAYLIGHT", daylight, i == 0, last)?);
            }
            // After the last change of the period before, the offset stays as it left it.
            Period::Fixed { offset, name } => {
                if i == 0 {
                    component.push(observance("STANDARD", base, *offset, *offset, name.as_deref())?);
                }
            }
            Period::Irregular(changes) => {
                if i == 0 {
                    if let Some(first) = changes.first() {
                        component.push(observance("STANDARD", base, first.from, first.from, None)?);
                    }
                }
                for t in changes {
                    let kind = if is_daylight(tz, t) { "DAYLIGHT" } else { "STANDARD" };
                    component.push(observance(kind, t.local_before(), t.from, t.to, t.name.as_deref())?);
                }
            }
        }
    }
    Ok(component)
}

/// Whether the offset a lone change leads to is summer time (more than the zone's base offset).
fn is_daylight(tz: Tz, t: &Transition) -> bool {
    use chrono_tz::OffsetComponents;
    let offset = tz.offset_from_utc_datetime(&t.at);
    offset.dst_offset() > TimeDelta::zero()
}

/// The years a set of times falls in, for [`vtimezone`].
pub fn years_of<'a>(times: impl IntoIterator<Item = &'a IcsTime>) -> Option<(i32, i32)> {
    times.into_iter().map(|t| t.naive().year()).fold(None, |acc, y| match acc {
        None => Some((y, y)),
        Some((lo, hi)) => Some((lo.min(y), hi.max(y))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tz: Tz, from: i32, to: i32) -> String {
        vtimezone(tz, from, to).unwrap().to_ics()
    }

    #[test]
    fn brussels_is_written_in_the_compact_form() {
        assert_eq!(
            text(chrono_tz::Europe::Brussels, 2020, 2038),
            "BEGIN:VTIMEZONE\r\n\
             TZID:Europe/Brussels\r\n\
             BEGIN:STANDARD\r\n\
             DTSTART:19701025T030000\r\n\
             TZOFFSETFROM:+0200\r\n\
             TZOFFSETTO:+0100\r\n\
             TZNAME:CET\r\n\
             RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
             END:STANDARD\r\n\
             BEGIN:DAYLIGHT\r\n\
             DTSTART:19700329T020000\r\n\
             TZOFFSETFROM:+0100\r\n\
             TZOFFSETTO:+0200\r\n\
             TZNAME:CEST\r\n\
             RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
             END:DAYLIGHT\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn dublin_summer_is_daylight_whatever_the_tz_database_calls_it() {
        let dublin = text(chrono_tz::Europe::Dublin, 2026, 2026);
        let daylight = &dublin[dublin.find("BEGIN:DAYLIGHT").unwrap()..];
        assert!(daylight.contains(
            "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:IST\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
        ));
        let standard = &dublin[dublin.find("BEGIN:STANDARD").unwrap()..];
        assert!(standard.contains("DTSTART:19701025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT"));
    }

    #[test]
    fn other_rules_are_found() {
        let ny = text(chrono_tz::America::New_York, 2026, 2030);
        assert!(ny.contains("DTSTART:19700308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"), "{ny}");
        assert!(ny.contains("DTSTART:19701101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"), "{ny}");
        let sydney = text(chrono_tz::Australia::Sydney, 2026, 2030);
        assert!(
            sydney.contains(
                "TZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\nTZNAME:AEDT\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\n"
            ),
            "{sydney}"
        );
        assert!(sydney.contains("DTSTART:19700405T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000\r\nTZNAME:AEST\r\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\n"), "{sydney}");
        // Israel: the Friday before the last Sunday of March.
        let jerusalem = text(chrono_tz::Asia::Jerusalem, 2026, 2032);
        assert!(
            jerusalem.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29\r\n"),
            "{jerusalem}"
        );
    }

    #[test]
    fn zones_without_daylight_saving_get_one_standard() {
        assert_eq!(
            text(chrono_tz::Asia::Tokyo, 2026, 2026),
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
        assert!(text(chrono_tz::UTC, 2026, 2026).contains("TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n"));
    }

    #[test]
    fn a_rule_change_gives_one_pair_per_period() {
        // The United States moved its dates in 2007.
        let ny = text(chrono_tz::America::New_York, 2004, 2010);
        assert_eq!(ny.matches("BEGIN:DAYLIGHT").count(), 2, "{ny}");
        assert!(ny.contains("RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z\r\n"), "{ny}");
        assert!(ny.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z\r\n"), "{ny}");
        assert!(ny.contains("DTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"), "{ny}");
        assert!(!ny.contains("RDATE"));
    }
}
