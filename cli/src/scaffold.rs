//! `annex new`: a plugin crate of its own, for one API family, with native
//! tests (the SDK's harness) and browser tests (the runtime, in a real
//! worker) that pass as generated.
//!
//! The templates are in the CLI crate's `templates/` folder, one per family;
//! `{{name}}`-style placeholders are filled in here.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The API family a new plugin implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// A canvas filter (`CanvasFilter`).
    Filter,
    /// A typography effect (`Typography`).
    Typography,
    /// An easing for animations (`AnimationPlugin`).
    Animation,
    /// Event tracking and metrics (`AnalyticsPlugin`), kept in storage.
    Analytics,
    /// Key-value storage (`StoragePlugin`).
    Storage,
    /// HTTP requests (`NetworkPlugin`).
    Network,
    /// A custom API of the app's own (`Plugin::call_custom`).
    Custom,
}

impl Family {
    /// Every family, in the order `annex new --help` lists them.
    pub const ALL: [Family; 7] = [
        Family::Filter,
        Family::Typography,
        Family::Animation,
        Family::Analytics,
        Family::Storage,
        Family::Network,
        Family::Custom,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Family::Filter => "filter",
            Family::Typography => "typography",
            Family::Animation => "animation",
            Family::Analytics => "analytics",
            Family::Storage => "storage",
            Family::Network => "network",
            Family::Custom => "custom",
        }
    }

    /// The family called `name`.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
            Error::Usage(format!("unknown family `{name}` (one of: {})", names.join(", ")))
        })
    }

    /// (manifest lines, extra dependencies, lib.rs, tests/browser.rs).
    fn templates(self) -> (&'static str, &'static str, &'static str, &'static str) {
        macro_rules! family {
            ($dir:literal, $deps:expr) => {
                (
                    include_str!(concat!("../templates/", $dir, "/manifest.toml")),
                    $deps,
                    include_str!(concat!("../templates/", $dir, "/lib.rs")),
                    include_str!(concat!("../templates/", $dir, "/browser.rs")),
                )
            };
        }
        const JSON: &str = "serde_json = \"1\"\n";
        match self {
            Family::Filter => family!("filter", ""),
            Family::Typography => family!("typography", ""),
            Family::Animation => family!("animation", JSON),
            Family::Analytics => family!("analytics", JSON),
            Family::Storage => family!("storage", ""),
            Family::Network => family!("network", ""),
            Family::Custom => {
                family!(
                    "custom",
                    "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n"
                )
            }
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Family::Filter => "a canvas filter",
            Family::Typography => "a text effect",
            Family::Animation => "an easing for animations",
            Family::Analytics => "analytics: events and metrics",
            Family::Storage => "key-value storage",
            Family::Network => "HTTP requests",
            Family::Custom => "a custom API",
        }
    }
}

/// What `annex new` makes.
#[derive(Debug, Clone)]
pub struct NewPlugin {
    /// The crate name: 1 to 32 of `a-z`, `0-9` and `-`, starting with a letter.
    pub name: String,
    /// Its API family.
    pub family: Family,
    /// The plugin id; default `com.example.<name>`.
    pub id: Option<String>,
    /// The folder to create; default `./<name>`.
    pub dir: PathBuf,
    /// Depend on the Annex crates of this checkout (path dependencies)
    /// instead of crates.io.
    pub annex_path: Option<PathBuf>,
}

/// The version of wasm-bindgen-test the runtime is tested with.
const WASM_BINDGEN_TEST_VERSION: &str = "0.3.80";

/// Checks a crate name.
pub fn check_name(name: &str) -> Result {
    let mut chars = name.chars();
    let ok = name.len() <= 32
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "`{name}` is not a plugin name: use 1 to 32 of a-z, 0-9 and -, starting with a letter"
        )))
    }
}

/// `my-plugin` → `MyPlugin`.
fn type_name(name: &str) -> String {
    name.split('-')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `my-plugin` → `My plugin`.
fn title(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// `to` relative to `from` (both absolute), so a generated crate keeps
/// working when the folders holding both move together.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let (from, to): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.iter().collect();
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    path.extend(&to[common..]);
    path
}

fn dependency(annex_path: Option<&Path>, folder: &str) -> String {
    match annex_path {
        Some(root) => {
            let path = root.join(folder).display().to_string().replace('\\', "/");
            format!("{{ path = \"{path}\" }}")
        }
        None => {
            let version = env!("CARGO_PKG_VERSION");
            let (major, minor) = {
                let mut parts = version.split('.');
                (parts.next().unwrap_or("0"), parts.next().unwrap_or("1"))
            };
            format!("\"{major}.{minor}\"")
        }
    }
}

/// Writes the crate; returns the files written. Refuses a folder that
/// exists and is not empty.
pub fn create(spec: &NewPlugin) -> Result<Vec<PathBuf>> {
    check_name(&spec.name)?;
    let id = spec.id.clone().unwrap_or_else(|| format!("com.example.{}", spec.name));
    id.parse::<annex_protocol::PluginId>()
        .map_err(|e| Error::Usage(format!("`{id}` is not a plugin id: {}", e.reason)))?;
    if spec.dir.exists() && fs::read_dir(&spec.dir).map_err(Error::io(&spec.dir))?.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{} exists and is not empty; choose another name or --path",
            spec.dir.display()
        )));
    }
    fs::create_dir_all(&spec.dir).map_err(Error::io(&spec.dir))?;
    let crate_dir = spec.dir.canonicalize().map_err(Error::io(&spec.dir))?;
    let annex_path = match &spec.annex_path {
        Some(root) if root.join("sdk/Cargo.toml").is_file() => {
            Some(relative(&crate_dir, &root.canonicalize().map_err(Error::io(root))?))
        }
        Some(root) => {
            return Err(Error::Usage(format!(
                "{} is not an Annex checkout (no sdk/Cargo.toml)",
                root.display()
            )))
        }
        None => None,
    };
    let (manifest, dependencies, lib, browser) = spec.family.templates();
    let fill = |text: &str| {
        text.replace("{{manifest}}", manifest)
            .replace("{{dependencies}}", dependencies)
            .replace("{{sdk}}", &dependency(annex_path.as_deref(), "sdk"))
            .replace("{{runtime}}", &dependency(annex_path.as_deref(), "runtime"))
            .replace("{{wasm_bindgen_test}}", WASM_BINDGEN_TEST_VERSION)
            .replace("{{description}}", &format!("An Annex plugin: {}.", spec.family.describe()))
            .replace("{{family}}", spec.family.describe())
            .replace("{{id}}", &id)
            .replace("{{title}}", &title(&spec.name))
            .replace("{{type}}", &type_name(&spec.name))
            .replace("{{name}}", &spec.name)
    };
    let files: [(&str, &str); 6] = [
        ("Cargo.toml", include_str!("../templates/Cargo.toml.tmpl")),
        ("src/lib.rs", lib),
        ("tests/browser.rs", browser),
        (".cargo/config.toml", include_str!("../templates/cargo-config.toml.tmpl")),
        (".gitignore", include_str!("../templates/gitignore.tmpl")),
        ("README.md", include_str!("../templates/README.md.tmpl")),
    ];
    let mut written = Vec::new();
    for (file, template) in files {
        let path = spec.dir.join(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        fs::write(&path, fill(template)).map_err(Error::io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Runs rustfmt over the crate's Rust files, so the crate is formatted
/// whatever its name's length (the templates are filled in, then
/// formatted) and in the style of a `rustfmt.toml` above it, if any.
/// Fails, leaving the files as written, when rustfmt cannot run.
pub fn format(files: &[PathBuf]) -> std::result::Result<(), String> {
    let sources: Vec<&PathBuf> =
        files.iter().filter(|f| f.extension().is_some_and(|e| e == "rs")).collect();
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let status = std::process::Command::new(&rustfmt)
        .args(["--edition", "2021"])
        .args(&sources)
        .status()
        .map_err(|e| format!("cannot run rustfmt ({e}); `rustup component add rustfmt`"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rustfmt failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_types_and_titles() {
        assert_eq!(type_name("my-plugin"), "MyPlugin");
        assert_eq!(type_name("gray2"), "Gray2");
        assert_eq!(title("my-plugin"), "My plugin");
    }

    #[test]
    fn checkout_paths_are_written_relative_to_the_crate() {
        let rel = relative(Path::new("/a/b/examples/app/plugins/greeter"), Path::new("/a/b"));
        assert_eq!(rel, PathBuf::from("../../../.."));
        assert_eq!(relative(Path::new("/x/y"), Path::new("/x/z/w")), PathBuf::from("../z/w"));
    }

    #[test]
    fn only_slug_names_are_taken() {
        for good in ["a", "greeter", "my-plugin2"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "Greeter", "2x", "a_b", "a-", &"a".repeat(33)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_family_fills_every_placeholder() {
        let root = std::env::temp_dir().join(format!("annex-scaffold-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for family in Family::ALL {
            let spec = NewPlugin {
                name: format!("t-{}", family.name()),
                family,
                id: None,
                dir: root.join(family.name()),
                annex_path: None,
            };
            for file in create(&spec).unwrap() {
                let text = fs::read_to_string(&file).unwrap();
                for placeholder in ["{{name}}", "{{type}}", "{{id}}", "{{manifest}}", "{{sdk}}"] {
                    assert!(!text.contains(placeholder), "{}: {placeholder}", file.display());
                }
            }
            let manifest = fs::read_to_string(spec.dir.join("Cargo.toml")).unwrap();
            let parsed: toml::Table = manifest.parse().unwrap();
            let annex = &parsed["package"]["metadata"]["annex"];
            assert_eq!(
                annex["id"].as_str(),
                Some(format!("com.example.t-{}", family.name()).as_str())
            );
            assert!(parsed.contains_key("workspace"), "a crate of its own");
        }
        let again = create(&NewPlugin {
            name: "t-filter".into(),
            family: Family::Filter,
            id: None,
            dir: root.join("filter"),
            annex_path: None,
        })
        .unwrap_err();
        assert!(again.to_string().contains("not empty"), "{again}");
        fs::remove_dir_all(root).unwrap();
    }
}
