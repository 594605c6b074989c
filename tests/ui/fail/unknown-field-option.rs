use smooth_client::smooth_endpoint;

#[smooth_endpoint(POST, "/widget/{id}/paint", response = bool)]
pub struct PaintWidgetRequest {
    pub id: String,
    #[smooth(header)]
    pub colour: String,
}

fn main() {}
