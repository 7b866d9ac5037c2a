//! The canvas-filter API family, host side.

use annex_protocol::api::filter::{Filter, FilterRequest};
use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, PluginError};

use crate::{Error, Plugin, Result, RgbaImage};

/// Canvas filters of one plugin. Get it with [`Plugin::canvas_filter`].
#[derive(Debug, Clone)]
pub struct CanvasFilterApi {
    plugin: Plugin,
}

impl CanvasFilterApi {
    pub(crate) fn new(plugin: Plugin) -> Self {
        Self { plugin }
    }

    /// The filters the plugin offers, from its manifest.
    pub fn filters(&self) -> &[String] {
        self.plugin
            .manifest()
            .capabilities
            .canvas_filter
            .as_ref()
            .map_or(&[], |c| c.filters.as_slice())
    }

    /// Applies `filter` to `image` in the plugin's worker and returns the result.
    ///
    /// The image's buffer is transferred to the worker and the filtered pixels
    /// come back in a transferred buffer: no copy between threads.
    pub async fn apply(&self, image: RgbaImage, filter: &Filter) -> Result<RgbaImage> {
        let name = filter.name();
        if !self.filters().iter().any(|f| f == name) {
            return Err(Error::Plugin {
                plugin: self.plugin.id().clone(),
                error: PluginError::unsupported(format!(
                    "filter `{name}` is not offered (this plugin offers: {})",
                    self.filters().join(", ")
                )),
            });
        }
        let (width, height) = (image.width(), image.height());
        let request =
            PluginRequest::FilterApply(FilterRequest { filter: filter.clone(), width, height });
        let (response, payload) = self.plugin.call(request, Some(image.into_buffer())).await?;
        match (response, payload) {
            (PluginResponse::FilterApplied, Some(buffer)) => RgbaImage::new(width, height, buffer)
                .map_err(|e| self.protocol(format!("filter returned a bad image: {e}"))),
            (other, _) => {
                Err(self.protocol(format!("unexpected answer to filter_apply: {other:?}")))
            }
        }
    }

    fn protocol(&self, reason: String) -> Error {
        Error::Plugin {
            plugin: self.plugin.id().clone(),
            error: PluginError::new(ErrorCode::Protocol, reason),
        }
    }
}
