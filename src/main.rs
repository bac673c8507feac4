//! `code-register`: the command line over the register. Every command is one call into the
//! library; this file parses arguments, reads the clock once, prints, and maps errors to
//! exit statuses (2: bad input, 1: anything else).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Args as clap::Parser>::parse();
    let clock = code_register::Clock::system();
    match cli::run(args, &clock) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = err.to_string().replace('\n', " ");
            eprintln!("code-register: {message}");
            ExitCode::from(if err.is_bad_input() { 2 } else { 1 })
        }
    }
}
