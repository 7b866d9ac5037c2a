//! `cargo xtask <task>`: everything Annex needs beyond plain cargo.
//!
//! | task | what it does |
//! |---|---|
//! | `setup` | installs what is missing: wasm32 target, wasm-bindgen-cli, Trunk, Chromium, ChromeDriver |
//! | `build` | builds the plugins and the worker bundle into `target/annex-assets/` and `tests/fixtures/` |
//! | `demo` | set-up, build, then builds the demo with Trunk and serves it on 127.0.0.1 |
//! | `test` | set-up, build, then every test: native, browser (headless Chromium), end-to-end |
//! | `test-plugin <name>` | build, then the native and browser tests of `plugins/<name>` |
//! | `bench` | set-up, build, then the benchmark in headless Chromium → `target/annex-bench/report.json` |
//! | `package` | `cargo package` (verified) of every crate a user depends on |
//! | `lint` | `cargo fmt --check` and clippy on the native and wasm32 targets |

mod assets;
mod bench;
mod browser;
mod cmd;
mod demo;
mod engines;
mod lint;
mod outside;
mod setup;
mod test;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "setup" => setup::run(setup::Needs::all()),
        "build" => setup::run(setup::Needs::build()).and_then(|_| assets::build()),
        "demo" => demo::run(&args[1..]),
        "test" => test::run(),
        "test-plugin" => test::run_plugin(&args[1..]),
        "test-browser" => test::run_browser(&args[1..]),
        "bench" => bench::run(),
        "lint" => lint::run(),
        "package" => outside::package(),
        "build-examples" => outside::build_csr_example().and_then(|_| outside::build_ssr_example()),
        "help" | "--help" | "-h" => {
            print_help();
            Ok(())
        }
        other => Err(format!("unknown task `{other}`; run `cargo xtask help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {task}: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    eprintln!(
        "usage: cargo xtask <task>\n\n\
         setup   install missing tools (wasm32 target, wasm-bindgen-cli, Trunk, Chromium, ChromeDriver)\n\
         build   build plugins and the worker bundle\n\
         demo    build and serve the demo on http://127.0.0.1:8080 (--port N to change)\n\
         test    run every test: native, headless-browser and end-to-end\n\
         test-plugin <name>\n\
         \x20       native and browser tests of plugins/<name>\n\
         test-browser <chromium|firefox|webkit> [filter]\n\
         \x20       the runtime's browser suite in one engine (tests whose names contain filter)\n\
         bench   run the benchmark; writes target/annex-bench/report.json\n\
         lint    rustfmt check and clippy (native and wasm32)\n\
         package cargo package (verified) of every published crate\n\
         build-examples\n\
         \x20       build examples/csr-trunk and examples/ssr-axum as their READMEs say\n\n\
         Plugin tooling (new, build, sign, inspect, test, dev) is the `annex` CLI: cargo run -p annex-cli -- help"
    );
}
