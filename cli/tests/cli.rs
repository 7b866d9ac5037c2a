//! The `annex` binary as a user runs it: keygen, sign, inspect, errors, and
//! that what `annex new` writes is formatted.
//! (`new`, `build` and `test` compile crates and run browsers: `cargo xtask
//! test` runs them on generated crates of every family.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn annex(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annex")).args(args).current_dir(dir).output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("annex-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A module with an Annex manifest section importing `annex.storage_get`.
fn plugin_module() -> Vec<u8> {
    use wasm_encoder::{CustomSection, EntityType, ImportSection, Module, TypeSection, ValType};
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32, ValType::I32], [ValType::I32]);
    module.section(&types);
    let mut imports = ImportSection::new();
    imports.import("annex", "storage_get", EntityType::Function(0));
    module.section(&imports);
    let manifest = r#"{"id":"com.example.probe","version":"1.2.3","name":"Probe",
        "capabilities":{"storage":{}},
        "permissions":[{"permission":"storage.read","reason":"Reads what it kept."}]}"#;
    module.section(&CustomSection {
        name: "annex.manifest".into(),
        data: manifest.as_bytes().into(),
    });
    module.finish()
}

#[test]
fn inspect_shows_the_manifest_the_imports_and_their_permissions() {
    let dir = folder("inspect");
    std::fs::write(dir.join("probe.wasm"), plugin_module()).unwrap();
    let out = annex(&["inspect", "probe.wasm"], &dir);
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    for expected in [
        "com.example.probe 1.2.3 (Probe)",
        "storage.read     Reads what it kept.",
        "annex.storage_get",
        "needs storage.read, suspends the call",
        "NOT transformed with Asyncify",
        "signature  none",
    ] {
        assert!(report.contains(expected), "missing {expected:?} in:\n{report}");
    }
    let json = annex(&["inspect", "--json", "probe.wasm"], &dir);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["manifest"]["id"], "com.example.probe");
    assert_eq!(json["imports"][0]["permission"], "storage.read");
    assert_eq!(json["signature"]["state"], "unsigned");
}

#[test]
fn a_key_signs_a_module_and_inspect_names_the_key() {
    let dir = folder("sign");
    std::fs::write(dir.join("probe.wasm"), plugin_module()).unwrap();
    let keygen = annex(&["keygen", "site.key"], &dir);
    assert!(keygen.status.success(), "{}", text(&keygen));
    let public = String::from_utf8(keygen.stdout).unwrap().trim().to_owned();
    assert_eq!(public.len(), 64, "{public}");
    assert_eq!(std::fs::read_to_string(dir.join("site.pub")).unwrap().trim(), public);
    let again = annex(&["keygen", "site.key"], &dir);
    assert!(!again.status.success() && text(&again).contains("key_invalid"), "{}", text(&again));

    let sign = annex(&["sign", "--key", "site.key", "probe.wasm"], &dir);
    assert!(sign.status.success(), "{}", text(&sign));
    let report = text(&annex(&["inspect", "probe.wasm"], &dir));
    assert!(report.contains(&format!("signature  valid, key:{public}")), "{report}");

    // One byte changed after signing: the report says so.
    let mut bytes = std::fs::read(dir.join("probe.wasm")).unwrap();
    let at = bytes.windows(5).position(|w| w == b"Probe").unwrap();
    bytes[at] = b'X';
    std::fs::write(dir.join("probe.wasm"), bytes).unwrap();
    let report = text(&annex(&["inspect", "probe.wasm"], &dir));
    assert!(report.contains("signature  INVALID"), "{report}");
}

#[test]
fn bad_input_gets_an_error_with_its_code_and_the_file() {
    let dir = folder("errors");
    std::fs::write(dir.join("notes.txt"), "not wasm").unwrap();
    let out = annex(&["inspect", "notes.txt"], &dir);
    assert!(!out.status.success());
    let message = text(&out);
    assert!(
        message.contains("error[module_invalid]: notes.txt: not a WebAssembly module"),
        "{message}"
    );

    let out = annex(&["sign", "notes.txt"], &dir);
    assert!(text(&out).contains("error[usage]: no key"), "{}", text(&out));

    let out = annex(&["build", "."], &dir);
    assert!(
        text(&out).contains("error[not_a_plugin]") && text(&out).contains("has no Cargo.toml"),
        "{}",
        text(&out)
    );

    let out = annex(&["new", "Bad_Name"], &dir);
    assert!(text(&out).contains("is not a plugin name"), "{}", text(&out));
    let out = annex(&["new", "ok", "--family", "sound"], &dir);
    assert!(text(&out).contains("unknown family `sound`"), "{}", text(&out));
}

#[test]
fn new_crates_are_rustfmt_clean_whatever_the_family_and_name() {
    let dir = folder("new-fmt");
    let families =
        ["filter", "typography", "animation", "analytics", "storage", "network", "custom"];
    // Names of different lengths move code past the line width differently.
    for (family, name) in families.iter().zip(["a", "a-long-plugin-name"].iter().cycle()) {
        let crate_name = format!("{name}-{family}");
        let out = annex(&["new", &crate_name, "--family", family], &dir);
        assert!(out.status.success(), "annex new: {}", text(&out));
        let check = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["fmt", "--check"])
            .current_dir(dir.join(&crate_name))
            .output()
            .expect("cargo fmt runs");
        assert!(check.status.success(), "{crate_name} is not formatted:\n{}", text(&check));
    }
}
