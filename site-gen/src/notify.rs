//! `site-gen notify`: tells a team's channels (webhooks: Slack-compatible or generic JSON) about
//! each public event a build published that the previous one had not (`published.json`, see
//! `status_pages::site::published`), **at most once** per channel: a log records each event
//! before it is sent and after it was delivered, so a second run sends nothing again, a run after
//! a failure sends only what failed, and a run that stopped while sending never sends that event
//! twice (it says so instead). Only the manifest's words are sent, and the manifest is built from
//! the public projection like every page: nothing internal can reach a channel.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use incident_core::Timestamp;
use serde::{Deserialize, Serialize};
use status_pages::site::published::{self, Event, Manifest};

/// The shape of what is posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A JSON object with every field of the event (`kind`, `title`, `status`, `body`, `url`, …).
    Generic,
    /// Slack's incoming-webhook message (`text` and `blocks`), also read by Mattermost,
    /// Rocket.Chat and Discord's `/slack` endpoints.
    Slack,
}

/// One channel to tell.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: String,
    pub format: Format,
}

impl Target {
    /// How the channel is named in messages and the log: its scheme and host only (the path of
    /// a webhook address is its secret), and a checksum of the whole address.
    pub fn name(&self) -> String {
        let rest = self.url.split("://").nth(1).unwrap_or(&self.url);
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let scheme = self.url.split("://").next().unwrap_or("http");
        format!("{scheme}://{host}/… ({})", self.key())
    }

    /// The channel's key in the log: a checksum of its address, never the address.
    pub fn key(&self) -> String {
        format!("{:016x}", status_pages::checksum(self.url.as_bytes()))
    }
}

/// What `notify` needs.
#[derive(Debug, Clone)]
pub struct NotifyOptions {
    /// The new build's `published.json`.
    pub manifest: PathBuf,
    /// The `published.json` of the build before it (what readers had seen).
    pub previous: PathBuf,
    /// The delivery log, kept between runs.
    pub log: PathBuf,
    pub targets: Vec<Target>,
    /// Attempts after the first, for an answer that may change (no answer, 408, 429, 5xx).
    pub retries: u32,
    /// The wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// At most this many new events are sent; more is refused (a wrong `--previous` would
    /// otherwise post a site's whole history into a channel).
    pub max: usize,
}

/// A message that could not be delivered.
#[derive(Debug, Clone)]
pub struct Failure {
    pub event: String,
    pub target: String,
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// New events in the manifest (not in the previous one).
    pub new: usize,
    /// Messages delivered now.
    pub sent: usize,
    /// Messages a run before had delivered.
    pub already: usize,
    pub failed: Vec<Failure>,
    /// Messages a run stopped while sending: maybe delivered, not sent again.
    pub unsure: Vec<Failure>,
}

const LOG_FORMAT: &str = "cygni-notify-log";

/// The delivery log: for each channel (by key), each event sent or being sent.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Log {
    format: String,
    version: u32,
    targets: BTreeMap<String, BTreeMap<String, Entry>>,
}

impl Log {
    /// Records `state` of event `id` on channel `key`, now (`None`: not sent, forgotten).
    fn set(&mut self, key: &str, id: &str, state: Option<State>) -> Result<()> {
        match state {
            Some(state) => {
                let at = crate::serve::now_utc()?;
                self.targets
                    .entry(key.to_owned())
                    .or_default()
                    .insert(id.to_owned(), Entry { state, at });
            }
            None => {
                if let Some(t) = self.targets.get_mut(key) {
                    t.remove(id);
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    state: State,
    at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum State {
    /// Written before the message goes out: found by a later run, the run stopped mid-send.
    Sending,
    Delivered,
}

fn read_manifest(path: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the manifest {}", path.display()))?;
    let m: Manifest = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a site's {} (a build of site-gen writes it)",
            path.display(),
            published::PATH
        )
    })?;
    if m.format != published::FORMAT {
        bail!(
            "{}: format is {:?}, not {:?}",
            path.display(),
            m.format,
            published::FORMAT
        );
    }
    if m.version > published::VERSION {
        bail!(
            "{}: version {} is newer than this site-gen reads ({}): update site-gen",
            path.display(),
            m.version,
            published::VERSION
        );
    }
    Ok(m)
}

fn read_log(path: &Path) -> Result<Log> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Log {
                format: LOG_FORMAT.to_owned(),
                version: 1,
                targets: BTreeMap::new(),
            })
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read the log {}", path.display())),
    };
    let log: Log = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a notify log; it was left as it is",
            path.display()
        )
    })?;
    if log.format != LOG_FORMAT {
        bail!(
            "{}: not a notify log (format {:?})",
            path.display(),
            log.format
        );
    }
    Ok(log)
}

fn write_log(path: &Path, log: &Log) -> Result<()> {
    let text = serde_json::to_string_pretty(log)? + "\n";
    crate::write_atomically(path, text.as_bytes())
        .with_context(|| format!("cannot write the log {}", path.display()))
}

/// Sends each event of `opts.manifest` not in `opts.previous` to every target, once.
pub fn notify(opts: &NotifyOptions) -> Result<Report> {
    let manifest = read_manifest(&opts.manifest)?;
    let previous = read_manifest(&opts.previous)?;
    let seen: BTreeSet<&str> = previous.events.iter().map(|e| e.id.as_str()).collect();
    let new: Vec<&Event> = manifest
        .events
        .iter()
        .filter(|e| !seen.contains(e.id.as_str()))
        .collect();
    if new.len() > opts.max {
        bail!(
            "{} new events since {} (at most {} are sent at once): is that the manifest of the \
             build before? Pass --max {} to send them all",
            new.len(),
            opts.previous.display(),
            opts.max,
            new.len()
        );
    }
    let mut log = read_log(&opts.log)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("cygni-site-gen/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut report = Report {
        new: new.len(),
        ..Report::default()
    };
    for target in &opts.targets {
        let key = target.key();
        for event in &new {
            let failure = |reason: String| Failure {
                event: event.id.clone(),
                target: target.name(),
                reason,
            };
            match log.targets.get(&key).and_then(|t| t.get(&event.id)) {
                Some(e) if e.state == State::Delivered => {
                    report.already += 1;
                    continue;
                }
                Some(e) => {
                    report.unsure.push(failure(format!(
                        "a run at {} stopped while sending it; it may have arrived, and is not \
                         sent again",
                        e.at
                    )));
                    continue;
                }
                None => {}
            }
            log.set(&key, &event.id, Some(State::Sending))?;
            write_log(&opts.log, &log)?;
            let body = payload(&manifest, event, target.format);
            match deliver(&agent, &target.url, &event.id, &body, opts) {
                Ok(()) => {
                    report.sent += 1;
                    log.set(&key, &event.id, Some(State::Delivered))?;
                }
                Err(reason) => {
                    report.failed.push(failure(reason));
                    log.set(&key, &event.id, None)?;
                }
            }
            write_log(&opts.log, &log)?;
        }
    }
    Ok(report)
}

/// Posts `body`, retrying an answer that may change; the reason it was not delivered otherwise.
fn deliver(
    agent: &ureq::Agent,
    url: &str,
    id: &str,
    body: &str,
    opts: &NotifyOptions,
) -> Result<(), String> {
    let mut wait = opts.backoff;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let answer = agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", id)
            .send(body);
        let (reason, again, asked) = match answer {
            Ok(r) if r.status().is_success() => return Ok(()),
            Ok(r) => {
                let code = r.status().as_u16();
                let asked = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let again = code == 408 || code == 429 || code >= 500;
                (format!("HTTP {code}"), again, asked)
            }
            Err(e) => (e.to_string(), true, None),
        };
        if !again || attempt > opts.retries {
            let tries = if attempt == 1 {
                String::new()
            } else {
                format!(" after {attempt} attempts")
            };
            return Err(format!("{reason}{tries}"));
        }
        // A server that asks for a wait gets it, up to a minute.
        std::thread::sleep(asked.map_or(wait, |a| a.min(Duration::from_secs(60)).max(wait)));
        wait = wait.saturating_mul(2);
    }
}

/// The message about `event` in `format`.
pub fn payload(manifest: &Manifest, event: &Event, format: Format) -> String {
    let value = match format {
        Format::Generic => serde_json::json!({
            "id": event.id,
            "kind": event.kind,
            "kind_label": event.kind.label(manifest.words()),
            "at": event.at,
            "title": event.title,
            "status": event.status,
            "body": event.body,
            "url": event.url,
            "components": event.components,
            "site": { "name": manifest.name, "url": manifest.site },
        }),
        Format::Slack => {
            let text = format!(
                "{}: {} ({}) {}",
                event.kind.label(manifest.words()),
                event.title,
                event.status,
                event.url
            );
            let mut lines = format!(
                "*{}*: <{}|{}>\n*{}*",
                slack(event.kind.label(manifest.words())),
                slack(&event.url),
                slack(&event.title),
                slack(&event.status)
            );
            if !event.components.is_empty() {
                lines.push_str(&format!(" · {}", slack(&event.components.join(", "))));
            }
            if !event.body.is_empty() {
                lines.push_str(&format!("\n{}", slack(&event.body)));
            }
            serde_json::json!({
                "text": slack(&text),
                "blocks": [
                    { "type": "section", "text": { "type": "mrkdwn", "text": lines } },
                    { "type": "context", "elements": [
                        { "type": "mrkdwn", "text": format!(
                            "{} · {}",
                            slack(&(manifest.words().feed_title)(&manifest.name)),
                            slack(&manifest.words().time(event.at))
                        ) }
                    ] }
                ]
            })
        }
    };
    value.to_string()
}

/// Text for Slack's mrkdwn: `&`, `<` and `>` escaped as Slack asks (its only control characters).
fn slack(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
