//! How alarms reach this browser: each kind on or off, quiet mode, the sound. Kept in this
//! browser, not in the workspace: each person chooses for themselves.

use incident_core::alarms::AlarmKind;
use leptos::prelude::*;

use crate::state::alarms::use_alarms;

#[component]
pub(super) fn AlarmSettings() -> impl IntoView {
    use_alarms().map(|a| {
        let prefs = a.prefs;
        view! {
            <section class="panel" aria-labelledby="alarms-h" data-testid="alarm-settings">
                <h2 id="alarms-h">"Alarms in this browser"</h2>
                <p class="muted">"What falls due is counted in the tab's title and announced once (a notification when allowed, a chime when sound is on). These choices stay in this browser."</p>
                <fieldset>
                    <legend>"Announce"</legend>
                    {AlarmKind::ALL.into_iter().map(|k| view! {
                        <label class="check"><input type="checkbox" data-testid=format!("alarm-kind-{}", k.key())
                            prop:checked=move || prefs.with(|p| p.is_on(k))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                prefs.update(|p| {
                                    p.off.retain(|x| x != k.key());
                                    if !on {
                                        p.off.push(k.key().to_owned());
                                    }
                                });
                            } />{format!(" {}", k.label())}</label>
                    }).collect_view()}
                </fieldset>
                <label class="check"><input type="checkbox" data-testid="alarm-quiet"
                    prop:checked=move || prefs.with(|p| p.quiet)
                    on:change=move |ev| prefs.update(|p| p.quiet = event_target_checked(&ev)) />
                    " Quiet mode: count what is due here, but no notification and no sound (a drill's alarms are always quiet)"</label>
                <label class="check"><input type="checkbox" data-testid="alarm-sound"
                    prop:checked=move || prefs.with(|p| p.sound)
                    on:change=move |ev| prefs.update(|p| p.sound = event_target_checked(&ev)) />
                    " Play a chime when something falls due"</label>
            </section>
        }
    })
}
