//! The host functions a plugin can import, and the permission each needs.
//!
//! This table is the capability boundary: the worker offers a plugin only the
//! functions whose permission was granted, and the host refuses a module that
//! imports anything else before instantiating it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::abi::IMPORT_MODULE;
use crate::permission::{Permission, PermissionSet};

/// A WebAssembly value type, as used in host function signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValType {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// Any other type (vectors, references); never valid for a host import.
    Other,
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::F32 => "f32",
            Self::F64 => "f64",
            Self::Other => "<non-numeric>",
        })
    }
}

/// One host function in the `annex` import module.
#[derive(Debug)]
pub struct HostFunction {
    /// Import name.
    pub name: &'static str,
    /// The permission the plugin needs to import it; `None` for core functions.
    pub permission: Option<Permission>,
    /// Parameter types.
    pub params: &'static [ValType],
    /// Result types.
    pub results: &'static [ValType],
    /// Whether the worker answers it asynchronously (storage, network): the
    /// plugin's call is suspended with JavaScript Promise Integration until
    /// the answer is there. Plugins importing one need a browser with JSPI.
    pub is_async: bool,
}

mod functions;

pub use functions::{HOST_FUNCTIONS, RESULT_ERROR, RESULT_NOT_FOUND};

/// What `system_info` returns when its permission was revoked after the
/// plugin was loaded.
pub const ERR_PERMISSION_DENIED: i32 = -1;

/// What `system_info` returns when the buffer it was given is not inside
/// the plugin's memory.
pub const ERR_BAD_BUFFER: i32 = -2;

/// The JSON `system_info` writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    /// `navigator.hardwareConcurrency`.
    pub hardware_concurrency: u32,
    /// `navigator.language`.
    pub language: String,
    /// `navigator.userAgent`.
    pub user_agent: String,
}

/// Looks up a host function by import module and name.
pub fn host_function(module: &str, name: &str) -> Option<&'static HostFunction> {
    if module != IMPORT_MODULE {
        return None;
    }
    HOST_FUNCTIONS.iter().find(|f| f.name == name)
}

/// One import of a module, as read from its import section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleImport {
    /// Import module name.
    pub module: String,
    /// Import field name.
    pub name: String,
    /// What is imported.
    pub kind: ImportKind,
}

/// The kind of an import, with the signature for functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportKind {
    /// A function with these parameter and result types.
    Function {
        /// Parameter types.
        params: Vec<ValType>,
        /// Result types.
        results: Vec<ValType>,
    },
    /// A memory, table, global or tag: never offered by the host.
    Other(&'static str),
}

/// Why an import cannot be satisfied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportViolation {
    /// The host offers nothing under this name.
    #[error("imports `{module}.{name}`, which the host does not provide")]
    Unknown {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// The host function exists but needs a permission that was not granted.
    #[error("imports `annex.{name}`, which needs permission `{permission}`{}", if *.requested { ", and it was not granted" } else { ", which the manifest does not request" })]
    NotGranted {
        /// Import name.
        name: String,
        /// The permission it needs.
        permission: Permission,
        /// Whether the manifest asked for the permission (and the host said no).
        requested: bool,
    },
    /// The import's signature differs from the host function's.
    #[error("imports `annex.{name}` as ({}) -> ({}), but the host provides ({}) -> ({})", join(&.found.0), join(&.found.1), join(&.expected.0), join(&.expected.1))]
    Signature {
        /// Import name.
        name: String,
        /// The signature the host provides.
        expected: (Vec<ValType>, Vec<ValType>),
        /// The signature the module declares.
        found: (Vec<ValType>, Vec<ValType>),
    },
}

fn join(types: &[ValType]) -> String {
    types.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl ImportViolation {
    /// Whether this is a permission problem (as opposed to an unknown or mistyped import).
    pub fn is_permission(&self) -> bool {
        matches!(self, Self::NotGranted { .. })
    }
}

/// Checks every import of a module against the host table and the grants.
///
/// Returns the first violation, in import order. `requested` is what the
/// manifest asks for; it only changes the wording of the error.
pub fn check_imports(
    imports: &[ModuleImport],
    granted: &PermissionSet,
    requested: &PermissionSet,
) -> Result<(), ImportViolation> {
    for import in imports {
        let unknown = || ImportViolation::Unknown {
            module: import.module.clone(),
            name: import.name.clone(),
        };
        let function = host_function(&import.module, &import.name).ok_or_else(unknown)?;
        let ImportKind::Function { params, results } = &import.kind else {
            return Err(unknown());
        };
        if params != function.params || results != function.results {
            return Err(ImportViolation::Signature {
                name: import.name.clone(),
                expected: (function.params.to_vec(), function.results.to_vec()),
                found: (params.clone(), results.clone()),
            });
        }
        if let Some(permission) = &function.permission {
            if !granted.contains(permission) {
                return Err(ImportViolation::NotGranted {
                    name: import.name.clone(),
                    permission: permission.clone(),
                    requested: requested.contains(permission),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
