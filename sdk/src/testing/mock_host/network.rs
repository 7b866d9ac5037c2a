//! The mock host's network: scripted responses, an allow-list, a log.

use std::collections::BTreeMap;

use annex_protocol::api::network::{NetworkRequest, NetworkResponse};
use annex_protocol::permission::Permission;
use annex_protocol::{ErrorCode, PluginError};

use super::{HostCall, MockHost};

/// A scripted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: BTreeMap<String, String>,
    /// Body.
    pub body: Vec<u8>,
}

impl MockResponse {
    /// A `200` with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Self { status: 200, headers: BTreeMap::new(), body: body.into() }
    }
}

#[derive(Debug, Default)]
pub(super) struct MockNetwork {
    allowed_hosts: Vec<String>,
    responses: BTreeMap<String, MockResponse>,
}

/// The host part of an absolute URL, without port.
fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    Some(authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_ascii_lowercase())
}

impl MockHost {
    /// Lets requests to `host` through (others are refused, as by the worker's
    /// allow-list).
    pub fn allow_host(&self, host: &str) -> &Self {
        self.state.borrow_mut().network.allowed_hosts.push(host.to_ascii_lowercase());
        self
    }

    /// Answers requests to exactly `url` with `response`.
    pub fn respond(&self, url: &str, response: MockResponse) -> &Self {
        self.state.borrow_mut().network.responses.insert(url.to_owned(), response);
        self
    }

    pub(crate) fn network_request(&self, request: &[u8], _body: &[u8]) -> i32 {
        let outcome = self.require(&Permission::NetworkRequest).and_then(|()| {
            let request: NetworkRequest = serde_json::from_slice(request).map_err(|e| {
                PluginError::bad_request(format!("network request is not understood: {e}"))
            })?;
            let host = host_of(&request.url).ok_or_else(|| {
                PluginError::bad_request(format!("`{}` is not an http(s) URL", request.url))
            })?;
            let state = self.state.borrow();
            if !state.network.allowed_hosts.contains(&host) {
                return Err(PluginError::new(
                    ErrorCode::NetworkBlocked,
                    format!("request to {} refused: {host} is not in the allow-list", request.url),
                ));
            }
            let response =
                state.network.responses.get(&request.url).cloned().unwrap_or(MockResponse {
                    status: 404,
                    headers: BTreeMap::new(),
                    body: b"no scripted response".to_vec(),
                });
            drop(state);
            self.record(HostCall::Network { method: request.method.clone(), url: request.url });
            let meta = NetworkResponse {
                status: response.status,
                headers: response.headers,
                body_len: response.body.len() as u32,
            };
            Ok((serde_json::to_vec(&meta).expect("responses serialize"), response.body))
        });
        self.answer(outcome)
    }
}
