//! The hand-written scanners of the publish check over plain text: email addresses, phone
//! numbers, hosts and links. Offsets are in bytes; hosts and email addresses are ASCII here
//! (internationalized names are not looked for).

use super::FindingKind;

/// A span of the text that a scanner matched, with what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: FindingKind,
    pub(super) found: String,
    pub(super) message: String,
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// The length of the host name at the start of `s` (`grafana.cygni.dev` in
/// `grafana.cygni.dev/d/1`), or 0 when there is none: two labels at least, none empty or
/// starting or ending with `-`, the last one letters only (so `1.24.3` and `e.g` are not hosts).
fn host_len(s: &[u8]) -> usize {
    let mut n = s.iter().take_while(|b| is_host_byte(**b)).count();
    while n > 0 && matches!(s[n - 1], b'.' | b'-') {
        n -= 1;
    }
    let host = &s[..n];
    let labels: Vec<&[u8]> = host.split(|b| *b == b'.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    let ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l[0] != b'-' && l[l.len() - 1] != b'-')
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic);
    if ok {
        n
    } else {
        0
    }
}

/// The host of a URL as the settings hold it (`https://grafana.cygni.dev/d/1` ->
/// `grafana.cygni.dev`), lowercased; `None` when it has none.
pub(super) fn url_host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty() && host_len(host.as_bytes()) == host.len()).then_some(host)
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

/// Email addresses: `local@domain.tld`.
pub(super) fn emails(text: &str) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut hits = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local_byte(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        if start == at || b[at - 1] == b'.' {
            continue;
        }
        let n = host_len(&b[at + 1..]);
        if n == 0 {
            continue;
        }
        let found = &text[start..at + 1 + n];
        hits.push(Hit {
            start,
            end: at + 1 + n,
            kind: FindingKind::Email,
            found: found.to_owned(),
            message: format!("an email address, “{found}”"),
        });
    }
    hits
}

/// What makes a host internal: the tool links' hosts (and hosts under them), the private
/// suffixes and an `internal` label (`grafana.internal.cygni.dev`), never the status page's
/// host.
#[derive(Debug, Clone, Default)]
pub(super) struct HostRules {
    pub(super) tool_hosts: Vec<String>,
    pub(super) status_host: Option<String>,
}

const PRIVATE_SUFFIXES: &[&str] = &[".internal", ".local", ".corp", ".lan"];

fn is_under(host: &str, domain: &str) -> bool {
    host.len() > domain.len()
        && host.ends_with(domain)
        && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
}

impl HostRules {
    fn is_internal(&self, host: &str) -> bool {
        if self.status_host.as_deref() == Some(host) {
            return false;
        }
        PRIVATE_SUFFIXES.iter().any(|s| host.ends_with(s))
            || host.split('.').any(|label| label == "internal")
            || self
                .tool_hosts
                .iter()
                .any(|t| host == t || is_under(host, t))
    }
}

/// Chat, tickets, paging and meetings: a workspace's own address at these services
/// (`cygni.slack.com`, `cygni.atlassian.net`), or a link with a path to one of the shared hosts
/// (`meet.google.com/abc-defg-hij`, `linear.app/cygni/issue/ENG-1`).
fn is_internal_tool(host: &str, has_path: bool) -> bool {
    let host = host.strip_prefix("www.").unwrap_or(host);
    [
        "slack.com",
        "atlassian.net",
        "zoom.us",
        "pagerduty.com",
        "opsgenie.com",
    ]
    .iter()
    .any(|d| is_under(host, d))
        || (has_path
            && matches!(
                host,
                "slack.com" | "zoom.us" | "teams.microsoft.com" | "meet.google.com" | "linear.app"
            ))
}

/// Where a URL that goes on after its host at `from` ends: at white space or a delimiter, less
/// the punctuation of the sentence around it.
fn url_end(b: &[u8], from: usize) -> usize {
    if !matches!(b.get(from), Some(b':' | b'/' | b'?' | b'#')) {
        return from;
    }
    let mut end = from;
    while end < b.len() && b[end].is_ascii_graphic() && !b"<>\"'()[]{}|\\^`".contains(&b[end]) {
        end += 1;
    }
    while end > from && b".,;:!?*_~".contains(&b[end - 1]) {
        end -= 1;
    }
    end
}

/// Internal hosts and links to internal tools, bare or in URLs.
pub(super) fn hosts(text: &str, rules: &HostRules) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(is_host_byte(b[i - 1]) || matches!(b[i - 1], b'@' | b'_'));
        if !b[i].is_ascii_alphanumeric() || !boundary {
            i += 1;
            continue;
        }
        let n = host_len(&b[i..]);
        if n == 0 {
            i += b[i..].iter().take_while(|b| is_host_byte(**b)).count();
            continue;
        }
        let end = i + n;
        let host = text[i..end].to_ascii_lowercase();
        let url_start = if text[..i].ends_with("://") {
            let mut s = i - 3;
            while s > 0 && b[s - 1].is_ascii_alphanumeric() {
                s -= 1;
            }
            s
        } else {
            i
        };
        let stop = url_end(b, end);
        let after_port =
            text[end..stop].trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
        let has_path = !after_port.trim_start_matches('/').is_empty();
        if is_internal_tool(&host, has_path) {
            let found = &text[url_start..stop];
            hits.push(Hit {
                start: url_start,
                end: stop,
                kind: FindingKind::InternalLink,
                found: found.to_owned(),
                message: format!("a link to an internal tool (chat, tickets, paging), “{found}”"),
            });
        } else if rules.is_internal(&host) {
            let found = &text[i..end];
            hits.push(Hit {
                start: i,
                end,
                kind: FindingKind::InternalHost,
                found: found.to_owned(),
                message: format!("an internal host, “{found}”"),
            });
        }
        i = stop.max(end);
    }
    hits
}

/// Whether a phone number may start at `cs[i]`: at the start, after white space or an opening
/// mark, or after a label's colon (`Phone:+1…`), never inside a word, an id or a time.
fn phone_starts(cs: &[(usize, char)], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|k| cs[k].1) else {
        return true;
    };
    prev.is_whitespace()
        || "([{\"'“‘«,;*>".contains(prev)
        || (prev == ':' && i >= 2 && cs[i - 2].1.is_alphabetic())
}

/// Whether the number ends at `cs[end]`: not followed by a letter or digit, nor by a time's
/// colon, a decimal comma, a path or an id going on (`12345678-ab`, `12345678.txt`).
fn phone_ends(cs: &[(usize, char)], end: usize) -> bool {
    let at = |k: usize| cs.get(k).map(|c| c.1);
    match at(end) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '%' => false,
        Some(':' | '/' | '-' | '.' | ',' | '@') => !at(end + 1).is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

fn is_date(a: &str, b: &str, c: &str) -> bool {
    let n = |s: &str| s.parse::<u32>().unwrap_or(0);
    let day_month = |x: &str, y: &str| {
        x.len() <= 2
            && y.len() <= 2
            && (1..=31).contains(&n(x))
            && (1..=31).contains(&n(y))
            && (n(x) <= 12 || n(y) <= 12)
    };
    let year = |x: &str| x.len() == 4 && (1900..=2099).contains(&n(x));
    (year(a) && day_month(b, c)) || (year(c) && day_month(a, b))
}

/// Whether a run of digits and separators is a phone number rather than a date, an address,
/// a count or a plain number.
fn looks_like_phone(run: &str) -> bool {
    let plus = run.trim_start_matches('(').starts_with('+');
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<&str> = Vec::new();
    let mut rest = run.trim_start_matches(['+', '(']);
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        groups.push(&rest[..digits]);
        rest = &rest[digits..];
        let sep = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
        if sep > 0 && sep < rest.len() {
            seps.push(&rest[..sep]);
        }
        rest = &rest[sep..];
    }
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    let same_sep = |set: &[&str]| seps.iter().all(|s| *s == seps[0] && set.contains(s));
    if !(8..=15).contains(&digits)
        || (!plus && groups.len() < 2)
        || groups.iter().filter(|g| g.len() == 1).count() > 1
        || seps.iter().any(|s| s.matches(['-', '.']).count() > 1)
        || groups
            .windows(3)
            .zip(seps.windows(2))
            .any(|(g, s)| s[0] == s[1] && s[0].len() == 1 && is_date(g[0], g[1], g[2]))
    {
        return false;
    }
    if plus {
        return true;
    }
    // An IPv4 address; a count with thousands separators (`12 345 678`, `1 234 567.89`); a
    // number of 8 digits and more with something after it (`20261202.1`, a build).
    let ipv4 = groups.len() == 4
        && same_sep(&["."])
        && groups
            .iter()
            .all(|g| g.len() <= 3 && g.parse::<u32>().unwrap_or(256) <= 255);
    let decimals = groups.len() >= 2
        && seps.last() == Some(&".")
        && groups.last().is_some_and(|g| g.len() <= 2);
    let (whole, whole_seps) = if decimals {
        (&groups[..groups.len() - 1], &seps[..seps.len() - 1])
    } else {
        (&groups[..], &seps[..])
    };
    let thousands = whole.len() >= 3
        && whole[0].len() <= 3
        && whole[1..].iter().all(|g| g.len() == 3)
        && whole_seps
            .iter()
            .all(|s| *s == whole_seps[0] && (*s == " " || *s == "."));
    let long = groups.iter().any(|g| g.len() >= 8);
    !ipv4 && !thousands && !long
}

/// Phone numbers: a run of at least 8 digits with spaces, `-`, `.` and parentheses between
/// them and an optional leading `+`, that is not a date, a time, a version, an IP address, a
/// count or part of an id.
pub(super) fn phones(text: &str) -> Vec<Hit> {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let digit_at = |k: usize| cs.get(k).is_some_and(|c| c.1.is_ascii_digit());
    let is_sep = |k: usize| {
        cs.get(k)
            .is_some_and(|c| matches!(c.1, ' ' | '-' | '.' | '(' | ')'))
    };
    let mut hits = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let opens = match cs[i].1 {
            '+' | '(' => digit_at(i + 1),
            c => c.is_ascii_digit(),
        };
        if !opens || !phone_starts(&cs, i) {
            i += 1;
            continue;
        }
        // Digits, and separators (three at most in a row) when a digit follows them.
        let mut k = i + usize::from(cs[i].1 == '+');
        let mut end = k;
        while k < cs.len() {
            if digit_at(k) {
                k += 1;
                end = k;
                continue;
            }
            let mut s = k;
            while is_sep(s) && s - k < 4 {
                s += 1;
            }
            if s > k && s - k <= 3 && digit_at(s) {
                k = s;
            } else {
                break;
            }
        }
        let mut start = i;
        let run = |from: usize, to: usize| -> String { cs[from..to].iter().map(|c| c.1).collect() };
        // An opening parenthesis that the number does not close is the sentence's; one just
        // before it that the number closes is the number's (`(+1 555) 010 0123`).
        let inside = run(i, end);
        if cs[i].1 == '(' && !inside.contains(')') {
            start += 1;
        } else if i > 0 && cs[i - 1].1 == '(' && inside.contains(')') && !inside.contains('(') {
            start -= 1;
        }
        let found = run(start, end);
        if end > start && phone_ends(&cs, end) && looks_like_phone(&found) {
            let to = cs.get(end).map_or(text.len(), |c| c.0);
            hits.push(Hit {
                start: cs[start].0,
                end: to,
                kind: FindingKind::Phone,
                message: format!("a phone number, “{found}”"),
                found,
            });
        }
        // Nothing inside a run that is no phone number is one either (`234 567.89` of
        // `1 234 567.89`).
        i = end.max(i + 1);
    }
    hits
}
