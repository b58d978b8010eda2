//! The site generator as a library: load bundles (IO) → check → merge → public projection →
//! render into memory (`render`, no IO) → write (`output`, the one module that writes files).
//! The binary only parses arguments and prints errors with their cause chain.

pub mod notify;
pub mod output;
pub mod render;
pub mod serve;

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use incident_core::sample::{self, SampleOptions};
use incident_core::validate::Parsed;
use incident_core::{parse_bundle, public, Bundle, Problem, Timestamp};

/// A bundle read from a file.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub bundle: Bundle,
}

/// Everything wrong with one input file.
#[derive(Debug)]
pub struct FileProblems {
    pub path: PathBuf,
    pub problems: Vec<Problem>,
}

impl fmt::Display for FileProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {p}", self.path.display())?;
        }
        Ok(())
    }
}

/// The result of reading every input: the bundles that loaded, and the problems of those that
/// did not.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub loaded: Vec<Loaded>,
    pub failed: Vec<FileProblems>,
}

/// Expands the inputs: a file is itself, a folder is every `*.json` file under it, in name order.
pub fn input_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input)
            .with_context(|| format!("cannot read input {}", input.display()))?;
        if meta.is_dir() {
            let before = files.len();
            collect_json(input, &mut files)?;
            if files.len() == before {
                anyhow::bail!("the folder {} holds no .json bundle", input.display());
            }
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot list the folder {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot list the folder {}", dir.display()))?;
    incident_core::sort::ascending(&mut entries);
    for path in entries {
        if path.is_dir() {
            collect_json(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads and checks every input file. IO errors (unreadable file) abort; problems in a file's
/// content are collected per file.
pub fn load(inputs: &[PathBuf]) -> Result<LoadReport> {
    let mut report = LoadReport::default();
    for path in input_files(inputs)? {
        let mut bytes = Vec::new();
        read_whole(&path, &mut bytes)?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => {
                report.failed.push(not_utf8(path, e));
                continue;
            }
        };
        match parse_bundle(text) {
            Ok(bundle) => report.loaded.push(Loaded { path, bundle }),
            Err(problems) => report.failed.push(FileProblems { path, problems }),
        }
    }
    Ok(report)
}

/// Reads the file at `path` into `buf`, which it replaces, reusing `buf`'s memory where it is
/// large enough. A large file is read in two halves at once: at tens of megabytes the copy out
/// of the system's cache is a share of a rebuild, and a fresh buffer's pages are handed out to
/// both cores. What the file gained while it was read is read too; if it shrank, it is read
/// again as it is. An error says which file could not be read.
pub fn read_whole(path: &Path, buf: &mut Vec<u8>) -> Result<()> {
    read_into(path, buf).with_context(|| format!("cannot read {}", path.display()))
}

fn read_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    #[cfg(unix)]
    if (1 << 20..isize::MAX as usize).contains(&len) {
        use std::os::unix::fs::FileExt;
        if buf.capacity() < len {
            // Zeroed memory the system hands out as it is first written: no pass to clear it.
            *buf = vec![0; len];
        } else {
            buf.resize(len, 0);
        }
        let (a, b) = buf.split_at_mut(len / 2);
        let f = &file;
        let (ra, rb) = rayon::join(
            || f.read_exact_at(a, 0),
            || f.read_exact_at(b, (len / 2) as u64),
        );
        if ra.and(rb).is_ok() {
            file.seek(SeekFrom::Start(len as u64))?;
            file.read_to_end(buf)?;
            return Ok(());
        }
        file.seek(SeekFrom::Start(0))?;
    }
    buf.clear();
    file.read_to_end(buf)?;
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a file. The one function that writes output files.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> Result<()> {
        let mut file =
            fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Generates the sample bundle as JSON, indented (readable, diffs well in git) or compact.
pub fn sample_json(opts: &SampleOptions, pretty: bool) -> String {
    let bundle = sample::generate(opts);
    let mut text = if pretty {
        bundle.to_json_pretty()
    } else {
        bundle.to_json()
    };
    text.push('\n');
    text
}

/// What `site-gen build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub now: Timestamp,
    /// Build even from sample data (made up): a demo site. Without it such inputs are refused.
    pub allow_sample: bool,
}

/// What a build did, with the time each stage took.
#[derive(Debug)]
pub struct BuildReport {
    pub inputs: usize,
    pub incidents: usize,
    pub public_incidents: usize,
    pub files: usize,
    /// Files written or removed (all of them, but for an incremental build).
    pub written: usize,
    pub bytes: u64,
    pub load: Duration,
    pub render: Duration,
    pub write: Duration,
    /// Previous sites moved aside, not yet removed: the caller removes them
    /// ([`output::Retired::remove`]) when it suits it.
    pub retired: Vec<output::Retired>,
}

/// A build either writes the site or finds problems in its inputs (and writes nothing).
#[derive(Debug)]
pub enum BuildOutcome {
    Built(BuildReport),
    Invalid(Vec<FileProblems>),
    /// These inputs are sample data and the build was not asked for a demo site: nothing built.
    Sample(Vec<PathBuf>),
}

/// Why a build refuses sample inputs, naming them and the way to build a demo anyway.
pub fn sample_refusal(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!(
        "{}: sample data (made up by `site-gen sample`, or exported from the demo workspace). A status site built from it would show invented incidents to the public. Build from your own workspace's export, or pass --allow-sample to build a demo site.",
        names.join(", ")
    )
}

/// Checks `--base-url`: an absolute http(s) address.
pub fn check_base_url(url: &str) -> Result<()> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .with_context(|| format!("--base-url {url:?} must start with https:// or http://"))?;
    if rest.is_empty()
        || rest.starts_with('/')
        || url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
    {
        anyhow::bail!("--base-url {url:?} is not a usable address (expected something like https://status.example.com)");
    }
    Ok(())
}

/// `site-gen build`: load and check every input, merge, project, render, write (all or nothing).
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome> {
    if let Some(url) = &opts.base_url {
        check_base_url(url)?;
    }
    let started = Instant::now();
    let report = load(&opts.inputs)?;
    if !report.failed.is_empty() {
        return Ok(BuildOutcome::Invalid(report.failed));
    }
    let bundles: Vec<(&Path, &Bundle)> = report
        .loaded
        .iter()
        .map(|l| (l.path.as_path(), &l.bundle))
        .collect();
    let outcome = build_from(opts, &bundles, started, Output::Whole);
    // Freeing a big workspace takes a tenth of a second: do it off the caller's path (the CLI
    // exits without waiting).
    drop(bundles);
    std::thread::spawn(move || drop(report));
    outcome
}

/// `serve`'s memory between builds: each input file's last parse (a changed file is parsed
/// again only where its text changed, [`Parsed::reparse`]), the last projection (an unchanged
/// incident keeps its public view, [`public::project_again`]), the last render (its pages are
/// kept, [`status_pages::site::render_site_again`]) and each output file's checksum as last
/// written (only changed files are written, [`output::update_site`]).
#[derive(Debug, Default)]
pub struct Session {
    parsed: std::collections::BTreeMap<PathBuf, Parsed>,
    known: std::collections::BTreeMap<String, u64>,
    /// Memory the next file is read into (a file's previous text).
    spare: Vec<u8>,
    /// The last projection, and the one input it was made from (with several inputs, merged,
    /// every incident is projected again).
    projection: public::LastProjection,
    projected_from: Option<PathBuf>,
    /// The last render: an incident's pages are rendered again only when it changed.
    last: status_pages::site::LastRender,
    /// How many incidents the last build parsed.
    pub parsed_incidents: usize,
}

impl Session {
    /// The same build as [`build`], reading only what changed since the last one and writing
    /// only the files that changed.
    pub fn build(&mut self, opts: &BuildOptions) -> Result<BuildOutcome> {
        if let Some(url) = &opts.base_url {
            check_base_url(url)?;
        }
        let started = Instant::now();
        let paths = input_files(&opts.inputs)?;
        let mut parsed = std::collections::BTreeMap::new();
        let mut failed = Vec::new();
        // Which incidents of each file are the last parse's records.
        let mut reused = Vec::new();
        self.parsed_incidents = 0;
        for path in paths {
            let mut bytes = std::mem::take(&mut self.spare);
            read_whole(&path, &mut bytes)?;
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    failed.push(not_utf8(path, e.utf8_error()));
                    continue;
                }
            };
            let result = match self.parsed.remove(&path) {
                Some(before) => before.reparse(text).map(|r| {
                    self.spare = r.old_text.into_bytes();
                    reused = r.reused;
                    (r.parsed, r.parsed_incidents)
                }),
                None => Parsed::new(text).map(|p| {
                    let n = p.bundle().incidents.len();
                    (p, n)
                }),
            };
            match result {
                Ok((p, n)) => {
                    self.parsed_incidents += n;
                    parsed.insert(path, p);
                }
                Err(problems) => failed.push(FileProblems { path, problems }),
            }
        }
        // Files no longer among the inputs are forgotten; a file that failed is parsed whole
        // the next time.
        self.parsed = parsed;
        if !failed.is_empty() {
            return Ok(BuildOutcome::Invalid(failed));
        }
        let bundles: Vec<(&Path, &Bundle)> = self
            .parsed
            .iter()
            .map(|(path, p)| (path.as_path(), p.bundle()))
            .collect();
        // The last projection's views are of these records only when it was made from this one
        // input, as last parsed (a build that parses but does not project forgets it).
        let projection = std::mem::take(&mut self.projection);
        let single = match &bundles[..] {
            [(path, _)] => Some(path.to_path_buf()),
            _ => None,
        };
        if single.is_none() || self.projected_from != single {
            reused.clear();
        }
        self.projected_from = None;
        let mut again = Again {
            projection,
            unchanged: reused,
            known: &mut self.known,
            last: &mut self.last,
        };
        let outcome = build_from(opts, &bundles, started, Output::Changed(&mut again))?;
        if matches!(outcome, BuildOutcome::Built(_)) {
            self.projection = again.projection;
            self.projected_from = single;
        }
        Ok(outcome)
    }

    /// Gets the memory the next version of the largest input is read into ready, its pages
    /// touched, so that the first rebuild does not wait for the system to hand them out (tens
    /// of milliseconds at 10,000 incidents). Call it between builds.
    pub fn make_room(&mut self) {
        let need = self
            .parsed
            .values()
            .map(Parsed::text_len)
            .max()
            .unwrap_or(0);
        // Room for the file to grow a little (a new update) without moving, filled so that its
        // pages are the process's; it keeps its length, so reading into it clears nothing.
        if self.spare.capacity() < need + need / 32 {
            let room = need + need / 16;
            self.spare = vec![1; room];
        }
    }
}

fn not_utf8(path: PathBuf, e: std::str::Utf8Error) -> FileProblems {
    FileProblems {
        path,
        problems: vec![Problem {
            path: "$".to_owned(),
            message: format!("the file is not UTF-8 text (byte {})", e.valid_up_to()),
        }],
    }
}

/// How a build writes: the whole site, swapped in at once ([`output::write_site`]), or only
/// what changed since the last build of a [`Session`].
enum Output<'s, 'a> {
    Whole,
    Changed(&'a mut Again<'s>),
}

/// What a [`Session`]'s build reuses and keeps: the last projection, which incidents are its
/// records unchanged (by place in the bundle), the written files' checksums, the last render.
struct Again<'s> {
    projection: public::LastProjection,
    unchanged: Vec<bool>,
    known: &'s mut std::collections::BTreeMap<String, u64>,
    last: &'s mut status_pages::site::LastRender,
}

/// Check for samples, merge, project, render, write. `started`: when loading began.
fn build_from(
    opts: &BuildOptions,
    bundles: &[(&Path, &Bundle)],
    started: Instant,
    mut write: Output<'_, '_>,
) -> Result<BuildOutcome> {
    let samples: Vec<PathBuf> = bundles
        .iter()
        .filter(|(_, b)| b.sample)
        .map(|(path, _)| path.to_path_buf())
        .collect();
    if !samples.is_empty() && !opts.allow_sample {
        return Ok(BuildOutcome::Sample(samples));
    }
    let merged = merge_refs(bundles.iter().map(|(_, b)| *b))?;
    let bundle: &Bundle = merged.as_ref();
    let load = started.elapsed();

    let started = Instant::now();
    let (site, same) = match &mut write {
        Output::Whole => (public::project(bundle, opts.now), Vec::new()),
        Output::Changed(again) => {
            let p =
                public::project_again(bundle, opts.now, &again.unchanged, &mut again.projection);
            (p.site, p.same)
        }
    };
    let render_opts = render::RenderOptions {
        base_url: opts.base_url.clone(),
    };
    let mut report = BuildReport {
        written: 0,
        inputs: bundles.len(),
        incidents: bundle.incidents.len(),
        public_incidents: site.incidents.len(),
        files: 0,
        bytes: 0,
        load,
        render: Duration::ZERO,
        write: Duration::ZERO,
        retired: Vec::new(),
    };
    let counts = |files: &[render::OutFile]| {
        (
            files.len(),
            files.iter().map(|f| f.bytes.len() as u64).sum(),
        )
    };
    let merged = match merged {
        std::borrow::Cow::Owned(b) => Some(b),
        std::borrow::Cow::Borrowed(_) => None,
    };
    match write {
        Output::Whole => {
            let files = render::render_site(&site, &render_opts)?;
            report.render = started.elapsed();
            let started = Instant::now();
            report.retired = output::write_site(&opts.out, &files)?;
            report.write = started.elapsed();
            (report.files, report.bytes) = counts(&files);
            report.written = files.len();
            // Freeing a big site takes a tenth of a second: off the caller's path (the CLI
            // exits without waiting).
            std::thread::spawn(move || drop((merged, site, files)));
        }
        Output::Changed(again) => {
            let rendered =
                status_pages::site::render_site_again(&site, &render_opts, &same, again.last)?;
            report.render = started.elapsed();
            let started = Instant::now();
            let u = output::update_site(&opts.out, &rendered.files, &rendered.same, again.known)?;
            report.write = started.elapsed();
            (report.files, report.bytes) = counts(&rendered.files);
            report.written = u.written + u.removed;
            report.retired = u.retired;
            again.last.keep(rendered);
            again.projection.keep(site);
            std::thread::spawn(move || drop(merged));
        }
    }
    Ok(BuildOutcome::Built(report))
}

/// One input is itself; several are merged (the core merge: the one the app's import uses).
fn merge_refs<'b>(
    mut bundles: impl Iterator<Item = &'b Bundle>,
) -> Result<std::borrow::Cow<'b, Bundle>> {
    let first = bundles.next().context("no input bundle")?;
    let mut merged: Option<Bundle> = None;
    for b in bundles {
        let acc = merged.unwrap_or_else(|| incident_core::merge::normalize(first));
        merged = Some(incident_core::merge::merge(&acc, b));
    }
    Ok(merged.map_or(std::borrow::Cow::Borrowed(first), std::borrow::Cow::Owned))
}
