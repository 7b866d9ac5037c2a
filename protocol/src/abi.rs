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
