//! HTTP client: a network plugin. It forwards the host's requests through the
//! `network_request` host function, adding a `user-agent`-style header so the
//! server can tell plugin traffic apart, and refuses methods other than
//! GET, HEAD, POST, PUT and DELETE.

use annex_sdk::api::network::{NetworkRequest, NetworkResponse};
use annex_sdk::host::network;
use annex_sdk::{NetworkPlugin, Plugin, PluginError};

/// The header this plugin adds to every request.
pub const CLIENT_HEADER: &str = "x-annex-client";

/// The plugin.
#[derive(Debug, Default)]
pub struct HttpClient;

impl Plugin for HttpClient {}

impl NetworkPlugin for HttpClient {
    fn request(
        &mut self,
        mut request: NetworkRequest,
        body: Vec<u8>,
    ) -> Result<(NetworkResponse, Vec<u8>), PluginError> {
        let method = request.method.to_ascii_uppercase();
        if !["GET", "HEAD", "POST", "PUT", "DELETE"].contains(&method.as_str()) {
            return Err(PluginError::bad_request(format!("method {method} is not supported")));
        }
        request.method = method;
        request.headers.insert(CLIENT_HEADER.into(), "dev.annex.http-client".into());
        Ok(network::request(&request, &body)?)
    }
}

annex_sdk::export_plugin!(HttpClient);

#[cfg(test)]
mod tests {
    use annex_sdk::api::network::NetworkRequest;
    use annex_sdk::testing::{Harness, HostCall, MockResponse};
    use annex_sdk::ErrorCode;

    use super::HttpClient;

    #[test]
    fn forwards_allowed_requests_and_returns_the_body() {
        let mut h = Harness::<HttpClient>::new().unwrap();
        h.host()
            .allow_host("api.example.com")
            .respond("https://api.example.com/x", MockResponse::ok("hello"));
        let (response, body) =
            h.network(NetworkRequest::get("https://api.example.com/x"), Vec::new()).unwrap();
        assert_eq!((response.status, body), (200, b"hello".to_vec()));
        assert!(h.host().calls().contains(&HostCall::Network {
            method: "GET".into(),
            url: "https://api.example.com/x".into()
        }));
    }

    #[test]
    fn blocked_hosts_and_odd_methods_are_refused() {
        let mut h = Harness::<HttpClient>::new().unwrap();
        let err = h.network(NetworkRequest::get("https://evil.example/"), Vec::new()).unwrap_err();
        assert_eq!(err.code, ErrorCode::NetworkBlocked);
        let mut patch = NetworkRequest::get("https://api.example.com/");
        patch.method = "PATCH".into();
        assert_eq!(h.network(patch, Vec::new()).unwrap_err().code, ErrorCode::BadRequest);
    }
}
