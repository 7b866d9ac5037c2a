//! {{title}}: a network plugin. It forwards the host's GET and HEAD requests
//! through the `network_request` host function (which enforces the site's
//! allow-list, request budget and size cap) and refuses other methods.

use annex_sdk::api::network::{NetworkRequest, NetworkResponse};
use annex_sdk::host::network;
use annex_sdk::{NetworkPlugin, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct {{type}};

impl Plugin for {{type}} {}

impl NetworkPlugin for {{type}} {
    fn request(
        &mut self,
        mut request: NetworkRequest,
        body: Vec<u8>,
    ) -> Result<(NetworkResponse, Vec<u8>), PluginError> {
        request.method = request.method.to_ascii_uppercase();
        if !["GET", "HEAD"].contains(&request.method.as_str()) {
            return Err(PluginError::bad_request(format!(
                "method {} is not supported (GET, HEAD)",
                request.method
            )));
        }
        Ok(network::request(&request, &body)?)
    }
}

annex_sdk::export_plugin!({{type}});

#[cfg(test)]
mod tests {
    use annex_sdk::testing::{Harness, MockResponse};
    use annex_sdk::ErrorCode;

    use super::*;

    #[test]
    fn forwards_a_get_and_returns_the_body() {
        let mut h = Harness::<{{type}}>::new().unwrap();
        h.host()
            .allow_host("api.example.com")
            .respond("https://api.example.com/x", MockResponse::ok("hello"));
        let (response, body) =
            h.network(NetworkRequest::get("https://api.example.com/x"), Vec::new()).unwrap();
        assert_eq!((response.status, body), (200, b"hello".to_vec()));
    }

    #[test]
    fn refuses_other_methods_before_anything_is_sent() {
        let mut h = Harness::<{{type}}>::new().unwrap();
        let mut request = NetworkRequest::get("https://api.example.com/x");
        request.method = "POST".into();
        let error = h.network(request, Vec::new()).unwrap_err();
        assert_eq!(error.code, ErrorCode::BadRequest);
        assert!(h.host().calls().is_empty());
    }
}
