//! What is emitted beside the errors when the attribute has mistakes (like thiserror's
//! `fallback.rs`): the struct itself, and, when the call method's name and response type
//! are still known, a stub of the extension trait and of the `Endpoint` impl. Call sites
//! then type-check, so the user sees the attribute's own mistakes and not one more error
//! at every `client.method(...)` or `client.send(...)`.

use crate::ast::Container;
use crate::attr::EndpointAttr;
use crate::ctxt::Ctxt;
use crate::expand::ext_trait_ident;
use crate::valid;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// The stub impls for `item`, or nothing when the struct itself is unusable or the method
/// name or response type cannot be known.
pub fn expand(item: &DeriveInput, attr: &EndpointAttr) -> TokenStream {
    // The errors were reported already; this only looks again.
    let Some(container) = Container::from_ast(&mut Ctxt::default(), item) else { return TokenStream::new() };
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    let Some((name, response)) = valid::name_and_response(attr, &container) else { return TokenStream::new() };
    let ident = &item.ident;
    let vis = &item.vis;
    let trait_ident = ext_trait_ident(&name);
    let doc = format!("Adds `{name}` to `SmoothClient` (not generated: see the errors on `#[smooth_endpoint]`).");
    quote! {
        #[doc = #doc]
        // The struct or its fields may be `#[deprecated]` by the user: only the user's own
        // uses of them should warn, not the generated code (as in serde's `deprecated.rs`).
        #[allow(deprecated)]
        #vis trait #trait_ident {
            #[doc = #doc]
            fn #name(
                &self,
                request: #ident,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<#response, ::smooth_client::Error>,
            > + ::core::marker::Send;
        }

        #[doc(hidden)]
        #[allow(deprecated)]
        const _: () = {
            #[automatically_derived]
            impl ::smooth_client::Endpoint for #ident {
                type Response = #response;
                const METHOD: ::smooth_client::Method = ::smooth_client::Method::Get;
                const PATH: &'static str = "";
                const DEPRECATION: ::core::option::Option<::smooth_client::Deprecation> = ::core::option::Option::None;

                fn into_request(
                    self,
                ) -> ::core::result::Result<::smooth_client::EndpointRequest, ::smooth_client::Error> {
                    ::core::unimplemented!("#[smooth_endpoint] reported errors for this struct")
                }
            }

            #[automatically_derived]
            impl #trait_ident for ::smooth_client::SmoothClient {
                fn #name(
                    &self,
                    request: #ident,
                ) -> impl ::core::future::Future<
                    Output = ::core::result::Result<#response, ::smooth_client::Error>,
                > + ::core::marker::Send {
                    ::smooth_client::SmoothClient::send(self, request)
                }
            }
        };
    }
}
