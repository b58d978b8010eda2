//! A site made again later from the same records changes only where the clock shows: the status
//! page, the current month's uptime, the embeds and the per-component status documents. Every
//! incident, post-mortem, history and maintenance page stays byte for byte the same, so a host
//! that uploads what changed (and `site-gen serve`) moves a few dozen files, not the whole site.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeMap;

use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use status_pages::site::{render_site, RenderOptions};

fn site_at(bundle: &incident_core::Bundle, now: &str) -> BTreeMap<String, Vec<u8>> {
    let now = Timestamp::parse(now).unwrap();
    render_site(&project(bundle, now), &RenderOptions { base_url: None })
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect()
}

/// The files that differ between two renders.
fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    a.iter()
        .filter(|(path, bytes)| b[*path] != **bytes)
        .map(|(path, _)| path.clone())
        .collect()
}

/// What may change with the clock alone: the pages that show the present.
fn shows_the_present(path: &str) -> bool {
    path == "index.html"
        || path.starts_with("uptime/2026-11/")
        || path.starts_with("embed/")
        || ((path.starts_with("components/") || path.starts_with("groups/"))
            && path.ends_with("/status.json"))
}

#[test]
fn a_minute_later_only_the_pages_that_show_the_present_change() {
    let bundle = generate(&SampleOptions {
        incidents: 300,
        seed: 7,
        now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
    });
    let first = site_at(&bundle, "2026-11-01T12:00:00Z");
    let later = site_at(&bundle, "2026-11-01T12:01:00Z");
    let changed = changed(&first, &later);
    assert!(changed.contains(&"index.html".to_owned()), "{changed:?}");
    let others: Vec<&String> = changed.iter().filter(|p| !shows_the_present(p)).collect();
    assert!(
        others.is_empty(),
        "{} of {} files changed with the clock alone, e.g. {:?}",
        others.len(),
        first.len(),
        &others[..others.len().min(5)]
    );
    // The status page still says when it was made; an incident page says times are in UTC.
    let text = |files: &BTreeMap<String, Vec<u8>>, path: &str| {
        String::from_utf8(files[path].clone()).unwrap()
    };
    assert!(text(&later, "index.html").contains("Times are in UTC. Generated"));
    let incident = first
        .keys()
        .find(|p| p.starts_with("incidents/") && p.ends_with("index.html"))
        .unwrap();
    let page = text(&later, incident);
    assert!(page.contains("<p>Times are in UTC.</p>") && !page.contains("Generated"));
}

#[test]
fn the_product_stylesheet_is_the_same_whatever_the_records() {
    let now = "2026-11-01T12:00:00Z";
    let sample = |incidents, seed| {
        generate(&SampleOptions {
            incidents,
            seed,
            now: Timestamp::parse(now).unwrap(),
        })
    };
    let small = site_at(&sample(20, 1), now);
    let large = site_at(&sample(400, 2), now);
    assert_eq!(small["assets/style.css"], large["assets/style.css"]);
    // The widths of the bars' runs follow the records: only the status page asks for them.
    assert_ne!(small["assets/bars.css"], large["assets/bars.css"]);
    let incident_page = |files: &BTreeMap<String, Vec<u8>>| {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p.starts_with("incidents/") && p.ends_with("index.html"))
            .unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let head = |page: String| page[..page.find("</head>").unwrap()].to_owned();
    assert_eq!(head(incident_page(&small)).matches("stylesheet").count(), 1);
    let sheet = |page: String| {
        let at = page.find("assets/style.css?v=").unwrap();
        page[at..at + 27].to_owned()
    };
    assert_eq!(sheet(incident_page(&small)), sheet(incident_page(&large)));
}
