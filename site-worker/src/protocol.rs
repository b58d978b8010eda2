//! What the workspace and its site worker say to each other. The workspace depends on this
//! module only: none of the renderer comes with it (only which incidents a page reads).

use incident_core::model::Incident;
use incident_core::{Bundle, Timestamp};
use serde::{Deserialize, Serialize};

/// A page of the status site that a preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Page {
    Status,
    Incident(String),
    Postmortem(String),
}

impl Page {
    /// The page as the renderer names it.
    pub fn preview_page(&self) -> status_pages::PreviewPage<'_> {
        match self {
            Page::Status => status_pages::PreviewPage::Status,
            Page::Incident(id) => status_pages::PreviewPage::Incident(id),
            Page::Postmortem(id) => status_pages::PreviewPage::Postmortem(id),
        }
    }

    /// The incidents its preview reads: what the workspace cuts its [`Request::Part`] to.
    pub fn scope(&self) -> incident_core::public::Scope<'_> {
        self.preview_page().scope()
    }
}

/// What the workspace asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The part of the workspace the next previews read (`incident_core::public::scoped_part`),
    /// kept until the next one: sent when the workspace or the page changes, not on every draft.
    Part { part: Bundle },
    /// One page of the site from the last part, with `draft` in place of its incident.
    Preview {
        id: u64,
        page: Page,
        now: Timestamp,
        draft: Option<Incident>,
    },
    /// Every file of the site of `public` (the public part of the workspace) at `now`: one zip,
    /// or the files themselves.
    Publish {
        id: u64,
        now: Timestamp,
        public: Bundle,
        zip: bool,
    },
    /// A file from outside (an import, the sync folder, a colleague's export) that the
    /// workspace's fast reader could not take: of an older schema version (migrated here), or
    /// with something that does not fit the types (said here with its place in the file).
    Check { id: u64, text: String },
}

/// What the worker answers. Each answer but [`Reply::Ready`] names the request it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker is running and reads requests from now on.
    Ready,
    /// A preview: the page (`None`: not on the site), or why it failed; and the site's address.
    Preview {
        id: u64,
        html: Result<Option<String>, String>,
        base: String,
    },
    /// How far a publish is.
    Progress {
        id: u64,
        what: String,
        done: usize,
        total: usize,
    },
    /// How long a step of a publish took (for the benchmarks).
    Timing { id: u64, step: String, ms: u64 },
    /// Some of the site's files: their paths, and their lengths in the bytes sent beside.
    Files {
        id: u64,
        paths: Vec<String>,
        lengths: Vec<usize>,
    },
    /// The site as one zip (the bytes sent beside), of `files` files.
    Zip { id: u64, files: usize },
    /// Every file has been sent.
    Done { id: u64, files: usize },
    /// A checked file: the bundle at the current schema version, or every problem found, each
    /// with its place (`$.incidents[3].severity: …`).
    Checked {
        id: u64,
        bundle: Box<Result<Bundle, Vec<String>>>,
    },
    /// The request could not be done.
    Failed { id: u64, error: String },
}

impl Reply {
    /// The request it answers (`None` for [`Reply::Ready`]).
    pub fn id(&self) -> Option<u64> {
        match self {
            Reply::Ready => None,
            Reply::Preview { id, .. }
            | Reply::Progress { id, .. }
            | Reply::Timing { id, .. }
            | Reply::Files { id, .. }
            | Reply::Zip { id, .. }
            | Reply::Done { id, .. }
            | Reply::Checked { id, .. }
            | Reply::Failed { id, .. } => Some(*id),
        }
    }

    /// Whether it is the last answer to its request.
    pub fn is_last(&self) -> bool {
        matches!(
            self,
            Reply::Preview { .. }
                | Reply::Zip { .. }
                | Reply::Done { .. }
                | Reply::Checked { .. }
                | Reply::Failed { .. }
        )
    }
}
