//! What the public reads of the incident, chosen here: the public title (the playbook's
//! suggestion until someone chooses; the internal title only when they say so), the workaround,
//! and the posted public updates, each corrected or retracted in place. Every change goes
//! through the publish check first.

use incident_core::comms;
use incident_core::model::Incident;
use incident_core::ops;
use incident_core::publish_check::check_text;
use leptos::prelude::*;

use super::page::Page;
use crate::platform::page as browser;
use crate::widgets::publish_check::confirmed;

type SetText = fn(&mut Incident, &str, &ops::Actor) -> Result<(), ops::Refused>;

/// Saves a public text through `set` once the publish check has nothing to say or the person
/// confirms; the draft goes back to what is stored once saved.
fn save_checked(
    page: Page,
    what: &'static str,
    text: String,
    set: SetText,
    draft: RwSignal<Option<String>>,
) {
    let found = page.settings.with_value(|s| check_text(&text, what, s));
    if !confirmed(what, &found) {
        return;
    }
    page.actions.run_with(
        Box::new(move |i, a| set(i, &text, a)),
        Some(Box::new(move || draft.set(None))),
    );
}

/// The panel: the public title, the workaround, the posted public updates.
#[component]
pub(super) fn PublicFace(page: Page, i: Incident) -> impl IntoView {
    (!i.drill).then(|| {
        view! {
            <section class="panel" aria-labelledby="public-h" data-testid="public-face">
                <h3 id="public-h">"On the status page"</h3>
                <p class="meta">"Chosen words only: nothing here is copied from the internal title, notes or updates."</p>
                <PublicTitle page=page i=i.clone() />
                <Workaround page=page i=i.clone() />
                <PostedUpdates page=page i=i />
            </section>
        }
    })
}

#[component]
fn PublicTitle(page: Page, i: Incident) -> impl IntoView {
    let d = page.drafts;
    let settings = page.settings.get_value();
    let suggested = comms::suggested_public_title(&i, &settings);
    let stored = i.public_title.clone().unwrap_or_default();
    let chosen = i.public_title.is_some();
    let internal = i.title.clone();
    let shown = stored.clone();
    let save = move |_| {
        let title = d
            .public_title
            .get_untracked()
            .unwrap_or_else(|| stored.clone());
        save_checked(
            page,
            "the public title",
            title,
            ops::set_public_title,
            d.public_title,
        );
    };
    let (s2, internal2) = (suggested.clone(), internal.clone());
    view! {
        <div class="field-row">
            <label class="field"><span>"Public title "<span class="tag public">"public"</span></span>
                <input type="text" data-testid="public-title" placeholder=suggested.clone()
                    prop:value=move || d.public_title.get().unwrap_or_else(|| shown.clone())
                    on:input=move |ev| d.public_title.set(Some(event_target_value(&ev))) /></label>
            <p class="meta" data-testid="public-title-note">{if chosen {
                "Chosen for this incident.".to_owned()
            } else {
                format!("Not chosen yet: the status page shows the playbook's “{suggested}”.")
            }}</p>
            <div class="buttons">
                <button type="button" class="primary" data-testid="public-title-save" on:click=save>"Save public title"</button>
                <button type="button" data-testid="public-title-suggested" on:click=move |_| d.public_title.set(Some(s2.clone()))>"Use the suggestion"</button>
                <button type="button" data-testid="public-title-internal" on:click=move |_| {
                    if browser::confirm(&format!("Show the internal title “{internal2}” to the public?")) {
                        d.public_title.set(Some(internal2.clone()));
                    }
                }>"Use the internal title"</button>
            </div>
        </div>
    }
}

#[component]
fn Workaround(page: Page, i: Incident) -> impl IntoView {
    let d = page.drafts;
    let stored = i.workaround.clone().unwrap_or_default();
    let shown = stored.clone();
    let save = move |_| {
        let text = d
            .workaround
            .get_untracked()
            .unwrap_or_else(|| stored.clone());
        save_checked(
            page,
            "the workaround",
            text,
            ops::set_workaround,
            d.workaround,
        );
    };
    view! {
        <label class="field"><span>"Workaround "<span class="tag public">"public while open"</span></span>
            <textarea rows="2" data-testid="workaround" placeholder="What customers can do meanwhile, if anything"
                prop:value=move || d.workaround.get().unwrap_or_else(|| shown.clone())
                on:input=move |ev| d.workaround.set(Some(event_target_value(&ev)))></textarea></label>
        <div class="buttons"><button type="button" data-testid="workaround-save" on:click=save>"Save workaround"</button></div>
    }
}

/// The posted public updates as the public reads them now, each to correct or retract.
#[component]
fn PostedUpdates(page: Page, i: Incident) -> impl IntoView {
    let (actions, d) = (page.actions, page.drafts);
    let mut posted: Vec<_> = i.updates.iter().filter(|u| u.public).cloned().collect();
    incident_core::sort::by_key(&mut posted, |u| std::cmp::Reverse(u.at));
    let rows = posted.into_iter().map(|u| {
        let c = i.correction_of(&u.id).cloned();
        let current = c.as_ref().map_or(Some(u.message.clone()), |c| c.message.clone());
        let state = match &c {
            Some(c) if c.message.is_none() => format!(" · retracted {}", c.at.utc_minute()),
            Some(c) => format!(" · corrected {}", c.at.utc_minute()),
            None => String::new(),
        };
        let (id, id2, id3) = (u.id.clone(), u.id.clone(), u.id.clone());
        let text = current.clone().unwrap_or_default();
        let editing = move || d.correction.with(|c| c.as_ref().is_some_and(|(x, _)| *x == id));
        view! {
            <li data-testid="posted-update">
                <p class="meta">{format!("{} · {}{state}", u.at.utc_minute(), u.status.label())}</p>
                <p class:retracted=current.is_none() data-testid="posted-text">{current.clone().unwrap_or_else(|| "Retracted".to_owned())}</p>
                {move || editing().then(|| view! { <CorrectionForm page=page /> })}
                {current.is_some().then(|| view! {
                    <div class="buttons">
                        <button type="button" data-testid="correct-update" on:click=move |_| d.correction.set(Some((id2.clone(), text.clone())))>"Correct"</button>
                        <button type="button" data-testid="retract-update" on:click=move |_| {
                            let Some(reason) = browser::prompt("Retract this update? The status page will say it was retracted. Why (kept in the internal timeline)?") else { return };
                            let id = id3.clone();
                            actions.run_with(Box::new(move |i, a| ops::retract_update(i, &id, &reason, a).map(|_| ())), None);
                        }>"Retract"</button>
                    </div>
                })}
            </li>
        }
    }).collect_view();
    view! {
        <h4>"Posted public updates"</h4>
        <ol class="posted" data-testid="posted-updates">{rows}</ol>
    }
}

/// The correction being written, saved after the publish check.
#[component]
fn CorrectionForm(page: Page) -> impl IntoView {
    let (actions, d) = (page.actions, page.drafts);
    let text = move || d.correction.get().map(|(_, t)| t).unwrap_or_default();
    view! {
        <label class="field"><span>"Corrected text "<span class="tag public">"public"</span></span>
            <textarea rows="3" data-testid="correction-text" prop:value=text
                on:input=move |ev| d.correction.update(|c| if let Some(c) = c { c.1 = event_target_value(&ev) })></textarea></label>
        <div class="buttons">
            <button type="button" class="primary" data-testid="correction-save" on:click=move |_| {
                let Some((id, message)) = d.correction.get_untracked() else { return };
                let found = page.settings.with_value(|s| check_text(&message, "the correction", s));
                if !confirmed("the correction", &found) {
                    return;
                }
                actions.run_with(Box::new(move |i, a| ops::correct_update(i, &id, &message, a).map(|_| ())),
                    Some(Box::new(move || d.correction.set(None))));
            }>"Save correction"</button>
            <button type="button" on:click=move |_| d.correction.set(None)>"Cancel"</button>
        </div>
    }
}
