//! Reading answers: a size-capped body, the `{"r": …}` envelope, error bodies.

use crate::error::excerpt;
use crate::error::{ApiDetail, Error};
use crate::secret::Redactor;
use bytes::{Bytes, BytesMut};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Reads the whole body, refusing to hold more than `limit` bytes.
pub(crate) async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    let status = response.status().as_u16();
    if response.content_length().is_some_and(|len| len > limit as u64) {
        return Err(BodyError::TooLarge(Error::ResponseTooLarge { status, limit }));
    }
    // Most answers arrive in one chunk: keep it as it is and copy only when a second one
    // comes, so the common case costs no extra allocation.
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    let mut length = 0usize;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                length += chunk.len();
                if length > limit {
                    return Err(BodyError::TooLarge(Error::ResponseTooLarge { status, limit }));
                }
                match (&mut joined, first.take()) {
                    (Some(buffer), _) => buffer.extend_from_slice(&chunk),
                    (None, None) => first = Some(chunk),
                    (None, Some(earlier)) => {
                        let mut buffer = BytesMut::with_capacity(earlier.len() + chunk.len());
                        buffer.extend_from_slice(&earlier);
                        buffer.extend_from_slice(&chunk);
                        joined = Some(buffer);
                    }
                }
            }
            Ok(None) => return Ok(joined.map(BytesMut::freeze).or(first).unwrap_or_default()),
            Err(err) => return Err(BodyError::Transport(err)),
        }
    }
}

/// Why a body could not be read.
pub(crate) enum BodyError {
    /// Over the limit: final.
    TooLarge(Error),
    /// The connection broke or timed out mid-body.
    Transport(reqwest::Error),
}

/// Decodes a success body `{"r": T}`.
pub(crate) fn decode_envelope<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    #[derive(Deserialize)]
    struct Envelope<T> {
        r: T,
    }
    serde_json::from_slice::<Envelope<T>>(body).map(|envelope| envelope.r).map_err(|err| Error::Decode {
        status,
        message: err.to_string(),
        excerpt: excerpt(body),
    })
}

/// The error for a non-success answer, redacted of the secrets the request carried.
pub(crate) fn api_error(status: u16, body: &[u8], redactor: &Redactor, retry_after: Option<Duration>) -> Error {
    let text = redactor.redact(&String::from_utf8_lossy(body));
    Error::Api { status, detail: ApiDetail::from_body(&text), body: text, retry_after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_unwrap_and_bad_ones_explain() {
        assert!(decode_envelope::<bool>(200, br#"{"r": true}"#).unwrap());
        let err = decode_envelope::<bool>(200, br#"{"r": tr"#).unwrap_err();
        assert!(matches!(&err, Error::Decode { status: 200, excerpt, .. } if excerpt == "{\"r\": tr"), "{err}");
        let err = decode_envelope::<bool>(200, b"<html>oops</html>").unwrap_err();
        assert!(err.to_string().contains("<html>oops"), "{err}");
    }
}
