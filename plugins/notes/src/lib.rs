//! Notes: a storage plugin. It keeps UTF-8 notes in its own storage
//! namespace (the host keeps it apart from every other plugin's and enforces
//! its quota), refusing notes that are not text or are too long.

use annex_sdk::host::storage;
use annex_sdk::{InitContext, Plugin, PluginError, StoragePlugin};

/// The plugin.
#[derive(Debug, Default)]
pub struct Notes {
    max_note_bytes: usize,
}

impl Plugin for Notes {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.max_note_bytes = ctx.config.get("max_note_bytes")?;
        Ok(())
    }
}

impl StoragePlugin for Notes {
    fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, PluginError> {
        Ok(storage::get(key)?)
    }

    fn set(&mut self, key: &str, value: Vec<u8>) -> Result<(), PluginError> {
        if value.len() > self.max_note_bytes {
            return Err(PluginError::bad_request(format!(
                "a note may be at most {} bytes; this one is {}",
                self.max_note_bytes,
                value.len()
            )));
        }
        if std::str::from_utf8(&value).is_err() {
            return Err(PluginError::bad_request("a note must be UTF-8 text"));
        }
        Ok(storage::set(key, &value)?)
    }

    fn delete(&mut self, key: &str) -> Result<(), PluginError> {
        Ok(storage::delete(key)?)
    }

    fn list(&mut self, pattern: Option<&str>) -> Result<Vec<String>, PluginError> {
        Ok(storage::list(pattern.unwrap_or("*"))?)
    }

    fn clear(&mut self) -> Result<(), PluginError> {
        Ok(storage::clear()?)
    }
}

annex_sdk::export_plugin!(Notes);

#[cfg(test)]
mod tests {
    use annex_sdk::api::storage::{StorageRequest, StorageResponse};
    use annex_sdk::testing::Harness;
    use annex_sdk::ErrorCode;

    use super::Notes;

    fn set(h: &mut Harness<Notes>, key: &str, value: &[u8]) -> Result<(), annex_sdk::PluginError> {
        h.storage(StorageRequest::Set { key: key.into() }, value.to_vec()).map(drop)
    }

    #[test]
    fn stores_lists_and_deletes_notes() {
        let mut h = Harness::<Notes>::new().unwrap();
        set(&mut h, "note:1", b"milk").unwrap();
        set(&mut h, "todo:1", b"bread").unwrap();
        let got = h.storage(StorageRequest::Get { key: "note:1".into() }, Vec::new()).unwrap();
        assert_eq!(got, (StorageResponse::Value, b"milk".to_vec()));
        let (keys, _) =
            h.storage(StorageRequest::List { pattern: Some("note:*".into()) }, Vec::new()).unwrap();
        assert_eq!(keys, StorageResponse::Keys { keys: vec!["note:1".into()] });
        h.storage(StorageRequest::Delete { key: "note:1".into() }, Vec::new()).unwrap();
        let (missing, _) =
            h.storage(StorageRequest::Get { key: "note:1".into() }, Vec::new()).unwrap();
        assert_eq!(missing, StorageResponse::NotFound);
        assert_eq!(h.host().stored().len(), 1);
    }

    #[test]
    fn refuses_long_or_binary_notes_and_reports_the_quota() {
        let mut h =
            Harness::<Notes>::with_config(serde_json::json!({"max_note_bytes": 4})).unwrap();
        assert_eq!(set(&mut h, "k", b"12345").unwrap_err().code, ErrorCode::BadRequest);
        assert!(set(&mut h, "k", &[0xff]).unwrap_err().message.contains("UTF-8"));
        h.host().set_storage_quota(3);
        assert_eq!(set(&mut h, "k", b"abc").unwrap_err().code, ErrorCode::QuotaExceeded);
    }
}
