//! The browser's local storage, for what belongs to this browser rather than the workspace: who
//! you are, the last build seen, drafts being typed. Every key is a [`LocalKey`]; its text is
//! spelled once, here, because browsers keep it across versions.

use std::borrow::Cow;

/// A key of local storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalKey {
    /// The person this browser acts as (`cygni-me`).
    Me,
    /// The declare form as filled so far (`cygni-declare-draft`).
    DeclareDraft,
    /// What is typed on one incident's page (`cygni-drafts:<incident id>`).
    Drafts(String),
    /// The build seen on the last visit (`cygni-build`).
    Build,
    /// Whether the persistent-storage question was asked (`cygni-persist-asked`).
    PersistAsked,
    /// Which workspace this browser opens: `team` or `demo` (`cygni-mode`).
    Mode,
    /// The alarms already announced, by key, newest last (`cygni-alarms-fired`).
    AlarmsFired,
    /// How alarms reach this browser: kinds turned off, quiet mode, sound, snoozed incidents
    /// (`cygni-alarm-prefs`).
    AlarmPrefs,
}

impl LocalKey {
    /// The key's text as stored.
    pub fn text(&self) -> Cow<'static, str> {
        match self {
            LocalKey::Me => Cow::Borrowed("cygni-me"),
            LocalKey::DeclareDraft => Cow::Borrowed("cygni-declare-draft"),
            LocalKey::Drafts(id) => Cow::Owned(format!("cygni-drafts:{id}")),
            LocalKey::Build => Cow::Borrowed("cygni-build"),
            LocalKey::PersistAsked => Cow::Borrowed("cygni-persist-asked"),
            LocalKey::Mode => Cow::Borrowed("cygni-mode"),
            LocalKey::AlarmsFired => Cow::Borrowed("cygni-alarms-fired"),
            LocalKey::AlarmPrefs => Cow::Borrowed("cygni-alarm-prefs"),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The value kept under `key`, if any.
pub fn get(key: &LocalKey) -> Option<String> {
    storage().and_then(|s| s.get_item(&key.text()).ok().flatten())
}

/// Keeps `value` under `key`; `false` when the browser refused (no storage, or it is full).
pub fn set(key: &LocalKey, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(&key.text(), value).is_ok())
}

/// Forgets `key`.
pub fn remove(key: &LocalKey) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key.text());
    }
}
