//! The plugin status machine.
//!
//! ```text
//!             ┌──────────────── enable ───────────────┐
//!             ▼                                        │
//! Unloaded → Loading → Loaded → Active ──disable──→ Disabled
//!             │  ▲        │       │  │                 │
//!             │  └ restart┼───────┘  └──unload──┐      │ unload
//!             ▼           ▼                     ▼      ▼
//!           Error ◄───────┴── crash ──────── Unloading → Unloaded
//! ```
//!
//! `Error` can be left by loading again (`Loading`), by `disable` or by
//! `unload`. An idle `Active` plugin may be `Parked` (worker stopped, module
//! kept); its next call takes it through `Loading` back to `Active`. Every
//! other move is an [`IllegalTransition`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A plugin's status, with the reason when it failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PluginStatus {
    /// Known but not loaded (or removed).
    Unloaded,
    /// Being downloaded, compiled or started.
    Loading,
    /// Instantiated in its worker; `initialize` has not run yet.
    Loaded,
    /// Initialized and answering calls.
    Active,
    /// Failed to load or crashed; calls fail with this error.
    Error(Error),
    /// Stopped, on request (`None`) or by the supervisor after the plugin
    /// spent its restart budget (the reason); its compiled module is kept so
    /// it can be enabled again.
    Disabled(Option<Error>),
    /// Stopped because it was idle; the next call starts it again.
    Parked,
    /// Being stopped and removed.
    Unloading,
}

/// A status without its payload: for events, filters and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// See [`PluginStatus::Unloaded`].
    Unloaded,
    /// See [`PluginStatus::Loading`].
    Loading,
    /// See [`PluginStatus::Loaded`].
    Loaded,
    /// See [`PluginStatus::Active`].
    Active,
    /// See [`PluginStatus::Error`].
    Error,
    /// See [`PluginStatus::Disabled`].
    Disabled,
    /// See [`PluginStatus::Parked`].
    Parked,
    /// See [`PluginStatus::Unloading`].
    Unloading,
}

impl StatusKind {
    /// The status as a word, e.g. `"active"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unloaded => "unloaded",
            Self::Loading => "loading",
            Self::Loaded => "loaded",
            Self::Active => "active",
            Self::Error => "error",
            Self::Disabled => "disabled",
            Self::Parked => "parked",
            Self::Unloading => "unloading",
        }
    }

    /// Whether a plugin may move from this status to `next`.
    pub fn can_become(self, next: StatusKind) -> bool {
        use StatusKind::*;
        matches!(
            (self, next),
            (Unloaded, Loading)
                | (Loading, Loaded | Error | Unloading)
                | (Loaded, Active | Error | Unloading)
                | (Active, Loading | Error | Disabled | Parked | Unloading)
                | (Parked, Loading | Disabled | Unloading)
                | (Error, Loading | Disabled | Unloading)
                | (Disabled, Loading | Unloading)
                | (Unloading, Unloaded)
        )
    }
}

impl fmt::Display for StatusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PluginStatus {
    /// The status without its payload.
    pub fn kind(&self) -> StatusKind {
        match self {
            Self::Unloaded => StatusKind::Unloaded,
            Self::Loading => StatusKind::Loading,
            Self::Loaded => StatusKind::Loaded,
            Self::Active => StatusKind::Active,
            Self::Error(_) => StatusKind::Error,
            Self::Disabled(_) => StatusKind::Disabled,
            Self::Parked => StatusKind::Parked,
            Self::Unloading => StatusKind::Unloading,
        }
    }

    /// The error, when the status is [`PluginStatus::Error`], or the reason
    /// the supervisor disabled the plugin.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Error(error) | Self::Disabled(Some(error)) => Some(error),
            _ => None,
        }
    }
}

/// A move the status machine does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    /// Where the plugin is.
    pub from: StatusKind,
    /// Where it was asked to go.
    pub to: StatusKind,
}

impl fmt::Display for IllegalTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot go from {} to {}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::StatusKind::{self, *};

    const ALL: [StatusKind; 8] =
        [Unloaded, Loading, Loaded, Active, Error, Disabled, Parked, Unloading];

    #[test]
    fn the_happy_path_is_allowed() {
        let path = [
            Unloaded, Loading, Loaded, Active, Disabled, Loading, Loaded, Active, Unloading,
            Unloaded,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{} → {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn failures_can_be_recovered_or_removed() {
        for from in [Loading, Loaded, Active] {
            assert!(from.can_become(Error), "{from} → error");
        }
        for to in [Loading, Disabled, Unloading] {
            assert!(Error.can_become(to), "error → {to}");
        }
    }

    #[test]
    fn illegal_moves_are_rejected() {
        let illegal = [
            (Unloaded, Active),
            (Unloaded, Disabled),
            (Loading, Active),
            (Disabled, Active),
            (Disabled, Error),
            (Unloading, Active),
            (Unloading, Loading),
            (Unloaded, Unloading),
        ];
        for (from, to) in illegal {
            assert!(!from.can_become(to), "{from} → {to} should be illegal");
        }
        for status in ALL {
            assert!(!status.can_become(status), "{status} → itself should not be a move");
        }
    }

    #[test]
    fn unloaded_is_only_reached_through_unloading() {
        for from in ALL {
            assert_eq!(from.can_become(Unloaded), from == Unloading, "{from}");
        }
    }
}
