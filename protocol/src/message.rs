//! Messages between the host (main thread), the worker and the plugin.
//!
//! Host and worker exchange [`HostMessage`] and [`WorkerMessage`] over
//! `postMessage`, converted with serde; large binary data never goes through
//! serde but rides beside the message as a transferred `ArrayBuffer` (the
//! *payload*). The worker hands [`PluginRequest`] to the plugin as JSON and
//! gets a [`PluginResponse`] back.

use serde::{Deserialize, Serialize};

/// Property names of the JS object every `postMessage` carries.
///
/// A message is `{ msg, module?, payload? }`: `msg` is the serde-converted
/// [`HostMessage`] or [`WorkerMessage`], `module` a compiled
/// `WebAssembly.Module`, `payload` a transferred `ArrayBuffer`. The very first
/// message to a new worker is `{ workerModule }`: the worker's own compiled
/// code, which the loader script instantiates; the host sends it once the
/// worker has said [`WorkerMessage::Listening`].
pub mod envelope {
    /// The serde part.
    pub const MESSAGE: &str = "msg";
    /// A compiled plugin module.
    pub const MODULE: &str = "module";
    /// A transferred `ArrayBuffer`.
    pub const PAYLOAD: &str = "payload";
    /// The worker's own compiled module, in the boot message.
    pub const WORKER_MODULE: &str = "workerModule";
}

use crate::api::analytics::{AnalyticsRequest, AnalyticsResponse};
use crate::api::animation::{AnimationRequest, AnimationResponse};
use crate::api::events::Event;
use crate::api::filter::FilterRequest;
use crate::api::hooks::{HookOutcome, HookRequest};
use crate::api::network::{NetworkPolicy, NetworkRequest, NetworkResponse};
use crate::api::storage::{StorageRequest, StorageResponse};
use crate::api::typography::{TypographyRequest, TypographyResponse};
use crate::encoded::Encoded;
use crate::error::PluginError;
use crate::manifest::PluginId;
use crate::permission::Permission;

/// Host → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HostMessage {
    /// Instantiate the compiled plugin module that travels with this message.
    Instantiate {
        /// The plugin's id, for messages.
        plugin: PluginId,
        /// Its publisher and id: what its storage is filed under.
        storage_namespace: String,
        /// Permissions granted; the worker offers only the matching imports.
        grants: Vec<Permission>,
        /// Limits the worker enforces on the plugin's host calls.
        limits: WorkerLimits,
        /// How calls suspend on asynchronous host functions.
        #[serde(default)]
        suspension: crate::abi::SuspensionMode,
    },
    /// Run the plugin's `annex_init` (validate its configuration, then `initialize`).
    Init(InitRequest),
    /// Grant or revoke a permission; effective from the next host call.
    SetGrant {
        /// The permission.
        permission: Permission,
        /// Granted (true) or revoked (false).
        granted: bool,
    },
    /// Call the plugin; a byte payload may travel with this message.
    Call {
        /// Correlates the reply.
        call: u32,
        /// What to do.
        request: PluginRequest,
    },
}

/// Limits the worker enforces where the effects happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerLimits {
    /// Bytes the plugin may keep in storage (keys and values).
    pub storage_quota_bytes: u64,
    /// What its network requests are limited to.
    pub network: NetworkPolicy,
    /// The cap the host wrote into the module's memory, in bytes; the worker
    /// uses it to tell an out-of-memory trap from others.
    #[serde(default)]
    pub memory_max_bytes: Option<u64>,
    /// Largest data (payload) one call may return.
    #[serde(default = "default_max_result_bytes")]
    pub max_result_bytes: u64,
    /// Largest answer (JSON) one call may return: the main thread decodes
    /// it, so it is kept far smaller than the payload.
    #[serde(default = "default_max_answer_bytes")]
    pub max_answer_bytes: u64,
    /// Events per second the plugin may emit (a burst of as many is allowed);
    /// past it, emitting fails and the excess is counted.
    #[serde(default = "default_events_per_second")]
    pub events_per_second: u32,
    /// Log lines per second the worker forwards; the rest are counted and dropped.
    #[serde(default = "default_logs_per_second")]
    pub logs_per_second: u32,
    /// Event types the plugin may be subscribed to at once; past it,
    /// subscribing fails.
    #[serde(default = "default_max_subscriptions")]
    pub max_subscriptions: u32,
    /// Longest log line or panic message the worker forwards, in bytes;
    /// longer ones are cut (and say so).
    #[serde(default = "default_max_log_bytes")]
    pub max_log_bytes: u32,
    /// Largest state `save_state` may hand over, in bytes; a larger one is
    /// refused and the previous checkpoint stays.
    #[serde(default = "default_max_state_bytes")]
    pub max_state_bytes: u64,
}

fn default_max_result_bytes() -> u64 {
    64 << 20
}

fn default_max_answer_bytes() -> u64 {
    1 << 20
}

fn default_events_per_second() -> u32 {
    100
}

fn default_logs_per_second() -> u32 {
    50
}

fn default_max_subscriptions() -> u32 {
    256
}

fn default_max_log_bytes() -> u32 {
    8 * 1024
}

fn default_max_state_bytes() -> u64 {
    1 << 20
}

/// What a plugin has used, as its worker counts it; sent with every reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerUsage {
    /// Bytes in its storage namespace, once it has used storage.
    pub storage_bytes: Option<u64>,
    /// Network requests sent since it started.
    pub network_requests: u64,
}

impl Default for WorkerLimits {
    fn default() -> Self {
        Self {
            storage_quota_bytes: 1 << 20,
            network: NetworkPolicy::default(),
            memory_max_bytes: None,
            max_result_bytes: default_max_result_bytes(),
            max_answer_bytes: default_max_answer_bytes(),
            events_per_second: default_events_per_second(),
            logs_per_second: default_logs_per_second(),
            max_subscriptions: default_max_subscriptions(),
            max_log_bytes: default_max_log_bytes(),
            max_state_bytes: default_max_state_bytes(),
        }
    }
}

/// Worker → host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WorkerMessage {
    /// The worker's loader script runs and waits for the boot message
    /// (`{ workerModule }`). Sent first, because a module worker drops
    /// messages that arrive before its top-level code has run.
    Listening,
    /// The worker's own code is running and it accepts messages.
    Ready,
    /// The worker's loader could not start the worker's code.
    BootFailed {
        /// The loader's error message.
        message: String,
    },
    /// The plugin is instantiated (its code has not run yet).
    Instantiated {
        /// Size of the plugin's linear memory, in bytes.
        memory_bytes: u32,
        /// How its calls wait for asynchronous host functions (absent from
        /// older workers).
        #[serde(default)]
        suspension: Option<crate::abi::CallSuspension>,
    },
    /// The plugin could not be instantiated; the worker stays idle.
    LoadFailed {
        /// Why.
        error: PluginError,
    },
    /// The plugin's `initialize` succeeded.
    Initialized {
        /// Size of the plugin's linear memory after `initialize`, in bytes.
        memory_bytes: u32,
    },
    /// The plugin's `validate_config` or `initialize` failed (or panicked).
    InitFailed {
        /// Why.
        error: PluginError,
    },
    /// The answer to a [`HostMessage::Call`]; a byte payload may travel with it.
    Reply {
        /// The call this answers.
        call: u32,
        /// The plugin's response or error.
        result: Result<PluginResponse, PluginError>,
        /// Size of the plugin's linear memory after the call, in bytes.
        memory_bytes: u32,
        /// What the plugin has used of its other limits so far.
        #[serde(default)]
        usage: WorkerUsage,
    },
    /// The worker refused some of what the plugin tried to do too often
    /// (sent at most once a second while it lasts).
    Throttled {
        /// What: `"events"` or `"logs"`.
        what: String,
        /// How many were refused since the plugin started.
        refused: u64,
    },
    /// The worker refused a host call for a permission the plugin does not
    /// hold (the first time, then at most once a second while it goes on).
    Refused {
        /// The permission the call needed.
        permission: Permission,
        /// How many calls needing it were refused since the plugin started.
        refused: u64,
    },
    /// The plugin emitted an event.
    Emitted {
        /// Its type.
        event_type: String,
        /// Its data.
        data: serde_json::Value,
    },
    /// The plugin subscribed to, or unsubscribed from, an event type.
    Subscription {
        /// The event type.
        event_type: String,
        /// Subscribe (true) or unsubscribe (false).
        subscribe: bool,
        /// Only the next event of the type.
        once: bool,
    },
    /// The plugin wrote to the log.
    Log {
        /// Severity.
        level: LogLevel,
        /// The message.
        message: String,
    },
}

/// What a plugin is started with: handed to `annex_init` as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitRequest {
    /// The plugin's id.
    pub plugin: PluginId,
    /// Permissions granted; the worker offers only the matching imports.
    pub grants: Vec<Permission>,
    /// The configuration, checked against the manifest's schema, defaults filled in.
    pub config: serde_json::Map<String, serde_json::Value>,
}

/// A call into a plugin, as JSON across the ABI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PluginRequest {
    /// Answer at once; measures the round trip.
    Ping,
    /// Apply a canvas filter to the pixels in the payload, in place.
    FilterApply(Encoded<FilterRequest>),
    /// Run the plugin's handler for a hook point it subscribed to.
    Hook(Encoded<HookRequest>),
    /// Deliver an event of a type the plugin subscribed to.
    Event(Event),
    /// A storage operation (storage plugins); values travel as the payload.
    Storage(Encoded<StorageRequest>),
    /// An HTTP request (network plugins); the body travels as the payload.
    Network {
        /// The request (its own `method` field is the HTTP method).
        request: Encoded<NetworkRequest>,
    },
    /// A typography request (typography plugins).
    Typography(Encoded<TypographyRequest>),
    /// An analytics operation: track, query, export, clear (analytics plugins).
    Analytics(Encoded<AnalyticsRequest>),
    /// Animated values or easing curves (animation plugins). Kept as JSON
    /// until the animation dispatch decodes it (see [`Encoded`]).
    Animation(Encoded<AnimationRequest>),
    /// A call to one of the custom APIs the manifest declares
    /// (`capabilities.custom`); the input bytes are the payload.
    Custom {
        /// The custom API, as the manifest names it.
        api: String,
        /// The function of that API; the plugin decides what exists.
        function: String,
    },
    /// Run the plugin's `cleanup`: it is about to be stopped.
    Cleanup,
    /// Run the plugin's `reload` with its current configuration.
    Reload,
    /// Ask the plugin for the state it wants back after a restart
    /// (`save_state`); answered with [`PluginResponse::State`].
    SaveState,
    /// Hand a restarted plugin the state it saved (`restore_state`); the
    /// state is the payload.
    RestoreState,
    /// Replace the configuration (already checked against the schema).
    UpdateConfig {
        /// The new configuration, defaults filled in.
        config: serde_json::Map<String, serde_json::Value>,
    },
}

impl PluginRequest {
    /// The method name, for messages and metrics.
    pub fn method(&self) -> &'static str {
        match self {
            Self::Ping => "ping",
            Self::FilterApply(_) => "filter_apply",
            Self::Hook(_) => "hook",
            Self::Event(_) => "event",
            Self::Storage(_) => "storage",
            Self::Network { .. } => "network",
            Self::Typography(_) => "typography",
            Self::Analytics(_) => "analytics",
            Self::Animation(_) => "animation",
            Self::Custom { .. } => "custom",
            Self::Cleanup => "cleanup",
            Self::Reload => "reload",
            Self::SaveState => "save_state",
            Self::RestoreState => "restore_state",
            Self::UpdateConfig { .. } => "update_config",
        }
    }
}

/// A plugin's answer, as JSON across the ABI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PluginResponse {
    /// Answer to [`PluginRequest::Ping`].
    Pong,
    /// The filtered pixels are the payload.
    FilterApplied,
    /// The hook handler's decision.
    Hook(Encoded<HookOutcome>),
    /// A storage plugin's answer; a value travels as the payload.
    Storage(Encoded<StorageResponse>),
    /// A network plugin's answer; the body travels as the payload.
    Network {
        /// Status and headers.
        response: Encoded<NetworkResponse>,
    },
    /// A typography plugin's answer; a font file travels as the payload.
    Typography(Encoded<TypographyResponse>),
    /// An analytics plugin's answer; an export travels as the payload.
    Analytics(Encoded<AnalyticsResponse>),
    /// An animation plugin's values.
    Animation(Encoded<AnimationResponse>),
    /// A custom call's answer; its output bytes are the payload.
    Custom,
    /// A lifecycle request (cleanup, reload, config update) succeeded.
    Done,
    /// Answer to [`PluginRequest::SaveState`]; the state is the payload.
    State {
        /// Whether the plugin saved anything.
        saved: bool,
    },
}

/// Severity of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    /// Something failed.
    Error,
    /// Something is suspicious.
    Warn,
    /// Normal operation.
    Info,
    /// Detail for plugin authors.
    Debug,
}

impl LogLevel {
    /// Decodes the level number used by the `log` host import (0 error … 3 debug;
    /// anything larger is debug).
    pub fn from_abi(level: i32) -> Self {
        match level {
            i32::MIN..=0 => Self::Error,
            1 => Self::Warn,
            2 => Self::Info,
            _ => Self::Debug,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::filter::Filter;

    #[test]
    fn requests_carry_a_method_tag() {
        let req = PluginRequest::FilterApply(Encoded::new(&FilterRequest {
            filter: Filter::Grayscale,
            width: 1,
            height: 1,
            hints: Default::default(),
        }));
        // Encoded values are JSON objects: their keys come out sorted.
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(
            json,
            r#"{"method":"filter_apply","filter":{"type":"grayscale"},"height":1,"width":1}"#
        );
        assert_eq!(serde_json::from_str::<PluginRequest>(&json).unwrap(), req);
        assert_eq!(serde_json::to_string(&PluginRequest::Ping).unwrap(), r#"{"method":"ping"}"#);
    }

    #[test]
    fn family_requests_do_not_clash_with_the_method_tag() {
        let request = Encoded::new(&NetworkRequest::get("https://a.example/x"));
        let req = PluginRequest::Network { request };
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json["method"], "network");
        assert_eq!(json["request"]["method"], "GET");
        assert_eq!(serde_json::from_value::<PluginRequest>(json).unwrap(), req);
        let storage =
            PluginRequest::Storage(Encoded::new(&StorageRequest::Get { key: "k".into() }));
        let json = serde_json::to_string(&storage).unwrap();
        assert_eq!(json, r#"{"method":"storage","key":"k","op":"get"}"#);
        assert_eq!(serde_json::from_str::<PluginRequest>(&json).unwrap(), storage);
    }

    #[test]
    fn floats_survive_the_text_path_exactly() {
        // Without serde_json's `float_roundtrip` these came back one ulp off.
        for amount in [905879.7242878148, -1.2088447293900985e123, 2.917995354767802e-220] {
            let req = PluginRequest::FilterApply(Encoded::new(&FilterRequest {
                filter: Filter::Brightness { amount },
                width: 1,
                height: 1,
                hints: Default::default(),
            }));
            let json = serde_json::to_string(&req).unwrap();
            let back = serde_json::from_str::<PluginRequest>(&json).unwrap();
            assert_eq!(back, req, "{json}");
            let PluginRequest::FilterApply(filter) = back else { unreachable!() };
            assert_eq!(filter.decode().unwrap().filter, Filter::Brightness { amount });
        }
    }

    #[test]
    fn replies_carry_results() {
        let reply = WorkerMessage::Reply {
            call: 7,
            result: Err(PluginError::bad_request("no")),
            memory_bytes: 65536,
            usage: WorkerUsage { storage_bytes: Some(12), network_requests: 3 },
        };
        let json = serde_json::to_value(&reply).unwrap();
        assert_eq!(json["result"]["Err"]["code"], "bad_request");
        assert_eq!(serde_json::from_value::<WorkerMessage>(json).unwrap(), reply);
    }
}
