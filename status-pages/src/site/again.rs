//! The site rendered again after a change (`site-gen serve`): an incident's pages are rendered
//! again only when its public view (as [`project_again`] says) or what those pages show of the
//! site changed; every other file is rendered as [`super::render_site`] renders it. The result
//! is always the same as a whole render (tested, with every part of the site changed in turn).
//!
//! [`project_again`]: incident_core::public::project_again

use std::collections::{HashMap, HashSet};

use incident_core::model::SiteLanguage;
use incident_core::public::{PublicIncident, PublicSite};

use super::kept::{Inputs, Kept, Made};
use super::{finish_with, incident_files, maintenance_files, site_wide, RenderOptions};
use crate::pages::Context;
use crate::{OutFile, RenderError};

/// What an incident's pages (its page and its post-mortem's, [`incident_files`]) show of the
/// site beside the incident: the site's name, its language and its address. Nothing else of the
/// site reaches them (not the time of the build: their footer does not say it).
type Frame = (String, SiteLanguage, String);

fn frame(site: &PublicSite, base: &str) -> Frame {
    (site.name.clone(), site.language, base.to_owned())
}

/// The last render, kept for the next one.
#[derive(Debug, Default)]
pub struct LastRender {
    frame: Option<Frame>,
    /// Where each incident's pages are in `files`, and its version, by id.
    incidents: HashMap<String, (Vec<usize>, u64)>,
    files: Vec<OutFile>,
    /// What each group of site-wide files that may be kept was made from ([`Kept`]).
    inputs: Inputs,
    /// The last version given to an incident's view.
    version: u64,
}

/// A render of the site, with the files that are the same as in the last render.
#[derive(Debug)]
pub struct Rendered {
    /// Every file, sorted by path, as [`super::render_site`] gives them.
    pub files: Vec<OutFile>,
    /// For each file, whether it is the last render's file of that path, unchanged.
    pub same: Vec<bool>,
    /// How many incidents' pages were rendered (the others were the last render's).
    pub rendered_incidents: usize,
    /// The pages of each incident: paths and version, by incident id.
    pages: HashMap<String, (Vec<String>, u64)>,
    /// The site-wide files that may be kept next time, with what they were made from.
    made: Vec<Made>,
    version: u64,
    frame: Frame,
}

impl LastRender {
    /// Keeps `rendered` for the next render. Call it once the files are written: what is kept
    /// is what the next render says is unchanged.
    pub fn keep(&mut self, rendered: Rendered) {
        let index: HashMap<&str, usize> = rendered
            .files
            .iter()
            .enumerate()
            .map(|(n, f)| (f.path.as_str(), n))
            .collect();
        let at = |paths: &[String]| -> Vec<usize> {
            paths
                .iter()
                .filter_map(|p| index.get(p.as_str()).copied())
                .collect()
        };
        let incidents = rendered
            .pages
            .into_iter()
            .map(|(id, (paths, version))| (id, (at(&paths), version)))
            .collect();
        let inputs = rendered
            .made
            .into_iter()
            .filter_map(|m| {
                let files = at(&m.paths);
                let first = m.paths.into_iter().next()?;
                Some((first, (m.inputs, files)))
            })
            .collect();
        drop(index);
        *self = LastRender {
            frame: Some(rendered.frame),
            incidents,
            files: rendered.files,
            inputs,
            version: rendered.version,
        };
    }
}

/// The whole site, as [`super::render_site`] renders it, taking each incident's pages from `last`
/// where neither the incident nor its pages' frame changed: `same` says, for each of
/// `site.incidents`, that its view is the one `last` was rendered from (as
/// [`project_again`](incident_core::public::project_again) says; a missing entry is a changed
/// view). `last` is emptied: give the result to [`LastRender::keep`] once it is written.
pub fn render_site_again(
    site: &PublicSite,
    opts: &RenderOptions,
    same: &[bool],
    last: &mut LastRender,
) -> Result<Rendered, RenderError> {
    render_again(site, opts, same, last, true)
}

/// [`render_site_again`]; `keep`: whether the site-wide files that may be kept are noted for
/// the next render (a whole render, rendered once, does not note them).
pub(super) fn render_again(
    site: &PublicSite,
    opts: &RenderOptions,
    same: &[bool],
    last: &mut LastRender,
    keep: bool,
) -> Result<Rendered, RenderError> {
    let mut last = std::mem::take(last);
    let base = crate::base_url(site, opts.base_url.as_deref());
    let this_frame = frame(site, &base);
    let same_frame = last.frame.as_ref() == Some(&this_frame);
    // Each incident's version: its last one while its view and the frame hold, else a new one.
    let mut version = last.version;
    let mut versions = Vec::with_capacity(site.incidents.len());
    // Each incident's pages: the last ones, or `None` to render.
    let kept: Vec<Option<Vec<OutFile>>> = site
        .incidents
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let was = last
                .incidents
                .get(&i.id)
                .filter(|_| same_frame && same.get(n) == Some(&true));
            versions.push(match was {
                Some((_, v)) => *v,
                None => {
                    version += 1;
                    version
                }
            });
            // (An incident always has a page: one with none kept is rendered.)
            let (at, _) = was.filter(|(at, _)| !at.is_empty())?;
            Some(
                at.iter()
                    .map(|&n| std::mem::replace(&mut last.files[n], OutFile::new("", "")))
                    .collect(),
            )
        })
        .collect();
    let no_inputs = Inputs::new();
    let kept_files = Kept::new(
        &versions,
        &last.files,
        if same_frame { &last.inputs } else { &no_inputs },
    );
    let ctx = Context::new(site, &base);
    let ctx = if keep {
        ctx.with_kept(&kept_files)
    } else {
        ctx
    };
    let render = |(i, kept): (&PublicIncident, Option<Vec<OutFile>>)| match kept {
        Some(files) => Ok((files, true)),
        None => incident_files(&ctx, i).map(|files| (files, false)),
    };
    #[cfg(feature = "parallel")]
    let (site_files, per_incident) = {
        use rayon::prelude::*;
        rayon::join(
            || site_wide(&ctx),
            || -> Result<Vec<(Vec<OutFile>, bool)>, RenderError> {
                site.incidents
                    .par_iter()
                    .zip(kept.into_par_iter())
                    .map(render)
                    .collect()
            },
        )
    };
    #[cfg(not(feature = "parallel"))]
    let (site_files, per_incident) = (
        site_wide(&ctx),
        site.incidents
            .iter()
            .zip(kept)
            .map(render)
            .collect::<Result<Vec<_>, RenderError>>(),
    );
    let per_incident = per_incident?;
    let site_files = site_files?;
    let maintenance = maintenance_files(&ctx)?;
    drop(ctx);
    let made = kept_files.into_made();
    let kept_paths: HashSet<&str> = made
        .iter()
        .filter(|m| m.kept)
        .flat_map(|m| m.paths.iter().map(String::as_str))
        .collect();
    let mut pages = HashMap::with_capacity(per_incident.len());
    // Each file, and whether it is the last render's.
    let mut files: Vec<(OutFile, bool)> = site_files
        .into_iter()
        .map(|f| {
            let same = kept_paths.contains(f.path.as_str());
            (f, same)
        })
        .collect();
    drop(kept_paths);
    let mut rendered_incidents = 0;
    for ((i, (incident_files, same)), v) in site.incidents.iter().zip(per_incident).zip(&versions) {
        pages.insert(
            i.id.clone(),
            (incident_files.iter().map(|f| f.path.clone()).collect(), *v),
        );
        rendered_incidents += usize::from(!same);
        files.extend(incident_files.into_iter().map(|f| (f, same)));
    }
    files.extend(maintenance.into_iter().map(|f| (f, false)));
    let (files, same) = finish_with(files, &base, false).into_iter().unzip();
    // The last render's other files are freed off the caller's path where there are threads.
    #[cfg(feature = "parallel")]
    rayon::spawn(move || drop(last));
    Ok(Rendered {
        files,
        same,
        rendered_incidents,
        pages,
        made: if keep { made } else { Vec::new() },
        version,
        frame: this_frame,
    })
}
