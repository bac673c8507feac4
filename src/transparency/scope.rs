//! Which meetings the Commission's transparency rules cover, and who the interest
//! representatives at them were.
//!
//! A held meeting is in scope when an organisation of an interest-representative kind
//! (platform, civil society, trusted flagger, fact-checker, advertising, research, other) took
//! part, itself or through one of its people; a meeting of the Commission and public authorities
//! only is exempt. The officer may decide otherwise: a scope stored with the meeting overrides
//! the suggestion, and must say why.

use rustc_hash::FxHashMap;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{Attendance, OrgKind, Organisation, Participant, Person, Transparency, TransparencyScope};

/// The kinds of organisation whose meetings with the Commission are published.
pub const IN_SCOPE_KINDS: [OrgKind; 7] = [
    OrgKind::Platform,
    OrgKind::CivilSociety,
    OrgKind::TrustedFlagger,
    OrgKind::FactChecker,
    OrgKind::Advertising,
    OrgKind::Research,
    OrgKind::Other,
];

/// An organisation of this kind represents interests: meeting it puts a meeting in scope.
pub fn kind_in_scope(kind: OrgKind) -> bool {
    IN_SCOPE_KINDS.contains(&kind)
}

/// An interest representative without a Transparency Register number: the Commission should
/// only meet registered organisations, so the window and the lists flag it.
pub fn is_unregistered(organisation: &Organisation) -> bool {
    kind_in_scope(organisation.kind)
        && organisation.transparency_register_id.as_deref().is_none_or(|id| id.trim().is_empty())
}

/// Whether a participant took part: anyone not marked excused or absent. A held meeting whose
/// attendance was never recorded (everyone still `invited`) counts its invitees, so a meeting is
/// never left out of the publication list for want of a tick.
pub fn took_part(participant: &Participant) -> bool {
    !matches!(participant.attendance, Attendance::Excused | Attendance::Absent)
}

/// The directory as the rules read it: organisations and people by key.
#[derive(Clone, Debug, Default)]
pub struct Parties {
    organisations: FxHashMap<String, Organisation>,
    people: FxHashMap<String, Person>,
}

impl Parties {
    pub fn new(organisations: Vec<Organisation>, people: Vec<Person>) -> Parties {
        Parties {
            organisations: organisations.into_iter().map(|o| (o.key.clone(), o)).collect(),
            people: people.into_iter().map(|p| (p.key.clone(), p)).collect(),
        }
    }

    pub fn organisation(&self, key: &str) -> Option<&Organisation> {
        self.organisations.get(key)
    }

    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.get(key)
    }

    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people.values()
    }

    pub fn organisations(&self) -> impl Iterator<Item = &Organisation> {
        self.organisations.values()
    }

    /// The organisation a participant stands for: itself, or the person's organisation.
    pub fn party_of(&self, participant: &Participant) -> Option<&Organisation> {
        match (&participant.organisation, &participant.person) {
            (Some(org), _) => self.organisation(org),
            (None, Some(person)) => self.person(person)?.organisation.as_deref().and_then(|o| self.organisation(o)),
            (None, None) => None,
        }
    }
}

/// What the rules suggest for a meeting with these participants.
pub fn suggested(participants: &[Participant], parties: &Parties) -> TransparencyScope {
    let in_scope = participants
        .iter()
        .filter(|p| took_part(p))
        .filter_map(|p| parties.party_of(p))
        .any(|org| kind_in_scope(org.kind));
    if in_scope {
        TransparencyScope::InScope
    } else {
        TransparencyScope::Exempt
    }
}

/// A meeting's scope: the suggestion, and the officer's decision where there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScopeDecision {
    /// What applies: the stored scope, else the suggestion.
    pub scope: TransparencyScope,
    /// What the participants suggest.
    pub suggested: TransparencyScope,
    /// The scope was set by hand (it may agree with the suggestion).
    pub by_hand: bool,
    /// Why it was set by hand.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ScopeDecision {
    pub fn in_scope(&self) -> bool {
        self.scope == TransparencyScope::InScope
    }
}

/// The scope of a meeting with these participants and this stored transparency record.
pub fn decide(participants: &[Participant], stored: Option<&Transparency>, parties: &Parties) -> ScopeDecision {
    let suggested = suggested(participants, parties);
    match stored.and_then(|t| t.scope.map(|s| (s, t.reason.clone()))) {
        Some((scope, reason)) => ScopeDecision { scope, suggested, by_hand: true, reason },
        None => ScopeDecision { scope: suggested, suggested, by_hand: false, reason: None },
    }
}

/// An organisation of an interest-representative kind that took part in a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Representative {
    pub key: String,
    pub name: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    pub kind: OrgKind,
    /// Its Transparency Register number.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
    /// No Transparency Register number: flagged.
    pub unregistered: bool,
}

impl Representative {
    pub fn of(organisation: &Organisation) -> Representative {
        Representative {
            key: organisation.key.clone(),
            name: organisation.name.clone(),
            acronym: organisation.acronym.clone(),
            kind: organisation.kind,
            register_id: organisation.transparency_register_id.clone().filter(|id| !id.trim().is_empty()),
            unregistered: is_unregistered(organisation),
        }
    }
}

/// The interest representatives of a meeting: each organisation of an in-scope kind that took
/// part (itself or through its people), once, in the order the participants list them.
pub fn representatives(participants: &[Participant], parties: &Parties) -> Vec<Representative> {
    let mut out: Vec<Representative> = Vec::new();
    for org in participants.iter().filter(|p| took_part(p)).filter_map(|p| parties.party_of(p)) {
        if kind_in_scope(org.kind) && !out.iter().any(|r| r.key == org.key) {
            out.push(Representative::of(org));
        }
    }
    out
}

/// A scope set by hand needs a reason; `None` (the suggestion applies) takes none.
/// Returns the reason as it will be stored (trimmed).
pub fn check_override(scope: Option<TransparencyScope>, reason: Option<&str>) -> Result<Option<String>> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    match (scope, reason) {
        (Some(_), Some(reason)) => Ok(Some(reason.to_string())),
        (Some(scope), None) => Err(Error::invalid(
            "transparency.reason",
            format!(
                "a scope set by hand needs a reason: say why this meeting is {}",
                match scope {
                    TransparencyScope::InScope => "in scope",
                    TransparencyScope::Exempt => "exempt",
                }
            ),
        )),
        (None, Some(_)) => Err(Error::invalid(
            "transparency.reason",
            "a reason goes with a scope set by hand (in-scope or exempt); the automatic scope takes none",
        )),
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_but_the_commission_and_public_authorities_is_in_scope() {
        // The store's pending query says the same in SQL (`NOT IN ('commission', 'public-authority')`).
        for kind in OrgKind::ALL {
            assert_eq!(kind_in_scope(*kind), !matches!(kind, OrgKind::Commission | OrgKind::PublicAuthority), "{kind}");
        }
    }
}
