//! Sessions across processes: the shared sessions file under concurrency, the event
//! cursor, compatibility with the official CLI's files, and a session that has ended.

#![allow(clippy::unwrap_used)]

mod common;

use common::Env;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_start_sessions_leave_twenty_entries() {
    let env = Env::start().await;
    let children: Vec<_> = (0..20)
        .map(|_| env.command(&["start-session", "--json"]).stdout(std::process::Stdio::piped()).spawn().unwrap())
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children.into_iter().map(|child| child.wait_with_output().unwrap()).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let mut started = Vec::new();
    for output in outputs {
        assert!(output.status.success(), "{output:?}");
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        started.push(value["session_id"].as_str().unwrap().to_owned());
    }
    let mut in_file = env.session_ids();
    in_file.sort();
    started.sort();
    assert_eq!(in_file.len(), 20, "no writer lost another's entry");
    assert_eq!(in_file, started);
    // Nothing left behind: no temporary files beside the data.
    let names: Vec<_> = std::fs::read_dir(env.smooth_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|name| !name.contains(".tmp")), "{names:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_process_resumes_after_the_stored_event_cursor() {
    let env = Env::start().await;
    let id = env.start_session().await;
    env.run(&["goto", &id, "https://example.com", "--json"]).await.ok_json();
    let cursor = env.sessions()["sessions"][0]["event_cursor"].as_i64().unwrap();
    assert!(cursor > 0, "the answer's timestamp is stored: {}", env.sessions());

    env.mock.clear_journal();
    env.run(&["run", &id, "Read the headline", "--json"]).await.ok_json();
    let polls = env.mock.requests("GET", &format!("/task/{id}"));
    assert!(!polls.is_empty());
    let first = polls[0].query.clone().unwrap_or_default();
    assert!(first.contains(&format!("event_t={cursor}")), "the new process skips events already read: {first}");
    let advanced = env.sessions()["sessions"][0]["event_cursor"].as_i64().unwrap();
    assert!(advanced > cursor, "and stores the newer cursor");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_written_by_the_official_cli_are_read_and_kept() {
    let env = Env::start().await;
    let dir = env.smooth_dir();
    std::fs::create_dir_all(&dir).unwrap();
    // The official CLI's formats: its sessions file, with a field we do not use.
    let id = {
        let run = env.run(&["start-session", "--json"]).await;
        run.ok_json()["session_id"].as_str().unwrap().to_owned()
    };
    let official = json!({"sessions": [{
        "session_id": id, "live_url": null, "device": "mobile", "task": null,
        "start_time": "2026-01-01T00:00:00.000000Z", "proxy_pid": "4242"
    }]});
    std::fs::write(dir.join("sessions.json"), serde_json::to_string_pretty(&official).unwrap()).unwrap();
    std::fs::write(dir.join("config.json"), "{\n  \"api_key\": \"cmzr-from-python\",\n  \"theme\": \"dark\"\n}")
        .unwrap();

    env.run(&["goto", &id, "https://example.com", "--json"]).await.ok_json();
    let entry = &env.sessions()["sessions"][0];
    assert_eq!(entry["proxy_pid"], "4242", "fields we do not know are kept");
    assert_eq!(entry["start_time"], "2026-01-01T00:00:00.000000Z");
    assert!(entry["event_cursor"].as_i64().unwrap() > 0);

    env.run(&["config", "--api-key", "cmzr-new-key-0123456789", "--json"]).await.ok_json();
    let config = common::read_json(&dir.join("config.json"));
    assert_eq!(config, json!({"api_key": "cmzr-new-key-0123456789", "theme": "dark"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_that_ended_is_removed_and_reported() {
    let env = Env::start().await;
    let id = env.start_session().await;
    let other = env.start_session().await;
    // Closed elsewhere (another tool, the dashboard): the file still lists it.
    let mut command = env.command(&["close-session", &id, "--force", "--json"]);
    command.env("HOME", tempfile::tempdir().unwrap().path());
    env.run_command(command).await.ok_json();
    assert_eq!(env.session_ids().len(), 2);

    let gone = env.run(&["goto", &id, "https://example.com", "--json"]).await;
    let message = gone.err_json(5, "task_failed")["message"].as_str().unwrap().to_owned();
    assert!(message.contains("has ended") && message.contains("removed it from"), "{message}");
    assert_eq!(env.session_ids(), vec![other.clone()], "only the ended session left the file");

    // A session id the service never knew.
    let unknown = env.run(&["run", "task-unknown", "do it"]).await;
    assert!(unknown.err_human(3).contains("unknown to the Smooth API"), "{unknown:?}");

    for force in [&["--force"][..], &[][..]] {
        let mut args = vec!["close-session", "task-unknown", "--json"];
        args.extend_from_slice(force);
        let unknown = env.run(&args).await;
        assert!(unknown.err_json(3, "api")["message"].as_str().unwrap().contains("unknown"), "{args:?}: {unknown:?}");
    }

    // Closing a session that already ended still succeeds and tidies the file.
    let mut command = env.command(&["close-session", &other, "--force", "--json"]);
    command.env("HOME", tempfile::tempdir().unwrap().path());
    env.run_command(command).await.ok_json();
    let closed = env.run(&["close-session", &other, "--json"]).await.ok_json();
    assert_eq!(closed["removed_from_sessions_file"], true, "{closed}");
    assert!(env.session_ids().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_commands_in_one_session_each_get_their_answer() {
    let env = Env::start().await;
    let id = env.start_session().await;
    env.run(&["goto", &id, "https://example.com", "--json"]).await.ok_json();
    let before = env.sessions()["sessions"][0]["event_cursor"].as_i64().unwrap();
    let children: Vec<_> = (0..4)
        .map(|n| {
            let code = format!("return {n}");
            env.command(&["evaluate-js", &id, &code, "--json"]).stdout(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children.into_iter().map(|child| child.wait_with_output().unwrap()).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for output in &outputs {
        assert!(output.status.success(), "{output:?}");
    }
    let after = env.sessions()["sessions"][0]["event_cursor"].as_i64().unwrap();
    assert!(after > before, "the cursor moved forward and never back: {before} -> {after}");
    assert_eq!(env.mock.count("POST", &format!("/task/{id}/event")), 5, "one event per action");
}
