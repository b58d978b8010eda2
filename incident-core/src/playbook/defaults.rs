//! The default playbook: `shared/playbook.md` as data ([`Playbook::default`]), with its templates.

use crate::vocabulary::{Role, Severity};

use super::{
    Checklist, ChecklistItem, Command, DecisionNode, DecisionTree, DrillSchedule, EmailTemplate,
    EscalationLevel, EscalationRule, Playbook, RecoveryMonitoring, ResponseTarget, RoleDefinition,
    SeverityLevel, StatusPageTemplate, Templates, UpdateCadence,
};

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

        use super::checklist_ids::*;
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
