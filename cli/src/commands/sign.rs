//! `annex sign`.

use std::path::PathBuf;

/// Sign plugin modules in place.
///
/// Appends an `annex.signature` section (Ed25519, over the whole module,
/// manifest included), replacing any earlier signature, and updates the
/// module's entry in a catalog.json beside it. The key comes from
/// --key, or from ANNEX_SIGNING_KEY (64 hex digits).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The key file (see `annex keygen`).
    #[arg(long, value_name = "KEY_FILE")]
    key: Option<PathBuf>,
    /// The modules.
    #[arg(required = true)]
    modules: Vec<PathBuf>,
}

pub fn run(args: Args) -> annex_cli::Result {
    let key = match (&args.key, annex_cli::keys::from_env()) {
        (Some(file), _) => annex_cli::keys::read(file)?,
        (None, Some(key)) => key?,
        (None, None) => {
            return Err(annex_cli::Error::Usage(
                "no key: pass --key <file> (see `annex keygen`) or set ANNEX_SIGNING_KEY".into(),
            ))
        }
    };
    for module in &args.modules {
        let public = annex_cli::keys::sign_file(module, &key)?;
        eprintln!("signed {} with key:{public}", module.display());
        // A catalog beside it lists the module's hash: keep it true.
        let (dir, file) =
            (module.parent().unwrap_or(std::path::Path::new(".")), module.file_name());
        if let Some(file) = file.and_then(|f| f.to_str()) {
            if annex_cli::catalog::refresh_entry(dir, file)? {
                eprintln!("updated its entry in {}", dir.join("catalog.json").display());
            }
        }
    }
    Ok(())
}
