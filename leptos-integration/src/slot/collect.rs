//! Turning a slot's hook run into the items to show: each checked, claimed
//! by a plugin that really contributed, in the chain's priority order.

use std::collections::HashMap;

use annex_runtime::hooks::{HookRun, StepOutcome};
use annex_runtime::protocol::api::slot::{SlotContribution, MAX_PER_PLUGIN};
use annex_runtime::protocol::PluginId;
use serde_json::Value;

/// What a slot shows, and what it refused.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlotItems {
    /// The items, in the order of their plugins' hook priority (ties by id).
    pub items: Vec<SlotContribution>,
    /// Why each refused item was refused; each message names the plugin.
    pub refused: Vec<String>,
}

/// The checked items of `run` for slot `slot`.
///
/// An item is refused when it is not a well-formed [`SlotContribution`]
/// (unknown fields such as `html` included), fails its
/// [`SlotContribution::check`], claims a plugin that did not modify the data
/// in this run, or is past [`MAX_PER_PLUGIN`] for its plugin. Handlers that
/// failed are reported too.
///
/// A chain passes each handler the items before it, so a handler could
/// change or drop earlier items and claim to be one that ran: the host sees
/// only the final data. This check keeps claims to plugins that ran; it
/// cannot tell which of those wrote an item.
pub(crate) fn collect(slot: &str, run: &HookRun) -> SlotItems {
    let order: HashMap<&PluginId, usize> = run
        .trace
        .iter()
        .enumerate()
        .filter(|(_, step)| matches!(step.outcome, StepOutcome::Modified))
        .map(|(i, step)| (&step.plugin, i))
        .collect();
    let mut out = SlotItems::default();
    for step in &run.trace {
        if let StepOutcome::Failed(error) = &step.outcome {
            out.refused.push(format!("slot {slot}: the handler failed: {error}"));
        }
    }
    let raw = run.data.get("contributions").and_then(Value::as_array);
    let mut counted: HashMap<PluginId, usize> = HashMap::new();
    let mut accepted: Vec<(usize, SlotContribution)> = Vec::new();
    for value in raw.into_iter().flatten() {
        let claimed = value.get("plugin").and_then(Value::as_str).unwrap_or("(no plugin)");
        let item = match serde_json::from_value::<SlotContribution>(value.clone()) {
            Ok(item) => item,
            Err(error) => {
                out.refused
                    .push(format!("slot {slot}: an item from {claimed} is malformed: {error}"));
                continue;
            }
        };
        let Some(&position) = order.get(&item.plugin) else {
            out.refused.push(format!(
                "slot {slot}: an item claims to come from {claimed}, which did not contribute in this run"
            ));
            continue;
        };
        if let Err(reason) = item.check() {
            out.refused.push(format!("slot {slot}: an item from {claimed} is refused: {reason}"));
            continue;
        }
        let count = counted.entry(item.plugin.clone()).or_default();
        *count += 1;
        if *count > MAX_PER_PLUGIN {
            out.refused.push(format!(
                "slot {slot}: {claimed} contributed more than {MAX_PER_PLUGIN} items; the rest are dropped"
            ));
            continue;
        }
        accepted.push((position, item));
    }
    if raw.is_none() {
        out.refused.push(format!("slot {slot}: the handlers left no `contributions` array"));
    }
    // Stable: a plugin's own items keep their order.
    accepted.sort_by_key(|(position, _)| *position);
    out.items = accepted.into_iter().map(|(_, item)| item).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_runtime::hooks::HookStep;
    use annex_runtime::protocol::manifest::Priority;
    use serde_json::json;

    fn step(plugin: &str, outcome: StepOutcome) -> HookStep {
        HookStep {
            plugin: plugin.parse().unwrap(),
            priority: Priority::Normal,
            outcome,
            duration_ms: 1.0,
        }
    }

    fn run(trace: Vec<HookStep>, contributions: Value) -> HookRun {
        HookRun {
            data: json!({"slot": "custom:s", "contributions": contributions}),
            stopped: None,
            trace,
        }
    }

    #[test]
    fn items_follow_the_trace_order_not_the_array_order() {
        let run = run(
            vec![
                step("dev.t.first", StepOutcome::Modified),
                step("dev.t.second", StepOutcome::Modified),
            ],
            json!([{"plugin": "dev.t.second", "title": "B"}, {"plugin": "dev.t.first", "title": "A"}]),
        );
        let got = collect("custom:s", &run);
        let titles: Vec<_> = got.items.iter().map(|i| i.title.clone().unwrap()).collect();
        assert_eq!(titles, ["A", "B"]);
        assert!(got.refused.is_empty(), "{:?}", got.refused);
    }

    #[test]
    fn bad_items_are_refused_with_the_plugin_and_the_cause() {
        let run = run(
            vec![
                step("dev.t.a", StepOutcome::Modified),
                step("dev.t.skipped", StepOutcome::Skipped { reason: "role".into() }),
            ],
            json!([
                {"plugin": "dev.t.a", "html": "<b>x</b>"},
                {"plugin": "dev.t.skipped", "title": "forged"},
                {"plugin": "dev.t.a", "link": {"href": "javascript:alert(1)", "label": "x"}},
                {"plugin": "dev.t.a", "title": "fine"},
            ]),
        );
        let got = collect("custom:s", &run);
        assert_eq!(got.items.len(), 1);
        assert_eq!(got.refused.len(), 3, "{:?}", got.refused);
        assert!(
            got.refused[0].starts_with(
                "slot custom:s: an item from dev.t.a is malformed: unknown field `html`"
            ),
            "{}",
            got.refused[0]
        );
        assert_eq!(got.refused[1], "slot custom:s: an item claims to come from dev.t.skipped, which did not contribute in this run");
        assert!(got.refused[2].contains("javascript:alert(1)"), "{}", got.refused[2]);
    }

    #[test]
    fn a_plugin_gets_a_limited_number_of_items() {
        let many: Vec<Value> = (0..MAX_PER_PLUGIN + 2)
            .map(|i| json!({"plugin": "dev.t.a", "text": i.to_string()}))
            .collect();
        let got = collect(
            "custom:s",
            &run(vec![step("dev.t.a", StepOutcome::Modified)], Value::Array(many)),
        );
        assert_eq!(got.items.len(), MAX_PER_PLUGIN);
        assert_eq!(got.refused.len(), 2);
    }
}
