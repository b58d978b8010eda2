//! `site-gen`: the command line. Parses arguments, calls the library, prints errors with their
//! cause chain.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// mimalloc: the build makes and drops millions of small strings on every core, which glibc's
/// malloc served a quarter slower (ARCHITECTURE.md, Dependencies).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use incident_core::publish_check;
use incident_core::sample::{SampleOptions, DEFAULT_NOW};
use incident_core::Timestamp;

#[derive(Parser, Debug)]
#[command(
    name = "site-gen",
    version,
    about = "Cygni status site generator: turns exported incident bundles into a static public status site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `build` and `serve` share.
#[derive(clap::Args, Debug)]
struct SiteArgs {
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The folder to write the site into; replaced as a whole, only when the build succeeds.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The public address of the site, for absolute links in feeds and the sitemap.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The build's notion of now (RFC 3339 UTC); defaults to SOURCE_DATE_EPOCH when set, else
    /// the current time (at each build).
    #[arg(long, value_name = "RFC3339", value_parser = parse_timestamp)]
    now: Option<Timestamp>,
    /// Build from sample data too (`site-gen sample`, an export of the demo): a demo site.
    /// Without it, sample inputs are refused, so made-up incidents never reach a public site.
    #[arg(long)]
    allow_sample: bool,
}

impl SiteArgs {
    fn options(self) -> anyhow::Result<site_gen::BuildOptions> {
        Ok(site_gen::BuildOptions {
            inputs: self.inputs,
            out: self.out,
            base_url: self.base_url,
            allow_sample: self.allow_sample,
            now: build_now(self.now)?,
        })
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the static status site from bundles (files or folders of them; several are merged).
    Build {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build the site, serve it on 127.0.0.1 for a preview, and rebuild when an input changes.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        #[arg(long, default_value_t = 8090)]
        port: u16,
    },
    /// Removes a previous site that a build moved aside (run by `build` itself, in the
    /// background, after it has answered).
    #[command(hide = true)]
    RemovePrevious { folder: PathBuf },
    /// Validate bundles and report every problem with its file and JSON path; then the publish
    /// check: warn of what the site would publish that should probably not be (template
    /// placeholders, people's names, email addresses, phone numbers, internal hosts and links to
    /// chat, tickets or paging), each with its JSON path, for a person to confirm or fix.
    Check {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Exit 1 when the publish check finds anything (for CI); without it, its findings are
        /// warnings and only invalid bundles fail.
        #[arg(long)]
        strict: bool,
        /// The check's notion of now (RFC 3339 UTC), which decides what is on the site;
        /// defaults to the current time.
        #[arg(long, value_name = "RFC3339", value_parser = parse_timestamp)]
        now: Option<Timestamp>,
    },
    /// Tell a team's channels about what a build published that the build before had not: each
    /// new public update, incident, maintenance update, correction and published post-mortem,
    /// at most once per channel (a log, kept between runs, records each). Exit 1 if anything
    /// could not be delivered (it is sent again by the next run).
    Notify {
        /// The new build's published.json.
        #[arg(long, value_name = "FILE")]
        manifest: PathBuf,
        /// The published.json of the build before (the one readers had seen).
        #[arg(long, value_name = "FILE")]
        previous: PathBuf,
        /// The delivery log: read, and written after every message.
        #[arg(long, value_name = "FILE")]
        log: PathBuf,
        /// A webhook to post a JSON object with every field of the event to (repeatable).
        #[arg(long = "webhook", value_name = "URL")]
        webhooks: Vec<String>,
        /// A Slack-compatible incoming webhook (repeatable).
        #[arg(long = "slack", value_name = "URL")]
        slack: Vec<String>,
        /// Attempts after the first when the answer may change (no answer, 408, 429, 5xx).
        #[arg(long, default_value_t = 4)]
        retries: u32,
        /// Milliseconds before the first retry; doubled for each next one.
        #[arg(long, default_value_t = 1000)]
        backoff_ms: u64,
        /// Seconds one attempt may take.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// Refuse to send more than this many new events (a wrong --previous would otherwise
        /// post the site's whole history).
        #[arg(long, default_value_t = 50)]
        max: usize,
    },
    /// Write a realistic, deterministic sample bundle for Cygni.
    Sample {
        /// How many incidents (including a few drills and three still open at --now).
        #[arg(long, default_value_t = 120)]
        incidents: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The sample's present (RFC 3339 UTC).
        #[arg(long, value_name = "RFC3339", value_parser = parse_timestamp, default_value = DEFAULT_NOW)]
        now: Timestamp,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write compact JSON instead of indented JSON (about a third smaller).
        #[arg(long)]
        compact: bool,
    },
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The build's now: `--now`, else `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds.org convention, for a build that must give the same site later), else
/// the clock.
fn build_now(now: Option<Timestamp>) -> anyhow::Result<Timestamp> {
    match (now, source_date_epoch()?) {
        (Some(n), _) | (None, Some(n)) => Ok(n),
        (None, None) => site_gen::serve::now_utc(),
    }
}

/// `SOURCE_DATE_EPOCH`, when it is set.
fn source_date_epoch() -> anyhow::Result<Option<Timestamp>> {
    let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let secs: i64 = text.trim().parse().map_err(|_| {
        anyhow::anyhow!("SOURCE_DATE_EPOCH is {text:?}, not a number of seconds since 1970")
    })?;
    let at = secs.checked_mul(1000).and_then(Timestamp::from_unix_millis);
    at.map(Some)
        .ok_or_else(|| anyhow::anyhow!("SOURCE_DATE_EPOCH {secs} is out of range"))
}

fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse(s).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check {
            inputs,
            strict,
            now,
        } => {
            let report = site_gen::load(&inputs)?;
            let now = build_now(now)?;
            let (mut findings, mut files_with_findings) = (0, 0);
            for loaded in &report.loaded {
                let b = &loaded.bundle;
                println!(
                    "ok: {} ({} incidents, {} maintenances, {} components, schema version {}){}",
                    loaded.path.display(),
                    b.incidents.len(),
                    b.maintenances.len(),
                    b.settings.components.len(),
                    b.schema_version,
                    if b.sample {
                        "; sample data (made up): `build` refuses it without --allow-sample"
                    } else {
                        ""
                    }
                );
                let found = publish_check::check_public(b, now);
                for f in &found {
                    eprintln!(
                        "warning: {}: {}: {}",
                        loaded.path.display(),
                        f.place,
                        f.message
                    );
                }
                findings += found.len();
                files_with_findings += usize::from(!found.is_empty());
            }
            if findings > 0 {
                eprintln!(
                    "publish check: {findings} thing{} to confirm or fix before publishing, in {files_with_findings} file{}",
                    plural(findings),
                    plural(files_with_findings)
                );
            } else if !report.loaded.is_empty() {
                eprintln!("publish check: nothing to confirm");
            }
            for failed in &report.failed {
                eprintln!("{failed}");
            }
            if !report.failed.is_empty() {
                let n: usize = report.failed.iter().map(|f| f.problems.len()).sum();
                eprintln!(
                    "{n} problem{} in {} file{}",
                    plural(n),
                    report.failed.len(),
                    plural(report.failed.len())
                );
                return Ok(ExitCode::from(1));
            }
            if strict && findings > 0 {
                eprintln!("failing (--strict): the publish check found {findings} thing{} to confirm or fix", plural(findings));
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample {
            incidents,
            seed,
            now,
            out,
            compact,
        } => {
            let started = Instant::now();
            let text = site_gen::sample_json(
                &SampleOptions {
                    incidents,
                    seed,
                    now,
                },
                !compact,
            );
            site_gen::write_atomically(&out, text.as_bytes())?;
            eprintln!(
                "wrote {} ({incidents} incidents, seed {seed}, now {now}, {:.1} MB) in {:.2} s",
                out.display(),
                text.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { site } => {
            let opts = site.options()?;
            let out = opts.out.clone();
            match site_gen::build(&opts)? {
                site_gen::BuildOutcome::Built(r) => {
                    eprintln!(
                        "wrote {} ({} files, {:.1} MB; {} of {} incidents public) in {:.0} ms (load {:.0}, render {:.0}, write {:.0})",
                        out.display(),
                        r.files,
                        r.bytes as f64 / 1e6,
                        r.public_incidents,
                        r.incidents,
                        (r.load + r.render + r.write).as_secs_f64() * 1000.0,
                        r.load.as_secs_f64() * 1000.0,
                        r.render.as_secs_f64() * 1000.0,
                        r.write.as_secs_f64() * 1000.0,
                    );
                    remove_in_background(r.retired);
                    Ok(ExitCode::SUCCESS)
                }
                site_gen::BuildOutcome::Invalid(failed) => {
                    for f in &failed {
                        eprintln!("{f}");
                    }
                    eprintln!("nothing was written to {}", out.display());
                    Ok(ExitCode::from(1))
                }
                site_gen::BuildOutcome::Sample(paths) => {
                    eprintln!("{}", site_gen::sample_refusal(&paths));
                    eprintln!("nothing was written to {}", out.display());
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::RemovePrevious { folder } => {
            // Only what a build moved aside: `.<name>.old-<pid>` holding a site-gen marker.
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let empty = std::fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_none());
            if !(name.starts_with('.') && name.contains(".old-"))
                || !(empty || folder.join(site_gen::output::MARKER).is_file())
            {
                anyhow::bail!(
                    "{} is not a previous site moved aside by a build",
                    folder.display()
                );
            }
            site_gen::output::Retired(folder).remove();
            Ok(ExitCode::SUCCESS)
        }
        Command::Notify {
            manifest,
            previous,
            log,
            webhooks,
            slack,
            retries,
            backoff_ms,
            timeout,
            max,
        } => {
            use site_gen::notify::{Format, Target};
            let targets: Vec<Target> = webhooks
                .into_iter()
                .map(|url| (url, Format::Generic))
                .chain(slack.into_iter().map(|url| (url, Format::Slack)))
                .map(|(url, format)| Target { url, format })
                .collect();
            if targets.is_empty() {
                anyhow::bail!("no channel to tell: pass --webhook URL or --slack URL");
            }
            let opts = site_gen::notify::NotifyOptions {
                manifest,
                previous,
                log,
                targets,
                retries,
                backoff: std::time::Duration::from_millis(backoff_ms),
                timeout: std::time::Duration::from_secs(timeout),
                max,
            };
            let r = site_gen::notify::notify(&opts)?;
            for f in &r.unsure {
                eprintln!("warning: {} to {}: {}", f.event, f.target, f.reason);
            }
            for f in &r.failed {
                eprintln!("not delivered: {} to {}: {}", f.event, f.target, f.reason);
            }
            eprintln!(
                "{} new event{}: {} message{} sent, {} sent before, {} not delivered, {} unsure",
                r.new,
                plural(r.new),
                r.sent,
                plural(r.sent),
                r.already,
                r.failed.len(),
                r.unsure.len()
            );
            Ok(if r.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Serve { site, port } => {
            let fixed = site.now.is_some() || source_date_epoch()?.is_some();
            let opts = site.options()?;
            site_gen::serve::serve(opts, port, fixed)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Removing the previous site (as many files as the build wrote) is left to a child process, so
/// the command answers as soon as the new site is in place. If the child cannot start, or is
/// killed, the folder is removed here, or by the next build.
fn remove_in_background(retired: Vec<site_gen::output::Retired>) {
    for r in retired {
        let child = std::env::current_exe().and_then(|exe| {
            std::process::Command::new(exe)
                .arg("remove-previous")
                .arg(&r.0)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
        });
        if child.is_err() {
            r.remove();
        }
    }
}
