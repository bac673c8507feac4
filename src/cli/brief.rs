//! `code-register brief ORG`: everything an organisation said and owes, as a PDF (or as JSON,
//! the data the window shows).

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use code_register::error::{Error, Result};
use code_register::store::OpenMode;
use code_register::text::printable;
use code_register::{brief, files, Clock};

#[derive(clap::Args, Debug)]
pub struct BriefArgs {
    /// The organisation's key.
    organisation: String,
    /// Only meetings from this local date on (YYYY-MM-DD); by default its whole history.
    #[arg(long, value_parser = super::date_arg)]
    from: Option<NaiveDate>,
    /// The file to write (replaced whole, never half-written); by default
    /// brief-ORG-FROM.pdf in the current directory.
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "json")]
    output: Option<PathBuf>,
    /// Print the brief's data as JSON instead of writing a PDF.
    #[arg(long)]
    json: bool,
    /// The date overdue actions are measured against (default: today).
    #[arg(long, value_parser = super::date_arg)]
    today: Option<NaiveDate>,
}

pub fn run(db: Option<PathBuf>, args: BriefArgs, clock: &Clock) -> Result<()> {
    let store = super::open(db, OpenMode::ReadOnly)?;
    let brief = brief::of_organisation(&store, &args.organisation, args.from, args.today.unwrap_or(clock.today))?;
    if args.json {
        return super::print_json(&brief);
    }
    let name = store.settings()?.name;
    let author = if name.trim().is_empty() { "Code Register".to_string() } else { name };
    let pdf = brief::typeset(&brief, brief::metadata(&brief, &author, clock.now))?;
    for warning in &pdf.warnings {
        eprintln!("code-register: {}", printable(&warning.to_string()));
    }
    let path = args.output.unwrap_or_else(|| PathBuf::from(brief::file_name(&brief)));
    let size = files::save(store.path(), &path, |file| file.write_all(&pdf.bytes).map_err(|e| Error::io(&path, e)))?;
    let pages = if pdf.pages == 1 { "1 page".to_string() } else { format!("{} pages", pdf.pages) };
    let meetings =
        if brief.meetings.len() == 1 { "1 meeting".to_string() } else { format!("{} meetings", brief.meetings.len()) };
    super::print(&format!(
        "Wrote {}: brief of {} ({meetings}, {pages}), {size} bytes\n",
        path.display(),
        printable(&brief.name)
    ))
}
