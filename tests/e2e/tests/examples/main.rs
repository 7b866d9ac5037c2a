//! The example apps (`examples/`), written only against Annex's public
//! crates, as a visitor sees them; and `annex dev`'s hot reload and updates
//! in an open page. `cargo xtask test` builds the examples first.

mod csr;
mod hot_reload;
mod ssr;
