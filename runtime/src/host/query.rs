//! Finding plugins by capability, tag or status.

use annex_protocol::manifest::ApiFamily;

use crate::lifecycle::StatusKind;
use crate::Plugin;

/// Which plugins [`crate::PluginHost::find`] returns; every set criterion must hold.
///
/// ```
/// use annex_runtime::PluginQuery;
/// use annex_runtime::protocol::manifest::ApiFamily;
///
/// let filters = PluginQuery::new().capability(ApiFamily::CanvasFilter).tag("image");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PluginQuery {
    capability: Option<ApiFamily>,
    tag: Option<String>,
    status: Option<StatusKind>,
}

impl PluginQuery {
    /// Matches every plugin.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only plugins implementing this API family.
    pub fn capability(mut self, family: ApiFamily) -> Self {
        self.capability = Some(family);
        self
    }

    /// Only plugins with this tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Only plugins in this status.
    pub fn status(mut self, status: StatusKind) -> Self {
        self.status = Some(status);
        self
    }

    /// Whether `plugin` matches.
    pub fn matches(&self, plugin: &Plugin) -> bool {
        let manifest = plugin.manifest();
        self.capability.is_none_or(|family| manifest.capabilities.has(family))
            && self.tag.as_ref().is_none_or(|tag| manifest.tags.contains(tag))
            && self.status.is_none_or(|status| plugin.status().kind() == status)
    }
}
