//! Code generation. Everything is named by absolute path so the output compiles in any
//! module, `#![no_implicit_prelude]` included, and sits in `const _: () = { ... };` so no
//! helper leaks into the user's namespace.

use crate::ast::Container;
use crate::attr;
use crate::case::to_camel_case;
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::path_template::Piece;
use crate::valid::{self, Endpoint, Role};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, Ident, LitStr, Type, Visibility};

/// The whole macro: attribute arguments and item in, code (or errors plus the untouched
/// item) out.
pub fn endpoint(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let attr = attr::parse(&mut cx, args);
    let item: DeriveInput = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            cx.syn_error(syn::Error::new(
                Span::call_site(),
                "#[smooth_endpoint] goes on a struct with named fields, e.g. `pub struct GetWidgetRequest { pub id: String }`",
            ));
            let errors = cx.into_compile_errors();
            return quote!(#errors #input);
        }
    };
    let container = Container::from_ast(&mut cx, &item);
    let endpoint = valid::check(&mut cx, attr.clone(), container);
    let marker = quote!(#[derive(::smooth_client::__private::EndpointAttributes)]);
    match endpoint {
        Some(endpoint) if cx.is_ok() => {
            let generated = generate(&endpoint);
            quote! {
                #marker
                #item
                #generated
            }
        }
        // Keep the struct itself, and stubs of what would have been generated, so the
        // user's other code still resolves it; only the mistakes in the attribute are
        // reported.
        _ => {
            let fallback = fallback::expand(&item, &attr);
            let errors = cx.into_compile_errors();
            quote! {
                #errors
                #marker
                #item
                #fallback
            }
        }
    }
}

fn generate(endpoint: &Endpoint) -> TokenStream {
    let container = &endpoint.container;
    let ident = container.ident;
    let vis = container.vis;
    let response = &endpoint.response;
    let name = &endpoint.name;
    let method = format_ident!("{}", endpoint.method.variant());
    let path = &endpoint.path;
    let http = format!("{} {}", endpoint.method.variant().to_uppercase(), path.value());

    let deprecation = match &endpoint.deprecated {
        None => quote!(::core::option::Option::None),
        Some(attr::Deprecation { note: Some(note), .. }) => {
            quote!(::core::option::Option::Some(::smooth_client::Deprecation::with_note(#note)))
        }
        Some(attr::Deprecation { note: None, .. }) => {
            quote!(::core::option::Option::Some(::smooth_client::Deprecation::without_note()))
        }
    };
    let deprecated_attr = match &endpoint.deprecated {
        None => quote!(),
        Some(attr::Deprecation { keyword, note: Some(note) }) => {
            quote::quote_spanned!(keyword.span()=> #[deprecated(note = #note)])
        }
        Some(attr::Deprecation { keyword, note: None }) => quote::quote_spanned!(keyword.span()=> #[deprecated]),
    };

    let validate = endpoint.validate.as_ref().map(|check| quote!(#check(&self)?;));
    let all_fields: Vec<&Ident> = container.fields.iter().map(|f| f.ident).collect();
    let path_code = path_code(endpoint);
    let query_code = helper_struct(endpoint, Role::Query, &format_ident!("__SmoothQuery"));
    let body_code = body_code(endpoint);

    let trait_doc = format!(
        "Adds `{name}` (`{http}`) to `SmoothClient`. Bring it into scope with `use` to call `client.{name}(request)`.",
    );
    let method_doc = format!("Sends `{http}` with a [`{ident}`] and decodes the answer.");

    skeleton(Skeleton {
        vis,
        ident,
        name,
        response,
        trait_doc,
        method_doc,
        deprecated_attr,
        method,
        path: path.clone(),
        deprecation,
        into_request: quote! {
            #validate
            let #ident { #(#all_fields),* } = self;
            #path_code
            #query_code
            let __query = ::smooth_client::__private::query_string(&__query)?;
            #body_code
            ::core::result::Result::Ok(::smooth_client::EndpointRequest::new(
                <Self as ::smooth_client::Endpoint>::METHOD,
                __path,
                __query,
                __body,
            ))
        },
    })
}

/// What the extension trait and the `Endpoint` impl are made of: `generate` fills it from
/// a checked endpoint, `fallback::expand` with stubs.
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
    quote! {
        #[doc = #trait_doc]
        // The struct or its fields may be `#[deprecated]` by the user: only the user's own
        // uses of them should warn, not the generated code (as in serde's `deprecated.rs`).
        #[allow(deprecated)]
        #vis trait #trait_ident {
            #[doc = #method_doc]
            #deprecated_attr
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
            impl #trait_ident for ::smooth_client::SmoothClient {
                #[allow(deprecated)]
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

/// The extension trait that carries the call method `name`: `get_task` -> `GetTaskExt`.
pub fn ext_trait_ident(name: &Ident) -> Ident {
    format_ident!("{}Ext", to_camel_case(name.to_string().trim_start_matches("r#")), span = name.span())
}

fn path_code(endpoint: &Endpoint) -> TokenStream {
    let pushes = endpoint.pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(__path.literal(#text);),
        Piece::Param(param) => {
            let field = endpoint.container.fields.iter().find(|f| valid::field_name(f) == *param).map(|f| f.ident);
            quote!(__path.param(#param, &#field)?;)
        }
    });
    quote! {
        let mut __path = ::smooth_client::__private::PathBuilder::new();
        #(#pushes)*
        let __path = __path.finish();
    }
}

/// A serde helper holding the fields of one role, with the user's serde attributes, bound
/// to a local named `__query` or `__body`.
fn helper_struct(endpoint: &Endpoint, role: Role, helper: &Ident) -> TokenStream {
    let container_attrs = &endpoint.container.serde_attrs;
    let fields: Vec<_> =
        endpoint.container.fields.iter().zip(&endpoint.roles).filter(|(_, r)| **r == role).map(|(f, _)| f).collect();
    let declarations = fields.iter().map(|f| {
        let attrs = &f.serde_attrs;
        let ident = f.ident;
        let ty = f.ty;
        quote!(#(#attrs)* #ident: #ty)
    });
    let idents = fields.iter().map(|f| f.ident);
    let local = if role == Role::Query { format_ident!("__query") } else { format_ident!("__body") };
    // `dead_code` is allowed because a field the user marks `#[serde(skip)]` is copied in
    // but never read.
    quote! {
        #[derive(::smooth_client::__private::serde::Serialize)]
        #[serde(crate = "::smooth_client::__private::serde")]
        #[allow(dead_code)]
        #(#container_attrs)*
        struct #helper { #(#declarations,)* }
        let #local = #helper { #(#idents),* };
    }
}

fn body_code(endpoint: &Endpoint) -> TokenStream {
    if !endpoint.method.has_body() {
        return quote!(let __body = ::smooth_client::RequestBody::Empty;);
    }
    if endpoint.multipart {
        let appends =
            endpoint.container.fields.iter().zip(&endpoint.roles).filter(|(_, r)| **r == Role::Body).map(|(f, _)| {
                let ident = f.ident;
                let part = valid::field_name(f);
                quote!(::smooth_client::__private::MultipartField::append_to(#ident, #part, &mut __form)?;)
            });
        return quote! {
            let mut __form = ::smooth_client::multipart::MultipartBody::new();
            #(#appends)*
            let __body = ::smooth_client::RequestBody::Multipart(__form);
        };
    }
    let helper = helper_struct(endpoint, Role::Body, &format_ident!("__SmoothBody"));
    quote! {
        #helper
        let __body = ::smooth_client::RequestBody::Json(::smooth_client::__private::json_body(&__body)?);
    }
}
