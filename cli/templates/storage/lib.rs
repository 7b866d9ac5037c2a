//! {{title}}: a storage plugin. It keeps UTF-8 text values in its own
//! storage namespace (the host keeps it apart from every other plugin's and
//! enforces its quota), refusing values that are not text or too long.

use annex_sdk::host::storage;
use annex_sdk::{InitContext, Plugin, PluginError, StoragePlugin};

/// The plugin.
#[derive(Debug, Default)]
pub struct {{type}} {
    max_value_bytes: usize,
}

impl Plugin for {{type}} {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.max_value_bytes = ctx.config.get("max_value_bytes")?;
        Ok(())
    }
}

impl StoragePlugin for {{type}} {
    fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, PluginError> {
        Ok(storage::get(key)?)
    }

    fn set(&mut self, key: &str, value: Vec<u8>) -> Result<(), PluginError> {
        if value.len() > self.max_value_bytes {
            return Err(PluginError::bad_request(format!(
                "a value may be at most {} bytes; this one is {}",
                self.max_value_bytes,
                value.len()
            )));
        }
        if std::str::from_utf8(&value).is_err() {
            return Err(PluginError::bad_request("a value must be UTF-8 text"));
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

annex_sdk::export_plugin!({{type}});

#[cfg(test)]
mod tests {
    use annex_sdk::api::storage::{StorageRequest, StorageResponse};
    use annex_sdk::testing::Harness;
    use annex_sdk::ErrorCode;

    use super::*;

    fn set(h: &mut Harness<{{type}}>, key: &str, value: &[u8]) -> Result<(), PluginError> {
        h.storage(StorageRequest::Set { key: key.into() }, value.to_vec()).map(drop)
    }

    #[test]
    fn keeps_lists_and_deletes_values() {
        let mut h = Harness::<{{type}}>::new().unwrap();
        set(&mut h, "a", b"one").unwrap();
        set(&mut h, "b", b"two").unwrap();
        let got = h.storage(StorageRequest::Get { key: "a".into() }, Vec::new()).unwrap();
        assert_eq!(got, (StorageResponse::Value, b"one".to_vec()));
        let (keys, _) = h.storage(StorageRequest::List { pattern: None }, Vec::new()).unwrap();
        assert_eq!(keys, StorageResponse::Keys { keys: vec!["a".into(), "b".into()] });
        h.storage(StorageRequest::Delete { key: "a".into() }, Vec::new()).unwrap();
        let (gone, _) = h.storage(StorageRequest::Get { key: "a".into() }, Vec::new()).unwrap();
        assert_eq!(gone, StorageResponse::NotFound);
    }

    #[test]
    fn refuses_values_that_are_not_text_or_too_long() {
        let mut h = Harness::<{{type}}>::with_config(serde_json::json!({"max_value_bytes": 4})).unwrap();
        assert_eq!(set(&mut h, "k", &[0xff]).unwrap_err().code, ErrorCode::BadRequest);
        let long = set(&mut h, "k", b"12345").unwrap_err();
        assert!(long.message.contains("at most 4 bytes"), "{long}");
    }
}
