//! `code-register bench`: the speed figures, measured on a demo register built in
//! a temporary directory. Each query runs many times with varied arguments; p50 and p95.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde::Serialize;

use code_register::error::{Error, Result};
use code_register::model::{MeetingKind, MeetingStatus};
use code_register::store::{ActionFilter, MeetingFilter, OpenMode, SortOrder, Store};

use code_register::Clock;

#[derive(Serialize)]
struct Figure {
    name: String,
    /// Milliseconds.
    p50: f64,
    p95: f64,
    runs: usize,
    target: Option<f64>,
}

#[derive(Serialize)]
struct Report {
    meetings: u32,
    generation_s: f64,
    export_s: f64,
    /// The best of the import runs: this machine's speed varies between runs, so the
    /// least disturbed run is the figure of the code; every run is listed too.
    import_s: f64,
    import_runs_s: Vec<f64>,
    bytes_per_meeting: f64,
    /// `ics export` of the whole register (METHOD:PUBLISH), and the file's size.
    ics_export_s: f64,
    ics_export_bytes: u64,
    /// `ics import` of a generated calendar into an empty register, writes included: the best
    /// of the runs, and every run.
    ics_import_events: usize,
    ics_import_bytes: u64,
    ics_import_s: f64,
    ics_import_runs_s: Vec<f64>,
    queries: Vec<Figure>,
    /// The meeting flash: whole processes, peak memory, the seed flash's size.
    flash: super::flash::FlashBench,
}

/// Events of the generated calendar the import is measured on, and attendees each.
const ICS_EVENTS: usize = 10_000;
const ICS_ATTENDEES: usize = 5;
/// Distinct people the attendees are drawn from.
const ICS_PEOPLE: usize = 500;

/// A calendar as Outlook sends them, the same on every run: `events` meetings of 2026 in
/// Brussels time, each with an organiser, `ICS_ATTENDEES` attendees, a place and a paragraph of
/// description (about 1 kB an event). `benches/ics.py` writes the same file.
pub fn sample_calendar(events: usize) -> String {
    const WORDS: [&str; 16] = [
        "signatories",
        "reports",
        "trusted",
        "flaggers",
        "notices",
        "moderation",
        "transparency",
        "researchers",
        "access",
        "elections",
        "advertising",
        "monitoring",
        "exercise",
        "follow-up",
        "timeline",
        "assessment",
    ];
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Code Register//bench//EN\r\nMETHOD:PUBLISH\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
DTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
    );
    for i in 0..events {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let hour = 8 + i % 9;
        let mut description = format!("Meeting {i}:");
        for k in 0..12 {
            description.push(' ');
            description.push_str(WORDS[(i * 7 + k * 3) % WORDS.len()]);
        }
        let mut event = format!(
            "BEGIN:VEVENT\r\nUID:bench-{i:05}@example.org\r\nSEQUENCE:0\r\nDTSTAMP:20260101T090000Z\r\n\
DTSTART;TZID=Europe/Brussels:2026{month:02}{day:02}T{hour:02}0000\r\nDTEND;TZID=Europe/Brussels:2026{month:02}{day:02}T{hour:02}4500\r\n\
SUMMARY:Taskforce meeting {i} on {} and {}\r\nLOCATION:Brussels\\, BERL {:02}/{:03}\r\nDESCRIPTION:{description}\r\n\
ORGANIZER;CN=Organiser {}:mailto:organiser{}@ec.example.eu\r\n",
            WORDS[i % WORDS.len()],
            WORDS[(i / 3) % WORDS.len()],
            i % 13,
            i % 997,
            i % 7,
            i % 7
        );
        for a in 0..ICS_ATTENDEES {
            let p = (i * 31 + a * 101) % ICS_PEOPLE;
            event.push_str(&format!(
                "ATTENDEE;CN=Person {p};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:person{p}@example.org\r\n"
            ));
        }
        event.push_str("END:VEVENT\r\n");
        // Folded at 75 octets as a writer would (the lines here are ASCII).
        for line in event.split_terminator("\r\n") {
            let mut rest = line;
            let mut first = true;
            while !rest.is_empty() {
                let room = if first { 75 } else { 74 };
                let (head, tail) = rest.split_at(rest.len().min(room));
                if !first {
                    out.push(' ');
                }
                out.push_str(head);
                out.push_str("\r\n");
                rest = tail;
                first = false;
            }
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}

/// One whole process of this program on the register `db`; its error output when it fails.
fn run_process(exe: &Path, db: &str, args: &[String]) -> Result<()> {
    let out = Command::new(exe).arg("--db").arg(db).args(args).output().map_err(|e| Error::io(exe, e))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::BadArgument(String::from_utf8_lossy(&out.stderr).into_owned()))
    }
}

/// Runs `f` once per argument, timing each call.
fn time_each<T>(name: &str, target: Option<f64>, args: &[T], mut f: impl FnMut(&T) -> Result<()>) -> Result<Figure> {
    // One warm-up pass so the figures are of a warm page cache, as in daily use.
    for a in args.iter().take(5) {
        f(a)?;
    }
    let mut ms = Vec::with_capacity(args.len());
    for a in args {
        let t = Instant::now();
        f(a)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, p95) = percentiles(ms);
    Ok(Figure { name: name.to_string(), p50, p95, runs: args.len(), target })
}

/// How many times the export is imported into a fresh register.
const IMPORT_RUNS: usize = 3;

/// A tiny deterministic generator for the varied arguments.
struct Pick(u64);

impl Pick {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

pub fn run(meetings: u32, json: bool, clock: &Clock) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("code-register-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let result = measure(&dir, meetings, clock);
    let _ = std::fs::remove_dir_all(&dir);
    let report = result?;
    if json {
        super::print_json(&report)
    } else {
        let mut out = format!(
            "Register of {} meetings (release build: {}):\n  generation        {:>8.1} s   (target <= 30 s)\n  export-json       {:>8.1} s   (target <= 5 s)\n  import-json       {:>8.1} s   (target <= 20 s; best of {})\n  file size         {:>8.0} B per meeting (target <= 4096)\n  ics export        {:>8.2} s   (target <= 2 s; {:.1} MB)\n  ics import        {:>8.2} s   ({} events, {:.1} MB, into an empty register; best of {}; benches/ics.py compares ical.js)\n\n  {:<44} {:>8} {:>8} {:>8}\n",
            report.meetings,
            !cfg!(debug_assertions),
            report.generation_s,
            report.export_s,
            report.import_s,
            report.import_runs_s.iter().map(|s| format!("{s:.1}")).collect::<Vec<_>>().join(" / "),
            report.bytes_per_meeting,
            report.ics_export_s,
            report.ics_export_bytes as f64 / 1e6,
            report.ics_import_s,
            report.ics_import_events,
            report.ics_import_bytes as f64 / 1e6,
            report.ics_import_runs_s.iter().map(|s| format!("{s:.2}")).collect::<Vec<_>>().join(" / "),
            "query (ms)",
            "p50",
            "p95",
            "target"
        );
        for q in &report.queries {
            out.push_str(&format!(
                "  {:<44} {:>8.2} {:>8.2} {:>8}\n",
                q.name,
                q.p50,
                q.p95,
                q.target.map(|t| format!("{t}")).unwrap_or_default()
            ));
        }
        out.push_str(&report.flash.lines());
        super::print(&out)
    }
}

fn measure(dir: &Path, meetings: u32, clock: &Clock) -> Result<Report> {
    let db = dir.join("bench.sqlite3");
    let t = Instant::now();
    let mut store = Store::open(&db, OpenMode::Create)?;
    code_register::demo::fill(&mut store, meetings, 1, clock.today)?;
    let generation_s = t.elapsed().as_secs_f64();
    drop(store);
    let store = Store::open(&db, OpenMode::MustExist)?;
    // The file as a user would copy it: WAL folded in.
    store.checkpoint()?;
    let bytes = std::fs::metadata(&db).map_err(|e| Error::io(&db, e))?.len();

    let orgs: Vec<String> = store.organisations()?.into_iter().map(|o| o.key).collect();
    let people: Vec<String> = store.people()?.into_iter().map(|p| p.key).collect();
    let all =
        store.meetings_page(&MeetingFilter { limit: meetings, order: SortOrder::Asc, ..MeetingFilter::default() })?;
    let keys: Vec<String> = all.iter().map(|m| m.key.clone()).collect();
    let mut pick = Pick(0x5EED);
    let mut queries = Vec::new();

    let date = |pick: &mut Pick| {
        let m = &all[pick.below(all.len())];
        code_register::time::parse_date(&m.start[..10]).ok()
    };
    let mut filters = Vec::new();
    for i in 0..400 {
        let mut f = MeetingFilter {
            limit: 50,
            order: if i % 3 == 0 { SortOrder::Asc } else { SortOrder::Desc },
            ..MeetingFilter::default()
        };
        match i % 8 {
            0 => {}
            1 => f.code = Some(["coc-hate-speech", "cop-disinformation"][pick.below(2)].to_string()),
            2 => f.organisation = Some(orgs[pick.below(orgs.len())].clone()),
            3 => f.status = Some(MeetingStatus::ALL[pick.below(3)]),
            4 => f.kind = Some(MeetingKind::ALL[pick.below(7)]),
            5 => {
                let a = date(&mut pick);
                let b = date(&mut pick);
                f.from = a.min(b);
                f.to = a.max(b);
            }
            6 => {
                f.organisation = Some(orgs[pick.below(orgs.len())].clone());
                f.code = Some("cop-disinformation".into());
                f.status = Some(MeetingStatus::Held);
            }
            _ => {
                f.code = Some("coc-hate-speech".into());
                f.kind = Some(MeetingKind::ALL[pick.below(7)]);
                f.from = date(&mut pick);
                f.offset = 50 * pick.below(10) as u32;
            }
        }
        filters.push(f);
    }
    queries.push(time_each("page of 50 meetings by date, any filter", Some(5.0), &filters, |f| {
        store.meetings_page(f).map(|_| ())
    })?);

    let sample: Vec<String> = (0..400).map(|_| keys[pick.below(keys.len())].clone()).collect();
    queries.push(time_each("one meeting with all its lists", Some(2.0), &sample, |k| store.meeting(k).map(|_| ()))?);

    let words = [
        "trusted",
        "flagger",
        "notifications",
        "antisemitic",
        "transparency centre",
        "fact-check",
        "Estonia",
        "political advertising",
        "reviewers",
        "moderation teams",
        "demonetisation",
        "researchers data",
        "reporting template",
        "Lithuania",
        "elections",
        "kpi",
        "Dublin",
        "counter-narratives",
        "feedback users",
        "mon",
    ];
    let texts: Vec<&str> = (0..400).map(|i| words[i % words.len()]).collect();
    queries
        .push(time_each("full-text search, first 50 hits", Some(20.0), &texts, |t| store.search(t, 50).map(|_| ()))?);

    let overdue: Vec<ActionFilter> = (0..400)
        .map(|i| ActionFilter {
            overdue: true,
            code: [None, Some("coc-hate-speech".to_string()), Some("cop-disinformation".to_string())][i % 3].clone(),
            ..ActionFilter::default()
        })
        .collect();
    queries.push(time_each("overdue actions (first 50)", Some(10.0), &overdue, |f| {
        store.actions_page(f, clock.today).map(|_| ())
    })?);

    let owned: Vec<ActionFilter> = (0..200)
        .map(|i| ActionFilter {
            open: true,
            owner: Some(if i % 2 == 0 {
                orgs[pick.below(orgs.len())].clone()
            } else {
                people[pick.below(people.len())].clone()
            }),
            ..ActionFilter::default()
        })
        .collect();
    queries.push(time_each("open actions of one owner (first 50)", None, &owned, |f| {
        store.actions_page(f, clock.today).map(|_| ())
    })?);

    // The home view, its Transparency section included (issue 12), on the desktop's warm connection.
    let days: Vec<chrono::NaiveDate> = (0..100u64).map(|k| clock.today - chrono::Days::new(k % 20)).collect();
    queries.push(time_each("home view (with the Transparency section)", Some(20.0), &days, |d| {
        store.home(*d).map(|_| ())
    })?);

    let export_file = dir.join("export.json");
    let t = Instant::now();
    let file = std::fs::File::create(&export_file).map_err(|e| Error::io(&export_file, e))?;
    store.export(&clock.now.format("%Y-%m-%dT%H:%M:%SZ").to_string(), file)?;
    let export_s = t.elapsed().as_secs_f64();

    let mut import_runs_s = Vec::new();
    for run in 0..IMPORT_RUNS {
        let copy = dir.join(format!("copy-{run}.sqlite3"));
        let t = Instant::now();
        let text = std::fs::read(&export_file).map_err(|e| Error::io(&export_file, e))?;
        Store::open(&copy, OpenMode::Create)?.import(code_register::model::parse_document(&text)?)?;
        import_runs_s.push(t.elapsed().as_secs_f64());
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("copy-{run}.sqlite3{suffix}")));
        }
    }
    let import_s = import_runs_s.iter().copied().fold(f64::INFINITY, f64::min);

    // Calendars: the whole register as one PUBLISH calendar, then a generated calendar into an
    // empty register.
    let t = Instant::now();
    let calendar = code_register::ics::export::calendar(&store, &MeetingFilter::default(), clock.now)?;
    let ics_export_s = t.elapsed().as_secs_f64();
    let ics_export_bytes = calendar.ics.len() as u64;
    drop(calendar);
    let sample = sample_calendar(ICS_EVENTS);
    let sample_file = dir.join("sample.ics");
    std::fs::write(&sample_file, &sample).map_err(|e| Error::io(&sample_file, e))?;
    let mut ics_import_runs_s = Vec::new();
    for run in 0..IMPORT_RUNS {
        let copy = dir.join(format!("ics-{run}.sqlite3"));
        let mut fresh = Store::open(&copy, OpenMode::Create)?;
        let opts = code_register::ics::import::Options::new(clock.today);
        let t = Instant::now();
        let report = code_register::ics::import::import_file(&mut fresh, &sample_file, &opts)?;
        ics_import_runs_s.push(t.elapsed().as_secs_f64());
        if report.created.len() != ICS_EVENTS {
            return Err(Error::BadArgument(format!("the sample calendar gave {} meetings", report.created.len())));
        }
        drop(fresh);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("ics-{run}.sqlite3{suffix}")));
        }
    }
    let ics_import_s = ics_import_runs_s.iter().copied().fold(f64::INFINITY, f64::min);

    // Whole processes, as a script or a user runs them.
    let exe = std::env::current_exe().map_err(|e| Error::io("current executable", e))?;
    let db_arg = db.to_string_lossy().to_string();
    let today = clock.today.format("%Y-%m-%d").to_string();
    let commands: Vec<(&str, Vec<String>)> = vec![
        (
            "process: meetings --org X --status held",
            vec!["meetings".into(), "--org".into(), orgs[orgs.len() / 2].clone(), "--status".into(), "held".into()],
        ),
        ("process: meeting KEY", vec!["meeting".into(), keys[keys.len() / 3].clone()]),
        ("process: actions --overdue", vec!["actions".into(), "--overdue".into(), "--today".into(), today]),
        ("process: search \"trusted flagger\"", vec!["search".into(), "trusted flagger".into()]),
    ];
    for (name, args) in commands {
        queries.push(time_each(name, Some(50.0), &[(); 30], |_| run_process(&exe, &db_arg, &args))?);
    }

    // Transparency (issue 12): the pending list and a year's publication list, whole processes.
    let year_ago = (clock.today - chrono::Days::new(365)).format("%Y-%m-%d").to_string();
    let today = clock.today.format("%Y-%m-%d").to_string();
    let csv = dir.join("publication.csv").to_string_lossy().to_string();
    let transparency: Vec<(&str, Vec<String>)> = vec![
        (
            "process: transparency pending",
            vec!["transparency".into(), "pending".into(), "--today".into(), today.clone()],
        ),
        (
            "process: transparency export (one year, -o)",
            ["transparency", "export", "--from", &year_ago, "--to", &today, "-o", &csv].map(String::from).to_vec(),
        ),
    ];
    for (name, args) in transparency {
        queries.push(time_each(name, Some(100.0), &[(); 30], |_| run_process(&exe, &db_arg, &args))?);
    }

    // Monitoring (issue 13): the table and the line chart of the demo's removal rate (every
    // platform with a figure), whole processes.
    let svg = dir.join("chart.svg").to_string_lossy().to_string();
    let png = dir.join("chart.png").to_string_lossy().to_string();
    let figures = ["--code", "coc-hate-speech", "--indicator", "demo-removal-rate"];
    let monitoring: Vec<(&str, Vec<String>)> = vec![
        ("process: monitoring show (one indicator)", [&["monitoring", "show"][..], &figures].concat()),
        ("process: monitoring chart (line, SVG)", [&["monitoring", "chart"][..], &figures, &["-o", &svg]].concat()),
        ("process: monitoring chart (line, PNG)", [&["monitoring", "chart"][..], &figures, &["-o", &png]].concat()),
    ]
    .into_iter()
    .map(|(name, args)| (name, args.into_iter().map(String::from).collect()))
    .collect();
    for (name, args) in monitoring {
        queries.push(time_each(name, Some(50.0), &[(); 30], |_| run_process(&exe, &db_arg, &args))?);
    }

    let flash = super::flash::bench(dir, &exe, clock)?;

    Ok(Report {
        meetings,
        generation_s,
        export_s,
        import_s,
        import_runs_s,
        bytes_per_meeting: bytes as f64 / f64::from(meetings.max(1)),
        ics_export_s,
        ics_export_bytes,
        ics_import_events: ICS_EVENTS,
        ics_import_bytes: sample.len() as u64,
        ics_import_s,
        ics_import_runs_s,
        queries,
        flash,
    })
}
