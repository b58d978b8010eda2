use super::*;

/// The parallel reader gives exactly what parsing a whole `Bundle` gives, for a sample and
/// for JSON that does not fit (an incident of the wrong shape).
#[cfg(feature = "parallel")]
#[test]
fn parallel_parse_equals_plain_parse() {
    let opts = crate::sample::SampleOptions {
        incidents: 60,
        ..Default::default()
    };
    let text = serde_json::to_string(&crate::sample::generate(&opts)).unwrap();
    let plain: Bundle = serde_json::from_str(&text).unwrap();
    assert_eq!(parse_typed(&text), Some(plain));
    let broken = text.replacen("\"severity\":\"", "\"severity\":\"X", 1);
    assert!(serde_json::from_str::<Bundle>(&broken).is_err());
    assert_eq!(parse_typed(&broken), None);
}

/// A schema 5 file reads straight into the types (not through the slow located path, which
/// keeps a page busy for a second at 10,000 incidents), and gives exactly what that path gives.
#[test]
fn a_schema_5_file_takes_the_fast_path_and_reads_as_the_located_path_reads_it() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/v5/real-4.json"
    ))
    .unwrap();
    assert!(text.contains("\"schema_version\": 5,"));
    let fast = parse_typed(&text).expect("the fast path");
    assert_eq!(fast.schema_version, crate::SCHEMA_VERSION);
    assert_eq!(
        super::checked(fast.clone()),
        super::parse::parse_located(&text)
    );
    let mut parser = super::BundleParser::new(&text);
    while parser.step(1) {}
    assert_eq!(parser.finish(), Ok(fast));
    // Schema 4 differs in content: the located path, which migrates it.
    let v4 = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/v4/real-4.json"
    ))
    .unwrap();
    assert_eq!(parse_typed(&v4), None);
}

/// `finish_current` gives what `finish` gives for a current file that fits the types (checked,
/// semantic problems too), and `None`, for the located path, when the file is of an older
/// version or something in it does not fit: never a result the located path would not give.
#[test]
fn finish_current_is_finish_or_leaves_the_file_to_the_located_path() {
    let opts = crate::sample::SampleOptions {
        incidents: 30,
        ..Default::default()
    };
    let bundle = crate::sample::generate(&opts);
    let text = serde_json::to_string(&bundle).unwrap();
    let current = |t: &str| super::BundleParser::new(t).finish_current();
    assert_eq!(current(&text), Some(parse_bundle(&text)));
    assert!(matches!(current(&text), Some(Ok(_))));
    // A duplicate id is a semantic problem: said on the fast path, with its place.
    let mut twice = bundle.clone();
    twice.incidents[2].id = twice.incidents[1].id.clone();
    let twice = serde_json::to_string(&twice).unwrap();
    let found = current(&twice).expect("the fast path");
    assert!(found.is_err());
    assert_eq!(found, parse_bundle(&twice));
    // A record of the wrong shape, and a file of an older version: the located path's.
    let at = text.find("\"incidents\":[").unwrap();
    let broken = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("\"severity\":\"", "\"severity\":\"X", 1)
    );
    assert_eq!(current(&broken), None);
    let problems = parse_bundle(&broken).unwrap_err();
    assert!(
        problems[0].path.starts_with("$.incidents[0]"),
        "{problems:?}"
    );
    let v4 = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/v4/real-4.json"
    ))
    .unwrap();
    assert_eq!(current(&v4), None);
    assert!(parse_bundle(&v4).is_ok());
}

#[test]
fn id_alphabet() {
    assert!(is_valid_id("0b7c-4e_A"));
    assert!(!is_valid_id(""));
    assert!(!is_valid_id("../etc"));
    assert!(!is_valid_id("a b"));
    assert!(!is_valid_id(&"x".repeat(65)));
}

#[test]
fn not_an_object() {
    let err = parse_bundle("[1,2]").unwrap_err();
    assert_eq!(err[0].path, "$");
    assert!(err[0].message.contains("expected a JSON object"));
}

/// Ids and checklist ticks of one incident gone wrong in several ways: every problem, where it
/// is, in the order of the lists, each repeat pointing at the id's first use.
#[test]
fn id_and_checklist_problems_in_list_order() {
    let opts = crate::sample::SampleOptions {
        incidents: 3,
        ..Default::default()
    };
    let mut bundle = crate::sample::generate(&opts);
    let inc = &mut bundle.incidents[1];
    assert!(inc.timeline.len() >= 6);
    let first = inc.timeline[1].id.clone();
    inc.timeline[4].id = first.clone();
    inc.timeline[2].id = "bad id".into();
    inc.timeline[5].id = first.clone();
    inc.timeline[3].kind = crate::model::EventKind::ChecklistItemDone {
        checklist: "no-such-list".into(),
        item: "x".into(),
    };
    let list = &bundle.settings.playbook.checklists[0];
    let (list_id, list_title) = (list.id.clone(), list.title.clone());
    bundle.incidents[1].timeline[5].kind = crate::model::EventKind::ChecklistItemUndone {
        checklist: list_id,
        item: "no-such-item".into(),
    };
    let found: Vec<(String, String)> = check(&bundle)
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect();
    let at = "$.incidents[1].timeline";
    let expected = vec![
        (
            format!("{at}[2].id"),
            "event id \"bad id\" must be 1 to 64 letters, digits, '-' or '_'".to_owned(),
        ),
        (
            format!("{at}[4].id"),
            format!("duplicate event id {first:?}: also used at {at}[1]"),
        ),
        (
            format!("{at}[5].id"),
            format!("duplicate event id {first:?}: also used at {at}[1]"),
        ),
        (
            format!("{at}[3].kind.checklist"),
            "checklist \"no-such-list\" is not in the playbook".to_owned(),
        ),
        (
            format!("{at}[5].kind.item"),
            format!("item \"no-such-item\" is not on the checklist {list_title:?}"),
        ),
    ];
    assert_eq!(found, expected);
}
