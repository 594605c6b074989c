//! The `#[smooth_endpoint]` attribute macro.
//!
//! Users reach it through `smooth_client::smooth_endpoint`; its documentation, with
//! examples that compile, lives there. This crate is split in stages, one file each:
//! [`attr`] parses the attribute, [`ast`] models the struct, [`valid`] checks the two
//! against each other and [`expand`] writes the code, with the query and body encoded
//! field by field by [`direct`] when no serde helper is needed ([`fallback`] writes stubs
//! beside the errors when there are mistakes; it and `expand` build on [`skeleton`]). Every stage reports
//! into one [`ctxt::Ctxt`], so a user sees all mistakes of one invocation in one compile.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod case;
mod ctxt;
mod direct;
mod expand;
mod fallback;
mod path_template;
mod skeleton;
mod valid;

use proc_macro::TokenStream;

/// Turns a request struct into a Smooth API endpoint. See `smooth_client::smooth_endpoint`.
#[proc_macro_attribute]
pub fn smooth_endpoint(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::endpoint(args.into(), input.into()).into()
}

/// Declares `#[serde(...)]` and `#[smooth(...)]` as inert attributes on endpoint structs, so
/// they are legal even where the struct derives no serde trait of its own. Expands to nothing.
#[doc(hidden)]
#[proc_macro_derive(EndpointAttributes, attributes(serde, smooth))]
pub fn endpoint_attributes(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
