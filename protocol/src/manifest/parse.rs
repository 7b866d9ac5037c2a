//! Parsing and validating manifests, with errors that name the field.

use std::fmt;

use super::limits::{MAX_MANIFEST_BYTES, MAX_WARNINGS};
use super::Manifest;

/// A manifest that parsed and validated, plus what was odd about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedManifest {
    /// The manifest.
    pub manifest: Manifest,
    /// Fields the manifest has that this version of Annex does not know.
    /// They are ignored, and reported here so a typo does not go unnoticed.
    pub warnings: Vec<ManifestWarning>,
}

/// Something in a manifest that is accepted but probably a mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ManifestWarning {
    /// A field this version of Annex does not know; it was ignored.
    UnknownField {
        /// Where it is, e.g. `capabilities.canvas_fliter`.
        path: String,
    },
    /// More unknown fields than are listed one by one
    /// ([`MAX_WARNINGS`](super::MAX_WARNINGS)); they were ignored too.
    MoreUnknownFields {
        /// How many were not listed.
        count: usize,
    },
}

impl fmt::Display for ManifestWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownField { path } => write!(f, "unknown field `{path}` was ignored"),
            Self::MoreUnknownFields { count } => {
                write!(f, "{count} more unknown fields were ignored")
            }
        }
    }
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Where the problem is, e.g. `permissions[1].reason`; `.` is the whole manifest.
    pub path: String,
    /// What is wrong there.
    pub problem: String,
}

impl FieldError {
    pub(crate) fn new(path: impl Into<String>, problem: impl Into<String>) -> Self {
        Self { path: path.into(), problem: problem.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.path, self.problem)
    }
}

/// Why a manifest was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// The bytes are not JSON (or not UTF-8).
    #[error("manifest is not valid JSON: {message} (line {line}, column {column})")]
    NotJson {
        /// The parser's description.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// A field is missing or has the wrong type or value.
    #[error("manifest field {0}")]
    Field(FieldError),
    /// The JSON has the right shape but breaks the rules; every problem is
    /// listed, up to [`MAX_FIELD_ERRORS`](super::MAX_FIELD_ERRORS).
    #[error("manifest is invalid: {}", list(.0))]
    Invalid(Vec<FieldError>),
    /// The manifest is larger than [`MAX_MANIFEST_BYTES`]; it was not read.
    #[error("manifest is {bytes} bytes; at most {max} are read")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
}

fn list(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl ManifestError {
    /// Every field problem, in order (empty for [`ManifestError::NotJson`]).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::NotJson { .. } | Self::TooLarge { .. } => &[],
            Self::Field(e) => std::slice::from_ref(e),
            Self::Invalid(errors) => errors,
        }
    }
}

impl Manifest {
    /// Parses and validates a manifest from JSON bytes.
    ///
    /// Unknown fields are not errors (a newer plugin may carry fields an older
    /// host does not know); they come back as [`ParsedManifest::warnings`],
    /// at most [`MAX_WARNINGS`] of them one by one. A manifest over
    /// [`MAX_MANIFEST_BYTES`] is refused before it is parsed.
    pub fn from_json(bytes: &[u8]) -> Result<ParsedManifest, ManifestError> {
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(ManifestError::TooLarge { bytes: bytes.len(), max: MAX_MANIFEST_BYTES });
        }
        let mut unknown = Vec::new();
        let mut unlisted = 0;
        let mut json = serde_json::Deserializer::from_slice(bytes);
        let mut record_unknown = |path: serde_ignored::Path<'_>| {
            if unknown.len() < MAX_WARNINGS {
                unknown.push(ManifestWarning::UnknownField { path: field_path(&path) });
            } else {
                unlisted += 1;
            }
        };
        let tracked = serde_ignored::Deserializer::new(&mut json, &mut record_unknown);
        let manifest: Manifest = serde_path_to_error::deserialize(tracked).map_err(
            |e: serde_path_to_error::Error<serde_json::Error>| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if inner.is_data() {
                    ManifestError::Field(FieldError::new(path, strip_position(&inner.to_string())))
                } else if is_json(bytes) {
                    // Well-formed JSON that serde_json still refused as text:
                    // the problem is in the field it was reading.
                    ManifestError::Field(FieldError::new(path, field_problem(&inner)))
                } else {
                    ManifestError::NotJson {
                        message: strip_position(&inner.to_string()),
                        line: inner.line(),
                        column: inner.column(),
                    }
                }
            },
        )?;
        json.end().map_err(|e| ManifestError::NotJson {
            message: strip_position(&e.to_string()),
            line: e.line(),
            column: e.column(),
        })?;
        manifest.validate()?;
        if unlisted > 0 {
            unknown.push(ManifestWarning::MoreUnknownFields { count: unlisted });
        }
        Ok(ParsedManifest { manifest, warnings: unknown })
    }

    /// The manifest as compact JSON, as embedded in a module.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a manifest always serializes")
    }
}

/// Formats a serde_ignored path like serde_path_to_error does (`a.b[0].c`),
/// without the `?` serde_ignored writes for `Option` layers.
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => match field_path(parent) {
            p if p.is_empty() => key.clone(),
            p => format!("{p}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

/// Whether `bytes` are one well-formed JSON value (of any depth: skipping a
/// value does not recurse).
fn is_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// What is wrong with a field whose value serde_json refused with a syntax
/// error although the JSON is well-formed. It does so for a value of the wrong
/// kind where it reads an enum ("expected value") or a struct written as an
/// array ("trailing characters"), and for nesting past its recursion limit.
fn field_problem(error: &serde_json::Error) -> String {
    match strip_position(&error.to_string()).as_str() {
        "expected value" => {
            "has the wrong type: expected one of the allowed names, as a string".to_owned()
        }
        "trailing characters" => "has the wrong type: expected an object".to_owned(),
        "recursion limit exceeded" => {
            "is nested too deeply (at most 127 levels of arrays and objects)".to_owned()
        }
        other => other.to_owned(),
    }
}

/// serde_json appends " at line X column Y"; the path or the fields say that better.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}
