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
    queries: Vec<Figure>,
    /// The meeting flash: whole processes, peak memory, the seed flash's size.
    flash: super::flash::FlashBench,
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
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
            "Register of {} meetings (release build: {}):\n  generation        {:>8.1} s   (target <= 30 s)\n  export-json       {:>8.1} s   (target <= 5 s)\n  import-json       {:>8.1} s   (target <= 20 s; best of {})\n  file size         {:>8.0} B per meeting (target <= 4096)\n\n  {:<44} {:>8} {:>8} {:>8}\n",
            report.meetings,
            !cfg!(debug_assertions),
            report.generation_s,
            report.export_s,
            report.import_s,
            report.import_runs_s.iter().map(|s| format!("{s:.1}")).collect::<Vec<_>>().join(" / "),
            report.bytes_per_meeting,
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
        let runs: Vec<()> = vec![(); 30];
        queries.push(time_each(name, Some(50.0), &runs, |_| {
            let out =
                Command::new(&exe).arg("--db").arg(&db_arg).args(&args).output().map_err(|e| Error::io(&exe, e))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(Error::BadArgument(String::from_utf8_lossy(&out.stderr).into_owned()))
            }
        })?);
    }

    let flash = super::flash::bench(dir, &exe, clock)?;

    Ok(Report {
        meetings,
        generation_s,
        export_s,
        import_s,
        import_runs_s,
        bytes_per_meeting: bytes as f64 / f64::from(meetings.max(1)),
        queries,
        flash,
    })
}
