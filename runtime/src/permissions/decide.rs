//! Deciding a plugin's permissions at load, and remembering later changes.

use annex_protocol::permission::PermissionSet;
use annex_protocol::{Manifest, Permission};

use super::store::{GrantStore, Remembered};
use super::{Approval, ApprovalRequest, Approver, PermissionPolicy, PermissionState};
use super::{PermissionStatus, PolicyRule, Publisher};
use crate::events::{EventBus, EventKind};

/// The outcome for every permission the manifest requests.
pub(crate) struct Decided {
    pub(crate) grants: PermissionSet,
    pub(crate) statuses: Vec<PermissionStatus>,
}

/// What the policy, remembered decisions and the approver say about each
/// requested permission. Store failures only cost persistence; they are logged.
pub(crate) async fn decide(
    manifest: &Manifest,
    publisher: &Publisher,
    policy: &PermissionPolicy,
    approver: Option<&Approver>,
    store: Option<&GrantStore>,
    events: &EventBus,
) -> Decided {
    decide_with(manifest, publisher, policy, approver, store, events, None).await
}

/// The permissions of a running plugin's update: those its running version
/// requested keep where they stand (granted, revoked or denied) when the
/// major version is the same; the others are decided as at load, and an
/// approval request says which version is running.
pub(crate) async fn decide_update(
    manifest: &Manifest,
    publisher: &Publisher,
    policy: &PermissionPolicy,
    approver: Option<&Approver>,
    store: Option<&GrantStore>,
    events: &EventBus,
    running: (&semver::Version, &[PermissionStatus]),
) -> Decided {
    decide_with(manifest, publisher, policy, approver, store, events, Some(running)).await
}

async fn decide_with(
    manifest: &Manifest,
    publisher: &Publisher,
    policy: &PermissionPolicy,
    approver: Option<&Approver>,
    store: Option<&GrantStore>,
    events: &EventBus,
    running: Option<(&semver::Version, &[PermissionStatus])>,
) -> Decided {
    let kept = running.filter(|(version, _)| version.major == manifest.version.major);
    let id = &manifest.id;
    let mut remembered = match store {
        Some(store) => current_record(store, manifest, publisher, events).await,
        None => None,
    };
    let mut changed = false;
    let mut statuses = Vec::new();
    for request in &manifest.permissions {
        let permission = &request.permission;
        let rule = policy.rule(permission);
        let earlier = remembered.as_ref().and_then(|r| r.decisions.get(permission.as_str()));
        let standing = kept.and_then(|(_, statuses)| {
            statuses.iter().find(|s| &s.permission == permission).map(|s| s.state)
        });
        let state = match (rule, earlier, standing) {
            (PolicyRule::Never | PolicyRule::Unlisted, _, _) => PermissionState::Denied,
            // What was decided for the running version holds.
            (_, _, Some(kept)) => kept,
            (PolicyRule::Auto, _, None) => PermissionState::Granted,
            (PolicyRule::Default, Some(false), None) => PermissionState::Revoked,
            (PolicyRule::Default, _, None) => PermissionState::Granted,
            (PolicyRule::Approval, Some(&granted), None) => {
                granted_or(granted, PermissionState::Denied)
            }
            (PolicyRule::Approval, None, None) => match approver {
                None => PermissionState::Denied,
                Some(approver) => {
                    events.emit(
                        Some(id),
                        EventKind::PermissionPending { permission: permission.clone() },
                    );
                    let answer: Approval = approver
                        .ask(ApprovalRequest {
                            plugin: id.clone(),
                            plugin_name: manifest.name.clone(),
                            version: manifest.version.clone(),
                            publisher: publisher.0.clone(),
                            permission: permission.clone(),
                            reason: request.reason.clone(),
                            update_from: running.map(|(version, _)| version.clone()),
                        })
                        .await;
                    if answer.remember {
                        let record = remembered.get_or_insert_with(|| record(manifest, publisher));
                        record.decisions.insert(permission.to_string(), answer.granted);
                        changed = true;
                    }
                    granted_or(answer.granted, PermissionState::Denied)
                }
            },
        };
        events.emit(
            Some(id),
            EventKind::PermissionDecided { permission: permission.clone(), state, rule },
        );
        statuses.push(PermissionStatus {
            permission: permission.clone(),
            reason: request.reason.clone(),
            state,
            rule,
        });
    }
    if let (true, Some(store), Some(record)) = (changed, store, &remembered) {
        if let Err(reason) = store.put(record).await {
            crate::js::warn(&format!("annex: plugin {id}: cannot remember permissions: {reason}"));
        }
    }
    let grants =
        statuses.iter().filter(|s| s.state.is_granted()).map(|s| s.permission.clone()).collect();
    Decided { grants, statuses }
}

/// Remembers a later grant or revocation, so the next load sees it.
pub(crate) async fn remember(
    store: &GrantStore,
    manifest: &Manifest,
    publisher: &Publisher,
    permission: &Permission,
    granted: bool,
    events: &EventBus,
) -> Result<(), String> {
    let mut record = current_record(store, manifest, publisher, events)
        .await
        .unwrap_or_else(|| record(manifest, publisher));
    record.decisions.insert(permission.to_string(), granted);
    store.put(&record).await
}

fn granted_or(granted: bool, otherwise: PermissionState) -> PermissionState {
    if granted {
        PermissionState::Granted
    } else {
        otherwise
    }
}

fn record(manifest: &Manifest, publisher: &Publisher) -> Remembered {
    Remembered {
        key: publisher.identity(&manifest.id),
        publisher: publisher.0.clone(),
        major: manifest.version.major,
        decisions: Default::default(),
    }
}

/// The decisions remembered for this publisher's plugin of this id, if they
/// were made for this major version; stale ones are deleted (and the reset
/// reported). Another publisher's decisions for the same id are another
/// plugin's: never read, never deleted.
async fn current_record(
    store: &GrantStore,
    manifest: &Manifest,
    publisher: &Publisher,
    events: &EventBus,
) -> Option<Remembered> {
    let id = &manifest.id;
    let key = publisher.identity(id);
    let record = match store.get(&key).await {
        Ok(record) => record.filter(|r| r.publisher == publisher.0)?,
        Err(reason) => {
            crate::js::warn(&format!("annex: plugin {id}: cannot read permissions: {reason}"));
            return None;
        }
    };
    if record.major == manifest.version.major {
        return Some(record);
    }
    let reason = format!("major version {} → {}", record.major, manifest.version.major);
    if let Err(error) = store.delete(&key).await {
        crate::js::warn(&format!("annex: plugin {id}: cannot drop old permissions: {error}"));
    }
    events.emit(Some(id), EventKind::PermissionsReset { reason });
    None
}
