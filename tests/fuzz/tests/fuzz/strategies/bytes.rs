//! Byte-level mutations: bit flips, overwrites with boundary bytes,
//! insertions, deletions, truncation and duplicated runs.

use proptest::prelude::*;
use proptest::sample::Index;

/// One change to a byte string. Positions are chosen among the bytes present
/// when the edit applies.
#[derive(Debug, Clone)]
pub enum ByteEdit {
    /// Flip one bit.
    Flip(Index, u8),
    /// Overwrite one byte.
    Set(Index, u8),
    /// Insert bytes before a position.
    Insert(Index, Vec<u8>),
    /// Remove up to `len` bytes from a position.
    Delete(Index, usize),
    /// Keep only the bytes before a position.
    Truncate(Index),
    /// Copy a run of up to `len` bytes to another position.
    Duplicate {
        /// Start of the run.
        from: Index,
        /// Its length, at most.
        len: usize,
        /// Where the copy goes.
        to: Index,
    },
}

/// Bytes that mean something to a LEB128 or section reader: zero, the
/// continuation bit, all ones, section ids.
fn boundary_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(vec![0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0xfe, 0x0b, 0x0c, 0x40]),
        any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        4 => (any::<Index>(), 0u8..8).prop_map(|(at, bit)| ByteEdit::Flip(at, bit)),
        4 => (any::<Index>(), boundary_byte()).prop_map(|(at, byte)| ByteEdit::Set(at, byte)),
        2 => (any::<Index>(), prop::collection::vec(boundary_byte(), 1..8))
            .prop_map(|(at, bytes)| ByteEdit::Insert(at, bytes)),
        2 => (any::<Index>(), 1usize..16).prop_map(|(at, len)| ByteEdit::Delete(at, len)),
        1 => any::<Index>().prop_map(ByteEdit::Truncate),
        1 => (any::<Index>(), 1usize..64, any::<Index>())
            .prop_map(|(from, len, to)| ByteEdit::Duplicate { from, len, to }),
    ]
}

/// One to `max` byte edits.
pub fn edits(max: usize) -> impl Strategy<Value = Vec<ByteEdit>> {
    prop::collection::vec(edit(), 1..=max)
}

/// Applies the edits in order (an edit of an empty string inserts or does nothing).
pub fn apply(bytes: &mut Vec<u8>, edits: &[ByteEdit]) {
    for edit in edits {
        let len = bytes.len();
        if len == 0 {
            if let ByteEdit::Insert(_, new) = edit {
                bytes.extend_from_slice(new);
            }
            continue;
        }
        match edit {
            ByteEdit::Flip(at, bit) => bytes[at.index(len)] ^= 1 << bit,
            ByteEdit::Set(at, byte) => bytes[at.index(len)] = *byte,
            ByteEdit::Insert(at, new) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            ByteEdit::Delete(at, n) => {
                let at = at.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            ByteEdit::Truncate(at) => bytes.truncate(at.index(len)),
            ByteEdit::Duplicate { from, len: n, to } => {
                let from = from.index(len);
                let run = bytes[from..(from + n).min(len)].to_vec();
                let to = to.index(len + 1);
                bytes.splice(to..to, run);
            }
        }
    }
}
