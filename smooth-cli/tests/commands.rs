//! Every command in human and `--json` mode against smooth-mock, over real sockets.

#![allow(clippy::unwrap_used)]

mod common;

use common::Env;
use std::io::Write;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_in_both_modes() {
    let env = Env::start().await;
    let created = env.run(&["create-profile", "--profile-id", "shop", "--json"]).await.ok_json();
    assert_eq!(created["profile_id"], "shop");
    let human = env.run(&["create-profile"]).await;
    assert_eq!(human.code, 0, "{human:?}");
    assert!(human.stdout.contains("Profile created successfully!"), "{human:?}");

    let listed = env.run(&["list-profiles", "--json"]).await.ok_json();
    assert_eq!(listed["count"], 2);
    assert!(listed["profiles"].as_array().unwrap().iter().any(|p| p["id"] == "shop"));
    let human = env.run(&["list-profiles"]).await;
    assert!(human.stdout.contains("Found 2 profile(s):") && human.stdout.contains("  - shop"), "{human:?}");

    let deleted = env.run(&["delete-profile", "shop", "--json"]).await.ok_json();
    assert_eq!(deleted["profile_id"], "shop");
    let listed = env.run(&["--json", "list-profiles"]).await.ok_json();
    assert_eq!(listed["count"], 1, "--json before the command works too");
    let human = env.run(&["delete-profile", "nope"]).await;
    assert!(human.err_human(3).contains("failed to delete profile"), "{human:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_in_both_modes() {
    let env = Env::start().await;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"name,price\nbook,12\n").unwrap();
    let path = file.path().to_str().unwrap();

    let uploaded = env.run(&["upload-file", path, "--name", "prices.csv", "--purpose", "price list", "--json"]).await;
    let uploaded = uploaded.ok_json();
    assert_eq!(uploaded["name"], "prices.csv");
    let id = uploaded["file_id"].as_str().unwrap().to_owned();
    let stored = env.mock.uploaded_files();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, id);

    let human = env.run(&["upload-file", path]).await;
    assert!(human.stdout.contains("File uploaded successfully!") && human.stdout.contains("File ID: "), "{human:?}");

    let deleted = env.run(&["delete-file", &id, "--json"]).await.ok_json();
    assert_eq!(deleted["file_id"], id.as_str());
    let human = env.run(&["delete-file", &id]).await;
    assert!(human.err_human(3).contains("failed to delete file"), "deleting twice is the API's 404: {human:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_workflow_in_json_mode() {
    let env = Env::start().await;
    let started =
        env.run(&["start-session", "--device", "desktop", "--allowed-urls", "https://*.example.com/*", "--json"]).await;
    let started = started.ok_json();
    let id = started["session_id"].as_str().unwrap().to_owned();
    assert!(started["live_url"].as_str().unwrap().contains("embed=false"), "{started}");
    let entry = &env.sessions()["sessions"][0];
    assert_eq!(entry["session_id"], id.as_str());
    assert_eq!(entry["device"], "desktop");
    assert!(entry["live_url"].as_str().unwrap().contains("embed=true"), "the file keeps the embeddable URL");
    assert!(entry["start_time"].as_str().unwrap().ends_with('Z'));

    let goto = env.run(&["goto", &id, "https://example.com", "--json"]).await.ok_json();
    assert_eq!(goto["url"], "https://example.com");
    let ran = env
        .run(&["run", &id, "Find the page title", "--max-steps", "8", "--metadata", r#"{"user":"u1"}"#, "--json"])
        .await;
    assert!(ran.stderr.is_empty(), "nothing extra with --json: {ran:?}");
    let ran = ran.ok_json();
    assert!(ran["result"].as_str().unwrap().contains("Find the page title"), "{ran}");
    let js = env.run(&["evaluate-js", &id, "return 6 * 7", "--args", r#"{"a":1}"#, "--json"]).await.ok_json();
    assert_eq!(js["session_id"], id.as_str());
    assert!(js.get("result").is_some(), "{js}");
    let extracted = env
        .run(&[
            "extract",
            &id,
            "--schema",
            r#"{"type":"object","properties":{"title":{"type":"string"}}}"#,
            "--prompt",
            "the title",
            "--json",
        ])
        .await;
    let extracted = extracted.ok_json();
    assert!(extracted.get("data").is_some(), "{extracted}");
    let live = env.run(&["live-view", &id, "--json"]).await.ok_json();
    assert!(live["live_url"].as_str().unwrap().contains(&id));

    let closed = env.run(&["close-session", &id, "--json"]).await.ok_json();
    assert_eq!(closed["force"], false);
    assert!(env.session_ids().is_empty(), "closing removes the session from the file");
    // Every action reached the service as an event of this session.
    assert!(env.mock.count("POST", &format!("/task/{id}/event")) >= 5);

    // This session's run downloaded a file: its archive's URL, once the session has finished.
    let downloads = env.run(&["downloads", &id, "--json"]).await.ok_json();
    assert!(downloads["downloads_url"].as_str().unwrap().ends_with(".zip"), "{downloads}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_workflow_in_human_mode() {
    let env = Env::start().await;
    let started = env.run(&["start-session"]).await;
    assert_eq!(started.code, 0, "{started:?}");
    assert!(started.stdout.contains("Session started successfully!"), "{started:?}");
    let id = env.session_ids().pop().unwrap();
    assert!(started.stdout.contains(&format!("Session ID: {id}")));
    assert!(started.stdout.contains("Live URL: http://"), "{started:?}");

    let goto = env.run(&["goto", &id, "https://example.com"]).await;
    assert!(goto.stdout.contains("Successfully navigated to: https://example.com"), "{goto:?}");
    let ran = env.run(&["run", &id, "Find the page title"]).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    let live_line = ran.stdout.lines().position(|line| line.starts_with("Live URL: ")).unwrap();
    let result_line = ran.stdout.lines().position(|line| line == "Task completed. Result:").unwrap();
    assert!(live_line < result_line, "the live view URL comes first: {ran:?}");
    // The session's events on stderr, one line each; no spinner when stderr is not a terminal.
    assert!(ran.stderr.lines().all(|line| line.starts_with("· ")), "{ran:?}");
    assert!(ran.stderr.lines().any(|line| line == "· session_action -> 200"), "the run's answer: {ran:?}");
    let js = env.run(&["evaluate-js", &id, "return document.title"]).await;
    assert!(js.stdout.contains("Result:"), "{js:?}");
    let extracted = env.run(&["extract", &id, "--schema", r#"{"type":"object"}"#]).await;
    assert!(extracted.stdout.contains("Extracted data:"), "{extracted:?}");
    let live = env.run(&["live-view", &id]).await;
    assert!(live.stdout.contains(&format!("Live view URL for session '{id}':")), "{live:?}");

    let closed = env.run(&["close-session", &id, "--force"]).await;
    assert!(closed.stdout.contains("closed successfully!") && closed.stdout.contains("forcefully"), "{closed:?}");
    assert!(env.session_ids().is_empty());
    let downloads = env.run(&["downloads", &id]).await;
    // Nothing was downloaded in this one: said so, not an error.
    assert!(downloads.stdout.contains(&format!("No files were downloaded in session '{id}'.")), "{downloads:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_and_task() {
    let env = Env::start().await;
    let id = env.start_session().await;
    let listed = env.run(&["tasks", "--limit", "5", "--json"]).await.ok_json();
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["tasks"][0]["id"], id.as_str());
    let human = env.run(&["tasks"]).await;
    assert!(human.stdout.contains(&id), "{human:?}");

    let shown = env.run(&["task", &id, "--json"]).await.ok_json();
    assert_eq!(shown["task"]["status"], "running");
    let human = env.run(&["task", &id]).await;
    assert!(human.stdout.contains("Status: running"), "{human:?}");

    env.run(&["close-session", &id, "--json"]).await.ok_json();
    let waited = env.run(&["task", &id, "--wait", "--json"]).await.ok_json();
    assert_eq!(waited["task"]["status"], "done", "{waited}");
    let unknown = env.run(&["task", "no-such-task", "--json"]).await;
    assert_eq!(unknown.err_json(3, "api")["status"], 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_saves_the_key_owner_only_and_masks_it() {
    let env = Env::start().await;
    let key = env.mock.api_key().to_owned();
    let saved = env.run(&["config", "--api-key", &key, "--json"]).await.ok_json();
    let path = env.smooth_dir().join("config.json");
    assert_eq!(saved["config_file"], path.to_str().unwrap());
    assert_eq!(common::read_json(&path)["api_key"], key.as_str());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the config file holds the key: owner-only");
    }

    for args in [&["config", "--show"][..], &["config", "--show", "--json"][..]] {
        let shown = env.run(args).await;
        assert_eq!(shown.code, 0, "{shown:?}");
        assert!(!shown.stdout.contains(&key) && !shown.stderr.contains(&key), "the key is masked: {shown:?}");
    }
    let shown = env.run(&["config", "--show", "--json"]).await.ok_json();
    let masked = shown["config"]["api_key"].as_str().unwrap();
    assert!(masked == "***" || masked.contains("..."), "{shown}");

    // The key from the config file is used when neither the flag nor the environment has one.
    let mut command = env.command(&["list-profiles", "--json"]);
    command.env_remove("CIRCLEMIND_API_KEY");
    env.run_command(command).await.ok_json();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_and_base_url_precedence() {
    let env = Env::start().await;
    let key = env.mock.api_key().to_owned();
    // A wrong key in the config file, the right one in the environment: the environment wins.
    std::fs::create_dir_all(env.smooth_dir()).unwrap();
    std::fs::write(env.smooth_dir().join("config.json"), r#"{"api_key": "cmzr-wrong-key-from-file"}"#).unwrap();
    env.run(&["list-profiles", "--json"]).await.ok_json();
    // A wrong key in the environment, the right one as the flag: the flag wins.
    let mut command = env.command(&["--api-key", &key, "list-profiles", "--json"]);
    command.env("CIRCLEMIND_API_KEY", "cmzr-wrong-key-from-env");
    env.run_command(command).await.ok_json();
    // Only the wrong environment key: the API refuses it.
    let mut command = env.command(&["list-profiles", "--json"]);
    command.env("CIRCLEMIND_API_KEY", "cmzr-wrong-key-from-env");
    let refused = env.run_command(command).await;
    refused.err_json(3, "api");
    assert!(!refused.stdout.contains("cmzr-wrong-key-from-env"), "secrets never printed: {refused:?}");

    // The base URL: a flag pointing nowhere beats the environment.
    let nowhere = env.run(&["--base-url", "http://127.0.0.1:1/api/", "list-profiles", "--json"]).await;
    nowhere.err_json(4, "network");
    // The config file's URL is used when the environment has none.
    std::fs::write(
        env.smooth_dir().join("config.json"),
        format!(r#"{{"api_key": "{key}", "base_url": "{}"}}"#, env.mock.base_url()),
    )
    .unwrap();
    let mut command = env.command(&["list-profiles", "--json"]);
    command.env_remove("SMOOTH_BASE_URL").env_remove("CIRCLEMIND_API_KEY");
    env.run_command(command).await.ok_json();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_documents_the_exit_codes_and_completions_work() {
    let env = Env::start().await;
    let help = env.run(&["--help"]).await;
    assert_eq!(help.code, 0);
    for needle in
        ["Exit codes:", "2  usage error", "3  API error", "4  network error", "5  task failed", "start-session", "mcp"]
    {
        assert!(help.stdout.contains(needle), "{needle:?} missing from --help: {}", help.stdout);
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = env.run(&["completions", shell]).await;
        assert_eq!(script.code, 0, "{script:?}");
        assert!(script.stdout.contains("start-session") && script.stdout.contains("close-session"), "{shell}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smooth_mock_prints_the_two_environment_lines() {
    use std::io::{BufRead, BufReader};
    let env = Env::start().await;
    let mut child = env.command(&["mock", "--port", "0"]).stdout(std::process::Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        let mut reader = BufReader::new(stdout);
        let mut lines = Vec::new();
        for _ in 0..2 {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            lines.push(line.trim().to_owned());
        }
        lines
    })
    .await
    .unwrap();
    let base_url = lines[0].strip_prefix("export SMOOTH_BASE_URL=").unwrap().to_owned();
    let key = lines[1].strip_prefix("export CIRCLEMIND_API_KEY=").unwrap().to_owned();
    assert_ne!(base_url, env.mock.base_url(), "a server of its own");
    let mut command = env.command(&["create-profile", "--profile-id", "offline", "--json"]);
    command.env("SMOOTH_BASE_URL", &base_url).env("CIRCLEMIND_API_KEY", &key);
    env.run_command(command).await.ok_json();
    assert!(env.mock.journal().is_empty(), "the request went to the embedded mock");
    child.kill().unwrap();
    child.wait().unwrap();
}
