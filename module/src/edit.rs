//! Rewriting plugin modules: custom sections (manifests, signatures,
//! padding). Used by the host, by build tools and by tests; every section
//! not named is copied byte for byte.

use annex_protocol::abi::MANIFEST_SECTION;

use crate::ModuleError;

/// The module with its `annex.manifest` section replaced by `json`.
///
/// ```
/// use annex_module::{edit, inspect};
///
/// let empty = wasm_encoder::Module::new().finish();
/// let module = edit::with_manifest(&empty, r#"{"id":"x"}"#).unwrap();
/// assert_eq!(inspect(&module).unwrap().manifest.as_deref(), Some(&br#"{"id":"x"}"#[..]));
/// ```
pub fn with_manifest(module: &[u8], json: &str) -> Result<Vec<u8>, ModuleError> {
    let stripped = without_custom_section(module, MANIFEST_SECTION)?;
    Ok(with_custom_section(&stripped, MANIFEST_SECTION, json.as_bytes()))
}

/// The module with one more custom section at the end.
pub fn with_custom_section(module: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    let mut extra = wasm_encoder::Module::new();
    extra.section(&wasm_encoder::CustomSection { name: name.into(), data: data.into() });
    let mut out = module.to_vec();
    // Skip the new module's 8-byte header: only its section is appended.
    out.extend_from_slice(&extra.finish()[8..]);
    out
}

/// The module with every custom section called `name` removed.
pub fn without_custom_section(module: &[u8], name: &str) -> Result<Vec<u8>, ModuleError> {
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| ModuleError::Invalid(e.to_string()))?;
        if let wasmparser::Payload::CustomSection(section) = &payload {
            if section.name() == name {
                continue;
            }
        }
        if let Some((id, range)) = payload.as_section() {
            out.section(&wasm_encoder::RawSection {
                id,
                data: super::section_bytes(module, range)?,
            });
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_cut_inside_its_code_section_is_refused() {
        // The parser announces the code section with its declared size before
        // checking the bytes are there; slicing with it panicked.
        let bytes = crate::test_modules::one_function();
        let error =
            without_custom_section(&bytes[..bytes.len() - 2], MANIFEST_SECTION).unwrap_err();
        assert!(error.to_string().contains("past the end of the module"), "{error}");
        assert!(with_manifest(&bytes[..bytes.len() - 2], "{}").is_err());
    }
}
