//! The commands, as clap parses them; each module's doc comment is its help.

mod build;
mod dev;
mod inspect;
mod keygen;
mod new;
mod sign;
mod test;

use clap::{Parser, Subcommand};

/// Create, build, sign, inspect, test and hot-reload Annex plugins.
#[derive(Debug, Parser)]
#[command(name = "annex", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    New(new::Args),
    Build(build::Args),
    Keygen(keygen::Args),
    Sign(sign::Args),
    Inspect(inspect::Args),
    Test(test::Args),
    Dev(dev::Args),
}

/// Runs the command `cli` names.
pub fn run(cli: Cli) -> annex_cli::Result {
    match cli.command {
        Command::New(args) => new::run(args),
        Command::Build(args) => build::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Test(args) => test::run(args),
        Command::Dev(args) => dev::run(args),
    }
}
