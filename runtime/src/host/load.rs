//! Loading one plugin from a URL or from bytes.

use std::rc::Rc;

use annex_protocol::manifest::resolve_config;
use annex_protocol::Manifest;
use js_sys::{Uint8Array, WebAssembly};
use wasm_bindgen_futures::JsFuture;

use super::check::{self, Checked};
use super::{LoadOptions, PluginHost};
use crate::events::{DependencyChange, EventKind};
use crate::fetch::fetch_bytes;
use crate::js::error_text;
use crate::lifecycle::StatusKind;
use crate::permissions::{self, Publisher};
use crate::plugin::Prepared;
use crate::PluginLimits;
use crate::{Error, Plugin, Result};
use annex_module::limits::{self, Enforced};
use annex_protocol::ErrorCode;

impl PluginHost {
    /// Downloads a plugin module and loads it with its default configuration.
    pub async fn load_url(&self, url: &str) -> Result<Plugin> {
        self.load_url_with(url, LoadOptions::default()).await
    }

    /// Downloads a plugin module and loads it (see [`PluginHost::load_bytes_with`]).
    pub async fn load_url_with(&self, url: &str, options: LoadOptions) -> Result<Plugin> {
        self.shared.events.emit(None, EventKind::LoadStarted { source: url.to_owned() });
        let started = crate::js::now_ms();
        let max_bytes = self.config().limits.module.module_bytes;
        let bytes = match fetch_bytes(url, None, Some(max_bytes)).await {
            Ok(bytes) => bytes,
            Err(f) => return Err(self.load_failed(f.into_module_error(url))),
        };
        let prepared = self.prepare(bytes.to_vec(), url, None).await?;
        self.start(&prepared, options, started).await
    }

    /// Loads a plugin from module bytes with its default configuration.
    pub async fn load_bytes(&self, bytes: &[u8], source_name: &str) -> Result<Plugin> {
        self.load_bytes_with(bytes, source_name, LoadOptions::default()).await
    }

    /// Loads a plugin from module bytes. `source_name` (a URL or file name)
    /// names the plugin in errors until its manifest has been read.
    ///
    /// In order, before any plugin code runs: the module is parsed, its
    /// `annex.manifest` section validated, its imports checked against the
    /// permissions granted, its ABI exports checked, its dependencies checked
    /// against the running plugins, and the configuration checked against the
    /// manifest's schema. Then it is compiled, a worker is started, and the
    /// plugin is instantiated and initialized there. The returned plugin is
    /// [`StatusKind::Active`].
    pub async fn load_bytes_with(
        &self,
        bytes: &[u8],
        source_name: &str,
        options: LoadOptions,
    ) -> Result<Plugin> {
        self.shared.events.emit(None, EventKind::LoadStarted { source: source_name.to_owned() });
        let started = crate::js::now_ms();
        let prepared = self.prepare(bytes.to_vec(), source_name, None).await?;
        self.start(&prepared, options, started).await
    }

    /// Checks and compiles module bytes. `unsigned` is who vouches for them
    /// if they are not signed (see [`Publisher::of`]). The bytes are owned:
    /// a module may be 16 MiB, and each copy costs the main thread.
    pub(crate) async fn prepare(
        &self,
        bytes: Vec<u8>,
        source_name: &str,
        unsigned: Option<Publisher>,
    ) -> Result<Rc<Prepared>> {
        let checked = check::check(&bytes, source_name).map_err(|e| self.load_failed(e))?;
        let id = checked.manifest.id.clone();
        let sha256 = crate::cache::sha256_hex(&bytes);
        let publisher = Publisher::of(&bytes, &sha256, &self.config().signatures, unsigned)
            .map_err(|reason| {
                self.load_failed(Error::Module {
                    source_name: id.to_string(),
                    reason,
                    code: ErrorCode::SignatureInvalid,
                })
            })?;
        let limit = memory_limit(&self.config().limits, &checked.manifest);
        let enforced = limits::enforce(&bytes, &self.config().limits.module, limit);
        let (capped, Enforced { memory, .. }) = enforced.map_err(|error| {
            self.load_failed(Error::Module {
                source_name: id.to_string(),
                reason: error.to_string(),
                code: error.code(),
            })
        })?;
        let module = compile(&Uint8Array::from(&capped[..]))
            .await
            .map_err(|reason| self.load_failed(Error::Compile { plugin: id, reason }))?;
        let Checked { manifest, imports } = checked;
        let manifest = Rc::new(manifest);
        Ok(Rc::new(Prepared { manifest, imports, publisher, memory, module, sha256 }))
    }

    /// Registers a prepared module and starts it: configuration and
    /// dependencies checked, an older failed or disabled registration
    /// replaced, then the worker started.
    pub(crate) async fn start(
        &self,
        prepared: &Rc<Prepared>,
        options: LoadOptions,
        started: f64,
    ) -> Result<Plugin> {
        let manifest = &prepared.manifest;
        let id = manifest.id.clone();
        let config = resolve_config(&manifest.config, &options.config)
            .map_err(|errors| self.load_failed(Error::Config { plugin: id.clone(), errors }))?;
        crate::plugin::check_loaded(&self.shared.plugins.borrow(), manifest)
            .map_err(|e| self.load_failed(e))?;
        // Refused before anyone is asked for permissions.
        self.check_not_impostor(prepared)?;
        let config_ref = self.config();
        let decided = permissions::decide(
            manifest,
            &prepared.publisher,
            &config_ref.permissions,
            config_ref.approver.as_ref(),
            self.shared.grant_store.as_ref(),
            &self.shared.events,
        )
        .await;
        crate::plugin::check_grants(manifest, &prepared.imports, &decided.grants)
            .map_err(|e| self.load_failed(e))?;
        // Again: the real plugin may have registered while the user decided.
        self.check_not_impostor(prepared)?;
        let replaced = match self.plugin(&id) {
            // A failed or disabled plugin may be replaced; a running one may not.
            Some(existing) => match existing.status().kind() {
                StatusKind::Error | StatusKind::Disabled => {
                    existing.unload_unchecked().await?;
                    Some(existing.manifest().version.clone())
                }
                _ => return Err(self.load_failed(Error::AlreadyLoaded { plugin: id })),
            },
            None => None,
        };
        let version = manifest.version.clone();
        let plugin = Plugin::new(prepared, decided.statuses, config, self.shared.clone());
        self.shared.plugins.borrow_mut().insert(id, plugin.clone());
        plugin.activate(started).await?;
        // Fonts are registered before anything that depends on the plugin starts.
        let has_fonts =
            manifest.capabilities.typography.as_ref().is_some_and(|t| !t.fonts.is_empty());
        if has_fonts {
            if let Err(error) = plugin.typography()?.register_fonts().await {
                plugin.terminate(&error.to_string());
                return Err(self.load_failed(error));
            }
        }
        match replaced {
            Some(from) if from != version => {
                plugin.notify_dependents(DependencyChange::VersionChanged { from, to: version })
            }
            Some(_) => plugin.notify_dependents(DependencyChange::Restarted),
            None => {}
        }
        Ok(plugin)
    }

    /// Another publisher's module with a registered id is an impostor: it
    /// may not take the registration (nor the saved state) even of a failed
    /// or disabled plugin.
    fn check_not_impostor(&self, prepared: &Prepared) -> Result<()> {
        let id = &prepared.manifest.id;
        let Some(existing) = self.plugin(id) else { return Ok(()) };
        if existing.installed_publisher() == prepared.publisher {
            return Ok(());
        }
        Err(self.load_failed(Error::Module {
            source_name: id.to_string(),
            reason: format!(
                "it is published by {}, and the registered {id} by {}",
                prepared.publisher.0,
                existing.publisher()
            ),
            code: ErrorCode::AlreadyLoaded,
        }))
    }

    pub(crate) fn load_failed(&self, error: Error) -> Error {
        self.shared.events.emit(error.plugin(), EventKind::LoadFailed { error: error.clone() });
        error
    }
}

pub(crate) async fn compile(
    bytes: &Uint8Array,
) -> std::result::Result<WebAssembly::Module, String> {
    let module = JsFuture::from(WebAssembly::compile(bytes)).await.map_err(|e| error_text(&e))?;
    Ok(module.into())
}

/// The memory cap for a plugin: the host's limit, tightened by the manifest's budget.
fn memory_limit(limits: &PluginLimits, manifest: &Manifest) -> u64 {
    match manifest.loading.budgets.memory_mb {
        Some(mb) => limits.memory_bytes.min(u64::from(mb) << 20),
        None => limits.memory_bytes,
    }
}
