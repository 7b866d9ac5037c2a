//! What sort of plugin a module is, and what its imports ask of the worker.
//!
//! Read from the imports and exports [`crate::inspect`] found, so it is
//! decided before any code of the module runs.

use annex_protocol::abi::{asyncify, IMPORT_MODULE};
use annex_protocol::host_api::HOST_FUNCTIONS;
use wasmparser::ExternalKind;

use crate::ModuleInfo;

/// The import module of Extism's host functions.
pub const EXTISM_IMPORT_MODULE: &str = "extism:host/env";

/// The plugin ABIs a module can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PluginKind {
    /// Annex's own ABI: the `annex_*` exports (see `annex_protocol::abi`).
    Annex,
    /// Extism's ABI: imports from [`EXTISM_IMPORT_MODULE`].
    Extism,
    /// Neither.
    Unknown,
}

impl PluginKind {
    /// The kind of the module `info` describes: Annex when it has every
    /// required Annex export, else Extism when it imports Extism's host
    /// functions, else unknown.
    pub fn of(info: &ModuleInfo) -> Self {
        if info.missing_export().is_none() {
            Self::Annex
        } else if info.imports.iter().any(|i| i.module == EXTISM_IMPORT_MODULE) {
            Self::Extism
        } else {
            Self::Unknown
        }
    }
}

/// The asynchronous Annex host functions the module imports (storage,
/// network): calls that reach them must suspend (JSPI, or Asyncify).
pub fn async_imports(info: &ModuleInfo) -> Vec<&str> {
    info.imports
        .iter()
        .filter(|i| i.module == IMPORT_MODULE)
        .filter(|i| HOST_FUNCTIONS.iter().any(|f| f.name == i.name && f.is_async))
        .map(|i| i.name.as_str())
        .collect()
}

/// Whether the module carries binaryen's Asyncify exports, so its calls can
/// suspend in engines without JSPI.
pub fn is_asyncified(info: &ModuleInfo) -> bool {
    asyncify::EXPORTS
        .iter()
        .all(|name| info.exports.iter().any(|(n, kind)| n == name && *kind == ExternalKind::Func))
}

#[cfg(test)]
mod tests {
    use annex_protocol::host_api::{ImportKind, ModuleImport};

    use super::*;

    fn info(imports: &[(&str, &str)], exports: &[&str]) -> ModuleInfo {
        ModuleInfo {
            manifest: None,
            imports: imports
                .iter()
                .map(|(module, name)| ModuleImport {
                    module: (*module).to_owned(),
                    name: (*name).to_owned(),
                    kind: ImportKind::Other("function"),
                })
                .collect(),
            exports: exports
                .iter()
                .map(|name| {
                    let kind =
                        if *name == "memory" { ExternalKind::Memory } else { ExternalKind::Func };
                    ((*name).to_owned(), kind)
                })
                .collect(),
        }
    }

    const ANNEX: [&str; 6] =
        ["memory", "annex_abi_version", "annex_alloc", "annex_init", "annex_call", "annex_output"];

    #[test]
    fn kinds_are_told_apart_by_exports_and_imports() {
        assert_eq!(PluginKind::of(&info(&[("annex", "log")], &ANNEX)), PluginKind::Annex);
        let extism = info(&[("extism:host/env", "input_length")], &["memory", "count_vowels"]);
        assert_eq!(PluginKind::of(&extism), PluginKind::Extism);
        assert_eq!(PluginKind::of(&info(&[], &["memory", "run"])), PluginKind::Unknown);
    }

    #[test]
    fn async_imports_and_the_asyncify_exports_are_found() {
        let plain =
            info(&[("annex", "log"), ("annex", "storage_get"), ("env", "storage_set")], &ANNEX);
        assert_eq!(async_imports(&plain), ["storage_get"]);
        assert!(!is_asyncified(&plain));
        let mut exports = ANNEX.to_vec();
        exports.extend(asyncify::EXPORTS);
        assert!(is_asyncified(&info(&[("annex", "storage_get")], &exports)));
    }
}
