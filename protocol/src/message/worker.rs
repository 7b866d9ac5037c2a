//! Worker → host: the handshake, replies to calls, and what the plugin sends
//! on its own (events, subscriptions, logs).

use serde::{Deserialize, Serialize};

use super::{PluginResponse, WorkerUsage};
use crate::error::PluginError;
use crate::permission::Permission;

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
    /// The answer to a [`HostMessage::Call`](super::HostMessage::Call); a byte
    /// payload may travel with it.
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
