//! Errors of host calls made by a plugin.

use annex_protocol::{ErrorCode, Permission, PluginError};

/// Why a host call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The host refused: the permission is not (or no longer) granted.
    #[error("permission `{0}` is not granted")]
    PermissionDenied(Permission),
    /// The host answered with data this SDK cannot read.
    #[error("the host sent a malformed answer: {0}")]
    Malformed(String),
}

/// Result of a host call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for PluginError {
    fn from(error: Error) -> Self {
        let code = match error {
            Error::PermissionDenied(_) => ErrorCode::PermissionDenied,
            Error::Malformed(_) => ErrorCode::Protocol,
        };
        PluginError::new(code, error.to_string())
    }
}
