//! Plugins written straight against the ABI with `wasm-encoder`, for what
//! the SDK never produces: several memories, thousands of globals, a call
//! that grows its table. Each answers a custom call, so a manifest declaring
//! a custom API (e.g. the `custom-calls` fixture's, with another id) makes
//! it loadable.
//!
//! Memory layout (one 64 KiB page): the output record at 1024, the answer
//! JSON `{"type":"custom"}` at 2048, a wrong-shaped answer `[1,2,3]` at
//! [`WRONG_JSON`], the answer's 4 payload bytes at 3000, allocations from
//! 4096 (reset after each call).
//!
//! For the malformed-ABI suite a call can also misbehave: answer a record of
//! its own ([`RawPlugin::record`]), return another status, have
//! `annex_output` point elsewhere, the allocator answer a constant, or call a
//! host function with arguments of its choosing ([`RawPlugin::host_call`]).

use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, DataSection, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, GlobalSection, GlobalType, ImportSection, InstructionSink, MemArg,
    MemArgTarget, MemorySection, MemoryType, Module, RefType, TableSection, TableType, TypeSection,
    ValType,
};

/// Where the output record is.
pub const RECORD: i32 = 1024;
/// Where the well-formed answer JSON is.
pub const ANSWER: i32 = 2048;
const ANSWER_JSON: &str = r#"{"type":"custom"}"#;
/// Where a JSON answer of the wrong shape is (`[1,2,3]`, 7 bytes).
pub const WRONG_JSON: (i32, i32) = (2200, 7);
/// Where a call's payload is written.
pub const PAYLOAD: i32 = 3000;
const HEAP: i32 = 4096;

/// A raw plugin module. Every custom call answers 4 bytes: the `i32` its
/// [`RawPlugin::call`] body leaves on the stack (little-endian).
#[derive(Debug, Clone)]
pub struct RawPlugin {
    /// Linear memories; only the first is exported. Default 1.
    pub memories: u32,
    /// Tables (funcref, 1 entry, no maximum). Default 1.
    pub tables: u32,
    /// Globals besides the allocator's. Default 0.
    pub extra_globals: u32,
    /// What a custom call computes: instructions leaving one `i32`. Locals
    /// 0–3 are `annex_call`'s `req_ptr, req_len, data_ptr, data_len`.
    /// Default: the constant 0.
    pub call: fn(&mut InstructionSink<'_>),
    /// Instead of `call`: import this host function (from the `annex`
    /// module, with its real signature) and call it with these arguments;
    /// the call answers its result (0 for a function without one).
    pub host_call: Option<(&'static str, Vec<i32>)>,
    /// The record a call writes: answer JSON pointer and length, payload
    /// pointer and length. Default: the well-formed answer and 4 bytes.
    pub record: Option<[i32; 4]>,
    /// What a call returns (0 ok, 1 error). Default 0.
    pub status: i32,
    /// Where `annex_output` says the record is. Default [`RECORD`].
    pub output_at: i32,
    /// What the allocator answers, whatever it is asked. Default: a real
    /// bump allocation.
    pub alloc_answers: Option<i32>,
    /// The answer JSON at [`ANSWER`] (at most 150 bytes). Default
    /// `{"type":"custom"}`; e.g. `{"type":"filter_applied"}` with a canvas
    /// filter manifest.
    pub answer_json: &'static str,
    /// Exports that call [`RawPlugin::host_call`]'s function (its result
    /// dropped) before doing their own work, re-entering the host from
    /// where the worker does not expect plugin code to call it: any of
    /// `annex_alloc`, `annex_output`, `annex_abi_version`.
    pub reenter_from: &'static [&'static str],
}

impl Default for RawPlugin {
    fn default() -> Self {
        Self {
            memories: 1,
            tables: 1,
            extra_globals: 0,
            call: |sink| {
                sink.i32_const(0);
            },
            host_call: None,
            record: None,
            status: 0,
            output_at: RECORD,
            alloc_answers: None,
            answer_json: ANSWER_JSON,
            reenter_from: &[],
        }
    }
}

/// `table.grow` of table 0 by the first `i32` of the call's input; answers
/// the old size, or -1 when the table cannot grow that far.
pub fn grow_table(sink: &mut InstructionSink<'_>) {
    sink.ref_null(wasm_encoder::HeapType::FUNC).local_get(2).i32_load(mem(0)).table_grow(0);
}

fn mem(offset: u64) -> MemArg {
    MemArg { offset, align: 2, target: MemArgTarget::Memory(0), ordering: None }
}

impl RawPlugin {
    /// The module, with `manifest` (JSON) as its `annex.manifest` section.
    pub fn build(&self, manifest: &str) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::I32]); // 0: abi_version, output
        types.ty().function([ValType::I32], [ValType::I32]); // 1: alloc
        types.ty().function([ValType::I32; 2], [ValType::I32]); // 2: init
        types.ty().function([ValType::I32; 4], [ValType::I32]); // 3: call
        let import = self.host_call.as_ref().map(|(name, args)| {
            let function = annex_protocol::host_api::HOST_FUNCTIONS
                .iter()
                .find(|f| f.name == *name)
                .expect("a host function");
            assert_eq!(function.params.len(), args.len(), "{name}'s arguments");
            let results = function.results.len();
            types.ty().function(vec![ValType::I32; args.len()], vec![ValType::I32; results]); // 4
            (*name, args.clone(), results)
        });
        module.section(&types);
        // An import comes first in the function index space.
        let first = u32::from(import.is_some());
        if let Some((name, _, _)) = &import {
            let mut imports = ImportSection::new();
            imports.import(annex_protocol::abi::IMPORT_MODULE, name, EntityType::Function(4));
            module.section(&imports);
        }
        let mut functions = FunctionSection::new();
        for ty in [0, 1, 2, 3, 0] {
            functions.function(ty);
        }
        module.section(&functions);
        let mut tables = TableSection::new();
        for _ in 0..self.tables {
            let ty = TableType {
                element_type: RefType::FUNCREF,
                table64: false,
                minimum: 1,
                maximum: None,
                shared: false,
            };
            tables.table(ty);
        }
        module.section(&tables);
        let mut memories = MemorySection::new();
        for index in 0..self.memories {
            // The extra memories are empty but may grow to 4 GiB, as an
            // attacker's would, to reserve address space.
            let maximum = (index > 0).then_some(65_536);
            let ty = MemoryType {
                minimum: u64::from(index == 0),
                maximum,
                memory64: false,
                shared: false,
                page_size_log2: None,
            };
            memories.memory(ty);
        }
        module.section(&memories);
        let mut globals = GlobalSection::new();
        let heap = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
        globals.global(heap, &ConstExpr::i32_const(HEAP));
        for _ in 0..self.extra_globals {
            let ty = GlobalType { val_type: ValType::I32, mutable: false, shared: false };
            globals.global(ty, &ConstExpr::i32_const(0));
        }
        module.section(&globals);
        let mut exports = ExportSection::new();
        exports.export("memory", ExportKind::Memory, 0);
        for (index, name) in
            ["annex_abi_version", "annex_alloc", "annex_init", "annex_call", "annex_output"]
                .into_iter()
                .enumerate()
        {
            exports.export(name, ExportKind::Func, first + index as u32);
        }
        module.section(&exports);
        let mut code = CodeSection::new();
        // Calls the imported host function, leaving its result (0 without one).
        let host_call = import.map(|(_, args, results)| {
            move |sink: &mut InstructionSink<'_>| {
                for arg in &args {
                    sink.i32_const(*arg);
                }
                sink.call(0);
                if results == 0 {
                    sink.i32_const(0);
                }
            }
        });
        let reenter = |export: &str, f: Function| -> Function {
            match &host_call {
                Some(call) if self.reenter_from.contains(&export) => {
                    let mut wrapped = Function::new([]);
                    let mut sink = wrapped.instructions();
                    call(&mut sink);
                    sink.drop();
                    prepend(wrapped, f)
                }
                _ => f,
            }
        };
        assert!(
            self.reenter_from.is_empty() || host_call.is_some(),
            "reenter_from needs host_call"
        );
        code.function(&reenter("annex_abi_version", constant(1)));
        code.function(&reenter("annex_alloc", self.alloc_answers.map_or_else(alloc, constant)));
        assert!(ANSWER + self.answer_json.len() as i32 <= WRONG_JSON.0, "answer_json too long");
        let answer_len = self.answer_json.len() as i32;
        code.function(&answer(None, None, 0, answer_len));
        let call: Box<dyn Fn(&mut InstructionSink<'_>)> = match &host_call {
            Some(call) => Box::new(call.clone()),
            None => Box::new(self.call),
        };
        code.function(&answer(Some(&*call), self.record, self.status, answer_len));
        code.function(&reenter("annex_output", constant(self.output_at)));
        module.section(&code);
        let mut data = DataSection::new();
        data.active(0, &ConstExpr::i32_const(ANSWER), self.answer_json.bytes());
        data.active(0, &ConstExpr::i32_const(WRONG_JSON.0), b"[1,2,3]".iter().copied());
        module.section(&data);
        module.section(&CustomSection {
            name: annex_protocol::abi::MANIFEST_SECTION.into(),
            data: manifest.as_bytes().into(),
        });
        module.finish()
    }
}

/// `first`'s instructions (it has no `end`), then `then`'s whole body.
fn prepend(first: Function, then: Function) -> Function {
    // A raw body starts with its local declarations; neither function here
    // declares locals (one byte: 0 groups).
    let (first, then) = (first.into_raw_body(), then.into_raw_body());
    assert_eq!((first[0], then[0]), (0, 0), "no locals");
    let mut f = Function::new([]);
    f.raw(first[1..].iter().chain(&then[1..]).copied());
    f
}

fn constant(value: i32) -> Function {
    let mut f = Function::new([]);
    f.instructions().i32_const(value).end();
    f
}

/// Bump allocation from [`HEAP`]: returns the global, adds `len` to it.
fn alloc() -> Function {
    let mut f = Function::new([]);
    f.instructions().global_get(0).global_get(0).local_get(0).i32_add().global_set(0).end();
    f
}

/// Writes the output record (the answer JSON, and for a call the 4 payload
/// bytes the body computed; or `record`), resets the heap, returns `status`.
fn answer(
    body: Option<&dyn Fn(&mut InstructionSink<'_>)>,
    record: Option<[i32; 4]>,
    status: i32,
    answer_len: i32,
) -> Function {
    let mut f = Function::new([]);
    let mut sink = f.instructions();
    let payload_len = if let Some(body) = body {
        sink.i32_const(PAYLOAD);
        body(&mut sink);
        sink.i32_store(mem(0));
        4
    } else {
        0
    };
    let record = record.unwrap_or([ANSWER, answer_len, PAYLOAD, payload_len]);
    for (index, value) in record.into_iter().enumerate() {
        sink.i32_const(RECORD + 4 * index as i32).i32_const(value).i32_store(mem(0));
    }
    sink.i32_const(HEAP).global_set(0).i32_const(status).end();
    f
}

/// The manifest of the built plugin `name` under another id, as JSON: a
/// manifest for a raw module that answers like that plugin.
pub async fn manifest_of(name: &str, id: &str) -> String {
    let bytes = crate::fetch(&crate::plugin_url(name)).await;
    let json = annex_module::inspect(&bytes).unwrap().manifest.unwrap();
    let mut manifest = annex_protocol::Manifest::from_json(&json).unwrap().manifest;
    manifest.id = id.parse().unwrap();
    manifest.to_json()
}
