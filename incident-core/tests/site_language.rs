//! Schema 5: the status site's language is the workspace's. Every older file reads as English
//! (all the site spoke before); a file's own language reaches the public part and the site; an
//! unknown language is refused with its place and the known ones; an edit is stamped and merges
//! like any setting.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::path::PathBuf;

use incident_core::model::SiteLanguage;
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
fn older_files_read_as_english_and_a_files_language_reaches_the_site() {
    for version in 1..=4 {
        for kind in ["real", "sample"] {
            let path = format!("v{version}/{kind}-4.json");
            let text = fixture(&path);
            assert!(!text.contains("site_language"), "{path}");
            let b = parse_bundle(&text).unwrap();
            assert_eq!(b.schema_version, 5, "{path} migrated");
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
    let edit = |lang: SiteLanguage, device: &str, minutes: i64| {
        let mut edited = b.settings.clone();
        edited.site_language = lang;
        let actor = Actor {
            person: None,
            device: device.to_owned(),
            now: Timestamp::from_unix_millis(now().unix_millis() + minutes * 60_000).unwrap(),
        };
        incident_core::settings_edit::apply(&b.settings, &edited, &actor).unwrap()
    };
    let (a, c) = (
        edit(SiteLanguage::German, "laptop-a", 9),
        edit(SiteLanguage::English, "laptop-c", 5),
    );
    assert_eq!(a.stamps["site_language"].device, "laptop-a");
    assert!(!c.stamps.contains_key("site_language"), "nothing changed");
    for merged in [
        incident_core::merge::merge_settings_copies(&a, &c),
        incident_core::merge::merge_settings_copies(&c, &a),
    ] {
        assert_eq!(merged.site_language, SiteLanguage::German);
    }
    let back = {
        let mut edited = a.clone();
        edited.site_language = SiteLanguage::English;
        let actor = Actor {
            person: None,
            device: "laptop-c".to_owned(),
            now: Timestamp::from_unix_millis(now().unix_millis() + 20 * 60_000).unwrap(),
        };
        incident_core::settings_edit::apply(&a, &edited, &actor).unwrap()
    };
    for merged in [
        incident_core::merge::merge_settings_copies(&a, &back),
        incident_core::merge::merge_settings_copies(&back, &a),
    ] {
        assert_eq!(merged.site_language, SiteLanguage::English);
    }
}
