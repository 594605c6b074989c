//! Lets a fault answer with raw bytes ([`crate::Fault::raw_bytes`]): the connection's
//! socket is wrapped so that, once a fault has left bytes in the connection's
//! [`RawReply`], the next thing hyper writes (its answer to that request) is replaced by
//! those bytes, and the connection is closed.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::state::lock;

/// The raw answer waiting for one connection, set by the pipeline, taken by the writer.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawReply(Arc<Mutex<Option<Vec<u8>>>>);

impl RawReply {
    pub(crate) fn set(&self, bytes: Vec<u8>) {
        *lock(&self.0) = Some(bytes);
    }

    fn take(&self) -> Option<Vec<u8>> {
        lock(&self.0).take()
    }
}

/// Where the connection's writing stands.
enum Writing {
    /// hyper's bytes go through.
    Http,
    /// The raw answer is being written in place of hyper's; `written` bytes are out.
    Raw { bytes: Vec<u8>, written: usize },
    /// The raw answer is out and the socket shut for writing.
    Closed,
}

/// A socket whose answer a fault can replace.
pub(crate) struct HijackableStream {
    inner: TcpStream,
    reply: RawReply,
    writing: Writing,
}

impl HijackableStream {
    pub(crate) fn new(inner: TcpStream, reply: RawReply) -> Self {
        Self { inner, reply, writing: Writing::Http }
    }

    /// Writes the raw answer if one is due; `Ready(Ok(true))` once it is out and the
    /// socket is shut, `Ready(Ok(false))` when there is none.
    fn poll_raw(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<bool>> {
        loop {
            match &mut self.writing {
                Writing::Http => match self.reply.take() {
                    Some(bytes) => self.writing = Writing::Raw { bytes, written: 0 },
                    None => return Poll::Ready(Ok(false)),
                },
                Writing::Raw { bytes, written } => {
                    while *written < bytes.len() {
                        let rest = bytes.get(*written..).unwrap_or_default();
                        let sent = ready!(Pin::new(&mut self.inner).poll_write(cx, rest))?;
                        if sent == 0 {
                            return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                        }
                        *written += sent;
                    }
                    ready!(Pin::new(&mut self.inner).poll_shutdown(cx))?;
                    self.writing = Writing::Closed;
                }
                Writing::Closed => return Poll::Ready(Ok(true)),
            }
        }
    }
}

/// What hyper gets once the raw answer is out: it stops serving the connection.
fn answered_raw() -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionAborted, "answered with raw bytes by an injected fault")
}

impl AsyncRead for HijackableStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for HijackableStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if ready!(this.poll_raw(cx))? {
            return Poll::Ready(Err(answered_raw()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if ready!(this.poll_raw(cx))? {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if ready!(this.poll_raw(cx))? {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}
