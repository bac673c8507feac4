//! Arguments and commands of `code-register`. The names are a contract: scripts, the
//! Makefile and the tests call them.

mod bench;
mod brief;
mod flash;
mod ics;
mod monitoring;
mod show;
mod table;
mod transparency;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use code_register::error::{Error, Result};
use code_register::model::{ActionStatus, MeetingKind, MeetingStatus};
use code_register::store::{self, ActionFilter, MeetingFilter, OpenMode, SortOrder, Store};
use code_register::{demo, files, time, Clock};

#[derive(Parser, Debug)]
#[command(
    name = "code-register",
    version,
    about = "The register of meetings, points discussed and agreed actions for the EU's voluntary Codes",
    after_help = "The register is --db PATH, else $CODE_REGISTER_DB, else register.sqlite3 in the platform data directory."
)]
pub struct Args {
    /// The register file (SQLite).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

fn date_arg(text: &str) -> Result<NaiveDate, String> {
    time::parse_date(text)
}

fn meeting_status_arg(text: &str) -> Result<MeetingStatus, String> {
    MeetingStatus::parse(text)
}

fn meeting_kind_arg(text: &str) -> Result<MeetingKind, String> {
    MeetingKind::parse(text)
}

fn action_status_arg(text: &str) -> Result<ActionStatus, String> {
    ActionStatus::parse(text)
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create the register (or bring an older one up to date).
    Init,
    /// Upsert every record of a code-register/1 document, all or nothing.
    ImportJson {
        /// The document; `-` reads standard input.
        file: PathBuf,
    },
    /// Write the whole register as a code-register/1 document.
    ExportJson {
        /// Write to FILE (replaced whole, never half-written) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List meetings by date, newest first.
    Meetings {
        /// First local date included (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        from: Option<NaiveDate>,
        /// Last local date included (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        to: Option<NaiveDate>,
        /// Only meetings under this Code.
        #[arg(long, value_name = "KEY")]
        code: Option<String>,
        /// Only meetings this organisation took part in (itself or through its people).
        #[arg(long, value_name = "KEY")]
        org: Option<String>,
        /// planned, held or cancelled.
        #[arg(long, value_parser = meeting_status_arg)]
        status: Option<MeetingStatus>,
        /// meeting, workshop, assembly, technical, roundtable, annual or call.
        #[arg(long, value_parser = meeting_kind_arg)]
        kind: Option<MeetingKind>,
        /// Oldest first instead of newest first.
        #[arg(long)]
        asc: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Everything about one meeting.
    Meeting {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Agreed actions by due date.
    Actions {
        /// Only open and in-progress actions.
        #[arg(long)]
        open: bool,
        /// Only open and in-progress actions past their due date.
        #[arg(long)]
        overdue: bool,
        /// A person's actions, or an organisation's (its own and its people's).
        #[arg(long, value_name = "KEY")]
        owner: Option<String>,
        #[arg(long, value_name = "KEY")]
        code: Option<String>,
        /// open, in-progress, done or dropped.
        #[arg(long, value_parser = action_status_arg)]
        status: Option<ActionStatus>,
        /// Only actions due on or before this date.
        #[arg(long, value_parser = date_arg)]
        due_by: Option<NaiveDate>,
        /// The date overdue is measured against (default: today).
        #[arg(long, value_parser = date_arg)]
        today: Option<NaiveDate>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over meetings, points, actions, follow-ups, people and organisations.
    Search {
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Fill an empty register with a realistic synthetic one, the same for the same seed.
    Demo {
        #[arg(long, default_value_t = 1000)]
        meetings: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The meeting flash: a PDF, its text (--text) or an e-mail draft (--eml); --redacted for the release version.
    Flash(flash::FlashArgs),
    /// Calendar files (.ics): export meetings and actions, send invitations and cancellations, import.
    Ics {
        #[command(subcommand)]
        command: ics::IcsCommand,
    },
    /// Transparency: meetings waiting for publication, publication and scope, the CSV list.
    Transparency {
        #[command(subcommand)]
        command: transparency::TransparencyCommand,
    },
    /// Monitoring: the figures of a Code's exercises per organisation and indicator (CSV in and out, tables).
    Monitoring {
        #[command(subcommand)]
        command: monitoring::MonitoringCommand,
    },
    /// An organisation's brief: its meetings, the points it made and the actions it owes, as a PDF.
    Brief(brief::BriefArgs),
    /// Measure the register's speed on a demo register in a temporary directory.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        meetings: u32,
        #[arg(long)]
        json: bool,
    },
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    // Buffered: standard output is line-buffered, and a long report has a line per field.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| Error::Malformed(e.to_string()))?;
    writeln!(out).and_then(|()| out.flush()).map_err(|e| Error::io("standard output", e))
}

fn print(text: &str) -> Result<()> {
    std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| Error::io("standard output", e))
}

fn open(db: Option<PathBuf>, mode: OpenMode) -> Result<Store> {
    Store::open(&store::resolve_path(db)?, mode)
}

pub fn run(args: Args, clock: &Clock) -> Result<()> {
    match args.command {
        Command::Init => {
            let store = Store::init(&store::resolve_path(args.db)?)?;
            let counts = store.counts()?;
            print(&format!(
                "Register ready at {} ({} meetings, {} organisations, {} people)\n",
                store.path().display(),
                counts.meetings,
                counts.organisations,
                counts.people
            ))
        }
        Command::ImportJson { file } => {
            let bytes = read_input(&file)?;
            let doc = files::parse_named(&file, &bytes)?;
            let mut store = open(args.db, OpenMode::Create)?;
            let s = store.import(doc)?;
            print(&format!(
                "Imported {}: meetings {} added, {} replaced; organisations {} added, {} replaced; people {} added, {} replaced; codes {} added, {} replaced\n",
                file.display(),
                s.meetings_added,
                s.meetings_replaced,
                s.organisations_added,
                s.organisations_replaced,
                s.people_added,
                s.people_replaced,
                s.codes_added,
                s.codes_replaced
            ))?;
            // Said only when the document holds monitoring, so other imports read as before.
            if s.exercises_added + s.exercises_replaced + s.indicators_added + s.indicators_replaced > 0
                || s.results_added + s.results_changed > 0
            {
                print(&format!(
                    "Monitoring: exercises {} added, {} replaced; indicators {} added, {} replaced; results {} added, {} changed\n",
                    s.exercises_added,
                    s.exercises_replaced,
                    s.indicators_added,
                    s.indicators_replaced,
                    s.results_added,
                    s.results_changed
                ))?;
            }
            Ok(())
        }
        Command::ExportJson { output } => {
            let store = open(args.db, OpenMode::ReadOnly)?;
            let stamp = clock.stamp();
            match output {
                None => store.export(&stamp, std::io::stdout().lock()),
                Some(path) => files::save(store.path(), &path, |file| store.export(&stamp, file)).map(drop),
            }
        }
        Command::Meetings { from, to, code, org, status, kind, asc, limit, offset, json } => {
            let store = open(args.db, OpenMode::ReadOnly)?;
            let filter = MeetingFilter {
                from,
                to,
                code,
                organisation: org,
                status,
                kind,
                text: None,
                person: None,
                flash_pending: false,
                limit,
                offset,
                order: if asc { SortOrder::Asc } else { SortOrder::Desc },
            };
            let rows = store.meetings_page(&filter)?;
            if json {
                print_json(&rows)
            } else {
                print(&show::meetings(&rows))
            }
        }
        Command::Meeting { key, json } => {
            let store = open(args.db, OpenMode::ReadOnly)?;
            let meeting = store.meeting(&key)?;
            if json {
                print_json(&meeting)
            } else {
                print(&show::meeting(&store, &meeting)?)
            }
        }
        Command::Actions { open: only_open, overdue, owner, code, status, due_by, today, limit, offset, json } => {
            let store = open(args.db, OpenMode::ReadOnly)?;
            let filter =
                ActionFilter { open: only_open, overdue, owner, code, status, due_by, due_from: None, limit, offset };
            let rows = store.actions_page(&filter, today.unwrap_or(clock.today))?;
            if json {
                print_json(&rows)
            } else {
                print(&show::actions(&rows))
            }
        }
        Command::Search { text, limit, json } => {
            let store = open(args.db, OpenMode::ReadOnly)?;
            let hits = store.search(&text, limit)?;
            if json {
                print_json(&hits)
            } else {
                print(&show::hits(&hits))
            }
        }
        Command::Demo { meetings, seed } => {
            let mut store = open(args.db, OpenMode::Create)?;
            let held = store.counts()?.meetings;
            if held > 0 {
                return Err(Error::BadArgument(format!(
                    "{} already holds {held} meetings; demo fills an empty register only",
                    store.path().display()
                )));
            }
            let started = std::time::Instant::now();
            demo::fill(&mut store, meetings, seed, clock.today)?;
            let c = store.counts()?;
            print(&format!(
                "Demo register at {}: {} meetings, {} participants, {} points, {} actions, {} organisations, {} people ({:.1} s)\n",
                store.path().display(),
                c.meetings,
                c.participants,
                c.points,
                c.actions,
                c.organisations,
                c.people,
                started.elapsed().as_secs_f64()
            ))
        }
        Command::Flash(flash_args) => flash::run(args.db, flash_args, clock),
        Command::Ics { command } => ics::run(args.db, command, clock),
        Command::Transparency { command } => transparency::run(args.db, command, clock),
        Command::Monitoring { command } => monitoring::run(args.db, command),
        Command::Brief(brief_args) => brief::run(args.db, brief_args, clock),
        Command::Bench { meetings, json } => bench::run(meetings, json, clock),
    }
}

/// The document to import: a file, or standard input for `-`, either capped at
/// `files::REGISTER_FILE_LIMIT`; a file must be an ordinary one.
fn read_input(file: &Path) -> Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        files::read_capped_from(std::io::stdin().lock(), "standard input", files::REGISTER_FILE_LIMIT, "register files")
    } else {
        files::read_register_file(file)
    }
}
