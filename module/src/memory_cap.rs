//! Capping a plugin's linear memory before it is compiled.
//!
//! The cap is written into the module itself: its memory's declared maximum
//! is set to the limit (or kept, when already lower). The engine then refuses
//! `memory.grow` past it inside the plugin, where the plugin's allocator sees
//! the failure; the host's memory is never involved. Modules that import
//! their memory are refused elsewhere (no host function provides one).

use wasm_encoder::{MemorySection, MemoryType, Module, RawSection};
use wasmparser::{Parser, Payload};

use crate::ModuleError;

/// WebAssembly page size.
pub const PAGE_BYTES: u64 = 64 * 1024;

/// The most pages a 32-bit memory may declare (4 GiB): a larger maximum
/// makes the module invalid.
pub const MAX_PAGES: u64 = 65_536;

/// What capping did to a module's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryCap {
    /// Pages the memory starts with.
    pub initial_pages: u64,
    /// The maximum the module declared, if any.
    pub declared_max_pages: Option<u64>,
    /// The maximum now in force.
    pub max_pages: u64,
}

impl MemoryCap {
    /// The maximum in force, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_pages * PAGE_BYTES
    }
}

/// Sets the maximum of the module's memory to at most `limit_bytes` (rounded
/// down to whole pages, and at most [`MAX_PAGES`]). Returns the rewritten module (every other section
/// byte for byte) and what was done; `None` when the module defines no memory.
///
/// Fails when the memory must start larger than the limit, or is shared,
/// 64-bit or of another page size than 64 KiB (Annex plugins use one
/// ordinary 32-bit memory).
///
/// ```
/// use annex_module::memory_cap::{cap_memory, PAGE_BYTES};
///
/// let mut module = wasm_encoder::Module::new();
/// let mut memories = wasm_encoder::MemorySection::new();
/// memories.memory(wasm_encoder::MemoryType {
///     minimum: 17, maximum: None, memory64: false, shared: false, page_size_log2: None,
/// });
/// module.section(&memories);
/// let (capped, cap) = cap_memory(&module.finish(), 32 * PAGE_BYTES).unwrap();
/// let cap = cap.unwrap();
/// assert_eq!((cap.initial_pages, cap.declared_max_pages, cap.max_pages), (17, None, 32));
/// assert!(wasmparser::Parser::new(0).parse_all(&capped).all(|p| p.is_ok()));
/// ```
pub fn cap_memory(
    module: &[u8],
    limit_bytes: u64,
) -> Result<(Vec<u8>, Option<MemoryCap>), ModuleError> {
    cap(module, limit_bytes).map_err(ModuleError::Memory)
}

fn cap(module: &[u8], limit_bytes: u64) -> Result<(Vec<u8>, Option<MemoryCap>), String> {
    let limit_pages = (limit_bytes / PAGE_BYTES).min(MAX_PAGES);
    let mut out = Module::new();
    let mut cap = None;
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Payload::MemorySection(reader) = &payload {
            let mut memories = MemorySection::new();
            for memory in reader.clone() {
                let memory = memory.map_err(|e| e.to_string())?;
                if memory.shared || memory.memory64 {
                    return Err(
                        "declares a shared or 64-bit memory, which plugins may not use".to_owned()
                    );
                }
                // The limit is counted in 64 KiB pages: with larger pages the
                // same count would allow more bytes.
                if memory.page_size_log2.is_some_and(|log2| 1 << log2 != PAGE_BYTES) {
                    return Err("declares a custom page size, which plugins may not use".to_owned());
                }
                if memory.initial > limit_pages {
                    return Err(format!(
                        "needs {} MiB of memory to start, above its {} MiB limit",
                        mib(memory.initial),
                        mib(limit_pages)
                    ));
                }
                let max_pages = memory.maximum.map_or(limit_pages, |m| m.min(limit_pages));
                cap = Some(MemoryCap {
                    initial_pages: memory.initial,
                    declared_max_pages: memory.maximum,
                    max_pages,
                });
                memories.memory(MemoryType {
                    minimum: memory.initial,
                    maximum: Some(max_pages),
                    memory64: false,
                    shared: false,
                    page_size_log2: memory.page_size_log2,
                });
            }
            out.section(&memories);
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let data = crate::section_bytes(module, range).map_err(|e| e.to_string())?;
            out.section(&RawSection { id, data });
        }
    }
    Ok((out.finish(), cap))
}

fn mib(pages: u64) -> String {
    // In floating point: a module may declare up to 2^64 - 1 pages, and
    // `pages * PAGE_BYTES` overflowed (a panic in debug builds).
    let mib = pages as f64 * PAGE_BYTES as f64 / (1024.0 * 1024.0);
    format!("{mib:.1}").trim_end_matches(".0").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module_with(minimum: u64, maximum: Option<u64>) -> Vec<u8> {
        let mut module = Module::new();
        let mut memories = MemorySection::new();
        memories.memory(MemoryType {
            minimum,
            maximum,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        module.section(&memories);
        module
            .section(&wasm_encoder::CustomSection { name: "keep".into(), data: b"me"[..].into() });
        module.finish()
    }

    fn declared_max(module: &[u8]) -> Option<u64> {
        Parser::new(0).parse_all(module).find_map(|p| match p.unwrap() {
            Payload::MemorySection(r) => Some(r.into_iter().next().unwrap().unwrap().maximum),
            _ => None,
        })?
    }

    #[test]
    fn an_unbounded_memory_gets_the_limit_and_a_lower_one_is_kept() {
        let (capped, cap) = cap_memory(&module_with(2, None), 10 * PAGE_BYTES).unwrap();
        assert_eq!(cap.unwrap().max_pages, 10);
        assert_eq!(declared_max(&capped), Some(10));
        let (capped, cap) = cap_memory(&module_with(2, Some(4)), 10 * PAGE_BYTES).unwrap();
        assert_eq!(
            cap.unwrap(),
            MemoryCap { initial_pages: 2, declared_max_pages: Some(4), max_pages: 4 }
        );
        assert_eq!(declared_max(&capped), Some(4));
        let (_, cap) = cap_memory(&module_with(2, Some(400)), 10 * PAGE_BYTES + 5).unwrap();
        assert_eq!(cap.unwrap().max_bytes(), 10 * PAGE_BYTES);
    }

    #[test]
    fn other_sections_survive_and_a_too_large_start_is_refused() {
        let (capped, _) = cap_memory(&module_with(1, None), PAGE_BYTES).unwrap();
        let custom = Parser::new(0).parse_all(&capped).any(|p| {
            matches!(p.unwrap(), Payload::CustomSection(c) if c.name() == "keep" && c.data() == b"me")
        });
        assert!(custom);
        let err = cap_memory(&module_with(48, None), 32 * PAGE_BYTES).unwrap_err();
        assert_eq!(err.to_string(), "needs 3 MiB of memory to start, above its 2 MiB limit");
    }

    #[test]
    fn the_maximum_never_passes_what_a_32_bit_memory_can_declare() {
        // A host limit above 4 GiB once produced `max = limit / 64 KiB`
        // pages, which made the module invalid.
        for limit in [4 << 30, 8 << 30, u64::MAX] {
            let (capped, cap) = cap_memory(&module_with(1, None), limit).unwrap();
            assert_eq!(cap.unwrap().max_pages, MAX_PAGES);
            assert_eq!(declared_max(&capped), Some(MAX_PAGES));
        }
    }

    #[test]
    fn a_module_cut_inside_its_code_section_is_refused() {
        // The parser announces the code section with its declared size before
        // checking the bytes are there; slicing with it panicked.
        let bytes = crate::test_modules::one_function();
        let error = cap_memory(&bytes[..bytes.len() - 2], PAGE_BYTES).unwrap_err();
        assert!(error.to_string().contains("past the end of the module"), "{error}");
    }

    #[test]
    fn a_custom_page_size_is_refused() {
        // With 1 MiB pages, a maximum of `limit / 64 KiB` pages allowed 16
        // times the limit. (Engines refuse such pages today; the cap must not
        // rely on it.)
        for log2 in [0, 12, 17, 20] {
            let mut module = Module::new();
            let mut memories = MemorySection::new();
            memories.memory(MemoryType {
                minimum: 1,
                maximum: None,
                memory64: false,
                shared: false,
                page_size_log2: Some(log2),
            });
            module.section(&memories);
            let error = cap_memory(&module.finish(), 128 << 20).unwrap_err();
            assert!(error.to_string().contains("custom page size"), "{error}");
        }
    }

    #[test]
    fn a_huge_initial_size_is_refused_with_its_size() {
        // wasmparser reads sizes as 64-bit LEBs even for 32-bit memories.
        let mut module = Module::new();
        let mut data = vec![1, 0x00];
        wasm_encoder::Encode::encode(&(1u64 << 60), &mut data);
        module.section(&RawSection { id: 5, data: &data });
        let error = cap_memory(&module.finish(), PAGE_BYTES).unwrap_err();
        assert!(error.to_string().starts_with("needs 72057594037927936 MiB"), "{error}");
    }

    #[test]
    fn a_module_without_memory_is_left_as_is() {
        let empty = Module::new().finish();
        assert_eq!(cap_memory(&empty, PAGE_BYTES).unwrap(), (empty, None));
    }
}
