//! Everything decided from a module's bytes alone, before compiling it.

use annex_protocol::host_api::ModuleImport;
use annex_protocol::manifest::Manifest;
use annex_protocol::{ErrorCode, HOST_API_VERSION};

use crate::plugin::check_grants;
use crate::resolver::DependencyError;
use crate::{Error, Result};
use annex_module::inspect;

/// A module that passed the checks: its manifest and host imports.
pub(crate) struct Checked {
    pub(crate) manifest: Manifest,
    pub(crate) imports: Vec<ModuleImport>,
}

/// Parses the module, reads and validates its manifest, checks every import
/// against the host table and the permissions the manifest requests (a module
/// whose imports need more than its manifest admits is refused here), and
/// checks the ABI exports. No plugin code runs.
pub(crate) fn check(bytes: &[u8], source_name: &str) -> Result<Checked> {
    let module_error =
        |code, reason| Error::Module { source_name: source_name.to_owned(), reason, code };
    let info = inspect(bytes).map_err(|e| module_error(e.code(), e.to_string()))?;
    let section = info.manifest.as_deref().ok_or_else(|| {
        module_error(
            ErrorCode::ManifestInvalid,
            "has no `annex.manifest` custom section (is it built with annex_sdk::export_plugin!?)"
                .to_owned(),
        )
    })?;
    let parsed = Manifest::from_json(section)
        .map_err(|error| Error::Manifest { source_name: source_name.to_owned(), error })?;
    let manifest = parsed.manifest;
    for warning in parsed.warnings {
        crate::js::warn(&format!("annex: plugin {}: manifest {warning}", manifest.id));
    }
    if !manifest.requires.host_api.matches(&HOST_API_VERSION) {
        return Err(Error::Dependency(Box::new(DependencyError::HostApi {
            plugin: manifest.id.clone(),
            version: manifest.version.clone(),
            requires: manifest.requires.host_api,
            host: HOST_API_VERSION,
        })));
    }
    let requested = manifest.requested_permissions();
    check_grants(&manifest, &info.imports, &requested)?;
    if let Some(export) = info.missing_export() {
        return Err(Error::Module {
            source_name: manifest.id.to_string(),
            reason: format!("does not export `{export}`, which the Annex ABI requires"),
            code: ErrorCode::AbiMismatch,
        });
    }
    Ok(Checked { manifest, imports: info.imports })
}
