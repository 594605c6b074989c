//! Code generation. Everything is named by absolute path so the output compiles in any
//! module, `#![no_implicit_prelude]` included, and sits in `const _: () = { ... };` so no
//! helper leaks into the user's namespace.

use crate::ast::Container;
use crate::attr;
use crate::ctxt::Ctxt;
use crate::direct;
use crate::fallback;
use crate::path_template::Piece;
use crate::skeleton::{Skeleton, skeleton};
use crate::valid::{self, Endpoint, Role};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

/// The whole macro: attribute arguments and item in, code (or errors plus the untouched
/// item) out.
pub fn endpoint(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::new();
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
    let clean = cx.is_ok();
    let errors = cx.into_compile_errors();
    match endpoint {
        Some(endpoint) if clean => {
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
    let query_code = query_code(endpoint);
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

fn path_code(endpoint: &Endpoint) -> TokenStream {
    let pushes = endpoint.pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(__path.literal(#text);),
        Piece::Param(param) => {
            let field = endpoint.container.fields.iter().find(|f| valid::field_name(f) == *param);
            // Spanned on the field's type, so a type without `Display` is reported on the
            // field and not on the whole attribute.
            let value = field.map(|field| {
                let span = field.ty.span();
                let mut ident = field.ident.clone();
                ident.set_span(span);
                quote_spanned!(span=> &#ident)
            });
            quote!(__path.param(#param, #value)?;)
        }
    });
    quote! {
        let mut __path = ::smooth_client::__private::PathBuilder::new();
        #(#pushes)*
        let __path = __path.finish();
    }
}

/// `__query`: the query string, through a serde helper when some field goes there.
fn query_code(endpoint: &Endpoint) -> TokenStream {
    if !endpoint.roles.contains(&Role::Query) {
        return quote!(let __query = ::core::option::Option::None;);
    }
    if let Some(direct) = direct::query(endpoint) {
        return direct;
    }
    let helper = helper_struct(endpoint, Role::Query, &format_ident!("__SmoothQuery"));
    quote! {
        #helper
        let __query = ::smooth_client::__private::query_string(&__query)?;
    }
}

/// A serde helper holding the fields of one role, with the user's serde attributes, bound
/// to a local named `__query` or `__body`.
fn helper_struct(endpoint: &Endpoint, role: Role, helper: &Ident) -> TokenStream {
    let container_options = &endpoint.container.serde_options;
    let container_attr = (!container_options.is_empty()).then(|| quote!(#[serde(#(#container_options),*)]));
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
        #container_attr
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
    if !endpoint.roles.contains(&Role::Body) {
        // What serializing a helper without fields gives, without one.
        return quote!(let __body = ::smooth_client::__private::empty_json_body(););
    }
    if let Some(direct) = direct::json_body(endpoint) {
        return direct;
    }
    let helper = helper_struct(endpoint, Role::Body, &format_ident!("__SmoothBody"));
    quote! {
        #helper
        let __body = ::smooth_client::RequestBody::Json(::smooth_client::__private::json_body(&__body)?);
    }
}
