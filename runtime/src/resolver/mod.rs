//! Dependency resolution: which version of each plugin to load, and in what order.
//!
//! Pure Rust, no browser: the resolver works on manifests (from a catalog),
//! so it is tested natively.
//!
//! **Strategy.** Plugins are decided breadth-first from the requested roots,
//! in the order they are first required. Each gets the newest version that
//! satisfies every range placed on it so far, provides the features asked
//! for, and accepts the host's API version. When a later requirement cannot
//! be met, the resolver backtracks to the most recent decision that still has
//! older candidates. So among several solutions, the one chosen prefers newer
//! versions for plugins required earlier.
//!
//! * **Optional** dependencies are included when some compatible version is
//!   available, and left out otherwise (with a warning).
//! * **Peer** dependencies are never added on their own; if something else
//!   brings the plugin in, its version must match. A missing peer is a warning
//!   or an error, as [`PeerPolicy`] says.
//! * Pre-release versions match only as the `semver` crate decides (a range
//!   must name the same `major.minor.patch` with a pre-release).
//!
//! **Order.** Dependencies come before their dependents; plugins that do not
//! depend on each other keep id order. A cycle is an error naming every step.
//!
//! ```
//! use annex_runtime::protocol::Manifest;
//! use annex_runtime::resolver::{Request, Resolver};
//!
//! let manifest = |json: &str| Manifest::from_json(json.as_bytes()).unwrap().manifest;
//! let analytics = manifest(r#"{"id": "dev.x.analytics", "version": "1.4.0", "name": "A",
//!     "capabilities": {"analytics": {}}}"#);
//! let dashboard = manifest(r#"{"id": "dev.x.dashboard", "version": "2.0.0", "name": "D",
//!     "capabilities": {"custom": ["dashboard"]},
//!     "dependencies": [{"id": "dev.x.analytics", "version": "^1.2"}]}"#);
//!
//! let resolver = Resolver::new([&analytics, &dashboard], semver::Version::new(0, 1, 0));
//! let resolution = resolver.resolve(&[Request::any("dev.x.dashboard".parse().unwrap())]).unwrap();
//! let order: Vec<&str> = resolution.order.iter().map(|id| id.as_str()).collect();
//! assert_eq!(order, ["dev.x.analytics", "dev.x.dashboard"]);
//! ```

// A failed resolution is built once and carries everything needed to fix it;
// boxing it would only make matching on it clumsier.
#![allow(clippy::result_large_err)]

mod error;
mod order;
mod solve;

pub use error::{DependencyError, Requirer, ResolveWarning};
pub use solve::{PeerPolicy, Request, Resolution, Resolver};

#[cfg(test)]
mod tests;
