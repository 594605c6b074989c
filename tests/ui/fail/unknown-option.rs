use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{id}", response = bool, retries = 3)]
pub struct GetWidgetRequest {
    pub id: String,
}

fn main() {}
