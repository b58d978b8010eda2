//! Conflicts in words on the screen where their record is edited (an incident, a maintenance
//! window, Settings): each says who also set what, to what, and when, and what it is now; the
//! person keeps the current value or takes the other one. Agreements (both sides wrote the same
//! value) are only acknowledged.

use incident_core::conflict::Choice;
use incident_core::describe::conflict::ConflictView;
use leptos::prelude::*;

/// The list, under a heading that says why it is there; nothing at all when `views` is empty.
/// `settle` is called with the conflict's id and the choice.
#[component]
pub(crate) fn Conflicts(
    views: Vec<ConflictView>,
    /// What the list is about, for its heading: "this incident", "the settings".
    of: &'static str,
    settle: Callback<(String, Choice)>,
) -> impl IntoView {
    (!views.is_empty()).then(|| {
        let n = views.len();
        let heading = if n == 1 {
            format!("1 conflict on {of} to settle")
        } else {
            format!("{n} conflicts on {of} to settle")
        };
        let label = heading.clone();
        view! {
            <section class="panel conflicts" data-testid="conflicts" aria-label=label>
                <h3>{heading}</h3>
                <p class="meta">"Two copies of the workspace changed the same thing. The current value is kept until someone decides; either choice is shared with everyone at the next exchange."</p>
                <ul>
                    {views.into_iter().map(|v| row(v, settle)).collect_view()}
                </ul>
            </section>
        }
    })
}

fn row(v: ConflictView, settle: Callback<(String, Choice)>) -> impl IntoView {
    let (keep_id, take_id) = (v.id.clone(), v.id.clone());
    let keep = if v.agreed {
        "Acknowledge"
    } else if v.can_take {
        "Keep the current value"
    } else {
        "Dismiss"
    };
    let take = (v.can_take && !v.agreed).then(|| {
        view! {
            <button type="button" data-testid="conflict-take"
                on:click=move |_| settle.run((take_id.clone(), Choice::Take))>
                {format!("Use {}", v.theirs)}
            </button>
        }
    });
    view! {
        <li data-testid="conflict">
            <span data-testid="conflict-words">{v.sentence()}</span>
            " "
            <span class="buttons">
                <button type="button" data-testid="conflict-keep"
                    on:click=move |_| settle.run((keep_id.clone(), Choice::Keep))>{keep}</button>
                {take}
            </span>
        </li>
    }
}
