//! The public bundle: the part of a workspace the status site is built from, and nothing more.

use std::collections::BTreeSet;

use crate::bundle::Bundle;
use crate::model::{EventKind, Incident, Settings, Stamp, Stamps};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

use super::project::{component_lists, without_action_items};

/// The device every stamp of a public part is under: when and what, never who or where.
const PUBLIC_DEVICE: &str = "public";

/// The stamps of `stamps` whose key `keep` accepts, each moved to [`PUBLIC_DEVICE`]. The keys
/// that cover a replaced value (`field@device`) name devices and stay home.
fn public_stamps(stamps: &Stamps, keep: impl Fn(&str) -> bool) -> Stamps {
    stamps
        .iter()
        .filter(|(k, _)| !k.contains('@') && keep(k))
        .map(|(k, s)| (k.clone(), at(s.at)))
        .collect()
}

fn at(at: Timestamp) -> Stamp {
    Stamp {
        at,
        device: PUBLIC_DEVICE.to_owned(),
    }
}

/// The edit times of what a public incident shows, so that a sync folder's `public/` (one public
/// part per browser, some older than others) merges to the latest public words field by field.
/// Both titles are the public title, which follows the public title, else the severity, the
/// components and their names, and the templates: its time is the latest of theirs. `restored`
/// is when a deleted incident was brought back, if it was.
fn incident_stamps(i: &Incident, settings: &Settings, restored: Option<Timestamp>) -> Stamps {
    let mut out = public_stamps(&i.stamps, |k| {
        [
            keys::SEVERITY,
            keys::STATUS,
            keys::DRILL,
            keys::COMPONENTS,
            keys::DETECTION,
            keys::STARTED_AT,
            keys::DETECTED_AT,
            keys::DECLARED_AT,
            keys::ACKNOWLEDGED_AT,
            keys::WORKAROUND,
            keys::POSTMORTEM,
        ]
        .contains(&k)
    });
    let names = i
        .components
        .iter()
        .map(|c| crate::merge::settings_key(keys::COMPONENTS, &c.component, keys::NAME));
    let title = [keys::PUBLIC_TITLE, keys::SEVERITY, keys::COMPONENTS]
        .iter()
        .filter_map(|k| i.stamps.get(*k))
        .chain(settings.stamps.get(keys::PLAYBOOK_TEMPLATES))
        .chain(names.filter_map(|k| settings.stamps.get(&k)))
        .map(|s| s.at)
        .max();
    if let Some(t) = title {
        out.insert(keys::TITLE.to_owned(), at(t));
        out.insert(keys::PUBLIC_TITLE.to_owned(), at(t));
    }
    if let Some(t) = restored {
        out.insert(keys::RESTORED.to_owned(), at(t));
    }
    out
}

/// The public part of `i`, field by field (a field added to `Incident` must be decided here: it
/// does not reach the public by default).
fn public_incident(
    i: &Incident,
    settings: &Settings,
    hidden_items: &BTreeSet<&str>,
    restored: Option<Timestamp>,
) -> Incident {
    use crate::model::{IncidentLinks, Roles};
    // The responders' title stays home: both titles are the public one.
    let title = crate::comms::public_title(i, settings);
    let updates: Vec<_> = i
        .updates
        .iter()
        .filter(|u| u.public)
        .map(|u| {
            let mut u = u.clone();
            u.impact.clear();
            u.actions.clear();
            u.author = None;
            u
        })
        .collect();
    let public_ids: BTreeSet<&str> = updates.iter().map(|u| u.id.as_str()).collect();
    let published = i.postmortem.as_ref().is_some_and(|pm| pm.published);
    Incident {
        id: i.id.clone(),
        title: title.clone(),
        public_title: Some(title),
        workaround: i.workaround.clone(),
        severity: i.severity,
        status: i.status,
        drill: i.drill,
        components: i.components.clone(),
        detection: i.detection,
        started_at: i.started_at,
        detected_at: i.detected_at,
        declared_at: i.declared_at,
        acknowledged_at: i.acknowledged_at,
        resolved_at: i.resolved_at,
        roles: Roles::default(),
        // Only the changes of affected components stay: the site's history counts them.
        timeline: i
            .timeline
            .iter()
            .filter(|e| matches!(e.kind, EventKind::ComponentsChanged { .. }))
            .map(|e| {
                let mut e = e.clone();
                e.by = None;
                e
            })
            .collect(),
        corrections: i
            .corrections
            .iter()
            .filter(|c| public_ids.contains(c.update.as_str()))
            .map(|c| {
                let mut c = c.clone();
                c.by = None;
                c
            })
            .collect(),
        updates,
        links: IncidentLinks::default(),
        postmortem: i
            .postmortem
            .clone()
            .filter(|pm| pm.published)
            .map(|mut pm| {
                pm.markdown = without_action_items(&pm.markdown);
                pm
            }),
        // Only the follow-ups chosen for the public list, without owner or due date.
        action_items: i
            .action_items
            .iter()
            .filter(|a| a.public && published && !hidden_items.contains(a.id.as_str()))
            .map(|a| {
                let mut a = a.clone();
                a.owner = None;
                a.due = None;
                a.stamps = public_stamps(&a.stamps, |k| k != keys::OWNER && k != keys::DUE);
                a
            })
            .collect(),
        stamps: incident_stamps(i, settings, restored),
    }
}

/// Whether the public may see `incident`: a public update was posted, and it is no drill.
fn is_public(incident: &Incident) -> bool {
    !incident.drill && incident.updates.iter().any(|u| u.public)
}

/// The part of a workspace that may leave the team, as a bundle: exactly what the status site
/// shows and nothing else (no people, schedules, tool links, internal domains, internal updates,
/// template fields, timeline, roles, internal titles, incident links, action items other than a
/// published post-mortem's public follow-ups (without owner or due date), drills, draft
/// post-mortems or device names). Building the site from it gives the same site as building it
/// from the whole workspace.
///
/// So that public parts of several copies (a sync folder's `public/` holds one per browser)
/// merge to the latest public words, it keeps, as times without devices (all under `public`):
/// the edit times of the public fields (the public title's is the latest of what it follows);
/// when a deleted record was brought back; and the deletions of incidents and maintenance
/// windows that were public, of drills that posted a public update, and of follow-ups taken off
/// a published post-mortem's list (an id and a time, no words).
pub fn public_bundle(bundle: &Bundle) -> Bundle {
    use crate::model::{RecordKind, Tombstone};
    // What the tombstones hide, by id: nothing of the workspace is copied but what is public.
    let hidden = crate::merge::hidden(bundle);
    let live_settings = crate::merge::live_settings(&bundle.settings, &bundle.tombstones);
    let s = &*live_settings;
    let live_maintenances: Vec<&crate::model::Maintenance> = bundle
        .maintenances
        .iter()
        .filter(|m| !hidden.maintenances.contains(m.id.as_str()))
        .collect();
    let public_incidents: Vec<&Incident> = bundle
        .incidents
        .iter()
        .filter(|i| !hidden.incidents.contains(i.id.as_str()) && is_public(i))
        .collect();
    // Removed components that public incidents or maintenances name: kept with their deletion,
    // so the site built from this bundle names them on those incidents as the full one does.
    let named: BTreeSet<&str> = public_incidents
        .iter()
        .flat_map(|i| component_lists(i, None).map(|c| c.component.as_str()))
        .chain(
            live_maintenances
                .iter()
                .flat_map(|m| m.components.iter().map(String::as_str)),
        )
        .collect();
    let removed: Vec<&crate::model::Component> = bundle
        .settings
        .components
        .iter()
        .filter(|c| named.contains(c.id.as_str()) && s.component(&c.id).is_none())
        .collect();
    // A deletion as the public part keeps it: an id and a time, under the device `public`.
    let deletion = |kind: RecordKind, id: &str, deleted_at: Timestamp| Tombstone {
        kind,
        id: id.to_owned(),
        deleted_at,
        device: PUBLIC_DEVICE.to_owned(),
    };
    let tombstone = |kind: RecordKind, id: &str| {
        let at = crate::merge::deleted_at(&bundle.tombstones, kind, id)?;
        Some(deletion(kind, id, at))
    };
    let mut tombstones: Vec<Tombstone> = removed
        .iter()
        .filter_map(|c| tombstone(RecordKind::Component, &c.id))
        .collect();
    // The deletions of what was public here: merged with an older public part of another copy
    // (a sync folder's `public/` holds one per browser), they keep the deleted off the site.
    tombstones.extend(
        bundle
            .incidents
            .iter()
            .filter(|i| hidden.incidents.contains(i.id.as_str()) && is_public(i))
            .filter_map(|i| tombstone(RecordKind::Incident, &i.id)),
    );
    // A drill that posted a public update is off the site as if deleted, should an older copy
    // have it without the flag.
    tombstones.extend(
        bundle
            .incidents
            .iter()
            .filter(|i| !hidden.incidents.contains(i.id.as_str()))
            .filter(|i| i.drill && i.updates.iter().any(|u| u.public))
            .map(|i| {
                deletion(
                    RecordKind::Incident,
                    &i.id,
                    crate::merge::incident_last_edit(i),
                )
            }),
    );
    // Follow-ups taken off a published post-mortem's list, or deleted: an older copy's public
    // part may still list them.
    tombstones.extend(
        public_incidents
            .iter()
            .filter(|i| i.postmortem.as_ref().is_some_and(|pm| pm.published))
            .flat_map(|i| &i.action_items)
            .filter(|a| {
                let gone = hidden.action_items.contains(a.id.as_str());
                gone || (!a.public && a.stamps.contains_key(keys::PUBLIC))
            })
            .map(|a| {
                let last = crate::merge::action_item_last_edit(a);
                let deleted =
                    crate::merge::deleted_at(&bundle.tombstones, RecordKind::ActionItem, &a.id);
                deletion(
                    RecordKind::ActionItem,
                    &a.id,
                    deleted.map_or(last, |d| d.max(last)),
                )
            }),
    );
    // A record deleted and brought back carries when: its restore outweighs an older public
    // part's deletion.
    let restored = |kind: RecordKind, id: &str, last: Timestamp| {
        crate::merge::deleted_at(&bundle.tombstones, kind, id).map(|_| last)
    };
    tombstones.extend(
        bundle
            .maintenances
            .iter()
            .filter(|m| hidden.maintenances.contains(m.id.as_str()))
            .filter_map(|m| tombstone(RecordKind::Maintenance, &m.id)),
    );
    let settings = Settings {
        organization: s.organization.clone(),
        component_groups: s.component_groups.clone(),
        components: s
            .components
            .iter()
            .chain(removed.iter().copied())
            .cloned()
            .map(|mut c| {
                // A removed component's group may be gone too; it is shown in no group.
                if c.group
                    .as_ref()
                    .is_some_and(|g| !s.component_groups.iter().any(|x| &x.id == g))
                {
                    c.group = None;
                }
                c
            })
            .collect(),
        people: Vec::new(),
        oncall_schedules: Vec::new(),
        tool_links: Vec::new(),
        // Internal host names are themselves internal; business hours are not published.
        internal_domains: Vec::new(),
        business_hours: crate::model::BusinessHours::default(),
        // How the site counts uptime is printed on it: public.
        uptime_weights: s.uptime_weights,
        // The language the site speaks is public.
        site_language: s.site_language,
        playbook: crate::playbook::Playbook::default(),
        // The edit times of the organization, components and groups: the latest name wins.
        stamps: public_stamps(&s.stamps, |k| {
            k.starts_with(keys::ORGANIZATION)
                || k == keys::UPTIME_WEIGHTS
                || k == keys::SITE_LANGUAGE
                || k.strip_prefix(keys::COMPONENTS)
                    .is_some_and(|r| r.starts_with('/'))
                || k.strip_prefix(keys::COMPONENT_GROUPS)
                    .is_some_and(|r| r.starts_with('/'))
        }),
        conflicts: Vec::new(),
    };
    let incidents = public_incidents
        .into_iter()
        .map(|i| {
            let back = restored(
                RecordKind::Incident,
                &i.id,
                crate::merge::incident_last_edit(i),
            );
            public_incident(i, &bundle.settings, &hidden.action_items, back)
        })
        .collect();
    let maintenances = live_maintenances
        .into_iter()
        .map(|m| {
            let mut m = m.clone();
            let back = restored(
                RecordKind::Maintenance,
                &m.id,
                crate::merge::maintenance_last_edit(&m),
            );
            m.stamps = public_stamps(&m.stamps, |_| true);
            if let Some(t) = back {
                m.stamps.insert(keys::RESTORED.to_owned(), at(t));
            }
            m.conflicts.clear();
            m
        })
        .collect();
    Bundle {
        format: bundle.format.clone(),
        schema_version: bundle.schema_version,
        exported_at: bundle.exported_at,
        device_id: "public".to_owned(),
        // The public part of made-up data is made up too.
        sample: bundle.sample,
        settings,
        incidents,
        maintenances,
        tombstones,
    }
}
