//! What the host asks an animation plugin, what it answers, and the checks
//! both sides run before a request is computed.

use serde::{Deserialize, Serialize};

use super::{AnimationSpec, Easing, Frame, MAX_SAMPLES_PER_REQUEST};
use crate::error::PluginError;
use crate::manifest::AnimationCapability;

/// The host asks an animation plugin for values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnimationRequest {
    /// The frame at each of `times_ms` (milliseconds since the animation
    /// started, any order, finite). Answered by [`AnimationResponse::Frames`].
    Sample {
        /// The animation.
        spec: AnimationSpec,
        /// When, at most [`MAX_SAMPLES_PER_REQUEST`].
        times_ms: Vec<f64>,
    },
    /// `E(t)` for each `t` in `progress` (each in `0..=1`). Answered by
    /// [`AnimationResponse::Eased`].
    Ease {
        /// The easing.
        easing: Easing,
        /// Where, at most [`MAX_SAMPLES_PER_REQUEST`].
        progress: Vec<f64>,
    },
}

/// An animation plugin's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnimationResponse {
    /// One frame per requested time, in the request's order.
    Frames {
        /// The frames.
        frames: Vec<Frame>,
    },
    /// One eased value per requested progress, in the request's order.
    Eased {
        /// The values.
        values: Vec<f64>,
    },
}

impl AnimationRequest {
    /// Checks the parameters and the inputs (count, finite, progress in `0..=1`).
    pub fn validate(&self) -> Result<(), PluginError> {
        match self {
            Self::Sample { spec, times_ms } => {
                spec.validate()?;
                let rule = ("times must be finite", f64::is_finite as fn(f64) -> bool);
                check_inputs(spec.animation.name(), "times_ms", times_ms, rule)
            }
            Self::Ease { easing, progress } => {
                easing.validate("easing")?;
                let in_unit = |t: f64| (0.0..=1.0).contains(&t);
                check_inputs(
                    easing.name(),
                    "progress",
                    progress,
                    ("it must be between 0 and 1", in_unit),
                )
            }
        }
    }

    /// How many values the answer must hold.
    pub fn len(&self) -> usize {
        match self {
            Self::Sample { times_ms, .. } => times_ms.len(),
            Self::Ease { progress, .. } => progress.len(),
        }
    }

    /// Whether the request asks for no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Checks the number of inputs, then each against `rule` (its wording and test).
fn check_inputs(
    context: &str,
    param: &str,
    inputs: &[f64],
    (wording, ok): (&str, impl Fn(f64) -> bool),
) -> Result<(), PluginError> {
    if inputs.len() > MAX_SAMPLES_PER_REQUEST {
        return Err(PluginError::bad_request(format!(
            "{context}: `{param}` has {} entries; at most {MAX_SAMPLES_PER_REQUEST} per request",
            inputs.len()
        )));
    }
    match inputs.iter().position(|t| !ok(*t)) {
        Some(i) => Err(PluginError::bad_request(format!(
            "{context}: `{param}[{i}]` is {}; {wording}",
            inputs[i]
        ))),
        None => Ok(()),
    }
}

/// Checks that the plugin offers the request's animation (its manifest's
/// `animations`; [`crate::ErrorCode::Unsupported`] otherwise) and easing (a
/// standard one, or a custom one listed under `easings`;
/// [`crate::ErrorCode::BadRequest`] otherwise).
pub fn check_offered(
    request: &AnimationRequest,
    offers: &AnimationCapability,
) -> Result<(), PluginError> {
    let (context, easing) = match request {
        AnimationRequest::Sample { spec, .. } => {
            let name = spec.animation.name();
            if !offers.animations.iter().any(|a| a == name) {
                return Err(PluginError::unsupported(format!(
                    "animation `{name}` is not offered (this plugin offers: {})",
                    offers.animations.join(", ")
                )));
            }
            (name, &spec.easing)
        }
        AnimationRequest::Ease { easing, .. } => ("ease", easing),
    };
    if let Easing::Custom { name, .. } = easing {
        if !offers.easings.iter().any(|e| e == name) {
            let custom = if offers.easings.is_empty() {
                "none".to_owned()
            } else {
                offers.easings.join(", ")
            };
            return Err(PluginError::bad_request(format!(
                "{context}: `easing` is `{name}`, an easing this plugin does not offer \
                 (custom easings: {custom}; standard: {})",
                Easing::STANDARD.join(", ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::animation::{Animation, Iterations};
    use crate::ErrorCode;

    fn offers() -> AnimationCapability {
        AnimationCapability {
            animations: vec!["fade".into(), "shake".into()],
            easings: vec!["bounce".into()],
        }
    }

    fn sample(spec: AnimationSpec) -> AnimationRequest {
        AnimationRequest::Sample { spec, times_ms: vec![0.0, 16.0] }
    }

    #[test]
    fn requests_round_trip_with_an_op_tag() {
        let request = sample(AnimationSpec::new(Animation::fade(0.0, 1.0), 300.0));
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["op"], "sample");
        assert_eq!(json["spec"]["animation"]["type"], "fade");
        assert_eq!(json["spec"]["easing"]["type"], "linear");
        assert_eq!(serde_json::from_value::<AnimationRequest>(json).unwrap(), request);
        let minimal = r#"{"op":"sample","spec":{"animation":{"type":"rotate","from_deg":0,"to_deg":90},"duration_ms":100},"times_ms":[50]}"#;
        let parsed: AnimationRequest = serde_json::from_str(minimal).unwrap();
        assert_eq!(parsed.len(), 1);
    }

    #[test]
    fn plugin_requests_carry_method_and_op_tags() {
        use crate::message::{PluginRequest, PluginResponse};
        let ease = AnimationRequest::Ease { easing: Easing::EaseIn, progress: vec![0.5] };
        let request = PluginRequest::Animation(crate::encoded::Encoded::new(&ease));
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(
            (json["method"].as_str(), json["op"].as_str()),
            (Some("animation"), Some("ease"))
        );
        assert_eq!(json["easing"]["type"], "ease_in");
        let back = serde_json::from_value::<PluginRequest>(json).unwrap();
        assert_eq!(back, request);
        let PluginRequest::Animation(encoded) = back else { unreachable!() };
        assert_eq!(encoded.decode().unwrap(), ease, "the method tag is not part of it");
        let eased = AnimationResponse::Eased { values: vec![0.3] };
        let response = PluginResponse::Animation(crate::encoded::Encoded::new(&eased));
        let json = serde_json::to_string(&response).unwrap();
        assert_eq!(json, r#"{"type":"animation","result":"eased","values":[0.3]}"#);
    }

    #[test]
    fn bad_parameters_name_themselves() {
        let fade = || AnimationSpec::new(Animation::fade(0.0, 1.0), 300.0);
        let err = AnimationSpec::new(Animation::fade(0.0, 1.0), -5.0).validate().unwrap_err();
        assert_eq!(err.message, "fade: `duration_ms` is -5; it must be 0 or more");
        assert_eq!(err.code, ErrorCode::BadRequest);
        let err = fade().delay_ms(f64::NAN).validate().unwrap_err();
        assert_eq!(err.message, "fade: `delay_ms` is NaN; it must be 0 or more");
        let err = fade().iterations(Iterations::Count(-1.0)).validate().unwrap_err();
        assert!(err.message.contains("`iterations` is -1"), "{err}");
        let bezier = Easing::CubicBezier { x1: -0.1, y1: 0.0, x2: 1.0, y2: 1.0 };
        let err = fade().easing(bezier).validate().unwrap_err();
        assert_eq!(
            err.message,
            "fade: `easing.x1` is -0.1; cubic-bezier x values must be between 0 and 1"
        );
        let err = sample(fade()).validate();
        assert!(err.is_ok());
        let bad_time = AnimationRequest::Sample { spec: fade(), times_ms: vec![0.0, f64::NAN] };
        assert_eq!(
            bad_time.validate().unwrap_err().message,
            "fade: `times_ms[1]` is NaN; times must be finite"
        );
        let too_many = AnimationRequest::Ease {
            easing: Easing::Linear,
            progress: vec![0.5; MAX_SAMPLES_PER_REQUEST + 1],
        };
        assert!(too_many.validate().unwrap_err().message.contains("at most 4096"));
        let outside = AnimationRequest::Ease { easing: Easing::Ease, progress: vec![1.5] };
        assert_eq!(
            outside.validate().unwrap_err().message,
            "ease: `progress[0]` is 1.5; it must be between 0 and 1"
        );
    }

    #[test]
    fn only_offered_animations_and_easings_pass() {
        let spec = AnimationSpec::new(Animation::fade(0.0, 1.0), 300.0);
        assert!(check_offered(&sample(spec.clone()), &offers()).is_ok());
        let bounce = spec.clone().easing(Easing::custom("bounce"));
        assert!(check_offered(&sample(bounce), &offers()).is_ok());
        let standard = spec.clone().easing(Easing::EaseInOut);
        assert!(
            check_offered(&sample(standard), &offers()).is_ok(),
            "standard easings always pass"
        );

        let slide = AnimationSpec::new(Animation::slide((0.0, 0.0), (1.0, 1.0)), 100.0);
        let err = check_offered(&sample(slide), &offers()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Unsupported);
        assert_eq!(
            err.message,
            "animation `slide` is not offered (this plugin offers: fade, shake)"
        );

        let boing = spec.easing(Easing::custom("boing"));
        let err = check_offered(&sample(boing), &offers()).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        assert!(err.message.starts_with("fade: `easing` is `boing`"), "{err}");
        assert!(err.message.contains("custom easings: bounce"), "{err}");
    }
}
