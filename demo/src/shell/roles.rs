//! Who the visitor is: visitor, analyst or admin. The role feeds the
//! plugin host's preload rules and hook conditions, and is kept in
//! `localStorage` so it survives a reload.

use leptos::prelude::*;

/// The roles the demo knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Anyone: the default.
    Visitor,
    /// Reads the analytics dashboard.
    Analyst,
    /// Manages plugins.
    Admin,
}

const STORAGE_KEY: &str = "annex-demo.role";

impl Role {
    /// All roles, in switcher order.
    pub const ALL: [Role; 3] = [Role::Visitor, Role::Analyst, Role::Admin];

    /// The role's name, as preload rules and hook conditions spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::Analyst => "analyst",
            Self::Admin => "admin",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Creates the app's role signal (from `localStorage`, else visitor),
    /// provides it through context and returns it.
    pub fn provide() -> RwSignal<Role> {
        let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let role = RwSignal::new(saved.as_deref().and_then(Role::parse).unwrap_or(Role::Visitor));
        Effect::new(move || {
            let name = role.get().as_str();
            if let Some(storage) = storage() {
                // Private browsing may refuse: the role then lasts until reload.
                let _ = storage.set_item(STORAGE_KEY, name);
            }
        });
        provide_context(role);
        role
    }
}

/// The role signal provided by [`Role::provide`].
pub fn use_role() -> RwSignal<Role> {
    expect_context::<RwSignal<Role>>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Three buttons, one per role; the pressed one is the current role.
#[component]
pub fn RoleSwitcher() -> impl IntoView {
    let role = use_role();
    view! {
        <div class="roles" id="role-switcher" role="group" aria-label="Signed in as">
            <span class="roles-label">"Role"</span>
            {Role::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <button
                            class="role"
                            data-role=option.as_str()
                            aria-pressed=move || (role.get() == option).to_string()
                            on:click=move |_| role.set(option)
                        >
                            {option.as_str()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
