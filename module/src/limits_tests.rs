use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ElementSection, Elements, EntityType, ExportKind,
    ExportSection, Function, FunctionSection, GlobalSection, GlobalType, ImportSection,
    MemorySection, MemoryType, Module, RefType, TableSection, TableType, TypeSection, ValType,
};
use wasmparser::{Parser, Payload};

use super::*;

fn memory(minimum: u64) -> MemoryType {
    MemoryType { minimum, maximum: None, memory64: false, shared: false, page_size_log2: None }
}

fn table(minimum: u64, maximum: Option<u64>) -> TableType {
    TableType { element_type: RefType::FUNCREF, table64: false, minimum, maximum, shared: false }
}

/// A module like a Rust plugin's: a type, a function, one memory, one table
/// filled by an element segment, a global, a data segment, exports.
fn plugin_like() -> Module {
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    module.section(&types);
    let mut functions = FunctionSection::new();
    functions.function(0);
    module.section(&functions);
    let mut tables = TableSection::new();
    tables.table(table(2, None));
    module.section(&tables);
    let mut memories = MemorySection::new();
    memories.memory(memory(1));
    module.section(&memories);
    let mut globals = GlobalSection::new();
    let ty = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
    globals.global(ty, &ConstExpr::i32_const(1024));
    module.section(&globals);
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("run", ExportKind::Func, 0);
    module.section(&exports);
    let mut elements = ElementSection::new();
    elements.active(Some(0), &ConstExpr::i32_const(1), Elements::Functions([0].as_slice().into()));
    module.section(&elements);
    let mut code = CodeSection::new();
    let mut body = Function::new([(3, ValType::I32)]);
    body.instructions().end();
    code.function(&body);
    module.section(&code);
    let mut data = DataSection::new();
    data.active(0, &ConstExpr::i32_const(0), b"hello".iter().copied());
    module.section(&data);
    module
}

fn refusal(module: &Module, limits: &ModuleLimits) -> String {
    match enforce(&module.clone().finish(), limits, 1 << 20) {
        Err(ModuleError::Limit(reason)) => reason,
        other => panic!("expected a limit error, got {other:?}"),
    }
}

fn tables_of(module: &[u8]) -> Vec<(u64, Option<u64>)> {
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::TableSection(reader) = payload.unwrap() {
            for table in reader {
                let ty = table.unwrap().ty;
                found.push((ty.initial, ty.maximum));
            }
        }
    }
    found
}

#[test]
fn a_plugin_like_module_passes_with_its_memory_and_table_capped() {
    let bytes = plugin_like().finish();
    let (capped, enforced) = enforce(&bytes, &ModuleLimits::default(), 4 << 20).unwrap();
    assert_eq!(enforced.memory.unwrap().max_pages, 64);
    assert_eq!(enforced.table_max, [65_536]);
    assert_eq!(tables_of(&capped), [(2, Some(65_536))]);
    // Everything else kept: the same sections in the same order, and the
    // result still parses.
    let ids = |m: &[u8]| -> Vec<u8> {
        Parser::new(0)
            .parse_all(m)
            .filter_map(|p| p.unwrap().as_section().map(|(id, _)| id))
            .collect()
    };
    assert_eq!(ids(&capped), ids(&bytes));
}

#[test]
fn a_table_keeps_a_smaller_declared_maximum() {
    let mut module = Module::new();
    let mut tables = TableSection::new();
    tables.table(table(1, Some(10)));
    module.section(&tables);
    let (capped, enforced) = enforce(&module.finish(), &ModuleLimits::default(), 1 << 20).unwrap();
    assert_eq!(enforced.table_max, [10]);
    assert_eq!(tables_of(&capped), [(1, Some(10))]);
}

#[test]
fn several_memories_are_refused_even_empty_ones() {
    let mut module = Module::new();
    let mut memories = MemorySection::new();
    for _ in 0..3 {
        memories.memory(memory(0));
    }
    module.section(&memories);
    assert_eq!(refusal(&module, &ModuleLimits::default()), "declares 3 memories; the limit is 1");
}

#[test]
fn tables_their_size_and_their_elements_are_capped() {
    let mut two = Module::new();
    let mut tables = TableSection::new();
    tables.table(table(0, None));
    tables.table(table(0, None));
    two.section(&tables);
    assert_eq!(refusal(&two, &ModuleLimits::default()), "declares 2 tables; the limit is 1");

    let mut huge = Module::new();
    let mut tables = TableSection::new();
    tables.table(table(10_000_000, None));
    huge.section(&tables);
    assert_eq!(
        refusal(&huge, &ModuleLimits::default()),
        "declares 10000000 table entries to start with; the limit is 65536"
    );

    let limits = ModuleLimits { element_entries: 0, ..ModuleLimits::default() };
    assert_eq!(refusal(&plugin_like(), &limits), "declares 1 element entries; the limit is 0");
}

#[test]
fn every_count_has_its_limit() {
    let base = ModuleLimits::default();
    let cases: [(ModuleLimits, &str); 9] = [
        (ModuleLimits { types: 0, ..base.clone() }, "declares 1 types; the limit is 0"),
        (ModuleLimits { functions: 0, ..base.clone() }, "declares 1 functions; the limit is 0"),
        (ModuleLimits { globals: 0, ..base.clone() }, "declares 1 globals; the limit is 0"),
        (ModuleLimits { exports: 1, ..base.clone() }, "declares 2 exports; the limit is 1"),
        (
            ModuleLimits { data_segments: 0, ..base.clone() },
            "declares 1 data segments; the limit is 0",
        ),
        (
            ModuleLimits { data_bytes: 4, ..base.clone() },
            "declares 5 bytes of data segments; the limit is 4",
        ),
        (
            ModuleLimits { locals_per_function: 2, ..base.clone() },
            "declares 3 locals in one function; the limit is 2",
        ),
        (ModuleLimits { memories: 0, ..base.clone() }, "declares 1 memories; the limit is 0"),
        (ModuleLimits { tables: 0, ..base }, "declares 1 tables; the limit is 0"),
    ];
    for (limits, expected) in cases {
        assert_eq!(refusal(&plugin_like(), &limits), expected);
    }
    let size = plugin_like().finish().len() as u64;
    let limits = ModuleLimits { module_bytes: size - 1, ..base };
    assert_eq!(
        refusal(&plugin_like(), &limits),
        format!("declares {size} bytes of module; the limit is {}", size - 1)
    );
}

#[test]
fn imported_functions_and_globals_count_too() {
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    module.section(&types);
    let mut imports = ImportSection::new();
    for i in 0..5 {
        imports.import("annex", &format!("f{i}"), EntityType::Function(0));
    }
    let ty = GlobalType { val_type: ValType::I32, mutable: false, shared: false };
    imports.import("annex", "g", EntityType::Global(ty));
    module.section(&imports);
    let limits = ModuleLimits { functions: 4, ..ModuleLimits::default() };
    assert_eq!(refusal(&module, &limits), "declares 5 functions; the limit is 4");
    let limits = ModuleLimits { imports: 5, ..ModuleLimits::default() };
    assert_eq!(refusal(&module, &limits), "declares 6 imports; the limit is 5");
    let limits = ModuleLimits { globals: 0, ..ModuleLimits::default() };
    assert_eq!(refusal(&module, &limits), "declares 1 globals; the limit is 0");
}

#[test]
fn the_error_has_its_stable_code() {
    let error = ModuleError::Limit("x".into());
    assert_eq!(error.code(), annex_protocol::ErrorCode::ModuleLimit);
    assert_eq!(error.code().as_str(), "module_limit");
}
