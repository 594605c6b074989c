//! Multipart bodies, parsed once before routing so that the journal can describe them and
//! the upload routes can read them.

use bytes::Bytes;

use crate::journal::PartInfo;

/// One part with its content.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Bytes,
}

impl Part {
    pub(crate) fn info(&self) -> PartInfo {
        let text = if self.filename.is_none() && self.data.len() <= 4096 {
            std::str::from_utf8(&self.data).ok().map(str::to_owned)
        } else {
            None
        };
        PartInfo {
            name: self.name.clone(),
            filename: self.filename.clone(),
            content_type: self.content_type.clone(),
            size: self.data.len(),
            text,
        }
    }
}

/// A parsed `multipart/form-data` body, attached to the request for the routes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Form {
    pub(crate) parts: Vec<Part>,
}

impl Form {
    /// The first part with this field name.
    pub(crate) fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|part| part.name == name)
    }
}

/// Parses a body when the content type says it is multipart; `None` otherwise or when the
/// body is not valid multipart.
pub(crate) async fn parse(content_type: Option<&str>, body: Bytes) -> Option<Form> {
    let boundary = multer::parse_boundary(content_type?).ok()?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let filename = field.file_name().map(str::to_owned);
                let content_type = field.content_type().map(ToString::to_string);
                let data = field.bytes().await.ok()?;
                parts.push(Part { name, filename, content_type, data });
            }
            Ok(None) => break,
            Err(_) => return None,
        }
    }
    Some(Form { parts })
}
