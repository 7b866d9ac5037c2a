//! Storage host functions (asynchronous: IndexedDB), each checking its
//! permission at the call, so a revocation takes effect at once.

use std::future::Future;
use std::rc::Rc;

use annex_protocol::host_api::RESULT_NOT_FOUND;
use annex_protocol::permission::Permission;
use annex_protocol::PluginError;
use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use super::{int, HostState};

/// What an async storage call produced: data for the result slot, or "not found".
enum Found {
    Data(Vec<u8>),
    NotFound,
}

pub(super) fn function(name: &str, state: &Rc<HostState>) -> JsValue {
    let s = state.clone();
    match name {
        "storage_get" => Closure::<dyn Fn(u32, u32) -> Promise>::new(move |kp, kl| {
            run(&s, move |s| async move {
                s.require(&Permission::StorageRead)?;
                let key = s.read_str(kp, kl)?;
                Ok(match s.store().await?.get(&key).await? {
                    Some(value) => Found::Data(value),
                    None => Found::NotFound,
                })
            })
        })
        .into_js_value(),
        "storage_list" => Closure::<dyn Fn(u32, u32) -> Promise>::new(move |pp, pl| {
            run(&s, move |s| async move {
                s.require(&Permission::StorageRead)?;
                let pattern = if pl == 0 { "*".to_owned() } else { s.read_str(pp, pl)? };
                let keys = s.store().await?.list(&pattern).await?;
                Ok(Found::Data(serde_json::to_vec(&keys).expect("keys serialize")))
            })
        })
        .into_js_value(),
        "storage_set" => {
            Closure::<dyn Fn(u32, u32, u32, u32) -> Promise>::new(move |kp, kl, vp, vl| {
                run(&s, move |s| async move {
                    s.require(&Permission::StorageWrite)?;
                    let (key, value) = (s.read_str(kp, kl)?, s.read(vp, vl)?);
                    check_key(&key)?;
                    s.store().await?.set(&key, &value).await?;
                    Ok(Found::Data(Vec::new()))
                })
            })
            .into_js_value()
        }
        "storage_delete" => Closure::<dyn Fn(u32, u32) -> Promise>::new(move |kp, kl| {
            run(&s, move |s| async move {
                s.require(&Permission::StorageWrite)?;
                let key = s.read_str(kp, kl)?;
                s.store().await?.delete(&key).await?;
                Ok(Found::Data(Vec::new()))
            })
        })
        .into_js_value(),
        "storage_clear" => Closure::<dyn Fn() -> Promise>::new(move || {
            run(&s, move |s| async move {
                s.require(&Permission::StorageWrite)?;
                s.store().await?.clear().await?;
                Ok(Found::Data(Vec::new()))
            })
        })
        .into_js_value(),
        other => unreachable!("storage function `{other}` has no implementation"),
    }
}

/// Runs an async host call and settles it into the result slot; the promise
/// resolves to the `i32` the plugin sees (it never rejects).
fn run<F, Fut>(state: &Rc<HostState>, call: F) -> Promise
where
    F: FnOnce(Rc<HostState>) -> Fut,
    Fut: Future<Output = Result<Found, PluginError>> + 'static,
{
    let s = state.clone();
    let future = call(state.clone());
    future_to_promise(async move {
        let code = match future.await {
            Ok(Found::Data(data)) => s.answer(data, Vec::new()),
            Ok(Found::NotFound) => RESULT_NOT_FOUND,
            Err(error) => s.fail(&error),
        };
        Ok(int(code))
    })
}

fn check_key(key: &str) -> Result<(), PluginError> {
    if key.is_empty() || key.len() > 512 {
        Err(PluginError::bad_request("storage keys must be 1 to 512 bytes"))
    } else {
        Ok(())
    }
}
