//! `#/metrics`: how the response is going, drawn as SVG by hand (no chart service): incidents per
//! week by severity, median time to acknowledge and to resolve by severity against the SLA,
//! SLA and cadence compliance, post-mortems on time, open action items by age. Figures come from
//! `incident_core::metrics`; drills are left out unless asked for.

use incident_core::metrics::{self, Metrics, Scope, Share};
use incident_core::{Severity, Timestamp};
use leptos::prelude::*;

use crate::state::{use_session, Session};

fn fmt_minutes(m: Option<f64>) -> String {
    match m {
        None => "–".to_owned(),
        Some(m) if m < 60.0 => format!("{} min", trim(m)),
        Some(m) if m < 1440.0 => format!("{} h", trim(m / 60.0)),
        Some(m) => format!("{} d", trim(m / 1440.0)),
    }
}

/// `4`, `2.5`, `1.3`: one decimal, none when whole.
fn trim(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn pct(s: Share) -> String {
    s.percent().map_or_else(
        || "–".to_owned(),
        |p| format!("{} % ({} of {})", trim(p), s.met, s.of),
    )
}

const SEV_COLORS: [&str; 4] = ["var(--sev1)", "var(--sev2)", "var(--sev3)", "var(--sev4)"];

/// Stacked bars of incidents per week, SEV1 at the bottom.
fn weekly_chart(m: &Metrics) -> impl IntoView {
    let (w, h, pad) = (640.0_f64, 200.0_f64, 28.0_f64);
    let max = m
        .weeks
        .iter()
        .map(|x| x.counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = m.weeks.len().max(1) as f64;
    let bw = (w - pad) / n;
    let bars = m
        .weeks
        .iter()
        .enumerate()
        .map(|(k, week)| {
            let x = pad + k as f64 * bw + bw * 0.15;
            let mut y = h - pad;
            let total: usize = week.counts.iter().sum();
            let segs = week
                .counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(s, c)| {
                    let hh = *c as f64 / max * (h - 2.0 * pad);
                    y -= hh;
                    view! {
                        <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", bw * 0.7) height=format!("{hh:.1}") style=format!("fill:{}", SEV_COLORS[s])>
                            <title>{format!("Week of {}: {c} SEV{}", week.monday.format("%b %-d"), s + 1)}</title>
                        </rect>
                    }
                })
                .collect_view();
            let label = (k % 2 == 0).then(|| view! {
                <text x=format!("{:.1}", x + bw * 0.35) y=format!("{:.1}", h - 10.0) class="axis" text-anchor="middle">{week.monday.format("%b %-d").to_string()}</text>
            });
            view! {
                <g>{segs}{(total > 0).then(|| view! { <text x=format!("{:.1}", x + bw * 0.35) y=format!("{:.1}", y - 4.0) class="val" text-anchor="middle">{total}</text> })}{label}</g>
            }
        })
        .collect_view();
    let summary = format!(
        "Incidents per week over the last {} weeks: {}",
        m.weeks.len(),
        m.weeks
            .iter()
            .map(|x| format!(
                "{} {}",
                x.monday.format("%b %-d"),
                x.counts.iter().sum::<usize>()
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    view! {
        <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary>
            <line x1=pad y1=h - pad x2=w y2=h - pad class="base" />
            {bars}
        </svg>
        <p class="legend">{Severity::ALL.into_iter().enumerate().map(|(s, sev)| view! {
            <span class="key"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" style=format!("fill:{}", SEV_COLORS[s]) /></svg>" "{sev.label()}</span>
        }).collect_view()}</p>
    }
}

/// Horizontal bars of a median per severity, with the SLA as a dashed reference mark.
fn median_chart(
    m: &Metrics,
    what: &'static str,
    pick: fn(&metrics::BySeverity) -> Option<f64>,
    with_sla: bool,
) -> impl IntoView {
    let (w, row, left) = (640.0_f64, 34.0_f64, 70.0_f64);
    let max = m
        .by_severity
        .iter()
        .flat_map(|s| {
            [
                pick(s),
                if with_sla {
                    s.sla_minutes.map(f64::from)
                } else {
                    None
                },
            ]
        })
        .flatten()
        .fold(1.0_f64, f64::max);
    let scale = (w - left - 90.0) / max;
    let h = row * 4.0 + 10.0;
    let rows = m
        .by_severity
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let y = 6.0 + k as f64 * row;
            let v = pick(s);
            let bar = v.unwrap_or(0.0) * scale;
            let sla = with_sla.then_some(s.sla_minutes).flatten().map(|t| {
                let x = left + f64::from(t) * scale;
                view! {
                    <line x1=format!("{x:.1}") x2=format!("{x:.1}") y1=format!("{:.1}", y - 3.0) y2=format!("{:.1}", y + row - 5.0) class="sla">
                        <title>{format!("{} SLA: {t} min", s.severity)}</title>
                    </line>
                }
            });
            view! {
                <g>
                    <text x="0" y=format!("{:.1}", y + row / 2.0) class="axis" dominant-baseline="middle">{s.severity.label()}</text>
                    <rect x=left y=format!("{y:.1}") width=format!("{bar:.1}") height=format!("{:.1}", row - 10.0) style=format!("fill:{}", SEV_COLORS[k])>
                        <title>{format!("{} median {what}: {}", s.severity, fmt_minutes(v))}</title>
                    </rect>
                    <text x=format!("{:.1}", left + bar + 6.0) y=format!("{:.1}", y + row / 2.0 - 3.0) class="val" dominant-baseline="middle">{fmt_minutes(v)}</text>
                    {sla}
                </g>
            }
        })
        .collect_view();
    let summary = format!(
        "Median {what} by severity: {}",
        m.by_severity
            .iter()
            .map(|s| format!("{} {}", s.severity, fmt_minutes(pick(s))))
            .collect::<Vec<_>>()
            .join(", ")
    );
    view! {
        <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary>{rows}</svg>
    }
}

fn date_input(v: &str) -> Option<Timestamp> {
    Timestamp::parse(&format!("{}T00:00:00Z", v.trim())).ok()
}

#[component]
pub(crate) fn MetricsPage() -> impl IntoView {
    let Session { workspace, now, .. } = use_session();
    let days = RwSignal::new("90".to_owned());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let drills = RwSignal::new(false);
    // Recomputed when the workspace or a control changes, and once a minute.
    let minute = Memo::new(move |_| now.get().unix_millis() / 60_000);
    let m = Memo::new(move |_| {
        minute.get();
        let n = now.get_untracked();
        let end = date_input(&to.get()).map_or(n, |t| t.plus_minutes(1439).min(n));
        let since = date_input(&from.get()).unwrap_or_else(|| {
            let d: i64 = days.get().parse().unwrap_or(90);
            n.plus_minutes(-d * 1440)
        });
        let scope = Scope {
            since,
            now: end,
            include_drills: drills.get(),
            weeks: 12,
        };
        workspace.with(|b| {
            // Deleted incidents are not counted.
            let b = incident_core::merge::live(b);
            metrics::compute(&b.incidents, &b.settings, scope)
        })
    });
    view! {
        <div class="metrics">
            <p class="crumb"><a href="#/">"← Incidents"</a></p>
            <h1>"Metrics"</h1>
            <form class="filters" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <select aria-label="Period" data-testid="metrics-days" on:change=move |ev| days.set(event_target_value(&ev))>
                    <option value="30">"Last 30 days"</option>
                    <option value="90" selected=true>"Last 90 days"</option>
                    <option value="365">"Last 12 months"</option>
                    <option value="100000">"All time"</option>
                </select>
                <label class="date">"From "<input type="date" data-testid="metrics-from" on:change=move |ev| from.set(event_target_value(&ev)) /></label>
                <label class="date">"to "<input type="date" data-testid="metrics-to" on:change=move |ev| to.set(event_target_value(&ev)) /></label>
                <label class="check"><input type="checkbox" data-testid="metrics-drills" on:change=move |ev| drills.set(event_target_checked(&ev)) />" Include drills"</label>
            </form>
            {move || m.with(|m| view! {
                <p data-testid="metrics-count">{format!("{} incidents{}", m.incidents, if m.drills_included { ", drills included" } else { ", drills left out" })}</p>
                <div class="charts">
                    <section class="panel"><h2>"Incidents per week"</h2>{weekly_chart(m)}</section>
                    <section class="panel"><h2>"Median time to acknowledge (MTTA)"</h2>
                        {median_chart(m, "time to acknowledge", |s| s.mtta_minutes, true)}
                        <p class="meta">"Dashed mark: the severity's response-time SLA."</p></section>
                    <section class="panel"><h2>"Median time to resolve (MTTR)"</h2>{median_chart(m, "time to resolve", |s| s.mttr_minutes, false)}</section>
                    <section class="panel"><h2>"Follow-through"</h2>
                        <dl class="figures">
                            <dt>"Post-mortems published on time"</dt><dd data-testid="pm-on-time">{pct(m.postmortems_on_time)}</dd>
                            <dt>"Open action items"</dt><dd data-testid="ai-ages">{format!("{} under a week, {} one to four weeks, {} older; {} overdue",
                                m.action_items.under_week, m.action_items.one_to_four_weeks, m.action_items.over_four_weeks, m.action_items.overdue)}</dd>
                        </dl>
                    </section>
                </div>
                <div class="scroll-x"><table class="escalation metrics-table" data-testid="metrics-table">
                    <caption>"By severity"</caption>
                    <thead><tr><th scope="col">"Severity"</th><th scope="col">"Incidents"</th><th scope="col">"MTTA (median)"</th><th scope="col">"MTTR (median)"</th><th scope="col">"Response SLA met"</th><th scope="col">"Update cadence met"</th></tr></thead>
                    <tbody>{m.by_severity.iter().map(|s| {
                        let k = s.severity.number();
                        view! {
                            <tr>
                                <th scope="row">{s.severity.label()}</th>
                                <td data-testid=format!("count-sev{k}")>{s.incidents}</td>
                                <td data-testid=format!("mtta-sev{k}")>{fmt_minutes(s.mtta_minutes)}</td>
                                <td data-testid=format!("mttr-sev{k}")>{fmt_minutes(s.mttr_minutes)}</td>
                                <td data-testid=format!("sla-sev{k}")>{pct(s.sla)}</td>
                                <td data-testid=format!("cadence-sev{k}")>{pct(s.cadence)}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table></div>
            })}
            <section class="panel definitions" aria-labelledby="def-h">
                <h2 id="def-h">"What the figures mean"</h2>
                <dl>
                    <dt>"MTTA"</dt><dd>"Median time from declaring an incident to its acknowledgement, of acknowledged incidents."</dd>
                    <dt>"MTTR"</dt><dd>"Median time from the start of the problem to resolution, of resolved incidents."</dd>
                    <dt>"Why medians"</dt><dd>"A few very long incidents pull a mean far from the typical case; the median is what half of the incidents beat."</dd>
                    <dt>"Response SLA met"</dt><dd>"Acknowledged within the severity's response time (5 min, 15 min, 1 h); next-business-day incidents are not counted."</dd>
                    <dt>"Update cadence met"</dt><dd>"Of the intervals in which an open incident owed an update (from declaration, then from each update, to the next update or resolution), the share where the update came within the severity's cadence (15, 30, 60 min)."</dd>
                    <dt>"Post-mortems on time"</dt><dd>"Of resolved incidents whose post-mortem is due or published, the share published within 48 hours of resolution."</dd>
                    <dt>"Drills"</dt><dd>"Practice incidents are left out unless \"Include drills\" is ticked."</dd>
                </dl>
            </section>
        </div>
    }
}
