//! The app's reactive state, given to the screens through context, and the only code that
//! writes: an incident or the settings saved, a deletion stored, an import merged, the other
//! tabs told, their changes applied, drafts and this browser's choices kept.
//!
//! Every write merges with what is stored in the same transaction (`platform::db`), so another
//! tab's work since this one read it survives; the screen shows a change only once it is stored.

pub(crate) mod actions;
pub(crate) mod alarms;
pub(crate) mod drafts;
pub(crate) mod incoming;
pub(crate) mod me;
pub(crate) mod online;
pub(crate) mod publish;
pub(crate) mod sync;
pub(crate) mod workspace;

use incident_core::{Bundle, Timestamp};
use leptos::prelude::*;

/// The open workspace and what every screen reads beside it, given through context
/// ([`provide_session`], [`use_session`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Session {
    /// The workspace as stored (merged with other tabs' changes as they are announced).
    pub(crate) workspace: RwSignal<Bundle>,
    /// A number that is new whenever `workspace` has changed, never the same for two versions
    /// in this page ([`versions`]): what tells a copy made from the workspace (the site
    /// worker's part) that it is still current, without comparing the workspace.
    pub(crate) version: Memo<u64>,
    /// Who this browser acts as (signs the timeline).
    pub(crate) me: RwSignal<Option<String>>,
    /// The time, ticking each second.
    pub(crate) now: ReadSignal<Timestamp>,
    /// Whether every stored incident has been read: a large workspace opens with its first
    /// screen's incidents and reads the rest after (`workspace::read_rest`). What needs every
    /// incident (export, import, sync, publish, metrics, the status page) waits for it.
    pub(crate) whole: RwSignal<bool>,
}

/// The versions of `workspace`: a new number, unique in this page, each time it is read after a
/// change.
pub(crate) fn versions(workspace: RwSignal<Bundle>) -> Memo<u64> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    Memo::new(move |_| {
        workspace.track();
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    })
}

/// Gives `session` to the components below.
pub(crate) fn provide_session(session: Session) {
    provide_context(session);
}

/// The session given by the frame once the workspace is open.
pub(crate) fn use_session() -> Session {
    expect_context::<Session>()
}
