//! Running the programs Annex drives (cargo, wasm-bindgen, wasm-opt...).

use std::process::Command;

use crate::{Error, Result};

/// `cargo`: the one running us when we run under cargo (so nested builds use
/// the same toolchain), else the one on `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` with its output shown, echoing it first; fails with its
/// exit status.
pub fn run(command: &mut Command) -> Result {
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|source| Error::Io { path: command.get_program().into(), source })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::CommandFailed { command: describe(command), status: status.to_string() })
    }
}

/// Runs `command` quietly and returns its stdout, if it ran and succeeded.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The command line, for messages.
pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Prints a step heading.
pub fn step(title: &str) {
    eprintln!("\n==> {title}");
}
