//! `code-register ics …`: calendar files. `export` and `tasks` write what the register holds;
//! `invite` and `cancel` write one meeting's invitation or cancellation and record it with the
//! meeting; `import` reads invitations, replies and cancellations made elsewhere.
//!
//! Files go through `files::save` (atomic, never over the register); without `-o` the calendar
//! goes to standard output and what is said about it to standard error.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;

use code_register::error::{Error, Result};
use code_register::ics::export::{self, Written};
use code_register::ics::import::{self, Report};
use code_register::ics::invite::{self, Invite};
use code_register::store::{ActionFilter, MeetingFilter, OpenMode, Store};
use code_register::{files, Clock};

use super::{date_arg, open, print, print_json};

#[derive(Subcommand, Debug)]
pub enum IcsCommand {
    /// Write meetings as a calendar (METHOD:PUBLISH) to import into Outlook, Google or Thunderbird.
    Export {
        /// First local date included (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        from: Option<NaiveDate>,
        /// Last local date included (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        to: Option<NaiveDate>,
        /// Only meetings under this Code.
        #[arg(long, value_name = "KEY")]
        code: Option<String>,
        /// Write to FILE (replaced whole, never half-written) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write the agreed actions that have a due date as tasks (VTODO).
    Tasks {
        /// All-day events on the due dates instead of tasks (Outlook and Google ignore tasks).
        #[arg(long)]
        as_events: bool,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a meeting's invitation (METHOD:REQUEST) and record it with the meeting.
    Invite {
        /// The meeting's key.
        meeting: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a meeting's cancellation (METHOD:CANCEL) and mark the meeting cancelled.
    Cancel {
        /// The meeting's key.
        meeting: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import invitations, updates, replies and cancellations from a calendar file, all or nothing.
    Import {
        /// The .ics file.
        file: PathBuf,
        /// Occurrences of recurring events from this date (default: a year ago).
        #[arg(long, value_parser = date_arg)]
        from: Option<NaiveDate>,
        /// Occurrences of recurring events up to this date (default: a year ahead).
        #[arg(long, value_parser = date_arg)]
        to: Option<NaiveDate>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn say(text: &str) -> Result<()> {
    std::io::stderr().lock().write_all(text.as_bytes()).map_err(|e| Error::io("standard error", e))
}

/// Writes `ics` to `output` (through `files::save`) or to standard output.
fn write_out(store: &Store, output: Option<&Path>, ics: &str) -> Result<()> {
    match output {
        None => print(ics),
        Some(path) => {
            files::save(store.path(), path, |file| file.write_all(ics.as_bytes()).map_err(|e| Error::io(path, e)))
                .map(drop)
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn written(store: &Store, output: Option<PathBuf>, w: &Written, one: &str, many: &str) -> Result<()> {
    write_out(store, output.as_deref(), &w.ics)?;
    if let Some(path) = output {
        print(&format!("Wrote {} to {}\n", plural(w.count, one, many), path.display()))?;
    }
    Ok(())
}

/// What an invitation or a cancellation says: on standard output when the file went to a
/// file, else on standard error.
fn describe(invite: &Invite, output: Option<&Path>) -> String {
    let s = &invite.summary;
    let what = if s.method == "CANCEL" { "Cancellation" } else { "Invitation" };
    let mut text = format!("{what} of \"{}\" ({}), UID {}, SEQUENCE {}", s.title, s.meeting, s.uid, s.sequence);
    text.push_str(if s.first {
        " (the first one sent)"
    } else if s.method == "CANCEL" {
        if s.raised {
            " (raised: a cancellation)"
        } else {
            " (the same cancellation as last sent)"
        }
    } else if s.raised {
        " (raised: time, place or attendees changed since the last invitation)"
    } else {
        " (unchanged: time, place and attendees are as last sent)"
    });
    if let Some(path) = output {
        text.push_str(&format!(", written to {}", path.display()));
    }
    text.push('\n');
    if s.attendees.is_empty() {
        text.push_str("Attendees: none (no participant has an e-mail address)\n");
    } else {
        text.push_str(&format!("Attendees ({}): {}\n", s.attendees.len(), s.attendees.join(", ")));
    }
    for n in &s.not_invited {
        text.push_str(&format!("Not invited: {} ({})\n", n.name, n.reason));
    }
    text
}

fn send(db: Option<PathBuf>, key: &str, output: Option<PathBuf>, clock: &Clock, cancel: bool) -> Result<()> {
    let mut store = open(db, OpenMode::MustExist)?;
    let invite = if cancel {
        invite::cancellation(&store, key, clock.now)?
    } else {
        invite::invitation(&store, key, clock.now)?
    };
    // The file first: the register records an invitation once it exists.
    write_out(&store, output.as_deref(), &invite.ics)?;
    invite.record(&mut store)?;
    let text = describe(&invite, output.as_deref());
    if output.is_some() {
        print(&text)
    } else {
        say(&text)
    }
}

fn entries(out: &mut String, heading: &str, list: &[import::Entry], limit: usize) {
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("{heading} ({}):\n", list.len()));
    for e in list.iter().take(limit) {
        let at = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        let key = e.meeting.as_deref().map(|k| format!(" [{k}]")).unwrap_or_default();
        let when = if e.when.is_empty() { String::new() } else { format!(", {}", e.when) };
        out.push_str(&format!("  {at}{}{when}{key}: {}\n", e.title, e.detail));
    }
    if list.len() > limit {
        out.push_str(&format!("  … and {} more\n", list.len() - limit));
    }
}

/// The report as text: counts first, then the meetings (the first 50 of each list; skipped
/// events and notes in full).
pub fn report_text(r: &Report) -> String {
    let mut out = format!(
        "Imported {}: {} created, {} updated, {} unchanged, {} skipped; {} people added\n",
        r.file,
        r.created.len(),
        r.updated.len(),
        r.unchanged.len(),
        r.skipped.len(),
        r.people_created.len()
    );
    entries(&mut out, "Created", &r.created, 50);
    entries(&mut out, "Updated", &r.updated, 50);
    entries(&mut out, "Unchanged", &r.unchanged, 20);
    entries(&mut out, "Skipped", &r.skipped, usize::MAX);
    if !r.people_created.is_empty() {
        out.push_str(&format!("People added ({}):\n", r.people_created.len()));
        for p in r.people_created.iter().take(50) {
            out.push_str(&format!("  {p}\n"));
        }
        if r.people_created.len() > 50 {
            out.push_str(&format!("  … and {} more\n", r.people_created.len() - 50));
        }
    }
    if !r.notes.is_empty() {
        out.push_str(&format!("Notes ({}):\n", r.notes.len()));
        for n in &r.notes {
            out.push_str(&format!("  {n}\n"));
        }
    }
    out
}

pub fn run(db: Option<PathBuf>, command: IcsCommand, clock: &Clock) -> Result<()> {
    match command {
        IcsCommand::Export { from, to, code, output } => {
            if let (Some(from), Some(to)) = (from, to) {
                import::period_in_order(from, to)?;
            }
            let store = open(db, OpenMode::ReadOnly)?;
            let filter = MeetingFilter { from, to, code, ..MeetingFilter::default() };
            let w = export::calendar(&store, &filter, clock.now)?;
            written(&store, output, &w, "meeting", "meetings")
        }
        IcsCommand::Tasks { as_events, output } => {
            let store = open(db, OpenMode::ReadOnly)?;
            let w = export::tasks(&store, &ActionFilter::default(), as_events, clock.now, clock.today)?;
            written(&store, output, &w, "action", "actions")
        }
        IcsCommand::Invite { meeting, output } => send(db, &meeting, output, clock, false),
        IcsCommand::Cancel { meeting, output } => send(db, &meeting, output, clock, true),
        IcsCommand::Import { file, from, to, json } => {
            let mut store = open(db, OpenMode::Create)?;
            let opts = import::Options { from, to, ..import::Options::new(clock.today) };
            let report = import::import_file(&mut store, &file, &opts)?;
            if json {
                print_json(&report)
            } else {
                print(&report_text(&report))
            }
        }
    }
}
