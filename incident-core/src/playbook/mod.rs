//! The playbook as data. [`Playbook::default`] is exactly `shared/playbook.md`; a workspace can
//! change any of it in its settings, and the bundle carries it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vocabulary::{Role, Severity};

mod defaults;

pub use defaults::{
    CUSTOMER_EMAIL_BODY, CUSTOMER_EMAIL_SUBJECT, INTERNAL_UPDATE_TEMPLATE, POSTMORTEM_TEMPLATE,
    SEV1_STATUS_PAGE_TEMPLATE,
};

/// A response-time target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseTarget {
    /// Acknowledge within this many minutes.
    Minutes { minutes: u32 },
    /// Acknowledge by the end of the next business day.
    NextBusinessDay,
}

/// How often status updates are due while an incident is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UpdateCadence {
    Every { minutes: u32 },
    AsNeeded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeverityLevel {
    pub severity: Severity,
    /// `Critical`, `Major`, `Minor`, `Low`.
    pub name: String,
    pub definition: String,
    pub examples: Vec<String>,
    pub response_time: ResponseTarget,
    /// The playbook's wording of the response time, e.g. `Immediate (< 5 minutes)`.
    pub response_time_label: String,
    /// Who is notified, in the playbook's words.
    pub notification: Vec<String>,
    pub update_cadence: UpdateCadence,
}

/// A level of the escalation matrix: somebody to engage (on-call, EM, VP Eng, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EscalationLevel {
    /// Referenced by rules and by people's `escalation_levels`, e.g. `em`.
    pub id: String,
    pub name: String,
}

/// One cell of the escalation matrix: at `after_minutes` into a `severity` incident, engage `level`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EscalationRule {
    pub severity: Severity,
    pub after_minutes: u32,
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RoleDefinition {
    pub role: Role,
    pub responsibilities: Vec<String>,
    /// Who usually takes the role.
    pub usually: String,
}

/// A node of the rollback decision tree: a yes/no question or an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionNode {
    Question {
        id: String,
        text: String,
        yes: String,
        no: String,
    },
    Outcome {
        id: String,
        /// `ROLLBACK`, `REVERT`, …
        outcome: String,
        text: String,
    },
}

impl DecisionNode {
    pub fn id(&self) -> &str {
        match self {
            DecisionNode::Question { id, .. } | DecisionNode::Outcome { id, .. } => id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionTree {
    pub root: String,
    pub nodes: Vec<DecisionNode>,
}

impl DecisionTree {
    pub fn node(&self, id: &str) -> Option<&DecisionNode> {
        self.nodes.iter().find(|n| n.id() == id)
    }

    /// What is wrong with the tree, each with where it is (relative to the tree: `root`,
    /// `nodes[2].yes`) and a plain message: steps without words, a duplicate step id, an answer
    /// or a start that leads to no step, an answer that leads back to an earlier question (the
    /// guide would never end), a step no answer leads to. An empty tree is fine (the guide says
    /// so). The settings screen refuses all of them; [`DecisionTree::breaks_guide`] says which
    /// a bundle is refused for.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.nodes.is_empty() {
            return out;
        }
        let label = |n: &DecisionNode| match n {
            DecisionNode::Question { text, .. } => format!("the question {text:?}"),
            DecisionNode::Outcome { outcome, .. } => format!("the outcome {outcome:?}"),
        };
        let mut seen = std::collections::BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.id().trim().is_empty() {
                out.push((format!("nodes[{i}].id"), "a step has no id".to_owned()));
            } else if let Some(first) = seen.insert(n.id(), i) {
                out.push((
                    format!("nodes[{i}].id"),
                    format!("the step id {:?} is also used by nodes[{first}]", n.id()),
                ));
            }
            match n {
                DecisionNode::Question { text, .. } if text.trim().is_empty() => out.push((
                    format!("nodes[{i}].text"),
                    format!("step {} is a question without words", i + 1),
                )),
                DecisionNode::Outcome { outcome, .. } if outcome.trim().is_empty() => out.push((
                    format!("nodes[{i}].outcome"),
                    format!(
                        "step {} is an outcome without a name (like ROLLBACK)",
                        i + 1
                    ),
                )),
                DecisionNode::Outcome { outcome, text, .. } if text.trim().is_empty() => {
                    out.push((
                        format!("nodes[{i}].text"),
                        format!("the outcome {outcome:?} does not say what to do"),
                    ))
                }
                _ => {}
            }
        }
        let index = |id: &str| self.nodes.iter().position(|n| n.id() == id);
        let Some(root) = index(&self.root) else {
            out.push((
                "root".to_owned(),
                format!(
                    "the tree starts at {:?}, which is not one of its steps",
                    self.root
                ),
            ));
            return out;
        };
        for (i, n) in self.nodes.iter().enumerate() {
            if let DecisionNode::Question { yes, no, .. } = n {
                for (answer, to) in [("yes", yes), ("no", no)] {
                    if index(to).is_none() {
                        out.push((
                            format!("nodes[{i}].{answer}"),
                            format!(
                                "{}: the answer {answer} leads to a step that is not in the tree ({to:?})",
                                label(n)
                            ),
                        ));
                    }
                }
            }
        }
        // Walk from the start: an answer back onto the path is a loop.
        let mut reached = vec![false; self.nodes.len()];
        let mut on_path = vec![false; self.nodes.len()];
        let mut stack = vec![(root, 0u8)];
        reached[root] = true;
        on_path[root] = true;
        while let Some((at, next)) = stack.pop() {
            let targets = match &self.nodes[at] {
                DecisionNode::Question { yes, no, .. } => [Some(("yes", yes)), Some(("no", no))],
                DecisionNode::Outcome { .. } => [None, None],
            };
            match targets.get(usize::from(next)).copied().flatten() {
                Some((answer, to)) => {
                    stack.push((at, next + 1));
                    let Some(j) = index(to) else { continue };
                    if on_path[j] {
                        out.push((
                            format!("nodes[{at}].{answer}"),
                            format!(
                                "{}: the answer {answer} leads back to {}, so the guide would never end",
                                label(&self.nodes[at]),
                                label(&self.nodes[j])
                            ),
                        ));
                    } else if !reached[j] {
                        reached[j] = true;
                        on_path[j] = true;
                        stack.push((j, 0));
                    }
                }
                None => on_path[at] = false,
            }
        }
        for (i, n) in self.nodes.iter().enumerate() {
            if !reached[i] {
                out.push((
                    format!("nodes[{i}]"),
                    format!("no answer leads to {}", label(n)),
                ));
            }
        }
        out
    }

    /// Whether `problem` (one of [`DecisionTree::problems`]) stops the guide from working: an
    /// answer or the start leading nowhere, a loop, a duplicate id. A step nothing reaches or
    /// an empty text is the settings screen's to refuse; a bundle that has one still loads.
    pub fn breaks_guide(problem: &(String, String)) -> bool {
        let (at, message) = problem;
        at == "root"
            || at.ends_with(".yes")
            || at.ends_with(".no")
            || at.ends_with(".id")
            || message.contains("leads back to")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Command {
    pub description: String,
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StatusPageTemplate {
    pub severity: Severity,
    pub title: String,
    pub status: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EmailTemplate {
    /// Severities that get an email.
    pub severities: Vec<Severity>,
    /// Send once an incident of those severities has run this long.
    pub after_minutes: u32,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Templates {
    /// The internal update template.
    pub internal_update: String,
    /// Status-page templates by severity.
    pub status_page: Vec<StatusPageTemplate>,
    pub customer_email: EmailTemplate,
    pub postmortem: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecoveryMonitoring {
    pub minutes: u32,
    pub watch: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DrillSchedule {
    /// In words, e.g. `First Thursday of each month`.
    pub when: String,
    pub practices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Playbook {
    pub severities: Vec<SeverityLevel>,
    pub assessment_questions: Vec<String>,
    pub roles: Vec<RoleDefinition>,
    pub escalation_levels: Vec<EscalationLevel>,
    pub escalation: Vec<EscalationRule>,
    pub checklists: Vec<Checklist>,
    pub templates: Templates,
    pub rollback_tree: DecisionTree,
    pub quick_wins: Vec<String>,
    pub data_collection: Vec<Command>,
    pub recovery_monitoring: RecoveryMonitoring,
    /// Hours after resolution by which the post-mortem is due.
    pub postmortem_due_hours: u32,
    /// Hours after resolution for the immediate post-incident actions.
    pub immediate_actions_hours: u32,
    pub drills: DrillSchedule,
}

/// Checklist ids of the default playbook.
pub mod checklist_ids {
    pub const FIRST_RESPONDER: &str = "first-responder";
    pub const INITIAL_CHECKS: &str = "initial-checks";
    pub const RESOLUTION: &str = "resolution-confirmation";
    pub const IMMEDIATE_ACTIONS: &str = "immediate-actions";
}

impl Playbook {
    pub fn severity(&self, severity: Severity) -> Option<&SeverityLevel> {
        self.severities.iter().find(|s| s.severity == severity)
    }

    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.id == id)
    }

    pub fn role(&self, role: Role) -> Option<&RoleDefinition> {
        self.roles.iter().find(|r| r.role == role)
    }

    pub fn escalation_level(&self, id: &str) -> Option<&EscalationLevel> {
        self.escalation_levels.iter().find(|l| l.id == id)
    }

    /// Minutes within which an incident of `severity` must be acknowledged, when that is a
    /// number of minutes.
    pub fn response_minutes(&self, severity: Severity) -> Option<u32> {
        match self.severity(severity)?.response_time {
            ResponseTarget::Minutes { minutes } => Some(minutes),
            ResponseTarget::NextBusinessDay => None,
        }
    }

    /// Minutes between status updates for `severity`, when the cadence is fixed.
    pub fn update_minutes(&self, severity: Severity) -> Option<u32> {
        match self.severity(severity)?.update_cadence {
            UpdateCadence::Every { minutes } => Some(minutes),
            UpdateCadence::AsNeeded => None,
        }
    }

    /// The escalation levels to engage `elapsed_minutes` into an incident of `severity`, in the
    /// order the matrix adds them.
    pub fn escalation_due(&self, severity: Severity, elapsed_minutes: i64) -> Vec<&EscalationRule> {
        let mut rules: Vec<&EscalationRule> = self
            .escalation
            .iter()
            .filter(|r| r.severity == severity && i64::from(r.after_minutes) <= elapsed_minutes)
            .collect();
        crate::sort::by_key(&mut rules, |r| r.after_minutes);
        rules
    }
}

#[cfg(test)]
mod tests;
