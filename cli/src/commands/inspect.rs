//! `annex inspect`.

use std::path::PathBuf;

/// Show what a plugin module is and asks for, without running it.
///
/// Prints its manifest (id, version, what it offers, the permissions it
/// requests and why), every import with the permission it needs, its size
/// and hash, and its signature with the key that made it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The module.
    module: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[allow(clippy::print_stdout, reason = "the report is the output")]
pub fn run(args: Args) -> annex_cli::Result {
    let bytes = std::fs::read(&args.module).map_err(annex_cli::Error::io(&args.module))?;
    let report = annex_cli::inspect::inspect(&args.module.display().to_string(), &bytes)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("reports serialize"));
    } else {
        print!("{report}");
    }
    Ok(())
}
