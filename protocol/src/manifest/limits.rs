//! How much a manifest may hold. A manifest comes from a module the host
//! has not yet trusted and is read on the page's main thread, so its size,
//! every list in it, and what it makes the host report (warnings, field
//! errors) are capped before they cost the page anything.

use super::FieldError;

/// The largest manifest read, in bytes of JSON. The SDK's largest real
/// manifest is about 3 KiB; 64 KiB leaves room for long descriptions and
/// config schemas while a million unknown fields is refused unread.
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;

/// The most entries any one list (or the config map) of a manifest may have:
/// authors, features, filters, effects, fonts, animations, easings, custom
/// APIs, hooks, dependencies, permissions, config fields and options,
/// preload rules, and the routes, roles and devices of a rule.
pub const MAX_LIST_ITEMS: usize = 64;

/// The most unknown-field warnings kept; the rest are counted in one
/// [`ManifestWarning::MoreUnknownFields`](super::ManifestWarning::MoreUnknownFields).
pub const MAX_WARNINGS: usize = 16;

/// The most field errors reported; the rest are counted in a last error at
/// path `.`.
pub const MAX_FIELD_ERRORS: usize = 32;

/// Keeps at most [`MAX_FIELD_ERRORS`] errors and counts the rest.
#[derive(Debug, Default)]
pub(crate) struct ErrorList {
    errors: Vec<FieldError>,
    more: usize,
}

impl ErrorList {
    pub(crate) fn push(&mut self, error: impl FnOnce() -> FieldError) {
        if self.errors.len() < MAX_FIELD_ERRORS {
            self.errors.push(error());
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The kept errors, then one saying how many more there were.
    pub(crate) fn finish(mut self) -> Vec<FieldError> {
        if self.more > 0 {
            let more = self.more;
            self.errors.push(FieldError::new(".", format!("and {more} more problems not listed")));
        }
        self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Manifest, ManifestError, ManifestWarning};
    use super::*;
    use serde_json::{json, Value};

    fn valid() -> Value {
        json!({
            "id": "dev.annex.limits", "version": "1.0.0", "name": "Limits",
            "capabilities": { "canvas_filter": { "filters": ["x"] } }
        })
    }

    fn parse(doc: &Value) -> Result<Vec<ManifestWarning>, ManifestError> {
        Manifest::from_json(doc.to_string().as_bytes()).map(|parsed| parsed.warnings)
    }

    fn names(count: usize) -> Value {
        (0..count).map(|i| format!("n{i}")).collect()
    }

    #[test]
    fn a_manifest_past_the_byte_limit_is_refused_unread() {
        let mut doc = valid();
        doc["description"] = "x".repeat(MAX_MANIFEST_BYTES).into();
        let err = parse(&doc).unwrap_err();
        assert!(matches!(err, ManifestError::TooLarge { max: MAX_MANIFEST_BYTES, .. }), "{err}");
        // Not even JSON: the size is checked first.
        let junk = vec![b'{'; MAX_MANIFEST_BYTES + 1];
        assert!(matches!(Manifest::from_json(&junk), Err(ManifestError::TooLarge { .. })));
    }

    #[test]
    fn unknown_fields_past_the_warning_limit_are_counted_not_listed() {
        let mut doc = valid();
        for i in 0..3000 {
            doc[format!("unknown_{i}")] = 0.into();
        }
        let warnings = parse(&doc).unwrap();
        assert_eq!(warnings.len(), MAX_WARNINGS + 1);
        assert_eq!(
            warnings.last(),
            Some(&ManifestWarning::MoreUnknownFields { count: 3000 - MAX_WARNINGS })
        );
        assert_eq!(warnings[MAX_WARNINGS].to_string(), "2984 more unknown fields were ignored");
    }

    #[test]
    fn every_list_is_capped() {
        let over = MAX_LIST_ITEMS + 1;
        let lists: [(&str, Value); 6] = [
            ("/authors", names(over)),
            ("/features", names(over)),
            ("/capabilities/canvas_filter/filters", names(over)),
            ("/capabilities/custom", names(over)),
            (
                "/permissions",
                (0..over).map(|_| json!({"permission": "storage.read", "reason": "r"})).collect(),
            ),
            ("/loading/preload", (0..over).map(|_| json!({"roles": ["admin"]})).collect()),
        ];
        for (pointer, list) in lists {
            let mut doc = valid();
            let path: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
            let mut at = &mut doc;
            for key in &path {
                at = &mut at[*key];
            }
            *at = list;
            let err = parse(&doc).unwrap_err();
            let dotted = path.join(".");
            let message = format!("has {over} entries; at most {MAX_LIST_ITEMS} are allowed");
            assert!(
                err.field_errors().iter().any(|e| e.path == dotted && e.problem == message),
                "{pointer}: {err}"
            );
        }
        let mut doc = valid();
        doc["config"] = (0..over).map(|i| (format!("f{i}"), json!({"type": "boolean"}))).collect();
        assert!(parse(&doc).unwrap_err().field_errors().iter().any(|e| e.path == "config"));
        let mut doc = valid();
        doc["config"] = json!({"mode": {"type": "string", "options": names(over)}});
        let err = parse(&doc).unwrap_err();
        assert!(err.to_string().contains("at most 64 are allowed"), "{err}");
        // At the limit is fine.
        let mut doc = valid();
        doc["authors"] = names(MAX_LIST_ITEMS);
        parse(&doc).unwrap();
    }

    #[test]
    fn field_errors_past_the_limit_are_counted_in_one_more() {
        let mut doc = valid();
        doc["authors"] = (0..60).map(|_| "").collect();
        let err = parse(&doc).unwrap_err();
        let errors = err.field_errors();
        assert_eq!(errors.len(), MAX_FIELD_ERRORS + 1);
        assert_eq!(errors[MAX_FIELD_ERRORS].path, ".");
        assert_eq!(
            errors[MAX_FIELD_ERRORS].problem,
            format!("and {} more problems not listed", 60 - MAX_FIELD_ERRORS)
        );
    }

    #[test]
    fn a_catalogs_field_errors_are_capped_too() {
        let entries: Vec<Value> = (0..40)
            .map(|i| {
                let mut manifest = valid();
                manifest["id"] = format!("dev.annex.p{i}").into();
                json!({"url": "x.wasm", "sha256": "bad", "size": 1, "manifest": manifest})
            })
            .collect();
        let catalog = json!({"schema": 1, "plugins": entries}).to_string();
        let err = crate::catalog::Catalog::from_json(catalog.as_bytes()).unwrap_err();
        assert_eq!(err.field_errors().len(), MAX_FIELD_ERRORS + 1);
    }
}
