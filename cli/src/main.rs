//! `annex`: create, build, sign, inspect, test and hot-reload Annex plugins.
//! One module per command under `commands/`; the work is in the library.

mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("annex: error[{}]: {error}", error.code());
            ExitCode::FAILURE
        }
    }
}
