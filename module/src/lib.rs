//! Annex plugin modules as bytes: read, check and edit them before any of
//! their code runs.
//!
//! Pure Rust with no browser dependency, so the host in the page, the build
//! tools, the fuzz tests and the command-line tool share one implementation:
//! [`inspect`] reads the manifest section, imports and exports in one pass;
//! [`kind`] tells what sort of plugin a module is and how its calls must
//! suspend; [`edit`] rewrites custom sections; [`limits`] caps what a
//! module declares (memories, tables, globals, functions, segments, size)
//! and writes the memory and table maxima into it, with [`memory_cap`];
//! [`signature`] signs and verifies.
//!
//! Errors are [`ModuleError`]s, each with a stable [`annex_protocol::ErrorCode`].

pub mod edit;
mod error;
mod inspect;
pub mod kind;
pub mod limits;
pub mod memory_cap;
pub mod signature;

pub use error::ModuleError;
pub use inspect::{inspect, ModuleInfo};

/// The bytes of a section the parser announced, or an error when the module
/// ends before the section does: the parser announces the code section as
/// soon as it has read its header, with a range it has not checked (wasmparser's
/// `unchecked_range`), so slicing with it would panic on a truncated module.
fn section_bytes(module: &[u8], range: std::ops::Range<u64>) -> Result<&[u8], ModuleError> {
    usize::try_from(range.end)
        .ok()
        .and_then(|end| module.get(usize::try_from(range.start).ok()?..end))
        .ok_or_else(|| {
            ModuleError::Invalid(format!(
                "a section ends at byte {}, past the end of the module ({} bytes)",
                range.end,
                module.len()
            ))
        })
}

/// Modules the unit tests share.
#[cfg(test)]
mod test_modules {
    /// A valid module with one function of three `nop`s: cutting its last
    /// bytes leaves the code section's declared size past the end.
    pub(crate) fn one_function() -> Vec<u8> {
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut functions = wasm_encoder::FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut code = wasm_encoder::CodeSection::new();
        let mut body = wasm_encoder::Function::new([]);
        body.instructions().nop().nop().nop().end();
        code.function(&body);
        module.section(&code);
        module.finish()
    }
}
