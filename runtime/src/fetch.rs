//! Downloading bytes with the global `fetch` (works on a page and in a
//! worker), with a time budget that aborts the request.

use std::time::Duration;

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

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
}

impl FetchFailure {
    fn network(reason: String) -> Self {
        Self { status: None, reason }
    }
}

/// Fetches `url` and returns its body; a non-2xx status is an error. With a
/// `budget`, the request is aborted when it runs out.
pub(crate) async fn fetch_bytes(
    url: &str,
    budget: Option<Duration>,
) -> Result<Uint8Array, FetchFailure> {
    let controller = AbortController::new().map_err(|e| FetchFailure::network(error_text(&e)))?;
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
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
            });
        }
        let body = response.array_buffer().map_err(|e| FetchFailure::network(error_text(&e)))?;
        let body: ArrayBuffer = JsFuture::from(body)
            .await
            .map_err(|e| FetchFailure::network(error_text(&e)))?
            .unchecked_into();
        Ok(Uint8Array::new(&body))
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
