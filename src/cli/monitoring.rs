//! `code-register monitoring`: the figures of a Code's exercises from and to the long CSV
//! format, and the table of an indicator across exercises.

use std::path::PathBuf;

use clap::Subcommand;

use code_register::error::Result;
use code_register::error::{Error, FieldProblem};
use code_register::files;
use code_register::monitoring::{chart, csv, table};
use code_register::store::OpenMode;

#[derive(Subcommand, Debug)]
pub enum MonitoringCommand {
    /// Store the figures of a long CSV file (exercise, organisation, indicator, value), all or nothing.
    Import {
        file: PathBuf,
        /// The Code of the rows without a code column (default: the Code whose key begins the file's name, else the register's only Code).
        #[arg(long, value_name = "KEY")]
        code: Option<String>,
        /// Add the organisations the register lacks (a platform, signatory of the Code) instead of refusing their rows.
        #[arg(long)]
        create_organisations: bool,
    },
    /// The figures in the same long CSV format.
    Export {
        /// Only this Code's figures.
        #[arg(long, value_name = "KEY")]
        code: Option<String>,
        /// Write to FILE (replaced whole, never half-written) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A Code's indicators across its exercises: organisations as rows, the change against the previous exercise.
    Show {
        #[arg(long, value_name = "KEY")]
        code: String,
        /// Only this indicator.
        #[arg(long, value_name = "KEY")]
        indicator: Option<String>,
        /// Only this organisation (and the average).
        #[arg(long, value_name = "KEY")]
        org: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A chart of one indicator: a line per organisation (and the average) across the exercises, or with --exercise the bars of one exercise.
    Chart {
        #[arg(long, value_name = "KEY")]
        code: String,
        #[arg(long, value_name = "KEY")]
        indicator: String,
        /// An organisation to draw (repeatable; default: every one with a figure). The average is always drawn.
        #[arg(long = "org", value_name = "KEY")]
        orgs: Vec<String>,
        /// A bar chart of this exercise's figures by organisation.
        #[arg(long, value_name = "KEY")]
        exercise: Option<String>,
        /// The file to write, FILE.svg or FILE.png (replaced whole, never half-written).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

pub fn run(db: Option<PathBuf>, command: MonitoringCommand) -> Result<()> {
    match command {
        MonitoringCommand::Import { file, code, create_organisations } => {
            let bytes = files::read_capped(&file, csv::FILE_LIMIT, "monitoring files")?;
            let mut store = super::open(db, OpenMode::MustExist)?;
            let code = match code {
                Some(code) => Some(code),
                None => csv::code_named_by(&store, &file)?,
            };
            let options = csv::ImportOptions { code, create_organisations };
            let s = csv::import(&mut store, &bytes, &options)?;
            super::print(&format!(
                "Imported {}: exercises {} added, {} replaced; indicators {} added, {} replaced; results {} added, {} changed; organisations {} added\n",
                file.display(),
                s.exercises_added,
                s.exercises_replaced,
                s.indicators_added,
                s.indicators_replaced,
                s.results_added,
                s.results_changed,
                s.organisations_added
            ))
        }
        MonitoringCommand::Export { code, output } => {
            let store = super::open(db, OpenMode::ReadOnly)?;
            match output {
                None => csv::write(&store, code.as_deref(), std::io::stdout().lock()),
                Some(path) => {
                    files::save(store.path(), &path, |file| csv::write(&store, code.as_deref(), file)).map(drop)
                }
            }
        }
        MonitoringCommand::Show { code, indicator, org, json } => {
            let store = super::open(db, OpenMode::ReadOnly)?;
            let t = table::table(&store, &code, indicator.as_deref(), org.as_deref())?;
            if json {
                super::print_json(&t)
            } else {
                super::print(&table::render(&t))
            }
        }
        MonitoringCommand::Chart { code, indicator, orgs, exercise, output } => {
            let store = super::open(db, OpenMode::ReadOnly)?;
            let request = chart::Request { code, indicator, organisations: orgs, exercise };
            // Every problem at once: the arguments' and the output's.
            let format = chart::Format::of_path(&output);
            let mut problems = chart::prepare(&store, &request).err().unwrap_or_default();
            if format.is_none() {
                problems.push(FieldProblem {
                    field: "-o".into(),
                    message: format!("{} must end in .svg or .png", output.display()),
                });
            }
            let Some(format) = format.filter(|_| problems.is_empty()) else {
                return Err(Error::Invalid { problems });
            };
            let drawn = chart::chart(&store, &request, format)?;
            files::save(store.path(), &output, |file| {
                use std::io::Write;
                file.write_all(&drawn.bytes).map_err(|source| Error::Write { path: output.clone(), source })
            })
            .map(drop)
        }
    }
}
