// A path parameter is written into the URL with `Display`: a field whose type has no
// `Display` is reported on that field's type, not on the whole attribute.
use smooth_client::smooth_endpoint;

/// Not printable.
pub struct WidgetId(u32);

#[smooth_endpoint(GET, "/widget/{id}", response = ())]
pub struct GetWidgetRequest {
    pub id: WidgetId,
    pub verbose: bool,
}

fn main() {}
