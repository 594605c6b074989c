//! A model of the annotated struct that keeps the user's tokens for error spans.

use crate::ctxt::Ctxt;
use proc_macro2::{Group, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr, Token, Type, Visibility, token};

/// Field attribute keyword: `#[smooth(query)]` sends a field in the query string of a
/// request that has a body.
pub const QUERY: &str = "query";
const FIELD_ATTR: &str = "smooth";
const SERDE_ATTR: &str = "serde";
/// The one container `#[serde(...)]` option that means the same on the hidden helpers
/// (one for the query, one for the body) as on the whole struct: it renames field names.
const RENAME_ALL: &str = "rename_all";
/// Container `#[serde(...)]` options that only steer deserializing; a request is only
/// ever serialized.
const DESERIALIZE_ONLY: &[&str] = &["default", "deny_unknown_fields", "expecting", "from", "try_from"];

/// The request struct.
pub struct Container<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    /// The container `#[serde(...)]` options that carry over to the generated helpers
    /// (`rename_all = "..."` or `rename_all(...)`); every other one is reported.
    pub serde_options: Vec<TokenStream>,
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
        let serde_options = container_serde_options(cx, &input.attrs);
        Some(Container { ident: &input.ident, vis: &input.vis, serde_options, fields })
    }
}

fn serde_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident(SERDE_ATTR)).collect()
}

/// The struct's own `#[serde(...)]` options that still make sense once its fields are
/// split between path, query and body; each other option is reported on its own name.
fn container_serde_options(cx: &mut Ctxt, attrs: &[Attribute]) -> Vec<TokenStream> {
    let mut kept = Vec::new();
    for attr in serde_attrs(attrs) {
        let parsed = attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident(RENAME_ALL) {
                if meta.input.peek(Token![=]) {
                    let rule: LitStr = meta.value()?.parse()?;
                    kept.push(quote!(#path = #rule));
                } else if meta.input.peek(token::Paren) {
                    let rules: Group = meta.input.parse()?;
                    kept.push(quote!(#path #rules));
                } else {
                    return Err(meta.error("`rename_all` needs a rule: `#[serde(rename_all = \"camelCase\")]`"));
                }
                return Ok(());
            }
            // Skip the option's value, if any, so the options after it are still read.
            while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                meta.input.parse::<TokenTree>()?;
            }
            let option = path.to_token_stream().to_string().replace(' ', "");
            if DESERIALIZE_ONLY.contains(&option.as_str()) {
                cx.error_spanned_by(
                    path,
                    format_args!(
                        "`#[serde({option})]` only changes deserializing, and an endpoint request is only ever serialized: remove it"
                    ),
                );
            } else {
                cx.error_spanned_by(
                    path,
                    format_args!(
                        "`#[serde({option})]` cannot be used on an endpoint struct: its fields are sent in parts (path, query string, body), and the only struct-level serde option that carries over is `#[serde(rename_all = \"...\")]`; remove it, or put field options on the fields"
                    ),
                );
            }
            Ok(())
        });
        if let Err(err) = parsed {
            cx.syn_error(err);
        }
    }
    kept
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
                let option = meta.path.to_token_stream().to_string().replace(' ', "");
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
