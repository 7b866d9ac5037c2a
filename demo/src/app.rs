//! The app: router, plugin host and page layout.

use annex_leptos::{prompt_approver, PermissionPrompt, PluginHost};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages;
use crate::shell::config::host_config;
use crate::shell::debug_panel::DebugPanel;
use crate::shell::nav::TopBar;
use crate::shell::roles::Role;

/// Where the site serves its plugin catalog (`cargo xtask build` writes it).
pub const CATALOG_URL: &str = "/plugins/catalog.json";

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let role = Role::provide();
    let prompt = prompt_approver();
    // The config holds JavaScript handles (`!Send`); the router's children
    // must be `Send`, so it waits in local storage until they render.
    let config = StoredValue::new_local(host_config(&prompt));
    let roles = Signal::derive(move || vec![role.get().as_str().to_owned()]);
    view! {
        <Router>
            <PluginHost config=config.get_value() catalog_url=CATALOG_URL roles>
                <PermissionPrompt approver=prompt />
                <TopBar />
                <main class="content">
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=pages::home::Home />
                        <Route path=path!("/editor") view=pages::editor::EditorPage />
                        <Route path=path!("/typography") view=pages::typography::TypographyPage />
                        <Route path=path!("/animation") view=pages::animation::AnimationPage />
                        <Route path=path!("/broken") view=pages::broken::BrokenPage />
                        <Route path=path!("/plugins") view=pages::plugins::PluginsPage />
                        <Route path=path!("/catalog") view=pages::catalog::CatalogPage />
                        <Route path=path!("/analytics") view=pages::analytics::AnalyticsPage />
                        <Route path=path!("/network") view=pages::network::NetworkPage />
                        <Route path=path!("/notes") view=pages::notes::NotesPage />
                    </Routes>
                </main>
                <DebugPanel />
            </PluginHost>
        </Router>
    }
}
