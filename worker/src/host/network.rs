//! The network host function: `fetch`, after the permission, the domain
//! policy and the rate limit are checked, with a time budget and a cap on the
//! response size. A refused request never leaves the worker; redirects are
//! not followed; cookies and HTTP authentication go only to hosts the
//! policy names for them.

use std::rc::Rc;

use annex_protocol::api::network::{Destination, NetworkRequest, NetworkResponse};
use annex_protocol::permission::Permission;
use annex_protocol::{ErrorCode, PluginError};

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCredentials, RequestInit, RequestRedirect,
    Response, ResponseType,
};

use super::{int, HostState};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Promise;
}

/// One minute, the rate limit's window.
const WINDOW_MS: f64 = 60_000.0;

pub(super) fn function(state: &Rc<HostState>) -> JsValue {
    let s = state.clone();
    Closure::<dyn Fn(u32, u32, u32, u32) -> Promise>::new(move |rp, rl, bp, bl| {
        let s = s.clone();
        future_to_promise(async move {
            let outcome = request(&s, rp, rl, bp, bl).await;
            Ok(int(s.settle(outcome)))
        })
    })
    .into_js_value()
}

async fn request(
    s: &Rc<HostState>,
    rp: u32,
    rl: u32,
    bp: u32,
    bl: u32,
) -> Result<(Vec<u8>, Vec<u8>), PluginError> {
    s.require(&Permission::NetworkRequest)?;
    let request: NetworkRequest = serde_json::from_slice(&s.read(rp, rl)?)
        .map_err(|e| PluginError::bad_request(format!("network request is not understood: {e}")))?;
    let body = s.read(bp, bl)?;
    let policy = &s.limits.network;
    let url = web_sys::Url::new(&request.url).map_err(|_| {
        PluginError::bad_request(format!("`{}` is not an absolute URL", request.url))
    })?;
    // The browser's URL parser has already put the host in one spelling
    // (IPv4 numbers, case, IDN); `Destination` finishes the job.
    let port = url.port().parse::<u16>().ok();
    let destination =
        Destination::new(&url.protocol(), &url.hostname(), port).ok_or_else(|| {
            PluginError::bad_request(format!("`{}` is not an http(s) URL", request.url))
        })?;
    if let Some(refusal) = policy.refusal(&destination) {
        return Err(PluginError::new(
            ErrorCode::NetworkBlocked,
            format!("request to {} refused: {refusal}", request.url),
        ));
    }
    take_budget(s)?;
    let timeout = request.timeout_ms.unwrap_or(policy.timeout_ms).min(policy.timeout_ms);
    let controller = AbortController::new().map_err(|e| failed(&e))?;
    let init = RequestInit::new();
    init.set_method(&request.method);
    init.set_signal(Some(&controller.signal()));
    // A redirect's target could not be checked against the lists before it
    // is fetched, so none is followed.
    init.set_redirect(RequestRedirect::Manual);
    init.set_credentials(if policy.sends_credentials(&destination) {
        RequestCredentials::Include
    } else {
        RequestCredentials::Omit
    });
    let headers = web_sys::Headers::new().map_err(|e| failed(&e))?;
    for (name, value) in &request.headers {
        headers
            .set(name, value)
            .map_err(|e| PluginError::bad_request(format!("header `{name}`: {}", text(&e))))?;
    }
    init.set_headers(&headers);
    if !body.is_empty() {
        init.set_body(&Uint8Array::from(body.as_slice()));
    }
    let exchange = async {
        let response: Response = JsFuture::from(global_fetch(&request.url, &init))
            .await
            .map_err(|e| failed(&e))?
            .unchecked_into();
        if response.type_() == ResponseType::Opaqueredirect {
            return Err(PluginError::new(
                ErrorCode::NetworkBlocked,
                format!(
                    "{} answered with a redirect; redirects are not followed (their target \
                     is not checked against the allow-list before it is fetched)",
                    request.url
                ),
            ));
        }
        let body = read_capped(&response, policy.max_response_bytes, &request.url).await?;
        Ok::<_, PluginError>((response, body))
    };
    let timer = gloo_timers::future::TimeoutFuture::new(timeout);
    let (response, body) = match futures::future::select(Box::pin(exchange), timer).await {
        futures::future::Either::Left((result, _)) => result?,
        futures::future::Either::Right(_) => {
            controller.abort();
            return Err(PluginError::new(
                ErrorCode::Timeout,
                format!(
                    "request to {} got no complete answer within {timeout} ms (aborted)",
                    request.url
                ),
            ));
        }
    };
    let mut headers = std::collections::BTreeMap::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&response.headers()) {
        for pair in iter.flatten() {
            let pair = js_sys::Array::from(&pair);
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                headers.insert(name, value);
            }
        }
    }
    let meta = NetworkResponse { status: response.status(), headers, body_len: body.len() as u32 };
    Ok((serde_json::to_vec(&meta).expect("responses serialize"), body))
}

/// Counts a request against the per-minute budget, or refuses it.
fn take_budget(s: &HostState) -> Result<(), PluginError> {
    let now = js_sys::Date::now();
    let mut recent = s.requests.borrow_mut();
    while recent.front().is_some_and(|t| now - t > WINDOW_MS) {
        recent.pop_front();
    }
    let limit = s.limits.network.requests_per_minute as usize;
    if recent.len() >= limit {
        return Err(PluginError::new(
            ErrorCode::BudgetExceeded,
            format!("network budget exceeded: {limit} requests per minute"),
        ));
    }
    recent.push_back(now);
    s.network_requests.set(s.network_requests.get() + 1);
    Ok(())
}

/// Reads the body chunk by chunk, failing as soon as it passes `cap` bytes.
async fn read_capped(response: &Response, cap: u32, url: &str) -> Result<Vec<u8>, PluginError> {
    let Some(stream) = response.body() else { return Ok(Vec::new()) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| failed(&e))?;
        if js_sys::Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            return Ok(body);
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|e| failed(&e))?;
        body.extend_from_slice(&Uint8Array::new(&value).to_vec());
        if body.len() > cap as usize {
            let _ = reader.cancel();
            return Err(PluginError::new(
                ErrorCode::BudgetExceeded,
                format!("response from {url} is larger than the {cap}-byte limit"),
            ));
        }
    }
}

fn failed(error: &JsValue) -> PluginError {
    PluginError::new(ErrorCode::FetchFailed, format!("request failed: {}", text(error)))
}

fn text(value: &JsValue) -> String {
    crate::js::error_text(value)
}
