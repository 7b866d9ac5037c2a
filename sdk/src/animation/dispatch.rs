//! Runs an animation request on a plugin: the glue `export_plugin!` calls.

use annex_protocol::api::animation::{check_offered, AnimationRequest, AnimationResponse, Frame};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::AnimationCapability;
use annex_protocol::message::PluginResponse;
use annex_protocol::PluginError;

use super::AnimationPlugin;

/// Decodes the request, checks it against the protocol's rules and the
/// manifest's offers, runs it, and checks the answer (one finite value per
/// input).
pub fn animation<T: AnimationPlugin>(
    plugin: &mut T,
    request: Encoded<AnimationRequest>,
    animations: &[&str],
    easings: &[&str],
) -> Result<PluginResponse, PluginError> {
    let request = request.decode().map_err(|e| {
        PluginError::bad_request(format!("animation request is not understood: {e}"))
    })?;
    let offers = AnimationCapability {
        animations: animations.iter().map(|a| (*a).to_owned()).collect(),
        easings: easings.iter().map(|e| (*e).to_owned()).collect(),
    };
    // Same order as the host, so both refuse a request with the same error.
    request.validate()?;
    check_offered(&request, &offers)?;
    let response = match request {
        AnimationRequest::Sample { spec, times_ms } => {
            let frames = plugin.sample(&spec, &times_ms)?;
            let name = spec.animation.name();
            if frames.len() != times_ms.len() {
                return Err(PluginError::plugin(format!(
                    "{name}: sample returned {} frames for {} times",
                    frames.len(),
                    times_ms.len()
                )));
            }
            if let Some(i) = frames.iter().position(|f| !is_finite(f)) {
                return Err(PluginError::plugin(format!(
                    "{name}: the frame at {} ms has a value that is not a finite number: {:?}",
                    times_ms[i], frames[i]
                )));
            }
            AnimationResponse::Frames { frames }
        }
        AnimationRequest::Ease { easing, progress } => {
            let values = progress
                .iter()
                .map(|&t| match plugin.ease(&easing, t)? {
                    value if value.is_finite() => Ok(value),
                    value => Err(PluginError::plugin(format!(
                        "easing `{easing}` gave {value} at {t}; values must be finite numbers"
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            AnimationResponse::Eased { values }
        }
        other => {
            return Err(PluginError::unsupported(format!(
                "animation request {other:?} is not known to this SDK"
            )))
        }
    };
    Ok(PluginResponse::Animation(Encoded::new(&response)))
}

fn is_finite(frame: &Frame) -> bool {
    [frame.opacity, frame.translate_x_px, frame.translate_y_px, frame.scale, frame.rotate_deg]
        .iter()
        .flatten()
        .all(|v| v.is_finite())
}
