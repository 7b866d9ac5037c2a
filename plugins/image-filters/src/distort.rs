//! Distortions: pixelate and swirl.

pub(crate) fn pixelate(px: &mut [u8], w: usize, h: usize, size: usize) {
    for by in (0..h).step_by(size) {
        for bx in (0..w).step_by(size) {
            let (x1, y1) = ((bx + size).min(w), (by + size).min(h));
            let count = ((x1 - bx) * (y1 - by)) as f64;
            let mut sums = [0u64; 4];
            for y in by..y1 {
                for x in bx..x1 {
                    for (ch, sum) in sums.iter_mut().enumerate() {
                        *sum += u64::from(px[(y * w + x) * 4 + ch]);
                    }
                }
            }
            let mean = sums.map(|s| (s as f64 / count).round() as u8);
            for y in by..y1 {
                for x in bx..x1 {
                    px[(y * w + x) * 4..][..4].copy_from_slice(&mean);
                }
            }
        }
    }
}

pub(crate) fn swirl(px: &mut [u8], w: usize, h: usize, angle: f64, radius: f64) {
    let src = px.to_vec();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let reach = radius * (w.min(h) as f64) / 2.0;
    let angle = angle.to_radians();
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
            let d = dx.hypot(dy);
            if d >= reach {
                continue;
            }
            let (sin, cos) = (angle * (1.0 - d / reach)).sin_cos();
            let sx = (cx + dx * cos - dy * sin).floor().clamp(0.0, w as f64 - 1.0) as usize;
            let sy = (cy + dx * sin + dy * cos).floor().clamp(0.0, h as f64 - 1.0) as usize;
            px[(y * w + x) * 4..][..4].copy_from_slice(&src[(sy * w + sx) * 4..][..4]);
        }
    }
}
