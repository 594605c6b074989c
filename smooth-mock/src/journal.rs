//! The journal: every request the mock received, for tests to inspect.

use std::collections::VecDeque;
use std::time::SystemTime;

use serde_json::Value;

use crate::fault::FaultKind;
use crate::path_pattern;

/// One multipart part, described without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartInfo {
    /// The form field name (`file`, `file_purpose`).
    pub name: String,
    /// The file name, for file parts.
    pub filename: Option<String>,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The content's size in bytes.
    pub size: usize,
    /// The content itself when it is short text (form values), for assertions.
    pub text: Option<String>,
}

/// A request body as recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalBody {
    /// No body.
    Empty,
    /// A body that parsed as JSON.
    Json(Value),
    /// A `multipart/form-data` body.
    Multipart(Vec<PartInfo>),
    /// Any other UTF-8 body.
    Text(String),
    /// Any other body: its size.
    Binary(usize),
    /// A body over the size limit (answered 413); it was not kept.
    TooLarge,
}

/// One request and what it was answered.
#[derive(Debug, Clone)]
pub struct JournalEntry {
    /// Arrival order, starting at 1 (not reset by [`clear_journal`](crate::MockServer::clear_journal)).
    pub seq: u64,
    /// When the request arrived.
    pub received_at: SystemTime,
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent, still percent-encoded (e.g. `/api/v1/task/a%2Fb`).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// Every header, names lowercase, values lossily decoded.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: JournalBody,
    /// The status answered; `None` while the request is still being handled, or when a fault
    /// closed the connection or stalled without answering.
    pub status: Option<u16>,
    /// The fault that answered (or delayed) the request, if any.
    pub fault: Option<FaultKind>,
}

impl JournalEntry {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The JSON body, if the body was JSON.
    pub fn json(&self) -> Option<&Value> {
        match &self.body {
            JournalBody::Json(value) => Some(value),
            _ => None,
        }
    }

    /// The value of a query parameter (percent-decoded).
    pub fn query_param(&self, name: &str) -> Option<String> {
        crate::request::query::Query::parse(self.query.as_deref()).get(name).map(str::to_owned)
    }

    /// Whether the request matches a method and path pattern (see
    /// [`MockServer::count`](crate::MockServer::count)).
    pub fn matches(&self, method: &str, path_pattern: &str) -> bool {
        path_pattern::matches(method, path_pattern, &self.method, &self.path)
    }

    /// Whether a fault answered this request instead of the API (a delay does not count).
    pub fn answered_by_fault(&self) -> bool {
        self.fault.as_ref().is_some_and(|fault| !matches!(fault, FaultKind::Delay(_)))
    }
}

/// Bounded storage for the journal: the oldest entries go first.
#[derive(Debug)]
pub(crate) struct Journal {
    entries: VecDeque<JournalEntry>,
    next_seq: u64,
    capacity: usize,
}

impl Journal {
    pub(crate) fn new(capacity: usize) -> Self {
        Self { entries: VecDeque::new(), next_seq: 1, capacity: capacity.max(1) }
    }

    /// Records a request and returns its sequence number.
    pub(crate) fn record(&mut self, mut entry: JournalEntry) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        entry.seq = seq;
        self.entries.push_back(entry);
        while self.entries.len() > self.capacity {
            self.entries.pop_front();
        }
        seq
    }

    /// Fills in how a recorded request was answered (no-op if it was evicted or cleared).
    pub(crate) fn complete(&mut self, seq: u64, status: Option<u16>, fault: Option<FaultKind>) {
        let Some(first) = self.entries.front().map(|entry| entry.seq) else {
            return;
        };
        let Some(index) = seq.checked_sub(first).and_then(|offset| usize::try_from(offset).ok()) else {
            return;
        };
        if let Some(entry) = self.entries.get_mut(index).filter(|entry| entry.seq == seq) {
            entry.status = status;
            if fault.is_some() {
                entry.fault = fault;
            }
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<JournalEntry> {
        self.entries.iter().cloned().collect()
    }

    pub(crate) fn count(&self, method: &str, path_pattern: &str) -> usize {
        self.entries.iter().filter(|entry| entry.matches(method, path_pattern)).count()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}
