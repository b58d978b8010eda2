//! The escalation contacts: each level of the matrix and who answers for it.
use std::collections::BTreeSet;

use incident_core::model::{RecordKind, Settings};
use incident_core::Severity;
use leptos::prelude::*;

/// Who the escalation matrix reaches at each level, with their contacts (read from the people
/// above as they are being edited).
#[component]
pub(super) fn EscalationContacts(
    draft: RwSignal<Settings>,
    removed: BTreeSet<(RecordKind, String)>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="esc-h">
            <h2 id="esc-h">"Escalation contacts"</h2>
            <p class="muted">"Each level of the escalation matrix and who answers for it (tick levels on a person above)."</p>
            <table class="escalation" data-testid="escalation-contacts">
                <thead><tr><th scope="col">"Level"</th><th scope="col">"Engaged after (SEV1 / SEV2 / SEV3 / SEV4)"</th><th scope="col">"Contacts"</th></tr></thead>
                <tbody>
                    {move || draft.with(|s| s.playbook.escalation_levels.iter().map(|l| {
                        let when = Severity::ALL.iter().map(|sev| {
                            s.playbook.escalation.iter().find(|r| r.severity == *sev && r.level == l.id)
                                .map_or_else(|| "–".to_owned(), |r| format!("{} min", r.after_minutes))
                        }).collect::<Vec<_>>().join(" / ");
                        let who: Vec<String> = s.people.iter().filter(|p| p.escalation_levels.contains(&l.id) && !removed.contains(&(RecordKind::Person, p.id.clone()))).map(|p| {
                            let mut c = vec![p.name.clone()];
                            c.extend(p.phone.clone());
                            c.extend(p.email.clone());
                            c.join(", ")
                        }).collect();
                        let missing = who.is_empty();
                        view! {
                            <tr>
                                <th scope="row">{l.name.clone()}</th>
                                <td>{when}</td>
                                <td class=if missing { "late" } else { "" }>{if missing { "Nobody yet".to_owned() } else { who.join("; ") }}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </section>
    }
}
