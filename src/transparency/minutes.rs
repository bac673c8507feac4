//! The minutes of the publication list: the points of a meeting as the release version of its
//! flash gives them: names of people not public withheld (the flash's own redactor,
//! [`crate::flash::redact::Redactor`]) and a restricted point, with its replies, one
//! `[REDACTED]` bullet.
//!
//! The points follow the rules of the flash's composer (`crate::flash::compose`): the party by
//! its acronym, else its name; the text trimmed and redacted. The composer itself is not called:
//! it builds a redactor over the whole directory for every meeting, which a year of meetings
//! cannot afford; one redactor serves the whole list here. TODO(flash): once the flash module
//! offers its release points for a prebuilt redactor, call it here instead.

use super::scope::Parties;
use crate::flash::redact::Redactor;
use crate::flash::REDACTED;
use crate::model::Point;

/// The release version's redactor over the people and organisations of `parties`.
pub fn redactor(parties: &Parties) -> Redactor {
    Redactor::new(parties.people(), parties.organisations())
}

/// The points of a meeting as lines: `- Party: text`, a reply indented two spaces under the
/// point it answers; a restricted point, with its replies, is one `- [REDACTED]` line.
pub fn minutes(points: &[Point], parties: &Parties, redactor: &Redactor) -> String {
    let mut lines: Vec<String> = Vec::new();
    add_points(points, 0, parties, redactor, &mut lines);
    lines.join("\n")
}

fn add_points(points: &[Point], depth: usize, parties: &Parties, redactor: &Redactor, lines: &mut Vec<String>) {
    for point in points {
        let indent = "  ".repeat(depth);
        if point.restricted {
            lines.push(format!("{indent}- {REDACTED}"));
            continue;
        }
        let party = point.by.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(|key| {
            match parties.organisation(key) {
                Some(org) => org.acronym.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(&org.name),
                None => key,
            }
            .to_string()
        });
        // One line per point: the minutes are one cell, its lines are the points.
        let text = redactor.text(&point.text.split_whitespace().collect::<Vec<_>>().join(" "));
        lines.push(match party {
            Some(party) => format!("{indent}- {}: {text}", redactor.text(&party)),
            None => format!("{indent}- {text}"),
        });
        add_points(&point.points, depth + 1, parties, redactor, lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrgKind, Organisation, Person};

    #[test]
    fn points_as_released_restricted_ones_blanked() {
        let parties = Parties::new(
            vec![Organisation {
                key: "berg".into(),
                name: "Berg Institute".into(),
                acronym: None,
                kind: OrgKind::Research,
                transparency_register_id: None,
                signatory_of: vec![],
                extra: None,
            }],
            vec![Person {
                key: "a".into(),
                name: "Zsófia Nagy".into(),
                family_name: Some("Nagy".into()),
                organisation: Some("berg".into()),
                role: None,
                email: None,
                public: false,
                extra: None,
            }],
        );
        let point = |by: Option<&str>, text: &str, restricted: bool, points: Vec<Point>| Point {
            by: by.map(Into::into),
            text: text.into(),
            restricted,
            points,
            extra: None,
        };
        let points = vec![
            point(Some("berg"), "Findings by Zsófia Nagy.\nAsk Ms Nagy.", false, vec![point(None, "Noted.", false, vec![])]),
            point(None, "Secret", true, vec![point(None, "Secret reply", false, vec![])]),
        ];
        assert_eq!(
            minutes(&points, &parties, &redactor(&parties)),
            "- Berg Institute: Findings by [REDACTED]. Ask Ms [REDACTED].\n  - Noted.\n- [REDACTED]"
        );
    }
}
