//! `serve`'s rebuilds (`Session::build`): after one changed incident, only that incident is read
//! again and the site on disk is the one a whole `build` writes; a broken input in between
//! changes nothing, and the next good one is read right.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeMap;
use std::path::Path;

use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;
use site_gen::{build, BuildOptions, BuildOutcome, Session};

fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn built(outcome: BuildOutcome) -> site_gen::BuildReport {
    match outcome {
        BuildOutcome::Built(r) => r,
        other => panic!("not built: {other:?}"),
    }
}

#[test]
fn a_rebuild_reads_what_changed_and_writes_the_whole_builds_site() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("workspace.json");
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    let mut bundle = generate(&SampleOptions {
        incidents: 50,
        seed: 5,
        now,
    });
    std::fs::write(&input, bundle.to_json()).unwrap();
    let opts = |out: &str| BuildOptions {
        inputs: vec![input.clone()],
        out: dir.path().join(out),
        base_url: None,
        now,
        allow_sample: true,
    };
    let mut session = Session::default();
    built(session.build(&opts("served")).unwrap());
    assert_eq!(session.parsed_incidents, 50);

    // One incident changed, the file exported again.
    let open = bundle
        .incidents
        .iter()
        .position(|i| i.is_open() && !i.drill && i.updates.iter().any(|u| u.public))
        .unwrap();
    bundle.incidents[open].public_title = Some("Checkout errors for some cards".to_owned());
    bundle.exported_at = now;
    std::fs::write(&input, bundle.to_json()).unwrap();
    let r = built(session.build(&opts("served")).unwrap());
    assert_eq!(session.parsed_incidents, 1);
    assert!(r.written > 0 && r.written < r.files / 2, "{r:?}");
    built(build(&opts("whole")).unwrap());
    let served = tree(&dir.path().join("served"));
    assert!(served["index.html"]
        .windows(14)
        .any(|w| w == b"Checkout error"));
    assert!(
        served == tree(&dir.path().join("whole")),
        "the whole build's site"
    );

    // A broken file: nothing built, the site as it was; then the next good file reads right.
    std::fs::write(&input, &bundle.to_json()[..1000]).unwrap();
    assert!(matches!(
        session.build(&opts("served")).unwrap(),
        BuildOutcome::Invalid(_)
    ));
    assert!(served == tree(&dir.path().join("served")));
    bundle.incidents.remove(open);
    std::fs::write(&input, bundle.to_json()).unwrap();
    built(session.build(&opts("served")).unwrap());
    built(build(&opts("whole")).unwrap());
    assert!(tree(&dir.path().join("served")) == tree(&dir.path().join("whole")));
}

/// Two inputs are merged; once one of them is no longer an input, the site is the other's alone:
/// its records, unchanged since they were read, are not taken for the merged ones they were part
/// of.
#[test]
fn an_input_no_longer_given_leaves_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let now = Timestamp::parse("2026-11-01T12:00:00Z").unwrap();
    // As the workspace exports it: merged with itself, so that its settings are the merged ones.
    let mine = incident_core::merge::normalize(&generate(&SampleOptions {
        incidents: 20,
        seed: 7,
        now,
    }));
    let open = mine
        .incidents
        .iter()
        .position(|i| i.is_open() && !i.drill && i.updates.iter().any(|u| u.public))
        .unwrap();
    let mut theirs = mine.clone();
    let mut update = theirs.incidents[open]
        .updates
        .iter()
        .find(|u| u.public)
        .unwrap()
        .clone();
    update.id = "from-the-other-laptop".to_owned();
    update.at = now.plus_minutes(-1);
    update.message = "Posted from the other laptop.".to_owned();
    theirs.incidents[open].updates.push(update);
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&a, mine.to_json()).unwrap();
    std::fs::write(&b, theirs.to_json()).unwrap();
    let opts = |inputs: Vec<std::path::PathBuf>, out: &str| BuildOptions {
        inputs,
        out: dir.path().join(out),
        base_url: None,
        now,
        allow_sample: true,
    };
    let said = |out: &str| {
        tree(&dir.path().join(out))["index.html"]
            .windows(12)
            .any(|w| w == b"other laptop")
    };
    let mut session = Session::default();
    for inputs in [vec![a.clone()], vec![a.clone(), b.clone()], vec![a.clone()]] {
        let merged = inputs.len() > 1;
        built(session.build(&opts(inputs.clone(), "served")).unwrap());
        built(build(&opts(inputs, "whole")).unwrap());
        assert_eq!(said("served"), merged);
        assert!(
            tree(&dir.path().join("served")) == tree(&dir.path().join("whole")),
            "the whole build's site"
        );
    }
}

/// `read_whole` gives the file's bytes whatever the buffer held before: empty, longer (a larger
/// earlier file: nothing of it stays), shorter with room, too small; a large file (read in two
/// halves at once) and a small one.
#[test]
fn read_whole_reads_the_file_whatever_the_buffer_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    // Not one repeated byte: a half read into the wrong place would show.
    let large: Vec<u8> = (0..3_000_017u32).map(|n| (n % 251) as u8).collect();
    let small = b"{\"small\": true}".to_vec();
    for content in [&large, &small] {
        std::fs::write(&path, content).unwrap();
        let mut shorter_with_room = Vec::with_capacity(3_500_000);
        shorter_with_room.extend_from_slice(&[9u8; 1000]);
        for mut buf in [
            Vec::new(),
            vec![7u8; 4_000_000],
            shorter_with_room,
            vec![5u8; 10],
        ] {
            site_gen::read_whole(&path, &mut buf).unwrap();
            assert_eq!(buf.len(), content.len());
            assert!(buf == *content, "the bytes read are not the file's");
        }
    }
    assert!(site_gen::read_whole(&dir.path().join("missing.json"), &mut Vec::new()).is_err());
}
