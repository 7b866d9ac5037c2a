//! `annex-serve <folder> [port]`: serves a folder on 127.0.0.1 until stopped.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: annex-serve <folder> [port]");
        return ExitCode::FAILURE;
    };
    let port = match args.next().map(|p| p.parse::<u16>()) {
        None => 8080,
        Some(Ok(port)) => port,
        Some(Err(e)) => {
            eprintln!("annex-serve: bad port: {e}");
            return ExitCode::FAILURE;
        }
    };
    match annex_test_server::Server::start(&root, port) {
        Ok(server) => {
            eprintln!("annex-serve: serving {root} at {}", server.url());
            server.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("annex-serve: cannot listen on 127.0.0.1:{port}: {e}");
            ExitCode::FAILURE
        }
    }
}
