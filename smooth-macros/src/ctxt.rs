//! Collects every error of one macro invocation so they are reported together.

use proc_macro2::TokenStream;
use std::fmt::Display;

/// Error sink shared by the stages. Like serde_derive's `Ctxt`: errors pile up here and are
/// turned into `compile_error!`s together at the end.
#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// Records an error located on `tokens`.
    pub fn error_spanned_by<T: quote::ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error that already carries its span.
    pub fn syn_error(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Whether nothing went wrong so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// All recorded errors as `compile_error!` invocations.
    pub fn into_compile_errors(self) -> TokenStream {
        self.errors.into_iter().map(|e| e.to_compile_error()).collect()
    }
}
