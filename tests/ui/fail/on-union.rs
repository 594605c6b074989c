use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget", response = bool)]
pub union GetWidgetRequest {
    pub id: u64,
}

fn main() {}
