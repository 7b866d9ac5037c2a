//! Typed host-side handles, one per API family.

mod analytics;
mod animation;
mod custom;
mod filter;
mod network;
mod storage;
pub(crate) mod typography;

pub use analytics::{AnalyticsApi, AnalyticsExport};
pub use animation::{
    AnimationApi, AnimationPlayer, PlaybackEnd, PlayerOptions, PlayerState, PlayerStats,
};
pub use custom::CustomApi;
pub use filter::CanvasFilterApi;
pub use network::NetworkApi;
pub use storage::StorageApi;
pub use typography::{paint as paint_drawing, TextStyle, TypographyApi};
