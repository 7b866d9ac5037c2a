//! The demo as a visitor sees it: one module per page, all in one test
//! binary. Each test starts its own server and browser; `cargo xtask test`
//! runs them one at a time (`--test-threads=1`).

mod analytics;
mod animation;
mod broken;
mod catalog;
mod editor;
mod home;
mod network;
mod notes;
mod plugins;
mod roles;
mod smoke;
mod typography;
