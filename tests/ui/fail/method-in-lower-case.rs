use smooth_client::smooth_endpoint;

#[smooth_endpoint(get, "/widget/{id}", response = bool)]
pub struct GetWidgetRequest {
    pub id: String,
}

fn main() {}
