//! The bundle format end to end: sample → JSON → validate → load, the published schema, and one
//! fixture per kind of error with the location and message a user would see.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::path::PathBuf;

use incident_core::sample::{generate, SampleOptions};
use incident_core::{parse_bundle, Timestamp};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(path: &str) -> String {
    let p = repo().join("tests/fixtures").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn opts(incidents: usize, seed: u64) -> SampleOptions {
    SampleOptions {
        incidents,
        seed,
        now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
    }
}

#[test]
fn sample_round_trips_through_json_unchanged() {
    for (n, seed) in [(0, 1), (1, 2), (4, 3), (150, 4), (600, 5)] {
        let bundle = generate(&opts(n, seed));
        assert_eq!(bundle.incidents.len(), n);
        let pretty = bundle.to_json_pretty();
        let loaded = parse_bundle(&pretty).unwrap_or_else(|p| panic!("n={n}: {p:?}"));
        assert_eq!(loaded, bundle, "pretty, n={n}");
        let compact = parse_bundle(&bundle.to_json()).unwrap();
        assert_eq!(compact, bundle, "compact, n={n}");
        // And writing it again gives the same text.
        assert_eq!(loaded.to_json_pretty(), pretty);
    }
}

#[test]
fn sample_is_deterministic_by_seed() {
    let a = generate(&opts(80, 42)).to_json();
    let b = generate(&opts(80, 42)).to_json();
    let c = generate(&opts(80, 43)).to_json();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn sample_is_realistic() {
    use incident_core::{IncidentStatus, Severity};
    let now = opts(0, 0).now;
    let b = generate(&opts(400, 9));
    assert!(b.settings.components.len() >= 12);
    assert!(b.settings.component_groups.len() >= 5);
    for sev in Severity::ALL {
        assert!(b.incidents.iter().any(|i| i.severity == sev), "{sev}");
    }
    let open: Vec<_> = b.incidents.iter().filter(|i| i.is_open()).collect();
    assert_eq!(open.len(), 3);
    assert!(open.iter().all(|i| i.declared_at <= now && !i.drill));
    assert!(open
        .iter()
        .any(|i| i.status == IncidentStatus::Investigating && i.acknowledged_at.is_none()));
    let drills = b.incidents.iter().filter(|i| i.drill).count();
    assert!((1..=24).contains(&drills), "{drills} drills");
    let oldest = b.incidents.iter().map(|i| i.started_at).min().unwrap();
    assert!(now.minutes_since(oldest) > 600 * 24 * 60, "spans two years");
    let pms: Vec<_> = b
        .incidents
        .iter()
        .filter_map(|i| i.postmortem.as_ref())
        .collect();
    assert!(pms.iter().any(|p| p.published) && pms.iter().any(|p| !p.published));
    assert!(b.incidents.iter().any(|i| !i.action_items.is_empty()));
    let updates = b.incidents.iter().flat_map(|i| &i.updates);
    let (public, internal): (Vec<_>, Vec<_>) = updates.partition(|u| u.public);
    assert!(!public.is_empty() && !internal.is_empty());
    use incident_core::MaintenanceStatus::*;
    let statuses: Vec<_> = b.maintenances.iter().map(|m| m.status()).collect();
    for s in [Scheduled, InProgress, Completed] {
        assert!(statuses.contains(&s), "{s:?}");
    }
    // Newest first, and nothing in the future.
    assert!(b
        .incidents
        .windows(2)
        .all(|w| w[0].started_at >= w[1].started_at));
    assert!(b.incidents.iter().all(|i| i.started_at <= now));
    assert!(b
        .incidents
        .iter()
        .flat_map(|i| &i.timeline)
        .all(|e| e.at <= now || e.kind == incident_core::EventKind::PostmortemPublished));
}

#[test]
fn published_schema_matches_the_types() {
    let path = repo().join("schema/bundle.schema.json");
    let generated = incident_core::schema::bundle_schema_json();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "schema/bundle.schema.json is out of date with the Rust types; regenerate it with \
         `UPDATE_SCHEMA=1 cargo test -p incident-core --test bundle published_schema`"
    );
}

#[test]
fn every_schema_version_fixture_still_loads() {
    for version in 1..=incident_core::SCHEMA_VERSION {
        let dir = repo().join(format!("tests/fixtures/v{version}"));
        let mut found = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let bundle =
                parse_bundle(&text).unwrap_or_else(|p| panic!("{}: {p:?}", path.display()));
            assert!(!bundle.incidents.is_empty());
            found += 1;
        }
        assert!(found > 0, "no fixture for schema version {version}");
    }
}

/// Made-up data says so in its envelope, from schema 2 on; a schema 1 bundle is a sample when its
/// device is a sample's (`site-gen sample` wrote `sample-<seed>`; every workspace the app stored
/// under schema 1 began as its first-run sample, `sample-1`, and kept that device).
#[test]
fn sample_data_is_marked_in_every_version() {
    let read = |path: &str| parse_bundle(&fixture(path)).unwrap();
    for (path, sample) in [
        ("v1/sample-4.json", true),
        ("v1/real-4.json", false),
        ("v2/sample-4.json", true),
        ("v2/real-4.json", false),
    ] {
        let b = read(path);
        assert_eq!(b.sample, sample, "{path}");
        assert_eq!(b.schema_version, incident_core::SCHEMA_VERSION, "{path}");
    }
    // The same records either way: only the envelope differs.
    assert_eq!(
        read("v1/sample-4.json").incidents,
        read("v2/sample-4.json").incidents
    );
    // A real bundle's file has no `sample` field at all; a sample's says `true`.
    let real = read("v2/real-4.json");
    assert!(!real.to_json_pretty().contains("\n  \"sample\":"));
    let made_up = generate(&SampleOptions {
        incidents: 2,
        seed: 3,
        now: Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
    });
    assert!(made_up.sample);
    assert!(made_up.to_json_pretty().contains("\n  \"sample\": true,\n"));
    // Its public part, and anything merged with it, stay marked.
    assert!(incident_core::public::public_bundle(&made_up).sample);
    assert!(incident_core::merge::merge(&real, &made_up).sample);
    assert!(incident_core::merge::merge(&made_up, &real).sample);
    assert!(!incident_core::merge::merge(&real, &real).sample);
    assert!(incident_core::validate::is_v1_sample_device("sample-12"));
    assert!(!incident_core::validate::is_v1_sample_device(
        "sample-laptop"
    ));
    assert!(!incident_core::validate::is_v1_sample_device("sample-"));
}

/// The demo and a real workspace never mix, either way round.
#[test]
fn a_sample_and_a_real_workspace_refuse_to_merge() {
    use incident_core::merge::refuse_mix;
    let real = parse_bundle(&fixture("v2/real-4.json")).unwrap();
    let demo = parse_bundle(&fixture("v2/sample-4.json")).unwrap();
    let into_real = refuse_mix(&real, &demo).expect("a sample into a real workspace");
    assert!(into_real.contains("sample data"), "{into_real}");
    let into_demo = refuse_mix(&demo, &real).expect("a real workspace into the demo");
    assert!(into_demo.contains("this is the demo"), "{into_demo}");
    assert_eq!(refuse_mix(&real, &real), None);
    assert_eq!(refuse_mix(&demo, &demo), None);
}

/// One fixture per kind of error: the problem's JSON path, and words of its message.
#[test]
fn each_kind_of_error_is_reported_where_it_is() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("malformed.json", "$", &["not valid JSON", "line "]),
        ("truncated.json", "$", &["ends unexpectedly", "truncated"]),
        (
            "not-a-bundle.json",
            "$.format",
            &["not a Cygni incident bundle", "some-other-tool"],
        ),
        (
            "newer-version.json",
            "$.schema_version",
            &["schema version 99 is newer", "update"],
        ),
        (
            "unknown-version.json",
            "$.schema_version",
            &["unknown schema version", "\"one\""],
        ),
        (
            "missing-field.json",
            "$.incidents[1]",
            &["missing field `title`"],
        ),
        (
            "mistyped-field.json",
            "$.incidents[2].severity",
            &["invalid type: integer `5`", "expected string"],
        ),
        (
            "duplicate-id.json",
            "$.incidents[3].id",
            &["duplicate incident id", "$.incidents[0]"],
        ),
        (
            "bad-timestamp.json",
            "$.incidents[0].timeline[1].at",
            &["2026-10-31T14:07:00+02:00", "RFC 3339 UTC"],
        ),
        (
            "events-out-of-order.json",
            "$.incidents[3].timeline[2].at",
            &["out of order", "before the previous event"],
        ),
        (
            "unknown-component.json",
            "$.incidents[3].components[0].component",
            &["\"api-legacy\" does not exist"],
        ),
        (
            "rollback-tree-loop.json",
            "$.settings.playbook.rollback_tree.nodes[3].yes",
            &[
                "rollback decision tree",
                "\"Config change?\"",
                "leads back to the question \"Recent deployment?\"",
            ],
        ),
    ];
    for (file, path, words) in cases {
        let problems = parse_bundle(&fixture(&format!("invalid/{file}")))
            .expect_err(&format!("{file} must not load"));
        let found = problems
            .iter()
            .find(|p| p.path == *path)
            .unwrap_or_else(|| panic!("{file}: no problem at {path}; got {problems:#?}"));
        for w in *words {
            assert!(found.message.contains(w), "{file}: {found} lacks {w:?}");
        }
    }
}

#[test]
fn all_problems_are_reported_not_just_the_first() {
    let mut b: serde_json::Value = serde_json::from_str(&fixture("v1/sample-4.json")).unwrap();
    b["incidents"][0]["severity"] = "sev9".into();
    b["incidents"][1]["started_at"] = "yesterday".into();
    b["maintenances"][0]["scheduled_start"] = 12.into();
    let problems = parse_bundle(&b.to_string()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "$.incidents[0].severity",
            "$.incidents[1].started_at",
            "$.maintenances[0].scheduled_start"
        ]
    );

    let mut b: serde_json::Value = serde_json::from_str(&fixture("v1/sample-4.json")).unwrap();
    b["incidents"][1]["id"] = b["incidents"][0]["id"].clone();
    b["incidents"][2]["components"][0]["component"] = "nope".into();
    b["settings"]["components"][0]["group"] = "g-none".into();
    b["incidents"][3]["roles"]["incident_commander"] = "p-ghost".into();
    let problems = parse_bundle(&b.to_string()).unwrap_err();
    assert_eq!(problems.len(), 4, "{problems:#?}");

    // A record that cannot be read does not hide the semantic problems of the others, which
    // are located where they are in the file (not among the records that were read).
    let mut b: serde_json::Value = serde_json::from_str(&fixture("v1/sample-4.json")).unwrap();
    b["incidents"][0]["started_at"] = "2025-02-30T25:00:00+02:00".into();
    b["incidents"][3]["id"] = b["incidents"][2]["id"].clone();
    b["incidents"][2]["components"][0]["component"] = "nope".into();
    let problems = parse_bundle(&b.to_string()).unwrap_err();
    let found: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with("$.incidents[0].started_at: "),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("$.incidents[3].id: ") && p.contains("$.incidents[2]")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("$.incidents[2].components[0].component: ")),
        "{found:#?}"
    );
}

#[test]
fn ids_must_be_safe_in_urls() {
    let mut b: serde_json::Value = serde_json::from_str(&fixture("v1/sample-4.json")).unwrap();
    b["incidents"][0]["id"] = "../../etc/passwd".into();
    let problems = parse_bundle(&b.to_string()).unwrap_err();
    assert_eq!(problems[0].path, "$.incidents[0].id");
    assert!(problems[0].message.contains("letters, digits"));
}

/// The import reads a bundle a batch of incidents at a time (so the page answers between
/// batches); whatever the batch, it gets what `parse_bundle` gives: the bundle, or the same
/// located problems.
#[test]
fn parsing_in_batches_is_parsing_at_once() {
    use incident_core::validate::BundleParser;
    let mut texts = vec![
        generate(&opts(150, 4)).to_json(),
        serde_json::to_string(&generate(&opts(37, 6))).unwrap(),
        fixture("v1/sample-4.json"),
    ];
    for entry in std::fs::read_dir(repo().join("tests/fixtures/invalid")).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(texts.len() >= 12);
    for text in &texts {
        let whole = parse_bundle(text);
        for batch in [1, 7, 1000] {
            let mut parser = BundleParser::new(text);
            while parser.step(batch) {}
            assert_eq!(parser.remaining(), 0);
            assert_eq!(parser.finish(), whole);
        }
        assert_eq!(BundleParser::new(text).finish(), whole);
    }
}

/// Past the cap, the last problem says how many more there are, counted once.
#[test]
fn the_count_of_problems_past_the_cap_is_right() {
    let mut b: serde_json::Value = serde_json::from_str(&fixture("v1/sample-4.json")).unwrap();
    b["incidents"][0]["severity"] = "sev9".into();
    let good = b["incidents"][1].clone();
    let list = b["incidents"].as_array_mut().unwrap();
    // 250 copies of one incident: 249 duplicate ids.
    for _ in 0..249 {
        list.push(good.clone());
    }
    let problems = parse_bundle(&b.to_string()).unwrap_err();
    assert_eq!(problems.len(), incident_core::validate::MAX_PROBLEMS + 1);
    let last = problems.last().unwrap();
    let more: usize = last
        .message
        .trim_start_matches("… and ")
        .trim_end_matches(" more problems")
        .parse()
        .unwrap_or_else(|_| panic!("{last}"));
    // 1 unreadable incident + 249 duplicates = 250 problems, 200 shown.
    assert_eq!(more, 50, "{last}");
}

/// The export is written in pieces (the page answers in between); joined, they are the file.
#[test]
fn pretty_json_in_parts_is_the_pretty_json() {
    for n in [0, 1, 37] {
        let bundle = generate(&opts(n, 7));
        let whole = bundle.to_json_pretty();
        for batch in [1, 5, 1000] {
            let parts: Vec<String> = bundle.to_json_pretty_parts(batch).collect();
            assert_eq!(parts.concat(), whole, "{n} incidents, batch {batch}");
            if n > 0 {
                assert_eq!(parts.len(), n.div_ceil(batch) + 2);
            }
        }
    }
}

/// `v6/public-4.json` is the public export of `v6/real-4.json` (what the workspace's *Export* >
/// *Only what the public may see* and a sync folder's `public/` hold): the deploy recipes'
/// test builds the site from it (`tests/deploy/check_recipes.py`). Regenerate with
/// `UPDATE_FIXTURES=1 cargo test -p incident-core --test bundle`.
#[test]
fn the_public_fixture_is_the_real_workspaces_public_part() {
    let real = parse_bundle(&fixture("v6/real-4.json")).unwrap();
    let public = incident_core::public::public_bundle(&real);
    let text = public.to_json_pretty();
    let path = repo().join("tests/fixtures/v6/public-4.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert!(
        fixture("v6/public-4.json") == text,
        "tests/fixtures/v6/public-4.json is not real-4.json's public part; regenerate it with \
         UPDATE_FIXTURES=1 cargo test -p incident-core --test bundle"
    );
    // A public file parses as itself, and is no sample.
    assert_eq!(parse_bundle(&text).unwrap(), public);
    assert!(!public.sample);
    assert!(!public.incidents.is_empty());
}
