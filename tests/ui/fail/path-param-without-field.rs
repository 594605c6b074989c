use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{widget_id}", response = bool)]
pub struct GetWidgetRequest {
    pub id: String,
}

fn main() {}
