//! The whole site renders without IO, and the same way on every target: the listing of a sample's
//! site (path, size, checksum of every file) is kept in `tests/fixtures/site/listing.txt`; this
//! test (host, pages rendered on every core as site-gen does) and `app/tests/site.rs` (wasm32 in
//! Chromium, one thread) both compare their build with it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::{listing, render_site, RenderOptions};

/// The sample site both tests build: 60 incidents, seed 3, its public address given.
fn sample_site() -> (incident_core::public::PublicSite, RenderOptions) {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let bundle = generate(&SampleOptions {
        incidents: 60,
        seed: 3,
        now,
    });
    let opts = RenderOptions {
        base_url: Some("https://status.example.com/".to_owned()),
    };
    (project(&bundle, now), opts)
}

#[test]
fn the_site_renders_as_its_listing_says() {
    let (site, opts) = sample_site();
    let files = render_site(&site, &opts).unwrap();
    assert!(files.iter().any(|f| f.path == "api/v2/summary.json"));
    assert!(files.iter().any(|f| f.path == "feed.rss"));
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/site/listing.txt");
    let got = listing(&files);
    if std::env::var_os("UPDATE_LISTING").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == got,
        "the site no longer renders as tests/fixtures/site/listing.txt says; if the change is \
         meant, regenerate it with `UPDATE_LISTING=1 cargo test -p status-pages --test site`"
    );
}

#[test]
fn the_site_rendered_in_steps_is_the_same_site() {
    let (site, opts) = sample_site();
    let whole = render_site(&site, &opts).unwrap();
    let mut steps = status_pages::site::Steps::new(&site, &opts, 7);
    // 60 sample incidents, some on the site: the site-wide step, the batches, the maintenance.
    let total = steps.total();
    assert!(total > 3);
    let mut done = 0;
    while steps.step().unwrap() {
        done += 1;
        assert_eq!(steps.done(), done);
    }
    assert_eq!(done, total);
    let stepped = steps.finish().unwrap();
    assert_eq!(listing(&stepped), listing(&whole));
    assert!(stepped == whole);
}

/// `published.json` lists the last 30 days' public events, each once, oldest first, each
/// linking a page of the site, and every one of them is on a page (its words are public).
#[test]
fn the_manifest_lists_recent_events_with_pages_of_the_site() {
    use status_pages::site::published::{Kind, Manifest, WINDOW_DAYS};
    let (site, opts) = sample_site();
    let files = render_site(&site, &opts).unwrap();
    let file = files.iter().find(|f| f.path == "published.json").unwrap();
    let m: Manifest = serde_json::from_slice(&file.bytes).unwrap();
    assert!(!m.events.is_empty());
    let since = site.now.unix_millis() - WINDOW_DAYS * 86_400_000;
    let ids: std::collections::BTreeSet<&str> = m.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), m.events.len(), "each event once");
    assert!(m.events.windows(2).all(|w| w[0].at <= w[1].at));
    for e in &m.events {
        assert!(e.at.unix_millis() >= since && e.at <= site.now, "{}", e.id);
        let path = e.url.strip_prefix("https://status.example.com/").unwrap();
        let page = files
            .iter()
            .find(|f| f.path == format!("{path}index.html"))
            .unwrap_or_else(|| panic!("{} links no page", e.id));
        let html = String::from_utf8_lossy(&page.bytes);
        let first_words: String = e.body.chars().take(30).collect();
        assert!(
            html.contains(&askama_escape(&first_words)) || e.kind == Kind::PostmortemPublished,
            "{}: its words are not on its page",
            e.id
        );
    }
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The window cuts by each event's own time: an incident that began before it and was updated
/// inside it is listed with that update (an update, not a new incident), and a correction made
/// inside it to an update from before it is listed, while the old update itself is not.
#[test]
fn the_manifest_window_cuts_by_each_events_time() {
    use incident_core::public::PublicCorrection;
    use status_pages::site::published::{Kind, Manifest, WINDOW_DAYS};
    let (mut site, opts) = sample_site();
    let i = site
        .incidents
        .iter()
        .position(|i| i.updates.len() >= 3)
        .unwrap();
    let mut times: Vec<_> = site.incidents[i].updates.iter().map(|u| u.at).collect();
    incident_core::sort::ascending(&mut times);
    let (first, second) = (times[0], times[1]);
    assert!(first < second);
    site.now = second.plus_minutes(WINDOW_DAYS * 24 * 60 - 1);
    let old = site.incidents[i]
        .updates
        .iter()
        .position(|u| u.at == first)
        .unwrap();
    site.incidents[i].updates[old]
        .corrections
        .push(PublicCorrection {
            id: "late-fix".to_owned(),
            at: second,
            body: Some("Corrected later.".to_owned()),
        });
    let files = render_site(&site, &opts).unwrap();
    let file = files.iter().find(|f| f.path == "published.json").unwrap();
    let m: Manifest = serde_json::from_slice(&file.bytes).unwrap();
    let id = &site.incidents[i].id;
    let of_it: Vec<_> = m
        .events
        .iter()
        .filter(|e| e.id.starts_with(&format!("incident/{id}/")))
        .collect();
    let old_id = format!("incident/{id}/update/{}", site.incidents[i].updates[old].id);
    assert!(
        of_it.iter().all(|e| e.id != old_id),
        "the old update is out"
    );
    assert!(of_it.iter().all(|e| e.kind != Kind::IncidentCreated));
    assert!(of_it
        .iter()
        .any(|e| e.at == second && e.kind != Kind::UpdateCorrected));
    let fix = of_it
        .iter()
        .find(|e| e.id == format!("incident/{id}/correction/late-fix"))
        .expect("the late correction is listed");
    assert_eq!(fix.kind, Kind::UpdateCorrected);
    assert_eq!(fix.body, "Corrected later.");
}
