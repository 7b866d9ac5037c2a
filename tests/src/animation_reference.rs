//! Independent reference values for the animation tests.

/// The CSS cubic Bézier timing function at `t`, by bisection on `bx` to
/// 1e-12 (the plugin uses Newton's method; agreeing means both are right).
pub fn cubic_bezier_reference(x1: f64, y1: f64, x2: f64, y2: f64, t: f64) -> f64 {
    if t <= 0.0 || t >= 1.0 {
        return t.clamp(0.0, 1.0);
    }
    let curve = |p1: f64, p2: f64, s: f64| {
        3.0 * (1.0 - s) * (1.0 - s) * s * p1 + 3.0 * (1.0 - s) * s * s * p2 + s * s * s
    };
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    while high - low > 1e-12 {
        let mid = (low + high) / 2.0;
        if curve(x1, x2, mid) < t {
            low = mid;
        } else {
            high = mid;
        }
    }
    curve(y1, y2, (low + high) / 2.0)
}
