//! The one markdown function. Everything rendered from markdown (post-mortems on the status site
//! and in the app's preview) goes through [`render`].
//!
//! Raw HTML is never passed through: HTML blocks and inline HTML become escaped text. Link and
//! image URLs are checked against an allowlist of schemes (http, https, mailto, and relative
//! URLs); anything else (`javascript:`, `data:`, `vbscript:` …) is replaced by `#`.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// The markdown features we accept, listed one by one.
fn options() -> Options {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o.insert(Options::ENABLE_TASKLISTS);
    o.insert(Options::ENABLE_FOOTNOTES);
    o
}

/// Whether a link or image URL may be published.
pub fn is_safe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) if slash < colon => true,
        (Some(colon), _) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        (None, _) => true,
    }
}

fn safe(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// Renders markdown to HTML that is safe to publish.
pub fn render(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_usual_markdown() {
        let html = render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nkubectl get pods\n```\n\n[runbook](https://docs.cygni.dev/runbooks)");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<table>"));
        assert!(html.contains("<code class=\"language-sh\">kubectl get pods"));
        assert!(html.contains("<a href=\"https://docs.cygni.dev/runbooks\">runbook</a>"));
    }

    #[test]
    fn raw_html_and_script_urls_never_survive() {
        for payload in [
            "<script>alert(1)</script>",
            "inline <img src=x onerror=alert(1)> html",
            "<div onclick=\"alert(1)\">x</div>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "![x](javascript:alert(1))",
            "[x][r]\n\n[r]: vbscript:msgbox",
            "<a href=\"javascript:alert(1)\">x</a>",
        ] {
            let html = render(payload);
            // Real tags start with '<' (text is escaped to &lt;), so look at tags only.
            let tags: Vec<&str> = html
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
                .collect();
            for tag in tags {
                let tag = tag.to_ascii_lowercase();
                let name = tag.split_whitespace().next().unwrap_or("");
                assert!(
                    ["p", "/p", "a", "/a", "img", "code", "/code"].contains(&name),
                    "{payload} -> {html}"
                );
                assert!(!tag.contains("on"), "{payload} -> {html}");
                for attr in ["href=\"", "src=\""] {
                    if let Some(i) = tag.find(attr) {
                        let value = &tag[i + attr.len()..];
                        assert!(value.starts_with('#'), "{payload} -> {html}");
                    }
                }
            }
        }
        // The text of raw HTML is shown, escaped, so nothing is silently lost.
        assert!(render("<script>alert(1)</script>").contains("&lt;script&gt;"));
    }

    #[test]
    fn url_allowlist() {
        for ok in [
            "https://x.dev",
            "http://x",
            "mailto:a@b.c",
            "/postmortems/1/",
            "#top",
            "a/b:c",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            " javascript:x",
            "data:x",
            "vbscript:x",
            "file:///etc",
            "ftp://x",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }
}
