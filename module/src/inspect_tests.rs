use super::*;
use annex_protocol::ErrorCode;
use wasm_encoder::{
    CodeSection, CustomSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    ImportSection, MemorySection, MemoryType, Module, TypeSection,
};

/// A module shaped like a plugin: imports `annex.log`, exports the ABI, and
/// optionally carries a manifest section.
fn plugin_module(manifest: Option<&str>) -> Vec<u8> {
    use wasm_encoder::ValType::I32;
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([I32, I32, I32], []);
    types.ty().function([], [I32]);
    module.section(&types);
    let mut imports = ImportSection::new();
    imports.import("annex", "log", EntityType::Function(0));
    module.section(&imports);
    let mut functions = FunctionSection::new();
    functions.function(1);
    module.section(&functions);
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    module.section(&memory);
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    for name in ["annex_abi_version", "annex_alloc", "annex_init", "annex_call", "annex_output"] {
        exports.export(name, ExportKind::Func, 1);
    }
    module.section(&exports);
    let mut code = CodeSection::new();
    let mut body = Function::new([]);
    body.instructions().i32_const(1).end();
    code.function(&body);
    module.section(&code);
    if let Some(json) = manifest {
        module.section(&CustomSection {
            name: "annex.manifest".into(),
            data: json.as_bytes().into(),
        });
    }
    module.finish()
}

#[test]
fn reads_manifest_imports_and_exports() {
    let info = inspect(&plugin_module(Some("{}"))).unwrap();
    assert_eq!(info.manifest.as_deref(), Some(&b"{}"[..]));
    assert_eq!(
        info.imports,
        [ModuleImport {
            module: "annex".into(),
            name: "log".into(),
            kind: ImportKind::Function { params: vec![ValType::I32; 3], results: vec![] },
        }]
    );
    assert_eq!(info.missing_export(), None);
}

#[test]
fn module_without_manifest_has_none() {
    assert_eq!(inspect(&plugin_module(None)).unwrap().manifest, None);
}

#[test]
fn truncated_module_is_invalid_with_offset() {
    let bytes = plugin_module(Some("{}"));
    for cut in [9, bytes.len() / 2, bytes.len() - 1] {
        let error = inspect(&bytes[..cut]).unwrap_err();
        let message = error.to_string();
        assert_eq!(error.code(), ErrorCode::ModuleInvalid);
        assert!(message.contains("offset"), "{message}");
    }
}

#[test]
fn non_wasm_bytes_are_invalid() {
    let error = inspect(b"<!doctype html><p>404</p>").unwrap_err();
    let message = error.to_string();
    assert_eq!(error.code(), ErrorCode::ModuleInvalid);
    assert!(message.contains("\\0asm"), "{message}");
    assert!(inspect(b"").is_err());
}

#[test]
fn two_manifest_sections_are_refused() {
    let mut bytes = plugin_module(Some("{}"));
    let mut extra = Module::new();
    extra.section(&CustomSection { name: "annex.manifest".into(), data: b"{}".into() });
    bytes.extend_from_slice(&extra.finish()[8..]);
    assert_eq!(inspect(&bytes).unwrap_err().code(), ErrorCode::ManifestInvalid);
}

#[test]
fn missing_abi_export_is_named() {
    let mut info = inspect(&plugin_module(None)).unwrap();
    info.exports.retain(|(name, _)| name != "annex_call");
    assert_eq!(info.missing_export(), Some("annex_call"));
}
