//! Reading a plugin module before any of its code runs.

pub mod edit;
mod inspect;
pub mod memory_cap;
pub mod signature;

pub use inspect::{inspect, ModuleInfo};

/// The bytes of a section the parser announced, or an error when the module
/// ends before the section does: the parser announces the code section as
/// soon as it has read its header, with a range it has not checked (wasmparser's
/// `unchecked_range`), so slicing with it would panic on a truncated module.
fn section_bytes(module: &[u8], range: std::ops::Range<u64>) -> Result<&[u8], String> {
    usize::try_from(range.end)
        .ok()
        .and_then(|end| module.get(usize::try_from(range.start).ok()?..end))
        .ok_or_else(|| {
            format!(
                "a section ends at byte {}, past the end of the module ({} bytes)",
                range.end,
                module.len()
            )
        })
}
