//! Worker ↔ plugin: a call into the plugin and its answer, as JSON across the ABI.

use serde::{Deserialize, Serialize};

use crate::api::analytics::{AnalyticsRequest, AnalyticsResponse};
use crate::api::animation::{AnimationRequest, AnimationResponse};
use crate::api::events::Event;
use crate::api::filter::FilterRequest;
use crate::api::hooks::{HookOutcome, HookRequest};
use crate::api::network::{NetworkRequest, NetworkResponse};
use crate::api::storage::{StorageRequest, StorageResponse};
use crate::api::typography::{TypographyRequest, TypographyResponse};
use crate::encoded::Encoded;

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
