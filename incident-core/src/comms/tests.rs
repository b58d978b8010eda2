use chrono::NaiveDate;

use super::*;
use crate::model::{ActionStatus, Priority, Severity};
use crate::ops::{self, Declaration};
use crate::sample::sample_settings;

fn at(min: i64) -> Timestamp {
    let t = Timestamp::parse("2026-11-26T03:00:00Z").unwrap();
    t.plus_minutes(min)
}

fn actor(min: i64) -> Actor {
    Actor {
        person: Some("p-maya".to_owned()),
        device: "dev-a".to_owned(),
        now: at(min),
    }
}

fn sev1() -> (Incident, Settings) {
    let settings = sample_settings(at(0));
    let inc = ops::declare(
        Declaration {
            id: "inc-1".to_owned(),
            title: "API Down".to_owned(),
            severity: Severity::Sev1,
            components: vec![crate::model::AffectedComponent {
                component: "api-rest".to_owned(),
                impact: crate::model::Impact::MajorOutage,
            }],
            detection: crate::model::DetectionSource::AutomatedAlert,
            started_at: None,
            drill: false,
        },
        &actor(0),
    )
    .unwrap();
    (inc, settings)
}

#[test]
fn the_customer_email_is_due_30_minutes_into_a_sev1_and_stops_prompting_once_sent() {
    let (mut inc, settings) = sev1();
    assert!(!customer_email_prompt(&inc, &settings, at(29)));
    assert!(customer_email_prompt(&inc, &settings, at(30)));
    let (subject, body) = customer_email(&inc, &settings);
    assert_eq!(subject, "[SEV1] Cygni Service Disruption - REST API");
    assert!(body.contains("Start Time: 2026-11-26 03:00 UTC"), "{body}");
    record_customer_email(&mut inc, &actor(31)).unwrap();
    assert!(!customer_email_prompt(&inc, &settings, at(40)));
    // SEV3 never asks for one.
    ops::set_severity(&mut inc, Severity::Sev3, &actor(41)).unwrap();
    inc.timeline.clear();
    assert!(!customer_email_prompt(&inc, &settings, at(90)));
}

#[test]
fn status_page_drafts_follow_the_status_and_the_severity() {
    let (mut inc, settings) = sev1();
    // Investigating: the SEV1 template is for Identified, so it is not used yet.
    let d = status_page_draft(&inc, &settings);
    assert!(
        d.message
            .starts_with("We are investigating a major service disruption affecting REST API."),
        "{}",
        d.message
    );
    assert!(
        !d.message.to_lowercase().contains("identified"),
        "{}",
        d.message
    );
    assert!(d.message.contains("Impact: REST API is unavailable."));
    assert!(d.message.contains("Next update in 15 minutes."));
    ops::set_status(&mut inc, IncidentStatus::Identified, None, &actor(2)).unwrap();
    let d = status_page_draft(&inc, &settings);
    assert!(d
        .message
        .starts_with("We are currently experiencing a service disruption affecting REST API.\nOur engineering team has identified the issue"));
    // No workaround to give: no line promising one, no placeholder.
    assert!(
        !d.message.contains("Workaround") && !d.message.contains('['),
        "{}",
        d.message
    );
    ops::set_status(&mut inc, IncidentStatus::Monitoring, None, &actor(3)).unwrap();
    let d = status_page_draft(&inc, &settings);
    assert!(d.message.starts_with("A fix has been applied to REST API"));
    ops::set_severity(&mut inc, Severity::Sev2, &actor(4)).unwrap();
    ops::set_status(&mut inc, IncidentStatus::Identified, None, &actor(5)).unwrap();
    let d = status_page_draft(&inc, &settings);
    assert!(d
        .message
        .starts_with("We have identified the cause of a service disruption affecting REST API"));
    assert!(d.message.contains("Next update in 30 minutes."));
    ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(40)).unwrap();
    let d = status_page_draft(&inc, &settings);
    assert_eq!(d.status, IncidentStatus::Resolved);
    assert_eq!(
        d.message,
        "This incident has been resolved. REST API has been operating normally since 2026-11-26 \
         03:40 UTC. We are sorry for the disruption; a post-mortem will follow."
    );
    let (_, subject, body) = all_clear(&inc, &settings);
    assert_eq!(subject, "[Resolved] Cygni Service Disruption - REST API");
    assert!(
        body.contains("began at 2026-11-26 03:00 UTC has been resolved since 2026-11-26 03:40 UTC")
    );
}

#[test]
fn no_internal_word_reaches_a_public_draft() {
    const SECRET: &str = "db-7 failover runbook step 4";
    let (mut inc, settings) = sev1();
    let internal = ops::UpdateDraft {
        impact: format!("Impact: {SECRET}"),
        actions: format!("Doing: {SECRET}"),
        message: format!("Internal: {SECRET}"),
        public: false,
    };
    ops::post_update(&mut inc, internal, &settings.playbook, &actor(2)).unwrap();
    ops::add_note(&mut inc, &format!("Note: {SECRET}"), &actor(3)).unwrap();
    ops::decide(&mut inc, &format!("Decision: {SECRET}"), None, &actor(4)).unwrap();
    // The same impact written in a public update's internal fields stays internal too.
    let public = ops::UpdateDraft {
        impact: format!("Also {SECRET}"),
        actions: String::new(),
        message: "We are investigating.".to_owned(),
        public: true,
    };
    ops::post_update(&mut inc, public, &settings.playbook, &actor(5)).unwrap();
    let mut texts = vec![status_page_draft(&inc, &settings).message];
    let (subject, body) = customer_email(&inc, &settings);
    texts.extend([subject, body]);
    ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(40)).unwrap();
    let (update, subject, body) = all_clear(&inc, &settings);
    texts.extend([
        update,
        subject,
        body,
        status_page_draft(&inc, &settings).message,
    ]);
    texts.push(postmortem_draft(&inc, &settings, None));
    for t in &texts {
        assert!(!t.contains(SECRET), "internal words in a public draft: {t}");
    }
    // The internal update still has them: it is for the incident channel.
    assert!(internal_update(&inc, &settings, at(41)).contains(SECRET));
}

#[test]
fn the_postmortem_draft_is_filled_from_the_incident() {
    let (mut inc, settings) = sev1();
    ops::acknowledge(&mut inc, &actor(3)).unwrap();
    ops::add_note(&mut inc, "Jonas suspects the deploy", &actor(5)).unwrap();
    ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(47)).unwrap();
    // Headed by the public title (the playbook's for a SEV1 until one is chosen), never the
    // internal one: a post-mortem is written to be published.
    let md = postmortem_draft(&inc, &settings, None);
    assert!(
        md.starts_with("# Incident Post-Mortem: Major Service Disruption"),
        "{md}"
    );
    inc.public_title = Some("API Down".to_owned());
    let md = postmortem_draft(&inc, &settings, None);
    assert!(md.starts_with("# Incident Post-Mortem: API Down"));
    assert!(md.contains("- Date: 2026-11-26"));
    assert!(md.contains("- Duration: 03:00 - 03:47 (47 min)"), "{md}");
    assert!(md.contains("- Severity: SEV1"));
    assert!(md.contains("- 03:03 - Responder acknowledged"));
    assert!(md.contains("- 03:47 - Status: Resolved"));
    // Notes are not key events (and carry names), so they are left out unless chosen.
    assert!(!md.contains("Jonas suspects"));
    assert!(md.contains("## Root Cause"));
    assert!(!md.contains("HH:MM - Alert fired"));
}

#[test]
fn publishing_needs_a_resolved_incident_a_text_and_never_a_drill() {
    let (mut inc, settings) = sev1();
    assert!(write_postmortem(&mut inc, "# PM", &actor(5)).is_err());
    ops::set_status(&mut inc, IncidentStatus::Resolved, None, &actor(47)).unwrap();
    assert!(publish_postmortem(&mut inc, &actor(48)).is_err());
    let draft = postmortem_draft(&inc, &settings, None);
    write_postmortem(&mut inc, &draft, &actor(60)).unwrap();
    // Not before the public heard of the incident.
    let err = publish_postmortem(&mut inc, &actor(61)).unwrap_err();
    assert!(err.0.contains("post a status page update first"));
    let update = ops::UpdateDraft {
        impact: String::new(),
        actions: String::new(),
        message: "Resolved.".to_owned(),
        public: true,
    };
    ops::post_update(&mut inc, update, &settings.playbook, &actor(61)).unwrap();
    publish_postmortem(&mut inc, &actor(61)).unwrap();
    assert_eq!(
        crate::public::project(
            &crate::bundle::Bundle {
                incidents: vec![inc.clone()],
                ..crate::bundle::Bundle::new(settings.clone(), "d", at(62))
            },
            at(62)
        )
        .incidents[0]
            .status
            .key(),
        "postmortem"
    );
    let pm = inc.postmortem.as_ref().unwrap();
    assert!(pm.published);
    assert_eq!(pm.published_at, Some(at(61)));
    assert!(matches!(
        inc.timeline.last().unwrap().kind,
        EventKind::PostmortemPublished
    ));
    let mut drill = inc.clone();
    drill.drill = true;
    drill.postmortem.as_mut().unwrap().published = false;
    assert!(publish_postmortem(&mut drill, &actor(62)).is_err());
}

#[test]
fn action_items_are_records_stamped_field_by_field() {
    let (mut inc, settings) = sev1();
    let d = ActionItemDraft {
        action: "Add a canary for the API".to_owned(),
        owner: Some("p-jonas".to_owned()),
        due: NaiveDate::from_ymd_opt(2026, 12, 3),
        priority: Priority::P1,
        status: ActionStatus::Open,
        public: false,
    };
    put_action_item(&mut inc, "ai-1", d.clone(), &settings, &actor(60)).unwrap();
    put_action_item(
        &mut inc,
        "ai-1",
        ActionItemDraft {
            status: ActionStatus::Done,
            ..d.clone()
        },
        &settings,
        &actor(70),
    )
    .unwrap();
    let item = inc.action_items[0].clone();
    assert_eq!(item.completed_at, Some(at(70)));
    assert_eq!(item.stamps["status"].at, at(70));
    assert_eq!(item.stamps["action"].at, at(60));
    assert!(put_action_item(
        &mut inc,
        "ai-2",
        ActionItemDraft {
            owner: Some("nobody".to_owned()),
            ..d
        },
        &settings,
        &actor(71)
    )
    .is_err());
    let today = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    assert!(!is_overdue(&item, today));
    let mut late = item.clone();
    late.status = ActionStatus::Open;
    assert!(is_overdue(&late, today));
    let table = action_items_table(&inc, &settings);
    assert!(table.contains("| Add a canary for the API | Jonas Berg | 2026-12-03 | P1 |"));
}
