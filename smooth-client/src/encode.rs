//! Encoding request parts through serde, for the code `#[smooth_endpoint]` generates.
//!
//! Whole helper structs go through [`query_string`] and [`json_body`]; fields without
//! serde options beyond `rename` and `skip_serializing_if` go one by one through
//! [`QueryBuilder`] and [`JsonObjectBuilder`], whose methods are generic over the field's
//! type only, so every endpoint with a field of that type shares one instantiation.

use crate::endpoint::RequestBody;
use crate::error::Error;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The query string of a serialized helper, or `None` when it is empty.
pub fn query_string<T: serde::Serialize>(query: &T) -> Result<Option<String>, Error> {
    let encoded = serde_urlencoded::to_string(query).map_err(query_error)?;
    Ok((!encoded.is_empty()).then_some(encoded))
}

/// The JSON body of a serialized helper.
pub fn json_body<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body).map_err(body_error)
}

/// The body of a JSON request without body fields: an empty object, as serde serializes a
/// struct without fields.
pub fn empty_json_body() -> RequestBody {
    RequestBody::Json(b"{}".to_vec())
}

fn query_error(err: serde_urlencoded::ser::Error) -> Error {
    Error::InvalidInput { field: "query".to_owned(), reason: format!("cannot encode the query string: {err}") }
}

fn body_error(err: serde_json::Error) -> Error {
    Error::InvalidInput { field: "body".to_owned(), reason: format!("cannot encode the JSON body: {err}") }
}

/// A struct of one field, serialized exactly as that field of a derived struct would be.
struct OneField<'a, T: ?Sized> {
    name: &'static str,
    value: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for OneField<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("Query", 1)?;
        fields.serialize_field(self.name, self.value)?;
        fields.end()
    }
}

/// A query string built field by field; the same text `serde_urlencoded` gives for a
/// struct of those fields (a `None` field leaves no pair).
#[derive(Debug, Default)]
pub struct QueryBuilder {
    query: String,
}

impl QueryBuilder {
    /// An empty query.
    pub fn new() -> Self {
        QueryBuilder::default()
    }

    /// Appends the pair of field `name`, if its value gives one.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let pair = serde_urlencoded::to_string(OneField { name, value }).map_err(query_error)?;
        if self.query.is_empty() {
            // The first pair becomes the query: no second allocation for the usual one field.
            self.query = pair;
        } else if !pair.is_empty() {
            self.query.push('&');
            self.query.push_str(&pair);
        }
        Ok(())
    }

    /// The query, or `None` when no field gave a pair.
    pub fn finish(self) -> Option<String> {
        (!self.query.is_empty()).then_some(self.query)
    }
}

/// A JSON object built field by field; the same bytes `serde_json::to_vec` gives for a
/// struct of those fields.
#[derive(Debug)]
pub struct JsonObjectBuilder {
    bytes: Vec<u8>,
}

impl Default for JsonObjectBuilder {
    fn default() -> Self {
        JsonObjectBuilder::new()
    }
}

impl JsonObjectBuilder {
    /// `{`.
    pub fn new() -> Self {
        JsonObjectBuilder { bytes: vec![b'{'] }
    }

    /// Appends `"name":value`.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        if self.bytes.len() > 1 {
            self.bytes.push(b',');
        }
        serde_json::to_writer(&mut self.bytes, name).map_err(body_error)?;
        self.bytes.push(b':');
        serde_json::to_writer(&mut self.bytes, value).map_err(body_error)
    }

    /// The finished object, as a request body.
    pub fn finish(mut self) -> RequestBody {
        self.bytes.push(b'}');
        RequestBody::Json(self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Whole<'a> {
        verbose: bool,
        #[serde(rename = "page size")]
        limit: Option<u32>,
        name: &'a str,
        tags: Vec<&'a str>,
    }

    #[test]
    fn field_by_field_gives_the_bytes_of_the_derived_struct() {
        for (limit, tags) in [(None, vec![]), (Some(20), vec!["a \"b\"", "ü"])] {
            let whole = Whole { verbose: true, limit, name: "a&b=c d", tags: tags.clone() };

            let mut body = JsonObjectBuilder::new();
            body.field("verbose", &true).unwrap();
            body.field("page size", &limit).unwrap();
            body.field("name", "a&b=c d").unwrap();
            body.field("tags", &tags).unwrap();
            let RequestBody::Json(bytes) = body.finish() else { panic!("not JSON") };
            assert_eq!(bytes, serde_json::to_vec(&whole).unwrap());
        }

        #[derive(serde::Serialize)]
        struct Query<'a> {
            verbose: bool,
            #[serde(rename = "page size")]
            limit: Option<u32>,
            name: &'a str,
        }
        for limit in [None, Some(20)] {
            let mut query = QueryBuilder::new();
            query.field("verbose", &true).unwrap();
            query.field("page size", &limit).unwrap();
            query.field("name", "a&b=c d").unwrap();
            let expected = serde_urlencoded::to_string(Query { verbose: true, limit, name: "a&b=c d" }).unwrap();
            assert_eq!(query.finish(), Some(expected));
        }
        assert_eq!(QueryBuilder::new().finish(), None);
    }

    /// `POST /widget/{id}`, with the serde options the macro applies itself.
    #[crate::smooth_endpoint(POST, "/widget/{id}", response = ())]
    struct RenameWidgetRequest {
        id: String,
        #[smooth(query)]
        #[serde(rename = "dry-run")]
        dry_run: bool,
        #[smooth(query)]
        #[serde(skip_serializing_if = "Option::is_none")]
        page: Option<u32>,
        #[serde(rename = "newName")]
        new_name: String,
        #[serde(skip_serializing_if = "Option::is_none", rename = "colour")]
        color: Option<String>,
    }

    #[test]
    fn the_macro_applies_rename_and_skip_serializing_if_without_a_helper() {
        use crate::Endpoint;
        let request = RenameWidgetRequest {
            id: "w 1".into(),
            dry_run: true,
            page: None,
            new_name: "a\"b".into(),
            color: Some("blue".into()),
        }
        .into_request()
        .unwrap();
        assert_eq!(request.path(), "/widget/w%201");
        assert_eq!(request.query(), Some("dry-run=true"));
        let RequestBody::Json(bytes) = request.body() else { panic!("not JSON") };
        assert_eq!(std::str::from_utf8(bytes).unwrap(), r#"{"newName":"a\"b","colour":"blue"}"#);

        let request =
            RenameWidgetRequest { id: "w".into(), dry_run: false, page: Some(2), new_name: "n".into(), color: None }
                .into_request()
                .unwrap();
        assert_eq!(request.query(), Some("dry-run=false&page=2"));
        let RequestBody::Json(bytes) = request.body() else { panic!("not JSON") };
        assert_eq!(bytes, br#"{"newName":"n"}"#);
    }

    #[test]
    fn a_query_field_that_cannot_be_a_pair_is_invalid_input() {
        let mut query = QueryBuilder::new();
        let err = query.field("tags", &vec!["a", "b"]).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { ref field, .. } if field == "query"), "{err:?}");
    }
}
