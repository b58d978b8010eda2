//! The incident's clocks and confirmations beyond the minutes: SEV4's next business day by the
//! workspace's business hours, and resolving with the resolution confirmation.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::NaiveTime;
use incident_core::model::{
    AffectedComponent, BusinessHours, DetectionSource, EventKind, Impact, IncidentStatus, Severity,
};
use incident_core::ops::{self, Actor, Declaration, Sla};
use incident_core::playbook::checklist_ids::RESOLUTION;
use incident_core::{Incident, Playbook, Timestamp};

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn actor(at: &str) -> Actor {
    Actor {
        person: None,
        device: "laptop".to_owned(),
        now: t(at),
    }
}

fn declare(sev: Severity, at: &str) -> Incident {
    ops::declare(
        Declaration {
            id: "inc-1".to_owned(),
            title: "Typo on the pricing page".to_owned(),
            severity: sev,
            components: vec![AffectedComponent {
                component: "c-web".to_owned(),
                impact: Impact::DegradedPerformance,
            }],
            detection: DetectionSource::CustomerReport,
            started_at: None,
            drill: false,
        },
        &actor(at),
    )
    .unwrap()
}

#[test]
fn the_next_business_day_closes_by_the_workspace_hours() {
    let h = BusinessHours::default(); // Monday to Friday, 09:00 to 17:00 UTC
                                      // 2026-12-02 is a Wednesday.
    let close = |at: &str| h.next_business_day_close(t(at)).to_rfc3339();
    assert_eq!(close("2026-12-02T10:00:00Z"), "2026-12-03T17:00:00Z");
    assert_eq!(close("2026-12-02T07:30:00Z"), "2026-12-02T17:00:00Z");
    assert_eq!(close("2026-12-04T18:00:00Z"), "2026-12-07T17:00:00Z"); // Friday evening: Monday
    assert_eq!(close("2026-12-05T12:00:00Z"), "2026-12-07T17:00:00Z"); // Saturday: Monday
                                                                       // Berlin in winter (UTC+1), a four-day week that closes at 16:00 local.
    let berlin = BusinessHours {
        days: vec![1, 2, 3, 4],
        opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        utc_offset_minutes: 60,
    };
    // Thursday 23:30 UTC is Friday 00:30 in Berlin: no business on Friday, so Monday 15:00 UTC.
    assert_eq!(
        berlin
            .next_business_day_close(t("2026-12-03T23:30:00Z"))
            .to_rfc3339(),
        "2026-12-07T15:00:00Z"
    );
}

#[test]
fn a_sev4_is_due_the_next_business_day_and_met_or_missed() {
    let pb = Playbook::default();
    let h = BusinessHours::default();
    let i = declare(Severity::Sev4, "2026-12-02T10:00:00Z");
    assert_eq!(
        ops::response_sla(&i, &pb, &h, t("2026-12-03T16:59:00Z")),
        Sla::Running {
            due: t("2026-12-03T17:00:00Z"),
            overdue: false
        }
    );
    assert!(matches!(
        ops::response_sla(&i, &pb, &h, t("2026-12-03T17:01:00Z")),
        Sla::Running { overdue: true, .. }
    ));
    let mut met = i.clone();
    ops::acknowledge(&mut met, &actor("2026-12-03T09:15:00Z")).unwrap();
    assert!(matches!(
        ops::response_sla(&met, &pb, &h, t("2026-12-09T00:00:00Z")),
        Sla::Met { .. }
    ));
    let mut missed = i;
    ops::acknowledge(&mut missed, &actor("2026-12-04T09:15:00Z")).unwrap();
    assert!(matches!(
        ops::response_sla(&missed, &pb, &h, t("2026-12-09T00:00:00Z")),
        Sla::Missed { .. }
    ));
}

#[test]
fn resolving_asks_for_the_confirmation_or_a_reason() {
    let pb = Playbook::default();
    let mut i = declare(Severity::Sev2, "2026-12-02T10:00:00Z");
    let err = ops::resolve(&mut i, &pb, None, &actor("2026-12-02T10:30:00Z")).unwrap_err();
    assert!(
        err.0.contains("Primary issue resolved, Error rates normal"),
        "{err}"
    );
    assert_eq!(i.status, IncidentStatus::Investigating);
    // Ticked but one: that one is named, and a reason resolves anyway, kept in the timeline.
    let items: Vec<String> = pb
        .checklist(RESOLUTION)
        .unwrap()
        .items
        .iter()
        .map(|x| x.id.clone())
        .collect();
    for item in &items[..items.len() - 1] {
        ops::tick(
            &mut i,
            &pb,
            RESOLUTION,
            item,
            true,
            &actor("2026-12-02T10:31:00Z"),
        )
        .unwrap();
    }
    assert_eq!(ops::unconfirmed(&i, &pb), vec!["No customer complaints"]);
    assert!(ops::resolve(&mut i, &pb, Some("  "), &actor("2026-12-02T10:32:00Z")).is_err());
    ops::resolve(
        &mut i,
        &pb,
        Some("support is still answering tickets"),
        &actor("2026-12-02T10:33:00Z"),
    )
    .unwrap();
    assert_eq!(i.status, IncidentStatus::Resolved);
    let decision = i
        .timeline
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Decision { text, outcome } => Some((text.clone(), outcome.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        decision.0,
        "Resolved with the confirmation incomplete (not ticked: No customer complaints). Reason: support is still answering tickets"
    );
    assert_eq!(decision.1.as_deref(), Some(ops::RESOLVED_UNCONFIRMED));
    // All ticked: resolved without a question.
    let mut j = declare(Severity::Sev2, "2026-12-02T10:00:00Z");
    for item in &items {
        ops::tick(
            &mut j,
            &pb,
            RESOLUTION,
            item,
            true,
            &actor("2026-12-02T10:31:00Z"),
        )
        .unwrap();
    }
    ops::resolve(&mut j, &pb, None, &actor("2026-12-02T10:40:00Z")).unwrap();
    assert_eq!(j.status, IncidentStatus::Resolved);
}

#[test]
fn the_internal_update_says_where_to_join() {
    let pb = Playbook::default();
    let mut settings = incident_core::sample::sample_settings(t("2026-12-02T10:00:00Z"));
    settings.playbook = pb;
    let mut i = declare(Severity::Sev2, "2026-12-02T10:00:00Z");
    let before = incident_core::comms::internal_update(&i, &settings, t("2026-12-02T10:05:00Z"));
    assert!(!before.contains("Channel:"), "{before}");
    let channel = ops::suggested_channel(&i);
    ops::set_links(
        &mut i,
        incident_core::model::IncidentLinks {
            chat_channel: Some(channel),
            bridge: None,
            ticket: Some("https://tickets.example/INC-9".to_owned()),
            other: Vec::new(),
        },
        &actor("2026-12-02T10:01:00Z"),
    )
    .unwrap();
    let text = incident_core::comms::internal_update(&i, &settings, t("2026-12-02T10:05:00Z"));
    assert!(
        text.ends_with("Channel: #incident-20261202-1000\nTicket: https://tickets.example/INC-9"),
        "{text}"
    );
}

#[test]
fn the_next_escalation_level_is_the_first_not_engaged() {
    let pb = Playbook::default();
    let mut i = declare(Severity::Sev2, "2026-12-02T10:00:00Z");
    let (name, due) = ops::next_escalation(&i, &pb).unwrap();
    assert_eq!((name.as_str(), due), ("On-call", t("2026-12-02T10:00:00Z")));
    ops::engage(&mut i, "on-call", None, &actor("2026-12-02T10:01:00Z")).unwrap();
    let (name, due) = ops::next_escalation(&i, &pb).unwrap();
    assert_eq!(due, t("2026-12-02T10:15:00Z"));
    assert_ne!(name, "On-call");
}
