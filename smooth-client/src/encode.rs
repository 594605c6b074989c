//! Encoding request parts through serde, for the code `#[smooth_endpoint]` generates.

use crate::endpoint::RequestBody;
use crate::error::Error;

/// The query string of a serialized helper, or `None` when it is empty.
pub fn query_string<T: serde::Serialize>(query: &T) -> Result<Option<String>, Error> {
    let encoded = serde_urlencoded::to_string(query).map_err(|err| Error::InvalidInput {
        field: "query".to_owned(),
        reason: format!("cannot encode the query string: {err}"),
    })?;
    Ok((!encoded.is_empty()).then_some(encoded))
}

/// The JSON body of a serialized helper.
pub fn json_body<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body).map_err(|err| Error::InvalidInput {
        field: "body".to_owned(),
        reason: format!("cannot encode the JSON body: {err}"),
    })
}

/// The body of a JSON request without body fields: an empty object, as serde serializes a
/// struct without fields.
pub fn empty_json_body() -> RequestBody {
    RequestBody::Json(b"{}".to_vec())
}
