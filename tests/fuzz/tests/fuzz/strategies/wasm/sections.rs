//! Section-level splicing: a module cut into its sections, edits that drop,
//! repeat, swap or graft them or rewrite its memories byte by byte, and the
//! sections joined again.

use proptest::prelude::*;
use proptest::sample::Index;
use wasm_encoder::{Module, RawSection};

use super::pages;

/// A module's sections, each as its complete bytes (id, size, contents),
/// after the 8-byte header. `None` if the bytes do not parse.
pub fn sections(module: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let Some((id, range)) = payload.ok()?.as_section() {
            let mut one = Module::new();
            one.section(&RawSection {
                id,
                data: &module[range.start as usize..range.end as usize],
            });
            out.push(one.finish()[8..].to_vec());
        }
    }
    Some(out)
}

/// A change to the list of a module's sections.
#[derive(Debug, Clone)]
pub enum SectionEdit {
    /// Remove one.
    Drop(Index),
    /// Repeat one right after itself.
    Duplicate(Index),
    /// Exchange two.
    Swap(Index, Index),
    /// Insert a section of another seed (or of a generated module).
    Graft {
        /// Which section of the donor.
        section: Index,
        /// Where it goes.
        at: Index,
    },
    /// Replace the memory section (or add one) with these memories, written
    /// byte by byte: what `cap_memory` reads and rewrites.
    Memories(Vec<RawMemory>),
}

/// A memory's limits as the bytes may state them: any flags (maximum,
/// shared, 64-bit, custom page size), any sizes, any page size.
#[derive(Debug, Clone)]
pub struct RawMemory {
    /// Bit 0: has a maximum; 1: shared; 2: 64-bit; 3: custom page size.
    pub flags: u8,
    /// Initial size, in pages.
    pub initial: u64,
    /// Maximum, in pages (written when bit 0 is set).
    pub maximum: u64,
    /// Log2 of the page size (written when bit 3 is set).
    pub page_size_log2: u32,
}

fn raw_memory() -> impl Strategy<Value = RawMemory> {
    let size =
        || prop_oneof![3 => pages(), 1 => any::<u32>().prop_map(u64::from), 1 => any::<u64>()];
    (
        prop_oneof![2 => prop::sample::select(vec![0u8, 1]), 1 => prop::sample::select(vec![8u8, 9]), 1 => 0u8..16],
        size(),
        size(),
        prop::sample::select(vec![16u32, 0, 1, 12, 17, 20, 31, 32, 64]),
    )
        .prop_map(|(flags, initial, maximum, page_size_log2)| RawMemory {
            flags,
            initial,
            maximum,
            page_size_log2,
        })
}

/// A memory section holding `memories`, as complete section bytes.
fn memory_section(memories: &[RawMemory]) -> Vec<u8> {
    use wasm_encoder::Encode;
    let mut data = Vec::new();
    (memories.len() as u32).encode(&mut data);
    for memory in memories {
        data.push(memory.flags);
        memory.initial.encode(&mut data);
        if memory.flags & 1 != 0 {
            memory.maximum.encode(&mut data);
        }
        if memory.flags & 8 != 0 {
            memory.page_size_log2.encode(&mut data);
        }
    }
    let mut one = Module::new();
    one.section(&RawSection { id: 5, data: &data });
    one.finish()[8..].to_vec()
}

/// Up to `max` section edits.
pub fn section_edits(max: usize) -> impl Strategy<Value = Vec<SectionEdit>> {
    let edit = prop_oneof![
        any::<Index>().prop_map(SectionEdit::Drop),
        any::<Index>().prop_map(SectionEdit::Duplicate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| SectionEdit::Swap(a, b)),
        (any::<Index>(), any::<Index>())
            .prop_map(|(section, at)| SectionEdit::Graft { section, at }),
        prop::collection::vec(raw_memory(), 0..3).prop_map(SectionEdit::Memories),
    ];
    prop::collection::vec(edit, 0..=max)
}

/// Applies section edits to `sections`, grafting from `donor`.
pub fn splice(sections: &mut Vec<Vec<u8>>, donor: &[Vec<u8>], edits: &[SectionEdit]) {
    for edit in edits {
        let len = sections.len();
        match edit {
            SectionEdit::Drop(i) if len > 0 => {
                sections.remove(i.index(len));
            }
            SectionEdit::Duplicate(i) if len > 0 => {
                let i = i.index(len);
                sections.insert(i, sections[i].clone());
            }
            SectionEdit::Swap(a, b) if len > 0 => sections.swap(a.index(len), b.index(len)),
            SectionEdit::Graft { section, at } if !donor.is_empty() => {
                sections.insert(at.index(len + 1), donor[section.index(donor.len())].clone());
            }
            SectionEdit::Memories(memories) => {
                let memory = memory_section(memories);
                match sections.iter().position(|s| s[0] == 5) {
                    Some(i) => sections[i] = memory,
                    None => {
                        // Before the first known section that must follow it.
                        let at = sections.iter().position(|s| s[0] > 5).unwrap_or(len);
                        sections.insert(at, memory);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The 8-byte header and the sections, joined.
pub fn join(sections: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Module::new().finish();
    for section in sections {
        out.extend_from_slice(section);
    }
    out
}
