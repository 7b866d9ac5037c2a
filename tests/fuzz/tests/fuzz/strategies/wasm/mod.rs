//! WebAssembly modules: generated from a description (so what `inspect`
//! and `cap_memory` should find is known), seeds shaped like real plugins
//! (and the real grayscale plugin when it has been built), and
//! section-level splicing.

use std::sync::OnceLock;

use annex_protocol::host_api::{ImportKind, ModuleImport, ValType};
use proptest::prelude::*;

use wasm_encoder::{
    CodeSection, CustomSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    ImportSection, MemorySection, MemoryType, Module, TypeSection,
};
use wasmparser::ExternalKind;

use super::manifests::{FULL, SMALL};
use super::text;

/// The function types every generated module declares, by index.
const TYPES: [(&[ValType], &[ValType]); 4] = [
    (&[ValType::I32, ValType::I32, ValType::I32], &[]),
    (&[], &[ValType::I32]),
    (&[ValType::I64, ValType::F32], &[ValType::F64]),
    (&[ValType::F64], &[ValType::I32, ValType::I64]),
];

/// A module to build: what goes in each section.
#[derive(Debug, Clone)]
pub struct ModuleSpec {
    /// Imported functions: module, name, index into [`TYPES`].
    pub imports: Vec<(String, String, usize)>,
    /// Functions defined, all `() -> i32`.
    pub functions: u32,
    /// Memories: initial and maximum pages.
    pub memories: Vec<(u64, Option<u64>)>,
    /// Exports: distinct names, each of a function or a memory that exists.
    pub exports: Vec<(String, ExternalKind)>,
    /// Custom sections: where (before which of the 6 other sections, 6 for
    /// the end), name and contents.
    pub customs: Vec<(usize, String, Vec<u8>)>,
}

impl ModuleSpec {
    /// The module's bytes.
    pub fn build(&self) -> Vec<u8> {
        let mut module = Module::new();
        for slot in 0..6 {
            self.customs_at(slot, &mut module);
            self.section(slot, &mut module);
        }
        self.customs_at(6, &mut module);
        module.finish()
    }

    /// Section `slot` of the six, in their required order.
    fn section(&self, slot: usize, module: &mut Module) {
        match slot {
            0 => {
                let mut types = TypeSection::new();
                for (params, results) in TYPES {
                    types.ty().function(params.iter().map(encode), results.iter().map(encode));
                }
                module.section(&types)
            }
            1 => {
                let mut imports = ImportSection::new();
                for (from, name, ty) in &self.imports {
                    imports.import(from, name, EntityType::Function(*ty as u32));
                }
                module.section(&imports)
            }
            2 => {
                let mut functions = FunctionSection::new();
                for _ in 0..self.functions {
                    functions.function(1);
                }
                module.section(&functions)
            }
            3 => {
                let mut memories = MemorySection::new();
                for (minimum, maximum) in &self.memories {
                    memories.memory(memory_type(*minimum, *maximum));
                }
                module.section(&memories)
            }
            4 => {
                let mut exports = ExportSection::new();
                for (i, (name, kind)) in self.exports.iter().enumerate() {
                    let (kind, index) = match kind {
                        ExternalKind::Memory => (ExportKind::Memory, i % self.memories.len()),
                        _ => (ExportKind::Func, i % self.function_count()),
                    };
                    exports.export(name, kind, index as u32);
                }
                module.section(&exports)
            }
            _ => {
                let mut code = CodeSection::new();
                for _ in 0..self.functions {
                    let mut body = Function::new([]);
                    body.instructions().i32_const(1).end();
                    code.function(&body);
                }
                module.section(&code)
            }
        };
    }

    fn customs_at(&self, slot: usize, module: &mut Module) {
        for (_, name, data) in self.customs.iter().filter(|(at, ..)| *at == slot) {
            module.section(&CustomSection { name: name.into(), data: data.into() });
        }
    }

    fn function_count(&self) -> usize {
        self.imports.len() + self.functions as usize
    }

    /// The imports `inspect` must report.
    pub fn expected_imports(&self) -> Vec<ModuleImport> {
        self.imports
            .iter()
            .map(|(module, name, ty)| ModuleImport {
                module: module.clone(),
                name: name.clone(),
                kind: ImportKind::Function {
                    params: TYPES[*ty].0.to_vec(),
                    results: TYPES[*ty].1.to_vec(),
                },
            })
            .collect()
    }

    /// The `annex.manifest` sections, in order.
    pub fn manifest_sections(&self) -> Vec<&[u8]> {
        let mut customs: Vec<_> = self.customs.iter().enumerate().collect();
        customs.sort_by_key(|(i, (slot, ..))| (*slot, *i));
        customs
            .into_iter()
            .filter(|(_, (_, name, _))| name == annex_protocol::abi::MANIFEST_SECTION)
            .map(|(_, (_, _, data))| data.as_slice())
            .collect()
    }
}

fn encode(t: &ValType) -> wasm_encoder::ValType {
    match t {
        ValType::I32 => wasm_encoder::ValType::I32,
        ValType::I64 => wasm_encoder::ValType::I64,
        ValType::F32 => wasm_encoder::ValType::F32,
        _ => wasm_encoder::ValType::F64,
    }
}

/// An ordinary 32-bit, unshared memory type.
pub fn memory_type(minimum: u64, maximum: Option<u64>) -> MemoryType {
    MemoryType { minimum, maximum, memory64: false, shared: false, page_size_log2: None }
}

/// Pages of a valid 32-bit memory: a few, or near the 65536 maximum.
fn pages() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 0u64..64, 1 => 0u64..=65_536, 1 => 65_000u64..=65_536]
}

/// A valid module description (memories within the 32-bit limits, exports
/// naming what exists, names unique).
pub fn module_spec() -> impl Strategy<Value = ModuleSpec> {
    let imports = prop::collection::vec(
        (prop_oneof![Just("annex".to_owned()), text()], text(), 0..TYPES.len()),
        0..4,
    );
    let memory = (pages(), prop::option::of(pages()))
        .prop_map(|(a, b)| (a.min(b.unwrap_or(a)), b.map(|b| b.max(a))));
    let memories = prop::collection::vec(memory, 0..3);
    let custom_data = prop_oneof![
        prop::sample::select(vec![SMALL, FULL, "{}", ""]).prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    let custom_name = prop_oneof![
        3 => Just(annex_protocol::abi::MANIFEST_SECTION.to_owned()),
        1 => Just("annex.signature".to_owned()),
        1 => text(),
    ];
    let customs = prop::collection::vec((0usize..=6, custom_name, custom_data), 0..3);
    let export_names = prop::collection::btree_set(
        prop_oneof![
            prop::sample::select(vec![
                "memory",
                "annex_abi_version",
                "annex_alloc",
                "annex_init",
                "annex_call",
                "annex_output",
            ])
            .prop_map(str::to_owned),
            text(),
        ],
        0..7,
    );
    (imports, 0u32..3, memories, export_names, any::<Vec<bool>>(), customs).prop_map(
        |(imports, functions, memories, names, kinds, customs)| {
            let has_function = !imports.is_empty() || functions > 0;
            let exports = names
                .into_iter()
                .enumerate()
                .filter_map(|(i, name)| {
                    let memory = kinds.get(i).copied().unwrap_or(false) || name == "memory";
                    match (memory && !memories.is_empty(), has_function) {
                        (true, _) => Some((name, ExternalKind::Memory)),
                        (false, true) => Some((name, ExternalKind::Func)),
                        (false, false) => None,
                    }
                })
                .collect();
            ModuleSpec { imports, functions, memories, exports, customs }
        },
    )
}

/// A module shaped like a plugin: imports `annex.log`, exports the ABI, one
/// unbounded memory, and the small manifest.
pub fn plugin_like() -> Vec<u8> {
    let abi = ["annex_abi_version", "annex_alloc", "annex_init", "annex_call", "annex_output"];
    let mut exports = vec![("memory".to_owned(), ExternalKind::Memory)];
    exports.extend(abi.iter().map(|name| (name.to_string(), ExternalKind::Func)));
    ModuleSpec {
        imports: vec![("annex".into(), "log".into(), 0)],
        functions: 1,
        memories: vec![(17, None)],
        exports,
        customs: vec![(6, annex_protocol::abi::MANIFEST_SECTION.into(), SMALL.as_bytes().to_vec())],
    }
    .build()
}

/// `tests/fixtures/plugins/grayscale.wasm`, once `cargo xtask build` has made it.
pub fn grayscale() -> Option<&'static [u8]> {
    static GRAYSCALE: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    GRAYSCALE
        .get_or_init(|| {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/plugins/grayscale.wasm");
            let bytes = std::fs::read(path).ok();
            if bytes.is_none() {
                eprintln!("note: {path} is missing (run `cargo xtask build`); fuzzing without it");
            }
            bytes
        })
        .as_deref()
}

/// The seeds mutations start from: the plugin-like module, and the real
/// grayscale plugin when it is there.
pub fn seeds() -> Vec<&'static [u8]> {
    static PLUGIN_LIKE: OnceLock<Vec<u8>> = OnceLock::new();
    let mut seeds = vec![PLUGIN_LIKE.get_or_init(plugin_like).as_slice()];
    seeds.extend(grayscale());
    seeds
}

mod sections;
pub use sections::*;
