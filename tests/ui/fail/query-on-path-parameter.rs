use smooth_client::smooth_endpoint;

#[smooth_endpoint(POST, "/widget/{id}/paint", response = bool)]
pub struct PaintWidgetRequest {
    #[smooth(query)]
    pub id: String,
    pub colour: String,
}

fn main() {}
