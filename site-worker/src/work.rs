//! What the worker does for each request: the same code paths the page used to run itself
//! (`status_pages::preview` of a scoped projection; `status_pages::site::Steps` and its zip).

use incident_core::public;
use incident_core::{Bundle, Timestamp};
use status_pages as sp;
use status_pages::site::archive::Archive;
use status_pages::site::{RenderOptions, Steps};

use crate::protocol::{Page, Reply, Request};

/// Incidents rendered between two progress reports of a publish.
const BATCH: usize = 100;
/// Files are sent in batches of this many bytes or more (the last batch may be smaller).
const FILES_BYTES: usize = 4 << 20;

/// Where answers go: a reply, and bytes beside it (empty when none).
pub trait Out {
    fn send(&mut self, reply: Reply, bytes: Vec<u8>);
}

impl<F: FnMut(Reply, Vec<u8>)> Out for F {
    fn send(&mut self, reply: Reply, bytes: Vec<u8>) {
        self(reply, bytes)
    }
}

/// The worker's state: the part of the workspace its previews read.
#[derive(Debug)]
pub struct Work {
    part: Option<Bundle>,
    /// Milliseconds of a monotonic clock (timings only).
    clock: fn() -> f64,
}

impl Work {
    pub fn new(clock: fn() -> f64) -> Self {
        Work { part: None, clock }
    }

    /// Does what `request` asks, answering into `out`.
    pub fn handle(&mut self, request: Request, out: &mut dyn Out) {
        match request {
            Request::Part { part } => self.part = Some(part),
            Request::Preview {
                id,
                page,
                now,
                draft,
            } => {
                let (html, base) = match &self.part {
                    Some(part) => preview(part, now, draft.as_ref(), &page),
                    None => (
                        Err("the preview was asked before the workspace was given".to_owned()),
                        String::new(),
                    ),
                };
                out.send(Reply::Preview { id, html, base }, Vec::new());
            }
            Request::Publish {
                id,
                now,
                public,
                zip,
            } => {
                if let Err(error) = self.publish(id, now, &public, zip, out) {
                    out.send(Reply::Failed { id, error }, Vec::new());
                }
            }
            Request::Check { id, text } => {
                let bundle = incident_core::parse_bundle(&text)
                    .map_err(|problems| problems.iter().map(ToString::to_string).collect());
                let bundle = Box::new(bundle);
                out.send(Reply::Checked { id, bundle }, Vec::new());
            }
        }
    }

    fn publish(
        &self,
        id: u64,
        now: Timestamp,
        public: &Bundle,
        zip: bool,
        out: &mut dyn Out,
    ) -> Result<(), String> {
        let started = (self.clock)();
        let site = public::project(public, now);
        let mut steps = Steps::new(&site, &RenderOptions::default(), BATCH);
        let total = steps.total();
        let what = format!(
            "Building the site: {} incidents on it",
            site.incidents.len()
        );
        while steps.step().map_err(|e| e.to_string())? {
            let done = steps.done();
            out.send(
                Reply::Progress {
                    id,
                    what: what.clone(),
                    done,
                    total,
                },
                Vec::new(),
            );
        }
        let files = steps.finish().map_err(|e| e.to_string())?;
        let rendered = self.timing(id, "publish-render", started, out);
        let count = files.len();
        if zip {
            let mut archive = Archive::new(now);
            for f in &files {
                archive.add(f).map_err(|e| e.to_string())?;
            }
            drop(site);
            let bytes = archive.finish().map_err(|e| e.to_string())?;
            self.timing(id, "publish-zip", rendered, out);
            out.send(Reply::Zip { id, files: count }, bytes);
            return Ok(());
        }
        let mut paths = Vec::new();
        let mut lengths = Vec::new();
        let mut bytes = Vec::new();
        for f in files {
            paths.push(f.path);
            lengths.push(f.bytes.len());
            bytes.extend_from_slice(&f.bytes);
            if bytes.len() >= FILES_BYTES {
                let (p, l, b) = (
                    std::mem::take(&mut paths),
                    std::mem::take(&mut lengths),
                    std::mem::take(&mut bytes),
                );
                out.send(
                    Reply::Files {
                        id,
                        paths: p,
                        lengths: l,
                    },
                    b,
                );
            }
        }
        if !paths.is_empty() {
            out.send(Reply::Files { id, paths, lengths }, bytes);
        }
        out.send(Reply::Done { id, files: count }, Vec::new());
        Ok(())
    }

    fn timing(&self, id: u64, step: &str, since: f64, out: &mut dyn Out) -> f64 {
        let now = (self.clock)();
        out.send(
            Reply::Timing {
                id,
                step: step.to_owned(),
                ms: (now - since).max(0.0) as u64,
            },
            Vec::new(),
        );
        now
    }
}

/// One page of the site from `part` at `now`, with `draft` in place of its incident; and the
/// site's address.
fn preview(
    part: &Bundle,
    now: Timestamp,
    draft: Option<&incident_core::model::Incident>,
    page: &Page,
) -> (Result<Option<String>, String>, String) {
    let which = page.preview_page();
    let site = public::project_scoped(part, now, draft, which.scope());
    let base = sp::base_url(&site, None);
    let html = sp::preview(&site, &base, which).map_err(|e| e.to_string());
    (html, base)
}
