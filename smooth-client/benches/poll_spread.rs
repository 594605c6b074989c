//! How many handles started together poll at once: requests per 100 ms window.
//!
//! `cargo bench -p smooth-client --bench poll_spread` (`SMOOTH_BENCH_HANDLES=n` for another
//! count than 10,000).
//!
//! N handles are started in the same instant on N running tasks of the in-process
//! smooth-mock (tasks that never finish), each with a waiter, at the default 1 s poll
//! interval. Every 100 ms the bench sums the handles' poll counters (each poll is counted
//! when the handle starts it, before any queueing in the client or the server), for 3 s.
//! Evenly spread, each window has N / 10 polls; polling in lockstep, one window has N.
//! Printed side by side: the first second (where a lockstep start shows) and the two
//! after it.
//!
//! Then completion latency at N handles: N tasks submitted with `SmoothClient::run`, each
//! due done 3 to 4 s after its submission (spread over that second), all waited on at
//! once; latency is from the moment the task is due done to `result()` returning (an
//! overestimate by the submission's round trip, as the mock's clock starts on receipt).
//! Goal: p99 within the interval + 10 ms.

use smooth_client::prelude::*;
use smooth_client::{SmoothClient, TaskHandle};
use smooth_mock::{MockServer, TaskScript};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_millis(100);
const WINDOWS: usize = 30;

fn main() {
    // `cargo bench` passes `--bench`; a filter that is not ours means another bench was asked for.
    if std::env::args().skip(1).any(|arg| !arg.starts_with("--") && arg != "poll_spread") {
        return;
    }
    // Without `--bench` (`cargo test --all-targets` runs benches once), a quick smoke run.
    let full = std::env::args().any(|arg| arg == "--bench");
    let handles: usize = std::env::var("SMOOTH_BENCH_HANDLES").ok().and_then(|n| n.parse().ok()).unwrap_or(if full {
        10_000
    } else {
        200
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(spread(handles));
    runtime.block_on(latency(handles));
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

/// A mock that keeps `count` finished tasks and a client polling it every second.
async fn mock_and_client(count: usize) -> (MockServer, SmoothClient) {
    let mock = MockServer::builder().max_finished_tasks(count + 10).start().await.expect("mock");
    let client = SmoothClient::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .poll_interval(Duration::from_secs(1))
        // Per-task polling is what this bench measures; fleet polling (on by default above
        // 32 handles) replaces those polls with pages, measured by the `fleet` bench.
        .fleet_polling(smooth_client::FleetPolling::Off)
        .build()
        .expect("client");
    (mock, client)
}

async fn latency(count: usize) {
    let (mock, client) = mock_and_client(count).await;
    let mut waiters = Vec::with_capacity(count);
    for i in 0..count {
        let run_for = Duration::from_millis(3_000 + (i as u64 * 7919) % 1_000);
        mock.script_next_task(TaskScript::new().wait_for(Duration::ZERO).run_for(run_for));
        let submitted = Instant::now();
        let handle = client.run("latency").await.expect("submit");
        waiters.push(tokio::spawn(async move {
            handle.result().await.expect("done");
            submitted.elapsed().saturating_sub(run_for)
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for waiter in waiters {
        latencies.push(waiter.await.expect("waiter"));
    }
    latencies.sort();
    println!(
        "completion latency at {count} handles, 1 s interval: p50 {:?}, p90 {:?}, p99 {:?}, max {:?} (goal p99 <= 1.01 s)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default(),
    );
    mock.shutdown().await;
}

async fn spread(count: usize) {
    let (mock, client) = mock_and_client(count).await;
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        mock.script_next_task(TaskScript::new().never_finish());
        ids.push(client.submit_task(TaskRequest::new("spread")).await.expect("submit").id);
    }

    // All handles start waiting in the same instant.
    let handles: Vec<TaskHandle> = ids.iter().map(|id| client.task_handle(id.clone())).collect();
    let waiters: Vec<_> = handles
        .iter()
        .map(|handle| {
            let handle = handle.clone();
            tokio::spawn(async move { handle.result().await })
        })
        .collect();
    let started = Instant::now();
    let mut per_window = Vec::with_capacity(WINDOWS);
    let mut last = 0u64;
    for window in 1..=WINDOWS {
        tokio::time::sleep_until((started + WINDOW * window as u32).into()).await;
        let total: u64 = handles.iter().map(TaskHandle::poll_count).sum();
        per_window.push(total - last);
        last = total;
    }
    for waiter in waiters {
        waiter.abort();
    }

    let ideal = count as f64 / 10.0;
    println!("poll spread: {count} handles started together, 1 s interval, polls per 100 ms window (even: {ideal:.0})");
    for (second, windows) in per_window.chunks(10).enumerate() {
        let max = windows.iter().max().copied().unwrap_or(0);
        let min = windows.iter().min().copied().unwrap_or(0);
        let sum: u64 = windows.iter().sum();
        println!(
            "  second {}: {sum} polls; per window min {min} / max {max} (max / even = {:.2}); windows {windows:?}",
            second + 1,
            max as f64 / ideal
        );
    }
    mock.shutdown().await;
}
