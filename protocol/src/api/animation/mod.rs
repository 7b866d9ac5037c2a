//! Animation: a plugin computes animated values and easing curves; the host
//! draws them.
//!
//! The host asks for many times in one request ([`AnimationRequest::Sample`],
//! e.g. the next 400 ms of frames at 60 fps) and gets one [`Frame`] per time
//! back, in order, so a player never waits a round trip per frame.
//!
//! From a time to a frame: the [timing model](timing) gives the directed
//! progress `d`, the [easing] turns it into `e = E(d)`, and the
//! [animation](kinds) gives its values at `e`. Every formula is documented
//! where its type is; tests check plugins against them.
//!
//! Before the host sends a request it checks what it can
//! ([`AnimationRequest::validate`], [`check_offered`]); the SDK checks again in
//! the plugin. Errors are [`crate::ErrorCode::BadRequest`] (or
//! [`crate::ErrorCode::Unsupported`] for an animation the plugin does not
//! offer) and name the parameter, e.g.
//! ``fade: `duration_ms` is -5; it must be 0 or more``.

pub mod easing;
pub mod kinds;
mod request;
mod spec;
pub mod timing;

pub use easing::Easing;
pub use kinds::{Animation, Frame};
pub use request::{check_offered, AnimationRequest, AnimationResponse};
pub use spec::AnimationSpec;
pub use timing::{Direction, Iterations};

/// Most times (or progress values) one request may carry.
pub const MAX_SAMPLES_PER_REQUEST: usize = 4096;
