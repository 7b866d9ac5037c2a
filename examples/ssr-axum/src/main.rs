//! The server: renders the page with Leptos and serves the client build
//! (`site/pkg/`), the plugins (`site/plugins/`) and the worker bundle
//! (`site/annex-worker/`), all written before it starts (see the README).
//!
//! `PORT` (default 3000) and `SITE` (default `site`) configure it.

use std::net::SocketAddr;

use annex_example_ssr_axum::app::shell;
use axum::Router;
use leptos::prelude::LeptosOptions;
use tower_http::services::{ServeDir, ServeFile};

#[tokio::main]
async fn main() {
    // Leptos spawns its rendering tasks on tokio (leptos_axum sets this up
    // only on its routing paths, which a page without a router skips).
    any_spawner::Executor::init_tokio().expect("the executor is set once");
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);
    let site = std::env::var("SITE").unwrap_or_else(|_| "site".into());
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let options = LeptosOptions::builder()
        .output_name("annex_example_ssr_axum")
        .site_root(site.clone())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .build();
    let page = leptos_axum::render_app_to_stream(move || shell(options.clone()));
    let app = Router::new()
        .route("/", axum::routing::get(page))
        .nest_service("/pkg", ServeDir::new(format!("{site}/pkg")))
        .nest_service("/plugins", ServeDir::new(format!("{site}/plugins")))
        .nest_service("/annex-worker", ServeDir::new(format!("{site}/annex-worker")))
        .route_service("/style.css", ServeFile::new("style.css"));
    let listener = tokio::net::TcpListener::bind(address).await.expect("the port is free");
    eprintln!("annex-example-ssr-axum: serving on http://{address}");
    axum::serve(listener, app).await.expect("the server runs");
}
