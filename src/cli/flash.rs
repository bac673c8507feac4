//! `code-register flash MEETING`: the meeting flash as a PDF (the default), as text on
//! standard output (`--text`) or as an e-mail draft with the PDF attached (`--eml`); the
//! release version with `--redacted`. What the officer should know (a made-up header, people
//! who cannot be addressed, characters no font shows) goes to standard error.

use std::io::Write;
use std::path::{Path, PathBuf};

use code_register::error::{human_size, Error, Result};
use code_register::flash::{self, Flash};
use code_register::store::OpenMode;
use code_register::text::printable;
use code_register::{files, Clock};

#[derive(clap::Args, Debug)]
pub struct FlashArgs {
    /// The meeting's key.
    meeting: String,
    /// The release version: the names and e-mail addresses of people not marked public, and
    /// every restricted point, replaced by [REDACTED].
    #[arg(long)]
    redacted: bool,
    /// Print the flash as text on standard output instead of writing a PDF.
    #[arg(long, conflicts_with_all = ["eml", "output"])]
    text: bool,
    /// Write the e-mail draft (.eml, opened as a draft by Outlook) with the PDF attached; an
    /// output file ending in .eml asks for it too.
    #[arg(long)]
    eml: bool,
    /// The file to write (replaced whole, never half-written); by default
    /// flash-MEETING[-release].pdf (or .eml) in the current directory.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

fn note(line: &str) {
    eprintln!("code-register: {}", printable(line));
}

fn tell(flash: &Flash) {
    for n in &flash.notes {
        note(n);
    }
}

/// Whether to write the e-mail draft: asked by `--eml` or by an output file named `.eml`, so
/// `-o draft.eml` is not a PDF under a mail program's name. `--eml` into a `.pdf` is refused.
fn wants_eml(eml: bool, output: Option<&Path>) -> Result<bool> {
    let extension = output.and_then(Path::extension).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("eml") => Ok(true),
        Some("pdf") if eml => Err(Error::BadArgument(format!(
            "--eml writes an e-mail draft, not a PDF: name the file {} instead",
            output.map(|p| p.with_extension("eml").display().to_string()).unwrap_or_default()
        ))),
        _ => Ok(eml),
    }
}

pub fn run(db: Option<PathBuf>, args: FlashArgs, clock: &Clock) -> Result<()> {
    let store = super::open(db, OpenMode::ReadOnly)?;
    let (_, flash) = flash::of_stored(&store, &args.meeting, args.redacted)?;
    tell(&flash);
    if args.text {
        return super::print(&flash::text::render(&flash));
    }
    let eml = wants_eml(args.eml, args.output.as_deref())?;
    let extension = if eml { "eml" } else { "pdf" };
    let path = args.output.unwrap_or_else(|| PathBuf::from(flash::file_name(&flash, extension)));
    let write =
        |bytes: &[u8]| files::save(store.path(), &path, |file| file.write_all(bytes).map_err(|e| Error::io(&path, e)));
    let version = if flash.redacted { "release version" } else { "internal version" };
    if eml {
        let (bytes, typeset) = flash::email(&flash, clock.now)?;
        typeset.warnings.iter().for_each(|w| note(w));
        for name in &flash.without_email {
            note(&format!("{name} has no e-mail address: named in the body of the draft, not addressed"));
        }
        let size = write(&bytes)?;
        super::print(&format!(
            "Wrote {}: e-mail draft of the flash ({version}, {} pages attached), {}\n",
            path.display(),
            typeset.pages,
            human_size(size)
        ))
    } else {
        let typeset = flash::typeset(&flash, clock.now)?;
        typeset.warnings.iter().for_each(|w| note(w));
        let size = write(&typeset.bytes)?;
        let pages = if typeset.pages == 1 { "1 page".to_string() } else { format!("{} pages", typeset.pages) };
        super::print(&format!("Wrote {}: flash ({version}, {pages}), {}\n", path.display(), human_size(size)))
    }
}

// ---------------------------------------------------------------------------------------------
// `code-register bench`: the flash's figures

/// The flash's figures of `code-register bench`: whole CLI processes writing the PDF, the peak
/// memory of the one writing 20 pages, the seed flash's size.
#[derive(serde::Serialize)]
pub struct FlashBench {
    /// Milliseconds per process (p50, p95) for a one-page flash (target 20) and a 20-page
    /// one (target 200), with how many pages each came out.
    pub one_page_ms: (f64, f64),
    pub one_page_pages: usize,
    pub twenty_pages_ms: (f64, f64),
    pub twenty_pages_pages: usize,
    /// The peak resident memory of the process writing the 20-page flash, in MB (target 40);
    /// `None` where the system does not tell (it is read from /proc on Linux).
    pub peak_mb: Option<f64>,
    /// The seed flash (`2021-06-24-it-companies`): its bytes and pages, internal version.
    pub seed_bytes: u64,
    pub seed_pages: usize,
    pub runs: usize,
}

impl FlashBench {
    pub fn lines(&self) -> String {
        let mb = self.peak_mb.map_or("n/a".to_string(), |m| format!("{m:.1}"));
        format!(
            "\nMeeting flash (whole processes, {} runs each):\n  \
             flash, {} page(s)          p50 {:>7.1} ms  p95 {:>7.1} ms   (target <= 20 ms)\n  \
             flash, {} pages           p50 {:>7.1} ms  p95 {:>7.1} ms   (target <= 200 ms)\n  \
             peak memory, {} pages     {:>7} MB                    (target <= 40 MB)\n  \
             seed flash                {:>7} bytes, {} pages     (target < 60 KiB)\n",
            self.runs,
            self.one_page_pages,
            self.one_page_ms.0,
            self.one_page_ms.1,
            self.twenty_pages_pages,
            self.twenty_pages_ms.0,
            self.twenty_pages_ms.1,
            self.twenty_pages_pages,
            mb,
            self.seed_bytes,
            self.seed_pages
        )
    }
}

/// A meeting of `points` points of about 60 words by the seed's parties, with the seed's
/// participants and flash header: what a flash of so many pages is made of.
fn bench_meeting(seed: &code_register::model::Meeting, key: &str, points: usize) -> code_register::model::Meeting {
    let parties = ["cab-reynders", "youtube", "twitter", "facebook", "tiktok", "jeuxvideo"];
    let sentence = "The platforms reported on the notifications received from trusted flaggers, the share \
                    assessed within a day and the feedback given to users, and agreed to compare their figures \
                    with the organisations before the results are published in the autumn";
    let mut meeting = seed.clone();
    meeting.key = key.to_string();
    meeting.invitation = None;
    meeting.actions.clear();
    meeting.points = (0..points)
        .map(|k| code_register::model::Point {
            by: Some(parties[k % parties.len()].to_string()),
            text: format!("Point {k}: {sentence}."),
            restricted: false,
            points: Vec::new(),
            extra: None,
        })
        .collect();
    meeting
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms.get(((ms.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(0.0);
    (at(0.5), at(0.95))
}

/// The peak resident memory of a running process so far, in kB (Linux: `VmHWM`).
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Measures the flash on a register of the seed and two generated meetings in `dir`, running
/// `exe` (this binary) as a user would.
pub fn bench(dir: &std::path::Path, exe: &std::path::Path, clock: &Clock) -> Result<FlashBench> {
    use std::process::Command;
    use std::time::Instant;
    const RUNS: usize = 30;
    let db = dir.join("flash.sqlite3");
    let mut store = code_register::Store::open(&db, OpenMode::Create)?;
    let doc = code_register::model::parse_document(code_register::sample::SEED)?;
    let seed_meeting = doc.meetings.iter().find(|m| m.key == "2021-06-24-it-companies").cloned();
    store.import(doc)?;
    let seed_meeting = seed_meeting.ok_or_else(|| Error::BadArgument("the seed meeting is missing".into()))?;
    let generated = code_register::model::Document {
        meetings: vec![
            bench_meeting(&seed_meeting, "bench-flash-1", 8),
            bench_meeting(&seed_meeting, "bench-flash-20", 288),
        ],
        ..code_register::model::Document::default()
    };
    store.import(generated)?;
    let pages_of = |key: &str| -> Result<usize> {
        let (_, f) = flash::of_stored(&store, key, false)?;
        Ok(flash::typeset(&f, clock.now)?.pages)
    };
    let (_, seed) = flash::of_stored(&store, "2021-06-24-it-companies", false)?;
    let seed_typeset = flash::typeset(&seed, clock.now)?;
    let (one_page_pages, twenty_pages_pages) = (pages_of("bench-flash-1")?, pages_of("bench-flash-20")?);
    drop(store);

    let out = dir.join("flash-bench.pdf");
    let time = |key: &str, watch: bool| -> Result<(Vec<f64>, Option<u64>)> {
        let mut ms = Vec::with_capacity(RUNS);
        let mut peak: Option<u64> = None;
        for run in 0..RUNS + 3 {
            let t = Instant::now();
            let mut child = Command::new(exe)
                .arg("--db")
                .arg(&db)
                .args(["flash", key, "-o"])
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .map_err(|e| Error::io(exe, e))?;
            let status = loop {
                if watch {
                    if let Some(kb) = peak_kb(child.id()) {
                        peak = Some(peak.map_or(kb, |p| p.max(kb)));
                    }
                }
                match child.try_wait().map_err(|e| Error::io(exe, e))? {
                    Some(status) => break status,
                    None if watch => std::thread::sleep(std::time::Duration::from_micros(200)),
                    None => std::thread::sleep(std::time::Duration::from_micros(100)),
                }
            };
            let elapsed = t.elapsed().as_secs_f64() * 1000.0;
            if !status.success() {
                return Err(Error::BadArgument(format!("code-register flash {key} failed")));
            }
            // Three warm-up runs: the figures are of a warm page cache, as in daily use.
            if run >= 3 {
                ms.push(elapsed);
            }
        }
        Ok((ms, peak))
    };
    // Timed without watching (polling /proc costs the process time); memory on separate runs.
    let (one, _) = time("bench-flash-1", false)?;
    let (twenty, _) = time("bench-flash-20", false)?;
    let (_, peak) = time("bench-flash-20", true)?;
    Ok(FlashBench {
        one_page_ms: percentiles(one),
        one_page_pages,
        twenty_pages_ms: percentiles(twenty),
        twenty_pages_pages,
        peak_mb: peak.map(|kb| kb as f64 / 1024.0),
        seed_bytes: seed_typeset.bytes.len() as u64,
        seed_pages: seed_typeset.pages,
        runs: RUNS,
    })
}
