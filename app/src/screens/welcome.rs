//! The first screen, before anything is stored: set up the team's workspace, join a colleague's,
//! or explore the demo. Nothing is stored until one is chosen.

use incident_core::settings_edit::Setup;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::files;
use crate::state::workspace::{create_team, explore_demo, join_team};

#[component]
pub fn Welcome() -> impl IntoView {
    view! {
        <section class="welcome" aria-labelledby="welcome-h" data-testid="welcome">
            <h1 id="welcome-h">"Welcome to Cygni"</h1>
            <p class="muted">"Your incidents stay in this browser and travel as files you exchange with your team; nothing is sent anywhere. Nothing is stored until you choose."</p>
            <div class="grid3 choices">
                <SetUp />
                <Join />
                <section class="panel" aria-labelledby="demo-h">
                    <h2 id="demo-h">"Explore the demo"</h2>
                    <p>"A made-up company with 120 incidents, to see how Cygni runs an incident by the playbook. It is kept apart from any real workspace and never reaches a status site; leave it whenever you like."</p>
                    <button type="button" data-testid="choose-demo" on:click=move |_| explore_demo()>"Explore the demo"</button>
                </section>
            </div>
        </section>
    }
}

/// Set up our workspace: the organization, its components, its people; each may be left for
/// later (Settings has them all), the playbook's defaults as they are.
#[component]
fn SetUp() -> impl IntoView {
    let setup = RwSignal::new(Setup::default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let answers = setup.get_untracked();
        spawn_local(async move {
            if let Err(e) = create_team(&answers).await {
                error.set(Some(format!("The workspace was not set up: {e}")));
                busy.set(false);
            }
        });
    };
    // A field of the form: one line, or several (`rows`).
    let entry = move |label: &'static str,
                      testid: &'static str,
                      placeholder: &'static str,
                      rows: u32,
                      get: fn(&Setup) -> String,
                      set: fn(&mut Setup, String)| {
        let value = move || setup.with(get);
        let input = move |ev: leptos::ev::Event| setup.update(|s| set(s, event_target_value(&ev)));
        let control = if rows == 1 {
            view! { <input type="text" data-testid=testid placeholder=placeholder prop:value=value on:input=input /> }.into_any()
        } else {
            view! { <textarea rows=rows data-testid=testid placeholder=placeholder prop:value=value on:input=input></textarea> }.into_any()
        };
        view! { <label class="field"><span>{label}</span>{control}</label> }
    };
    view! {
        <section class="panel" aria-labelledby="setup-h">
            <h2 id="setup-h">"Set up our workspace"</h2>
            <p>"For a team starting with Cygni. Every step can be left empty and done later in Settings; the playbook's severities, roles, checklists and templates come as they are."</p>
            <form data-testid="setup-form" on:submit=submit>
                <fieldset><legend>"1. Your organization"</legend>
                    {entry("Name", "setup-org", "Acme", 1, |s| s.organization.clone(), |s, v| s.organization = v)}
                    {entry("Public status page address", "setup-url", "https://status.example.com", 1, |s| s.status_page_url.clone(), |s, v| s.status_page_url = v)}
                </fieldset>
                <fieldset><legend>"2. Components customers see (optional)"</legend>
                    {entry("One per line; \u{201c}Group / Component\u{201d} puts it in a group", "setup-components", "Platform / REST API\nPlatform / Webhooks\nDashboard", 4, |s| s.components.clone(), |s, v| s.components = v)}
                </fieldset>
                <fieldset><legend>"3. People who respond (optional)"</legend>
                    {entry("One per line: name, email, phone. Each answers the on-call escalation level (change it in Settings).", "setup-people", "Ana Lima, ana@example.com, +1 555 0100", 4, |s| s.people.clone(), |s, v| s.people = v)}
                </fieldset>
                {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="setup-error">{m}</p> })}
                <button type="submit" class="primary" data-testid="setup-create" disabled=move || busy.get()>"Create our workspace"</button>
            </form>
        </section>
    }
}

/// Join my team: a colleague's export becomes this browser's workspace.
#[component]
fn Join() -> impl IntoView {
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = files::chosen_file(&ev) else {
            return;
        };
        busy.set(true);
        problems.set(Vec::new());
        spawn_local(async move {
            let name = file.name();
            let read = files::read_bytes(&file).await.and_then(|b| {
                String::from_utf8(b)
                    .map_err(|_| "the file is not UTF-8 text, so it is not a bundle".to_owned())
            });
            let result = match read {
                Err(e) => Err(vec![format!("$: {e}")]),
                Ok(text) => match crate::state::incoming::check(&text, |_, _| {}).await {
                    Err(found) => Err(found),
                    Ok(bundle) => join_team(bundle).await.map_err(|e| vec![format!("$: {e}")]),
                },
            };
            if let Err(found) = result {
                let mut lines = vec![format!("{name} was not joined; nothing was stored.")];
                lines.extend(found.into_iter().take(20));
                problems.set(lines);
                busy.set(false);
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="join-h">
            <h2 id="join-h">"Join my team"</h2>
            <p>"Your team already uses Cygni: choose the export a colleague sent you (Export workspace, on their list). It becomes this browser's workspace; later files from them merge into it."</p>
            <label class="filebtn">
                "Choose their export…"
                <input type="file" accept=".json,application/json" data-testid="join-file" disabled=move || busy.get() on:change=on_file />
            </label>
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <div class="error" role="alert" data-testid="join-error">
                    <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })}
        </section>
    }
}
