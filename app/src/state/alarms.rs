//! Alarms for whoever has the workspace open, whichever screen or tab is in front: what has
//! fallen due (`incident_core::alarms`) counted in the tab's title (`(2) Cygni Incident
//! Workspace`), and announced once per due time through the browser's notifications when the
//! person allowed them (asked only from their click, with the reason). The keys already
//! announced are kept in this browser, so a reload or a second tab does not announce again.

use incident_core::alarms::{self, Alarm};
use leptos::prelude::*;

use crate::platform::local::{self, LocalKey};
use crate::platform::{clock, notify};
use crate::state::Session;

const TITLE: &str = "Cygni Incident Workspace";
/// How many announced keys are remembered (the oldest are forgotten first).
const REMEMBERED: usize = 500;

/// The alarms due now, and whether notifications are allowed (`None`: not asked).
#[derive(Clone, Copy)]
pub(crate) struct Alarms {
    pub(crate) due: Memo<Vec<Alarm>>,
    pub(crate) allowed: RwSignal<Option<bool>>,
}

/// Starts watching `session`'s workspace: the due alarms, recomputed every 15 seconds and on
/// every change; the title; the notifications. Given through context ([`use_alarms`]).
pub(crate) fn watch(session: Session) {
    let Session { workspace, now, .. } = session;
    let tick = Memo::new(move |_| now.get().unix_millis() / 15_000);
    let due = Memo::new(move |_| {
        let _ = tick.get();
        workspace.with(|b| alarms::due(b, clock::now()))
    });
    let allowed = RwSignal::new(notify::permission());
    Effect::new(move |_| {
        let list = due.get();
        notify::set_title(&if list.is_empty() {
            TITLE.to_owned()
        } else {
            format!("({}) {TITLE}", list.len())
        });
        announce(&list);
    });
    provide_context(Alarms { due, allowed });
}

/// The alarms, as [`watch`] gave them.
pub(crate) fn use_alarms() -> Option<Alarms> {
    use_context::<Alarms>()
}

/// Asks for notifications (from a click).
pub(crate) fn allow(alarms: Alarms) {
    notify::ask(move |granted| {
        alarms.allowed.set(Some(granted));
        if granted {
            announce(&alarms.due.get_untracked());
        }
    });
}

/// Announces each alarm not announced before (when notifications are allowed).
fn announce(list: &[Alarm]) {
    if notify::permission() != Some(true) {
        return;
    }
    let mut fired: Vec<String> = local::get(&LocalKey::AlarmsFired)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let mut new = false;
    for a in list {
        if fired.contains(&a.key) {
            continue;
        }
        notify::show(&a.title, &a.message, &a.key, &a.href);
        fired.push(a.key.clone());
        new = true;
    }
    if new {
        let start = fired.len().saturating_sub(REMEMBERED);
        if let Ok(text) = serde_json::to_string(&fired[start..]) {
            local::set(&LocalKey::AlarmsFired, &text);
        }
    }
}
