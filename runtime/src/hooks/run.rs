//! Running a hook point over the subscribed plugins.

use annex_protocol::api::hooks::{HookOutcome, HookRequest};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::{HookCondition, HookName};
use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, PluginError};
use serde_json::Value;

use super::{HookRun, HookStep, StepOutcome, Stopped};
use crate::host::{HostShared, VisitContext};
use crate::{Error, Plugin, Result, StatusKind};

/// Runs `hook` with `data` over the active plugins of `host` that subscribe to it.
pub(crate) async fn run_hook(host: &HostShared, hook: &HookName, data: Value) -> Result<HookRun> {
    let point = host.hooks.borrow().get(hook).cloned().ok_or_else(|| {
        Error::InvalidInput(format!(
            "hook `{hook}` is not declared; declare custom hooks with PluginHost::declare_hook"
        ))
    })?;
    let context = host.context.borrow().clone();
    let mut handlers: Vec<(Plugin, annex_protocol::manifest::HookSubscription)> = host
        .plugins
        .borrow()
        .values()
        .filter(|p| p.status().kind() == StatusKind::Active)
        .filter_map(|p| {
            p.manifest().hooks.iter().find(|s| &s.hook == hook).map(|s| (p.clone(), s.clone()))
        })
        .collect();
    handlers
        .sort_by(|(a, sa), (b, sb)| sa.priority.cmp(&sb.priority).then_with(|| a.id().cmp(b.id())));

    let mut run = HookRun { data, stopped: None, trace: Vec::with_capacity(handlers.len()) };
    for (plugin, subscription) in handlers {
        let step = |outcome, duration_ms| HookStep {
            plugin: plugin.id().clone(),
            priority: subscription.priority,
            outcome,
            duration_ms,
        };
        if let Some(stopped) = &run.stopped {
            let reason = format!("the chain was stopped by {}", stopped.by);
            run.trace.push(step(StepOutcome::Skipped { reason }, 0.0));
            continue;
        }
        if let Some(reason) = subscription.condition.as_ref().and_then(|c| unmet(c, &context)) {
            run.trace.push(step(StepOutcome::Skipped { reason }, 0.0));
            continue;
        }
        let started = crate::js::now_ms();
        let request = HookRequest { hook: hook.clone(), data: run.data.clone() };
        let answer = plugin.call(PluginRequest::Hook(Encoded::new(&request)), None).await;
        let answer = answer.and_then(|(response, _)| match response {
            PluginResponse::Hook(outcome) => outcome
                .decode()
                .map_err(|e| plugin.protocol(format!("hook answer not understood: {e}"))),
            other => Err(plugin.protocol(format!("answered a hook with {other:?}"))),
        });
        let elapsed = crate::js::now_ms() - started;
        let outcome = match answer {
            Ok(HookOutcome::Continue) => StepOutcome::Continued,
            Ok(HookOutcome::Modify { data }) => {
                run.data = data;
                StepOutcome::Modified
            }
            Ok(HookOutcome::Stop { reason }) => {
                run.stopped =
                    Some(Stopped { by: plugin.id().clone(), reason: reason.clone(), error: None });
                StepOutcome::Stopped { reason }
            }
            Ok(other) => StepOutcome::Failed(Error::Plugin {
                plugin: plugin.id().clone(),
                error: PluginError::new(
                    ErrorCode::Protocol,
                    format!("answered a hook with {other:?}"),
                ),
            }),
            Err(error) => StepOutcome::Failed(error),
        };
        if let (StepOutcome::Failed(error), true) = (&outcome, point.stop_on_error) {
            run.stopped =
                Some(Stopped { by: plugin.id().clone(), reason: None, error: Some(error.clone()) });
        }
        run.trace.push(step(outcome, elapsed));
    }
    Ok(run)
}

/// Whether an active plugin of `host` subscribes to `hook`, so callers can
/// skip building hook data nobody would see.
pub(crate) fn has_handlers(host: &HostShared, hook: &HookName) -> bool {
    host.plugins.borrow().values().any(|p| {
        p.status().kind() == StatusKind::Active
            && p.manifest().hooks.iter().any(|s| &s.hook == hook)
    })
}

/// Why a condition does not hold in `context`, or `None` when it does.
fn unmet(condition: &HookCondition, context: &VisitContext) -> Option<String> {
    if !condition.routes.is_empty() && !condition.routes.iter().any(|r| r.matches(&context.route)) {
        let routes: Vec<&str> = condition.routes.iter().map(|r| r.as_str()).collect();
        return Some(format!("route {} matches none of {}", context.route, routes.join(", ")));
    }
    if !condition.roles.is_empty() && !condition.roles.iter().any(|r| context.roles.contains(r)) {
        return Some(format!("the user has none of the roles {}", condition.roles.join(", ")));
    }
    None
}
