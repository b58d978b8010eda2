//! Removing components, groups, people and schedules from a workspace: a tombstone that hides
//! the record from every screen and the status page, refused while something current needs it,
//! kept through merges, undone by a later edit.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
use incident_core::merge::{hidden_settings, live_settings, merge, preview, PreviewJob};
use incident_core::model::{RecordKind, Stamp};
use incident_core::ops::Actor;
use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::settings_edit::remove;
use incident_core::{Bundle, Timestamp};

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

fn sample() -> Bundle {
    generate(&SampleOptions {
        incidents: 60,
        seed: 9,
        now: now(),
    })
}

fn actor(device: &str) -> Actor {
    Actor {
        person: None,
        device: device.to_owned(),
        now: now(),
    }
}

#[test]
fn a_removed_component_is_hidden_everywhere_and_stays_removed_through_merges() {
    let mut bundle = sample();
    // A component no open incident or unfinished maintenance needs.
    let busy = |id: &str| {
        bundle
            .incidents
            .iter()
            .any(|i| i.is_open() && i.components.iter().any(|a| a.component == id))
            || bundle.maintenances.iter().any(|m| {
                m.status() != incident_core::model::MaintenanceStatus::Completed
                    && m.components.iter().any(|c| c == id)
            })
    };
    let id = bundle
        .settings
        .components
        .iter()
        .find(|c| !busy(&c.id))
        .map(|c| c.id.clone())
        .expect("a free component");
    let other = bundle.clone();
    let t = remove(&bundle, RecordKind::Component, &id, &actor("dev-a")).unwrap();
    bundle.tombstones.push(t);

    assert!(live_settings(&bundle.settings, &bundle.tombstones)
        .component(&id)
        .is_none());
    assert!(
        bundle.settings.component(&id).is_some(),
        "kept for the names"
    );
    assert!(project(&bundle, now())
        .components
        .iter()
        .all(|c| c.id != id));
    assert_eq!(incident_core::validate::check(&bundle), vec![]);
    // Removing it again is refused: it is not there.
    assert!(remove(&bundle, RecordKind::Component, &id, &actor("dev-a")).is_err());

    // Importing the removal into a copy from before says what it removes, in one go or batches.
    let p = preview(&other, &bundle);
    let name = other.settings.component(&id).unwrap().name.clone();
    assert_eq!(p.removed_settings, vec![format!("component {name}")]);
    assert!(!p.is_noop());
    let mut job = PreviewJob::new(&other, bundle.clone(), 7);
    while job.step(&other) {}
    assert_eq!(job.finish(&other), p);

    // A colleague's copy from before the removal does not bring it back, in either order.
    for merged in [merge(&bundle, &other), merge(&other, &bundle)] {
        assert!(hidden_settings(&merged.settings, &merged.tombstones)
            .contains(&(RecordKind::Component, id.as_str())));
    }

    // An edit after the removal (someone renamed it since) brings it back, with the edit.
    let mut edited = other.clone();
    let later = now().plus_minutes(5);
    let c = edited
        .settings
        .components
        .iter_mut()
        .find(|c| c.id == id)
        .unwrap();
    c.name = "Renamed later".into();
    edited.settings.stamps.insert(
        format!("components/{id}.name"),
        Stamp {
            at: later,
            device: "dev-b".into(),
        },
    );
    let merged = merge(&bundle, &edited);
    let back = live_settings(&merged.settings, &merged.tombstones);
    assert_eq!(
        back.component(&id).map(|c| c.name.as_str()),
        Some("Renamed later")
    );
}

#[test]
fn removal_is_refused_while_something_current_needs_the_record() {
    let bundle = sample();
    let a = actor("dev-a");
    // A component an open incident affects.
    let open = bundle
        .incidents
        .iter()
        .find(|i| i.is_open() && !i.components.is_empty())
        .expect("the sample has open incidents with components");
    let err = remove(
        &bundle,
        RecordKind::Component,
        &open.components[0].component,
        &a,
    )
    .unwrap_err();
    assert!(err.0.contains(&open.title), "{}", err.0);

    // A group with components in it.
    let group = bundle
        .settings
        .component_groups
        .iter()
        .find(|g| {
            bundle
                .settings
                .components
                .iter()
                .any(|c| c.group.as_deref() == Some(&g.id))
        })
        .unwrap();
    let err = remove(&bundle, RecordKind::ComponentGroup, &group.id, &a).unwrap_err();
    assert!(
        err.0.contains(&group.name) && err.0.contains("move them"),
        "{}",
        err.0
    );

    // A person on a rotation; once off every rotation, they can be removed.
    let sch = bundle
        .settings
        .oncall_schedules
        .iter()
        .find(|s| !s.rotation.is_empty())
        .unwrap();
    let person = sch.rotation[0].clone();
    let err = remove(&bundle, RecordKind::Person, &person, &a).unwrap_err();
    assert!(err.0.contains(&sch.name), "{}", err.0);
    let mut off = bundle.clone();
    for s in &mut off.settings.oncall_schedules {
        s.rotation.retain(|p| *p != person);
    }
    let t = remove(&off, RecordKind::Person, &person, &a).unwrap();
    assert_eq!(
        (t.kind, t.id.as_str(), t.device.as_str()),
        (RecordKind::Person, person.as_str(), "dev-a")
    );

    // A schedule can go; an incident is not removed here.
    let t = remove(&bundle, RecordKind::OncallSchedule, &sch.id, &a).unwrap();
    assert!(t.deleted_at >= now());
    assert!(remove(&bundle, RecordKind::Incident, &open.id, &a).is_err());
}

#[test]
fn a_removal_is_dated_after_the_last_edit_of_the_record() {
    let mut bundle = sample();
    let id = bundle.settings.people[0].id.clone();
    for s in &mut bundle.settings.oncall_schedules {
        s.rotation.retain(|p| *p != id);
    }
    // Edited on a device whose clock ran ahead.
    let ahead = now().plus_minutes(90);
    bundle.settings.stamps.insert(
        format!("people/{id}.name"),
        Stamp {
            at: ahead,
            device: "dev-fast".into(),
        },
    );
    let t = remove(&bundle, RecordKind::Person, &id, &actor("dev-a")).unwrap();
    assert_eq!(t.deleted_at, ahead, "hides the edit it was made after");
    bundle.tombstones.push(t);
    assert!(live_settings(&bundle.settings, &bundle.tombstones)
        .person(&id)
        .is_none());
}

#[test]
fn only_a_maintenance_still_to_come_or_running_keeps_a_component() {
    use incident_core::model::{Maintenance, Stamps, Tombstone};
    let mut bundle = sample();
    bundle.maintenances.clear();
    for i in &mut bundle.incidents {
        i.status = incident_core::model::IncidentStatus::Resolved;
    }
    let id = bundle.settings.components[0].id.clone();
    let window = |id_: &str, start: i64, end: i64| Maintenance {
        id: id_.to_owned(),
        title: format!("Window {id_}"),
        components: vec![id.clone()],
        scheduled_start: now().plus_minutes(start),
        scheduled_end: now().plus_minutes(end),
        updates: Vec::new(),
        stamps: Stamps::new(),
        conflicts: Vec::new(),
    };
    let a = actor("dev-a");
    // Upcoming, nobody reported yet: it needs the component.
    bundle.maintenances.push(window("m-soon", 60, 120));
    let err = remove(&bundle, RecordKind::Component, &id, &a).unwrap_err();
    assert!(err.0.contains("Window m-soon"), "{}", err.0);
    // The same maintenance deleted: nothing needs it any more.
    let mut deleted = bundle.clone();
    deleted.tombstones.push(Tombstone {
        kind: RecordKind::Maintenance,
        id: "m-soon".into(),
        deleted_at: now(),
        device: "dev-a".into(),
    });
    assert!(remove(&deleted, RecordKind::Component, &id, &a).is_ok());
    // A window that closed with nobody reporting on it is over, as the status page shows it.
    let mut past = bundle.clone();
    past.maintenances = vec![window("m-past", -120, -60)];
    assert!(remove(&past, RecordKind::Component, &id, &a).is_ok());
}

#[test]
fn a_removal_is_undone_by_an_edit_after_it_on_every_copy() {
    use incident_core::settings_edit::restore;
    let mut bundle = sample();
    let id = bundle.settings.oncall_schedules[0].id.clone();
    let before = bundle.clone();
    let t = remove(&bundle, RecordKind::OncallSchedule, &id, &actor("dev-a")).unwrap();
    bundle.tombstones.push(t);
    let gone = |b: &Bundle| {
        hidden_settings(&b.settings, &b.tombstones)
            .contains(&(RecordKind::OncallSchedule, id.as_str()))
    };
    assert!(gone(&bundle));
    bundle.settings = restore(
        &bundle.settings,
        &bundle.tombstones,
        RecordKind::OncallSchedule,
        &id,
        &actor("dev-a"),
    )
    .unwrap();
    assert!(!gone(&bundle), "back at once");
    // A colleague who had only the removal gets it back too; one with neither keeps it.
    let mut removed_only = before.clone();
    removed_only.tombstones = bundle.tombstones.clone();
    assert!(gone(&removed_only));
    assert!(!gone(&merge(&removed_only, &bundle)));
    assert!(!gone(&merge(&before, &bundle)));
    assert!(restore(
        &bundle.settings,
        &bundle.tombstones,
        RecordKind::Incident,
        &id,
        &actor("dev-a")
    )
    .is_err());
}
