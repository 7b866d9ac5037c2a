//! `annex keygen`.

use std::path::PathBuf;

/// Make an Ed25519 signing key for plugins.
///
/// Writes the secret key to FILE (readable by you only) and the public key,
/// which hosts list in `SignaturePolicy::trusting`, to FILE.pub. Refuses to
/// overwrite a key.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the key.
    #[arg(default_value = "annex-signing.key")]
    file: PathBuf,
}

// The public key is the command's answer: it goes to stdout, for scripts.
#[allow(clippy::print_stdout, reason = "the public key is the output")]
pub fn run(args: Args) -> annex_cli::Result {
    let key = annex_cli::keys::generate()?;
    let public = annex_cli::keys::write(&key, &args.file)?;
    eprintln!("secret key: {} (keep it out of version control)", args.file.display());
    eprintln!("public key: {}", public.display());
    println!("{}", annex_cli::keys::public_hex(&key));
    Ok(())
}
