//! The built-in animations' values, with the formulas of
//! [`annex_protocol::api::animation::kinds`].

use annex_protocol::api::animation::{Animation, Frame};

/// The frame of a built-in animation (`fade`, `slide`, `scale`, `rotate`) at
/// eased progress `e`; `None` for a custom one.
///
/// ```
/// use annex_sdk::animation::builtin_frame;
/// use annex_sdk::api::animation::Animation;
///
/// let frame = builtin_frame(&Animation::rotate(0.0, 90.0), 0.5).unwrap();
/// assert_eq!(frame.rotate_deg, Some(45.0));
/// assert_eq!(frame.opacity, None);
/// ```
pub fn builtin_frame(animation: &Animation, e: f64) -> Option<Frame> {
    let mix = |from: f64, to: f64| from * (1.0 - e) + to * e;
    let frame = match *animation {
        Animation::Fade { from, to } => {
            Frame { opacity: Some(mix(from, to).clamp(0.0, 1.0)), ..Frame::default() }
        }
        Animation::Slide { from_x_px, from_y_px, to_x_px, to_y_px } => Frame {
            translate_x_px: Some(mix(from_x_px, to_x_px)),
            translate_y_px: Some(mix(from_y_px, to_y_px)),
            ..Frame::default()
        },
        Animation::Scale { from, to } => Frame { scale: Some(mix(from, to)), ..Frame::default() },
        Animation::Rotate { from_deg, to_deg } => {
            Frame { rotate_deg: Some(mix(from_deg, to_deg)), ..Frame::default() }
        }
        _ => return None,
    };
    Some(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_interpolate_and_hit_both_ends_exactly() {
        let fade = Animation::fade(0.1, 0.3);
        assert_eq!(builtin_frame(&fade, 0.0).unwrap().opacity, Some(0.1));
        assert_eq!(builtin_frame(&fade, 1.0).unwrap().opacity, Some(0.3));
        let slide = Animation::slide((-20.0, 10.0), (100.0, 50.0));
        let mid = builtin_frame(&slide, 0.25).unwrap();
        assert_eq!((mid.translate_x_px, mid.translate_y_px), (Some(10.0), Some(20.0)));
        assert_eq!(builtin_frame(&Animation::scale(1.0, 2.0), 0.5).unwrap().scale, Some(1.5));
        assert!(builtin_frame(&Animation::custom("shake", Default::default()), 0.5).is_none());
    }

    #[test]
    fn overshoot_moves_values_past_the_end_but_not_opacity() {
        let fade = Animation::fade(0.0, 1.0);
        assert_eq!(builtin_frame(&fade, 1.2).unwrap().opacity, Some(1.0));
        assert_eq!(builtin_frame(&fade, -0.2).unwrap().opacity, Some(0.0));
        let scale = builtin_frame(&Animation::scale(1.0, 2.0), 1.1).unwrap().scale.unwrap();
        assert!((scale - 2.1).abs() < 1e-12);
    }
}
