use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget", response = bool, multipart)]
pub struct GetWidgetRequest {
    pub name: String,
}

fn main() {}
