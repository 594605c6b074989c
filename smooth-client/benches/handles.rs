//! Task handles against the in-process smooth-mock.
//!
//! `CARGO_TARGET_DIR=... cargo bench -p smooth-client --bench handles`
//!
//! 1. completion latency: from the moment the mock's task is due to be done to `result()`
//!    returning, at a 50 ms poll interval (goal: p99 ≤ interval + 10 ms);
//! 2. 1,000 concurrent tasks to their results at the default 1 s interval: wall time, CPU
//!    time and peak resident memory of the process over these runs alone (VmHWM, reset
//!    before them): client *and* mock, or the client alone when `SMOOTH_BENCH_MOCK_BIN`
//!    names a smooth-mock binary to run as a child process (`cargo build --release -p
//!    smooth-mock`); the client's own limit on requests in flight applies (default 100),
//!    or `SMOOTH_BENCH_MAX_IN_FLIGHT=n` sets it;
//! 3. requests per task: polls per task against what the interval implies.
//!
//! Percentiles and the resource figures are printed beside criterion's own report.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use smooth_client::SmoothClient;
use smooth_mock::{MockServer, TaskScript};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const LATENCY_POLL: Duration = Duration::from_millis(50);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

async fn backend(poll: Duration) -> (MockServer, SmoothClient) {
    let mock = MockServer::builder().max_finished_tasks(5_000).start().await.expect("mock");
    let client = SmoothClient::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .poll_interval(poll)
        .build()
        .expect("client");
    (mock, client)
}

/// Peak and current resident memory (VmHWM, VmRSS) in KiB, from /proc.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets the process's peak resident memory (VmHWM) to its current RSS, so that the next
/// reading covers only what runs after this; false where the kernel does not allow it.
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The client builder with `SMOOTH_BENCH_MAX_IN_FLIGHT`, when set, as its limit on requests
/// in flight (a very large value makes the client unlimited, as before it had a limit).
fn in_flight_from_env(builder: smooth_client::ClientBuilder) -> smooth_client::ClientBuilder {
    match std::env::var("SMOOTH_BENCH_MAX_IN_FLIGHT").ok().and_then(|n| n.parse().ok()) {
        Some(limit) => builder.max_concurrent_requests(limit),
        None => builder,
    }
}

/// User + system CPU time of the process, from /proc (clock ticks of 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields.get(11).and_then(|f| f.parse().ok()).unwrap_or(0)
        + fields.get(12).and_then(|f| f.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn completion_latency(c: &mut Criterion) {
    let rt = runtime();
    let (mock, client) = rt.block_on(backend(LATENCY_POLL));
    let samples = Mutex::new(Vec::new());
    let mut round: u64 = 0;
    let mut group = c.benchmark_group("completion_latency");
    group.sample_size(20).measurement_time(Duration::from_secs(20));
    group.bench_function("mock_done_to_result", |b| {
        b.to_async(&rt).iter_custom(|iterations| {
            let (mock, client, samples) = (&mock, &client, &samples);
            round += 1;
            let seed = round;
            async move {
                let mut total = Duration::ZERO;
                for i in 0..iterations {
                    // Vary the run time so completions land at every phase of the poll cycle.
                    let run_for = Duration::from_millis(60 + (seed * 13 + i * 7) % 50);
                    mock.script_next_task(TaskScript::new().wait_for(Duration::ZERO).run_for(run_for));
                    let submitted = Instant::now();
                    let handle = client.run("latency").await.expect("submit");
                    handle.result().await.expect("result");
                    // The mock's clock started at or after `submitted`: this overestimates.
                    let latency = submitted.elapsed().saturating_sub(run_for);
                    samples.lock().expect("samples").push(latency);
                    total += latency;
                }
                total
            }
        });
    });
    group.finish();
    let mut sorted = samples.into_inner().expect("samples");
    sorted.sort();
    if sorted.is_empty() {
        return;
    }
    println!(
        "completion latency at a {LATENCY_POLL:?} poll interval over {} tasks: p50 {:?}, p90 {:?}, p99 {:?}, max {:?} (goal p99 <= {:?})",
        sorted.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.9),
        percentile(&sorted, 0.99),
        sorted.last().copied().unwrap_or_default(),
        LATENCY_POLL + Duration::from_millis(10),
    );
    rt.block_on(mock.shutdown());
}

/// The server of the 1,000-task run: in-process, or the smooth-mock binary named by
/// `SMOOTH_BENCH_MOCK_BIN`, so that this process's memory is the client's alone.
enum Server {
    InProcess(MockServer),
    Child(std::process::Child),
}

fn start_server(rt: &tokio::runtime::Runtime) -> (Server, SmoothClient) {
    let Some(binary) = std::env::var_os("SMOOTH_BENCH_MOCK_BIN") else {
        let mock = rt.block_on(MockServer::builder().max_finished_tasks(5_000).start()).expect("mock");
        let client = in_flight_from_env(SmoothClient::builder().api_key(mock.api_key()).base_url(mock.base_url()))
            .build()
            .expect("client");
        return (Server::InProcess(mock), client);
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let child = std::process::Command::new(binary)
        .args(["--port", &port.to_string(), "--api-key", "cmzr-bench"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("smooth-mock starts");
    for _ in 0..500 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let client = in_flight_from_env(
        SmoothClient::builder().api_key("cmzr-bench").base_url(format!("http://127.0.0.1:{port}/api/")),
    )
    .build()
    .expect("client");
    (Server::Child(child), client)
}

fn thousand_tasks(c: &mut Criterion) {
    let rt = runtime();
    let (server, client) = start_server(&rt);
    let where_ = match &server {
        Server::InProcess(_) => "client + mock in one process",
        Server::Child(_) => "client only; the mock runs in a child process",
    };
    // VmHWM is the peak over the process's life: read it, then restart it from here, so that
    // the peak reported covers the 1,000-task runs alone (whatever ran before, in this
    // process, such as another benchmark's in-process mock, is left out).
    let (peak_before, rss_before) = memory_kib();
    let reset = reset_peak_memory();
    let mut group = c.benchmark_group("concurrent_tasks");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    let report = Mutex::new(Vec::new());
    // `SMOOTH_BENCH_SUBMIT_LIMIT=n` submits at most n tasks at a time (all 1,000 handles
    // still live and poll at once). Against an HTTP/1 server every request in flight is a
    // connection, the bulk of the client's memory in a burst of 1,000 submissions; the
    // client's own `max_concurrent_requests` bounds them without this.
    let gate = std::env::var("SMOOTH_BENCH_SUBMIT_LIMIT")
        .ok()
        .and_then(|n| n.parse().ok())
        .map(|n| std::sync::Arc::new(tokio::sync::Semaphore::new(n)));
    group.bench_function("1000_tasks_to_results", |b| {
        b.to_async(&rt).iter_custom(|iterations| {
            let (client, report, gate) = (&client, &report, &gate);
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let cpu = cpu_time();
                    let started = Instant::now();
                    let mut tasks = tokio::task::JoinSet::new();
                    for i in 0..1000 {
                        let client = client.clone();
                        let gate = gate.clone();
                        tasks.spawn(async move {
                            let permit = match &gate {
                                Some(gate) => Some(std::sync::Arc::clone(gate).acquire_owned().await.expect("gate")),
                                None => None,
                            };
                            let handle = client.run(format!("task {i}")).await.expect("submit");
                            drop(permit);
                            handle.result().await.expect("result");
                            handle.poll_count()
                        });
                    }
                    let mut polls = 0;
                    while let Some(done) = tasks.join_next().await {
                        polls += done.expect("task");
                    }
                    let wall = started.elapsed();
                    // The peak so far, read before criterion's own analysis can add to it.
                    let peak = memory_kib().0;
                    report.lock().expect("report").push((wall, cpu_time().saturating_sub(cpu), polls, peak));
                    total += wall;
                }
                total
            }
        });
    });
    group.finish();
    let (_, rss_after) = memory_kib();
    let mut runs = report.into_inner().expect("report");
    let peak_runs = runs.iter().map(|r| r.3).max().unwrap_or(0);
    runs.sort();
    if let (Some(first), Some(median), Some(last)) = (runs.first(), runs.get(runs.len() / 2), runs.last()) {
        let cpu: Duration = runs.iter().map(|r| r.1).sum::<Duration>() / runs.len() as u32;
        let polls = runs.iter().map(|r| r.2).sum::<u64>() as f64 / (runs.len() as f64 * 1000.0);
        println!(
            "1000 concurrent tasks over {} runs ({where_}): wall min {:?} / median {:?} / max {:?}; CPU per run {cpu:?}; {polls:.2} polls per task",
            runs.len(),
            first.0,
            median.0,
            last.0
        );
    }
    println!(
        "memory ({where_}; at most {} requests in flight): peak {:.1} MiB {} (before the runs: peak {:.1} MiB, rss {:.1} MiB; after: rss {:.1} MiB)",
        client.max_concurrent_requests(),
        peak_runs as f64 / 1024.0,
        if reset { "over the runs alone" } else { "over the whole process (the peak could not be reset)" },
        peak_before as f64 / 1024.0,
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0
    );
    match server {
        Server::InProcess(mock) => rt.block_on(mock.shutdown()),
        Server::Child(mut child) => {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn requests_per_task(c: &mut Criterion) {
    let rt = runtime();
    let poll = Duration::from_millis(50);
    let run_for = Duration::from_millis(500);
    let (mock, client) = rt.block_on(backend(poll));
    let mut group = c.benchmark_group("requests_per_task");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let counts = Mutex::new(Vec::new());
    group.bench_function("500ms_task_at_50ms", |b| {
        b.to_async(&rt).iter(|| {
            let (mock, client, counts) = (&mock, &client, &counts);
            async move {
                mock.script_next_task(TaskScript::new().wait_for(Duration::ZERO).run_for(run_for));
                let handle = client.run("count my polls").await.expect("submit");
                handle.result().await.expect("result");
                counts.lock().expect("counts").push(handle.poll_count());
            }
        });
    });
    group.finish();
    let counts = counts.into_inner().expect("counts");
    if counts.is_empty() {
        return;
    }
    let max = counts.iter().max().copied().unwrap_or(0);
    let mean = counts.iter().sum::<u64>() as f64 / counts.len().max(1) as f64;
    println!(
        "requests per task ({run_for:?} task, {poll:?} interval): mean {mean:.2} polls, max {max} (the interval implies {} + 1 for the first)",
        run_for.as_millis() / poll.as_millis()
    );
    rt.block_on(mock.shutdown());
}

criterion_group!(benches, completion_latency, thousand_tasks, requests_per_task);
criterion_main!(benches);
