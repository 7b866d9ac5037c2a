//! What the host knows about the visit: the current route and the user's roles.

/// The visit's state that hook conditions and preload rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitContext {
    /// The current route (URL path), e.g. `/analytics/today`.
    pub route: String,
    /// The user's roles, e.g. `["analyst"]`.
    pub roles: Vec<String>,
}

impl Default for VisitContext {
    fn default() -> Self {
        Self { route: "/".into(), roles: Vec::new() }
    }
}
