//! Notes in the notes plugin's storage: one key per note (`note:` and the
//! creation time, so keys sort by age), the text as UTF-8 bytes.

use annex_runtime::{Result, StorageApi};

/// The keys of notes start with this.
const PREFIX: &str = "note:";

/// A stored note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its storage key.
    pub key: String,
    /// Its text.
    pub text: String,
}

impl Note {
    /// When it was written (ms since the epoch), read from its key.
    pub fn created_ms(&self) -> Option<f64> {
        let rest = self.key.strip_prefix(PREFIX)?;
        rest.split('-').next()?.parse().ok()
    }
}

/// Every note, newest first.
pub async fn all(api: &StorageApi) -> Result<Vec<Note>> {
    let keys = api.list(Some(&format!("{PREFIX}*"))).await?;
    let mut notes = Vec::with_capacity(keys.len());
    for key in keys.into_iter().rev() {
        // A note deleted meanwhile (another tab) is simply not listed.
        if let Some(bytes) = api.get(&key).await? {
            notes.push(Note { key, text: String::from_utf8_lossy(&bytes).into_owned() });
        }
    }
    Ok(notes)
}

/// Stores `text` as a new note; returns its key.
pub async fn add(api: &StorageApi, text: &str) -> Result<String> {
    let now = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 65_536.0) as u32;
    let key = format!("{PREFIX}{now:013}-{salt:04x}");
    api.set(&key, text.as_bytes()).await?;
    Ok(key)
}

/// Deletes the note under `key`.
pub async fn delete(api: &StorageApi, key: &str) -> Result<()> {
    api.delete(key).await
}
