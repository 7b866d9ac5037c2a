//! Network through a plugin: the HTTP client plugin fetches what the visitor
//! asks for, from its worker, within the demo host's policy (this site only,
//! after the visitor's permission).

mod outcome;

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::api::network::NetworkRequest;
use annex_runtime::protocol::PluginId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use self::outcome::{Outcome, OutcomeView};
use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;

/// The plugin that makes the requests.
const HTTP_PLUGIN: &str = "dev.annex.http-client";

/// What the URL field holds at first: a file this site serves.
const DEFAULT_URL: &str = "/plugins/catalog.json";

/// A host the demo's policy does not allow.
const BLOCKED_EXAMPLE: &str = "https://tracker.example/collect";

/// The methods the plugin accepts.
const METHODS: [&str; 5] = ["GET", "HEAD", "POST", "PUT", "DELETE"];

/// The network page.
#[component]
pub fn NetworkPage() -> impl IntoView {
    let tracker = use_tracker();
    tracker.track("page_view", json!({ "page": "network" }));
    let context = use_plugin_host();
    let url = RwSignal::new(DEFAULT_URL.to_owned());
    let method = RwSignal::new("GET".to_owned());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let status = RwSignal::new(Status::Done(format!(
        "Ready. The first request starts the HTTP client plugin ({HTTP_PLUGIN}), which asks \
         for your permission."
    )));

    let send = move || {
        let (method, typed) = (method.get_untracked(), url.get_untracked());
        busy.set(true);
        status.set(Status::Working(format!(
            "{method} {typed} through the HTTP client plugin (the first time it waits for your \
             answer in the permission dialog)…"
        )));
        spawn_local(async move {
            let result = request(context, &method, &typed).await;
            busy.set(false);
            let (line, event) = match &result {
                Outcome::Response { status: code, bytes, ms, url, .. } => (
                    Status::Done(format!(
                        "{method} {url}: {code}, {bytes} bytes in {ms:.0} ms, fetched by \
                         {HTTP_PLUGIN} in its worker."
                    )),
                    json!({ "method": method, "url": url, "status": code }),
                ),
                Outcome::Refused { code, message, url } => (
                    Status::Failed(format!("{HTTP_PLUGIN} ({code}): {message}")),
                    json!({ "method": method, "url": url, "error": code }),
                ),
            };
            status.set(line);
            outcome.set(Some(result));
            tracker.track("network_request", event);
        });
    };

    view! {
        <section class="panel">
            <h1>"Network"</h1>
            <p class="lead">
                "Requests go through the HTTP client plugin's worker, never from the plugin "
                "directly: the host asks you once whether it may use the network, and the worker "
                "refuses any host but this site before a byte leaves."
            </p>
            <form
                id="request-form"
                class="request-form"
                on:submit=move |e: web_sys::SubmitEvent| {
                    e.prevent_default();
                    send();
                }
            >
                <div class="field">
                    <label for="method">"Method"</label>
                    <select id="method" on:change=move |e| method.set(event_target_value(&e))>
                        {METHODS.map(|m| view! { <option value=m>{m}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field field-wide">
                    <label for="url">"URL"</label>
                    <input
                        id="url"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=url
                        on:input=move |e| url.set(event_target_value(&e))
                    />
                </div>
                <button id="send" class="choice" type="submit" disabled=busy>"Send"</button>
            </form>
            <div class="choices" role="group" aria-label="Examples">
                <button
                    id="try-same-origin"
                    class="choice"
                    disabled=busy
                    on:click=move |_| {
                        url.set(DEFAULT_URL.to_owned());
                        send();
                    }
                >
                    "This site's catalog"
                </button>
                <button
                    id="try-blocked"
                    class="choice"
                    disabled=busy
                    on:click=move |_| {
                        url.set(BLOCKED_EXAMPLE.to_owned());
                        send();
                    }
                >
                    "A tracker (blocked domain)"
                </button>
            </div>
            <OutcomeView outcome />
            <StatusLine status />
        </section>
    }
}

/// Sends `method url` through the plugin, started (and asking for its
/// permission) if needed.
async fn request(context: HostContext, method: &str, typed: &str) -> Outcome {
    let url = match absolute(typed) {
        Ok(url) => url,
        Err(message) => {
            return Outcome::Refused { url: typed.to_owned(), code: "bad_request".into(), message }
        }
    };
    let refused = |error: annex_runtime::Error| Outcome::Refused {
        url: url.clone(),
        code: error.code().as_str().to_owned(),
        message: error.to_string(),
    };
    let host = match context.await {
        Ok(host) => host,
        Err(error) => return refused(error),
    };
    let id: PluginId = match HTTP_PLUGIN.parse() {
        Ok(id) => id,
        Err(error) => {
            return Outcome::Refused {
                url,
                code: "bad_request".into(),
                message: format!("{error}"),
            }
        }
    };
    let api = match host.running(&id).await.and_then(|p| p.network()) {
        Ok(api) => api,
        Err(error) => return refused(error),
    };
    let mut request = NetworkRequest::get(url.clone());
    request.method = method.to_owned();
    let started = now_ms();
    match api.request(request, &[]).await {
        Ok((response, body)) => Outcome::response(
            method.to_owned(),
            url,
            response.status,
            response.headers,
            &body,
            now_ms() - started,
        ),
        Err(error) => refused(error),
    }
}

/// `typed` as an absolute URL, relative ones against this page.
fn absolute(typed: &str) -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .ok_or("the page has no address to resolve against")?;
    web_sys::Url::new_with_base(typed.trim(), &base)
        .map(|u| u.href())
        .map_err(|_| format!("`{typed}` is not a URL"))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
