//! Preload rules: whether one matches the visit, and what matched.

use annex_protocol::manifest::PreloadRule;

use super::Device;
use crate::host::VisitContext;

/// What the first matching rule (in manifest order) matched, e.g.
/// `route /analytics/today matches /analytics/*, role analyst`.
pub(super) fn first_match(
    rules: &[PreloadRule],
    context: &VisitContext,
    device: &Device,
) -> Option<String> {
    rules.iter().find_map(|rule| describe_match(rule, context, device))
}

/// The matched conditions, in the order route, role, device, network, when
/// every condition the rule has holds.
fn describe_match(rule: &PreloadRule, context: &VisitContext, device: &Device) -> Option<String> {
    // Validation refuses empty rules; one built by hand must not preload on
    // every visit.
    if rule.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !rule.routes.is_empty() {
        let pattern = rule.routes.iter().find(|pattern| pattern.matches(&context.route))?;
        parts.push(format!("route {} matches {pattern}", context.route));
    }
    if !rule.roles.is_empty() {
        let role = rule.roles.iter().find(|role| context.roles.contains(role))?;
        parts.push(format!("role {role}"));
    }
    if !rule.devices.is_empty() {
        // An unknown device is none of the kinds a device-specific rule names.
        let kind = device.kind.filter(|kind| rule.devices.contains(kind))?;
        parts.push(format!("device {}", kind.as_str()));
    }
    if let Some(min) = rule.min_network {
        match device.network {
            Some(speed) if speed >= min => {
                parts.push(format!("network {} >= {}", speed.as_str(), min.as_str()));
            }
            Some(_) => return None,
            // Browsers without the Network Information API are not held back.
            None => parts.push("network unknown (not held back)".to_owned()),
        }
    }
    Some(parts.join(", "))
}
