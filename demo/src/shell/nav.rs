//! The top bar: brand, one link per page, the role switcher.

use leptos::prelude::*;
use leptos_router::components::A;

use super::roles::RoleSwitcher;

/// A page of the demo, for the navigation and the home page's cards.
pub struct PageLink {
    /// Its route.
    pub path: &'static str,
    /// Its name in the navigation.
    pub label: &'static str,
    /// One line on what it shows, for the home page.
    pub blurb: &'static str,
}

/// Every page but home, in navigation order.
pub const PAGES: &[PageLink] = &[
    PageLink {
        path: "/editor",
        label: "Image editor",
        blurb: "Canvas filters from several plugins, with sliders, before and after, and the \
                hook chain that vetted each call.",
    },
    PageLink {
        path: "/typography",
        label: "Typography",
        blurb: "Text effects painted on a canvas by a plugin that depends on a font pack; the \
                resolved dependency and the activation order.",
    },
    PageLink {
        path: "/animation",
        label: "Animation",
        blurb: "Cards played by a motion plugin: batched samples drawn on every animation \
                frame, custom easings, and the player's statistics.",
    },
    PageLink {
        path: "/analytics",
        label: "Analytics",
        blurb: "What the other pages reported, counted, charted and summarised (p50, p95) by \
                the analytics plugin; export as JSON or CSV.",
    },
    PageLink {
        path: "/notes",
        label: "Notes",
        blurb: "Notes kept by a storage plugin in its own IndexedDB space: add, delete, \
                reload and they are still there.",
    },
    PageLink {
        path: "/network",
        label: "Network",
        blurb: "HTTP through a plugin, after your permission, only to this site: status, \
                headers and body, and a tracker refused before anything leaves.",
    },
    PageLink {
        path: "/broken",
        label: "Broken plugin",
        blurb: "A plugin that hangs or crashes on request: the page keeps ticking while the \
                host kills its worker and the supervisor restarts it.",
    },
    PageLink {
        path: "/plugins",
        label: "Plugin manager",
        blurb: "Every running plugin with its status, permissions and live metrics; enable, \
                disable, unload, revoke.",
    },
    PageLink {
        path: "/catalog",
        label: "Catalog",
        blurb: "The site's plugin marketplace: search, filter by category, see what each \
                plugin asks for, and activate it.",
    },
];

/// The bar at the top of every page.
#[component]
pub fn TopBar() -> impl IntoView {
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">"Annex"</A>
            <nav class="nav" aria-label="Pages">
                {PAGES
                    .iter()
                    .map(|page| view! { <A href=page.path>{page.label}</A> })
                    .collect_view()}
            </nav>
            <RoleSwitcher />
        </header>
    }
}
