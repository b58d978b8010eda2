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

/// `site-gen serve` of a 30-incident sample (a demo site) at a fixed present, answering.
struct Served {
    bundle: incident_core::Bundle,
    input: std::path::PathBuf,
    site: std::path::PathBuf,
    port: u16,
    _server: Server,
}

fn serve_sample(dir: &std::path::Path, now: Timestamp) -> Served {
    let bundle = sample::generate(&SampleOptions {
        incidents: 30,
        seed: 3,
        now,
    });
    let input = dir.join("bundle.json");
    std::fs::write(&input, bundle.to_json_pretty()).unwrap();
    let site = dir.join("site");
    let port = free_port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_site-gen"))
            .args(["serve", input.to_str().unwrap(), "--out"])
            .arg(&site)
            .args(["--port", &port.to_string(), "--now", &now.to_rfc3339()])
            // A sample: a demo site.
            .arg("--allow-sample")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for("the server", || get(port, "/").is_some());
    Served {
        bundle,
        input,
        site,
        port,
        _server: server,
    }
}

#[test]
fn serve_builds_serves_and_rebuilds_when_the_input_changes() {
    let dir = tempfile::tempdir().unwrap();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let Served {
        mut bundle,
        input,
        port,
        _server,
        ..
    } = serve_sample(dir.path(), now);

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

    // Changed again within the same tick of a coarse clock (the same modification time): its
    // new size is noticed.
    std::thread::sleep(Duration::from_millis(600)); // the last write seen whole
    let when = std::fs::metadata(&input).unwrap().modified().unwrap();
    bundle.settings.organization.name = "Renamed Org Again".to_owned();
    swap_in(&input, &bundle.to_json_pretty(), when);
    wait_for("the rebuild of a file of the same time", || {
        get(port, "/").is_some_and(|(_, b)| b.contains("Renamed Org Again"))
    });

    // Swapped for a file of the same time and the same size (a synced drive writes a new file
    // and renames it): it is another file.
    std::thread::sleep(Duration::from_millis(600));
    bundle.settings.organization.name = "Renamed Org Agaim".to_owned();
    let text = bundle.to_json_pretty();
    assert_eq!(text.len() as u64, std::fs::metadata(&input).unwrap().len());
    swap_in(&input, &text, when);
    wait_for(
        "the rebuild of another file of the same time and size",
        || get(port, "/").is_some_and(|(_, b)| b.contains("Renamed Org Agaim")),
    );

    // A broken input keeps the previous site served.
    std::fs::write(&input, "{ not json").unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let (code, body) = get(port, "/").unwrap();
    assert_eq!(code, 200);
    assert!(body.contains("Renamed Org Agaim"));
}

/// Puts `text` at `input` as a new file (written beside it and renamed over it) whose
/// modification time is `when`.
fn swap_in(input: &std::path::Path, text: &str, when: std::time::SystemTime) {
    let next = input.with_extension("next");
    std::fs::write(&next, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&next)
        .unwrap()
        .set_modified(when)
        .unwrap();
    std::fs::rename(&next, input).unwrap();
}

/// Every file of the site as (inode, modification time), by path.
fn snapshot(root: &std::path::Path) -> std::collections::BTreeMap<String, (u64, i128)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let mtime =
                    i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
                out.insert(rel, (meta.ino(), mtime));
            }
        }
    }
    out
}

/// A rebuild writes only the files whose bytes changed: one incident's new public title rewrites
/// its page and the lists that name it, and leaves the other incidents' pages untouched.
#[test]
fn a_rebuild_rewrites_only_the_files_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let Served {
        mut bundle,
        input,
        site,
        port,
        _server,
    } = serve_sample(dir.path(), now);
    let before = snapshot(&site);
    let public = incident_core::public::project(&bundle, now);
    let (renamed, other) = (
        public.incidents[0].id.clone(),
        public.incidents[1].id.clone(),
    );
    let i = bundle
        .incidents
        .iter_mut()
        .find(|i| i.id == renamed)
        .unwrap();
    i.public_title = Some("A title changed for the test".to_owned());
    std::thread::sleep(Duration::from_millis(1100)); // a distinct modification time
    std::fs::write(&input, bundle.to_json_pretty()).unwrap();
    let page = format!("/incidents/{renamed}/");
    wait_for("the rebuild", || {
        get(port, &page).is_some_and(|(_, b)| b.contains("A title changed for the test"))
    });
    let after = snapshot(&site);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        changed.contains(&&format!("incidents/{renamed}/index.html")),
        "{changed:?}"
    );
    assert!(
        changed.contains(&&"index.html".to_owned())
            || changed.contains(&&"history/index.html".to_owned()),
        "{changed:?}"
    );
    let untouched = format!("incidents/{other}/index.html");
    assert_eq!(
        before.get(&untouched),
        after.get(&untouched),
        "{untouched} was rewritten"
    );
    assert!(
        changed.len() * 4 < after.len(),
        "{} of {} files rewritten: {changed:?}",
        changed.len(),
        after.len()
    );
}
