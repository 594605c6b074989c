//! What is emitted beside the errors when the attribute has mistakes (like thiserror's
//! `fallback.rs`): the struct itself, and, when the call method's name and response type
//! are still known, a stub of the extension trait and of the `Endpoint` impl. Call sites
//! then type-check, so the user sees the attribute's own mistakes and not one more error
//! at every `client.method(...)` or `client.send(...)`.

use crate::ast::Container;
use crate::attr::EndpointAttr;
use crate::ctxt::Ctxt;
use crate::skeleton::{Skeleton, skeleton};
use crate::valid;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, LitStr};

/// The stub impls for `item`, or nothing when the struct itself is unusable or the method
/// name or response type cannot be known.
pub fn expand(item: &DeriveInput, attr: &EndpointAttr) -> TokenStream {
    // The errors were reported already; this only looks again.
    let mut second_look = Ctxt::new();
    let container = Container::from_ast(&mut second_look, item);
    second_look.discard();
    let Some(container) = container else { return TokenStream::new() };
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    let Some((name, response)) = valid::name_and_response(attr, &container) else { return TokenStream::new() };
    let doc = format!("Adds `{name}` to `SmoothClient` (not generated: see the errors on `#[smooth_endpoint]`).");
    skeleton(Skeleton {
        vis: &item.vis,
        ident: &item.ident,
        name: &name,
        response: &response,
        trait_doc: doc.clone(),
        method_doc: doc,
        deprecated_attr: TokenStream::new(),
        method: format_ident!("Get"),
        path: LitStr::new("", Span::call_site()),
        deprecation: quote!(::core::option::Option::None),
        into_request: quote!(::core::unimplemented!("#[smooth_endpoint] reported errors for this struct")),
    })
}
