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
    let w = ctx.w;
    let weights = site.weights();
    let months = months(site);
    let spans = Spans::of(site);
    let mut out = Vec::new();
    for (n, &first) in months.iter().enumerate() {
        let next_month = first.checked_add_months(Months::new(1)).unwrap_or(first);
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
            let (list, pct) = spans.days(&c.id, first, days, &weights);
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
                &w.weights(&weights),
                next_month > site.now.datetime().date_naive(),
            ),
            caption: (w.uptime_caption)(&label),
            rows,
            prev: near(n.checked_sub(1).and_then(|p| months.get(p))),
            next: near(months.get(n + 1)),
        };
        out.push(OutFile::new(
            format!("uptime/{key}/index.html"),
            t.render()?,
        ));
        let bytes = csv.into_inner().map_err(|e| RenderError(e.to_string()))?;
        out.push(OutFile::new(format!("uptime/{key}/uptime.csv"), bytes));
    }
    Ok(out)
}

fn csv_error(e: csv::Error) -> RenderError {
    RenderError(format!("uptime.csv: {e}"))
}
