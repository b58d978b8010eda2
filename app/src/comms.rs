//! Telling people and learning: the communication drafts of an open incident (status page,
//! customer email with its 30-minute prompt, internal update), the post-incident panel of a
//! resolved one (post-mortem due clock, editor with preview, publish, export, action items), and
//! the view of every action item across incidents. The words come from
//! `incident_core::comms`; every change goes through the incident page's runner (saved before
//! it is shown).

use chrono::NaiveDate;
use incident_core::comms::{self, ActionItemDraft};
use incident_core::model::{ActionStatus, Incident, IncidentStatus, Priority, Settings};
use incident_core::ops::{self, UpdateDraft};
use incident_core::playbook::Playbook;
use incident_core::{Bundle, Timestamp};
use leptos::prelude::*;

use crate::incident::{copy_to_clipboard, countdown, Runner};
use crate::storage::local_storage;

/// Text being edited in a draft box; `None` shows the draft generated from the incident now.
#[derive(Clone, Copy)]
pub struct Drafts {
    status_page: RwSignal<Option<String>>,
    email_subject: RwSignal<Option<String>>,
    email_body: RwSignal<Option<String>>,
    internal: RwSignal<Option<String>>,
    postmortem: RwSignal<Option<String>>,
    /// Timeline events in the post-mortem draft (`None`: the key ones).
    pm_events: RwSignal<Option<Vec<String>>>,
    /// The incident page's own forms, as typed: the note and the status update's three fields.
    pub note: RwSignal<String>,
    pub update_message: RwSignal<String>,
    pub update_impact: RwSignal<String>,
    pub update_actions: RwSignal<String>,
    /// Whether the update is to be published: kept with the text, so an update someone marked
    /// internal stays internal after a reload.
    pub update_public: RwSignal<bool>,
    copied: RwSignal<Option<&'static str>>,
    /// Whether the page's public preview is open.
    pub preview: RwSignal<bool>,
}

impl Drafts {
    pub fn new() -> Self {
        Drafts {
            status_page: RwSignal::new(None),
            email_subject: RwSignal::new(None),
            email_body: RwSignal::new(None),
            internal: RwSignal::new(None),
            postmortem: RwSignal::new(None),
            pm_events: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            update_message: RwSignal::new(String::new()),
            update_impact: RwSignal::new(String::new()),
            update_actions: RwSignal::new(String::new()),
            update_public: RwSignal::new(true),
            copied: RwSignal::new(None),
            preview: RwSignal::new(false),
        }
    }

    /// `incident` as it will be once its drafts are posted now: the status-page draft as a
    /// public update (open incidents), the post-mortem text saved and published (resolved ones).
    /// Reads the drafts tracked, so a preview follows the typing. The notes say what could not
    /// be applied and why (the same refusal the button would give).
    pub fn applied(
        &self,
        incident: &Incident,
        settings: &Settings,
        actor: &ops::Actor,
    ) -> (Incident, Vec<String>) {
        let mut draft = incident.clone();
        let mut notes = Vec::new();
        if incident.is_open() {
            let message = self
                .status_page
                .get()
                .unwrap_or_else(|| comms::status_page_draft(incident, settings).message);
            let posted = post_to_status_page(&mut draft, message, &settings.playbook, actor);
            if let Err(ops::Refused(why)) = posted {
                notes.push(format!("The status-page draft is not shown: {why}"));
            }
        } else if shows_post_incident(incident) && !incident.drill {
            let text = self.postmortem_text(incident, settings);
            if let Err(ops::Refused(why)) = publish_postmortem_text(&mut draft, &text, actor) {
                draft = incident.clone();
                notes.push(format!("The post-mortem draft is not shown: {why}"));
            }
        }
        (draft, notes)
    }

    /// The post-mortem in the editor: what is being typed, else what is saved, else the
    /// template filled from the incident with the chosen events. Read tracked.
    fn postmortem_text(&self, incident: &Incident, settings: &Settings) -> String {
        self.postmortem
            .get()
            .or_else(|| incident.postmortem.as_ref().map(|p| p.markdown.clone()))
            .unwrap_or_else(|| {
                self.pm_events
                    .with(|ev| comms::postmortem_draft(incident, settings, ev.as_deref()))
            })
    }
}

/// "Post to the status page": `message` as a public update (also the preview's draft).
fn post_to_status_page(
    incident: &mut Incident,
    message: String,
    playbook: &Playbook,
    actor: &ops::Actor,
) -> Result<(), ops::Refused> {
    let draft = UpdateDraft {
        impact: String::new(),
        actions: String::new(),
        message,
        public: true,
    };
    ops::post_update(incident, draft, playbook, actor).map(|_| ())
}

/// "Publish on the status site": `markdown` saved as the post-mortem, then published unless it
/// already is (also the preview's draft).
fn publish_postmortem_text(
    incident: &mut Incident,
    markdown: &str,
    actor: &ops::Actor,
) -> Result<(), ops::Refused> {
    let published = incident.postmortem.as_ref().is_some_and(|p| p.published);
    comms::write_postmortem(incident, markdown, actor)?;
    if published {
        Ok(())
    } else {
        comms::publish_postmortem(incident, actor)
    }
}

/// The drafts of every incident opened in this tab, owned by the app rather than the incident
/// page: looking at the status site or another incident and coming back keeps what was typed.
#[derive(Clone)]
pub struct DraftStore {
    owner: Owner,
    drafts: StoredValue<std::collections::HashMap<String, Drafts>>,
}

impl DraftStore {
    /// Made by the app's root component; the drafts live as long as it does.
    pub fn new() -> Self {
        DraftStore {
            owner: Owner::current().unwrap_or_default(),
            drafts: StoredValue::new(std::collections::HashMap::new()),
        }
    }

    /// The drafts of incident `id`, the same ones each time the incident is opened. What is
    /// typed is also kept in this browser's local storage, so a reload or a crash keeps it too;
    /// a draft posted (reset to the template) is removed there.
    pub fn of(&self, id: &str) -> Drafts {
        if let Some(d) = self.drafts.with_value(|m| m.get(id).copied()) {
            d.copied.set(None);
            return d;
        }
        let key = format!("cygni-drafts:{id}");
        let d = self.owner.with(|| {
            let d = Drafts::new();
            if let Some(saved) = local_storage()
                .and_then(|s| s.get_item(&key).ok().flatten())
                .and_then(|text| serde_json::from_str::<SavedDrafts>(&text).ok())
            {
                d.status_page.set(saved.status_page);
                d.email_subject.set(saved.email_subject);
                d.email_body.set(saved.email_body);
                d.internal.set(saved.internal);
                d.postmortem.set(saved.postmortem);
                d.pm_events.set(saved.pm_events);
                d.note.set(saved.note);
                d.update_message.set(saved.update_message);
                d.update_impact.set(saved.update_impact);
                d.update_actions.set(saved.update_actions);
                d.update_public.set(!saved.update_internal);
            }
            Effect::new(move |_| {
                let saved = SavedDrafts {
                    status_page: d.status_page.get(),
                    email_subject: d.email_subject.get(),
                    email_body: d.email_body.get(),
                    internal: d.internal.get(),
                    postmortem: d.postmortem.get(),
                    pm_events: d.pm_events.get(),
                    note: d.note.get(),
                    update_message: d.update_message.get(),
                    update_impact: d.update_impact.get(),
                    update_actions: d.update_actions.get(),
                    update_internal: !d.update_public.get(),
                };
                if let Some(storage) = local_storage() {
                    if saved == SavedDrafts::default() {
                        let _ = storage.remove_item(&key);
                    } else if let Ok(text) = serde_json::to_string(&saved) {
                        // Best effort: a full local storage leaves the draft in memory only.
                        let _ = storage.set_item(&key, &text);
                    }
                }
            });
            d
        });
        self.drafts.update_value(|m| {
            m.insert(id.to_owned(), d);
        });
        d
    }
}

/// What of an incident's drafts is kept in local storage: the text typed, not what the
/// templates would give.
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct SavedDrafts {
    status_page: Option<String>,
    email_subject: Option<String>,
    email_body: Option<String>,
    internal: Option<String>,
    postmortem: Option<String>,
    pm_events: Option<Vec<String>>,
    // Absent in drafts kept by earlier versions, and left out while empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    update_message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    update_impact: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    update_actions: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    update_internal: bool,
}

fn run(runner: Runner, f: crate::incident::Op, after: Option<crate::incident::After>) {
    runner.with_value(|a| a(f, after));
}

/// A draft box: shows the edited text, or the generated one until someone types.
fn draft_box(
    label: &'static str,
    testid: &'static str,
    rows: u32,
    edited: RwSignal<Option<String>>,
    generated: String,
) -> impl IntoView {
    let shown = generated.clone();
    view! {
        <label class="field"><span>{label}</span>
            <textarea rows=rows data-testid=testid
                prop:value=move || edited.get().unwrap_or_else(|| shown.clone())
                on:input=move |ev| edited.set(Some(event_target_value(&ev)))></textarea>
        </label>
    }
}

/// The drafts for an open incident: what to post, send and say, on the playbook's templates.
#[component]
pub fn Communications(
    incident: Incident,
    settings: Settings,
    now: ReadSignal<Timestamp>,
    drafts: Drafts,
    run_op: Runner,
) -> impl IntoView {
    let d = drafts;
    let is_drill = incident.drill;
    let playbook = StoredValue::new(settings.playbook.clone());
    let sp = comms::status_page_draft(&incident, &settings);
    let (subject, body) = comms::customer_email(&incident, &settings);
    let sent = comms::customer_email_sent(&incident);
    let email_due = comms::customer_email_due(&incident, &settings);
    let internal = comms::internal_update(&incident, &settings, now.get_untracked());
    let (inc2, set2) = (incident.clone(), settings.clone());
    let prompt = move || comms::customer_email_prompt(&inc2, &set2, now.get());
    let copy = move |what: &'static str, text: String| {
        copy_to_clipboard(&text);
        d.copied.set(Some(what));
    };
    let (sp_msg, subject2, body2, internal2) = (
        sp.message.clone(),
        subject.clone(),
        body.clone(),
        internal.clone(),
    );
    view! {
        <section class="panel comms" aria-labelledby="comms-h">
            <h3 id="comms-h">"Communication"</h3>
            {move || prompt().then(|| view! {
                <p class="prompt" role="alert" data-testid="email-prompt">
                    <strong>"Send the customer email now. "</strong>
                    "This incident has run past the playbook's 30 minutes: customers hear it from us first. The draft is below."
                </p>
            })}
            {move || d.copied.get().map(|w| view! { <p class="done" role="status" data-testid="copied">{format!("{w} copied to the clipboard.")}</p> })}
            <details class="draft" open=true>
                <summary>"Status page update"</summary>
                {draft_box("Message for the status page", "draft-statuspage", 6, d.status_page, sp.message.clone())}
                <div class="buttons">
                    <button type="button" data-testid="copy-statuspage" on:click={ let g = sp_msg.clone(); move |_| copy("Status page update", d.status_page.get_untracked().unwrap_or_else(|| g.clone())) }>"Copy"</button>
                    <button type="button" class="primary" data-testid="post-statuspage" on:click={
                        let g = sp_msg.clone();
                        move |_| {
                            let message = d.status_page.get_untracked().unwrap_or_else(|| g.clone());
                            let pb = playbook.get_value();
                            run(run_op, Box::new(move |i, a| post_to_status_page(i, message, &pb, a)),
                                Some(Box::new(move || d.status_page.set(None))));
                        }
                    }>"Post to the status page"</button>
                    {(!is_drill).then(|| view! {
                        <button type="button" data-testid="preview-statuspage" on:click=move |_| crate::preview::show(d)>"Preview on the status site"</button>
                    })}
                    <button type="button" on:click=move |_| d.status_page.set(None)>"Start again from the template"</button>
                </div>
            </details>
            <details class="draft" open=email_due.is_some() && sent.is_none()>
                <summary>{match (email_due, sent) {
                    (_, Some(t)) => format!("Customer email (sent {})", t.utc_minute()),
                    (Some(due), None) => format!("Customer email (due {})", due.utc_minute()),
                    (None, None) => "Customer email (not required at this severity)".to_owned(),
                }}</summary>
                {draft_box("Subject", "draft-email-subject", 1, d.email_subject, subject.clone())}
                {draft_box("Email", "draft-email-body", 10, d.email_body, body.clone())}
                <div class="buttons">
                    <button type="button" data-testid="copy-email" on:click=move |_| {
                        let s = d.email_subject.get_untracked().unwrap_or_else(|| subject2.clone());
                        let b = d.email_body.get_untracked().unwrap_or_else(|| body2.clone());
                        copy("Customer email", format!("Subject: {s}\n\n{b}"));
                    }>"Copy"</button>
                    {sent.is_none().then(|| view! {
                        <button type="button" class="primary" data-testid="email-sent" on:click=move |_| {
                            run(run_op, Box::new(comms::record_customer_email), None);
                        }>"Mark as sent"</button>
                    })}
                </div>
            </details>
            <details class="draft">
                <summary>"Internal update"</summary>
                {draft_box("For the incident channel", "draft-internal", 7, d.internal, internal.clone())}
                <div class="buttons">
                    <button type="button" data-testid="copy-internal" on:click={ let g = internal2.clone(); move |_| copy("Internal update", d.internal.get_untracked().unwrap_or_else(|| g.clone())) }>"Copy"</button>
                    <button type="button" data-testid="post-internal" on:click=move |_| {
                        let message = d.internal.get_untracked().unwrap_or_else(|| internal2.clone());
                        let pb = playbook.get_value();
                        run(run_op, Box::new(move |i, a| {
                            ops::post_update(i, UpdateDraft { impact: String::new(), actions: String::new(), message, public: false }, &pb, a).map(|_| ())
                        }), Some(Box::new(move || d.internal.set(None))));
                    }>"Post as internal update"</button>
                </div>
            </details>
        </section>
    }
}

/// After resolution: the post-mortem's due clock, its editor with preview, publish and export,
/// and the action items.
#[component]
pub fn PostIncident(
    incident: Incident,
    settings: Settings,
    /// Whom a new action item can be given to (people not removed).
    owners: Vec<incident_core::model::Person>,
    now: ReadSignal<Timestamp>,
    drafts: Drafts,
    run_op: Runner,
) -> impl IntoView {
    let d = drafts;
    let due = comms::postmortem_due(&incident, &settings);
    let published = incident.postmortem.as_ref().is_some_and(|p| p.published);
    let drill = incident.drill;
    let (inc_g, set_g) = (incident.clone(), settings.clone());
    // The text in the editor: what is being typed, else what is saved, else the template
    // filled from the incident with the chosen events.
    let text = Memo::new(move |_| d.postmortem_text(&inc_g, &set_g));
    // Exactly what the status site will show: the Action Items section cut, then the one
    // sanitizing markdown renderer.
    let preview = move || {
        incident_core::markdown::render(&incident_core::public::without_action_items(&text.get()))
    };
    let title = incident.title.clone();
    let id = incident.id.clone();
    let key: Vec<(String, String, bool)> = incident
        .timeline
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                comms::event_line(&incident, e, &settings),
                comms::is_key_event(&e.kind),
            )
        })
        .collect();
    let has_saved = incident.postmortem.is_some();
    // The playbook's immediate actions (< 24 h): ticked, of how many, due when.
    let hours = settings.playbook.immediate_actions_hours;
    let immediate = {
        let list = settings
            .playbook
            .checklist(incident_core::playbook::checklist_ids::IMMEDIATE_ACTIONS);
        let ticks = incident.checklist_state();
        let of = list.map_or(0, |l| l.items.len());
        let done = list.map_or(0, |l| {
            l.items
                .iter()
                .filter(|it| ticks.iter().any(|t| t.checklist == l.id && t.item == it.id))
                .count()
        });
        let resolved = incident.resolved_at.unwrap_or(incident.declared_at);
        (resolved.plus_minutes(i64::from(hours) * 60), done, of)
    };
    view! {
        <section class="panel postincident" aria-labelledby="pm-h">
            <h3 id="pm-h">{if drill { "Drill review" } else { "Post-mortem" }}</h3>
            <p class="clock-box" data-testid="pm-due" class:late=move || !published && due.is_some_and(|t| now.get() > t)>{move || match (published, due) {
                (true, _) => "Published on the status site.".to_owned(),
                (false, Some(t)) => format!("Post-mortem {} (48 h after resolution, {})", countdown(now.get(), t).0, t.utc_minute()),
                (false, None) => String::new(),
            }}</p>
            <p class="clock-box" data-testid="immediate-actions" class:late=move || { let (due, done, of) = immediate; done < of && due < now.get() }>{move || {
                let (due, done, of) = immediate;
                if of == 0 || done >= of {
                    format!("Immediate post-incident actions: {done} of {of} done.")
                } else {
                    format!("Immediate post-incident actions: {done} of {of} done, {} (within {hours} h of resolution; tick them in Checklists).", countdown(now.get(), due).0)
                }
            }}</p>
            {(!has_saved).then(|| view! {
                <details class="pm-events">
                    <summary>"Timeline events in the draft (the key ones are chosen)"</summary>
                    <ul class="plain">{key.iter().map(|(eid, line, is_key)| {
                        let eid2 = eid.clone();
                        let all: Vec<(String, bool)> = key.iter().map(|(e, _, k)| (e.clone(), *k)).collect();
                        view! { <li><label class="check"><input type="checkbox" prop:checked=*is_key on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let all = all.clone();
                            d.pm_events.update(|sel| {
                                let mut v = sel.take().unwrap_or_else(|| all.iter().filter(|(_, k)| *k).map(|(e, _)| e.clone()).collect());
                                v.retain(|e| *e != eid2);
                                if on { v.push(eid2.clone()); }
                                *sel = Some(v);
                            });
                        } />{line.clone()}</label></li> }
                    }).collect_view()}</ul>
                </details>
            })}
            <div class="pm-editor">
                <label class="field"><span>"Post-mortem (markdown)"</span>
                    <textarea rows="22" data-testid="pm-text" prop:value=move || text.get()
                        on:input=move |ev| d.postmortem.set(Some(event_target_value(&ev)))></textarea>
                </label>
                <div class="pm-preview" aria-label="Preview">
                    <p class="meta">"Preview: the status site's text (the Action Items section stays internal)"</p>
                    <div class="markdown" data-testid="pm-preview" inner_html=preview></div>
                </div>
            </div>
            <div class="buttons">
                <button type="button" data-testid="pm-save" on:click=move |_| {
                    let md = text.get_untracked();
                    run(run_op, Box::new(move |i, a| comms::write_postmortem(i, &md, a)), Some(Box::new(move || d.postmortem.set(None))));
                }>"Save"</button>
                {(!published && !drill).then(|| view! {
                    <button type="button" class="primary" data-testid="pm-publish" on:click=move |_| {
                        let md = text.get_untracked();
                        run(run_op, Box::new(move |i, a| publish_postmortem_text(i, &md, a)),
                            Some(Box::new(move || d.postmortem.set(None))));
                    }>"Publish on the status site"</button>
                })}
                {(!drill).then(|| view! {
                    <button type="button" data-testid="preview-postmortem" on:click=move |_| crate::preview::show(d)>"Preview on the status site"</button>
                })}
                <button type="button" data-testid="pm-export" on:click=move |_| {
                    let name = format!("postmortem-{id}.md");
                    let _ = crate::transfer::download_as(&name, &text.get_untracked(), "text/markdown");
                }>"Export as markdown"</button>
                <span class="muted">{format!("“{title}”")}</span>
            </div>
            <ActionItems incident=incident settings=settings owners=owners now=now run_op=run_op />
        </section>
    }
}

fn priority_of(key: &str) -> Priority {
    Priority::ALL
        .into_iter()
        .find(|p| p.label() == key)
        .unwrap_or(Priority::P1)
}

fn status_of(key: &str) -> ActionStatus {
    ActionStatus::ALL
        .into_iter()
        .find(|s| s.key() == key)
        .unwrap_or(ActionStatus::Open)
}

/// The incident's action items (the post-mortem template's table as records).
#[component]
fn ActionItems(
    incident: Incident,
    settings: Settings,
    owners: Vec<incident_core::model::Person>,
    now: ReadSignal<Timestamp>,
    run_op: Runner,
) -> impl IntoView {
    let action = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let priority = RwSignal::new("P1".to_owned());
    let people = owners;
    let st = StoredValue::new(settings.clone());
    let today = now.get_untracked().datetime().date_naive();
    let rows = incident.action_items.iter().map(|a| {
        let item = a.clone();
        let owner = a.owner.as_deref().and_then(|o| settings.person(o)).map_or("—".to_owned(), |p| p.name.clone());
        let overdue = comms::is_overdue(a, today);
        view! {
            <tr data-testid="action-item">
                <td>{a.action.clone()}</td>
                <td>{owner}</td>
                <td class:late=overdue>{a.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}{overdue.then_some(" (overdue)")}</td>
                <td>{a.priority.label()}</td>
                <td>
                    <select aria-label=format!("Status of {}", a.action) data-testid="action-status" on:change=move |ev| {
                        let v = status_of(&event_target_value(&ev));
                        let item = item.clone();
                        let settings = st.get_value();
                        run(run_op, Box::new(move |i, act| comms::put_action_item(i, &item.id, ActionItemDraft {
                            action: item.action.clone(), owner: item.owner.clone(), due: item.due, priority: item.priority, status: v,
                        }, &settings, act)), None);
                    }>
                        {ActionStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=s == a.status>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <h4>"Action items"</h4>
        <table class="escalation actions-table">
            <thead><tr><th scope="col">"Action"</th><th scope="col">"Owner"</th><th scope="col">"Due"</th><th scope="col">"Priority"</th><th scope="col">"Status"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <form class="add-action" data-testid="action-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let due_date = NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok();
            let o = owner.get_untracked();
            let draft = ActionItemDraft {
                action: action.get_untracked(),
                owner: (!o.is_empty()).then_some(o),
                due: due_date,
                priority: priority_of(&priority.get_untracked()),
                status: ActionStatus::Open,
            };
            let settings = st.get_value();
            let id = crate::incident::new_id();
            run(run_op, Box::new(move |i, a| comms::put_action_item(i, &id, draft, &settings, a)), Some(Box::new(move || {
                action.set(String::new());
                due.set(String::new());
            })));
        }>
            <label class="field"><span>"Action"</span><input type="text" data-testid="action-text" prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev)) /></label>
            <label class="field"><span>"Owner"</span>
                <select data-testid="action-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {people.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                </select></label>
            <label class="field"><span>"Due"</span><input type="date" data-testid="action-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) /></label>
            <label class="field"><span>"Priority"</span>
                <select data-testid="action-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                    <option value="P0">"P0"</option><option value="P1" selected=true>"P1"</option><option value="P2">"P2"</option>
                </select></label>
            <button type="submit" data-testid="action-add">"Add action item"</button>
        </form>
    }
}

/// Every action item of every incident: overdue first, then by due date; filters by owner,
/// priority and status.
#[component]
pub fn ActionItemsPage(workspace: RwSignal<Bundle>, now: ReadSignal<Timestamp>) -> impl IntoView {
    let owner = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let status = RwSignal::new("not_done".to_owned());
    let people = workspace.with_untracked(|b| b.settings.people.clone());
    view! {
        <div class="actions-page">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Action items"</h1>
            <p class="muted">"Follow-ups from every post-mortem. Overdue items come first."</p>
            <form class="filters" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <select aria-label="Owner" data-testid="ai-filter-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">"Any owner"</option>
                    {people.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                </select>
                <select aria-label="Priority" data-testid="ai-filter-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                    <option value="">"Any priority"</option><option value="P0">"P0"</option><option value="P1">"P1"</option><option value="P2">"P2"</option>
                </select>
                <select aria-label="Status" data-testid="ai-filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="not_done" selected=true>"Not done"</option>
                    <option value="">"Any status"</option>
                    <option value="done">"Done"</option>
                </select>
            </form>
            {move || {
                let today = now.get().datetime().date_naive();
                let (o, p, s) = (owner.get(), priority.get(), status.get());
                workspace.with(|b| {
                    let hidden = incident_core::merge::hidden_incidents(b);
                    let mut items: Vec<(&Incident, &incident_core::model::ActionItem)> = b.incidents.iter()
                        .filter(|i| !hidden.contains(i.id.as_str()))
                        .flat_map(|i| i.action_items.iter().map(move |a| (i, a)))
                        .filter(|(_, a)| o.is_empty() || a.owner.as_deref() == Some(o.as_str()))
                        .filter(|(_, a)| p.is_empty() || a.priority.label() == p)
                        .filter(|(_, a)| match s.as_str() { "not_done" => a.status != ActionStatus::Done, "done" => a.status == ActionStatus::Done, _ => true })
                        .collect();
                    items.sort_by(|(_, x), (_, y)| {
                        comms::is_overdue(y, today).cmp(&comms::is_overdue(x, today))
                            .then(x.due.is_none().cmp(&y.due.is_none()))
                            .then(x.due.cmp(&y.due))
                            .then(x.priority.cmp(&y.priority))
                    });
                    let count = items.len();
                    let rows = items.into_iter().map(|(i, a)| {
                        let overdue = comms::is_overdue(a, today);
                        let owner = a.owner.as_deref().and_then(|o| b.settings.person(o)).map_or("—".to_owned(), |p| p.name.clone());
                        view! {
                            <tr data-testid="ai-row" class:overdue=overdue>
                                <td>{a.action.clone()}</td>
                                <td>{owner}</td>
                                <td class:late=overdue>{a.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}{overdue.then_some(" (overdue)")}</td>
                                <td>{a.priority.label()}</td>
                                <td>{a.status.label()}</td>
                                <td><a href=format!("#/incident/{}", i.id)>{i.title.clone()}</a>{i.drill.then(|| view! { <span class="tag drill">"Drill"</span> })}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <p data-testid="ai-count">{format!("{count} action items")}</p>
                        <table class="escalation ai-table">
                            <thead><tr><th scope="col">"Action"</th><th scope="col">"Owner"</th><th scope="col">"Due"</th><th scope="col">"Priority"</th><th scope="col">"Status"</th><th scope="col">"Incident"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                })
            }}
        </div>
    }
}

/// Whether the incident page shows the post-incident panel.
pub fn shows_post_incident(i: &Incident) -> bool {
    i.status == IncidentStatus::Resolved
}
