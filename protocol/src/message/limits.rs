//! The limits the worker enforces on its plugin, and the use it reports back.

use serde::{Deserialize, Serialize};

use crate::api::network::NetworkPolicy;

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
