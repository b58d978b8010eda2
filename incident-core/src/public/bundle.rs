//! The public bundle: the part of a workspace the status site is built from, and nothing more.

use std::collections::BTreeSet;

use crate::bundle::Bundle;
use crate::model::{EventKind, Incident};

use super::project::{component_lists, without_action_items};

/// Whether the public may see `incident`: a public update was posted, and it is no drill.
fn is_public(incident: &Incident) -> bool {
    !incident.drill && incident.updates.iter().any(|u| u.public)
}

/// The part of a workspace that may leave the team, as a bundle: exactly what the status site
/// shows and nothing else (no people, schedules, tool links, internal domains, internal updates,
/// template fields, timeline, roles, internal titles, incident links, action items other than a
/// published post-mortem's public follow-ups (without owner or due date), drills, draft
/// post-mortems, stamps or device names). Building
/// the site from it gives the same site as building it from the whole workspace. It keeps the
/// deletions of incidents and maintenance windows that were public (an id and a time, no
/// words), so that merged with an older copy's public part it still leaves them off the site.
pub fn public_bundle(bundle: &Bundle) -> Bundle {
    use crate::model::{RecordKind, Tombstone};
    use crate::model::{Roles, Settings, Stamps};
    let live = crate::merge::live(bundle);
    let s = &live.settings;
    let public_incidents: Vec<&Incident> = live.incidents.iter().filter(|i| is_public(i)).collect();
    // Removed components that public incidents or maintenances name: kept with their deletion,
    // so the site built from this bundle names them on those incidents as the full one does.
    let named: BTreeSet<&str> = public_incidents
        .iter()
        .flat_map(|i| component_lists(i, None).map(|c| c.component.as_str()))
        .chain(
            live.maintenances
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
    let tombstone = |kind: RecordKind, id: &str| {
        Some(Tombstone {
            kind,
            id: id.to_owned(),
            deleted_at: crate::merge::deleted_at(&bundle.tombstones, kind, id)?,
            device: "public".to_owned(),
        })
    };
    let mut tombstones: Vec<Tombstone> = removed
        .iter()
        .filter_map(|c| tombstone(RecordKind::Component, &c.id))
        .collect();
    // The deletions of what was public here: merged with an older public part of another copy
    // (a sync folder's `public/` holds one per browser), they keep the deleted off the site.
    let hidden = crate::merge::hidden_incidents(bundle);
    tombstones.extend(
        bundle
            .incidents
            .iter()
            .filter(|i| hidden.contains(i.id.as_str()) && is_public(i))
            .filter_map(|i| tombstone(RecordKind::Incident, &i.id)),
    );
    let live_maintenances: BTreeSet<&str> =
        live.maintenances.iter().map(|m| m.id.as_str()).collect();
    tombstones.extend(
        bundle
            .maintenances
            .iter()
            .filter(|m| !live_maintenances.contains(m.id.as_str()))
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
        playbook: crate::playbook::Playbook::default(),
        stamps: Stamps::new(),
        conflicts: Vec::new(),
    };
    let incidents = public_incidents
        .into_iter()
        .map(|i| {
            let mut p = i.clone();
            // The responders' title stays home: both titles are the public one.
            let title = crate::comms::public_title(i, &bundle.settings);
            p.title.clone_from(&title);
            p.public_title = Some(title);
            p.updates.retain(|u| u.public);
            let public_ids: BTreeSet<String> = p.updates.iter().map(|u| u.id.clone()).collect();
            p.corrections.retain(|c| public_ids.contains(&c.update));
            for c in &mut p.corrections {
                c.by = None;
            }
            p.links = crate::model::IncidentLinks::default();
            for u in &mut p.updates {
                u.impact.clear();
                u.actions.clear();
                u.author = None;
            }
            // Only the changes of affected components stay: the site's history counts them.
            p.timeline
                .retain(|e| matches!(e.kind, EventKind::ComponentsChanged { .. }));
            for e in &mut p.timeline {
                e.by = None;
            }
            p.roles = Roles::default();
            // Only the follow-ups chosen for the public list, without owner or due date.
            let published = p.postmortem.as_ref().is_some_and(|pm| pm.published);
            p.action_items.retain(|a| a.public && published);
            for a in &mut p.action_items {
                a.owner = None;
                a.due = None;
                a.stamps = Stamps::new();
            }
            p.stamps = Stamps::new();
            p.postmortem = p.postmortem.filter(|pm| pm.published).map(|mut pm| {
                pm.markdown = without_action_items(&pm.markdown);
                pm
            });
            p
        })
        .collect();
    let maintenances = live
        .maintenances
        .iter()
        .map(|m| {
            let mut m = m.clone();
            m.stamps = Stamps::new();
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
