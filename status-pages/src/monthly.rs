//! `uptime/<yyyy-mm>/`: each component's uptime in a month with how it is counted (the weights
//! of each impact), and beside it `uptime.csv`, the same day by day, so a reader can check the
//! sums.

use askama::Template;
use chrono::{Datelike, Months, NaiveDate};
use incident_core::public::{PublicSite, Spans};

use crate::pages::{month_key, month_label, Context, Page};
use crate::{OutFile, RenderError};

#[derive(Debug)]
struct Row {
    name: String,
    uptime: String,
    major: i64,
    partial: i64,
    degraded: i64,
    maintenance: i64,
    down: String,
}

#[derive(Debug, Template)]
#[template(path = "uptime.html")]
struct UptimePage {
    page: Page,
    heading: String,
    /// How it is counted, with the weights.
    lead: String,
    caption: String,
    rows: Vec<Row>,
    /// The month before and after: (key, label).
    prev: Option<(String, String)>,
    next: Option<(String, String)>,
}

/// The months from the first with an incident or maintenance window to the current one.
fn months(site: &PublicSite) -> Vec<NaiveDate> {
    let first_day = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let now = first_day(site.now.datetime().date_naive());
    let first = site
        .incidents
        .iter()
        .map(|i| i.started_at)
        .chain(site.maintenances.iter().filter_map(|m| m.started_at))
        .min()
        .map_or(now, |t| first_day(t.datetime().date_naive()).min(now));
    let mut out = Vec::new();
    let mut m = first;
    while m <= now {
        out.push(m);
        match m.checked_add_months(Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

pub(crate) fn all(ctx: &Context<'_>) -> Result<Vec<OutFile>, RenderError> {
    let site = ctx.site;
    let weights = site.weights();
    let months = months(site);
    let spans = Spans::of(site);
    // What a past month is made from beside its own records: the months beside it, the
    // components and the weights (`all_months`); the incidents and windows that touch it.
    let all_months = std::sync::OnceLock::new();
    let touching = std::sync::OnceLock::new();
    let mut out = Vec::new();
    for (n, &first) in months.iter().enumerate() {
        let render = || month(ctx, &months, n, &spans, &weights);
        // The current month changes with the clock: always made again.
        if month_after(first) > site.now.datetime().date_naive() {
            out.extend(render()?);
            continue;
        }
        let key = month_key(first);
        out.extend(ctx.made_from(
            || {
                vec![
                    format!("uptime/{key}/index.html"),
                    format!("uptime/{key}/uptime.csv"),
                ]
            },
            |kept| {
                let all = all_months.get_or_init(|| {
                    let components: Vec<(&str, &str)> = site
                        .components
                        .iter()
                        .map(|c| (c.id.as_str(), c.name.as_str()))
                        .collect();
                    format!("{months:?} {components:?} {weights:?}")
                });
                let touching = touching.get_or_init(|| touching_months(site, &months, kept));
                format!("{key} {all} {:?}", touching.get(n))
            },
            render,
        )?);
    }
    Ok(out)
}

/// For each month, the incidents (by id and version) and maintenance windows that touch it.
fn touching_months(
    site: &PublicSite,
    months: &[NaiveDate],
    kept: &crate::site::Kept<'_>,
) -> Vec<String> {
    let mut incidents: Vec<Vec<(&str, u64)>> = vec![Vec::new(); months.len()];
    for (n, i) in site.incidents.iter().enumerate() {
        let (from, to) = i.window(site.now);
        let (from, to) = (from.datetime().date_naive(), to.datetime().date_naive());
        // The months from the one before its start (whose end is its start's first day) to the
        // one of its end.
        let at = months.partition_point(|&m| month_after(m) < from);
        for (k, _) in months
            .iter()
            .enumerate()
            .skip(at)
            .take_while(|(_, &m)| m <= to)
        {
            incidents[k].push((i.id.as_str(), kept.version(n)));
        }
    }
    let windows: Vec<(Vec<&str>, NaiveDate, NaiveDate, String)> = site
        .maintenances
        .iter()
        .filter_map(|m| {
            let from = m.started_at?;
            let to = m.completed_at.unwrap_or(site.now).max(from);
            let ids = m.components.iter().map(|c| c.id.as_str()).collect();
            let exact = format!("{from:?} {to:?}");
            Some((
                ids,
                from.datetime().date_naive(),
                to.datetime().date_naive(),
                exact,
            ))
        })
        .collect();
    months
        .iter()
        .zip(incidents)
        .map(|(&m, incidents)| {
            let windows: Vec<(&Vec<&str>, &String)> = windows
                .iter()
                .filter(|(_, from, to, _)| *to >= m && *from <= month_after(m))
                .map(|(ids, _, _, exact)| (ids, exact))
                .collect();
            format!("{incidents:?} {windows:?}")
        })
        .collect()
}

/// The page and the CSV of the month at `n`.
fn month(
    ctx: &Context<'_>,
    months: &[NaiveDate],
    n: usize,
    spans: &Spans<'_>,
    weights: &incident_core::public::Weights,
) -> Result<Vec<OutFile>, RenderError> {
    let (site, w) = (ctx.site, ctx.w);
    let first = months[n];
    let next_month = month_after(first);
    let days = next_month.signed_duration_since(first).num_days();
    let key = month_key(first);
    let mut rows = Vec::new();
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = [
        "date",
        "component",
        "name",
        "major_outage_minutes",
        "partial_outage_minutes",
        "degraded_minutes",
        "maintenance_minutes",
        "minutes",
        "downtime_minutes",
        "uptime_percent",
    ];
    csv.write_record(header).map_err(csv_error)?;
    for c in &site.components {
        let (list, pct) = spans.days(&c.id, first, days, weights);
        let sum = |f: fn(&incident_core::public::UptimeDay) -> i64| list.iter().map(f).sum();
        let down: f64 = list.iter().map(|d| d.down_minutes).sum();
        rows.push(Row {
            name: c.name.clone(),
            // Three decimals, rounded down: never shown better than it was.
            uptime: w.pct_floor(pct, 3),
            major: sum(|d| d.major_minutes),
            partial: sum(|d| d.partial_minutes),
            degraded: sum(|d| d.degraded_minutes),
            maintenance: sum(|d| d.maintenance_minutes),
            down: w.number(format!("{down:.1}")),
        });
        for d in list.iter().filter(|d| d.minutes > 0) {
            csv.write_record([
                d.date.clone(),
                c.id.clone(),
                c.name.clone(),
                d.major_minutes.to_string(),
                d.partial_minutes.to_string(),
                d.degraded_minutes.to_string(),
                d.maintenance_minutes.to_string(),
                d.minutes.to_string(),
                format!("{:.1}", d.down_minutes),
                format!("{:.3}", (d.percent() * 1000.0).floor() / 1000.0),
            ])
            .map_err(csv_error)?;
        }
    }
    let label = month_label(w, &key);
    let mut page = ctx.page(
        ctx.title(&(w.uptime_heading)(&label)),
        "../../",
        &format!("uptime/{key}/"),
    );
    page.description = Some((w.uptime_description)(&site.name, &label));
    let near = |m: Option<&NaiveDate>| {
        m.map(|m| {
            let k = month_key(*m);
            let l = month_label(w, &k);
            (k, l)
        })
    };
    let t = UptimePage {
        page,
        heading: (w.uptime_heading)(&label),
        lead: (w.uptime_lead)(
            &w.weights(weights),
            next_month > site.now.datetime().date_naive(),
        ),
        caption: (w.uptime_caption)(&label),
        rows,
        prev: near(n.checked_sub(1).and_then(|p| months.get(p))),
        next: near(months.get(n + 1)),
    };
    let page = OutFile::new(format!("uptime/{key}/index.html"), t.render()?);
    let bytes = csv.into_inner().map_err(|e| RenderError(e.to_string()))?;
    Ok(vec![
        page,
        OutFile::new(format!("uptime/{key}/uptime.csv"), bytes),
    ])
}

/// The first day of the month after the one `m` starts.
fn month_after(m: NaiveDate) -> NaiveDate {
    m.checked_add_months(Months::new(1)).unwrap_or(m)
}

fn csv_error(e: csv::Error) -> RenderError {
    RenderError(format!("uptime.csv: {e}"))
}
