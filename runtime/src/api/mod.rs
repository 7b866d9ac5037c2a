//! Typed host-side handles, one per API family.

mod analytics;
mod filter;
mod network;
mod storage;

pub use analytics::{AnalyticsApi, AnalyticsExport};
pub use filter::CanvasFilterApi;
pub use network::NetworkApi;
pub use storage::StorageApi;
