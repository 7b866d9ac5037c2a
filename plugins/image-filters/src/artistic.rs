//! Grayscale and edge detection.

/// Rec. 709 luma in integer arithmetic, rounded.
fn luma(p: &[u8]) -> u32 {
    (2126 * u32::from(p[0]) + 7152 * u32::from(p[1]) + 722 * u32::from(p[2]) + 5000) / 10000
}

pub(crate) fn grayscale(px: &mut [u8]) {
    for p in px.chunks_exact_mut(4) {
        let y = luma(p) as u8;
        p[..3].fill(y);
    }
}

/// Sobel magnitude of the luma.
pub(crate) fn edge_detect(px: &mut [u8], w: usize, h: usize) {
    let lum: Vec<i32> = px.chunks_exact(4).map(|p| luma(p) as i32).collect();
    let at = |x: isize, y: isize| {
        let (x, y) = (x.clamp(0, w as isize - 1) as usize, y.clamp(0, h as isize - 1) as usize);
        lum[y * w + x]
    };
    for y in 0..h as isize {
        for x in 0..w as isize {
            let gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1)
                - at(x - 1, y - 1)
                - 2 * at(x - 1, y)
                - at(x - 1, y + 1);
            let gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1)
                - at(x - 1, y - 1)
                - 2 * at(x, y - 1)
                - at(x + 1, y - 1);
            let m = (f64::from(gx * gx + gy * gy)).sqrt().round().min(255.0) as u8;
            let i = (y as usize * w + x as usize) * 4;
            px[i..i + 3].fill(m);
        }
    }
}

/// The custom `vignette` filter: each colour is multiplied by
/// `1 − strength × (d / D)²`, `d` the distance of the pixel centre from the image
/// centre and `D` half the diagonal.
pub(crate) fn vignette(px: &mut [u8], w: usize, h: usize, strength: f64) {
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let reach_sq = cx * cx + cy * cy;
    for (i, p) in px.chunks_exact_mut(4).enumerate() {
        let (dx, dy) = ((i % w) as f64 + 0.5 - cx, (i / w) as f64 + 0.5 - cy);
        let keep = 1.0 - strength * (dx * dx + dy * dy) / reach_sq;
        for c in &mut p[..3] {
            *c = crate::to_byte(f64::from(*c) * keep);
        }
    }
}
