//! Rendering: the public projection in, every file of the site out, in memory. The HTML pages
//! come from the `status-pages` crate (shared with the workspace's live preview); the feeds and
//! the API are here. No IO here: the caller writes the files (through `output::write_site`), so a
//! failed render writes nothing.

mod api;
mod feeds;

use incident_core::public::PublicSite;
use rayon::prelude::*;
use status_pages::pages;

pub use status_pages::{OutFile, RenderError};

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
    let base = status_pages::base_url(site, opts.base_url.as_deref());
    let ctx = pages::Context::new(site, &base);

    let mut files = vec![
        OutFile::new("assets/style.css", pages::STYLE),
        OutFile::new("favicon.svg", pages::FAVICON),
        pages::index(&ctx)?,
        pages::not_found(&ctx)?,
        pages::postmortems(&ctx)?,
        pages::badge(site)?,
        OutFile::new(
            "robots.txt",
            format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
        ),
        OutFile::new("_headers", headers()),
    ];
    files.extend(pages::history(&ctx)?);
    files.extend(feeds::all(site, &base));
    files.extend(api::all(site, &base));

    // Incident and post-mortem pages are most of the work: render them in parallel.
    let per_incident: Result<Vec<Vec<OutFile>>, RenderError> = site
        .incidents
        .par_iter()
        .map(|i| {
            let mut out = vec![pages::incident(&ctx, i)?];
            if i.postmortem.is_some() {
                out.push(pages::postmortem(&ctx, i)?);
            }
            Ok(out)
        })
        .collect();
    files.extend(per_incident?.into_iter().flatten());
    for m in &site.maintenances {
        files.push(pages::maintenance(&ctx, m)?);
    }

    files.push(feeds::sitemap(&base, &files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The `_headers` file that Netlify, Cloudflare Pages and others read: the API is readable from
/// any origin; pages get a strict policy (no scripts at all, styles and images only from here).
fn headers() -> String {
    let csp = "default-src 'none'; style-src 'self'; img-src 'self' https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    format!(
        "/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n  X-Frame-Options: DENY\n\n\
         /api/*\n  Access-Control-Allow-Origin: *\n  Content-Type: application/json; charset=utf-8\n  Cache-Control: public, max-age=60\n\n\
         /assets/*\n  Cache-Control: public, max-age=3600\n"
    )
}
