//! Reading and rewriting module bytes before they are compiled: `inspect`,
//! `cap_memory`, `with_manifest` and `without_custom_section`.
//!
//! They run on whatever a plugin URL served, so they must never panic on
//! truncated, bit-flipped, spliced or random bytes, and what they accept
//! must keep its promises: `cap_memory`'s output parses, keeps every other
//! section, and declares a maximum within the limit.

use annex_module::edit::{with_manifest, without_custom_section};
use annex_module::inspect;
use annex_module::memory_cap::{cap_memory, MemoryCap, MAX_PAGES, PAGE_BYTES};
use annex_protocol::abi::MANIFEST_SECTION;
use annex_protocol::host_api::check_imports;
use annex_protocol::manifest::Manifest;
use annex_protocol::permission::PermissionSet;
use annex_protocol::{ErrorCode, Permission};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use wasmparser::{Parser, Payload};

use crate::manifest::assert_explains;
use crate::strategies::bytes;
use crate::strategies::manifests::SMALL;
use crate::strategies::wasm::{self, module_spec, section_edits, seeds, splice};

/// Memory limits: the plausible ones (whole MiB up to 8 GiB, odd byte
/// counts under a page) and any `u64`.
fn limit() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => (0u64..=8192).prop_map(|mib| mib << 20),
        1 => 0u64..(2 * PAGE_BYTES),
        1 => any::<u64>(),
    ]
}

/// The memories a module defines: initial pages, maximum pages, page size
/// (log2). `None` if the bytes do not parse.
fn memories(module: &[u8]) -> Option<Vec<(u64, Option<u64>, u32)>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::MemorySection(reader) = payload.ok()? {
            for memory in reader {
                let m = memory.ok()?;
                out.push((m.initial, m.maximum, m.page_size_log2.unwrap_or(16)));
            }
        }
    }
    Some(out)
}

fn validates(module: &[u8]) -> bool {
    wasmparser::Validator::new().validate_all(module).is_ok()
}

/// What `cap_memory` promises when it accepts `input`: the output parses;
/// every memory keeps its initial size and gets a maximum within the limit
/// (in bytes, whatever its page size); a valid module stays valid; what
/// `inspect` reads is unchanged; the returned cap describes the last memory.
fn assert_capped(
    input: &[u8],
    output: &[u8],
    cap: Option<MemoryCap>,
    limit: u64,
) -> Result<(), TestCaseError> {
    let before = memories(input).expect("cap_memory accepted it, so it parses");
    let after = memories(output).ok_or_else(|| TestCaseError::fail("the output does not parse"))?;
    prop_assert_eq!(before.len(), after.len());
    for ((initial, _, _), (capped_initial, max, page_log2)) in before.iter().zip(&after) {
        prop_assert_eq!(initial, capped_initial);
        let max = max.ok_or_else(|| TestCaseError::fail("a memory was left unbounded"))?;
        let max_bytes = u128::from(max) << page_log2;
        prop_assert!(max_bytes <= u128::from(limit), "{max} pages of 2^{page_log2} > {limit}");
    }
    prop_assert_eq!(cap.is_some(), !before.is_empty());
    if let (Some(cap), Some((initial, declared, _)), Some((_, max, _))) =
        (cap, before.last(), after.last())
    {
        prop_assert_eq!((cap.initial_pages, cap.declared_max_pages), (*initial, *declared));
        prop_assert_eq!(Some(cap.max_pages), *max);
    }
    if validates(input) {
        let error = wasmparser::Validator::new().validate_all(output).err();
        prop_assert!(error.is_none(), "a valid module became invalid: {error:?}");
    }
    if let Ok(info) = inspect(input) {
        prop_assert_eq!(inspect(output), Ok(info));
    }
    Ok(())
}

/// Every reader and rewriter on `bytes`: no panic; refusals say why; what
/// is accepted keeps its promises (see [`assert_capped`]; `with_manifest`
/// and `without_custom_section` put in or take out exactly the manifest).
fn assert_module_handled(bytes: &[u8], limit: u64) -> Result<(), TestCaseError> {
    let info = inspect(bytes);
    match &info {
        Ok(info) => {
            let requested: PermissionSet = Permission::builtin().into_iter().take(3).collect();
            let granted: PermissionSet = requested.iter().take(1).cloned().collect();
            let _ = check_imports(&info.imports, &granted, &requested);
            let _ = info.missing_export();
            if let Some(Err(error)) = info.manifest.as_deref().map(Manifest::from_json) {
                assert_explains(&error)?;
            }
        }
        Err(error) => {
            prop_assert!(!error.to_string().is_empty());
            let code = error.code();
            prop_assert!(
                matches!(code, ErrorCode::ModuleInvalid | ErrorCode::ManifestInvalid),
                "{code}"
            );
        }
    }
    match cap_memory(bytes, limit) {
        Ok((capped, cap)) => assert_capped(bytes, &capped, cap, limit)?,
        Err(error) => prop_assert!(!error.to_string().is_empty()),
    }
    match without_custom_section(bytes, MANIFEST_SECTION) {
        Ok(stripped) => {
            if let Ok(info) = &info {
                let again = inspect(&stripped).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again.manifest, None);
                prop_assert_eq!(&again.imports, &info.imports);
            }
        }
        Err(error) => prop_assert!(!error.to_string().is_empty()),
    }
    match with_manifest(bytes, SMALL) {
        Ok(replaced) => {
            if info.is_ok() {
                let again = inspect(&replaced).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again.manifest.as_deref(), Some(SMALL.as_bytes()));
            }
        }
        Err(error) => prop_assert!(!error.to_string().is_empty()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(crate::config(128))]

    /// Random bytes, bare or behind a valid `\0asm` header, are refused with
    /// a reason (or, rarely, read) without panicking.
    #[test]
    fn random_bytes_are_refused_or_read(
        header in any::<bool>(),
        tail in prop::collection::vec(any::<u8>(), 0..256),
        limit in limit(),
    ) {
        let mut bytes = if header { b"\0asm\x01\0\0\0".to_vec() } else { Vec::new() };
        bytes.extend(tail);
        assert_module_handled(&bytes, limit)?;
    }

    /// Generated valid modules are read exactly: `inspect` finds the
    /// manifest section (or refuses two), every import with its signature
    /// and every export; `cap_memory` refuses exactly the memories that
    /// start above the limit and caps the others at min(declared, limit);
    /// the manifest edits add or remove exactly that section.
    #[test]
    fn generated_modules_are_read_exactly(spec in module_spec(), limit in limit()) {
        let module = spec.build();
        prop_assert!(validates(&module), "the generator made an invalid module: {spec:?}");
        match (inspect(&module), spec.manifest_sections().as_slice()) {
            (Ok(info), sections) if sections.len() < 2 => {
                prop_assert_eq!(info.manifest.as_deref(), sections.first().copied());
                prop_assert_eq!(info.imports, spec.expected_imports());
                prop_assert_eq!(info.exports, spec.exports.clone());
            }
            (Err(error), sections) if sections.len() >= 2 => {
                prop_assert_eq!(error.code(), ErrorCode::ManifestInvalid);
            }
            (result, sections) => {
                prop_assert!(false, "{} manifest sections, inspect gave {result:?}", sections.len())
            }
        }
        let limit_pages = (limit / PAGE_BYTES).min(MAX_PAGES);
        match cap_memory(&module, limit) {
            Ok((capped, cap)) => {
                prop_assert!(spec.memories.iter().all(|(initial, _)| *initial <= limit_pages));
                assert_capped(&module, &capped, cap, limit)?;
                let maxima: Vec<_> = memories(&capped).unwrap().iter().map(|m| m.1).collect();
                let expected: Vec<_> = spec
                    .memories
                    .iter()
                    .map(|(_, max)| Some(max.unwrap_or(limit_pages).min(limit_pages)))
                    .collect();
                prop_assert_eq!(maxima, expected);
            }
            Err(message) => {
                prop_assert!(message.to_string().contains("MiB"), "{message}");
                prop_assert!(spec.memories.iter().any(|(initial, _)| *initial > limit_pages));
            }
        }
        let stripped = without_custom_section(&module, MANIFEST_SECTION).unwrap();
        let manifest_bytes: usize = spec
            .customs
            .iter()
            .filter(|(_, name, _)| name == MANIFEST_SECTION)
            .map(|(_, name, data)| {
                let mut one = wasm_encoder::Module::new();
                one.section(&wasm_encoder::CustomSection { name: name.into(), data: data.into() });
                one.finish().len() - 8
            })
            .sum();
        prop_assert_eq!(stripped.len(), module.len() - manifest_bytes);
        let replaced = with_manifest(&module, SMALL).unwrap();
        let info = inspect(&replaced).unwrap();
        prop_assert_eq!(info.manifest.as_deref(), Some(SMALL.as_bytes()));
        prop_assert_eq!(info.imports, spec.expected_imports());
    }

    /// Plugin modules (built, and the real grayscale plugin when present)
    /// with sections dropped, repeated, swapped or grafted from a generated
    /// module, then bytes flipped, overwritten, inserted, deleted or cut:
    /// handled without panicking, and what is accepted keeps its promises.
    #[test]
    fn mutated_plugins_are_refused_or_handled(
        seed in any::<prop::sample::Index>(),
        donor in module_spec(),
        sections in section_edits(3),
        edits in prop::option::of(bytes::edits(4)),
        limit in limit(),
    ) {
        let seeds = seeds();
        let seed = seeds[seed.index(seeds.len())];
        let mut parts = wasm::sections(seed).expect("seeds parse");
        let donor = wasm::sections(&donor.build()).expect("generated modules parse");
        splice(&mut parts, &donor, &sections);
        let mut module = wasm::join(&parts);
        if let Some(edits) = &edits {
            bytes::apply(&mut module, edits);
        }
        assert_module_handled(&module, limit)?;
    }
}

/// Where to cut `module` to make truncated downloads: every byte of a small
/// module; for a large one (the real plugin has hundreds of KiB, and every
/// prefix would take minutes) every byte of the first KiB, every byte near
/// the start and the end of each section, and every 509th byte.
fn cuts(module: &[u8]) -> Vec<usize> {
    if module.len() <= 4096 {
        return (0..module.len()).collect();
    }
    let mut cuts: Vec<usize> = (0..1024).chain((0..module.len()).step_by(509)).collect();
    for payload in Parser::new(0).parse_all(module) {
        if let Some((_, range)) = payload.expect("seeds parse").as_section() {
            for edge in [range.start as usize, range.end as usize] {
                cuts.extend(edge.saturating_sub(8)..(edge + 8).min(module.len()));
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Prefixes of every seed (a download cut short anywhere) are refused with
/// a reason, or read, without panicking.
#[test]
fn truncated_plugins_are_refused_or_read() {
    for seed in seeds() {
        for cut in cuts(seed) {
            if let Err(failure) = assert_module_handled(&seed[..cut], 128 << 20) {
                panic!("prefix of {cut} of {} bytes: {failure}", seed.len());
            }
        }
    }
}
