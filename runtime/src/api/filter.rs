//! The canvas-filter API family, host side.

use annex_protocol::api::filter::{Filter, FilterHints, FilterRequest};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::HookName;
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
    pub fn filters(&self) -> Vec<String> {
        let manifest = self.plugin.manifest();
        manifest.capabilities.canvas_filter.as_ref().map_or_else(Vec::new, |c| c.filters.clone())
    }

    /// Applies `filter` to `image` in the plugin's worker and returns the result.
    ///
    /// The image's buffer is transferred to the worker and the filtered pixels
    /// come back in a transferred buffer: no copy between threads. Plugins
    /// subscribed to `filter.pre_apply` see `{plugin, filter, width, height}`
    /// first and may change the filter or stop the call
    /// ([`Error::HookStopped`]); `filter.post_apply` subscribers are told
    /// afterwards (with `duration_ms`).
    pub async fn apply(&self, image: RgbaImage, filter: &Filter) -> Result<RgbaImage> {
        self.apply_with(image, filter, FilterHints::default()).await
    }

    /// [`CanvasFilterApi::apply`] with quality and speed hints for the plugin.
    pub async fn apply_with(
        &self,
        image: RgbaImage,
        filter: &Filter,
        hints: FilterHints,
    ) -> Result<RgbaImage> {
        filter
            .validate()
            .map_err(|error| Error::Plugin { plugin: self.plugin.id().clone(), error })?;
        let (width, height) = (image.width(), image.height());
        let host = self.plugin.site();
        let mut filter = filter.clone();
        if let Some(host) = &host {
            let hook: HookName = "filter.pre_apply".parse().expect("a built-in hook");
            let run = host.run_hook(&hook, self.hook_data(&filter, width, height)).await?;
            if let Some(stopped) = run.stopped {
                let reason = stopped.reason.or_else(|| stopped.error.map(|e| e.to_string()));
                return Err(Error::HookStopped { hook, by: stopped.by, reason });
            }
            filter = serde_json::from_value(run.data["filter"].clone()).map_err(|e| {
                Error::InvalidInput(format!("a filter.pre_apply hook left an invalid filter: {e}"))
            })?;
        }
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
        let started = crate::js::now_ms();
        let request = PluginRequest::FilterApply(Encoded::new(&FilterRequest {
            filter: filter.clone(),
            width,
            height,
            hints,
        }));
        let (response, payload) = self.plugin.call(request, Some(image.into_buffer())).await?;
        let out = match (response, payload) {
            (PluginResponse::FilterApplied, Some(buffer)) => RgbaImage::new(width, height, buffer)
                .map_err(|e| self.protocol(format!("filter returned a bad image: {e}")))?,
            (other, _) => {
                return Err(self.protocol(format!("unexpected answer to filter_apply: {other:?}")))
            }
        };
        if let Some(host) = &host {
            let hook: HookName = "filter.post_apply".parse().expect("a built-in hook");
            let mut data = self.hook_data(&filter, width, height);
            data["duration_ms"] = (crate::js::now_ms() - started).into();
            // Post hooks are told; the filtered image is returned whatever they say.
            host.run_hook(&hook, data).await?;
        }
        Ok(out)
    }

    fn hook_data(&self, filter: &Filter, width: u32, height: u32) -> serde_json::Value {
        serde_json::json!({
            "plugin": self.plugin.id(),
            "filter": filter,
            "width": width,
            "height": height,
        })
    }

    fn protocol(&self, reason: String) -> Error {
        Error::Plugin {
            plugin: self.plugin.id().clone(),
            error: PluginError::new(ErrorCode::Protocol, reason),
        }
    }
}
