//! The part of the expansion shared by real code and the stubs beside errors: the call
//! method's extension trait (the method provided, the impl for `SmoothClient` empty) and
//! the `Endpoint` impl.
//! [`crate::expand`] fills it from a checked endpoint and [`crate::fallback`] with stubs,
//! so neither has to import the other's internals.

use crate::case::to_camel_case;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, LitStr, Type, Visibility};

/// What the extension trait and the `Endpoint` impl are made of: `expand` fills it from a
/// checked endpoint, `fallback` with stubs.
pub struct Skeleton<'a> {
    pub vis: &'a Visibility,
    /// The request struct.
    pub ident: &'a Ident,
    /// The call method, e.g. `get_task`.
    pub name: &'a Ident,
    pub response: &'a Type,
    pub trait_doc: String,
    pub method_doc: String,
    /// `#[deprecated]` for the call method, or nothing.
    pub deprecated_attr: TokenStream,
    /// The `::smooth_client::Method` variant.
    pub method: Ident,
    pub path: LitStr,
    /// An `Option<::smooth_client::Deprecation>` expression.
    pub deprecation: TokenStream,
    /// The body of `Endpoint::into_request`.
    pub into_request: TokenStream,
}

/// The extension trait, its impl for `SmoothClient` and the `Endpoint` impl.
pub fn skeleton(parts: Skeleton) -> TokenStream {
    let Skeleton {
        vis,
        ident,
        name,
        response,
        trait_doc,
        method_doc,
        deprecated_attr,
        method,
        path,
        deprecation,
        into_request,
    } = parts;
    let trait_ident = ext_trait_ident(name);
    // The call method is a provided method of the trait and the impl for `SmoothClient` is
    // empty: the method's body is one call of a generic function, so nothing of the
    // request's sending is compiled for an endpoint until some crate calls it.
    quote! {
        #[doc = #trait_doc]
        // The struct or its fields may be `#[deprecated]` by the user: only the user's own
        // uses of them should warn, not the generated code (as in serde's `deprecated.rs`).
        #[allow(deprecated)]
        #vis trait #trait_ident: ::smooth_client::__private::Client {
            #[doc = #method_doc]
            #deprecated_attr
            fn #name(
                &self,
                request: #ident,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<#response, ::smooth_client::Error>,
            > + ::core::marker::Send {
                ::smooth_client::__private::call(self, request)
            }
        }

        #[doc(hidden)]
        #[allow(deprecated)]
        const _: () = {
            #[automatically_derived]
            impl ::smooth_client::Endpoint for #ident {
                type Response = #response;
                const METHOD: ::smooth_client::Method = ::smooth_client::Method::#method;
                const PATH: &'static str = #path;
                const DEPRECATION: ::core::option::Option<::smooth_client::Deprecation> = #deprecation;

                fn into_request(
                    self,
                ) -> ::core::result::Result<::smooth_client::EndpointRequest, ::smooth_client::Error> {
                    #into_request
                }
            }

            #[automatically_derived]
            impl #trait_ident for ::smooth_client::SmoothClient {}
        };
    }
}

/// The extension trait that carries the call method `name`: `get_task` -> `GetTaskExt`.
fn ext_trait_ident(name: &Ident) -> Ident {
    format_ident!("{}Ext", to_camel_case(name.to_string().trim_start_matches("r#")), span = name.span())
}
