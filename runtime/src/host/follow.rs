//! Following a catalog that changes while the page is open: a development
//! server (`annex dev`) counts its rebuilds, and the host, told where to ask
//! ([`annex_protocol::catalog::DevReload`]), reads the catalog again after
//! each one and updates what changed (see [`PluginHost::apply_catalog`]).
//! Production sites call [`PluginHost::refresh_catalog`] when they deploy.
//!
//! The question is a long poll, `GET <events>?since=<n>`, answered with
//! `{"version": m}` as soon as the count passes `n` (or after a while with
//! the same count): plain `fetch`, so it needs nothing `connect-src` does not
//! already allow and works through any server.

use std::rc::Weak;
use std::time::Duration;

use annex_protocol::catalog::DevReload;
use gloo_timers::future::TimeoutFuture;
use serde::Deserialize;

use super::{HostShared, PluginHost};
use crate::fetch::fetch_bytes;

/// Longest a poll may take before it is asked again (the server answers
/// sooner).
const POLL_BUDGET: Duration = Duration::from_secs(40);
/// The events answer is `{"version": N}`; anything longer is not one.
const MAX_VERSION_BYTES: u64 = 4096;

#[derive(Deserialize)]
struct Version {
    version: u64,
}

impl PluginHost {
    /// Follows `dev.events` (see the module docs); on each change, reads the
    /// catalog at `catalog_url` again and updates the plugins whose build
    /// changed. Lasts as long as the host; a second call replaces the first.
    /// Refused updates are reported as [`crate::EventKind::UpdateRejected`]
    /// events, and the old versions keep running.
    pub fn follow_catalog(&self, catalog_url: &str, dev: &DevReload) {
        let generation = self.shared.following.get() + 1;
        self.shared.following.set(generation);
        let host = std::rc::Rc::downgrade(&self.shared);
        let (catalog_url, events_url) = (catalog_url.to_owned(), dev.events.clone());
        wasm_bindgen_futures::spawn_local(follow(
            host,
            generation,
            catalog_url,
            events_url,
            dev.version,
        ));
    }

    /// Whether the host follows a catalog's changes.
    pub fn follows_catalog(&self) -> bool {
        self.shared.following.get() > 0
    }
}

async fn follow(
    host: Weak<HostShared>,
    generation: u32,
    catalog_url: String,
    events_url: String,
    mut seen: u64,
) {
    let separator = if events_url.contains('?') { '&' } else { '?' };
    loop {
        let still_ours = |host: &Weak<HostShared>| {
            host.upgrade().filter(|shared| shared.following.get() == generation)
        };
        if still_ours(&host).is_none() {
            return;
        }
        let url = format!("{events_url}{separator}since={seen}");
        let answer = fetch_bytes(&url, Some(POLL_BUDGET), Some(MAX_VERSION_BYTES)).await;
        let Some(shared) = still_ours(&host) else { return };
        let version = answer
            .map_err(|f| f.reason)
            .and_then(|bytes| {
                serde_json::from_slice::<Version>(&bytes.to_vec()).map_err(|e| e.to_string())
            })
            .map(|v| v.version);
        match version {
            Ok(version) if version != seen => {
                seen = version;
                let host = PluginHost { shared };
                if let Err(error) = host.refresh_catalog(&catalog_url).await {
                    crate::js::warn(&format!("annex: reading {catalog_url} again: {error}"));
                }
            }
            Ok(_) => {}
            Err(reason) => {
                drop(shared);
                crate::js::warn(&format!("annex: {events_url}: {reason}; asking again in 1 s"));
                TimeoutFuture::new(1_000).await;
            }
        }
    }
}
