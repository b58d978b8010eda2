//! What the settings sections share: finding a record in the draft to edit it, and new ids.

use incident_core::model::{
    Component, ComponentGroup, OnCallSchedule, Person, RecordKind, Role, Settings,
};
use incident_core::playbook::{
    DecisionNode, ResponseTarget, RoleDefinition, SeverityLevel, UpdateCadence,
};
use incident_core::Severity;
use leptos::prelude::*;

/// A fresh id for a new settings record, with a prefix that says what it is.
pub(super) fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", crate::platform::ids::new_id())
}

pub(super) fn level_mut(s: &mut Settings, sev: Severity) -> Option<&mut SeverityLevel> {
    s.playbook.severities.iter_mut().find(|x| x.severity == sev)
}
pub(super) fn role_mut(s: &mut Settings, role: Role) -> Option<&mut RoleDefinition> {
    s.playbook.roles.iter_mut().find(|x| x.role == role)
}
pub(super) fn group_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut ComponentGroup> {
    s.component_groups.iter_mut().find(|x| x.id == id)
}
pub(super) fn component_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut Component> {
    s.components.iter_mut().find(|x| x.id == id)
}
pub(super) fn person_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut Person> {
    s.people.iter_mut().find(|x| x.id == id)
}
pub(super) fn schedule_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut OnCallSchedule> {
    s.oncall_schedules.iter_mut().find(|x| x.id == id)
}

pub(super) fn response_minutes(t: ResponseTarget) -> Option<u32> {
    match t {
        ResponseTarget::Minutes { minutes } => Some(minutes),
        ResponseTarget::NextBusinessDay => None,
    }
}

pub(super) fn cadence_minutes(c: UpdateCadence) -> Option<u32> {
    match c {
        UpdateCadence::Every { minutes } => Some(minutes),
        UpdateCadence::AsNeeded => None,
    }
}

pub(super) fn tree_node_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut DecisionNode> {
    s.playbook
        .rollback_tree
        .nodes
        .iter_mut()
        .find(|n| n.id() == id)
}

/// How a step of the rollback tree is named in the answer menus.
pub(super) fn step_label(n: &DecisionNode) -> String {
    match n {
        DecisionNode::Question { text, .. } => format!("Question: {text}"),
        DecisionNode::Outcome { outcome, text, .. } => format!("{outcome}: {text}"),
    }
}

/// Removes a settings record (kind, id, name shown), after asking.
#[derive(Clone, Copy)]
pub(super) struct Remover(pub(super) StoredValue<Box<RemoveFn>>);
type RemoveFn = dyn Fn(RecordKind, String, String) + Send + Sync;

impl Remover {
    /// A small "Remove" button for the record.
    pub(super) fn button(
        self,
        kind: RecordKind,
        id: &str,
        name: String,
        what: &str,
    ) -> impl IntoView {
        let testid = format!("remove-{what}-{id}");
        let label = format!("Remove {what} {name}");
        let id = id.to_owned();
        view! {
            <button type="button" class="small danger" data-testid=testid aria-label=label
                on:click=move |_| self.0.with_value(|f| f(kind, id.clone(), name.clone()))>"Remove"</button>
        }
    }
}
