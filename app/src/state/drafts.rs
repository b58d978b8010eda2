//! Drafts: what is being typed and not yet saved into the workspace. Each incident's drafts
//! (the communication drafts, the post-mortem, the page's note and status-update fields) are
//! owned by the app, not the page (leaving the page keeps them), and mirrored to local storage
//! until posted (a reload or a crashed tab keeps them). So is the declare form; and the command
//! bar's `/statuspage update …` waits here for the update form to take it.

use incident_core::comms;
use incident_core::model::{
    DetectionSource, Impact, Incident, IncidentLinks, IncidentStatus, Settings,
};
use incident_core::ops::{self, UpdateDraft};
use incident_core::playbook::Playbook;
use incident_core::Severity;
use leptos::prelude::*;

use crate::platform::local::{self, LocalKey};

/// Text being edited in a draft box; `None` shows the draft generated from the incident now.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Drafts {
    pub(crate) status_page: RwSignal<Option<String>>,
    pub(crate) email_subject: RwSignal<Option<String>>,
    pub(crate) email_body: RwSignal<Option<String>>,
    pub(crate) internal: RwSignal<Option<String>>,
    pub(crate) postmortem: RwSignal<Option<String>>,
    /// Timeline events in the post-mortem draft (`None`: the key ones).
    pub(crate) pm_events: RwSignal<Option<Vec<String>>>,
    /// The incident page's own forms, as typed: the note and the status update's three fields.
    pub(crate) note: RwSignal<String>,
    pub(crate) update_message: RwSignal<String>,
    pub(crate) update_impact: RwSignal<String>,
    pub(crate) update_actions: RwSignal<String>,
    /// Whether the update is to be published: kept with the text, so an update someone marked
    /// internal stays internal after a reload.
    pub(crate) update_public: RwSignal<bool>,
    /// The public title and the workaround as typed (`None`: as stored).
    pub(crate) public_title: RwSignal<Option<String>>,
    pub(crate) workaround: RwSignal<Option<String>>,
    /// A correction being written: the public update's id and the new text.
    pub(crate) correction: RwSignal<Option<(String, String)>>,
    /// The incident's links as typed (`None`: as stored).
    pub(crate) links: RwSignal<Option<IncidentLinks>>,
    /// What was last copied to the clipboard from the drafts ("Customer email").
    pub(crate) copied: RwSignal<Option<&'static str>>,
    /// Whether the page's public preview is open.
    pub(crate) preview: RwSignal<bool>,
}

impl Drafts {
    pub(crate) fn new() -> Self {
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
            public_title: RwSignal::new(None),
            workaround: RwSignal::new(None),
            correction: RwSignal::new(None),
            links: RwSignal::new(None),
            copied: RwSignal::new(None),
            preview: RwSignal::new(false),
        }
    }

    /// `incident` as it will be once its drafts are posted now: the status-page draft as a
    /// public update (open incidents), the post-mortem text saved and published (resolved ones).
    /// Reads the drafts tracked, so a preview follows the typing. The notes say what could not
    /// be applied and why (the same refusal the button would give).
    pub(crate) fn applied(
        &self,
        incident: &Incident,
        settings: &Settings,
        actor: &ops::Actor,
    ) -> (Incident, Vec<String>) {
        let mut draft = incident.clone();
        let mut notes = Vec::new();
        // The public title and workaround as typed, as they will read once saved.
        if let Some(t) = self.public_title.get() {
            if let Err(ops::Refused(why)) = ops::set_public_title(&mut draft, &t, actor) {
                notes.push(format!("The public title is not shown: {why}"));
            }
        }
        if let Some(w) = self.workaround.get() {
            if let Err(ops::Refused(why)) = ops::set_workaround(&mut draft, &w, actor) {
                notes.push(format!("The workaround is not shown: {why}"));
            }
        }
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
    pub(crate) fn postmortem_text(&self, incident: &Incident, settings: &Settings) -> String {
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
pub(crate) fn post_to_status_page(
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
pub(crate) fn publish_postmortem_text(
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
#[derive(Debug, Clone)]
pub(crate) struct DraftStore {
    owner: Owner,
    drafts: StoredValue<std::collections::HashMap<String, Drafts>>,
}

impl DraftStore {
    /// Made by the app's root component; the drafts live as long as it does.
    pub(crate) fn new() -> Self {
        DraftStore {
            owner: Owner::current().unwrap_or_default(),
            drafts: StoredValue::new(std::collections::HashMap::new()),
        }
    }

    /// The drafts of incident `id`, the same ones each time the incident is opened. What is
    /// typed is also kept in this browser's local storage, so a reload or a crash keeps it too;
    /// a draft posted (reset to the template) is removed there.
    pub(crate) fn of(&self, id: &str) -> Drafts {
        if let Some(d) = self.drafts.with_value(|m| m.get(id).copied()) {
            d.copied.set(None);
            return d;
        }
        let key = LocalKey::Drafts(id.to_owned());
        let d = self.owner.with(|| {
            let d = Drafts::new();
            if let Some(saved) =
                local::get(&key).and_then(|text| serde_json::from_str::<SavedDrafts>(&text).ok())
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
                d.public_title.set(saved.public_title);
                d.workaround.set(saved.workaround);
                d.correction.set(saved.correction);
                d.links.set(saved.links);
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
                    public_title: d.public_title.get(),
                    workaround: d.workaround.get(),
                    correction: d.correction.get(),
                    links: d.links.get(),
                };
                if saved == SavedDrafts::default() {
                    local::remove(&key);
                } else if let Ok(text) = serde_json::to_string(&saved) {
                    // Best effort: a full local storage leaves the draft in memory only.
                    let _ = local::set(&key, &text);
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    workaround: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    correction: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    links: Option<IncidentLinks>,
}

/// Whether the incident page shows the post-incident panel.
pub(crate) fn shows_post_incident(i: &Incident) -> bool {
    i.status == IncidentStatus::Resolved
}

/// A status-page update drafted from the command bar (`/statuspage update …`), waiting for the
/// incident page's update form to take it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommandDraft(pub RwSignal<Option<(IncidentStatus, String)>>);

/// What is filled into the declare form, kept in this browser until the incident is declared or
/// the form cancelled: a reload or a crashed tab keeps it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DeclareDraft {
    pub(crate) title: String,
    pub(crate) severity: Severity,
    pub(crate) detection: DetectionSource,
    pub(crate) components: Vec<(String, Impact)>,
    /// When it really started (`2026-12-02T03:00`, UTC), if earlier than the declaration.
    #[serde(default)]
    pub(crate) started: String,
}

impl Default for DeclareDraft {
    fn default() -> Self {
        DeclareDraft {
            title: String::new(),
            severity: Severity::Sev2,
            detection: DetectionSource::AutomatedAlert,
            components: Vec::new(),
            started: String::new(),
        }
    }
}

impl DeclareDraft {
    /// The form as kept in this browser, or an empty one.
    pub(crate) fn kept() -> Self {
        local::get(&LocalKey::DeclareDraft)
            .and_then(|text| serde_json::from_str::<DeclareDraft>(&text).ok())
            .unwrap_or_default()
    }

    /// Keeps the form (an empty one is forgotten). Best effort: a full local storage leaves the
    /// form in memory only.
    pub(crate) fn keep(&self) {
        if *self == DeclareDraft::default() {
            DeclareDraft::forget();
        } else if let Ok(text) = serde_json::to_string(self) {
            let _ = local::set(&LocalKey::DeclareDraft, &text);
        }
    }

    /// Declared or cancelled: the form starts empty next time.
    pub(crate) fn forget() {
        local::remove(&LocalKey::DeclareDraft);
    }
}
