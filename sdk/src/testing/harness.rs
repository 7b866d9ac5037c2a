//! Drives a plugin natively the way the worker does.

use std::panic::{catch_unwind, AssertUnwindSafe};

use annex_protocol::api::analytics::{
    AnalyticsEvent, AnalyticsRequest, AnalyticsResponse, ExportRequest, MetricsQuery,
    MetricsResult, TimeRange,
};
use annex_protocol::api::filter::{Filter, FilterHints, FilterRequest};
use annex_protocol::api::hooks::{HookOutcome, HookRequest};
use annex_protocol::api::network::{NetworkRequest, NetworkResponse};
use annex_protocol::api::storage::{StorageRequest, StorageResponse};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::resolve_config;
use annex_protocol::message::{InitRequest, PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, Manifest, PluginError};
use serde_json::{Map, Value};

use super::MockHost;
use crate::__private::Loaded;
use crate::ExportedPlugin;

/// A plugin loaded natively, with a [`MockHost`] that grants what its manifest
/// requests.
///
/// It follows the worker's path: the configuration is checked against the
/// manifest's schema (defaults filled in), then `validate_config` and
/// `initialize` run; requests go through JSON exactly as across the ABI; a
/// panic comes back as an error with [`ErrorCode::Panic`].
pub struct Harness<P> {
    loaded: Loaded<P>,
    manifest: Manifest,
    host: MockHost,
    config: Map<String, Value>,
}

// No `P: Debug` bound, so `unwrap_err()` works on any plugin's harness.
impl<P> std::fmt::Debug for Harness<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Harness").field("plugin", &self.manifest.id).finish_non_exhaustive()
    }
}

impl<P: ExportedPlugin> Harness<P> {
    /// Loads the plugin with its default configuration.
    pub fn new() -> Result<Self, PluginError> {
        Self::with_config(Value::Null)
    }

    /// Loads the plugin with `config` (a JSON object; `null` for the defaults).
    pub fn with_config(config: Value) -> Result<Self, PluginError> {
        let manifest = Manifest::from_json(P::MANIFEST_JSON.as_bytes())
            .map_err(|e| PluginError::new(ErrorCode::ManifestInvalid, e.to_string()))?
            .manifest;
        let config = check_config(&manifest, &config)?;
        let host = MockHost::install();
        for permission in manifest.requested_permissions() {
            host.grant(permission);
        }
        Self::start(manifest, host, config)
    }

    fn start(
        manifest: Manifest,
        host: MockHost,
        config: Map<String, Value>,
    ) -> Result<Self, PluginError> {
        host.make_current();
        let init = InitRequest {
            plugin: manifest.id.clone(),
            grants: manifest.requested_permissions().into_iter().collect(),
            config: config.clone(),
        };
        let loaded = guard(|| Loaded::<P>::start(init))?;
        Ok(Self { loaded, manifest, host, config })
    }

    /// Drops this instance of the plugin, without `cleanup`, and starts a
    /// fresh one on the same mock host with the same configuration: what the
    /// browser does when a worker is terminated and the plugin is loaded
    /// again. What the plugin stored is still there; what it kept in memory
    /// is gone.
    ///
    /// ```
    /// # use annex_sdk::{Plugin, ExportedPlugin, PluginError};
    /// # #[derive(Default)] struct Keeper;
    /// # impl Plugin for Keeper {
    /// #     fn initialize(&mut self, _: &annex_sdk::InitContext) -> Result<(), PluginError> {
    /// #         let runs = annex_sdk::host::storage::get("runs")?.map_or(0, |v| v[0]);
    /// #         Ok(annex_sdk::host::storage::set("runs", &[runs + 1])?)
    /// #     }
    /// # }
    /// # impl ExportedPlugin for Keeper {
    /// #     const MANIFEST_JSON: &'static str = r#"{"id":"com.example.keeper","version":"0.1.0","name":"Keeper","capabilities":{"custom":["keeper"]},"permissions":[{"permission":"storage.read","reason":"r"},{"permission":"storage.write","reason":"w"}]}"#;
    /// #     fn dispatch(&mut self, r: annex_sdk::__private::PluginRequest, _: &mut Vec<u8>)
    /// #         -> Result<annex_sdk::__private::PluginResponse, PluginError> {
    /// #         Err(annex_sdk::__private::unsupported(&r))
    /// #     }
    /// # }
    /// use annex_sdk::testing::Harness;
    ///
    /// let harness = Harness::<Keeper>::new().unwrap();
    /// let harness = harness.restart().unwrap();
    /// assert_eq!(harness.host().stored()["runs"], [2]);
    /// ```
    pub fn restart(self) -> Result<Self, PluginError> {
        let Self { loaded, manifest, host, config } = self;
        drop(loaded);
        Self::start(manifest, host, config)
    }

    /// The plugin's embedded manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The mock host, to script answers or inspect calls.
    pub fn host(&self) -> &MockHost {
        &self.host
    }

    /// The plugin itself, to inspect its state.
    pub fn plugin(&self) -> &P {
        &self.loaded.plugin
    }

    /// Sends a typography request; returns the answer and its payload (a font file).
    pub fn typography(
        &mut self,
        request: annex_protocol::api::typography::TypographyRequest,
    ) -> Result<(annex_protocol::api::typography::TypographyResponse, Vec<u8>), PluginError> {
        match self.call(&PluginRequest::Typography(Encoded::new(&request)), Vec::new())? {
            (PluginResponse::Typography(response), bytes) => Ok((decoded(&response)?, bytes)),
            (other, _) => Err(PluginError::new(
                annex_protocol::ErrorCode::Protocol,
                format!("typography answered {other:?}"),
            )),
        }
    }

    /// Asks for the state the plugin wants back after a restart, as the host
    /// does at checkpoints.
    pub fn save_state(&mut self) -> Result<Option<Vec<u8>>, PluginError> {
        match self.call(&PluginRequest::SaveState, Vec::new())? {
            (PluginResponse::State { saved: true }, bytes) => Ok(Some(bytes)),
            (PluginResponse::State { saved: false }, _) => Ok(None),
            (other, _) => Err(PluginError::new(
                annex_protocol::ErrorCode::Protocol,
                format!("save_state answered {other:?}"),
            )),
        }
    }

    /// Hands the plugin a saved state, as the host does after a restart.
    pub fn restore_state(&mut self, state: Vec<u8>) -> Result<(), PluginError> {
        self.call(&PluginRequest::RestoreState, state).map(drop)
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
        let loaded = &mut self.loaded;
        let response = guard(|| loaded.handle(request, &mut payload))?;
        Ok((response, payload))
    }

    /// Calls `function` of the custom API `api` with `input`, as the host's
    /// `plugin.custom(api)?.call(function, input)` does; returns the output.
    pub fn call_custom(
        &mut self,
        api: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, PluginError> {
        let request = PluginRequest::Custom { api: api.into(), function: function.into() };
        match self.call(&request, input.to_vec())? {
            (PluginResponse::Custom, output) => Ok(output),
            (other, _) => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("answered a custom call with {other:?}"),
            )),
        }
    }

    /// Applies a filter to `pixels` (RGBA, `width * height * 4` bytes) in place.
    pub fn apply_filter(
        &mut self,
        filter: &Filter,
        width: u32,
        height: u32,
        pixels: &mut Vec<u8>,
    ) -> Result<(), PluginError> {
        self.apply_filter_with(filter, FilterHints::default(), width, height, pixels)
    }

    /// [`Harness::apply_filter`] with quality and speed hints.
    pub fn apply_filter_with(
        &mut self,
        filter: &Filter,
        hints: FilterHints,
        width: u32,
        height: u32,
        pixels: &mut Vec<u8>,
    ) -> Result<(), PluginError> {
        let request = PluginRequest::FilterApply(Encoded::new(&FilterRequest {
            filter: filter.clone(),
            width,
            height,
            hints,
        }));
        // A copy goes in, so a refused or failed call leaves `pixels` as
        // they were (the host's buffer comes back unchanged too).
        let (_, out) = self.call(&request, pixels.clone())?;
        *pixels = out;
        Ok(())
    }

    /// Changes the configuration the way the host does: schema check first,
    /// then the plugin's `validate_config` and `update_config`.
    pub fn update_config(&mut self, config: Value) -> Result<(), PluginError> {
        let config = check_config(&self.manifest, &config)?;
        self.call(&PluginRequest::UpdateConfig { config }, Vec::new()).map(drop)
    }

    /// Sends a storage request (storage plugins); values travel as bytes.
    pub fn storage(
        &mut self,
        request: StorageRequest,
        value: Vec<u8>,
    ) -> Result<(StorageResponse, Vec<u8>), PluginError> {
        match self.call(&PluginRequest::Storage(Encoded::new(&request)), value)? {
            (PluginResponse::Storage(response), bytes) => Ok((decoded(&response)?, bytes)),
            (other, _) => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("answered storage with {other:?}"),
            )),
        }
    }

    /// Sends an HTTP request (network plugins); returns the response and its body.
    pub fn network(
        &mut self,
        request: NetworkRequest,
        body: Vec<u8>,
    ) -> Result<(NetworkResponse, Vec<u8>), PluginError> {
        match self.call(&PluginRequest::Network { request: Encoded::new(&request) }, body)? {
            (PluginResponse::Network { response }, bytes) => Ok((decoded(&response)?, bytes)),
            (other, _) => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("answered network with {other:?}"),
            )),
        }
    }

    /// Sends an analytics request (analytics plugins); an export comes back as bytes.
    pub fn analytics(
        &mut self,
        request: AnalyticsRequest,
    ) -> Result<(AnalyticsResponse, Vec<u8>), PluginError> {
        match self.call(&PluginRequest::Analytics(Encoded::new(&request)), Vec::new())? {
            (PluginResponse::Analytics(response), bytes) => Ok((decoded(&response)?, bytes)),
            (other, _) => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("answered analytics with {other:?}"),
            )),
        }
    }

    /// Tracks events (analytics plugins); returns how many were stored.
    pub fn track(&mut self, events: Vec<AnalyticsEvent>) -> Result<u64, PluginError> {
        match self.analytics(AnalyticsRequest::Track { events })? {
            (AnalyticsResponse::Tracked { count }, _) => Ok(count),
            (other, _) => Err(unexpected("track", &other)),
        }
    }

    /// Runs a metrics query (analytics plugins).
    pub fn query(&mut self, query: &MetricsQuery) -> Result<MetricsResult, PluginError> {
        match self.analytics(AnalyticsRequest::Query(query.clone()))? {
            (AnalyticsResponse::Metrics(result), _) => Ok(result),
            (other, _) => Err(unexpected("query", &other)),
        }
    }

    /// Exports events (analytics plugins); returns how many and the text.
    pub fn export(&mut self, request: &ExportRequest) -> Result<(u64, String), PluginError> {
        match self.analytics(AnalyticsRequest::Export(request.clone()))? {
            (AnalyticsResponse::Exported { events, .. }, bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    PluginError::new(ErrorCode::Protocol, format!("export is not UTF-8: {e}"))
                })?;
                Ok((events, text))
            }
            (other, _) => Err(unexpected("export", &other)),
        }
    }

    /// Deletes the events in `range` (analytics plugins); returns how many.
    pub fn clear_events(&mut self, range: TimeRange) -> Result<u64, PluginError> {
        match self.analytics(AnalyticsRequest::Clear { range })? {
            (AnalyticsResponse::Cleared { events }, _) => Ok(events),
            (other, _) => Err(unexpected("clear", &other)),
        }
    }

    /// Delivers an event, as the host does to subscribed plugins.
    pub fn deliver(
        &mut self,
        event_type: &str,
        data: serde_json::Value,
    ) -> Result<(), PluginError> {
        let event = annex_protocol::api::events::Event {
            event_type: event_type.into(),
            data,
            source: None,
        };
        self.call(&PluginRequest::Event(event), Vec::new()).map(drop)
    }

    /// Calls the plugin's handler for a hook point it subscribes to.
    pub fn run_hook(
        &mut self,
        hook: &str,
        data: serde_json::Value,
    ) -> Result<HookOutcome, PluginError> {
        let hook = hook.parse().map_err(|e: annex_protocol::manifest::UnknownHook| {
            PluginError::bad_request(e.to_string())
        })?;
        let request = PluginRequest::Hook(Encoded::new(&HookRequest { hook, data }));
        match self.call(&request, Vec::new())? {
            (PluginResponse::Hook(outcome), _) => decoded(&outcome),
            (other, _) => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("answered a hook with {other:?}"),
            )),
        }
    }

    /// Runs the plugin's `reload`.
    pub fn reload(&mut self) -> Result<(), PluginError> {
        self.call(&PluginRequest::Reload, Vec::new()).map(drop)
    }

    /// Runs the plugin's `cleanup`.
    pub fn cleanup(&mut self) -> Result<(), PluginError> {
        self.call(&PluginRequest::Cleanup, Vec::new()).map(drop)
    }
}

fn unexpected(operation: &str, response: &AnalyticsResponse) -> PluginError {
    PluginError::new(
        ErrorCode::Protocol,
        format!("answered analytics {operation} with {response:?}"),
    )
}

fn check_config(manifest: &Manifest, config: &Value) -> Result<Map<String, Value>, PluginError> {
    resolve_config(&manifest.config, config).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        PluginError::new(ErrorCode::ConfigInvalid, list.join("; "))
    })
}

/// Decodes a family's answer carried as [`Encoded`] JSON.
fn decoded<T: serde::de::DeserializeOwned>(response: &Encoded<T>) -> Result<T, PluginError> {
    response
        .decode()
        .map_err(|e| PluginError::new(ErrorCode::Protocol, format!("answer not understood: {e}")))
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
