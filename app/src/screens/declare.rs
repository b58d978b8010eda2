//! `#/new`: declaring an incident. The form is a draft kept in this browser
//! (`state::drafts::DeclareDraft`) until the incident is declared or the form cancelled: a
//! reload or a crashed tab at 3 a.m. keeps it.

use incident_core::assess::{self, Assessment, Reach};
use incident_core::fields::{impact_from_key, impact_key};
use incident_core::model::{AffectedComponent, Component, DetectionSource, Impact};
use incident_core::ops::{self, Declaration, Refused};
use incident_core::Severity;
use leptos::prelude::*;

use crate::platform::ids::new_id;
use crate::state::drafts::DeclareDraft;
use crate::state::workspace::{actor, offered_components, save_and_open};
use crate::state::{use_session, Session};
use crate::widgets::who_am_i::WhoAmI;

/// The form's first values: an alert's link (`#/new?title=…`), for the person to confirm
/// (nothing is declared before they do), else what this browser kept; whether they came from a
/// link, and what of the link was left out.
fn initial(components: &[Component]) -> (DeclareDraft, bool, Vec<String>) {
    let hash = crate::platform::page::current_hash();
    let link = hash
        .split_once('?')
        .map(|(_, q)| incident_core::alert_link::parse(q))
        .unwrap_or_default();
    if link.is_empty() {
        return (DeclareDraft::kept(), false, Vec::new());
    }
    let unknown = link
        .components
        .iter()
        .filter(|(c, _)| !components.iter().any(|o| o.id == *c))
        .map(|(c, _)| format!("component \u{201c}{c}\u{201d} is not in this workspace"))
        .chain(link.ignored.iter().cloned())
        .collect();
    let draft = DeclareDraft {
        title: link.title.unwrap_or_default(),
        severity: link.severity.unwrap_or(Severity::Sev2),
        detection: link.detection.unwrap_or(DetectionSource::AutomatedAlert),
        components: link.components,
        started: link
            .started
            .map(|t| t.datetime().format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default(),
    };
    (draft, true, unknown)
}

#[component]
pub(crate) fn Declare() -> impl IntoView {
    let Session { workspace, me, .. } = use_session();
    let settings = workspace.with_untracked(|b| b.settings.clone());
    let levels = settings.playbook.severities.clone();
    let components = workspace.with_untracked(offered_components);
    let (kept, from_link, unknown) = initial(&components);
    let title = RwSignal::new(kept.title);
    let severity = RwSignal::new(kept.severity);
    let detection = RwSignal::new(kept.detection);
    let started = RwSignal::new(kept.started);
    // Only components still offered (one may have been removed since).
    let chosen: RwSignal<Vec<(String, Impact)>> = RwSignal::new(
        kept.components
            .into_iter()
            .filter(|(c, _)| components.iter().any(|o| o.id == *c))
            .collect(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        DeclareDraft {
            title: title.get(),
            severity: severity.get(),
            detection: detection.get(),
            components: chosen.get(),
            started: started.get(),
        }
        .keep();
    });
    // Declared or cancelled: the form starts empty next time.
    let clear = move || {
        DeclareDraft::forget();
        title.set(String::new());
        severity.set(Severity::Sev2);
        detection.set(DetectionSource::AutomatedAlert);
        chosen.set(Vec::new());
        started.set(String::new());
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let d = Declaration {
            id: new_id(),
            title: title.get_untracked(),
            severity: severity.get_untracked(),
            components: chosen
                .get_untracked()
                .into_iter()
                .map(|(component, impact)| AffectedComponent { component, impact })
                .collect(),
            detection: detection.get_untracked(),
            started_at: incident_core::Timestamp::parse(&format!(
                "{}:00Z",
                started.get_untracked().trim()
            ))
            .ok(),
            drill: false,
        };
        match ops::declare(d, &actor(workspace, me)) {
            Err(Refused(m)) => error.set(Some(m)),
            Ok(incident) => save_and_open(workspace, incident, busy, clear, move |e| {
                error.set(Some(e))
            }),
        }
    };

    view! {
        <section class="declare" aria-labelledby="declare-h">
            <h2 id="declare-h">"Declare an incident"</h2>
            {from_link.then(|| view! {
                <p class="notice" role="status" data-testid="declare-from-link">
                    "Filled from an alert's link. Check it: nothing is declared until you press Declare incident."
                    {(!unknown.is_empty()).then(|| format!(" Left out: {}.", unknown.join("; ")))}
                </p>
            })}
            <form on:submit=submit data-testid="declare-form">
                <label class="field">
                    <span>"What is broken?"</span>
                    <input type="text" name="title" required autofocus data-testid="declare-title"
                        placeholder="API Down"
                        prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev)) />
                </label>
                <fieldset class="severities">
                    <legend>"Severity"</legend>
                    <Assessment severity=severity />
                    {levels.into_iter().map(|l| {
                        let s = l.severity;
                        let id = format!("sev-{}", s.number());
                        let for_id = id.clone();
                        view! {
                            <label class=format!("sevopt sev-{}", s.number()) for=for_id>
                                <input type="radio" name="severity" id=id value=s.label()
                                    prop:checked=move || severity.get() == s
                                    on:change=move |_| severity.set(s) />
                                <strong>{format!("{} · {}", s.label(), l.name)}</strong>
                                <span class="def">{l.definition.clone()}</span>
                                <span class="meta">{format!("Respond: {} · e.g. {}", l.response_time_label, l.examples.join("; "))}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <ComponentChoices components=components chosen=chosen />
                <label class="field">
                    <span>"Detected by"</span>
                    <select prop:value=move || match detection.get() {
                        DetectionSource::CustomerReport => "customer_report",
                        DetectionSource::Engineer => "engineer",
                        DetectionSource::Manual => "manual",
                        DetectionSource::AutomatedAlert => "automated_alert",
                    } on:change=move |ev| detection.set(match event_target_value(&ev).as_str() {
                        "customer_report" => DetectionSource::CustomerReport,
                        "engineer" => DetectionSource::Engineer,
                        "manual" => DetectionSource::Manual,
                        _ => DetectionSource::AutomatedAlert,
                    })>
                        <option value="automated_alert">"Automated alert"</option>
                        <option value="customer_report">"Customer report"</option>
                        <option value="engineer">"Engineer observation"</option>
                        <option value="manual">"Manual"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Started (UTC), if earlier than now: when the alert fired or the problem began "<span class="meta">"optional; the response clock still runs from the declaration"</span></span>
                    <input type="datetime-local" data-testid="declare-started" prop:value=move || started.get() on:input=move |ev| started.set(event_target_value(&ev)) />
                </label>
                <WhoToTell severity=severity />
                <DeclaredBy />
                {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="declare-error">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="primary" data-testid="declare-submit" disabled=move || busy.get()>"Declare incident"</button>
                    <a href="#/" data-testid="declare-cancel" on:click=move |_| clear()>"Cancel"</a>
                </div>
            </form>
        </section>
    }
}

/// The playbook's five questions, suggesting a severity.
#[component]
fn Assessment(severity: RwSignal<Severity>) -> impl IntoView {
    let questions = use_session()
        .workspace
        .with_untracked(|b| b.settings.playbook.assessment_questions.clone());
    let answers = RwSignal::new(Assessment::default());
    view! {
                    <details class="assess" data-testid="assess">
                        <summary>"Not sure? Answer the playbook's five questions"</summary>
                        <div class="questions">
                            <label class="check"><input type="checkbox" data-testid="assess-blocked" on:change=move |ev| answers.update(|a| a.blocked = event_target_checked(&ev)) />{questions.first().cloned().unwrap_or_default()}</label>
                            <label class="check"><input type="checkbox" data-testid="assess-revenue" on:change=move |ev| answers.update(|a| a.revenue = event_target_checked(&ev)) />{questions.get(1).cloned().unwrap_or_default()}</label>
                            <label class="field inline"><span>{questions.get(2).cloned().unwrap_or_default()}</span>
                                <select data-testid="assess-reach" on:change=move |ev| answers.update(|a| a.reach = match event_target_value(&ev).as_str() {
                                    "many" => Reach::Many, "few" => Reach::Few, "none" => Reach::None, _ => Reach::Some,
                                })>
                                    <option value="many">"Most or all"</option>
                                    <option value="some" selected>"Some"</option>
                                    <option value="few">"A few"</option>
                                    <option value="none">"None noticeably"</option>
                                </select></label>
                            <label class="check"><input type="checkbox" data-testid="assess-data" on:change=move |ev| answers.update(|a| a.data_at_risk = event_target_checked(&ev)) />{questions.get(3).cloned().unwrap_or_default()}</label>
                            <label class="check"><input type="checkbox" data-testid="assess-security" on:change=move |ev| answers.update(|a| a.security = event_target_checked(&ev)) />{questions.get(4).cloned().unwrap_or_default()}</label>
                            <p class="suggestion" data-testid="assess-suggestion">
                                {move || { let (s, why) = assess::suggest(&answers.get()); format!("Suggested: {} – {why}.", s.label()) }}
                                " "
                                <button type="button" data-testid="assess-use" on:click=move |_| severity.set(assess::suggest(&answers.get_untracked()).0)>"Use it"</button>
                            </p>
                        </div>
                    </details>
    }
}

/// The components to declare affected, each with its impact.
#[component]
fn ComponentChoices(
    components: Vec<Component>,
    chosen: RwSignal<Vec<(String, Impact)>>,
) -> impl IntoView {
    view! {
                <fieldset class="components">
                    <legend>"Affected components"</legend>
                    {components.into_iter().map(|c| {
                        let cid = c.id.clone();
                        let cid2 = c.id.clone();
                        let cid3 = c.id.clone();
                        let cid4 = c.id.clone();
                        let cid5 = c.id.clone();
                        view! {
                            <div class="comp">
                                <label>
                                    <input type="checkbox" value=c.id.clone()
                                        prop:checked=move || chosen.with(|v| v.iter().any(|(x, _)| *x == cid5))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|v| {
                                                v.retain(|(x, _)| *x != cid);
                                                if on { v.push((cid.clone(), Impact::PartialOutage)); }
                                            });
                                        } />
                                    {c.name.clone()}
                                </label>
                                <select aria-label=format!("Impact on {}", c.name)
                                    prop:value=move || chosen.with(|v| v.iter().find(|(x, _)| *x == cid4).map_or("partial_outage", |(_, i)| impact_key(*i)))
                                    disabled=move || !chosen.with(|v| v.iter().any(|(x, _)| *x == cid2))
                                    on:change=move |ev| {
                                        let impact = impact_from_key(&event_target_value(&ev)).unwrap_or(Impact::PartialOutage);
                                        chosen.update(|v| for (x, i) in v.iter_mut() { if *x == cid3 { *i = impact; } });
                                    }>
                                    <option value="degraded_performance">"Degraded performance"</option>
                                    <option value="partial_outage" selected>"Partial outage"</option>
                                    <option value="major_outage">"Major outage"</option>
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
    }
}

/// Who must know at the chosen severity (the playbook's notification list, ticked on the
/// incident once told) and who is on call now, by the schedules.
#[component]
fn WhoToTell(severity: RwSignal<Severity>) -> impl IntoView {
    let Session { workspace, now, .. } = use_session();
    let list = move || {
        workspace.with(|b| {
            b.settings
                .playbook
                .severity(severity.get())
                .map(|l| l.notification.join(", "))
                .unwrap_or_default()
        })
    };
    let on_call = move || {
        let t = now.get();
        workspace.with(|b| incident_core::describe::on_call_now(&b.settings, &b.tombstones, t))
    };
    view! {
        <div class="who-to-tell" data-testid="declare-notify">
            <p><strong>{move || format!("Who must know at {}: ", severity.get().label())}</strong><span data-testid="declare-notify-list">{list}</span></p>
            {move || {
                let people = on_call();
                (!people.is_empty()).then(|| view! {
                    <p data-testid="declare-oncall"><strong>"On call now: "</strong>{people.join("; ")}</p>
                })
            }}
        </div>
    }
}

/// Who declares: asked when this browser does not know (what they do is signed with their
/// name, and the declarer is Incident Commander until they hand over, as the playbook says).
#[component]
fn DeclaredBy() -> impl IntoView {
    let Session { workspace, me, .. } = use_session();
    move || {
        match me.get() {
        None => view! {
            <div class="field ask-who" data-testid="declare-who">
                <p>"Who are you? What you do is signed with your name, and whoever declares is Incident Commander until they hand over."</p>
                <WhoAmI />
            </div>
        }
        .into_any(),
        Some(id) => {
            let name = workspace.with(|b| incident_core::describe::person_name(&b.settings, &id));
            view! {
                <p class="meta" data-testid="declare-who">{format!("Declared by {name}, Incident Commander until you hand over.")}</p>
            }
            .into_any()
        }
    }
    }
}
