//! The plugin's configuration schema, and checking values against it.
//!
//! The host validates configuration with the schema before it reaches the
//! plugin, so a plugin only ever sees values of the declared types, inside the
//! declared bounds, with defaults filled in.
//!
//! ```toml
//! [package.metadata.annex.config.strength]
//! type = "number"
//! min = 0.0
//! max = 1.0
//! default = 0.5
//! description = "How strongly to apply the effect."
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::FieldError;

/// Field name → field. A field without a default is required.
pub type ConfigSchema = BTreeMap<String, ConfigField>;

/// One configuration field: its type, bounds and default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConfigField {
    /// `true` or `false`.
    Boolean {
        /// Value when the host gives none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<bool>,
        /// What it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A whole number.
    Integer {
        /// Value when the host gives none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<i64>,
        /// Smallest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        /// Largest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
        /// What it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A number.
    Number {
        /// Value when the host gives none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<f64>,
        /// Smallest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Largest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// What it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A string, optionally one of a fixed set.
    String {
        /// Value when the host gives none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<String>,
        /// If not empty, the only allowed values.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        options: Vec<String>,
        /// Longest allowed length, in characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
        /// What it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

impl ConfigField {
    /// The default as JSON, if there is one.
    pub fn default_value(&self) -> Option<Value> {
        match self {
            Self::Boolean { default, .. } => default.map(Value::from),
            Self::Integer { default, .. } => default.map(Value::from),
            Self::Number { default, .. } => default.map(Value::from),
            Self::String { default, .. } => default.clone().map(Value::from),
        }
    }

    /// Checks one value; the message says what was expected.
    pub fn check(&self, value: &Value) -> Result<(), String> {
        match self {
            Self::Boolean { .. } => {
                value.as_bool().map(|_| ()).ok_or_else(|| expected("a boolean", value))
            }
            Self::Integer { min, max, .. } => {
                let n = value.as_i64().ok_or_else(|| expected("an integer", value))?;
                bounds(n, *min, *max)
            }
            Self::Number { min, max, .. } => {
                let n = value.as_f64().ok_or_else(|| expected("a number", value))?;
                bounds(n, *min, *max)
            }
            Self::String { options, max_length, .. } => {
                let s = value.as_str().ok_or_else(|| expected("a string", value))?;
                if !options.is_empty() && !options.iter().any(|o| o == s) {
                    return Err(format!("`{s}` is not one of: {}", options.join(", ")));
                }
                match max_length {
                    Some(max) if s.chars().count() > *max as usize => {
                        Err(format!("is longer than {max} characters"))
                    }
                    _ => Ok(()),
                }
            }
        }
    }

    /// Rules about the field itself: `min <= max`, the default valid, options not repeated.
    pub(crate) fn check_definition(&self) -> Result<(), String> {
        let ordered = match self {
            Self::Integer { min: Some(a), max: Some(b), .. } => a <= b,
            Self::Number { min: Some(a), max: Some(b), .. } => a <= b,
            _ => true,
        };
        if !ordered {
            return Err("`min` is greater than `max`".into());
        }
        if let Self::String { options, .. } = self {
            let max = super::MAX_LIST_ITEMS;
            if options.len() > max {
                return Err(format!("has {} options; at most {max} are allowed", options.len()));
            }
            let mut seen = std::collections::BTreeSet::new();
            if let Some(dup) = options.iter().find(|o| !seen.insert(*o)) {
                return Err(format!("option `{dup}` is listed twice"));
            }
        }
        match self.default_value() {
            Some(default) => self.check(&default).map_err(|e| format!("default {e}")),
            None => Ok(()),
        }
    }
}

fn expected(what: &str, value: &Value) -> String {
    format!("expected {what}, got {value}")
}

fn bounds<T: PartialOrd + std::fmt::Display + Copy>(
    n: T,
    min: Option<T>,
    max: Option<T>,
) -> Result<(), String> {
    if let Some(min) = min.filter(|min| n < *min) {
        return Err(format!("{n} is below the minimum {min}"));
    }
    if let Some(max) = max.filter(|max| n > *max) {
        return Err(format!("{n} is above the maximum {max}"));
    }
    Ok(())
}

/// Checks a configuration against a schema and fills in defaults.
///
/// `given` must be a JSON object (or `null` for "all defaults"). Every problem
/// is reported, each with its path (`config.strength`).
pub fn resolve_config(
    schema: &ConfigSchema,
    given: &Value,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let empty = Map::new();
    let given = match given {
        Value::Null => &empty,
        Value::Object(map) => map,
        other => return Err(vec![FieldError::new("config", expected("an object", other))]),
    };
    let mut errors = Vec::new();
    for key in given.keys().filter(|k| !schema.contains_key(*k)) {
        let known: Vec<&str> = schema.keys().map(String::as_str).collect();
        let hint = if known.is_empty() {
            "it takes no configuration".to_owned()
        } else {
            format!("known fields: {}", known.join(", "))
        };
        errors.push(FieldError::new(format!("config.{key}"), format!("unknown field ({hint})")));
    }
    let mut resolved = Map::new();
    for (key, field) in schema {
        match given.get(key).cloned().or_else(|| field.default_value()) {
            Some(value) => match field.check(&value) {
                Ok(()) => {
                    resolved.insert(key.clone(), value);
                }
                Err(problem) => errors.push(FieldError::new(format!("config.{key}"), problem)),
            },
            None => errors
                .push(FieldError::new(format!("config.{key}"), "is required (it has no default)")),
        }
    }
    if errors.is_empty() {
        Ok(resolved)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> ConfigSchema {
        serde_json::from_value(json!({
            "strength": {"type": "number", "min": 0.0, "max": 1.0, "default": 0.5},
            "radius": {"type": "integer", "min": 1, "max": 50},
            "mode": {"type": "string", "options": ["fast", "exact"], "default": "fast"},
            "enabled": {"type": "boolean", "default": true}
        }))
        .unwrap()
    }

    #[test]
    fn defaults_are_filled_in() {
        let resolved = resolve_config(&schema(), &json!({"radius": 3})).unwrap();
        assert_eq!(
            Value::Object(resolved),
            json!({"strength": 0.5, "radius": 3, "mode": "fast", "enabled": true})
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let errors = resolve_config(
            &schema(),
            &json!({"strength": 2, "mode": "slow", "enabled": "yes", "colour": 1}),
        )
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "`config.colour`: unknown field (known fields: enabled, mode, radius, strength)",
                "`config.enabled`: expected a boolean, got \"yes\"",
                "`config.mode`: `slow` is not one of: fast, exact",
                "`config.radius`: is required (it has no default)",
                "`config.strength`: 2 is above the maximum 1",
            ]
        );
    }

    #[test]
    fn non_objects_are_refused() {
        let errors = resolve_config(&schema(), &json!([1])).unwrap_err();
        assert_eq!(errors[0].path, "config");
    }

    #[test]
    fn field_definitions_are_checked() {
        let bad: ConfigField =
            serde_json::from_value(json!({"type": "integer", "min": 5, "max": 1})).unwrap();
        assert!(bad.check_definition().unwrap_err().contains("greater"));
        let bad: ConfigField =
            serde_json::from_value(json!({"type": "number", "max": 1.0, "default": 3.0})).unwrap();
        assert!(bad.check_definition().unwrap_err().contains("default 3 is above the maximum 1"));
        assert!(
            serde_json::from_value::<ConfigField>(json!({"type": "number", "maximum": 1})).is_err()
        );
    }
}
