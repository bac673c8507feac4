//! A realistic synthetic register: the Codes, kinds of organisations, meeting kinds and
//! sizes of the seed register, spread over the years since the first Code was adopted.
//! The same seed and `today` give the same register. It goes through the ordinary import,
//! so every rule of the format holds for it. Meetings in scope of the transparency rules are
//! mostly published within the two weeks, some late, a few never, as an officer's are.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use crate::transparency::scope::Parties;

/// SplitMix64: small, fast and the same everywhere; enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const COUNTRIES: &[(&str, &str)] = &[
    ("at", "Austria"),
    ("be", "Belgium"),
    ("bg", "Bulgaria"),
    ("hr", "Croatia"),
    ("cy", "Cyprus"),
    ("cz", "Czechia"),
    ("dk", "Denmark"),
    ("ee", "Estonia"),
    ("fi", "Finland"),
    ("fr", "France"),
    ("de", "Germany"),
    ("gr", "Greece"),
    ("hu", "Hungary"),
    ("ie", "Ireland"),
    ("it", "Italy"),
    ("lv", "Latvia"),
    ("lt", "Lithuania"),
    ("lu", "Luxembourg"),
    ("mt", "Malta"),
    ("nl", "Netherlands"),
    ("pl", "Poland"),
    ("pt", "Portugal"),
    ("ro", "Romania"),
    ("sk", "Slovakia"),
    ("si", "Slovenia"),
    ("es", "Spain"),
    ("se", "Sweden"),
];

const PLATFORMS: &[&str] = &[
    "Videoshare",
    "Microblog",
    "Friendbook",
    "Photogram",
    "ShortClips",
    "GameTalk Forums",
    "Searchly",
    "ChatLine Messenger",
    "LinkPro Network",
    "LiveStream TV",
    "Snapshot",
    "Threadly",
    "PinBoard",
    "Podverse",
    "NewsFeedly",
    "Dating Circle",
    "Marketplace One",
    "VoiceRooms",
    "Clipora",
    "Communitas",
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Marco",
    "Sophie",
    "Jan",
    "Elena",
    "Tomás",
    "Katarzyna",
    "Pieter",
    "Ioana",
    "Lukas",
    "Maria",
    "Niklas",
    "Chiara",
    "Mihai",
    "Eva",
    "Dimitris",
    "Laura",
    "Jonas",
    "Agnieszka",
    "Pierre",
    "Zsófia",
    "Andrejs",
    "Ilse",
    "Nuno",
    "Aoife",
    "Matej",
    "Kristina",
    "Óscar",
    "Rūta",
    "Søren",
];

const FAMILY_NAMES: &[&str] = &[
    "Müller",
    "Rossi",
    "Dubois",
    "Janssens",
    "Kowalski",
    "Papadopoulos",
    "García",
    "Novák",
    "Horvat",
    "Nagy",
    "Popescu",
    "Silva",
    "Andersson",
    "Virtanen",
    "Ozoliņš",
    "Kazlauskas",
    "Tamm",
    "Murphy",
    "Borg",
    "Schmidt",
    "Ferreira",
    "De Vries",
    "Kovač",
    "Petrov",
    "Lambert",
    "Costa",
    "Berg",
    "Walsh",
];

const TOPICS: &[&str] = &[
    "the results of the monitoring exercise",
    "transparency of content moderation",
    "feedback to users who flag content",
    "cooperation with trusted flaggers",
    "the revision of the Code in the light of the DSA",
    "reporting on Key Performance Indicators",
    "demonetisation of disinformation",
    "political advertising ahead of the European elections",
    "access to data for researchers",
    "fact-checking coverage in all Member States",
    "antisemitic and anti-Muslim hatred online",
    "election integrity and crisis response",
    "notice-and-action procedures",
    "the transparency centre and reporting templates",
    "language coverage of content moderation teams",
    "hate speech against LGBTIQ people",
    "the structural indicators of the Code",
    "counter-narratives and awareness campaigns",
];

const POINT_TEMPLATES: &[&str] = &[
    "Presented the figures for the last period: {n}% of notifications were assessed within 24 hours and {m}% of the content was removed.",
    "Stressed that cooperation with {topic_org} had improved, while feedback to users remained uneven across languages.",
    "Asked for clarity on the timeline for {topic}; the Commission will share a written proposal before the next meeting.",
    "Raised concerns about the burden of reporting and proposed to align the templates with the DSA transparency reports.",
    "Reported staff shortages in the moderation teams for {country}, which delayed the handling of notifications.",
    "Welcomed the progress made on {topic} and called for more detailed data per Member State.",
    "Noted divergent assessments of illegality between reviewers and organisations, about {n}% of the cases.",
    "Explained the new in-app feature that informs users of the outcome of their notices.",
    "Proposed a technical deep dive on {topic} before any formal decision.",
    "Underlined the need for consistent treatment of notices from ordinary users and from trusted flaggers.",
    "Shared findings from a study on {topic} in {country}, to be circulated after the meeting.",
    "Recalled that the commitments on {topic} must be reported in the next round of reports.",
];

const REPLY_TEMPLATES: &[&str] = &[
    "The Commission agreed to follow up in writing.",
    "Other participants supported this proposal.",
    "This will be reflected in the factsheet of the exercise.",
    "The point will be put on the agenda of the next plenary.",
    "Figures for {country} will be checked bilaterally.",
];

const ACTION_TEMPLATES: &[&str] = &[
    "Send written comments on {topic}",
    "Prepare a short note on {topic} for the cabinet",
    "Organise a technical meeting on {topic}",
    "Share the data per Member State for {country}",
    "Circulate the revised reporting template",
    "Propose Key Performance Indicators on {topic}",
    "Update the list of trusted flaggers for {country}",
    "Report back on {topic} at the next plenary",
];

const FOLLOW_UP_TEMPLATES: &[&str] = &[
    "Reminder sent to {topic_org}.",
    "Draft received; comments sent back.",
    "Discussed at the unit meeting; on track.",
    "Partial answer received for {country}.",
];

const PERIODS: &[&str] = &[
    "over the summer",
    "before the next plenary",
    "by the end of the year",
    "in the autumn",
    "within two weeks",
    "early next year",
];

struct Directory {
    /// (organisation key, people keys)
    platforms: Vec<(String, Vec<String>)>,
    civil_society: Vec<(String, Vec<String>)>,
    fact_checkers: Vec<(String, Vec<String>)>,
    others: Vec<(String, Vec<String>)>,
    commission_staff: Vec<String>,
    cabinet: Vec<String>,
    heads: Vec<String>,
    org_names: std::collections::HashMap<String, String>,
}

fn fill_text(rng: &mut Rng, template: &str) -> String {
    let mut out = template.to_string();
    while let Some(at) = out.find('{') {
        let Some(end) = out[at..].find('}') else { break };
        let slot = &out[at + 1..at + end];
        let value = match slot {
            "n" => (55 + rng.below(40)).to_string(),
            "m" => (40 + rng.below(50)).to_string(),
            "topic" => rng.pick(TOPICS).to_string(),
            "country" => rng.pick(COUNTRIES).1.to_string(),
            "topic_org" => rng
                .pick(&["NGOs", "trusted flaggers", "fact-checkers", "researchers", "national authorities"])
                .to_string(),
            _ => String::new(),
        };
        out.replace_range(at..at + end + 1, &value);
    }
    out
}

fn person(rng: &mut Rng, key: String, org: &str, role: &str, domain: &str, public: bool) -> Person {
    let first = *rng.pick(FIRST_NAMES);
    let family = *rng.pick(FAMILY_NAMES);
    let local: String = format!("{first}.{family}")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { 'x' })
        .collect();
    Person {
        key: key.clone(),
        name: format!("{first} {family}"),
        family_name: Some(family.to_string()),
        organisation: Some(org.to_string()),
        role: Some(role.to_string()),
        email: Some(format!("{local}@{domain}")),
        public,
        extra: None,
    }
}

fn directory(rng: &mut Rng) -> (Document, Directory) {
    let mut doc = Document {
        codes: vec![
            Code {
                key: "coc-hate-speech".into(),
                title: "Code of conduct on countering illegal hate speech online".into(),
                short_title: Some("Code of conduct on hate speech".into()),
                adopted: Some("2016-05-31".into()),
                extra: None,
            },
            Code {
                key: "cop-disinformation".into(),
                title: "Code of Practice on Disinformation".into(),
                short_title: Some("Code of Practice on Disinformation".into()),
                adopted: Some("2018-09-26".into()),
                extra: None,
            },
        ],
        ..Document::default()
    };
    let mut dir = Directory {
        platforms: vec![],
        civil_society: vec![],
        fact_checkers: vec![],
        others: vec![],
        commission_staff: vec![],
        cabinet: vec![],
        heads: vec![],
        org_names: Default::default(),
    };
    let org = |doc: &mut Document,
               key: String,
               name: String,
               acronym: Option<&str>,
               kind: OrgKind,
               tr: bool,
               codes: Vec<&str>,
               n: u64| {
        doc.organisations.push(Organisation {
            key: key.clone(),
            name: name.clone(),
            acronym: acronym.map(str::to_string),
            kind,
            transparency_register_id: tr
                .then(|| format!("{:012}-{:02}", 100_000 + doc.organisations.len() as u64 * 7919 + n, (n % 90) + 10)),
            signatory_of: codes.into_iter().map(str::to_string).collect(),
            extra: None,
        });
        key
    };
    for (key, name, acronym) in [
        ("cab-justice", "Cabinet of the Commissioner for Justice", "CAB Justice"),
        ("just-c2", "DG Justice and Consumers, Fundamental Rights Policy", "JUST C2"),
        ("cnect-i4", "DG Communications Networks, Content and Technology, Online Platforms", "CNECT I.4"),
        ("sg", "Secretariat-General", "SG"),
    ] {
        let k = org(&mut doc, key.into(), name.into(), Some(acronym), OrgKind::Commission, false, vec![], 0);
        dir.org_names.insert(k, acronym.to_string());
    }
    for i in 0..4 {
        let key = format!("cab-member-{i}");
        doc.people.push(person(rng, key.clone(), "cab-justice", "Member of Cabinet", "ec.example.eu", true));
        dir.cabinet.push(key);
    }
    for (unit, count) in [("just-c2", 18), ("cnect-i4", 18), ("sg", 4)] {
        for i in 0..count {
            let key = format!("{unit}-{i:02}");
            let role = if i == 0 {
                "Head of Unit"
            } else if i < 3 {
                "Deputy Head of Unit"
            } else {
                "Policy Officer"
            };
            doc.people.push(person(rng, key.clone(), unit, role, "ec.example.eu", i == 0));
            if i == 0 {
                dir.heads.push(key);
            } else {
                dir.commission_staff.push(key);
            }
        }
    }
    let add_org_people =
        |doc: &mut Document, rng: &mut Rng, org_key: &str, roles: &[&str], domain: &str, count: usize| -> Vec<String> {
            (0..count)
                .map(|i| {
                    let key = format!("{org_key}-p{i}");
                    doc.people.push(person(rng, key.clone(), org_key, roles[i % roles.len()], domain, false));
                    key
                })
                .collect()
        };
    for (i, name) in PLATFORMS.iter().enumerate() {
        let slug: String = name.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
        let codes = match i % 3 {
            0 => vec!["coc-hate-speech", "cop-disinformation"],
            1 => vec!["cop-disinformation"],
            _ => vec!["coc-hate-speech"],
        };
        let key =
            org(&mut doc, slug.clone(), format!("{name} (example)"), None, OrgKind::Platform, true, codes, i as u64);
        dir.org_names.insert(key.clone(), name.to_string());
        let people = add_org_people(
            &mut doc,
            rng,
            &key,
            &[
                "Public Policy Manager",
                "Trust and Safety Lead",
                "Head of Content Policy",
                "Government Affairs Director",
            ],
            &format!("{slug}.example.com"),
            6,
        );
        dir.platforms.push((key, people));
    }
    for (code, country) in COUNTRIES {
        for (kind, label, short) in [
            (OrgKind::CivilSociety, "Association against hate", "aah"),
            (OrgKind::TrustedFlagger, "Trusted flagger network", "tfn"),
            (OrgKind::CivilSociety, "Digital rights centre", "drc"),
        ] {
            let key = format!("{short}-{code}");
            let k = org(
                &mut doc,
                key.clone(),
                format!("{label} {country} (example)"),
                None,
                kind,
                rng.chance(60),
                vec![],
                3,
            );
            dir.org_names.insert(k.clone(), format!("{label} {country}"));
            let people = add_org_people(
                &mut doc,
                rng,
                &k,
                &["Director", "Project Officer", "Legal Officer"],
                &format!("{short}-{code}.example.org"),
                3,
            );
            dir.civil_society.push((k, people));
        }
        let key = format!("fc-{code}");
        let k = org(
            &mut doc,
            key,
            format!("Fact-check {country} (example)"),
            None,
            OrgKind::FactChecker,
            true,
            vec!["cop-disinformation"],
            5,
        );
        dir.org_names.insert(k.clone(), format!("Fact-check {country}"));
        let people = add_org_people(
            &mut doc,
            rng,
            &k,
            &["Editor-in-chief", "Fact-checker"],
            &format!("fc-{code}.example.org"),
            2,
        );
        dir.fact_checkers.push((k, people));
        let key = format!("dsc-{code}");
        let k = org(
            &mut doc,
            key,
            format!("Digital Services Coordinator {country} (example)"),
            None,
            OrgKind::PublicAuthority,
            false,
            vec![],
            0,
        );
        dir.org_names.insert(k.clone(), format!("DSC {country}"));
        let people = add_org_people(&mut doc, rng, &k, &["Head of Department"], &format!("dsc-{code}.example.eu"), 1);
        dir.others.push((k, people));
    }
    for i in 0..6 {
        let key = format!("adv-{i}");
        let k = org(
            &mut doc,
            key,
            format!("Advertising association {i} (example)"),
            None,
            OrgKind::Advertising,
            true,
            vec!["cop-disinformation"],
            i,
        );
        dir.org_names.insert(k.clone(), format!("Advertising association {i}"));
        let people = add_org_people(&mut doc, rng, &k, &["Policy Director"], "adv.example.org", 2);
        dir.others.push((k, people));
    }
    for i in 0..12 {
        let key = format!("research-{i}");
        let k = org(
            &mut doc,
            key,
            format!("Research institute {i} (example)"),
            None,
            OrgKind::Research,
            rng.chance(30),
            vec![],
            i,
        );
        dir.org_names.insert(k.clone(), format!("Research institute {i}"));
        let people = add_org_people(&mut doc, rng, &k, &["Researcher", "Professor"], "research.example.edu", 2);
        dir.others.push((k, people));
    }
    (doc, dir)
}

fn points(rng: &mut Rng, speakers: &[String], commission: &str) -> Vec<Point> {
    let count = 2 + rng.below(5);
    (0..count)
        .map(|_| {
            let by = if rng.chance(85) { Some(rng.pick(speakers).clone()) } else { None };
            let replies = if rng.chance(20) {
                vec![Point {
                    by: Some(commission.to_string()),
                    text: say(rng, REPLY_TEMPLATES),
                    restricted: false,
                    points: vec![],
                    extra: None,
                }]
            } else {
                vec![]
            };
            Point { by, text: say(rng, POINT_TEMPLATES), restricted: false, points: replies, extra: None }
        })
        .collect()
}

/// One of `templates`, its slots filled.
fn say(rng: &mut Rng, templates: &[&str]) -> String {
    let template = templates[rng.below(templates.len())];
    fill_text(rng, template)
}

/// Days after which a meeting never published is no longer the officer's backlog: looking back,
/// they set it exempt, with a reason.
const NEVER_PUBLISHED_DAYS: i64 = 60;

const EXEMPT_REASONS: &[&str] = &[
    "Informal exchange on the margins of a conference; no interest representation took place.",
    "Technical exchange on reporting formats only; agreed with the transparency team not to publish.",
    "Meeting called off at the last minute; only a courtesy call took place.",
];

/// The transparency record of a held meeting dated `day`: a meeting in scope is mostly published
/// 3 to 14 days after it, sometimes later, a few times never (those of the last weeks wait in
/// the pending list; older ones were set exempt with a reason). A publication after `today` has
/// not happened yet. Drawn from a generator of its own, so the rest of the register is the same
/// as without it.
fn publication(
    participants: &[Participant],
    parties: &Parties,
    day: NaiveDate,
    today: NaiveDate,
    seed: u64,
    index: u32,
) -> Option<Transparency> {
    if crate::transparency::scope::suggested(participants, parties) != TransparencyScope::InScope {
        return None;
    }
    let mut rng = Rng(seed ^ 0x5452_414E_5350_4152 ^ u64::from(index).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let lag = match rng.below(100) {
        0..=84 => 3 + rng.below(12) as u64,
        85..=96 => 15 + rng.below(30) as u64,
        _ => {
            if (today - day).num_days() <= NEVER_PUBLISHED_DAYS {
                return None;
            }
            return Some(Transparency {
                scope: Some(TransparencyScope::Exempt),
                reason: Some(rng.pick(EXEMPT_REASONS).to_string()),
                published: None,
                extra: None,
            });
        }
    };
    let published = day + Days::new(lag);
    (published <= today).then(|| Transparency {
        scope: None,
        reason: None,
        published: Some(published.format("%Y-%m-%d").to_string()),
        extra: None,
    })
}

/// Meetings fall on weekdays: a weekend day moves to the Monday after.
fn weekday(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Days::new(2),
        Weekday::Sun => day + Days::new(1),
        _ => day,
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A value within 0 to 100 to a tenth, as the published figures are.
fn percent(value: f64) -> f64 {
    (value.clamp(0.0, 100.0) * 10.0).round() / 10.0
}

/// The monitoring figures of the demo's platforms, published up to `today`: the hate-speech
/// Code's yearly exercises since December 2016 (removal rate, review within 24 hours, feedback
/// to users, notifications) and the disinformation Code's half-yearly reports since 2019. A
/// platform joins the exercises a few rounds late, now and then has no figure (a gap), and
/// drifts from its own level; the average is the mean of the platforms' figures (notifications:
/// their total).
fn monitoring(rng: &mut Rng, doc: &mut Document, today: NaiveDate) {
    let platforms_of = |code: &str| -> Vec<String> {
        doc.organisations
            .iter()
            .filter(|o| o.kind == OrgKind::Platform && o.signatory_of.iter().any(|c| c == code))
            .map(|o| o.key.clone())
            .collect()
    };
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();

    // (code, exercise key, title, from, to, published), published on or before today.
    let mut rounds: Vec<(&str, String, String, NaiveDate, NaiveDate, NaiveDate)> = Vec::new();
    for k in 0..40 {
        let year = 2016 + k as i32;
        let (Some(published), Some(from)) = (day(year, 12, 7), day(year, 8, 1)) else { break };
        if published > today {
            break;
        }
        let n = ordinal(k + 1);
        rounds.push((
            "coc-hate-speech",
            format!("demo-{n}-monitoring"),
            format!("{n} monitoring"),
            from,
            from + Days::new(41),
            published,
        ));
    }
    for k in 0..80_i32 {
        let year = 2019 + k / 2;
        let first = k % 2 == 0;
        let half = if first { "H1" } else { "H2" };
        let (from, to, published) = if first {
            (day(year, 1, 1), day(year, 6, 30), day(year, 9, 15))
        } else {
            (day(year, 7, 1), day(year, 12, 31), day(year + 1, 3, 15))
        };
        let (Some(from), Some(to), Some(published)) = (from, to, published) else { break };
        if published > today {
            break;
        }
        rounds.push((
            "cop-disinformation",
            format!("demo-reports-{year}-{}", half.to_lowercase()),
            format!("{year} {half} reports"),
            from,
            to,
            published,
        ));
    }

    // (code, key, label, unit, better, typical level or size)
    let indicators: [(&str, &str, &str, Unit, Better, f64); 6] = [
        ("coc-hate-speech", "demo-removal-rate", "Removal rate", Unit::Percent, Better::Higher, 62.0),
        (
            "coc-hate-speech",
            "demo-reviewed-within-24h",
            "Reviewed within 24 hours",
            Unit::Percent,
            Better::Higher,
            78.0,
        ),
        ("coc-hate-speech", "demo-feedback-to-users", "Feedback to users", Unit::Percent, Better::Higher, 55.0),
        ("coc-hate-speech", "demo-notifications", "Notifications", Unit::Count, Better::Higher, 600.0),
        (
            "cop-disinformation",
            "demo-fact-check-coverage",
            "Fact-checking coverage of Member States",
            Unit::Percent,
            Better::Higher,
            50.0,
        ),
        ("cop-disinformation", "demo-ads-rejected", "Political ads rejected", Unit::Count, Better::Higher, 2500.0),
    ];
    for (code, key, label, unit, better, _) in indicators {
        doc.indicators.push(Indicator {
            key: key.into(),
            code: code.into(),
            label: label.into(),
            unit,
            better,
            description: None,
            extra: None,
        });
    }
    for (code, key, title, from, to, published) in &rounds {
        doc.exercises.push(Exercise {
            key: key.clone(),
            code: (*code).into(),
            title: title.clone(),
            from: Some(iso(*from)),
            to: Some(iso(*to)),
            published: Some(iso(*published)),
            notes: None,
            extra: None,
        });
    }

    for (code, key, _, unit, _, typical) in indicators {
        let platforms = platforms_of(code);
        let exercises: Vec<&String> = rounds.iter().filter(|r| r.0 == code).map(|r| &r.1).collect();
        // Each platform: the round it joins, its level against the typical one, its drift a round.
        let traits: Vec<(usize, f64, f64)> = platforms
            .iter()
            .map(|_| (rng.below(4), 0.6 + rng.below(80) as f64 / 100.0, rng.below(9) as f64 - 4.0))
            .collect();
        for (round, exercise) in exercises.iter().enumerate() {
            let mut values = Vec::new();
            for (platform, &(joins, level, drift)) in platforms.iter().zip(&traits) {
                if round < joins || rng.chance(6) {
                    continue;
                }
                let noise = rng.below(11) as f64 - 5.0;
                let value = match unit {
                    Unit::Percent => percent(typical * level + drift * round as f64 + noise),
                    Unit::Count => (typical * level * (1.0 + 0.05 * round as f64) + noise * 10.0).max(0.0).round(),
                };
                values.push(value);
                doc.results.push(MonitoringResult {
                    exercise: (*exercise).clone(),
                    organisation: Some(platform.clone()),
                    indicator: key.into(),
                    breakdown: None,
                    value,
                    extra: None,
                });
            }
            if values.is_empty() {
                continue;
            }
            let value = match unit {
                Unit::Percent => percent(values.iter().sum::<f64>() / values.len() as f64),
                Unit::Count => values.iter().sum(),
            };
            doc.results.push(MonitoringResult {
                exercise: (*exercise).clone(),
                organisation: None,
                indicator: key.into(),
                breakdown: None,
                value,
                extra: None,
            });
        }
    }
}

/// Fills `store` with `meetings` synthetic meetings (and their directory), deterministic in
/// `seed` and `today`.
pub fn fill(store: &mut Store, meetings: u32, seed: u64, today: NaiveDate) -> Result<()> {
    store.import_batches(|sink| generate(sink, meetings, seed, today))?;
    Ok(())
}

fn generate(sink: &mut dyn FnMut(Document) -> Result<()>, meetings: u32, seed: u64, today: NaiveDate) -> Result<()> {
    let mut rng = Rng(seed);
    let (mut directory_doc, dir) = directory(&mut rng);
    // Its own generator, so the meetings are those the seed gave before figures were added.
    monitoring(&mut Rng(seed ^ 0x4D4F_4E49_544F_5253), &mut directory_doc, today);
    let parties = Parties::new(directory_doc.organisations.clone(), directory_doc.people.clone());
    sink(directory_doc)?;

    let first = NaiveDate::from_ymd_opt(2016, 6, 1).unwrap_or(today);
    let last = today + Days::new(180);
    let span_days = (last - first).num_days().max(1) as u64;
    let commission_org = |key: &str| {
        key.split('-')
            .next()
            .map(|u| {
                if u == "cnect" {
                    "cnect-i4"
                } else if u == "sg" {
                    "sg"
                } else {
                    "just-c2"
                }
            })
            .unwrap_or("just-c2")
            .to_string()
    };
    let mut pending_actions: Vec<String> = Vec::new();

    const CHUNK: u32 = 5000;
    let mut done = 0u32;
    while done < meetings {
        let n = CHUNK.min(meetings - done);
        let mut doc = Document::default();
        for i in done..done + n {
            // Spread evenly over the years, a little jitter, weekdays only.
            let offset = (u64::from(i) * span_days) / u64::from(meetings.max(1));
            let day = weekday(first + Days::new(offset));
            let kind = *rng.pick(&[
                MeetingKind::Meeting,
                MeetingKind::Meeting,
                MeetingKind::Meeting,
                MeetingKind::Meeting,
                MeetingKind::Call,
                MeetingKind::Call,
                MeetingKind::Technical,
                MeetingKind::Technical,
                MeetingKind::Workshop,
                MeetingKind::Roundtable,
                MeetingKind::Assembly,
                MeetingKind::Annual,
            ]);
            let long = matches!(kind, MeetingKind::Workshop | MeetingKind::Assembly | MeetingKind::Annual);
            let start_hour = if long { 9 + rng.below(2) as u32 } else { 9 + rng.below(8) as u32 };
            let start_minute = [0u32, 15, 30, 45][rng.below(4)];
            let minutes = match kind {
                MeetingKind::Call => 30 + 15 * rng.below(4) as i64,
                MeetingKind::Workshop | MeetingKind::Assembly | MeetingKind::Annual => 180 + 30 * rng.below(8) as i64,
                _ => 60 + 30 * rng.below(4) as i64,
            };
            let start = day.and_hms_opt(start_hour, start_minute, 0).unwrap_or_default();
            let end = start + chrono::Duration::minutes(minutes);
            let disinfo_adopted = NaiveDate::from_ymd_opt(2018, 9, 26).unwrap_or(first);
            let codes: Vec<String> = if day < disinfo_adopted || rng.chance(45) {
                vec!["coc-hate-speech".into()]
            } else if rng.chance(85) {
                vec!["cop-disinformation".into()]
            } else {
                vec!["coc-hate-speech".into(), "cop-disinformation".into()]
            };
            let disinfo = codes.iter().any(|c| c == "cop-disinformation");
            let past = day < today;
            let status = if past {
                if rng.chance(4) {
                    MeetingStatus::Cancelled
                } else {
                    MeetingStatus::Held
                }
            } else if rng.chance(6) {
                MeetingStatus::Cancelled
            } else {
                MeetingStatus::Planned
            };
            let held = status == MeetingStatus::Held;

            let staff = rng.pick(&dir.commission_staff).clone();
            let unit_org = commission_org(&staff);
            let chair = if rng.chance(30) { rng.pick(&dir.cabinet).clone() } else { staff.clone() };
            let mut participants = vec![Participant {
                person: Some(chair.clone()),
                organisation: None,
                attendance: if held { Attendance::Attended } else { Attendance::Invited },
                response: if held { Response::Accepted } else { Response::NeedsAction },
                role: ParticipantRole::Chair,
                extra: None,
            }];
            if chair != staff {
                participants.push(Participant {
                    person: Some(staff.clone()),
                    organisation: None,
                    attendance: if held { Attendance::Attended } else { Attendance::Invited },
                    response: Response::Accepted,
                    role: ParticipantRole::NoteTaker,
                    extra: None,
                });
            }
            let pool: &Vec<(String, Vec<String>)> = match (kind, disinfo) {
                (MeetingKind::Workshop | MeetingKind::Roundtable, _) => &dir.civil_society,
                (_, true) if rng.chance(30) => &dir.fact_checkers,
                (_, _) if rng.chance(10) => &dir.others,
                _ => &dir.platforms,
            };
            let guests = match kind {
                MeetingKind::Meeting | MeetingKind::Call => 2 + rng.below(3),
                _ => 3 + rng.below(3),
            };
            let mut speakers = vec![unit_org.clone()];
            for _ in 0..guests {
                let (org_key, people) = rng.pick(pool);
                if speakers.contains(org_key) {
                    continue;
                }
                speakers.push(org_key.clone());
                let attendance = if !held {
                    Attendance::Invited
                } else if rng.chance(90) {
                    Attendance::Attended
                } else {
                    Attendance::Excused
                };
                let response = if held {
                    Response::Accepted
                } else {
                    *rng.pick(&[
                        Response::NeedsAction,
                        Response::Accepted,
                        Response::Accepted,
                        Response::Tentative,
                        Response::Declined,
                    ])
                };
                participants.push(Participant {
                    person: if rng.chance(75) { Some(rng.pick(people).clone()) } else { None },
                    organisation: None,
                    attendance,
                    response,
                    role: if rng.chance(10) { ParticipantRole::Speaker } else { ParticipantRole::Participant },
                    extra: None,
                });
                if participants.last().is_some_and(|p| p.person.is_none()) {
                    if let Some(p) = participants.last_mut() {
                        p.organisation = Some(org_key.clone());
                    }
                }
            }
            let guests_label = speakers
                .iter()
                .skip(1)
                .take(2)
                .map(|k| dir.org_names.get(k).cloned().unwrap_or_else(|| k.clone()))
                .collect::<Vec<_>>()
                .join(" and ");
            let topic = *rng.pick(TOPICS);
            let code_title =
                if disinfo { "the Code of Practice on Disinformation" } else { "the Code of conduct on hate speech" };
            let title = match kind {
                MeetingKind::Meeting => format!("Bilateral with {guests_label} on {topic}"),
                MeetingKind::Call => format!("Call with {guests_label} on {topic}"),
                MeetingKind::Technical => format!("Technical meeting under {code_title}: {topic}"),
                MeetingKind::Workshop => {
                    format!("Workshop with civil-society organisations and trusted flaggers on {topic}")
                }
                MeetingKind::Roundtable => format!("Roundtable on {topic}"),
                MeetingKind::Assembly => format!("Assembly of the signatories of {code_title}"),
                MeetingKind::Annual => format!("Annual review of {code_title}"),
            };
            let key = format!("{}-{:06}", day.format("%Y-%m-%d"), i);
            // Chosen before this meeting's own actions join the pool it draws from.
            let follow_up_of = if !pending_actions.is_empty() && rng.chance(5) {
                let at = rng.below(pending_actions.len());
                Some(pending_actions.swap_remove(at))
            } else {
                None
            };
            let mut actions = Vec::new();
            let mut meeting_points = Vec::new();
            let mut flash = None;
            if held {
                meeting_points = points(&mut rng, &speakers, &unit_org);
                let count = rng.below(4) + usize::from(rng.chance(70));
                for j in 0..count {
                    let due = day + Days::new(14 + rng.below(120) as u64);
                    let age = (today - due).num_days();
                    // Actions over a year past due were settled long ago; younger old ones are
                    // mostly closed, and a few stay open and are overdue.
                    let status = if age > 365 {
                        if rng.below(100) < 90 {
                            ActionStatus::Done
                        } else {
                            ActionStatus::Dropped
                        }
                    } else if age > 60 {
                        match rng.below(100) {
                            0..=84 => ActionStatus::Done,
                            85..=89 => ActionStatus::Dropped,
                            90..=95 => ActionStatus::Open,
                            _ => ActionStatus::InProgress,
                        }
                    } else if age > 0 {
                        *rng.pick(&[
                            ActionStatus::Done,
                            ActionStatus::Done,
                            ActionStatus::Open,
                            ActionStatus::InProgress,
                        ])
                    } else {
                        *rng.pick(&[ActionStatus::Open, ActionStatus::Open, ActionStatus::InProgress])
                    };
                    // Owners: the unit's officer, or one of the parties around the table.
                    let owner = if rng.chance(50) { rng.pick(&speakers).clone() } else { staff.clone() };
                    // Follow-up notes are weekly, and none is written in the future.
                    let notes = (0..rng.below(3)).take_while(|k| day + Days::new(7 * (*k as u64 + 1)) <= today).count();
                    let follow_ups = (0..notes)
                        .map(|k| FollowUp {
                            date: (day + Days::new(7 * (k as u64 + 1))).format("%Y-%m-%d").to_string(),
                            text: fill_text(&mut rng, FOLLOW_UP_TEMPLATES[k % FOLLOW_UP_TEMPLATES.len()]),
                            extra: None,
                        })
                        .collect();
                    let action_key = format!("a-{i:06}-{j}");
                    if status.is_pending() || rng.chance(5) {
                        pending_actions.push(action_key.clone());
                    }
                    actions.push(Action {
                        key: action_key,
                        title: say(&mut rng, ACTION_TEMPLATES),
                        owners: vec![owner],
                        due: if rng.chance(85) { Some(due.format("%Y-%m-%d").to_string()) } else { None },
                        due_period: if rng.chance(35) { Some(rng.pick(PERIODS).to_string()) } else { None },
                        status,
                        follow_ups,
                        extra: None,
                    });
                }
                if rng.chance(85) {
                    let sent = end + chrono::Duration::minutes(60 + 30 * rng.below(8) as i64);
                    flash = Some(Flash {
                        from: staff.clone(),
                        to: vec![rng.pick(&dir.cabinet).clone()],
                        cc: vec![rng.pick(&dir.heads).clone()],
                        subject: format!("Flash: {title}"),
                        sent: Some(crate::time::format_local(sent)),
                        extra: None,
                    });
                }
            }
            let transparency = if held { publication(&participants, &parties, day, today, seed, i) } else { None };
            doc.meetings.push(Meeting {
                key,
                title,
                kind,
                codes,
                exercises: Vec::new(),
                start: crate::time::format_local(start),
                end: crate::time::format_local(end),
                timezone: if kind == MeetingKind::Workshop && rng.chance(20) {
                    "Europe/Dublin".into()
                } else {
                    DEFAULT_TIMEZONE.into()
                },
                all_day: false,
                location: Some(match kind {
                    MeetingKind::Call => "Videoconference".to_string(),
                    _ if rng.chance(50) => "Videoconference".to_string(),
                    _ => rng
                        .pick(&[
                            "Brussels, BERL 10/100",
                            "Brussels, LX46 02/010",
                            "Brussels, MO59 0/13",
                            "Dublin",
                            "Hybrid, Brussels",
                        ])
                        .to_string(),
                }),
                status,
                objective: Some(format!(
                    "To discuss {topic} with {}.",
                    if guests_label.is_empty() { "the signatories".to_string() } else { guests_label.clone() }
                )),
                organiser: Some(staff),
                follow_up_of,
                participants,
                points: meeting_points,
                actions,
                flash,
                invitation: None,
                transparency,
                extra: None,
            });
        }
        sink(doc)?;
        done += n;
    }
    Ok(())
}
