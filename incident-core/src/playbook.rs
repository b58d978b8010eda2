//! The playbook as data. [`Playbook::default`] is exactly `shared/playbook.md`; a workspace can
//! change any of it in its settings, and the bundle carries it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vocabulary::{Role, Severity};

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
        rules.sort_by_key(|r| r.after_minutes);
        rules
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn checklist(id: &str, title: &str, items: &[(&str, &str)]) -> Checklist {
    Checklist {
        id: id.to_owned(),
        title: title.to_owned(),
        items: items
            .iter()
            .map(|(id, text)| ChecklistItem {
                id: (*id).to_owned(),
                text: (*text).to_owned(),
            })
            .collect(),
    }
}

fn question(id: &str, text: &str, yes: &str, no: &str) -> DecisionNode {
    DecisionNode::Question {
        id: id.to_owned(),
        text: text.to_owned(),
        yes: yes.to_owned(),
        no: no.to_owned(),
    }
}

fn outcome(id: &str, outcome: &str, text: &str) -> DecisionNode {
    DecisionNode::Outcome {
        id: id.to_owned(),
        outcome: outcome.to_owned(),
        text: text.to_owned(),
    }
}

pub const INTERNAL_UPDATE_TEMPLATE: &str = "UPDATE [Time]
Severity: SEV[1-4]
Status: [Investigating/Identified/Monitoring/Resolved]
Impact: [Customer impact description]
Current Actions: [What we're doing]
Next Update: [Time]";

pub const SEV1_STATUS_PAGE_TEMPLATE: &str =
    "We are currently experiencing a service disruption affecting [service].
Our engineering team has identified the issue and is working on a resolution.

Impact: [Specific impact]
Workaround: [If available]

Next update in 15 minutes.";

pub const CUSTOMER_EMAIL_SUBJECT: &str = "[SEV1] Cygni Service Disruption - [Service Name]";

pub const CUSTOMER_EMAIL_BODY: &str = "Dear Customer,

We are currently experiencing issues with [service description].

Start Time: [timestamp]
Impact: [specific impact]
Current Status: [investigation/mitigation/resolution]

Our team is working with the highest priority to resolve this issue.

Updates available at: https://status.cygni.dev

We sincerely apologize for the inconvenience.

The Cygni Team";

pub const POSTMORTEM_TEMPLATE: &str = "# Incident Post-Mortem: [Incident Title]

## Incident Summary
- Date: [Date]
- Duration: [Start] - [End] ([Total duration])
- Severity: SEV[1-4]
- Impact: [Customer/Business impact]

## Timeline
[Use UTC times]
- HH:MM - Alert fired
- HH:MM - Engineer acknowledged
- HH:MM - Root cause identified
- HH:MM - Mitigation applied
- HH:MM - Incident resolved

## Root Cause
[Technical description of what caused the incident]

## Contributing Factors
- [Factor 1]
- [Factor 2]

## What Went Well
- [Positive aspect 1]
- [Positive aspect 2]

## What Went Wrong
- [Issue 1]
- [Issue 2]

## Action Items
| Action | Owner | Due Date | Priority |
|--------|-------|----------|----------|
| [Action 1] | [Name] | [Date] | [P0/P1/P2] |

## Lessons Learned
[Key takeaways for the team]
";

impl Default for Playbook {
    fn default() -> Self {
        use Severity::*;
        let level = |severity,
                     name: &str,
                     definition: &str,
                     examples: &[&str],
                     response_time,
                     response_time_label: &str,
                     notification: &[&str],
                     update_cadence| SeverityLevel {
            severity,
            name: name.to_owned(),
            definition: definition.to_owned(),
            examples: strings(examples),
            response_time,
            response_time_label: response_time_label.to_owned(),
            notification: strings(notification),
            update_cadence,
        };
        let severities = vec![
            level(
                Sev1,
                "Critical",
                "Complete service outage or critical functionality unavailable",
                &[
                    "API down",
                    "database unreachable",
                    "payment processing failed",
                ],
                ResponseTarget::Minutes { minutes: 5 },
                "Immediate (< 5 minutes)",
                &["Page on-call", "engineering manager", "VP", "customers"],
                UpdateCadence::Every { minutes: 15 },
            ),
            level(
                Sev2,
                "Major",
                "Significant degradation or partial outage",
                &[
                    "High error rates (>5%)",
                    "slow response times",
                    "auth failures",
                ],
                ResponseTarget::Minutes { minutes: 15 },
                "< 15 minutes",
                &["Page on-call", "engineering manager"],
                UpdateCadence::Every { minutes: 30 },
            ),
            level(
                Sev3,
                "Minor",
                "Minor feature issues with workarounds available",
                &[
                    "Non-critical API errors",
                    "UI glitches",
                    "delayed processing",
                ],
                ResponseTarget::Minutes { minutes: 60 },
                "< 1 hour",
                &["Slack alert", "on-call engineer"],
                UpdateCadence::Every { minutes: 60 },
            ),
            level(
                Sev4,
                "Low",
                "Cosmetic issues or minor inconveniences",
                &["Typos", "minor UI issues", "non-blocking bugs"],
                ResponseTarget::NextBusinessDay,
                "Next business day",
                &["Ticket system"],
                UpdateCadence::AsNeeded,
            ),
        ];

        let role = |role, responsibilities: &[&str], usually: &str| RoleDefinition {
            role,
            responsibilities: strings(responsibilities),
            usually: usually.to_owned(),
        };
        let roles = vec![
            role(
                Role::IncidentCommander,
                &[
                    "Overall incident coordination",
                    "Decision making authority",
                    "External communication approval",
                    "Resource allocation",
                ],
                "On-call engineer or EM",
            ),
            role(
                Role::TechnicalLead,
                &[
                    "Technical investigation",
                    "Solution implementation",
                    "Coordinate engineering efforts",
                ],
                "Senior engineer familiar with system",
            ),
            role(
                Role::CommunicationsLead,
                &[
                    "Status page updates",
                    "Customer communications",
                    "Internal updates",
                    "Stakeholder management",
                ],
                "Support lead or PM",
            ),
            role(
                Role::Scribe,
                &[
                    "Document timeline",
                    "Track actions taken",
                    "Record decisions",
                    "Capture follow-ups",
                ],
                "Available engineer",
            ),
        ];

        let escalation_levels = [
            ("on-call", "On-call"),
            ("ticket", "Ticket"),
            ("em", "Engineering Manager"),
            ("sr-eng", "Senior Engineer"),
            ("vp-eng", "VP Engineering"),
            ("cto", "CTO"),
            ("ceo", "CEO"),
        ]
        .iter()
        .map(|(id, name)| EscalationLevel {
            id: (*id).to_owned(),
            name: (*name).to_owned(),
        })
        .collect();

        let rule = |severity, after_minutes, level: &str| EscalationRule {
            severity,
            after_minutes,
            level: level.to_owned(),
        };
        let escalation = vec![
            rule(Sev1, 0, "on-call"),
            rule(Sev1, 5, "em"),
            rule(Sev1, 15, "vp-eng"),
            rule(Sev1, 30, "cto"),
            rule(Sev1, 60, "ceo"),
            rule(Sev2, 0, "on-call"),
            rule(Sev2, 15, "em"),
            rule(Sev2, 30, "sr-eng"),
            rule(Sev2, 60, "vp-eng"),
            rule(Sev3, 0, "on-call"),
            rule(Sev3, 60, "em"),
            rule(Sev4, 0, "ticket"),
        ];

        use checklist_ids::*;
        let checklists = vec![
            checklist(
                FIRST_RESPONDER,
                "First Responder Checklist",
                &[
                    ("acknowledge", "Acknowledge alert within SLA"),
                    ("join-channel", "Join incident Slack channel/call"),
                    ("assess-severity", "Assess severity and impact"),
                    ("status-page", "Update status page if customer-facing"),
                    ("investigate", "Begin initial investigation"),
                ],
            ),
            checklist(
                INITIAL_CHECKS,
                "Investigation: Initial Checks",
                &[
                    ("dashboards", "Check monitoring dashboards"),
                    ("deployments", "Review recent deployments"),
                    ("resources", "Check system resources"),
                    ("error-logs", "Review error logs"),
                    ("dependencies", "Verify external dependencies"),
                ],
            ),
            checklist(
                RESOLUTION,
                "Resolution Confirmation",
                &[
                    ("primary-issue", "Primary issue resolved"),
                    ("error-rates", "Error rates normal"),
                    ("response-times", "Response times acceptable"),
                    ("health-checks", "All health checks passing"),
                    ("no-complaints", "No customer complaints"),
                ],
            ),
            checklist(
                IMMEDIATE_ACTIONS,
                "Immediate Actions (< 24 hours)",
                &[
                    ("update-ticket", "Update incident ticket with resolution"),
                    ("all-clear", "Send all-clear communication"),
                    ("thank-responders", "Thank incident responders"),
                    ("schedule-postmortem", "Schedule post-mortem meeting"),
                ],
            ),
        ];

        let rollback_tree = DecisionTree {
            root: "recent-deployment".to_owned(),
            nodes: vec![
                question(
                    "recent-deployment",
                    "Recent deployment?",
                    "errors-after-deployment",
                    "config-change",
                ),
                question(
                    "errors-after-deployment",
                    "Errors started after the deployment?",
                    "rollback",
                    "config-change",
                ),
                outcome("rollback", "ROLLBACK", "Roll back the recent deployment."),
                question(
                    "config-change",
                    "Config change?",
                    "test-revert",
                    "investigate",
                ),
                question(
                    "test-revert",
                    "Test revert: success?",
                    "revert",
                    "investigate",
                ),
                outcome("revert", "REVERT", "Revert the configuration change."),
                outcome("investigate", "INVESTIGATE", "Investigate other causes."),
            ],
        };

        let data_collection = [
            (
                "Pods, all namespaces",
                "kubectl get pods -A -o wide > pods-state.txt",
            ),
            ("Cluster events", "kubectl get events -A > events.txt"),
            ("Node resources", "kubectl top nodes > nodes-resources.txt"),
            (
                "API logs, last 1000 lines",
                "kubectl logs -n production -l app=cygni-api --tail=1000 > app-logs.txt",
            ),
        ]
        .iter()
        .map(|(description, command)| Command {
            description: (*description).to_owned(),
            command: (*command).to_owned(),
        })
        .collect();

        Playbook {
            severities,
            assessment_questions: strings(&[
                "Are customers completely blocked?",
                "Is revenue generation affected?",
                "How many customers are impacted?",
                "Is data integrity at risk?",
                "Are there security implications?",
            ]),
            roles,
            escalation_levels,
            escalation,
            checklists,
            templates: Templates {
                internal_update: INTERNAL_UPDATE_TEMPLATE.to_owned(),
                status_page: vec![StatusPageTemplate {
                    severity: Sev1,
                    title: "Major Service Disruption".to_owned(),
                    status: "Identified".to_owned(),
                    body: SEV1_STATUS_PAGE_TEMPLATE.to_owned(),
                }],
                customer_email: EmailTemplate {
                    severities: vec![Sev1, Sev2],
                    after_minutes: 30,
                    subject: CUSTOMER_EMAIL_SUBJECT.to_owned(),
                    body: CUSTOMER_EMAIL_BODY.to_owned(),
                },
                postmortem: POSTMORTEM_TEMPLATE.to_owned(),
            },
            rollback_tree,
            quick_wins: strings(&[
                "Restart affected services",
                "Scale up capacity",
                "Enable feature flags/circuit breakers",
                "Redirect traffic",
                "Rollback recent changes",
            ]),
            data_collection,
            recovery_monitoring: RecoveryMonitoring {
                minutes: 30,
                watch: strings(&[
                    "Watch for symptom recurrence",
                    "Verify no side effects",
                    "Confirm customer access restored",
                ]),
            },
            postmortem_due_hours: 48,
            immediate_actions_hours: 24,
            drills: DrillSchedule {
                when: "First Thursday of each month".to_owned(),
                practices: strings(&[
                    "Rotate incident commander role",
                    "Practice with synthetic incidents",
                    "Review and improve process",
                ]),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_playbooks_values() {
        let p = Playbook::default();
        assert_eq!(p.response_minutes(Severity::Sev1), Some(5));
        assert_eq!(p.response_minutes(Severity::Sev2), Some(15));
        assert_eq!(p.response_minutes(Severity::Sev3), Some(60));
        assert_eq!(p.response_minutes(Severity::Sev4), None);
        assert_eq!(p.update_minutes(Severity::Sev1), Some(15));
        assert_eq!(p.update_minutes(Severity::Sev2), Some(30));
        assert_eq!(p.update_minutes(Severity::Sev3), Some(60));
        assert_eq!(p.update_minutes(Severity::Sev4), None);
        assert_eq!(p.assessment_questions.len(), 5);
        assert_eq!(p.roles.len(), 4);
        assert_eq!(
            p.role(Role::CommunicationsLead).map(|r| r.usually.as_str()),
            Some("Support lead or PM")
        );
        assert_eq!(p.checklists.len(), 4);
        assert!(p.checklists.iter().all(|c| !c.items.is_empty()));
        assert_eq!(p.quick_wins.len(), 5);
        assert_eq!(p.data_collection.len(), 4);
        assert_eq!(p.recovery_monitoring.minutes, 30);
        assert_eq!(p.postmortem_due_hours, 48);
    }

    #[test]
    fn escalation_matrix_by_elapsed_time() {
        let p = Playbook::default();
        let levels = |sev, min| -> Vec<String> {
            p.escalation_due(sev, min)
                .into_iter()
                .map(|r| r.level.clone())
                .collect()
        };
        assert_eq!(levels(Severity::Sev1, 0), ["on-call"]);
        assert_eq!(levels(Severity::Sev1, 4), ["on-call"]);
        assert_eq!(levels(Severity::Sev1, 5), ["on-call", "em"]);
        assert_eq!(
            levels(Severity::Sev1, 60),
            ["on-call", "em", "vp-eng", "cto", "ceo"]
        );
        assert_eq!(levels(Severity::Sev2, 30), ["on-call", "em", "sr-eng"]);
        assert_eq!(
            levels(Severity::Sev2, 60),
            ["on-call", "em", "sr-eng", "vp-eng"]
        );
        assert_eq!(levels(Severity::Sev3, 59), ["on-call"]);
        assert_eq!(levels(Severity::Sev3, 60), ["on-call", "em"]);
        assert_eq!(levels(Severity::Sev4, 600), ["ticket"]);
    }

    #[test]
    fn a_broken_rollback_tree_is_described_where_it_breaks() {
        use super::DecisionNode;
        let good = Playbook::default().rollback_tree;
        assert_eq!(good.problems(), vec![]);
        let mut t = good.clone();
        // "Config change?" answered yes now leads back to the first question.
        for n in &mut t.nodes {
            if let DecisionNode::Question { id, yes, .. } = n {
                if id == "config-change" {
                    *yes = "recent-deployment".to_owned();
                }
            }
        }
        let p = t.problems();
        assert!(
            p.iter().any(|(at, m)| at.ends_with("].yes")
                && m.contains("leads back to the question \"Recent deployment?\"")),
            "{p:?}"
        );
        // "test-revert" is now reached by nothing.
        assert!(
            p.iter()
                .any(|(_, m)| m
                    .contains("no answer leads to the question \"Test revert: success?\"")),
            "{p:?}"
        );
        let mut t = good.clone();
        t.nodes.retain(|n| n.id() != "revert");
        let p = t.problems();
        assert!(
            p.iter()
                .any(|(_, m)| m.contains("leads to a step that is not in the tree (\"revert\")")),
            "{p:?}"
        );
        assert!(p.iter().all(super::DecisionTree::breaks_guide), "{p:?}");
        // A step nothing reaches is refused on the screen but does not break the guide.
        let mut t = good.clone();
        t.nodes.push(DecisionNode::Outcome {
            id: "spare".into(),
            outcome: "WAIT".into(),
            text: "Wait and watch.".into(),
        });
        let p = t.problems();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(!super::DecisionTree::breaks_guide(&p[0]));
        let mut t = good.clone();
        t.root = "nowhere".into();
        assert_eq!(t.problems()[0].0, "root");
        let empty = super::DecisionTree {
            root: String::new(),
            nodes: vec![],
        };
        assert_eq!(empty.problems(), vec![]);
    }

    #[test]
    fn rollback_tree_reaches_every_outcome() {
        let tree = Playbook::default().rollback_tree;
        let walk = |answers: &[bool]| -> String {
            let mut node = tree.node(&tree.root).unwrap();
            let mut answers = answers.iter();
            loop {
                match node {
                    DecisionNode::Question { yes, no, .. } => {
                        let next = if *answers.next().unwrap() { yes } else { no };
                        node = tree.node(next).unwrap();
                    }
                    DecisionNode::Outcome { outcome, .. } => return outcome.clone(),
                }
            }
        };
        assert_eq!(walk(&[true, true]), "ROLLBACK");
        assert_eq!(walk(&[true, false, true, true]), "REVERT");
        assert_eq!(walk(&[false, true, true]), "REVERT");
        assert_eq!(walk(&[false, true, false]), "INVESTIGATE");
        assert_eq!(walk(&[false, false]), "INVESTIGATE");
    }
}
