//! The settings screen: organization, components and groups, people and their contacts, on-call
//! schedules, escalation contacts, tool links, and the playbook's values. The screen edits a
//! draft; "Save" runs `incident_core::settings_edit::apply` (checks, stamps each changed field)
//! and stores the result merged with whatever another tab stored (`put_settings_merged`).
//!
//! The form is built from a snapshot of the draft and rebuilt only when the draft is replaced
//! (save, discard, add/remove a row, another tab's save while nothing is edited), so typing never
//! re-renders the field being typed in.

use std::collections::BTreeSet;

use incident_core::merge::{hidden_settings, live_settings};
use incident_core::model::{
    Component, ComponentGroup, OnCallSchedule, Person, RecordKind, Role, Settings, ToolLink,
};
use incident_core::ops::Refused;
use incident_core::playbook::{
    ChecklistItem, DecisionNode, ResponseTarget, RoleDefinition, SeverityLevel, UpdateCadence,
};
use incident_core::settings_edit;
use incident_core::{Bundle, Severity, Timestamp};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::incident::actor;
use crate::storage::{local_storage, Storage, DEFAULT_DB};

/// The browser-local choice of who is using this device (not part of the workspace).
const ME_KEY: &str = "cygni-me";

/// Who this browser said it is, if anyone.
pub fn remembered_me() -> Option<String> {
    local_storage()
        .and_then(|s| s.get_item(ME_KEY).ok().flatten())
        .filter(|s| !s.is_empty())
}

/// The people a picker offers: those not removed from the workspace, and `keep` (the current
/// choice) even if removed, so that a picker never shows a choice as unset.
pub fn offered_people(b: &Bundle, keep: Option<&str>) -> Vec<Person> {
    let hidden = hidden_settings(&b.settings, &b.tombstones);
    b.settings
        .people
        .iter()
        .filter(|p| Some(p.id.as_str()) == keep || !hidden.contains(&(RecordKind::Person, &p.id)))
        .cloned()
        .collect()
}

/// The components a picker offers: those not removed from the workspace.
pub fn offered_components(b: &Bundle) -> Vec<Component> {
    live_settings(&b.settings, &b.tombstones).components.clone()
}

/// The removed settings records, by kind and id.
fn removed_records(b: &Bundle) -> BTreeSet<(RecordKind, String)> {
    hidden_settings(&b.settings, &b.tombstones)
        .into_iter()
        .map(|(k, id)| (k, id.to_owned()))
        .collect()
}

fn remember_me(id: Option<&str>) {
    if let Some(s) = local_storage() {
        let _ = match id {
            Some(id) => s.set_item(ME_KEY, id),
            None => s.remove_item(ME_KEY),
        };
    }
}

/// "You are …": picks the person this browser acts as; every event is then signed with them.
#[component]
pub fn WhoAmI(workspace: RwSignal<Bundle>, me: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <label class="whoami">
            <span class="muted">"You are "</span>
            <select data-testid="whoami" aria-label="Who you are (signs your actions)"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let id = (!v.is_empty()).then_some(v);
                    remember_me(id.as_deref());
                    me.set(id);
                }>
                <option value="" selected=move || me.with(Option::is_none)>"(choose)"</option>
                {move || workspace.with(|b| offered_people(b, me.get_untracked().as_deref()).into_iter().map(|p| {
                    let id = p.id.clone();
                    let chosen = me.with_untracked(|m| m.as_deref() == Some(id.as_str()));
                    view! { <option value=id.clone() selected=chosen>{p.name.clone()}</option> }
                }).collect_view())}
            </select>
        </label>
    }
}

fn opt(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A fresh id for a new settings record, with a prefix that says what it is.
fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", crate::incident::new_id())
}

/// A text input bound to the draft: starts at `get(draft)`, writes through `set`.
fn text_field(
    draft: RwSignal<Settings>,
    label: impl Into<String>,
    testid: String,
    get: impl Fn(&Settings) -> String,
    set: impl Fn(&mut Settings, String) + Send + Sync + 'static,
) -> impl IntoView {
    let initial = draft.with_untracked(|s| get(s));
    let label: String = label.into();
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" data-testid=testid prop:value=initial
                on:input=move |ev| draft.update(|s| set(s, event_target_value(&ev))) />
        </label>
    }
}

/// A number input bound to the draft; what does not parse as a whole number is not taken.
fn number_field(
    draft: RwSignal<Settings>,
    label: String,
    testid: String,
    get: impl Fn(&Settings) -> u32,
    set: impl Fn(&mut Settings, u32) + Send + Sync + 'static,
) -> impl IntoView {
    let initial = draft.with_untracked(|s| get(s)).to_string();
    view! {
        <label class="field num">
            <span>{label}</span>
            <input type="number" min="0" inputmode="numeric" data-testid=testid prop:value=initial
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                        draft.update(|s| set(s, n));
                    }
                } />
        </label>
    }
}

fn text_area(
    draft: RwSignal<Settings>,
    label: String,
    testid: String,
    rows: u32,
    get: impl Fn(&Settings) -> String,
    set: impl Fn(&mut Settings, String) + Send + Sync + 'static,
) -> impl IntoView {
    let initial = draft.with_untracked(|s| get(s));
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea rows=rows data-testid=testid prop:value=initial
                on:input=move |ev| draft.update(|s| set(s, event_target_value(&ev)))></textarea>
        </label>
    }
}

/// A text box of one item per line, bound to a list in the draft.
fn list_area(
    draft: RwSignal<Settings>,
    label: String,
    testid: String,
    get: impl Fn(&Settings) -> Vec<String>,
    set: impl Fn(&mut Settings, Vec<String>) + Send + Sync + 'static,
) -> impl IntoView {
    let rows = draft.with_untracked(|s| get(s).len()).clamp(2, 8) as u32;
    text_area(
        draft,
        label,
        testid,
        rows,
        move |s| get(s).join("\n"),
        move |s, v| set(s, settings_edit::lines(&v)),
    )
}

fn level_mut(s: &mut Settings, sev: Severity) -> Option<&mut SeverityLevel> {
    s.playbook.severities.iter_mut().find(|x| x.severity == sev)
}
fn role_mut(s: &mut Settings, role: Role) -> Option<&mut RoleDefinition> {
    s.playbook.roles.iter_mut().find(|x| x.role == role)
}
fn group_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut ComponentGroup> {
    s.component_groups.iter_mut().find(|x| x.id == id)
}
fn component_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut Component> {
    s.components.iter_mut().find(|x| x.id == id)
}
fn person_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut Person> {
    s.people.iter_mut().find(|x| x.id == id)
}
fn schedule_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut OnCallSchedule> {
    s.oncall_schedules.iter_mut().find(|x| x.id == id)
}

/// Stores `settings` (merged with another tab's) and tells the other tabs.
async fn store(settings: Settings) -> Result<Settings, String> {
    let storage = Storage::open(DEFAULT_DB).await.map_err(|e| e.to_string())?;
    let result = storage
        .put_settings_merged(&settings)
        .await
        .map_err(|e| e.to_string());
    storage.close();
    let stored = result?;
    crate::sync::announce(crate::sync::SETTINGS);
    Ok(stored)
}

/// Removes a settings record (kind, id, name shown), after asking.
#[derive(Clone, Copy)]
struct Remover(StoredValue<Box<RemoveFn>>);
type RemoveFn = dyn Fn(RecordKind, String, String) + Send + Sync;

impl Remover {
    /// A small "Remove" button for the record.
    fn button(self, kind: RecordKind, id: &str, name: String, what: &str) -> impl IntoView {
        let testid = format!("remove-{what}-{id}");
        let label = format!("Remove {what} {name}");
        let id = id.to_owned();
        view! {
            <button type="button" class="small danger" data-testid=testid aria-label=label
                on:click=move |_| self.0.with_value(|f| f(kind, id.clone(), name.clone()))>"Remove"</button>
        }
    }
}

#[component]
pub fn SettingsPage(
    workspace: RwSignal<Bundle>,
    me: RwSignal<Option<String>>,
    now: ReadSignal<Timestamp>,
) -> impl IntoView {
    let saved = Memo::new(move |_| workspace.with(|b| b.settings.clone()));
    // `base`: the settings the draft started from; `apply` stamps what differs from it.
    let base = RwSignal::new(saved.get_untracked());
    let draft = RwSignal::new(saved.get_untracked());
    let epoch = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let elsewhere = RwSignal::new(false);
    let dirty = Memo::new(move |_| draft.with(|d| base.with(|b| d != b)));
    let rebuild = move || epoch.update(|e| *e += 1);
    // The last removal, which the save bar offers to undo.
    let undo = RwSignal::new(None::<(RecordKind, String, String)>);
    // Removed records are not shown; a removal (here, in another tab, or imported) rebuilds.
    let removed = Memo::new(move |_| workspace.with(removed_records));
    let remove = Remover(StoredValue::new(Box::new(
        move |kind: RecordKind, id: String, name: String| {
            // A removal is stored at once; unsaved edits of the record (or of what refers to
            // it) would bring it back, or leave a reference behind, when saved after it.
            if dirty.get_untracked() {
                status.set(None);
                error.set(Some(format!(
                    "Save or discard your changes first, then remove {name}."
                )));
                return;
            }
            let asked = web_sys::window()
            .and_then(|w| w.confirm_with_message(&format!("Remove {name} from the workspace? Past incidents keep its name; the screens and the status page no longer show it.")).ok())
            .unwrap_or(false);
            if !asked {
                return;
            }
            error.set(None);
            status.set(None);
            let result = workspace
                .with_untracked(|b| settings_edit::remove(b, kind, &id, &actor(workspace, me)));
            match result {
                Err(Refused(m)) => error.set(Some(m)),
                Ok(tombstone) => spawn_local(async move {
                    match crate::incident::store_tombstone(&tombstone).await {
                        Ok(()) => {
                            workspace.update(|b| b.tombstones.push(tombstone));
                            status.set(Some(format!("Removed {name}.")));
                            undo.set(Some((kind, id, name)));
                        }
                        Err(e) => error.set(Some(format!("Not removed: {e}"))),
                    }
                }),
            }
        },
    )));

    // Another tab saved settings: follow it when nothing is being edited here; otherwise say
    // so (saving merges both, field by field).
    Effect::new(move |_| {
        let s = saved.get();
        if base.with_untracked(|b| *b == s) {
            return;
        }
        if dirty.get_untracked() {
            elsewhere.set(true);
        } else {
            base.set(s.clone());
            draft.set(s);
            rebuild();
        }
    });

    let save = move || {
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        status.set(None);
        undo.set(None);
        let edited = draft.get_untracked();
        let result = settings_edit::apply(&base.get_untracked(), &edited, &actor(workspace, me));
        match result {
            Err(Refused(m)) => error.set(Some(m)),
            Ok(settings) => {
                busy.set(true);
                spawn_local(async move {
                    match store(settings).await {
                        Ok(stored) => {
                            base.set(stored.clone());
                            draft.set(stored.clone());
                            workspace.update(|b| b.settings = stored);
                            elsewhere.set(false);
                            status.set(Some("Settings saved.".to_owned()));
                            rebuild();
                        }
                        Err(e) => error.set(Some(format!("Nothing was saved: {e}"))),
                    }
                    busy.set(false);
                });
            }
        }
    };
    let discard = move || {
        let s = saved.get_untracked();
        base.set(s.clone());
        draft.set(s);
        error.set(None);
        status.set(None);
        undo.set(None);
        elsewhere.set(false);
        rebuild();
    };
    let bring_back = move |kind: RecordKind, id: String, name: String| {
        error.set(None);
        let result = workspace.with_untracked(|b| {
            settings_edit::restore(&b.settings, &b.tombstones, kind, &id, &actor(workspace, me))
        });
        match result {
            Err(Refused(m)) => error.set(Some(m)),
            Ok(settings) => spawn_local(async move {
                match store(settings).await {
                    Ok(stored) => {
                        workspace.update(|b| b.settings = stored);
                        undo.set(None);
                        status.set(Some(format!("{name} is back.")));
                    }
                    Err(e) => error.set(Some(format!("Not brought back: {e}"))),
                }
            }),
        }
    };

    view! {
        <div class="settings">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Settings"</h1>
            <p class="muted">"These settings belong to the workspace: they travel with its export and merge field by field with other people's copies."</p>
            <section class="panel" aria-labelledby="you-h">
                <h2 id="you-h">"You on this device"</h2>
                <p>"Pick yourself, so that what you do is signed with your name in every timeline. This choice stays in this browser."</p>
                <WhoAmI workspace=workspace me=me />
            </section>
            {move || {
                epoch.get();
                let removed = removed.get();
                view! {
                    <Organization draft=draft />
                    <Components draft=draft rebuild=rebuild removed=removed.clone() remove=remove />
                    <People draft=draft rebuild=rebuild removed=removed.clone() remove=remove />
                    <Schedules draft=draft rebuild=rebuild now=now removed=removed.clone() remove=remove />
                    <EscalationContacts draft=draft removed=removed />
                    <ToolLinks draft=draft rebuild=rebuild />
                    <PlaybookValues draft=draft />
                    <RollbackTreeEditor draft=draft rebuild=rebuild />
                }
            }}
            <div class="savebar" role="region" aria-label="Save settings">
                {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="settings-error">{m}</p> })}
                {move || status.get().map(|m| view! { <p class="done" role="status" data-testid="settings-saved">{m}</p> })}
                {move || undo.get().map(|(kind, id, name)| view! {
                    <button type="button" class="small" data-testid="undo-remove"
                        on:click=move |_| bring_back(kind, id.clone(), name.clone())>{format!("Undo: bring back {name}")}</button>
                })}
                {move || elsewhere.get().then(|| view! {
                    <p class="notice" role="status">"Someone changed the settings in another tab. Saving keeps both: your fields and theirs."</p>
                })}
                <div class="buttons">
                    <button type="button" class="primary" data-testid="settings-save"
                        disabled=move || !dirty.get() || busy.get()
                        on:click=move |_| save()>
                        {move || if busy.get() { "Saving…" } else { "Save settings" }}
                    </button>
                    <button type="button" data-testid="settings-discard" disabled=move || !dirty.get() || busy.get()
                        on:click=move |_| discard()>"Discard changes"</button>
                    {move || dirty.get().then(|| view! { <span class="muted" data-testid="settings-dirty">"Unsaved changes"</span> })}
                </div>
            </div>
        </div>
    }
}

#[component]
fn Organization(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="org-h">
            <h2 id="org-h">"Organization"</h2>
            <div class="grid2">
                {text_field(draft, "Name", "org-name".into(), |s| s.organization.name.clone(), |s, v| s.organization.name = v)}
                {text_field(draft, "Public status page address", "org-url".into(), |s| s.organization.status_page_url.clone(), |s, v| s.organization.status_page_url = v.trim().to_owned())}
            </div>
        </section>
    }
}

#[component]
fn Components(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
    removed: BTreeSet<(RecordKind, String)>,
    remove: Remover,
) -> impl IntoView {
    let s = draft.get_untracked();
    let shown = |kind: RecordKind, id: &str| !removed.contains(&(kind, id.to_owned()));
    let groups: Vec<ComponentGroup> = s
        .component_groups
        .iter()
        .filter(|g| shown(RecordKind::ComponentGroup, &g.id))
        .cloned()
        .collect();
    let group_rows = groups.iter().map(|g| {
        let id = g.id.clone();
        let (a, b) = (id.clone(), id.clone());
        view! {
            <tr>
                <td>{text_field(draft, "Group", format!("group-name-{id}"), move |s| s.component_groups.iter().find(|x| x.id == a).map(|x| x.name.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = group_mut(s, &id) { x.name = v } })}</td>
                <td>{text_field(draft, "Description", format!("group-desc-{id}"), move |s| s.component_groups.iter().find(|x| x.id == b).and_then(|x| x.description.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = group_mut(s, &id) { x.description = opt(v) } })}</td>
                <td>{remove.button(RecordKind::ComponentGroup, &id, g.name.clone(), "group")}</td>
            </tr>
        }
    }).collect_view();
    let component_rows = s.components.iter().filter(|c| shown(RecordKind::Component, &c.id)).map(|c| {
        let id = c.id.clone();
        let (a, b) = (id.clone(), id.clone());
        let current_group = c.group.clone().unwrap_or_default();
        let gid = id.clone();
        view! {
            <tr data-testid="component-row">
                <td>{text_field(draft, "Component", format!("component-name-{id}"), move |s| s.components.iter().find(|x| x.id == a).map(|x| x.name.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = component_mut(s, &id) { x.name = v } })}</td>
                <td>{text_field(draft, "Description", format!("component-desc-{id}"), move |s| s.components.iter().find(|x| x.id == b).and_then(|x| x.description.clone()).unwrap_or_default(), { let id = id.clone(); move |s, v| if let Some(x) = component_mut(s, &id) { x.description = opt(v) } })}</td>
                <td>
                    <label class="field"><span>"Group"</span>
                        <select data-testid=format!("component-group-{id}") on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|s| if let Some(x) = component_mut(s, &gid) { x.group = opt(v) });
                        }>
                            <option value="" selected=current_group.is_empty()>"(no group)"</option>
                            {groups.iter().map(|g| view! { <option value=g.id.clone() selected=g.id == current_group>{g.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                </td>
                <td>{remove.button(RecordKind::Component, &id, c.name.clone(), "component")}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="comp-h">
            <h2 id="comp-h">"Components and groups"</h2>
            <p class="muted">"What customers see on the status page, grouped as they think of the product."</p>
            <table class="form-table"><caption class="sr">"Component groups"</caption><tbody>{group_rows}</tbody></table>
            <button type="button" data-testid="add-group" on:click=move |_| {
                draft.update(|s| {
                    let position = s.component_groups.len() as u32;
                    s.component_groups.push(ComponentGroup { id: new_id("g"), name: "New group".into(), description: None, position });
                });
                rebuild();
            }>"Add a group"</button>
            <table class="form-table"><caption class="sr">"Components"</caption><tbody>{component_rows}</tbody></table>
            <button type="button" data-testid="add-component" on:click=move |_| {
                draft.update(|s| {
                    let position = s.components.len() as u32;
                    s.components.push(Component { id: new_id("c"), name: "New component".into(), description: None, group: None, position, created_at: crate::clock::now() });
                });
                rebuild();
            }>"Add a component"</button>
        </section>
    }
}

#[component]
fn People(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
    removed: BTreeSet<(RecordKind, String)>,
    remove: Remover,
) -> impl IntoView {
    let s = draft.get_untracked();
    let levels = s.playbook.escalation_levels.clone();
    type Get = fn(&Person) -> String;
    type Set = fn(&mut Person, String);
    let fields: [(&'static str, &'static str, Get, Set); 5] = [
        ("Name", "name", |p| p.name.clone(), |p, v| p.name = v),
        (
            "Handle",
            "handle",
            |p| p.handle.clone(),
            |p, v| p.handle = v.trim().trim_start_matches('@').to_owned(),
        ),
        (
            "Title",
            "title",
            |p| p.title.clone().unwrap_or_default(),
            |p, v| p.title = opt(v),
        ),
        (
            "Email",
            "email",
            |p| p.email.clone().unwrap_or_default(),
            |p, v| p.email = opt(v),
        ),
        (
            "Phone",
            "phone",
            |p| p.phone.clone().unwrap_or_default(),
            |p, v| p.phone = opt(v),
        ),
    ];
    let cards = s.people.iter().filter(|p| !removed.contains(&(RecordKind::Person, p.id.clone()))).map(|p| {
        let id = p.id.clone();
        let inputs = fields.iter().map(|&(label, key, get, set)| {
            let (a, b) = (id.clone(), id.clone());
            text_field(draft, label, format!("person-{key}-{id}"),
                move |s| s.people.iter().find(|x| x.id == a).map(get).unwrap_or_default(),
                move |s, v| if let Some(x) = person_mut(s, &b) { set(x, v) })
        }).collect_view();
        let boxes = levels.iter().map(|l| {
            let (lid, pid) = (l.id.clone(), id.clone());
            let checked = p.escalation_levels.contains(&l.id);
            view! {
                <label class="check">
                    <input type="checkbox" data-testid=format!("person-level-{id}-{}", l.id) prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|s| if let Some(x) = person_mut(s, &pid) {
                                x.escalation_levels.retain(|v| *v != lid);
                                if on { x.escalation_levels.push(lid.clone()); }
                            });
                        } />
                    {l.name.clone()}
                </label>
            }
        }).collect_view();
        view! {
            <fieldset class="person" data-testid="person-card">
                <legend>{p.name.clone()}</legend>
                <div class="grid3">{inputs}</div>
                <div class="levels"><span class="muted">"Escalation: "</span>{boxes}</div>
                {remove.button(RecordKind::Person, &id, p.name.clone(), "person")}
            </fieldset>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="people-h">
            <h2 id="people-h">"People and contacts"</h2>
            <p class="muted">"Responders, their handle for " <code>"/page @handle"</code> ", how to reach them, and which escalation levels they answer for."</p>
            {cards}
            <button type="button" data-testid="add-person" on:click=move |_| {
                draft.update(|s| {
                    let n = s.people.len() + 1;
                    s.people.push(Person { id: new_id("p"), name: format!("New person {n}"), handle: format!("person{n}"), title: None, email: None, phone: None, escalation_levels: vec![] });
                });
                rebuild();
            }>"Add a person"</button>
        </section>
    }
}

#[component]
fn Schedules(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
    now: ReadSignal<Timestamp>,
    removed: BTreeSet<(RecordKind, String)>,
    remove: Remover,
) -> impl IntoView {
    let s = draft.get_untracked();
    let people = s.people.clone();
    let live_people: BTreeSet<String> = people
        .iter()
        .filter(|p| !removed.contains(&(RecordKind::Person, p.id.clone())))
        .map(|p| p.id.clone())
        .collect();
    let first_live = people
        .iter()
        .find(|p| live_people.contains(&p.id))
        .map(|p| p.id.clone());
    let cards = s.oncall_schedules.iter().filter(|sch| !removed.contains(&(RecordKind::OncallSchedule, sch.id.clone()))).map(|sch| {
        let id = sch.id.clone();
        let (a, b, c, d) = (id.clone(), id.clone(), id.clone(), id.clone());
        let (e, f) = (id.clone(), id.clone());
        let rotation = sch.rotation.iter().enumerate().map(|(n, who)| {
            let sid = id.clone();
            let sid2 = id.clone();
            let who = who.clone();
            view! {
                <li>
                    <select aria-label=format!("Shift {}", n + 1) data-testid=format!("rotation-{id}-{n}") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|s| if let Some(x) = schedule_mut(s, &sid) { if let Some(slot) = x.rotation.get_mut(n) { *slot = v } });
                    }>
                        {people.iter().filter(|p| p.id == who || live_people.contains(&p.id)).map(|p| view! { <option value=p.id.clone() selected=p.id == who>{p.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="small" aria-label=format!("Remove shift {}", n + 1) on:click=move |_| {
                        draft.update(|s| if let Some(x) = schedule_mut(s, &sid2) { if n < x.rotation.len() { x.rotation.remove(n); } });
                        rebuild();
                    }>"Remove"</button>
                </li>
            }
        }).collect_view();
        let first_person = first_live.clone().unwrap_or_default();
        view! {
            <fieldset class="schedule" data-testid="schedule-card">
                <legend>{sch.name.clone()}</legend>
                <div class="grid3">
                    {text_field(draft, "Name", format!("schedule-name-{id}"), move |s| s.oncall_schedules.iter().find(|x| x.id == a).map(|x| x.name.clone()).unwrap_or_default(), move |s, v| if let Some(x) = schedule_mut(s, &b) { x.name = v })}
                    {text_field(draft, "Paging tool schedule", format!("schedule-ext-{id}"), move |s| s.oncall_schedules.iter().find(|x| x.id == c).and_then(|x| x.external_id.clone()).unwrap_or_default(), move |s, v| if let Some(x) = schedule_mut(s, &d) { x.external_id = opt(v) })}
                    {number_field(draft, "Shift length (days)".into(), format!("schedule-days-{id}"), move |s| s.oncall_schedules.iter().find(|x| x.id == e).map_or(0, |x| x.shift_days), move |s, v| if let Some(x) = schedule_mut(s, &f) { x.shift_days = v })}
                </div>
                <p class="muted">{format!("Rotation starts {}.", sch.rotation_start.utc_minute())}</p>
                <ol class="rotation">{rotation}</ol>
                <button type="button" class="small" data-testid=format!("rotation-add-{id}") on:click={
                    let id = id.clone();
                    move |_| {
                        draft.update(|s| if let Some(x) = schedule_mut(s, &id) { x.rotation.push(first_person.clone()) });
                        rebuild();
                    }
                }>"Add a shift"</button>
                <p class="oncall" data-testid=format!("oncall-now-{id}")>{
                    let id = id.clone();
                    move || {
                        let t = now.get();
                        draft.with(|s| {
                            let sch = s.oncall_schedules.iter().find(|x| x.id == id);
                            match sch.and_then(|x| x.on_call_at(t)).and_then(|p| s.person(p)) {
                                Some(p) => format!("On call now: {} (@{})", p.name, p.handle),
                                None => "Nobody on call: add people to the rotation.".to_owned(),
                            }
                        })
                    }
                }</p>
                {remove.button(RecordKind::OncallSchedule, &id, sch.name.clone(), "schedule")}
            </fieldset>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="oncall-h">
            <h2 id="oncall-h">"On-call schedules"</h2>
            {cards}
            <button type="button" data-testid="add-schedule" on:click=move |_| {
                draft.update(|s| {
                    let rotation = first_live.clone().into_iter().collect();
                    s.oncall_schedules.push(OnCallSchedule { id: new_id("s"), name: "New schedule".into(), external_id: None, rotation, rotation_start: crate::clock::now(), shift_days: 7 });
                });
                rebuild();
            }>"Add a schedule"</button>
        </section>
    }
}

/// Who the escalation matrix reaches at each level, with their contacts (read from the people
/// above as they are being edited).
#[component]
fn EscalationContacts(
    draft: RwSignal<Settings>,
    removed: BTreeSet<(RecordKind, String)>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="esc-h">
            <h2 id="esc-h">"Escalation contacts"</h2>
            <p class="muted">"Each level of the escalation matrix and who answers for it (tick levels on a person above)."</p>
            <table class="escalation" data-testid="escalation-contacts">
                <thead><tr><th scope="col">"Level"</th><th scope="col">"Engaged after (SEV1 / SEV2 / SEV3 / SEV4)"</th><th scope="col">"Contacts"</th></tr></thead>
                <tbody>
                    {move || draft.with(|s| s.playbook.escalation_levels.iter().map(|l| {
                        let when = Severity::ALL.iter().map(|sev| {
                            s.playbook.escalation.iter().find(|r| r.severity == *sev && r.level == l.id)
                                .map_or_else(|| "–".to_owned(), |r| format!("{} min", r.after_minutes))
                        }).collect::<Vec<_>>().join(" / ");
                        let who: Vec<String> = s.people.iter().filter(|p| p.escalation_levels.contains(&l.id) && !removed.contains(&(RecordKind::Person, p.id.clone()))).map(|p| {
                            let mut c = vec![p.name.clone()];
                            c.extend(p.phone.clone());
                            c.extend(p.email.clone());
                            c.join(", ")
                        }).collect();
                        let missing = who.is_empty();
                        view! {
                            <tr>
                                <th scope="row">{l.name.clone()}</th>
                                <td>{when}</td>
                                <td class=if missing { "late" } else { "" }>{if missing { "Nobody yet".to_owned() } else { who.join("; ") }}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ToolLinks(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = draft.get_untracked();
    let rows = s.tool_links.iter().enumerate().map(|(n, _)| {
        view! {
            <tr data-testid="tool-row">
                <td>{text_field(draft, "Name", format!("tool-name-{n}"), move |s| s.tool_links.get(n).map(|l| l.name.clone()).unwrap_or_default(), move |s, v| if let Some(l) = s.tool_links.get_mut(n) { l.name = v })}</td>
                <td>{text_field(draft, "Address", format!("tool-url-{n}"), move |s| s.tool_links.get(n).map(|l| l.url.clone()).unwrap_or_default(), move |s, v| if let Some(l) = s.tool_links.get_mut(n) { l.url = v.trim().to_owned() })}</td>
                <td><button type="button" class="small" aria-label=format!("Remove tool link {}", n + 1) on:click=move |_| {
                    draft.update(|s| if n < s.tool_links.len() { s.tool_links.remove(n); });
                    rebuild();
                }>"Remove"</button></td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="tools-h">
            <h2 id="tools-h">"Tool links"</h2>
            <p class="muted">"Dashboards, logs and runbooks, one click from every incident."</p>
            <table class="form-table"><caption class="sr">"Tool links"</caption><tbody>{rows}</tbody></table>
            <button type="button" data-testid="add-tool" on:click=move |_| {
                draft.update(|s| s.tool_links.push(ToolLink { name: String::new(), url: "https://".into() }));
                rebuild();
            }>"Add a link"</button>
        </section>
    }
}

fn response_minutes(t: ResponseTarget) -> Option<u32> {
    match t {
        ResponseTarget::Minutes { minutes } => Some(minutes),
        ResponseTarget::NextBusinessDay => None,
    }
}

fn cadence_minutes(c: UpdateCadence) -> Option<u32> {
    match c {
        UpdateCadence::Every { minutes } => Some(minutes),
        UpdateCadence::AsNeeded => None,
    }
}

/// One line per item; existing items keep their ids by position, so ticks on open incidents
/// stay with their items.
fn items_from_text(list_id: &str, old: &[ChecklistItem], text: &str) -> Vec<ChecklistItem> {
    let mut used: Vec<String> = Vec::new();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(n, line)| {
            let mut id = old
                .get(n)
                .map_or_else(|| format!("{list_id}-{}", n + 1), |i| i.id.clone());
            while used.contains(&id) || (old.get(n).is_none() && old.iter().any(|i| i.id == id)) {
                id.push('x');
            }
            used.push(id.clone());
            ChecklistItem {
                id,
                text: line.to_owned(),
            }
        })
        .collect()
}

#[component]
fn PlaybookValues(draft: RwSignal<Settings>) -> impl IntoView {
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
                        x.items = items_from_text(&id2, &x.items, &v)
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
    view! {
        <section class="panel" aria-labelledby="pb-h">
            <h2 id="pb-h">"Playbook values"</h2>
            <p class="muted">"The playbook's defaults, as this workspace uses them. Leave a time empty for \"next business day\" or \"as needed\"."</p>
            <h3>"Severity levels"</h3>
            <table class="form-table"><caption class="sr">"Response time and update cadence by severity"</caption><tbody>{levels}</tbody></table>
            <div class="grid2">{definitions}</div>
            <div class="grid2">{level_lists}</div>
            {list_area(draft, "Severity questions: the guided assessment (one per line)".into(), "assessment-questions".into(),
                |s| s.playbook.assessment_questions.clone(), |s, v| s.playbook.assessment_questions = v)}
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
        </section>
    }
}

fn tree_node_mut<'a>(s: &'a mut Settings, id: &str) -> Option<&'a mut DecisionNode> {
    s.playbook
        .rollback_tree
        .nodes
        .iter_mut()
        .find(|n| n.id() == id)
}

/// How a step of the rollback tree is named in the answer menus.
fn step_label(n: &DecisionNode) -> String {
    match n {
        DecisionNode::Question { text, .. } => format!("Question: {text}"),
        DecisionNode::Outcome { outcome, text, .. } => format!("{outcome}: {text}"),
    }
}

/// The rollback decision tree as a table of steps: each question with the step its yes and its
/// no lead to, each outcome with its name and what to do. Saving checks that the tree still
/// works as a guide (`DecisionTree::problems`: every answer leads somewhere, no loops, every
/// step reached).
#[component]
fn RollbackTreeEditor(
    draft: RwSignal<Settings>,
    rebuild: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let tree = draft.with_untracked(|s| s.playbook.rollback_tree.clone());
    let steps: Vec<String> = tree.nodes.iter().map(|n| n.id().to_owned()).collect();
    // The answer menus: every step, named as it reads now (labels follow the text fields), and,
    // when an answer leads to no step (one was removed), a "choose" line shown as chosen, so
    // the menu never pretends to point at its first step.
    let options = move |current: &str| {
        let missing = !steps.iter().any(|sid| sid == current);
        let placeholder = missing.then(
            || view! { <option value="" selected=true disabled=true>"— choose a step —"</option> },
        );
        let list = steps.iter().map(|sid| {
            let (value, chosen, of) = (sid.clone(), sid == current, sid.clone());
            view! { <option value=value selected=chosen>{move || draft.with(|s| s.playbook.rollback_tree.node(&of).map(step_label).unwrap_or_default())}</option> }
        }).collect_view();
        view! { {placeholder}{list} }
    };
    let root_options = options(&tree.root);
    let menu = move |testid: String,
                     label: String,
                     current: String,
                     yes_answer: bool,
                     id: String| {
        let options = options(&current);
        view! {
            <label class="field"><span>{label}</span>
                <select data-testid=testid on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|s| if let Some(DecisionNode::Question { yes, no, .. }) = tree_node_mut(s, &id) {
                        if yes_answer { *yes = v } else { *no = v }
                    });
                }>{options}</select>
            </label>
        }
    };
    let root_menu = view! {
        <label class="field"><span>"The guide starts with"</span>
            <select data-testid="tree-root" on:change=move |ev| {
                let v = event_target_value(&ev);
                draft.update(|s| s.playbook.rollback_tree.root = v);
            }>{root_options}</select>
        </label>
    };
    let rows = tree.nodes.iter().map(|n| {
        let id = n.id().to_owned();
        let remove_id = id.clone();
        let remove = view! {
            <button type="button" class="small" data-testid=format!("tree-remove-{id}") aria-label=format!("Remove the step {}", step_label(n))
                on:click=move |_| {
                    draft.update(|s| s.playbook.rollback_tree.nodes.retain(|x| x.id() != remove_id));
                    rebuild();
                }>"Remove"</button>
        };
        match n {
            DecisionNode::Question { text, yes, no, .. } => {
                let (t_id, t_text) = (id.clone(), text.clone());
                view! {
                    <tr data-testid="tree-step">
                        <td><label class="field"><span>"Question"</span>
                            <input type="text" data-testid=format!("tree-text-{id}") prop:value=t_text
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|s| if let Some(DecisionNode::Question { text, .. }) = tree_node_mut(s, &t_id) { *text = v }); } /></label></td>
                        <td>{menu(format!("tree-yes-{id}"), "Yes leads to".into(), yes.clone(), true, id.clone())}</td>
                        <td>{menu(format!("tree-no-{id}"), "No leads to".into(), no.clone(), false, id.clone())}</td>
                        <td>{remove}</td>
                    </tr>
                }.into_any()
            }
            DecisionNode::Outcome { outcome, text, .. } => {
                let (o_id, t_id) = (id.clone(), id.clone());
                let (o, t) = (outcome.clone(), text.clone());
                view! {
                    <tr data-testid="tree-step">
                        <td><label class="field"><span>"Outcome"</span>
                            <input type="text" data-testid=format!("tree-outcome-{id}") prop:value=o
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|s| if let Some(DecisionNode::Outcome { outcome, .. }) = tree_node_mut(s, &o_id) { *outcome = v.trim().to_owned() }); } /></label></td>
                        <td colspan="2"><label class="field"><span>"What to do"</span>
                            <input type="text" data-testid=format!("tree-text-{id}") prop:value=t
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|s| if let Some(DecisionNode::Outcome { text, .. }) = tree_node_mut(s, &t_id) { *text = v }); } /></label></td>
                        <td>{remove}</td>
                    </tr>
                }.into_any()
            }
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="tree-h">
            <h2 id="tree-h">"Rollback decision tree"</h2>
            <p class="muted">"The guide on every incident's page: questions answered yes or no, each answer leading to another question or to an outcome."</p>
            {root_menu}
            <table class="form-table"><caption class="sr">"Steps of the rollback decision tree"</caption><tbody>{rows}</tbody></table>
            <div class="buttons">
                <button type="button" data-testid="tree-add-question" on:click=move |_| {
                    draft.update(|s| {
                        let t = &mut s.playbook.rollback_tree;
                        let first_outcome = t.nodes.iter().find(|n| matches!(n, DecisionNode::Outcome { .. })).map(|n| n.id().to_owned()).unwrap_or_default();
                        t.nodes.push(DecisionNode::Question { id: new_id("q"), text: "New question?".into(), yes: first_outcome.clone(), no: first_outcome });
                    });
                    rebuild();
                }>"Add a question"</button>
                <button type="button" data-testid="tree-add-outcome" on:click=move |_| {
                    draft.update(|s| s.playbook.rollback_tree.nodes.push(DecisionNode::Outcome { id: new_id("o"), outcome: "ESCALATE".into(), text: "Escalate to the technical lead.".into() }));
                    rebuild();
                }>"Add an outcome"</button>
            </div>
        </section>
    }
}
