//! The accept loop. The mock serves connections itself (rather than with `axum::serve`) so
//! that a fault can close a connection without answering, and so that stopping the server
//! ends every connection task it started.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::http::pipeline;
use crate::http::raw_reply::{HijackableStream, RawReply};
use crate::state::Shared;

/// How long in-flight requests may take to finish once the server is stopping.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// Serves until `stop` flips to `true` (or its sender is dropped).
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, router: Router, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&shared), router.clone(), stop.clone()));
                }
                Err(error) => {
                    // Typically out of file descriptors: back off instead of spinning.
                    tracing::warn!(%error, "smooth-mock: accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        connections.abort_all();
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, router: Router, mut stop: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let raw_reply = RawReply::default();
    let stream = HijackableStream::new(stream, raw_reply.clone());
    let service =
        service_fn(move |request| pipeline::handle(Arc::clone(&shared), router.clone(), raw_reply.clone(), request));
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            if let Err(error) = result {
                tracing::debug!(%error, "smooth-mock: connection ended with an error");
            }
            return;
        }
        _ = stop.changed() => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}
