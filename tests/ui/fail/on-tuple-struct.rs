use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{id}", response = bool)]
pub struct GetWidgetRequest(pub String);

fn main() {}
