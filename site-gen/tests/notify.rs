//! `site-gen notify` against a local HTTP receiver, as a team's CI runs it after each deploy:
//! each new public event reaches each channel once, a second run sends nothing, a run after a
//! receiver error sends only what failed, a run that stopped mid-send never sends twice, and
//! nothing internal is ever sent.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

use incident_core::model::{AffectedComponent, DetectionSource, Impact};
use incident_core::ops::{self, Actor, Declaration, UpdateDraft};
use incident_core::sample::{generate, SampleOptions};
use incident_core::{Bundle, Severity, Timestamp};

/// Words that only the team may read: in the internal title, notes and an internal update.
const INTERNAL: &str = "INTERNAL-7Q3";
const NEW_ID: &str = "7c1d2a40-0c2e-4d55-9a7e-1d6f0c9b8e21";

mod common;
use common::{site_gen, text};

fn t0() -> Timestamp {
    Timestamp::parse("2026-11-20T09:00:00Z").unwrap()
}

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_unix_millis(t0().unix_millis() + minutes * 60_000).unwrap()
}

fn actor(minutes: i64) -> Actor {
    Actor {
        person: None,
        device: "laptop-a".to_owned(),
        now: at(minutes),
    }
}

fn update(message: &str, public: bool) -> UpdateDraft {
    UpdateDraft {
        impact: format!("{INTERNAL} impact notes"),
        actions: format!("{INTERNAL} failover of db-3"),
        message: message.to_owned(),
        public,
    }
}

/// The team's workspace: a sample history up to `t0`, then tonight's incident, whose public
/// updates come at +12, +20 (corrected at +25), +40 and +45 minutes.
fn workspace() -> Bundle {
    let mut b = generate(&SampleOptions {
        incidents: 40,
        seed: 4,
        now: t0(),
    });
    let component = b.settings.components[0].id.clone();
    let mut i = ops::declare(
        Declaration {
            id: NEW_ID.to_owned(),
            title: format!("{INTERNAL} primary failover stuck"),
            severity: Severity::Sev2,
            components: vec![AffectedComponent {
                component,
                impact: Impact::PartialOutage,
            }],
            detection: DetectionSource::AutomatedAlert,
            started_at: None,
            drill: false,
        },
        &actor(10),
    )
    .unwrap();
    let pb = b.settings.playbook.clone();
    ops::set_public_title(&mut i, "Checkout errors", &actor(11)).unwrap();
    ops::add_note(&mut i, &format!("{INTERNAL}: paged the DBA"), &actor(11)).unwrap();
    let first = ops::post_update(
        &mut i,
        update("Some card payments fail. We are investigating.", true),
        &pb,
        &actor(12),
    )
    .unwrap();
    ops::post_update(
        &mut i,
        update(&format!("{INTERNAL} only"), false),
        &pb,
        &actor(15),
    )
    .unwrap();
    ops::post_update(
        &mut i,
        update("We found the cause and are fixing it.", true),
        &pb,
        &actor(20),
    )
    .unwrap();
    ops::correct_update(
        &mut i,
        &first,
        "Some card payments fail (about 5%). We are investigating.",
        &actor(25),
    )
    .unwrap();
    ops::post_update(
        &mut i,
        update("Payments are recovering.", true),
        &pb,
        &actor(40),
    )
    .unwrap();
    ops::post_update(
        &mut i,
        update("Nearly all payments succeed.", true),
        &pb,
        &actor(45),
    )
    .unwrap();
    b.incidents.push(i);
    b
}

/// The site built from the workspace at `t0 + minutes`: its `published.json`.
fn build(dir: &Path, bundle: &Path, minutes: i64) -> PathBuf {
    let out = dir.join(format!("site-{minutes}"));
    let o = site_gen(&[
        "build",
        bundle.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--now",
        &at(minutes).to_string(),
        "--allow-sample",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    out.join("published.json")
}

/// A local webhook receiver: every request's path and body; answers 500 to a body holding
/// any of `failing`, 200 otherwise.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<(String, String)>>>,
    failing: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    fn start() -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let got = Arc::new(Mutex::new(Vec::new()));
        let failing: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
        let (g, f) = (got.clone(), failing.clone());
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let mut body = String::new();
                std::io::Read::read_to_string(request.as_reader(), &mut body).unwrap();
                let fail = f.lock().unwrap().iter().any(|x| body.contains(x.as_str()));
                g.lock().unwrap().push((request.url().to_owned(), body));
                let code = if fail { 500 } else { 200 };
                request
                    .respond(tiny_http::Response::from_string("ok").with_status_code(code))
                    .unwrap();
            }
        });
        Receiver { url, got, failing }
    }

    fn take(&self) -> Vec<(String, serde_json::Value)> {
        std::mem::take(&mut *self.got.lock().unwrap())
            .into_iter()
            .map(|(path, body)| {
                assert!(!body.contains(INTERNAL), "internal words sent: {body}");
                (path, serde_json::from_str(&body).unwrap())
            })
            .collect()
    }
}

fn notify(r: &Receiver, manifest: &Path, previous: &Path, log: &Path, extra: &[&str]) -> Output {
    let (hook, slack) = (format!("{}/hook", r.url), format!("{}/slack", r.url));
    let mut args = vec![
        "notify",
        "--manifest",
        manifest.to_str().unwrap(),
        "--previous",
        previous.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
        "--webhook",
        &hook,
        "--slack",
        &slack,
        "--backoff-ms",
        "5",
        "--retries",
        "2",
    ];
    args.extend_from_slice(extra);
    site_gen(&args)
}

/// The ids of the generic webhook's messages.
fn ids(got: &[(String, serde_json::Value)]) -> Vec<String> {
    got.iter()
        .filter(|(p, _)| p == "/hook")
        .map(|(_, v)| v["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn each_new_public_event_reaches_each_channel_once() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("workspace.json");
    std::fs::write(&bundle, workspace().to_json()).unwrap();
    let (before, tonight, later) = (
        build(dir.path(), &bundle, 0),
        build(dir.path(), &bundle, 30),
        build(dir.path(), &bundle, 50),
    );
    let log = dir.path().join("notify-log.json");
    let r = Receiver::start();

    // Too many new events for the limit: refused before anything is sent or logged.
    let o = notify(&r, &tonight, &before, &log, &["--max", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("3 new events"),
        "{}",
        text(&o.stderr)
    );
    assert!(r.take().is_empty() && !log.exists());

    // A file that is not a manifest is named.
    let o = notify(&r, &tonight, &bundle, &log, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("workspace.json"),
        "{}",
        text(&o.stderr)
    );

    // First run: the new incident, its second update and the correction, on both channels.
    let o = notify(&r, &tonight, &before, &log, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got = r.take();
    assert_eq!(got.len(), 6, "3 events × 2 channels");
    let sent = ids(&got);
    let update_ids: Vec<String> = sent
        .iter()
        .filter(|id| id.contains("/update/"))
        .cloned()
        .collect();
    assert_eq!(update_ids.len(), 2);
    assert!(sent
        .iter()
        .all(|id| id.starts_with(&format!("incident/{NEW_ID}/"))));
    assert_eq!(sent.iter().collect::<BTreeSet<_>>().len(), 3);
    let first = &got.iter().find(|(p, _)| p == "/hook").unwrap().1;
    assert_eq!(first["kind"], "incident_created");
    assert_eq!(first["title"], "Checkout errors");
    assert_eq!(first["status"], "Investigating");
    assert_eq!(
        first["body"],
        "Some card payments fail (about 5%). We are investigating."
    );
    assert!(first["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/incidents/{NEW_ID}/")));
    let corrected = got
        .iter()
        .find(|(p, v)| p == "/hook" && v["kind"] == "update_corrected")
        .unwrap();
    assert!(corrected.1["body"].as_str().unwrap().contains("about 5%"));
    // Slack's shape: a fallback text and a mrkdwn section linking the incident page.
    let slack = &got.iter().find(|(p, _)| p == "/slack").unwrap().1;
    assert!(slack["text"].as_str().unwrap().contains("Checkout errors"));
    assert_eq!(slack["blocks"][0]["type"], "section");
    assert_eq!(slack["blocks"][0]["text"]["type"], "mrkdwn");
    assert!(slack["blocks"][0]["text"]["text"]
        .as_str()
        .unwrap()
        .contains(&format!("/incidents/{NEW_ID}/|Checkout errors>")));

    // Run twice: nothing again.
    let o = notify(&r, &tonight, &before, &log, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(r.take().is_empty());
    assert!(text(&o.stderr).contains("0 messages sent, 6 sent before"));

    // The receiver fails one of the next two events: it is tried 3 times per channel and
    // reported; the other is delivered.
    r.failing
        .lock()
        .unwrap()
        .push("Payments are recovering.".to_owned());
    let o = notify(&r, &later, &tonight, &log, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("not delivered: incident/") && err.contains("HTTP 500 after 3 attempts"),
        "{err}"
    );
    let got = r.take();
    assert_eq!(
        got.len(),
        2 * (3 + 1),
        "3 attempts of one, 1 of the other, per channel"
    );
    let failed_id = ids(&got)[0].clone();
    assert!(
        !err.contains("/hook") && !err.contains("/slack"),
        "no webhook path printed"
    );

    // Healed: the next run sends only the failed event, once per channel.
    r.failing.lock().unwrap().clear();
    let o = notify(&r, &later, &tonight, &log, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got = r.take();
    assert_eq!(ids(&got), vec![failed_id.clone()]);
    assert_eq!(got.len(), 2);

    // A run that stopped while sending leaves the event marked as being sent: never sent
    // again, and said.
    let mut l: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    for channel in l["targets"].as_object_mut().unwrap().values_mut() {
        channel[&failed_id]["state"] = "sending".into();
    }
    std::fs::write(&log, l.to_string()).unwrap();
    let o = notify(&r, &later, &tonight, &log, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(r.take().is_empty());
    let err = text(&o.stderr);
    assert!(
        err.contains("warning: ") && err.contains(&failed_id) && err.contains("may have arrived")
    );
    // The log names no webhook address.
    assert!(!std::fs::read_to_string(&log).unwrap().contains("127.0.0.1"));
}
