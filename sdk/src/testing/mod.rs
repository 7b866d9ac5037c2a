//! Test plugins natively with `cargo test`, no browser needed.
//!
//! [`Harness`] loads a plugin the way the worker does (manifest check, default
//! construction, `initialize`) and sends it requests through the same JSON
//! dispatch. Host calls the plugin makes go to a [`MockHost`] that you script
//! and inspect.
//!
//! ```
//! # use annex_sdk::{CanvasFilter, Filter, Image, Plugin, PluginError, ExportedPlugin};
//! # #[derive(Default)] struct Invert;
//! # impl Plugin for Invert {}
//! # impl CanvasFilter for Invert {
//! #     fn apply(&mut self, _: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
//! #         annex_sdk::host::info("inverting");
//! #         image.pixels_mut().for_each(|p| p[0] = 255 - p[0]);
//! #         Ok(())
//! #     }
//! # }
//! # impl ExportedPlugin for Invert {
//! #     const MANIFEST_JSON: &'static str = r#"{"id":"com.example.invert","version":"0.1.0","name":"Invert","capabilities":{"canvas_filter":{"filters":["invert"]}}}"#;
//! #     fn dispatch(&mut self, r: annex_sdk::__private::PluginRequest, p: &mut Vec<u8>)
//! #         -> Result<annex_sdk::__private::PluginResponse, PluginError> {
//! #         match r {
//! #             annex_sdk::__private::PluginRequest::FilterApply(req) =>
//! #                 annex_sdk::__private::filter_apply(self, &annex_sdk::__private::decode(&req)?, &["invert"], p),
//! #             other => Err(annex_sdk::__private::unsupported(&other)),
//! #         }
//! #     }
//! # }
//! use annex_sdk::testing::Harness;
//! use annex_sdk::host::LogLevel;
//!
//! let mut harness = Harness::<Invert>::new().unwrap();
//! let mut pixels = vec![10, 20, 30, 255];
//! let filter = Filter::Custom { name: "invert".into(), params: Default::default() };
//! harness.apply_filter(&filter, 1, 1, &mut pixels).unwrap();
//! assert_eq!(pixels, [245, 20, 30, 255]);
//! assert_eq!(harness.host().logs(), [(LogLevel::Info, "inverting".to_string())]);
//! ```

mod animation;
mod harness;
mod mock_host;

pub use harness::Harness;
pub use mock_host::{HostCall, MockHost, MockResponse};
