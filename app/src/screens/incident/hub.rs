//! The incident as a hub, at the top of its page: the workspace's tool links, the incident's own
//! links (its chat channel by the playbook's pattern, the bridge, the ticket, any other), and the
//! severity's "who must know" list, ticked as each is told. All of it is internal.

use incident_core::model::{Incident, IncidentLinks, ToolLink};
use incident_core::ops;
use leptos::prelude::*;

use super::page::Page;

/// A link only when it is a web address (a typed `javascript:` is shown as text).
fn link(name: String, url: String, testid: &'static str) -> AnyView {
    let web = url.starts_with("https://") || url.starts_with("http://");
    if web {
        view! { <a href=url target="_blank" rel="noopener noreferrer" data-testid=testid>{name}</a> }.into_any()
    } else {
        view! { <span data-testid=testid>{format!("{name}: {url}")}</span> }.into_any()
    }
}

#[component]
pub(super) fn Hub(page: Page, i: Incident) -> impl IntoView {
    let tools = page.offered.with_value(|s| s.tool_links.clone());
    let l = i.links.clone();
    let mut shown: Vec<AnyView> = Vec::new();
    if let Some(c) = &l.chat_channel {
        shown.push(
            view! { <span class="chan" data-testid="hub-chat">{c.clone()}</span> }.into_any(),
        );
    }
    if let Some(b) = &l.bridge {
        shown.push(link("Bridge".to_owned(), b.clone(), "hub-bridge"));
    }
    if let Some(t) = &l.ticket {
        shown.push(link("Ticket".to_owned(), t.clone(), "hub-ticket"));
    }
    for o in &l.other {
        shown.push(link(o.name.clone(), o.url.clone(), "hub-link"));
    }
    for t in &tools {
        shown.push(link(t.name.clone(), t.url.clone(), "hub-tool"));
    }
    view! {
        <section class="hub" aria-label="Where this incident is worked on" data-testid="hub">
            <p class="hub-links">{shown}</p>
            <details class="hub-edit">
                <summary>"Links and who must know"</summary>
                <Links page=page i=i.clone() />
                <WhoMustKnow page=page i=i />
            </details>
        </section>
    }
}

#[component]
fn Links(page: Page, i: Incident) -> impl IntoView {
    let (actions, d) = (page.actions, page.drafts);
    let stored = StoredValue::new(i.links.clone());
    let suggested = ops::suggested_channel(&i);
    // Copy: what the form shows, typed or as stored.
    let current = move || d.links.get().unwrap_or_else(|| stored.get_value());
    let field = move |get: fn(&IncidentLinks) -> Option<String>,
                      set: fn(&mut IncidentLinks, String)| {
        (
            move || get(&current()).unwrap_or_default(),
            move |v: String| {
                let mut l = current();
                set(&mut l, v);
                d.links.set(Some(l));
            },
        )
    };
    let (chat, set_chat) = field(|l| l.chat_channel.clone(), |l, v| l.chat_channel = Some(v));
    let (bridge, set_bridge) = field(|l| l.bridge.clone(), |l, v| l.bridge = Some(v));
    let (ticket, set_ticket) = field(|l| l.ticket.clone(), |l, v| l.ticket = Some(v));
    let (other, set_other) = field(
        |l| {
            Some(
                l.other
                    .iter()
                    .map(|o| format!("{} {}", o.name, o.url))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        },
        |l, v| {
            l.other = v
                .lines()
                .filter_map(|line| {
                    let line = line.trim();
                    let (name, url) = line.rsplit_once(' ').unwrap_or(("Link", line));
                    (!url.is_empty()).then(|| ToolLink {
                        name: name.trim().to_owned(),
                        url: url.to_owned(),
                    })
                })
                .collect();
        },
    );
    let set_chat2 = set_chat;
    let save = move |_| {
        let links = current();
        actions.run_with(
            Box::new(move |i, a| ops::set_links(i, links, a)),
            Some(Box::new(move || d.links.set(None))),
        );
    };
    view! {
        <div class="hub-form">
            <label class="field"><span>"Chat channel"</span>
                <input type="text" data-testid="hub-chat-input" placeholder=suggested.clone() prop:value=chat on:input=move |ev| set_chat(event_target_value(&ev)) /></label>
            <button type="button" class="small" data-testid="hub-chat-suggested" on:click=move |_| set_chat2(suggested.clone())>"Use the playbook's name"</button>
            <label class="field"><span>"Bridge (call) address"</span>
                <input type="url" data-testid="hub-bridge-input" prop:value=bridge on:input=move |ev| set_bridge(event_target_value(&ev)) /></label>
            <label class="field"><span>"Ticket address"</span>
                <input type="url" data-testid="hub-ticket-input" prop:value=ticket on:input=move |ev| set_ticket(event_target_value(&ev)) /></label>
            <label class="field"><span>"Other links, one per line: name, then the address"</span>
                <textarea rows="2" data-testid="hub-other-input" prop:value=other on:input=move |ev| set_other(event_target_value(&ev))></textarea></label>
            <button type="button" data-testid="hub-save" on:click=save>"Save links"</button>
        </div>
    }
}

/// The severity's notification list, each ticked once told (an event in the timeline).
#[component]
fn WhoMustKnow(page: Page, i: Incident) -> impl IntoView {
    let actions = page.actions;
    let list = page
        .playbook
        .with_value(|pb| pb.severity(i.severity).map(|l| l.notification.clone()))
        .unwrap_or_default();
    let told: Vec<String> = i.notified().into_iter().map(str::to_owned).collect();
    view! {
        <fieldset class="who-must-know" data-testid="who-must-know">
            <legend>{format!("Who must know at {}", i.severity.label())}</legend>
            {list.into_iter().map(|who| {
                let checked = told.contains(&who);
                let label = who.clone();
                view! {
                    <label class="check"><input type="checkbox" data-testid="told" checked=checked on:change=move |ev| {
                        let (who, on) = (who.clone(), event_target_checked(&ev));
                        actions.run(Box::new(move |i, a| ops::tell(i, &who, on, a)));
                    } />{format!(" {label}")}</label>
                }
            }).collect_view()}
        </fieldset>
    }
}
