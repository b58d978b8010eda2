//! The site generator as a library: load bundles (IO) → check → (later: merge → public projection
//! → render into memory) → write (IO, one function). The binary only parses arguments and prints
//! errors with their cause chain.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use incident_core::sample::{self, SampleOptions};
use incident_core::{parse_bundle, Bundle, Problem};

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
    entries.sort();
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
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let parsed = match std::str::from_utf8(&bytes) {
            Ok(text) => parse_bundle(text),
            Err(e) => Err(vec![Problem {
                path: "$".to_owned(),
                message: format!("the file is not UTF-8 text (byte {})", e.valid_up_to()),
            }]),
        };
        match parsed {
            Ok(bundle) => report.loaded.push(Loaded { path, bundle }),
            Err(problems) => report.failed.push(FileProblems { path, problems }),
        }
    }
    Ok(report)
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
