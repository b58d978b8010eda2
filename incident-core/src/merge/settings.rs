//! Merging the settings: the organization, the records of its lists, the tool links and the
//! playbook field by field.

use crate::model::{Component, ComponentGroup, OnCallSchedule, Organization, Person, Settings};
use crate::playbook::Playbook;
use crate::stamp_keys as keys;

use super::conflicts::settle_conflicts;
use super::records::merge_by_id;
use super::registers::{Ctx, Lost};
use super::stamps::{max_stamps, prefixed};

/// Two copies of the settings merged by the same rules as [`merge`](super::merge) (a tab saving
/// settings that another tab changed since).
pub fn merge_settings_copies(a: &Settings, b: &Settings) -> Settings {
    merge_settings(a, b)
}

pub(super) fn merge_settings(a: &Settings, b: &Settings) -> Settings {
    let mut lost = Vec::new();
    let mut out = if std::ptr::eq(a, b) || a == b {
        a.clone()
    } else {
        let cx = Ctx::top(&a.stamps, &b.stamps);
        let l = &mut lost;
        let (oa, ob) = (&a.organization, &b.organization);
        Settings {
            organization: Organization {
                name: cx.reg(keys::ORGANIZATION_NAME, &oa.name, &ob.name, l),
                status_page_url: cx.reg(
                    keys::ORGANIZATION_STATUS_PAGE_URL,
                    &oa.status_page_url,
                    &ob.status_page_url,
                    l,
                ),
            },
            component_groups: merge_by_id(
                &a.component_groups,
                &b.component_groups,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::COMPONENT_GROUPS, &x.id);
                    ComponentGroup {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        description: cx.reg(keys::DESCRIPTION, &x.description, &y.description, l),
                        position: cx.reg(keys::POSITION, &x.position, &y.position, l),
                    }
                },
            ),
            components: merge_by_id(
                &a.components,
                &b.components,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::COMPONENTS, &x.id);
                    Component {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        description: cx.reg(keys::DESCRIPTION, &x.description, &y.description, l),
                        group: cx.reg(keys::GROUP, &x.group, &y.group, l),
                        position: cx.reg(keys::POSITION, &x.position, &y.position, l),
                        // Made twice (two people set up the same component): made at the first.
                        created_at: x.created_at.min(y.created_at),
                    }
                },
            ),
            people: merge_by_id(
                &a.people,
                &b.people,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::PEOPLE, &x.id);
                    Person {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        handle: cx.reg(keys::HANDLE, &x.handle, &y.handle, l),
                        title: cx.reg(keys::TITLE, &x.title, &y.title, l),
                        email: cx.reg(keys::EMAIL, &x.email, &y.email, l),
                        phone: cx.reg(keys::PHONE, &x.phone, &y.phone, l),
                        escalation_levels: cx.reg(
                            keys::ESCALATION_LEVELS,
                            &x.escalation_levels,
                            &y.escalation_levels,
                            l,
                        ),
                    }
                },
            ),
            oncall_schedules: merge_by_id(
                &a.oncall_schedules,
                &b.oncall_schedules,
                |x| &x.id,
                Clone::clone,
                |x, y| {
                    let cx = cx.within(keys::ONCALL_SCHEDULES, &x.id);
                    OnCallSchedule {
                        id: x.id.clone(),
                        name: cx.reg(keys::NAME, &x.name, &y.name, l),
                        external_id: cx.reg(keys::EXTERNAL_ID, &x.external_id, &y.external_id, l),
                        rotation: cx.reg(keys::ROTATION, &x.rotation, &y.rotation, l),
                        rotation_start: cx.reg(
                            keys::ROTATION_START,
                            &x.rotation_start,
                            &y.rotation_start,
                            l,
                        ),
                        shift_days: cx.reg(keys::SHIFT_DAYS, &x.shift_days, &y.shift_days, l),
                    }
                },
            ),
            tool_links: cx.reg(keys::TOOL_LINKS, &a.tool_links, &b.tool_links, l),
            internal_domains: cx.reg(
                keys::INTERNAL_DOMAINS,
                &a.internal_domains,
                &b.internal_domains,
                l,
            ),
            business_hours: cx.reg(
                keys::BUSINESS_HOURS,
                &a.business_hours,
                &b.business_hours,
                l,
            ),
            uptime_weights: cx.reg(
                keys::UPTIME_WEIGHTS,
                &a.uptime_weights,
                &b.uptime_weights,
                l,
            ),
            site_language: cx.reg(keys::SITE_LANGUAGE, &a.site_language, &b.site_language, l),
            playbook: merge_playbook(&cx, &a.playbook, &b.playbook, l),
            stamps: max_stamps(&a.stamps, &b.stamps),
            conflicts: a.conflicts.iter().chain(&b.conflicts).cloned().collect(),
        }
    };
    out.conflicts = settle_conflicts("settings", &out.conflicts, lost, &out.stamps);
    crate::sort::by(&mut out.component_groups, |x, y| x.id.cmp(&y.id));
    crate::sort::by(&mut out.components, |x, y| x.id.cmp(&y.id));
    crate::sort::by(&mut out.people, |x, y| x.id.cmp(&y.id));
    crate::sort::by(&mut out.oncall_schedules, |x, y| x.id.cmp(&y.id));
    out
}

/// The playbook merges field by field (`playbook.<field>`).
fn merge_playbook(cx: &Ctx, a: &Playbook, b: &Playbook, l: &mut Vec<Lost>) -> Playbook {
    // Equal values are not enough: two devices that set the same value at different stamps
    // each leave a conflict behind, whatever the order of merges.
    if a == b && prefixed(cx.sa, keys::PLAYBOOK).eq(prefixed(cx.sb, keys::PLAYBOOK)) {
        return a.clone();
    }
    Playbook {
        severities: cx.reg(keys::PLAYBOOK_SEVERITIES, &a.severities, &b.severities, l),
        assessment_questions: cx.reg(
            keys::PLAYBOOK_ASSESSMENT_QUESTIONS,
            &a.assessment_questions,
            &b.assessment_questions,
            l,
        ),
        roles: cx.reg(keys::PLAYBOOK_ROLES, &a.roles, &b.roles, l),
        escalation_levels: cx.reg(
            keys::PLAYBOOK_ESCALATION_LEVELS,
            &a.escalation_levels,
            &b.escalation_levels,
            l,
        ),
        escalation: cx.reg(keys::PLAYBOOK_ESCALATION, &a.escalation, &b.escalation, l),
        checklists: cx.reg(keys::PLAYBOOK_CHECKLISTS, &a.checklists, &b.checklists, l),
        templates: cx.reg(keys::PLAYBOOK_TEMPLATES, &a.templates, &b.templates, l),
        rollback_tree: cx.reg(
            keys::PLAYBOOK_ROLLBACK_TREE,
            &a.rollback_tree,
            &b.rollback_tree,
            l,
        ),
        quick_wins: cx.reg(keys::PLAYBOOK_QUICK_WINS, &a.quick_wins, &b.quick_wins, l),
        data_collection: cx.reg(
            keys::PLAYBOOK_DATA_COLLECTION,
            &a.data_collection,
            &b.data_collection,
            l,
        ),
        recovery_monitoring: cx.reg(
            keys::PLAYBOOK_RECOVERY_MONITORING,
            &a.recovery_monitoring,
            &b.recovery_monitoring,
            l,
        ),
        postmortem_due_hours: cx.reg(
            keys::PLAYBOOK_POSTMORTEM_DUE_HOURS,
            &a.postmortem_due_hours,
            &b.postmortem_due_hours,
            l,
        ),
        immediate_actions_hours: cx.reg(
            keys::PLAYBOOK_IMMEDIATE_ACTIONS_HOURS,
            &a.immediate_actions_hours,
            &b.immediate_actions_hours,
            l,
        ),
        drills: cx.reg(keys::PLAYBOOK_DRILLS, &a.drills, &b.drills, l),
    }
}
