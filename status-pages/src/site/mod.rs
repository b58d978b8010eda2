//! The whole site: the public projection in, every file of the site out, in memory: the pages
//! (`crate::pages`, also the workspace's live preview), the feeds and calendar, the sitemap,
//! robots, 404, `_headers` and the Statuspage API. No IO and no threads unless the `parallel`
//! feature is on (site-gen), so the same code builds the site in the browser (wasm32). The caller
//! writes the files (site-gen through `output::write_site`), so a failed render writes nothing.

mod again;
mod api;
#[cfg(feature = "archive")]
pub mod archive;
mod embed;
mod feeds;
mod kept;
pub mod published;
mod scoped;
mod widget;

pub use again::{render_site_again, LastRender, Rendered};
use incident_core::public::PublicSite;
pub(crate) use kept::Kept;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::pages;
use crate::{OutFile, RenderError};

/// The file that marks a folder as a status site (written by site-gen, and by the workspace's
/// *Publish* into a folder), so that neither ever replaces a folder that holds anything else.
pub const MARKER: &str = ".site-gen";
/// What the marker says.
pub const MARKER_TEXT: &str =
    "Written by Cygni site-gen. This folder is replaced as a whole by each build.\n";

/// What the render needs beyond the projection.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The public address of the site (absolute links in feeds, sitemap, API shortlinks);
    /// defaults to the organization's status page address from the settings.
    pub base_url: Option<String>,
}

/// Renders the whole site. Files come out sorted by path, so the output is byte-identical for
/// the same projection and options.
pub fn render_site(site: &PublicSite, opts: &RenderOptions) -> Result<Vec<OutFile>, RenderError> {
    // A render again with nothing kept from before renders everything: one way to render.
    again::render_again(site, opts, &[], &mut LastRender::default(), false).map(|r| r.files)
}

/// The files made from the whole site at once: stylesheet, bars' widths, favicon, status page, 404,
/// post-mortems list, badge, robots, `_headers`, history, feeds, calendar, the API, and the
/// manifest of what was published (`published.json`). Each part on its own core where there are
/// threads (when the incidents' pages are the last render's, these are the whole render).
fn site_wide(ctx: &pages::Context<'_>) -> Result<Vec<OutFile>, RenderError> {
    type Part<'c> = &'c (dyn Fn() -> Result<Vec<OutFile>, RenderError> + Sync);
    let (site, base) = (ctx.site, ctx.base);
    let parts: [Part<'_>; 7] = [
        &|| {
            Ok(vec![
                OutFile::new("assets/style.css", pages::STYLE),
                OutFile::new("assets/bars.css", ctx.bars_stylesheet()),
                OutFile::new("assets/embed.css", pages::EMBED_STYLE),
                OutFile::new("favicon.svg", pages::FAVICON),
                pages::index(ctx)?,
                pages::not_found(ctx)?,
                pages::postmortems(ctx)?,
                pages::badge(site, ctx.w)?,
                OutFile::new(
                    "robots.txt",
                    format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
                ),
                OutFile::new("_headers", headers()),
                published::file(site, base),
                widget::file(site, base),
            ])
        },
        &|| pages::history(ctx),
        &|| crate::monthly::all(ctx),
        &|| {
            Ok(feeds::all(
                site,
                base,
                &feeds::Scope::site(site, ctx.w),
                ctx.w,
            ))
        },
        &|| scoped::all(ctx),
        &|| embed::all(ctx),
        &|| Ok(api::all(site, base)),
    ];
    #[cfg(feature = "parallel")]
    let made: Vec<Vec<OutFile>> = parts
        .par_iter()
        .map(|part| part())
        .collect::<Result<_, _>>()?;
    #[cfg(not(feature = "parallel"))]
    let made: Vec<Vec<OutFile>> = parts.iter().map(|part| part()).collect::<Result<_, _>>()?;
    Ok(made.into_iter().flatten().collect())
}

/// One incident's page, and its post-mortem's when published.
fn incident_files(
    ctx: &pages::Context<'_>,
    i: &incident_core::public::PublicIncident,
) -> Result<Vec<OutFile>, RenderError> {
    let mut out = vec![pages::incident(ctx, i)?];
    if i.postmortem.is_some() {
        out.push(pages::postmortem(ctx, i)?);
    }
    Ok(out)
}

fn maintenance_files(ctx: &pages::Context<'_>) -> Result<Vec<OutFile>, RenderError> {
    ctx.site
        .maintenances
        .iter()
        .map(|m| pages::maintenance(ctx, m))
        .collect()
}

/// The sitemap of everything else, then every file in path order.
fn finish(files: Vec<OutFile>, base: &str) -> Vec<OutFile> {
    finish_with(files.into_iter().map(|f| (f, ())).collect(), base, ())
        .into_iter()
        .map(|(f, ())| f)
        .collect()
}

/// [`finish`], each file with what the caller keeps beside it (`sitemap`'s for the sitemap).
fn finish_with<T>(mut files: Vec<(OutFile, T)>, base: &str, sitemap: T) -> Vec<(OutFile, T)> {
    incident_core::sort::by(&mut files, |a, b| a.0.path.cmp(&b.0.path));
    // The paths in order already: the sitemap's own sort only finds them so.
    let map = feeds::sitemap(base, files.iter().map(|(f, _)| f.path.as_str()));
    let at = files.partition_point(|(f, _)| f.path < map.path);
    files.insert(at, (map, sitemap));
    files
}

/// The same site as [`render_site`], a step at a time, for a caller with one thread that must
/// let its page answer in between (the workspace's *Publish*): each [`Steps::step`] renders one
/// part (the site-wide files, a batch of incidents, the maintenance windows); [`Steps::finish`]
/// adds the sitemap and sorts, giving exactly what `render_site` gives.
#[derive(Debug)]
pub struct Steps<'a> {
    site: &'a PublicSite,
    base: String,
    batch: usize,
    next: usize,
    files: Vec<OutFile>,
    /// The bars' widths, made at the first step and kept for the others.
    bars: Option<pages::Stylesheet>,
}

impl<'a> Steps<'a> {
    /// `batch` incidents per step (at least one).
    pub fn new(site: &'a PublicSite, opts: &RenderOptions, batch: usize) -> Self {
        Steps {
            site,
            base: crate::base_url(site, opts.base_url.as_deref()),
            batch: batch.max(1),
            next: 0,
            files: Vec::new(),
            bars: None,
        }
    }

    /// How many steps there are in all.
    pub fn total(&self) -> usize {
        2 + self.site.incidents.len().div_ceil(self.batch)
    }

    /// How many steps are done.
    pub fn done(&self) -> usize {
        self.next
    }

    /// Renders the next step; `Ok(false)` once every step is done.
    pub fn step(&mut self) -> Result<bool, RenderError> {
        let ctx = pages::Context::new(self.site, &self.base).with_bars(self.bars.clone());
        self.bars = Some(ctx.bars_sheet().clone());
        let incident_steps = self.total() - 2;
        match self.next {
            0 => self.files.extend(site_wide(&ctx)?),
            n if n <= incident_steps => {
                let from = (n - 1) * self.batch;
                let to = (from + self.batch).min(self.site.incidents.len());
                for i in &self.site.incidents[from..to] {
                    self.files.extend(incident_files(&ctx, i)?);
                }
            }
            n if n == incident_steps + 1 => self.files.extend(maintenance_files(&ctx)?),
            _ => return Ok(false),
        }
        self.next += 1;
        Ok(true)
    }

    /// Every file of the site, sorted by path (the steps not yet done are rendered first).
    pub fn finish(mut self) -> Result<Vec<OutFile>, RenderError> {
        while self.step()? {}
        Ok(finish(self.files, &self.base))
    }
}

/// The `_headers` file that Netlify, Cloudflare Pages and others read: the API is readable from
/// any origin; pages get a strict policy (no scripts at all, styles and images only from here);
/// the manifest of what was published is always fetched fresh (`site-gen notify` compares it).
fn headers() -> String {
    let csp = "default-src 'none'; style-src 'self'; img-src 'self' https:; base-uri 'none'; form-action 'none'";
    // Every page but the embeds refuses to be framed (a host merges the rules a path matches,
    // so the refusal cannot be on `/*` and lifted for `/embed/*`).
    let deny: String = [
        "/",
        "/index.html",
        "/404.html",
        "/incidents/*",
        "/maintenance/*",
        "/postmortems/*",
        "/history/*",
        "/subscribe/*",
        "/uptime/*",
    ]
    .iter()
    .map(|p| format!("{p}\n  X-Frame-Options: DENY\n\n"))
    .collect();
    format!(
        "/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n\n{deny}\
         /api/*\n  Access-Control-Allow-Origin: *\n  Content-Type: application/json; charset=utf-8\n  Cache-Control: public, max-age=60\n\n\
         /assets/*\n  Cache-Control: public, max-age=3600\n\n\
         /published.json\n  Cache-Control: no-cache\n"
    )
}

/// A listing of a built site, one line per file: its path, its size and an FNV-1a 64 checksum of
/// its bytes. Two builds with the same listing wrote the same files (a check between builds, not
/// a defence against anyone forging a file).
pub fn listing(files: &[OutFile]) -> String {
    let mut out = String::new();
    for f in files {
        let h = crate::checksum(&f.bytes);
        out.push_str(&format!("{} {} {h:016x}\n", f.path, f.bytes.len()));
    }
    out
}
