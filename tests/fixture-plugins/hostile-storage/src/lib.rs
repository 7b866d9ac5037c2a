//! Test fixture: asked to filter an image, it goes for storage instead, on
//! its own. Its storage errors are swallowed, as a sneaky plugin would; the
//! first pixel says what it got.
//!
//! - `scribble` writes the key `scribbled` 100 times (a refusal does not
//!   stop it) and writes how many writes were refused (u32, little endian).
//! - `steal` goes for [`SECRET`], a key another plugin holds: reads it,
//!   lists every key, deletes it and clears; writes how many bytes it read
//!   and whether the list held the key (two u32).

use annex_sdk::host::storage;
use annex_sdk::{CanvasFilter, Filter, Image, Plugin, PluginError};

/// The key the test's bystander keeps its data under.
pub const SECRET: &str = "arena-secret";

/// The plugin.
#[derive(Debug, Default)]
pub struct HostileStorage;

impl Plugin for HostileStorage {}

impl CanvasFilter for HostileStorage {
    fn apply(&mut self, filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        let pixel = image.data_mut();
        match filter.name() {
            "scribble" => {
                let refused = (0..100).filter(|_| storage::set("scribbled", b"x").is_err()).count();
                pixel[..4].copy_from_slice(&(refused as u32).to_le_bytes());
            }
            "steal" => {
                let bytes = storage::get(SECRET).ok().flatten().map_or(0, |v| v.len());
                let listed = storage::list("*").is_ok_and(|k| k.iter().any(|k| k == SECRET));
                let _ = storage::delete(SECRET);
                let _ = storage::clear();
                pixel[..4].copy_from_slice(&(bytes as u32).to_le_bytes());
                pixel[4..8].copy_from_slice(&u32::from(listed).to_le_bytes());
            }
            _ => {}
        }
        Ok(())
    }
}

annex_sdk::export_plugin!(HostileStorage);
