//! Storage: key-value data a plugin keeps in its own namespace.
//!
//! Two sides: the storage *host functions* (`storage_get`, `storage_set`...)
//! any plugin with `storage.read`/`storage.write` uses to keep its own data,
//! and the storage *API family*, through which the host application asks a
//! storage plugin to store, retrieve, delete, list and clear. Values are bytes.

use serde::{Deserialize, Serialize};

/// The host asks a storage plugin to do something. Values travel as the
/// call's byte payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StorageRequest {
    /// The value under `key` (the payload of the answer).
    Get {
        /// The key.
        key: String,
    },
    /// Store the payload under `key`.
    Set {
        /// The key.
        key: String,
    },
    /// Delete `key`.
    Delete {
        /// The key.
        key: String,
    },
    /// Keys matching a glob (`*` any run, `?` one character); all when `None`.
    List {
        /// The pattern.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<String>,
    },
    /// Delete every key.
    Clear,
}

/// A storage plugin's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StorageResponse {
    /// The value is the payload.
    Value,
    /// No value under that key.
    NotFound,
    /// Matching keys, sorted.
    Keys {
        /// The keys.
        keys: Vec<String>,
    },
    /// Done (set, delete, clear).
    Done,
}

/// Whether `key` matches a glob `pattern`: `*` matches any run of characters
/// (including none), `?` exactly one, everything else itself.
///
/// ```
/// use annex_protocol::api::storage::glob_matches;
/// assert!(glob_matches("note:*", "note:42"));
/// assert!(glob_matches("user-?", "user-7"));
/// assert!(!glob_matches("note:*", "notes:1"));
/// ```
pub fn glob_matches(pattern: &str, key: &str) -> bool {
    let (p, k): (Vec<char>, Vec<char>) = (pattern.chars().collect(), key.chars().collect());
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ki, mut star, mut mark) = (0, 0, None, 0);
    while ki < k.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == k[ki]) {
            pi += 1;
            ki += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ki;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ki = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*c", "abbbc", true),
            ("a*c", "abbb", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*:*", "note:1", true),
            ("note:*", "note:", true),
            ("exact", "exact", true),
            ("exact", "exactly", false),
            ("**x", "yyx", true),
        ];
        for (pattern, key, expected) in cases {
            assert_eq!(glob_matches(pattern, key), expected, "{pattern} vs {key}");
        }
    }

    #[test]
    fn requests_round_trip() {
        let req = StorageRequest::List { pattern: Some("a*".into()) };
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(json, r#"{"op":"list","pattern":"a*"}"#);
        assert_eq!(serde_json::from_str::<StorageRequest>(&json).unwrap(), req);
    }
}
