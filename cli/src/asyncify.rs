//! The Asyncify transform for plugins that import asynchronous host functions.
//!
//! Engines without JavaScript Promise Integration (WebKit) can only suspend a
//! plugin's synchronous call on IndexedDB or `fetch` if the module was built
//! with binaryen's Asyncify pass (see `annex_protocol::abi::SuspensionMode`).
//! Every plugin that imports such a function is transformed once, so the one
//! module runs in every engine; plugins without them are left alone and pay
//! nothing. Results are cached by input hash.

use std::fs;
use std::path::Path;
use std::process::Command;

use annex_protocol::abi::IMPORT_MODULE;
use annex_protocol::host_api::HOST_FUNCTIONS;
use sha2::Digest;

use crate::process::run;
use crate::{tools, Error, Result};

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

/// Whether `module` imports an asynchronous host function (and so needs the
/// transform to run in engines without JSPI).
pub fn needed(module: &[u8], file: &str) -> Result<bool> {
    let info = annex_module::inspect(module)
        .map_err(|source| Error::Module { file: file.to_owned(), source })?;
    Ok(!annex_module::kind::async_imports(&info).is_empty())
}

/// `module` transformed with Asyncify when it imports an asynchronous host
/// function; otherwise unchanged. `cache` keeps results by input hash.
pub fn transform(module: &[u8], file: &str, cache: &Path) -> Result<Vec<u8>> {
    if !needed(module, file)? {
        return Ok(module.to_vec());
    }
    fs::create_dir_all(cache).map_err(Error::io(cache))?;
    let key = hex::encode(sha2::Sha256::digest(module));
    let (input, out) = (cache.join(format!("{key}.in.wasm")), cache.join(format!("{key}.wasm")));
    if let Ok(done) = fs::read(&out) {
        return Ok(done);
    }
    let wasm_opt = tools::wasm_opt().map_err(|error| match error {
        Error::ToolMissing { tool, hint } => Error::ToolMissing {
            tool,
            hint: format!(
                "{file} imports storage or network functions, which need binaryen's Asyncify \
                 transform to run in WebKit; {hint}"
            ),
        },
        other => other,
    })?;
    fs::write(&input, module).map_err(Error::io(&input))?;
    // Every asynchronous host function, not only the imported ones: the list
    // names what may unwind, and an absent name costs nothing.
    let all: Vec<String> = HOST_FUNCTIONS
        .iter()
        .filter(|f| f.is_async)
        .map(|f| format!("{IMPORT_MODULE}.{}", f.name))
        .collect();
    let mut command = Command::new(wasm_opt);
    command
        .args(FEATURES)
        // Optimizing first leaves fewer functions to instrument; indirect
        // calls are assumed to reach an import (trait objects do). `-Oz`
        // makes binaryen 108 fail on Rust's output; `-Os` does not.
        .args(["-Os", "--asyncify"])
        .arg(format!("--pass-arg=asyncify-imports@{}", all.join(",")))
        .arg("-Os")
        .arg(&input)
        .arg("-o")
        .arg(&out);
    run(&mut command)?;
    let _ = fs::remove_file(&input);
    fs::read(&out).map_err(Error::io(&out))
}
