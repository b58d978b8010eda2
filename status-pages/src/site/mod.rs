//! The whole site: the public projection in, every file of the site out, in memory: the pages
//! (`crate::pages`, also the workspace's live preview), the feeds and calendar, the sitemap,
//! robots, 404, `_headers` and the Statuspage API. No IO and no threads unless the `parallel`
//! feature is on (site-gen), so the same code builds the site in the browser (wasm32). The caller
//! writes the files (site-gen through `output::write_site`), so a failed render writes nothing.

mod api;
mod feeds;

use incident_core::public::PublicSite;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::pages;
use crate::{OutFile, RenderError};

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
    let base = crate::base_url(site, opts.base_url.as_deref());
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

    // Incident and post-mortem pages are most of the work: in parallel where there are threads.
    let one = |i| -> Result<Vec<OutFile>, RenderError> {
        let mut out = vec![pages::incident(&ctx, i)?];
        if i.postmortem.is_some() {
            out.push(pages::postmortem(&ctx, i)?);
        }
        Ok(out)
    };
    #[cfg(feature = "parallel")]
    let per_incident: Result<Vec<Vec<OutFile>>, RenderError> =
        site.incidents.par_iter().map(one).collect();
    #[cfg(not(feature = "parallel"))]
    let per_incident: Result<Vec<Vec<OutFile>>, RenderError> =
        site.incidents.iter().map(one).collect();
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

/// A listing of a built site, one line per file: its path, its size and an FNV-1a 64 checksum of
/// its bytes. Two builds with the same listing wrote the same files (a check between builds, not
/// a defence against anyone forging a file).
pub fn listing(files: &[OutFile]) -> String {
    let mut out = String::new();
    for f in files {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in &f.bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{} {} {h:016x}\n", f.path, f.bytes.len()));
    }
    out
}
