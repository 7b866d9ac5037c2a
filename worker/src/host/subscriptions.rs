//! The event types a plugin is subscribed to, as its worker counts them.
//!
//! The worker keeps its own table so that a plugin cannot subscribe to more
//! types than its limit (one call subscribing to hundreds of thousands of
//! types would otherwise grow the host's table without bound), and so that
//! subscribing again to a type it already has costs no message.

use std::collections::BTreeMap;

use annex_protocol::{ErrorCode, PluginError};

/// Event type → whether the subscription is `once`.
#[derive(Debug, Default)]
pub(crate) struct SubscriptionTable {
    types: BTreeMap<String, bool>,
}

/// Whether the host must be told about a change.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Tell,
    Unchanged,
}

impl SubscriptionTable {
    /// Records a subscription, refusing a new type past `max`.
    pub(crate) fn subscribe(
        &mut self,
        event_type: &str,
        once: bool,
        max: u32,
    ) -> Result<Change, PluginError> {
        let held = self.types.len();
        match self.types.get_mut(event_type) {
            Some(kind) if *kind == once => Ok(Change::Unchanged),
            Some(kind) => {
                *kind = once;
                Ok(Change::Tell)
            }
            None if held >= max as usize => Err(PluginError::new(
                ErrorCode::BudgetExceeded,
                format!(
                    "cannot subscribe to `{event_type}`: already subscribed to {held} event \
                     types, the limit"
                ),
            )),
            None => {
                self.types.insert(event_type.to_owned(), once);
                Ok(Change::Tell)
            }
        }
    }

    pub(crate) fn unsubscribe(&mut self, event_type: &str) -> Change {
        match self.types.remove(event_type) {
            Some(_) => Change::Tell,
            None => Change::Unchanged,
        }
    }

    /// An event of `event_type` reached the plugin: a `once` subscription
    /// to it has ended (the host ended it when it delivered the event).
    pub(crate) fn delivered(&mut self, event_type: &str) {
        if self.types.get(event_type) == Some(&true) {
            self.types.remove(event_type);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_type_past_the_limit_is_refused_and_known_ones_cost_nothing() {
        let mut table = SubscriptionTable::default();
        assert_eq!(table.subscribe("a", false, 2).unwrap(), Change::Tell);
        assert_eq!(table.subscribe("a", false, 2).unwrap(), Change::Unchanged);
        assert_eq!(table.subscribe("b", false, 2).unwrap(), Change::Tell);
        let refused = table.subscribe("c", false, 2).unwrap_err();
        assert_eq!(refused.code, ErrorCode::BudgetExceeded);
        assert!(refused.message.contains("`c`"), "{}", refused.message);
        // Changing an existing one's kind is not a new type.
        assert_eq!(table.subscribe("a", true, 2).unwrap(), Change::Tell);
        assert_eq!(table.unsubscribe("b"), Change::Tell);
        assert_eq!(table.unsubscribe("b"), Change::Unchanged);
        assert_eq!(table.subscribe("c", false, 2).unwrap(), Change::Tell);
    }

    #[test]
    fn a_once_subscription_ends_when_its_event_arrives() {
        let mut table = SubscriptionTable::default();
        table.subscribe("tick", true, 4).unwrap();
        table.subscribe("tock", false, 4).unwrap();
        table.delivered("tick");
        table.delivered("tock");
        // Gone, so subscribing again must tell the host.
        assert_eq!(table.subscribe("tick", true, 4).unwrap(), Change::Tell);
        assert_eq!(table.subscribe("tock", false, 4).unwrap(), Change::Unchanged);
    }
}
