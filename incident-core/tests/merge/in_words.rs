//! Conflicts in words (names, not ids) and settled by a person: the settled copy merges with
//! either side's old copy without bringing the conflict back.

use incident_core::conflict::{
    settle_agreements, settle_incident, settle_maintenance, settle_settings, Choice,
};
use incident_core::describe::conflict::{of_incident, of_maintenance, of_settings, Authors};
use incident_core::ops::{assign_role, Actor};
use incident_core::settings_edit::{apply, new_workspace, Setup};

use super::*;

fn actor(device: &str, person: Option<&str>, minutes: i64) -> Actor {
    Actor {
        person: person.map(str::to_owned),
        device: device.to_owned(),
        now: at(minutes),
    }
}

fn setup() -> Setup {
    Setup {
        organization: "Acme Hosting".to_owned(),
        status_page_url: "https://status.acme.test".to_owned(),
        components: "Platform / REST API\nDashboard".to_owned(),
        people: "Ana Lima, ana@acme.test\nBo Chen, bo@acme.test".to_owned(),
    }
}

/// Two people who each set up the same workspace: a bundle each, stamped by their devices.
fn two_setups() -> (Bundle, Bundle) {
    let a = new_workspace(&setup(), &actor("dev-ana", None, 0)).unwrap();
    let b = new_workspace(&setup(), &actor("dev-bo", None, 1)).unwrap();
    (
        Bundle::new(a, "dev-ana".to_owned(), at(0)),
        Bundle::new(b, "dev-bo".to_owned(), at(1)),
    )
}

#[test]
fn the_same_setup_twice_leaves_nothing_to_decide_once_agreements_are_settled() {
    let (a, b) = two_setups();
    let mut m = merge(&a, &b);
    let views = of_settings(&m.settings, &Authors::default());
    assert!(
        !views.is_empty(),
        "the same values with two stamps are kept by the merge"
    );
    assert!(views.iter().all(|c| c.agreed), "{views:?}");
    let name = views
        .iter()
        .find(|c| c.what == "the organization's name")
        .unwrap();
    assert_eq!(
        name.sentence(),
        "Someone on another device also set the organization's name to the same value, \
         \u{201c}Acme Hosting\u{201d} at 2026-11-01 12:00 UTC."
    );
    let dropped = settle_agreements(&mut m);
    assert_eq!(dropped, views.len());
    assert!(m.settings.conflicts.is_empty());
    // Either side's copy, merged again (in any order), brings none back: the two converge.
    assert_eq!(normalize(&merge(&m, &a)), normalize(&m));
    assert_eq!(merge(&merge(&b, &m), &a), merge(&m, &merge(&a, &b)));
    assert!(merge(&merge(&b, &m), &a).settings.conflicts.is_empty());
}

#[test]
fn a_settings_conflict_names_the_component_and_the_person_and_can_be_taken_or_kept() {
    let (a, _) = two_setups();
    let (mut ana, mut bo) = (a.clone(), a.clone());
    let i = ana
        .settings
        .components
        .iter()
        .position(|c| c.name == "REST API")
        .unwrap();
    let c = ana.settings.components[i].clone();
    for (bundle, name, act) in [
        (&mut ana, "Public API", actor("dev-ana", None, 5)),
        (&mut bo, "REST API v2", actor("dev-bo", None, 6)),
    ] {
        let mut e = bundle.settings.clone();
        e.components[i].name = name.to_owned();
        bundle.settings = apply(&bundle.settings, &e, &act).unwrap();
    }
    let m = merge(&ana, &bo);
    assert_eq!(
        m.settings.component(&c.id).unwrap().name,
        "REST API v2",
        "the later edit wins"
    );
    let ana_id = m
        .settings
        .people
        .iter()
        .find(|p| p.name == "Ana Lima")
        .unwrap()
        .id
        .clone();
    let authors = Authors::of(&m).with("dev-ana", Some(&ana_id));
    let views = of_settings(&m.settings, &authors);
    assert_eq!(views.len(), 1, "{views:?}");
    let v = &views[0];
    assert!(v.can_take && !v.agreed);
    assert_eq!(
        v.sentence(),
        "Ana Lima also set component \u{201c}REST API v2\u{201d}'s name to \u{201c}Public API\u{201d} \
         at 2026-11-01 12:05 UTC; it is \u{201c}REST API v2\u{201d} now."
    );
    assert!(!v.sentence().contains(&c.id), "no id in the words");

    // Taken: the name is Ana's, and no old copy brings the conflict back.
    let mut taken = m.clone();
    taken.settings =
        settle_settings(&m.settings, &v.id, Choice::Take, &actor("dev-bo", None, 9)).unwrap();
    assert_eq!(taken.settings.component(&c.id).unwrap().name, "Public API");
    assert!(taken.settings.conflicts.is_empty());
    for other in [&ana, &bo, &m] {
        let again = merge(&taken, other);
        assert_eq!(again.settings.component(&c.id).unwrap().name, "Public API");
        assert!(
            again.settings.conflicts.is_empty(),
            "{:?}",
            again.settings.conflicts
        );
    }
    // Kept: the name stays, the conflict goes everywhere alike.
    let mut kept = m.clone();
    kept.settings =
        settle_settings(&m.settings, &v.id, Choice::Keep, &actor("dev-bo", None, 9)).unwrap();
    assert_eq!(kept.settings.component(&c.id).unwrap().name, "REST API v2");
    assert!(merge(&merge(&kept, &ana), &bo)
        .settings
        .conflicts
        .is_empty());
    // Settled already: refused with words, nothing changed.
    let again = settle_settings(
        &kept.settings,
        &v.id,
        Choice::Take,
        &actor("dev-bo", None, 10),
    );
    assert!(again.unwrap_err().0.contains("settled already"));
}

#[test]
fn an_incident_conflict_names_people_and_who_wrote_it_and_settling_is_noted() {
    let mut a = bases()[0].clone();
    let id = a.incidents.iter().find(|i| i.is_open()).unwrap().id.clone();
    let last = a
        .incident(&id)
        .unwrap()
        .timeline
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap();
    let (p1, p2) = (a.settings.people[0].clone(), a.settings.people[1].clone());
    let mut b = a.clone();
    let when = |m: i64| Actor {
        now: last.plus_minutes(m),
        ..actor("", None, 0)
    };
    for (bundle, person, device, minutes) in [(&mut a, &p1, "dev-a", 3), (&mut b, &p2, "dev-b", 4)]
    {
        let inc = bundle.incidents.iter_mut().find(|i| i.id == id).unwrap();
        let act = Actor {
            person: Some(person.id.clone()),
            device: device.to_owned(),
            ..when(minutes)
        };
        assign_role(inc, Role::Scribe, Some(person.id.clone()), &act).unwrap();
    }
    let m = merge(&a, &b);
    let inc = m.incident(&id).unwrap();
    let views = of_incident(inc, &m.settings, &Authors::of(&m));
    assert_eq!(views.len(), 1, "{views:?}");
    let v = &views[0];
    assert_eq!(
        v.sentence(),
        format!(
            "{} also set the Scribe to {} at {}; it is {} now.",
            p1.name,
            p1.name,
            last.plus_minutes(3).utc_minute(),
            p2.name
        )
    );
    // The timeline line says the same.
    let line = inc
        .timeline
        .iter()
        .find(|e| e.id == v.id)
        .map(|e| incident_core::describe::event(e, inc, &m.settings))
        .unwrap();
    assert!(
        line.starts_with("Conflict: ") && line.contains(&p2.name),
        "{line}"
    );

    let mut settled = m.clone();
    let inc = settled.incidents.iter_mut().find(|i| i.id == id).unwrap();
    let me = Actor {
        person: Some(p2.id.clone()),
        device: "dev-b".to_owned(),
        ..when(6)
    };
    settle_incident(inc, &v.id, Choice::Take, &m.settings, &me).unwrap();
    assert_eq!(inc.roles.scribe.as_deref(), Some(p1.id.as_str()));
    let note = inc.timeline.last().unwrap();
    assert!(
        matches!(&note.kind, EventKind::Note { text } if text.starts_with("Conflict settled: the Scribe set to")),
        "{note:?}"
    );
    for other in [&a, &b, &m] {
        let again = merge(&settled, other);
        let inc = again.incident(&id).unwrap();
        assert_eq!(inc.roles.scribe.as_deref(), Some(p1.id.as_str()));
        assert!(of_incident(inc, &again.settings, &Authors::default()).is_empty());
    }
}

#[test]
fn a_log_entry_conflict_can_only_be_dismissed() {
    let a = bases()[0].clone();
    let mut b = a.clone();
    let inc = b
        .incidents
        .iter_mut()
        .find(|i| !i.timeline.is_empty())
        .unwrap();
    let id = inc.id.clone();
    // The first event, rewritten by hand in one copy: two entries with one id.
    let e = &mut inc.timeline[0];
    e.kind = EventKind::Note {
        text: "Rewritten by hand".to_owned(),
    };
    e.at = e.at.plus_minutes(1);
    let m = merge(&a, &b);
    let inc = m.incident(&id).unwrap();
    let views = of_incident(inc, &m.settings, &Authors::default());
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(views[0].what, "a timeline entry");
    assert!(!views[0].can_take);
    let mut settled = m.clone();
    let inc = settled.incidents.iter_mut().find(|i| i.id == id).unwrap();
    let now = inc
        .timeline
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap()
        .plus_minutes(1);
    let me = Actor {
        now,
        ..actor("dev-c", None, 0)
    };
    let refused = settle_incident(inc, &views[0].id, Choice::Take, &m.settings, &me).unwrap_err();
    assert!(refused.0.contains("not in this record"), "{refused}");
    settle_incident(inc, &views[0].id, Choice::Keep, &m.settings, &me).unwrap();
    let again = merge(&merge(&settled, &a), &b);
    assert!(of_incident(
        again.incident(&id).unwrap(),
        &again.settings,
        &Authors::default()
    )
    .is_empty());
}

#[test]
fn a_maintenance_conflict_names_its_components() {
    let a = bases()[0].clone();
    let mut b = a.clone();
    let mut c = a.clone();
    let id = a.maintenances[0].id.clone();
    let comp = a.settings.components[0].clone();
    for (bundle, list, device) in [
        (&mut b, vec![comp.id.clone()], "dev-b"),
        (&mut c, vec![], "dev-c"),
    ] {
        let m = bundle.maintenances.iter_mut().find(|m| m.id == id).unwrap();
        m.components = list;
        touch(
            &mut m.stamps,
            "components",
            stamp(if device == "dev-b" { 20 } else { 21 }, device),
        );
    }
    let m = merge(&b, &c);
    let mm = m.maintenances.iter().find(|x| x.id == id).unwrap();
    let views = of_maintenance(mm, &m.settings, &Authors::default());
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(
        views[0].sentence(),
        format!(
            "Someone on another device also set the components it affects to {} at 2026-11-01 12:20 UTC; it is none now.",
            comp.name
        )
    );
    let mut settled = mm.clone();
    settle_maintenance(
        &mut settled,
        &views[0].id,
        Choice::Take,
        &actor("dev-c", None, 25),
    )
    .unwrap();
    assert_eq!(settled.components, vec![comp.id.clone()]);
    assert!(settled.conflicts.is_empty());
    let mut back = m.clone();
    back.maintenances.retain(|x| x.id != id);
    back.maintenances.push(settled);
    let again = merge(&merge(&back, &b), &c);
    let mm = again.maintenances.iter().find(|x| x.id == id).unwrap();
    assert!(mm.conflicts.is_empty());
    assert_eq!(mm.components, vec![comp.id]);
}

#[test]
fn a_rollback_tree_conflict_says_what_differs_between_the_two_trees() {
    use incident_core::playbook::DecisionNode;
    let (a, _) = two_setups();
    let (mut ana, mut bo) = (a.clone(), a.clone());
    for (bundle, words, act) in [
        (
            &mut ana,
            "Was anything deployed in the last 2 hours?",
            actor("dev-ana", None, 5),
        ),
        (
            &mut bo,
            "Did a deploy go out today?",
            actor("dev-bo", None, 6),
        ),
    ] {
        let mut e = bundle.settings.clone();
        let first = e
            .playbook
            .rollback_tree
            .nodes
            .iter_mut()
            .find_map(|n| match n {
                DecisionNode::Question { text, .. } => Some(text),
                _ => None,
            })
            .unwrap();
        *first = words.to_owned();
        bundle.settings = apply(&bundle.settings, &e, &act).unwrap();
    }
    let m = merge(&ana, &bo);
    let views = of_settings(&m.settings, &Authors::default());
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(views[0].what, "the playbook's rollback decision tree");
    assert_eq!(
        views[0].theirs,
        "another version, with \u{201c}Was anything deployed in the last 2 hours?\u{201d}"
    );
    assert_eq!(
        views[0].current,
        "the other version, with \u{201c}Did a deploy go out today?\u{201d}"
    );
}
