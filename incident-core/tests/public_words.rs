//! Schema 3's public words: a public title of its own, the workaround, corrections and
//! retractions of posted public updates, the public follow-up list, and the migration of every
//! earlier file.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::path::PathBuf;

use incident_core::merge::merge;
use incident_core::model::{ActionStatus, IncidentLinks, IncidentStatus, Severity};
use incident_core::ops::{self, Actor, Declaration, UpdateDraft};
use incident_core::public::{project, public_bundle, PublicStatus, RETRACTED};
use incident_core::sample::{generate, SampleOptions};
use incident_core::{comms, parse_bundle, Bundle, Incident, Timestamp};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures").join(path)).unwrap()
}

fn at(minutes: i64) -> Timestamp {
    Timestamp::parse("2026-12-02T09:00:00Z")
        .unwrap()
        .plus_minutes(minutes)
}

fn actor(minutes: i64) -> Actor {
    Actor {
        person: None,
        device: "laptop-ana".to_owned(),
        now: at(minutes),
    }
}

/// A workspace with one SEV1 incident ("db-primary failover on pg-7" inside), declared at 09:00.
fn workspace() -> (Bundle, Incident) {
    let mut b = generate(&SampleOptions {
        incidents: 0,
        seed: 1,
        now: at(0),
    });
    b.sample = false;
    let inc = ops::declare(
        Declaration {
            id: "inc-1".to_owned(),
            title: "db-primary failover on pg-7".to_owned(),
            severity: Severity::Sev1,
            components: vec![incident_core::model::AffectedComponent {
                component: b.settings.components[0].id.clone(),
                impact: incident_core::model::Impact::MajorOutage,
            }],
            detection: incident_core::model::DetectionSource::AutomatedAlert,
            drill: false,
            started_at: None,
        },
        &actor(0),
    )
    .unwrap();
    (b, inc)
}

fn post(inc: &mut Incident, b: &Bundle, minutes: i64, message: &str) -> String {
    ops::post_update(
        inc,
        UpdateDraft {
            message: message.to_owned(),
            impact: String::new(),
            actions: String::new(),
            public: true,
        },
        &b.settings.playbook,
        &actor(minutes),
    )
    .unwrap()
}

#[test]
fn the_public_reads_the_public_title_never_the_internal_one() {
    let (mut b, mut inc) = workspace();
    post(&mut inc, &b, 5, "We are investigating.");
    b.incidents = vec![inc.clone()];
    // Not chosen yet: the playbook's title for a SEV1, not the responders' words.
    let site = project(&b, at(10));
    assert_eq!(site.incidents[0].title, "Major Service Disruption");
    let text = serde_json::to_string(&public_bundle(&b)).unwrap();
    assert!(!text.contains("pg-7"), "the internal title left the team");

    ops::set_public_title(&mut inc, "  Checkout unavailable ", &actor(12)).unwrap();
    assert_eq!(inc.public_title.as_deref(), Some("Checkout unavailable"));
    assert!(inc.stamps.contains_key("public_title"));
    b.incidents = vec![inc.clone()];
    assert_eq!(
        project(&b, at(13)).incidents[0].title,
        "Checkout unavailable"
    );
    let pb = public_bundle(&b);
    assert_eq!(pb.incidents[0].title, "Checkout unavailable");
    // Too long is refused with the limit, and nothing changes.
    let err = ops::set_public_title(&mut inc, &"x".repeat(201), &actor(14)).unwrap_err();
    assert!(err.0.contains("201 characters"), "{err}");
    assert_eq!(inc.public_title.as_deref(), Some("Checkout unavailable"));
}

#[test]
fn the_suggested_title_follows_the_severity_and_the_components() {
    let (b, mut inc) = workspace();
    assert_eq!(
        comms::suggested_public_title(&inc, &b.settings),
        "Major Service Disruption"
    );
    inc.severity = Severity::Sev2;
    let name = &b.settings.components[0].name;
    assert_eq!(
        comms::suggested_public_title(&inc, &b.settings),
        format!("Major outage: {name}")
    );
}

#[test]
fn a_workaround_is_in_the_drafts_and_on_the_page_while_open() {
    let (mut b, mut inc) = workspace();
    ops::set_workaround(&mut inc, "Use the EU endpoint.", &actor(3)).unwrap();
    let draft = comms::status_page_draft(&inc, &b.settings).message;
    assert!(
        draft.contains("Workaround: Use the EU endpoint."),
        "{draft}"
    );
    let (_, email) = comms::customer_email(&inc, &b.settings);
    assert!(
        email.contains("Workaround: Use the EU endpoint."),
        "{email}"
    );
    post(&mut inc, &b, 5, "We are investigating.");
    b.incidents = vec![inc.clone()];
    assert_eq!(
        project(&b, at(6)).incidents[0].workaround.as_deref(),
        Some("Use the EU endpoint.")
    );
    // Without one, the template's line goes rather than promise one.
    ops::set_workaround(&mut inc, "", &actor(7)).unwrap();
    let draft = comms::status_page_draft(&inc, &b.settings).message;
    assert!(!draft.contains("Workaround"), "{draft}");
}

#[test]
fn a_correction_and_a_retraction_as_the_public_sees_them() {
    let (mut b, mut inc) = workspace();
    let first = post(&mut inc, &b, 5, "REST API is down in us-east.");
    ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(20)).unwrap();
    let resolved = post(&mut inc, &b, 21, "Resolved.");
    // An internal update cannot be corrected on the site.
    let internal = ops::post_update(
        &mut inc,
        UpdateDraft {
            message: "ask Ana".to_owned(),
            impact: String::new(),
            actions: String::new(),
            public: false,
        },
        &b.settings.playbook,
        &actor(22),
    )
    .unwrap();
    assert!(ops::correct_update(&mut inc, &internal, "x", &actor(23))
        .unwrap_err()
        .0
        .contains("internal"));

    ops::correct_update(
        &mut inc,
        &first,
        "REST API is down in all regions.",
        &actor(30),
    )
    .unwrap();
    // The original stays in the record and in the timeline's words.
    assert_eq!(inc.updates[0].message, "REST API is down in us-east.");
    let note = incident_core::describe::event(inc.timeline.last().unwrap(), &inc, &b.settings);
    assert!(note.contains("REST API is down in us-east."), "{note}");
    b.incidents = vec![inc.clone()];
    let site = project(&b, at(31));
    let u = site.incidents[0]
        .updates
        .iter()
        .find(|u| u.id == first)
        .unwrap();
    assert_eq!(u.body, "REST API is down in all regions.");
    assert_eq!(u.corrected_at, Some(at(30)));
    assert_eq!(u.updated_at, at(30));
    assert!(!u.retracted);
    assert_eq!(site.incidents[0].updated_at, at(30));

    // A "Resolved" posted by mistake, retracted: the incident is open again on the site.
    ops::retract_update(&mut inc, &resolved, "posted too early", &actor(40)).unwrap();
    assert!(ops::retract_update(&mut inc, &resolved, "", &actor(41)).is_err());
    b.incidents = vec![inc.clone()];
    let site = project(&b, at(41));
    let p = &site.incidents[0];
    let r = p.updates.iter().find(|u| u.id == resolved).unwrap();
    assert!(r.retracted);
    assert_eq!(r.body, RETRACTED);
    assert_eq!(p.status, PublicStatus::Investigating);
    let json = serde_json::to_string(&site).unwrap();
    assert!(!json.contains("Resolved."), "a retracted text stays public");
    assert!(!json.contains("us-east"), "a corrected text stays public");
    // Before the correction was made, the site showed the update as posted.
    let earlier = project(&b, at(25));
    assert_eq!(
        earlier.incidents[0].updates.last().unwrap().body,
        "REST API is down in us-east."
    );
}

#[test]
fn corrections_from_two_devices_are_both_kept() {
    let (mut b, mut inc) = workspace();
    let u = post(&mut inc, &b, 5, "Investigating.");
    let mut ana = inc.clone();
    let mut bo = inc.clone();
    ops::correct_update(&mut ana, &u, "Investigating errors.", &actor(10)).unwrap();
    let mut bo_actor = actor(12);
    bo_actor.device = "laptop-bo".to_owned();
    ops::correct_update(&mut bo, &u, "Investigating 503s.", &bo_actor).unwrap();
    let (mut x, mut y) = (b.clone(), b.clone());
    x.incidents = vec![ana];
    y.incidents = vec![bo];
    let merged = merge(&x, &y);
    assert_eq!(merged.incidents[0].corrections.len(), 2);
    b.incidents = merged.incidents.clone();
    // The later one is what the public reads.
    assert_eq!(
        project(&b, at(13)).incidents[0].updates[0].body,
        "Investigating 503s."
    );
}

#[test]
fn the_public_follow_up_list_has_no_owner() {
    let b = generate(&SampleOptions {
        incidents: 120,
        seed: 3,
        now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
    });
    let site = project(&b, b.exported_at);
    let with = site
        .incidents
        .iter()
        .find_map(|i| i.postmortem.as_ref().filter(|p| !p.follow_ups.is_empty()))
        .expect("a published post-mortem with a public follow-up");
    let json = serde_json::to_string(&site).unwrap();
    for p in &b.settings.people {
        assert!(!json.contains(&p.name), "{} is named on the site", p.name);
    }
    assert!(matches!(
        with.follow_ups[0].status,
        ActionStatus::Open | ActionStatus::InProgress | ActionStatus::Done
    ));
    // Only the chosen ones: the others stay home.
    let chosen: usize = b
        .incidents
        .iter()
        .filter(|i| i.postmortem.as_ref().is_some_and(|p| p.published))
        .flat_map(|i| &i.action_items)
        .filter(|a| a.public)
        .count();
    let shown: usize = site
        .incidents
        .iter()
        .filter_map(|i| i.postmortem.as_ref())
        .map(|p| p.follow_ups.len())
        .sum();
    assert!(shown <= chosen && shown > 0);
    let pb = public_bundle(&b);
    assert!(pb
        .incidents
        .iter()
        .flat_map(|i| &i.action_items)
        .all(|a| a.public && a.owner.is_none() && a.due.is_none()));
}

#[test]
fn links_and_ticks_stay_internal() {
    let (mut b, mut inc) = workspace();
    let channel = ops::suggested_channel(&inc);
    assert_eq!(channel, "#incident-20261202-0900");
    ops::set_links(
        &mut inc,
        IncidentLinks {
            chat_channel: Some(channel.clone()),
            bridge: Some(" https://meet.corp.example/x ".to_owned()),
            ticket: Some(String::new()),
            other: Vec::new(),
        },
        &actor(1),
    )
    .unwrap();
    assert_eq!(
        inc.links.bridge.as_deref(),
        Some("https://meet.corp.example/x")
    );
    assert_eq!(inc.links.ticket, None);
    ops::tell(&mut inc, "Page on-call", true, &actor(2)).unwrap();
    ops::tell(&mut inc, "VP", true, &actor(3)).unwrap();
    ops::tell(&mut inc, "VP", false, &actor(4)).unwrap();
    assert_eq!(inc.notified(), vec!["Page on-call"]);
    post(&mut inc, &b, 5, "Investigating.");
    b.incidents = vec![inc];
    let text = serde_json::to_string(&public_bundle(&b)).unwrap();
    assert!(!text.contains("meet.corp.example"));
    assert!(!text.contains(&channel));
    assert!(
        !text.contains("corp.cygni.dev"),
        "internal domains published"
    );
}

/// Schema 1 and 2 files: an incident that had published keeps the title the public read, one
/// that had not gets none (nothing internal is published by the upgrade); new fields start empty.
#[test]
fn older_files_migrate_to_schema_3() {
    for path in ["v1/sample-4.json", "v2/real-4.json", "v2/sample-4.json"] {
        let text = fixture(path);
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        let b = parse_bundle(&text).unwrap();
        assert_eq!(b.schema_version, incident_core::SCHEMA_VERSION, "{path}");
        for (i, r) in b.incidents.iter().zip(raw["incidents"].as_array().unwrap()) {
            assert!(r.get("public_title").is_none(), "{path}: not an old file");
            let published = i.updates.iter().any(|u| u.public);
            assert_eq!(
                i.public_title.as_deref(),
                published.then_some(i.title.as_str()),
                "{path}: {}",
                i.id
            );
            assert!(i.workaround.is_none() && i.corrections.is_empty() && i.links.is_empty());
            assert!(i.action_items.iter().all(|a| !a.public));
        }
        assert!(b.settings.internal_domains.is_empty());
        // The site built from it is the site it was: the same titles.
        let site = project(&b, b.exported_at);
        for p in &site.incidents {
            let i = b.incidents.iter().find(|i| i.id == p.id).unwrap();
            assert_eq!(p.title, i.title, "{path}");
        }
    }
    // The v3 fixture uses every new field and reads back as written.
    let b = parse_bundle(&fixture("v3/real-4.json")).unwrap();
    let i = &b.incidents[1];
    assert_eq!(
        i.public_title.as_deref(),
        Some("Elevated error rates on the API")
    );
    assert!(i.workaround.is_some() && !i.corrections.is_empty() && !i.links.is_empty());
    assert_eq!(i.notified(), vec!["Page on-call"]);
    assert_eq!(b.settings.internal_domains, vec!["corp.cygni.dev"]);
}
