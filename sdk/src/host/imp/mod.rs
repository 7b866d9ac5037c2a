//! The host functions themselves: imports on `wasm32`, the mock host natively.

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::*;
#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::*;

/// The byte-to-byte utilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Util {
    Sha256,
    Compress,
    Decompress,
}
