//! `site-gen serve`: it builds, serves the site on 127.0.0.1, and rebuilds when an input changes.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use incident_core::sample::{self, SampleOptions};
use incident_core::Timestamp;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.0 GET: (status code, body).
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let code = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((code, body))
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_builds_serves_and_rebuilds_when_the_input_changes() {
    let dir = tempfile::tempdir().unwrap();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let mut bundle = sample::generate(&SampleOptions {
        incidents: 30,
        seed: 3,
        now,
    });
    let input = dir.path().join("bundle.json");
    std::fs::write(&input, bundle.to_json_pretty()).unwrap();
    let port = free_port();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_site-gen"))
            .args(["serve", input.to_str().unwrap(), "--out"])
            .arg(dir.path().join("site"))
            .args(["--port", &port.to_string(), "--now", "2026-11-01T12:00:00Z"])
            // A sample: a demo site.
            .arg("--allow-sample")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for("the server", || get(port, "/").is_some());

    let (code, body) = get(port, "/").unwrap();
    assert_eq!(code, 200);
    assert!(body.contains("Cygni"), "{body}");
    let (code, api) = get(port, "/api/v2/status.json").unwrap();
    assert_eq!(code, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&api).unwrap()["status"]["indicator"].is_string()
    );
    assert_eq!(get(port, "/no/such/page/").unwrap().0, 404);
    assert_eq!(get(port, "/../../etc/passwd").unwrap().0, 404);

    // Rename the organization: the served page follows within a few seconds.
    bundle.settings.organization.name = "Renamed Org".to_owned();
    std::thread::sleep(Duration::from_millis(1100)); // a distinct modification time
    std::fs::write(&input, bundle.to_json_pretty()).unwrap();
    wait_for("the rebuild", || {
        get(port, "/").is_some_and(|(_, b)| b.contains("Renamed Org"))
    });

    // A broken input keeps the previous site served.
    std::fs::write(&input, "{ not json").unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let (code, body) = get(port, "/").unwrap();
    assert_eq!(code, 200);
    assert!(body.contains("Renamed Org"));
}
