//! What the CLI tests share: running the `site-gen` under test, and reading its output.

// Each test binary uses some of these.
#![allow(dead_code)]

use std::process::{Command, Output};

/// `site-gen ARGS` with `env` set.
pub(crate) fn site_gen_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_site-gen"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("site-gen runs")
}

/// `site-gen ARGS`.
pub(crate) fn site_gen(args: &[&str]) -> Output {
    site_gen_env(args, &[])
}

/// Output as text.
pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
