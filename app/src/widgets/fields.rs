//! Form fields: inputs bound to a draft of the settings (each starts at the draft's value and
//! writes through to it), and the communication drafts' text box.

use incident_core::settings_edit;
use incident_core::Settings;
use leptos::prelude::*;

/// A text input bound to the draft: starts at `get(draft)`, writes through `set`.
pub(crate) fn text_field(
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
pub(crate) fn number_field(
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

/// A text area bound to the draft.
pub(crate) fn text_area(
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
pub(crate) fn list_area(
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

/// A draft box: shows the edited text, or the generated one until someone types.
pub(crate) fn draft_box(
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
