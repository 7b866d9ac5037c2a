//! Typed host-side handles, one per API family.

mod filter;

pub use filter::CanvasFilterApi;
