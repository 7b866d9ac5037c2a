//! The Annex book, compiled: every chapter is a module's documentation, so
//! `cargo test -p annex-book --doc` (and `cargo test --workspace`) compiles
//! every Rust block of the README, ARCHITECTURE.md and `docs/`, and runs
//! those that do not need a browser. See `docs/README.md`.
#![doc = include_str!("../../README.md")]

/// `ARCHITECTURE.md`: the crate map and the path of one call.
#[doc = include_str!("../../ARCHITECTURE.md")]
pub mod architecture {}

/// `docs/README.md`: the table of contents.
#[doc = include_str!("../README.md")]
pub mod contents {}

#[doc = include_str!("../getting-started.md")]
pub mod getting_started {}

#[doc = include_str!("../plugin-guide.md")]
pub mod plugin_guide {}

#[doc = include_str!("../plugin-guide-apis.md")]
pub mod plugin_guide_apis {}

#[doc = include_str!("../plugin-reference.md")]
pub mod plugin_reference {}

#[doc = include_str!("../lifecycle.md")]
pub mod lifecycle {}

/// The API families, one module per family.
pub mod api {
    #[doc = include_str!("../api/README.md")]
    pub mod overview {}

    #[doc = include_str!("../api/canvas-filter.md")]
    pub mod canvas_filter {}

    #[doc = include_str!("../api/typography.md")]
    pub mod typography {}

    #[doc = include_str!("../api/animation.md")]
    pub mod animation {}

    #[doc = include_str!("../api/analytics.md")]
    pub mod analytics {}

    #[doc = include_str!("../api/storage.md")]
    pub mod storage {}

    #[doc = include_str!("../api/network.md")]
    pub mod network {}

    #[doc = include_str!("../api/events.md")]
    pub mod events {}

    #[doc = include_str!("../api/custom.md")]
    pub mod custom {}
}

#[doc = include_str!("../dependencies-and-hooks.md")]
pub mod dependencies_and_hooks {}

#[doc = include_str!("../loading.md")]
pub mod loading {}

#[doc = include_str!("../security.md")]
pub mod security {}

#[doc = include_str!("../leptos.md")]
pub mod leptos {}

#[doc = include_str!("../cli.md")]
pub mod cli {}

#[doc = include_str!("../testing.md")]
pub mod testing {}

#[doc = include_str!("../benchmark.md")]
pub mod benchmark {}

#[doc = include_str!("../browser-support.md")]
pub mod browser_support {}

#[doc = include_str!("../dependencies.md")]
pub mod dependencies {}

#[doc = include_str!("../known-limits.md")]
pub mod known_limits {}

#[doc = include_str!("../demo.md")]
pub mod demo {}
