//! Errors of host calls made by a plugin.

use annex_protocol::{ErrorCode, PluginError};

/// Why a host call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The host refused or failed; the error's code says why
    /// (`permission_denied`, `quota_exceeded`, `network_blocked`, `timeout`...).
    #[error("{}", .0.message)]
    Host(PluginError),
    /// The host answered with data this SDK cannot read.
    #[error("the host sent a malformed answer: {0}")]
    Malformed(String),
}

impl Error {
    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Host(error) => error.code,
            Self::Malformed(_) => ErrorCode::Protocol,
        }
    }
}

/// Result of a host call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for PluginError {
    fn from(error: Error) -> Self {
        match error {
            Error::Host(error) => error,
            Error::Malformed(message) => PluginError::new(ErrorCode::Protocol, message),
        }
    }
}
