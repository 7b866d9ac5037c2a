//! A plugin's configuration, as it receives it.

use annex_protocol::{ErrorCode, PluginError};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Configuration values, already checked against the manifest's schema by the
/// host, with every default filled in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config(Map<String, Value>);

impl Config {
    /// Wraps a JSON object.
    pub fn new(values: Map<String, Value>) -> Self {
        Self(values)
    }

    /// A value converted to `T`; an error names the field.
    ///
    /// ```
    /// # use annex_sdk::Config;
    /// let config = Config::new(serde_json::json!({"radius": 3}).as_object().unwrap().clone());
    /// assert_eq!(config.get::<u32>("radius").unwrap(), 3);
    /// assert!(config.get::<u32>("strength").is_err());
    /// ```
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<T, PluginError> {
        let value = self.0.get(key).ok_or_else(|| {
            PluginError::new(ErrorCode::ConfigInvalid, format!("config field `{key}` is not set"))
        })?;
        serde_json::from_value(value.clone()).map_err(|e| {
            PluginError::new(ErrorCode::ConfigInvalid, format!("config field `{key}`: {e}"))
        })
    }

    /// The raw value of a field.
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// All values.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }
}
