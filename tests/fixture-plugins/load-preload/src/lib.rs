//! Test fixture: a plugin whose manifest asks for the `lazy` loading strategy.

/// The plugin.
#[derive(Debug, Default)]
pub struct Load;

impl annex_sdk::Plugin for Load {}

annex_sdk::export_plugin!(Load);
