//! The top bar's alarms: how many things are due (a link to the first, each listed in its
//! tooltip), and the one place notifications are asked for, from a click, with the reason.

use leptos::prelude::*;

use crate::platform::notify;
use crate::state::alarms::{allow, use_alarms};

#[component]
pub(crate) fn AlarmBell() -> impl IntoView {
    use_alarms().map(|a| {
        view! {
            <span class="alarms">
                {move || a.due.with(|due| due.first().map(|first| {
                    let list: Vec<String> = due.iter().map(|x| format!("{}: {}", x.title, x.message)).collect();
                    view! {
                        <a class="alarm-count" data-testid="alarm-count" href=first.href.clone() title=list.join("\n")>
                            {format!("{} due", due.len())}
                        </a>
                    }
                }))}
                {move || (a.allowed.get().is_none() && notify::supported()).then(|| view! {
                    <button type="button" class="small" data-testid="alarms-allow"
                        title="So that a clock falling due (acknowledge, next update, escalation, customer email) reaches you in another tab or window"
                        on:click=move |_| allow(a)>"Alert me when a clock falls due"</button>
                })}
            </span>
        }
    })
}
