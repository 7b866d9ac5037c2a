//! The plugin host: loads plugins and keeps track of them.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use annex_protocol::host_api::check_imports;
use annex_protocol::manifest::Manifest;
use annex_protocol::permission::PermissionSet;
use annex_protocol::{ErrorCode, PluginId};
use js_sys::{Uint8Array, WebAssembly};
use wasm_bindgen_futures::JsFuture;

use crate::fetch::fetch_bytes;
use crate::js::error_text;
use crate::module::inspect;
use crate::worker::WorkerConnection;
use crate::{Error, HostConfig, Plugin, PluginStatus, Result};

/// Loads plugins, each into its own Web Worker, and keeps them.
///
/// Cheap to clone; clones share the same plugins.
#[derive(Debug, Clone)]
pub struct PluginHost {
    inner: Rc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: HostConfig,
    worker_module: WebAssembly::Module,
    plugins: RefCell<BTreeMap<PluginId, Plugin>>,
}

impl PluginHost {
    /// Starts a host: downloads and compiles the worker code once, so each
    /// plugin worker starts from the compiled module.
    pub async fn new(config: HostConfig) -> Result<Self> {
        let wasm_url = &config.worker.wasm_url;
        let bytes = fetch_bytes(wasm_url).await.map_err(|reason| {
            Error::Setup(format!("cannot fetch the worker code {wasm_url}: {reason}"))
        })?;
        let worker_module = compile(&bytes).await.map_err(|reason| {
            Error::Setup(format!(
                "cannot compile the worker code {wasm_url}: {reason}"
            ))
        })?;
        Ok(Self {
            inner: Rc::new(Inner {
                config,
                worker_module,
                plugins: RefCell::default(),
            }),
        })
    }

    /// The host's configuration.
    pub fn config(&self) -> &HostConfig {
        &self.inner.config
    }

    /// Downloads a plugin module and loads it (see [`PluginHost::load_bytes`]).
    pub async fn load_url(&self, url: &str) -> Result<Plugin> {
        let bytes = fetch_bytes(url).await.map_err(|reason| Error::Fetch {
            url: url.to_owned(),
            reason,
        })?;
        self.load_module(&bytes, url).await
    }

    /// Loads a plugin from module bytes. `source_name` (a URL or file name)
    /// names the plugin in errors until its manifest has been read.
    ///
    /// In order, before any plugin code runs: the module is parsed, its
    /// `annex.manifest` section validated, its imports checked against the
    /// permissions granted, and its ABI exports checked. Then it is compiled,
    /// a worker is started, and the plugin is instantiated and initialized
    /// there.
    pub async fn load_bytes(&self, bytes: &[u8], source_name: &str) -> Result<Plugin> {
        self.load_module(&Uint8Array::from(bytes), source_name)
            .await
    }

    /// A loaded plugin by id.
    pub fn plugin(&self, id: &PluginId) -> Option<Plugin> {
        self.inner.plugins.borrow().get(id).cloned()
    }

    /// Every loaded plugin, ordered by id.
    pub fn plugins(&self) -> Vec<Plugin> {
        self.inner.plugins.borrow().values().cloned().collect()
    }

    async fn load_module(&self, bytes: &Uint8Array, source_name: &str) -> Result<Plugin> {
        let (manifest, grants) = self.check(&bytes.to_vec(), source_name)?;
        let plugin = manifest.id.clone();
        if let Some(existing) = self.plugin(&plugin) {
            // A failed plugin may be loaded again; a running one may not.
            if existing.status() == PluginStatus::Active {
                return Err(Error::AlreadyLoaded { plugin });
            }
        }
        let module = compile(bytes).await.map_err(|reason| Error::Compile {
            plugin: plugin.clone(),
            reason,
        })?;
        let config = &self.inner.config;
        let connection = WorkerConnection::spawn(
            plugin.clone(),
            &config.worker,
            &self.inner.worker_module,
            config.load_timeout,
        )
        .await?;
        let loaded = connection
            .load(
                &module,
                grants.iter().cloned().collect(),
                serde_json::Value::Null,
                config.load_timeout,
            )
            .await;
        if let Err(error) = loaded {
            connection.fail(error.clone());
            return Err(error);
        }
        let handle = Plugin::new(manifest, grants, connection, config.call_timeout);
        self.inner
            .plugins
            .borrow_mut()
            .insert(plugin, handle.clone());
        Ok(handle)
    }

    /// Everything decided from the bytes alone: manifest, grants, imports, ABI.
    fn check(&self, bytes: &[u8], source_name: &str) -> Result<(Manifest, PermissionSet)> {
        let module_error = |code, reason| Error::Module {
            source_name: source_name.to_owned(),
            reason,
            code,
        };
        let info = inspect(bytes).map_err(|(code, reason)| module_error(code, reason))?;
        let section = info.manifest.as_deref().ok_or_else(|| {
            module_error(
                ErrorCode::ManifestInvalid,
                "has no `annex.manifest` custom section (is it built with annex_sdk::export_plugin!?)"
                    .to_owned(),
            )
        })?;
        let parsed = Manifest::from_json(section).map_err(|error| Error::Manifest {
            source_name: source_name.to_owned(),
            error,
        })?;
        let manifest = parsed.manifest;
        for warning in parsed.warnings {
            web_sys::console::warn_1(
                &format!("annex: plugin {}: manifest {warning}", manifest.id).into(),
            );
        }
        let requested = manifest.requested_permissions();
        let grants: PermissionSet = requested
            .intersection(&self.inner.config.auto_grant)
            .cloned()
            .collect();
        check_imports(&info.imports, &grants, &requested).map_err(|violation| Error::Import {
            plugin: manifest.id.clone(),
            violation: Box::new(violation),
        })?;
        if let Some(export) = info.missing_export() {
            return Err(Error::Module {
                source_name: manifest.id.to_string(),
                reason: format!("does not export `{export}`, which the Annex ABI requires"),
                code: ErrorCode::AbiMismatch,
            });
        }
        Ok((manifest, grants))
    }
}

async fn compile(bytes: &Uint8Array) -> std::result::Result<WebAssembly::Module, String> {
    let module = JsFuture::from(WebAssembly::compile(bytes))
        .await
        .map_err(|e| error_text(&e))?;
    Ok(module.into())
}
