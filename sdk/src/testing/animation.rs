//! Animation requests through the harness.

use annex_protocol::api::animation::{
    AnimationRequest, AnimationResponse, AnimationSpec, Easing, Frame,
};
use annex_protocol::encoded::Encoded;
use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, PluginError};

use super::Harness;
use crate::ExportedPlugin;

impl<P: ExportedPlugin> Harness<P> {
    /// The frames of `spec` at `times_ms` (animation plugins), through the
    /// same checks and JSON path as in the worker.
    pub fn sample(
        &mut self,
        spec: &AnimationSpec,
        times_ms: &[f64],
    ) -> Result<Vec<Frame>, PluginError> {
        let request = AnimationRequest::Sample { spec: spec.clone(), times_ms: times_ms.to_vec() };
        match self.animation(request)? {
            AnimationResponse::Frames { frames } => Ok(frames),
            other => Err(unexpected(&other)),
        }
    }

    /// `E(t)` of `easing` at each of `progress` (animation plugins).
    pub fn ease(&mut self, easing: &Easing, progress: &[f64]) -> Result<Vec<f64>, PluginError> {
        let request =
            AnimationRequest::Ease { easing: easing.clone(), progress: progress.to_vec() };
        match self.animation(request)? {
            AnimationResponse::Eased { values } => Ok(values),
            other => Err(unexpected(&other)),
        }
    }

    fn animation(&mut self, request: AnimationRequest) -> Result<AnimationResponse, PluginError> {
        let request = PluginRequest::Animation(Encoded::new(&request));
        match self.call(&request, Vec::new())? {
            (PluginResponse::Animation(response), _) => response.decode().map_err(|e| {
                PluginError::new(
                    annex_protocol::ErrorCode::Protocol,
                    format!("answer not understood: {e}"),
                )
            }),
            (other, _) => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("answered an animation request with {other:?}"),
            )),
        }
    }
}

fn unexpected(response: &AnimationResponse) -> PluginError {
    PluginError::new(ErrorCode::Protocol, format!("unexpected animation answer {response:?}"))
}
