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
