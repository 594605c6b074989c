//! The deprecated browser-session operations, superseded by session tasks.

mod close_browser_session;
mod open_browser_session;

#[allow(deprecated)]
pub use close_browser_session::{CloseBrowserSessionExt, CloseBrowserSessionRequest};
#[allow(deprecated)]
pub use open_browser_session::{BrowserSessionRequest, OpenBrowserSessionExt};
