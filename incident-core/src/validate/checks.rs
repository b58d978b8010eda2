//! The semantic checks of a parsed bundle: ids, references between records, times in order,
//! the playbook's rules.

use std::collections::BTreeSet;

use crate::bundle::Bundle;
use crate::model::{EventKind, Incident};
use crate::playbook::DecisionTree;
use crate::time::Timestamp;

use super::{is_valid_id, Problem};

/// [`check`](super::check) without the cap, for a caller that adds problems of its own before
/// capping.
pub(super) fn check_all(bundle: &Bundle) -> Vec<Problem> {
    check_all_but(bundle, &[])
}

/// [`check_all`], leaving out the checks of each incident on its own (its records, its lengths)
/// where `passed` says the incident passed them before against the same settings (they read
/// nothing else). The check across incidents (ids unique) still covers every one.
pub(super) fn check_all_but(bundle: &Bundle, passed: &[bool]) -> Vec<Problem> {
    let mut c = Checker::default();
    c.run(bundle, passed);
    c.problems
}

/// A list's ids, sorted (duplicates kept), to look one up.
struct Ids<'a>(Vec<&'a str>);

impl Ids<'_> {
    fn contains(&self, id: &str) -> bool {
        self.0.binary_search(&id).is_ok()
    }
}

/// What an incident's references are checked against, gathered once for every incident.
struct Known<'a> {
    components: Ids<'a>,
    people: Ids<'a>,
    /// Every (checklist, item) pair of the playbook, sorted.
    checklist_items: Vec<(&'a str, &'a str)>,
    playbook: &'a crate::playbook::Playbook,
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    /// Checks that each id is well-formed and unique among `items`; returns the set of ids.
    /// (Sorted, not hashed: a record's lists are short, and this runs for every list of every
    /// record of the workspace.)
    fn ids<'a>(
        &mut self,
        items: impl Iterator<Item = &'a str>,
        path: impl Fn() -> String,
        what: &str,
    ) -> Ids<'a> {
        let mut sorted: Vec<(&str, usize)> = items.enumerate().map(|(i, id)| (id, i)).collect();
        // Equal ids stay in their order: the first of each run is where the id was first used.
        crate::sort::by(&mut sorted, |a, b| a.0.cmp(b.0));
        let mut found: Vec<(usize, Problem)> = Vec::new();
        let mut first = 0;
        for k in 0..sorted.len() {
            let (id, i) = sorted[k];
            // Paths are formatted only for a problem: the checks run over every record.
            let here = || format!("{}[{i}].id", path());
            if !is_valid_id(id) {
                found.push((
                    i,
                    Problem::new(
                        here(),
                        format!("{what} id {id:?} must be 1 to 64 letters, digits, '-' or '_'"),
                    ),
                ));
            }
            if k > 0 && sorted[k - 1].0 == id {
                found.push((
                    i,
                    Problem::new(
                        here(),
                        format!(
                            "duplicate {what} id {id:?}: also used at {}[{}]",
                            path(),
                            sorted[first].1
                        ),
                    ),
                ));
            } else {
                first = k;
            }
        }
        // In the order of the list, as a reader goes through it.
        crate::sort::by_key(&mut found, |(i, _)| *i);
        self.problems.extend(found.into_iter().map(|(_, p)| p));
        Ids(sorted.into_iter().map(|(id, _)| id).collect())
    }

    fn before(
        &mut self,
        path: impl Fn() -> String,
        earlier: (&str, Timestamp),
        later: (&str, Timestamp),
    ) {
        if later.1 < earlier.1 {
            self.push(
                path(),
                format!(
                    "{} ({}) is before {} ({}); times cannot go backwards",
                    later.0, later.1, earlier.0, earlier.1
                ),
            );
        }
    }

    fn in_order(
        &mut self,
        times: impl Iterator<Item = Timestamp>,
        path: impl Fn() -> String,
        what: &str,
    ) {
        let mut prev: Option<Timestamp> = None;
        for (i, at) in times.enumerate() {
            if let Some(p) = prev {
                if at < p {
                    self.push(
                        format!("{}[{i}].at", path()),
                        format!(
                            "{what} out of order: {at} is before the previous {what} ({p}); {what}s must be in time order"
                        ),
                    );
                }
            }
            prev = Some(at);
        }
    }

    /// Titles and short fields within [`crate::limits`]; an incident of `passed` passed these
    /// checks before.
    fn lengths(&mut self, b: &Bundle, passed: &[bool]) {
        use crate::limits::{settings_too_long, too_long, TITLE};
        for (path, m) in settings_too_long(&b.settings) {
            self.push(format!("$.settings.{path}"), m);
        }
        for (i, inc) in b.incidents.iter().enumerate() {
            if passed.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Some(m) = too_long("The incident's title", &inc.title, TITLE) {
                self.push(format!("$.incidents[{i}].title"), m);
            }
            if let Some(m) = inc
                .public_title
                .as_deref()
                .and_then(|t| too_long("The public title", t, TITLE))
            {
                self.push(format!("$.incidents[{i}].public_title"), m);
            }
            if let Some(m) = inc
                .workaround
                .as_deref()
                .and_then(|t| too_long("The workaround", t, crate::limits::WORKAROUND))
            {
                self.push(format!("$.incidents[{i}].workaround"), m);
            }
        }
        for (i, m) in b.maintenances.iter().enumerate() {
            if let Some(m) = too_long("The maintenance's title", &m.title, TITLE) {
                self.push(format!("$.maintenances[{i}].title"), m);
            }
        }
    }

    fn run(&mut self, b: &Bundle, passed: &[bool]) {
        if b.device_id.trim().is_empty() {
            self.push("$.device_id", "the device id is empty");
        }
        self.lengths(b, passed);
        let s = &b.settings;
        let p = &s.playbook;
        let groups = self.ids(
            s.component_groups.iter().map(|g| g.id.as_str()),
            || "$.settings.component_groups".to_owned(),
            "component group",
        );
        let components = self.ids(
            s.components.iter().map(|c| c.id.as_str()),
            || "$.settings.components".to_owned(),
            "component",
        );
        let people = self.ids(
            s.people.iter().map(|x| x.id.as_str()),
            || "$.settings.people".to_owned(),
            "person",
        );
        self.ids(
            s.oncall_schedules.iter().map(|x| x.id.as_str()),
            || "$.settings.oncall_schedules".to_owned(),
            "on-call schedule",
        );
        for (i, c) in s.components.iter().enumerate() {
            if let Some(g) = &c.group {
                if !groups.contains(g.as_str()) {
                    self.push(
                        format!("$.settings.components[{i}].group"),
                        format!(
                            "component {:?} is in group {g:?}, which does not exist",
                            c.name
                        ),
                    );
                }
            }
        }
        let tree_problems = p.rollback_tree.problems();
        for (at, message) in tree_problems.into_iter().filter(DecisionTree::breaks_guide) {
            self.push(
                format!("$.settings.playbook.rollback_tree.{at}"),
                format!("rollback decision tree: {message}"),
            );
        }
        let levels: BTreeSet<&str> = p.escalation_levels.iter().map(|l| l.id.as_str()).collect();
        for (i, person) in s.people.iter().enumerate() {
            for (j, level) in person.escalation_levels.iter().enumerate() {
                if !levels.contains(level.as_str()) {
                    self.push(
                        format!("$.settings.people[{i}].escalation_levels[{j}]"),
                        format!(
                            "escalation level {level:?} is not in the playbook's escalation levels"
                        ),
                    );
                }
            }
        }
        for (i, sched) in s.oncall_schedules.iter().enumerate() {
            for (j, who) in sched.rotation.iter().enumerate() {
                self.person_ref(&people, who, || {
                    format!("$.settings.oncall_schedules[{i}].rotation[{j}]")
                });
            }
        }
        for sev in crate::model::Severity::ALL {
            let n = p.severities.iter().filter(|l| l.severity == sev).count();
            if n != 1 {
                self.push(
                    "$.settings.playbook.severities",
                    format!("the playbook must define {sev} exactly once (found {n})"),
                );
            }
        }
        for (field, _, w) in s.uptime_weights.fields() {
            if w > 100 {
                self.push(
                    format!("$.settings.uptime_weights.{field}"),
                    format!("an uptime weight is a percentage from 0 to 100, not {w}"),
                );
            }
        }
        for (i, rule) in p.escalation.iter().enumerate() {
            if !levels.contains(rule.level.as_str()) {
                self.push(
                    format!("$.settings.playbook.escalation[{i}].level"),
                    format!(
                        "escalation level {:?} is not in the playbook's escalation levels",
                        rule.level
                    ),
                );
            }
        }

        // Thousands of incidents: one pass through a set finds that all are well-formed and
        // unique (the usual case); only a list with a problem is sorted to say where.
        let mut seen = std::collections::HashSet::with_capacity(b.incidents.len());
        if !b
            .incidents
            .iter()
            .all(|x| is_valid_id(&x.id) && seen.insert(x.id.as_str()))
        {
            self.ids(
                b.incidents.iter().map(|x| x.id.as_str()),
                || "$.incidents".to_owned(),
                "incident",
            );
        }
        drop(seen);
        let mut checklist_items: Vec<(&str, &str)> = p
            .checklists
            .iter()
            .flat_map(|c| {
                c.items
                    .iter()
                    .map(move |it| (c.id.as_str(), it.id.as_str()))
            })
            .collect();
        crate::sort::ascending(&mut checklist_items);
        let known = Known {
            components,
            people,
            checklist_items,
            playbook: p,
        };
        // Each incident on its own (in parallel with the `parallel` feature), problems in order.
        let one = |(i, inc): (usize, &Incident)| {
            if passed.get(i).copied().unwrap_or(false) {
                return Vec::new();
            }
            let mut c = Checker::default();
            c.incident(inc, &format!("$.incidents[{i}]"), &known);
            c.problems
        };
        #[cfg(feature = "parallel")]
        let found: Vec<Vec<Problem>> = {
            use rayon::prelude::*;
            b.incidents.par_iter().enumerate().map(one).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let found: Vec<Vec<Problem>> = b.incidents.iter().enumerate().map(one).collect();
        self.problems.extend(found.into_iter().flatten());

        self.ids(
            b.maintenances.iter().map(|x| x.id.as_str()),
            || "$.maintenances".to_owned(),
            "maintenance",
        );
        for (i, m) in b.maintenances.iter().enumerate() {
            let path = format!("$.maintenances[{i}]");
            if m.title.trim().is_empty() {
                self.push(format!("{path}.title"), "the title is empty");
            }
            if m.scheduled_end <= m.scheduled_start {
                self.push(
                    format!("{path}.scheduled_end"),
                    format!(
                        "the window ends ({}) before it starts ({})",
                        m.scheduled_end, m.scheduled_start
                    ),
                );
            }
            for (j, c) in m.components.iter().enumerate() {
                self.component_ref(&known.components, c, || format!("{path}.components[{j}]"));
            }
            self.ids(
                m.updates.iter().map(|u| u.id.as_str()),
                || format!("{path}.updates"),
                "update",
            );
            self.in_order(
                m.updates.iter().map(|u| u.at),
                || format!("{path}.updates"),
                "update",
            );
        }
        for (i, t) in b.tombstones.iter().enumerate() {
            if !is_valid_id(&t.id) {
                self.push(
                    format!("$.tombstones[{i}].id"),
                    format!("id {:?} is not a valid record id", t.id),
                );
            }
        }
    }

    fn component_ref(&mut self, components: &Ids<'_>, id: &str, path: impl Fn() -> String) {
        if !components.contains(id) {
            self.push(
                path(),
                format!("component {id:?} does not exist in the settings' components"),
            );
        }
    }

    fn person_ref(&mut self, people: &Ids<'_>, id: &str, path: impl Fn() -> String) {
        if !people.contains(id) {
            self.push(
                path(),
                format!("person {id:?} does not exist in the settings' people"),
            );
        }
    }

    fn incident(&mut self, inc: &Incident, path: &str, known: &Known<'_>) {
        let (components, people) = (&known.components, &known.people);
        if inc.title.trim().is_empty() {
            self.push(format!("{path}.title"), "the title is empty");
        }
        for (j, c) in inc.components.iter().enumerate() {
            self.component_ref(components, &c.component, || {
                format!("{path}.components[{j}].component")
            });
        }
        self.before(
            || format!("{path}.detected_at"),
            ("started_at", inc.started_at),
            ("detected_at", inc.detected_at),
        );
        self.before(
            || format!("{path}.declared_at"),
            ("detected_at", inc.detected_at),
            ("declared_at", inc.declared_at),
        );
        if let Some(ack) = inc.acknowledged_at {
            self.before(
                || format!("{path}.acknowledged_at"),
                ("declared_at", inc.declared_at),
                ("acknowledged_at", ack),
            );
        }
        match (inc.status.is_open(), inc.resolved_at) {
            (false, None) => self.push(
                format!("{path}.resolved_at"),
                "the incident is resolved but has no resolved_at time",
            ),
            (true, Some(_)) => self.push(
                format!("{path}.resolved_at"),
                format!(
                    "the incident is {} but has a resolved_at time",
                    inc.status.label()
                ),
            ),
            (false, Some(res)) => self.before(
                || format!("{path}.resolved_at"),
                ("started_at", inc.started_at),
                ("resolved_at", res),
            ),
            (true, None) => {}
        }
        for role in crate::model::Role::ALL {
            if let Some(who) = inc.roles.get(role) {
                self.person_ref(people, who, || {
                    let field = serde_json::to_value(role)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    format!("{path}.roles.{field}")
                });
            }
        }
        self.ids(
            inc.timeline.iter().map(|e| e.id.as_str()),
            || format!("{path}.timeline"),
            "event",
        );
        self.in_order(
            inc.timeline.iter().map(|e| e.at),
            || format!("{path}.timeline"),
            "event",
        );
        for (j, e) in inc.timeline.iter().enumerate() {
            if let Some(by) = &e.by {
                self.person_ref(people, by, || format!("{path}.timeline[{j}].by"));
            }
        }
        let update_ids = self.ids(
            inc.updates.iter().map(|u| u.id.as_str()),
            || format!("{path}.updates"),
            "update",
        );
        self.in_order(
            inc.updates.iter().map(|u| u.at),
            || format!("{path}.updates"),
            "update",
        );
        for (j, e) in inc.timeline.iter().enumerate() {
            if let EventKind::UpdatePosted { update, .. } = &e.kind {
                if !update_ids.contains(update.as_str()) {
                    self.push(
                        format!("{path}.timeline[{j}].kind.update"),
                        format!("update {update:?} is not among the incident's updates"),
                    );
                }
            }
        }
        self.ids(
            inc.corrections.iter().map(|c| c.id.as_str()),
            || format!("{path}.corrections"),
            "correction",
        );
        for (j, c) in inc.corrections.iter().enumerate() {
            let here = format!("{path}.corrections[{j}]");
            match inc.updates.iter().find(|u| u.id == c.update) {
                None => self.push(
                    format!("{here}.update"),
                    format!("update {:?} is not among the incident's updates", c.update),
                ),
                Some(u) if !u.public => self.push(
                    format!("{here}.update"),
                    format!(
                        "update {:?} is internal: only a public update is corrected",
                        c.update
                    ),
                ),
                Some(u) if c.at < u.at => self.push(
                    format!("{here}.at"),
                    "a correction is dated before the update it corrects",
                ),
                Some(_) => {}
            }
            if let Some(by) = &c.by {
                self.person_ref(people, by, || format!("{here}.by"));
            }
        }
        for (j, e) in inc.timeline.iter().enumerate() {
            let (EventKind::ChecklistItemDone { checklist, item }
            | EventKind::ChecklistItemUndone { checklist, item }) = &e.kind
            else {
                continue;
            };
            let pair = (checklist.as_str(), item.as_str());
            if known.checklist_items.binary_search(&pair).is_ok() {
                continue;
            }
            let here = format!("{path}.timeline[{j}].kind");
            match known.playbook.checklist(checklist) {
                None => self.push(
                    format!("{here}.checklist"),
                    format!("checklist {checklist:?} is not in the playbook"),
                ),
                Some(list) => self.push(
                    format!("{here}.item"),
                    format!("item {item:?} is not on the checklist {:?}", list.title),
                ),
            }
        }
        self.ids(
            inc.action_items.iter().map(|a| a.id.as_str()),
            || format!("{path}.action_items"),
            "action item",
        );
        for (j, a) in inc.action_items.iter().enumerate() {
            if let Some(owner) = &a.owner {
                self.person_ref(people, owner, || format!("{path}.action_items[{j}].owner"));
            }
        }
    }
}
