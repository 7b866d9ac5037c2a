//! Utilities the host provides so plugins need not bundle them.

use super::{data, imp};
use crate::Result;

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = data(imp::util(imp::Util::Sha256, bytes)).expect("hashing cannot fail");
    digest.try_into().unwrap_or([0; 32])
}

/// zlib (RFC 1950) compression.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    data(imp::util(imp::Util::Compress, bytes)).expect("compression cannot fail")
}

/// zlib decompression; fails on data that is not zlib, or that inflates past 64 MiB.
pub fn decompress(bytes: &[u8]) -> Result<Vec<u8>> {
    data(imp::util(imp::Util::Decompress, bytes))
}
