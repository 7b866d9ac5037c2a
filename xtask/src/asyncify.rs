//! The Asyncify transform for plugins that import asynchronous host functions.
//!
//! Engines without JavaScript Promise Integration (WebKit) can only suspend a
//! plugin's synchronous call on IndexedDB or `fetch` if the module was built
//! with binaryen's Asyncify pass (see `annex_protocol::abi::SuspensionMode`).
//! Every plugin that imports such a function is transformed once here, so the
//! one module runs in every engine; plugins without them are left alone and
//! pay nothing. Results are kept in `target/annex-asyncify/` by input hash.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use annex_protocol::abi::IMPORT_MODULE;
use annex_protocol::host_api::HOST_FUNCTIONS;
use sha2::Digest;

use crate::cmd::{exec, output, root, Result};

/// The wasm features Rust enables for `wasm32-unknown-unknown`; binaryen
/// must know them to read the module, and adds none beyond them.
const FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `module` transformed with Asyncify when it imports an asynchronous host
/// function; otherwise unchanged.
pub fn transform(module: &[u8]) -> Result<Vec<u8>> {
    let info = annex_module::inspect(module).map_err(|e| e.to_string())?;
    if annex_module::kind::async_imports(&info).is_empty() {
        return Ok(module.to_vec());
    }
    let dir = root().join("target/annex-asyncify");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let key = hex::encode(sha2::Sha256::digest(module));
    let (input, out) = (dir.join(format!("{key}.in.wasm")), dir.join(format!("{key}.wasm")));
    if let Ok(done) = fs::read(&out) {
        return Ok(done);
    }
    fs::write(&input, module).map_err(|e| format!("{}: {e}", input.display()))?;
    // Every asynchronous host function, not only the imported ones: the list
    // names what may unwind, and an absent name costs nothing.
    let all: Vec<String> = HOST_FUNCTIONS
        .iter()
        .filter(|f| f.is_async)
        .map(|f| format!("{IMPORT_MODULE}.{}", f.name))
        .collect();
    let mut command = Command::new(wasm_opt());
    command
        .args(FEATURES)
        // Optimizing first leaves fewer functions to instrument; indirect
        // calls are assumed to reach an import (trait objects do).
        .args(["-Os", "--asyncify"])
        .arg(format!("--pass-arg=asyncify-imports@{}", all.join(",")))
        .arg("-Os")
        .arg(&input)
        .arg("-o")
        .arg(&out);
    exec(&mut command)?;
    let _ = fs::remove_file(&input);
    fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))
}

/// binaryen's `wasm-opt`: `WASM_OPT` if set, else the one on PATH.
pub fn wasm_opt() -> PathBuf {
    std::env::var_os("WASM_OPT").map_or_else(|| PathBuf::from("wasm-opt"), PathBuf::from)
}

/// The installed `wasm-opt`'s version line, if it runs.
pub fn version() -> Option<String> {
    output(Command::new(wasm_opt()).arg("--version")).map(|v| v.trim().to_owned())
}
