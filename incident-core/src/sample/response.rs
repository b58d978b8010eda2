//! The response to one sample incident as its timeline and status updates: declared, the first
//! response once acknowledged (roles, checklists, escalation), the updates while investigating,
//! then identified, monitoring and resolved. Each step draws its event ids in the order the
//! events are written.

use rand::Rng;

use crate::model::{
    AffectedComponent, Event, EventKind, IncidentStatus, Role, Roles, Severity, StatusUpdate,
};
use crate::playbook::checklist_ids;
use crate::time::Timestamp;

use super::incident::Outline;
use super::scenarios::Scenario;
use super::{s, Gen, Plan, ENGINEERS};

/// An incident's records as the response writes them.
pub(super) struct Story<'a> {
    pub(super) plan: &'a Plan<'a>,
    pub(super) sc: &'a Scenario,
    pub(super) o: &'a Outline,
    pub(super) on_call: String,
    /// The incident commander.
    pub(super) ic: String,
    pub(super) components: Vec<AffectedComponent>,
    /// Whether the status page hears of it.
    public_facing: bool,
    /// The affected components' names, for the updates ("REST API and GraphQL API").
    affected: String,
    /// How many affected components the settings name (the resolved update says "is" or "are").
    named: usize,
    pub(super) roles: Roles,
    pub(super) timeline: Vec<Event>,
    pub(super) updates: Vec<StatusUpdate>,
    /// The severity updates are posted at: the declared one until it is raised.
    sev_now: Severity,
    /// The status the next status change starts from.
    status: IncidentStatus,
}

/// Ticks a checklist item. SEV4s are tickets: nobody works through the first-responder checklist
/// for a typo.
fn tick(
    g: &mut Gen,
    sev: Severity,
    list: &str,
    item: &str,
    at: Timestamp,
    by: &str,
    timeline: &mut Vec<Event>,
) {
    if sev == Severity::Sev4 && list == checklist_ids::FIRST_RESPONDER {
        return;
    }
    timeline.push(g.event(
        at,
        Some(by),
        EventKind::ChecklistItemDone {
            checklist: s(list),
            item: s(item),
        },
    ));
}

impl<'a> Story<'a> {
    /// Declared by whoever is on call, who names the incident commander (the engineering manager
    /// for half the SEV1s).
    pub(super) fn declare(g: &mut Gen, plan: &'a Plan<'a>, o: &'a Outline) -> Story<'a> {
        let sc = plan.scenario;
        let on_call = g
            .settings
            .oncall_schedules
            .first()
            .and_then(|sch| sch.on_call_at(o.declared))
            .map_or_else(|| s("p-jonas"), s);
        let ic = if o.sev == Severity::Sev1 && g.rng.random_bool(0.5) {
            s("p-maya")
        } else {
            on_call.clone()
        };
        let components: Vec<AffectedComponent> = sc
            .components
            .iter()
            .map(|(c, impact)| AffectedComponent {
                component: s(c),
                impact: *impact,
            })
            .collect();
        let names: Vec<&str> = sc
            .components
            .iter()
            .filter_map(|(c, _)| g.settings.component(c).map(|c| c.name.as_str()))
            .collect();
        let mut story = Story {
            plan,
            sc,
            o,
            public_facing: !components.is_empty() && !plan.drill,
            affected: if names.is_empty() {
                s("the dashboard")
            } else {
                names.join(" and ")
            },
            named: names.len(),
            components,
            roles: Roles::default(),
            timeline: Vec::new(),
            updates: Vec::new(),
            sev_now: o.declared_sev,
            status: IncidentStatus::Investigating,
            on_call,
            ic,
        };
        story.timeline.push(g.event(
            o.declared,
            Some(&story.on_call),
            EventKind::Declared {
                severity: o.declared_sev,
            },
        ));
        story
            .roles
            .set(Role::IncidentCommander, Some(story.ic.clone()));
        story.timeline.push(g.event(
            o.declared,
            Some(&story.on_call),
            EventKind::RoleAssigned {
                role: Role::IncidentCommander,
                person: Some(story.ic.clone()),
            },
        ));
        story
    }

    /// Posts a status update by the incident commander; the next is due after the cadence of
    /// the severity at the time.
    fn update(
        &mut self,
        g: &mut Gen,
        at: Timestamp,
        status: IncidentStatus,
        public: bool,
        message: String,
        actions: &str,
    ) {
        let id = g.id();
        let next = g
            .settings
            .playbook
            .update_minutes(self.sev_now)
            .map(|m| at.plus_minutes(i64::from(m)));
        let by = self.ic.clone();
        self.updates.push(StatusUpdate {
            id: id.clone(),
            at,
            status,
            severity: self.sev_now,
            impact: s(self.sc.impact),
            actions: s(actions),
            message,
            next_update_at: if status == IncidentStatus::Resolved {
                None
            } else {
                next
            },
            public,
            author: Some(by.clone()),
        });
        self.timeline.push(g.event(
            at,
            Some(&by),
            EventKind::UpdatePosted { update: id, public },
        ));
    }

    /// The incident commander moves the status on.
    fn change(&mut self, g: &mut Gen, at: Timestamp, to: IncidentStatus) {
        self.timeline.push(g.event(
            at,
            Some(&self.ic),
            EventKind::StatusChanged {
                from: self.status,
                to,
            },
        ));
        self.status = to;
    }

    /// From the acknowledgement: the first responder's checklist, roles, the first update, the
    /// initial checks, escalation and paging for a SEV1, the raise of a severity, a note.
    pub(super) fn first_response(&mut self, g: &mut Gen, ack: Timestamp) {
        let sev = self.o.sev;
        self.timeline
            .push(g.event(ack, Some(&self.on_call), EventKind::Acknowledged));
        for (minutes, item) in [
            (0, "acknowledge"),
            (1, "join-channel"),
            (2, "assess-severity"),
        ] {
            tick(
                g,
                sev,
                checklist_ids::FIRST_RESPONDER,
                item,
                ack.plus_minutes(minutes),
                &self.on_call,
                &mut self.timeline,
            );
        }
        self.assign_roles(g, ack);
        self.first_update(g, ack);
        tick(
            g,
            sev,
            checklist_ids::FIRST_RESPONDER,
            "investigate",
            ack.plus_minutes(4),
            &self.on_call,
            &mut self.timeline,
        );
        if sev <= Severity::Sev2 {
            for (k, item) in [
                "dashboards",
                "deployments",
                "resources",
                "error-logs",
                "dependencies",
            ]
            .iter()
            .enumerate()
            {
                tick(
                    g,
                    sev,
                    checklist_ids::INITIAL_CHECKS,
                    item,
                    ack.plus_minutes(5 + k as i64),
                    &self.on_call,
                    &mut self.timeline,
                );
            }
        }
        if sev == Severity::Sev1 {
            self.escalate(g, ack);
        }
        if self.o.raised {
            self.timeline.push(g.event(
                ack.plus_minutes(7),
                Some(&self.ic),
                EventKind::SeverityChanged {
                    from: self.o.declared_sev,
                    to: sev,
                },
            ));
            self.sev_now = sev;
        }
        if sev <= Severity::Sev2 {
            self.timeline.push(g.event(
                ack.plus_minutes(9),
                Some("p-tom"),
                EventKind::Note {
                    text: format!(
                        "Error rate graphs shared in the channel; {}",
                        self.sc.impact.to_lowercase()
                    ),
                },
            ));
        }
    }

    /// A technical lead is drawn for every incident; SEV1s and SEV2s also get the technical
    /// lead, a communications lead and the scribe assigned.
    fn assign_roles(&mut self, g: &mut Gen, ack: Timestamp) {
        let tl = g.person(ENGINEERS);
        if self.o.sev > Severity::Sev2 {
            return;
        }
        self.roles.set(Role::TechnicalLead, Some(tl.clone()));
        self.timeline.push(g.event(
            ack.plus_minutes(2),
            Some(&self.ic),
            EventKind::RoleAssigned {
                role: Role::TechnicalLead,
                person: Some(tl),
            },
        ));
        let cl = g.person(&["p-hannah", "p-omar"]);
        self.roles.set(Role::CommunicationsLead, Some(cl.clone()));
        self.timeline.push(g.event(
            ack.plus_minutes(3),
            Some(&self.ic),
            EventKind::RoleAssigned {
                role: Role::CommunicationsLead,
                person: Some(cl),
            },
        ));
        self.roles.set(Role::Scribe, Some(s("p-tom")));
        self.timeline.push(g.event(
            ack.plus_minutes(3),
            Some(&self.ic),
            EventKind::RoleAssigned {
                role: Role::Scribe,
                person: Some(s("p-tom")),
            },
        ));
    }

    /// The first update: on the status page (ticking that item) when customers see the
    /// problem, internal otherwise.
    fn first_update(&mut self, g: &mut Gen, ack: Timestamp) {
        let sc = self.sc;
        if self.public_facing && self.o.sev <= Severity::Sev3 {
            let at = ack.plus_minutes(3);
            let message = format!(
                "We are investigating reports of problems with {}. {}",
                self.affected, sc.impact
            );
            self.update(
                g,
                at,
                IncidentStatus::Investigating,
                true,
                message,
                "Investigating",
            );
            tick(
                g,
                self.o.sev,
                checklist_ids::FIRST_RESPONDER,
                "status-page",
                at,
                &self.on_call,
                &mut self.timeline,
            );
        } else {
            self.update(
                g,
                ack.plus_minutes(3),
                IncidentStatus::Investigating,
                false,
                format!("Investigating: {}", sc.title.to_lowercase()),
                "Looking at dashboards and recent changes",
            );
        }
    }

    /// A SEV1 engages the escalation matrix's levels past on-call as they fall due while it is
    /// open, and pages for help when the scenario does.
    fn escalate(&mut self, g: &mut Gen, ack: Timestamp) {
        let (o, plan) = (self.o, self.plan);
        let settings = g.settings;
        for rule in settings
            .playbook
            .escalation_due(Severity::Sev1, 60)
            .into_iter()
            .skip(1)
        {
            let at = o.declared.plus_minutes(i64::from(rule.after_minutes));
            let end = o.resolved.or(Some(plan.now)).unwrap_or(plan.now);
            if at <= end && at >= ack {
                let who = settings
                    .people
                    .iter()
                    .find(|p| p.escalation_levels.contains(&rule.level))
                    .map(|p| p.id.clone());
                self.timeline.push(g.event(
                    at,
                    Some(&self.ic),
                    EventKind::EscalationEngaged {
                        level: rule.level.clone(),
                        person: who,
                    },
                ));
            }
        }
        if let Some((handle, msg)) = self.sc.page {
            self.timeline.push(g.event(
                ack.plus_minutes(6),
                Some(&self.ic),
                EventKind::Paged {
                    target: format!("@{handle}"),
                    message: s(msg),
                },
            ));
        }
    }

    /// Regular internal updates by the severity's cadence while investigating (six at most).
    pub(super) fn investigating_updates(&mut self, g: &mut Gen) {
        let (o, plan, sc) = (self.o, self.plan, self.sc);
        let cadence = g.settings.playbook.update_minutes(o.sev);
        let (Some(ack), Some(cadence)) = (o.acknowledged, cadence) else {
            return;
        };
        let until = o.identified.unwrap_or(plan.now);
        let mut at = ack.plus_minutes(3 + i64::from(cadence));
        let mut count = 0;
        while at < until && count < 6 {
            self.update(
                g,
                at,
                IncidentStatus::Investigating,
                false,
                format!("Still investigating. {}", sc.impact),
                "Checking recent deployments and dependencies",
            );
            at = at.plus_minutes(i64::from(cadence));
            count += 1;
        }
    }

    /// The cause is found: the rollback decision tree's outcome a minute before, then the status.
    pub(super) fn identified(&mut self, g: &mut Gen, at: Timestamp) {
        let sc = self.sc;
        if let Some((text, outcome)) = sc.decision {
            self.timeline.push(g.event(
                at.plus_minutes(-1),
                Some(&self.ic),
                EventKind::Decision {
                    text: s(text),
                    outcome: Some(s(outcome)),
                },
            ));
        }
        self.change(g, at, IncidentStatus::Identified);
        self.update(
            g,
            at,
            IncidentStatus::Identified,
            self.public_facing,
            s("The issue has been identified and a fix is being implemented."),
            sc.fix,
        );
    }

    pub(super) fn monitoring(&mut self, g: &mut Gen, at: Timestamp) {
        self.change(g, at, IncidentStatus::Monitoring);
        self.update(
            g,
            at,
            IncidentStatus::Monitoring,
            self.public_facing,
            s("A fix has been implemented and we are monitoring the results."),
            "Watching error rates and latency",
        );
    }

    /// Resolved: the resolution checklist (SEV1, SEV2), the status and the last update, then
    /// the immediate actions over the next hours (SEV1, SEV2 and drills).
    pub(super) fn resolved(&mut self, g: &mut Gen, at: Timestamp) {
        let sev = self.o.sev;
        let items: &[&str] = if sev <= Severity::Sev2 {
            &[
                "primary-issue",
                "error-rates",
                "response-times",
                "health-checks",
                "no-complaints",
            ]
        } else {
            &[]
        };
        for item in items {
            tick(
                g,
                sev,
                checklist_ids::RESOLUTION,
                item,
                at,
                &self.ic,
                &mut self.timeline,
            );
        }
        self.change(g, at, IncidentStatus::Resolved);
        let message = format!(
            "This incident has been resolved. {} {} operating normally.",
            self.affected,
            if self.named > 1 { "are" } else { "is" }
        );
        self.update(
            g,
            at,
            IncidentStatus::Resolved,
            self.public_facing,
            message,
            "Resolved; recovery monitoring for 30 minutes",
        );
        if sev <= Severity::Sev2 || self.plan.drill {
            for (k, item) in [
                "update-ticket",
                "all-clear",
                "thank-responders",
                "schedule-postmortem",
            ]
            .iter()
            .enumerate()
            {
                tick(
                    g,
                    sev,
                    checklist_ids::IMMEDIATE_ACTIONS,
                    item,
                    at.plus_minutes(40 + 30 * k as i64),
                    &self.ic,
                    &mut self.timeline,
                );
            }
        }
    }
}
