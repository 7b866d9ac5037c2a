//! Reading custom parameters: a JSON object of numbers, checked by name.

use annex_sdk::PluginError;
use serde_json::Value;

/// The parameters of `owner` (an easing or animation name), as an object.
/// `null` is an empty object; unknown keys are refused.
pub struct Params<'a> {
    owner: &'a str,
    map: Option<&'a serde_json::Map<String, Value>>,
}

impl<'a> Params<'a> {
    /// Checks that `params` is an object (or null) with only `known` keys.
    pub fn new(owner: &'a str, params: &'a Value, known: &[&str]) -> Result<Self, PluginError> {
        let map = match params {
            Value::Null => None,
            Value::Object(map) => Some(map),
            other => {
                return Err(PluginError::bad_request(format!(
                    "{owner}: `params` must be an object, not {other}"
                )))
            }
        };
        if let Some(key) =
            map.into_iter().flat_map(|m| m.keys()).find(|k| !known.contains(&k.as_str()))
        {
            let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
            return Err(PluginError::bad_request(format!(
                "{owner}: unknown parameter `params.{key}` (parameters: {known})"
            )));
        }
        Ok(Self { owner, map })
    }

    /// The number under `key`, `default` when absent; must satisfy `ok`,
    /// described by `range` in the error.
    pub fn number(
        &self,
        key: &str,
        default: f64,
        range: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Result<f64, PluginError> {
        let value = match self.map.and_then(|m| m.get(key)) {
            None => default,
            Some(value) => value.as_f64().ok_or_else(|| {
                PluginError::bad_request(format!(
                    "{}: `params.{key}` is {value}; it must be a number",
                    self.owner
                ))
            })?,
        };
        if value.is_finite() && ok(value) {
            Ok(value)
        } else {
            Err(PluginError::bad_request(format!(
                "{}: `params.{key}` is {value}; it must be {range}",
                self.owner
            )))
        }
    }
}

/// Checks that an easing or animation without parameters got none.
pub fn none(owner: &str, params: &Value) -> Result<(), PluginError> {
    Params::new(owner, params, &[]).map(drop)
}
