// The struct's fields are split between path, query and body, so of the struct-level serde
// options only `rename_all` carries over; each other one is reported on its own name (and
// not as an error about the macro's hidden helper structs).
use serde::Serialize;
use smooth_client::smooth_endpoint;

#[derive(Serialize)]
pub struct Paint {
    pub colour: String,
}

impl From<PaintWidgetRequest> for Paint {
    fn from(request: PaintWidgetRequest) -> Self {
        Paint { colour: request.color }
    }
}

#[smooth_endpoint(POST, "/widget/{id}/paint", response = ())]
#[derive(Clone)]
#[serde(rename_all = "camelCase", into = "Paint", deny_unknown_fields)]
#[serde(transparent)]
pub struct PaintWidgetRequest {
    pub id: String,
    pub color: String,
}

fn main() {}
