// `#[serde(rename_all = "...")]` on the struct renames the fields it sends in the query
// string and in the JSON body alike (path parameters are placed by the template).
use smooth_client::{Endpoint, RequestBody, smooth_endpoint};

#[smooth_endpoint(POST, "/widget/{widget_id}/paint", response = ())]
#[serde(rename_all = "camelCase")]
pub struct PaintWidgetRequest {
    pub widget_id: String,
    #[smooth(query)]
    pub dry_run: bool,
    pub main_colour: String,
}

#[smooth_endpoint(GET, "/widgets", response = ())]
#[serde(rename_all(serialize = "SCREAMING_SNAKE_CASE"))]
pub struct ListWidgetsRequest {
    pub page_size: u32,
}

fn main() {
    let request = PaintWidgetRequest { widget_id: "w_1".into(), dry_run: true, main_colour: "red".into() }
        .into_request()
        .expect("a valid request");
    assert_eq!(request.path(), "/widget/w_1/paint");
    assert_eq!(request.query(), Some("dryRun=true"));
    match request.body() {
        RequestBody::Json(bytes) => assert_eq!(bytes.as_slice(), br#"{"mainColour":"red"}"#),
        other => panic!("expected a JSON body, got {other:?}"),
    }

    let request = ListWidgetsRequest { page_size: 5 }.into_request().expect("a valid request");
    assert_eq!(request.query(), Some("PAGE_SIZE=5"));
}
