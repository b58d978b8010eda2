//! The stamp keys: the names under which a record's `stamps` map keeps the last writer of each
//! field (see [`crate::merge`] for their grammar and how a merge uses them). They are stored in
//! users' data, so their text must never change: every module that stamps or merges a field
//! names it through these constants, and a test pins each one's text.
//!
//! A settings record's key is `<list>/<id>.<field>` ([`crate::merge::settings_key`]), for
//! example `components/c-api.name`; a conflict of an action item is reported on its incident as
//! `action_items/<id>.<field>`.

use crate::vocabulary::Role;

// Incident fields (`Incident::stamps`). Maintenances use `TITLE` and `COMPONENTS` too.

pub const TITLE: &str = "title";
pub const SEVERITY: &str = "severity";
/// The status and `resolved_at` (an action item's: the status and `completed_at`), together.
pub const STATUS: &str = "status";
pub const DRILL: &str = "drill";
pub const COMPONENTS: &str = "components";
pub const DETECTION: &str = "detection";
pub const STARTED_AT: &str = "started_at";
pub const DETECTED_AT: &str = "detected_at";
pub const DECLARED_AT: &str = "declared_at";
pub const ACKNOWLEDGED_AT: &str = "acknowledged_at";
pub const POSTMORTEM: &str = "postmortem";
pub const PUBLIC_TITLE: &str = "public_title";
pub const WORKAROUND: &str = "workaround";
/// The chat channel, bridge, ticket and other links, together.
pub const LINKS: &str = "links";
/// When a deleted incident or maintenance window was brought back (its last edit since). Only
/// a public part carries it ([`crate::public::public_bundle`]): the restore itself is a note,
/// which stays home, and without it an older public part's deletion would hide the record.
pub const RESTORED: &str = "restored";

/// The stamp key of who holds `role`: `roles.<role>`, for example `roles.incident_commander`.
pub fn role(role: Role) -> &'static str {
    match role {
        Role::IncidentCommander => "roles.incident_commander",
        Role::TechnicalLead => "roles.technical_lead",
        Role::CommunicationsLead => "roles.communications_lead",
        Role::Scribe => "roles.scribe",
    }
}

// Logs: not stamped, but a conflict over one of their entries is reported as `<log>/<id>`.

pub const TIMELINE: &str = "timeline";
/// An incident's status updates, or a maintenance's updates.
pub const UPDATES: &str = "updates";
/// An incident's corrections of its public updates.
pub const CORRECTIONS: &str = "corrections";

// Action items (`ActionItem::stamps`; also `STATUS`), and the list that prefixes their
// conflicts on the incident.

pub const ACTION_ITEMS: &str = "action_items";
pub const ACTION: &str = "action";
pub const OWNER: &str = "owner";
pub const DUE: &str = "due";
pub const PRIORITY: &str = "priority";
/// An action item's, or a component's, creation time.
pub const CREATED_AT: &str = "created_at";
/// Whether an action item is on the published post-mortem's follow-up list.
pub const PUBLIC: &str = "public";

// Maintenances (`Maintenance::stamps`; also `TITLE`, `COMPONENTS`).

pub const SCHEDULED_START: &str = "scheduled_start";
pub const SCHEDULED_END: &str = "scheduled_end";

// Settings (`Settings::stamps`).

/// Prefix of the organization's fields: `organization.<field>`.
pub const ORGANIZATION: &str = "organization.";
pub const ORGANIZATION_NAME: &str = "organization.name";
pub const ORGANIZATION_STATUS_PAGE_URL: &str = "organization.status_page_url";

/// Prefix of the playbook's top-level fields: `playbook.<field>`.
pub const PLAYBOOK: &str = "playbook.";
pub const PLAYBOOK_SEVERITIES: &str = "playbook.severities";
pub const PLAYBOOK_ASSESSMENT_QUESTIONS: &str = "playbook.assessment_questions";
pub const PLAYBOOK_ROLES: &str = "playbook.roles";
pub const PLAYBOOK_ESCALATION_LEVELS: &str = "playbook.escalation_levels";
pub const PLAYBOOK_ESCALATION: &str = "playbook.escalation";
pub const PLAYBOOK_CHECKLISTS: &str = "playbook.checklists";
pub const PLAYBOOK_TEMPLATES: &str = "playbook.templates";
pub const PLAYBOOK_ROLLBACK_TREE: &str = "playbook.rollback_tree";
pub const PLAYBOOK_QUICK_WINS: &str = "playbook.quick_wins";
pub const PLAYBOOK_DATA_COLLECTION: &str = "playbook.data_collection";
pub const PLAYBOOK_RECOVERY_MONITORING: &str = "playbook.recovery_monitoring";
pub const PLAYBOOK_POSTMORTEM_DUE_HOURS: &str = "playbook.postmortem_due_hours";
pub const PLAYBOOK_IMMEDIATE_ACTIONS_HOURS: &str = "playbook.immediate_actions_hours";
pub const PLAYBOOK_DRILLS: &str = "playbook.drills";

/// The tool links, as one list (links have no id and their order is the user's).
pub const TOOL_LINKS: &str = "tool_links";
/// The internal host names, as one list.
pub const INTERNAL_DOMAINS: &str = "internal_domains";
/// Business days and hours, together.
pub const BUSINESS_HOURS: &str = "business_hours";
/// The uptime weights of the four impacts, together.
pub const UPTIME_WEIGHTS: &str = "uptime_weights";
/// The status site's language.
pub const SITE_LANGUAGE: &str = "site_language";

/// The settings lists whose records are stamped `<list>/<id>.<field>` (the components' list
/// is [`COMPONENTS`]).
pub const COMPONENT_GROUPS: &str = "component_groups";
pub const PEOPLE: &str = "people";
pub const ONCALL_SCHEDULES: &str = "oncall_schedules";

// Fields of the settings' records (the `<field>` of `<list>/<id>.<field>`; also `TITLE`,
// `CREATED_AT`).

pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const POSITION: &str = "position";
pub const GROUP: &str = "group";
pub const HANDLE: &str = "handle";
pub const EMAIL: &str = "email";
pub const PHONE: &str = "phone";
pub const ESCALATION_LEVELS: &str = "escalation_levels";
pub const EXTERNAL_ID: &str = "external_id";
pub const ROTATION: &str = "rotation";
pub const ROTATION_START: &str = "rotation_start";
pub const SHIFT_DAYS: &str = "shift_days";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::Organization;
    use crate::playbook::Playbook;

    /// The stored text of every key. A renamed constant or role variant that changed a key
    /// would make stored stamps unreadable: this list is the data format, not the code.
    #[test]
    fn every_key_keeps_its_stored_text() {
        let pinned: &[(&str, &str)] = &[
            (TITLE, "title"),
            (SEVERITY, "severity"),
            (STATUS, "status"),
            (DRILL, "drill"),
            (COMPONENTS, "components"),
            (DETECTION, "detection"),
            (STARTED_AT, "started_at"),
            (DETECTED_AT, "detected_at"),
            (DECLARED_AT, "declared_at"),
            (ACKNOWLEDGED_AT, "acknowledged_at"),
            (POSTMORTEM, "postmortem"),
            (PUBLIC_TITLE, "public_title"),
            (WORKAROUND, "workaround"),
            (LINKS, "links"),
            (RESTORED, "restored"),
            (CORRECTIONS, "corrections"),
            (PUBLIC, "public"),
            (INTERNAL_DOMAINS, "internal_domains"),
            (BUSINESS_HOURS, "business_hours"),
            (UPTIME_WEIGHTS, "uptime_weights"),
            (SITE_LANGUAGE, "site_language"),
            (role(Role::IncidentCommander), "roles.incident_commander"),
            (role(Role::TechnicalLead), "roles.technical_lead"),
            (role(Role::CommunicationsLead), "roles.communications_lead"),
            (role(Role::Scribe), "roles.scribe"),
            (TIMELINE, "timeline"),
            (UPDATES, "updates"),
            (ACTION_ITEMS, "action_items"),
            (ACTION, "action"),
            (OWNER, "owner"),
            (DUE, "due"),
            (PRIORITY, "priority"),
            (CREATED_AT, "created_at"),
            (SCHEDULED_START, "scheduled_start"),
            (SCHEDULED_END, "scheduled_end"),
            (ORGANIZATION, "organization."),
            (ORGANIZATION_NAME, "organization.name"),
            (ORGANIZATION_STATUS_PAGE_URL, "organization.status_page_url"),
            (PLAYBOOK, "playbook."),
            (PLAYBOOK_SEVERITIES, "playbook.severities"),
            (
                PLAYBOOK_ASSESSMENT_QUESTIONS,
                "playbook.assessment_questions",
            ),
            (PLAYBOOK_ROLES, "playbook.roles"),
            (PLAYBOOK_ESCALATION_LEVELS, "playbook.escalation_levels"),
            (PLAYBOOK_ESCALATION, "playbook.escalation"),
            (PLAYBOOK_CHECKLISTS, "playbook.checklists"),
            (PLAYBOOK_TEMPLATES, "playbook.templates"),
            (PLAYBOOK_ROLLBACK_TREE, "playbook.rollback_tree"),
            (PLAYBOOK_QUICK_WINS, "playbook.quick_wins"),
            (PLAYBOOK_DATA_COLLECTION, "playbook.data_collection"),
            (PLAYBOOK_RECOVERY_MONITORING, "playbook.recovery_monitoring"),
            (
                PLAYBOOK_POSTMORTEM_DUE_HOURS,
                "playbook.postmortem_due_hours",
            ),
            (
                PLAYBOOK_IMMEDIATE_ACTIONS_HOURS,
                "playbook.immediate_actions_hours",
            ),
            (PLAYBOOK_DRILLS, "playbook.drills"),
            (TOOL_LINKS, "tool_links"),
            (COMPONENT_GROUPS, "component_groups"),
            (PEOPLE, "people"),
            (ONCALL_SCHEDULES, "oncall_schedules"),
            (NAME, "name"),
            (DESCRIPTION, "description"),
            (POSITION, "position"),
            (GROUP, "group"),
            (HANDLE, "handle"),
            (EMAIL, "email"),
            (PHONE, "phone"),
            (ESCALATION_LEVELS, "escalation_levels"),
            (EXTERNAL_ID, "external_id"),
            (ROTATION, "rotation"),
            (ROTATION_START, "rotation_start"),
            (SHIFT_DAYS, "shift_days"),
        ];
        for (key, text) in pinned {
            assert_eq!(key, text);
        }
    }

    /// The settings screen stamps `organization.<field>` and `playbook.<field>` by the fields'
    /// serialized names (`settings_edit::apply`); the merge reads the constants. They agree.
    #[test]
    fn settings_keys_are_the_serialized_field_names() {
        let fields = |v: serde_json::Value, prefix: &str| -> Vec<String> {
            let mut keys: Vec<String> = v
                .as_object()
                .unwrap()
                .keys()
                .map(|k| format!("{prefix}{k}"))
                .collect();
            crate::sort::ascending(&mut keys);
            keys
        };
        let organization = Organization {
            name: String::new(),
            status_page_url: String::new(),
        };
        let mut expected = vec![ORGANIZATION_NAME, ORGANIZATION_STATUS_PAGE_URL];
        crate::sort::ascending(&mut expected);
        assert_eq!(
            fields(serde_json::to_value(organization).unwrap(), ORGANIZATION),
            expected
        );
        let mut expected = vec![
            PLAYBOOK_SEVERITIES,
            PLAYBOOK_ASSESSMENT_QUESTIONS,
            PLAYBOOK_ROLES,
            PLAYBOOK_ESCALATION_LEVELS,
            PLAYBOOK_ESCALATION,
            PLAYBOOK_CHECKLISTS,
            PLAYBOOK_TEMPLATES,
            PLAYBOOK_ROLLBACK_TREE,
            PLAYBOOK_QUICK_WINS,
            PLAYBOOK_DATA_COLLECTION,
            PLAYBOOK_RECOVERY_MONITORING,
            PLAYBOOK_POSTMORTEM_DUE_HOURS,
            PLAYBOOK_IMMEDIATE_ACTIONS_HOURS,
            PLAYBOOK_DRILLS,
        ];
        crate::sort::ascending(&mut expected);
        assert_eq!(
            fields(serde_json::to_value(Playbook::default()).unwrap(), PLAYBOOK),
            expected
        );
        // The settings lists are the settings' own field names.
        let settings = serde_json::to_value(crate::sample::sample_settings(
            crate::time::Timestamp::parse("2026-11-01T12:00:00Z").unwrap(),
        ))
        .unwrap();
        for list in [
            COMPONENT_GROUPS,
            COMPONENTS,
            PEOPLE,
            ONCALL_SCHEDULES,
            TOOL_LINKS,
            INTERNAL_DOMAINS,
            BUSINESS_HOURS,
            UPTIME_WEIGHTS,
            SITE_LANGUAGE,
        ] {
            assert!(settings.get(list).is_some(), "{list}");
        }
    }
}
