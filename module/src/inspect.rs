//! One pass over a module's bytes: manifest section, imports, exports.
//!
//! Done in Rust (wasmparser) rather than with `WebAssembly.Module.imports`
//! so it is testable natively and a bad module is refused before the browser
//! spends time compiling it.

use annex_protocol::abi::{export, MANIFEST_SECTION};
use annex_protocol::host_api::{ImportKind, ModuleImport, ValType};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef};

use crate::ModuleError;

/// What the host needs to know about a module before compiling it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleInfo {
    /// The bytes of the `annex.manifest` custom section, if present.
    pub manifest: Option<Vec<u8>>,
    /// Every import, with function signatures resolved.
    pub imports: Vec<ModuleImport>,
    /// Every export: name and kind.
    pub exports: Vec<(String, ExternalKind)>,
}

impl ModuleInfo {
    /// The first required ABI export that is missing or of the wrong kind.
    pub fn missing_export(&self) -> Option<&'static str> {
        export::REQUIRED.iter().find_map(|(name, kind)| {
            let wanted = match kind {
                export::ExportKind::Function => ExternalKind::Func,
                export::ExportKind::Memory => ExternalKind::Memory,
            };
            let found = self.exports.iter().any(|(n, k)| n == name && *k == wanted);
            (!found).then_some(*name)
        })
    }
}

/// Reads a module's manifest section, imports and exports.
///
/// Fails with [`ModuleError::Invalid`] and the parser's message (which
/// includes the byte offset) when the bytes are not a well-formed module, for
/// example when they were truncated.
pub fn inspect(bytes: &[u8]) -> Result<ModuleInfo, ModuleError> {
    let invalid = |e: wasmparser::BinaryReaderError| {
        ModuleError::Invalid(format!("not a valid WebAssembly module: {e}"))
    };
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err(ModuleError::Invalid(format!(
            "not a WebAssembly module (got {} bytes without the `\\0asm` header)",
            bytes.len()
        )));
    }
    let mut types: Vec<Option<(Vec<ValType>, Vec<ValType>)>> = Vec::new();
    let mut info = ModuleInfo { manifest: None, imports: Vec::new(), exports: Vec::new() };
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(invalid)? {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub in group.map_err(invalid)?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => {
                                Some((convert(f.params()), convert(f.results())))
                            }
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(invalid)?;
                    let kind = match import.ty {
                        TypeRef::Func(index) | TypeRef::FuncExact(index) => {
                            match types.get(index as usize).cloned().flatten() {
                                Some((params, results)) => ImportKind::Function { params, results },
                                None => ImportKind::Other("function of unknown type"),
                            }
                        }
                        TypeRef::Memory(_) => ImportKind::Other("memory"),
                        TypeRef::Table(_) => ImportKind::Other("table"),
                        TypeRef::Global(_) => ImportKind::Other("global"),
                        TypeRef::Tag(_) => ImportKind::Other("tag"),
                    };
                    info.imports.push(ModuleImport {
                        module: import.module.to_owned(),
                        name: import.name.to_owned(),
                        kind,
                    });
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(invalid)?;
                    info.exports.push((export.name.to_owned(), export.kind));
                }
            }
            Payload::CustomSection(section) if section.name() == MANIFEST_SECTION => {
                if info.manifest.is_some() {
                    return Err(ModuleError::Manifest(format!(
                        "has more than one `{MANIFEST_SECTION}` custom section"
                    )));
                }
                info.manifest = Some(section.data().to_vec());
            }
            _ => {}
        }
    }
    Ok(info)
}

fn convert(types: &[wasmparser::ValType]) -> Vec<ValType> {
    types
        .iter()
        .map(|t| match t {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            _ => ValType::Other,
        })
        .collect()
}

#[cfg(test)]
#[path = "inspect_tests.rs"]
mod tests;
