//! `site-gen serve`: build, serve the site on 127.0.0.1 for a preview, and rebuild when an input
//! changes (inputs are polled ten times a second: a handful of files, no watcher needed; a
//! change is rebuilt at once, between two requests).

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};

use crate::{input_files, BuildOptions, BuildOutcome, Session};

/// How often the inputs are looked at.
const POLL: Duration = Duration::from_millis(100);

/// What the serving loop is told: an input changed, or a reader asks for a file.
enum Event {
    Changed,
    Request(tiny_http::Request),
}

/// The newest modification time among the inputs (and their number), to notice changes.
/// Their total size and, on Unix, which files they are too: a file still being written when
/// first seen, or swapped for another of the same size, may end within the same tick of a
/// coarse clock (a synced drive's).
fn fingerprint(inputs: &[PathBuf]) -> Option<(usize, SystemTime, u64, u64)> {
    let files = input_files(inputs).ok()?;
    let meta: Vec<fs::Metadata> = files.iter().filter_map(|f| fs::metadata(f).ok()).collect();
    let newest = meta.iter().filter_map(|m| m.modified().ok()).max()?;
    #[cfg(unix)]
    let which = {
        use std::os::unix::fs::MetadataExt;
        meta.iter()
            .fold(0u64, |acc, m| acc.rotate_left(7) ^ m.ino())
    };
    #[cfg(not(unix))]
    let which = 0;
    Some((
        files.len(),
        newest,
        meta.iter().map(fs::Metadata::len).sum(),
        which,
    ))
}

/// Builds, reading only what changed since the last build and writing only the files that
/// changed, and says so.
fn build_and_say(opts: &BuildOptions, session: &mut Session) {
    match session.build(opts) {
        Ok(BuildOutcome::Built(r)) => {
            eprintln!(
                "built {} files ({} written or removed; {} public incidents; {} incidents read) in {:.0} ms (load {:.0}, render {:.0}, write {:.0})",
                r.files,
                r.written,
                r.public_incidents,
                session.parsed_incidents,
                (r.load + r.render + r.write).as_secs_f64() * 1000.0,
                r.load.as_secs_f64() * 1000.0,
                r.render.as_secs_f64() * 1000.0,
                r.write.as_secs_f64() * 1000.0,
            );
            thread::spawn(move || r.retired.into_iter().for_each(|x| x.remove()));
            session.make_room();
        }
        Ok(BuildOutcome::Invalid(failed)) => {
            for f in failed {
                eprintln!("{f}");
            }
            eprintln!("the inputs have problems: still serving the previous build");
        }
        Ok(BuildOutcome::Sample(paths)) => {
            eprintln!("{}", crate::sample_refusal(&paths));
            eprintln!("still serving the previous build");
        }
        Err(e) => eprintln!("build failed: {e:#}; still serving the previous build"),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// The file a URL path names inside `root`, if it is one (no `..`, folders mean `index.html`).
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut full = root.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    full.is_file().then_some(full)
}

/// Builds once, then serves `opts.out` on 127.0.0.1:`port` until interrupted, rebuilding when
/// an input changes. `now` is re-read at each rebuild when `fixed_now` is false.
pub fn serve(mut opts: BuildOptions, port: u16, fixed_now: bool) -> Result<()> {
    // What the last build read and wrote: a rebuild reads and writes only what changed.
    let mut session = Session::default();
    // Seen before the first build, so a change saved during it is rebuilt too.
    let first = fingerprint(&opts.inputs);
    build_and_say(&opts, &mut session);
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    eprintln!(
        "serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        opts.out.display()
    );

    // One queue of what happens, so a change is rebuilt as soon as it is seen.
    let (tx, rx) = mpsc::channel::<Event>();
    let inputs = opts.inputs.clone();
    let changes = tx.clone();
    // Whether a rebuild is queued and not yet begun: saves during a rebuild make one more, not
    // one each.
    let queued = Arc::new(AtomicBool::new(false));
    let pending = Arc::clone(&queued);
    thread::spawn(move || {
        let mut last = first;
        loop {
            thread::sleep(POLL);
            let now = fingerprint(&inputs);
            if now != last {
                last = now;
                if !pending.swap(true, Ordering::SeqCst) && changes.send(Event::Changed).is_err() {
                    return;
                }
            }
        }
    });
    let root = opts.out.clone();
    thread::spawn(move || {
        for request in server.incoming_requests() {
            if tx.send(Event::Request(request)).is_err() {
                return;
            }
        }
    });
    for event in rx {
        let request = match event {
            Event::Changed => {
                queued.store(false, Ordering::SeqCst);
                if !fixed_now {
                    opts.now = now_utc()?;
                }
                eprintln!("an input changed: rebuilding");
                build_and_say(&opts, &mut session);
                continue;
            }
            Event::Request(request) => request,
        };
        let (status, path) = match resolve(&root, request.url()) {
            Some(p) => (200, p),
            None => (404, root.join("404.html")),
        };
        let body = fs::read(&path).unwrap_or_else(|_| b"not found".to_vec());
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        if let Ok(h) =
            tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type(&path).as_bytes())
        {
            response.add_header(h);
        }
        if request.url().starts_with("/api/") {
            if let Ok(h) =
                tiny_http::Header::from_bytes(&b"Access-Control-Allow-Origin"[..], &b"*"[..])
            {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    }
    Ok(())
}

/// The current time, as the build's `now`.
pub fn now_utc() -> Result<incident_core::Timestamp> {
    let ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_millis();
    incident_core::Timestamp::from_unix_millis(i64::try_from(ms).unwrap_or(i64::MAX))
        .context("the system clock is out of range")
}
