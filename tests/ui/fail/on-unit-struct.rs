use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget", response = bool)]
pub struct ListWidgetsRequest;

fn main() {}
