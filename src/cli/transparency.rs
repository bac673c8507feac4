//! `code-register transparency`: the meetings waiting for publication, a meeting's publication
//! and scope, and the publication list as CSV.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use code_register::error::{Error, Result};
use code_register::model::TransparencyScope;
use code_register::store::transparency::{MeetingTransparency, PendingPublication};
use code_register::store::OpenMode;
use code_register::text::printable;
use code_register::transparency::PublicationState;
use code_register::{files, Clock};

use super::table::Table;

/// `in-scope`, `exempt` or `auto` (the rules decide).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeChoice {
    Set(TransparencyScope),
    Auto,
}

fn scope_arg(text: &str) -> Result<ScopeChoice, String> {
    match text {
        "auto" => Ok(ScopeChoice::Auto),
        other => TransparencyScope::parse(other).map(ScopeChoice::Set).map_err(|_| {
            format!("unknown scope {}, expected in-scope, exempt or auto", code_register::text::quoted(other))
        }),
    }
}

#[derive(Subcommand, Debug)]
pub enum TransparencyCommand {
    /// Held meetings in scope not published yet, by due date (14 days after the meeting).
    Pending {
        /// The date the deadlines are counted from (default: today).
        #[arg(long, value_parser = super::date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Where one meeting stands: scope (suggested, set by hand), publication, deadline.
    Status {
        meeting: String,
        #[arg(long, value_parser = super::date_arg)]
        today: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record the day a meeting was published, or take the publication back (--undo).
    Publish {
        meeting: String,
        /// The day it was published (YYYY-MM-DD).
        #[arg(long, value_parser = super::date_arg, required_unless_present = "undo", conflicts_with = "undo")]
        on: Option<NaiveDate>,
        /// Take the publication back: the meeting waits for publication again.
        #[arg(long)]
        undo: bool,
        /// The date publication dates may not be after (default: today).
        #[arg(long, value_parser = super::date_arg)]
        today: Option<NaiveDate>,
    },
    /// Set a meeting's scope by hand (with --reason), or give it back to the rules (auto).
    Scope {
        meeting: String,
        /// in-scope, exempt or auto.
        #[arg(value_parser = scope_arg)]
        scope: ScopeChoice,
        /// Why the scope is set by hand (required with in-scope and exempt).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// The publication list of a period as CSV (UTF-8 with a byte-order mark, for Excel).
    Export {
        /// First local date included (YYYY-MM-DD).
        #[arg(long, value_parser = super::date_arg)]
        from: NaiveDate,
        /// Last local date included (YYYY-MM-DD).
        #[arg(long, value_parser = super::date_arg)]
        to: NaiveDate,
        /// The "Name of DG/Cabinet" column (default: the setting, else my organisation).
        #[arg(long, value_name = "NAME")]
        dg: Option<String>,
        /// Write to FILE (replaced whole, never half-written) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn days_left(days: i64) -> String {
    match days {
        d if d < 0 => format!("{d} (late)"),
        0 => "0 (today)".into(),
        d => d.to_string(),
    }
}

/// The organisations flagged, by their short names.
fn unregistered(p: &PendingPublication) -> String {
    p.representatives
        .iter()
        .filter(|r| r.unregistered)
        .map(|r| r.acronym.clone().unwrap_or_else(|| r.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pending_table(rows: &[PendingPublication]) -> String {
    if rows.is_empty() {
        return "No meeting waits for publication.\n".into();
    }
    let mut t = Table::new(&[
        ("DUE", None),
        ("DAYS LEFT", None),
        ("DATE", None),
        ("TITLE", Some(56)),
        ("KEY", None),
        ("UNREGISTERED", Some(40)),
    ]);
    for p in rows {
        t.row(vec![
            p.due.clone(),
            days_left(p.days_left),
            p.start.get(..10).unwrap_or(&p.start).to_string(),
            p.title.clone(),
            p.key.clone(),
            unregistered(p),
        ]);
    }
    let late = rows.iter().filter(|p| p.late).count();
    let flagged = rows.iter().filter(|p| !p.unregistered.is_empty()).count();
    let mut out = t.render();
    out.push_str(&format!(
        "\n{} waiting for publication, {late} late; {flagged} with an organisation not in the Transparency Register.\n",
        if rows.len() == 1 { "1 meeting".to_string() } else { format!("{} meetings", rows.len()) }
    ));
    out
}

fn state_line(s: &MeetingTransparency) -> String {
    let state = match s.state {
        PublicationState::NotHeld => "not held: nothing to publish".to_string(),
        PublicationState::Upcoming => "held, dated after today: not due yet".to_string(),
        PublicationState::Exempt => "exempt: not published".to_string(),
        PublicationState::Published => format!("published on {}", s.published.as_deref().unwrap_or("?")),
        PublicationState::Due | PublicationState::Late => {
            let due = s.due.as_deref().unwrap_or("?");
            match s.days_left.unwrap_or_default() {
                0 => format!("to publish by {due}: due today"),
                1 => format!("to publish by {due}: 1 day left"),
                -1 => format!("to publish by {due}: 1 day late"),
                d if d < 0 => format!("to publish by {due}: {} days late", -d),
                d => format!("to publish by {due}: {d} days left"),
            }
        }
    };
    format!("{}: {state}\n", s.key)
}

fn status_text(s: &MeetingTransparency) -> String {
    let mut out = state_line(s);
    let scope = if s.scope.by_hand {
        format!(
            "{} (set by hand; the rules suggest {}): {}",
            s.scope.scope,
            s.scope.suggested,
            s.scope.reason.as_deref().unwrap_or("no reason given")
        )
    } else {
        format!("{} (as the rules suggest)", s.scope.scope)
    };
    out.push_str(&format!("  scope      {}\n", printable(&scope.replace('\n', " "))));
    for r in &s.representatives {
        let number = r.register_id.clone().unwrap_or_else(|| "NOT IN THE TRANSPARENCY REGISTER".into());
        out.push_str(&format!("  {:<10} {} ({number})\n", "interest", printable(&r.name)));
    }
    out
}

pub fn run(db: Option<PathBuf>, command: TransparencyCommand, clock: &Clock) -> Result<()> {
    match command {
        TransparencyCommand::Pending { today, json } => {
            let store = super::open(db, OpenMode::ReadOnly)?;
            let rows = store.transparency_pending(today.unwrap_or(clock.today))?;
            if json {
                super::print_json(&rows)
            } else {
                super::print(&pending_table(&rows))
            }
        }
        TransparencyCommand::Status { meeting, today, json } => {
            let store = super::open(db, OpenMode::ReadOnly)?;
            let status = store.meeting_transparency(&meeting, today.unwrap_or(clock.today))?;
            if json {
                super::print_json(&status)
            } else {
                super::print(&status_text(&status))
            }
        }
        TransparencyCommand::Publish { meeting, on, undo, today } => {
            let mut store = super::open(db, OpenMode::MustExist)?;
            let today = today.unwrap_or(clock.today);
            let status = match (on, undo) {
                (_, true) => store.unpublish_meeting(&meeting, today)?,
                (Some(on), false) => store.publish_meeting(&meeting, on, today)?,
                (None, false) => return Err(Error::BadArgument("give --on DATE or --undo".into())),
            };
            super::print(&state_line(&status))
        }
        TransparencyCommand::Scope { meeting, scope, reason } => {
            let mut store = super::open(db, OpenMode::MustExist)?;
            let scope = match scope {
                ScopeChoice::Set(scope) => Some(scope),
                ScopeChoice::Auto => None,
            };
            let reason = reason.filter(|r| !r.trim().is_empty());
            match (scope, &reason) {
                (Some(scope), None) => {
                    return Err(Error::BadArgument(format!(
                        "setting the scope by hand ({scope}) needs a reason: add --reason TEXT saying why"
                    )))
                }
                (None, Some(_)) => {
                    return Err(Error::BadArgument(
                        "auto gives the scope back to the rules and takes no --reason".into(),
                    ))
                }
                _ => {}
            }
            let status = store.set_transparency_scope(&meeting, scope, reason.as_deref(), clock.today)?;
            super::print(&status_text(&status))
        }
        TransparencyCommand::Export { from, to, dg, output } => {
            let store = super::open(db, OpenMode::ReadOnly)?;
            let dg = match dg {
                Some(dg) => dg,
                None => store.dg_cabinet()?,
            };
            match output {
                None => store.write_publication(from, to, &dg, std::io::stdout().lock()).map(drop),
                Some(path) => {
                    let mut count = 0;
                    files::save(store.path(), &path, |file| {
                        count = store.write_publication(from, to, &dg, file)?;
                        Ok(())
                    })?;
                    super::print(&format!(
                        "Wrote {}: {} from {from} to {to}\n",
                        path.display(),
                        if count == 1 { "1 meeting".to_string() } else { format!("{count} meetings") }
                    ))
                }
            }
        }
    }
}
