//! Builds the manifest from `[package.metadata.annex]` and the package fields.

use std::path::PathBuf;

use annex_protocol::manifest::{Manifest, ManifestWarning};

/// Reads the plugin crate's `Cargo.toml` (the crate being compiled) and
/// returns its validated manifest, or a message for a compile error.
pub fn from_cargo_env() -> Result<Manifest, String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR")
        .map_err(|_| "export_plugin! must be built by cargo (CARGO_MANIFEST_DIR is not set)")?;
    let path = PathBuf::from(dir).join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let package = Package {
        name: env("CARGO_PKG_NAME"),
        version: env("CARGO_PKG_VERSION"),
        description: env("CARGO_PKG_DESCRIPTION"),
        authors: env("CARGO_PKG_AUTHORS"),
        license: env("CARGO_PKG_LICENSE"),
        homepage: env("CARGO_PKG_HOMEPAGE"),
        repository: env("CARGO_PKG_REPOSITORY"),
    };
    build(&text, &package)
}

fn env(key: &str) -> String {
    std::env::var(key).unwrap_or_default()
}

/// The `[package]` fields the manifest inherits (already resolved by cargo,
/// so `version.workspace = true` works). Empty means absent.
#[derive(Default)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub description: String,
    /// Colon-separated, as cargo passes `CARGO_PKG_AUTHORS`.
    pub authors: String,
    pub license: String,
    pub homepage: String,
    pub repository: String,
}

pub fn build(cargo_toml: &str, package: &Package) -> Result<Manifest, String> {
    const WHERE: &str = "[package.metadata.annex] in Cargo.toml";
    let doc: toml::Table = cargo_toml.parse().map_err(|e| format!("Cargo.toml: {e}"))?;
    let meta = doc
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("annex"))
        .ok_or_else(|| {
            format!(
                "{WHERE} is missing; add it with at least `id` and `capabilities`, e.g.\n\
                 [package.metadata.annex]\n\
                 id = \"com.example.my-filter\"\n\
                 capabilities.canvas_filter.filters = [\"my-filter\"]"
            )
        })?;
    let serde_json::Value::Object(mut fields) =
        serde_json::to_value(meta).map_err(|e| format!("{WHERE}: {e}"))?
    else {
        return Err(format!("{WHERE} must be a table"));
    };
    if fields.contains_key("version") {
        return Err(format!(
            "{WHERE}: remove `version`; the plugin's version is the package version ({})",
            package.version
        ));
    }
    fields.insert("version".into(), package.version.clone().into());
    fields.entry("name").or_insert_with(|| package.name.clone().into());
    for (key, value) in [
        ("description", &package.description),
        ("license", &package.license),
        ("homepage", &package.homepage),
        ("repository", &package.repository),
    ] {
        if !value.is_empty() {
            fields.entry(key).or_insert_with(|| value.clone().into());
        }
    }
    if !package.authors.is_empty() {
        let authors: Vec<&str> = package.authors.split(':').filter(|a| !a.is_empty()).collect();
        fields.entry("authors").or_insert_with(|| authors.into());
    }
    let json = serde_json::Value::Object(fields).to_string();
    let parsed = Manifest::from_json(json.as_bytes()).map_err(|e| format!("{WHERE}: {e}"))?;
    if let Some(ManifestWarning::UnknownField { path }) = parsed.warnings.first() {
        return Err(format!("{WHERE}: unknown field `{path}`"));
    }
    Ok(parsed.manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package() -> Package {
        Package {
            name: "gray".into(),
            version: "1.2.3".into(),
            description: "Gray it.".into(),
            authors: "Ada <a@x.dev>:Bo".into(),
            license: "MIT".into(),
            ..Package::default()
        }
    }

    #[test]
    fn fills_version_name_and_description_from_the_package() {
        let toml = r#"
            [package]
            name = "gray"
            [package.metadata.annex]
            id = "dev.annex.gray"
            capabilities.canvas_filter.filters = ["grayscale"]
            permissions = [{ permission = "canvas.read", reason = "reads pixels" }]
        "#;
        let m = build(toml, &package()).unwrap();
        assert_eq!(m.version.to_string(), "1.2.3");
        assert_eq!(m.name, "gray");
        assert_eq!(m.description.as_deref(), Some("Gray it."));
        assert_eq!(m.permissions.len(), 1);
        assert_eq!(m.authors, ["Ada <a@x.dev>", "Bo"]);
        assert_eq!(m.license.as_deref(), Some("MIT"));
        assert_eq!(m.homepage, None);
    }

    #[test]
    fn errors_point_at_the_metadata_table() {
        let missing = build("[package]\nname = \"x\"\n", &package()).unwrap_err();
        assert!(missing.contains("[package.metadata.annex] in Cargo.toml is missing"), "{missing}");

        let typo = build(
            "[package.metadata.annex]\nid = \"a.b\"\ncapabilities.canvas_filter.filters = [\"x\"]\nperms = []\n",
            &package(),
        )
        .unwrap_err();
        assert!(typo.contains("unknown field `perms`"), "{typo}");

        let bad =
            build("[package.metadata.annex]\nid = \"nodots\"\ncapabilities = {}\n", &package())
                .unwrap_err();
        assert!(bad.contains("`nodots` is not a valid plugin id"), "{bad}");

        let version =
            build("[package.metadata.annex]\nversion = \"9.9.9\"\n", &package()).unwrap_err();
        assert!(version.contains("remove `version`"), "{version}");
    }
}
