//! Types shared by every side of Annex: the host (main thread), the worker that
//! runs each plugin, and the plugins themselves.
//!
//! Pure serde, no browser dependencies, so everything here is testable with a
//! plain `cargo test`.
//!
//! * [`manifest`]: what a plugin declares about itself, parsed with errors that
//!   name the field.
//! * [`permission`]: what a plugin may be granted.
//! * [`abi`] and [`host_api`]: the contract between the worker and a plugin
//!   module (exports, imports, memory layout).
//! * [`message`]: what crosses `postMessage` and the ABI.
//! * [`api`]: the typed request/response types per API family.
//! * [`ErrorCode`] and [`PluginError`]: errors with stable codes that survive
//!   serialization.
#![deny(missing_docs)]

pub mod abi;
pub mod api;
pub mod catalog;
pub mod encoded;
mod error;
pub mod host_api;
pub mod manifest;
pub mod message;
pub mod permission;
pub mod route;

pub use error::{ErrorCode, PluginError};

/// The version of the host API this crate describes. Plugins state which host
/// API versions they work with in `requires.host_api`.
pub const HOST_API_VERSION: semver::Version = semver::Version::new(0, 1, 0);
pub use manifest::{Manifest, PluginId};
pub use permission::Permission;
