//! The public status site, rendered without IO: the HTML pages (the askama templates in
//! `templates/`, the stylesheet in `assets/`; `pages`) and every other file `site-gen build`
//! writes (feeds, calendar, sitemap, robots, 404, `_headers`, the Statuspage API; `site`). No IO,
//! and no threads unless the `parallel` feature is on, so the same code builds for the host
//! (`site-gen`) and for wasm32 (the workspace's live preview, and a site built in the browser):
//! what the preview shows is what the generator writes.

pub mod monthly;
pub mod pages;
pub mod site;
pub mod words;

use incident_core::public::{PublicSite, Scope};

/// One file of the site: its path relative to the site root (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
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

/// The public address of the site with exactly one trailing slash: `given` (a `--base-url`) or
/// else the organization's status page address from the settings.
pub fn base_url(site: &PublicSite, given: Option<&str>) -> String {
    let raw = given.unwrap_or(site.url.as_str()).trim();
    let raw = if raw.is_empty() {
        "https://status.example.com"
    } else {
        raw
    };
    format!("{}/", raw.trim_end_matches('/'))
}

/// Which page of the site a preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewPage<'a> {
    /// The status page (`index.html`).
    Status,
    /// An incident's page (`incidents/<id>/`).
    Incident(&'a str),
    /// An incident's post-mortem (`postmortems/<id>/`).
    Postmortem(&'a str),
}

impl<'a> PreviewPage<'a> {
    /// The incidents its preview needs projected (`incident_core::public::project_scoped`): the
    /// page is the same as from the whole workspace, made without projecting all of its history.
    /// The status page looks back no further than its uptime bars; an incident's pages show it
    /// alone.
    pub fn scope(self) -> Scope<'a> {
        match self {
            PreviewPage::Status => Scope::Recent {
                days: pages::UPTIME_DAYS,
            },
            PreviewPage::Incident(id) | PreviewPage::Postmortem(id) => Scope::Incident(id),
        }
    }
}

/// One page exactly as [`pages`] renders it for the site, made whole for showing in a sandboxed
/// frame: the stylesheet inline, a `<base>` at the page's public address (so every link says
/// where it will lead), and a policy that still allows no script at all. `None` when the page
/// is not on the site (the incident has no public update, or its post-mortem is not published).
pub fn preview(
    site: &PublicSite,
    base: &str,
    page: PreviewPage<'_>,
) -> Result<Option<String>, RenderError> {
    let ctx = pages::Context::preview(site, base);
    let find = |id: &str| site.incidents.iter().find(|i| i.id == id);
    let file = match page {
        PreviewPage::Status => Some(pages::index(&ctx)?),
        PreviewPage::Incident(id) => find(id).map(|i| pages::incident(&ctx, i)).transpose()?,
        PreviewPage::Postmortem(id) => find(id)
            .filter(|i| i.postmortem.is_some())
            .map(|i| pages::postmortem(&ctx, i))
            .transpose()?,
    };
    Ok(file.map(|f| String::from_utf8_lossy(&f.bytes).into_owned()))
}

/// The FNV-1a 64 checksum of `bytes`: to tell contents apart (a listing, a key that must not
/// spell what it stands for), never to defend against anyone forging them.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
