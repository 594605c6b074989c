//! Collects every error of one macro invocation so they are reported together.

use proc_macro2::TokenStream;
use std::fmt::Display;
use std::thread;

/// Error sink shared by the stages. Like serde_derive's `Ctxt`: errors pile up here and are
/// turned into `compile_error!`s together at the end, and a guard on drop makes sure that
/// end is reached: a `Ctxt` dropped without [`Ctxt::into_compile_errors`] (or an explicit
/// [`Ctxt::discard`]) panics, so no recorded mistake can be lost silently.
pub struct Ctxt {
    /// `None` once the errors were taken out.
    errors: Option<Vec<syn::Error>>,
}

impl Ctxt {
    /// An empty sink; it must end in [`Ctxt::into_compile_errors`] or [`Ctxt::discard`].
    pub fn new() -> Self {
        Ctxt { errors: Some(Vec::new()) }
    }

    fn errors(&mut self) -> &mut Vec<syn::Error> {
        self.errors.get_or_insert_with(Vec::new)
    }

    /// Records an error located on `tokens`.
    pub fn error_spanned_by<T: quote::ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.errors().push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error that already carries its span.
    pub fn syn_error(&mut self, error: syn::Error) {
        self.errors().push(error);
    }

    /// Whether nothing went wrong so far.
    pub fn is_ok(&self) -> bool {
        self.errors.as_ref().is_none_or(Vec::is_empty)
    }

    /// All recorded errors as `compile_error!` invocations (nothing when there were none).
    pub fn into_compile_errors(mut self) -> TokenStream {
        self.errors.take().unwrap_or_default().into_iter().map(|e| e.to_compile_error()).collect()
    }

    /// Drops the errors on purpose: for a second look whose mistakes the first look
    /// already reported.
    pub fn discard(mut self) {
        self.errors = None;
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        // Panicking inside a panic would abort and hide the first panic's message.
        if self.errors.is_some() && !thread::panicking() {
            panic!("smooth-macros: a Ctxt was dropped without reporting its errors");
        }
    }
}
