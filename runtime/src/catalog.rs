//! Reading a site's plugin catalog.

use annex_protocol::catalog::Catalog;

use crate::fetch::fetch_bytes;
use crate::{Error, Result};

/// Largest catalog read: far above a catalog of a thousand plugins (about
/// 2 KiB each), so a runaway or hostile server cannot fill the page's memory.
const MAX_CATALOG_BYTES: u64 = 8 << 20;

/// Downloads and checks a catalog (see [`annex_protocol::catalog`]); entry
/// URLs are resolved against the catalog's own URL, so the result holds
/// absolute URLs.
pub async fn load_catalog(url: &str) -> Result<Catalog> {
    let bytes = fetch_bytes(url, None, Some(MAX_CATALOG_BYTES))
        .await
        .map_err(|f| Error::Fetch { url: url.to_owned(), status: f.status, reason: f.reason })?;
    let mut catalog = Catalog::from_json(&bytes.to_vec())
        .map_err(|error| Error::Manifest { source_name: format!("catalog {url}"), error })?;
    let base = absolute(url, None)?;
    for entry in &mut catalog.plugins {
        entry.url = absolute(&entry.url, Some(&base))?;
    }
    if let Some(dev) = &mut catalog.dev {
        dev.events = absolute(&dev.events, Some(&base))?;
    }
    catalog.source = Some(base);
    Ok(catalog)
}

/// The origin that vouches for `catalog`'s unsigned plugins: the one it was
/// read from, or the page's for a catalog built in the app.
pub(crate) fn origin(catalog: &Catalog) -> String {
    let page = crate::js::location_href();
    let source = catalog.source.as_deref().unwrap_or(&page);
    web_sys::Url::new(source).map_or_else(|_| source.to_owned(), |url| url.origin())
}

/// `url` made absolute against `base`, or against the page when `base` is `None`.
fn absolute(url: &str, base: Option<&str>) -> Result<String> {
    let page = crate::js::location_href();
    let base = base.unwrap_or(&page);
    web_sys::Url::new_with_base(url, base)
        .map(|u| u.href())
        .map_err(|_| Error::InvalidInput(format!("`{url}` is not a URL relative to {base}")))
}
