//! One module per route.

pub mod editor;
pub mod home;
pub mod not_found;
