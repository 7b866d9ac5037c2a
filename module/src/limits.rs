//! Caps on everything a module declares, checked before it is compiled.
//!
//! The browser compiles what it is given and allocates what the module
//! declares at instantiation: every memory (several, even empty ones,
//! reserve address space each), every table and its growth, every global,
//! element and data segment. A module that declares a lot can exhaust the
//! page's wasm address space or stall the compiler before a single line of
//! plugin code runs, so the counts are checked here, on the bytes, and the
//! one memory and the tables get a maximum written into the module (the
//! memory through [`crate::memory_cap`]), so `memory.grow` and `table.grow`
//! fail inside the plugin.

use wasm_encoder::{Module, RawSection, RefType, TableSection, TableType};
use wasmparser::{Parser, Payload, TableInit, ValType};

use crate::memory_cap::{cap_memory, MemoryCap};
use crate::ModuleError;

/// What a plugin module may declare. The defaults are far above what a
/// Rust plugin needs (the example plugins: one memory, one table of under
/// 2,000 entries, a few globals, about 2,000 functions) and far below what
/// hurts a page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModuleLimits {
    /// Size of the module file. Default: 16 MiB.
    pub module_bytes: u64,
    /// Linear memories. Default: 1 (Annex's ABI uses one).
    pub memories: u32,
    /// Tables. Default: 1 (Rust's indirect-call table).
    pub tables: u32,
    /// Entries a table may start with or grow to; written into the module
    /// as each table's maximum. Default: 65,536.
    pub table_entries: u64,
    /// Entries of all element segments together. Default: 65,536.
    pub element_entries: u64,
    /// Globals, imported and defined. Default: 1,000.
    pub globals: u32,
    /// Functions, imported and defined. Default: 100,000.
    pub functions: u32,
    /// Locals of one function. Default: 50,000 (what browsers accept).
    pub locals_per_function: u64,
    /// Type definitions. Default: 10,000.
    pub types: u32,
    /// Imports. Default: 1,000. Exports: the same.
    pub imports: u32,
    /// Exports. Default: 1,000.
    pub exports: u32,
    /// Data segments. Default: 10,000.
    pub data_segments: u32,
    /// Bytes of all data segments together. Default: 16 MiB.
    pub data_bytes: u64,
    /// Exception tags. Default: 100.
    pub tags: u32,
}

impl Default for ModuleLimits {
    fn default() -> Self {
        Self {
            module_bytes: 16 << 20,
            memories: 1,
            tables: 1,
            table_entries: 65_536,
            element_entries: 65_536,
            globals: 1_000,
            functions: 100_000,
            locals_per_function: 50_000,
            types: 10_000,
            imports: 1_000,
            exports: 1_000,
            data_segments: 10_000,
            data_bytes: 16 << 20,
            tags: 100,
        }
    }
}

/// What [`enforce`] did to a module it accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enforced {
    /// The memory's cap, `None` for a module without memory.
    pub memory: Option<MemoryCap>,
    /// Each table's maximum in force, in entries.
    pub table_max: Vec<u64>,
}

/// Checks `module` against `limits`, then writes the maxima into it: the
/// memory's (at most `memory_bytes`) and each table's (at most
/// [`ModuleLimits::table_entries`]). Every other section is kept byte for
/// byte. Fails with [`ModuleError::Limit`] naming what is over which limit,
/// [`ModuleError::Memory`] for a memory that cannot be capped, or
/// [`ModuleError::Invalid`] for bytes that are not a module.
///
/// ```
/// use annex_module::limits::{enforce, ModuleLimits};
///
/// let mut module = wasm_encoder::Module::new();
/// let mut globals = wasm_encoder::GlobalSection::new();
/// for _ in 0..3 {
///     let ty = wasm_encoder::GlobalType { val_type: wasm_encoder::ValType::I32, mutable: false, shared: false };
///     globals.global(ty, &wasm_encoder::ConstExpr::i32_const(0));
/// }
/// module.section(&globals);
/// let mut limits = ModuleLimits::default();
/// limits.globals = 2;
/// let error = enforce(&module.finish(), &limits, 1 << 20).unwrap_err();
/// assert_eq!(error.to_string(), "declares 3 globals; the limit is 2");
/// ```
pub fn enforce(
    module: &[u8],
    limits: &ModuleLimits,
    memory_bytes: u64,
) -> Result<(Vec<u8>, Enforced), ModuleError> {
    if module.len() as u64 > limits.module_bytes {
        return Err(over("bytes of module", module.len() as u64, limits.module_bytes));
    }
    let table_max = check(module, limits)?;
    let (capped, memory) = cap_memory(module, memory_bytes)?;
    let capped = if table_max.is_empty() { capped } else { cap_tables(&capped, &table_max)? };
    Ok((capped, Enforced { memory, table_max }))
}

fn over(what: &str, count: u64, limit: u64) -> ModuleError {
    ModuleError::Limit(format!("declares {count} {what}; the limit is {limit}"))
}

fn at_most(what: &str, count: u64, limit: impl Into<u64>) -> Result<(), ModuleError> {
    let limit = limit.into();
    if count > limit {
        Err(over(what, count, limit))
    } else {
        Ok(())
    }
}

fn invalid(error: wasmparser::BinaryReaderError) -> ModuleError {
    ModuleError::Invalid(format!("not a valid WebAssembly module: {error}"))
}

/// Counts what the module declares; returns each table's maximum to write.
fn check(module: &[u8], limits: &ModuleLimits) -> Result<Vec<u64>, ModuleError> {
    let (mut functions, mut globals, mut memories, mut tables, mut tags) = (0u64, 0, 0, 0, 0);
    let mut table_max = Vec::new();
    let mut elements = 0u64;
    let mut data_bytes = 0u64;
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(invalid)? {
            Payload::TypeSection(reader) => at_most("types", reader.count().into(), limits.types)?,
            Payload::ImportSection(reader) => {
                at_most("imports", reader.count().into(), limits.imports)?;
                for import in reader.into_imports() {
                    match import.map_err(invalid)?.ty {
                        wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_) => {
                            functions += 1
                        }
                        wasmparser::TypeRef::Global(_) => globals += 1,
                        wasmparser::TypeRef::Memory(_) => memories += 1,
                        wasmparser::TypeRef::Table(_) => tables += 1,
                        wasmparser::TypeRef::Tag(_) => tags += 1,
                    }
                }
            }
            Payload::FunctionSection(reader) => functions += u64::from(reader.count()),
            Payload::GlobalSection(reader) => globals += u64::from(reader.count()),
            Payload::MemorySection(reader) => memories += u64::from(reader.count()),
            Payload::TagSection(reader) => tags += u64::from(reader.count()),
            Payload::ExportSection(reader) => {
                at_most("exports", reader.count().into(), limits.exports)?
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    let table = table.map_err(invalid)?;
                    tables += 1;
                    at_most("tables", tables, limits.tables)?;
                    if !matches!(table.init, TableInit::RefNull) {
                        return Err(ModuleError::Limit(
                            "declares a table with an initializer expression, which plugins may not use"
                                .into(),
                        ));
                    }
                    at_most("table entries to start with", table.ty.initial, limits.table_entries)?;
                    let max = table
                        .ty
                        .maximum
                        .map_or(limits.table_entries, |m| m.min(limits.table_entries));
                    table_max.push(max);
                }
            }
            Payload::ElementSection(reader) => {
                for element in reader {
                    let count = match element.map_err(invalid)?.items {
                        wasmparser::ElementItems::Functions(items) => items.count(),
                        wasmparser::ElementItems::Expressions(_, items) => items.count(),
                    };
                    elements += u64::from(count);
                    at_most("element entries", elements, limits.element_entries)?;
                }
            }
            Payload::DataCountSection { count, .. } => {
                at_most("data segments", count.into(), limits.data_segments)?
            }
            Payload::DataSection(reader) => {
                at_most("data segments", reader.count().into(), limits.data_segments)?;
                for data in reader {
                    data_bytes += data.map_err(invalid)?.data.len() as u64;
                    at_most("bytes of data segments", data_bytes, limits.data_bytes)?;
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut locals = 0u64;
                for local in body.get_locals_reader().map_err(invalid)? {
                    let (count, _): (u32, ValType) = local.map_err(invalid)?;
                    locals += u64::from(count);
                    at_most("locals in one function", locals, limits.locals_per_function)?;
                }
            }
            _ => {}
        }
    }
    at_most("functions", functions, limits.functions)?;
    at_most("globals", globals, limits.globals)?;
    at_most("memories", memories, limits.memories)?;
    at_most("tables", tables, limits.tables)?;
    at_most("exception tags", tags, limits.tags)?;
    Ok(table_max)
}

/// Rewrites the table section with `maxima`, one per table in order.
fn cap_tables(module: &[u8], maxima: &[u64]) -> Result<Vec<u8>, ModuleError> {
    let mut out = Module::new();
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(invalid)?;
        if let Payload::TableSection(reader) = &payload {
            let mut section = TableSection::new();
            for (table, &maximum) in reader.clone().into_iter().zip(maxima) {
                let ty = table.map_err(invalid)?.ty;
                let element_type = match ty.element_type {
                    t if t == wasmparser::RefType::FUNCREF => RefType::FUNCREF,
                    t if t == wasmparser::RefType::EXTERNREF => RefType::EXTERNREF,
                    other => {
                        return Err(ModuleError::Limit(format!(
                            "declares a table of {other}, which plugins may not use"
                        )))
                    }
                };
                section.table(TableType {
                    element_type,
                    table64: ty.table64,
                    minimum: ty.initial,
                    maximum: Some(maximum),
                    shared: ty.shared,
                });
            }
            out.section(&section);
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let data = crate::section_bytes(module, range)?;
            out.section(&RawSection { id, data });
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
#[path = "limits_tests.rs"]
mod tests;
