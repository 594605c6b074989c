use smooth_client::smooth_endpoint;

#[smooth_endpoint(POST, "/widget", response = bool)]
pub struct CreateWidgetRequest<T> {
    pub spec: T,
}

fn main() {}
