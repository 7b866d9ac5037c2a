//! Turning a slot's hook run into the items to show: each checked, claimed
//! by a plugin that really contributed, in the chain's priority order.

use std::collections::HashMap;

use annex_runtime::hooks::{HookRun, StepOutcome};
use annex_runtime::protocol::api::slot::{SlotContribution, MAX_PER_PLUGIN};
use annex_runtime::protocol::PluginId;
use serde_json::Value;

/// The most refusal messages a slot keeps; the rest are only counted.
pub const MAX_REFUSALS_LISTED: usize = 16;

/// What a slot shows, and what it refused.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlotItems {
    /// The items, in the order of their plugins' hook priority (ties by id).
    pub items: Vec<SlotContribution>,
    /// Why refused items were refused, each message naming the plugin; at
    /// most [`MAX_REFUSALS_LISTED`] (see `refused_count`).
    pub refused: Vec<String>,
    /// How many items (and failed handlers) were refused in all.
    pub refused_count: usize,
}

impl SlotItems {
    fn refuse(&mut self, reason: impl FnOnce() -> String) {
        self.refused_count += 1;
        if self.refused.len() < MAX_REFUSALS_LISTED {
            self.refused.push(reason());
        }
    }
}

/// The checked items of `run` for slot `slot`.
///
/// An item is refused when it is not a well-formed [`SlotContribution`]
/// (unknown fields such as `html` included), fails its
/// [`SlotContribution::check`], claims a plugin that did not modify the data
/// in this run, or is past [`MAX_PER_PLUGIN`] for its plugin. Handlers that
/// failed are reported too. The array comes from plugins, so only as many
/// items are read as could be shown plus [`MAX_REFUSALS_LISTED`]; the rest
/// are refused unread, in one message.
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
            out.refuse(|| format!("slot {slot}: the handler failed: {error}"));
        }
    }
    let raw = run.data.get("contributions").and_then(Value::as_array);
    let mut counted: HashMap<PluginId, usize> = HashMap::new();
    let mut accepted: Vec<(usize, SlotContribution)> = Vec::new();
    let readable = order.len() * MAX_PER_PLUGIN + MAX_REFUSALS_LISTED;
    let unread = raw.map_or(0, |items| items.len().saturating_sub(readable));
    for value in raw.into_iter().flatten().take(readable) {
        let claimed = value.get("plugin").and_then(Value::as_str).unwrap_or("(no plugin)");
        let item = match serde_json::from_value::<SlotContribution>(value.clone()) {
            Ok(item) => item,
            Err(error) => {
                out.refuse(|| format!("slot {slot}: an item from {claimed} is malformed: {error}"));
                continue;
            }
        };
        let Some(&position) = order.get(&item.plugin) else {
            out.refuse(|| format!(
                "slot {slot}: an item claims to come from {claimed}, which did not contribute in this run"
            ));
            continue;
        };
        if let Err(reason) = item.check() {
            out.refuse(|| format!("slot {slot}: an item from {claimed} is refused: {reason}"));
            continue;
        }
        let count = counted.entry(item.plugin.clone()).or_default();
        *count += 1;
        if *count > MAX_PER_PLUGIN {
            out.refuse(|| format!(
                "slot {slot}: {claimed} contributed more than {MAX_PER_PLUGIN} items; the rest are dropped"
            ));
            continue;
        }
        accepted.push((position, item));
    }
    if unread > 0 {
        // Counted as items, listed as one message, whatever was listed before.
        out.refused_count += unread - 1;
        out.refused.truncate(MAX_REFUSALS_LISTED - 1);
        out.refuse(|| format!("slot {slot}: {unread} more items were refused unread"));
    }
    if raw.is_none() {
        out.refuse(|| format!("slot {slot}: the handlers left no `contributions` array"));
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
        assert_eq!(got.refused_count, 2);
    }

    #[test]
    fn a_flood_of_items_is_read_only_as_far_as_it_could_be_shown() {
        // Bad items first, so every read one is refused and formatted.
        let mut flood: Vec<Value> = (0..100_000).map(|_| json!({"plugin": "dev.t.a"})).collect();
        flood.push(json!({"plugin": "dev.t.a", "title": "late"}));
        let got = collect(
            "custom:s",
            &run(vec![step("dev.t.a", StepOutcome::Modified)], Value::Array(flood)),
        );
        assert!(got.items.is_empty(), "the item past the read limit is not shown");
        assert_eq!(got.refused.len(), MAX_REFUSALS_LISTED);
        assert_eq!(got.refused_count, 100_001);
        let readable = MAX_PER_PLUGIN + MAX_REFUSALS_LISTED;
        let last = got.refused.last().unwrap();
        assert_eq!(
            last,
            &format!("slot custom:s: {} more items were refused unread", 100_001 - readable)
        );
    }
}
