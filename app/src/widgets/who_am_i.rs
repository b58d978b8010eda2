//! "You are …": picks the person this browser acts as; every event is then signed with them.

use leptos::prelude::*;

use crate::state::workspace::offered_people;
use crate::state::{me, use_session};

/// "You are …": picks the person this browser acts as; every event is then signed with them.
#[component]
pub(crate) fn WhoAmI() -> impl IntoView {
    let session = use_session();
    let (workspace, me) = (session.workspace, session.me);
    view! {
        <label class="whoami">
            <span class="muted">"You are "</span>
            <select data-testid="whoami" aria-label="Who you are (signs your actions)"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let id = (!v.is_empty()).then_some(v);
                    me::remember(id.as_deref());
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
