//! Why a command failed, in words a user can act on, with a stable code.

use std::path::PathBuf;

use annex_module::ModuleError;

/// Result of the library's functions.
pub type Result<T = (), E = Error> = std::result::Result<T, E>;

/// What went wrong. Each variant has a stable [`Error::code`], so scripts can
/// tell failures apart without parsing the message; the message names the
/// file, tool or plugin and what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A tool Annex runs is not installed (wasm-bindgen, wasm-opt, a browser...).
    #[error("{tool} is not installed: {hint}")]
    ToolMissing {
        /// The program.
        tool: &'static str,
        /// How to install it.
        hint: String,
    },
    /// A tool is installed, in a version Annex cannot use.
    #[error("{tool} {found} is installed, Annex needs {wanted}: {hint}")]
    ToolVersion {
        /// The program.
        tool: &'static str,
        /// The version found.
        found: String,
        /// The version needed.
        wanted: String,
        /// How to install the right one.
        hint: String,
    },
    /// A command Annex ran failed (its output was shown).
    #[error("`{command}` failed ({status})")]
    CommandFailed {
        /// The command line.
        command: String,
        /// Its exit status.
        status: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A folder is not a plugin crate (no `Cargo.toml`, no
    /// `[package.metadata.annex]`, not a `cdylib`...).
    #[error("{}: {reason}", path.display())]
    NotAPlugin {
        /// The folder or `Cargo.toml`.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// A module is not a usable plugin module.
    #[error("{file}: {source}")]
    Module {
        /// The module file.
        file: String,
        /// Why.
        source: ModuleError,
    },
    /// A plugin's manifest (or a catalog built from manifests) is invalid.
    #[error("{file}: {reason}")]
    Manifest {
        /// The module or catalog.
        file: String,
        /// The manifest errors, with field paths.
        reason: String,
    },
    /// A key file cannot be used.
    #[error("key file {}: {reason}", path.display())]
    Key {
        /// The key file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The arguments do not make sense together (e.g. `annex new` into a
    /// folder that exists).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The stable code of this error (snake_case, never reused).
    pub fn code(&self) -> &'static str {
        match self {
            Self::ToolMissing { .. } => "tool_missing",
            Self::ToolVersion { .. } => "tool_version",
            Self::CommandFailed { .. } => "command_failed",
            Self::Io { .. } => "io",
            Self::NotAPlugin { .. } => "not_a_plugin",
            Self::Module { .. } => "module_invalid",
            Self::Manifest { .. } => "manifest_invalid",
            Self::Key { .. } => "key_invalid",
            Self::Usage(_) => "usage",
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_tool_and_how_to_get_it() {
        let error = Error::ToolVersion {
            tool: "wasm-bindgen",
            found: "0.2.100".into(),
            wanted: "0.2.130".into(),
            hint: "cargo install wasm-bindgen-cli --version 0.2.130".into(),
        };
        assert_eq!(
            error.to_string(),
            "wasm-bindgen 0.2.100 is installed, Annex needs 0.2.130: \
             cargo install wasm-bindgen-cli --version 0.2.130"
        );
        assert_eq!(error.code(), "tool_version");
    }
}
