//! `cargo xtask sign`: signs plugin modules for hosts that check publishers
//! (see `annex_module::signature`).
//!
//! The key is an Ed25519 seed in hex, read from `ANNEX_SIGNING_KEY` so it
//! never appears in shell history or process lists; `--new-key` prints a
//! fresh one (from the operating system's random source).

use std::fs;
use std::io::Read;

use annex_module::signature::{sign, SigningKey};

use crate::cmd::Result;

pub fn run(args: &[String]) -> Result {
    match args {
        [flag] if flag == "--new-key" => new_key(),
        [] => Err(usage()),
        files => {
            let key = key_from_env()?;
            let public = hex::encode(key.verifying_key().to_bytes());
            for file in files {
                let bytes = fs::read(file).map_err(|e| format!("{file}: {e}"))?;
                fs::write(file, sign(&bytes, &key)).map_err(|e| format!("{file}: {e}"))?;
                eprintln!("signed {file} with key:{public}");
            }
            Ok(())
        }
    }
}

fn usage() -> String {
    "usage: ANNEX_SIGNING_KEY=<hex seed> cargo xtask sign <module.wasm>... | cargo xtask sign --new-key"
        .into()
}

fn key_from_env() -> Result<SigningKey> {
    let hex_seed = std::env::var("ANNEX_SIGNING_KEY").map_err(|_| usage())?;
    let seed: [u8; 32] = hex::decode(hex_seed.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("ANNEX_SIGNING_KEY must be 64 hex digits (a 32-byte Ed25519 seed)")?;
    Ok(SigningKey::from_bytes(&seed))
}

// The key is the output: it goes to stdout so it can be redirected to a file.
#[allow(clippy::print_stdout)]
fn new_key() -> Result {
    let mut seed = [0u8; 32];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|e| format!("cannot read /dev/urandom: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    println!("ANNEX_SIGNING_KEY={}", hex::encode(seed));
    println!("public key (give this to hosts): {}", hex::encode(key.verifying_key().to_bytes()));
    Ok(())
}
