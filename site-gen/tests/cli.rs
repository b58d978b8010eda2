//! The `site-gen` command line as a user runs it: exit codes, and messages that name the file and
//! the JSON path.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::path::{Path, PathBuf};

mod common;
use common::{site_gen, text};

fn sample(dir: &Path, n: usize, seed: u64) -> PathBuf {
    let out = dir.join(format!("sample-{n}-{seed}.json"));
    let o = site_gen(&[
        "sample",
        "--incidents",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    out
}

#[test]
fn sample_then_check_passes_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample(dir.path(), 2000, 1);
    let o = site_gen(&["check", a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("ok: "));
    assert!(text(&o.stdout).contains("2000 incidents"));
    // The sample's public text holds nothing for the publish check to warn of.
    assert!(!text(&o.stderr).contains("warning:"), "{}", text(&o.stderr));

    let b_dir = dir.path().join("again");
    std::fs::create_dir(&b_dir).unwrap();
    let b = sample(&b_dir, 2000, 1);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn corrupted_copies_fail_with_located_messages() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample(dir.path(), 50, 3);
    let text_of_good = std::fs::read_to_string(&good).unwrap();

    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, &text_of_good[..text_of_good.len() * 2 / 3]).unwrap();

    let mut v: serde_json::Value = serde_json::from_str(&text_of_good).unwrap();
    v["incidents"][7]["resolved_at"] = "2026-02-30T10:00:00Z".into();
    let bad_time = dir.path().join("bad-time.json");
    std::fs::write(&bad_time, v.to_string()).unwrap();

    let mut v: serde_json::Value = serde_json::from_str(&text_of_good).unwrap();
    v["incidents"][9]["id"] = v["incidents"][2]["id"].clone();
    let dup = dir.path().join("dup.json");
    std::fs::write(&dup, v.to_string()).unwrap();

    for (file, expected) in [
        (&truncated, "$: the file ends unexpectedly"),
        (
            &bad_time,
            "$.incidents[7].resolved_at: \"2026-02-30T10:00:00Z\" is not an RFC 3339 UTC timestamp",
        ),
        (&dup, "$.incidents[9].id: duplicate incident id"),
    ] {
        let o = site_gen(&["check", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", file.display());
        let err = text(&o.stderr);
        assert!(
            err.contains(&format!("{}: {expected}", file.display())),
            "{}: {err}",
            file.display()
        );
    }

    // A folder is every bundle in it: the good one passes, the bad ones are each reported.
    let o = site_gen(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("sample-50-3.json"));
    assert!(
        text(&o.stderr).contains("3 problems in 3 files"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn unreadable_input_is_an_error_not_a_crash() {
    let o = site_gen(&["check", "/nonexistent/bundle.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("cannot read input /nonexistent/bundle.json"));
}

#[test]
fn build_refuses_bad_input_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"cygni-incident-bundle\"").unwrap();
    let out = dir.path().join("site");
    let o = site_gen(&[
        "build",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("bad.json: $: the file ends unexpectedly"));
    assert!(!out.exists());
}

/// Made-up data never reaches a public site by accident: `build` refuses a sample unless asked
/// for a demo site, and `check` says which inputs are samples.
#[test]
fn a_sample_is_built_only_when_asked_for_a_demo_site() {
    let dir = tempfile::tempdir().unwrap();
    let made_up = sample(dir.path(), 5, 3);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let real = repo.join("tests/fixtures/v2/real-4.json");
    let old_sample = repo.join("tests/fixtures/v1/sample-4.json");
    let out = dir.path().join("site");
    let build = |inputs: &[&Path], extra: &[&str]| {
        let mut args = vec!["build"];
        args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
        args.extend([
            "--out",
            out.to_str().unwrap(),
            "--now",
            "2026-11-01T12:00:00Z",
        ]);
        args.extend(extra);
        site_gen(&args)
    };
    for inputs in [
        vec![made_up.as_path()],
        vec![real.as_path(), old_sample.as_path()],
    ] {
        let o = build(&inputs, &[]);
        assert_eq!(o.status.code(), Some(1), "{inputs:?}");
        let err = text(&o.stderr);
        assert!(err.contains("sample data"), "{err}");
        assert!(err.contains("--allow-sample"), "{err}");
        assert!(
            err.contains(inputs.last().unwrap().to_str().unwrap()),
            "{err}"
        );
        assert!(!err.contains(real.to_str().unwrap()), "{err}");
        assert!(!out.exists());
    }
    let o = build(&[made_up.as_path()], &["--allow-sample"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.join("index.html").is_file());
    // A real workspace's export needs no flag.
    let o = build(&[real.as_path()], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = site_gen(&["check", made_up.to_str().unwrap(), real.to_str().unwrap()]);
    assert!(o.status.success());
    let said = text(&o.stdout);
    let line = |p: &Path| {
        said.lines()
            .find(|l| l.contains(p.to_str().unwrap()))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line(&made_up).contains("sample data"), "{said}");
    assert!(!line(&real).contains("sample"), "{said}");
}

#[test]
fn bad_arguments_are_explained() {
    let o = site_gen(&["sample", "--incidents", "ten", "--out", "x.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("invalid value 'ten'"));
    let o = site_gen(&[
        "sample",
        "--now",
        "2026-01-01T00:00:00+01:00",
        "--out",
        "x.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("RFC 3339 UTC"));
}

/// The publish check: `check` warns of what the site would publish that should probably not be,
/// with the file and the JSON path; `--strict` makes it fail (for CI).
#[test]
fn check_warns_of_what_a_published_postmortem_left_in_and_strict_fails() {
    let dir = tempfile::tempdir().unwrap();
    let clean = sample(dir.path(), 40, 3);
    let check = |file: &Path, extra: &[&str]| {
        let mut args = vec!["check", "--now", "2026-11-01T12:00:00Z"];
        args.extend(extra);
        args.push(file.to_str().unwrap());
        site_gen(&args)
    };
    // The sample itself holds nothing to confirm.
    let o = check(&clean, &["--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("warning:"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("publish check: nothing to confirm"));

    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&clean).unwrap()).unwrap();
    let incidents = v["incidents"].as_array_mut().unwrap();
    let n = incidents
        .iter()
        .position(|i| i["drill"] == false && i["postmortem"]["published"] == true)
        .unwrap();
    let markdown = incidents[n]["postmortem"]["markdown"].as_str().unwrap();
    incidents[n]["postmortem"]["markdown"] =
        format!("{markdown}\n## Contributing Factors\n- [Factor 1]\n- Maya Chen was paged late.\n")
            .into();
    let leaky = dir.path().join("leaky.json");
    std::fs::write(&leaky, v.to_string()).unwrap();

    let place = format!(
        "warning: {}: incidents[{n}].postmortem.markdown: ",
        leaky.display()
    );
    for (extra, code) in [(&["--strict"][..], 1), (&[][..], 0)] {
        let o = check(&leaky, extra);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{extra:?}: {err}");
        assert!(text(&o.stdout).contains("ok: "), "{err}");
        assert!(
            err.contains(&format!("{place}template placeholder “[Factor 1]” left in")),
            "{err}"
        );
        assert!(
            err.contains(&format!("{place}a person's name, “Maya Chen”")),
            "{err}"
        );
        assert_eq!(err.matches("warning: ").count(), 2, "{err}");
        assert!(err.contains("publish check: 2 things to confirm"), "{err}");
        assert_eq!(err.contains("--strict"), code == 1, "{err}");
    }
}
