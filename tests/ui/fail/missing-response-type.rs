use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{id}")]
pub struct FetchWidget {
    pub id: String,
}

fn main() {}
