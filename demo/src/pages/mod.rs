//! One module per route.

pub mod animation;
pub mod broken;
pub mod catalog;
pub mod editor;
pub mod home;
pub mod not_found;
pub mod plugins;
pub mod typography;
