//! Fields: how a query names a value of an event.

use super::*;

/// A value of an event, named as text: `type`, `user_id`, `session_id`,
/// `timestamp` or `data.<key>[.<key>…]`. Kept as written, so a mistake is
/// reported by [`MetricsQuery::validate`] with where it is; see [`Field::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Field(String);

impl Field {
    /// A field from its text (checked later, by [`Field::parse`]).
    pub fn new(path: impl Into<String>) -> Self {
        Self(path.into())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the field names, or why it names nothing.
    ///
    /// ```
    /// use annex_protocol::api::analytics::{Field, FieldPath};
    /// assert_eq!(Field::new("type").parse(), Ok(FieldPath::Type));
    /// assert_eq!(
    ///     Field::new("data.cart.total").parse(),
    ///     Ok(FieldPath::Data(vec!["cart".into(), "total".into()]))
    /// );
    /// assert!(Field::new("price").parse().unwrap_err().contains("unknown field `price`"));
    /// ```
    pub fn parse(&self) -> Result<FieldPath, String> {
        match self.0.as_str() {
            "type" => return Ok(FieldPath::Type),
            "user_id" => return Ok(FieldPath::UserId),
            "session_id" => return Ok(FieldPath::SessionId),
            "timestamp" => return Ok(FieldPath::Timestamp),
            "data" => {
                return Err(
                    "`data` needs a key: `data.<key>` (the data object itself cannot be used)"
                        .into(),
                )
            }
            _ => {}
        }
        let Some(rest) = self.0.strip_prefix("data.") else {
            return Err(format!(
                "unknown field `{}`; expected `type`, `user_id`, `session_id`, `timestamp` or `data.<key>`",
                self.0
            ));
        };
        let keys: Vec<String> = rest.split('.').map(str::to_owned).collect();
        if keys.iter().any(String::is_empty) {
            return Err(format!(
                "field `{}` has an empty key; write `data.<key>` with `.` only between keys",
                self.0
            ));
        }
        Ok(FieldPath::Data(keys))
    }
}

impl From<&str> for Field {
    fn from(path: &str) -> Self {
        Self::new(path)
    }
}

impl From<String> for Field {
    fn from(path: String) -> Self {
        Self(path)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a valid [`Field`] names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    /// The event type (a string).
    Type,
    /// The user id (a string; missing when the event has none).
    UserId,
    /// The session id (a string; missing when the event has none).
    SessionId,
    /// The timestamp (a number).
    Timestamp,
    /// A value inside `data`: the keys from the top (array indices as text).
    Data(Vec<String>),
}
