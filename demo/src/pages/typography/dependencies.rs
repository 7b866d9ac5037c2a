//! The dependency panel: what the text-effects plugin declares, how the
//! host's resolver settles it against the catalog, the order the host
//! actually started the plugins in (from its events), and the fonts the
//! font pack handed over, as the page's `document.fonts` has them.

use std::cell::RefCell;
use std::rc::Rc;

use annex_runtime::events::EventKind;
use annex_runtime::protocol::catalog::Catalog;
use annex_runtime::protocol::{PluginId, HOST_API_VERSION};
use annex_runtime::resolver::{Request, Resolver};
use annex_runtime::{Plugin, PluginHost};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One plugin in the resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The version chosen.
    pub version: String,
    /// What it asks for: `dev.annex.font-pack ^0.1`, one per dependency.
    pub needs: Vec<String>,
}

/// One plugin the host started while the page activated text effects.
#[derive(Clone, Debug, PartialEq)]
pub struct Started {
    /// Its id.
    pub id: String,
    /// `started in 12.3 ms`, or why it was not started now.
    pub how: String,
}

/// Everything the panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependencies {
    /// The resolver's order, dependencies first.
    pub resolution: Vec<Resolved>,
    /// The order the host started them in, from its events.
    pub activation: Vec<Started>,
    /// Fonts the plugins hand over, as they describe them.
    pub provided: Vec<String>,
    /// Faces in `document.fonts`: `Annex Serif as annex-…-Annex-Serif 700 normal: loaded`.
    pub fonts: Vec<String>,
}

/// Resolves `root` against the catalog as the host will.
pub fn resolve(catalog: &Catalog, root: &PluginId) -> Result<Vec<Resolved>, String> {
    let resolution = Resolver::new(catalog.plugins.iter().map(|e| &e.manifest), HOST_API_VERSION)
        .resolve(&[Request::any(root.clone())])
        .map_err(|e| e.to_string())?;
    Ok(resolution
        .order
        .iter()
        .filter_map(|id| resolution.selected.get(id))
        .map(|m| Resolved {
            id: m.id.to_string(),
            name: m.name.clone(),
            version: m.version.to_string(),
            needs: m.dependencies.iter().map(|d| format!("{} {}", d.id, d.version)).collect(),
        })
        .collect())
}

/// Activates `root` with its dependencies, noting from the host's events
/// which of `wanted` (the resolution's ids) it started and in what order.
pub async fn activate(
    host: &PluginHost,
    root: &PluginId,
    wanted: Vec<String>,
) -> Result<(Plugin, Vec<Started>), String> {
    let seen = Rc::new(RefCell::new(Vec::<Started>::new()));
    let log = Rc::clone(&seen);
    let ours = wanted.clone();
    let subscription = host.events().subscribe(move |event| {
        let Some(id) = event.plugin.as_ref().map(PluginId::to_string) else { return };
        if !ours.contains(&id) {
            return;
        }
        let mut log = log.borrow_mut();
        match &event.kind {
            EventKind::LoadStarted { .. } => log.push(Started { id, how: "starting…".into() }),
            EventKind::LoadCompleted { duration_ms } => {
                if let Some(entry) = log.iter_mut().rev().find(|s| s.id == id) {
                    entry.how = format!("started in {duration_ms:.1} ms");
                }
            }
            _ => {}
        }
    });
    let activated = host.activate(root).await;
    drop(subscription);
    let plugin = activated.map_err(|e| e.to_string())?;
    let started = seen.take();
    // Plugins already running before the page asked were not started again.
    let mut order: Vec<Started> = wanted
        .into_iter()
        .filter(|id| !started.iter().any(|s| &s.id == id))
        .map(|id| Started { id, how: "already running".into() })
        .collect();
    order.extend(started);
    Ok((plugin, order))
}

/// The fonts each running plugin of `ids` provides, asked of the plugin
/// itself (`TypographyApi::fonts`): `Annex Serif 700, 27.4 KiB, from
/// dev.annex.font-pack`.
pub async fn provided_fonts(host: &PluginHost, ids: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for id in ids {
        let Some(plugin) = id.parse().ok().and_then(|id: PluginId| host.plugin(&id)) else {
            continue;
        };
        let lists_fonts =
            plugin.manifest().capabilities.typography.as_ref().is_some_and(|t| !t.fonts.is_empty());
        if !lists_fonts {
            continue;
        }
        match plugin.typography() {
            Ok(api) => match api.fonts().await {
                Ok(fonts) => found.extend(fonts.into_iter().map(|f| {
                    let kib = f64::from(f.bytes) / 1024.0;
                    format!("{} {}, {kib:.1} KiB, from {id}", f.family, f.weight)
                })),
                Err(error) => found.push(format!("{id}: {error}")),
            },
            Err(error) => found.push(format!("{id}: {error}")),
        }
    }
    found
}

/// The faces in `document.fonts` a plugin registered for `family` (under
/// the name in Annex's namespace the host gives), with their status.
pub fn registered_fonts(host: &PluginHost, family: &str) -> Vec<String> {
    let Some(registered) = host.font_family(family) else { return Vec::new() };
    let Some(fonts) = web_sys::window().and_then(|w| w.document()).map(|d| d.fonts()) else {
        return Vec::new();
    };
    let Ok(Some(faces)) = js_sys::try_iter(&fonts) else { return Vec::new() };
    faces
        .filter_map(Result::ok)
        .filter_map(|face| face.dyn_into::<web_sys::FontFace>().ok())
        .filter(|face| face.family().replace('"', "") == registered)
        .map(|face| {
            let status = match face.status() {
                web_sys::FontFaceLoadStatus::Loaded => "loaded",
                web_sys::FontFaceLoadStatus::Loading => "loading",
                web_sys::FontFaceLoadStatus::Error => "error",
                _ => "not loaded",
            };
            format!("{family} as {registered} {} {}: {status}", face.weight(), face.style())
        })
        .collect()
}

/// The panel.
#[component]
pub fn DependencyPanel(#[prop(into)] dependencies: Signal<Dependencies>) -> impl IntoView {
    let resolution = move || {
        dependencies
            .get()
            .resolution
            .into_iter()
            .map(|r| {
                let needs = if r.needs.is_empty() {
                    "no dependencies".to_owned()
                } else {
                    format!("needs {}", r.needs.join(", "))
                };
                let plugin = r.id.clone();
                view! {
                    <li data-plugin=plugin>
                        <strong>{r.name}</strong> " " <code>{r.id}</code> " " {r.version} " — "
                        {needs}
                    </li>
                }
            })
            .collect_view()
    };
    let activation = move || {
        dependencies
            .get()
            .activation
            .into_iter()
            .map(|s| {
                let plugin = s.id.clone();
                view! { <li data-plugin=plugin><code>{s.id}</code> ": " {s.how}</li> }
            })
            .collect_view()
    };
    let provided = move || {
        dependencies.get().provided.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()
    };
    let fonts =
        move || dependencies.get().fonts.into_iter().map(|f| view! { <li>{f}</li> }).collect_view();
    view! {
        <section class="dependency-panel" id="dependency-panel" aria-labelledby="deps-title">
            <h2 id="deps-title">"Dependencies"</h2>
            <div class="deps-grid">
                <div>
                    <h3>"Resolved (dependencies first)"</h3>
                    <ol id="resolution-order">{resolution}</ol>
                </div>
                <div>
                    <h3>"Started by the host, in order"</h3>
                    <ol id="activation-order">{activation}</ol>
                </div>
                <div>
                    <h3>"Fonts handed over"</h3>
                    <ul id="provided-fonts">{provided}</ul>
                    <h3>"Registered in " <code>"document.fonts"</code></h3>
                    <ul id="fonts">{fonts}</ul>
                </div>
            </div>
        </section>
    }
}
