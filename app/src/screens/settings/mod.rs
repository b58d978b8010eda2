//! The settings screen: organization, components and groups, people and their contacts, on-call
//! schedules, escalation contacts, tool links, the playbook's values and its rollback tree, one
//! module per section. The screen edits a draft; "Save" runs
//! `incident_core::settings_edit::apply` (checks, stamps each changed field) and stores the
//! result merged with whatever another tab stored (`state::workspace::save_settings`).
//!
//! Conflicts left by a merge (two copies changed the same field) are listed first, in words,
//! each kept or taken (`incident_core::conflict::settle_settings`).
//!
//! The form is built from a snapshot of the draft and rebuilt only when the draft is replaced
//! (save, discard, add/remove a row, another tab's save while nothing is edited), so typing never
//! re-renders the field being typed in.

mod alarms;
mod business_hours;
mod components;
mod escalation;
mod form;
mod organization;
mod people;
mod playbook;
mod rollback_tree;
mod schedules;
mod site_language;
mod sync_folder;
mod this_browser;
mod tool_links;
mod uptime_weights;

use incident_core::conflict::{settle_settings, Choice};
use incident_core::describe::conflict::of_settings;
use incident_core::model::{RecordKind, Settings};
use incident_core::ops::Refused;
use incident_core::settings_edit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::page;
use crate::state::workspace::{actor, authors, removed_records, save_settings, store_tombstone};
use crate::state::{use_session, Session};
use crate::widgets::conflicts::Conflicts;
use crate::widgets::who_am_i::WhoAmI;
use form::Remover;

/// The screen's state: the draft being edited and what the save bar says.
#[derive(Clone, Copy)]
struct Editor {
    session: Session,
    /// The settings as stored.
    saved: Memo<Settings>,
    /// The settings the draft started from; `apply` stamps what differs from it.
    base: RwSignal<Settings>,
    draft: RwSignal<Settings>,
    /// Turned to rebuild the form from the draft.
    epoch: RwSignal<u32>,
    error: RwSignal<Option<String>>,
    status: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    /// Another tab saved settings while this one has unsaved changes.
    elsewhere: RwSignal<bool>,
    dirty: Memo<bool>,
    /// The last removal, which the save bar offers to undo.
    undo: RwSignal<Option<(RecordKind, String, String)>>,
}

impl Editor {
    fn new(session: Session) -> Self {
        let workspace = session.workspace;
        let saved = Memo::new(move |_| workspace.with(|b| b.settings.clone()));
        let base = RwSignal::new(saved.get_untracked());
        let draft = RwSignal::new(saved.get_untracked());
        let dirty = Memo::new(move |_| draft.with(|d| base.with(|b| d != b)));
        Editor {
            session,
            saved,
            base,
            draft,
            epoch: RwSignal::new(0),
            error: RwSignal::new(None),
            status: RwSignal::new(None),
            busy: RwSignal::new(false),
            elsewhere: RwSignal::new(false),
            dirty,
            undo: RwSignal::new(None),
        }
    }

    fn rebuild(self) {
        self.epoch.update(|e| *e += 1);
    }

    fn say(self, error: Option<String>, status: Option<String>) {
        self.error.set(error);
        self.status.set(status);
    }

    /// Another tab saved settings: follow it when nothing is being edited here; otherwise say
    /// so (saving merges both, field by field).
    fn follow_other_tabs(self) {
        Effect::new(move |_| {
            let s = self.saved.get();
            if self.base.with_untracked(|b| *b == s) {
                return;
            }
            if self.dirty.get_untracked() {
                self.elsewhere.set(true);
            } else {
                self.base.set(s.clone());
                self.draft.set(s);
                self.rebuild();
            }
        });
    }

    /// Removes a record at once, after asking (a removal is stored at once: unsaved edits of the
    /// record, or of what refers to it, would bring it back or leave a reference behind when
    /// saved after it).
    fn remove(self, kind: RecordKind, id: String, name: String) {
        let Session { workspace, me, .. } = self.session;
        if self.dirty.get_untracked() {
            let why = format!("Save or discard your changes first, then remove {name}.");
            self.say(Some(why), None);
            return;
        }
        if !page::confirm(&format!("Remove {name} from the workspace? Past incidents keep its name; the screens and the status page no longer show it.")) {
            return;
        }
        self.say(None, None);
        let result = workspace
            .with_untracked(|b| settings_edit::remove(b, kind, &id, &actor(workspace, me)));
        match result {
            Err(Refused(m)) => self.error.set(Some(m)),
            Ok(tombstone) => spawn_local(async move {
                match store_tombstone(workspace, tombstone).await {
                    Ok(()) => {
                        self.status.set(Some(format!("Removed {name}.")));
                        self.undo.set(Some((kind, id, name)));
                    }
                    Err(e) => self.error.set(Some(format!("Not removed: {e}"))),
                }
            }),
        }
    }

    fn save(self) {
        let Session { workspace, me, .. } = self.session;
        if self.busy.get_untracked() {
            return;
        }
        self.say(None, None);
        self.undo.set(None);
        let edited = self.draft.get_untracked();
        let result =
            settings_edit::apply(&self.base.get_untracked(), &edited, &actor(workspace, me));
        match result {
            Err(Refused(m)) => self.error.set(Some(m)),
            Ok(settings) => {
                self.busy.set(true);
                spawn_local(async move {
                    match save_settings(workspace, settings).await {
                        Ok(stored) => {
                            self.base.set(stored.clone());
                            self.draft.set(stored);
                            self.elsewhere.set(false);
                            self.status.set(Some("Settings saved.".to_owned()));
                            self.rebuild();
                        }
                        Err(e) => self.error.set(Some(format!("Nothing was saved: {e}"))),
                    }
                    self.busy.set(false);
                });
            }
        }
    }

    /// Settles a conflict of the settings as stored (asks to save or discard a draft first:
    /// the draft was made from the value being decided).
    fn settle(self, id: String, choice: Choice) {
        let Session { workspace, me, .. } = self.session;
        if self.dirty.get_untracked() {
            let why = "Save or discard your changes first, then settle the conflict.".to_owned();
            self.say(Some(why), None);
            return;
        }
        self.say(None, None);
        let result = settle_settings(
            &self.saved.get_untracked(),
            &id,
            choice,
            &actor(workspace, me),
        );
        match result {
            Err(Refused(m)) => self.error.set(Some(m)),
            Ok(settings) => spawn_local(async move {
                match save_settings(workspace, settings).await {
                    Ok(_) => self.status.set(Some("Conflict settled.".to_owned())),
                    Err(e) => self.error.set(Some(format!("Not settled: {e}"))),
                }
            }),
        }
    }

    fn discard(self) {
        let s = self.saved.get_untracked();
        self.base.set(s.clone());
        self.draft.set(s);
        self.say(None, None);
        self.undo.set(None);
        self.elsewhere.set(false);
        self.rebuild();
    }

    /// Undoes a removal: the record is edited again, dated after its removal.
    fn bring_back(self, kind: RecordKind, id: String, name: String) {
        let Session { workspace, me, .. } = self.session;
        self.error.set(None);
        let result = workspace.with_untracked(|b| {
            settings_edit::restore(&b.settings, &b.tombstones, kind, &id, &actor(workspace, me))
        });
        match result {
            Err(Refused(m)) => self.error.set(Some(m)),
            Ok(settings) => spawn_local(async move {
                match save_settings(workspace, settings).await {
                    Ok(_) => {
                        self.undo.set(None);
                        self.status.set(Some(format!("{name} is back.")));
                    }
                    Err(e) => self.error.set(Some(format!("Not brought back: {e}"))),
                }
            }),
        }
    }
}

#[component]
pub(crate) fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let Session {
        workspace, now, me, ..
    } = session;
    let editor = Editor::new(session);
    let settle = Callback::new(move |(id, choice): (String, Choice)| editor.settle(id, choice));
    editor.follow_other_tabs();
    let draft = editor.draft;
    let rebuild = move || editor.rebuild();
    // Removed records are not shown; a removal (here, in another tab, or imported) rebuilds.
    let removed = Memo::new(move |_| workspace.with(removed_records));
    let remove = Remover(StoredValue::new(Box::new(
        move |kind: RecordKind, id: String, name: String| editor.remove(kind, id, name),
    )));
    view! {
        <div class="settings">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Settings"</h1>
            <p class="muted">"These settings belong to the workspace: they travel with its export and merge field by field with other people's copies."</p>
            {move || {
                let views = workspace.with(|b| of_settings(&b.settings, &authors(b, me.get().as_deref(), b.settings.conflicts.len())));
                view! { <Conflicts views=views of="the settings" settle=settle /> }
            }}
            <section class="panel" aria-labelledby="you-h">
                <h2 id="you-h">"You on this device"</h2>
                <p>"Pick yourself, so that what you do is signed with your name in every timeline. This choice stays in this browser."</p>
                <WhoAmI />
            </section>
            <this_browser::ThisBrowser />
            <alarms::AlarmSettings />
            <sync_folder::SyncFolder />
            {move || {
                editor.epoch.get();
                let removed = removed.get();
                view! {
                    <organization::Organization draft=draft />
                    <components::Components draft=draft rebuild=rebuild removed=removed.clone() remove=remove />
                    <people::People draft=draft rebuild=rebuild removed=removed.clone() remove=remove />
                    <schedules::Schedules draft=draft rebuild=rebuild now=now removed=removed.clone() remove=remove />
                    <escalation::EscalationContacts draft=draft removed=removed />
                    <tool_links::ToolLinks draft=draft rebuild=rebuild />
                    <playbook::PlaybookValues draft=draft />
                    <business_hours::BusinessHoursEditor draft=draft />
                    <uptime_weights::UptimeWeightsEditor draft=draft />
                    <site_language::SiteLanguageEditor draft=draft />
                    <rollback_tree::RollbackTreeEditor draft=draft rebuild=rebuild />
                }
            }}
            <SaveBar editor=editor />
        </div>
    }
}

/// Save or discard the draft; what happened; undo the last removal.
#[component]
fn SaveBar(editor: Editor) -> impl IntoView {
    let Editor {
        error,
        status,
        undo,
        elsewhere,
        busy,
        dirty,
        ..
    } = editor;
    view! {
        <div class="savebar" role="region" aria-label="Save settings">
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="settings-error">{m}</p> })}
            {move || status.get().map(|m| view! { <p class="done" role="status" data-testid="settings-saved">{m}</p> })}
            {move || undo.get().map(|(kind, id, name)| view! {
                <button type="button" class="small" data-testid="undo-remove"
                    on:click=move |_| editor.bring_back(kind, id.clone(), name.clone())>{format!("Undo: bring back {name}")}</button>
            })}
            {move || elsewhere.get().then(|| view! {
                <p class="notice" role="status">"Someone changed the settings in another tab. Saving keeps both: your fields and theirs."</p>
            })}
            <div class="buttons">
                <button type="button" class="primary" data-testid="settings-save"
                    disabled=move || !dirty.get() || busy.get()
                    on:click=move |_| editor.save()>
                    {move || if busy.get() { "Saving…" } else { "Save settings" }}
                </button>
                <button type="button" data-testid="settings-discard" disabled=move || !dirty.get() || busy.get()
                    on:click=move |_| editor.discard()>"Discard changes"</button>
                {move || dirty.get().then(|| view! { <span class="muted" data-testid="settings-dirty">"Unsaved changes"</span> })}
            </div>
        </div>
    }
}
