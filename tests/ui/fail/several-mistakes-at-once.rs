// Every mistake of one invocation is reported in the same compile.
use smooth_client::smooth_endpoint;

#[smooth_endpoint(GET, "/widget/{widget_id}", multipart, colour = "red", name = get_widget, name = fetch_widget)]
pub struct FetchWidget {
    pub id: String,
}

fn main() {}
