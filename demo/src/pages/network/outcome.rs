//! What a request came to, and how the page shows it: the response (status,
//! headers, size, time, the start of the body), or the refusal with its
//! error code.

use std::collections::BTreeMap;

use leptos::prelude::*;

/// How much of the body the page shows.
const EXCERPT_CHARS: usize = 1_500;

/// The result of one request through the plugin.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The server answered.
    Response {
        /// `GET`, `POST`…
        method: String,
        /// The absolute URL.
        url: String,
        /// HTTP status code.
        status: u16,
        /// Response headers, lowercase names.
        headers: BTreeMap<String, String>,
        /// Body size in bytes.
        bytes: usize,
        /// From the call to the answer, in ms (worker round trip included).
        ms: f64,
        /// The start of the body, as text.
        excerpt: String,
        /// Whether the body is longer than the excerpt.
        truncated: bool,
    },
    /// The host, the worker or the plugin refused, or the request failed.
    Refused {
        /// The absolute URL (or what was typed).
        url: String,
        /// The error code, e.g. `network_blocked`, `permission_denied`.
        code: String,
        /// The error message.
        message: String,
    },
}

impl Outcome {
    /// A response, with the body cut to an excerpt.
    pub fn response(
        method: String,
        url: String,
        status: u16,
        headers: BTreeMap<String, String>,
        body: &[u8],
        ms: f64,
    ) -> Self {
        let text = String::from_utf8_lossy(body);
        let excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
        let truncated = excerpt.len() < text.len();
        Self::Response { method, url, status, headers, bytes: body.len(), ms, excerpt, truncated }
    }
}

/// The heading over a refusal with this code.
fn refusal_title(code: &str) -> String {
    match code {
        "network_blocked" => "Blocked: the request never left the browser".into(),
        "permission_denied" => "Permission denied: the plugin may not use the network".into(),
        "budget_exceeded" => "Refused: the plugin's request budget is spent".into(),
        other => format!("Request failed ({other})"),
    }
}

/// The outcome, or nothing before the first request.
#[component]
pub fn OutcomeView(
    /// The latest outcome.
    #[prop(into)]
    outcome: Signal<Option<Outcome>>,
) -> impl IntoView {
    move || match outcome.get() {
        None => ().into_any(),
        Some(Outcome::Refused { url, code, message }) => {
            let (title, data_code) = (refusal_title(&code), code.clone());
            view! {
            <div id="refusal" class="refusal" role="alert" data-code=data_code>
                <strong>{title}</strong>
                <p class="refusal-url"><code>{url}</code></p>
                <p>{message}</p>
                <p class="muted">"Error code " <code id="refusal-code">{code}</code></p>
            </div>
            }
            .into_any()
        }
        Some(Outcome::Response { method, url, status, headers, bytes, ms, excerpt, truncated }) => {
            let ok = (200..300).contains(&status);
            let rows = headers
                .into_iter()
                .map(
                    |(name, value)| view! { <tr><td><code>{name}</code></td><td>{value}</td></tr> },
                )
                .collect_view();
            view! {
                <div id="response" class="response">
                    <p class="response-line">
                        <code>{method} " " {url}</code>
                    </p>
                    <dl class="stats">
                        <div class="stat" id="resp-status" data-status=status data-ok=ok.to_string()>
                            <dt>"Status"</dt>
                            <dd>{status}</dd>
                        </div>
                        <div class="stat" id="resp-size" data-bytes=bytes>
                            <dt>"Size"</dt>
                            <dd>{format!("{bytes} B")}</dd>
                        </div>
                        <div class="stat" id="resp-time">
                            <dt>"Time"</dt>
                            <dd>{format!("{ms:.0} ms")}</dd>
                        </div>
                    </dl>
                    <details class="response-headers">
                        <summary>"Headers"</summary>
                        <div class="table-scroll">
                            <table id="resp-headers"><tbody>{rows}</tbody></table>
                        </div>
                    </details>
                    <pre id="resp-body" class="body-excerpt">{excerpt}</pre>
                    {truncated.then(|| view! { <p class="muted">"Showing the start of the body."</p> })}
                </div>
            }
            .into_any()
        }
    }
}
