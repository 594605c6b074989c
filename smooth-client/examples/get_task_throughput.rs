//! The smooth-rs half of `scripts/bench-vs-official.sh`: concurrent `get_task` calls on
//! one thread, reporting calls per second and client CPU per call.
//!
//! ```sh
//! SMOOTH_BASE_URL=http://127.0.0.1:8787/api/ CIRCLEMIND_API_KEY=cmzr-mock-key \
//!   taskset -c 1 cargo run --release -p smooth-client --example get_task_throughput -- 64 1 5
//! ```
//!
//! Arguments: calls in flight (default 64), warm-up seconds (1), measured seconds (5). It
//! submits one task, then `CONCURRENCY` workers call `client.get_task` on it in a loop on a
//! single-threaded runtime. CPU is the whole process's user + system time (from
//! `/proc/self/stat`) over the measured window. Prints one line:
//! `calls_per_second=… calls_per_cpu_second=… cpu_us_per_call=… calls=… cpu_share=…`
//! (`calls_per_cpu_second` is what one fully busy core would do: calls ÷ CPU seconds).
//!
//! With `SMOOTH_BENCH_CALLS=N` it instead makes exactly N calls after submitting and exits,
//! printing nothing: for counting instructions under `valgrind --tool=callgrind`, where
//! the difference between two counts divided by the difference in calls is the cost of
//! one call. Adding `SMOOTH_BENCH_HAND_WRITTEN=1` makes the same calls written by hand with
//! reqwest (same `reqwest::Client`, headers and timeout; body read, envelope decoded into
//! the same `TaskResponse`), so the two counts compare the SDK's call with its floor.
//! `SMOOTH_BENCH_HYPER=1` instead makes them on hyper's own client (hyper-util's pooled
//! HTTP/1.1 client, the layer reqwest is built on, without reqwest): the floor of any
//! client that keeps hyper and tokio but not reqwest.

use smooth_client::prelude::*;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let mut next = |default: u64| -> Result<u64, BoxError> {
        Ok(args.next().map(|text| text.parse()).transpose()?.unwrap_or(default))
    };
    let concurrency = next(64)?;
    let warm_up = Duration::from_secs(next(1)?);
    let measured = Duration::from_secs(next(5)?);

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        let client = SmoothClient::builder().from_env().max_concurrent_requests(concurrency as usize).build()?;
        let task = client.submit_task(TaskRequest::new("benchmark: read one page")).await?;
        let task_id: Arc<str> = task.id.into();

        if let Some(total) = std::env::var("SMOOTH_BENCH_CALLS").ok().map(|text| text.parse::<u64>()).transpose()? {
            return fixed_count(&task_id, concurrency, total).await;
        }
        let calls = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::new();
        for _ in 0..concurrency {
            let (client, task_id, calls, stop) = (client.clone(), task_id.clone(), calls.clone(), stop.clone());
            workers.push(tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    client.get_task(GetTaskRequest::new(&*task_id)).await?;
                    calls.fetch_add(1, Ordering::Relaxed);
                }
                Ok::<(), BoxError>(())
            }));
        }
        tokio::time::sleep(warm_up).await;
        let (calls_before, cpu_before, started) = (calls.load(Ordering::Relaxed), process_cpu()?, Instant::now());
        tokio::time::sleep(measured).await;
        let (calls_after, cpu_after, elapsed) = (calls.load(Ordering::Relaxed), process_cpu()?, started.elapsed());
        stop.store(true, Ordering::Relaxed);
        for worker in workers {
            worker.await??;
        }

        let count = calls_after - calls_before;
        let cpu = cpu_after.saturating_sub(cpu_before);
        let seconds = elapsed.as_secs_f64();
        println!(
            "calls_per_second={:.0} calls_per_cpu_second={:.0} cpu_us_per_call={:.2} calls={count} cpu_share={:.2}",
            count as f64 / seconds,
            count as f64 / cpu.as_secs_f64().max(1e-9),
            cpu.as_secs_f64() * 1e6 / count.max(1) as f64,
            cpu.as_secs_f64() / seconds,
        );
        Ok(())
    })
}

/// Exactly `total` calls, `concurrency` at a time.
async fn fixed_count(task_id: &Arc<str>, concurrency: u64, total: u64) -> Result<(), BoxError> {
    if std::env::var_os("SMOOTH_BENCH_HYPER").is_some() {
        return on_hyper(task_id, concurrency, total).await;
    }
    let hand_written = std::env::var_os("SMOOTH_BENCH_HAND_WRITTEN").is_some();
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency as usize).build()?;
    // The SDK's client, configured like its default one, for the SDK's calls.
    let client = SmoothClient::builder()
        .from_env()
        .max_concurrent_requests(concurrency as usize)
        .http_client(http.clone())
        .build()?;
    let root: Arc<str> = client.api_url().into();
    let key = std::env::var("CIRCLEMIND_API_KEY")?;
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, http, root, key, task_id, next) =
            (client.clone(), http.clone(), root.clone(), key.clone(), task_id.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total {
                if hand_written {
                    by_hand(&http, &root, &key, &task_id).await?;
                } else {
                    client.get_task(GetTaskRequest::new(&*task_id)).await?;
                }
            }
            Ok::<(), BoxError>(())
        }));
    }
    for worker in workers {
        worker.await??;
    }
    Ok(())
}

/// `GET /task/{id}` written by hand with reqwest, as `tests/benches/endpoint_call.rs` does.
async fn by_hand(http: &reqwest::Client, root: &str, key: &str, task_id: &str) -> Result<TaskResponse, BoxError> {
    let response = http
        .get(format!("{root}/task/{task_id}"))
        .timeout(Duration::from_secs(30))
        .header("apikey", key)
        .header(reqwest::header::USER_AGENT, concat!("smooth-rust-sdk/", env!("CARGO_PKG_VERSION")))
        .send()
        .await?;
    let body = response.error_for_status()?.bytes().await?;
    Ok(serde_json::from_slice::<Envelope>(&body)?.r)
}

/// Exactly `total` calls of `GET /task/{id}` on hyper-util's client, `concurrency` at a time:
/// same headers and timeout, body collected and the envelope decoded into `TaskResponse`.
async fn on_hyper(task_id: &Arc<str>, concurrency: u64, total: u64) -> Result<(), BoxError> {
    use http_body_util::{BodyExt, Empty};
    use hyper_util::client::legacy::Client;

    let http: Client<_, Empty<bytes::Bytes>> =
        Client::builder(hyper_util::rt::TokioExecutor::new()).pool_max_idle_per_host(concurrency as usize).build_http();
    let root = SmoothClient::builder().from_env().build()?.api_url().to_owned();
    let uri: hyper::Uri = format!("{}/task/{task_id}", root.trim_end_matches('/')).parse()?;
    let key = hyper::header::HeaderValue::from_str(&std::env::var("CIRCLEMIND_API_KEY")?)?;
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (http, uri, key, next) = (http.clone(), uri.clone(), key.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let request = hyper::Request::get(uri.clone())
                    .header("apikey", key.clone())
                    .header(hyper::header::USER_AGENT, concat!("smooth-rust-sdk/", env!("CARGO_PKG_VERSION")))
                    .body(Empty::new())?;
                let response = tokio::time::timeout(Duration::from_secs(30), http.request(request)).await??;
                if !response.status().is_success() {
                    return Err(format!("GET {uri}: {}", response.status()).into());
                }
                let body = response.into_body().collect().await?.to_bytes();
                std::hint::black_box(serde_json::from_slice::<Envelope>(&body)?.r);
            }
            Ok::<(), BoxError>(())
        }));
    }
    for worker in workers {
        worker.await??;
    }
    Ok(())
}

/// The `{"r": ...}` envelope of an answer, for the calls written by hand.
#[derive(serde::Deserialize)]
struct Envelope {
    r: TaskResponse,
}

/// User + system CPU time of the whole process so far.
fn process_cpu() -> Result<Duration, BoxError> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // Fields after the command name (which may contain spaces) start at the state, field 3;
    // utime and stime are fields 14 and 15, in clock ticks.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).ok_or("unexpected /proc/self/stat")?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 =
        fields.get(11).ok_or("no utime")?.parse::<u64>()? + fields.get(12).ok_or("no stime")?.parse::<u64>()?;
    // /proc reports in USER_HZ, which the kernel fixes at 100 for user space.
    Ok(Duration::from_millis(ticks * 10))
}
