//! The HTML pages (askama templates in `status-pages/templates`, checked at compile time) and
//! the badge. Templates only print prepared strings: every decision and format is made here.

use std::collections::BTreeMap;

use askama::Template;
use chrono::{Datelike, NaiveDate};
use incident_core::markdown;
use incident_core::public::{
    uptime, ComponentStatus, Indicator, PublicIncident, PublicMaintenance, PublicPostmortem,
    PublicSite, PublicUpdate,
};

use crate::words::Words;
use crate::{OutFile, RenderError};

pub const STYLE: &str = include_str!("../assets/style.css");
pub const FAVICON: &str = include_str!("../assets/favicon.svg");

/// How many days the uptime bars and the "past incidents" list cover.
pub(crate) const UPTIME_DAYS: i64 = 90;
const PAST_DAYS: i64 = 14;
/// How many incidents a day of "past incidents" lists before linking to the history.
const PAST_PER_DAY: usize = 3;

pub(crate) fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// `2026-11` as `November 2026`, in the site's language.
pub(crate) fn month_label(w: &Words, key: &str) -> String {
    NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
        .map_or_else(|_| key.to_owned(), |d| w.month_year(d))
}

/// What every page's frame needs.
#[derive(Debug)]
pub struct Page {
    pub title: String,
    pub description: Option<String>,
    pub canonical: Option<String>,
    /// The way back to the site root from this page (`""`, `"../../"`), so the site works
    /// under any path.
    pub root: String,
    pub site_name: String,
    /// The site's feeds' title (`Cygni status`).
    pub feed_title: String,
    /// The site's fixed words, in its language.
    pub w: &'static Words,
    pub generated: String,
    pub generated_iso: String,
    /// Whether the footer says when the page was made: only on the pages that change with the
    /// clock (the status page). Elsewhere it would change every file of the site at every
    /// build, so a host that uploads what changed (or `serve`) would rewrite them all.
    pub footer_time: bool,
    /// The page's Content-Security-Policy.
    pub csp: &'static str,
    /// The stylesheet's address from this page, with its version.
    pub style_href: String,
    /// The uptime bars' widths (`assets/bars.css`, with its version), on the pages that draw
    /// bars.
    pub bars_href: Option<String>,
    /// For a preview: the stylesheet, inline (the frame has no site to load it from).
    pub inline_style: Option<String>,
    /// For a preview: the page's public address, so relative links resolve to the site.
    pub base_href: Option<String>,
}

/// The policy of every page of the site: no scripts, styles and images from the site only.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' https:; base-uri 'none'; form-action 'none'";
/// The policy of a preview: the same, except that the stylesheet is inline and the `<base>` is
/// the site's address.
pub const PREVIEW_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src https:; form-action 'none'";

/// A stylesheet and the version its pages ask for it by (a checksum of its text), so a cached
/// older sheet is never used with a page that needs a newer one.
#[derive(Debug, Clone)]
pub(crate) struct Stylesheet {
    pub(crate) css: String,
    version: String,
}

impl Stylesheet {
    fn of(css: String) -> Self {
        let version = version_of(&css);
        Stylesheet { css, version }
    }
}

/// The version a page asks for a sheet by: a checksum of its text.
fn version_of(css: &str) -> String {
    format!("{:08x}", crate::checksum(css.as_bytes()) as u32)
}

/// The product's stylesheet's version: the same for every site this version makes, so a page
/// does not change when only the data does.
fn style_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| version_of(STYLE))
}

/// Shared, precomputed facts of one render.
#[derive(Debug)]
pub struct Context<'a> {
    pub site: &'a PublicSite,
    pub base: &'a str,
    /// The site's fixed words, in its language.
    pub w: &'static Words,
    /// The components with their uptime bars (made on first use, once per render).
    groups: std::sync::OnceLock<Vec<GroupView>>,
    /// The widths of the bars' runs (made on first use).
    bars: std::sync::OnceLock<Stylesheet>,
    generated: String,
    generated_iso: String,
    preview: bool,
    /// What may be kept from the last render (`site-gen serve`).
    kept: Option<&'a crate::site::Kept<'a>>,
}

impl<'a> Context<'a> {
    /// For the site's files.
    pub fn new(site: &'a PublicSite, base: &'a str) -> Self {
        let w = crate::words::words(site.language);
        Context {
            site,
            base,
            w,
            groups: std::sync::OnceLock::new(),
            bars: std::sync::OnceLock::new(),
            generated: w.time(site.now),
            generated_iso: site.now.to_rfc3339(),
            preview: false,
            kept: None,
        }
    }

    /// The same context, keeping what it can from the last render.
    pub(crate) fn with_kept(self, kept: &'a crate::site::Kept<'a>) -> Self {
        Context {
            kept: Some(kept),
            ..self
        }
    }

    /// The files at `paths` that `render` makes from `inputs` (each incident in them by its
    /// [`version`](crate::site::Kept::version)), or the last render's, made from the same.
    pub(crate) fn made_from(
        &self,
        paths: impl FnOnce() -> Vec<String>,
        inputs: impl FnOnce(&crate::site::Kept<'_>) -> String,
        render: impl FnOnce() -> Result<Vec<OutFile>, RenderError>,
    ) -> Result<Vec<OutFile>, RenderError> {
        // Only with `again`: the browser never renders again, and its module stays without
        // the code that writes out what a file is made from.
        #[cfg(feature = "again")]
        if let Some(k) = self.kept {
            return k.files(paths(), inputs(k), render);
        }
        #[cfg(not(feature = "again"))]
        let _ = (paths, inputs, self.kept);
        render()
    }

    /// For previews ([`crate::preview`]): the same pages, made whole for a sandboxed frame.
    pub fn preview(site: &'a PublicSite, base: &'a str) -> Self {
        Context {
            preview: true,
            ..Context::new(site, base)
        }
    }

    /// The same context with the bars' widths already made (a step of [`crate::site::Steps`]).
    pub(crate) fn with_bars(self, bars: Option<Stylesheet>) -> Self {
        match bars {
            Some(b) => Context {
                bars: std::sync::OnceLock::from(b),
                ..self
            },
            None => self,
        }
    }

    /// The widths of the runs the uptime bars use (made once per render), with their version.
    pub(crate) fn bars_sheet(&self) -> &Stylesheet {
        self.bars
            .get_or_init(|| Stylesheet::of(bar_widths(self.groups())))
    }

    /// `assets/bars.css`: the widths of the runs the uptime bars use. Apart from the product's
    /// stylesheet, which stays the same from build to build.
    pub fn bars_stylesheet(&self) -> &str {
        &self.bars_sheet().css
    }

    /// The components by group, each with its uptime bar.
    fn groups(&self) -> &[GroupView] {
        self.groups
            .get_or_init(|| component_groups(self.site, self.w))
    }

    /// `<what> · <site> Status`
    pub(crate) fn title(&self, what: &str) -> String {
        (self.w.page_title)(what, &self.site.name)
    }

    pub(crate) fn page(&self, title: String, root: &str, path: &str) -> Page {
        Page {
            title,
            description: None,
            canonical: Some(format!("{}{path}", self.base)),
            root: root.to_owned(),
            site_name: self.site.name.clone(),
            feed_title: (self.w.feed_title)(&self.site.name),
            w: self.w,
            generated: self.generated.clone(),
            generated_iso: self.generated_iso.clone(),
            footer_time: false,
            csp: if self.preview { PREVIEW_CSP } else { CSP },
            style_href: if self.preview {
                String::new()
            } else {
                format!("{root}assets/style.css?v={}", style_version())
            },
            bars_href: None,
            inline_style: self.preview.then(|| STYLE.to_owned()),
            base_href: self.preview.then(|| format!("{}{path}", self.base)),
        }
    }
}

#[derive(Debug)]
pub struct UpdateView {
    pub status: &'static str,
    pub body: String,
    pub at: String,
    pub at_iso: String,
    /// When the text was last corrected: (ISO time, words).
    pub corrected: Option<(String, String)>,
    /// Retracted, and when: (ISO time, words).
    pub retracted: Option<(String, String)>,
}

impl UpdateView {
    fn of(u: &PublicUpdate, w: &Words) -> Self {
        let when = |t: incident_core::Timestamp| (t.to_rfc3339(), w.time(t));
        UpdateView {
            status: w.public_status(u.status),
            body: w.update_body(u).to_owned(),
            at: w.time(u.at),
            at_iso: u.at.to_rfc3339(),
            corrected: u.corrected_at.filter(|_| !u.retracted).map(when),
            retracted: u.retracted.then(|| when(u.updated_at)),
        }
    }
}

/// An incident as one line of a list.
#[derive(Debug)]
pub struct IncidentLine {
    pub href: String,
    pub title: String,
    pub impact_key: &'static str,
    pub impact_label: &'static str,
    pub status: &'static str,
    pub status_key: &'static str,
    pub started: String,
    pub started_iso: String,
    pub duration: Option<String>,
}

impl IncidentLine {
    fn of(i: &PublicIncident, root: &str, w: &Words) -> Self {
        IncidentLine {
            href: format!("{root}incidents/{}/", i.id),
            title: i.title.clone(),
            impact_key: i.impact.key(),
            impact_label: w.impact(i.impact),
            status: w.public_status(i.status),
            status_key: i.status.key(),
            started: w.time(i.started_at),
            started_iso: i.started_at.to_rfc3339(),
            duration: i
                .resolved_at
                .map(|r| w.duration(r.minutes_since(i.started_at))),
        }
    }
}

fn component_names(list: &[incident_core::public::PublicAffected], w: &Words) -> String {
    if list.is_empty() {
        w.no_components_lower.to_owned()
    } else {
        list.iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug)]
pub struct ActiveView {
    pub line: IncidentLine,
    pub components: String,
    pub latest: Option<UpdateView>,
    pub workaround: Option<String>,
}

#[derive(Debug)]
pub struct MaintenanceView {
    pub title: String,
    /// Its page, from the page it is listed on.
    pub href: String,
    pub status: &'static str,
    pub window: String,
    pub components: String,
    pub latest: Option<String>,
}

impl MaintenanceView {
    fn of(m: &PublicMaintenance, root: &str, w: &Words) -> Self {
        let from = m.scheduled_for.datetime();
        let to = m.scheduled_until.datetime();
        let window = if from.date_naive() == to.date_naive() {
            format!("{} – {} UTC", w.date_time(from), to.format("%H:%M"))
        } else {
            format!("{} – {} UTC", w.date_time(from), w.date_time(to))
        };
        MaintenanceView {
            title: m.title.clone(),
            href: format!("{root}{}", maintenance_path(m)),
            status: w.maintenance_status(m.status),
            window,
            components: component_names(&m.components, w),
            latest: m.updates.first().map(|u| u.body.clone()),
        }
    }
}

/// One entry of an uptime bar: a day with an incident, or a run of days without (one entry, as
/// wide as its days, says their dates: the bar stays 90 days wide in a few entries).
#[derive(Debug)]
pub struct DayView {
    /// `o` (no incidents), `n` (no data), `d`, `p`, `m` (the worst impact); a run adds `rN`,
    /// its width in days; `al` / `ar` anchor its words to the bar's left / right end (the first
    /// and last 20 days), so they stay on screen.
    pub class: String,
    pub text: String,
    /// Days with incidents take keyboard focus, which shows their text as on hover.
    pub focusable: bool,
}

/// A day of a bar before runs are merged: its class, its date in words, its words (`None`: no
/// incidents or no data, said once for the run).
struct Day {
    class: &'static str,
    date: String,
    text: Option<String>,
}

/// Merges each run of days without incidents (or without data) into one entry.
fn bar_entries(days: Vec<Day>, w: &Words) -> Vec<DayView> {
    let mut out: Vec<DayView> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let day = &days[i];
        // Its words open from its left end when it starts in the first 20 days, from its right
        // end when it reaches the last 20, else centred.
        let anchor = |end: usize| {
            if i < 20 {
                " al"
            } else if end + 20 >= days.len() {
                " ar"
            } else {
                ""
            }
        };
        if let Some(text) = &day.text {
            let anchor = anchor(i + 1);
            out.push(DayView {
                class: format!("{}{anchor}", day.class),
                text: text.clone(),
                focusable: true,
            });
            i += 1;
            continue;
        }
        let end = days[i..]
            .iter()
            .position(|d| d.text.is_some() || d.class != day.class)
            .map_or(days.len(), |n| i + n);
        let span = end - i;
        let anchor = anchor(end);
        let dates = if span == 1 {
            day.date.clone()
        } else {
            format!("{} – {}", day.date, days[end - 1].date)
        };
        out.push(DayView {
            class: if span == 1 {
                format!("{}{anchor}", day.class)
            } else {
                format!("{} r{span}{anchor}", day.class)
            },
            text: if day.class == "n" {
                (w.day_no_data)(&dates)
            } else {
                (w.day_no_incidents)(&dates)
            },
            focusable: false,
        });
        i = end;
    }
    out
}

#[derive(Debug)]
pub struct ComponentView {
    pub name: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub uptime: String,
    /// The bar's accessible name: the component, its uptime, what the bar holds.
    pub bar_label: String,
    pub days: Vec<DayView>,
}

#[derive(Debug)]
pub struct GroupView {
    pub name: Option<String>,
    pub status: &'static str,
    pub status_key: &'static str,
    pub components: Vec<ComponentView>,
}

#[derive(Debug)]
pub struct PastDay {
    pub date: String,
    pub incidents: Vec<IncidentLine>,
    /// Incidents of the day not listed here.
    pub more: usize,
    /// "3 more on Nov 1, 2026 in the history"
    pub more_text: String,
    pub month_href: String,
}

#[derive(Debug, Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    page: Page,
    indicator_key: &'static str,
    description: &'static str,
    active: Vec<ActiveView>,
    maint_active: Vec<MaintenanceView>,
    maint_upcoming: Vec<MaintenanceView>,
    groups: &'a [GroupView],
    past: Vec<PastDay>,
    /// How uptime is counted, in words.
    weights: String,
    /// This month's uptime page, from the root.
    uptime_href: String,
}

fn component_view(
    site: &PublicSite,
    c: &incident_core::public::PublicComponent,
    w: &Words,
) -> ComponentView {
    let (days, pct) = uptime(site, &c.id, UPTIME_DAYS);
    let created = c.created_at.datetime().date_naive().to_string();
    let days = days
        .into_iter()
        .map(|d| {
            // The bar covers the last 90 days, so the day and month say which day it is.
            let date = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .map_or_else(|_| d.date.clone(), |d| w.day_month(d));
            if d.date < created {
                return Day {
                    class: "n",
                    date,
                    text: None,
                };
            }
            match d.worst {
                None => Day {
                    class: "o",
                    date,
                    text: None,
                },
                Some(worst) => {
                    let class = match worst {
                        ComponentStatus::MajorOutage => "m",
                        ComponentStatus::PartialOutage => "p",
                        _ => "d",
                    };
                    // The worst impact in words (the height and colour say it too) and how many
                    // incidents: their titles and minutes are on the history and incident pages,
                    // and leaving them out of up to 1,080 entries keeps the status page small at
                    // any scale.
                    let worst = (w.in_sentence)(w.component_status(worst));
                    let count = (w.incident_count)(d.incidents.len());
                    Day {
                        class,
                        text: Some(format!("{date}: {worst}, {count}")),
                        date,
                    }
                }
            }
        })
        .collect();
    let days = bar_entries(days, w);
    let uptime = w.pct_floor(pct, 2);
    ComponentView {
        name: c.name.clone(),
        status: w.component_status(c.status),
        status_key: c.status.key(),
        bar_label: (w.bar_label)(&c.name, &uptime),
        uptime,
        days,
    }
}

/// The widths of the uptime bars' runs that `groups` use (`.r7`: a run of 7 days is as wide as 7
/// days and their 6 gaps): only those, so the sheet stays small.
fn bar_widths(groups: &[GroupView]) -> String {
    let spans: std::collections::BTreeSet<usize> = groups
        .iter()
        .flat_map(|g| &g.components)
        .flat_map(|c| &c.days)
        .filter_map(|d| {
            d.class
                .split(' ')
                .find_map(|c| c.strip_prefix('r').and_then(|n| n.parse().ok()))
        })
        .collect();
    let mut css = String::from("/* The uptime bars' runs of days without incidents. */\n");
    for k in spans {
        // `.bar .rN` outweighs `.bar li` (a class and an element), whatever the order.
        css.push_str(&format!(".bar .r{k}{{flex:{k} {k} {}px}}", k - 1));
    }
    css.push('\n');
    css
}

/// The components by group (those in no group first), each with its uptime bar.
fn component_groups(site: &PublicSite, w: &Words) -> Vec<GroupView> {
    let mut groups: Vec<GroupView> = site
        .groups
        .iter()
        .map(|g| GroupView {
            name: Some(g.name.clone()),
            status: w.component_status(g.status),
            status_key: g.status.key(),
            components: g
                .components
                .iter()
                .filter_map(|id| site.component(id))
                .map(|c| component_view(site, c, w))
                .collect(),
        })
        .filter(|g| !g.components.is_empty())
        .collect();
    let loose: Vec<ComponentView> = site
        .components
        .iter()
        .filter(|c| {
            c.group
                .as_deref()
                .is_none_or(|g| !site.groups.iter().any(|x| x.id == g))
        })
        .map(|c| component_view(site, c, w))
        .collect();
    if !loose.is_empty() {
        groups.insert(
            0,
            GroupView {
                name: None,
                status: "",
                status_key: "",
                components: loose,
            },
        );
    }
    groups
}

pub fn index(ctx: &Context<'_>) -> Result<OutFile, RenderError> {
    let site = ctx.site;
    let w = ctx.w;
    // The worst first: a reader must see the critical incident before the minor one.
    let mut open: Vec<&PublicIncident> = site.unresolved().collect();
    incident_core::sort::by(&mut open, |a, b| {
        b.impact
            .cmp(&a.impact)
            .then(b.started_at.cmp(&a.started_at))
    });
    let active = open
        .into_iter()
        .map(|i| ActiveView {
            line: IncidentLine::of(i, "", w),
            components: component_names(&i.components, w),
            // The latest update still standing (a retracted one says nothing).
            latest: i
                .updates
                .iter()
                .find(|u| !u.retracted)
                .or(i.updates.first())
                .map(|u| UpdateView::of(u, w)),
            workaround: i.workaround.clone(),
        })
        .collect();
    // Soonest first, as a reader plans around them.
    let mut maint_active: Vec<&PublicMaintenance> =
        site.maintenances.iter().filter(|m| m.is_active()).collect();
    incident_core::sort::by_key(&mut maint_active, |m| m.scheduled_for);
    let mut maint_upcoming: Vec<&PublicMaintenance> = site
        .maintenances
        .iter()
        .filter(|m| m.is_upcoming())
        .collect();
    incident_core::sort::by_key(&mut maint_upcoming, |m| m.scheduled_for);

    let groups = ctx.groups();

    let today = site.now.datetime().date_naive();
    let mut by_day: BTreeMap<NaiveDate, Vec<IncidentLine>> = BTreeMap::new();
    for i in &site.incidents {
        let d = i.started_at.datetime().date_naive();
        if (today - d).num_days() < PAST_DAYS && d <= today {
            by_day
                .entry(d)
                .or_default()
                .push(IncidentLine::of(i, "", w));
        }
    }
    let past = (0..PAST_DAYS)
        .map(|back| {
            let d = today - chrono::Duration::days(back);
            let mut incidents = by_day.remove(&d).unwrap_or_default();
            let more = incidents.len().saturating_sub(PAST_PER_DAY);
            incidents.truncate(PAST_PER_DAY);
            let date = w.date(d);
            PastDay {
                more_text: (w.more_in_history)(&more.to_string(), &date),
                date,
                incidents,
                more,
                month_href: format!("history/{}/", month_key(d)),
            }
        })
        .collect();

    let mut page = ctx.page((w.site_title)(&site.name), "", "");
    // The status page changes with the clock: its footer says when it was made.
    page.footer_time = true;
    // It draws the bars: their widths, inline too in a preview.
    match &mut page.inline_style {
        Some(css) => css.push_str(ctx.bars_stylesheet()),
        None => page.bars_href = Some(format!("assets/bars.css?v={}", ctx.bars_sheet().version)),
    }
    let overall = w.overall(site.indicator);
    page.description = Some((w.index_description)(&site.name, overall));
    let t = IndexPage {
        page,
        indicator_key: site.indicator.key(),
        description: overall,
        active,
        maint_active: maint_active
            .into_iter()
            .map(|m| MaintenanceView::of(m, "", w))
            .collect(),
        maint_upcoming: maint_upcoming
            .into_iter()
            .map(|m| MaintenanceView::of(m, "", w))
            .collect(),
        groups,
        past,
        weights: w.weights(&site.weights()),
        uptime_href: format!("uptime/{}/", month_key(site.now.datetime().date_naive())),
    };
    Ok(OutFile::new("index.html", t.render()?))
}

/// What the incident and post-mortem pages both say of an incident: when it was resolved and
/// what it affected (the `facts` macro prints them).
#[derive(Debug)]
pub struct Facts {
    /// (ISO time, shown time)
    pub resolved: Option<(String, String)>,
    /// (component, impact key, impact label)
    pub affected: Vec<(String, &'static str, &'static str)>,
}

impl Facts {
    fn of(i: &PublicIncident, w: &Words) -> Self {
        Facts {
            resolved: i.resolved_at.map(|r| (r.to_rfc3339(), w.time(r))),
            affected: i
                .components
                .iter()
                .map(|a| (a.name.clone(), a.impact.key(), w.component_status(a.impact)))
                .collect(),
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    page: Page,
    i: IncidentLine,
    month: String,
    month_label: String,
    facts: Facts,
    postmortem_href: Option<String>,
    workaround: Option<String>,
    updates: Vec<UpdateView>,
}

pub fn incident(ctx: &Context<'_>, i: &PublicIncident) -> Result<OutFile, RenderError> {
    let path = format!("incidents/{}/", i.id);
    let w = ctx.w;
    let month = month_key(i.started_at.datetime().date_naive());
    let mut page = ctx.page(ctx.title(&i.title), "../../", &path);
    page.description = Some((w.incident_description)(
        &i.title,
        w.public_status(i.status),
        w.impact(i.impact),
        &w.time(i.started_at),
    ));
    let t = IncidentPage {
        page,
        i: IncidentLine::of(i, "../../", w),
        month_label: month_label(w, &month),
        month,
        facts: Facts::of(i, w),
        postmortem_href: i
            .postmortem
            .as_ref()
            .map(|_| format!("../../postmortems/{}/", i.id)),
        workaround: i.workaround.clone(),
        updates: i.updates.iter().map(|u| UpdateView::of(u, w)).collect(),
    };
    Ok(OutFile::new(format!("{path}index.html"), t.render()?))
}

/// Where a maintenance's page is, from the site's root: `maintenance/<id>/`.
pub fn maintenance_path(m: &PublicMaintenance) -> String {
    format!("maintenance/{}/", m.id)
}

#[derive(Debug, Template)]
#[template(path = "maintenance.html")]
struct MaintenancePage {
    page: Page,
    x: MaintenanceView,
    updates: Vec<UpdateView>,
}

/// A maintenance window's own page: its status, window, what it affects, every update.
pub fn maintenance(ctx: &Context<'_>, m: &PublicMaintenance) -> Result<OutFile, RenderError> {
    let w = ctx.w;
    let path = maintenance_path(m);
    let x = MaintenanceView::of(m, "../../", w);
    let mut page = ctx.page(ctx.title(&m.title), "../../", &path);
    page.description = Some((w.maintenance_description)(&m.title, x.status, &x.window));
    let updates = m
        .updates
        .iter()
        .map(|u| UpdateView {
            status: w.maintenance_status(u.status),
            body: u.body.clone(),
            at: w.time(u.at),
            at_iso: u.at.to_rfc3339(),
            corrected: None,
            retracted: None,
        })
        .collect();
    let t = MaintenancePage { page, x, updates };
    Ok(OutFile::new(format!("{path}index.html"), t.render()?))
}

#[derive(Debug, Template)]
#[template(path = "postmortem.html")]
struct PostmortemPage {
    page: Page,
    i: IncidentLine,
    incident_href: String,
    published: String,
    published_iso: String,
    facts: Facts,
    /// The post-mortem's own top heading (rendered markdown), lifted above the facts.
    md_heading: Option<String>,
    /// The heading of a post-mortem written without one.
    heading: Option<String>,
    html: String,
    /// What is being changed: (action, status words, status key).
    follow_ups: Vec<(String, &'static str, &'static str)>,
}

/// Splits a leading `<h1>…</h1>` off rendered markdown: the page shows the title, then the
/// incident's facts, then the text.
fn split_heading(html: &str) -> (Option<String>, String) {
    let trimmed = html.trim_start();
    if trimmed.starts_with("<h1") {
        if let Some(end) = trimmed.find("</h1>") {
            let (h, rest) = trimmed.split_at(end + "</h1>".len());
            return (Some(h.to_owned()), rest.trim_start().to_owned());
        }
    }
    (None, html.to_owned())
}

pub fn postmortem(ctx: &Context<'_>, i: &PublicIncident) -> Result<OutFile, RenderError> {
    let Some(pm) = &i.postmortem else {
        return Err(RenderError(format!("incident {} has no post-mortem", i.id)));
    };
    let w = ctx.w;
    let path = format!("postmortems/{}/", i.id);
    let mut page = ctx.page(ctx.title(&(w.postmortem_of)(&i.title)), "../../", &path);
    page.description = Some((w.postmortem_description)(&i.title));
    // Every page has one top heading; a post-mortem written without one gets the incident's.
    let (md_heading, html) = split_heading(&markdown::render(&pm.markdown));
    let t = PostmortemPage {
        page,
        i: IncidentLine::of(i, "../../", w),
        incident_href: format!("../../incidents/{}/", i.id),
        published: w.time(pm.published_at),
        published_iso: pm.published_at.to_rfc3339(),
        facts: Facts::of(i, w),
        heading: (md_heading.is_none() && !html.contains("<h1"))
            .then(|| (w.postmortem_of)(&i.title)),
        md_heading,
        html,
        follow_ups: pm
            .follow_ups
            .iter()
            .map(|f| (f.action.clone(), w.action_status(f.status), f.status.key()))
            .collect(),
    };
    Ok(OutFile::new(format!("{path}index.html"), t.render()?))
}

/// How many post-mortems the post-mortems page lists (newest first); older ones are reached from
/// the incident history.
const POSTMORTEMS_LISTED: usize = 100;

/// A post-mortem as one line of the list: its incident's line, linked to the post-mortem and
/// dated by day, and when it was published.
#[derive(Debug)]
pub struct PostmortemLine {
    pub line: IncidentLine,
    pub published: String,
    pub published_iso: String,
}

#[derive(Debug, Template)]
#[template(path = "postmortems.html")]
struct PostmortemsPage {
    page: Page,
    lines: Vec<PostmortemLine>,
    more: usize,
    /// The sentence about older post-mortems, up to its link.
    more_before: String,
}

/// `postmortems/index.html`: the published post-mortems, newest first.
pub fn postmortems(ctx: &Context<'_>) -> Result<OutFile, RenderError> {
    let w = ctx.w;
    let mut list: Vec<(&PublicIncident, &PublicPostmortem)> = ctx
        .site
        .incidents
        .iter()
        .filter_map(|i| i.postmortem.as_ref().map(|pm| (i, pm)))
        .collect();
    incident_core::sort::by(&mut list, |(a, pa), (b, pb)| {
        pb.published_at
            .cmp(&pa.published_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let more = list.len().saturating_sub(POSTMORTEMS_LISTED);
    let lines = list
        .into_iter()
        .take(POSTMORTEMS_LISTED)
        .map(|(i, pm)| {
            let mut line = IncidentLine::of(i, "../", w);
            line.href = format!("{}/", i.id);
            line.started = w.date(i.started_at.datetime().date_naive());
            PostmortemLine {
                line,
                published: w.date(pm.published_at.datetime().date_naive()),
                published_iso: pm.published_at.to_rfc3339(),
            }
        })
        .collect();
    let mut page = ctx.page(ctx.title(w.postmortems), "../", "postmortems/");
    page.description = Some((w.postmortems_description)(&ctx.site.name));
    let t = PostmortemsPage {
        page,
        lines,
        more,
        more_before: (w.older_postmortems_before)(&more.to_string()),
    };
    Ok(OutFile::new("postmortems/index.html", t.render()?))
}

#[derive(Debug)]
pub struct MonthLink {
    pub label: String,
    pub href: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Template)]
#[template(path = "history.html")]
struct HistoryPage {
    page: Page,
    heading: String,
    newer: Option<(String, String)>,
    older: Option<(String, String)>,
    incidents: Vec<IncidentLine>,
    maintenances: Vec<MaintenanceView>,
    months: Vec<MonthLink>,
}

/// `history/index.html` (the newest month) and `history/<YYYY-MM>/index.html` for every month
/// from the first record to now: every public incident and maintenance, newest first.
pub fn history(ctx: &Context<'_>) -> Result<Vec<OutFile>, RenderError> {
    let site = ctx.site;
    let w = ctx.w;
    // Each month's incidents, with their places in the site's list.
    let mut incidents: BTreeMap<String, Vec<(usize, &PublicIncident)>> = BTreeMap::new();
    for (n, i) in site.incidents.iter().enumerate() {
        incidents
            .entry(month_key(i.started_at.datetime().date_naive()))
            .or_default()
            .push((n, i));
    }
    let mut maints: BTreeMap<String, Vec<&PublicMaintenance>> = BTreeMap::new();
    for m in &site.maintenances {
        maints
            .entry(month_key(m.scheduled_for.datetime().date_naive()))
            .or_default()
            .push(m);
    }
    let this_month = site
        .now
        .datetime()
        .date_naive()
        .with_day(1)
        .unwrap_or_default();
    let first = incidents
        .keys()
        .chain(maints.keys())
        .min()
        .cloned()
        .unwrap_or_else(|| month_key(this_month));
    let last = incidents
        .keys()
        .chain(maints.keys())
        .max()
        .cloned()
        .unwrap_or_default()
        .max(month_key(this_month));
    // Every month from `last` back to `first`, newest first.
    let mut months = Vec::new();
    let mut d = NaiveDate::parse_from_str(&format!("{last}-01"), "%Y-%m-%d").unwrap_or(this_month);
    loop {
        let key = month_key(d);
        if key < first || months.len() > 1200 {
            break;
        }
        months.push(key);
        d = d.checked_sub_months(chrono::Months::new(1)).unwrap_or(d);
    }
    let count = |k: &str| incidents.get(k).map_or(0, Vec::len) + maints.get(k).map_or(0, Vec::len);
    let newest_with_records = month_key(this_month);

    let render_month = |idx: usize, as_index: bool| -> Result<OutFile, RenderError> {
        let key = &months[idx];
        let (root, path) = if as_index {
            ("../", "history/".to_owned())
        } else {
            ("../../", format!("history/{key}/"))
        };
        let link = |k: &str| format!("{root}history/{k}/");
        let label = month_label(w, key);
        let mut page = ctx.page(
            ctx.title(&(w.history_title)(&label)),
            root,
            &format!("history/{key}/"),
        );
        if as_index {
            page.title = ctx.title(w.incident_history);
        }
        page.description = Some((w.history_description)(&site.name, &label));
        let t = HistoryPage {
            page,
            heading: (w.history_heading)(&label),
            newer: idx
                .checked_sub(1)
                .map(|n| (link(&months[n]), month_label(w, &months[n]))),
            older: months.get(idx + 1).map(|k| (link(k), month_label(w, k))),
            incidents: incidents
                .get(key)
                .map(|v| {
                    v.iter()
                        .map(|(_, i)| IncidentLine::of(i, root, w))
                        .collect()
                })
                .unwrap_or_default(),
            maintenances: maints
                .get(key)
                .map(|v| v.iter().map(|m| MaintenanceView::of(m, root, w)).collect())
                .unwrap_or_default(),
            months: months
                .iter()
                .map(|k| MonthLink {
                    label: month_label(w, k),
                    href: link(k),
                    count: count(k),
                    current: k == key,
                })
                .collect(),
        };
        Ok(OutFile::new(format!("{path}index.html"), t.render()?))
    };

    let mut out = Vec::with_capacity(months.len() + 1);
    let index_idx = months
        .iter()
        .position(|k| *k == newest_with_records)
        .unwrap_or(0);
    // Every page lists every month with its count; beside that, a page shows its month's
    // incidents and maintenance windows.
    let all_months = std::sync::OnceLock::new();
    let made = |idx: usize, as_index: bool| -> Result<Vec<OutFile>, RenderError> {
        let key = &months[idx];
        ctx.made_from(
            || {
                vec![if as_index {
                    "history/index.html".to_owned()
                } else {
                    format!("history/{key}/index.html")
                }]
            },
            |kept| {
                let all = all_months.get_or_init(|| {
                    let list: Vec<(&String, usize)> =
                        months.iter().map(|k| (k, count(k))).collect();
                    format!("{list:?}")
                });
                let versions: Vec<(&str, u64)> = incidents.get(key).map_or(Vec::new(), |v| {
                    v.iter()
                        .map(|(n, i)| (i.id.as_str(), kept.version(*n)))
                        .collect()
                });
                format!("{as_index} {key} {all} {versions:?} {:?}", maints.get(key))
            },
            || Ok(vec![render_month(idx, as_index)?]),
        )
    };
    out.extend(made(index_idx, true)?);
    for idx in 0..months.len() {
        out.extend(made(idx, false)?);
    }
    Ok(out)
}

pub const EMBED_STYLE: &str = include_str!("../assets/embed.css");

/// An incident or maintenance window on an embed.
#[derive(Debug)]
pub struct EmbedLine {
    pub title: String,
    pub status: &'static str,
    /// From the site's root.
    pub href: String,
}

#[derive(Debug, Template)]
#[template(path = "embed.html")]
struct EmbedPage<'a> {
    w: &'static Words,
    theme: &'static str,
    csp: &'static str,
    root: String,
    name: &'a str,
    label: &'static str,
    /// The dot's colour: the status's key (`partial_outage`, …).
    key: &'static str,
    lines: Vec<EmbedLine>,
    generated: String,
    generated_iso: String,
}

/// One embed (`embed/…/index.html`, and its dark twin under `dark/`): a name, its status in
/// words and a dot, its open incidents and maintenance now, linked to their pages (opened
/// outside the frame); the name links the status page. No script.
pub fn embed(
    ctx: &Context<'_>,
    folder: &str,
    name: &str,
    status: ComponentStatus,
    lines: Vec<EmbedLine>,
    dark: bool,
) -> Result<OutFile, RenderError> {
    let path = if dark {
        format!("{folder}dark/index.html")
    } else {
        format!("{folder}index.html")
    };
    let depth = path.matches('/').count();
    let (label, _) = component_badge(status, ctx.w);
    let t = EmbedPage {
        w: ctx.w,
        theme: if dark { "dark" } else { "light" },
        csp: CSP,
        root: "../".repeat(depth),
        name,
        label,
        key: status.key(),
        lines,
        generated: ctx.generated.clone(),
        generated_iso: ctx.generated_iso.clone(),
    };
    Ok(OutFile::new(path, t.render()?))
}

/// One group or component on the *Subscribe* page.
#[derive(Debug)]
pub struct SubscribeLine {
    pub name: String,
    /// "Group", "Component".
    pub kind: &'static str,
    pub status: &'static str,
    pub description: Option<String>,
    /// Its folder: `groups/<id>/`, `components/<id>/`.
    pub prefix: String,
    /// A component listed under its group.
    pub nested: bool,
}

#[derive(Debug, Template)]
#[template(path = "subscribe.html")]
struct SubscribePage {
    page: Page,
    lines: Vec<SubscribeLine>,
    /// What the site's feeds hold, after their names.
    feeds_hold: String,
}

/// `subscribe/`: every feed, calendar, badge and JSON file of the site, the whole site's and each
/// group's and component's, with what each holds.
pub fn subscribe(
    ctx: &Context<'_>,
    lines: Vec<SubscribeLine>,
    entries: usize,
) -> Result<OutFile, RenderError> {
    let w = ctx.w;
    let mut page = ctx.page(ctx.title(w.subscribe), "../", "subscribe/");
    page.description = Some((w.subscribe_description)(&ctx.site.name));
    let feeds_hold = (w.feeds_hold)(&entries.to_string());
    let t = SubscribePage {
        page,
        lines,
        feeds_hold,
    };
    Ok(OutFile::new("subscribe/index.html", t.render()?))
}

#[derive(Debug, Template)]
#[template(path = "404.html")]
struct NotFoundPage {
    page: Page,
}

/// The 404 page is served at any depth, so its links start from the root path of the base URL
/// (`/`, or `/status/` for a site under a path).
pub fn not_found(ctx: &Context<'_>) -> Result<OutFile, RenderError> {
    let after_scheme = ctx
        .base
        .split_once("://")
        .map_or(ctx.base, |(_, rest)| rest);
    let root = after_scheme.find('/').map_or("/", |at| &after_scheme[at..]);
    let mut page = ctx.page(ctx.title(ctx.w.not_found), root, "404.html");
    page.canonical = None;
    Ok(OutFile::new("404.html", NotFoundPage { page }.render()?))
}

#[derive(Debug, Template)]
#[template(path = "badge.svg", escape = "html")]
struct Badge<'a> {
    label: &'a str,
    text: &'static str,
    color: &'static str,
    width: usize,
    label_w: usize,
    value_w: usize,
    text_x: usize,
}

/// A badge in the shields.io style: `label` on grey, `text` on `color`. Widths are estimated
/// from the letters (about 7 px each at 11 px Verdana).
pub fn badge_svg(
    label: &str,
    text: &'static str,
    color: &'static str,
) -> Result<String, RenderError> {
    let label_w = label.chars().count() * 7 + 8;
    let value_w = text.chars().count() * 7 + 12;
    let t = Badge {
        label,
        text,
        color,
        width: label_w + value_w,
        label_w,
        value_w,
        text_x: label_w + 6,
    };
    Ok(t.render()?)
}

/// What a component's (or group's) badge says, and its colour.
pub fn component_badge(status: ComponentStatus, w: &Words) -> (&'static str, &'static str) {
    match status {
        ComponentStatus::Operational => (w.badge_operational, "#1a7f37"),
        ComponentStatus::UnderMaintenance => (w.badge_maintenance, "#0969da"),
        ComponentStatus::DegradedPerformance => (w.badge_degraded, "#9a6700"),
        ComponentStatus::PartialOutage => (w.badge_partial_outage, "#bc4c00"),
        ComponentStatus::MajorOutage => (w.badge_major_outage, "#cf222e"),
    }
}

pub fn badge(site: &PublicSite, w: &Words) -> Result<OutFile, RenderError> {
    let maintenance =
        site.indicator == Indicator::None && site.maintenances.iter().any(|m| m.is_active());
    let (text, color) = match site.indicator {
        Indicator::None if maintenance => (w.badge_maintenance, "#0969da"),
        Indicator::None => (w.badge_operational, "#1a7f37"),
        Indicator::Minor => (w.badge_minor_outage, "#9a6700"),
        Indicator::Major => (w.badge_partial_outage, "#bc4c00"),
        Indicator::Critical => (w.badge_major_outage, "#cf222e"),
    };
    Ok(OutFile::new(
        "badge.svg",
        badge_svg(w.badge_label, text, color)?,
    ))
}
