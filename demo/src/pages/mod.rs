//! One module per route.

pub mod animation;
pub mod editor;
pub mod home;
pub mod not_found;
pub mod typography;
