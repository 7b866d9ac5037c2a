//! Why a module was refused or could not be edited.

use annex_protocol::ErrorCode;

/// A module the tooling refuses, with the reason in words. Each kind has a
/// stable [`ErrorCode`] (see [`ModuleError::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModuleError {
    /// The bytes are not a well-formed WebAssembly module (not wasm at all,
    /// truncated, a malformed section).
    #[error("{0}")]
    Invalid(String),
    /// The module's embedded manifest section cannot be used (e.g. two of them).
    #[error("{0}")]
    Manifest(String),
    /// The module's memory cannot be capped (shared, 64-bit, custom pages,
    /// or starting above the limit).
    #[error("{0}")]
    Memory(String),
    /// The module declares more than a limit allows (memories, tables,
    /// globals, functions, segments, its size; see [`crate::limits`]).
    #[error("{0}")]
    Limit(String),
    /// The module's signature section is malformed or does not verify.
    #[error("{0}")]
    Signature(String),
}

impl ModuleError {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) => ErrorCode::ModuleInvalid,
            Self::Manifest(_) => ErrorCode::ManifestInvalid,
            Self::Memory(_) => ErrorCode::MemoryLimit,
            Self::Limit(_) => ErrorCode::ModuleLimit,
            Self::Signature(_) => ErrorCode::SignatureInvalid,
        }
    }
}
