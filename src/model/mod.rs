//! The records of a register, exactly as the interchange format `code-register/1`
//! (`docs/register-format.md`) spells them. The same types cross the desktop's IPC
//! boundary, so the TypeScript definitions are generated from them.
//!
//! Dates and local times are kept as the text of the format; `crate::validate` checks
//! and resolves them before anything is stored.

mod enums;
pub mod extra;
mod json;

pub use enums::*;
pub use json::parse_document;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The `format` value this version reads and writes.
pub const FORMAT: &str = "code-register/1";

/// The zone a meeting is in when its record names none.
pub const DEFAULT_TIMEZONE: &str = "Europe/Brussels";

/// Free-form data any record may carry; kept as it is (a key repeated inside one of its
/// objects is refused: `extra::optional`).
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A record is a JSON object, never an array. serde's derived `Deserialize` of a struct also
/// takes its fields as a sequence (`["code-register/1", null, []]`); so each record type
/// derives with `#[serde(remote = "Self")]`, which turns the derived code into inherent
/// `deserialize`/`serialize` functions, and the traits below hand them a map only. The
/// derived code then reads the map as before (field names, defaults, unknown fields), and the
/// path-tracking reader of `json.rs` still sees every key.
macro_rules! object_only {
    ($($record:ident),+ $(,)?) => {$(
        impl<'de> Deserialize<'de> for $record {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Object;
                impl<'de> serde::de::Visitor<'de> for Object {
                    type Value = $record;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$record, A::Error> {
                        $record::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(Object)
            }
        }

        impl Serialize for $record {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $record::serialize(self, serializer)
            }
        }
    )+};
}

object_only!(
    Document,
    Code,
    Organisation,
    Person,
    Meeting,
    Participant,
    Point,
    Action,
    FollowUp,
    Flash,
    Transparency,
    Invitation,
    Exercise,
    Indicator,
    MonitoringResult
);

fn default_timezone() -> String {
    DEFAULT_TIMEZONE.to_string()
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A whole register, or any part of one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Document {
    pub format: FormatTag,
    /// When the document was written (UTC); informative, ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exported: Option<String>,
    #[serde(default)]
    pub codes: Vec<Code>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub people: Vec<Person>,
    /// Monitoring: the reporting rounds of the Codes, what they measure and the figures.
    /// Left out of documents that hold none, so registers without monitoring export as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Exercise>>")]
    pub exercises: Vec<Exercise>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Indicator>>")]
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<MonitoringResult>>")]
    pub results: Vec<MonitoringResult>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
}

/// The `format` field: deserialising anything but `code-register/1` fails, so a document of
/// another format is refused before its records are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, TS)]
#[ts(type = "\"code-register/1\"")]
pub struct FormatTag;

impl Serialize for FormatTag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(FORMAT)
    }
}

impl<'de> Deserialize<'de> for FormatTag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == FORMAT {
            Ok(FormatTag)
        } else {
            Err(serde::de::Error::custom(format!(
                "unknown format {}, this version reads \"{FORMAT}\"",
                crate::text::quoted(&text)
            )))
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Code {
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub short_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub adopted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Organisation {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub acronym: Option<String>,
    pub kind: OrgKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub transparency_register_id: Option<String>,
    #[serde(default)]
    pub signatory_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Person {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<String>,
    /// May the name appear in documents released to the public?
    #[serde(default)]
    pub public: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Meeting {
    pub key: String,
    pub title: String,
    pub kind: MeetingKind,
    #[serde(default)]
    pub codes: Vec<String>,
    /// Local time `YYYY-MM-DDTHH:MM[:SS]` in `timezone`.
    pub start: String,
    pub end: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// An all-day event: start and end at 00:00 (the end is the day after the last day), sent
    /// to calendars as dates rather than times.
    #[serde(default, skip_serializing_if = "is_false")]
    #[ts(as = "Option<bool>", optional)]
    pub all_day: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location: Option<String>,
    pub status: MeetingStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub objective: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organiser: Option<String>,
    /// The action this meeting carries out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub follow_up_of: Option<String>,
    /// The monitoring exercises whose results the meeting discusses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub exercises: Vec<String>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub points: Vec<Point>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub flash: Option<Flash>,
    /// The calendar invitation as last sent (`code-register ics invite`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub invitation: Option<Invitation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub transparency: Option<Transparency>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// A person, or an organisation whose representatives are not named.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Participant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub attendance: Attendance,
    #[serde(default)]
    pub response: Response,
    #[serde(default)]
    pub role: ParticipantRole,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// A point discussed, with the party who made it and the points made in reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Point {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub by: Option<String>,
    pub text: String,
    /// Not for release: the release version of the flash prints the point and its replies as
    /// one `[REDACTED]` bullet.
    #[serde(default, skip_serializing_if = "is_false")]
    #[ts(as = "Option<bool>", optional)]
    pub restricted: bool,
    #[serde(default)]
    pub points: Vec<Point>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Action {
    pub key: String,
    pub title: String,
    /// Person or organisation keys.
    #[serde(default)]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due: Option<String>,
    /// The period as agreed in the room, kept as written: `autumn 2021`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due_period: Option<String>,
    pub status: ActionStatus,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct FollowUp {
    pub date: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// The meeting flash as sent to the cabinet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Flash {
    pub from: String,
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    pub subject: String,
    /// Local time in the meeting's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// Publication under the Commission's transparency rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Transparency {
    /// Missing: the automatic suggestion applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub scope: Option<TransparencyScope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// The calendar invitation of a meeting: its UID, kept for the meeting's whole life so that
/// every calendar updates the same event, the SEQUENCE last issued, and a fingerprint of what
/// was sent (time, place, attendees), so the next invitation raises SEQUENCE exactly when one
/// of those changed. The register never lowers `sequence`: a write carrying a lower one (an
/// older backup, a stale editor) keeps the stored one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Invitation {
    pub uid: String,
    pub sequence: u32,
    /// The fingerprint of the last invitation sent; absent before the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// A reporting round of a Code: a monitoring exercise, a reporting period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Exercise {
    pub key: String,
    pub code: String,
    pub title: String,
    /// The notification (or reporting) period, first and last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    /// The day the results were released.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// What an exercise of a Code measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct Indicator {
    pub key: String,
    pub code: String,
    pub label: String,
    pub unit: Unit,
    pub better: Better,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// One figure: an indicator's value for an organisation (none: the average over all) in an
/// exercise, optionally for one part of a breakdown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(remote = "Self")]
pub struct MonitoringResult {
    pub exercise: String,
    /// Missing: the average over all organisations evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organisation: Option<String>,
    pub indicator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub breakdown: Option<Breakdown>,
    /// Whole values are written without a fraction (`4543`, not `4543.0`).
    #[serde(serialize_with = "figure")]
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "extra::optional")]
    #[ts(optional)]
    pub extra: Option<Extra>,
}

/// The part of a breakdown a figure is for: `{"ground": "xenophobia"}` or `{"country": "FR"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Breakdown {
    Ground(String),
    Country(String),
}

impl Breakdown {
    /// The one-text spelling used in the database and in CSV files: `ground:xenophobia`.
    pub fn spelled(&self) -> String {
        match self {
            Breakdown::Ground(g) => format!("ground:{g}"),
            Breakdown::Country(c) => format!("country:{c}"),
        }
    }

    /// Reads `ground:...` or `country:...`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once(':') {
            Some(("ground", v)) if !v.trim().is_empty() => Ok(Breakdown::Ground(v.to_string())),
            Some(("country", v)) if !v.trim().is_empty() => Ok(Breakdown::Country(v.to_string())),
            _ => Err(format!("breakdown {} is not \"ground:NAME\" or \"country:NAME\"", crate::text::quoted(text))),
        }
    }
}

/// The largest whole number an f64 holds exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

fn figure<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < EXACT {
        // Exact: the check above keeps the value within i64 and whole.
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}
