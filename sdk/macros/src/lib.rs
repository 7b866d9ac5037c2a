//! The export macro of the Annex plugin SDK. Use it as `annex_sdk::export_plugin!`;
//! its documentation lives there.

mod manifest;

use proc_macro::TokenStream;
use quote::quote;

/// Exports a type as an Annex plugin. See `annex_sdk::export_plugin!`.
#[proc_macro]
pub fn export_plugin(input: TokenStream) -> TokenStream {
    let ty = syn::parse_macro_input!(input as syn::Type);
    match manifest::from_cargo_env() {
        Ok(manifest) => expand(&ty, &manifest).into(),
        Err(message) => syn::Error::new_spanned(&ty, message).to_compile_error().into(),
    }
}

fn expand(ty: &syn::Type, manifest: &annex_protocol::Manifest) -> proc_macro2::TokenStream {
    let json = manifest.to_json();
    let section_bytes = proc_macro2::Literal::byte_string(json.as_bytes());
    let section_len = json.len();

    let mut arms = Vec::new();
    if let Some(filter) = &manifest.capabilities.canvas_filter {
        let names = &filter.filters;
        arms.push(quote! {
            __p::PluginRequest::FilterApply(request) => {
                __p::filter_apply(self, &__p::decode(&request)?, &[#(#names),*], payload)
            }
        });
    }

    if let Some(typography) = &manifest.capabilities.typography {
        let effects = &typography.effects;
        arms.push(quote! {
            __p::PluginRequest::Typography(request) => {
                __p::typography(self, __p::decode(&request)?, &[#(#effects),*], payload)
            }
        });
    }
    if manifest.capabilities.analytics.is_some() {
        arms.push(quote! {
            __p::PluginRequest::Analytics(request) => {
                __p::analytics(self, __p::decode(&request)?, payload)
            }
        });
    }
    if let Some(animation) = &manifest.capabilities.animation {
        let (animations, easings) = (&animation.animations, &animation.easings);
        arms.push(quote! {
            __p::PluginRequest::Animation(request) => {
                __p::animation(self, request, &[#(#animations),*], &[#(#easings),*])
            }
        });
    }

    if manifest.capabilities.storage.is_some() {
        arms.push(quote! {
            __p::PluginRequest::Storage(request) => {
                __p::storage(self, __p::decode(&request)?, payload)
            }
        });
    }
    if manifest.capabilities.network.is_some() {
        arms.push(quote! {
            __p::PluginRequest::Network { request } => {
                __p::network(self, __p::decode(&request)?, payload)
            }
        });
    }
    if !manifest.capabilities.custom.is_empty() {
        let apis = &manifest.capabilities.custom;
        arms.push(quote! {
            __p::PluginRequest::Custom { api, function } => {
                __p::custom(self, &api, &function, &[#(#apis),*], payload)
            }
        });
    }
    if !manifest.hooks.is_empty() {
        let hooks: Vec<&str> = manifest.hooks.iter().map(|h| h.hook.as_str()).collect();
        arms.push(quote! {
            __p::PluginRequest::Hook(request) => {
                __p::hook(self, &__p::decode(&request)?, &[#(#hooks),*])
            }
        });
    }

    quote! {
        const _: () = {
            use ::annex_sdk::__private as __p;

            // Makes rustc rebuild the plugin when its manifest metadata changes.
            const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));

            impl ::annex_sdk::ExportedPlugin for #ty {
                const MANIFEST_JSON: &'static str = #json;

                fn dispatch(
                    &mut self,
                    request: __p::PluginRequest,
                    payload: &mut ::std::vec::Vec<u8>,
                ) -> ::core::result::Result<__p::PluginResponse, ::annex_sdk::PluginError> {
                    match request {
                        #(#arms)*
                        other => Err(__p::unsupported(&other)),
                    }
                }
            }

            #[cfg(target_arch = "wasm32")]
            #[unsafe(link_section = "annex.manifest")]
            static MANIFEST_SECTION: [u8; #section_len] = *#section_bytes;

            #[cfg(target_arch = "wasm32")]
            ::std::thread_local! {
                static INSTANCE: ::core::cell::RefCell<::core::option::Option<__p::Loaded<#ty>>> =
                    const { ::core::cell::RefCell::new(::core::option::Option::None) };
            }

            #[cfg(target_arch = "wasm32")]
            #[unsafe(no_mangle)]
            extern "C" fn annex_abi_version() -> i32 {
                __p::ABI_VERSION
            }

            #[cfg(target_arch = "wasm32")]
            #[unsafe(no_mangle)]
            extern "C" fn annex_alloc(len: u32) -> u32 {
                __p::alloc(len)
            }

            #[cfg(target_arch = "wasm32")]
            #[unsafe(no_mangle)]
            extern "C" fn annex_output() -> u32 {
                __p::output_record()
            }

            #[cfg(target_arch = "wasm32")]
            #[unsafe(no_mangle)]
            extern "C" fn annex_init(init_ptr: u32, init_len: u32) -> i32 {
                // SAFETY: the ABI says the caller got these bytes from `annex_alloc`.
                unsafe { __p::init(&INSTANCE, init_ptr, init_len) }
            }

            #[cfg(target_arch = "wasm32")]
            #[unsafe(no_mangle)]
            extern "C" fn annex_call(req_ptr: u32, req_len: u32, data_ptr: u32, data_len: u32) -> i32 {
                // SAFETY: the ABI says the caller got both buffers from `annex_alloc`.
                unsafe { __p::call(&INSTANCE, req_ptr, req_len, data_ptr, data_len) }
            }
        };
    }
}
