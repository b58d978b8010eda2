//! The status update form, on the playbook's template: impact, current actions, message, and
//! whether it is published; each field says whether the public sees it (only the message of a
//! published update does). What is typed is a draft (kept across a reload) until it is posted.

use incident_core::model::IncidentStatus;
use incident_core::ops::{self, UpdateDraft};
use incident_core::Severity;
use leptos::prelude::*;

use incident_core::publish_check::check_text;

use super::page::Page;
use crate::widgets::publish_check::confirmed;

#[component]
pub(super) fn UpdateForm(page: Page, status: IncidentStatus, severity: Severity) -> impl IntoView {
    let (actions, playbook, draft_status) = (page.actions, page.playbook, page.draft_status);
    let d = page.drafts;
    let (message, impact, current, public) = (
        d.update_message,
        d.update_impact,
        d.update_actions,
        d.update_public,
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = UpdateDraft {
            impact: impact.get_untracked(),
            actions: current.get_untracked(),
            message: message.get_untracked(),
            public: public.get_untracked(),
        };
        if draft.public {
            let found = page
                .settings
                .with_value(|s| check_text(&draft.message, "the update's message", s));
            if !confirmed("this update", &found) {
                return;
            }
        }
        let sent = (
            draft.impact.clone(),
            draft.actions.clone(),
            draft.message.clone(),
        );
        let pb = playbook.get_value();
        let wanted = draft_status
            .get_untracked()
            .filter(|s| *s != status && status != IncidentStatus::Resolved);
        draft_status.set(None);
        actions.run_then(
            Box::new(move |i, a| {
                match wanted {
                    // Resolving asks for the resolution confirmation (Lifecycle takes a reason).
                    Some(IncidentStatus::Resolved) => ops::resolve(i, &pb, None, a)?,
                    Some(s) => ops::set_status(i, s, None, a)?,
                    None => {}
                }
                ops::post_update(i, draft, &pb, a).map(|_| ())
            }),
            Box::new(move || {
                // Cleared once posted, unless more was typed meanwhile.
                if (
                    impact.get_untracked(),
                    current.get_untracked(),
                    message.get_untracked(),
                ) == sent
                {
                    message.set(String::new());
                    impact.set(String::new());
                    current.set(String::new());
                    public.set(true);
                }
            }),
        );
    };
    view! {
        <section class="panel" aria-labelledby="upd-h">
            <h3 id="upd-h">"Post a status update"</h3>
            <form data-testid="update-form" on:submit=submit>
                <p class="meta" data-testid="update-meta">{move || format!("Time: now · Severity: {} · Status: {}", severity.label(), draft_status.get().filter(|s| *s != status).map_or_else(|| status.label().to_owned(), |s| format!("{} (changes from {})", s.label(), status.label())))}</p>
                <label class="field"><span>"Impact (who is affected, how) "<span class="tag internal" data-testid="impact-internal">"internal"</span></span>
                    <input type="text" data-testid="update-impact" prop:value=move || impact.get() on:input=move |ev| impact.set(event_target_value(&ev)) /></label>
                <label class="field"><span>"Current actions "<span class="tag internal">"internal"</span></span>
                    <input type="text" data-testid="update-actions" prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev)) /></label>
                <label class="field"><span>"Message "{move || if public.get() {
                    view! { <span class="tag public" data-testid="message-public">"public: the status page shows this, word for word"</span> }.into_any()
                } else {
                    view! { <span class="tag internal">"internal"</span> }.into_any()
                }}</span>
                    <textarea data-testid="update-message" rows="3" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea></label>
                <label class="check"><input type="checkbox" data-testid="update-public" prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev)) />" Publish on the status page"</label>
                <p class="meta" data-testid="update-public-note">"Impact and Current actions stay in the internal timeline and the internal update; only the Message of a published update reaches the status page, its feeds and its API."</p>
                <button type="submit" class="primary" data-testid="update-submit">"Post update"</button>
            </form>
        </section>
    }
}
