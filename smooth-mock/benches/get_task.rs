//! Request rate of `GET /task/{id}` with 64 requests in flight over real sockets.
//!
//! `cargo bench -p smooth-mock --bench get_task`

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_main};
use futures_util::StreamExt;
use smooth_mock::MockServer;

const IN_FLIGHT: usize = 64;
const REQUESTS_PER_ITERATION: u64 = 512;

fn get_task(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let (mock, url, key) = runtime.block_on(async {
        let mock = MockServer::start().await.expect("mock");
        let http = reqwest::Client::new();
        let submitted: serde_json::Value = http
            .post(format!("{}/task", mock.api_url()))
            .header("apikey", mock.api_key())
            .body(r#"{"task": "benchmark"}"#)
            .send()
            .await
            .expect("submit")
            .json()
            .await
            .expect("json");
        let id = submitted["r"]["id"].as_str().expect("id").to_owned();
        let url = format!("{}/task/{id}?event_t=0", mock.api_url());
        let key = mock.api_key().to_owned();
        (mock, url, key)
    });
    let http = reqwest::Client::builder().pool_max_idle_per_host(IN_FLIGHT).build().expect("client");
    let url = Arc::new(url);

    let mut group = criterion.benchmark_group("mock");
    group.throughput(Throughput::Elements(REQUESTS_PER_ITERATION));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("get_task_64_in_flight", |bencher| {
        bencher.to_async(&runtime).iter_custom(|iterations| {
            let http = http.clone();
            let url = Arc::clone(&url);
            let key = key.clone();
            async move {
                let started = Instant::now();
                for _ in 0..iterations {
                    futures_util::stream::iter(0..REQUESTS_PER_ITERATION)
                        .map(|_| {
                            let request = http.get(url.as_str()).header("apikey", key.as_str());
                            async move {
                                let response = request.send().await.expect("answer");
                                assert!(response.status().is_success());
                                response.bytes().await.expect("body");
                            }
                        })
                        .buffer_unordered(IN_FLIGHT)
                        .collect::<()>()
                        .await;
                }
                started.elapsed()
            }
        });
    });
    group.finish();
    drop(mock);
}

// The macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::get_task);
}
use group::benches;

criterion_main!(benches);
