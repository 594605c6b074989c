use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{id}", deprecated, response = bool, deprecated = "use get_gadget")]
pub struct GetWidgetRequest {
    pub id: String,
}

fn main() {}
