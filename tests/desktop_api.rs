//! The core calls the desktop makes, on a real register file: record saves, action
//! updates, the home view, timelines, the Codes view, settings.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use code_register::model::{parse_document, ActionStatus, Meeting, MeetingStatus, OrgKind, Organisation, Person};
use code_register::store::{ActionFilter, MeetingFilter, OpenMode, Settings, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The seed register in a temporary file, opened as the desktop opens it.
fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("register.sqlite3"), OpenMode::Create).unwrap();
    let doc = parse_document(&std::fs::read(common::seed_path()).unwrap()).unwrap();
    store.import(doc).unwrap();
    (dir, store)
}

fn new_meeting(store: &Store, title: &str, start: &str, end: &str) -> Meeting {
    let mut m = store.draft_meeting(day(2026, 11, 20)).unwrap();
    m.title = title.into();
    m.start = start.into();
    m.end = end.into();
    m.codes = vec!["coc-hate-speech".into()];
    m
}

#[test]
fn a_new_meeting_gets_readable_keys_and_comes_back_as_stored() {
    let (_dir, mut store) = seeded();
    let draft = store.draft_meeting(day(2026, 11, 20)).unwrap();
    assert_eq!(draft.key, "");
    assert_eq!(draft.timezone, "Europe/Brussels");
    assert_eq!(draft.start, "2026-11-23T10:00", "Friday's draft goes to Monday");
    assert_eq!(draft.status, MeetingStatus::Planned);

    let mut m = new_meeting(&store, "Bilateral with TikTok: notice & action", "2026-12-01T10:00", "2026-12-01T11:00");
    m.participants.push(code_register::model::Participant {
        person: None,
        organisation: Some("tiktok".into()),
        attendance: Default::default(),
        response: Default::default(),
        role: Default::default(),
        extra: None,
    });
    m.actions.push(code_register::model::Action {
        key: String::new(),
        title: "Send the notice-and-action figures".into(),
        owners: vec!["tiktok".into()],
        due: Some("2026-12-15".into()),
        due_period: None,
        status: ActionStatus::Open,
        follow_ups: vec![],
        extra: None,
    });
    let saved = store.save_meeting(m.clone()).unwrap();
    assert_eq!(saved.key, "2026-12-01-bilateral-with-tiktok-notice-action");
    assert_eq!(saved.actions[0].key, "2026-12-01-bilateral-with-tiktok-notice-action-a1");
    // The same title on the same day gets a key of its own.
    let again = store.save_meeting(m).unwrap();
    assert_eq!(again.key, "2026-12-01-bilateral-with-tiktok-notice-action-2");
    assert_eq!(store.meeting(&saved.key).unwrap(), saved);
    let page = store.meetings_with_total(&filter_text("notice figures")).unwrap();
    assert_eq!(page.total, 2, "found by the words of its action");
}

fn filter_text(text: &str) -> MeetingFilter {
    MeetingFilter { text: Some(text.into()), limit: 50, ..MeetingFilter::default() }
}

#[test]
fn a_rule_broken_in_the_window_names_the_field_of_the_record() {
    let (_dir, mut store) = seeded();
    let before = store.counts().unwrap();
    let m = new_meeting(&store, "Workshop", "2026-12-01T10:00", "2026-12-01T09:00");
    let err = store.save_meeting(m).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    assert_eq!(err.field(), Some("end"), "{err}");
    let mut m = new_meeting(&store, "Workshop", "2026-12-01T10:00", "2026-12-01T11:00");
    m.participants.push(code_register::model::Participant {
        person: Some("nobody".into()),
        organisation: None,
        attendance: Default::default(),
        response: Default::default(),
        role: Default::default(),
        extra: None,
    });
    let err = store.save_meeting(m).unwrap_err();
    assert_eq!(err.field(), Some("participants[0].person"), "{err}");
    assert!(err.to_string().contains("no person with key \"nobody\""), "{err}");
    assert_eq!(store.counts().unwrap(), before, "nothing half-written");

    let err = store
        .save_organisation(Organisation {
            key: String::new(),
            name: "Example platform".into(),
            acronym: None,
            kind: OrgKind::Platform,
            transparency_register_id: Some("12-3".into()),
            signatory_of: vec![],
            extra: None,
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("transparencyRegisterId"), "{err}");
}

#[test]
fn organisations_and_people_created_in_the_window() {
    let (_dir, mut store) = seeded();
    let org = store
        .save_organisation(Organisation {
            key: String::new(),
            name: "Hate Aid Network".into(),
            acronym: Some("HAN".into()),
            kind: OrgKind::CivilSociety,
            transparency_register_id: Some("123456789012-34".into()),
            signatory_of: vec![],
            extra: None,
        })
        .unwrap();
    assert_eq!(org.key, "han");
    let person = store
        .save_person(Person {
            key: String::new(),
            name: "Žaneta Dvořáková".into(),
            family_name: Some("Dvořáková".into()),
            organisation: Some(org.key.clone()),
            role: Some("Legal officer".into()),
            email: Some("z.d@han.example.org".into()),
            public: false,
            extra: None,
        })
        .unwrap();
    assert_eq!(person.key, "zaneta-dvorakova");
    let dir = store.directory().unwrap();
    assert!(dir.people.iter().any(|p| p.key == person.key && p.organisation.as_deref() == Some("han")));
    let hits = store.search("Dvořáková", 5).unwrap();
    assert_eq!(hits[0].key, person.key);
}

#[test]
fn marking_an_action_done_takes_it_off_the_overdue_lists() {
    let (_dir, mut store) = seeded();
    let today = day(2021, 10, 1);
    let overdue =
        |store: &Store| -> Vec<String> { store.home(today).unwrap().overdue.into_iter().map(|a| a.key).collect() };
    assert!(overdue(&store).contains(&"a-technical-meeting-dsa".to_string()));
    store.set_action_status("a-technical-meeting-dsa", ActionStatus::Done).unwrap();
    assert!(!overdue(&store).contains(&"a-technical-meeting-dsa".to_string()));
    let owned = store
        .actions_page(&ActionFilter { owner: Some("just-c2".into()), open: true, ..ActionFilter::default() }, today);
    assert!(owned.unwrap().iter().all(|a| a.key != "a-technical-meeting-dsa"), "the owner's open list follows");
    assert!(matches!(
        store.set_action_status("no-such-action", ActionStatus::Done),
        Err(code_register::Error::NotFound { .. })
    ));
}

#[test]
fn follow_up_notes_are_appended_oldest_first() {
    let (_dir, mut store) = seeded();
    store.add_follow_up("a-cop-kpis", day(2021, 10, 20), "Reminder sent to CNECT").unwrap();
    let m = store.meeting("2021-07-07-cop-assembly").unwrap();
    let a = m.actions.iter().find(|a| a.key == "a-cop-kpis").unwrap();
    assert_eq!(a.follow_ups.last().unwrap().text, "Reminder sent to CNECT");
    let err = store.add_follow_up("a-cop-kpis", day(2021, 10, 1), "Earlier note").unwrap_err();
    assert!(err.to_string().contains("oldest first"), "{err}");
    assert!(store.add_follow_up("a-cop-kpis", day(2021, 10, 21), "  ").is_err());
    assert_eq!(store.search("Reminder CNECT", 5).unwrap()[0].key, "a-cop-kpis");
}

#[test]
fn a_follow_up_is_a_draft_until_saved_and_the_action_links_to_it() {
    let (_dir, mut store) = seeded();
    store
        .save_settings(Settings {
            name: "Policy Officer Example".into(),
            email: "po@ec.example.eu".into(),
            ..Settings::default()
        })
        .unwrap();
    let meetings_before = store.counts().unwrap().meetings;
    let m = store.draft_follow_up("a-cop-kpis", day(2021, 10, 1)).unwrap();
    let m2 = store.draft_follow_up("a-cop-kpis", day(2021, 10, 1)).unwrap();
    assert_eq!(m, m2, "drafting twice gives the same draft");
    assert_eq!(store.counts().unwrap().meetings, meetings_before, "a draft stores nothing");
    assert_eq!(m.key, "");
    assert_eq!(m.follow_up_of.as_deref(), Some("a-cop-kpis"));
    assert_eq!(m.status, MeetingStatus::Planned);
    assert_eq!(m.codes, vec!["cop-disinformation"]);
    assert_eq!(m.start, "2021-10-15T10:00", "on the due date, still ahead and a Friday");
    assert_eq!(m.organiser.as_deref(), Some("policy-officer-example"));
    let seed_title = "Propose Key Performance Indicators for each commitment"; // a-cop-kpis
    assert_eq!(m.title, format!("Follow-up: {seed_title}"));
    let objective = m.objective.clone().unwrap();
    assert!(objective.contains(seed_title) && !objective.contains("a-cop-kpis"), "by title, not key: {objective}");
    assert!(m.participants.iter().any(|p| p.organisation.as_deref() == Some("cnect")));

    let key = store.save_meeting(m).unwrap().key;
    assert_eq!(store.counts().unwrap().meetings, meetings_before + 1);
    let row = store
        .actions_page(&ActionFilter { limit: 1000, ..ActionFilter::default() }, day(2021, 10, 1))
        .unwrap()
        .into_iter()
        .find(|a| a.key == "a-cop-kpis")
        .unwrap();
    assert_eq!(row.follow_up_meetings.iter().map(|l| l.key.as_str()).collect::<Vec<_>>(), vec![key.as_str()]);
    // The follow-up's editor names the action by the row the list shows.
    assert_eq!(store.action_row("a-cop-kpis", day(2021, 10, 1)).unwrap(), row);
    assert_eq!(row.title, seed_title);
    assert_eq!(row.meeting, "2021-07-07-cop-assembly");
    let missing = store.action_row("a-none", day(2021, 10, 1)).unwrap_err();
    assert!(matches!(missing, code_register::Error::NotFound { what: "action", .. }), "{missing}");
    // The action's meeting cannot now be deleted from under the follow-up.
    let err = store.delete_meeting("2021-07-07-cop-assembly").unwrap_err();
    assert!(err.to_string().contains("cannot be deleted"), "{err}");
    store.delete_meeting(&key).unwrap();
    assert!(store.meeting(&key).is_err());
    assert!(store.search("Follow-up", 50).unwrap().iter().all(|h| h.key != key), "gone from the index too");
}

#[test]
fn people_and_organisations_created_in_the_editor_are_stored_with_the_meeting_or_not_at_all() {
    use code_register::model::Participant;
    use code_register::store::MeetingSave;
    let (_dir, mut store) = seeded();
    let people_before = store.people().unwrap().len();
    let orgs_before = store.organisations().unwrap().len();
    let org = Organisation {
        key: "new-org-1".into(),
        name: "Clip Stream".into(),
        acronym: Some("CS".into()),
        kind: OrgKind::Platform,
        transparency_register_id: None,
        signatory_of: vec![],
        extra: None,
    };
    let person = Person {
        key: "new-person-1".into(),
        name: "Mira Kovac".into(),
        family_name: Some("Kovac".into()),
        organisation: Some("new-org-1".into()),
        role: None,
        email: Some("mira@clipstream.example".into()),
        public: false,
        extra: None,
    };
    let participant = |person: Option<&str>, org: Option<&str>| Participant {
        person: person.map(Into::into),
        organisation: org.map(Into::into),
        attendance: Default::default(),
        response: Default::default(),
        role: Default::default(),
        extra: None,
    };
    let mut m = new_meeting(&store, "Bilateral with Clip Stream", "2026-12-01T10:00", "2026-12-01T11:00");
    m.participants = vec![participant(Some("new-person-1"), None), participant(None, Some("new-org-1"))];

    // A meeting refused (it ends before it starts) stores neither of them.
    let mut bad = m.clone();
    bad.end = "2026-12-01T09:00".into();
    let mut bad_person = person.clone();
    bad_person.email = Some("not an address".into());
    let err = store
        .save_meeting_with(MeetingSave {
            meeting: bad,
            new_organisations: vec![org.clone()],
            new_people: vec![bad_person],
        })
        .unwrap_err();
    let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"end") && fields.contains(&"newPeople[0].email"), "every problem, named: {fields:?}");
    assert_eq!(store.people().unwrap().len(), people_before);
    assert_eq!(store.organisations().unwrap().len(), orgs_before);

    let saved = store
        .save_meeting_with(MeetingSave { meeting: m, new_organisations: vec![org], new_people: vec![person] })
        .unwrap();
    let keys: Vec<String> =
        saved.participants.iter().filter_map(|p| p.person.clone().or(p.organisation.clone())).collect();
    assert_eq!(keys, vec!["mira-kovac".to_string(), "cs".to_string()], "real keys minted, references followed");
    let mira = store.people().unwrap().into_iter().find(|p| p.key == "mira-kovac").unwrap();
    assert_eq!(mira.organisation.as_deref(), Some("cs"), "the new person's organisation followed too");
}

#[test]
fn a_code_is_created_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.sqlite3"), OpenMode::Create).unwrap();
    let code = code_register::model::Code {
        key: String::new(),
        title: "Code of conduct on countering illegal hate speech online".into(),
        short_title: Some("Hate speech Code".into()),
        adopted: Some("2016-05-31".into()),
        extra: None,
    };
    let saved = store.save_code(code).unwrap();
    assert_eq!(saved.key, "hate-speech-code");
    assert_eq!(store.codes().unwrap().len(), 1);
    let err = store
        .save_code(code_register::model::Code {
            key: String::new(),
            title: " ".into(),
            short_title: None,
            adopted: Some("2016-02-30".into()),
            extra: None,
        })
        .unwrap_err();
    let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["title", "adopted"], "both problems in one save");
}

#[test]
fn the_home_view_on_a_given_morning() {
    let (_dir, store) = seeded();
    let home = store.home(day(2021, 9, 1)).unwrap();
    assert_eq!(home.today, "2021-09-01");
    let upcoming: Vec<&str> = home.upcoming.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(upcoming, ["2021-09-14-issue-group-ads"]);
    assert!(home.overdue.is_empty(), "{:?}", home.overdue);
    let soon: Vec<&str> = home.due_soon.iter().map(|a| a.key.as_str()).collect();
    assert!(soon.is_empty(), "nothing due by 8 September: {soon:?}");
    let home = store.home(day(2021, 9, 20)).unwrap();
    let soon: Vec<&str> = home.due_soon.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(soon, ["a-technical-meeting-dsa"], "due on the 22nd");
    let flash: Vec<&str> = home.flash_pending.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(flash, ["2021-07-07-cop-assembly"], "held, no flash, within ninety days");
    assert_eq!(
        (home.upcoming_total, home.overdue_total, home.due_soon_total, home.flash_pending_total),
        (home.upcoming.len() as u32, 0, 1, 1)
    );
}

#[test]
fn the_home_view_shows_the_first_items_of_long_lists_and_counts_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("register.sqlite3"), OpenMode::Create).unwrap();
    let today = day(2026, 11, 23);
    code_register::demo::fill(&mut store, 3000, 7, today).unwrap();
    let home = store.home(today).unwrap();
    let all_overdue =
        store.actions_page(&ActionFilter { overdue: true, limit: 100_000, ..ActionFilter::default() }, today);
    let all_overdue = all_overdue.unwrap();
    assert!(all_overdue.len() > 25, "the demo leaves more than a page overdue: {}", all_overdue.len());
    assert_eq!(home.overdue_total as usize, all_overdue.len());
    let first: Vec<&str> = all_overdue.iter().take(25).map(|a| a.key.as_str()).collect();
    let shown: Vec<&str> = home.overdue.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(shown, first, "the most overdue first");
    for (rows, total) in
        [(home.upcoming.len(), home.upcoming_total), (home.flash_pending.len(), home.flash_pending_total)]
    {
        assert!(rows <= 25 && rows as u32 <= total && (rows == 25 || rows as u32 == total), "{rows} of {total}");
    }
    assert!(home.due_soon.len() <= 25 && home.due_soon.len() as u32 <= home.due_soon_total);
    // Due by: the due date, else the end of the period agreed.
    assert!(home
        .due_soon
        .iter()
        .all(|a| a.due_by.as_deref().is_some_and(|d| ("2026-11-23".."2026-12-01").contains(&d))));
}

#[test]
fn action_totals_count_what_the_pages_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("register.sqlite3"), OpenMode::Create).unwrap();
    let today = day(2026, 11, 23);
    code_register::demo::fill(&mut store, 600, 11, today).unwrap();
    // An owner with open actions: the first owner of the first open action.
    let open = store.actions_page(&ActionFilter { open: true, limit: 1, ..ActionFilter::default() }, today).unwrap();
    let owner = open[0].owners[0].key.clone();
    let code = store.codes().unwrap()[0].key.clone();
    let queries = [
        ActionFilter::default(),
        ActionFilter { open: true, ..ActionFilter::default() },
        ActionFilter { overdue: true, ..ActionFilter::default() },
        ActionFilter { owner: Some(owner.clone()), ..ActionFilter::default() },
        ActionFilter { owner: Some(owner), open: true, ..ActionFilter::default() },
        ActionFilter { code: Some(code), status: Some(ActionStatus::Done), ..ActionFilter::default() },
        ActionFilter { due_by: Some(today), ..ActionFilter::default() },
    ];
    for q in queries {
        let filter = ActionFilter { limit: 100_000, ..q.clone() };
        let rows = store.actions_page(&filter, today).unwrap().len();
        assert!(rows > 0, "{q:?} selects some actions");
        assert_eq!(store.actions_total(&filter, today).unwrap() as usize, rows, "{q:?}");
        assert_eq!(
            store.actions_total(&ActionFilter { limit: 5, offset: 3, ..q.clone() }, today).unwrap() as usize,
            rows
        );
    }
    // Due in a window: both ends inclusive, undated actions left out.
    let window = ActionFilter {
        due_from: Some(day(2026, 11, 1)),
        due_by: Some(day(2026, 11, 30)),
        limit: 100_000,
        ..ActionFilter::default()
    };
    let rows = store.actions_page(&window, today).unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|a| a.due.as_deref().is_some_and(|d| ("2026-11-01"..="2026-11-30").contains(&d))));
    assert_eq!(store.actions_total(&window, today).unwrap() as usize, rows.len());
}

#[test]
fn timelines_of_an_organisation_and_a_person() {
    let (_dir, store) = seeded();
    let yt = store.timeline("youtube", day(2021, 10, 1)).unwrap();
    assert_eq!(yt.kind, "organisation");
    assert_eq!(yt.meetings.len(), 4);
    assert!(!yt.points.is_empty());
    assert!(yt.points.iter().all(|p| p.meeting == "2021-06-24-it-companies"));
    assert!(yt.actions.iter().any(|a| a.key == "a-cop-draft"));
    let officer = store.timeline("just-officer", day(2021, 10, 1)).unwrap();
    assert_eq!(officer.kind, "person");
    assert_eq!(officer.meetings.len(), 2);
    assert_eq!(officer.actions.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), ["a-factsheet-divergences"]);
    assert!(store.timeline("nobody", day(2021, 10, 1)).is_err());
}

#[test]
fn the_codes_view_counts_signatories_meetings_and_open_actions() {
    let (_dir, store) = seeded();
    let now = Utc.with_ymd_and_hms(2021, 9, 1, 0, 0, 0).unwrap();
    let codes = store.codes_overview(now).unwrap();
    let cop = codes.iter().find(|c| c.code.key == "cop-disinformation").unwrap();
    assert_eq!(cop.meetings, 2);
    assert_eq!(cop.upcoming, 1);
    assert_eq!(cop.open_actions, 2);
    assert!(cop.signatories.iter().any(|s| s.key == "efcsn"));
    let coc = codes.iter().find(|c| c.code.key == "coc-hate-speech").unwrap();
    assert_eq!((coc.meetings, coc.upcoming, coc.open_actions), (2, 1, 2), "the Dublin workshop is ahead");
}

#[test]
fn settings_keep_my_identity_in_the_directory() {
    let (dir, mut store) = seeded();
    assert_eq!(store.settings().unwrap().footer_institution, "European Commission");
    assert!(!store.settings().unwrap().identity_asked, "a new register has not asked who I am yet");
    let saved = store
        .save_settings(Settings {
            name: "Ana Lopes".into(),
            email: "ana.lopes@ec.example.eu".into(),
            organisation: Some("just-c2".into()),
            public: false,
            identity_asked: false,
            unit: "CNECT.I.4".into(),
            footer_institution: "European Commission".into(),
            footer_directorate: "DG CNECT".into(),
            footer_unit: "Unit I.4".into(),
            person: None,
        })
        .unwrap();
    assert_eq!(saved.person.as_deref(), Some("ana-lopes"));
    assert!(saved.identity_asked, "asked once, never again");
    let me = store.people().unwrap().into_iter().find(|p| p.key == "ana-lopes").unwrap();
    assert_eq!((me.organisation.as_deref(), me.public), (Some("just-c2"), false), "my organisation in the directory");
    // A second save updates the same record.
    let again = store.save_settings(Settings { email: "a.lopes@ec.example.eu".into(), ..saved.clone() }).unwrap();
    assert_eq!(again.person, saved.person);
    let me = store.people().unwrap().into_iter().find(|p| p.key == "ana-lopes").unwrap();
    assert_eq!(me.email.as_deref(), Some("a.lopes@ec.example.eu"));
    assert!(store.save_settings(Settings { email: "not-an-address".into(), ..again }).is_err());
    drop(store);
    let store = Store::open(&dir.path().join("register.sqlite3"), OpenMode::MustExist).unwrap();
    assert_eq!(store.settings().unwrap().footer_unit, "Unit I.4", "kept in the register file");
    assert_eq!(store.draft_meeting(day(2026, 11, 23)).unwrap().organiser.as_deref(), Some("ana-lopes"));
}

#[test]
fn the_meeting_list_counts_what_matches() {
    let (_dir, store) = seeded();
    let all = store.meetings_with_total(&MeetingFilter { limit: 2, ..MeetingFilter::default() }).unwrap();
    assert_eq!((all.rows.len(), all.total), (2, 4));
    let held = MeetingFilter {
        status: Some(MeetingStatus::Held),
        code: Some("coc-hate-speech".into()),
        limit: 50,
        ..Default::default()
    };
    assert_eq!(store.meetings_total(&held).unwrap(), 2);
    let person = MeetingFilter { person: Some("busa".into()), limit: 50, ..Default::default() };
    assert_eq!(store.meetings_with_total(&person).unwrap().rows[0].key, "2021-06-24-it-companies");
    let dublin = store.meetings_with_total(&filter_text("Dublin")).unwrap();
    assert!(dublin.rows.iter().any(|m| m.key == "2021-11-18-dublin-workshop"));
    assert_eq!(dublin.total as usize, dublin.rows.len());
    assert!(dublin.total < 4);
    assert_eq!(store.meetings_total(&filter_text("")).unwrap(), 4, "no words, no narrowing");
}

#[test]
fn a_register_of_the_first_schema_is_brought_up_to_date() {
    let (dir, store) = seeded();
    let path = dir.path().join("register.sqlite3");
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        // Undo migrations 6, 5, 4, 3 and 2, as a file of the first version would be.
        conn.execute_batch(
            "DROP TABLE meeting_exercises; DROP TABLE results; DROP TABLE indicators; DROP TABLE exercises;
             DROP INDEX meetings_unpublished; DROP INDEX meetings_invitation_uid; ALTER TABLE meetings DROP COLUMN invitation_uid;
             ALTER TABLE meetings DROP COLUMN invitation; ALTER TABLE meetings DROP COLUMN all_day;
             ALTER TABLE points DROP COLUMN restricted;
             DROP INDEX actions_due; DROP INDEX actions_pending_due; ALTER TABLE actions DROP COLUMN due_by;
             CREATE INDEX actions_due ON actions(COALESCE(due, '9999-12-31'), id);
             CREATE INDEX actions_pending_due ON actions(COALESCE(due, '9999-12-31'), id) WHERE status IN ('open', 'in-progress');
             DROP TABLE settings; PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(store.counts().unwrap().meetings, 4, "nothing lost");
    store.save_settings(Settings { name: "Ana".into(), ..Settings::default() }).unwrap();
    let version: i64 =
        rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, code_register::store::migrations::latest());
}

#[test]
fn a_text_filter_follows_writes_from_this_and_other_connections() {
    let (dir, mut store) = seeded();
    let count = |store: &Store| store.meetings_total(&filter_text("zanzibar")).unwrap();
    assert_eq!(count(&store), 0);
    let mut m = new_meeting(&store, "Zanzibar workshop", "2026-12-01T10:00", "2026-12-01T11:00");
    let saved = store.save_meeting(m.clone()).unwrap();
    assert_eq!(count(&store), 1, "this connection's save is seen");
    store.delete_meeting(&saved.key).unwrap();
    assert_eq!(count(&store), 0, "this connection's delete is seen");
    store.save_meeting(m.clone()).unwrap();
    assert_eq!(count(&store), 1);
    // Another process (here another connection) saves one more.
    let mut other = Store::open(&dir.path().join("register.sqlite3"), OpenMode::MustExist).unwrap();
    m.title = "Second Zanzibar workshop".into();
    other.save_meeting(m).unwrap();
    assert_eq!(count(&store), 2, "another connection's save is seen");
    assert_eq!(store.meetings_with_total(&filter_text("zanzibar")).unwrap().rows.len(), 2);
}
