//! The sample's post-mortems: which incidents get one, their action items, and the text on the
//! playbook's template, drawn after the incident's timeline is written.

use chrono::{Duration, TimeZone, Utc};
use rand::Rng;

use crate::model::{
    ActionItem, ActionStatus, Event, EventKind, IncidentStatus, Postmortem, Priority, Severity,
    Stamps,
};
use crate::time::Timestamp;

use super::response::Story;
use super::scenarios::{Scenario, ACTIONS, FACTORS, LESSONS, WENT_WELL, WENT_WRONG};
use super::{s, Gen, DAY, ENGINEERS};

impl Story<'_> {
    /// Post-mortems: every SEV1 and SEV2, some SEV3, every drill review. Written some hours
    /// after the resolution with two to four action items; most are published (drills never).
    pub(super) fn postmortem(&mut self, g: &mut Gen) -> (Option<Postmortem>, Vec<ActionItem>) {
        let (o, plan) = (self.o, self.plan);
        let (sev, drill, resolved) = (o.sev, plan.drill, o.resolved);
        let wants_postmortem = resolved.is_some()
            && (sev <= Severity::Sev2
                || drill
                || (sev == Severity::Sev3 && g.rng.random_ratio(1, 5)));
        let (true, Some(res)) = (wants_postmortem, resolved) else {
            return (None, Vec::new());
        };
        let written = res.plus_minutes(g.rng.random_range(6 * 60..46 * 60));
        let action_items = action_items(g, written, plan.now);
        let published = !drill && written < plan.now && g.rng.random_ratio(4, 5);
        let markdown = postmortem_markdown(
            g,
            &o.title,
            sev,
            self.sc,
            plan.start,
            res,
            &self.timeline,
            &action_items,
        );
        let postmortem = Some(Postmortem {
            markdown,
            published,
            published_at: published.then_some(written),
            updated_at: written,
        });
        if published {
            self.timeline
                .push(g.event(written, Some(&self.ic), EventKind::PostmortemPublished));
        }
        (postmortem, action_items)
    }
}

/// Two to four action items written with the post-mortem, due in one to six weeks; most of
/// those due before `now` are done.
fn action_items(g: &mut Gen, written: Timestamp, now: Timestamp) -> Vec<ActionItem> {
    let mut action_items = Vec::new();
    let count = g.rng.random_range(2..=4);
    for _ in 0..count {
        let due = written.datetime().date_naive() + Duration::days(g.rng.random_range(7..45));
        let due_ts = Timestamp::from_datetime(
            Utc.from_utc_datetime(&due.and_hms_opt(17, 0, 0).unwrap_or_default()),
        );
        let done = due_ts < now && g.rng.random_ratio(4, 5);
        let status = if done {
            ActionStatus::Done
        } else if g.rng.random_bool(0.3) {
            ActionStatus::InProgress
        } else {
            ActionStatus::Open
        };
        action_items.push(ActionItem {
            id: g.id(),
            action: s(g.pick::<&str>(ACTIONS)),
            owner: Some(g.person(ENGINEERS)),
            due: Some(due),
            priority: *g.pick(&[Priority::P0, Priority::P1, Priority::P1, Priority::P2]),
            status,
            created_at: written,
            completed_at: done.then(|| due_ts.plus_minutes(-g.rng.random_range(60..5 * DAY))),
            // The first follow-up of each post-mortem is on its public list.
            public: action_items.is_empty(),
            stamps: Stamps::new(),
        });
    }
    action_items
}

fn duration_text(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[allow(clippy::too_many_arguments)]
fn postmortem_markdown(
    g: &mut Gen,
    title: &str,
    sev: Severity,
    sc: &Scenario,
    start: Timestamp,
    end: Timestamp,
    timeline: &[Event],
    actions: &[ActionItem],
) -> String {
    let mut key = Vec::new();
    for e in timeline {
        let line = match &e.kind {
            EventKind::Declared { .. } => Some(s("Incident declared")),
            EventKind::Acknowledged => Some(s("Engineer acknowledged")),
            EventKind::StatusChanged {
                to: IncidentStatus::Identified,
                ..
            } => Some(s("Root cause identified")),
            EventKind::StatusChanged {
                to: IncidentStatus::Monitoring,
                ..
            } => Some(s("Mitigation applied")),
            EventKind::StatusChanged {
                to: IncidentStatus::Resolved,
                ..
            } => Some(s("Incident resolved")),
            EventKind::Decision {
                outcome: Some(o), ..
            } => Some(format!("Decision: {o}")),
            _ => None,
        };
        if let Some(line) = line {
            key.push(format!("- {} - {line}", e.at.utc_hhmm()));
        }
    }
    let mut md = String::new();
    md.push_str(&format!(
        "# Incident Post-Mortem: {title}\n\n## Incident Summary\n"
    ));
    md.push_str(&format!("- Date: {}\n", start.utc_date()));
    md.push_str(&format!(
        "- Duration: {} - {} ({})\n",
        start.utc_hhmm(),
        end.utc_hhmm(),
        duration_text(end.minutes_since(start))
    ));
    md.push_str(&format!("- Severity: {sev}\n- Impact: {}\n\n", sc.impact));
    md.push_str("## Timeline\nAll times UTC.\n\n");
    md.push_str(&format!("- {} - Problem began\n", start.utc_hhmm()));
    md.push_str(&key.join("\n"));
    md.push_str(&format!(
        "\n\n## Root Cause\n{}\n\n## Contributing Factors\n",
        sc.cause
    ));
    for _ in 0..2 {
        md.push_str(&format!("- {}\n", g.pick(FACTORS)));
    }
    md.push_str("\n## What Went Well\n");
    md.push_str(&format!("- {}\n- {}\n", g.pick(WENT_WELL), sc.fix));
    md.push_str("\n## What Went Wrong\n");
    md.push_str(&format!("- {}\n", g.pick(WENT_WRONG)));
    md.push_str("\n## Action Items\n| Action | Owner | Due Date | Priority |\n|--------|-------|----------|----------|\n");
    for a in actions {
        let owner = a
            .owner
            .as_deref()
            .and_then(|o| g.settings.person(o))
            .map_or("", |p| p.name.as_str());
        let due = a.due.map(|d| d.to_string()).unwrap_or_default();
        md.push_str(&format!(
            "| {} | {owner} | {due} | {:?} |\n",
            a.action, a.priority
        ));
    }
    md.push_str(&format!("\n## Lessons Learned\n{}\n", g.pick(LESSONS)));
    md
}
