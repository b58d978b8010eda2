//! The public projection: what reaches the status site, and what never does.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::public::{project, uptime, ComponentStatus, Indicator, PublicStatus};
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

fn sample() -> incident_core::Bundle {
    generate(&SampleOptions {
        incidents: 300,
        seed: 5,
        now: now(),
    })
}

#[test]
fn nothing_internal_reaches_the_public_view() {
    let bundle = sample();
    let site = project(&bundle, now());
    let json = serde_json::to_string(&site).unwrap();
    for person in &bundle.settings.people {
        assert!(!json.contains(&person.name), "{} leaked", person.name);
        assert!(
            !json.contains(&format!("\"{}\"", person.id)),
            "{} leaked",
            person.id
        );
    }
    for i in &bundle.incidents {
        for u in i.updates.iter().filter(|u| !u.public) {
            assert!(!json.contains(&u.id), "internal update {} leaked", u.id);
        }
        for a in &i.action_items {
            assert!(!json.contains(&a.id), "action item leaked");
        }
        for e in &i.timeline {
            assert!(!json.contains(&e.id), "timeline event leaked");
        }
        if let Some(pm) = i.postmortem.as_ref().filter(|p| !p.published) {
            let public = site.incidents.iter().find(|p| p.id == i.id);
            assert!(public.is_none_or(|p| p.postmortem.is_none()));
            assert!(!json.contains(&pm.markdown[..200.min(pm.markdown.len())]) || i.drill);
        }
    }
    let drills: Vec<_> = bundle.incidents.iter().filter(|i| i.drill).collect();
    assert!(!drills.is_empty());
    for d in drills {
        assert!(
            site.incidents.iter().all(|p| p.id != d.id),
            "drill published"
        );
    }
    // SEV4 tickets with internal updates only are not published either.
    for i in bundle
        .incidents
        .iter()
        .filter(|i| i.updates.iter().all(|u| !u.public))
    {
        assert!(site.incidents.iter().all(|p| p.id != i.id));
    }
    assert!(!site.incidents.is_empty());
}

#[test]
fn a_changed_impact_moves_the_component_status() {
    use incident_core::model::{AffectedComponent, Impact};
    use incident_core::ops::{set_components, Actor};
    let mut bundle = sample();
    let open: Vec<usize> = (0..bundle.incidents.len())
        .filter(|&n| bundle.incidents[n].is_open())
        .collect();
    // Every open incident that takes the REST API down now only degrades it.
    for &n in &open {
        let i = &mut bundle.incidents[n];
        if !i.components.iter().any(|c| c.component == "api-rest") {
            continue;
        }
        let components = i
            .components
            .iter()
            .map(|c| AffectedComponent {
                component: c.component.clone(),
                impact: if c.component == "api-rest" {
                    Impact::DegradedPerformance
                } else {
                    c.impact
                },
            })
            .collect();
        let actor = Actor {
            person: None,
            device: "dev-test".into(),
            now: now(),
        };
        set_components(i, components, &actor).unwrap();
    }
    let site = project(&bundle, now());
    assert_eq!(
        site.component("api-rest").unwrap().status,
        ComponentStatus::DegradedPerformance
    );
}

#[test]
fn open_incidents_set_component_status_and_the_banner() {
    let site = project(&sample(), now());
    // The sample's open SEV1 takes the REST API down.
    let api = site.component("api-rest").unwrap();
    assert_eq!(api.status, ComponentStatus::MajorOutage);
    assert_eq!(site.indicator, Indicator::Critical);
    assert_eq!(site.description(), "Major Service Outage");
    let unresolved: Vec<_> = site.unresolved().collect();
    assert!(!unresolved.is_empty());
    assert!(unresolved
        .iter()
        .all(|i| !matches!(i.status, PublicStatus::Resolved | PublicStatus::Postmortem)));
    // Maintenance under way puts its components under maintenance (unless an incident is worse).
    let active = site.maintenances.iter().find(|m| m.is_active()).unwrap();
    for c in &active.components {
        let status = site.component(&c.id).unwrap().status;
        assert!(status >= ComponentStatus::UnderMaintenance, "{}", c.id);
    }
    // Updates newest first.
    for i in &site.incidents {
        assert!(i.updates.windows(2).all(|w| w[0].at >= w[1].at));
    }
}

#[test]
fn quiet_day_is_all_operational() {
    // Long after everything in the sample, nothing is open.
    let bundle = generate(&SampleOptions {
        incidents: 0,
        seed: 1,
        now: now(),
    });
    // Responders closed the maintenance that was under way at the sample's now (one that was
    // reported in progress stays so, overrunning, until somebody says it is completed).
    let mut bundle = bundle;
    let later = now().plus_minutes(60 * 24 * 30);
    let overrun = project(&bundle, later);
    assert!(overrun.maintenances.iter().any(|m| m.is_active()));
    for m in &mut bundle.maintenances {
        if m.status() != incident_core::model::MaintenanceStatus::Completed
            && m.scheduled_start <= now()
        {
            m.updates.push(incident_core::model::MaintenanceUpdate {
                id: format!("{}-done", m.id),
                at: m.scheduled_end,
                status: incident_core::model::MaintenanceStatus::Completed,
                message: "Done.".into(),
            });
        }
    }
    let site = project(&bundle, later);
    assert_eq!(site.indicator, Indicator::None);
    assert_eq!(site.description(), "All Systems Operational");
    assert!(site
        .components
        .iter()
        .all(|c| c.status == ComponentStatus::Operational));
}

#[test]
fn uptime_counts_outage_windows() {
    let bundle = sample();
    let site = project(&bundle, now());
    let (days, pct) = uptime(&site, "api-rest", 90);
    assert_eq!(days.len(), 90);
    assert_eq!(days.last().unwrap().date, "2026-11-01");
    // Today the open SEV1 is a major outage of the REST API.
    let today = days.last().unwrap();
    assert_eq!(today.worst, Some(ComponentStatus::MajorOutage));
    assert!(today.major_minutes > 0);
    assert!(today
        .incidents
        .iter()
        .any(|t| t == "API unavailable: requests failing with 503"));
    assert!(pct < 100.0 && pct > 90.0, "{pct}");
    // A component nothing touched in 90 days is at 100 %.
    let untouched = site
        .components
        .iter()
        .find(|c| uptime(&site, &c.id, 90).0.iter().all(|d| d.worst.is_none()));
    if let Some(c) = untouched {
        assert_eq!(uptime(&site, &c.id, 90).1, 100.0);
    }
}

/// A major outage lowered to degraded before it is resolved stays a major outage in the public
/// history: its uptime and its incident page count the worst, not the last, impact; and the public
/// bundle carries the changes, so it builds the same site.
#[test]
fn history_keeps_the_worst_impact_of_an_incident_whose_impact_was_lowered() {
    use incident_core::model::{AffectedComponent, Impact, IncidentStatus};
    use incident_core::ops::{
        declare, post_update, set_components, set_status, Actor, Declaration, UpdateDraft,
    };
    use incident_core::public::public_bundle;
    let mut bundle = sample();
    let t0 = Timestamp::parse("2026-11-01T08:00:00Z").unwrap();
    let actor = |minutes: i64| Actor {
        person: None,
        device: "dev-test".into(),
        now: t0.plus_minutes(minutes),
    };
    let affected = |impact| {
        vec![AffectedComponent {
            component: "dash-reports".into(),
            impact,
        }]
    };
    let mut i = declare(
        Declaration {
            id: "inc-lowered".into(),
            title: "Reports fail to load".into(),
            severity: incident_core::Severity::Sev2,
            components: affected(Impact::MajorOutage),
            detection: incident_core::DetectionSource::Engineer,
            started_at: None,
            drill: false,
        },
        &actor(0),
    )
    .unwrap();
    let pb = incident_core::Playbook::default();
    let update = |message: &str| UpdateDraft {
        impact: String::new(),
        actions: String::new(),
        message: message.into(),
        public: true,
    };
    post_update(&mut i, update("Reports do not load."), &pb, &actor(1)).unwrap();
    // Two hours down, then only slow, then fixed.
    set_components(&mut i, affected(Impact::DegradedPerformance), &actor(120)).unwrap();
    set_status(&mut i, IncidentStatus::Resolved, None, &actor(150)).unwrap();
    post_update(&mut i, update("Reports load again."), &pb, &actor(150)).unwrap();
    bundle.incidents.push(i);

    let site = project(&bundle, now());
    let shown = site
        .incidents
        .iter()
        .find(|p| p.id == "inc-lowered")
        .unwrap();
    assert_eq!(shown.components.len(), 1);
    assert_eq!(shown.components[0].impact, ComponentStatus::MajorOutage);
    let (days, _) = uptime(&site, "dash-reports", 90);
    let today = days.last().unwrap();
    assert_eq!(today.worst, Some(ComponentStatus::MajorOutage));
    // Uptime counts the impact as it changed: two hours down, half an hour slow.
    assert_eq!((today.major_minutes, today.degraded_minutes), (120, 30));
    let public = public_bundle(&bundle);
    assert_eq!(incident_core::validate::check(&public), vec![]);
    assert_eq!(project(&public, now()), site);
}

#[test]
fn published_postmortems_leave_out_action_items() {
    use incident_core::public::without_action_items;
    let md = "# PM\n\n## Root Cause\nDisk.\n\n## Action Items\n| Action | Owner |\n|---|---|\n| Fix | Jonas Berg |\n\n### Detail\nowner notes\n\n## Lessons Learned\nMitigate first.\n";
    let public = without_action_items(md);
    assert_eq!(
        public,
        "# PM\n\n## Root Cause\nDisk.\n\n## Lessons Learned\nMitigate first.\n"
    );
    let fenced = "## Notes\n```\n## Action Items\n```\nkept\n";
    assert_eq!(without_action_items(fenced), fenced);
    // Every heading style and wording of the section is found.
    let setext = "Root Cause\n----------\nDisk.\n\nAction Items:\n-------------\n- Fix (Jonas Berg)\n\nLessons\n-------\nKeep.\n";
    let public = without_action_items(setext);
    assert!(!public.contains("Jonas"), "{public}");
    assert!(
        public.contains("Disk.") && public.contains("Keep."),
        "{public}"
    );
    let owners = "## Action item owners\n- Jonas Berg\n";
    assert!(!without_action_items(owners).contains("Jonas"));
}

#[test]
fn the_public_bundle_holds_exactly_what_the_site_shows() {
    use incident_core::public::public_bundle;
    let mut bundle = generate(&SampleOptions {
        incidents: 200,
        seed: 5,
        now: now(),
    });
    // Internal text everywhere it can be.
    for p in &mut bundle.settings.people {
        p.name = format!("zqxleak person {}", p.id);
    }
    for i in &mut bundle.incidents {
        for u in &mut i.updates {
            u.actions = "zqxleak actions".into();
            if !u.public {
                u.message = "zqxleak internal".into();
            }
        }
        if i.drill {
            i.title = "zqxleak drill".into();
        }
    }
    let public = public_bundle(&bundle);
    let text = public.to_json();
    assert!(
        !text.contains("zqxleak"),
        "internal data in the public bundle"
    );
    assert_eq!(incident_core::validate::check(&public), vec![]);
    // Building from it shows the same site.
    assert_eq!(project(&public, now()), project(&bundle, now()));
    assert!(public.incidents.len() < bundle.incidents.len());
}

/// The live preview projects the workspace with one incident's drafts in place, without copying
/// the workspace: that must be the very site the saved drafts will give.
#[test]
fn projecting_with_a_draft_is_projecting_the_saved_draft() {
    use incident_core::ops::{post_update, Actor, UpdateDraft};
    use incident_core::public::project_with;

    let bundle = sample();
    let n = now();
    let json = |s: &incident_core::public::PublicSite| serde_json::to_value(s).unwrap();
    assert_eq!(
        json(&project_with(&bundle, n, None)),
        json(&project(&bundle, n))
    );

    let open = bundle
        .incidents
        .iter()
        .find(|i| i.is_open() && !i.drill && i.updates.iter().any(|u| u.public))
        .expect("the sample has open public incidents");
    let mut draft = open.clone();
    let actor = Actor {
        person: None,
        device: "preview".to_owned(),
        now: n,
    };
    let words = "We have found the cause and are rolling back the release.";
    post_update(
        &mut draft,
        UpdateDraft {
            impact: String::new(),
            actions: String::new(),
            message: words.to_owned(),
            public: true,
        },
        &bundle.settings.playbook,
        &actor,
    )
    .unwrap();

    let previewed = project_with(&bundle, n, Some(&draft));
    let mut saved = bundle.clone();
    let at = saved
        .incidents
        .iter()
        .position(|i| i.id == draft.id)
        .unwrap();
    saved.incidents[at] = draft.clone();
    assert_eq!(json(&previewed), json(&project(&saved, n)));
    let shown = previewed
        .incidents
        .iter()
        .find(|i| i.id == draft.id)
        .unwrap();
    assert_eq!(
        shown.updates[0].body, words,
        "the draft is the latest update"
    );

    // A new incident's first public update: it joins the site.
    let mut new = draft.clone();
    new.id = "preview-new-incident".to_owned();
    let previewed = project_with(&bundle, n, Some(&new));
    assert!(previewed.incidents.iter().any(|i| i.id == new.id));
    assert_eq!(
        previewed.incidents.len(),
        project(&bundle, n).incidents.len() + 1
    );

    // A deleted incident stays deleted, draft or not.
    let mut deleted = bundle.clone();
    deleted.tombstones.push(incident_core::model::Tombstone {
        kind: incident_core::model::RecordKind::Incident,
        id: open.id.clone(),
        deleted_at: n.plus_minutes(1),
        device: "dev-x".to_owned(),
    });
    let previewed = project_with(&deleted, n, Some(open));
    assert!(previewed.incidents.iter().all(|i| i.id != open.id));
}

/// A component removed from the workspace (a tombstone, from this copy or a colleague's) leaves
/// the status page, but the past incidents it was part of still name it, never by its internal
/// id; the public bundle gives the same site.
#[test]
fn a_removed_component_leaves_the_page_but_keeps_its_name_on_past_incidents() {
    use incident_core::model::{RecordKind, Tombstone};
    use incident_core::public::public_bundle;
    let mut bundle = sample();
    let n = now();
    let before = project(&bundle, n);
    // The component named by the most public incidents.
    let (id, name) = before
        .components
        .iter()
        .max_by_key(|c| {
            before
                .incidents
                .iter()
                .filter(|i| i.components.iter().any(|a| a.id == c.id))
                .count()
        })
        .map(|c| (c.id.clone(), c.name.clone()))
        .unwrap();
    let affected = |site: &incident_core::public::PublicSite| -> Vec<(String, String)> {
        site.incidents
            .iter()
            .filter_map(|i| {
                i.components
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| (i.id.clone(), a.name.clone()))
            })
            .collect()
    };
    let named_before = affected(&before);
    assert!(named_before.len() > 1, "{id} is on public incidents");
    bundle.tombstones.push(Tombstone {
        kind: RecordKind::Component,
        id: id.clone(),
        deleted_at: n,
        device: "dev-x".to_owned(),
    });
    let after = project(&bundle, n);
    assert!(
        after.components.iter().all(|c| c.id != id),
        "{id} left the page"
    );
    assert_eq!(
        affected(&after),
        named_before,
        "named as {name} on the same incidents"
    );
    assert!(named_before.iter().all(|(_, shown)| *shown == name));

    let public = public_bundle(&bundle);
    assert_eq!(incident_core::validate::check(&public), vec![]);
    assert_eq!(project(&public, n), after);
    assert!(!public.to_json().contains("dev-x"), "no device names");
}

#[test]
fn the_status_page_scope_reads_an_old_incident_with_anything_recent() {
    use incident_core::public::{project_scoped, Scope};

    let n = now();
    let mut bundle = sample();
    let scope = Scope::Recent { days: 90 };
    let shown = |b: &incident_core::Bundle, id: &str| {
        project_scoped(b, n, None, scope)
            .incidents
            .iter()
            .any(|i| i.id == id)
    };
    // An incident on the site, resolved and quiet for more than 92 days.
    let old = bundle
        .incidents
        .iter()
        .position(|i| {
            !i.drill
                && i.resolved_at
                    .is_some_and(|r| n.minutes_since(r) > 200 * 24 * 60)
                && i.timeline.len() > 1
                && i.updates.iter().any(|u| u.public)
                && i.postmortem.is_none()
                && i.corrections.is_empty()
        })
        .expect("the sample has old resolved incidents");
    let id = bundle.incidents[old].id.clone();
    assert!(!shown(&bundle, &id), "nothing of it is recent: left out");
    // One event from yesterday, anywhere in its timeline (the first, not the last), brings it in.
    let yesterday = n.plus_minutes(-24 * 60);
    let mut with_event = bundle.clone();
    with_event.incidents[old].timeline[0].at = yesterday;
    assert!(shown(&with_event, &id), "a recent event");
    // So does a recent resolution.
    bundle.incidents[old].resolved_at = Some(yesterday);
    assert!(shown(&bundle, &id), "a recent resolution");
}

#[test]
fn the_status_page_scope_projects_post_mortems_without_their_text() {
    use incident_core::public::{project_scoped, Scope};

    let n = now();
    let bundle = sample();
    let whole = project(&bundle, n);
    let recent = project_scoped(&bundle, n, None, Scope::Recent { days: 90 });
    let with_text: Vec<_> = recent
        .incidents
        .iter()
        .filter_map(|i| i.postmortem.as_ref().map(|p| (i, p)))
        .collect();
    assert!(!with_text.is_empty(), "the sample has recent post-mortems");
    for (i, pm) in with_text {
        let full = whole.incidents.iter().find(|w| w.id == i.id).unwrap();
        let full_pm = full.postmortem.as_ref().unwrap();
        // Published, at the same time, so the status page says so; the text is left out.
        assert_eq!(pm.published_at, full_pm.published_at);
        assert_eq!(i.status, full.status);
        assert!(pm.markdown.is_empty() && pm.follow_ups.is_empty());
        assert!(!full_pm.markdown.is_empty());
    }
}
