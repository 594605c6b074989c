use smooth_client::smooth_endpoint;

#[smooth_endpoint(DELETE, "/widget/{id}", multipart, response = bool)]
pub struct DeleteWidgetRequest {
    pub id: String,
}

fn main() {}
