//! One module per route.

pub mod analytics;
pub mod editor;
pub mod home;
pub mod network;
pub mod not_found;
pub mod notes;
