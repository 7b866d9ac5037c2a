//! UI slots: a host page asks plugins what to show at a named place.
//!
//! A slot is a `custom:` hook point. The host runs it with [`SlotData`]; each
//! subscribed plugin (in hook priority order) appends its
//! [`SlotContribution`]s to `contributions` and answers
//! [`HookOutcome::Modify`](crate::api::hooks::HookOutcome::Modify) with the
//! data. Contributions are small structured items (title, text, link, badge),
//! never markup: the host renders them as text, so a plugin cannot inject HTML
//! or script into the page.
//!
//! ```
//! use annex_protocol::api::slot::{contribute, SlotContribution};
//!
//! // In a plugin's `on_hook`, with the data the host (and earlier handlers) passed:
//! let mut data = serde_json::json!({
//!     "slot": "custom:sidebar", "context": {"user": "ada"}, "contributions": []
//! });
//! let greeting = SlotContribution {
//!     title: Some(format!("Hello, {}", data["context"]["user"].as_str().unwrap_or("you"))),
//!     ..SlotContribution::from_plugin("dev.example.greeter".parse().unwrap())
//! };
//! contribute(&mut data, &greeting).unwrap();
//! assert_eq!(data["contributions"][0]["title"], "Hello, ada");
//! // then: Ok(HookOutcome::Modify { data })
//! ```

use serde::{Deserialize, Serialize};

use crate::PluginId;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest text, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;
/// Longest badge, in characters.
pub const MAX_BADGE_CHARS: usize = 32;
/// Longest link target or label, in characters.
pub const MAX_LINK_CHARS: usize = 2048;
/// Most contributions one plugin may add to one slot run.
pub const MAX_PER_PLUGIN: usize = 8;

/// What a slot's handlers receive and pass on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotData {
    /// The slot's hook point, e.g. `custom:sidebar`.
    pub slot: String,
    /// What the page tells plugins about the place (the current record, the
    /// user...); any JSON.
    #[serde(default)]
    pub context: serde_json::Value,
    /// What the handlers so far contributed, in the order they ran, as they
    /// wrote it: the host checks each item on its own (see
    /// [`SlotContribution::check`]), so one bad item does not hide the others.
    #[serde(default)]
    pub contributions: Vec<serde_json::Value>,
}

/// Appends `item` to the `contributions` array of a slot's hook data (made
/// if missing), leaving everything else as it is. Fails if `item` does not
/// pass [`SlotContribution::check`] or `data` is not an object.
pub fn contribute(data: &mut serde_json::Value, item: &SlotContribution) -> Result<(), String> {
    item.check()?;
    let object = data.as_object_mut().ok_or("the slot data is not an object")?;
    let list = object.entry("contributions").or_insert_with(|| serde_json::json!([]));
    let list = list.as_array_mut().ok_or("the slot data's `contributions` is not an array")?;
    list.push(serde_json::to_value(item).map_err(|e| e.to_string())?);
    Ok(())
}

/// One item a plugin shows in a slot. Every field is optional but at least
/// one of title, text, link and badge must be set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotContribution {
    /// The contributing plugin (checked by the host against who ran).
    pub plugin: PluginId,
    /// A heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A paragraph of plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<SlotLink>,
    /// A short label shown next to the title (a count, a state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge: Option<String>,
}

/// A link in a [`SlotContribution`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotLink {
    /// Where it goes: an `https:` or `http:` URL, or a path on the site
    /// starting with a single `/`.
    pub href: String,
    /// Its text.
    pub label: String,
}

impl SlotContribution {
    /// An empty contribution from `plugin`, to fill in with struct update syntax.
    pub fn from_plugin(plugin: PluginId) -> Self {
        Self { plugin, title: None, text: None, link: None, badge: None }
    }

    /// Checks the limits and the link target; the error says what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.title.is_none()
            && self.text.is_none()
            && self.link.is_none()
            && self.badge.is_none()
        {
            return Err("it is empty (set a title, text, link or badge)".into());
        }
        let fields = [
            ("title", self.title.as_deref(), MAX_TITLE_CHARS),
            ("text", self.text.as_deref(), MAX_TEXT_CHARS),
            ("badge", self.badge.as_deref(), MAX_BADGE_CHARS),
            ("link.href", self.link.as_ref().map(|l| l.href.as_str()), MAX_LINK_CHARS),
            ("link.label", self.link.as_ref().map(|l| l.label.as_str()), MAX_LINK_CHARS),
        ];
        for (name, value, max) in fields {
            if let Some(value) = value {
                let chars = value.chars().count();
                if chars > max {
                    return Err(format!("its {name} has {chars} characters (at most {max})"));
                }
            }
        }
        if let Some(link) = &self.link {
            if !safe_href(&link.href) {
                return Err(format!(
                    "its link.href `{}` is neither an http(s) URL nor a path starting with /",
                    link.href
                ));
            }
        }
        Ok(())
    }
}

/// Whether `href` is an `http(s)` URL or a site path (`/x`, not `//host`).
fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let site_path = href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\");
    let web = ["https://", "http://"].iter().any(|p| lower.starts_with(p) && lower.len() > p.len());
    (site_path || web) && !href.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> SlotContribution {
        SlotContribution::from_plugin("dev.annex.x".parse().unwrap())
    }

    #[test]
    fn empty_and_oversized_items_are_refused_with_the_field() {
        assert_eq!(item().check().unwrap_err(), "it is empty (set a title, text, link or badge)");
        let long = SlotContribution { badge: Some("x".repeat(33)), ..item() };
        assert_eq!(long.check().unwrap_err(), "its badge has 33 characters (at most 32)");
        assert!(SlotContribution { title: Some("ok".into()), ..item() }.check().is_ok());
    }

    #[test]
    fn only_web_and_site_links_are_allowed() {
        let link = |href: &str| SlotContribution {
            link: Some(SlotLink { href: href.into(), label: "go".into() }),
            ..item()
        };
        for good in ["/notes/1", "https://example.org/a", "HTTP://example.org"] {
            assert!(link(good).check().is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil",
            "data:text/html,x",
            "https://",
            "/a\nb",
        ] {
            assert!(link(bad).check().is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json = serde_json::json!({"plugin": "dev.annex.x", "html": "<b>x</b>"});
        assert!(serde_json::from_value::<SlotContribution>(json).is_err());
    }
}
