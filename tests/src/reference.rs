//! Reference implementations of the built-in canvas filters, written from the
//! formulas documented on `annex_protocol::api::filter::Filter` and
//! independently of any plugin: the browser tests compare plugins with these.
//!
//! They favour the plainest code over speed: one pixel at a time, `f64`
//! throughout, neighbours fetched through a clamping accessor.

use annex_protocol::api::filter::Filter;

/// An RGBA image being read by a reference filter.
struct Pixels<'a> {
    data: &'a [u8],
    width: usize,
    height: usize,
}

impl Pixels<'_> {
    /// Channel `ch` of the pixel at `(x, y)`, coordinates clamped to the edges.
    fn at(&self, x: isize, y: isize, ch: usize) -> f64 {
        let x = x.clamp(0, self.width as isize - 1) as usize;
        let y = y.clamp(0, self.height as isize - 1) as usize;
        f64::from(self.data[(y * self.width + x) * 4 + ch])
    }
}

fn byte(value: f64) -> u8 {
    value.round().clamp(0.0, 255.0) as u8
}

/// Applies `filter` to an RGBA image the reference way. Panics on a custom filter.
pub fn reference_filter(filter: &Filter, width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let (w, h) = (width as usize, height as usize);
    match *filter {
        Filter::Grayscale => reference_grayscale(rgba),
        Filter::Brightness { amount } => per_channel(rgba, |c| c + amount * 255.0),
        Filter::Contrast { factor } => per_channel(rgba, |c| (c - 127.5) * factor + 127.5),
        Filter::Posterize { levels } => {
            let step = 255.0 / f64::from(levels - 1);
            per_channel(rgba, |c| (c / step).round() * step)
        }
        Filter::Saturation { factor } => per_pixel(rgba, |[r, g, b]| {
            let l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            [l + (r - l) * factor, l + (g - l) * factor, l + (b - l) * factor]
        }),
        Filter::HueRotate { degrees } => {
            let (s, c) = (degrees.to_radians().sin(), degrees.to_radians().cos());
            per_pixel(rgba, |[r, g, b]| {
                [
                    (0.213 + c * 0.787 - s * 0.213) * r
                        + (0.715 - c * 0.715 - s * 0.715) * g
                        + (0.072 - c * 0.072 + s * 0.928) * b,
                    (0.213 - c * 0.213 + s * 0.143) * r
                        + (0.715 + c * 0.285 + s * 0.140) * g
                        + (0.072 - c * 0.072 - s * 0.283) * b,
                    (0.213 - c * 0.213 - s * 0.787) * r
                        + (0.715 - c * 0.715 + s * 0.715) * g
                        + (0.072 + c * 0.928 + s * 0.072) * b,
                ]
            })
        }
        Filter::Sepia { amount } => per_pixel(rgba, |[r, g, b]| {
            let sepia = [
                0.393 * r + 0.769 * g + 0.189 * b,
                0.349 * r + 0.686 * g + 0.168 * b,
                0.272 * r + 0.534 * g + 0.131 * b,
            ];
            [r + (sepia[0] - r) * amount, g + (sepia[1] - g) * amount, b + (sepia[2] - b) * amount]
        }),
        Filter::BoxBlur { radius } => {
            let r = radius as isize;
            let n = (2 * r + 1) as f64;
            let horizontal = neighbourhood(rgba, w, h, |img, x, y, ch| {
                byte((-r..=r).map(|i| img.at(x + i, y, ch)).sum::<f64>() / n)
            });
            neighbourhood(&horizontal, w, h, |img, x, y, ch| {
                byte((-r..=r).map(|i| img.at(x, y + i, ch)).sum::<f64>() / n)
            })
        }
        Filter::GaussianBlur { sigma } => gaussian(rgba, w, h, sigma),
        Filter::Pixelate { size } => neighbourhood(rgba, w, h, |img, x, y, ch| {
            let size = size as isize;
            let (bx, by) = (x - x % size, y - y % size);
            let (mut sum, mut count) = (0.0, 0.0);
            for yy in by..(by + size).min(h as isize) {
                for xx in bx..(bx + size).min(w as isize) {
                    sum += img.at(xx, yy, ch);
                    count += 1.0;
                }
            }
            byte(sum / count)
        }),
        Filter::Swirl { angle, radius } => {
            let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
            let reach = radius * w.min(h) as f64 / 2.0;
            neighbourhood(rgba, w, h, |img, x, y, ch| {
                let (px, py) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                let d = (px * px + py * py).sqrt();
                if d >= reach {
                    return img.at(x, y, ch) as u8;
                }
                let theta = (angle * (1.0 - d / reach)).to_radians();
                let sx = (cx + theta.cos() * px - theta.sin() * py).floor() as isize;
                let sy = (cy + theta.sin() * px + theta.cos() * py).floor() as isize;
                img.at(sx, sy, ch) as u8
            })
        }
        Filter::EdgeDetect => {
            let gray = reference_grayscale(rgba);
            neighbourhood(&gray, w, h, |img, x, y, ch| {
                if ch == 3 {
                    return img.at(x, y, 3) as u8;
                }
                let l = |dx: isize, dy: isize| img.at(x + dx, y + dy, 0);
                let gx =
                    (l(1, -1) + 2.0 * l(1, 0) + l(1, 1)) - (l(-1, -1) + 2.0 * l(-1, 0) + l(-1, 1));
                let gy =
                    (l(-1, 1) + 2.0 * l(0, 1) + l(1, 1)) - (l(-1, -1) + 2.0 * l(0, -1) + l(1, -1));
                byte((gx * gx + gy * gy).sqrt())
            })
        }
        ref other => panic!("no reference for filter `{}`", other.name()),
    }
}

/// Grayscale by the documented formula (Rec. 709, integer, rounded).
pub fn reference_grayscale(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let y = ((2126 * p[0] as u32 + 7152 * p[1] as u32 + 722 * p[2] as u32 + 5000) / 10000)
                as u8;
            [y, y, y, p[3]]
        })
        .collect()
}

fn per_channel(rgba: &[u8], f: impl Fn(f64) -> f64) -> Vec<u8> {
    per_pixel(rgba, |[r, g, b]| [f(r), f(g), f(b)])
}

fn per_pixel(rgba: &[u8], f: impl Fn([f64; 3]) -> [f64; 3]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let [r, g, b] = f([f64::from(p[0]), f64::from(p[1]), f64::from(p[2])]);
            [byte(r), byte(g), byte(b), p[3]]
        })
        .collect()
}

/// Builds an image channel by channel from a function of the source image.
fn neighbourhood(
    rgba: &[u8],
    w: usize,
    h: usize,
    f: impl Fn(&Pixels<'_>, isize, isize, usize) -> u8,
) -> Vec<u8> {
    let img = Pixels { data: rgba, width: w, height: h };
    let mut out = Vec::with_capacity(rgba.len());
    for y in 0..h as isize {
        for x in 0..w as isize {
            out.extend((0..4).map(|ch| f(&img, x, y, ch)));
        }
    }
    out
}

/// The exact separable Gaussian, no intermediate rounding.
fn gaussian(rgba: &[u8], w: usize, h: usize, sigma: f64) -> Vec<u8> {
    let r = (3.0 * sigma).ceil() as isize;
    let weights: Vec<f64> =
        (-r..=r).map(|i| (-(i as f64).powi(2) / (2.0 * sigma * sigma)).exp()).collect();
    let total: f64 = weights.iter().sum();
    let img = Pixels { data: rgba, width: w, height: h };
    let mut horizontal = vec![0.0; rgba.len()];
    for y in 0..h as isize {
        for x in 0..w as isize {
            for ch in 0..4 {
                horizontal[(y as usize * w + x as usize) * 4 + ch] =
                    (-r..=r).zip(&weights).map(|(i, k)| k * img.at(x + i, y, ch)).sum::<f64>()
                        / total;
            }
        }
    }
    let at = |x: isize, y: isize, ch: usize| {
        let y = y.clamp(0, h as isize - 1) as usize;
        horizontal[(y * w + x as usize) * 4 + ch]
    };
    neighbourhood(rgba, w, h, |_, x, y, ch| {
        byte((-r..=r).zip(&weights).map(|(i, k)| k * at(x, y + i, ch)).sum::<f64>() / total)
    })
}
