//! `annex inspect`: what a plugin module is, asks for and carries, read
//! without running any of it.

use std::fmt;

use annex_module::kind::PluginKind;
use annex_protocol::host_api::{host_function, ImportKind};
use annex_protocol::Manifest;
use serde::Serialize;

/// What `annex inspect` reports about a module.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The file, as named on the command line.
    pub file: String,
    /// Size in bytes.
    pub size: usize,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// `annex`, `extism` or `unknown`.
    pub kind: &'static str,
    /// The embedded manifest, when present and valid.
    pub manifest: Option<Manifest>,
    /// Why the manifest is missing or invalid.
    pub manifest_error: Option<String>,
    /// Every import, with the permission it needs.
    pub imports: Vec<ImportReport>,
    /// Whether it carries the Asyncify exports (runs in engines without JSPI).
    pub asyncified: bool,
    /// Its signature.
    pub signature: SignatureReport,
}

/// One import of the module.
#[derive(Debug, Serialize)]
pub struct ImportReport {
    /// `module.name`.
    pub import: String,
    /// The permission it needs (`None`: a core function, or not Annex's).
    pub permission: Option<String>,
    /// Whether it is an Annex host function at all.
    pub known: bool,
    /// Whether calls reaching it suspend (storage, network).
    pub suspends: bool,
}

/// A module's signature.
#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SignatureReport {
    /// No `annex.signature` section.
    Unsigned,
    /// Signed, and the signature verifies.
    Valid {
        /// `key:<hex>`, the publisher hosts see.
        publisher: String,
    },
    /// A signature that does not verify (modified after signing...).
    Invalid {
        /// Why.
        reason: String,
    },
}

/// Inspects `bytes`, read from `file`. Fails only when they are not a
/// WebAssembly module at all; manifest and signature problems are reported.
pub fn inspect(file: &str, bytes: &[u8]) -> crate::Result<Report> {
    let info = annex_module::inspect(bytes)
        .map_err(|source| crate::Error::Module { file: file.to_owned(), source })?;
    let (manifest, manifest_error) = match &info.manifest {
        None => (None, Some("no annex.manifest section".to_owned())),
        Some(json) => match Manifest::from_json(json) {
            Ok(parsed) => (Some(parsed.manifest), None),
            Err(error) => (None, Some(error.to_string())),
        },
    };
    let imports = info
        .imports
        .iter()
        .map(|import| {
            let function = host_function(&import.module, &import.name)
                .filter(|_| matches!(import.kind, ImportKind::Function { .. }));
            ImportReport {
                import: format!("{}.{}", import.module, import.name),
                permission: function.and_then(|f| f.permission.as_ref()).map(|p| p.to_string()),
                known: function.is_some(),
                suspends: function.is_some_and(|f| f.is_async),
            }
        })
        .collect();
    let signature = match annex_module::signature::verify(bytes) {
        Ok(None) => SignatureReport::Unsigned,
        Ok(Some(signed)) => SignatureReport::Valid { publisher: signed.publisher() },
        Err(error) => SignatureReport::Invalid { reason: error.to_string() },
    };
    Ok(Report {
        file: file.to_owned(),
        size: bytes.len(),
        sha256: crate::catalog::sha256_hex(bytes),
        kind: match PluginKind::of(&info) {
            PluginKind::Annex => "annex",
            PluginKind::Extism => "extism",
            _ => "unknown",
        },
        manifest,
        manifest_error,
        imports,
        asyncified: annex_module::kind::is_asyncified(&info),
        signature,
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {} plugin, {}", self.file, self.kind, crate::size_text(self.size))?;
        writeln!(f, "  sha256     {}", self.sha256)?;
        match (&self.manifest, &self.manifest_error) {
            (Some(m), _) => {
                writeln!(f, "  plugin     {} {} ({})", m.id, m.version, m.name)?;
                if let Some(about) = m.description.as_deref().filter(|d| !d.is_empty()) {
                    writeln!(f, "  about      {about}")?;
                }
                let families: Vec<&str> =
                    m.capabilities.families().iter().map(|family| family.as_str()).collect();
                writeln!(f, "  offers     {}", list_or_none(&families))?;
                writeln!(f, "  requests   {}", count(m.permissions.len(), "permission"))?;
                for p in &m.permissions {
                    writeln!(f, "    {:<16} {}", p.permission.to_string(), p.reason)?;
                }
            }
            (None, Some(error)) => writeln!(f, "  manifest   INVALID: {error}")?,
            (None, None) => {}
        }
        writeln!(f, "  imports    {}", count(self.imports.len(), "host function"))?;
        for import in &self.imports {
            let needs = match (&import.permission, import.known) {
                (Some(p), _) => format!("needs {p}"),
                (None, true) => "always granted".to_owned(),
                (None, false) => "not an Annex host function: refused at load".to_owned(),
            };
            let suspends = if import.suspends { ", suspends the call" } else { "" };
            writeln!(f, "    {:<32} {needs}{suspends}", import.import)?;
        }
        if self.imports.iter().any(|i| i.suspends) {
            let asyncify = if self.asyncified {
                "transformed with Asyncify: runs in every engine"
            } else {
                "NOT transformed with Asyncify: runs only where the engine has JSPI"
            };
            writeln!(f, "  suspension {asyncify}")?;
        }
        match &self.signature {
            SignatureReport::Unsigned => writeln!(f, "  signature  none"),
            SignatureReport::Valid { publisher } => writeln!(f, "  signature  valid, {publisher}"),
            SignatureReport::Invalid { reason } => writeln!(f, "  signature  INVALID: {reason}"),
        }
    }
}

fn count(n: usize, what: &str) -> String {
    match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "nothing".into()
    } else {
        items.join(", ")
    }
}
