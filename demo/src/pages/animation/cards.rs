//! The gallery's cards: an animation of the motion plugin each, with its
//! timing and easing (standard CSS curves and the plugin's own).

use annex_runtime::protocol::api::animation::{Animation, AnimationSpec, Easing};
use serde_json::json;

/// One card of the gallery.
#[derive(Clone, Copy, Debug)]
pub struct CardDef {
    /// Stable id, used in element ids (`box-slide`, `stats-slide`).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// What it shows, in a line.
    pub blurb: &'static str,
    /// Builds the animation it plays.
    pub spec: fn() -> AnimationSpec,
}

fn fade() -> AnimationSpec {
    AnimationSpec::new(Animation::fade(1.0, 0.2), 1200.0).easing(Easing::EaseInOut)
}

fn slide() -> AnimationSpec {
    AnimationSpec::new(Animation::slide((0.0, 0.0), (120.0, 0.0)), 1000.0).easing(Easing::EaseOut)
}

fn bounce() -> AnimationSpec {
    AnimationSpec::new(Animation::scale(0.4, 1.0), 1200.0).easing(Easing::custom("bounce"))
}

fn elastic() -> AnimationSpec {
    AnimationSpec::new(Animation::rotate(0.0, 180.0), 1500.0).easing(Easing::custom("elastic"))
}

fn spring() -> AnimationSpec {
    let easing = Easing::Custom {
        name: "spring".into(),
        params: json!({ "damping": 0.35, "frequency": 2.5 }),
    };
    AnimationSpec::new(Animation::slide((0.0, 0.0), (100.0, 0.0)), 1400.0).easing(easing)
}

fn overshoot() -> AnimationSpec {
    let easing = Easing::CubicBezier { x1: 0.68, y1: -0.55, x2: 0.27, y2: 1.55 };
    AnimationSpec::new(Animation::scale(1.0, 1.4), 1000.0).easing(easing)
}

fn shake() -> AnimationSpec {
    AnimationSpec::new(
        Animation::custom("shake", json!({ "amplitude_px": 14.0, "cycles": 4.0 })),
        900.0,
    )
}

fn pulse() -> AnimationSpec {
    AnimationSpec::new(Animation::custom("pulse", json!({ "amplitude": 0.25 })), 900.0)
        .easing(Easing::EaseInOut)
}

fn drop_in() -> AnimationSpec {
    AnimationSpec::new(Animation::custom("drop_in", json!({ "distance_px": 40.0 })), 900.0)
        .easing(Easing::EaseOut)
}

/// Every card, in gallery order.
pub const CARDS: [CardDef; 9] = [
    CardDef { id: "fade", title: "Fade", blurb: "Opacity 1 → 0.2, ease-in-out.", spec: fade },
    CardDef { id: "slide", title: "Slide", blurb: "120 px to the right, ease-out.", spec: slide },
    CardDef {
        id: "bounce",
        title: "Bounce",
        blurb: "Scale 0.4 → 1 with the plugin's bounce easing.",
        spec: bounce,
    },
    CardDef {
        id: "elastic",
        title: "Elastic",
        blurb: "Half a turn with the plugin's elastic easing.",
        spec: elastic,
    },
    CardDef {
        id: "spring",
        title: "Spring",
        blurb: "A slide on the plugin's spring (damping 0.35, 2.5 oscillations).",
        spec: spring,
    },
    CardDef {
        id: "overshoot",
        title: "Overshoot",
        blurb: "Scale 1 → 1.4 on cubic-bezier(0.68, −0.55, 0.27, 1.55).",
        spec: overshoot,
    },
    CardDef {
        id: "shake",
        title: "Shake",
        blurb: "The plugin's own shake: 4 cycles of 14 px, dying out.",
        spec: shake,
    },
    CardDef {
        id: "pulse",
        title: "Pulse",
        blurb: "The plugin's own pulse: swells by a quarter and back.",
        spec: pulse,
    },
    CardDef {
        id: "drop-in",
        title: "Drop in",
        blurb: "The plugin's own drop-in: falls 40 px into place while fading in.",
        spec: drop_in,
    },
];
