//! What a plugin implements: API families with per-family detail.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the typed plugin APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ApiFamily {
    /// Transform RGBA pixels.
    CanvasFilter,
    /// Text effects drawn with Canvas 2D, and fonts.
    Typography,
    /// Animation values and easing functions.
    Animation,
    /// Event tracking and metrics.
    Analytics,
    /// Key-value storage.
    Storage,
    /// HTTP requests.
    Network,
    /// An API the host application defines.
    Custom,
}

impl ApiFamily {
    /// The family's name as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CanvasFilter => "canvas_filter",
            Self::Typography => "typography",
            Self::Animation => "animation",
            Self::Analytics => "analytics",
            Self::Storage => "storage",
            Self::Network => "network",
            Self::Custom => "custom",
        }
    }
}

impl fmt::Display for ApiFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The API families a plugin implements. At least one must be present.
///
/// ```toml
/// [package.metadata.annex.capabilities]
/// canvas_filter.filters = ["grayscale", "sepia"]
/// custom = ["my-app.thumbnails"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Capabilities {
    /// Canvas filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canvas_filter: Option<CanvasFilterCapability>,
    /// Typography.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typography: Option<TypographyCapability>,
    /// Animation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animation: Option<AnimationCapability>,
    /// Analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<EmptyCapability>,
    /// Storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<EmptyCapability>,
    /// Network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<EmptyCapability>,
    /// Names of custom APIs (`"my-app.thumbnails"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<String>,
}

impl Capabilities {
    /// The families declared, in a fixed order.
    pub fn families(&self) -> Vec<ApiFamily> {
        let mut families = Vec::new();
        let mut add = |present: bool, family| {
            if present {
                families.push(family);
            }
        };
        add(self.canvas_filter.is_some(), ApiFamily::CanvasFilter);
        add(self.typography.is_some(), ApiFamily::Typography);
        add(self.animation.is_some(), ApiFamily::Animation);
        add(self.analytics.is_some(), ApiFamily::Analytics);
        add(self.storage.is_some(), ApiFamily::Storage);
        add(self.network.is_some(), ApiFamily::Network);
        add(!self.custom.is_empty(), ApiFamily::Custom);
        families
    }

    /// Whether the family is declared.
    pub fn has(&self, family: ApiFamily) -> bool {
        self.families().contains(&family)
    }

    /// Whether no family is declared.
    pub fn is_empty(&self) -> bool {
        self.families().is_empty()
    }
}

/// What a canvas-filter plugin offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CanvasFilterCapability {
    /// Names of the filters it implements, e.g. `["grayscale", "gaussian_blur"]`.
    pub filters: Vec<String>,
}

/// What a typography plugin offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypographyCapability {
    /// Text effects it renders, e.g. `["shadow", "outline"]`.
    pub effects: Vec<String>,
    /// Font families it registers, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fonts: Vec<String>,
}

/// What an animation plugin offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnimationCapability {
    /// Animations it computes, e.g. `["fade", "slide"]`.
    pub animations: Vec<String>,
    /// Easing functions it computes, e.g. `["bounce"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub easings: Vec<String>,
}

/// A family with no per-family detail: declared as `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyCapability {}
