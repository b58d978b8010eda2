//! Reading a bundle from text: every problem is reported with its JSON path and a plain message,
//! and nothing is returned unless the whole bundle is sound.

use std::fmt;

use crate::bundle::Bundle;

mod checks;
mod parse;
mod reparse;

pub use parse::{incident_from_v2, is_v1_sample_device, migrate, BundleParser};
pub use reparse::{Parsed, Reparsed};

use checks::check_all;
use parse::{cap, parse_located, parse_typed};

/// One thing wrong with a bundle, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A JSON path such as `$.incidents[3].timeline[2].at`.
    pub path: String,
    pub message: String,
}

impl Problem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// At most this many problems are reported; past it, one last problem says how many more.
pub const MAX_PROBLEMS: usize = 200;

/// Parses, migrates and checks a bundle. On failure, returns every problem found (structural
/// problems first; the semantic checks run only on a bundle whose shape is right).
pub fn parse_bundle(text: &str) -> Result<Bundle, Vec<Problem>> {
    // Fast path: a current-version bundle of the right shape deserializes straight into the
    // types (several times faster than through a `Value`); anything else takes the located path.
    match parse_typed(text) {
        Some(bundle) => checked(bundle),
        None => parse_located(text),
    }
}

/// A bundle of the current version whose shape is right: checked.
fn checked(bundle: Bundle) -> Result<Bundle, Vec<Problem>> {
    checked_but(bundle, &[])
}

/// [`checked`], the incidents `passed` marks having passed their own checks before against the
/// same settings ([`checks::check_all_but`]).
fn checked_but(bundle: Bundle, passed: &[bool]) -> Result<Bundle, Vec<Problem>> {
    let mut problems = checks::check_all_but(&bundle, passed);
    cap(&mut problems);
    if problems.is_empty() {
        Ok(bundle)
    } else {
        Err(problems)
    }
}

/// Ids are used in file paths and URLs of the status site, so they are kept to a safe alphabet.
pub fn is_valid_id(id: &str) -> bool {
    // A table, not a chain of comparisons: every id of a workspace passes through here.
    const ALLOWED: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
            b += 1;
        }
        t
    };
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| ALLOWED[usize::from(b)])
}

/// The semantic checks of a bundle whose shape is right: ids, references, time order.
pub fn check(bundle: &Bundle) -> Vec<Problem> {
    let mut problems = check_all(bundle);
    cap(&mut problems);
    problems
}

#[cfg(test)]
mod tests;
