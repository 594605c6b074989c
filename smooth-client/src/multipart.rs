//! multipart/form-data bodies, for `POST /file` and `POST /extension`.

use crate::error::Error;
use bytes::Bytes;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokio::io::AsyncRead;

type BoxedReader = Box<dyn AsyncRead + Send + Unpin>;

/// A file to upload: bytes in memory, a file on disk (streamed, never read whole) or any
/// async reader (streamed, usable for one attempt only).
///
/// ```
/// use smooth_client::multipart::FilePart;
/// let from_bytes = FilePart::bytes(b"hello".to_vec(), "hello.txt");
/// assert_eq!(from_bytes.file_name(), "hello.txt");
/// let from_disk = FilePart::path("report.pdf");
/// assert_eq!(from_disk.file_name(), "report.pdf");
/// ```
pub struct FilePart {
    source: FileSource,
    file_name: String,
    mime: Option<String>,
}

enum FileSource {
    Bytes(Bytes),
    Path(PathBuf),
    // A Mutex makes the part `Sync`, so request futures holding it stay `Send`.
    Reader(Mutex<Option<BoxedReader>>),
}

impl FilePart {
    /// A file held in memory.
    pub fn bytes(data: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        FilePart { source: FileSource::Bytes(data.into()), file_name: file_name.into(), mime: None }
    }

    /// A file on disk, named after its last path component. It is opened when the request
    /// is sent; a missing file is an [`Error::InvalidInput`] and nothing is sent.
    pub fn path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let file_name =
            path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "file".to_owned());
        FilePart { source: FileSource::Path(path), file_name, mime: None }
    }

    /// Any async reader, streamed as it is read.
    pub fn reader(reader: impl AsyncRead + Send + Unpin + 'static, file_name: impl Into<String>) -> Self {
        FilePart {
            source: FileSource::Reader(Mutex::new(Some(Box::new(reader)))),
            file_name: file_name.into(),
            mime: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// Sets the part's content type, e.g. `application/zip`.
    pub fn with_mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }

    /// Sets the content type unless one was set already.
    pub(crate) fn with_default_mime(mut self, mime: &str) -> Self {
        self.mime.get_or_insert_with(|| mime.to_owned());
        self
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Checks before sending that the part can be read (a path exists and is a file).
    pub(crate) fn check(&self, field: &str) -> Result<(), Error> {
        if let FileSource::Path(path) = &self.source {
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_file() => {}
                Ok(_) => return Err(invalid(field, format!("{} is not a regular file", path.display()))),
                Err(err) => return Err(invalid(field, format!("cannot read {}: {err}", path.display()))),
            }
        }
        Ok(())
    }

    fn to_reqwest(&self, field: &str) -> Result<reqwest::multipart::Part, Error> {
        let part = match &self.source {
            FileSource::Bytes(bytes) => reqwest::multipart::Part::stream(reqwest::Body::from(bytes.clone())),
            FileSource::Path(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|err| invalid(field, format!("cannot open {}: {err}", path.display())))?;
                let len = file.metadata().map(|m| m.len()).ok();
                let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
                let body = reqwest::Body::wrap_stream(stream);
                match len {
                    Some(len) => reqwest::multipart::Part::stream_with_length(body, len),
                    None => reqwest::multipart::Part::stream(body),
                }
            }
            FileSource::Reader(slot) => {
                let reader = slot.lock().ok().and_then(|mut guard| guard.take()).ok_or_else(|| {
                    invalid(field, "the reader was already consumed by an earlier attempt".to_owned())
                })?;
                reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(reader)))
            }
        };
        let part = part.file_name(self.file_name.clone());
        match &self.mime {
            Some(mime) => {
                part.mime_str(mime).map_err(|err| invalid(field, format!("invalid content type {mime:?}: {err}")))
            }
            None => Ok(part),
        }
    }

    fn replayable(&self) -> bool {
        !matches!(self.source, FileSource::Reader(_))
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            FileSource::Bytes(bytes) => format!("{} bytes in memory", bytes.len()),
            FileSource::Path(path) => format!("file {}", path.display()),
            FileSource::Reader(_) => "reader".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("source", &source)
            .field("mime", &self.mime)
            .finish()
    }
}

fn invalid(field: &str, reason: String) -> Error {
    Error::InvalidInput { field: field.to_owned(), reason }
}

/// The parts of a multipart/form-data body.
#[derive(Debug, Default)]
pub struct MultipartBody {
    parts: Vec<(String, PartValue)>,
}

#[derive(Debug)]
enum PartValue {
    Text(String),
    File(FilePart),
}

impl MultipartBody {
    /// An empty form.
    pub fn new() -> Self {
        MultipartBody::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.parts.push((name.into(), PartValue::Text(value.into())));
    }

    /// Adds a file field.
    pub fn file(&mut self, name: impl Into<String>, file: FilePart) {
        self.parts.push((name.into(), PartValue::File(file)));
    }

    /// The names of the fields, in order.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(name, _)| name.as_str())
    }

    /// Whether the form can be built again for a retry (readers cannot).
    pub(crate) fn replayable(&self) -> bool {
        self.parts.iter().all(|(_, value)| match value {
            PartValue::Text(_) => true,
            PartValue::File(file) => file.replayable(),
        })
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        self.parts.iter().try_for_each(|(name, value)| match value {
            PartValue::File(file) => file.check(name),
            PartValue::Text(_) => Ok(()),
        })
    }

    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.parts {
            form = match value {
                PartValue::Text(text) => form.text(name.clone(), text.clone()),
                PartValue::File(file) => form.part(name.clone(), file.to_reqwest(name)?),
            };
        }
        Ok(form)
    }
}

/// A value that can be a field of a multipart endpoint struct. Used by generated code.
pub trait MultipartField {
    /// Adds `self` to `form` under `name`.
    fn append_to(self, name: &str, form: &mut MultipartBody) -> Result<(), Error>;
}

impl MultipartField for FilePart {
    fn append_to(self, name: &str, form: &mut MultipartBody) -> Result<(), Error> {
        form.file(name, self);
        Ok(())
    }
}

impl MultipartField for String {
    fn append_to(self, name: &str, form: &mut MultipartBody) -> Result<(), Error> {
        form.text(name, self);
        Ok(())
    }
}

impl<T: MultipartField> MultipartField for Option<T> {
    fn append_to(self, name: &str, form: &mut MultipartBody) -> Result<(), Error> {
        match self {
            Some(value) => value.append_to(name, form),
            None => Ok(()),
        }
    }
}

macro_rules! display_fields {
    ($($ty:ty),*) => {$(
        impl MultipartField for $ty {
            fn append_to(self, name: &str, form: &mut MultipartBody) -> Result<(), Error> {
                form.text(name, self.to_string());
                Ok(())
            }
        }
    )*};
}
display_fields!(bool, i32, i64, u32, u64, f64, &'static str);
