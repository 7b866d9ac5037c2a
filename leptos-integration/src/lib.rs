//! Leptos components and hooks for [Annex](annex_runtime) plugins.
//!
//! Wrap the app (or the part that uses plugins) in [`PluginHost`]; below it,
//! [`use_plugin`] follows one plugin and hands it over once it can take
//! calls, [`use_plugins`] lists plugins by capability or tag,
//! [`use_plugin_events`] gives the host's recent events, [`PluginSlot`]
//! shows what plugins contribute to a place on the page,
//! [`PermissionPrompt`] asks the visitor about permissions, and
//! [`PluginManager`] is a panel to watch and manage the plugins.
//!
//! # Quick start
//!
//! ```toml
//! [dependencies]
//! annex-leptos = "0.1"          # features = ["router"] to follow leptos_router
//! leptos = { version = "0.8", features = ["csr"] }
//! ```
//!
//! ```no_run
//! use annex_leptos::{prompt_approver, use_plugin, PermissionPrompt, PluginHost, PluginSlot};
//! use annex_runtime::protocol::api::filter::Filter;
//! use annex_runtime::{HostConfig, Plugin, RgbaImage, WorkerSource};
//! use leptos::prelude::*;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     // The worker bundle and catalog.json are static files the site serves
//!     // (`cargo xtask build` makes them).
//!     // Permission requests the policy leaves to the visitor go to the prompt.
//!     let prompt = prompt_approver();
//!     let config = HostConfig::new(WorkerSource::from_base("/annex-worker"))
//!         .approver(prompt.handler());
//!     let roles = RwSignal::new(vec!["editor".to_owned()]);
//!     view! {
//!         <PluginHost config catalog_url="/plugins/catalog.json" roles>
//!             <PermissionPrompt approver=prompt />
//!             <PluginSlot hook="sidebar" />
//!             <Gray />
//!         </PluginHost>
//!     }
//! }
//!
//! #[component]
//! fn Gray() -> impl IntoView {
//!     // Activated from the catalog when this mounts; suspends while it loads.
//!     let grayscale = use_plugin("dev.annex.grayscale");
//!     // Plugin handles are `!Send`: call them from a LocalResource.
//!     let pixel = LocalResource::new(move || async move {
//!         let filter = grayscale.api(Plugin::canvas_filter).await?;
//!         let pixel = RgbaImage::from_bytes(1, 1, &[200, 100, 50, 255])?;
//!         Ok::<_, annex_runtime::Error>(filter.apply(pixel, &Filter::Grayscale).await?.to_vec())
//!     });
//!     view! {
//!         <p>"Grayscale is " {move || grayscale.status().get().kind().as_str()}</p>
//!         <Suspense fallback=|| "Loading the grayscale plugin…">
//!             {move || Suspend::new(async move {
//!                 match pixel.await {
//!                     Ok(gray) => format!("gray: {gray:?}"),
//!                     Err(error) => format!("grayscale failed: {error}"),
//!                 }
//!             })}
//!         </Suspense>
//!     }
//! }
//! ```
//!
//! # Notes
//!
//! * No `csr`, `ssr` or `hydrate` feature is forced: the app picks. Plugins
//!   run in the browser only; under `ssr` the host never starts and the
//!   hooks stay pending.
//! * The host, plugins and workers are JavaScript-backed and `!Send`: the
//!   crate keeps them in local storage (`LocalResource`,
//!   `StoredValue::new_local`, local signals), so the hooks return `Copy`
//!   handles usable in any view closure.
//! * Permission prompts answer the runtime's approver: give
//!   [`PromptApprover::handler`] to [`annex_runtime::HostConfig::approver`].
#![deny(missing_docs)]

mod context;
mod events;
mod host;
mod manager;
mod metrics;
mod prompt;
mod router;
mod slot;
mod use_plugin;
mod use_plugins;

pub use annex_runtime;

pub use annex_runtime::permissions::{
    Approval, ApprovalRequest, PermissionState, PermissionStatus,
};
pub use context::{try_use_plugin_host, use_plugin_host, HostContext, HostState};
pub use events::{describe_event, event_name, use_plugin_events, RECENT_EVENTS};
pub use host::{PluginHost, PluginHostProps};
pub use manager::{PluginManager, PluginManagerProps};
pub use metrics::EventCounts;
pub use prompt::{
    describe_permission, prompt_approver, PermissionPrompt, PermissionPromptProps, PromptApprover,
};
pub use slot::{PluginSlot, PluginSlotProps, SlotItems, MAX_REFUSALS_LISTED};
pub use use_plugin::{use_plugin, UsePlugin};
pub use use_plugins::use_plugins;
