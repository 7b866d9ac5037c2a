//! The Annex demo: a Leptos (CSR) app that loads the grayscale plugin into its
//! own Web Worker and filters a canvas with it.

mod app;
mod canvas;
mod filter_page;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
