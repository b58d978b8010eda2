//! The communication drafts of an open incident, on the playbook's templates: the status-page
//! update, the customer email with its 30-minute prompt, the internal update. Each box shows the
//! template filled from the incident until someone types; what is typed is a draft.

use incident_core::comms;
use incident_core::model::Incident;
use incident_core::ops::{self, UpdateDraft};
use leptos::prelude::*;

use super::page::Page;
use super::preview;
use crate::platform::clipboard;
use crate::state::drafts::post_to_status_page;
use crate::state::use_session;
use crate::widgets::fields::draft_box;
use crate::widgets::publish_check::confirmed;
use incident_core::publish_check::check_text;

/// Internal words beside the public drafts, marked so, to adapt by hand: never put into a draft.
#[component]
fn OfferedInternal(i: Incident) -> impl IntoView {
    let offered = comms::offered_internal(&i, 5);
    (!offered.is_empty()).then(|| view! {
        <details class="offered" data-testid="offered-internal">
            <summary>"Internal words you may adapt (not in the draft) "<span class="tag internal">"internal"</span></summary>
            <p class="meta">"The drafts are built from public data only. Rewrite what the public should know in your own words; names, hosts and ticket links stay out."</p>
            {offered.into_iter().map(|(at, what, text)| view! {
                <p class="meta">{format!("{what}, {}", at.utc_minute())}</p>
                <blockquote>{text}</blockquote>
            }).collect_view()}
        </details>
    })
}

/// On a resolved incident: the all-clear email, on public data only, to copy.
#[component]
pub(super) fn AllClearEmail(page: Page, i: Incident) -> impl IntoView {
    let settings = page.settings.get_value();
    let d = page.drafts;
    let (_, subject, body) = comms::all_clear(&i, &settings);
    let wanted = comms::customer_email_sent(&i).is_some()
        || comms::customer_email_due(&i, &settings).is_some();
    (wanted && !i.drill).then(|| {
        let text = format!("Subject: {subject}\n\n{body}");
        view! {
            <section class="panel" aria-labelledby="allclear-h">
                <h3 id="allclear-h">"All-clear email"</h3>
                <p class="meta">"For the customers who had the incident email: public words only."</p>
                <pre class="draft-text" data-testid="allclear-email">{text.clone()}</pre>
                <button type="button" data-testid="copy-allclear" on:click=move |_| {
                    clipboard::copy(&text);
                    d.copied.set(Some("All-clear email"));
                }>"Copy"</button>
            </section>
        }
    })
}

/// The drafts for an open incident: what to post, send and say, on the playbook's templates.
#[component]
pub(super) fn Communications(page: Page, i: Incident) -> impl IntoView {
    let now = use_session().now;
    let (incident, settings, actions, d) =
        (i, page.settings.get_value(), page.actions, page.drafts);
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
        clipboard::copy(&text);
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
                            let found = page.settings.with_value(|s| check_text(&message, "the status page update", s));
                            if !confirmed("this update", &found) {
                                return;
                            }
                            let pb = playbook.get_value();
                            actions.run_with(Box::new(move |i, a| post_to_status_page(i, message, &pb, a)),
                                Some(Box::new(move || d.status_page.set(None))));
                        }
                    }>"Post to the status page"</button>
                    {(!is_drill).then(|| view! {
                        <button type="button" data-testid="preview-statuspage" on:click=move |_| preview::show(d)>"Preview on the status site"</button>
                    })}
                    <button type="button" on:click=move |_| d.status_page.set(None)>"Start again from the template"</button>
                </div>
                <OfferedInternal i=incident.clone() />
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
                            actions.run_with(Box::new(comms::record_customer_email), None);
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
                        actions.run_with(Box::new(move |i, a| {
                            ops::post_update(i, UpdateDraft { impact: String::new(), actions: String::new(), message, public: false }, &pb, a).map(|_| ())
                        }), Some(Box::new(move || d.internal.set(None))));
                    }>"Post as internal update"</button>
                </div>
            </details>
        </section>
    }
}
