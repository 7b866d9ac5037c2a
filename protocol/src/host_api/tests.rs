use super::*;
use crate::permission::Permission;
use ValType::I32;

fn func(name: &str, params: &[ValType], results: &[ValType]) -> ModuleImport {
    ModuleImport {
        module: "annex".into(),
        name: name.into(),
        kind: ImportKind::Function { params: params.to_vec(), results: results.to_vec() },
    }
}

fn set(perms: &[Permission]) -> PermissionSet {
    perms.iter().cloned().collect()
}

#[test]
fn core_functions_need_no_permission() {
    let imports = [func("log", &[I32, I32, I32], &[]), func("panic", &[I32, I32], &[])];
    assert_eq!(check_imports(&imports, &set(&[]), &set(&[])), Ok(()));
}

#[test]
fn gated_function_needs_its_permission_granted() {
    let imports = [func("system_info", &[I32, I32], &[I32])];
    let granted = set(&[Permission::SystemInfo]);
    assert_eq!(check_imports(&imports, &granted, &granted), Ok(()));

    let err = check_imports(&imports, &set(&[]), &granted).unwrap_err();
    assert!(err.is_permission());
    assert_eq!(
        err.to_string(),
        "imports `annex.system_info`, which needs permission `system.info`, and it was not granted"
    );
    let err = check_imports(&imports, &set(&[]), &set(&[])).unwrap_err();
    assert!(err.to_string().ends_with("which the manifest does not request"), "{err}");
}

#[test]
fn unknown_imports_are_named() {
    let mut import = func("fs_open", &[], &[]);
    let err = check_imports(&[import.clone()], &set(&[]), &set(&[])).unwrap_err();
    assert_eq!(err.to_string(), "imports `annex.fs_open`, which the host does not provide");
    import.module = "env".into();
    import.name = "log".into();
    let err = check_imports(&[import], &set(&[]), &set(&[])).unwrap_err();
    assert_eq!(err.to_string(), "imports `env.log`, which the host does not provide");
}

#[test]
fn non_function_imports_are_refused() {
    let import = ModuleImport {
        module: "annex".into(),
        name: "log".into(),
        kind: ImportKind::Other("memory"),
    };
    assert!(check_imports(&[import], &set(&[]), &set(&[])).is_err());
}

#[test]
fn mistyped_imports_show_both_signatures() {
    let err =
        check_imports(&[func("log", &[ValType::I64], &[I32])], &set(&[]), &set(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "imports `annex.log` as (i64) -> (i32), but the host provides (i32, i32, i32) -> ()"
    );
}
