//! A plugin version ready to start: a module that passed every check, with
//! what was decided about it, compiled.

use std::rc::Rc;

use annex_module::memory_cap::MemoryCap;
use annex_protocol::host_api::{check_imports, ModuleImport};
use annex_protocol::manifest::Manifest;
use annex_protocol::permission::PermissionSet;
use js_sys::WebAssembly;

use crate::permissions::Publisher;
use crate::{Error, Result};

/// A module that passed every check and is compiled, ready to start (as
/// often as needed: the memory tier keeps these per page).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) manifest: Rc<Manifest>,
    /// Its host imports, checked against the grants when it starts.
    pub(crate) imports: Vec<ModuleImport>,
    pub(crate) publisher: Publisher,
    /// The cap written into its memory before compiling.
    pub(crate) memory: Option<MemoryCap>,
    pub(crate) module: WebAssembly::Module,
    /// SHA-256 of the module's bytes as published (before the memory cap):
    /// what a catalog entry names, so an update can tell a new build.
    pub(crate) sha256: String,
}

impl Prepared {
    /// This module as vouched for by `publisher`, if it is not signed: a
    /// signature always speaks for itself.
    pub(crate) fn vouched_by(self: &Rc<Self>, publisher: &Publisher) -> Rc<Self> {
        if self.publisher.is_key() || self.publisher == *publisher {
            return self.clone();
        }
        Rc::new(Self { publisher: publisher.clone(), ..(**self).clone() })
    }

    /// What its storage is filed under in the worker: publisher and id.
    pub(crate) fn storage_namespace(&self) -> String {
        self.publisher.identity(&self.manifest.id)
    }
}

/// Refuses a module that imports a host function whose permission is not in
/// `grants`; the error names the import and the permission.
pub(crate) fn check_grants(
    manifest: &Manifest,
    imports: &[ModuleImport],
    grants: &PermissionSet,
) -> Result<()> {
    check_imports(imports, grants, &manifest.requested_permissions()).map_err(|violation| {
        Error::Import { plugin: manifest.id.clone(), violation: Box::new(violation) }
    })
}
