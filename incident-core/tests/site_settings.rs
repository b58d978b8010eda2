//! The settings the status site follows. Schema 4: the uptime weights are the workspace's. An
//! older file reads with the weights the site always counted by; a file's own weights reach the
//! public site and its words; a weight above 100 % is refused with its place; an edit is stamped
//! and merges like any setting. Schema 5: the site's language, the same way: every older file
//! reads as English (all the site spoke before); an unknown language is refused with its place
//! and the known ones.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::path::PathBuf;

use incident_core::model::{SiteLanguage, UptimeWeights};
use incident_core::ops::Actor;
use incident_core::public::{project, public_bundle};
use incident_core::{parse_bundle, Timestamp};

fn fixture(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(path);
    std::fs::read_to_string(&p).unwrap()
}

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

#[test]
fn older_files_count_as_before_and_a_files_weights_reach_the_site() {
    for old in ["v1/real-4.json", "v2/real-4.json", "v3/real-4.json"] {
        let b = parse_bundle(&fixture(old)).unwrap();
        assert_eq!(
            b.schema_version,
            incident_core::SCHEMA_VERSION,
            "{old} migrated"
        );
        assert_eq!(b.settings.uptime_weights, UptimeWeights::default(), "{old}");
    }
    assert_eq!(
        UptimeWeights::default(),
        UptimeWeights {
            major_outage: 100,
            partial_outage: 30,
            degraded_performance: 0,
            maintenance: 0
        }
    );
    let b = parse_bundle(&fixture("v4/real-4.json")).unwrap();
    assert_eq!(b.settings.uptime_weights.partial_outage, 50);
    let site = project(&b, now());
    let w = site.weights();
    assert!((w.partial - 0.5).abs() < 1e-9, "{w:?}");
    assert!((w.maintenance - 0.1).abs() < 1e-9, "{w:?}");
    // The public part carries them: the site built from it counts the same.
    assert_eq!(project(&public_bundle(&b), now()), site);
}

#[test]
fn a_weight_above_100_is_refused_where_it_is() {
    let text =
        fixture("v4/real-4.json").replace("\"partial_outage\": 50", "\"partial_outage\": 130");
    let problems = parse_bundle(&text).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.settings.uptime_weights.partial_outage"
                && p.message.contains("0 to 100")),
        "{problems:?}"
    );
    let b = parse_bundle(&fixture("v4/real-4.json")).unwrap();
    let mut edited = b.settings.clone();
    edited.uptime_weights.degraded_performance = 101;
    let actor = Actor {
        person: None,
        device: "laptop-b".to_owned(),
        now: now(),
    };
    let refused = incident_core::settings_edit::apply(&b.settings, &edited, &actor).unwrap_err();
    assert!(refused.0.contains("degraded performance"), "{}", refused.0);
}

#[test]
fn an_edit_of_the_weights_is_stamped_and_the_later_wins() {
    let b = parse_bundle(&fixture("v4/real-4.json")).unwrap();
    let edit = |partial: u8, device: &str, minutes: i64| {
        let mut edited = b.settings.clone();
        edited.uptime_weights.partial_outage = partial;
        let actor = Actor {
            person: None,
            device: device.to_owned(),
            now: Timestamp::from_unix_millis(now().unix_millis() + minutes * 60_000).unwrap(),
        };
        incident_core::settings_edit::apply(&b.settings, &edited, &actor).unwrap()
    };
    let (a, c) = (edit(100, "laptop-a", 5), edit(0, "laptop-c", 9));
    assert_eq!(a.stamps["uptime_weights"].device, "laptop-a");
    for merged in [
        incident_core::merge::merge_settings_copies(&a, &c),
        incident_core::merge::merge_settings_copies(&c, &a),
    ] {
        assert_eq!(merged.uptime_weights.partial_outage, 0);
    }
}

#[test]
fn older_files_read_as_english_and_a_files_language_reaches_the_site() {
    for version in 1..=4 {
        for kind in ["real", "sample"] {
            let path = format!("v{version}/{kind}-4.json");
            let text = fixture(&path);
            assert!(!text.contains("site_language"), "{path}");
            let b = parse_bundle(&text).unwrap();
            assert_eq!(
                b.schema_version,
                incident_core::SCHEMA_VERSION,
                "{path} migrated"
            );
            assert_eq!(b.settings.site_language, SiteLanguage::English, "{path}");
        }
    }
    let b = parse_bundle(&fixture("v5/real-4.json")).unwrap();
    assert_eq!(b.settings.site_language, SiteLanguage::German);
    let public = public_bundle(&b);
    assert_eq!(public.settings.site_language, SiteLanguage::German);
    assert!(public.settings.stamps.contains_key("site_language"));
    assert_eq!(project(&public, now()).language, SiteLanguage::German);
    // It is written as its code, and read back.
    assert!(b.to_json_pretty().contains("\"site_language\": \"de\""));
    assert_eq!(parse_bundle(&b.to_json_pretty()).unwrap(), b);
}

#[test]
fn an_unknown_language_is_refused_where_it_is() {
    let text = fixture("v5/real-4.json").replace(
        "\"site_language\": \"de\"",
        "\"site_language\": \"klingon\"",
    );
    let problems = parse_bundle(&text).unwrap_err();
    assert!(
        problems.iter().any(|p| p.path.contains("site_language")
            && p.message.contains("klingon")
            && p.message.contains("`en`")
            && p.message.contains("`de`")),
        "{problems:?}"
    );
}

#[test]
fn a_change_of_language_is_stamped_and_the_later_wins() {
    let b = parse_bundle(&fixture("v4/real-4.json")).unwrap();
    let at = |minutes: i64, device: &str| Actor {
        person: None,
        device: device.to_owned(),
        now: Timestamp::from_unix_millis(now().unix_millis() + minutes * 60_000).unwrap(),
    };
    let set = |from: &incident_core::model::Settings, lang: SiteLanguage, actor: &Actor| {
        let mut edited = from.clone();
        edited.site_language = lang;
        incident_core::settings_edit::apply(from, &edited, actor).unwrap()
    };
    // Laptop A switches to German at +5; laptop C switches to German at +3, then back to
    // English at +9: C's English is the later word, either way round.
    let a = set(&b.settings, SiteLanguage::German, &at(5, "laptop-a"));
    assert_eq!(a.stamps["site_language"].device, "laptop-a");
    let c = set(
        &set(&b.settings, SiteLanguage::German, &at(3, "laptop-c")),
        SiteLanguage::English,
        &at(9, "laptop-c"),
    );
    for merged in [
        incident_core::merge::merge_settings_copies(&a, &c),
        incident_core::merge::merge_settings_copies(&c, &a),
    ] {
        assert_eq!(merged.site_language, SiteLanguage::English);
    }
    // A switches away and back at +11 and +12: German is now the later word.
    let a2 = set(
        &set(&a, SiteLanguage::English, &at(11, "laptop-a")),
        SiteLanguage::German,
        &at(12, "laptop-a"),
    );
    for merged in [
        incident_core::merge::merge_settings_copies(&a2, &c),
        incident_core::merge::merge_settings_copies(&c, &a2),
    ] {
        assert_eq!(merged.site_language, SiteLanguage::German);
    }
}
