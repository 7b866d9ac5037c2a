//! `catalog.json`: the list of plugins a site offers, written from the
//! modules themselves (URL, SHA-256, size and a copy of each manifest).

use std::fs;
use std::path::{Path, PathBuf};

use annex_protocol::catalog::{Catalog, CatalogEntry};
use annex_protocol::Manifest;
use sha2::Digest;

use crate::{Error, Result};

/// The manifest embedded in a module, validated.
pub fn manifest_of(module: &[u8], file: &str) -> Result<Manifest> {
    let info = annex_module::inspect(module)
        .map_err(|source| Error::Module { file: file.to_owned(), source })?;
    let Some(section) = info.manifest else {
        return Err(Error::Manifest {
            file: file.to_owned(),
            reason: format!(
                "has no `{}` section (build it with `annex build`, from a crate that calls \
                 `annex_sdk::export_plugin!`)",
                annex_protocol::abi::MANIFEST_SECTION
            ),
        });
    };
    let parsed = Manifest::from_json(&section)
        .map_err(|e| Error::Manifest { file: file.to_owned(), reason: e.to_string() })?;
    Ok(parsed.manifest)
}

/// SHA-256 of `bytes`, lowercase hex (the catalog's and the cache's key).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The catalog entry of a module served at `url` (relative to the catalog).
pub fn entry(url: &str, module: &[u8]) -> Result<CatalogEntry> {
    Ok(CatalogEntry {
        url: url.to_owned(),
        sha256: sha256_hex(module),
        size: module.len() as u64,
        manifest: manifest_of(module, url)?,
    })
}

/// Writes `dir/catalog.json` listing the `.wasm` files named in `files`
/// (names relative to `dir`), checks it reads back, and returns its path.
pub fn write(dir: &Path, files: &[String]) -> Result<PathBuf> {
    let mut plugins = Vec::new();
    for file in files {
        let path = dir.join(file);
        let bytes = fs::read(&path).map_err(Error::io(&path))?;
        plugins.push(entry(file, &bytes)?);
    }
    let catalog = Catalog::new(plugins);
    let json = serde_json::to_string_pretty(&catalog).expect("catalogs serialize");
    let path = dir.join("catalog.json");
    Catalog::from_json(json.as_bytes())
        .map_err(|e| Error::Manifest { file: path.display().to_string(), reason: e.to_string() })?;
    fs::write(&path, json + "\n").map_err(Error::io(&path))?;
    Ok(path)
}

/// After `file` in `dir` changed (e.g. was signed), updates its entry in
/// `dir/catalog.json` if the catalog lists it; returns whether it did.
pub fn refresh_entry(dir: &Path, file: &str) -> Result<bool> {
    let path = dir.join("catalog.json");
    let Ok(text) = fs::read(&path) else { return Ok(false) };
    let mut catalog = Catalog::from_json(&text)
        .map_err(|e| Error::Manifest { file: path.display().to_string(), reason: e.to_string() })?;
    let Some(listed) = catalog.plugins.iter_mut().find(|e| e.url == file) else {
        return Ok(false);
    };
    let module = dir.join(file);
    let bytes = fs::read(&module).map_err(Error::io(&module))?;
    *listed = entry(file, &bytes)?;
    let json = serde_json::to_string_pretty(&catalog).expect("catalogs serialize");
    fs::write(&path, json + "\n").map_err(Error::io(&path))?;
    Ok(true)
}
