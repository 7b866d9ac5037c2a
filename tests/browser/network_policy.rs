//! The network policy against the ways around it an outside review tried:
//! redirects, other spellings of a blocked host, other ports, and the
//! browser's credentials riding along.

use annex_protocol::api::network::{DomainPattern, NetworkPolicy, NetworkRequest};
use annex_protocol::ErrorCode;
use annex_tests::{server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::network::{allow_loopback, client, count};

fn pattern(s: &str) -> DomainPattern {
    s.parse().unwrap()
}

#[wasm_bindgen_test]
async fn a_redirect_is_not_followed_so_it_cannot_leave_the_allow_list() {
    let (server, key) = (server().await, unique("redirected"));
    // Only the test server's own host and port are allowed; the redirect
    // points at the same server as `localhost`, which is not.
    let policy = NetworkPolicy { allow: vec![pattern(server.host())], ..Default::default() };
    let (_host, api) = client(policy).await;
    let target = server.url(&format!("/__test/echo?t={key}")).replace("127.0.0.1", "localhost");
    let url = server.url(&format!("/__test/redirect?to={}", js_sys::encode_uri_component(&target)));
    let err = api.get(&url).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NetworkBlocked, "{err}");
    assert!(err.to_string().contains("redirects are not followed"), "{err}");
    assert_eq!(count(&server, &key).await, 0, "the redirect's target saw nothing");
}

#[wasm_bindgen_test]
async fn every_spelling_of_a_blocked_host_is_blocked() {
    let (server, key) = (server().await, unique("spelled"));
    let policy = NetworkPolicy {
        allow: vec![pattern("*:*")],
        block: vec![pattern("127.0.0.1:*")],
        ..Default::default()
    };
    let (_host, api) = client(policy).await;
    let port = server.port();
    for host in ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "127.0.0.1.", "[::ffff:127.0.0.1]"]
    {
        let url = format!("http://{host}:{port}/__test/echo?t={key}");
        let err = api.get(&url).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::NetworkBlocked, "{url}: {err}");
        assert!(err.to_string().contains("is blocked (matches `127.0.0.1:*`)"), "{url}: {err}");
    }
    assert_eq!(count(&server, &key).await, 0, "the server saw nothing");
}

#[wasm_bindgen_test]
async fn a_port_the_pattern_does_not_name_is_refused() {
    let (server, key) = (server().await, unique("ported"));
    let url = server.url(&format!("/__test/echo?t={key}"));
    let other_port = format!("127.0.0.1:{}", server.port().wrapping_add(1).max(1));
    for allowed in ["127.0.0.1", other_port.as_str()] {
        let policy = NetworkPolicy { allow: vec![pattern(allowed)], ..Default::default() };
        let (_host, api) = client(policy).await;
        let err = api.get(&url).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::NetworkBlocked, "allowing {allowed}: {err}");
    }
    assert_eq!(count(&server, &key).await, 0);
    // The pattern naming its port lets it through.
    let policy = NetworkPolicy { allow: vec![pattern(server.host())], ..Default::default() };
    let (_host, api) = client(policy).await;
    assert_eq!(api.get(&url).await.unwrap().0.status, 200);
}

/// Gives the page's host a cookie (host-only: every port of 127.0.0.1).
fn set_cookie(value: &str) {
    let document = js_sys::Reflect::get(&js_sys::global(), &"document".into()).unwrap();
    let cookie = format!("annex_probe={value}; path=/; SameSite=Lax");
    js_sys::Reflect::set(&document, &"cookie".into(), &cookie.into()).unwrap();
}

async fn cookie_seen(api: &annex_runtime::NetworkApi, url: &str) -> serde_json::Value {
    let (response, body) = api.request(NetworkRequest::get(url), b"").await.unwrap();
    assert_eq!(response.status, 200);
    let seen: serde_json::Value = serde_json::from_slice(&body).unwrap();
    seen["cookie"].clone()
}

#[wasm_bindgen_test]
async fn requests_carry_no_cookies_unless_the_host_allows_them() {
    let server = server().await;
    let secret = unique("secret");
    set_cookie(&secret);
    let url = server.url("/__test/whoami");
    let (_host, api) = client(allow_loopback(NetworkPolicy::default())).await;
    assert_eq!(cookie_seen(&api, &url).await, serde_json::Value::Null);

    // Allowed for this host: the same request carries the page's cookie.
    let policy = NetworkPolicy {
        credentials: vec![pattern(server.host())],
        ..allow_loopback(NetworkPolicy::default())
    };
    let (_host, api) = client(policy).await;
    let cookie = cookie_seen(&api, &url).await;
    assert!(cookie.as_str().is_some_and(|c| c.contains(&secret)), "{cookie}");
    set_cookie("gone; max-age=0");
}
