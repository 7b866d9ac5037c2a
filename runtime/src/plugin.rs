//! A loaded plugin, as the host application sees it.

use std::rc::Rc;
use std::time::Duration;

use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::permission::PermissionSet;
use annex_protocol::{ErrorCode, Manifest, PluginError, PluginId};
use js_sys::ArrayBuffer;

use crate::api::CanvasFilterApi;
use crate::worker::WorkerConnection;
use crate::{Error, Result};

/// Where a plugin is in its life.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PluginStatus {
    /// Its worker is running and it answers calls.
    Active,
    /// It stopped (timed out, crashed, or its worker died); calls fail with this error.
    Failed(Error),
}

/// A plugin running in its own worker. Cheap to clone; all clones share the worker.
#[derive(Debug, Clone)]
pub struct Plugin {
    inner: Rc<Inner>,
}

#[derive(Debug)]
struct Inner {
    manifest: Manifest,
    grants: PermissionSet,
    connection: WorkerConnection,
    call_timeout: Duration,
}

impl Plugin {
    pub(crate) fn new(
        manifest: Manifest,
        grants: PermissionSet,
        connection: WorkerConnection,
        call_timeout: Duration,
    ) -> Self {
        Self {
            inner: Rc::new(Inner {
                manifest,
                grants,
                connection,
                call_timeout,
            }),
        }
    }

    /// The plugin's id.
    pub fn id(&self) -> &PluginId {
        &self.inner.manifest.id
    }

    /// The plugin's manifest, as read from its module.
    pub fn manifest(&self) -> &Manifest {
        &self.inner.manifest
    }

    /// The permissions it was granted at load.
    pub fn grants(&self) -> &PermissionSet {
        &self.inner.grants
    }

    /// Whether it is running, or why it stopped.
    pub fn status(&self) -> PluginStatus {
        match self.inner.connection.failure() {
            None => PluginStatus::Active,
            Some(error) => PluginStatus::Failed(error),
        }
    }

    /// Size of the plugin's linear memory after its last call, in bytes.
    pub fn memory_bytes(&self) -> u32 {
        self.inner.connection.memory_bytes()
    }

    /// Round trip to the plugin with an empty request.
    pub async fn ping(&self) -> Result<()> {
        match self.call(PluginRequest::Ping, None).await?.0 {
            PluginResponse::Pong => Ok(()),
            other => Err(Error::Plugin {
                plugin: self.id().clone(),
                error: PluginError::new(
                    ErrorCode::Protocol,
                    format!("answered ping with {other:?}"),
                ),
            }),
        }
    }

    /// The canvas-filter API, if the plugin declares it.
    pub fn canvas_filter(&self) -> Result<CanvasFilterApi> {
        if self.manifest().capabilities.canvas_filter.is_none() {
            return Err(self.unsupported("canvas_filter"));
        }
        Ok(CanvasFilterApi::new(self.clone()))
    }

    /// Stops the plugin's worker at once. Calls waiting on it fail with
    /// [`ErrorCode::Terminated`]; its status becomes [`PluginStatus::Failed`].
    pub fn terminate(&self, reason: &str) {
        let error = Error::Terminated {
            plugin: self.id().clone(),
            reason: reason.to_owned(),
        };
        self.inner.connection.fail(error);
    }

    pub(crate) async fn call(
        &self,
        request: PluginRequest,
        payload: Option<ArrayBuffer>,
    ) -> Result<(PluginResponse, Option<ArrayBuffer>)> {
        self.inner
            .connection
            .call(request, payload, self.inner.call_timeout)
            .await
    }

    fn unsupported(&self, family: &str) -> Error {
        Error::Plugin {
            plugin: self.id().clone(),
            error: PluginError::unsupported(format!(
                "does not implement the `{family}` API (see its manifest's capabilities)"
            )),
        }
    }
}
