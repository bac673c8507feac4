//! `code-register flash MEETING`: the meeting flash as a PDF (the default), as text on
//! standard output (`--text`) or as an e-mail draft with the PDF attached (`--eml`); the
//! release version with `--redacted`. What the officer should know (a made-up header, people
//! who cannot be addressed, characters no font shows) goes to standard error.

use std::io::Write;
use std::path::PathBuf;

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
    /// Write the e-mail draft (.eml, opened as a draft by Outlook) with the PDF attached.
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

pub fn run(db: Option<PathBuf>, args: FlashArgs, clock: &Clock) -> Result<()> {
    let store = super::open(db, OpenMode::ReadOnly)?;
    let (_, flash) = flash::of_stored(&store, &args.meeting, args.redacted)?;
    tell(&flash);
    if args.text {
        return super::print(&flash::text::render(&flash));
    }
    let extension = if args.eml { "eml" } else { "pdf" };
    let path = args.output.unwrap_or_else(|| PathBuf::from(flash::file_name(&flash, extension)));
    let write =
        |bytes: &[u8]| files::save(store.path(), &path, |file| file.write_all(bytes).map_err(|e| Error::io(&path, e)));
    let version = if flash.redacted { "release version" } else { "internal version" };
    if args.eml {
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
