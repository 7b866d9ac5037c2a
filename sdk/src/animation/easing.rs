//! The standard easing functions, with the formulas of
//! [`annex_protocol::api::animation::easing`].

use annex_protocol::api::animation::Easing;

/// How close `bx(s)` must come to `t` when solving a Bézier curve.
const EPSILON: f64 = 1e-7;

/// `E(t)` of a standard easing (`linear`, `ease`, `ease-in`, `ease-out`,
/// `ease-in-out`, `cubic-bezier`); `None` for a custom one.
///
/// ```
/// use annex_sdk::animation::standard_easing;
/// use annex_sdk::api::animation::Easing;
///
/// assert_eq!(standard_easing(&Easing::EaseInOut, 0.5), Some(0.5));
/// assert_eq!(standard_easing(&Easing::custom("bounce"), 0.5), None);
/// ```
pub fn standard_easing(easing: &Easing, t: f64) -> Option<f64> {
    match easing {
        Easing::Linear => Some(t),
        other => other.control_points().map(|(x1, y1, x2, y2)| cubic_bezier(x1, y1, x2, y2, t)),
    }
}

/// The CSS cubic Bézier timing function through `(0, 0)`, `(x1, y1)`,
/// `(x2, y2)`, `(1, 1)` at `t`: finds `s` with `bx(s) = t` (within `1e-7`) and
/// returns `by(s)`. `x1` and `x2` must be in `0..=1`; `t` at or below 0 gives
/// 0, at or above 1 gives 1.
///
/// Newton's method from `s = t` converges in a few steps on usual curves;
/// where the slope is too flat for it, bisection finishes the job (`bx` is
/// non-decreasing when `x1`, `x2` are in `0..=1`).
pub fn cubic_bezier(x1: f64, y1: f64, x2: f64, y2: f64, t: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    if t >= 1.0 {
        return 1.0;
    }
    let x = Cubic::new(x1, x2);
    let y = Cubic::new(y1, y2);
    y.at(solve(&x, t))
}

/// `3(1−s)²s·p1 + 3(1−s)s²·p2 + s³` in polynomial form `((a·s + b)·s + c)·s`.
struct Cubic {
    a: f64,
    b: f64,
    c: f64,
}

impl Cubic {
    fn new(p1: f64, p2: f64) -> Self {
        let c = 3.0 * p1;
        let b = 3.0 * (p2 - p1) - c;
        Self { a: 1.0 - c - b, b, c }
    }

    fn at(&self, s: f64) -> f64 {
        ((self.a * s + self.b) * s + self.c) * s
    }

    fn slope(&self, s: f64) -> f64 {
        (3.0 * self.a * s + 2.0 * self.b) * s + self.c
    }
}

/// The `s` in `0..=1` with `x(s) = t`.
fn solve(x: &Cubic, t: f64) -> f64 {
    let mut s = t;
    for _ in 0..8 {
        let error = x.at(s) - t;
        if error.abs() < EPSILON {
            return s;
        }
        let slope = x.slope(s);
        if slope.abs() < 1e-6 {
            break;
        }
        s -= error / slope;
    }
    let (mut low, mut high) = (0.0, 1.0);
    s = t;
    for _ in 0..64 {
        let value = x.at(s);
        if (value - t).abs() < EPSILON {
            break;
        }
        if value < t {
            low = s;
        } else {
            high = s;
        }
        s = (low + high) / 2.0;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `E(t)` by bisection alone, to 1e-12: an independent check of Newton.
    fn reference(x1: f64, y1: f64, x2: f64, y2: f64, t: f64) -> f64 {
        if t == 0.0 || t == 1.0 {
            return t;
        }
        let bez = |p1: f64, p2: f64, s: f64| {
            3.0 * (1.0 - s).powi(2) * s * p1 + 3.0 * (1.0 - s) * s * s * p2 + s.powi(3)
        };
        let (mut low, mut high) = (0.0_f64, 1.0_f64);
        while high - low > 1e-12 {
            let mid = (low + high) / 2.0;
            if bez(x1, x2, mid) < t {
                low = mid;
            } else {
                high = mid;
            }
        }
        bez(y1, y2, (low + high) / 2.0)
    }

    #[test]
    fn keywords_match_their_css_curves_at_chosen_points() {
        let cases = [
            (Easing::Ease, 0.25, 0.4085),
            (Easing::Ease, 0.5, 0.8024),
            (Easing::EaseIn, 0.5, 0.3154),
            (Easing::EaseOut, 0.5, 0.6846),
            (Easing::EaseInOut, 0.25, 0.1291),
            (Easing::EaseInOut, 0.5, 0.5),
        ];
        for (easing, t, expected) in cases {
            let got = standard_easing(&easing, t).unwrap();
            assert!((got - expected).abs() < 1e-4, "{easing} at {t}: {got}, expected {expected}");
        }
        for easing in [Easing::Linear, Easing::Ease, Easing::EaseIn, Easing::EaseOut] {
            assert_eq!(standard_easing(&easing, 0.0), Some(0.0), "{easing}");
            assert_eq!(standard_easing(&easing, 1.0), Some(1.0), "{easing}");
        }
        assert_eq!(standard_easing(&Easing::Linear, 0.25), Some(0.25));
    }

    #[test]
    fn newton_agrees_with_bisection_on_many_curves() {
        let curves = [
            (0.25, 0.1, 0.25, 1.0),
            (0.0, 0.0, 1.0, 1.0),
            (1.0, 0.0, 0.0, 1.0),
            (0.68, -0.55, 0.265, 1.55),
            (0.0, 1.0, 0.0, 1.0),
            (1.0, 0.0, 1.0, 0.0),
        ];
        for (x1, y1, x2, y2) in curves {
            for i in 0..=100 {
                let t = f64::from(i) / 100.0;
                let got = cubic_bezier(x1, y1, x2, y2, t);
                let expected = reference(x1, y1, x2, y2, t);
                assert!(
                    (got - expected).abs() < 1e-5,
                    "cubic-bezier({x1}, {y1}, {x2}, {y2}) at {t}: {got} vs {expected}"
                );
            }
        }
    }
}
