//! Rendering: the public projection in, every file of the site out, in memory. No IO here: the
//! caller writes the files (through `output::write_site`), so a failed render writes nothing.

mod api;
mod feeds;
mod pages;

use incident_core::public::PublicSite;
use rayon::prelude::*;

/// One file of the site: its path relative to the site root (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutFile {
    fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// What the render needs beyond the projection.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The public address of the site (absolute links in feeds, sitemap, API shortlinks);
    /// defaults to the organization's status page address from the settings.
    pub base_url: Option<String>,
}

/// The base URL with exactly one trailing slash.
fn base_url(site: &PublicSite, opts: &RenderOptions) -> String {
    let raw = opts.base_url.as_deref().unwrap_or(site.url.as_str()).trim();
    let raw = if raw.is_empty() {
        "https://status.example.com"
    } else {
        raw
    };
    format!("{}/", raw.trim_end_matches('/'))
}

/// An error of rendering (a template failed).
#[derive(Debug)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

impl From<askama::Error> for RenderError {
    fn from(e: askama::Error) -> Self {
        RenderError(format!("a template failed to render: {e}"))
    }
}

/// Renders the whole site. Files come out sorted by path, so the output is byte-identical for
/// the same projection and options.
pub fn render_site(site: &PublicSite, opts: &RenderOptions) -> Result<Vec<OutFile>, RenderError> {
    let base = base_url(site, opts);
    let ctx = pages::Context::new(site, &base);

    let mut files = vec![
        OutFile::new("assets/style.css", pages::STYLE),
        OutFile::new("favicon.svg", pages::FAVICON),
        pages::index(&ctx)?,
        pages::not_found(&ctx)?,
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
