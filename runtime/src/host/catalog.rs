//! Loading from the catalog: dependencies first, through the module cache,
//! the compiled-module memory tier and the scheduler, with retries.

use std::rc::Rc;

use annex_protocol::catalog::{Catalog, CatalogEntry};
use annex_protocol::{ErrorCode, Manifest, PluginId, HOST_API_VERSION};
use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;

use super::{LoadOptions, PluginHost};
use crate::cache::{sha256_hex, CacheEntry, Lookup};
use crate::events::EventKind;
use crate::fetch::fetch_bytes;
use crate::permissions::Publisher;
use crate::plugin::Prepared;
use crate::resolver::{Request, Resolver};
use crate::scheduler::{backoff, classify, Failure};
use crate::{Error, Plugin, Result};

impl PluginHost {
    /// Sets the catalog [`PluginHost::activate`] resolves against (see
    /// [`crate::catalog::load_catalog`]).
    pub fn set_catalog(&self, catalog: Catalog) {
        *self.shared.catalog.borrow_mut() = Some(Rc::new(catalog));
    }

    /// The catalog, if one was set.
    pub fn catalog(&self) -> Option<Rc<Catalog>> {
        self.shared.catalog.borrow().clone()
    }

    /// Loads a plugin from the catalog with everything it depends on,
    /// dependencies first (see [`crate::resolver`] for how versions are
    /// chosen). Plugins already running keep their version. Returns the plugin,
    /// active.
    ///
    /// Calls for a plugin whose activation is under way share it: both get
    /// the same plugin (or the same error), and it is loaded once.
    pub async fn activate(&self, id: &PluginId) -> Result<Plugin> {
        let pending = self.shared.activations.join_or_start(id, || {
            let (host, id) = (self.clone(), id.clone());
            async move {
                let result = host.activate_now(&id).await;
                host.shared.activations.finished(&id);
                result
            }
        });
        pending.await
    }

    async fn activate_now(&self, id: &PluginId) -> Result<Plugin> {
        let catalog = self.require_catalog()?;
        let running: Vec<Plugin> =
            self.plugins().into_iter().filter(|p| p.status().kind().has_worker()).collect();
        let running_ids: Vec<&PluginId> = running.iter().map(Plugin::id).collect();
        let running_manifests: Vec<Rc<Manifest>> = running.iter().map(Plugin::manifest).collect();
        let available = catalog
            .plugins
            .iter()
            .map(|e| &e.manifest)
            .filter(|m| !running_ids.contains(&&m.id))
            .chain(running_manifests.iter().map(|m| &**m));
        let resolution = Resolver::new(available, HOST_API_VERSION)
            .peer_policy(self.config().peer_policy)
            .resolve(&[Request::any(id.clone())])
            .map_err(|e| Error::Dependency(Box::new(e)))?;
        for warning in &resolution.warnings {
            crate::js::warn(&format!("annex: activating {id}: {warning}"));
        }
        for next in &resolution.order {
            if running_ids.contains(&next) {
                continue;
            }
            let version = &resolution.selected[next].version;
            let entry = catalog
                .plugins
                .iter()
                .find(|e| &e.manifest.id == next && &e.manifest.version == version)
                .expect("the resolver only picks catalog entries");
            self.load_entry(&catalog, entry, LoadOptions::default()).await?;
        }
        self.get(id)
    }

    /// Makes sure a catalog plugin's module is downloaded (into the cache)
    /// and compiled, without starting it: what a preload does.
    pub async fn prefetch(&self, id: &PluginId) -> Result<()> {
        let catalog = self.require_catalog()?;
        let entry =
            catalog.entry(id.as_str()).ok_or_else(|| Error::NotFound { plugin: id.clone() })?;
        let _slot = self.shared.scheduler.slot(entry.manifest.loading.priority).await?;
        self.prepared(&catalog, entry).await.map(drop)
    }

    /// Loads one catalog entry (not its dependencies: see [`PluginHost::activate`]).
    pub(crate) async fn load_entry(
        &self,
        catalog: &Catalog,
        entry: &CatalogEntry,
        options: LoadOptions,
    ) -> Result<Plugin> {
        self.shared
            .events
            .emit(Some(&entry.manifest.id), EventKind::LoadStarted { source: entry.url.clone() });
        let started = crate::js::now_ms();
        let priority = entry.manifest.loading.priority;
        let slot = self.shared.scheduler.slot(priority).await.map_err(|e| self.load_failed(e))?;
        let prepared = self.prepared(catalog, entry).await?;
        let plugin = self.start(&prepared, options, started).await;
        drop(slot);
        plugin
    }

    /// The entry's compiled module: from the memory tier, or from verified
    /// bytes (cache, else network) compiled once and kept for the page.
    ///
    /// Unsigned, it is published by the origin of `catalog`, the one the
    /// entry was taken from (not whichever is set by the time the download
    /// ends): that catalog lists these bytes (their hash) under this id.
    pub(crate) async fn prepared(
        &self,
        catalog: &Catalog,
        entry: &CatalogEntry,
    ) -> Result<Rc<Prepared>> {
        let vouched = Publisher::catalog(&crate::catalog::origin(catalog));
        let cached = self.shared.compiled.borrow().get(&entry.sha256).cloned();
        if let Some(prepared) = cached {
            return Ok(prepared.vouched_by(&vouched));
        }
        let bytes = self.module_bytes(entry).await.map_err(|e| self.load_failed(e))?;
        let prepared = self.prepare(bytes.to_vec(), &entry.url, Some(vouched)).await?;
        if *prepared.manifest != entry.manifest {
            return Err(self.load_failed(Error::Module {
                source_name: entry.url.clone(),
                reason: "its embedded manifest differs from the catalog's copy".into(),
                code: ErrorCode::ManifestInvalid,
            }));
        }
        self.shared.compiled.borrow_mut().insert(entry.sha256.clone(), prepared.clone());
        Ok(prepared)
    }

    /// Verified module bytes: from the cache when it has them intact, else
    /// downloaded (with retries), checked against the catalog's hash and cached.
    async fn module_bytes(&self, entry: &CatalogEntry) -> Result<Uint8Array> {
        let id = &entry.manifest.id;
        let events = &self.shared.events;
        if let Some(cache) = &self.shared.cache {
            match cache.lookup(&entry.sha256).await {
                Ok(Lookup::Hit(bytes)) => {
                    events.emit(Some(id), EventKind::CacheHit { bytes: u64::from(bytes.length()) });
                    return Ok(bytes);
                }
                Ok(Lookup::Miss) => events.emit(Some(id), EventKind::CacheMiss),
                Ok(Lookup::Corrupt { actual }) => events.emit(
                    Some(id),
                    EventKind::IntegrityFailure {
                        source: "cache".into(),
                        expected: entry.sha256.clone(),
                        actual,
                    },
                ),
                Err(reason) => {
                    crate::js::warn(&format!("annex: module cache unavailable: {reason}"))
                }
            }
        }
        let bytes = self.download(entry).await?;
        let actual = sha256_hex(&bytes.to_vec());
        if actual != entry.sha256 {
            events.emit(
                Some(id),
                EventKind::IntegrityFailure {
                    source: entry.url.clone(),
                    expected: entry.sha256.clone(),
                    actual: actual.clone(),
                },
            );
            return Err(Error::Integrity {
                plugin: id.clone(),
                source_name: entry.url.clone(),
                expected: entry.sha256.clone(),
                actual,
            });
        }
        if let Some(cache) = &self.shared.cache {
            let now = js_sys::Date::now();
            let record = CacheEntry {
                sha256: actual,
                plugin: id.to_string(),
                version: entry.manifest.version.to_string(),
                size: u64::from(bytes.length()),
                fetched_at_ms: now,
                last_used_ms: now,
                hits: 0,
            };
            match cache.store(record, &bytes).await {
                Ok(evicted) => {
                    for (gone, reason) in evicted {
                        events.emit(
                            gone.plugin.parse().ok().as_ref(),
                            EventKind::CacheEvicted { reason, bytes: gone.size },
                        );
                    }
                }
                Err(reason) => crate::js::warn(&format!("annex: cannot cache {id}: {reason}")),
            }
        }
        Ok(bytes)
    }

    /// Downloads with the manifest's fetch budget, retrying transient failures
    /// with exponential backoff and jitter.
    async fn download(&self, entry: &CatalogEntry) -> Result<Uint8Array> {
        let loading = &entry.manifest.loading;
        let budget = std::time::Duration::from_millis(loading.timeouts.fetch_ms.into());
        let mut attempt = 1;
        loop {
            let max_bytes = self.config().limits.module.module_bytes;
            let error = match fetch_bytes(&entry.url, Some(budget), Some(max_bytes)).await {
                Ok(bytes) => return Ok(bytes),
                Err(f) => f.into_module_error(&entry.url),
            };
            if attempt >= loading.retry.attempts || classify(&error) == Failure::Permanent {
                return Err(error);
            }
            let delay = backoff(&loading.retry, attempt, js_sys::Math::random());
            self.shared.events.emit(
                Some(&entry.manifest.id),
                EventKind::RetryScheduled {
                    attempt: attempt + 1,
                    delay_ms: delay.as_millis() as u64,
                    error: error.clone(),
                },
            );
            TimeoutFuture::new(delay.as_millis() as u32).await;
            attempt += 1;
        }
    }

    fn require_catalog(&self) -> Result<Rc<Catalog>> {
        self.catalog().ok_or_else(|| {
            Error::InvalidInput("no catalog is set; call PluginHost::set_catalog first".into())
        })
    }
}
