//! Permissions a plugin can ask for and a host can grant.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Something a plugin may do only when the host has granted it.
///
/// Written in manifests and policies as a short string: `"canvas.read"`,
/// `"storage.write"`, `"custom:my-app.export"` and so on (see [`Permission::as_str`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Permission {
    /// `canvas.read`: read pixels the host hands over.
    CanvasRead,
    /// `canvas.write`: produce pixels the host draws.
    CanvasWrite,
    /// `metadata.read`: read page metadata.
    MetadataRead,
    /// `metadata.write`: change page metadata.
    MetadataWrite,
    /// `storage.read`: read the plugin's own storage namespace.
    StorageRead,
    /// `storage.write`: write the plugin's own storage namespace.
    StorageWrite,
    /// `network.request`: make HTTP requests to allowed domains.
    NetworkRequest,
    /// `system.info`: read facts about the browser (cores, language, user agent).
    SystemInfo,
    /// `user.data`: receive data about the current user.
    UserData,
    /// `custom:<name>`: a permission the host application defines.
    Custom(String),
}

impl Permission {
    /// The permission's stable string form.
    pub fn as_str(&self) -> &str {
        match self {
            Self::CanvasRead => "canvas.read",
            Self::CanvasWrite => "canvas.write",
            Self::MetadataRead => "metadata.read",
            Self::MetadataWrite => "metadata.write",
            Self::StorageRead => "storage.read",
            Self::StorageWrite => "storage.write",
            Self::NetworkRequest => "network.request",
            Self::SystemInfo => "system.info",
            Self::UserData => "user.data",
            Self::Custom(name) => name,
        }
    }

    /// Every built-in permission (all but [`Permission::Custom`]).
    pub fn builtin() -> [Permission; 9] {
        [
            Self::CanvasRead,
            Self::CanvasWrite,
            Self::MetadataRead,
            Self::MetadataWrite,
            Self::StorageRead,
            Self::StorageWrite,
            Self::NetworkRequest,
            Self::SystemInfo,
            Self::UserData,
        ]
    }
}

/// The string is not a known permission.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown permission `{0}` (expected one of canvas.read, canvas.write, metadata.read, \
     metadata.write, storage.read, storage.write, network.request, system.info, user.data, \
     or custom:<name>)"
)]
pub struct UnknownPermission(pub String);

impl FromStr for Permission {
    type Err = UnknownPermission;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(name) = s.strip_prefix("custom:") {
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
            return if valid {
                Ok(Self::Custom(s.to_owned()))
            } else {
                Err(UnknownPermission(s.to_owned()))
            };
        }
        Self::builtin()
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPermission(s.to_owned()))
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A set of permissions, ordered so that messages list them predictably.
pub type PermissionSet = BTreeSet<Permission>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_round_trips_through_its_string() {
        for p in Permission::builtin() {
            assert_eq!(p.as_str().parse::<Permission>().unwrap(), p);
        }
    }

    #[test]
    fn custom_permissions_keep_their_prefix() {
        let p: Permission = "custom:shop.checkout".parse().unwrap();
        assert_eq!(p, Permission::Custom("custom:shop.checkout".into()));
        assert_eq!(p.to_string(), "custom:shop.checkout");
    }

    #[test]
    fn unknown_and_malformed_permissions_are_errors_that_list_the_valid_ones() {
        for bad in ["storage", "custom:", "custom:a b", "STORAGE.READ"] {
            let err = bad.parse::<Permission>().unwrap_err();
            assert!(err.to_string().contains("storage.read"), "{err}");
            assert!(err.to_string().contains(bad), "{err}");
        }
    }
}
