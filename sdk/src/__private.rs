//! Glue called by the code `export_plugin!` generates. Not a public API.

use annex_protocol::api::analytics::{AnalyticsRequest, AnalyticsResponse};
use annex_protocol::api::filter::FilterRequest;
use annex_protocol::api::hooks::HookRequest;
use annex_protocol::api::network::NetworkRequest;
use annex_protocol::api::storage::{StorageRequest, StorageResponse};
use annex_protocol::encoded::Encoded;
use annex_protocol::message::InitRequest;
pub use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::PluginError;

pub use crate::animation::dispatch::animation;

use crate::{
    AnalyticsPlugin, CanvasFilter, Config, ExportedPlugin, Hooks, Image, InitContext,
    NetworkPlugin, Plugin, StoragePlugin,
};

/// A started plugin with the context it was started with.
#[derive(Debug)]
pub struct Loaded<T> {
    pub(crate) plugin: T,
    pub(crate) ctx: InitContext,
}

impl<T: ExportedPlugin> Loaded<T> {
    /// Creates the plugin and runs `validate_config` and `initialize`.
    pub fn start(init: InitRequest) -> Result<Self, PluginError> {
        let ctx = InitContext {
            plugin: init.plugin,
            config: Config::new(init.config),
            grants: init.grants.into_iter().collect(),
        };
        let mut plugin = T::default();
        plugin.validate_config(&ctx.config)?;
        plugin.initialize(&ctx)?;
        Ok(Self { plugin, ctx })
    }

    /// Handles one request: lifecycle requests here, API requests through
    /// the generated dispatch.
    pub fn handle(
        &mut self,
        request: PluginRequest,
        payload: &mut Vec<u8>,
    ) -> Result<PluginResponse, PluginError> {
        match request {
            PluginRequest::Ping => Ok(PluginResponse::Pong),
            PluginRequest::Cleanup => self.plugin.cleanup().map(|()| PluginResponse::Done),
            PluginRequest::Reload => self.plugin.reload(&self.ctx).map(|()| PluginResponse::Done),
            PluginRequest::SaveState => Ok(match self.plugin.save_state() {
                Some(state) => {
                    *payload = state;
                    PluginResponse::State { saved: true }
                }
                None => PluginResponse::State { saved: false },
            }),
            PluginRequest::RestoreState => {
                self.plugin.restore_state(payload).map(|()| PluginResponse::Done)
            }
            PluginRequest::Event(event) => {
                self.plugin.on_event(&event).map(|()| PluginResponse::Done)
            }
            PluginRequest::UpdateConfig { config } => {
                let config = Config::new(config);
                self.plugin.validate_config(&config)?;
                let ctx = InitContext { config, ..self.ctx.clone() };
                self.plugin.update_config(&ctx)?;
                self.ctx = ctx;
                Ok(PluginResponse::Done)
            }
            other => self.plugin.dispatch(other, payload),
        }
    }
}

/// The ABI version the generated `annex_abi_version` reports.
pub const ABI_VERSION: i32 = annex_protocol::abi::ABI_VERSION;

/// Decodes a family's request carried as [`Encoded`] JSON.
pub fn decode<T: serde::de::DeserializeOwned>(request: &Encoded<T>) -> Result<T, PluginError> {
    request
        .decode()
        .map_err(|e| PluginError::bad_request(format!("request is not understood: {e}")))
}

/// The error for a request whose API family the plugin does not declare.
pub fn unsupported(request: &PluginRequest) -> PluginError {
    PluginError::unsupported(format!(
        "this plugin does not implement `{}`; its manifest does not declare that API family",
        request.method()
    ))
}

/// Typography dispatch: checks, then the plugin's layout or fonts.
pub fn typography<T: crate::Typography>(
    plugin: &mut T,
    request: annex_protocol::api::typography::TypographyRequest,
    offered: &[&str],
    payload: &mut Vec<u8>,
) -> Result<PluginResponse, PluginError> {
    crate::typography::dispatch(plugin, request, offered, payload)
}

/// Runs a storage request on a storage plugin; values travel as the payload.
pub fn storage<T: StoragePlugin>(
    plugin: &mut T,
    request: StorageRequest,
    payload: &mut Vec<u8>,
) -> Result<PluginResponse, PluginError> {
    let response = match request {
        StorageRequest::Get { key } => match plugin.get(&key)? {
            Some(value) => {
                *payload = value;
                StorageResponse::Value
            }
            None => StorageResponse::NotFound,
        },
        StorageRequest::Set { key } => {
            plugin.set(&key, std::mem::take(payload))?;
            StorageResponse::Done
        }
        StorageRequest::Delete { key } => {
            plugin.delete(&key)?;
            StorageResponse::Done
        }
        StorageRequest::List { pattern } => {
            StorageResponse::Keys { keys: plugin.list(pattern.as_deref())? }
        }
        StorageRequest::Clear => {
            plugin.clear()?;
            StorageResponse::Done
        }
        other => {
            return Err(PluginError::unsupported(format!(
                "storage request {other:?} is not known to this SDK"
            )))
        }
    };
    if !matches!(response, StorageResponse::Value) {
        payload.clear();
    }
    Ok(PluginResponse::Storage(Encoded::new(&response)))
}

/// Runs an HTTP request on a network plugin; bodies travel as the payload.
pub fn network<T: NetworkPlugin>(
    plugin: &mut T,
    request: NetworkRequest,
    payload: &mut Vec<u8>,
) -> Result<PluginResponse, PluginError> {
    let (response, body) = plugin.request(request, std::mem::take(payload))?;
    *payload = body;
    Ok(PluginResponse::Network { response: Encoded::new(&response) })
}

/// Runs an analytics request on an analytics plugin, after checking it; an
/// export travels back as the payload.
pub fn analytics<T: AnalyticsPlugin>(
    plugin: &mut T,
    request: AnalyticsRequest,
    payload: &mut Vec<u8>,
) -> Result<PluginResponse, PluginError> {
    request.validate()?;
    payload.clear();
    let response = match request {
        AnalyticsRequest::Track { events } => {
            let count = events.len() as u64;
            if count > 0 {
                plugin.track(events)?;
            }
            AnalyticsResponse::Tracked { count }
        }
        AnalyticsRequest::Query(query) => AnalyticsResponse::Metrics(plugin.query(&query)?),
        AnalyticsRequest::Export(export) => {
            let exported = plugin.export(&export)?;
            *payload = exported.content;
            AnalyticsResponse::Exported { format: export.format, events: exported.events }
        }
        AnalyticsRequest::Clear { range } => {
            AnalyticsResponse::Cleared { events: AnalyticsPlugin::clear(plugin, &range)? }
        }
        other => {
            return Err(PluginError::unsupported(format!(
                "analytics request {other:?} is not known to this SDK"
            )))
        }
    };
    Ok(PluginResponse::Analytics(Encoded::new(&response)))
}

/// Runs a call to a custom API the manifest declares; input and output
/// travel as the payload.
pub fn custom<T: Plugin>(
    plugin: &mut T,
    api: &str,
    function: &str,
    declared: &[&str],
    payload: &mut Vec<u8>,
) -> Result<PluginResponse, PluginError> {
    if !declared.contains(&api) {
        return Err(PluginError::unsupported(format!(
            "custom API `{api}` is not in the manifest (declares: {})",
            declared.join(", ")
        )));
    }
    let input = std::mem::take(payload);
    *payload = plugin.call_custom(api, function, &input)?;
    Ok(PluginResponse::Custom)
}

/// Runs a hook handler, if the manifest subscribes to the hook.
pub fn hook<T: Hooks>(
    plugin: &mut T,
    request: &HookRequest,
    subscribed: &[&str],
) -> Result<PluginResponse, PluginError> {
    if !subscribed.contains(&request.hook.as_str()) {
        return Err(PluginError::unsupported(format!(
            "this plugin does not subscribe to hook `{}`",
            request.hook
        )));
    }
    plugin
        .on_hook(&request.hook, &request.data)
        .map(|outcome| PluginResponse::Hook(Encoded::new(&outcome)))
}

/// Runs a canvas filter on the payload, in place.
pub fn filter_apply<T: CanvasFilter>(
    plugin: &mut T,
    request: &FilterRequest,
    offered: &[&str],
    payload: &mut [u8],
) -> Result<PluginResponse, PluginError> {
    let name = request.filter.name();
    if !offered.contains(&name) {
        return Err(PluginError::unsupported(format!(
            "filter `{name}` is not offered (this plugin offers: {})",
            offered.join(", ")
        )));
    }
    request.filter.validate()?;
    request.check_payload(payload.len())?;
    let mut image = Image::new(request.width, request.height, payload)
        .ok_or_else(|| PluginError::bad_request("payload does not match the image size"))?;
    plugin.apply_with(&request.filter, &mut image, request.hints)?;
    Ok(PluginResponse::FilterApplied)
}

#[cfg(target_arch = "wasm32")]
pub use wasm::{alloc, call, init, output_record};

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::cell::RefCell;
    use std::thread::LocalKey;

    use annex_protocol::abi::CallStatus;
    use annex_protocol::message::{InitRequest, PluginRequest};
    use annex_protocol::PluginError;
    use serde::Serialize;

    use super::Loaded;
    use crate::ExportedPlugin;

    type Slot<T> = LocalKey<RefCell<Option<Loaded<T>>>>;

    /// The last call's output, kept alive until the next call.
    struct Output {
        json: Vec<u8>,
        bytes: Vec<u8>,
        record: [u32; 4],
    }

    thread_local! {
        static OUTPUT: RefCell<Output> =
            const { RefCell::new(Output { json: Vec::new(), bytes: Vec::new(), record: [0; 4] }) };
    }

    pub fn alloc(len: u32) -> u32 {
        let Ok(layout) = std::alloc::Layout::array::<u8>(len as usize) else {
            return 0;
        };
        if len == 0 {
            return 0;
        }
        // SAFETY: the layout has a non-zero size.
        unsafe { std::alloc::alloc(layout) as u32 }
    }

    pub fn output_record() -> u32 {
        OUTPUT.with(|o| o.borrow().record.as_ptr() as u32)
    }

    /// Takes ownership of a buffer from `alloc`.
    ///
    /// # Safety
    /// `ptr` must come from `alloc(len)` and not have been taken before.
    unsafe fn take(ptr: u32, len: u32) -> Vec<u8> {
        if len == 0 || ptr == 0 {
            return Vec::new();
        }
        // SAFETY: `alloc` allocated exactly `len` bytes with the layout Vec<u8> uses.
        unsafe { Vec::from_raw_parts(ptr as *mut u8, len as usize, len as usize) }
    }

    fn finish<R: Serialize>(result: Result<R, PluginError>, payload: Vec<u8>) -> i32 {
        OUTPUT.with(|o| {
            let mut o = o.borrow_mut();
            let status = match result {
                Ok(response) => {
                    o.json = serde_json::to_vec(&response).expect("responses serialize");
                    o.bytes = payload;
                    CallStatus::Ok
                }
                Err(error) => {
                    o.json = serde_json::to_vec(&error).expect("errors serialize");
                    o.bytes = Vec::new();
                    CallStatus::Error
                }
            };
            o.record = [
                o.json.as_ptr() as u32,
                o.json.len() as u32,
                o.bytes.as_ptr() as u32,
                o.bytes.len() as u32,
            ];
            status as i32
        })
    }

    /// # Safety
    /// The buffer must come from `alloc`.
    pub unsafe fn init<T: ExportedPlugin>(slot: &'static Slot<T>, ptr: u32, len: u32) -> i32 {
        crate::host::install_panic_hook();
        // SAFETY: forwarded from the caller.
        let init = unsafe { take(ptr, len) };
        let result = serde_json::from_slice::<InitRequest>(&init)
            .map_err(|e| PluginError::bad_request(format!("init request is not understood: {e}")))
            .and_then(Loaded::<T>::start)
            .map(|loaded| slot.with(|s| *s.borrow_mut() = Some(loaded)));
        finish(result, Vec::new())
    }

    /// # Safety
    /// Both buffers must come from `alloc`.
    pub unsafe fn call<T: ExportedPlugin>(
        slot: &'static Slot<T>,
        req_ptr: u32,
        req_len: u32,
        data_ptr: u32,
        data_len: u32,
    ) -> i32 {
        // SAFETY: forwarded from the caller.
        let (request, mut payload) = unsafe { (take(req_ptr, req_len), take(data_ptr, data_len)) };
        let result = serde_json::from_slice::<PluginRequest>(&request)
            .map_err(|e| PluginError::bad_request(format!("request is not understood: {e}")))
            .and_then(|request| {
                slot.with(|s| match s.borrow_mut().as_mut() {
                    Some(loaded) => loaded.handle(request, &mut payload),
                    None => Err(PluginError::plugin("called before annex_init succeeded")),
                })
            });
        finish(result, payload)
    }
}
