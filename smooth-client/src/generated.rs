//! The generic half of the call methods `#[smooth_endpoint]` generates. What does not
//! depend on the endpoint lives here, compiled once in this crate; a generated call method
//! is a single call of [`call`].

use crate::client::SmoothClient;
use crate::endpoint::Endpoint;
use crate::error::Error;
use std::future::Future;

/// What a generated extension trait is implemented for. Only [`SmoothClient`] implements
/// it, so the generated traits' provided call methods can reach the client.
pub trait Client {
    /// The client that sends the request.
    fn smooth_client(&self) -> &SmoothClient;
}

impl Client for SmoothClient {
    #[inline]
    fn smooth_client(&self) -> &SmoothClient {
        self
    }
}

/// The body of every generated call method: sends `request` with [`SmoothClient::send`].
#[inline]
pub fn call<C: Client + ?Sized, E: Endpoint>(
    client: &C,
    request: E,
) -> impl Future<Output = Result<E::Response, Error>> {
    client.smooth_client().send(request)
}
