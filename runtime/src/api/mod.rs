//! Typed host-side handles, one per API family.

mod animation;
mod filter;
mod network;
mod storage;

pub use animation::{
    AnimationApi, AnimationPlayer, PlaybackEnd, PlayerOptions, PlayerState, PlayerStats,
};
pub use filter::CanvasFilterApi;
pub use network::NetworkApi;
pub use storage::StorageApi;
