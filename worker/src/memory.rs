//! Bounds-checked access to a plugin's linear memory.
//!
//! Every pointer here comes from plugin code, which may be hostile: each access
//! is checked, so a bad pointer is an error, never a panic in the worker.

use js_sys::{DataView, Uint8Array, WebAssembly};

/// The plugin's memory. The `ArrayBuffer` is fetched anew on every access
/// because it is replaced whenever the memory grows.
#[derive(Debug, Clone)]
pub(crate) struct PluginMemory(pub(crate) WebAssembly::Memory);

impl PluginMemory {
    fn buffer(&self) -> js_sys::ArrayBuffer {
        self.0.buffer().into()
    }

    /// Current size in bytes.
    pub(crate) fn size(&self) -> u32 {
        self.buffer().byte_length()
    }

    /// A view of `len` bytes at `ptr`, if they are inside the memory.
    pub(crate) fn view(&self, ptr: u32, len: u32) -> Option<Uint8Array> {
        let buffer = self.buffer();
        if u64::from(ptr) + u64::from(len) > u64::from(buffer.byte_length()) {
            return None;
        }
        Some(Uint8Array::new_with_byte_offset_and_length(&buffer, ptr, len))
    }

    /// Copies `len` bytes at `ptr` out of the memory.
    pub(crate) fn read(&self, ptr: u32, len: u32) -> Option<Vec<u8>> {
        self.view(ptr, len).map(|v| v.to_vec())
    }

    /// Four little-endian u32s at `ptr`.
    pub(crate) fn read_u32s(&self, ptr: u32) -> Option<[u32; 4]> {
        self.view(ptr, 16)?;
        let view = DataView::new(&self.buffer(), ptr as usize, 16);
        Some([0, 4, 8, 12].map(|at| view.get_uint32_endian(at, true)))
    }

    /// Copies `bytes` to `ptr`; false if they do not fit.
    pub(crate) fn write(&self, ptr: u32, bytes: &[u8]) -> bool {
        match self.view(ptr, bytes.len() as u32) {
            Some(view) => {
                view.copy_from(bytes);
                true
            }
            None => false,
        }
    }
}
