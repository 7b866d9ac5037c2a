//! Blurs: separable passes with sliding sums (box) or a kernel (Gaussian),
//! edges repeated.

/// One box pass along rows (`stride` 4) or columns (`stride` 4 × width):
/// `line_len` pixels per line, `lines` lines starting `line_step` bytes apart.
fn box_pass(
    src: &[u8],
    dst: &mut [u8],
    lines: usize,
    line_len: usize,
    line_step: usize,
    stride: usize,
    r: usize,
) {
    let n = (2 * r + 1) as f64;
    for line in 0..lines {
        let base = line * line_step;
        let at = |i: isize| base + (i.clamp(0, line_len as isize - 1) as usize) * stride;
        for ch in 0..4 {
            let mut sum: u32 =
                (-(r as isize)..=r as isize).map(|i| u32::from(src[at(i) + ch])).sum();
            for i in 0..line_len {
                dst[base + i * stride + ch] = (f64::from(sum) / n).round() as u8;
                let (out, inc) = (at(i as isize - r as isize), at(i as isize + r as isize + 1));
                sum = sum + u32::from(src[inc + ch]) - u32::from(src[out + ch]);
            }
        }
    }
}

pub(crate) fn box_blur(px: &mut [u8], w: usize, h: usize, r: usize) {
    let mut tmp = vec![0u8; px.len()];
    box_pass(px, &mut tmp, h, w, w * 4, 4, r);
    box_pass(&tmp, px, w, h, 4, w * 4, r);
}

/// Three box blurs whose sizes approximate a Gaussian of `sigma` (draft quality).
pub(crate) fn approximate_gaussian(px: &mut [u8], w: usize, h: usize, sigma: f64) {
    let ideal = (12.0 * sigma * sigma / 3.0 + 1.0).sqrt();
    let r = (((ideal - 1.0) / 2.0).round() as usize).max(1);
    for _ in 0..3 {
        box_blur(px, w, h, r);
    }
}

pub(crate) fn gaussian(px: &mut [u8], w: usize, h: usize, sigma: f64) {
    let r = (3.0 * sigma).ceil() as isize;
    let mut kernel: Vec<f32> =
        (-r..=r).map(|i| (-((i * i) as f64) / (2.0 * sigma * sigma)).exp() as f32).collect();
    let total: f32 = kernel.iter().sum();
    kernel.iter_mut().for_each(|k| *k /= total);
    let clamp = |v: isize, max: usize| v.clamp(0, max as isize - 1) as usize;
    let mut tmp = vec![0f32; px.len()];
    for y in 0..h {
        for x in 0..w {
            for ch in 0..4 {
                let mut acc = 0.0f32;
                for (k, weight) in kernel.iter().enumerate() {
                    let sx = clamp(x as isize + k as isize - r, w);
                    acc += weight * f32::from(px[(y * w + sx) * 4 + ch]);
                }
                tmp[(y * w + x) * 4 + ch] = acc;
            }
        }
    }
    for y in 0..h {
        for x in 0..w {
            for ch in 0..4 {
                let mut acc = 0.0f32;
                for (k, weight) in kernel.iter().enumerate() {
                    let sy = clamp(y as isize + k as isize - r, h);
                    acc += weight * tmp[(sy * w + x) * 4 + ch];
                }
                px[(y * w + x) * 4 + ch] = acc.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
}
