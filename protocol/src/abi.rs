//! The plugin ABI: what a plugin module exports, what it may import, and how
//! data crosses between the worker and the plugin's linear memory.
//!
//! Plugin authors never see this; the SDK's export macro implements it. It is
//! documented for people writing a plugin kit in another language.
//!
//! # Exports a plugin must have
//!
//! | export | signature | meaning |
//! |---|---|---|
//! | `memory` | memory | the plugin's linear memory |
//! | `annex_abi_version` | `() -> i32` | must return [`ABI_VERSION`] |
//! | `annex_alloc` | `(len: i32) -> i32` | a buffer of `len` bytes the caller fills; ownership passes to the plugin with the next call |
//! | `annex_init` | `(cfg_ptr: i32, cfg_len: i32) -> i32` | initialize with JSON config; returns a [`CallStatus`] |
//! | `annex_call` | `(req_ptr: i32, req_len: i32, data_ptr: i32, data_len: i32) -> i32` | handle one JSON [`crate::message::PluginRequest`] plus a byte payload; returns a [`CallStatus`] |
//! | `annex_output` | `() -> i32` | address of the output record of the last `annex_init`/`annex_call` |
//!
//! The output record is four little-endian `u32`s: `json_ptr, json_len,
//! bytes_ptr, bytes_len`. On [`CallStatus::Ok`] the JSON is a
//! [`crate::message::PluginResponse`] and the bytes are the response payload
//! (for filters: the pixels, filtered in place); on [`CallStatus::Error`] the
//! JSON is a [`crate::PluginError`]. The record stays valid until the next call.
//!
//! # Imports
//!
//! Imports come from module [`IMPORT_MODULE`] and are listed, with the
//! permission each needs, in [`crate::host_api`].

/// Name of the custom section that holds the manifest JSON.
pub const MANIFEST_SECTION: &str = "annex.manifest";

/// The ABI version this crate describes. A plugin reporting another is refused.
pub const ABI_VERSION: i32 = 1;

/// The module name all host imports live in.
pub const IMPORT_MODULE: &str = "annex";

/// Names of the exports a plugin must provide.
pub mod export {
    /// The plugin's linear memory.
    pub const MEMORY: &str = "memory";
    /// `() -> i32`: the ABI version.
    pub const ABI_VERSION: &str = "annex_abi_version";
    /// `(len: i32) -> i32`: allocate a buffer for the caller to fill.
    pub const ALLOC: &str = "annex_alloc";
    /// `(cfg_ptr: i32, cfg_len: i32) -> i32`: initialize.
    pub const INIT: &str = "annex_init";
    /// `(req_ptr, req_len, data_ptr, data_len) -> i32`: handle a request.
    pub const CALL: &str = "annex_call";
    /// `() -> i32`: address of the output record.
    pub const OUTPUT: &str = "annex_output";

    /// Every required export with its kind, for checking a module.
    pub const REQUIRED: [(&str, ExportKind); 6] = [
        (MEMORY, ExportKind::Memory),
        (ABI_VERSION, ExportKind::Function),
        (ALLOC, ExportKind::Function),
        (INIT, ExportKind::Function),
        (CALL, ExportKind::Function),
        (OUTPUT, ExportKind::Function),
    ];

    /// The kind of a required export.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ExportKind {
        /// A function.
        Function,
        /// A linear memory.
        Memory,
    }
}

/// What `annex_init` and `annex_call` return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum CallStatus {
    /// Success: the output JSON is the response.
    Ok = 0,
    /// Failure: the output JSON is a [`crate::PluginError`].
    Error = 1,
}

impl CallStatus {
    /// Decodes a status; anything but 0 and 1 is `None`.
    pub fn from_i32(value: i32) -> Option<Self> {
        match value {
            0 => Some(Self::Ok),
            1 => Some(Self::Error),
            _ => None,
        }
    }
}

/// How a plugin's synchronous code waits for an asynchronous host function
/// (storage, network).
///
/// Where the engine has JavaScript Promise Integration (`WebAssembly.Suspending`,
/// Chromium and Firefox), the worker suspends the plugin's stack with it.
/// Elsewhere (WebKit) it needs a module built with binaryen's Asyncify
/// transform (the build tools apply it to every plugin that imports an
/// asynchronous host function): the worker unwinds the plugin's stack into a
/// buffer in its memory, awaits the promise, and rewinds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SuspensionMode {
    /// JSPI where the engine has it, else Asyncify when the module was transformed.
    #[default]
    Auto,
    /// Asyncify even where JSPI exists (tests and the benchmark, to measure
    /// and check the fallback in every engine).
    Asyncify,
}

/// How an instance's calls actually suspend, as the worker chose at instantiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CallSuspension {
    /// The module imports no asynchronous host function.
    Direct,
    /// JavaScript Promise Integration.
    Jspi,
    /// The Asyncify fallback (unwind, await, rewind).
    Asyncify,
}

impl std::fmt::Display for CallSuspension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Direct => "direct",
            Self::Jspi => "jspi",
            Self::Asyncify => "asyncify",
        })
    }
}

/// Exports the Asyncify transform adds to a module (binaryen's names).
pub mod asyncify {
    /// `(data: i32)`: start unwinding the stack into the buffer at `data`.
    pub const START_UNWIND: &str = "asyncify_start_unwind";
    /// `()`: the stack is unwound; back to normal execution.
    pub const STOP_UNWIND: &str = "asyncify_stop_unwind";
    /// `(data: i32)`: rewind the stack saved at `data` on the next call.
    pub const START_REWIND: &str = "asyncify_start_rewind";
    /// `()`: rewinding reached the import; back to normal execution.
    pub const STOP_REWIND: &str = "asyncify_stop_rewind";
    /// `() -> i32`: 0 normal, 1 unwinding, 2 rewinding.
    pub const GET_STATE: &str = "asyncify_get_state";
    /// Every export a transformed module has.
    pub const EXPORTS: [&str; 5] =
        [START_UNWIND, STOP_UNWIND, START_REWIND, STOP_REWIND, GET_STATE];
}
