//! Running an incident: the declare form and the incident page (clocks, lifecycle, severity,
//! roles, status updates on the playbook's template, notes, checklists, the timeline).
//!
//! Every action is an `incident_core::ops` function applied to a copy of the incident; the copy
//! is written to IndexedDB and only then shown, so what the screen says is what a reload shows.

use incident_core::assess::{self, Assessment, Reach};
use incident_core::model::{
    AffectedComponent, DetectionSource, Event, EventKind, Impact, Incident, IncidentStatus, Role,
    Settings, Tombstone,
};
use incident_core::ops::{self, Actor, Declaration, Refused, Sla, UpdateDraft};
use incident_core::{Bundle, Severity, Timestamp};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::clock;
use crate::storage::{Storage, StorageError, DEFAULT_DB};

/// `4:05`, `1 h 05 min`, `2 d 3 h`
pub fn span(minutes_or_seconds: i64) -> String {
    let s = minutes_or_seconds.abs();
    if s < 3600 {
        format!("{}:{:02}", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    }
}

/// "due in 4:05" or "overdue by 1:10", and whether it is overdue.
pub fn countdown(now: Timestamp, due: Timestamp) -> (String, bool) {
    let left = due.seconds_since(now);
    if left >= 0 {
        (format!("due in {}", span(left)), false)
    } else {
        (format!("overdue by {}", span(left)), true)
    }
}

fn person_name(settings: &Settings, id: &str) -> String {
    settings
        .person(id)
        .map_or_else(|| id.to_owned(), |p| p.name.clone())
}

/// One line of the timeline, in words.
pub fn describe(e: &Event, incident: &Incident, settings: &Settings) -> String {
    match &e.kind {
        EventKind::Declared { severity } => format!("Declared as {}", severity.label()),
        EventKind::Acknowledged => "Acknowledged (response clock stopped)".to_owned(),
        EventKind::SeverityChanged { from, to } => {
            format!("Severity changed from {} to {}", from.label(), to.label())
        }
        EventKind::StatusChanged { from, to } => {
            format!("Status changed from {} to {}", from.label(), to.label())
        }
        EventKind::RoleAssigned { role, person } => match person {
            Some(p) => format!("{}: {}", role.label(), person_name(settings, p)),
            None => format!("{} unassigned", role.label()),
        },
        EventKind::UpdatePosted { update, public } => {
            let text = incident
                .updates
                .iter()
                .find(|u| u.id == *update)
                .map(|u| u.message.clone())
                .unwrap_or_default();
            let kind = if *public {
                "Status page update"
            } else {
                "Internal update"
            };
            format!("{kind}: {text}")
        }
        EventKind::ChecklistItemDone { checklist, item } => {
            format!("Checked: {}", checklist_text(settings, checklist, item))
        }
        EventKind::ChecklistItemUndone { checklist, item } => {
            format!("Unchecked: {}", checklist_text(settings, checklist, item))
        }
        EventKind::EscalationEngaged { level, person } => {
            let name = settings
                .playbook
                .escalation_level(level)
                .map_or(level.as_str(), |l| l.name.as_str());
            match person {
                Some(p) => format!("Escalation engaged: {name} ({})", person_name(settings, p)),
                None => format!("Escalation engaged: {name}"),
            }
        }
        EventKind::Paged { target, message } => format!("Paged {target}: {message}"),
        EventKind::Decision { text, outcome } => match outcome {
            Some(o) => format!("Decision: {text} → {o}"),
            None => format!("Decision: {text}"),
        },
        EventKind::Note { text } => format!("Note: {text}"),
        EventKind::ComponentsChanged { components } if components.is_empty() => {
            "Affected components: none".to_owned()
        }
        EventKind::ComponentsChanged { components } => format!(
            "Affected components: {}",
            components
                .iter()
                .map(|c| format!(
                    "{} ({})",
                    settings
                        .component(&c.component)
                        .map_or(c.component.as_str(), |x| x.name.as_str()),
                    c.impact.label()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        EventKind::Reopened { reason } => format!("Re-opened: {reason}"),
        EventKind::PostmortemPublished => "Post-mortem published".to_owned(),
        EventKind::Conflict {
            field,
            value,
            stamp,
        } => incident_core::merge::describe_conflict(field, value, stamp),
    }
}

fn checklist_text(settings: &Settings, checklist: &str, item: &str) -> String {
    settings
        .playbook
        .checklist(checklist)
        .and_then(|c| c.items.iter().find(|i| i.id == item))
        .map_or_else(|| item.to_owned(), |i| i.text.clone())
}

/// A fresh id for a new record (128 random bits from the browser's crypto, hex).
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes.iter().all(|b| *b == 0) {
        // No crypto: fall back to time and Math.random (ids only need to be unique).
        let r = (js_sys::Math::random() * 1e15) as u64;
        return format!("inc-{}-{r:x}", js_sys::Date::now() as u64);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
}

pub fn go(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Saves `incident` and then puts it into the workspace; `Err` leaves both as they were.
pub(crate) async fn save(workspace: RwSignal<Bundle>, incident: Incident) -> Result<(), String> {
    let storage = Storage::open(DEFAULT_DB).await.map_err(|e| e.to_string())?;
    let result = storage
        .put_incident_merged(&incident)
        .await
        .map_err(|e| e.to_string());
    storage.close();
    let stored = result?;
    crate::sync::announce(&stored.id);
    show(workspace, stored);
    Ok(())
}

/// Deletes an incident: a tombstone stored beside the workspace (the incident stays, hidden, so
/// copies merge), other tabs told.
fn delete(workspace: RwSignal<Bundle>, incident: &Incident, error: RwSignal<Option<String>>) {
    let device = crate::sync::tab_device(&workspace.with_untracked(|b| b.device_id.clone()));
    let tombstone = incident_core::merge::delete_incident(incident, &device, clock::now());
    spawn_local(async move {
        match store_tombstone(&tombstone).await {
            Ok(()) => workspace.update(|b| b.tombstones.push(tombstone)),
            Err(e) => error.set(Some(format!("Not deleted: {e}"))),
        }
    });
}

/// Stores a deletion (of an incident or a settings record) beside the workspace and tells the
/// other tabs, which reload.
pub(crate) async fn store_tombstone(tombstone: &Tombstone) -> Result<(), StorageError> {
    let storage = Storage::open(DEFAULT_DB).await?;
    let result = storage.put_tombstone(tombstone).await;
    storage.close();
    result?;
    crate::sync::announce(crate::sync::WORKSPACE);
    Ok(())
}

/// Stores a new incident and opens its page; `busy` is set while saving, `saved` runs once it
/// is stored, `failed` hears why nothing was stored.
pub(crate) fn save_and_open(
    workspace: RwSignal<Bundle>,
    incident: Incident,
    busy: RwSignal<bool>,
    saved: impl FnOnce() + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    busy.set(true);
    let id = incident.id.clone();
    spawn_local(async move {
        match save(workspace, incident).await {
            Ok(()) => {
                saved();
                go(&format!("#/incident/{id}"));
            }
            Err(e) => failed(e),
        }
        busy.set(false);
    });
}

/// Puts a stored incident into the workspace on screen.
pub(crate) fn show(workspace: RwSignal<Bundle>, incident: Incident) {
    workspace.update(
        |b| match b.incidents.iter_mut().find(|i| i.id == incident.id) {
            Some(slot) => *slot = incident,
            None => b.incidents.insert(0, incident),
        },
    );
}

pub(crate) fn actor(workspace: RwSignal<Bundle>, me: RwSignal<Option<String>>) -> Actor {
    Actor {
        person: me.get_untracked(),
        device: crate::sync::tab_device(&workspace.with_untracked(|b| b.device_id.clone())),
        now: clock::now(),
    }
}

/// What is filled into the declare form, kept in this browser (`DECLARE_DRAFT`) until the
/// incident is declared or the form cancelled: a reload or a crashed tab keeps it.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct DeclareDraft {
    title: String,
    severity: Severity,
    detection: DetectionSource,
    components: Vec<(String, Impact)>,
}

const DECLARE_DRAFT: &str = "cygni-declare-draft";

impl Default for DeclareDraft {
    fn default() -> Self {
        DeclareDraft {
            title: String::new(),
            severity: Severity::Sev2,
            detection: DetectionSource::AutomatedAlert,
            components: Vec::new(),
        }
    }
}

#[component]
pub fn Declare(workspace: RwSignal<Bundle>, me: RwSignal<Option<String>>) -> impl IntoView {
    let settings = workspace.with_untracked(|b| b.settings.clone());
    let levels = settings.playbook.severities.clone();
    let questions = settings.playbook.assessment_questions.clone();
    let components = workspace.with_untracked(crate::settings::offered_components);
    let kept = crate::storage::local_storage()
        .and_then(|s| s.get_item(DECLARE_DRAFT).ok().flatten())
        .and_then(|text| serde_json::from_str::<DeclareDraft>(&text).ok())
        .unwrap_or_default();
    let title = RwSignal::new(kept.title);
    let severity = RwSignal::new(kept.severity);
    let detection = RwSignal::new(kept.detection);
    // Only components still offered (one may have been removed since).
    let chosen: RwSignal<Vec<(String, Impact)>> = RwSignal::new(
        kept.components
            .into_iter()
            .filter(|(c, _)| components.iter().any(|o| o.id == *c))
            .collect(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let answers = RwSignal::new(Assessment::default());
    Effect::new(move |_| {
        let draft = DeclareDraft {
            title: title.get(),
            severity: severity.get(),
            detection: detection.get(),
            components: chosen.get(),
        };
        if let Some(storage) = crate::storage::local_storage() {
            if draft == DeclareDraft::default() {
                let _ = storage.remove_item(DECLARE_DRAFT);
            } else if let Ok(text) = serde_json::to_string(&draft) {
                // Best effort: a full local storage leaves the form in memory only.
                let _ = storage.set_item(DECLARE_DRAFT, &text);
            }
        }
    });
    // Declared or cancelled: the form starts empty next time.
    let clear = move || {
        if let Some(storage) = crate::storage::local_storage() {
            let _ = storage.remove_item(DECLARE_DRAFT);
        }
        title.set(String::new());
        severity.set(Severity::Sev2);
        detection.set(DetectionSource::AutomatedAlert);
        chosen.set(Vec::new());
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
            started_at: None,
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
                {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="declare-error">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="primary" data-testid="declare-submit" disabled=move || busy.get()>"Declare incident"</button>
                    <a href="#/" data-testid="declare-cancel" on:click=move |_| clear()>"Cancel"</a>
                </div>
            </form>
        </section>
    }
}

/// The components offered on an incident page: the live ones, then any the incident names that
/// were removed since (by their old name); each with its impact on the incident, if any.
fn affected_choices(
    incident: &Incident,
    settings: &Settings,
    live: &[incident_core::model::Component],
) -> Vec<(String, String, Option<Impact>)> {
    let impact = |id: &str| {
        incident
            .components
            .iter()
            .find(|a| a.component == id)
            .map(|a| a.impact)
    };
    let mut out: Vec<_> = live
        .iter()
        .map(|c| (c.id.clone(), c.name.clone(), impact(&c.id)))
        .collect();
    for a in &incident.components {
        if !live.iter().any(|c| c.id == a.component) {
            let name = settings
                .component(&a.component)
                .map_or(a.component.clone(), |c| c.name.clone());
            out.push((a.component.clone(), name, Some(a.impact)));
        }
    }
    out
}

/// An impact as an `<option>` value, and back (anything else: none).
fn impact_key(impact: Impact) -> &'static str {
    match impact {
        Impact::DegradedPerformance => "degraded_performance",
        Impact::PartialOutage => "partial_outage",
        Impact::MajorOutage => "major_outage",
    }
}

fn impact_from_key(key: &str) -> Option<Impact> {
    IMPACTS.into_iter().find(|i| impact_key(*i) == key)
}

/// The impacts, mildest first, as the pickers offer them.
const IMPACTS: [Impact; 3] = [
    Impact::DegradedPerformance,
    Impact::PartialOutage,
    Impact::MajorOutage,
];

/// A status-page update drafted from the command bar (`/statuspage update …`), waiting for the
/// incident page's update form to take it.
#[derive(Clone, Copy)]
pub struct Draft(pub RwSignal<Option<(IncidentStatus, String)>>);

/// An action on an incident, applied to a copy before it is saved.
pub(crate) type Op = Box<dyn FnOnce(&mut Incident, &Actor) -> Result<(), Refused>>;
/// What to do once an action is stored (clear the form it came from).
pub(crate) type After = Box<dyn FnOnce()>;
/// Runs an action; shared with the panels.
pub(crate) type Runner = StoredValue<Box<dyn Fn(Op, Option<After>) + Send + Sync>>;

#[component]
pub fn IncidentPage(
    workspace: RwSignal<Bundle>,
    me: RwSignal<Option<String>>,
    id: String,
    now: ReadSignal<Timestamp>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id_for_get = id.clone();
    let incident = Memo::new(move |_| {
        workspace.with(|b| b.incidents.iter().find(|i| i.id == id_for_get).cloned())
    });
    let id_for_hidden = id.clone();
    let deleted = Memo::new(move |_| {
        workspace
            .with(|b| incident_core::merge::hidden_incidents(b).contains(id_for_hidden.as_str()))
    });
    let settings = workspace.with_untracked(|b| b.settings.clone());
    let playbook = StoredValue::new(settings.playbook.clone());
    let settings = StoredValue::new(settings);
    // What the screens offer to choose and whom escalation reaches: without removed records
    // (`settings` keeps them, for the names of those who took part).
    let offered = StoredValue::new(workspace.with_untracked(|b| {
        incident_core::merge::live_settings(&b.settings, &b.tombstones).into_owned()
    }));

    // Applies an operation to a copy, saves it, then shows it; `after` runs only once the
    // change is stored (so a form is cleared only when its content is safe). An action taken
    // while the previous one is still being saved waits its turn and then applies to the saved
    // incident: quick clicks at 3 a.m. are never refused.
    let pending = StoredValue::new_local(std::collections::VecDeque::<(Op, Option<After>)>::new());
    let noop: Box<dyn Fn(Op, Option<After>) + Send + Sync> = Box::new(|_, _| {});
    let runner: Runner = StoredValue::new(noop);
    let act = move |f: Op, after: Option<After>| {
        if busy.get_untracked() {
            pending.update_value(|q| q.push_back((f, after)));
            return;
        }
        let Some(mut copy) = incident.get_untracked() else {
            return;
        };
        match f(&mut copy, &actor(workspace, me)) {
            Err(Refused(m)) => error.set(Some(m)),
            Ok(()) => {
                busy.set(true);
                error.set(None);
                spawn_local(async move {
                    match save(workspace, copy).await {
                        Ok(()) => {
                            if let Some(after) = after {
                                after();
                            }
                        }
                        Err(e) => error.set(Some(format!(
                            "Not saved: {e} What you typed is still in the form."
                        ))),
                    }
                    busy.set(false);
                    let next = pending.try_update_value(|q| q.pop_front()).flatten();
                    if let Some((f, after)) = next {
                        runner.with_value(|a| a(f, after));
                    }
                });
            }
        }
    };
    let run_box: Box<dyn Fn(Op, Option<After>) + Send + Sync> = Box::new(act);
    runner.set_value(run_box);
    let run = move |f: Op| {
        runner.with_value(|a| a(f, None));
    };
    let run_then = move |f: Op, after: After| {
        runner.with_value(|a| a(f, Some(after)));
    };
    // The rollback guide's place survives re-renders of the page.
    let tree_node = RwSignal::new(String::new());
    let tree_path: RwSignal<Vec<String>> = RwSignal::new(Vec::new());

    let drafts = use_context::<crate::comms::DraftStore>()
        .map_or_else(crate::comms::Drafts::new, |store| store.of(&id));
    // What is typed into the update form and the note is a draft too: kept across a reload.
    let message = drafts.update_message;
    let impact = drafts.update_impact;
    let actions = drafts.update_actions;
    let public = drafts.update_public;
    // A draft from the command bar fills the form: public, its message, and its status.
    let draft_status = RwSignal::new(None::<IncidentStatus>);
    if let Some(Draft(draft)) = use_context::<Draft>() {
        Effect::new(move |_| {
            if let Some((st, text)) = draft.get() {
                message.set(text);
                public.set(true);
                draft_status.set(Some(st));
                draft.set(None);
            }
        });
    }
    let note = drafts.note;
    let reopen_reason = RwSignal::new(String::new());
    let shape = Memo::new(move |_| {
        incident.with(|i| {
            i.as_ref()
                .map(|i| (i.drill, crate::comms::shows_post_incident(i)))
        })
    });

    view! {
            {move || match incident.get() {
                None => view! {
                    <p class="error" role="alert">"This incident is not in the workspace. "<a href="#/">"Back to the list"</a></p>
                }.into_any(),
                Some(i) if deleted.get() => view! {
                    <article class="incident" data-testid="incident-deleted">
                        <p class="crumb"><a href="#/">"← All incidents"</a></p>
                        <h2>{i.title.clone()}</h2>
                        <p role="status">"This incident was deleted: it is not listed, counted or on the status site, here or on any copy that imports this workspace's files."</p>
                        <button type="button" data-testid="restore-incident" on:click={
                            let id = i.id.clone();
                            move |_| {
                                // Dated after the deletion, even if its clock ran ahead of ours.
                                let at = workspace.with_untracked(|b| incident_core::merge::restore_at(b, &id, clock::now()));
                                run(Box::new(move |i, a| {
                                    let a = Actor { now: at.max(a.now), ..a.clone() };
                                    ops::add_note(i, "Restored after it was deleted", &a)
                                }));
                            }
                        }>"Restore it"</button>
                        {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="action-error">{m}</p> })}
                    </article>
                }.into_any(),
                Some(i) => {
                    let pb = playbook.get_value();
                    let st = settings.get_value();
                    let sev = i.severity;
                    let status = i.status;
                    let mut timeline: Vec<Event> = i.timeline.clone();
                    timeline.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
                    let ticks = i.checklist_state();
                    let is_open = i.is_open();
                    view! {
                        <article class="incident" data-testid="incident">
                            <p class="crumb"><a href="#/">"← All incidents"</a></p>
                            <header class="inc-head">
                                <span class=format!("sev sev-{}", sev.number()) data-testid="incident-severity">{sev.label()}</span>
                                <h2 data-testid="incident-title">{i.title.clone()}</h2>
                                <span class=format!("status status-{}", status.key()) data-testid="incident-status">{status.label()}</span>
                                {i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}
                            </header>
                            <div class="clocks">{move || {
                                // Only the clocks follow the ticking time, not the whole page.
                                let n = now.get();
                                let pb = playbook.get_value();
                                incident.with(|i| i.as_ref().map(|i| {
                                    let sla = match ops::response_sla(i, &pb, n) {
                                        Sla::Running { due, overdue } => {
                                            let (text, late) = countdown(n, due);
                                            (format!("Acknowledge {text}"), overdue || late)
                                        }
                                        Sla::Met { after_minutes } => (format!("Acknowledged after {after_minutes} min: response SLA met"), false),
                                        Sla::Missed { after_minutes } => (format!("Acknowledged after {after_minutes} min: response SLA missed"), true),
                                        Sla::Untimed => ("Response: next business day".to_owned(), false),
                                    };
                                    let next = ops::next_update_due(i, &pb).map(|due| countdown(n, due));
                                    view! {
                                        <p class=if sla.1 { "clock-box late" } else { "clock-box" } data-testid="sla-clock">{sla.0}</p>
                                        {next.map(|(text, late)| view! {
                                            <p class=if late { "clock-box late" } else { "clock-box" } data-testid="update-clock">{format!("Next status update {text}")}</p>
                                        })}
                                    }
                                }))
                            }}</div>
                            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="action-error">{m}</p> })}
                        {(status == IncidentStatus::Resolved).then(|| {
                            let told = i.updates.iter().filter(|u| u.public).max_by_key(|u| u.at).map(|u| u.status);
                            told.filter(|s| *s != IncidentStatus::Resolved).map(|s| view! {
                                <p class="error" role="alert" data-testid="statuspage-stale">
                                    {format!("The status page still says {}. ", s.label())}
                                    <button type="button" data-testid="draft-resolved" on:click=move |_| {
                                        message.set("This incident has been resolved. Thank you for your patience.".to_owned());
                                        public.set(true);
                                    }>"Draft the public resolved update"</button>
                                </p>
                            })
                        })}
                        {move || incident.get().and_then(|i| i.resolved_at.filter(|_| i.status == IncidentStatus::Resolved)).map(|resolved| {
                            let n = now.get();
                            let pb = playbook.get_value();
                            let minutes = i64::from(pb.recovery_monitoring.minutes);
                            let until = resolved.plus_minutes(minutes);
                            let watching = n < until;
                            let watch = pb.recovery_monitoring.watch.clone();
                            view! {
                                <section class=if watching { "panel recovery watching" } else { "panel recovery" } data-testid="recovery">
                                    <h3>{if watching {
                                        format!("Recovery watch: {} left (until {} UTC)", span(until.seconds_since(n)), until.utc_hhmm())
                                    } else {
                                        format!("Recovery watch ended at {} UTC", until.utc_hhmm())
                                    }}</h3>
                                    {watching.then(|| view! {
                                        <ul>{watch.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                                        <button type="button" data-testid="recurrence" on:click=move |_| {
                                            run(Box::new(|i, a| ops::set_status(i, IncidentStatus::Investigating, Some("Symptoms recurred during recovery monitoring"), a)))
                                        }>"Symptoms are back: re-open"</button>
                                    })}
                                </section>
                            }
                        })}
                            <div class="incident-body">
                            <div class="col-main">
                            <section class="panel" aria-labelledby="act-h">
                                <h3 id="act-h">"Lifecycle"</h3>
                                <div class="buttons">
                                    {i.acknowledged_at.is_none().then(|| view! {
                                        <button class="primary" data-testid="acknowledge" on:click=move |_| run(Box::new(ops::acknowledge))>"Acknowledge"</button>
                                    })}
                                    {IncidentStatus::ALL.into_iter().filter(|s| *s != status).map(|s| {
                                        let reopening = status == IncidentStatus::Resolved;
                                        view! {
                                            <button data-testid=format!("status-{}", s.key())
                                                on:click=move |_| {
                                                    let reason = reopening.then(|| reopen_reason.get_untracked());
                                                    run(Box::new(move |i, a| ops::set_status(i, s, reason.as_deref(), a)))
                                                }>
                                                {if reopening { format!("Re-open as {}", s.label()) } else { format!("Mark {}", s.label()) }}
                                            </button>
                                        }
                                    }).collect_view()}
                                </div>
                                {(status == IncidentStatus::Resolved).then(|| view! {
                                    <label class="field"><span>"Reason to re-open"</span>
                                        <input type="text" data-testid="reopen-reason" prop:value=move || reopen_reason.get()
                                            on:input=move |ev| reopen_reason.set(event_target_value(&ev)) />
                                    </label>
                                })}
                                <label class="field inline"><span>"Severity"</span>
                                    <select data-testid="severity-select" on:change=move |ev| {
                                        if let Some(to) = Severity::parse(&event_target_value(&ev)) {
                                            run(Box::new(move |i, a| ops::set_severity(i, to, a)));
                                        }
                                    }>
                                        {[Severity::Sev1, Severity::Sev2, Severity::Sev3, Severity::Sev4].into_iter().map(|s| view! {
                                            <option value=s.label() selected=s == sev>{s.label()}</option>
                                        }).collect_view()}
                                    </select>
                                </label>
                            </section>
                            <section class="panel" aria-labelledby="upd-h">
                                <h3 id="upd-h">"Post a status update"</h3>
                                <form data-testid="update-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    let draft = UpdateDraft {
                                        impact: impact.get_untracked(),
                                        actions: actions.get_untracked(),
                                        message: message.get_untracked(),
                                        public: public.get_untracked(),
                                    };
                                    let sent = (draft.impact.clone(), draft.actions.clone(), draft.message.clone());
                                    let pb = playbook.get_value();
                                    let wanted = draft_status.get_untracked().filter(|s| *s != status && status != IncidentStatus::Resolved);
                                    draft_status.set(None);
                                    run_then(Box::new(move |i, a| {
                                        if let Some(s) = wanted {
                                            ops::set_status(i, s, None, a)?;
                                        }
                                        ops::post_update(i, draft, &pb, a).map(|_| ())
                                    }), Box::new(move || {
                                        // Cleared once posted, unless more was typed meanwhile.
                                        if (impact.get_untracked(), actions.get_untracked(), message.get_untracked()) == sent {
                                            message.set(String::new());
                                            impact.set(String::new());
                                            actions.set(String::new());
                                            public.set(true);
                                        }
                                    }));
                                }>
                                    <p class="meta" data-testid="update-meta">{move || format!("Time: now · Severity: {} · Status: {}", sev.label(), draft_status.get().filter(|s| *s != status).map_or_else(|| status.label().to_owned(), |s| format!("{} (changes from {})", s.label(), status.label())))}</p>
                                    <label class="field"><span>"Impact (who is affected, how)"</span>
                                        <input type="text" data-testid="update-impact" prop:value=move || impact.get() on:input=move |ev| impact.set(event_target_value(&ev)) /></label>
                                    <label class="field"><span>"Current actions"</span>
                                        <input type="text" data-testid="update-actions" prop:value=move || actions.get() on:input=move |ev| actions.set(event_target_value(&ev)) /></label>
                                    <label class="field"><span>"Message"</span>
                                        <textarea data-testid="update-message" rows="3" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea></label>
                                    <label class="check"><input type="checkbox" data-testid="update-public" prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev)) />" Publish on the status page"</label>
                                    <button type="submit" class="primary" data-testid="update-submit">"Post update"</button>
                                </form>
                            </section>
                            {is_open.then(|| view! {
                                <crate::comms::Communications incident=i.clone() settings=st.clone() now=now drafts=drafts run_op=runner />
                            })}
                            <section class="panel" aria-labelledby="tl-h">
                                <h3 id="tl-h">"Timeline"</h3>
                                <form class="note" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    let text = note.get_untracked();
                                    let sent = text.clone();
                                    // Cleared once stored, unless more was typed meanwhile.
                                    run_then(Box::new(move |i, a| ops::add_note(i, &text, a)), Box::new(move || note.update(|n| if *n == sent { n.clear() })));
                                }>
                                    <input type="text" data-testid="note-input" aria-label="Add a note to the timeline" placeholder="Add a note (Enter)"
                                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                                </form>
                                <ol class="timeline" data-testid="timeline">
                                    {timeline.iter().map(|e| {
                                        let who = e.by.as_deref().map(|p| person_name(&st, p));
                                        view! {
                                            <li data-testid="timeline-event">
                                                <time datetime=e.at.to_rfc3339()>{format!("{} UTC", e.at.utc_hhmm())}</time>
                                                <span class="local">{format!("{} local", clock::local_hhmm(e.at))}</span>
                                                <span class="what">{describe(e, &i, &st)}</span>
                                                {who.map(|w| view! { <span class="who">{w}</span> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            </section>
                            </div>
                            <div class="col-side">
                            {is_open.then(|| view! {
                            <Escalation incident=incident settings=offered now=now run=runner />
    })}
                            <section class="panel" aria-labelledby="roles-h">
                                <h3 id="roles-h">"Roles"</h3>
                                {Role::ALL.into_iter().map(|role| {
                                    let current = i.roles.get(role).map(str::to_owned);
                                    let hint = pb.role(role).map(|r| format!("Usually: {}", r.usually)).unwrap_or_default();
                                    let people = workspace.with_untracked(|b| crate::settings::offered_people(b, current.as_deref()));
                                    view! {
                                        <label class="field inline"><span>{role.label()}</span>
                                            <select data-testid=format!("role-{}", role.short().to_lowercase()) on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                let person = (!v.is_empty()).then_some(v);
                                                run(Box::new(move |i, a| ops::assign_role(i, role, person, a)));
                                            }>
                                                <option value="" selected=current.is_none()>"—"</option>
                                                {people.into_iter().map(|p| {
                                                    let sel = current.as_deref() == Some(p.id.as_str());
                                                    view! { <option value=p.id.clone() selected=sel>{p.name.clone()}</option> }
                                                }).collect_view()}
                                            </select>
                                            <span class="meta">{hint}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </section>
                            {is_open.then(|| view! {
                            <section class="panel" aria-labelledby="comp-h" data-testid="affected">
                                <h3 id="comp-h">"Affected components"</h3>
                                <p class="meta">"The status page shows each component at its worst impact among the open incidents it publishes."</p>
                                {affected_choices(&i, &st, &offered.with_value(|o| o.components.clone())).into_iter().map(|(cid, name, current)| {
                                    view! {
                                        <label class="field inline"><span>{name.clone()}</span>
                                            <select data-testid=format!("affected-{cid}") aria-label=format!("Impact on {name}") on:change=move |ev| {
                                                let impact = impact_from_key(&event_target_value(&ev));
                                                let cid = cid.clone();
                                                run(Box::new(move |i, a| {
                                                    let mut list = i.components.clone();
                                                    match (list.iter().position(|c| c.component == cid), impact) {
                                                        (Some(n), Some(impact)) => list[n].impact = impact,
                                                        (Some(n), None) => { list.remove(n); }
                                                        (None, Some(impact)) => list.push(AffectedComponent { component: cid, impact }),
                                                        (None, None) => {}
                                                    }
                                                    ops::set_components(i, list, a)
                                                }));
                                            }>
                                                <option value="" selected=current.is_none()>"Not affected"</option>
                                                {IMPACTS.into_iter().map(|x| view! {
                                                    <option value=impact_key(x) selected=current == Some(x)>{x.label()}</option>
                                                }).collect_view()}
                                            </select>
                                        </label>
                                    }
                                }).collect_view()}
                            </section>
                            })}
                            <section class="panel" aria-labelledby="chk-h">
                                <h3 id="chk-h">"Checklists"</h3>
                                {pb.checklists.iter().map(|list| {
                                    let lid = list.id.clone();
                                    view! {
                                        <details class="checklist">
                                            <summary>{list.title.clone()}</summary>
                                            <ul>{list.items.iter().map(|item| {
                                                let done = ticks.iter().any(|t| t.checklist == lid && t.item == item.id);
                                                let (lid, iid) = (lid.clone(), item.id.clone());
                                                view! {
                                                    <li><label><input type="checkbox" prop:checked=done on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        let (lid, iid) = (lid.clone(), iid.clone());
                                                        let pb = playbook.get_value();
                                                        run(Box::new(move |i, a| ops::tick(i, &pb, &lid, &iid, on, a)));
                                                    } />" "{item.text.clone()}</label></li>
                                                }
                                            }).collect_view()}</ul>
                                        </details>
                                    }
                                }).collect_view()}
                            </section>
                            <Mitigation settings=settings run=runner node=tree_node path=tree_path />
                            </div>
                            </div>
                            // Full width: the post-mortem is written here, beside its preview.
                            {crate::comms::shows_post_incident(&i).then(|| view! {
                                <crate::comms::PostIncident incident=i.clone() settings=st.clone() owners=offered.with_value(|o| o.people.clone()) now=now drafts=drafts run_op=runner />
                            })}
                            <details class="danger-zone">
                                <summary data-testid="delete-open">"Delete this incident…"</summary>
                                <p>"Declared by mistake or twice? Deleting hides it from the list, the metrics and the status site, here and on every copy that imports this workspace's files. Anyone's later edit brings it back."</p>
                                <button type="button" class="danger" data-testid="delete-incident" on:click=move |_| {
                                    if let Some(i) = incident.get_untracked() {
                                        delete(workspace, &i, error);
                                    }
                                }>"Delete incident"</button>
                            </details>
                        </article>
                    }.into_any()
                }
            }}
            // Outside the page's body, so typing and saving keep the preview's place; made again
            // only when the incident is resolved or re-opened (its tabs change).
            {move || {
                shape.get();
                view! { <crate::preview::IncidentPreview workspace=workspace me=me now=now incident=incident drafts=drafts /> }
            }}
        }
}

/// Copies `text` to the clipboard (navigator.clipboard.writeText), best effort.
pub(crate) fn copy_to_clipboard(text: &str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(navigator) = js_sys::Reflect::get(&window, &"navigator".into()) else {
        return;
    };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return;
    };
    if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
        if let Some(f) = write.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(&clipboard, &text.into());
        }
    }
}

/// The escalation matrix for this incident's severity: who must be engaged by now, with the
/// contacts from the settings, and "engaged" ticks that go into the timeline.
#[component]
pub fn Escalation(
    incident: Memo<Option<Incident>>,
    settings: StoredValue<Settings>,
    now: ReadSignal<Timestamp>,
    run: Runner,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="esc-h">
            <h3 id="esc-h">"Escalation"</h3>
            {move || incident.get().map(|i| {
                let st = settings.get_value();
                let elapsed = now.get().minutes_since(i.declared_at);
                let mut rules: Vec<_> = st.playbook.escalation.iter().filter(|r| r.severity == i.severity).cloned().collect();
                rules.sort_by_key(|r| r.after_minutes);
                if rules.is_empty() {
                    return view! { <p class="meta">"No escalation for this severity."</p> }.into_any();
                }
                view! {
                    <table class="escalation" data-testid="escalation">
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Contact"</th><th scope="col">"State"</th></tr></thead>
                        <tbody>{rules.into_iter().map(|r| {
                            let level = r.level.clone();
                            let name = st.playbook.escalation_level(&level).map_or(level.clone(), |l| l.name.clone());
                            let due = i64::from(r.after_minutes) <= elapsed;
                            let engaged = ops::engaged_at(&i, &level);
                            // For the on-call level, whoever the schedules say is on call now comes first.
                            let on_call_now: Vec<&str> = if level == "on-call" {
                                st.oncall_schedules.iter().filter_map(|s| s.on_call_at(now.get_untracked())).collect()
                            } else {
                                Vec::new()
                            };
                            let mut people: Vec<&incident_core::model::Person> = st.people.iter().filter(|p| if on_call_now.is_empty() { p.escalation_levels.contains(&level) } else { on_call_now.contains(&p.id.as_str()) }).collect();
                            people.sort_by_key(|p| !on_call_now.contains(&p.id.as_str()));
                            let contacts: Vec<String> = people.into_iter().map(|p| {
                                let now_tag = if on_call_now.contains(&p.id.as_str()) { " (on call now)" } else { "" };
                                let mut c = format!("{}{now_tag}", p.name);
                                if let Some(ph) = &p.phone { c.push_str(&format!(" · {ph}")); }
                                c
                            }).collect();
                            let state = match (engaged, due) {
                                (Some(at), _) => view! { <span class="ok">{format!("Engaged {} UTC", at.utc_hhmm())}</span> }.into_any(),
                                (None, true) => {
                                    let lv = level.clone();
                                    view! {
                                        <span class="late">"Due now "</span>
                                        <button type="button" data-testid=format!("engage-{level}") on:click=move |_| {
                                            let lv = lv.clone();
                                            run.with_value(|f| f(Box::new(move |i, a| ops::engage(i, &lv, None, a)), None));
                                        }>"Mark engaged"</button>
                                    }.into_any()
                                }
                                (None, false) => view! { <span class="meta">{format!("in {} min", i64::from(r.after_minutes) - elapsed)}</span> }.into_any(),
                            };
                            view! {
                                <tr class=if due && engaged.is_none() { "due" } else { "" }>
                                    <td>{if r.after_minutes == 0 { "At once".to_owned() } else { format!("+{} min", r.after_minutes) }}</td>
                                    <td>{name}</td>
                                    <td class="contacts">{if contacts.is_empty() { "—".to_owned() } else { contacts.join("; ") }}</td>
                                    <td>{state}</td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            })}
        </section>
    }
}

/// Mitigation: the quick wins, the data-collection commands (copy in one click), and the
/// rollback decision tree as a guide whose outcome is logged as a decision.
#[component]
pub fn Mitigation(
    settings: StoredValue<Settings>,
    run: Runner,
    node: RwSignal<String>,
    path: RwSignal<Vec<String>>,
) -> impl IntoView {
    let pb = settings.get_value().playbook;
    let root = pb.rollback_tree.root.clone();
    if node.get_untracked().is_empty() {
        node.set(root.clone());
    }
    let tree = StoredValue::new(pb.rollback_tree.clone());
    view! {
        <section class="panel" aria-labelledby="mit-h">
            <h3 id="mit-h">"Mitigation"</h3>
            <details class="checklist"><summary>"Quick wins"</summary>
                <ul>{pb.quick_wins.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ul>
            </details>
            <details class="checklist"><summary>"Data collection commands"</summary>
                <ul class="commands">{pb.data_collection.iter().map(|c| {
                    let cmd = c.command.clone();
                    view! {
                        <li><span>{c.description.clone()}</span>
                            <code>{c.command.clone()}</code>
                            <button type="button" class="copy" on:click=move |_| copy_to_clipboard(&cmd)>"Copy"</button></li>
                    }
                }).collect_view()}</ul>
            </details>
            <div class="tree" data-testid="rollback-tree">
                <h4>"Rollback decision"</h4>
                {move || {
                    let t = tree.get_value();
                    match t.node(&node.get()).cloned() {
                        Some(incident_core::playbook::DecisionNode::Question { text, yes, no, .. }) => {
                            let (q1, q2) = (text.clone(), text.clone());
                            view! {
                                <p class="q">{text}</p>
                                <div class="buttons">
                                    <button type="button" data-testid="tree-yes" on:click=move |_| { path.update(|p| p.push(format!("{q1} Yes"))); node.set(yes.clone()); }>"Yes"</button>
                                    <button type="button" data-testid="tree-no" on:click=move |_| { path.update(|p| p.push(format!("{q2} No"))); node.set(no.clone()); }>"No"</button>
                                </div>
                            }.into_any()
                        }
                        Some(incident_core::playbook::DecisionNode::Outcome { outcome, text, .. }) => {
                            let o = outcome.clone();
                            let root = root.clone();
                            view! {
                                <p class="outcome" data-testid="tree-outcome"><strong>{outcome}</strong>" – "{text}</p>
                                <div class="buttons">
                                    <button type="button" class="primary" data-testid="tree-log" on:click=move |_| {
                                        let why = path.get_untracked().join(" → ");
                                        let o = o.clone();
                                        run.with_value(|f| f(Box::new(move |i, a| ops::decide(i, &format!("Rollback decision tree: {why}"), Some(&o), a)), None));
                                    }>"Log this decision"</button>
                                    <button type="button" on:click=move |_| { path.set(Vec::new()); node.set(root.clone()); }>"Start over"</button>
                                </div>
                            }.into_any()
                        }
                        None => view! { <p class="meta">"The playbook's decision tree is empty."</p> }.into_any(),
                    }
                }}
            </div>
        </section>
    }
}
