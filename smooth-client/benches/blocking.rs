//! A blocking `get_task` against the async one, against the same in-process smooth-mock, in
//! one run (goal: the blocking call within 10 % of the async one).
//!
//! ```sh
//! cargo bench -p smooth-client --features blocking --bench blocking
//! ```
//!
//! The mock runs on a runtime of its own (one worker thread). The async client is measured
//! on a current-thread runtime driven by the bench thread and on a multi-thread runtime (the
//! `#[tokio::main]` default); the blocking client from the plain bench thread, its runtime
//! on its own thread. Criterion measures one after the other, so a change in machine load
//! between them skews its ratios; the bench therefore also alternates short batches of each
//! (order rotated every round) and prints the medians side by side.
//!
//! Each runtime gets a client of its own: a pooled connection is driven by a task on the
//! runtime that opened it, so sharing one async client between an idle current-thread
//! runtime and another runtime would leave requests waiting on the idle one.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use smooth_client::api::task::{GetTaskExt, GetTaskRequest, TaskRequest};
use smooth_client::{Error, SmoothClient, blocking};
use smooth_mock::MockServer;
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUNDS: usize = 40;
const CALLS_PER_BATCH: u32 = 200;

/// What is compared: three ways to make the same `get_task` call.
struct Contenders {
    task_id: String,
    /// One async client per runtime: current-thread, multi-thread.
    asynchronous: [SmoothClient; 2],
    blocking: blocking::SmoothClient,
    current_thread: tokio::runtime::Runtime,
    multi_thread: tokio::runtime::Runtime,
}

impl Contenders {
    fn request(&self) -> GetTaskRequest {
        GetTaskRequest::new(&self.task_id)
    }

    async fn get_async(&self, runtime: usize) -> Result<(), Error> {
        black_box(self.asynchronous[runtime].get_task(self.request()).await?);
        Ok(())
    }

    fn get_blocking(&self) -> Result<(), Error> {
        black_box(self.blocking.get_task(self.request())?);
        Ok(())
    }

    /// The mean time of one call over a batch, by contender index.
    fn batch(&self, contender: usize) -> Duration {
        let started = Instant::now();
        for _ in 0..CALLS_PER_BATCH {
            match contender {
                0 => self.current_thread.block_on(self.get_async(0)).expect("async get_task"),
                1 => self.multi_thread.block_on(self.get_async(1)).expect("async get_task"),
                _ => self.get_blocking().expect("blocking get_task"),
            }
        }
        started.elapsed() / CALLS_PER_BATCH
    }
}

const NAMES: [&str; 3] = ["async, current-thread runtime", "async, multi-thread runtime", "blocking"];

fn get_task(c: &mut Criterion) {
    let mock_runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("mock runtime");
    let mock = mock_runtime.block_on(MockServer::start()).expect("mock");
    let builder = || {
        SmoothClient::builder().api_key(mock.api_key()).base_url(mock.base_url()).poll_interval(Duration::from_secs(1))
    };
    let blocking = builder().build_blocking().expect("blocking client");
    let task_id = blocking.submit_task(TaskRequest::new("Benchmark me")).expect("submit").id;
    let contenders = Contenders {
        task_id,
        asynchronous: [builder().build().expect("async client"), builder().build().expect("async client")],
        blocking,
        current_thread: tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime"),
        multi_thread: tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime"),
    };

    let mut group = c.benchmark_group("get_task");
    group.bench_function(NAMES[0], |b| b.to_async(&contenders.current_thread).iter(|| contenders.get_async(0)));
    group.bench_function(NAMES[1], |b| b.to_async(&contenders.multi_thread).iter(|| contenders.get_async(1)));
    group.bench_function(NAMES[2], |b| b.iter(|| contenders.get_blocking()));
    group.finish();

    // `cargo test` runs benches once as tests (without `--bench`): skip the long part.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    // Interleaved: every round runs a batch of each, in a rotating order.
    let mut samples: [Vec<Duration>; 3] = Default::default();
    for contender in 0..3 {
        contenders.batch(contender); // warm-up
    }
    for round in 0..ROUNDS {
        for offset in 0..3 {
            let contender = (round + offset) % 3;
            samples[contender].push(contenders.batch(contender));
        }
    }
    let medians = samples.map(|mut batch| {
        batch.sort();
        batch[batch.len() / 2]
    });
    println!("\ninterleaved medians ({ROUNDS} rounds x {CALLS_PER_BATCH} calls each):");
    for (name, median) in NAMES.iter().zip(medians) {
        println!(
            "  {name:<32} {:>8.1} µs   blocking / this = {:.3}",
            median.as_secs_f64() * 1e6,
            medians[2].as_secs_f64() / median.as_secs_f64()
        );
    }
}

criterion_group!(benches, get_task);
criterion_main!(benches);
