//! One module per route.

pub mod analytics;
pub mod animation;
pub mod broken;
pub mod catalog;
pub mod editor;
pub mod home;
pub mod network;
pub mod not_found;
pub mod notes;
pub mod plugins;
pub mod typography;
