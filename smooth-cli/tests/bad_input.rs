//! Bad input: one clear line, the documented exit code, never a panic; secrets never printed.

#![allow(clippy::unwrap_used)]

mod common;

use common::Env;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_json_options_are_usage_errors_before_anything_is_sent() {
    let env = Env::start().await;
    let id = env.start_session().await;
    env.mock.clear_journal();
    let cases: [(&[&str], &str); 5] = [
        (&["extract", &id, "--schema", "{not json"], "invalid JSON in --schema"),
        (&["run", &id, "task", "--metadata", "[1,"], "invalid JSON in --metadata"),
        (&["run", &id, "task", "--metadata", r#"{"nested":{"a":1}}"#], "--metadata value of \"nested\""),
        (&["run", &id, "task", "--response-model", "nope"], "invalid JSON in --response-model"),
        (&["evaluate-js", &id, "return 1", "--args", "{'a':1}"], "invalid JSON in --args"),
    ];
    for (args, expected) in cases {
        let human = env.run(args).await;
        assert!(human.err_human(2).contains(expected), "{args:?}: {human:?}");
        let mut json_args = args.to_vec();
        json_args.push("--json");
        let json = env.run(&json_args).await;
        let message = json.err_json(2, "usage")["message"].as_str().unwrap().to_owned();
        assert!(message.contains(expected), "{args:?}: {message}");
    }
    assert!(env.mock.journal().is_empty(), "nothing reached the service");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_and_unknown_options_are_usage_errors() {
    let env = Env::start().await;
    for steps in ["1", "129", "many"] {
        let human = env.run(&["run", "s", "task", "--max-steps", steps]).await;
        assert!(human.err_human(2).contains("--max-steps"), "{human:?}");
        assert_eq!(human.stderr.lines().count(), 1, "one line: {human:?}");
        let json = env.run(&["run", "s", "task", "--max-steps", steps, "--json"]).await;
        assert!(json.err_json(2, "usage")["message"].as_str().unwrap().contains("--max-steps"), "{json:?}");
    }
    env.run(&["start-session", "--device", "tablet", "--json"]).await.err_json(2, "usage");
    env.run(&["no-such-command", "--json"]).await.err_json(2, "usage");
    env.run(&["extract", "s", "--json"]).await.err_json(2, "usage");
    let tunnel = env.run(&["start-session", "--proxy-server", "self", "--json"]).await;
    assert!(tunnel.err_json(2, "usage")["message"].as_str().unwrap().contains("--proxy-server self"));
    assert_eq!(env.mock.task_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_file_is_named() {
    let env = Env::start().await;
    let human = env.run(&["upload-file", "/no/such/file.pdf"]).await;
    assert_eq!(human.err_human(2), "Error: file not found: /no/such/file.pdf");
    let json = env.run(&["upload-file", "/no/such/file.pdf", "--json"]).await;
    assert_eq!(json.err_json(2, "usage")["message"], "file not found: /no/such/file.pdf");
    assert!(env.mock.uploaded_files().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_key_says_how_to_set_one() {
    let env = Env::start().await;
    let mut command = env.command(&["list-profiles"]);
    command.env_remove("CIRCLEMIND_API_KEY");
    let human = env.run_command(command).await;
    let line = human.err_human(2);
    assert!(line.contains("smooth config --api-key") && line.contains("CIRCLEMIND_API_KEY"), "{line}");
    let mut command = env.command(&["list-profiles", "--json"]);
    command.env_remove("CIRCLEMIND_API_KEY");
    env.run_command(command).await.err_json(2, "usage");
    // `config` itself needs no key.
    let mut command = env.command(&["config", "--show", "--json"]);
    command.env_remove("CIRCLEMIND_API_KEY");
    env.run_command(command).await.ok_json();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_does_not_answer_is_a_network_error() {
    let env = Env::start().await;
    // Port 1: privileged, outside the ephemeral range other tests' servers get, so nothing
    // listens there.
    let url = "http://127.0.0.1:1/api/";
    let mut command = env.command(&["list-profiles"]);
    command.env("SMOOTH_BASE_URL", url);
    let human = env.run_command(command).await;
    assert!(human.err_human(4).contains("could not reach the Smooth API"), "{human:?}");
    let mut command = env.command(&["goto", "s", "https://example.com", "--json"]);
    command.env("SMOOTH_BASE_URL", url);
    env.run_command(command).await.err_json(4, "network");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_never_printed() {
    let env = Env::start().await;
    let password = "hunter2-proxy-secret";
    let key = "cmzr-a-secret-key-that-is-wrong";
    let mut command = env.command(&[
        "start-session",
        "--proxy-server",
        "http://proxy.example:8080",
        "--proxy-username",
        "me",
        "--proxy-password",
        password,
    ]);
    command.env("CIRCLEMIND_API_KEY", key);
    let refused = env.run_command(command).await;
    assert_eq!(refused.code, 3, "{refused:?}");
    for text in [&refused.stdout, &refused.stderr] {
        assert!(!text.contains(password) && !text.contains(key), "{refused:?}");
    }
    // With the right key the proxy password reaches the service, and is printed nowhere.
    let started =
        env.run(&["start-session", "--proxy-server", "http://proxy.example:8080", "--proxy-password", password]).await;
    assert_eq!(started.code, 0, "{started:?}");
    assert!(!started.stdout.contains(password) && !started.stderr.contains(password));
    let sessions = std::fs::read_to_string(env.smooth_dir().join("sessions.json")).unwrap();
    assert!(!sessions.contains(password));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_sessions_file_is_named_not_overwritten() {
    let env = Env::start().await;
    std::fs::create_dir_all(env.smooth_dir()).unwrap();
    let path = env.smooth_dir().join("sessions.json");
    std::fs::write(&path, "{ half a file").unwrap();
    let run = env.run(&["start-session", "--json"]).await;
    let message = run.err_json(1, "local")["message"].as_str().unwrap().to_owned();
    assert!(message.contains("sessions.json is not valid"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ half a file", "the user's file is left as it was");
    assert_eq!(env.mock.task_count(), 0, "no session was opened that the file could not track");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_config_file_does_not_block_a_key_from_the_environment() {
    let env = Env::start().await;
    std::fs::create_dir_all(env.smooth_dir()).unwrap();
    let path = env.smooth_dir().join("config.json");
    std::fs::write(&path, "api_key = not json").unwrap();
    let human = env.run(&["list-profiles"]).await;
    assert_eq!(human.code, 0, "{human:?}");
    assert!(human.stderr.starts_with("Warning: ignoring the config file:"), "{human:?}");
    env.run(&["list-profiles", "--json"]).await.ok_json();
    // Saving a key does not overwrite a file it cannot read.
    env.run(&["config", "--api-key", "cmzr-new-key-0123456789", "--json"]).await.err_json(1, "local");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "api_key = not json");
}
