//! The publish check's scanners of words and brackets: people's names and chat handles, and
//! placeholders.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::model::Person;

use super::scan::Hit;
use super::FindingKind;

/// A `[...]` of a text, by byte offsets (`end` is after the `]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bracket {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Whether only up to three spaces come before `at` on its line (where a markdown link
/// reference definition starts).
fn at_line_start(b: &[u8], at: usize) -> bool {
    let line = b[..at]
        .iter()
        .rposition(|c| *c == b'\n')
        .map_or(0, |p| p + 1);
    at - line <= 3 && b[line..at].iter().all(|c| *c == b' ')
}

/// Whether what follows `]` makes a markdown link reference definition: a colon and an
/// address (`[docs]: https://…`, `[top]: #top`), not words (`[Service]: down`).
fn defines(after: &str) -> bool {
    after.strip_prefix(':').is_some_and(|rest| {
        let target = rest.split_whitespace().next().unwrap_or_default();
        target.starts_with(['<', '#', '/']) || target.contains(['/', '.', ':'])
    })
}

/// The labels of the markdown link reference definitions (`[label]: url`), lowercased.
fn reference_labels(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let (label, after) = line[indent..].strip_prefix('[')?.split_once(']')?;
            (indent <= 3 && defines(after)).then(|| label.trim().to_lowercase())
        })
        .collect()
}

/// Every `[...]` of `text` on one line and without a `[` inside, that is not part of a markdown
/// link: `[text](url)`, `[text][ref]`, a definition `[ref]: url`, or `[ref]` with one.
pub(super) fn brackets(text: &str) -> Vec<Bracket> {
    let b = text.as_bytes();
    let definitions = if text.contains("]:") {
        reference_labels(text)
    } else {
        BTreeSet::new()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'[' {
            i += 1;
            continue;
        }
        let Some(len) = b[i + 1..]
            .iter()
            .position(|c| matches!(c, b'[' | b']' | b'\n'))
        else {
            break;
        };
        let close = i + 1 + len;
        if b[close] != b']' {
            i = close;
            continue;
        }
        let end = close + 1;
        match b.get(end) {
            Some(b'(') => {}
            // `[text][ref]`: the reference is part of the link.
            Some(b'[') => {
                i = b[end..]
                    .iter()
                    .position(|c| matches!(c, b']' | b'\n'))
                    .map_or(b.len(), |p| end + p + 1);
                continue;
            }
            Some(b':')
                if at_line_start(b, i)
                    && defines(text[end..].lines().next().unwrap_or_default()) => {}
            _ if definitions.contains(&text[i + 1..close].trim().to_lowercase()) => {}
            _ => out.push(Bracket { start: i, end }),
        }
        i = end;
    }
    out
}

/// The code of a markdown text (code spans and blocks), where `[...]` is code, not a
/// placeholder.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    if !text.contains(['`', '~', '\t']) && !text.contains("    ") {
        return Vec::new();
    }
    Parser::new(text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// Placeholders: every `[...]` of the playbook's templates (`template`, lowercased), wherever it
/// is; any other `[...]` that is not a link, a task box (`[ ]`, `[x]`), a footnote (`[^1]`), a
/// numbered reference (`[1]`), an index (`items[0]`), code, or longer than a line of words.
pub(super) fn placeholders(text: &str, template: &BTreeSet<String>) -> Vec<Hit> {
    let code = code_ranges(text);
    brackets(text)
        .into_iter()
        .filter_map(|br| {
            let found = &text[br.start..br.end];
            let inner = found[1..found.len() - 1].trim();
            let from_template = template.contains(&found.to_lowercase());
            let looks_like_one = !inner.is_empty()
                && !matches!(inner, "x" | "X")
                && !inner.starts_with('^')
                && !inner.chars().all(|c| c.is_ascii_digit())
                && inner.chars().count() <= 100
                && !text[..br.start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                && !code.iter().any(|r| r.start <= br.start && br.end <= r.end);
            (from_template || looks_like_one).then(|| Hit {
                start: br.start,
                end: br.end,
                kind: FindingKind::Placeholder,
                found: found.to_owned(),
                message: if from_template {
                    format!("template placeholder “{found}” left in")
                } else {
                    format!("what looks like a placeholder, “{found}”")
                },
            })
        })
        .collect()
}

/// A character as names are compared: lowercase, one apostrophe.
fn fold(c: char) -> impl Iterator<Item = char> {
    (if c == '’' { '\'' } else { c }).to_lowercase()
}

/// `name` as compared: its words folded, one space between them.
fn folded(name: &str) -> Vec<char> {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .flat_map(fold)
        .collect()
}

/// Where `pat` (folded) matches `text` at `from`, a space of `pat` matching any white space:
/// the end of the match.
fn match_at(text: &str, from: usize, pat: &[char]) -> Option<usize> {
    let mut it = text[from..].char_indices().peekable();
    let mut k = 0;
    while k < pat.len() {
        if pat[k] == ' ' {
            let mut spaces = 0;
            while it.next_if(|(_, c)| c.is_whitespace()).is_some() {
                spaces += 1;
            }
            if spaces == 0 {
                return None;
            }
            k += 1;
            continue;
        }
        let (_, c) = it.next()?;
        for l in fold(c) {
            if pat.get(k) != Some(&l) {
                return None;
            }
            k += 1;
        }
    }
    Some(from + it.peek().map_or(text.len() - from, |(at, _)| *at))
}

/// Whether a word ends at `at`: no letter or digit follows, nor a hyphen going on
/// (`Ann-Marie`).
fn word_ends(text: &str, at: usize) -> bool {
    let mut next = text[at..].chars();
    match next.next() {
        Some(c) if c.is_alphanumeric() => false,
        Some('-') => !next.next().is_some_and(char::is_alphanumeric),
        _ => true,
    }
}

/// Where the words of `text` start (not inside a word, nor after a hyphen inside one:
/// `Ann-Marie`), each with its first letter folded.
fn word_starts(text: &str) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    let (mut prev, mut prev2) = (None::<char>, None::<char>);
    for (i, c) in text.char_indices() {
        let starts_word = c.is_alphanumeric()
            && !prev.is_some_and(char::is_alphanumeric)
            && !(prev == Some('-') && prev2.is_some_and(char::is_alphanumeric));
        if starts_word {
            out.extend(fold(c).next().map(|f| (i, f)));
        }
        (prev2, prev) = (prev, Some(c));
    }
    out
}

/// Where `name` (folded) is in `text` as whole words, case aside, given the text's
/// [`word_starts`].
fn find_name(text: &str, starts: &[(usize, char)], name: &[char]) -> Vec<Range<usize>> {
    let Some(first) = name.first() else {
        return Vec::new();
    };
    starts
        .iter()
        .filter(|(_, c)| c == first)
        .filter_map(|(i, _)| {
            let end = match_at(text, *i, name).filter(|end| word_ends(text, *end))?;
            Some(*i..end)
        })
        .collect()
}

/// Where `@handle` (folded) is in `text`: not inside an email address, and not going on
/// (`@maya` is not in `@maya.chen` nor in `@maya_c`).
fn find_handle(text: &str, handle: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let prev = text[..at].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || "._%+-".contains(c)) {
            continue;
        }
        let Some(end) = match_at(text, at + 1, handle) else {
            continue;
        };
        let mut next = text[end..].chars();
        let goes_on = match next.next() {
            Some(c) if c.is_alphanumeric() || c == '_' || c == '-' => true,
            Some('.') => next.next().is_some_and(char::is_alphanumeric),
            _ => false,
        };
        if !goes_on {
            out.push(at..end);
        }
    }
    out
}

/// People's names (whole words, case aside) and their chat handles as `@handle`.
pub(super) fn people(text: &str, people: &[Person]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let starts = word_starts(text);
    for p in people {
        for r in find_name(text, &starts, &folded(&p.name)) {
            let found = &text[r.clone()];
            hits.push(Hit {
                start: r.start,
                end: r.end,
                kind: FindingKind::PersonName,
                found: found.to_owned(),
                message: format!("a person's name, “{found}”"),
            });
        }
        let handle = folded(p.handle.trim().trim_start_matches('@'));
        if handle.is_empty() || handle.contains(&' ') || !text.contains('@') {
            continue;
        }
        for r in find_handle(text, &handle) {
            let found = &text[r.clone()];
            hits.push(Hit {
                start: r.start,
                end: r.end,
                kind: FindingKind::PersonName,
                found: found.to_owned(),
                message: format!("a person's chat handle, “{found}” ({})", p.name.trim()),
            });
        }
    }
    hits
}
