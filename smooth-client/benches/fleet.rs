//! Fleet polling in the steady state of issue 11: many task handles live at once, side by
//! side with fleet polling off and on.
//!
//! ```sh
//! cargo bench -p smooth-client --bench fleet
//! # smaller: FLEET_HANDLES=2000 FLEET_RATE=100 FLEET_TASK_SECS=30 cargo bench -p smooth-client --bench fleet
//! ```
//!
//! For each mode (`FLEET_MODES`, default `off,on`) this binary starts itself twice more: a
//! client process, which starts a smooth-mock process of its own. The client's figures are
//! therefore its own: CPU from `/proc/self/stat`, peak memory from `VmHWM`, and requests
//! as counted by the mock (its journal's arrival number).
//!
//! The client submits `FLEET_HANDLES` tasks (default 10,000) at `FLEET_RATE` a second
//! (default 100), each running `FLEET_TASK_SECS` (default 130 s, so that all are live
//! together once the last is submitted), keeps a handle to each and waits for every
//! result, at the default 1 s poll interval on a 2-thread tokio runtime. Steady state: from
//! 5 s after the last submission for `FLEET_WINDOW_SECS` (default 20 s; it must end before
//! the first task does), with every handle waiting. Whole run: from the first submission to
//! the last result. Completion latency: from the moment a task is due to end (its
//! submission's start + its duration, so a slight overestimate) to `result()` returning.

#![allow(missing_docs)]

use smooth_client::{FleetPolling, SmoothClient};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const ROLE: &str = "SMOOTH_FLEET_ROLE";

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|text| text.parse().ok()).unwrap_or(default)
}

fn main() -> Result<(), BoxError> {
    match std::env::var(ROLE).as_deref() {
        Ok("mock") => mock(),
        Ok("client") => client(),
        _ => compare(),
    }
}

/// Runs each mode in a client process of its own and prints their lines together.
///
/// `cargo bench` passes `--bench`; without it (`cargo test --all-targets` runs benches once
/// to check they work) the run is a smoke test of a few seconds, unless sizes are given.
fn compare() -> Result<(), BoxError> {
    let smoke = !std::env::args().any(|arg| arg == "--bench");
    let size = |name: &str, full: u64, small: u64| env_u64(name, if smoke { small } else { full });
    let (handles, rate, task_secs, window_secs) = (
        size("FLEET_HANDLES", 10_000, 40),
        size("FLEET_RATE", 100, 40),
        size("FLEET_TASK_SECS", 130, 3),
        size("FLEET_WINDOW_SECS", 20, 1),
    );
    let modes = std::env::var("FLEET_MODES").unwrap_or_else(|_| "off,on".to_owned());
    println!(
        "fleet bench: {handles} handles at {rate}/s, tasks {task_secs} s, window {window_secs} s; load before: {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
    let mut lines = Vec::new();
    for mode in modes.split(',') {
        let output = Command::new(std::env::current_exe()?)
            .env(ROLE, "client")
            .env("FLEET_MODE", mode)
            .env("FLEET_HANDLES", handles.to_string())
            .env("FLEET_RATE", rate.to_string())
            .env("FLEET_TASK_SECS", task_secs.to_string())
            .env("FLEET_WINDOW_SECS", window_secs.to_string())
            .stderr(Stdio::inherit())
            .output()?;
        let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        println!("{line}");
        lines.push(line);
    }
    println!("load after: {}", std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim());
    Ok(())
}

/// The mock: prints its base URL and key, then answers each line on stdin with the number
/// of requests it has received.
fn mock() -> Result<(), BoxError> {
    let task = Duration::from_secs(env_u64("FLEET_TASK_SECS", 130));
    let handles = env_u64("FLEET_HANDLES", 10_000) as usize;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    runtime.block_on(async {
        let mock = smooth_mock::MockServer::builder()
            .task_wait(Duration::ZERO..=Duration::ZERO)
            .task_duration(task..=task)
            .max_finished_tasks(handles * 2)
            .max_journal_entries(4)
            .start()
            .await?;
        println!("{} {}", mock.base_url(), mock.api_key());
        std::io::stdout().flush()?;
        let stdin = tokio::task::spawn_blocking(move || {
            for line in std::io::stdin().lock().lines() {
                if line.is_err() {
                    break;
                }
                let received = mock.journal().last().map_or(0, |entry| entry.seq);
                println!("{received}");
                let _ = std::io::stdout().flush();
            }
        });
        stdin.await?;
        Ok::<(), BoxError>(())
    })
}

/// This process's user + system CPU time.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<u64> = after_name.split_whitespace().map(|field| field.parse().unwrap_or(0)).collect();
    // Fields 14 and 15 of stat (utime, stime), counted from the state (field 3) here.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Peak resident memory (VmHWM) in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0);
    kib as f64 / 1024.0
}

struct Sample {
    at: Instant,
    cpu: Duration,
    requests: u64,
}

fn client() -> Result<(), BoxError> {
    let mode = std::env::var("FLEET_MODE").unwrap_or_else(|_| "on".to_owned());
    let handles = env_u64("FLEET_HANDLES", 10_000);
    let rate = env_u64("FLEET_RATE", 100).max(1);
    let task = Duration::from_secs(env_u64("FLEET_TASK_SECS", 130));
    let window = Duration::from_secs(env_u64("FLEET_WINDOW_SECS", 20));

    let mut mock = Command::new(std::env::current_exe()?)
        .env(ROLE, "mock")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut to_mock = mock.stdin.take().ok_or("mock stdin")?;
    let mut from_mock = BufReader::new(mock.stdout.take().ok_or("mock stdout")?);
    let mut line = String::new();
    from_mock.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let (base_url, key) = (words.next().ok_or("base URL")?.to_owned(), words.next().ok_or("key")?.to_owned());
    let mut requests = move || -> u64 {
        let mut answer = String::new();
        let _ = writeln!(to_mock, "count");
        let _ = from_mock.read_line(&mut answer);
        answer.trim().parse().unwrap_or(0)
    };

    let fleet = if mode == "off" { FleetPolling::Off } else { FleetPolling::default() };
    let client = SmoothClient::builder().api_key(key).base_url(base_url).fleet_polling(fleet).build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(handles as usize)));
    let failures = Arc::new(Mutex::new(0u64));

    let start = Sample { at: Instant::now(), cpu: cpu_time(), requests: requests() };
    let mut steady = None;
    runtime.block_on(async {
        let mut tick = tokio::time::interval(Duration::from_secs(1) / rate as u32);
        let mut waiting = Vec::with_capacity(handles as usize);
        for index in 0..handles {
            tick.tick().await;
            let (client, latencies, failures) = (client.clone(), Arc::clone(&latencies), Arc::clone(&failures));
            waiting.push(tokio::spawn(async move {
                let submitted = Instant::now();
                let outcome = match client.run(format!("fleet task {index}")).await {
                    Ok(handle) => handle.result().await.map(|_| ()).map_err(|_| ()),
                    Err(_) => Err(()),
                };
                match outcome {
                    Ok(()) => latencies
                        .lock()
                        .expect("latencies")
                        .push(Instant::now().saturating_duration_since(submitted + task)),
                    Err(()) => *failures.lock().expect("failures") += 1,
                }
            }));
        }
        let submitted = Instant::now();
        tokio::time::sleep(Duration::from_secs(5)).await;
        let from = Sample { at: Instant::now(), cpu: cpu_time(), requests: requests() };
        tokio::time::sleep(window).await;
        let to = Sample { at: Instant::now(), cpu: cpu_time(), requests: requests() };
        let live = latencies.lock().expect("latencies").len() as u64 + *failures.lock().expect("failures");
        steady = Some((from, to, peak_mib(), live, submitted.duration_since(start.at)));
        for waiter in waiting {
            let _ = waiter.await;
        }
    });
    let end = Sample { at: Instant::now(), cpu: cpu_time(), requests: requests() };
    let _ = mock.kill();
    let _ = mock.wait();

    let (from, to, steady_peak, ended_early, submit_span) = steady.ok_or("no steady window")?;
    let rate_of = |a: &Sample, b: &Sample| {
        let wall = b.at.duration_since(a.at).as_secs_f64();
        (b.cpu.saturating_sub(a.cpu).as_secs_f64() / wall * 100.0, (b.requests - a.requests) as f64 / wall)
    };
    let (steady_cpu, steady_rps) = rate_of(&from, &to);
    let (run_cpu, run_rps) = rate_of(&start, &end);
    let mut latencies = latencies.lock().expect("latencies").clone();
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "fleet={mode:<3} handles={handles} steady[cpu={steady_cpu:.1}% rps={steady_rps:.0} peak={steady_peak:.1}MiB finished_before_window_end={ended_early}] \
         whole_run[cpu={run_cpu:.1}% rps={run_rps:.0} peak={:.1}MiB wall={:.0}s submit_span={:.0}s] \
         completion_latency[p50={:?} p99={:?} max={:?}] failed={}",
        peak_mib(),
        end.at.duration_since(start.at).as_secs_f64(),
        submit_span.as_secs_f64(),
        percentile(0.5),
        percentile(0.99),
        latencies.last().copied().unwrap_or_default(),
        *failures.lock().expect("failures"),
    );
    Ok(())
}
