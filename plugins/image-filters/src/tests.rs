use annex_sdk::api::filter::{FilterHints, Quality};
use annex_sdk::testing::Harness;
use annex_sdk::{ErrorCode, Filter};

use super::ImageFilters;

fn run(filter: Filter, w: u32, h: u32, pixels: &[u8]) -> Vec<u8> {
    let mut harness = Harness::<ImageFilters>::new().unwrap();
    let mut out = pixels.to_vec();
    harness.apply_filter(&filter, w, h, &mut out).unwrap();
    out
}

fn gradient(w: u32, h: u32) -> Vec<u8> {
    (0..w * h)
        .flat_map(|i| [(i * 7 % 256) as u8, (i * 13 % 256) as u8, (i * 29 % 256) as u8, 200])
        .collect()
}

#[test]
fn neutral_parameters_change_nothing() {
    let img = gradient(9, 7);
    for filter in [
        Filter::Brightness { amount: 0.0 },
        Filter::Contrast { factor: 1.0 },
        Filter::Saturation { factor: 1.0 },
        Filter::Sepia { amount: 0.0 },
        Filter::Posterize { levels: 256 - 1 },
        Filter::Pixelate { size: 1 },
        Filter::Swirl { angle: 0.0, radius: 1.0 },
    ] {
        let name = filter.name().to_owned();
        assert_eq!(run(filter, 9, 7, &img), img, "{name}");
    }
}

#[test]
fn known_values() {
    let px = [100, 150, 200, 77];
    assert_eq!(run(Filter::Brightness { amount: 0.2 }, 1, 1, &px), [151, 201, 251, 77]);
    assert_eq!(run(Filter::Contrast { factor: 2.0 }, 1, 1, &px), [73, 173, 255, 77]);
    assert_eq!(run(Filter::Saturation { factor: 0.0 }, 1, 1, &px), [143, 143, 143, 77]);
    assert_eq!(run(Filter::Posterize { levels: 2 }, 1, 1, &px), [0, 255, 255, 77]);
    assert_eq!(run(Filter::Sepia { amount: 1.0 }, 1, 1, &px), [192, 171, 134, 77]);
}

#[test]
fn blurs_average_and_keep_flat_images_flat() {
    let flat = [40, 80, 120, 255].repeat(25);
    assert_eq!(run(Filter::BoxBlur { radius: 2 }, 5, 5, &flat), flat);
    assert_eq!(run(Filter::GaussianBlur { sigma: 1.0 }, 5, 5, &flat), flat);
    // One bright pixel spreads to its neighbours.
    let mut dot = [0, 0, 0, 255].repeat(9);
    dot[16..20].copy_from_slice(&[255, 255, 255, 255]);
    let out = run(Filter::BoxBlur { radius: 1 }, 3, 3, &dot);
    assert!(out.chunks(4).all(|p| p[0] == 28), "{out:?}");
}

#[test]
fn edge_detect_finds_a_vertical_edge() {
    let mut img = Vec::new();
    for _ in 0..3 {
        img.extend([0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
    }
    let out = run(Filter::EdgeDetect, 4, 3, &img);
    let row: Vec<u8> = out[..16].chunks(4).map(|p| p[0]).collect();
    assert_eq!(row, [0, 255, 255, 0]);
}

#[test]
fn draft_gaussian_is_close_but_not_the_same() {
    let img = gradient(16, 16);
    let exact = run(Filter::GaussianBlur { sigma: 2.0 }, 16, 16, &img);
    let mut harness = Harness::<ImageFilters>::new().unwrap();
    let mut draft = img;
    let hints = FilterHints { quality: Quality::Draft, prefer_speed: false };
    harness
        .apply_filter_with(&Filter::GaussianBlur { sigma: 2.0 }, hints, 16, 16, &mut draft)
        .unwrap();
    assert_ne!(draft, exact);
    let worst = draft.iter().zip(&exact).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
    assert!(worst < 64, "draft differs by up to {worst}");
}

#[test]
fn bad_parameters_are_refused_before_the_pixels_are_touched() {
    let mut harness = Harness::<ImageFilters>::new().unwrap();
    let mut px = vec![1, 2, 3, 4];
    let err = harness.apply_filter(&Filter::Posterize { levels: 1 }, 1, 1, &mut px).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRequest);
    assert_eq!(err.message, "posterize: `levels` is 1, it must be between 2 and 255");
}

#[test]
fn vignette_darkens_corners_and_checks_its_strength() {
    let img = [200, 200, 200, 255].repeat(100);
    let vignette = |strength: serde_json::Value| Filter::Custom {
        name: "vignette".into(),
        params: serde_json::json!({ "strength": strength }),
    };
    let out = run(vignette(1.0.into()), 10, 10, &img);
    let (corner, centre) = (out[0], out[(5 * 10 + 5) * 4]);
    assert!(corner == 38 && centre == 198, "corner {corner}, centre {centre}");
    let mut harness = Harness::<ImageFilters>::new().unwrap();
    let err =
        harness.apply_filter(&vignette("lots".into()), 10, 10, &mut img.to_vec()).unwrap_err();
    assert_eq!(
        err.message,
        "vignette: `strength` is \"lots\", it must be a number between 0 and 1"
    );
}
