//! Property-based fuzzing of everything Annex reads from plugins.
//!
//! Three places take untrusted input, one file each:
//!
//! * [`manifest`]: `Manifest::from_json`, fed from a custom section of the
//!   plugin's module;
//! * [`messages`]: the serde decoders of what crosses the worker boundary
//!   (`WorkerMessage` on the host, `HostMessage` in the worker,
//!   `PluginRequest`/`PluginResponse` across the plugin ABI);
//! * [`modules`]: `inspect`, `cap_memory`, `with_manifest` and
//!   `without_custom_section` on module bytes.
//!
//! [`nesting`] holds the deep-nesting cases (serde_json's recursion limit),
//! [`strategies`] the generators and mutators they share.
//!
//! Every property runs a small number of cases by default so `cargo xtask
//! test` stays quick; `PROPTEST_CASES=N cargo test --release -p annex-fuzz`
//! runs N cases of each (see docs/testing.md, "Fuzzing").

mod manifest;
mod messages;
mod modules;
mod nesting;
mod strategies;

use proptest::test_runner::Config;

/// The proptest configuration of one property: `default_cases` cases unless
/// `PROPTEST_CASES` says otherwise. Failures are not persisted to files (the
/// shrunk input is printed; a real bug gets a regression test next to the code).
pub fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default_cases);
    Config { cases, failure_persistence: None, ..Config::default() }
}
