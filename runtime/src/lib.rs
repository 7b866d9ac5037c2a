//! The Annex host: runs WebAssembly plugins in the browser, each in its own
//! Web Worker, and calls them through typed APIs.
//!
//! ```no_run
//! use annex_runtime::{HostConfig, PluginHost, RgbaImage, WorkerSource};
//! use annex_protocol::api::filter::Filter;
//!
//! # async fn demo() -> annex_runtime::Result<()> {
//! let host = PluginHost::new(HostConfig::new(WorkerSource::from_base("/annex-worker"))).await?;
//! let plugin = host.load_url("/plugins/grayscale.wasm").await?;
//!
//! let image = RgbaImage::from_bytes(1, 1, &[200, 100, 50, 255])?;
//! let gray = plugin.canvas_filter()?.apply(image, &Filter::Grayscale).await?;
//! assert_eq!(gray.to_vec(), [118, 118, 118, 255]);
//! # Ok(()) }
//! ```
//!
//! What happens on load, in order: the module bytes are parsed (no plugin code
//! runs), the manifest is read from the `annex.manifest` custom section and
//! validated, every import is checked against the permissions the host grants,
//! the module is compiled once, a dedicated worker is started, and the plugin
//! is instantiated there with only the imports it was granted.
//!
//! Every call has a time budget ([`HostConfig::call_timeout`]). A plugin that
//! runs past it has its worker terminated and is marked
//! [`PluginStatus::Error`]; the page and the other plugins carry on.
#![deny(missing_docs)]

mod api;
pub mod cache;
pub mod catalog;
mod config;
mod error;
pub mod events;
mod fetch;
pub mod hooks;
mod host;
mod image;
mod js;
pub mod lifecycle;
pub mod monitor;
pub mod permissions;
pub mod planner;
mod plugin;
pub mod resolver;
pub mod scheduler;
pub mod testing;
mod worker;

pub use annex_module::limits::ModuleLimits;
pub use annex_protocol as protocol;
pub use annex_protocol::abi::SuspensionMode;
pub use api::{
    paint_drawing, AnalyticsApi, AnalyticsExport, AnimationApi, AnimationPlayer, CanvasFilterApi,
    CustomApi, NetworkApi, PlaybackEnd, PlayerOptions, PlayerState, PlayerStats, StorageApi,
    TextStyle, TypographyApi,
};
pub use config::{HostConfig, PluginLimits, WorkerSource};
pub use error::{Error, Result};
pub use events::{DependencyChange, EventBus, EventKind, HostEvent, Subscription};
pub use host::{
    BootstrapReport, CatalogUpdate, LoadOptions, PluginHost, PluginQuery, VisitContext,
};
pub use image::RgbaImage;
pub use lifecycle::{PluginStatus, StatusKind};
pub use permissions::{
    Approval, ApprovalRequest, PermissionPolicy, PermissionState, SignaturePolicy,
};
pub use plugin::{Plugin, SupervisionConfig, UpdateOutcome};
