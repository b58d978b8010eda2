//! The rules by example.

use super::*;

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

fn base() -> Bundle {
    bases()[0].clone()
}

fn open_incident(b: &mut Bundle) -> &mut Incident {
    b.incidents.iter_mut().find(|i| i.is_open()).unwrap()
}

#[test]
fn concurrent_component_changes_keep_the_loser_as_a_conflict_in_words() {
    use incident_core::model::{AffectedComponent, Impact};
    use incident_core::ops::{set_components, Actor};
    let mut a = base();
    let mut b = base();
    let inc = open_incident(&mut a);
    let id = inc.id.clone();
    // Everything after the incident's last event, so the actions are not refused.
    let start = inc.timeline.iter().map(|e| e.at).max().unwrap();
    let after = |minutes: i64, device: &str| Actor {
        person: None,
        device: device.into(),
        now: start.plus_minutes(minutes),
    };
    let degraded = vec![AffectedComponent {
        component: "api-rest".into(),
        impact: Impact::DegradedPerformance,
    }];
    set_components(inc, degraded, &after(5, "dev-a")).unwrap();
    let inc = open_incident(&mut b);
    set_components(inc, vec![], &after(7, "dev-b")).unwrap();

    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    let inc = m.incident(&id).unwrap();
    assert!(inc.components.is_empty(), "the later change wins");
    // Both people's timeline events are kept, and the losing value is said in words.
    let changes = inc
        .timeline
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ComponentsChanged { .. }))
        .count();
    assert_eq!(changes, 2);
    let conflict = inc
        .timeline
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Conflict { .. } => Some(incident_core::describe::event(e, inc, &m.settings)),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        conflict,
        format!(
            "Conflict: Someone on another device also set the affected components to REST API \
             (Degraded performance) at {}; it is none now.",
            start.plus_minutes(5).utc_minute()
        )
    );
    assert!(check(&m).is_empty(), "{:?}", check(&m));
}

#[test]
fn concurrent_severity_changes_keep_the_loser_as_a_conflict() {
    let mut a = base();
    let mut b = base();
    let inc = open_incident(&mut a);
    let id = inc.id.clone();
    inc.severity = Severity::Sev2;
    touch(&mut inc.stamps, "severity", stamp(5, "dev-a"));
    let inc = open_incident(&mut b);
    inc.severity = Severity::Sev1;
    touch(&mut inc.stamps, "severity", stamp(7, "dev-b"));

    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    let inc = m.incident(&id).unwrap();
    assert_eq!(inc.severity, Severity::Sev1, "the later stamp wins");
    let lost: Vec<&Event> = inc
        .timeline
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Conflict { .. }))
        .collect();
    assert_eq!(lost.len(), 1);
    let EventKind::Conflict {
        field,
        value,
        stamp: s,
    } = &lost[0].kind
    else {
        unreachable!()
    };
    assert_eq!(field, "severity");
    assert_eq!(**value, json!("sev2"));
    assert_eq!(lost[0].at, at(5));
    let _ = s;
    assert_eq!(
        incident_core::describe::event(lost[0], inc, &m.settings),
        "Conflict: Someone on another device also set the severity to SEV2 at 2026-11-01 12:05 \
         UTC; it is SEV1 now."
    );
    assert!(lost[0].id.starts_with("conflict-"));
    assert!(check(&m).is_empty(), "{:?}", check(&m));

    // The preview says so before anything is stored.
    let p = preview(&a, &b);
    assert_eq!(p.updated_incidents, vec![id.clone()]);
    assert_eq!(p.conflicts.len(), 1);
    let (on, words) = incident_core::describe::conflict::of_preview(
        &p.conflicts[0],
        &p.merged,
        &incident_core::describe::conflict::Authors::of(&p.merged),
    );
    assert_eq!(on, inc.title);
    assert_eq!(
        words.sentence(),
        "Someone on another device also set the severity to SEV2 at 2026-11-01 12:05 UTC; it is \
         SEV1 now."
    );
    assert_eq!(p.merged, m);

    // Someone settles it by setting the severity again: the conflict stays as history, and a
    // stale copy of either side brings nothing new.
    let mut settled = m.clone();
    let inc = settled.incidents.iter_mut().find(|i| i.id == id).unwrap();
    inc.severity = Severity::Sev2;
    touch(&mut inc.stamps, "severity", stamp(9, "dev-b"));
    let again = merge(&merge(&settled, &a), &b);
    assert_eq!(again, normalize(&settled));
}

#[test]
fn equal_stamps_are_decided_by_value_the_same_way_everywhere() {
    let mut a = base();
    let mut b = base();
    let id = open_incident(&mut a).id.clone();
    for (bundle, title) in [(&mut a, "Zebra"), (&mut b, "Aardvark")] {
        let inc = open_incident(bundle);
        inc.title = title.to_owned();
        inc.stamps.insert("title".to_owned(), stamp(3, "dev-x"));
    }
    let m = merge(&a, &b);
    assert_eq!(m, merge(&b, &a));
    assert_eq!(m.incident(&id).unwrap().title, "Zebra");
}

#[test]
fn a_stale_copy_merges_without_conflicts() {
    let old = base();
    let mut new = old.clone();
    let inc = open_incident(&mut new);
    inc.title = "Checkout errors in eu-west-1".to_owned();
    touch(&mut inc.stamps, "title", stamp(1, "dev-a"));
    inc.severity = Severity::Sev1;
    touch(&mut inc.stamps, "severity", stamp(2, "dev-a"));
    new.settings.organization.name = "Cygni Labs".to_owned();
    touch(
        &mut new.settings.stamps,
        "organization.name",
        stamp(3, "dev-a"),
    );

    let m = merge(&old, &new);
    assert_eq!(m, normalize(&new));
    let p = preview(&new, &old);
    assert!(p.is_noop(), "{p:?}");
    assert_eq!(p.unchanged_incidents.len(), new.incidents.len());
}

#[test]
fn touch_moves_a_clock_that_is_behind_past_the_previous_stamp() {
    let mut stamps = Stamps::new();
    touch(&mut stamps, "title", stamp(10, "dev-a"));
    touch(&mut stamps, "title", stamp(4, "dev-b"));
    let s = &stamps["title"];
    assert_eq!(s.device, "dev-b");
    assert!(s.at > at(10) && s.at < at(11));
    assert_eq!(stamps["title@dev-a"], stamp(10, "dev-a"));
    assert_eq!(stamps["title@"], merge::unstamped());
}

#[test]
fn a_tombstone_hides_older_edits_and_yields_to_newer_ones() {
    let mut deleted = base();
    let id = open_incident(&mut deleted).id.clone();
    deleted.tombstones.push(Tombstone {
        kind: RecordKind::Incident,
        id: id.clone(),
        deleted_at: at(30),
        device: "dev-a".to_owned(),
    });
    deleted.incidents.retain(|i| i.id != id);

    // Edited before the deletion: the tombstone wins.
    let mut before = base();
    let inc = open_incident(&mut before);
    inc.title = "Renamed before the deletion".to_owned();
    touch(&mut inc.stamps, "title", stamp(20, "dev-b"));
    let m = merge(&deleted, &before);
    assert!(live(&m).incident(&id).is_none());
    assert!(project(&m, at(60)).incidents.iter().all(|i| i.id != id));
    assert_eq!(m.tombstones.len(), 1);
    // The record is kept, hidden, so the merge stays associative.
    assert!(m.incident(&id).is_some());

    // Edited after the deletion: the record survives, with everything it had, and the
    // tombstone is kept.
    let mut after = base();
    let inc = open_incident(&mut after);
    inc.title = "Still being worked on".to_owned();
    touch(&mut inc.stamps, "title", stamp(40, "dev-c"));
    let m2 = merge(&m, &after);
    let view = live(&m2);
    let inc = view.incident(&id).unwrap();
    assert_eq!(inc.title, "Still being worked on");
    assert_eq!(m2.tombstones.len(), 1);
    assert!(project(&m2, at(60)).incidents.iter().any(|i| i.id == id));
    // In any order.
    assert_eq!(m2, merge(&merge(&deleted, &after), &before));
    assert_eq!(m2, merge(&deleted, &merge(&after, &before)));

    let p = preview(&before, &deleted);
    assert_eq!(p.deleted_incidents, vec![id]);
}

#[test]
fn deleting_an_incident_hides_it_until_someone_edits_it_again() {
    let mut b = base();
    let inc = open_incident(&mut b).clone();
    assert!(merge::hidden_incidents(&b).is_empty());
    // A clock behind the incident's last edit still deletes everything seen so far.
    let t = merge::delete_incident(&inc, "dev-a", at(-100_000));
    assert!(t.deleted_at > at(-100_000));
    b.tombstones.push(t);
    let hidden: Vec<&str> = merge::hidden_incidents(&b).into_iter().collect();
    assert_eq!(hidden, [inc.id.as_str()]);
    assert!(live(&b).incident(&inc.id).is_none());
    assert!(b.incident(&inc.id).is_some(), "kept, hidden, for the merge");
    // An edit after the deletion brings it back, everywhere it is merged.
    let mut edited = b.clone();
    let i = edited
        .incidents
        .iter_mut()
        .find(|i| i.id == inc.id)
        .unwrap();
    incident_core::ops::add_note(
        i,
        "Restored: not a duplicate after all",
        &incident_core::ops::Actor {
            person: None,
            device: "dev-b".to_owned(),
            now: at(90),
        },
    )
    .unwrap();
    assert!(merge::hidden_incidents(&edited).is_empty());
    assert!(merge::hidden_incidents(&merge(&b, &edited)).is_empty());
    assert_eq!(merge::hidden_incidents(&merge(&b, &base())).len(), 1);

    // Deleted by a device whose clock runs ahead: a restore dated by a correct clock would not
    // count as later, so it is dated just after the deletion.
    let mut ahead = base();
    let inc = open_incident(&mut ahead).clone();
    ahead
        .tombstones
        .push(merge::delete_incident(&inc, "dev-fast", at(500)));
    let when = merge::restore_at(&ahead, &inc.id, at(90));
    assert!(when > at(500) && when < at(501), "{when:?}");
    assert_eq!(merge::restore_at(&ahead, &inc.id, at(600)), at(600));
    let i = ahead.incidents.iter_mut().find(|i| i.id == inc.id).unwrap();
    let actor = incident_core::ops::Actor {
        person: None,
        device: "dev-b".to_owned(),
        now: when,
    };
    incident_core::ops::add_note(i, "Restored after it was deleted", &actor).unwrap();
    assert!(merge::hidden_incidents(&ahead).is_empty());
}

#[test]
fn several_sample_bundles_merge_into_a_valid_workspace() {
    let a = generate(&SampleOptions {
        incidents: 40,
        seed: 1,
        now: now(),
    });
    let b = generate(&SampleOptions {
        incidents: 40,
        seed: 2,
        now: now(),
    });
    let m = merge_all(&[a.clone(), b.clone()]).unwrap();
    assert_eq!(m, merge(&a, &b));
    assert_eq!(m.incidents.len(), 80);
    assert!(check(&m).is_empty(), "{:?}", check(&m));
    assert_eq!(m.device_id, "sample-1");
    // Round trip through the bundle format.
    assert_eq!(parse_bundle(&m.to_json()).unwrap(), m);
    assert!(merge_all(&[]).is_none());
    let p = preview(&a, &b);
    assert_eq!(p.new_incidents.len(), 40);
    assert!(p.conflicts.is_empty());
    for batch in [1, 7, 1000] {
        assert_eq!(PreviewJob::new(&a, b.clone(), batch).finish(&a), p);
    }
}

#[test]
fn maintenance_and_settings_conflicts_are_kept_on_the_record() {
    let mut a = base();
    let mut b = base();
    for (bundle, name, minute, dev) in [
        (&mut a, "Cygni A", 5, "dev-a"),
        (&mut b, "Cygni B", 6, "dev-b"),
    ] {
        bundle.settings.organization.name = name.to_owned();
        touch(
            &mut bundle.settings.stamps,
            "organization.name",
            stamp(minute, dev),
        );
        let m = &mut bundle.maintenances[0];
        m.title = format!("{name} upgrade");
        touch(&mut m.stamps, "title", stamp(minute, dev));
    }
    let m = merge(&a, &b);
    assert_eq!(m.settings.organization.name, "Cygni B");
    assert_eq!(m.settings.conflicts.len(), 1);
    assert_eq!(m.settings.conflicts[0].field, "organization.name");
    assert_eq!(m.settings.conflicts[0].value, json!("Cygni A"));
    let mt = m
        .maintenances
        .iter()
        .find(|x| x.id == a.maintenances[0].id)
        .unwrap();
    assert_eq!(mt.title, "Cygni B upgrade");
    assert_eq!(mt.conflicts.len(), 1);
    let text = m.to_json();
    assert_eq!(parse_bundle(&text).unwrap(), m);
    assert!(!serde_json::to_string(&project(&m, at(60)))
        .unwrap()
        .contains("Cygni A upgrade"));
    // The import's preview names both, after any incident's, also when done in batches.
    let p = preview(&a, &b);
    assert_eq!(p.conflicts.len(), 2);
    assert_eq!(PreviewJob::new(&a, b.clone(), 1).finish(&a), p);
}

/// Found by CI: two devices set a playbook value to the same number at the same minute while a
/// third set another value later.
#[test]
fn three_concurrent_settings_edits_merge_in_any_order() {
    let one = |device, start, h, step| Script {
        device,
        start,
        edits: vec![(Edit::Playbook(h), step)],
    };
    let s = Scenario {
        seed: 0,
        a: one("dev-a", 1, 1, 3),
        b: one("dev-b", 0, 63, 0),
        b_from_a: false,
        c: one("dev-c", 0, 63, 0),
        c_from: 0,
    };
    let [a, b, c] = copies(&s);
    let left = merge(&merge(&a.bundle, &b.bundle), &c.bundle);
    let right = merge(&a.bundle, &merge(&b.bundle, &c.bundle));
    assert_eq!(
        serde_json::to_string_pretty(&left.settings.conflicts).unwrap(),
        serde_json::to_string_pretty(&right.settings.conflicts).unwrap()
    );
    assert_eq!(left, right);
}
