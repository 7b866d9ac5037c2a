//! Watching plugin crates for changes, by polling modification times (no
//! platform file-watching API to differ between systems, and a plugin crate
//! is a handful of files).

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::Result;

/// How often the files are looked at.
const EVERY: Duration = Duration::from_millis(300);

/// Folders a build writes to, or that are not sources.
const SKIP: [&str; 4] = ["target", "fixtures", ".git", "node_modules"];

/// The newest modification time and the number of files under `roots`.
fn snapshot(roots: &[PathBuf]) -> (Option<SystemTime>, usize) {
    let mut newest = None;
    let mut files = 0;
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            let skipped =
                path.file_name().and_then(|n| n.to_str()).is_some_and(|n| SKIP.contains(&n));
            if skipped && !roots.contains(&path) {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else {
            files += 1;
            let modified = meta.modified().ok();
            if modified > newest {
                newest = modified;
            }
        }
    }
    (newest, files)
}

/// The roots, for a message.
pub(super) fn describe(roots: &[PathBuf]) -> String {
    roots.iter().map(|r| r.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Calls `changed` after each change under `roots` (once the files are
/// quiet for a moment: editors save in steps). Never returns.
pub(super) fn watch(roots: &[PathBuf], mut changed: impl FnMut()) -> Result {
    let mut last = snapshot(roots);
    loop {
        std::thread::sleep(EVERY);
        let now = snapshot(roots);
        if now == last {
            continue;
        }
        let mut settled = now;
        loop {
            std::thread::sleep(EVERY);
            let again = snapshot(roots);
            if again == settled {
                break;
            }
            settled = again;
        }
        changed();
        // What the build itself touched does not count as a change.
        last = snapshot(roots);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_or_edited_source_changes_the_snapshot_and_build_output_does_not() {
        let root = std::env::temp_dir().join(format!("annex-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        std::fs::write(root.join("src/lib.rs"), "a").unwrap();
        let roots = [root.clone()];
        let before = snapshot(&roots);
        std::fs::write(root.join("target/out.wasm"), "built").unwrap();
        assert_eq!(snapshot(&roots), before, "build output is not a change");
        std::fs::write(root.join("src/new.rs"), "b").unwrap();
        assert_ne!(snapshot(&roots), before);
        std::fs::remove_dir_all(root).unwrap();
    }
}
