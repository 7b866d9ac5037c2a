//! Colour adjustments: per-channel lookup tables where the formula allows,
//! per-pixel matrices where it does not.

use crate::to_byte;

/// Applies a 256-entry table to R, G and B.
fn with_table(px: &mut [u8], table: impl Fn(f64) -> f64) {
    let lut: Vec<u8> = (0..=255).map(|c| to_byte(table(f64::from(c)))).collect();
    for p in px.chunks_exact_mut(4) {
        for c in &mut p[..3] {
            *c = lut[usize::from(*c)];
        }
    }
}

/// Applies a 3×3 matrix to (R, G, B), then `blend` between old and new.
fn with_matrix(px: &mut [u8], m: [f64; 9], blend: f64) {
    for p in px.chunks_exact_mut(4) {
        let (r, g, b) = (f64::from(p[0]), f64::from(p[1]), f64::from(p[2]));
        let new = [
            m[0] * r + m[1] * g + m[2] * b,
            m[3] * r + m[4] * g + m[5] * b,
            m[6] * r + m[7] * g + m[8] * b,
        ];
        for (i, old) in [r, g, b].into_iter().enumerate() {
            p[i] = to_byte(old + (new[i] - old) * blend);
        }
    }
}

pub(crate) fn brightness(px: &mut [u8], amount: f64) {
    with_table(px, |c| c + amount * 255.0);
}

pub(crate) fn contrast(px: &mut [u8], factor: f64) {
    with_table(px, |c| (c - 127.5) * factor + 127.5);
}

pub(crate) fn posterize(px: &mut [u8], levels: u32) {
    let step = 255.0 / f64::from(levels - 1);
    with_table(px, |c| (c / step).round() * step);
}

pub(crate) fn saturation(px: &mut [u8], factor: f64) {
    for p in px.chunks_exact_mut(4) {
        let luma = 0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2]);
        for c in &mut p[..3] {
            *c = to_byte(luma + (f64::from(*c) - luma) * factor);
        }
    }
}

pub(crate) fn hue_rotate(px: &mut [u8], degrees: f64) {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let m = [
        0.213 + cos * 0.787 - sin * 0.213,
        0.715 - cos * 0.715 - sin * 0.715,
        0.072 - cos * 0.072 + sin * 0.928,
        0.213 - cos * 0.213 + sin * 0.143,
        0.715 + cos * 0.285 + sin * 0.140,
        0.072 - cos * 0.072 - sin * 0.283,
        0.213 - cos * 0.213 - sin * 0.787,
        0.715 - cos * 0.715 + sin * 0.715,
        0.072 + cos * 0.928 + sin * 0.072,
    ];
    with_matrix(px, m, 1.0);
}

pub(crate) fn sepia(px: &mut [u8], amount: f64) {
    let m = [0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131];
    with_matrix(px, m, amount);
}
