//! Exports: the analytics plugin writes the events as JSON or CSV, and the
//! page hands the text to the browser as a download (a `Blob`, an object
//! URL and a temporary `<a download>`).

use annex_runtime::protocol::api::analytics::{ExportFormat, ExportRequest, TimeRange};
use annex_runtime::AnalyticsApi;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// What an export produced, for the page to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// The file name offered.
    pub file: String,
    /// How many events it holds.
    pub events: u64,
    /// Its size in bytes.
    pub bytes: usize,
}

/// Exports the events in `range` as `format` and starts the download.
pub async fn export(
    api: &AnalyticsApi,
    format: ExportFormat,
    range: TimeRange,
) -> Result<Exported, String> {
    let export = api.export(&ExportRequest::new(format, range)).await.map_err(|e| e.to_string())?;
    let file = format!("annex-events.{}", format.extension());
    download(&export.text, format.media_type(), &file)?;
    Ok(Exported { file, events: export.events, bytes: export.text.len() })
}

/// Offers `text` as a file download named `file`.
fn download(text: &str, media_type: &str, file: &str) -> Result<(), String> {
    let js = |e: JsValue| format!("the browser refused the download: {e:?}");
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js)?;
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let anchor: HtmlAnchorElement =
        document.create_element("a").map_err(js)?.dyn_into().map_err(|_| "not an anchor")?;
    anchor.set_href(&url);
    anchor.set_download(file);
    anchor.set_hidden(true);
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&anchor).map_err(js)?;
    anchor.click();
    anchor.remove();
    // The download has taken its copy by the next task; then the URL goes.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000)
        .map_err(js)?;
    Ok(())
}
