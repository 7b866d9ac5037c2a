//! Installs the tools Annex needs, only when they are missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, exec, output, Result};

/// The wasm-bindgen CLI must equal the `wasm-bindgen` crate version exactly.
pub use annex_cli::tools::WASM_BINDGEN_VERSION;
/// Trunk 0.22 needs a newer rustc than this project's.
pub const TRUNK_VERSION: &str = "0.21.14";

/// Which tools a task needs.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    pub trunk: bool,
    /// Chromium and ChromeDriver.
    pub browser: bool,
    /// Firefox with geckodriver, WebKitGTK's WebDriver with Xvfb.
    pub engines: bool,
}

impl Needs {
    pub fn all() -> Self {
        Self { trunk: true, browser: true, engines: true }
    }

    /// Building plugins and the worker: the wasm target, wasm-bindgen and
    /// binaryen (for the Asyncify transform).
    pub fn build() -> Self {
        Self { trunk: false, browser: false, engines: false }
    }
}

/// Paths of the browser tools, once set up.
#[derive(Debug, Clone)]
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

pub fn run(needs: Needs) -> Result {
    cmd::step("set-up: checking tools");
    wasm_target()?;
    wasm_bindgen()?;
    let mut apt = Vec::new();
    if wasm_opt_version().is_none() {
        apt.push("binaryen");
    }
    if needs.browser && find_browser().is_none() {
        apt.extend(["chromium", "chromium-driver"]);
    }
    if needs.engines {
        apt.extend(crate::engines::missing_packages());
    }
    apt_install(&apt)?;
    eprintln!("ok: {}", wasm_opt_version().unwrap_or_default());
    if needs.trunk {
        trunk()?;
    }
    if needs.browser {
        browser()?;
    }
    if needs.engines {
        crate::engines::geckodriver()?;
    }
    Ok(())
}

/// Installs Debian packages (one `apt-get` run), as root only.
pub fn apt_install(packages: &[&str]) -> Result {
    if packages.is_empty() {
        return Ok(());
    }
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        return Err(format!(
            "missing: {0}. Install them, e.g. `sudo apt-get install -y {0}`, then run this again.",
            packages.join(" ")
        ));
    }
    exec(Command::new("apt-get").arg("update"))?;
    exec(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|list| list.lines().any(|t| t.trim() == "wasm32-unknown-unknown"));
    if installed {
        eprintln!("ok: wasm32-unknown-unknown target");
        return Ok(());
    }
    exec(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

pub fn version_of(program: &str) -> Option<String> {
    output(Command::new(program).arg("--version")).map(|v| v.trim().to_owned())
}

fn wasm_bindgen() -> Result {
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let runner_ok = version_of("wasm-bindgen-test-runner").is_some();
    if version_of("wasm-bindgen").as_deref() == Some(wanted.as_str()) && runner_ok {
        eprintln!("ok: {wanted}");
        return Ok(());
    }
    // No --locked: its lockfile names a crate version the registry mirror lacks.
    exec(cmd::cargo().args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION]))
}

fn trunk() -> Result {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if version_of("trunk").as_deref() == Some(wanted.as_str()) {
        eprintln!("ok: {wanted}");
        return Ok(());
    }
    // --locked: without it a newer CSS crate breaks the build.
    exec(cmd::cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// Finds Chromium and ChromeDriver, installing them with apt when run as root.
/// `CHROMIUM` and `CHROMEDRIVER` override the paths.
pub fn browser() -> Result<Browser> {
    if let Some(found) = find_browser() {
        eprintln!("ok: {} and {}", found.chromium.display(), found.chromedriver.display());
        return Ok(found);
    }
    apt_install(&["chromium", "chromium-driver"])?;
    find_browser().ok_or_else(|| "apt installed chromium but it is not at /usr/bin/chromium".into())
}

fn find_browser() -> Option<Browser> {
    let chromium = locate("CHROMIUM", &["chromium", "chromium-browser"])?;
    let chromedriver = locate("CHROMEDRIVER", &["chromedriver"])?;
    Some(Browser { chromium, chromedriver })
}

pub fn locate(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(env) {
        return Path::new(&path).is_file().then(|| PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// binaryen's `wasm-opt` version line, if it runs (the Asyncify transform needs it).
fn wasm_opt_version() -> Option<String> {
    version_of(&annex_cli::tools::wasm_opt_path().to_string_lossy())
}
