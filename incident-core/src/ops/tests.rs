#![allow(clippy::unwrap_used)]
use super::*;

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn actor(now: &str) -> Actor {
    Actor {
        person: None,
        device: "dev-a".into(),
        now: at(now),
    }
}

fn declared() -> Incident {
    declare(
        Declaration {
            id: "inc-1".into(),
            title: "API Down".into(),
            severity: Severity::Sev1,
            components: vec![],
            detection: DetectionSource::AutomatedAlert,
            started_at: None,
            drill: false,
        },
        &actor("2026-11-01T03:00:00Z"),
    )
    .unwrap()
}

#[test]
fn a_sev1_is_declared_investigating_with_its_clocks() {
    let pb = Playbook::default();
    let i = declared();
    assert_eq!(i.status, IncidentStatus::Investigating);
    assert!(matches!(
        i.timeline[0].kind,
        EventKind::Declared {
            severity: Severity::Sev1
        }
    ));
    // SEV1: respond within 5 minutes, update every 15.
    assert_eq!(
        response_sla(
            &i,
            &pb,
            &crate::model::BusinessHours::default(),
            at("2026-11-01T03:04:00Z")
        ),
        Sla::Running {
            due: at("2026-11-01T03:05:00Z"),
            overdue: false
        }
    );
    assert_eq!(next_update_due(&i, &pb), Some(at("2026-11-01T03:15:00Z")));
}

#[test]
fn affected_components_change_with_an_event_and_a_stamp() {
    use crate::model::Impact;
    let affected = |c: &str, impact| AffectedComponent {
        component: c.into(),
        impact,
    };
    let mut i = declared();
    let first = vec![affected("api-rest", Impact::MajorOutage)];
    set_components(&mut i, first.clone(), &actor("2026-11-01T03:05:00Z")).unwrap();
    assert_eq!(i.components, first);
    assert_eq!(
        i.stamps.get("components").map(|s| s.at),
        Some(at("2026-11-01T03:05:00Z"))
    );
    assert!(matches!(
        &i.timeline.last().unwrap().kind,
        EventKind::ComponentsChanged { components } if *components == first
    ));
    // Recovering: degraded, and a second component touched.
    let later = vec![
        affected("db", Impact::PartialOutage),
        affected("api-rest", Impact::DegradedPerformance),
    ];
    set_components(&mut i, later.clone(), &actor("2026-11-01T03:20:00Z")).unwrap();
    assert_eq!(i.components, later);
    // The same in another order is no change; a component twice is refused; nothing moves.
    let events = i.timeline.len();
    let reordered = vec![later[1].clone(), later[0].clone()];
    assert!(set_components(&mut i, reordered, &actor("2026-11-01T03:21:00Z")).is_err());
    let twice = vec![
        affected("db", Impact::PartialOutage),
        affected("db", Impact::MajorOutage),
    ];
    assert!(set_components(&mut i, twice, &actor("2026-11-01T03:21:00Z")).is_err());
    assert_eq!((i.timeline.len(), &i.components), (events, &later));
    // All clear is a change too.
    set_components(&mut i, vec![], &actor("2026-11-01T03:30:00Z")).unwrap();
    assert!(i.components.is_empty());
}

#[test]
fn acknowledging_late_records_a_missed_sla() {
    let pb = Playbook::default();
    let mut i = declared();
    acknowledge(&mut i, &actor("2026-11-01T03:07:00Z")).unwrap();
    assert_eq!(
        response_sla(
            &i,
            &pb,
            &crate::model::BusinessHours::default(),
            at("2026-11-01T04:00:00Z")
        ),
        Sla::Missed { after_minutes: 7 }
    );
    assert!(acknowledge(&mut i, &actor("2026-11-01T03:08:00Z")).is_err());
    // Downgrading later does not rewrite the record.
    set_severity(&mut i, Severity::Sev3, &actor("2026-11-01T03:09:00Z")).unwrap();
    assert_eq!(
        response_sla(
            &i,
            &pb,
            &crate::model::BusinessHours::default(),
            at("2026-11-01T04:00:00Z")
        ),
        Sla::Missed { after_minutes: 7 }
    );
}

#[test]
fn lifecycle_resolve_and_reopen_with_a_reason() {
    let mut i = declared();
    set_status(
        &mut i,
        IncidentStatus::Identified,
        None,
        &actor("2026-11-01T03:10:00Z"),
    )
    .unwrap();
    set_status(
        &mut i,
        IncidentStatus::Resolved,
        None,
        &actor("2026-11-01T03:40:00Z"),
    )
    .unwrap();
    assert_eq!(i.resolved_at, Some(at("2026-11-01T03:40:00Z")));
    assert!(set_status(
        &mut i,
        IncidentStatus::Investigating,
        None,
        &actor("2026-11-01T03:50:00Z")
    )
    .is_err());
    set_status(
        &mut i,
        IncidentStatus::Investigating,
        Some("errors are back"),
        &actor("2026-11-01T03:50:00Z"),
    )
    .unwrap();
    assert_eq!(i.resolved_at, None);
    assert!(i
        .timeline
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Reopened { reason } if reason == "errors are back")));
    // Times cannot go backwards.
    assert!(set_status(
        &mut i,
        IncidentStatus::Monitoring,
        None,
        &actor("2026-11-01T03:45:00Z")
    )
    .is_err());
    let b = crate::bundle::Bundle {
        incidents: vec![i],
        ..crate::sample::generate(&crate::sample::SampleOptions {
            incidents: 0,
            seed: 1,
            now: at("2026-11-01T04:00:00Z"),
        })
    };
    assert_eq!(crate::validate::check(&b), vec![]);
}

#[test]
fn updates_follow_the_template_and_set_the_next_due_time() {
    let pb = Playbook::default();
    let mut i = declared();
    set_severity(&mut i, Severity::Sev2, &actor("2026-11-01T03:02:00Z")).unwrap();
    post_update(
        &mut i,
        UpdateDraft {
            impact: "All API calls fail".into(),
            actions: "Rolling back".into(),
            message: "We are investigating API errors.".into(),
            public: true,
        },
        &pb,
        &actor("2026-11-01T03:05:00Z"),
    )
    .unwrap();
    // SEV2: every 30 minutes.
    assert_eq!(next_update_due(&i, &pb), Some(at("2026-11-01T03:35:00Z")));
    assert_eq!(
        i.updates[0].next_update_at,
        Some(at("2026-11-01T03:35:00Z"))
    );
    assert!(post_update(
        &mut i,
        UpdateDraft {
            impact: String::new(),
            actions: String::new(),
            message: " ".into(),
            public: false
        },
        &pb,
        &actor("2026-11-01T03:06:00Z")
    )
    .is_err());
}

#[test]
fn an_upgrade_gets_the_stricter_response_time_from_the_change() {
    let pb = Playbook::default();
    let mut i = declare(
        Declaration {
            id: "inc-2".into(),
            title: "Slow dashboard".into(),
            severity: Severity::Sev3,
            components: vec![],
            detection: DetectionSource::Engineer,
            started_at: None,
            drill: false,
        },
        &actor("2026-11-01T03:00:00Z"),
    )
    .unwrap();
    set_severity(&mut i, Severity::Sev1, &actor("2026-11-01T03:20:00Z")).unwrap();
    assert_eq!(
        response_sla(
            &i,
            &pb,
            &crate::model::BusinessHours::default(),
            at("2026-11-01T03:21:00Z")
        ),
        Sla::Running {
            due: at("2026-11-01T03:25:00Z"),
            overdue: false
        }
    );
}

#[test]
fn escalation_and_decisions_are_events() {
    let pb = Playbook::default();
    let mut i = declared();
    // SEV1 at 16 minutes: on-call, EM (5 min) and VP Eng (15 min) are due.
    let due: Vec<&str> = pb
        .escalation_due(Severity::Sev1, 16)
        .iter()
        .map(|r| r.level.as_str())
        .collect();
    assert_eq!(due, ["on-call", "em", "vp-eng"]);
    engage(&mut i, "em", None, &actor("2026-11-01T03:06:00Z")).unwrap();
    assert_eq!(engaged_at(&i, "em"), Some(at("2026-11-01T03:06:00Z")));
    assert!(engage(&mut i, "em", None, &actor("2026-11-01T03:07:00Z")).is_err());
    decide(
        &mut i,
        "Deploy 4812 went out at 02:55; errors began at 02:58",
        Some("ROLLBACK"),
        &actor("2026-11-01T03:08:00Z"),
    )
    .unwrap();
    assert!(
        matches!(&i.timeline.last().unwrap().kind, EventKind::Decision { outcome: Some(o), .. } if o == "ROLLBACK")
    );
}

#[test]
fn roles_notes_and_checklists_are_events() {
    let pb = Playbook::default();
    let mut i = declared();
    assign_role(
        &mut i,
        Role::IncidentCommander,
        Some("p-ana".into()),
        &actor("2026-11-01T03:01:00Z"),
    )
    .unwrap();
    add_note(&mut i, "DB CPU at 100%", &actor("2026-11-01T03:02:00Z")).unwrap();
    let list = &pb.checklists[0];
    tick(
        &mut i,
        &pb,
        &list.id,
        &list.items[0].id,
        true,
        &actor("2026-11-01T03:03:00Z"),
    )
    .unwrap();
    assert_eq!(i.checklist_state().len(), 1);
    tick(
        &mut i,
        &pb,
        &list.id,
        &list.items[0].id,
        false,
        &actor("2026-11-01T03:04:00Z"),
    )
    .unwrap();
    assert_eq!(i.checklist_state().len(), 0);
    assert_eq!(i.roles.incident_commander.as_deref(), Some("p-ana"));
    assert_eq!(i.timeline.len(), 5);
}

#[test]
fn the_declarer_is_incident_commander_and_a_title_has_a_limit() {
    let d = |title: String| Declaration {
        id: "inc-2".into(),
        title,
        severity: Severity::Sev2,
        components: vec![],
        detection: DetectionSource::Manual,
        started_at: None,
        drill: false,
    };
    let maya = Actor {
        person: Some("p-maya".into()),
        ..actor("2026-11-01T03:00:00Z")
    };
    let i = declare(d("Checkout down".into()), &maya).unwrap();
    assert_eq!(i.roles.incident_commander.as_deref(), Some("p-maya"));
    assert!(i.timeline.iter().any(|e| matches!(
        &e.kind,
        EventKind::RoleAssigned { role: Role::IncidentCommander, person: Some(p) } if p == "p-maya"
    ) && e.by.as_deref() == Some("p-maya")));
    // Nobody known: nobody is made Incident Commander.
    assert_eq!(declared().roles.incident_commander, None);
    let refused = declare(d("x".repeat(5000)), &maya).unwrap_err();
    assert!(
        refused.0.contains("5000 characters long; keep it to 200"),
        "{refused}"
    );
}
