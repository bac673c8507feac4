//! The one composer: a meeting, the names it needs and the footer settings, to the structure
//! of its flash. Every output (the text, the PDF, the e-mail, the window's preview) renders this
//! structure and nothing else, so they all say the same thing.
//!
//! The composer reads no clock and no store, and accepts a meeting as the editor holds it
//! (unsaved, perhaps not valid yet): a date it cannot read is printed as written, a key it
//! cannot find is printed as the key.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;
use ts_rs::TS;

use super::redact::{given_name, Redactor, REDACTED};
use crate::model::{Attendance, Code, Meeting, OrgKind, Organisation, Person, Point};
use crate::store::Settings;

/// The records a flash names: people, organisations and Codes, by key. Give every person of
/// the register (or at least everyone whose name may appear in the meeting's text): the
/// release version withholds the names of all those not public, wherever they are written.
#[derive(Clone, Debug, Default)]
pub struct Names {
    people: HashMap<String, Person>,
    organisations: HashMap<String, Organisation>,
    codes: HashMap<String, Code>,
}

impl Names {
    pub fn new(people: Vec<Person>, organisations: Vec<Organisation>, codes: Vec<Code>) -> Names {
        Names {
            people: people.into_iter().map(|p| (p.key.clone(), p)).collect(),
            organisations: organisations.into_iter().map(|o| (o.key.clone(), o)).collect(),
            codes: codes.into_iter().map(|c| (c.key.clone(), c)).collect(),
        }
    }

    /// Adds (or replaces) people and organisations: those created in the editor and not
    /// saved yet.
    pub fn with(mut self, people: Vec<Person>, organisations: Vec<Organisation>) -> Names {
        self.people.extend(people.into_iter().map(|p| (p.key.clone(), p)));
        self.organisations.extend(organisations.into_iter().map(|o| (o.key.clone(), o)));
        self
    }

    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.get(key)
    }

    pub fn organisation(&self, key: &str) -> Option<&Organisation> {
        self.organisations.get(key)
    }
}

/// A meeting's flash, composed: what every rendering prints, in order. (`ComposedFlash` in
/// TypeScript: `Flash` there is the meeting's record of the flash header.)
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ComposedFlash")]
pub struct Flash {
    /// The meeting's key.
    pub meeting: String,
    /// The release version: names of people not public and restricted points withheld.
    pub redacted: bool,
    pub header: MailHeader,
    /// After `Meeting report:`, in bold.
    pub title: String,
    /// `24/06/2021` (a meeting over several days: `18/11/2021 – 19/11/2021`).
    pub date: String,
    /// `Name (Acronym)` each: the Commission side, then the others.
    pub participants: Participants,
    pub objective: Option<String>,
    /// The main points discussed, depth first: each point, then its replies one level in.
    pub points: Vec<FlashPoint>,
    /// The agreed actions.
    pub next_steps: Vec<NextStep>,
    pub signature: Signature,
    /// At the foot of every page, left of `page X of Y`.
    pub footer: String,
    /// The PDF's metadata (its creation date is given when it is typeset).
    pub metadata: FlashMetadata,
    /// What the officer should know about this flash (a header made up because the meeting
    /// has none yet). Not part of the flash itself.
    pub notes: Vec<String>,
    /// Senders and recipients without an e-mail address (as the flash names them): the e-mail
    /// draft names them in its body only.
    pub without_email: Vec<String>,
    /// The figures of the monitoring exercises the meeting names, for the organisations present
    /// (set from the register by `flash::of_edited` and `of_stored`; `compose` has none).
    pub figures: Vec<FlashFigures>,
}

/// One exercise's figures as the flash shows them: a table, its cells as officers read them.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlashFigures {
    /// `Figures of the 6th monitoring`.
    pub title: String,
    /// `Organisation`, then each indicator's label.
    pub header: Vec<String>,
    /// The average, then each organisation present: its name, then a cell per indicator
    /// (`62.5 % (−8.5 pp)`, `–` for none).
    pub rows: Vec<Vec<String>>,
}

/// The header of the e-mail the flash was (or will be) sent as.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailHeader {
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Addressee>,
    /// `Thursday 24 June 2021 17:14`; absent until the flash is sent.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<String>,
    pub to: Vec<Addressee>,
    pub cc: Vec<Addressee>,
    pub subject: String,
    /// False when the meeting has no flash header and this one was made up from the settings
    /// and the title.
    pub recorded: bool,
}

/// A sender or recipient in address-book form.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Addressee {
    /// `BUSA Lucrezia (CAB-REYNDERS)`, or `[REDACTED]`.
    pub name: String,
    /// Absent when unknown or withheld.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "FlashParticipants")]
pub struct Participants {
    pub commission: Vec<String>,
    pub others: Vec<String>,
}

impl Participants {
    /// `Lucrezia Busa (CAB Reynders), … ; [REDACTED] (YouTube), TikTok`: the sides separated by
    /// `;`, the people of a side by `,`.
    pub fn line(&self) -> String {
        [self.commission.join(", "), self.others.join(", ")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The signature block at the end of the flash.
#[derive(Clone, Debug, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "FlashSignature")]
pub struct Signature {
    /// Who sends the flash, as written in running text.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// The institution (in bold), the directorate, the unit: those of the settings that are
    /// filled.
    pub office: Vec<String>,
}

/// One bullet of the main points.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlashPoint {
    /// 0 for a point, 1 for a reply to it, and so on.
    pub level: u8,
    /// Who made the point, in bold at its start.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The text; `[REDACTED]` for a restricted point in the release version.
    pub text: String,
    /// A restricted point (with its replies) withheld from the release version.
    pub withheld: bool,
}

/// One agreed action.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    /// Who carries it out.
    pub owners: Vec<String>,
    pub title: String,
    /// `autumn 2021` (the period as agreed) or `by 30/11/2021`.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlashMetadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
}

/// How a person may be named in this version.
struct Namer<'a> {
    names: &'a Names,
    redacted: bool,
}

impl Namer<'_> {
    fn withheld(&self, person: &Person) -> bool {
        self.redacted && !person.public
    }

    /// An organisation as flashes name it: its acronym, else its name.
    fn org_short(&self, key: &str) -> String {
        match self.names.organisation(key) {
            Some(o) => o.acronym.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(&o.name).to_string(),
            None => key.to_string(),
        }
    }

    /// A person as written in running text.
    fn person_name(&self, key: &str) -> String {
        match self.names.person(key) {
            Some(p) if self.withheld(p) => REDACTED.to_string(),
            Some(p) => p.name.clone(),
            None => key.to_string(),
        }
    }

    /// `Lucrezia Busa (CAB Reynders)`; a person of no organisation by name alone.
    fn person_with_org(&self, key: &str) -> String {
        let name = self.person_name(key);
        match self.names.person(key).and_then(|p| p.organisation.as_deref()) {
            Some(org) => format!("{name} ({})", self.org_short(org)),
            None => name,
        }
    }

    /// A person or an organisation, as an owner of an action or the maker of a point.
    fn party(&self, key: &str) -> String {
        if self.names.person(key).is_some() {
            self.person_name(key)
        } else {
            self.org_short(key)
        }
    }

    /// `BUSA Lucrezia (CAB-REYNDERS)`, with the e-mail address; both withheld when they must be.
    fn addressee(&self, key: &str) -> Addressee {
        let Some(person) = self.names.person(key) else {
            return Addressee { name: key.to_string(), email: None };
        };
        if self.withheld(person) {
            return Addressee { name: REDACTED.to_string(), email: None };
        }
        let mut name =
            match (person.family_name.as_deref().map(str::trim).filter(|f| !f.is_empty()), given_name(person)) {
                (Some(family), Some(given)) => format!("{} {given}", family.to_uppercase()),
                (Some(family), None) if person.name.trim() == family => family.to_uppercase(),
                _ => person.name.trim().to_string(),
            };
        if let Some(org) = person.organisation.as_deref() {
            let short = self.org_short(org);
            let tag = short.split_whitespace().collect::<Vec<_>>().join("-").to_uppercase();
            name = format!("{name} ({tag})");
        }
        let email = person.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_string);
        Addressee { name, email }
    }
}

/// `24/06/2021` from `2021-06-24T11:00`; the text as written when it is no date.
fn day(local: &str) -> String {
    match crate::time::parse_local(local) {
        Ok(t) => t.format("%d/%m/%Y").to_string(),
        Err(_) => local.get(..10).unwrap_or(local).to_string(),
    }
}

fn meeting_date(meeting: &Meeting) -> String {
    let (Ok(start), Ok(end)) = (crate::time::parse_local(&meeting.start), crate::time::parse_local(&meeting.end))
    else {
        return day(&meeting.start);
    };
    // An all-day meeting ends at the start of the day after its last.
    let last = if meeting.all_day { end - chrono::Duration::days(1) } else { end };
    if last.date() > start.date() {
        format!("{} – {}", start.format("%d/%m/%Y"), last.format("%d/%m/%Y"))
    } else {
        start.format("%d/%m/%Y").to_string()
    }
}

/// `Thursday 24 June 2021 17:14`.
pub fn sent_form(local: NaiveDateTime) -> String {
    local.format("%A %-d %B %Y %H:%M").to_string()
}

fn due_form(date: &str) -> String {
    match crate::time::parse_date(date) {
        Ok(d) => format!("by {}", d.format("%d/%m/%Y")),
        Err(_) => format!("by {date}"),
    }
}

/// Text with surrounding blanks trimmed, `None` when nothing is left.
fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// Composes the flash of `meeting`: the internal version, or the release version when
/// `redacted`. `settings` give the sender when the meeting has no flash header yet, and the
/// signature block.
pub fn compose(meeting: &Meeting, names: &Names, settings: &Settings, redacted: bool) -> Flash {
    let namer = Namer { names, redacted };
    let redactor =
        if redacted { Redactor::new(names.people.values(), names.organisations.values()) } else { Redactor::off() };
    let mut notes = Vec::new();
    let title = redactor.text(meeting.title.trim());

    // The mail header: as recorded, else made up.
    let header = match &meeting.flash {
        Some(flash) => MailHeader {
            from: present(Some(&flash.from)).map(|k| namer.addressee(k)),
            sent: flash.sent.as_deref().and_then(|s| crate::time::parse_local(s).ok()).map(sent_form),
            to: flash.to.iter().map(|k| namer.addressee(k)).collect(),
            cc: flash.cc.iter().map(|k| namer.addressee(k)).collect(),
            subject: redactor.text(flash.subject.trim()),
            recorded: true,
        },
        None => {
            let from = match settings.person.as_deref().filter(|k| names.person(k).is_some()) {
                Some(me) => Some(namer.addressee(me)),
                None if !settings.name.trim().is_empty() => Some(if redacted && !settings.public {
                    Addressee { name: REDACTED.into(), email: None }
                } else {
                    Addressee {
                        name: settings.name.trim().to_string(),
                        email: present(Some(&settings.email)).map(str::to_string),
                    }
                }),
                None => None,
            };
            notes.push(
                "This meeting has no flash header yet: From is you (Settings), the subject is made from the title, \
                 and there are no recipients. Add the header in the Flash section to record them."
                    .to_string(),
            );
            if from.is_none() {
                notes.push("Your name is not in Settings: the flash has no sender.".to_string());
            }
            let subject = if title.is_empty() { "Flash of the meeting".to_string() } else { format!("Flash: {title}") };
            MailHeader { from, sent: None, to: Vec::new(), cc: Vec::new(), subject, recorded: false }
        }
    };

    // Participants: people and unnamed organisations, those who stayed away left out.
    let mut participants = Participants::default();
    for p in &meeting.participants {
        if matches!(p.attendance, Attendance::Absent | Attendance::Excused) {
            continue;
        }
        let (entry, org) = if let Some(person) = p.person.as_deref() {
            (namer.person_with_org(person), names.person(person).and_then(|p| p.organisation.as_deref()))
        } else if let Some(org) = p.organisation.as_deref() {
            (names.organisation(org).map(|o| o.name.clone()).unwrap_or_else(|| org.to_string()), Some(org))
        } else {
            continue;
        };
        let commission = org.and_then(|o| names.organisation(o)).is_some_and(|o| o.kind == OrgKind::Commission);
        if commission {
            participants.commission.push(entry);
        } else {
            participants.others.push(entry);
        }
    }

    let mut points = Vec::new();
    flatten_points(&meeting.points, 0, &namer, &redactor, &mut points);

    let next_steps = meeting
        .actions
        .iter()
        .map(|a| NextStep {
            owners: a.owners.iter().map(|k| namer.party(k)).collect(),
            title: redactor.text(a.title.trim()),
            due: match (present(a.due_period.as_deref()), present(a.due.as_deref())) {
                (Some(period), _) => Some(redactor.text(period)),
                (None, Some(date)) => Some(due_form(date)),
                (None, None) => None,
            },
        })
        .collect();

    // The signature: who sends it, then the footer lines of the settings.
    let sender = match &meeting.flash {
        Some(flash) if !flash.from.trim().is_empty() => Some(namer.person_name(flash.from.trim())),
        Some(_) => None,
        None => match settings.person.as_deref().filter(|k| names.person(k).is_some()) {
            Some(me) => Some(namer.person_name(me)),
            None => present(Some(&settings.name)).map(|n| {
                if redacted && !settings.public {
                    REDACTED.to_string()
                } else {
                    n.to_string()
                }
            }),
        },
    };
    let office: Vec<String> = [&settings.footer_institution, &settings.footer_directorate, &settings.footer_unit]
        .into_iter()
        .filter_map(|l| present(Some(l)).map(str::to_string))
        .collect();
    let footer = office.join(" – ");

    let mut without_email = Vec::new();
    for a in header.from.iter().chain(&header.to).chain(&header.cc) {
        if a.email.is_none() && a.name != REDACTED && !without_email.contains(&a.name) {
            without_email.push(a.name.clone());
        }
    }

    let metadata = FlashMetadata {
        title: if title.is_empty() { "Meeting report".to_string() } else { format!("Meeting report: {title}") },
        author: match sender.as_deref() {
            Some(s) if s != REDACTED => s.to_string(),
            _ => footer.clone(),
        },
        subject: header.subject.clone(),
        keywords: meeting
            .codes
            .iter()
            .map(|k| match names.codes.get(k) {
                Some(c) => c.short_title.as_deref().unwrap_or(&c.title).to_string(),
                None => k.clone(),
            })
            .collect(),
    };

    Flash {
        meeting: meeting.key.clone(),
        redacted,
        header,
        title,
        date: meeting_date(meeting),
        participants,
        objective: present(meeting.objective.as_deref()).map(|o| redactor.text(o)),
        points,
        next_steps,
        signature: Signature { sender, office },
        footer,
        metadata,
        notes,
        without_email,
        figures: Vec::new(),
    }
}

fn flatten_points(list: &[Point], level: u8, namer: &Namer<'_>, redactor: &Redactor, out: &mut Vec<FlashPoint>) {
    for point in list {
        if point.restricted && namer.redacted {
            out.push(FlashPoint { level, party: None, text: REDACTED.to_string(), withheld: true });
            continue;
        }
        out.push(FlashPoint {
            level,
            party: present(point.by.as_deref()).map(|k| namer.party(k)),
            text: redactor.text(point.text.trim()),
            withheld: false,
        });
        flatten_points(&point.points, level.saturating_add(1), namer, redactor, out);
    }
}
