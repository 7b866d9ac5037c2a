//! A typed value carried as JSON inside a message, decoded where it is used.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `T` kept as JSON inside a message until someone needs it typed.
///
/// Every plugin and every worker decode the whole
/// [`crate::message::PluginRequest`]. A family's request types placed there
/// directly would put their decoders into every plugin, whether it offers the
/// family or not: the animation types (nested tagged enums) cost about 65 KiB
/// of wasm per plugin that way. `Encoded<T>` keeps the type in the message's
/// signature, serializes exactly as `T` would, and only the code that calls
/// [`Encoded::decode`] (the family's dispatch in plugins that offer it)
/// carries `T`'s decoder.
pub struct Encoded<T> {
    json: serde_json::Value,
    _type: PhantomData<fn() -> T>,
}

impl<T: Serialize> Encoded<T> {
    /// Encodes `value`.
    ///
    /// # Panics
    ///
    /// If `T`'s serialization fails, which the protocol's types never do
    /// (they have no maps with non-string keys).
    pub fn new(value: &T) -> Self {
        let json = serde_json::to_value(value).expect("protocol types convert to JSON");
        Self { json, _type: PhantomData }
    }
}

impl<T: DeserializeOwned> Encoded<T> {
    /// Decodes the value; the error says which field is wrong.
    pub fn decode(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.json)
    }
}

impl<T> Encoded<T> {
    /// The JSON, as it travels.
    pub fn json(&self) -> &serde_json::Value {
        &self.json
    }
}

impl<T> fmt::Debug for Encoded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Encoded({})", self.json)
    }
}

impl<T> Clone for Encoded<T> {
    fn clone(&self) -> Self {
        Self { json: self.json.clone(), _type: PhantomData }
    }
}

impl<T> PartialEq for Encoded<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<T> Serialize for Encoded<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// Only JSON objects are accepted: every protocol type carried this way is a
/// struct or a tagged enum, and inside an internally tagged message anything
/// else could be decoded but not encoded again (serde also accepts a sequence
/// where a struct is expected).
impl<'de, T> Deserialize<'de> for Encoded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            json @ serde_json::Value::Object(_) => Ok(Self { json, _type: PhantomData }),
            other => Err(serde::de::Error::custom(format!("expected an object, got {other}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Point {
        x: f64,
        y: f64,
    }

    #[test]
    fn round_trips_and_reports_bad_fields() {
        let encoded = Encoded::new(&Point { x: 1.5, y: -2.0 });
        assert_eq!(serde_json::to_string(&encoded).unwrap(), r#"{"x":1.5,"y":-2.0}"#);
        assert_eq!(encoded.decode().unwrap(), Point { x: 1.5, y: -2.0 });
        let bad: Encoded<Point> = serde_json::from_str(r#"{"x":"left","y":0}"#).unwrap();
        assert!(bad.decode().unwrap_err().to_string().contains("invalid type: string"));
        // A sequence would decode as `Point` but not re-encode inside a tagged message.
        let err = serde_json::from_str::<Encoded<Point>>("[1.5, -2.0]").unwrap_err();
        assert!(err.to_string().contains("expected an object"), "{err}");
    }
}
