//! The Annex demo: a Leptos (CSR) app whose pages each use plugins from the
//! site's catalog, every plugin in its own Web Worker.
//!
//! `shell/` holds what every page shares (layout, navigation, the role
//! switcher, the debug panel, analytics tracking); `pages/` holds one file
//! per route.

mod app;
mod pages;
mod shell;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
