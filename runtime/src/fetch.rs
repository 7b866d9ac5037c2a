//! Downloading bytes with the global `fetch` (works on a page and in a
//! worker), with a time budget that aborts the request and a size limit
//! checked while the body streams in: a server that sends more than the
//! limit is cut off at the limit, not read to the end first.

use std::time::Duration;

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{ArrayBuffer, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestInit, Response};

use crate::js::error_text;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Promise;
}

/// Why a download failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchFailure {
    /// The HTTP status, when the server answered.
    pub(crate) status: Option<u16>,
    /// What happened, for people.
    pub(crate) reason: String,
    /// The body was larger than the limit (the download was stopped there).
    pub(crate) too_large: bool,
}

impl FetchFailure {
    fn network(reason: String) -> Self {
        Self { status: None, reason, too_large: false }
    }

    fn too_large(limit: u64) -> Self {
        Self {
            status: None,
            reason: format!(
                "the download is larger than the limit of {limit} bytes (stopped there)"
            ),
            too_large: true,
        }
    }

    /// The runtime's error for a failed download of a plugin module: a body
    /// over the limit is the module's fault ([`ErrorCode::ModuleLimit`]),
    /// anything else a fetch failure.
    pub(crate) fn into_module_error(self, url: &str) -> crate::Error {
        if self.too_large {
            crate::Error::Module {
                source_name: url.to_owned(),
                reason: self.reason,
                code: annex_protocol::ErrorCode::ModuleLimit,
            }
        } else {
            crate::Error::Fetch { url: url.to_owned(), status: self.status, reason: self.reason }
        }
    }
}

/// Fetches `url` and returns its body; a non-2xx status is an error. With a
/// `budget`, the request is aborted when it runs out; with `max_bytes`, a
/// declared `Content-Length` over it is refused before reading, and the
/// body is read in chunks and the request aborted as soon as it passes it.
pub(crate) async fn fetch_bytes(
    url: &str,
    budget: Option<Duration>,
    max_bytes: Option<u64>,
) -> Result<Uint8Array, FetchFailure> {
    let controller = AbortController::new().map_err(|e| FetchFailure::network(error_text(&e)))?;
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let _abort_if_dropped = AbortOnDrop(controller.clone());
    let abort = controller.clone();
    let download = async move {
        let response = JsFuture::from(global_fetch(url, &init))
            .await
            .map_err(|e| FetchFailure::network(error_text(&e)))?;
        let response: Response = response
            .dyn_into()
            .map_err(|_| FetchFailure::network("fetch did not return a Response".into()))?;
        if !response.ok() {
            return Err(FetchFailure {
                status: Some(response.status()),
                reason: format!("HTTP {} {}", response.status(), response.status_text()),
                too_large: false,
            });
        }
        match max_bytes {
            Some(limit) => read_limited(&response, limit, &abort).await,
            None => read_all(&response).await,
        }
    };
    let Some(budget) = budget else { return download.await };
    let timer = TimeoutFuture::new(budget.as_millis().min(u32::MAX as u128) as u32);
    match select(Box::pin(download), timer).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            controller.abort();
            Err(FetchFailure::network(format!(
                "no answer within {} ms (aborted)",
                budget.as_millis()
            )))
        }
    }
}

/// Aborts the request when the fetch is dropped (after it finished, that
/// does nothing). A caller that stops waiting, such as a cancelled preload,
/// must not leave the request running: Chromium makes a later request for
/// the same URL wait on the unread one's cache entry (seen as a preload
/// cancelled and then activated timing out after 15 s).
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn read_all(response: &Response) -> Result<Uint8Array, FetchFailure> {
    let body = response.array_buffer().map_err(|e| FetchFailure::network(error_text(&e)))?;
    let body: ArrayBuffer = JsFuture::from(body)
        .await
        .map_err(|e| FetchFailure::network(error_text(&e)))?
        .unchecked_into();
    Ok(Uint8Array::new(&body))
}

/// Reads the body chunk by chunk, stopping (and aborting the request) as
/// soon as it passes `limit`. The chunks stay JavaScript arrays and are
/// copied once, into the result.
async fn read_limited(
    response: &Response,
    limit: u64,
    controller: &AbortController,
) -> Result<Uint8Array, FetchFailure> {
    let declared = response.headers().get("content-length").ok().flatten();
    if declared.and_then(|length| length.trim().parse::<u64>().ok()).is_some_and(|n| n > limit) {
        controller.abort();
        return Err(FetchFailure::too_large(limit));
    }
    let Some(body) = response.body() else { return Ok(Uint8Array::new_with_length(0)) };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let network = |e: JsValue| FetchFailure::network(error_text(&e));
    let mut chunks = Vec::new();
    let mut total = 0u64;
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(network)?;
        if Reflect::get(&step, &"done".into()).map_err(network)?.is_truthy() {
            break;
        }
        let chunk: Uint8Array =
            Reflect::get(&step, &"value".into()).map_err(network)?.unchecked_into();
        total += u64::from(chunk.length());
        if total > limit {
            let _ = reader.cancel();
            controller.abort();
            return Err(FetchFailure::too_large(limit));
        }
        chunks.push(chunk);
    }
    let bytes = Uint8Array::new_with_length(total as u32);
    let mut offset = 0;
    for chunk in chunks {
        bytes.set(&chunk, offset);
        offset += chunk.length();
    }
    Ok(bytes)
}
