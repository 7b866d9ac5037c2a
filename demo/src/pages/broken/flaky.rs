//! Calls to the flaky plugin: started from the catalog, called through its
//! hook point `custom:flaky.call`, failures described with the plugin and
//! the cause.

use annex_leptos::HostContext;
use annex_runtime::hooks::StepOutcome;
use annex_runtime::protocol::manifest::HookName;
use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, Plugin, PluginHost, StatusKind};
use serde_json::json;

/// The plugin this page breaks.
pub const FLAKY: &str = "dev.annex.flaky";

/// The hook point it answers.
const HOOK: &str = "custom:flaky.call";

/// What the visitor asks the plugin to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Answer, counting the call.
    Work,
    /// Loop forever.
    Hang,
    /// Panic.
    Crash,
}

impl Action {
    /// Every action, in button order.
    pub const ALL: [Action; 3] = [Action::Work, Action::Hang, Action::Crash];

    /// The action as the plugin spells it (also the button's id).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::Hang => "hang",
            Self::Crash => "crash",
        }
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Work => "Work",
            Self::Hang => "Hang (loop forever)",
            Self::Crash => "Crash (panic)",
        }
    }

    /// What the status line says while the call runs.
    pub fn waiting(self) -> String {
        match self {
            Self::Work => format!("Asking {FLAKY} to work…"),
            Self::Hang => format!(
                "{FLAKY} is looping in its worker; the host gives up after the 3 s call budget. \
                 Watch the ticker: the page is not blocked."
            ),
            Self::Crash => format!("Asking {FLAKY} to panic…"),
        }
    }
}

/// The plugin's id.
pub fn flaky_id() -> Result<PluginId, String> {
    FLAKY.parse().map_err(|e| format!("{FLAKY}: {e}"))
}

fn hook() -> Result<HookName, String> {
    HOOK.parse().map_err(|e| format!("{HOOK}: {e}"))
}

/// Waits for the host, offers the hook point and starts the plugin.
pub async fn start(context: HostContext) -> Result<String, String> {
    let host = context.await.map_err(|e| e.to_string())?;
    host.declare_hook(hook()?, false);
    let plugin = running(&host).await?;
    let manifest = plugin.manifest();
    Ok(format!(
        "{} {} ({FLAKY}) is running in its own worker. Pick what it should do.",
        manifest.name, manifest.version
    ))
}

/// The plugin, ready for a call: activated from the catalog when the host
/// does not have it, woken when parked; an error saying why otherwise.
async fn running(host: &PluginHost) -> Result<Plugin, String> {
    let id = flaky_id()?;
    let Some(plugin) = host.plugin(&id) else {
        return host.activate(&id).await.map_err(|e| e.to_string());
    };
    let status = plugin.status();
    let why = || status.error().map(|e| format!(": {e}")).unwrap_or_default();
    match status.kind() {
        StatusKind::Active => Ok(plugin),
        StatusKind::Parked => plugin.ping().await.map(|()| plugin).map_err(|e| e.to_string()),
        StatusKind::Disabled => {
            Err(format!("{FLAKY} is disabled{}. Press “Enable again” to continue.", why()))
        }
        StatusKind::Error => Err(format!("{FLAKY} failed and is waiting for its restart{}", why())),
        StatusKind::Unloaded => host.activate(&id).await.map_err(|e| e.to_string()),
        other => Err(format!("{FLAKY} is {}; try again in a moment", other.as_str())),
    }
}

/// Runs `action` in the plugin; the count of answered `work` calls, or what
/// went wrong.
pub async fn call(context: HostContext, action: Action) -> Result<u64, String> {
    let host = context.await.map_err(|e| e.to_string())?;
    let plugin = running(&host).await?;
    let run = host
        .run_hook(&hook()?, json!({ "action": action.as_str() }))
        .await
        .map_err(|e| e.to_string())?;
    let step = run.trace.iter().find(|step| &step.plugin == plugin.id()).ok_or_else(|| {
        format!("{FLAKY} did not take the call (it is {})", plugin.status().kind().as_str())
    })?;
    match &step.outcome {
        StepOutcome::Modified => run.data["count"]
            .as_u64()
            .ok_or_else(|| format!("{FLAKY} answered without a count: {}", run.data)),
        StepOutcome::Failed(error) => Err(describe(error)),
        StepOutcome::Skipped { reason } => Err(format!("{FLAKY} was skipped: {reason}")),
        other => Err(format!("{FLAKY} answered {other:?}")),
    }
}

/// The error with its cause (`timeout`, `panic`, `trap`…).
pub fn describe(error: &Error) -> String {
    format!("{error} (cause: {})", error.code())
}

/// Starts a disabled plugin again (after its restart budget was spent).
pub async fn enable(context: HostContext) -> Result<String, String> {
    let host = context.await.map_err(|e| e.to_string())?;
    let plugin = host.plugin(&flaky_id()?).ok_or_else(|| format!("{FLAKY} is not loaded"))?;
    plugin.enable().await.map_err(|e| e.to_string())?;
    Ok(format!("{FLAKY} is enabled again, in a new worker."))
}
