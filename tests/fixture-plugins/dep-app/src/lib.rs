//! Test fixture: a plugin that needs `dep-base`.

/// The plugin.
#[derive(Debug, Default)]
pub struct DepApp;

impl annex_sdk::Plugin for DepApp {}

annex_sdk::export_plugin!(DepApp);
