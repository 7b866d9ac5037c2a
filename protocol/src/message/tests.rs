//! Serde round trips of the messages: tags, nested requests, exact floats.

use super::*;
use crate::api::filter::{Filter, FilterRequest};
use crate::api::network::NetworkRequest;
use crate::api::storage::StorageRequest;
use crate::encoded::Encoded;
use crate::error::PluginError;

#[test]
fn requests_carry_a_method_tag() {
    let req = PluginRequest::FilterApply(Encoded::new(&FilterRequest {
        filter: Filter::Grayscale,
        width: 1,
        height: 1,
        hints: Default::default(),
    }));
    // Encoded values are JSON objects: their keys come out sorted.
    let json = serde_json::to_string(&req).unwrap();
    assert_eq!(
        json,
        r#"{"method":"filter_apply","filter":{"type":"grayscale"},"height":1,"width":1}"#
    );
    assert_eq!(serde_json::from_str::<PluginRequest>(&json).unwrap(), req);
    assert_eq!(serde_json::to_string(&PluginRequest::Ping).unwrap(), r#"{"method":"ping"}"#);
}

#[test]
fn family_requests_do_not_clash_with_the_method_tag() {
    let request = Encoded::new(&NetworkRequest::get("https://a.example/x"));
    let req = PluginRequest::Network { request };
    let json = serde_json::to_value(&req).unwrap();
    assert_eq!(json["method"], "network");
    assert_eq!(json["request"]["method"], "GET");
    assert_eq!(serde_json::from_value::<PluginRequest>(json).unwrap(), req);
    let storage = PluginRequest::Storage(Encoded::new(&StorageRequest::Get { key: "k".into() }));
    let json = serde_json::to_string(&storage).unwrap();
    assert_eq!(json, r#"{"method":"storage","key":"k","op":"get"}"#);
    assert_eq!(serde_json::from_str::<PluginRequest>(&json).unwrap(), storage);
}

#[test]
fn floats_survive_the_text_path_exactly() {
    // Without serde_json's `float_roundtrip` these came back one ulp off.
    for amount in [905879.7242878148, -1.2088447293900985e123, 2.917995354767802e-220] {
        let req = PluginRequest::FilterApply(Encoded::new(&FilterRequest {
            filter: Filter::Brightness { amount },
            width: 1,
            height: 1,
            hints: Default::default(),
        }));
        let json = serde_json::to_string(&req).unwrap();
        let back = serde_json::from_str::<PluginRequest>(&json).unwrap();
        assert_eq!(back, req, "{json}");
        let PluginRequest::FilterApply(filter) = back else { unreachable!() };
        assert_eq!(filter.decode().unwrap().filter, Filter::Brightness { amount });
    }
}

#[test]
fn replies_carry_results() {
    let reply = WorkerMessage::Reply {
        call: 7,
        result: Err(PluginError::bad_request("no")),
        memory_bytes: 65536,
        usage: WorkerUsage { storage_bytes: Some(12), network_requests: 3 },
    };
    let json = serde_json::to_value(&reply).unwrap();
    assert_eq!(json["result"]["Err"]["code"], "bad_request");
    assert_eq!(serde_json::from_value::<WorkerMessage>(json).unwrap(), reply);
}
