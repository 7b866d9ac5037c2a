//! Signing keys: made by `annex keygen`, used by `annex sign` and
//! `annex build --sign`.
//!
//! A key file holds the Ed25519 seed as 64 hex digits on one line (lines
//! starting with `#` are comments); it is written readable by its owner only.
//! The public key, which hosts list in `SignaturePolicy::trusting`, goes
//! beside it in `<file>.pub`. `ANNEX_SIGNING_KEY` may hold the seed instead
//! of a file (for CI secrets).

use std::fs;
use std::path::{Path, PathBuf};

pub use annex_module::signature::SigningKey;

use crate::{Error, Result};

/// A fresh key from the operating system's random source.
pub fn generate() -> Result<SigningKey> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::Key {
        path: PathBuf::from("<random source>"),
        reason: format!("cannot read random bytes: {e}"),
    })?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The public key in hex, as hosts list it.
pub fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

/// Writes `key` to `path` (owner-only) and its public key to `path.pub`.
/// Refuses to overwrite an existing key file.
pub fn write(key: &SigningKey, path: &Path) -> Result<PathBuf> {
    if path.exists() {
        return Err(Error::Key {
            path: path.to_owned(),
            reason: "exists already; move it away or choose another file".into(),
        });
    }
    let text = format!(
        "# Annex plugin signing key (Ed25519 seed). Keep it secret.\n# public key: {}\n{}\n",
        public_hex(key),
        hex::encode(key.to_bytes())
    );
    write_private(path, text.as_bytes())?;
    let public = path.with_extension("pub");
    fs::write(&public, format!("{}\n", public_hex(key))).map_err(Error::io(&public))?;
    Ok(public)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> Result {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(Error::io(path))?;
    file.write_all(bytes).map_err(Error::io(path))
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> Result {
    fs::write(path, bytes).map_err(Error::io(path))
}

/// Reads a key file.
pub fn read(path: &Path) -> Result<SigningKey> {
    let text = fs::read_to_string(path).map_err(Error::io(path))?;
    parse(&text).map_err(|reason| Error::Key { path: path.to_owned(), reason })
}

/// The key in `ANNEX_SIGNING_KEY`, if set.
pub fn from_env() -> Option<Result<SigningKey>> {
    let text = std::env::var("ANNEX_SIGNING_KEY").ok()?;
    Some(parse(&text).map_err(|reason| Error::Key { path: "ANNEX_SIGNING_KEY".into(), reason }))
}

fn parse(text: &str) -> std::result::Result<SigningKey, String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    let seed = lines.next().ok_or("holds no key")?;
    if lines.next().is_some() {
        return Err("holds more than one line besides comments".into());
    }
    let seed: [u8; 32] = hex::decode(seed)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or("must hold 64 hex digits (a 32-byte Ed25519 seed)")?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Signs the module file at `path` in place; returns the public key in hex.
pub fn sign_file(path: &Path, key: &SigningKey) -> Result<String> {
    let bytes = fs::read(path).map_err(Error::io(path))?;
    annex_module::inspect(&bytes)
        .map_err(|source| Error::Module { file: path.display().to_string(), source })?;
    let signed = annex_module::signature::sign(&bytes, key);
    fs::write(path, signed).map_err(Error::io(path))?;
    Ok(public_hex(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_key_reads_back_and_its_public_half_sits_beside_it() {
        let dir = std::env::temp_dir().join(format!("annex-keys-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let key = SigningKey::from_bytes(&[9; 32]);
        let public = write(&key, &dir.join("site.key")).unwrap();
        assert_eq!(read(&dir.join("site.key")).unwrap().to_bytes(), key.to_bytes());
        assert_eq!(fs::read_to_string(public).unwrap().trim(), public_hex(&key));
        let again = write(&key, &dir.join("site.key")).unwrap_err();
        assert!(again.to_string().contains("exists already"), "{again}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join("site.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn malformed_keys_say_what_a_key_file_holds() {
        let short = "00".repeat(31);
        let cases = [
            ("", "holds no key"),
            ("# only a comment\n", "holds no key"),
            ("abc", "64 hex digits"),
            (short.as_str(), "64 hex digits"),
            ("aa\nbb", "more than one line"),
        ];
        for (text, expected) in cases {
            let error = parse(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        assert!(parse(&format!("# c\n{}\n", "01".repeat(32))).is_ok());
    }
}
