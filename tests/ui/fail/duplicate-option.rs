use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{id}", response = bool, name = get_widget, response = String)]
pub struct GetWidgetRequest {
    pub id: String,
}

fn main() {}
