//! Encoding a role's fields (query or JSON body) one by one through generic functions of
//! `smooth_client::__private`, without a serde helper struct. A helper struct costs every
//! endpoint a `#[derive(Serialize)]` expansion and its own instantiation of the
//! serializer; the per-field functions are generic over the field's type only, so one
//! instantiation serves every endpoint with a field of that type.
//!
//! Only fields whose serde options the generated code can honour exactly go this way
//! (`rename = "..."`, `skip_serializing_if = "..."`), and only without a container
//! `rename_all`; anything else keeps the helper struct, so serde decides.

use crate::valid::{self, Endpoint, Role};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ExprPath, Ident, LitStr};

/// One field encoded directly.
struct DirectField<'a> {
    ident: &'a Ident,
    /// The name it is sent under.
    name: String,
    /// `skip_serializing_if`, parsed.
    skip_if: Option<ExprPath>,
    span: proc_macro2::Span,
}

/// The fields of `role`, or `None` when one of them (or the struct) has a serde option
/// that only serde can apply.
fn direct_fields<'a>(endpoint: &'a Endpoint, role: Role) -> Option<Vec<DirectField<'a>>> {
    if !endpoint.container.serde_options.is_empty() {
        return None;
    }
    let mut fields = Vec::new();
    for (field, _) in endpoint.container.fields.iter().zip(&endpoint.roles).filter(|(_, r)| **r == role) {
        let mut name = valid::field_name(field);
        let mut skip_if = None;
        for attr in &field.serde_attrs {
            let mut simple = true;
            let parsed = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") && meta.input.peek(syn::Token![=]) {
                    name = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("skip_serializing_if") {
                    skip_if = Some(meta.value()?.parse::<LitStr>()?.parse::<ExprPath>()?);
                } else {
                    simple = false;
                    while !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                        meta.input.parse::<proc_macro2::TokenTree>()?;
                    }
                }
                Ok(())
            });
            if parsed.is_err() || !simple {
                return None;
            }
        }
        fields.push(DirectField { ident: field.ident, name, skip_if, span: field.ty.span() });
    }
    Some(fields)
}

/// `__query` (an `Option<String>`) built field by field, or `None` to use a helper.
pub fn query(endpoint: &Endpoint) -> Option<TokenStream> {
    let fields = direct_fields(endpoint, Role::Query)?;
    let pushes = pushes(&fields, &quote!(__query));
    Some(quote! {
        let mut __query = ::smooth_client::__private::QueryBuilder::new();
        #(#pushes)*
        let __query = __query.finish();
    })
}

/// `__body` (a JSON `RequestBody`) built field by field, or `None` to use a helper.
pub fn json_body(endpoint: &Endpoint) -> Option<TokenStream> {
    let fields = direct_fields(endpoint, Role::Body)?;
    let pushes = pushes(&fields, &quote!(__body));
    Some(quote! {
        let mut __body = ::smooth_client::__private::JsonObjectBuilder::new();
        #(#pushes)*
        let __body = __body.finish();
    })
}

fn pushes(fields: &[DirectField], builder: &TokenStream) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|field| {
            let DirectField { ident, name, skip_if, span } = field;
            // Spanned on the field's type, so a type without `Serialize` is reported on the
            // field.
            let push = quote_spanned!(*span=> #builder.field(#name, &#ident)?;);
            match skip_if {
                Some(skip_if) => quote!(if !#skip_if(&#ident) { #push }),
                None => push,
            }
        })
        .collect()
}
