//! Typed host-side handles, one per API family.

mod filter;
mod network;
mod storage;

pub use filter::CanvasFilterApi;
pub use network::NetworkApi;
pub use storage::StorageApi;
