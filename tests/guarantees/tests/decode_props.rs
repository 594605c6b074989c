//! Property test: any JSON (and any bytes) decoded into every response type, and any body
//! read as an error answer, gives a value or an error, never a panic.

use proptest::prelude::*;
use serde_json::{Map, Value};
use smooth_client::api::task::TaskEvent;
use smooth_client::types::{
    BrowserSessionResponse, Extension, ProfileResponse, TaskEventResponse, TaskResponse, UploadExtensionResponse,
    UploadFileResponse,
};
use smooth_client::{ApiDetail, Error};

/// Field names of the response types, so generated objects reach deep into decoding.
const KEYS: &[&str] = &[
    "r",
    "id",
    "status",
    "output",
    "credits_used",
    "device",
    "live_url",
    "recording_url",
    "downloads_url",
    "created_at",
    "events",
    "name",
    "payload",
    "timestamp",
    "profile_id",
    "live_id",
    "file_name",
    "creation_time",
    "cookie_domains",
    "cookie_count",
    "profile_size_bytes",
    "last_saved_at",
    "detail",
    "loc",
    "msg",
    "type",
    "code",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec!["done", "running", "waiting", "failed", "cancelled", "mobile", "", "ünï"])
            .prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..10).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
            }),
            prop::collection::vec((".{0,8}", inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn decode_all(text: &str) {
    fn one<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Envelope<T> {
            r: T,
        }
        // Debug-print successes too: formatting must not panic either.
        if let Ok(value) = serde_json::from_str::<T>(text) {
            let _ = format!("{value:?}");
        }
        if let Ok(value) = serde_json::from_str::<Envelope<T>>(text) {
            let _ = format!("{value:?}");
        }
    }
    one::<TaskResponse>(text);
    one::<Vec<TaskResponse>>(text);
    one::<ProfileResponse>(text);
    one::<Vec<ProfileResponse>>(text);
    one::<Extension>(text);
    one::<Vec<Extension>>(text);
    one::<UploadFileResponse>(text);
    one::<UploadExtensionResponse>(text);
    one::<BrowserSessionResponse>(text);
    one::<TaskEventResponse>(text);
    one::<TaskEvent>(text);
    one::<bool>(text);
    one::<Value>(text);
    let detail = ApiDetail::from_body(text);
    let error = Error::Api { status: 500, detail, body: text.to_owned() };
    let _ = (error.to_string(), format!("{error:?}"), error.outcome_unknown());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        decode_all(&value.to_string());
        decode_all(&serde_json::json!({"r": value, "detail": value}).to_string());
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        decode_all(&text);
    }

    #[test]
    fn truncated_json_never_panics(value in json(), cut in 0usize..400) {
        let text = serde_json::json!({"r": value}).to_string();
        let cut = text.char_indices().map(|(i, _)| i).take_while(|i| *i <= cut).last().unwrap_or(0);
        decode_all(&text[..cut]);
    }
}
