//! `Parsed::reparse` (what `site-gen serve` reads a changed file with) gives exactly what a whole
//! parse of the new text gives, whatever changed, and parses again only the incidents whose text
//! changed.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::sample::{generate, SampleOptions};
use incident_core::validate::{parse_bundle, Parsed};
use incident_core::{Bundle, Timestamp};

fn sample() -> Bundle {
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    generate(&SampleOptions {
        incidents: 40,
        seed: 7,
        now,
    })
}

/// Reparses `after` from `before`'s parse; checks it against a whole parse; returns how many
/// incidents were parsed again.
fn reparse(before: &str, after: &str) -> usize {
    let first = Parsed::new(before.to_owned()).unwrap();
    let again = first.reparse(after.to_owned()).unwrap();
    assert_eq!(again.parsed.bundle(), &parse_bundle(after).unwrap());
    assert_eq!(again.old_text, before);
    again.parsed_incidents
}

#[test]
fn the_same_text_parses_nothing_again() {
    let text = sample().to_json();
    assert_eq!(reparse(&text, &text), 0);
}

#[test]
fn one_changed_incident_is_the_only_one_parsed_again() {
    let mut b = sample();
    let before = b.to_json();
    b.exported_at = b.exported_at.plus_minutes(1);
    b.incidents[17].title.push_str(" (and the cache)");
    assert_eq!(reparse(&before, &b.to_json()), 1);
    // Indented text (a pretty export) too.
    let before = b.to_json_pretty();
    b.incidents[3].title.push_str(" again");
    assert_eq!(reparse(&before, &b.to_json_pretty()), 1);
}

#[test]
fn settings_alone_changed_parse_no_incident() {
    let mut b = sample();
    let before = b.to_json();
    b.settings.organization.name = "Cygni Labs".to_owned();
    assert_eq!(reparse(&before, &b.to_json()), 0);
}

#[test]
fn incidents_added_removed_and_moved_read_right() {
    let mut b = sample();
    let before = b.to_json();
    let moved = b.incidents.remove(5);
    b.incidents.remove(20);
    let mut added = b.incidents[0].clone();
    added.id = "added-one".to_owned();
    b.incidents.insert(10, added);
    b.incidents.push(moved);
    let parsed = reparse(&before, &b.to_json());
    // The added one and the moved one; every other incident is taken from the first parse.
    assert_eq!(parsed, 2);
    // Every incident in reverse order: all parsed again, still right.
    b.incidents.reverse();
    reparse(&before, &b.to_json());
    // None left.
    b.incidents.clear();
    assert_eq!(reparse(&before, &b.to_json()), 0);
}

#[test]
fn an_older_version_or_a_broken_file_reads_as_a_whole_parse_does() {
    let text = sample().to_json();
    let v4 = std::fs::read_to_string("../tests/fixtures/v4/real-4.json").unwrap();
    // From a current file to an old one, and back: migrated the same way.
    reparse(&text, &v4);
    reparse(&v4, &text);
    // Broken: the same problems as a whole parse reports, and the next good text reads.
    let first = Parsed::new(text.clone()).unwrap();
    let cut = &text[..text.len() / 2];
    let problems = first.reparse(cut.to_owned()).unwrap_err();
    assert_eq!(problems, parse_bundle(cut).unwrap_err());
    // Keys twice, an unknown key, a key out of the usual order: as a whole parse reads them.
    let twice = text.replacen("\"incidents\":[", "\"incidents\":[],\"incidents\":[", 1);
    let first = Parsed::new(text.clone()).unwrap();
    assert_eq!(
        first
            .reparse(twice.clone())
            .map(|r| r.parsed.bundle().clone()),
        parse_bundle(&twice)
    );
    let unknown = text.replacen('{', "{\"comment\":{\"a\":[1,2]},", 1);
    reparse(&text, &unknown);
}

#[test]
fn a_semantic_problem_in_a_reused_bundle_is_still_found() {
    let mut b = sample();
    let before = b.to_json();
    // An incident's id made the same as another's: only the changed incident is parsed again,
    // and the check of the whole bundle still refuses the pair.
    b.incidents[2].id = b.incidents[1].id.clone();
    let after = b.to_json();
    let first = Parsed::new(before).unwrap();
    let problems = first.reparse(after.clone()).unwrap_err();
    assert_eq!(problems, parse_bundle(&after).unwrap_err());
}

#[test]
fn a_settings_change_checks_the_unchanged_incidents_again() {
    let mut b = sample();
    let before = b.to_json();
    // A component the incidents name, gone from the settings: the incidents' text is the same,
    // and their references are refused as a whole parse refuses them.
    let used = b.incidents[0].components[0].component.clone();
    b.settings.components.retain(|c| c.id != used);
    let after = b.to_json();
    let whole = parse_bundle(&after).unwrap_err();
    assert!(!whole.is_empty());
    let first = Parsed::new(before).unwrap();
    assert_eq!(first.reparse(after).unwrap_err(), whole);
}

#[test]
fn a_file_of_many_megabytes_reads_right_wherever_it_changed() {
    // Long enough that its ends are compared in several slices.
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let mut b = generate(&SampleOptions {
        incidents: 400,
        seed: 3,
        now,
    });
    let mut before = b.to_json();
    assert!(before.len() > 2 << 20, "{} bytes", before.len());
    let last = b.incidents.len() - 1;
    for n in [0, 1, 200, last - 1, last] {
        b.incidents[n].title.push_str(" (and the cache)");
        let after = b.to_json();
        assert_eq!(reparse(&before, &after), 1, "incident {n} changed");
        before = after;
    }
    // Two far apart: both read again, every one between taken from the last parse.
    b.incidents[10].title.push('!');
    b.incidents[390].title.push('!');
    let after = b.to_json();
    assert_eq!(reparse(&before, &after), 2);
    // The same length, one byte different.
    let i = after.find("(and the cache)").unwrap();
    let flipped = format!("{}(and the Cache){}", &after[..i], &after[i + 15..]);
    assert_eq!(reparse(&after, &flipped), 1);
}
