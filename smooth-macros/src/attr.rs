//! Parsing of the attribute's arguments: `METHOD, "PATH" [, option]*`.
//!
//! Parsing is lenient on purpose: each comma-separated argument is read on its own and a
//! bad one is recorded in the [`Ctxt`] and skipped, so every mistake is reported at once.

use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Token, Type};

/// Option keywords, as written by users.
pub const DEPRECATED: &str = "deprecated";
/// See [`DEPRECATED`].
pub const RESPONSE: &str = "response";
/// See [`DEPRECATED`].
pub const NAME: &str = "name";
/// See [`DEPRECATED`].
pub const MULTIPART: &str = "multipart";
/// See [`DEPRECATED`]: `validate = path::to::check`, a `fn(&Self) -> Result<(), smooth_client::Error>`
/// run before anything is sent.
pub const VALIDATE: &str = "validate";

const SYNTAX: &str = "#[smooth_endpoint(METHOD, \"/path/{param}\", deprecated = \"note\", response = Type, name = method_name, multipart, validate = path::to::check)]";

/// The HTTP methods an endpoint may use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    fn from_ident(ident: &str) -> Option<Self> {
        Some(match ident {
            "GET" => Self::Get,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            _ => return None,
        })
    }

    /// The variant name of `smooth_client::Method`.
    pub fn variant(self) -> &'static str {
        match self {
            Self::Get => "Get",
            Self::Post => "Post",
            Self::Put => "Put",
            Self::Patch => "Patch",
            Self::Delete => "Delete",
        }
    }

    /// Whether non-path fields travel in a JSON (or multipart) body rather than the query.
    pub fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put | Self::Patch)
    }
}

/// A deprecation marker with its optional note.
#[derive(Clone)]
pub struct Deprecation {
    pub keyword: Ident,
    pub note: Option<LitStr>,
}

/// The attribute, as far as it could be understood.
#[derive(Clone)]
pub struct EndpointAttr {
    pub method: Option<(HttpMethod, Ident)>,
    pub path: Option<LitStr>,
    pub deprecated: Option<Deprecation>,
    pub response: Option<Type>,
    pub name: Option<Ident>,
    pub multipart: Option<Ident>,
    pub validate: Option<syn::Path>,
}

/// One comma-separated argument, before interpretation.
enum Arg {
    Flag(Ident),
    KeyValue(Ident, TokenStream),
    Path(LitStr),
    Other(TokenStream),
}

/// Parses the attribute arguments, recording every problem in `cx`.
pub fn parse(cx: &mut Ctxt, args: TokenStream) -> EndpointAttr {
    let mut attr = EndpointAttr {
        method: None,
        path: None,
        deprecated: None,
        response: None,
        name: None,
        multipart: None,
        validate: None,
    };
    let raw = match split_args.parse2(args) {
        Ok(raw) => raw,
        Err(err) => {
            cx.syn_error(err);
            return attr;
        }
    };
    let mut raw = raw.into_iter().peekable();

    match raw.next() {
        Some(Arg::Flag(ident)) => match HttpMethod::from_ident(&ident.to_string()) {
            Some(method) => attr.method = Some((method, ident)),
            None if HttpMethod::from_ident(&ident.to_string().to_ascii_uppercase()).is_some() => cx.error_spanned_by(
                &ident,
                format_args!(
                    "HTTP methods are written in upper case: write `{}`",
                    ident.to_string().to_ascii_uppercase()
                ),
            ),
            None => cx.error_spanned_by(
                &ident,
                format_args!(
                    "unknown HTTP method `{ident}`; write one of GET, POST, PUT, PATCH, DELETE (upper case), as in {SYNTAX}"
                ),
            ),
        },
        Some(other) => {
            cx.error_spanned_by(
                other.tokens(),
                format_args!("expected the HTTP method first, as in {SYNTAX}"),
            );
            if let Arg::Path(lit) = other {
                attr.path = Some(lit);
            }
        }
        None => {
            cx.syn_error(syn::Error::new(
                Span::call_site(),
                format_args!("missing HTTP method and path; write {SYNTAX}"),
            ));
            return attr;
        }
    }

    if attr.path.is_none() {
        match raw.next() {
            Some(Arg::Path(lit)) => attr.path = Some(lit),
            Some(other) => {
                cx.error_spanned_by(
                    other.tokens(),
                    format_args!("expected the path as a string literal after the method, as in {SYNTAX}"),
                );
                interpret_option(cx, &mut attr, other);
            }
            None => cx.syn_error(syn::Error::new(Span::call_site(), format_args!("missing path; write {SYNTAX}"))),
        }
    }

    for arg in raw {
        interpret_option(cx, &mut attr, arg);
    }
    attr
}

fn interpret_option(cx: &mut Ctxt, attr: &mut EndpointAttr, arg: Arg) {
    match arg {
        Arg::Flag(ident) if ident == DEPRECATED => {
            set_once(cx, &mut attr.deprecated, &ident, Deprecation { keyword: ident.clone(), note: None });
        }
        Arg::KeyValue(ident, value) if ident == DEPRECATED => match syn::parse2::<LitStr>(value.clone()) {
            Ok(note) => {
                set_once(cx, &mut attr.deprecated, &ident, Deprecation { keyword: ident.clone(), note: Some(note) })
            }
            Err(_) => cx.error_spanned_by(
                value,
                "the deprecation note must be a string literal: `deprecated = \"use X instead\"`",
            ),
        },
        Arg::Flag(ident) if ident == MULTIPART => set_once(cx, &mut attr.multipart, &ident, ident.clone()),
        Arg::KeyValue(ident, value) if ident == RESPONSE => match syn::parse2::<Type>(value.clone()) {
            Ok(ty) => set_once(cx, &mut attr.response, &ident, ty),
            Err(_) => cx.error_spanned_by(value, "expected a type: `response = MyResponse`"),
        },
        Arg::KeyValue(ident, value) if ident == NAME => match syn::parse2::<Ident>(value.clone()) {
            Ok(name) => set_once(cx, &mut attr.name, &ident, name),
            Err(_) => cx.error_spanned_by(value, "expected a method name: `name = my_method`"),
        },
        Arg::KeyValue(ident, value) if ident == VALIDATE => match syn::parse2::<syn::Path>(value.clone()) {
            Ok(path) => set_once(cx, &mut attr.validate, &ident, path),
            Err(_) => cx.error_spanned_by(value, "expected a function path: `validate = Self::check`"),
        },
        Arg::Flag(ident) if ident == RESPONSE || ident == NAME || ident == VALIDATE => {
            cx.error_spanned_by(&ident, format_args!("`{ident}` needs a value: `{ident} = ...`"));
        }
        Arg::KeyValue(ident, _) if ident == MULTIPART => {
            cx.error_spanned_by(&ident, "`multipart` takes no value: write `multipart`");
        }
        Arg::Flag(ident) | Arg::KeyValue(ident, _) => {
            if HttpMethod::from_ident(&ident.to_string()).is_some() {
                cx.error_spanned_by(&ident, "the HTTP method may be given only once, as the first argument");
            } else {
                cx.error_spanned_by(
                    &ident,
                    format_args!(
                        "unknown option `{ident}`; expected `deprecated`, `deprecated = \"note\"`, `response = Type`, `name = method_name`, `multipart` or `validate = path::to::fn`"
                    ),
                );
            }
        }
        Arg::Path(lit) => cx.error_spanned_by(&lit, "the path may be given only once, right after the method"),
        Arg::Other(tokens) => cx.error_spanned_by(tokens, format_args!("unexpected tokens; expected {SYNTAX}")),
    }
}

fn set_once<T>(cx: &mut Ctxt, slot: &mut Option<T>, ident: &Ident, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(
            ident,
            format_args!("duplicate option `{ident}`: it is already given; remove one of the two"),
        );
    } else {
        *slot = Some(value);
    }
}

impl Arg {
    fn tokens(&self) -> TokenStream {
        match self {
            Arg::Flag(ident) => quote::quote!(#ident),
            Arg::KeyValue(ident, value) => quote::quote!(#ident = #value),
            Arg::Path(lit) => quote::quote!(#lit),
            Arg::Other(tokens) => tokens.clone(),
        }
    }
}

/// Splits the arguments at top-level commas and classifies each piece.
fn split_args(input: ParseStream) -> syn::Result<Vec<Arg>> {
    let mut args = Vec::new();
    while !input.is_empty() {
        let mut piece = Vec::<TokenTree>::new();
        // Angle brackets are not token groups, so `response = HashMap<K, V>` needs a depth count.
        let mut angle_depth = 0usize;
        while !input.is_empty() && (angle_depth > 0 || !input.peek(Token![,])) {
            let tree: TokenTree = input.parse()?;
            if let TokenTree::Punct(punct) = &tree {
                match punct.as_char() {
                    '<' => angle_depth += 1,
                    '>' => angle_depth = angle_depth.saturating_sub(1),
                    _ => {}
                }
            }
            piece.push(tree);
        }
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        args.push(classify(piece));
    }
    Ok(args)
}

fn classify(piece: Vec<TokenTree>) -> Arg {
    let tokens: TokenStream = piece.iter().cloned().collect();
    match piece.as_slice() {
        [TokenTree::Ident(ident)] => Arg::Flag(ident.clone()),
        [TokenTree::Literal(_)] => match syn::parse2::<LitStr>(tokens.clone()) {
            Ok(lit) => Arg::Path(lit),
            Err(_) => Arg::Other(tokens),
        },
        [TokenTree::Ident(ident), TokenTree::Punct(eq), rest @ ..] if eq.as_char() == '=' && !rest.is_empty() => {
            Arg::KeyValue(ident.clone(), rest.iter().cloned().collect())
        }
        _ => Arg::Other(tokens),
    }
}
