//! One incident of the sample, written step by step in the order of its random draws: its
//! outline (what it is and when each stage was reached), the response ([`Story`]), the
//! post-mortem, and its id last. Moving a draw from one step to another changes this incident
//! and every one after it, so the steps run in this order only.

use rand::Rng;

use crate::model::{
    DetectionSource, Event, EventKind, Incident, IncidentLinks, IncidentStatus, Severity, Stamp,
    Stamps,
};
use crate::stamp_keys as keys;
use crate::time::Timestamp;

use super::response::Story;
use super::scenarios::{DRILLS, SCENARIOS};
use super::{s, Gen, Plan};

/// What an incident is and when each stage of it was reached, drawn before anything is written.
pub(super) struct Outline {
    pub(super) title: String,
    /// The severity the incident ends with.
    pub(super) sev: Severity,
    /// Declared a level lower and raised during the response.
    pub(super) raised: bool,
    pub(super) declared_sev: Severity,
    pub(super) detection: DetectionSource,
    pub(super) detected: Timestamp,
    pub(super) declared: Timestamp,
    pub(super) acknowledged: Option<Timestamp>,
    pub(super) identified: Option<Timestamp>,
    pub(super) monitoring: Option<Timestamp>,
    pub(super) resolved: Option<Timestamp>,
}

/// The times at which the response reached each stage (`None`: not reached).
struct Stages {
    acknowledged: Option<Timestamp>,
    identified: Option<Timestamp>,
    monitoring: Option<Timestamp>,
    resolved: Option<Timestamp>,
}

pub(super) fn incident(g: &mut Gen, plan: &Plan) -> Incident {
    let o = outline(g, plan);
    let mut story = Story::declare(g, plan, &o);
    if let Some(ack) = o.acknowledged {
        story.first_response(g, ack);
    }
    story.investigating_updates(g);
    if let Some(at) = o.identified {
        story.identified(g, at);
    }
    if let Some(at) = o.monitoring {
        story.monitoring(g, at);
    }
    if let Some(at) = o.resolved {
        story.resolved(g, at);
    }
    crate::sort::by_key(&mut story.timeline, |e| e.at);
    crate::sort::by_key(&mut story.updates, |u| u.at);
    let (postmortem, action_items) = story.postmortem(g);
    let Story {
        components,
        roles,
        timeline,
        updates,
        ..
    } = story;
    let stamps = stamps(&timeline, o.declared);

    // The sample's titles are fit for the public: where it published, the writer chose its own.
    let public_title = updates.iter().any(|u| u.public).then(|| o.title.clone());
    Incident {
        id: g.id(),
        title: o.title,
        public_title,
        workaround: None,
        severity: o.sev,
        status: plan.status,
        drill: plan.drill,
        components,
        detection: o.detection,
        started_at: plan.start,
        detected_at: o.detected,
        declared_at: o.declared,
        acknowledged_at: o.acknowledged,
        resolved_at: o.resolved,
        roles,
        timeline,
        updates,
        corrections: Vec::new(),
        links: IncidentLinks::default(),
        postmortem,
        action_items,
        stamps,
    }
}

/// The title, the severity (one in eight starts a level lower and is raised), how the problem
/// was found and when it was declared, then the stages of the response.
fn outline(g: &mut Gen, plan: &Plan) -> Outline {
    let sc = plan.scenario;
    let drill = plan.drill;
    let title = if drill {
        format!(
            "[Drill] {}",
            DRILLS[SCENARIOS
                .iter()
                .position(|x| std::ptr::eq(x, sc))
                .unwrap_or(0)
                % DRILLS.len()]
        )
    } else {
        s(sc.title)
    };
    let sev = sc.severity;
    let raised = !drill && sev != Severity::Sev4 && g.rng.random_ratio(1, 8);
    let declared_sev = if raised {
        Severity::ALL[sev as usize + 1]
    } else {
        sev
    };
    let detection = if drill {
        DetectionSource::Manual
    } else {
        match g.rng.random_range(0..10) {
            0..6 => DetectionSource::AutomatedAlert,
            6..8 => DetectionSource::CustomerReport,
            8 => DetectionSource::Engineer,
            _ => DetectionSource::Manual,
        }
    };
    let start = plan.start;
    let detect_delay = match detection {
        DetectionSource::AutomatedAlert => g.rng.random_range(1..4),
        DetectionSource::CustomerReport => g.rng.random_range(8..40),
        _ => g.rng.random_range(3..20),
    };
    // An open incident was detected and declared within the time it has been running.
    let room = if plan.status.is_open() {
        (plan.now.minutes_since(start) / 4).max(0)
    } else {
        i64::MAX
    };
    let detected = start.plus_minutes(if drill { 0 } else { detect_delay.min(room) });
    let declared = detected.plus_minutes(g.rng.random_range(0..3).min(room));
    let stages = stages(g, plan, sev, declared_sev, declared);
    Outline {
        title,
        sev,
        raised,
        declared_sev,
        detection,
        detected,
        declared,
        acknowledged: stages.acknowledged,
        identified: stages.identified,
        monitoring: stages.monitoring,
        resolved: stages.resolved,
    }
}

/// When the incident was acknowledged (within the SLA nine times in ten), identified, monitored
/// and resolved; an open incident's history is squeezed into the time since it started.
fn stages(
    g: &mut Gen,
    plan: &Plan,
    sev: Severity,
    declared_sev: Severity,
    declared: Timestamp,
) -> Stages {
    let pb = &g.settings.playbook;
    let sla = pb.response_minutes(declared_sev).map_or(8 * 60, i64::from);
    let ack_delay = if g.rng.random_ratio(9, 10) {
        g.rng.random_range(1..=sla.max(2) - 1)
    } else {
        g.rng.random_range(sla + 1..sla * 2 + 2)
    };
    let scale = match sev {
        Severity::Sev1 => 1,
        Severity::Sev2 => 2,
        Severity::Sev3 => 5,
        Severity::Sev4 => 30,
    };
    let to_identified = g.rng.random_range(8..40) * scale;
    let to_monitoring = g.rng.random_range(10..50) * scale;
    let to_resolved = g.rng.random_range(15..45) * scale;
    let mut acknowledged = Some(declared.plus_minutes(ack_delay));
    let mut identified = acknowledged.map(|a| a.plus_minutes(to_identified));
    // A SEV4 goes straight from identified to resolved.
    let mut monitoring = identified
        .filter(|_| sev != Severity::Sev4)
        .map(|t| t.plus_minutes(to_monitoring));
    let mut resolved = monitoring
        .or(identified)
        .map(|t| t.plus_minutes(to_resolved));
    // Open incidents: squeeze their history into the time since they started.
    if plan.status.is_open() {
        let elapsed = plan.now.minutes_since(declared).max(4);
        let at = |fraction: i64| Some(declared.plus_minutes(elapsed * fraction / 100));
        resolved = None;
        match plan.status {
            IncidentStatus::Monitoring => {
                acknowledged = at(8);
                identified = at(40);
                monitoring = at(75);
            }
            IncidentStatus::Identified => {
                acknowledged = at(20);
                identified = at(70);
                monitoring = None;
            }
            _ => {
                acknowledged = None;
                identified = None;
                monitoring = None;
            }
        }
    }
    Stages {
        acknowledged,
        identified,
        monitoring,
        resolved,
    }
}

/// The stamps of the fields the sample's history changed: the status and the severity, at
/// their last change (the declaration when they never changed).
fn stamps(timeline: &[Event], declared: Timestamp) -> Stamps {
    let mut stamps = Stamps::new();
    let device = s("sample");
    let last_status = timeline
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::StatusChanged { .. }))
        .map_or(declared, |e| e.at);
    stamps.insert(
        s(keys::STATUS),
        Stamp {
            at: last_status,
            device: device.clone(),
        },
    );
    let last_sev = timeline
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::SeverityChanged { .. }))
        .map_or(declared, |e| e.at);
    stamps.insert(
        s(keys::SEVERITY),
        Stamp {
            at: last_sev,
            device,
        },
    );
    stamps
}
