//! `annex test`.

use std::path::PathBuf;

use annex_cli::browser::{Engine, EngineTools};
use annex_cli::bundle::WorkerCrate;
use annex_cli::plugin_build::BuildOptions;
use annex_cli::process::{run as exec, step};
use annex_cli::site::{self, Layout};

/// Run a plugin crate's native tests, then its browser tests.
///
/// Builds the plugin and the worker bundle into tests/fixtures/ (where
/// `annex_runtime::testing::load_fixture` finds them), runs `cargo test`,
/// then tests/browser.rs in each engine, headless, with the plugin in a real
/// worker.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plugin crate (default: the current folder).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Engines for the browser tests: chromium, firefox, webkit or all.
    #[arg(long = "engine", default_value = "chromium", value_delimiter = ',')]
    engines: Vec<String>,
    /// Only the native tests.
    #[arg(long)]
    no_browser: bool,
    /// Build the worker from this Annex checkout instead of crates.io.
    #[arg(long, value_name = "DIR", env = "ANNEX_PATH")]
    annex_path: Option<PathBuf>,
}

pub fn run(args: Args) -> annex_cli::Result {
    let workspace = annex_cli::project::discover(&args.path)?;
    let [plugin] = workspace.plugins.as_slice() else {
        return Err(annex_cli::Error::Usage(format!(
            "{} holds {} plugin crates; run `annex test` in one of them",
            args.path.display(),
            workspace.plugins.len()
        )));
    };
    let engines = engines(&args.engines)?;
    let manifest = plugin.dir.join("Cargo.toml");
    let fixtures = plugin.dir.join("tests/fixtures");
    if !args.no_browser {
        let layout =
            Layout { plugins: fixtures.clone(), worker: Some(fixtures.join("annex-worker")) };
        let worker = WorkerCrate::choose(args.annex_path.as_deref())?;
        site::build(std::slice::from_ref(&plugin.dir), &layout, &worker, &BuildOptions::default())?;
    }

    step(&format!("native tests of {}", plugin.package));
    exec(annex_cli::process::cargo().arg("test").arg("--manifest-path").arg(&manifest))?;
    if args.no_browser {
        return Ok(());
    }
    if !plugin.dir.join("tests/browser.rs").is_file() {
        eprintln!("{} has no tests/browser.rs: no browser tests to run", plugin.package);
        return Ok(());
    }
    annex_cli::tools::wasm_bindgen_test_runner()?;
    for engine in engines {
        step(&format!("browser tests of {} in {}", plugin.package, engine.name()));
        let tools = EngineTools::find(engine)?;
        let mut command = tools.wasm_test(&workspace.target_dir.join("annex-test"), 120)?;
        command.arg("--manifest-path").arg(&manifest).args(["--test", "browser"]);
        exec(&mut command)?;
    }
    Ok(())
}

fn engines(names: &[String]) -> annex_cli::Result<Vec<Engine>> {
    if names.iter().any(|n| n == "all") {
        return Ok(Engine::ALL.to_vec());
    }
    names.iter().map(|n| Engine::from_name(n)).collect()
}
