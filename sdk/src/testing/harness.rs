//! Drives a plugin natively the way the worker does.

use std::panic::{catch_unwind, AssertUnwindSafe};

use annex_protocol::api::filter::{Filter, FilterRequest};
use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, Manifest, PluginError};

use super::MockHost;
use crate::{ExportedPlugin, InitContext};

/// A plugin loaded natively, with a [`MockHost`] that grants what its manifest
/// requests.
///
/// Requests go through JSON exactly as across the ABI, and a panic comes back
/// as an error with [`ErrorCode::Panic`], as it would from the worker.
#[derive(Debug)]
pub struct Harness<P> {
    plugin: P,
    manifest: Manifest,
    host: MockHost,
}

impl<P: ExportedPlugin> Harness<P> {
    /// Loads the plugin with no configuration.
    pub fn new() -> Result<Self, PluginError> {
        Self::with_config(serde_json::Value::Null)
    }

    /// Loads the plugin and initializes it with `config`.
    pub fn with_config(config: serde_json::Value) -> Result<Self, PluginError> {
        let manifest = Manifest::from_json(P::MANIFEST_JSON.as_bytes())
            .map_err(|e| PluginError::new(ErrorCode::ManifestInvalid, e.to_string()))?
            .manifest;
        let host = MockHost::install();
        for permission in manifest.requested_permissions() {
            host.grant(permission);
        }
        let mut plugin = P::default();
        guard(|| plugin.initialize(&InitContext { config }))?;
        Ok(Self {
            plugin,
            manifest,
            host,
        })
    }

    /// The plugin's embedded manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The mock host, to script answers or inspect calls.
    pub fn host(&self) -> &MockHost {
        &self.host
    }

    /// Sends one request with a byte payload; returns the response and its payload.
    pub fn call(
        &mut self,
        request: &PluginRequest,
        payload: Vec<u8>,
    ) -> Result<(PluginResponse, Vec<u8>), PluginError> {
        // Round-trip through JSON, as the ABI does, so serde mistakes show up here.
        let json = serde_json::to_vec(request).expect("requests serialize");
        let request: PluginRequest = serde_json::from_slice(&json)
            .map_err(|e| PluginError::bad_request(format!("request is not understood: {e}")))?;
        let mut payload = payload;
        let plugin = &mut self.plugin;
        let response = guard(|| plugin.dispatch(request, &mut payload))?;
        Ok((response, payload))
    }

    /// Applies a filter to `pixels` (RGBA, `width * height * 4` bytes) in place.
    pub fn apply_filter(
        &mut self,
        filter: &Filter,
        width: u32,
        height: u32,
        pixels: &mut Vec<u8>,
    ) -> Result<(), PluginError> {
        let request = PluginRequest::FilterApply(FilterRequest {
            filter: filter.clone(),
            width,
            height,
        });
        let (_, out) = self.call(&request, std::mem::take(pixels))?;
        *pixels = out;
        Ok(())
    }
}

fn guard<T>(f: impl FnOnce() -> Result<T, PluginError>) -> Result<T, PluginError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the plugin panicked".to_owned());
        Err(PluginError::new(ErrorCode::Panic, message))
    })
}
