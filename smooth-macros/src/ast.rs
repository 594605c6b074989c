//! A model of the annotated struct that keeps the user's tokens for error spans.

use crate::ctxt::Ctxt;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, Type, Visibility};

/// Field attribute keyword: `#[smooth(query)]` sends a field in the query string of a
/// request that has a body.
pub const QUERY: &str = "query";
const FIELD_ATTR: &str = "smooth";

/// The request struct.
pub struct Container<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    /// `#[serde(...)]` attributes on the struct, copied onto the generated helpers.
    pub serde_attrs: Vec<&'a Attribute>,
    pub fields: Vec<Field<'a>>,
}

/// One named field.
pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    /// `#[serde(...)]` attributes on the field, copied onto the generated helpers.
    pub serde_attrs: Vec<&'a Attribute>,
    /// The `query` keyword of `#[smooth(query)]`, if present.
    pub query: Option<Ident>,
}

impl<'a> Container<'a> {
    /// Models `input`, or records why it cannot be an endpoint.
    pub fn from_ast(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let shape_ok = match &input.data {
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "#[smooth_endpoint] goes on a struct with named fields, not an enum; wrap the enum in a field of a request struct",
                );
                None
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[smooth_endpoint] goes on a struct with named fields, not a union: write `struct Name { field: Type }`",
                );
                None
            }
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(named),
                Fields::Unnamed(unnamed) => {
                    cx.error_spanned_by(
                        unnamed,
                        "#[smooth_endpoint] needs named fields, so each can be bound to the path, query or body: write `struct Name { field: Type }`",
                    );
                    None
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        format_args!(
                            "#[smooth_endpoint] needs a struct with braces; for an endpoint without parameters write `struct {} {{}}`",
                            input.ident
                        ),
                    );
                    None
                }
            },
        };
        if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
            cx.error_spanned_by(
                &input.generics,
                "generic endpoint structs are not supported; use concrete field types (e.g. `serde_json::Value` for free-form data)",
            );
        }
        let named = shape_ok?;
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                Some(Field {
                    ident: field.ident.as_ref()?,
                    ty: &field.ty,
                    serde_attrs: serde_attrs(&field.attrs),
                    query: field_query_flag(cx, &field.attrs),
                })
            })
            .collect();
        Some(Container { ident: &input.ident, vis: &input.vis, serde_attrs: serde_attrs(&input.attrs), fields })
    }
}

fn serde_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("serde")).collect()
}

fn field_query_flag(cx: &mut Ctxt, attrs: &[Attribute]) -> Option<Ident> {
    let mut query = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(FIELD_ATTR)) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(QUERY) {
                if let Some(ident) = meta.path.get_ident() {
                    if query.is_some() {
                        cx.error_spanned_by(ident, "duplicate `query`; give it only once");
                    }
                    query = Some(ident.clone());
                }
                Ok(())
            } else {
                let option = quote::ToTokens::to_token_stream(&meta.path).to_string().replace(' ', "");
                Err(meta.error(format_args!(
                    "unknown field option `{option}`; the only one is `#[smooth(query)]`, which sends the field in the query string"
                )))
            }
        });
        if let Err(err) = parsed {
            cx.syn_error(err);
        }
    }
    query
}
