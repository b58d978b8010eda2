//! The playbook's values as this workspace uses them: severities, roles, escalation times,
//! after resolution, mitigation, checklists and templates.
use incident_core::fields::checklist_items;
use incident_core::model::{Role, Settings};
use incident_core::playbook::{ResponseTarget, UpdateCadence};
use incident_core::settings_edit;
use leptos::prelude::*;

use super::form::{cadence_minutes, level_mut, response_minutes, role_mut};
use crate::widgets::fields::{list_area, number_field, text_area, text_field};

/// The playbook's values: one section, in three parts.
#[component]
pub(super) fn PlaybookValues(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="pb-h">
            <h2 id="pb-h">"Playbook values"</h2>
            <p class="muted">"The playbook's defaults, as this workspace uses them. Leave a time empty for \"next business day\" or \"as needed\"."</p>
            <SeverityValues draft=draft />
            <ResponseValues draft=draft />
            <WordValues draft=draft />
        </section>
    }
}

/// Severity levels: response time and update cadence, definitions, examples, who is notified,
/// and the guided assessment's questions.
#[component]
fn SeverityValues(draft: RwSignal<Settings>) -> impl IntoView {
    let s = draft.get_untracked();
    let levels = s.playbook.severities.iter().map(|l| {
        let sev = l.severity;
        let key = format!("sev{}", sev.number());
        let response = response_minutes(l.response_time);
        let cadence = cadence_minutes(l.update_cadence);
        let set_response = move |v: String| draft.update(|s| if let Some(x) = s.playbook.severities.iter_mut().find(|x| x.severity == sev) {
            x.response_time = match v.trim().parse::<u32>() { Ok(m) => ResponseTarget::Minutes { minutes: m }, Err(_) => ResponseTarget::NextBusinessDay };
        });
        let set_cadence = move |v: String| draft.update(|s| if let Some(x) = s.playbook.severities.iter_mut().find(|x| x.severity == sev) {
            x.update_cadence = match v.trim().parse::<u32>() { Ok(m) => UpdateCadence::Every { minutes: m }, Err(_) => UpdateCadence::AsNeeded };
        });
        view! {
            <tr>
                <th scope="row"><span class=format!("sev sev-{}", sev.number())>{sev.label()}</span>" "{l.name.clone()}</th>
                <td><label class="field num"><span>"Respond within (min)"</span>
                    <input type="number" min="1" data-testid=format!("response-{key}") placeholder="next business day" prop:value=response.map(|m| m.to_string()).unwrap_or_default()
                        on:input=move |ev| set_response(event_target_value(&ev)) /></label></td>
                <td><label class="field num"><span>"Update every (min)"</span>
                    <input type="number" min="1" data-testid=format!("cadence-{key}") placeholder="as needed" prop:value=cadence.map(|m| m.to_string()).unwrap_or_default()
                        on:input=move |ev| set_cadence(event_target_value(&ev)) /></label></td>
            </tr>
        }
    }).collect_view();
    let definitions = s
        .playbook
        .severities
        .iter()
        .map(|l| {
            let sev = l.severity;
            text_area(
                draft,
                format!("{sev} definition"),
                format!("definition-sev{}", sev.number()),
                2,
                move |s| {
                    s.playbook
                        .severity(sev)
                        .map(|x| x.definition.clone())
                        .unwrap_or_default()
                },
                move |s, v| {
                    if let Some(x) = s.playbook.severities.iter_mut().find(|x| x.severity == sev) {
                        x.definition = v
                    }
                },
            )
        })
        .collect_view();
    let level_lists = s
        .playbook
        .severities
        .iter()
        .map(|l| {
            let sev = l.severity;
            let n = sev.number();
            view! {
                {list_area(draft, format!("{sev} examples (one per line)"), format!("examples-sev{n}"),
                    move |s| s.playbook.severity(sev).map(|x| x.examples.clone()).unwrap_or_default(),
                    move |s, v| if let Some(x) = level_mut(s, sev) { x.examples = v })}
                {list_area(draft, format!("{sev}: who is notified (one per line)"), format!("notify-sev{n}"),
                    move |s| s.playbook.severity(sev).map(|x| x.notification.clone()).unwrap_or_default(),
                    move |s, v| if let Some(x) = level_mut(s, sev) { x.notification = v })}
            }
        })
        .collect_view();
    view! {
            <h3>"Severity levels"</h3>
            <table class="form-table"><caption class="sr">"Response time and update cadence by severity"</caption><tbody>{levels}</tbody></table>
            <div class="grid2">{definitions}</div>
            <div class="grid2">{level_lists}</div>
            {list_area(draft, "Severity questions: the guided assessment (one per line)".into(), "assessment-questions".into(),
                |s| s.playbook.assessment_questions.clone(), |s, v| s.playbook.assessment_questions = v)}
    }
}

/// Roles, escalation times, what follows resolution, and mitigation.
#[component]
fn ResponseValues(draft: RwSignal<Settings>) -> impl IntoView {
    let s = draft.get_untracked();
    let roles = Role::ALL
        .into_iter()
        .filter(|r| s.playbook.role(*r).is_some())
        .map(|role| {
            let key = role.short().to_lowercase();
            view! {
                <div class="role-def">
                    {text_field(draft, format!("{}: usually taken by", role.label()), format!("role-usually-{key}"),
                        move |s| s.playbook.role(role).map(|x| x.usually.clone()).unwrap_or_default(),
                        move |s, v| if let Some(x) = role_mut(s, role) { x.usually = v })}
                    {list_area(draft, format!("{}: responsibilities (one per line)", role.label()), format!("role-duties-{key}"),
                        move |s| s.playbook.role(role).map(|x| x.responsibilities.clone()).unwrap_or_default(),
                        move |s, v| if let Some(x) = role_mut(s, role) { x.responsibilities = v })}
                </div>
            }
        })
        .collect_view();
    let rules = s
        .playbook
        .escalation
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let level = s
                .playbook
                .escalation_level(&r.level)
                .map_or_else(|| r.level.clone(), |l| l.name.clone());
            number_field(
                draft,
                format!("{}: {level} after (min)", r.severity),
                format!("escalation-{n}"),
                move |s| s.playbook.escalation.get(n).map_or(0, |r| r.after_minutes),
                move |s, v| {
                    if let Some(r) = s.playbook.escalation.get_mut(n) {
                        r.after_minutes = v
                    }
                },
            )
        })
        .collect_view();
    view! {
            <h3>"Roles"</h3>
            <div class="grid2">{roles}</div>
            <h3>"Escalation matrix"</h3>
            <div class="grid3">{rules}</div>
            <h3>"After resolution"</h3>
            <div class="grid3">
                {number_field(draft, "Post-mortem due (hours after resolution)".into(), "postmortem-hours".into(), |s| s.playbook.postmortem_due_hours, |s, v| s.playbook.postmortem_due_hours = v)}
                {number_field(draft, "Immediate actions within (hours)".into(), "immediate-hours".into(), |s| s.playbook.immediate_actions_hours, |s, v| s.playbook.immediate_actions_hours = v)}
                {number_field(draft, "Recovery watch (minutes)".into(), "recovery-minutes".into(), |s| s.playbook.recovery_monitoring.minutes, |s, v| s.playbook.recovery_monitoring.minutes = v)}
            </div>
            <h3>"Mitigation"</h3>
            <div class="grid2">
                {list_area(draft, "Quick wins (one per line)".into(), "quick-wins".into(),
                    |s| s.playbook.quick_wins.clone(), |s, v| s.playbook.quick_wins = v)}
                {text_area(draft, "Data collection commands: a line starting with # names the command below it".into(), "data-collection".into(), 10,
                    |s| settings_edit::commands_to_text(&s.playbook.data_collection),
                    |s, v| s.playbook.data_collection = settings_edit::commands_from_text(&v))}
            </div>
    }
}

/// The words: checklists and templates.
#[component]
fn WordValues(draft: RwSignal<Settings>) -> impl IntoView {
    let s = draft.get_untracked();
    let checklists = s
        .playbook
        .checklists
        .iter()
        .map(|c| {
            let id = c.id.clone();
            let id2 = id.clone();
            text_area(
                draft,
                c.title.clone(),
                format!("checklist-{id}"),
                (c.items.len() as u32).max(3),
                move |s| {
                    s.playbook
                        .checklists
                        .iter()
                        .find(|x| x.id == id)
                        .map(|x| {
                            x.items
                                .iter()
                                .map(|i| i.text.clone())
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .unwrap_or_default()
                },
                move |s, v| {
                    if let Some(x) = s.playbook.checklists.iter_mut().find(|x| x.id == id2) {
                        x.items = checklist_items(&id2, &x.items, &v)
                    }
                },
            )
        })
        .collect_view();
    let status_templates = s
        .playbook
        .templates
        .status_page
        .iter()
        .map(|t| {
            let sev = t.severity;
            text_area(
                draft,
                format!("Status page update, {sev}"),
                format!("template-status-sev{}", sev.number()),
                4,
                move |s| {
                    s.playbook
                        .templates
                        .status_page
                        .iter()
                        .find(|x| x.severity == sev)
                        .map(|x| x.body.clone())
                        .unwrap_or_default()
                },
                move |s, v| {
                    if let Some(x) = s
                        .playbook
                        .templates
                        .status_page
                        .iter_mut()
                        .find(|x| x.severity == sev)
                    {
                        x.body = v
                    }
                },
            )
        })
        .collect_view();
    view! {
    <h3>"Checklists"</h3>
    <p class="muted">"One item per line."</p>
    <div class="grid2">{checklists}</div>
    <h3>"Templates"</h3>
    <div class="grid2">
        {text_area(draft, "Internal status update".into(), "template-internal".into(), 8, |s| s.playbook.templates.internal_update.clone(), |s, v| s.playbook.templates.internal_update = v)}
        {text_field(draft, "Customer email subject", "template-email-subject".into(), |s| s.playbook.templates.customer_email.subject.clone(), |s, v| s.playbook.templates.customer_email.subject = v)}
        {text_area(draft, "Customer email".into(), "template-email".into(), 8, |s| s.playbook.templates.customer_email.body.clone(), |s, v| s.playbook.templates.customer_email.body = v)}
        {status_templates}
        {text_area(draft, "Post-mortem".into(), "template-postmortem".into(), 8, |s| s.playbook.templates.postmortem.clone(), |s, v| s.playbook.templates.postmortem = v)}
    </div>
    }
}
