//! The programs a build needs, found and checked before they are used, so a
//! missing one is a message that says how to install it rather than a
//! failure halfway through.

use std::path::PathBuf;
use std::process::Command;

use crate::process::output;
use crate::{Error, Result};

/// The wasm-bindgen CLI must be exactly the version of the `wasm-bindgen`
/// crate the worker is built with (they share a schema).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The Rust target plugins and the worker are built for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// How to install the wasm-bindgen CLI in the right version.
pub fn wasm_bindgen_hint() -> String {
    format!("cargo install wasm-bindgen-cli --version {WASM_BINDGEN_VERSION}")
}

/// `program --version`'s first line, if it runs.
pub fn version_of(program: &str) -> Option<String> {
    output(Command::new(program).arg("--version"))
        .and_then(|v| v.lines().next().map(|l| l.trim().to_owned()))
}

/// The wasm-bindgen CLI, checked to be [`WASM_BINDGEN_VERSION`].
pub fn wasm_bindgen() -> Result<PathBuf> {
    let program = std::env::var("WASM_BINDGEN").unwrap_or_else(|_| "wasm-bindgen".into());
    let Some(found) = version_of(&program) else {
        return Err(Error::ToolMissing { tool: "wasm-bindgen", hint: wasm_bindgen_hint() });
    };
    let version = found.trim_start_matches("wasm-bindgen").trim().to_owned();
    if version != WASM_BINDGEN_VERSION {
        return Err(Error::ToolVersion {
            tool: "wasm-bindgen",
            found: version,
            wanted: WASM_BINDGEN_VERSION.into(),
            hint: wasm_bindgen_hint(),
        });
    }
    Ok(PathBuf::from(program))
}

/// The wasm-bindgen test runner (installed with the CLI).
pub fn wasm_bindgen_test_runner() -> Result<PathBuf> {
    wasm_bindgen()?;
    let program = "wasm-bindgen-test-runner";
    match version_of(program) {
        Some(_) => Ok(PathBuf::from(program)),
        None => {
            Err(Error::ToolMissing { tool: "wasm-bindgen-test-runner", hint: wasm_bindgen_hint() })
        }
    }
}

/// binaryen's `wasm-opt`: `WASM_OPT` if set, else the one on `PATH`.
pub fn wasm_opt_path() -> PathBuf {
    std::env::var_os("WASM_OPT").map_or_else(|| PathBuf::from("wasm-opt"), PathBuf::from)
}

/// binaryen's `wasm-opt`, if it runs (version 108 or newer reads what Rust
/// 1.95 emits when told the features; see [`crate::asyncify`]).
pub fn wasm_opt() -> Result<PathBuf> {
    let path = wasm_opt_path();
    match version_of(&path.to_string_lossy()) {
        Some(_) => Ok(path),
        None => Err(Error::ToolMissing {
            tool: "wasm-opt",
            hint: "install binaryen (Debian/Ubuntu: `apt-get install binaryen`, macOS: \
                   `brew install binaryen`), or point WASM_OPT at a wasm-opt binary"
                .into(),
        }),
    }
}

/// Whether rustup lists the wasm target as installed (`None` without rustup).
pub fn wasm_target_installed() -> Option<bool> {
    let list = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    Some(list.lines().any(|t| t.trim() == WASM_TARGET))
}

/// Fails with how to add the wasm target when rustup says it is missing.
pub fn require_wasm_target() -> Result {
    match wasm_target_installed() {
        Some(false) => Err(Error::ToolMissing {
            tool: "the wasm32-unknown-unknown target",
            hint: format!("rustup target add {WASM_TARGET}"),
        }),
        _ => Ok(()),
    }
}
