//! The projection: which incidents, maintenances and components a workspace publishes at a
//! given time, and in what words.

use std::collections::{BTreeMap, BTreeSet};

use crate::bundle::Bundle;
use crate::model::{AffectedComponent, EventKind, Incident, MaintenanceStatus, Settings};
use crate::time::Timestamp;

use super::scope::Scope;
use super::{
    ComponentStatus, Indicator, PublicAffected, PublicComponent, PublicCorrection, PublicFollowUp,
    PublicGroup, PublicImpactChange, PublicIncident, PublicMaintenance, PublicMaintenanceUpdate,
    PublicPostmortem, PublicSite, PublicStatus, PublicUpdate, RETRACTED,
};

/// The incident's public updates at `now`, newest first, each as the public reads it: with its
/// corrections and retraction (those made by `now`) applied.
fn public_updates(i: &Incident, now: Timestamp) -> Vec<PublicUpdate> {
    let mut updates: Vec<PublicUpdate> = i
        .updates
        .iter()
        .filter(|u| u.public && u.at <= now)
        .map(|u| {
            let mut corrections: Vec<PublicCorrection> = i
                .corrections
                .iter()
                .filter(|c| c.update == u.id && c.at <= now)
                .map(|c| PublicCorrection {
                    id: c.id.clone(),
                    at: c.at,
                    body: c.message.clone(),
                })
                .collect();
            crate::sort::by(&mut corrections, |a, b| {
                a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
            });
            let last = corrections.last();
            PublicUpdate {
                id: u.id.clone(),
                status: u.status.into(),
                body: match last {
                    Some(c) => c.body.clone().unwrap_or_else(|| RETRACTED.to_owned()),
                    None => u.message.clone(),
                },
                at: u.at,
                updated_at: last.map_or(u.at, |c| c.at.max(u.at)),
                corrected_at: corrections
                    .iter()
                    .rev()
                    .find(|c| c.body.is_some())
                    .map(|c| c.at),
                retracted: last.is_some_and(|c| c.body.is_none()),
                corrections,
            }
        })
        .collect();
    crate::sort::by(&mut updates, |a, b| {
        b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id))
    });
    updates
}

/// The action items chosen for the published post-mortem's follow-up list.
fn follow_ups(i: &Incident, hidden: &BTreeSet<&str>) -> Vec<PublicFollowUp> {
    i.action_items
        .iter()
        .filter(|a| a.public && !a.action.trim().is_empty() && !hidden.contains(a.id.as_str()))
        .map(|a| PublicFollowUp {
            action: a.action.trim().to_owned(),
            status: a.status,
        })
        .collect()
}

/// Whether `incident` is on the status site at `now`: it is not a drill and the public was told
/// of it (a public update at or before `now`). [`project`] publishes exactly these.
pub fn on_site(incident: &Incident, now: Timestamp) -> bool {
    !incident.drill && incident.updates.iter().any(|u| u.public && u.at <= now)
}

/// Every list of affected components `incident` has had: the changes in its timeline (those up
/// to `until`, if given), then its current list.
pub(super) fn component_lists(
    incident: &Incident,
    until: Option<Timestamp>,
) -> impl Iterator<Item = &AffectedComponent> {
    incident
        .timeline
        .iter()
        .filter(move |e| until.is_none_or(|t| e.at <= t))
        .filter_map(|e| match &e.kind {
            EventKind::ComponentsChanged { components } => Some(components),
            _ => None,
        })
        .chain(std::iter::once(&incident.components))
        .flatten()
}

/// Each component `incident` affected up to `now`, at the worst impact it had: the changes in
/// its timeline and its current list, in the order they first appear.
pub fn worst_impacts(incident: &Incident, now: Timestamp) -> Vec<AffectedComponent> {
    let mut out: Vec<AffectedComponent> = Vec::new();
    for a in component_lists(incident, Some(now)) {
        match out.iter_mut().find(|o| o.component == a.component) {
            Some(o) => o.impact = o.impact.max(a.impact),
            None => out.push(a.clone()),
        }
    }
    out
}

/// Builds the public view of `bundle` at `now`. Records hidden by a tombstone are left out
/// ([`crate::merge::live`]).
pub fn project(bundle: &Bundle, now: Timestamp) -> PublicSite {
    project_with(bundle, now, None)
}

/// [`project`] with `draft` in place of the stored incident of the same id (or added, when the
/// bundle has none): the site as it will be once a draft (an update not yet posted, a post-mortem
/// not yet published) is saved, without copying the bundle.
pub fn project_with(bundle: &Bundle, now: Timestamp, draft: Option<&Incident>) -> PublicSite {
    project_scoped(bundle, now, draft, Scope::All)
}

/// [`project_with`] reading only the incidents of `scope`: what one page of a preview needs
/// (that page is the same as from the whole projection; the site's other pages are not).
pub fn project_scoped(
    bundle: &Bundle,
    now: Timestamp,
    draft: Option<&Incident>,
    scope: Scope<'_>,
) -> PublicSite {
    let r = Reading::new(bundle, now, scope.keeps_postmortem_text());
    // Only a draft of an incident the bundle has never held is added: a deleted one stays deleted.
    let added = draft.filter(|d| !bundle.incidents.iter().any(|i| i.id == d.id));
    let stored = bundle
        .incidents
        .iter()
        .filter(|i| !r.hidden.incidents.contains(i.id.as_str()))
        .map(|i| match draft {
            Some(d) if d.id == i.id => d,
            _ => i,
        });
    let chosen: Vec<&Incident> = stored
        .chain(added)
        .filter(|i| scope.reads(i, now) && on_site(i, now))
        .collect();
    // Each incident on its own: on every core where there are threads (site-gen).
    #[cfg(feature = "parallel")]
    let incidents: Vec<PublicIncident> = {
        use rayon::prelude::*;
        chosen.par_iter().map(|i| r.incident(i)).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let incidents: Vec<PublicIncident> = chosen.iter().map(|i| r.incident(i)).collect();
    r.site(incidents)
}

/// The first moment after `now` at which `incident`'s public view ([`Reading::incident`]) can
/// change by the clock alone: the next of its updates, corrections, events and post-mortem
/// publication (those are all it compares with the time); `None` when nothing is recorded after
/// `now`. Until then, at any later time, its view is the one at `now`.
pub(super) fn next_change(incident: &Incident, now: Timestamp) -> Option<Timestamp> {
    let i = incident;
    i.updates
        .iter()
        .map(|u| u.at)
        .chain(i.corrections.iter().map(|c| c.at))
        .chain(i.timeline.iter().map(|e| e.at))
        .chain(i.postmortem.as_ref().and_then(|p| p.published_at))
        .filter(|t| *t > now)
        .min()
}

/// The order of incidents on the site: the latest started first.
pub(super) fn newest_first(a: &PublicIncident, b: &PublicIncident) -> std::cmp::Ordering {
    b.started_at
        .cmp(&a.started_at)
        .then_with(|| a.id.cmp(&b.id))
}

/// What the projection reads besides each incident: the time, the settings (those the
/// tombstones leave, and every component's name for the incidents of a removed one) and what the
/// tombstones hide. An incident's public view reads nothing else ([`Reading::incident`]).
pub(super) struct Reading<'b> {
    bundle: &'b Bundle,
    pub(super) now: Timestamp,
    /// What the tombstones hide is left out ([`crate::merge::live`], read without copying the
    /// bundle: a preview projects on every change).
    pub(super) hidden: crate::merge::Hidden<'b>,
    settings: std::borrow::Cow<'b, Settings>,
    /// Whether published post-mortems keep their text and follow-ups ([`Scope::Recent`]).
    postmortem_text: bool,
}

impl<'b> Reading<'b> {
    pub(super) fn new(bundle: &'b Bundle, now: Timestamp, postmortem_text: bool) -> Self {
        Reading {
            bundle,
            now,
            hidden: crate::merge::hidden(bundle),
            settings: crate::merge::live_settings(&bundle.settings, &bundle.tombstones),
            postmortem_text,
        }
    }

    /// A component's public name; a removed component keeps its name on the incidents it was
    /// part of.
    fn name_of(&self, id: &str) -> String {
        self.settings
            .component(id)
            .or_else(|| self.bundle.settings.component(id))
            .map_or_else(|| id.to_owned(), |c| c.name.clone())
    }

    /// Affected components as the public names them.
    fn public_list(&self, list: &[AffectedComponent]) -> Vec<PublicAffected> {
        list.iter()
            .map(|c| PublicAffected {
                id: c.component.clone(),
                name: self.name_of(&c.component),
                impact: c.impact.into(),
            })
            .collect()
    }

    /// The public view of an incident that is [`on_site`] at `now`.
    pub(super) fn incident(&self, i: &Incident) -> PublicIncident {
        let (now, hidden) = (self.now, &self.hidden);
        let updates = public_updates(i, now);
        // `on_site`: there is at least one.
        // A retracted update says nothing: the status is the latest one still standing (a
        // "Resolved" posted by mistake and retracted leaves the incident open).
        let latest = updates.iter().find(|u| !u.retracted).unwrap_or(&updates[0]);
        let postmortem = i.postmortem.as_ref().filter(|p| p.published).and_then(|p| {
            p.published_at.filter(|at| *at <= now).map(|published_at| {
                if self.postmortem_text {
                    PublicPostmortem {
                        markdown: without_action_items(&p.markdown),
                        published_at,
                        follow_ups: follow_ups(i, &hidden.action_items),
                    }
                } else {
                    PublicPostmortem {
                        markdown: String::new(),
                        published_at,
                        follow_ups: Vec::new(),
                    }
                }
            })
        });
        let told_resolved = latest.status == PublicStatus::Resolved;
        let status = match (&postmortem, told_resolved) {
            (Some(_), true) => PublicStatus::Postmortem,
            _ => latest.status,
        };
        let created_at = updates.iter().map(|u| u.at).min().unwrap_or(i.declared_at);
        let mut updated_at = updates
            .iter()
            .map(|u| u.updated_at)
            .max()
            .unwrap_or(latest.at);
        if let Some(p) = &postmortem {
            updated_at = updated_at.max(p.published_at);
        }
        let monitoring_at = updates
            .iter()
            .filter(|u| u.status == PublicStatus::Monitoring)
            .map(|u| u.at)
            .min();
        let resolved_at = if told_resolved {
            i.resolved_at.or(Some(latest.at))
        } else {
            None
        };
        PublicIncident {
            id: i.id.clone(),
            title: crate::comms::public_title(i, &self.settings),
            workaround: i
                .workaround
                .as_deref()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !told_resolved)
                .map(str::to_owned),
            impact: Indicator::from_severity(i.severity),
            status,
            started_at: i.started_at,
            created_at,
            updated_at,
            monitoring_at,
            resolved_at,
            // An open incident shows its impact now; a resolved one, its worst on each
            // component (the history and uptime count that, not the impact at the end).
            components: self.public_list(&if told_resolved {
                worst_impacts(i, now)
            } else {
                i.components.clone()
            }),
            impact_history: i
                .timeline
                .iter()
                .filter(|e| e.at <= now)
                .filter_map(|e| match &e.kind {
                    EventKind::ComponentsChanged { components } => Some(PublicImpactChange {
                        at: e.at,
                        components: self.public_list(components),
                    }),
                    _ => None,
                })
                .collect(),
            updates,
            postmortem,
        }
    }

    /// The site of `incidents` (the public views of those chosen): the maintenances, the
    /// components' status and groups, the overall indicator.
    pub(super) fn site(&self, mut incidents: Vec<PublicIncident>) -> PublicSite {
        let (bundle, now, hidden) = (self.bundle, self.now, &self.hidden);
        let settings: &Settings = &self.settings;
        let name_of = |id: &str| self.name_of(id);
        crate::sort::by(&mut incidents, newest_first);

        let mut maintenances: Vec<PublicMaintenance> = bundle
            .maintenances
            .iter()
            .filter(|m| !hidden.maintenances.contains(m.id.as_str()))
            // Public once announced (an update is out) or once its window has opened.
            .filter(|m| m.scheduled_start <= now || m.updates.iter().any(|u| u.at <= now))
            .map(|m| {
                let mut updates: Vec<PublicMaintenanceUpdate> = m
                    .updates
                    .iter()
                    .filter(|u| u.at <= now)
                    .map(|u| PublicMaintenanceUpdate {
                        id: u.id.clone(),
                        status: u.status,
                        body: u.message.clone(),
                        at: u.at,
                    })
                    .collect();
                crate::sort::by(&mut updates, |a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
                // Updates say where a maintenance is; the clock moves it on when nobody did (as
                // Statuspage's automatic transitions do): in progress once the window opens,
                // completed once it has closed.
                let told = updates
                    .first()
                    .map_or(MaintenanceStatus::Scheduled, |u| u.status);
                // Only a maintenance nobody reported on moves by the clock: one reported in progress
                // or verifying stays so past its window (it overran) until someone says completed.
                let status = if told == MaintenanceStatus::Scheduled && now >= m.scheduled_end {
                    MaintenanceStatus::Completed
                } else if told == MaintenanceStatus::Scheduled && now >= m.scheduled_start {
                    MaintenanceStatus::InProgress
                } else {
                    told
                };
                // An automatic transition is announced as Statuspage announces its own.
                let auto = |updates: &mut Vec<PublicMaintenanceUpdate>, s: MaintenanceStatus, at: Timestamp, body: &str| {
                    if !updates.iter().any(|u| u.status == s) {
                        updates.push(PublicMaintenanceUpdate {
                            id: format!("{}-auto-{}", m.id, if s == MaintenanceStatus::Completed { "completed" } else { "in-progress" }),
                            status: s,
                            body: body.to_owned(),
                            at,
                        });
                    }
                };
                if status != MaintenanceStatus::Scheduled && told == MaintenanceStatus::Scheduled {
                    auto(&mut updates, MaintenanceStatus::InProgress, m.scheduled_start, "Scheduled maintenance is currently in progress. We will provide updates as necessary.");
                }
                if status == MaintenanceStatus::Completed && told != MaintenanceStatus::Completed {
                    auto(&mut updates, MaintenanceStatus::Completed, m.scheduled_end, "The scheduled maintenance has been completed.");
                }
                crate::sort::by(&mut updates, |a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
                let first_of =
                    |s: MaintenanceStatus| updates.iter().filter(|u| u.status == s).map(|u| u.at).min();
                PublicMaintenance {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    status,
                    scheduled_for: m.scheduled_start,
                    scheduled_until: m.scheduled_end,
                    components: m
                        .components
                        .iter()
                        .map(|c| PublicAffected {
                            id: c.clone(),
                            name: name_of(c),
                            impact: ComponentStatus::UnderMaintenance,
                        })
                        .collect(),
                    created_at: updates.last().map_or(m.scheduled_start, |u| u.at),
                    updated_at: updates.first().map_or(m.scheduled_start, |u| u.at),
                    started_at: first_of(MaintenanceStatus::InProgress)
                        .or((status != MaintenanceStatus::Scheduled).then_some(m.scheduled_start)),
                    completed_at: first_of(MaintenanceStatus::Completed)
                        .or((status == MaintenanceStatus::Completed).then_some(m.scheduled_end)),
                    updates,
                }
            })
            .collect();
        crate::sort::by(&mut maintenances, |a, b| {
            b.scheduled_for
                .cmp(&a.scheduled_for)
                .then_with(|| a.id.cmp(&b.id))
        });

        // Current component status: the worst impact of an unresolved public incident, else under
        // maintenance while a maintenance covering it is active, else operational.
        let mut status: BTreeMap<&str, (ComponentStatus, Timestamp)> = BTreeMap::new();
        for c in &settings.components {
            status.insert(&c.id, (ComponentStatus::Operational, c.created_at));
        }
        // The last change of a component: the latest incident or maintenance event touching it.
        for i in &incidents {
            for a in &i.components {
                if let Some(entry) = status.get_mut(a.id.as_str()) {
                    entry.1 = entry.1.max(i.updated_at);
                    if !i.is_resolved() && a.impact > entry.0 {
                        entry.0 = a.impact;
                    }
                }
            }
        }
        for m in &maintenances {
            for a in &m.components {
                if let Some(entry) = status.get_mut(a.id.as_str()) {
                    if m.is_active() || m.completed_at.is_some() {
                        entry.1 = entry.1.max(m.updated_at);
                    }
                    if m.is_active() && entry.0 == ComponentStatus::Operational {
                        entry.0 = ComponentStatus::UnderMaintenance;
                    }
                }
            }
        }

        let group_pos: BTreeMap<&str, u32> = settings
            .component_groups
            .iter()
            .map(|g| (g.id.as_str(), g.position))
            .collect();
        let mut components: Vec<PublicComponent> = settings
            .components
            .iter()
            .map(|c| {
                let (s, updated) = status
                    .get(c.id.as_str())
                    .copied()
                    .unwrap_or((ComponentStatus::Operational, c.created_at));
                PublicComponent {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    description: c.description.clone(),
                    group: c.group.clone(),
                    position: c.position,
                    status: s,
                    created_at: c.created_at,
                    updated_at: updated,
                }
            })
            .collect();
        crate::sort::by_key(&mut components, |c| {
            (
                c.group
                    .as_deref()
                    .and_then(|g| group_pos.get(g).copied())
                    .unwrap_or(0),
                c.position,
                c.id.clone(),
            )
        });

        let mut groups: Vec<PublicGroup> = settings
            .component_groups
            .iter()
            .map(|g| {
                let members: Vec<&PublicComponent> = components
                    .iter()
                    .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                    .collect();
                let created_at = members.iter().map(|c| c.created_at).min().unwrap_or(now);
                PublicGroup {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    description: g.description.clone(),
                    position: g.position,
                    components: members.iter().map(|c| c.id.clone()).collect(),
                    status: members
                        .iter()
                        .map(|c| c.status)
                        .max()
                        .unwrap_or(ComponentStatus::Operational),
                    created_at,
                    updated_at: members
                        .iter()
                        .map(|c| c.updated_at)
                        .max()
                        .unwrap_or(created_at),
                }
            })
            .collect();
        crate::sort::by_key(&mut groups, |g| (g.position, g.id.clone()));

        let from_components = components
            .iter()
            .map(|c| Indicator::from_component(c.status))
            .max()
            .unwrap_or(Indicator::None);
        let from_incidents = incidents
            .iter()
            .filter(|i| !i.is_resolved())
            .map(|i| i.impact)
            .max()
            .unwrap_or(Indicator::None);

        PublicSite {
            name: settings.organization.name.clone(),
            url: settings.organization.status_page_url.clone(),
            now,
            indicator: from_components.max(from_incidents),
            groups,
            components,
            incidents,
            maintenances,
            uptime_weights: settings.uptime_weights,
            language: settings.site_language,
        }
    }
}

/// A published post-mortem as the public reads it: the "Action Items" section (owners, due
/// dates: internal follow-up) is left out; everything else is as written. Headings are found by
/// the markdown parser, so every heading style counts (`## Action Items`, an underlined
/// heading, "Action items:", "Action Item Owners"), and the section runs to the next heading
/// of the same or a higher level.
pub fn without_action_items(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut cut: Vec<(usize, usize)> = Vec::new();
    // (level, start of the heading) of the section being cut.
    let mut open: Option<(u8, usize)> = None;
    let mut heading: Option<(u8, usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, text)) = heading.take() else {
                    continue;
                };
                if let Some((open_level, open_start)) = open {
                    if level <= open_level {
                        cut.push((open_start, start));
                        open = None;
                    }
                }
                let name = text
                    .trim()
                    .trim_end_matches(':')
                    .trim()
                    .to_ascii_lowercase();
                if open.is_none() && name.starts_with("action item") {
                    open = Some((level, start));
                }
            }
            _ => {}
        }
    }
    if let Some((_, start)) = open {
        cut.push((start, markdown.len()));
    }
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for (from, to) in cut {
        out.push_str(&markdown[at..from]);
        at = to;
    }
    out.push_str(&markdown[at..]);
    out
}
