//! Alarms for whoever has the workspace open, whichever screen or tab is in front: what has
//! fallen due (`incident_core::alarms`) counted in the tab's title (`(2) Cygni Incident
//! Workspace`), and announced once per due time through the browser's notifications when the
//! person allowed them (asked only from their click, with the reason) and a chime when they
//! turned sound on. The keys already announced are kept in this browser, so a reload or a second
//! tab does not announce again.
//!
//! How alarms reach this browser is the person's choice, kept in this browser
//! ([`AlarmPrefs`]): each kind on or off, a quiet mode (counted, never announced), the sound,
//! and incidents snoozed for a while. A drill's alarms are always quiet.

use std::collections::BTreeMap;

use incident_core::alarms::{self, Alarm, AlarmKind};
use incident_core::Timestamp;
use leptos::prelude::*;

use crate::platform::local::{self, LocalKey};
use crate::platform::{clock, notify, sound};
use crate::state::Session;

const TITLE: &str = "Cygni Incident Workspace";
/// How many announced keys are remembered (the oldest are forgotten first).
const REMEMBERED: usize = 500;
/// How long a snooze lasts.
pub(crate) const SNOOZE_MINUTES: i64 = 30;

/// How alarms reach this browser.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct AlarmPrefs {
    /// Kinds turned off (`AlarmKind::key`).
    #[serde(default)]
    pub(crate) off: Vec<String>,
    /// Counted in the title and the bell, never a notification or a sound.
    #[serde(default)]
    pub(crate) quiet: bool,
    /// A chime with each new alarm.
    #[serde(default)]
    pub(crate) sound: bool,
    /// Incidents snoozed, until when (unix milliseconds).
    #[serde(default)]
    pub(crate) snoozed: BTreeMap<String, i64>,
}

impl AlarmPrefs {
    fn load() -> Self {
        local::get(&LocalKey::AlarmPrefs)
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub(crate) fn is_on(&self, kind: AlarmKind) -> bool {
        !self.off.iter().any(|k| k == kind.key())
    }

    /// Until when the incident's alarms are snoozed, if they are at `now`.
    pub(crate) fn snoozed_until(&self, incident: &str, now: Timestamp) -> Option<Timestamp> {
        self.snoozed
            .get(incident)
            .filter(|until| **until > now.unix_millis())
            .and_then(|ms| Timestamp::from_unix_millis(*ms))
    }

    /// Whether `a` is shown at all at `now`.
    fn shows(&self, a: &Alarm, now: Timestamp) -> bool {
        self.is_on(a.kind)
            && a.incident
                .as_deref()
                .is_none_or(|i| self.snoozed_until(i, now).is_none())
    }
}

/// The alarms due now (as this browser's settings show them), whether notifications are
/// allowed (`None`: not asked), and the settings.
#[derive(Clone, Copy)]
pub(crate) struct Alarms {
    pub(crate) due: Memo<Vec<Alarm>>,
    pub(crate) allowed: RwSignal<Option<bool>>,
    pub(crate) prefs: RwSignal<AlarmPrefs>,
}

/// Starts watching `session`'s workspace: the due alarms, recomputed every 15 seconds and on
/// every change; the title; the notifications and the sound. Given through context
/// ([`use_alarms`]).
pub(crate) fn watch(session: Session) {
    let Session { workspace, now, .. } = session;
    let prefs = RwSignal::new(AlarmPrefs::load());
    let tick = Memo::new(move |_| now.get().unix_millis() / 15_000);
    let due = Memo::new(move |_| {
        let _ = tick.get();
        let t = clock::now();
        let p = prefs.get();
        workspace.with(|b| {
            alarms::due(b, t)
                .into_iter()
                .filter(|a| p.shows(a, t))
                .collect::<Vec<Alarm>>()
        })
    });
    let allowed = RwSignal::new(notify::permission());
    Effect::new(move |_| {
        let list = due.get();
        notify::set_title(&if list.is_empty() {
            TITLE.to_owned()
        } else {
            format!("({}) {TITLE}", list.len())
        });
        announce(&list, &prefs.get_untracked());
    });
    // The settings are kept in this browser as they change.
    Effect::new(move |first: Option<()>| {
        let p = prefs.get();
        if first.is_some() {
            if let Ok(text) = serde_json::to_string(&p) {
                local::set(&LocalKey::AlarmPrefs, &text);
            }
        }
    });
    provide_context(Alarms {
        due,
        allowed,
        prefs,
    });
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
            announce(&alarms.due.get_untracked(), &alarms.prefs.get_untracked());
        }
    });
}

/// Snoozes (or wakes, `minutes` 0) the alarms of one incident in this browser.
pub(crate) fn snooze(alarms: Alarms, incident: &str, minutes: i64) {
    let until = clock::now().plus_minutes(minutes).unix_millis();
    alarms.prefs.update(|p| {
        if minutes > 0 {
            p.snoozed.insert(incident.to_owned(), until);
        } else {
            p.snoozed.remove(incident);
        }
        // Snoozes long over are forgotten.
        let now = clock::now().unix_millis();
        p.snoozed.retain(|_, t| *t > now);
    });
}

/// Announces each alarm not announced before: a notification when allowed, a chime when sound
/// is on; none in quiet mode or for a drill (those are only counted). A key is remembered once
/// it was announced, or deliberately kept quiet.
fn announce(list: &[Alarm], prefs: &AlarmPrefs) {
    let notifying = notify::permission() == Some(true);
    if !notifying && !prefs.sound {
        return;
    }
    let mut fired: Vec<String> = local::get(&LocalKey::AlarmsFired)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let mut new = false;
    let mut chime = false;
    for a in list {
        if fired.contains(&a.key) {
            continue;
        }
        if !(prefs.quiet || a.drill) {
            if notifying {
                notify::show(&a.title, &a.message, &a.key, &a.href);
            }
            chime |= prefs.sound;
        }
        fired.push(a.key.clone());
        new = true;
    }
    if chime {
        sound::chime();
    }
    if new {
        let start = fired.len().saturating_sub(REMEMBERED);
        if let Ok(text) = serde_json::to_string(&fired[start..]) {
            local::set(&LocalKey::AlarmsFired, &text);
        }
    }
}
