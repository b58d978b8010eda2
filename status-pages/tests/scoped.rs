//! Each component's and group's files (`components/<id>/`, `groups/<id>/`) follow what happens
//! to it: an incident that takes one component down turns its badge and status.json (and its
//! group's) to a major outage, and appears in its feeds and no other component's; resolved, they
//! are operational again.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::model::{AffectedComponent, DetectionSource, Impact};
use incident_core::ops::{self, Actor, Declaration, UpdateDraft};
use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::{Bundle, Severity, Timestamp};
use status_pages::site::{render_site, RenderOptions};
use status_pages::OutFile;

const ID: &str = "5d1f7a9e-2b8c-4c61-a0e3-9f4b7c2d1e08";

fn at(minutes: i64) -> Timestamp {
    let t0 = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    Timestamp::from_unix_millis(t0.unix_millis() + minutes * 60_000).unwrap()
}

fn site(bundle: &Bundle, now: Timestamp) -> Vec<OutFile> {
    let opts = RenderOptions {
        base_url: Some("https://status.example.com/".to_owned()),
    };
    render_site(&project(bundle, now), &opts).unwrap()
}

fn file<'a>(files: &'a [OutFile], path: &str) -> &'a str {
    let f = files.iter().find(|f| f.path == path).unwrap();
    std::str::from_utf8(&f.bytes).unwrap()
}

/// What `components/<id>/` (or `groups/<id>/`) says: the badge's title, status.json's status and
/// its open incidents, and the ids of its Atom feed's entries.
fn says(files: &[OutFile], prefix: &str) -> (String, String, Vec<String>, Vec<String>) {
    let svg = file(files, &format!("{prefix}badge.svg"));
    let title = svg
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap()
        .to_owned();
    let json: serde_json::Value =
        serde_json::from_str(file(files, &format!("{prefix}status.json"))).unwrap();
    let key = if prefix.starts_with("groups/") {
        "group"
    } else {
        "component"
    };
    let status = json[key]["status"].as_str().unwrap().to_owned();
    let open = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    let feed: atom_syndication::Feed = file(files, &format!("{prefix}feed.atom")).parse().unwrap();
    let entries = feed.entries().iter().map(|e| e.id().to_owned()).collect();
    (title, status, open, entries)
}

#[test]
fn a_components_badge_json_and_feeds_follow_its_status() {
    let mut bundle = generate(&SampleOptions {
        incidents: 60,
        seed: 3,
        now: at(0),
    });
    // A component that nothing affects now, and its group.
    let before = project(&bundle, at(0));
    let c = before
        .components
        .iter()
        .find(|c| {
            c.status == incident_core::public::ComponentStatus::Operational && c.group.is_some()
        })
        .unwrap()
        .clone();
    let other = before
        .components
        .iter()
        .find(|x| x.id != c.id && x.group != c.group)
        .unwrap()
        .clone();
    let (mine, group) = (
        format!("components/{}/", c.id),
        format!("groups/{}/", c.group.clone().unwrap()),
    );
    let files = site(&bundle, at(0));
    let (title, status, open, _) = says(&files, &mine);
    assert_eq!(title, format!("{}: operational", c.name));
    assert_eq!(status, "operational");
    assert!(open.is_empty());

    let actor = |m: i64| Actor {
        person: None,
        device: "laptop-a".to_owned(),
        now: at(m),
    };
    let mut i = ops::declare(
        Declaration {
            id: ID.to_owned(),
            title: "Everything is down".to_owned(),
            severity: Severity::Sev1,
            components: vec![AffectedComponent {
                component: c.id.clone(),
                impact: Impact::MajorOutage,
            }],
            detection: DetectionSource::CustomerReport,
            started_at: None,
            drill: false,
        },
        &actor(1),
    )
    .unwrap();
    let pb = bundle.settings.playbook.clone();
    let draft = |message: &str| UpdateDraft {
        impact: String::new(),
        actions: String::new(),
        message: message.to_owned(),
        public: true,
    };
    ops::post_update(&mut i, draft("We are investigating."), &pb, &actor(2)).unwrap();
    bundle.incidents.push(i);
    let files = site(&bundle, at(3));
    let page = format!("https://status.example.com/incidents/{ID}/");
    for prefix in [&mine, &group] {
        let (title, status, open, entries) = says(&files, prefix);
        assert!(title.ends_with(": major outage"), "{prefix}: {title}");
        assert_eq!(status, "major_outage", "{prefix}");
        // The group may have other open incidents, on its other components.
        assert!(open.contains(&ID.to_owned()), "{prefix}");
        assert!(prefix != &mine || open.len() == 1, "{prefix}");
        assert!(
            entries.contains(&page),
            "{prefix}: the incident in its feed"
        );
    }
    let (title, _, open, entries) = says(&files, &format!("components/{}/", other.id));
    assert!(!title.ends_with(": major outage") && open.is_empty());
    assert!(!entries.contains(&page), "not in another component's feed");

    let n = bundle.incidents.len() - 1;
    let i = &mut bundle.incidents[n];
    ops::resolve(i, &pb, Some("fixed"), &actor(4)).unwrap();
    // The public is told: the page follows what it was told.
    ops::post_update(i, draft("This incident has been resolved."), &pb, &actor(4)).unwrap();
    let files = site(&bundle, at(5));
    let (title, status, open, entries) = says(&files, &mine);
    assert_eq!(title, format!("{}: operational", c.name));
    assert_eq!(status, "operational");
    assert!(open.is_empty());
    assert!(entries.contains(&page), "still in its feed's history");
}
