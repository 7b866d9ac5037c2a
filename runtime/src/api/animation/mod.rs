//! The animation API family, host side: batched samples from the plugin,
//! and a player that draws them into an element.

mod player;
mod schedule;
mod style;

pub use player::{AnimationPlayer, PlaybackEnd, PlayerState, PlayerStats};
pub use schedule::PlayerOptions;

use annex_protocol::api::animation::{
    check_offered, AnimationRequest, AnimationResponse, AnimationSpec, Easing, Frame,
};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::{AnimationCapability, ApiFamily};
use annex_protocol::message::{PluginRequest, PluginResponse};
use web_sys::HtmlElement;

use crate::{Error, Plugin, Result};

impl Plugin {
    /// The animation API, if the plugin declares it.
    pub fn animation(&self) -> Result<AnimationApi> {
        self.family(ApiFamily::Animation).map(|p| AnimationApi { plugin: p.clone() })
    }
}

/// Animations of one plugin. Get it with [`Plugin::animation`].
///
/// The plugin computes; the host asks for many times at once
/// ([`AnimationApi::sample`]) or lets an [`AnimationPlayer`] do it while it
/// draws ([`AnimationApi::play`]). Parameters are checked here before any
/// call, with errors naming the plugin and the parameter.
#[derive(Debug, Clone)]
pub struct AnimationApi {
    plugin: Plugin,
}

impl AnimationApi {
    /// The animations the plugin offers, from its manifest.
    pub fn animations(&self) -> Vec<String> {
        self.capability().map_or_else(Vec::new, |c| c.animations)
    }

    /// The custom easings it offers (the standard ones it always computes).
    pub fn easings(&self) -> Vec<String> {
        self.capability().map_or_else(Vec::new, |c| c.easings)
    }

    /// Checks a request the way the plugin will, without calling it:
    /// parameters ([`AnimationRequest::validate`]) and offers
    /// ([`check_offered`]).
    pub fn check(&self, request: &AnimationRequest) -> Result<()> {
        let offers = self.capability().unwrap_or_default();
        request
            .validate()
            .and_then(|()| check_offered(request, &offers))
            .map_err(|error| Error::Plugin { plugin: self.plugin.id().clone(), error })
    }

    /// The frames of `spec` at each of `times_ms` (milliseconds since the
    /// animation's start), in order, computed by the plugin in one call.
    pub async fn sample(&self, spec: &AnimationSpec, times_ms: &[f64]) -> Result<Vec<Frame>> {
        let request = AnimationRequest::Sample { spec: spec.clone(), times_ms: times_ms.to_vec() };
        match self.send(request).await? {
            AnimationResponse::Frames { frames } => Ok(frames),
            other => Err(self.unexpected(&other)),
        }
    }

    /// `E(t)` of `easing` at each of `progress` (each in `0..=1`), computed by
    /// the plugin in one call.
    pub async fn ease(&self, easing: &Easing, progress: &[f64]) -> Result<Vec<f64>> {
        let request =
            AnimationRequest::Ease { easing: easing.clone(), progress: progress.to_vec() };
        match self.send(request).await? {
            AnimationResponse::Eased { values } => Ok(values),
            other => Err(self.unexpected(&other)),
        }
    }

    /// Plays `spec` on `element` with the default [`PlayerOptions`] (60
    /// samples a second, 400 ms per batch, the next batch requested 250 ms
    /// ahead). See [`AnimationPlayer`] for what happens to the element.
    pub fn play(&self, element: &HtmlElement, spec: &AnimationSpec) -> Result<AnimationPlayer> {
        self.play_with(element, spec, PlayerOptions::default())
    }

    /// [`AnimationApi::play`] with other sampling and prefetch options.
    pub fn play_with(
        &self,
        element: &HtmlElement,
        spec: &AnimationSpec,
        options: PlayerOptions,
    ) -> Result<AnimationPlayer> {
        options.validate()?;
        self.check(&AnimationRequest::Sample { spec: spec.clone(), times_ms: Vec::new() })?;
        AnimationPlayer::start(self.clone(), element.clone(), spec.clone(), options)
    }

    async fn send(&self, request: AnimationRequest) -> Result<AnimationResponse> {
        self.check(&request)?;
        let expected = request.len();
        let method = PluginRequest::Animation(Encoded::new(&request));
        let response = match self.plugin.call(method, None).await? {
            (PluginResponse::Animation(response), _) => response.decode().map_err(|e| {
                self.plugin.protocol(format!("animation answer not understood: {e}"))
            })?,
            (other, _) => {
                return Err(self
                    .plugin
                    .protocol(format!("answered an animation request with {other:?}")))
            }
        };
        let got = match &response {
            AnimationResponse::Frames { frames } => frames.len(),
            AnimationResponse::Eased { values } => values.len(),
            _ => expected,
        };
        if got != expected {
            return Err(self
                .plugin
                .protocol(format!("answered {got} values for {expected} inputs")));
        }
        Ok(response)
    }

    fn capability(&self) -> Option<AnimationCapability> {
        self.plugin.manifest().capabilities.animation.clone()
    }

    fn unexpected(&self, response: &AnimationResponse) -> Error {
        self.plugin.protocol(format!("unexpected animation answer {response:?}"))
    }
}
