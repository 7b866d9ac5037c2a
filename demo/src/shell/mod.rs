//! What every page shares.

pub mod canvas;
pub mod config;
pub mod debug_panel;
pub mod nav;
pub mod roles;
pub mod status_line;
pub mod track;
