//! What the panels of one incident's page share: the incident, its action queue, its drafts, the
//! settings, and the page's own state.

use incident_core::model::{Incident, IncidentStatus, Settings};
use incident_core::Playbook;
use leptos::prelude::*;

use crate::state::actions::IncidentActions;
use crate::state::drafts::{CommandDraft, DraftStore, Drafts};
use crate::state::Session;

/// What the panels of one incident's page share.
#[derive(Clone, Copy)]
pub(super) struct Page {
    /// The incident as the workspace holds it.
    pub(super) incident: Memo<Option<Incident>>,
    pub(super) actions: IncidentActions,
    pub(super) drafts: Drafts,
    /// The settings when the page opened (with removed records, for the names of those who
    /// took part).
    pub(super) settings: StoredValue<Settings>,
    pub(super) playbook: StoredValue<Playbook>,
    /// What the screens offer to choose and whom escalation reaches: without removed records.
    pub(super) offered: StoredValue<Settings>,
    /// The status the command bar's draft asks the update form to set.
    pub(super) draft_status: RwSignal<Option<IncidentStatus>>,
    pub(super) reopen_reason: RwSignal<String>,
    /// The rollback guide's place (it survives re-renders of the page).
    pub(super) tree_node: RwSignal<String>,
    pub(super) tree_path: RwSignal<Vec<String>>,
}

impl Page {
    pub(super) fn new(session: Session, id: &str) -> Self {
        let workspace = session.workspace;
        let id_for_get = id.to_owned();
        let incident = Memo::new(move |_| {
            workspace.with(|b| b.incidents.iter().find(|i| i.id == id_for_get).cloned())
        });
        let settings = workspace.with_untracked(|b| b.settings.clone());
        let offered = workspace.with_untracked(|b| {
            incident_core::merge::live_settings(&b.settings, &b.tombstones).into_owned()
        });
        Page {
            incident,
            actions: IncidentActions::new(incident, session),
            drafts: use_context::<DraftStore>().map_or_else(Drafts::new, |store| store.of(id)),
            playbook: StoredValue::new(settings.playbook.clone()),
            settings: StoredValue::new(settings),
            offered: StoredValue::new(offered),
            draft_status: RwSignal::new(None),
            reopen_reason: RwSignal::new(String::new()),
            tree_node: RwSignal::new(String::new()),
            tree_path: RwSignal::new(Vec::new()),
        }
    }

    /// A draft from the command bar fills the update form: public, its message, and its status.
    pub(super) fn take_command_drafts(self) {
        if let Some(CommandDraft(draft)) = use_context::<CommandDraft>() {
            let d = self.drafts;
            Effect::new(move |_| {
                if let Some((st, text)) = draft.get() {
                    d.update_message.set(text);
                    d.update_public.set(true);
                    self.draft_status.set(Some(st));
                    draft.set(None);
                }
            });
        }
    }
}
