//! Fleet polling: many handles learn their statuses from `GET /task` pages, against
//! smooth-mock over a real socket. Requests are counted in the mock's journal.

mod common;

use common::{POLL, client_for};
use futures_util::StreamExt;
use serde_json::json;
use smooth_client::prelude::*;
use smooth_client::{FleetPolling, ToolContext};
use smooth_mock::{MockServer, TaskScript};
use std::collections::HashMap;
use std::time::Duration;

/// A mock whose tasks run `duration`, with a journal large enough for every request.
async fn mock(duration: Duration) -> MockServer {
    MockServer::builder()
        .task_wait(Duration::ZERO..=Duration::ZERO)
        .task_duration(duration..=duration)
        .max_journal_entries(1_000_000)
        .max_finished_tasks(10_000)
        .start()
        .await
        .expect("mock starts")
}

/// Submits `count` tasks at once (all in flight together) and waits for every result.
async fn run_all(client: &SmoothClient, count: usize) -> Vec<TaskResponse> {
    let handles = futures_util::future::join_all((0..count).map(|i| client.run(format!("task {i}")))).await;
    let handles: Vec<TaskHandle> = handles.into_iter().map(|handle| handle.expect("submitted")).collect();
    let results =
        futures_util::future::join_all(handles.iter().map(|handle| handle.result_timeout(Duration::from_secs(60))))
            .await;
    results.into_iter().map(|result| result.expect("the task finishes")).collect()
}

/// Every request the client sent to read tasks: pages plus single tasks.
fn reads(mock: &MockServer) -> (usize, usize) {
    (mock.count("GET", "/task"), mock.count("GET", "/task/*"))
}

/// `GET /task/{id}` requests per task id.
fn polls_per_task(mock: &MockServer) -> HashMap<String, usize> {
    let mut polls = HashMap::new();
    for entry in mock.requests("GET", "/task/*") {
        let id = entry.path.rsplit('/').next().unwrap_or_default().to_owned();
        *polls.entry(id).or_insert(0) += 1;
    }
    polls
}

#[tokio::test]
async fn many_handles_finish_through_pages_with_far_fewer_requests() {
    const HANDLES: usize = 100;
    let duration = POLL * 40;

    let paged = mock(duration).await;
    let client = client_for(&paged, |builder| builder);
    assert_eq!(client.fleet_polling(), FleetPolling::AtLeast(smooth_client::DEFAULT_FLEET_THRESHOLD));
    let results = run_all(&client, HANDLES).await;
    assert!(results.iter().all(|result| result.status == TaskStatus::Done && result.output.is_some()));
    let (pages, singles) = reads(&paged);

    let single = mock(duration).await;
    let client = client_for(&single, |builder| builder.fleet_polling(FleetPolling::Off));
    let results = run_all(&client, HANDLES).await;
    assert!(results.iter().all(|result| result.status == TaskStatus::Done));
    let (off_pages, off_singles) = reads(&single);

    assert!(pages > 0, "the statuses came from GET /task pages");
    assert_eq!(off_pages, 0, "fleet polling off: no page is read");
    assert!(
        (pages + singles) * 3 < off_pages + off_singles,
        "fleet polling: {pages} pages + {singles} single reads; per-task polling: {off_singles} single reads"
    );
    // Each handle fetched its own task for its final answer, and hardly ever otherwise.
    let per_task = polls_per_task(&paged);
    assert_eq!(per_task.len(), HANDLES, "every handle read its final answer itself");
    assert!(singles < HANDLES * 3, "{singles} single reads for {HANDLES} handles");
}

#[tokio::test]
async fn fleet_polling_off_by_config_polls_each_task() {
    let mock = mock(POLL * 10).await;
    let client = client_for(&mock, |builder| builder.fleet_polling(FleetPolling::Off));
    assert_eq!(client.fleet_polling(), FleetPolling::Off);
    let results = run_all(&client, 40).await;
    assert_eq!(results.len(), 40);
    assert_eq!(mock.count("GET", "/task"), 0);
    assert!(mock.count("GET", "/task/*") >= 40);
}

#[tokio::test]
async fn below_the_threshold_handles_poll_on_their_own() {
    let mock = mock(POLL * 10).await;
    let client = client_for(&mock, |builder| builder.fleet_polling(FleetPolling::AtLeast(50)));
    run_all(&client, 20).await;
    assert_eq!(mock.count("GET", "/task"), 0, "20 handles are fewer than the threshold of 50");
}

/// More than 128 tasks created in one second: `GET /task` pages by whole seconds, so the
/// oldest of that second are out of reach; their handles must notice and poll themselves.
#[tokio::test]
async fn tasks_beyond_a_full_second_fall_back_to_their_own_polls() {
    const HANDLES: usize = 400;
    let mock = mock(POLL * 60).await;
    let client = client_for(&mock, |builder| builder.max_concurrent_requests(HANDLES));
    let results = run_all(&client, HANDLES).await;
    assert!(results.iter().all(|result| result.status == TaskStatus::Done));

    // Which tasks no page could reach: in each second with more than 128 tasks, all but
    // its 128 newest (the mock lists by submission order).
    let created: HashMap<&str, i64> =
        results.iter().map(|result| (result.id.as_str(), result.created_at.expect("created_at"))).collect();
    let mut by_second: HashMap<i64, Vec<String>> = HashMap::new();
    for id in mock.task_ids() {
        by_second.entry(created[id.as_str()]).or_default().push(id);
    }
    let unreachable: Vec<&String> =
        by_second.values().filter(|ids| ids.len() > 128).flat_map(|ids| &ids[..ids.len() - 128]).collect();
    assert!(
        !unreachable.is_empty(),
        "precondition: {HANDLES} tasks submitted at once should put more than 128 in one second; per second: {:?}",
        by_second.values().map(Vec::len).collect::<Vec<_>>()
    );
    assert!(mock.count("GET", "/task") > 0, "pages were read");
    let polls = polls_per_task(&mock);
    let mut reached: Vec<usize> =
        polls.iter().filter(|(id, _)| !unreachable.contains(id)).map(|(_, count)| *count).collect();
    reached.sort_unstable();
    let median = reached[reached.len() / 2];
    for id in &unreachable {
        let own = polls.get(*id).copied().unwrap_or(0);
        assert!(own >= 3 && own > median, "unreachable task {id}: {own} own polls, a reached one's median {median}");
    }
}

#[tokio::test]
async fn handles_that_need_events_still_fetch_their_own_task() {
    let mock = mock(POLL * 40).await;
    let client = client_for(&mock, |builder| builder);

    mock.script_next_task(TaskScript::new().run_for(POLL * 40).call_tool("lookup", json!({"sku": "A-1"})));
    let tool = Tool::new("lookup", "Looks a product up", |_ctx: ToolContext, _input: serde_json::Value| async move {
        Ok(json!({"price": 1}))
    });
    let with_tool = client.run(TaskRequest::new("with a tool").tool(tool)).await.unwrap();
    mock.script_next_task(TaskScript::new().run_for(POLL * 40).emit_events(3));
    let streamed = client.run("streamed").await.unwrap();
    let mut events = streamed.events();

    let plain: Vec<TaskHandle> = futures_util::future::join_all((0..60).map(|i| client.run(format!("plain {i}"))))
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let waiters = futures_util::future::join_all(plain.iter().map(|handle| handle.result()));
    let (plain_results, tool_result, first_event) =
        tokio::join!(waiters, with_tool.result(), tokio::time::timeout(Duration::from_secs(30), events.next()));
    assert!(plain_results.iter().all(Result::is_ok));
    assert_eq!(tool_result.unwrap().status, TaskStatus::Done);
    assert!(first_event.expect("an event arrives").is_some());
    assert!(
        mock.requests("POST", "/task/*/event").iter().any(|entry| entry.path.contains(with_tool.id())),
        "the tool call was read from the task's own answer and answered"
    );

    assert!(mock.count("GET", "/task") > 0, "the plain handles were served by pages");
    let polls = polls_per_task(&mock);
    let mut plain_polls: Vec<usize> = plain.iter().map(|handle| polls[handle.id()]).collect();
    plain_polls.sort_unstable();
    let median = plain_polls[plain_polls.len() / 2];
    for (what, handle) in [("tools", &with_tool), ("events()", &streamed)] {
        let own = polls[handle.id()];
        assert!(own > median + 5, "the handle with {what} polled {own} times; a plain handle's median {median}");
    }
}

/// Tasks submitted together end together, so one page shows them all ended: their final
/// fetches must not go out in one burst, and the oldest task goes first. The arrival times are the mock's; the bound is
/// loose: spread evenly over a quarter of the 1 s interval, a 20 ms window holds about 3 of
/// the 40 fetches, and a loaded machine only spreads them further (the client waits at
/// least half a share between two), while a burst puts 20 or more in one window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn final_fetches_of_tasks_ending_together_are_spread() {
    const HANDLES: usize = 40;
    let mock = mock(Duration::from_millis(1500)).await;
    let client = client_for(&mock, |builder| builder.poll_interval(Duration::from_secs(1)));
    let results = run_all(&client, HANDLES).await;
    assert!(results.iter().all(|result| result.status == TaskStatus::Done));
    assert!(mock.count("GET", "/task") > 0, "the handles were served by pages");

    // Each handle's own read of its final answer: the first 200 of `GET /task/{id}`.
    let mut finals: HashMap<String, std::time::SystemTime> = HashMap::new();
    for entry in mock.requests("GET", "/task/*") {
        if entry.status == Some(200) {
            let id = entry.path.rsplit('/').next().unwrap_or_default().to_owned();
            finals.entry(id).or_insert(entry.received_at);
        }
    }
    assert_eq!(finals.len(), HANDLES, "every handle fetched its final answer");
    // Oldest task first (it ended first, so it has waited longest): of all pairs of tasks,
    // most reach the mock in the order they were submitted (a page lists newest first).
    let submitted = mock.task_ids();
    let in_order = (0..submitted.len())
        .flat_map(|a| ((a + 1)..submitted.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| finals[&submitted[a]] <= finals[&submitted[b]])
        .count();
    let pairs = submitted.len() * (submitted.len() - 1) / 2;
    assert!(in_order * 4 >= pairs * 3, "only {in_order} of {pairs} pairs of final fetches came oldest first");
    let mut arrivals: Vec<std::time::SystemTime> = finals.into_values().collect();
    arrivals.sort_unstable();
    let window = Duration::from_millis(20);
    let busiest = (0..arrivals.len())
        .map(|first| {
            arrivals[first..]
                .iter()
                .take_while(|at| at.duration_since(arrivals[first]).unwrap_or_default() <= window)
                .count()
        })
        .max()
        .unwrap_or(0);
    let offsets: Vec<u128> =
        arrivals.iter().map(|at| at.duration_since(arrivals[0]).unwrap_or_default().as_millis()).collect();
    assert!(
        busiest <= HANDLES / 4,
        "{busiest} of {HANDLES} final fetches arrived within {window:?}; arrivals (ms after the first): {offsets:?}"
    );
}
