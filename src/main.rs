//! `code-register`: the command line over the register. Every command is one call into the
//! library; this file parses arguments, reads the clock once, prints, and maps errors to
//! exit statuses (2: bad input, 1: anything else).

mod cli;

use std::process::ExitCode;

use code_register::text::printable;

// mimalloc: a calendar import was a fifth glibc malloc (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The most problems of a refused document printed, one a line; the rest are counted.
const PRINTED_PROBLEMS: usize = 20;

/// The lines that say what went wrong: one per problem of a refused document (at most 20,
/// then how many more), else the error's own line. Nothing unprintable reaches the terminal,
/// whatever text the input held.
fn error_lines(err: &code_register::Error) -> Vec<String> {
    let problems = err.problems();
    if problems.is_empty() {
        return vec![printable(&err.to_string().replace('\n', " ")).into_owned()];
    }
    let mut lines: Vec<String> =
        problems.iter().take(PRINTED_PROBLEMS).map(|p| printable(&p.to_string()).into_owned()).collect();
    match problems.len().saturating_sub(PRINTED_PROBLEMS) {
        0 => {}
        1 => lines.push("… and 1 more problem".into()),
        more => lines.push(format!("… and {more} more problems")),
    }
    lines
}

fn main() -> ExitCode {
    let args = match <cli::Args as clap::Parser>::try_parse() {
        Ok(args) => args,
        // --help and --version: clap's own text on standard output.
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        // An argument clap refuses quotes it as typed: escaped like every other error.
        Err(err) => {
            for line in err.render().to_string().lines() {
                eprintln!("{}", printable(line));
            }
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let clock = code_register::Clock::system();
    match cli::run(args, &clock) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            for line in error_lines(&err) {
                eprintln!("code-register: {line}");
            }
            ExitCode::from(if err.is_bad_input() { 2 } else { 1 })
        }
    }
}

#[cfg(test)]
mod tests {
    use code_register::error::{Error, FieldProblem};

    use super::error_lines;

    fn invalid(n: usize) -> Error {
        Error::Invalid {
            problems: (0..n)
                .map(|i| FieldProblem { field: format!("codes[{i}].title"), message: "must not be empty".into() })
                .collect(),
        }
    }

    #[test]
    fn every_problem_is_a_line_up_to_twenty() {
        assert_eq!(
            error_lines(&invalid(2)),
            ["codes[0].title: must not be empty", "codes[1].title: must not be empty"]
        );
        assert_eq!(error_lines(&invalid(20)).len(), 20);
        let lines = error_lines(&invalid(21));
        assert_eq!(lines.len(), 21);
        assert_eq!(lines[20], "… and 1 more problem");
        assert_eq!(error_lines(&invalid(100))[20], "… and 80 more problems");
    }

    #[test]
    fn nothing_unprintable_reaches_the_terminal() {
        let err = Error::invalid("codes[0].a\u{1b}[2J", "unknown \"\u{202e}x\r\"");
        assert_eq!(error_lines(&err), ["codes[0].a\\u{1b}[2J: unknown \"\\u{202e}x\\u{d}\""]);
        let err = Error::Malformed("one\ntwo\u{7}".into());
        assert_eq!(error_lines(&err), ["one two\\u{7}"]);
    }
}
