//! The site as one zip file (the workspace's *Publish* downloads it): every file of the site at
//! the zip's root, deflated, dated at the build's now. A file at a time, so the caller can let
//! its page answer between files.

use std::io::{Cursor, Write};

use incident_core::Timestamp;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::{OutFile, RenderError};

/// A zip being written in memory.
pub struct Archive {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive").finish_non_exhaustive()
    }
}

fn failed(e: impl std::fmt::Display) -> RenderError {
    RenderError(format!("the zip could not be written: {e}"))
}

impl Archive {
    /// An empty zip whose files are dated `now` (UTC; zip dates have no zone).
    pub fn new(now: Timestamp) -> Self {
        use chrono::{Datelike, Timelike};
        let t = now.datetime();
        let date = DateTime::from_date_and_time(
            u16::try_from(t.year()).unwrap_or(1980),
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
        )
        .unwrap_or_default();
        Archive {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(date)
                .unix_permissions(0o644),
        }
    }

    /// Adds one file of the site.
    pub fn add(&mut self, file: &OutFile) -> Result<(), RenderError> {
        self.zip
            .start_file(file.path.as_str(), self.options)
            .map_err(failed)?;
        self.zip.write_all(&file.bytes).map_err(failed)
    }

    /// The zip's bytes.
    pub fn finish(self) -> Result<Vec<u8>, RenderError> {
        Ok(self.zip.finish().map_err(failed)?.into_inner())
    }
}
