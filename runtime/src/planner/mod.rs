//! Load planning: what to load ahead of use, and why.
//!
//! [`plan`] is a pure function of the catalog, the visit (route and roles),
//! what the host measured about the device, and where the host is in its
//! start-up. It fetches nothing and runs nothing; an executor carries the
//! [`Plan`] out. Every decision, taken or not, comes with a sentence saying
//! why, for the demo's debug panel and for logs.
//!
//! | strategy    | [`Phase::Bootstrap`]            | [`Phase::Idle`]                 |
//! |-------------|---------------------------------|---------------------------------|
//! | `eager`     | activate, blocking              | activate, blocking              |
//! | `parallel`  | activate                        | activate                        |
//! | `deferred`  | skipped                         | activate                        |
//! | `lazy`      | compile if a preload rule matches (activate if `critical`/`high`) | same |
//! | `on_demand` | skipped                         | skipped                         |
//!
//! A preload rule matches when every condition it has holds: the route
//! matches one of its patterns, the user has one of its roles, the device is
//! one of its kinds (an unknown device is none of them), and the network is at
//! least `min_network` (an unknown network is not held back). The first
//! matching rule, in manifest order, gives the reason.
//!
//! When a catalog lists one plugin several times, only the newest version is
//! planned. Items come most urgent first: by priority, blocking before not,
//! activate before compile before fetch, then by id.
//!
//! ```
//! use annex_runtime::planner::{plan, Action, Device, Phase};
//! use annex_runtime::protocol::catalog::{Catalog, CatalogEntry};
//! use annex_runtime::protocol::Manifest;
//! use annex_runtime::VisitContext;
//!
//! let manifest = Manifest::from_json(
//!     br#"{"id": "dev.x.analytics", "version": "1.0.0", "name": "Analytics",
//!          "capabilities": {"analytics": {}},
//!          "loading": {"strategy": "lazy",
//!                      "preload": [{"routes": ["/analytics/*"], "roles": ["analyst"]}]}}"#,
//! )
//! .unwrap()
//! .manifest;
//! let entry = CatalogEntry { url: "analytics.wasm".into(), sha256: "0".repeat(64), size: 1, manifest };
//! let catalog = Catalog::new(vec![entry]);
//! let visit = VisitContext { route: "/analytics/today".into(), roles: vec!["analyst".into()] };
//!
//! let plan = plan(&catalog, &visit, &Device::default(), Phase::Bootstrap);
//! let item = plan.item("dev.x.analytics").unwrap();
//! assert_eq!(item.action, Action::Compile);
//! assert!(!item.blocking);
//! assert_eq!(
//!     item.reason,
//!     "preload dev.x.analytics: route /analytics/today matches /analytics/*, role analyst"
//! );
//! ```

mod decide;
mod preload;
mod types;

pub use decide::plan;
pub use types::{Action, Device, Phase, Plan, PlanItem};

#[cfg(test)]
mod tests;
