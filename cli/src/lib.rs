//! The `annex` command-line tool, and the library behind it.
//!
//! For plugin authors and app developers outside Annex's repository:
//!
//! | command | what it does |
//! |---|---|
//! | `annex new <name> [--family F]` | a plugin crate of its own, with native and browser tests, that builds and passes as generated |
//! | `annex build [paths]` | plugins to optimized wasm, the worker bundle, `catalog.json`; signs with `--sign <key file>`; prints sizes |
//! | `annex keygen <file>` | an Ed25519 signing key, its public half in `<file>.pub` |
//! | `annex sign --key <file> <module.wasm>...` | signs modules in place |
//! | `annex inspect <module.wasm>` | manifest, imports and the permissions they need, size, signature |
//! | `annex test` | the plugin crate's native tests, then its browser tests in headless Chromium |
//! | `annex dev --site <dir>` | serves a site and its plugins on 127.0.0.1, rebuilds plugins when their sources change and hot-reloads them in open pages |
//!
//! The same steps are a library, so other tools (this repository's `xtask`
//! among them) build exactly the way the command does: [`project`] finds
//! plugin crates, [`plugin_build`] builds them, [`asyncify`] transforms the
//! ones that suspend, [`bundle`] makes the worker bundle, [`catalog`] writes
//! `catalog.json`, [`keys`] signs, [`inspect`] reports, [`scaffold`]
//! generates crates, [`serve`] and [`dev`] serve a site.
//!
//! Errors are [`Error`]s with a stable [`Error::code`].
#![deny(missing_docs)]

pub mod asyncify;
pub mod browser;
pub mod bundle;
pub mod catalog;
pub mod dev;
mod error;
pub mod inspect;
pub mod keys;
pub mod plugin_build;
pub mod process;
pub mod project;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod tools;

pub use error::{Error, Result};

/// A size in the unit people read: bytes, KiB or MiB.
pub fn size_text(bytes: usize) -> String {
    match bytes {
        0..=1023 => format!("{bytes} B"),
        1024..=1_048_575 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.2} MiB", bytes as f64 / 1_048_576.0),
    }
}
