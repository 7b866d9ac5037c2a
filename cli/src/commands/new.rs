//! `annex new`.

use std::path::PathBuf;

use annex_cli::scaffold::{self, Family, NewPlugin};

/// Create a plugin crate, with native and browser tests that pass as generated.
///
/// The crate stands on its own (not a member of an enclosing workspace) and
/// depends on annex-sdk from crates.io, or on an Annex checkout with
/// --annex-path. Then: `cd <name> && annex test`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The crate name (a-z, 0-9 and -, starting with a letter).
    name: String,
    /// The API family it implements.
    #[arg(long, default_value = "custom", value_parser = parse_family)]
    family: Family,
    /// The plugin id (reverse-DNS); default com.example.<name>.
    #[arg(long)]
    id: Option<String>,
    /// The folder to create; default ./<name>.
    #[arg(long)]
    path: Option<PathBuf>,
    /// Depend on this Annex checkout's crates instead of crates.io.
    #[arg(long, value_name = "DIR", env = "ANNEX_PATH")]
    annex_path: Option<PathBuf>,
}

fn parse_family(name: &str) -> Result<Family, String> {
    Family::from_name(name).map_err(|e| e.to_string())
}

pub fn run(args: Args) -> annex_cli::Result {
    let dir = args.path.unwrap_or_else(|| PathBuf::from(&args.name));
    let spec = NewPlugin {
        name: args.name,
        family: args.family,
        id: args.id,
        dir: dir.clone(),
        annex_path: args.annex_path,
    };
    let files = scaffold::create(&spec)?;
    if let Err(why) = scaffold::format(&files) {
        eprintln!("annex: warning: the new crate is not formatted: {why}");
    }
    eprintln!("created {} ({} plugin):", dir.display(), spec.family.name());
    for file in files {
        eprintln!("  {}", file.strip_prefix(&dir).unwrap_or(&file).display());
    }
    eprintln!("\nnext: cd {} && annex test", dir.display());
    Ok(())
}
