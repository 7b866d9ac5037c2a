//! Test fixture: a plugin that `dep-app` depends on.

/// The plugin.
#[derive(Debug, Default)]
pub struct DepBase;

impl annex_sdk::Plugin for DepBase {}

annex_sdk::export_plugin!(DepBase);
