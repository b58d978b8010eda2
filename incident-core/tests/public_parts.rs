//! Public parts (`public_bundle`) of several copies merged, as `site-gen build` merges a sync
//! folder's `public/`: the newest public words and deletions win, whatever the order.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use incident_core::public::project;
use incident_core::sample::{generate, SampleOptions};
use incident_core::Timestamp;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-01T12:00:00Z").unwrap()
}

/// A sync folder's `public/` holds one public part per browser, and one may be older than a
/// deletion: merged, the deletion still keeps the incident and the maintenance window off the
/// site, because the newer public part carries their tombstones (ids and times, no words).
#[test]
fn a_deletion_outlives_an_older_public_part() {
    use incident_core::merge::{delete_incident, merge};
    use incident_core::public::public_bundle;
    let bundle = generate(&SampleOptions {
        incidents: 120,
        seed: 8,
        now: now(),
    });
    let older = public_bundle(&bundle);
    let gone = bundle
        .incidents
        .iter()
        .find(|i| !i.drill && i.updates.iter().any(|u| u.public))
        .unwrap();
    let window = bundle.maintenances.first().unwrap();
    let mut deleted = bundle.clone();
    deleted
        .tombstones
        .push(delete_incident(gone, "laptop-a", now()));
    deleted.tombstones.push(incident_core::maintenance::delete(
        window,
        "laptop-a",
        now(),
    ));
    let newer = public_bundle(&deleted);
    // No words in what it adds: two tombstones, by id.
    let added: Vec<&str> = newer.tombstones.iter().map(|t| t.id.as_str()).collect();
    assert!(added.contains(&gone.id.as_str()) && added.contains(&window.id.as_str()));
    assert!(!newer.incidents.iter().any(|i| i.id == gone.id));

    for merged in [merge(&older, &newer), merge(&newer, &older)] {
        let site = project(&merged, now());
        assert!(!site.incidents.iter().any(|i| i.id == gone.id));
        assert!(!site.maintenances.iter().any(|m| m.id == window.id));
        assert_eq!(site, project(&deleted, now()));
    }
    // A never-public incident's deletion stays home.
    let internal = bundle
        .incidents
        .iter()
        .find(|i| !i.updates.iter().any(|u| u.public))
        .unwrap();
    let mut quiet = bundle.clone();
    quiet
        .tombstones
        .push(delete_incident(internal, "laptop-a", now()));
    assert!(!public_bundle(&quiet)
        .tombstones
        .iter()
        .any(|t| t.id == internal.id));
}

/// A sync folder's `public/` holds one public part per browser, some older than others. Merged,
/// they give the site of the newest words field by field: the public title, severity and
/// workaround, the organization's and a component's names, a rewritten post-mortem, a follow-up
/// taken off its list; an
/// incident restored after its deletion is back; a drill is off the site. The times travel
/// without device names.
#[test]
fn the_newest_public_words_win_over_an_older_public_part() {
    use incident_core::comms::{publish_postmortem, write_postmortem};
    use incident_core::merge::{delete_incident, merge, restore_at, touch};
    use incident_core::model::Stamp;
    use incident_core::ops::{self, Actor};
    use incident_core::public::public_bundle;
    use incident_core::Severity;
    let bundle = generate(&SampleOptions {
        incidents: 120,
        seed: 8,
        now: now(),
    });
    let older = public_bundle(&bundle);
    let later =
        |minutes: i64| Timestamp::from_unix_millis(now().unix_millis() + minutes * 60_000).unwrap();
    let actor = |minutes: i64| Actor {
        person: None,
        device: "laptop-b".to_owned(),
        now: later(minutes),
    };
    let public: Vec<usize> = (0..bundle.incidents.len())
        .filter(|&n| {
            let i = &bundle.incidents[n];
            !i.drill && i.updates.iter().any(|u| u.public)
        })
        .collect();
    let (a, b, c, d) = (public[0], public[1], public[2], public[3]);
    let mut newer = bundle.clone();
    // Words that sort before the older ones, so text order alone would keep the older.
    let i = &mut newer.incidents[a];
    ops::set_public_title(i, "A checkout problem", &actor(60)).unwrap();
    ops::set_workaround(i, "Add a card again", &actor(62)).unwrap();
    let to = if i.severity == Severity::Sev1 {
        Severity::Sev2
    } else {
        Severity::Sev1
    };
    ops::set_severity(i, to, &actor(63)).unwrap();
    // A post-mortem rewritten and published.
    let i = &mut newer.incidents[b];
    if i.status == incident_core::model::IncidentStatus::Resolved {
        write_postmortem(i, "# Review\n\nA short one.", &actor(64)).unwrap();
        if i.postmortem.as_ref().is_some_and(|p| !p.published) {
            publish_postmortem(i, &actor(65)).unwrap();
        }
    }
    let mut edited = newer.settings.clone();
    edited.organization.name = "A Cygni".to_owned();
    let renamed = newer.incidents[a].components[0].component.clone();
    edited
        .components
        .iter_mut()
        .find(|x| x.id == renamed)
        .unwrap()
        .name = "A renamed service".to_owned();
    newer.settings =
        incident_core::settings_edit::apply(&newer.settings, &edited, &actor(66)).unwrap();
    // A follow-up taken off a published post-mortem's list.
    let e = public[4..]
        .iter()
        .copied()
        .find(|&n| {
            let i = &newer.incidents[n];
            i.postmortem.as_ref().is_some_and(|p| p.published)
                && i.action_items.iter().any(|x| x.public)
        })
        .unwrap();
    let item = newer.incidents[e]
        .action_items
        .iter()
        .find(|x| x.public)
        .unwrap()
        .clone();
    let settings = newer.settings.clone();
    incident_core::comms::put_action_item(
        &mut newer.incidents[e],
        &item.id,
        incident_core::comms::ActionItemDraft {
            action: item.action.clone(),
            owner: item.owner.clone(),
            due: item.due,
            priority: item.priority,
            status: item.status,
            public: false,
        },
        &settings,
        &actor(67),
    )
    .unwrap();
    // Deleted in some older copy, restored here.
    let gone = delete_incident(&newer.incidents[c], "laptop-a", later(70));
    let mut deleted = bundle.clone();
    deleted.tombstones.push(gone.clone());
    let deleted_part = public_bundle(&deleted);
    newer.tombstones.push(gone);
    let back = restore_at(&newer, &newer.incidents[c].id, later(71));
    ops::add_note(
        &mut newer.incidents[c],
        "Restored after it was deleted",
        &Actor {
            now: back,
            ..actor(71)
        },
    )
    .unwrap();
    // A drill now (by a file's edit: no screen turns an incident into one).
    let drill = &mut newer.incidents[d];
    drill.drill = true;
    touch(
        &mut drill.stamps,
        incident_core::stamp_keys::DRILL,
        Stamp {
            at: later(72),
            device: "laptop-b".to_owned(),
        },
    );
    let newer_part = public_bundle(&newer);
    let json = newer_part.to_json();
    assert!(!json.contains("laptop-"), "no device names");
    assert_eq!(incident_core::validate::check(&newer_part), vec![]);
    let want = project(&newer, later(80));
    assert!(want.incidents.iter().any(|i| i.id == newer.incidents[c].id));
    assert!(!want.incidents.iter().any(|i| i.id == newer.incidents[d].id));
    for merged in [
        merge(&older, &newer_part),
        merge(&newer_part, &older),
        merge(&merge(&older, &deleted_part), &newer_part),
        merge(&newer_part, &merge(&deleted_part, &older)),
    ] {
        let site = project(&merged, later(80));
        let x = site
            .incidents
            .iter()
            .find(|p| p.id == newer.incidents[a].id)
            .unwrap();
        assert_eq!(x.title, "A checkout problem");
        assert_eq!(x.workaround.as_deref(), Some("Add a card again"));
        assert_eq!(site.name, "A Cygni");
        let shown = |id: &str| site.incidents.iter().any(|p| p.id == id);
        assert!(
            shown(&newer.incidents[c].id),
            "the restored incident is back"
        );
        assert!(!shown(&newer.incidents[d].id), "the drill is off the site");
        let pm = site
            .incidents
            .iter()
            .find(|p| p.id == newer.incidents[e].id)
            .and_then(|p| p.postmortem.as_ref())
            .unwrap();
        assert!(
            pm.follow_ups.iter().all(|f| f.action != item.action.trim()),
            "the follow-up taken off the list"
        );
        assert!(site == want, "the site of the newest words");
    }
}
