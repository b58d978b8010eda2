use serde_json::{json, Value};

use crate::model::{AffectedComponent, EventKind, Impact, IncidentStatus, Role, Severity, Stamp};
use crate::time::Timestamp;

/// One event of every kind.
fn every_kind() -> Vec<EventKind> {
    vec![
        EventKind::Declared {
            severity: Severity::Sev2,
        },
        EventKind::Acknowledged,
        EventKind::SeverityChanged {
            from: Severity::Sev3,
            to: Severity::Sev1,
        },
        EventKind::StatusChanged {
            from: IncidentStatus::Investigating,
            to: IncidentStatus::Identified,
        },
        EventKind::RoleAssigned {
            role: Role::Scribe,
            person: Some("p-ana".into()),
        },
        EventKind::RoleAssigned {
            role: Role::TechnicalLead,
            person: None,
        },
        EventKind::UpdatePosted {
            update: "u1".into(),
            public: true,
        },
        EventKind::ChecklistItemDone {
            checklist: "sev1".into(),
            item: "bridge".into(),
        },
        EventKind::ChecklistItemUndone {
            checklist: "sev1".into(),
            item: "bridge".into(),
        },
        EventKind::EscalationEngaged {
            level: "l2".into(),
            person: Some("p-bo".into()),
        },
        EventKind::Paged {
            target: "@db".into(),
            message: "need help \"now\"".into(),
        },
        EventKind::Decision {
            text: "roll back".into(),
            outcome: Some("rollback".into()),
        },
        EventKind::Decision {
            text: "wait".into(),
            outcome: None,
        },
        EventKind::Note {
            text: "line one\nline two ✓".into(),
        },
        EventKind::ComponentsChanged {
            components: vec![AffectedComponent {
                component: "api".into(),
                impact: Impact::MajorOutage,
            }],
        },
        EventKind::Reopened {
            reason: "recurred".into(),
        },
        EventKind::PostmortemPublished,
        EventKind::Notified {
            who: "Page on-call".into(),
        },
        EventKind::NotifiedUndone {
            who: "Page on-call".into(),
        },
        EventKind::Conflict {
            field: "severity".into(),
            value: Box::new(json!({"nested": [1, "two", null]})),
            stamp: Box::new(Stamp {
                at: Timestamp::parse("2026-05-01T10:00:00Z").unwrap(),
                device: "d-1".into(),
            }),
        },
    ]
}

/// The kinds' tags as the JSON Schema (derived from the enum itself) lists them.
fn schema_tags() -> Vec<String> {
    let schema = serde_json::to_value(schemars::schema_for!(EventKind)).unwrap();
    let mut tags: Vec<String> = schema["oneOf"]
        .as_array()
        .expect("oneOf")
        .iter()
        .map(|v| {
            let t = &v["properties"]["type"];
            t["const"]
                .as_str()
                .or_else(|| t["enum"][0].as_str())
                .expect("a tag")
                .to_owned()
        })
        .collect();
    crate::sort::ascending(&mut tags);
    tags
}

#[test]
fn every_kind_reads_back_what_was_written_tag_first_or_not() {
    let kinds = every_kind();
    let mut written: Vec<String> = kinds
        .iter()
        .map(|k| {
            serde_json::to_value(k).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    crate::sort::ascending(&mut written);
    written.dedup();
    // Every kind the enum has is among the examples: a new kind fails here until it is read.
    assert_eq!(written, schema_tags());
    for kind in kinds {
        let text = serde_json::to_string(&kind).unwrap();
        assert!(text.starts_with(r#"{"type":"#), "{text}");
        assert_eq!(
            serde_json::from_str::<EventKind>(&text).unwrap(),
            kind,
            "{text}"
        );
        // Through a `Value` (keys sorted, so the tag is rarely first): the slow path.
        let value = serde_json::to_value(&kind).unwrap();
        assert_eq!(
            serde_json::from_value::<EventKind>(value.clone()).unwrap(),
            kind
        );
        // The tag last in a text.
        let Value::Object(mut object) = value else {
            panic!("an object")
        };
        let tag = object.remove("type").unwrap();
        let mut last = serde_json::to_string(&object).unwrap();
        last.pop();
        let sep = if object.is_empty() { "" } else { "," };
        let last = format!("{last}{sep}\"type\":{tag}}}");
        assert_eq!(
            serde_json::from_str::<EventKind>(&last).unwrap(),
            kind,
            "{last}"
        );
    }
}

/// The messages the derived reader gave, kept.
#[test]
fn a_wrong_kind_is_refused_with_the_same_words() {
    let cases = [
        (
            r#"{"type":"declared","severity":"SEV9"}"#,
            "unknown variant `SEV9`, expected one of `sev1`, `sev2`, `sev3`, `sev4`",
        ),
        (
            r#"{"severity":"SEV1","type":"declared"}"#,
            "unknown variant `SEV1`, expected one of `sev1`, `sev2`, `sev3`, `sev4`",
        ),
        (r#"{"type":"nope"}"#, "unknown variant `nope`, expected one of `declared`, `acknowledged`, `severity_changed`, `status_changed`, `role_assigned`, `update_posted`, `checklist_item_done`, `checklist_item_undone`, `escalation_engaged`, `paged`, `decision`, `note`, `components_changed`, `reopened`, `postmortem_published`, `notified`, `notified_undone`, `conflict`"),
        (r#"{"text":"x"}"#, "missing field `type`"),
        (r#"{}"#, "missing field `type`"),
        (r#"{"type":"note"}"#, "missing field `text`"),
        (
            r#"{"type":"note","text":5}"#,
            "invalid type: integer `5`, expected a string",
        ),
        (r#"{"text":5,"type":"note"}"#, "invalid type: integer `5`, expected a string"),
        (r#""note""#, "invalid type: string \"note\", expected internally tagged enum EventKind"),
    ];
    for (text, message) in cases {
        let e = serde_json::from_str::<EventKind>(text)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(message), "{text}: {e}");
        let value: Value = serde_json::from_str(text).unwrap();
        let e = serde_json::from_value::<EventKind>(value)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(message), "{text} as a value: {e}");
    }
    // Unknown fields are ignored, as before.
    assert_eq!(
        serde_json::from_str::<EventKind>(r#"{"type":"acknowledged","extra":1}"#).unwrap(),
        EventKind::Acknowledged
    );
    assert_eq!(
        serde_json::from_str::<EventKind>(r#"{"type":"note","extra":[1],"text":"a"}"#).unwrap(),
        EventKind::Note { text: "a".into() }
    );
}

/// The rare conflict keeps its payload behind boxes, so an event's kind is the size of the
/// common ones (two strings and the tag; it was 104 bytes with the conflict unboxed): every
/// event of every timeline pays for the largest kind.
#[test]
fn an_event_kind_is_as_small_as_the_common_kinds() {
    let word = std::mem::size_of::<usize>();
    assert!(
        std::mem::size_of::<EventKind>() <= 7 * word,
        "{} bytes",
        std::mem::size_of::<EventKind>()
    );
}
