//! The action queue of an incident page: "apply this op to the saved incident". An op is an
//! `incident_core::ops` function applied to a copy of the incident as stored; the copy is saved
//! (merged with another tab's) and only then shown. An action taken while the previous one is
//! still being saved waits its turn and then applies to the saved incident: quick clicks at
//! 3 a.m. are never refused.

use std::collections::VecDeque;

use incident_core::ops::{Actor, Refused};
use incident_core::Incident;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::workspace::{actor, save_incident};
use super::Session;

/// An action on an incident, applied to a copy before it is saved.
pub(crate) type Op = Box<dyn FnOnce(&mut Incident, &Actor) -> Result<(), Refused>>;
/// What to do once an action is stored (clear the form it came from).
pub(crate) type After = Box<dyn FnOnce()>;
type RunFn = dyn Fn(Op, Option<After>) + Send + Sync;

/// The queue of one incident's actions, shared by the incident page's panels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IncidentActions {
    run: StoredValue<Box<RunFn>>,
    /// Why the last action was refused or not saved (cleared by the next one that is).
    pub(crate) error: RwSignal<Option<String>>,
}

impl IncidentActions {
    /// The queue for `incident` (as the workspace holds it) in `session`.
    pub(crate) fn new(incident: Memo<Option<Incident>>, session: Session) -> Self {
        let Session { workspace, me, .. } = session;
        let error = RwSignal::new(None::<String>);
        let busy = RwSignal::new(false);
        let pending = StoredValue::new_local(VecDeque::<(Op, Option<After>)>::new());
        let noop: Box<RunFn> = Box::new(|_, _| {});
        let run: StoredValue<Box<RunFn>> = StoredValue::new(noop);
        let act = move |f: Op, after: Option<After>| {
            if busy.get_untracked() {
                pending.update_value(|q| q.push_back((f, after)));
                return;
            }
            let Some(mut copy) = incident.get_untracked() else {
                return;
            };
            match f(&mut copy, &actor(workspace, me)) {
                Err(Refused(m)) => error.set(Some(m)),
                Ok(()) => {
                    busy.set(true);
                    error.set(None);
                    spawn_local(async move {
                        match save_incident(workspace, copy).await {
                            Ok(()) => {
                                if let Some(after) = after {
                                    after();
                                }
                            }
                            Err(e) => error.set(Some(format!(
                                "Not saved: {e} What you typed is still in the form."
                            ))),
                        }
                        busy.set(false);
                        let next = pending.try_update_value(|q| q.pop_front()).flatten();
                        if let Some((f, after)) = next {
                            run.with_value(|a| a(f, after));
                        }
                    });
                }
            }
        };
        let boxed: Box<RunFn> = Box::new(act);
        run.set_value(boxed);
        IncidentActions { run, error }
    }

    /// Applies `op` to the saved incident.
    pub(crate) fn run(&self, op: Op) {
        self.run.with_value(|a| a(op, None));
    }

    /// Applies `op`, then, once it is stored, `after` if there is one.
    pub(crate) fn run_with(&self, op: Op, after: Option<After>) {
        self.run.with_value(|a| a(op, after));
    }

    /// Applies `op`, then, once it is stored, `after` (a form is cleared only when its content
    /// is safe).
    pub(crate) fn run_then(&self, op: Op, after: After) {
        self.run.with_value(|a| a(op, Some(after)));
    }
}
