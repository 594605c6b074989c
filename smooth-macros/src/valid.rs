//! Checks the attribute against the struct and settles every choice the expansion needs.

use crate::ast::{Container, Field};
use crate::attr::{self, Deprecation, EndpointAttr, HttpMethod};
use crate::case::to_snake_case;
use crate::ctxt::Ctxt;
use crate::path_template::{self, Piece};
use proc_macro2::Span;
use syn::{Ident, LitStr, Type};

/// Where a field travels.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Path,
    Query,
    Body,
}

/// An endpoint with every choice made.
pub struct Endpoint<'a> {
    pub container: Container<'a>,
    pub method: HttpMethod,
    pub path: LitStr,
    pub pieces: Vec<Piece>,
    pub response: Type,
    pub name: Ident,
    pub deprecated: Option<Deprecation>,
    pub multipart: bool,
    pub validate: Option<syn::Path>,
    /// One role per field, in declaration order.
    pub roles: Vec<Role>,
}

/// Validates; returns `None` when a mistake was recorded in `cx`.
pub fn check<'a>(cx: &mut Ctxt, attr: EndpointAttr, container: Option<Container<'a>>) -> Option<Endpoint<'a>> {
    let pieces = attr.path.as_ref().and_then(|lit| match path_template::parse(&lit.value()) {
        Ok(pieces) => Some(pieces),
        Err(message) => {
            cx.error_spanned_by(lit, format_args!("invalid path: {message}"));
            None
        }
    });

    if let (Some(multipart), Some((method, method_ident))) = (&attr.multipart, &attr.method)
        && !method.has_body()
    {
        cx.error_spanned_by(
            multipart,
            format_args!(
                "`multipart` needs a request body, but {method_ident} requests have none; use POST, PUT or PATCH"
            ),
        );
    }

    let container = container?;
    let response = response_type(cx, &attr, &container);
    let name = method_name(cx, &attr, &container);

    let mut roles = Vec::with_capacity(container.fields.len());
    if let (Some(pieces), Some(lit)) = (&pieces, &attr.path) {
        for piece in pieces {
            if let Piece::Param(param) = piece
                && !container.fields.iter().any(|f| field_name(f) == *param)
            {
                let fields: Vec<String> = container.fields.iter().map(|f| format!("`{}`", field_name(f))).collect();
                let known = if fields.is_empty() {
                    "it has no fields".to_owned()
                } else {
                    format!("its fields: {}", fields.join(", "))
                };
                cx.error_spanned_by(
                    lit,
                    format_args!(
                        "path parameter `{{{param}}}` has no matching field; add a field `{param}: String` to `{}` or fix the path ({known})",
                        container.ident
                    ),
                );
            }
        }
    }
    let is_path_param = |field: &Field| {
        pieces
            .as_ref()
            .is_some_and(|pieces| pieces.iter().any(|p| matches!(p, Piece::Param(n) if *n == field_name(field))))
    };
    let has_body = attr.method.as_ref().is_some_and(|(m, _)| m.has_body());
    for field in &container.fields {
        let role = if is_path_param(field) {
            if let Some(query) = &field.query {
                cx.error_spanned_by(
                    query,
                    format_args!(
                        "`{}` is a path parameter, so it cannot also be `query`; remove `#[smooth(query)]`",
                        field.ident
                    ),
                );
            }
            Role::Path
        } else if field.query.is_some() || !has_body {
            Role::Query
        } else {
            Role::Body
        };
        roles.push(role);
    }

    if !cx.is_ok() {
        return None;
    }
    let (method, _) = attr.method?;
    Some(Endpoint {
        container,
        method,
        path: attr.path?,
        pieces: pieces?,
        response: response?,
        name: name?,
        deprecated: attr.deprecated,
        multipart: attr.multipart.is_some(),
        validate: attr.validate,
        roles,
    })
}

/// The field's name as it appears in a path template (`r#type` is `type`).
pub fn field_name(field: &Field) -> String {
    let name = field.ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

/// The call method's name and the response type, when both can be settled; reports
/// nothing (used for the stubs emitted beside errors).
pub fn name_and_response(attr: &EndpointAttr, container: &Container) -> Option<(Ident, Type)> {
    let mut scratch = Ctxt::new();
    let name = method_name(&mut scratch, attr, container);
    let response = response_type(&mut scratch, attr, container);
    scratch.discard();
    Some((name?, response?))
}

fn response_type(cx: &mut Ctxt, attr: &EndpointAttr, container: &Container) -> Option<Type> {
    if let Some(ty) = &attr.response {
        return Some(ty.clone());
    }
    let ident = container.ident.to_string();
    match ident.strip_suffix("Request") {
        Some(stem) if !stem.is_empty() => {
            let response = Ident::new(&format!("{stem}Response"), container.ident.span());
            Some(syn::parse_quote!(#response))
        }
        _ => {
            cx.error_spanned_by(
                container.ident,
                format_args!(
                    "cannot infer the response type: `{ident}` does not end in `Request`; add `{} = {ident}Response` (or the type the endpoint returns) to #[smooth_endpoint]",
                    attr::RESPONSE
                ),
            );
            None
        }
    }
}

fn method_name(cx: &mut Ctxt, attr: &EndpointAttr, container: &Container) -> Option<Ident> {
    if let Some(name) = &attr.name {
        return Some(name.clone());
    }
    let ident = container.ident.to_string();
    let stem = ident.strip_suffix("Request").unwrap_or(&ident);
    if stem.is_empty() {
        cx.error_spanned_by(
            container.ident,
            format_args!("cannot derive a method name from `{ident}`; add `{} = my_method`", attr::NAME),
        );
        return None;
    }
    let snake = to_snake_case(stem);
    syn::parse_str::<Ident>(&snake).ok().or_else(|| Some(Ident::new_raw(&snake, Span::call_site()))).map(|mut ident| {
        ident.set_span(container.ident.span());
        ident
    })
}
