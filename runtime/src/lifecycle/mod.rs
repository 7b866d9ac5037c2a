//! Where a plugin is in its life, and which moves are allowed.

mod status;

pub use status::{IllegalTransition, PluginStatus, StatusKind};
