//! `cargo xtask demo`: build the demo with Trunk and serve it on 127.0.0.1.

use std::process::Command;

use crate::cmd::{self, exec, root, Result};
use crate::{assets, setup};

/// Builds the demo into `dist/`; the assets (`cargo xtask build`) must be built first.
pub fn build() -> Result {
    exec(cmd::cargo().args(["fetch"]))?;
    exec(Command::new("trunk").args(["build", "--release"]).current_dir(root()))
}

pub fn run(args: &[String]) -> Result {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => port.parse().map_err(|e| format!("bad port: {e}"))?,
        _ => return Err("usage: cargo xtask demo [--port N]".into()),
    };
    setup::run(setup::Needs { trunk: true, browser: false, engines: false })?;
    assets::build()?;
    build()?;
    let server = annex_test_server::Server::start(root().join("dist"), port)
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    cmd::step(&format!("serving the demo at {} (Ctrl-C to stop)", server.url()));
    server.wait();
    Ok(())
}
