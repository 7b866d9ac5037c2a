//! Each filter's parameters, with the ranges `Filter::validate` accepts, and
//! turning a filter name plus slider values into a [`Filter`].

use annex_runtime::protocol::api::filter::Filter;
use serde_json::json;

/// One numeric parameter of a filter, as a slider shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    /// The parameter's name in the filter's JSON (`"sigma"`).
    pub name: &'static str,
    /// Lowest accepted value.
    pub min: f64,
    /// Highest accepted value.
    pub max: f64,
    /// Slider step (1 for whole-number parameters).
    pub step: f64,
    /// The value a fresh choice starts with.
    pub default: f64,
}

const fn param(name: &'static str, min: f64, max: f64, step: f64, default: f64) -> ParamSpec {
    ParamSpec { name, min, max, step, default }
}

/// The parameters of the filter named `filter`, bounded as
/// `annex_protocol::api::filter::Filter::validate` bounds them (swirl's
/// radius must be above 0, so its slider starts at one step). Filters
/// without parameters (grayscale, edge detection, invert) have none.
pub fn specs(filter: &str) -> &'static [ParamSpec] {
    TABLE.iter().find(|(name, _)| *name == filter).map_or(&[], |(_, specs)| specs)
}

const TABLE: &[(&str, &[ParamSpec])] = &[
    ("brightness", &[param("amount", -1.0, 1.0, 0.05, 0.2)]),
    ("contrast", &[param("factor", 0.0, 4.0, 0.05, 1.6)]),
    ("saturation", &[param("factor", 0.0, 4.0, 0.05, 2.0)]),
    ("hue_rotate", &[param("degrees", -360.0, 360.0, 1.0, 90.0)]),
    ("box_blur", &[param("radius", 1.0, 64.0, 1.0, 4.0)]),
    ("gaussian_blur", &[param("sigma", 0.5, 32.0, 0.5, 2.0)]),
    ("pixelate", &[param("size", 1.0, 256.0, 1.0, 12.0)]),
    ("swirl", &[param("angle", -720.0, 720.0, 5.0, 180.0), param("radius", 0.05, 1.0, 0.05, 0.8)]),
    ("sepia", &[param("amount", 0.0, 1.0, 0.05, 1.0)]),
    ("posterize", &[param("levels", 2.0, 255.0, 1.0, 4.0)]),
    // The image-filters plugin's own filter (`{"strength": 0..=1}`).
    ("vignette", &[param("strength", 0.0, 1.0, 0.05, 0.6)]),
];

/// The default values of `filter`'s parameters, in [`specs`] order.
pub fn defaults(filter: &str) -> Vec<f64> {
    specs(filter).iter().map(|p| p.default).collect()
}

/// The filter named `filter` with `values` (in [`specs`] order; a missing
/// value takes its default). Names that are not built-in filters become
/// `Filter::Custom` with the values as named parameters.
pub fn build(filter: &str, values: &[f64]) -> Filter {
    let specs = specs(filter);
    let value = |i: usize| values.get(i).copied().or(specs.get(i).map(|p| p.default));
    let number = |i: usize| value(i).unwrap_or_default();
    // Whole-number parameters: the slider's step is 1, so rounding only
    // guards against text like "4.0000001".
    let whole = |i: usize| number(i).round().max(0.0) as u32;
    match filter {
        "grayscale" => Filter::Grayscale,
        "edge_detect" => Filter::EdgeDetect,
        "brightness" => Filter::Brightness { amount: number(0) },
        "contrast" => Filter::Contrast { factor: number(0) },
        "saturation" => Filter::Saturation { factor: number(0) },
        "hue_rotate" => Filter::HueRotate { degrees: number(0) },
        "box_blur" => Filter::BoxBlur { radius: whole(0) },
        "gaussian_blur" => Filter::GaussianBlur { sigma: number(0) },
        "pixelate" => Filter::Pixelate { size: whole(0) },
        "swirl" => Filter::Swirl { angle: number(0), radius: number(1) },
        "sepia" => Filter::Sepia { amount: number(0) },
        "posterize" => Filter::Posterize { levels: whole(0) },
        name => {
            let params: serde_json::Map<String, serde_json::Value> = specs
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.to_owned(), json!(number(i))))
                .collect();
            let params = if params.is_empty() { serde_json::Value::Null } else { params.into() };
            Filter::Custom { name: name.to_owned(), params }
        }
    }
}

/// `swirl: angle 180, radius 0.8`: the filter and its parameters as the
/// status line and the hook panel show them.
pub fn describe(filter: &str, values: &[f64]) -> String {
    let specs = specs(filter);
    if specs.is_empty() {
        return filter.to_owned();
    }
    let params: Vec<String> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            format!("{} {}", spec.name, values.get(i).copied().unwrap_or(spec.default))
        })
        .collect();
    format!("{filter}: {}", params.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every slider's ends pass `Filter::validate`, and one step beyond
    /// either end fails it (swirl's radius: 0 fails, as the host requires
    /// above 0).
    #[test]
    fn slider_ranges_are_the_ranges_the_host_accepts() {
        for (filter, specs) in TABLE {
            for (i, spec) in specs.iter().enumerate() {
                let with = |value: f64| {
                    let mut values = defaults(filter);
                    values[i] = value;
                    build(filter, &values)
                };
                assert!(with(spec.min).validate().is_ok(), "{filter} {} min", spec.name);
                assert!(with(spec.max).validate().is_ok(), "{filter} {} max", spec.name);
                assert!(with(spec.default).validate().is_ok(), "{filter} {} default", spec.name);
                if matches!(with(spec.max), Filter::Custom { .. }) {
                    continue; // the plugin checks its own filter's parameters
                }
                assert!(
                    with(spec.min - spec.step).validate().is_err(),
                    "{filter} {} below",
                    spec.name
                );
                assert!(
                    with(spec.max + spec.step).validate().is_err(),
                    "{filter} {} above",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn descriptions_name_the_parameters() {
        assert_eq!(describe("swirl", &[180.0, 0.8]), "swirl: angle 180, radius 0.8");
        assert_eq!(describe("grayscale", &[]), "grayscale");
        assert_eq!(build("box_blur", &[40.0]), Filter::BoxBlur { radius: 40 });
    }
}
