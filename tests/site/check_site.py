#!/usr/bin/env python3
"""Checks a generated status site with real parsers and validators (see README.md beside this).

  tests/site/.venv/bin/python tests/site/check_site.py SITE_DIR [--base-url URL] [--skip NAME,...]

Exit status 0 when every check passes, 1 when any fails (each failure names the file and the
reason), 2 on bad usage. NAMEs for --skip: the check names printed in the summary.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCHEMAS = HERE / "schemas"
SAMPLES = REPO / "tests" / "fixtures" / "statuspage"
VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / "tests/e2e/node_modules/vnu-jar/build/dist/vnu.jar"))

sys.path.insert(0, str(HERE))
import derive_schemas  # noqa: E402

API = [  # relative to api/v2/, in the contract's order
    "summary.json", "status.json", "components.json", "incidents.json",
    "incidents/unresolved.json", "scheduled-maintenances.json",
    "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
]
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SVG_NS = "http://www.w3.org/2000/svg"
UNRESOLVED = {"investigating", "identified", "monitoring"}
MAX_ERRORS_PER_FILE = 25


class Failed(Exception):
    pass


class Check:
    def __init__(self, name):
        self.name, self.problems, self.notes, self.seconds = name, [], [], 0.0

    def fail(self, file, reason):
        self.problems.append((str(file), reason))

    def note(self, text):
        self.notes.append(text)


class Site:
    def __init__(self, root, base_url):
        self.root = root
        self.base = base_url  # ends with "/"
        self._json = {}

    def rel(self, path):
        return path.relative_to(self.root).as_posix()

    def rel_safe(self, path):
        try:
            return self.rel(path)
        except ValueError:
            return str(path)

    def files(self, pattern):
        return sorted(p for p in self.root.rglob(pattern) if p.is_file())

    def api(self, name):
        """Parsed api/v2/NAME, or None if missing or not JSON (reported by the API check)."""
        if name not in self._json:
            p = self.root / "api/v2" / name
            try:
                self._json[name] = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._json[name] = None
        return self._json[name]

    def local_target(self, url, from_rel="index.html"):
        """The file a link or URL points to in the site, or None for an outside link."""
        parts = urlsplit(url)
        if parts.scheme in ("mailto", "tel", "data"):
            return None
        if parts.scheme or url.startswith("//"):
            if not self.base or not url.startswith(self.base):
                return None
            path = "/" + url[len(self.base):].split("#")[0].split("?")[0]
        else:
            if not parts.path:  # "#frag" or "?q"
                return None
            path = urljoin("/" + from_rel, parts.path)
        path = unquote(path)
        p = self.root / path.lstrip("/")
        if path.endswith("/") or p.is_dir():
            p = p / "index.html"
        return p


# --------------------------------------------------------------------------------------------
# (a) HTML: parses, Nu HTML checker, no JavaScript, internal links resolve


def check_html_parse(site, c):
    import html5lib
    from html5lib.html5parser import ParseError

    pages = site.files("*.html")
    if not pages:
        c.fail(site.root, "no *.html page at all")
    for page in pages:
        rel = site.rel(page)
        data = page.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            c.fail(rel, f"not UTF-8: {e}")
            continue
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            doc = parser.parse(data, transport_encoding="utf-8")
        except ParseError as e:
            c.fail(rel, f"HTML parse error: {e}")
            continue
        # Pages need no JavaScript: none may carry any (defence against injected markup, too).
        for el in doc.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "script":
                c.fail(rel, "has a <script> element (pages must need no JavaScript)")
            for attr, value in el.attrib.items():
                if attr.lower().startswith("on"):
                    c.fail(rel, f"<{tag} {attr}=...> event handler attribute")
                if attr in ("href", "src", "action", "formaction") and \
                        value.strip().lower().startswith("javascript:"):
                    c.fail(rel, f"<{tag} {attr}={value[:40]!r}> javascript: URL")
        if not (doc.find(".//head/title") is not None and (doc.find(".//head/title").text or "").strip()):
            c.fail(rel, "no <title>")
        # Internal links, stylesheets and images must resolve to files of the site.
        for el in doc.iter():
            for attr in ("href", "src"):
                value = el.attrib.get(attr) if isinstance(el.tag, str) else None
                if not value:
                    continue
                target = site.local_target(value.strip(), rel)
                if target is not None and not target.is_file():
                    c.fail(rel, f"<{el.tag} {attr}={value!r}>: no such file {site.rel_safe(target)}")
    c.note(f"{len(pages)} pages")


def check_vnu(site, c):
    java = shutil.which("java")
    if not java:
        raise Failed("java is not on PATH (scripts/setup.sh installs default-jre-headless)")
    if not VNU_JAR.is_file():
        raise Failed(f"{VNU_JAR} is missing (scripts/setup.sh installs npm vnu-jar)")
    pages = [str(p) for p in site.files("*.html")]
    css = [str(p) for p in site.files("*.css")]
    svg = [str(p) for p in site.files("*.svg")]
    # One JVM for every file: it takes seconds to start.
    cmd = [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
           "--also-check-css", "--also-check-svg", *pages, *css, *svg]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    try:
        messages = json.loads(r.stderr or r.stdout or '{"messages": []}')["messages"]
    except ValueError:
        raise Failed(f"the Nu HTML checker said (exit {r.returncode}): {(r.stderr or r.stdout)[:2000]}")
    for m in messages:
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal":
            url = m.get("url", "")
            path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
            where = site.rel_safe(path) + (f":{m['lastLine']}" if "lastLine" in m else "")
            extract = f"  [{m['extract'].strip()[:120]}]" if m.get("extract") else ""
            c.fail(where, f"Nu HTML checker: {m.get('message')}{extract}")
    if r.returncode not in (0, 1):
        c.fail("vnu.jar", f"exited with {r.returncode}")
    c.note(f"{len(pages)} HTML, {len(css)} CSS, {len(svg)} SVG files in one run")


# --------------------------------------------------------------------------------------------
# (b) feeds


def _entry_time(e):
    # Feeds are ordered by their entries' last change (Atom <updated>, RSS <pubDate>).
    t = e.get("updated_parsed") or e.get("published_parsed")
    return time.mktime(t) if t else None


def check_feeds(site, c):
    for name, version in (("feed.atom", "atom10"), ("feed.rss", "rss20")):
        f = _check_feed(site, c, name, version)
        if f is not None:
            c.note(f"{name}: {len(f.entries)} entries")


def _check_feed(site, c, name, version):
    """One feed (`name`, from the site's root) read by feedparser: sound, newest first, every
    link resolving. Returns the parsed feed, or None when it is missing."""
    import feedparser

    if True:
        p = site.root / name
        if not p.is_file():
            c.fail(name, "missing")
            return None
        f = feedparser.parse(p.read_bytes())
        if f.bozo:
            c.fail(name, f"feedparser bozo: {f.bozo_exception!r}")
        if f.version != version:
            c.fail(name, f"feedparser reads it as {f.version or 'nothing'!r}, expected {version}")
        if not f.feed.get("title"):
            c.fail(name, "the feed has no title")
        links = [f.feed.get("link")] if f.feed.get("link") else []
        if not links:
            c.fail(name, "the feed has no link")
        # The feed says where it lives (RSS: atom:link rel="self", as the RSS profile asks).
        own = [l.get("href") for l in f.feed.get("links", []) if l.get("rel") == "self"]
        if site.base and own != [site.base + name]:
            c.fail(name, f"rel=self link is {own!r}, expected [{site.base + name!r}]")
        previous = None
        for i, e in enumerate(f.entries):
            where = f"{name} entry {i} ({e.get('title', '?')[:50]!r})"
            for key in ("title", "link", "id"):
                if not e.get(key):
                    c.fail(where, f"no {key}")
            if e.get("link"):
                links.append(e.link)
            # Links inside the entry's text resolve too (a post-mortem, an incident page).
            for part in [e.get("summary", "")] + [x.get("value", "") for x in e.get("content", [])]:
                links.extend(re.findall(r'href="([^"]+)"', part))
            t = _entry_time(e)
            if t is None:
                c.fail(where, "no parseable date (published/updated/pubDate)")
            elif previous is not None and t > previous:
                c.fail(where, "not newest first: dated after the entry before it")
            previous = t if t is not None else previous
        for link in links:
            _check_absolute(site, c, name, link)
        ids = [e.get("id") for e in f.entries if e.get("id")]
        if len(ids) != len(set(ids)):
            c.fail(name, "duplicate entry ids/guids")
        return f


def _check_absolute(site, c, where, url, must_exist=True):
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        c.fail(where, f"link is not absolute: {url!r}")
        return
    if site.base and not url.startswith(site.base):
        c.fail(where, f"link {url!r} is not under the base URL {site.base}")
        return
    if must_exist:
        target = site.local_target(url)
        if target is not None and not target.is_file():
            c.fail(where, f"link {url!r} points to no file of the site ({site.rel_safe(target)})")


# --------------------------------------------------------------------------------------------
# (c) iCalendar


def check_ics(site, c):
    events = _check_ics(site, c, "maintenance.ics")
    # Every maintenance in progress or upcoming is in the calendar.
    wanted = []
    for name in ("scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"):
        doc = site.api(name)
        if doc and isinstance(doc.get("scheduled_maintenances"), list):
            wanted += doc["scheduled_maintenances"]
    if len(events) < len(wanted):
        c.fail("maintenance.ics", f"{len(events)} events, but the API lists {len(wanted)} "
                                  "upcoming or active maintenances")
    c.note(f"{len(events)} events")


def _check_ics(site, c, name):
    """One calendar (`name`, from the site's root) read by icalendar; returns its VEVENTs."""
    import icalendar

    p = site.root / name
    if not p.is_file():
        raise Failed(f"{name} is missing")
    raw = p.read_bytes()
    lines = raw.split(b"\r\n")
    if raw and not raw.endswith(b"\r\n"):
        c.fail(name, "does not end with CRLF (RFC 5545 3.1)")
    for n, line in enumerate(lines, 1):
        if b"\n" in line:
            c.fail(f"{name}:{n}", "bare LF line ending (RFC 5545 wants CRLF)")
            break
        if len(line) > 75:
            c.fail(f"{name}:{n}", f"line of {len(line)} octets is not folded (RFC 5545 3.1: 75)")
            break
    try:
        cal = icalendar.Calendar.from_ical(raw.decode("utf-8"))
    except Exception as e:  # icalendar raises ValueError and friends
        raise Failed(f"icalendar cannot parse {name}: {e}")
    if cal.name != "VCALENDAR":
        c.fail(name, f"top component is {cal.name}, not VCALENDAR")
    for prop in ("VERSION", "PRODID"):
        if prop not in cal:
            c.fail(name, f"VCALENDAR has no {prop}")
    if "Cygni" not in str(cal.get("PRODID", "")):
        c.fail(name, f"PRODID {str(cal.get('PRODID', ''))!r} does not name the product")
    if str(cal.get("VERSION", "")) != "2.0":
        c.fail(name, "VERSION is not 2.0")
    events = cal.walk("VEVENT")
    uids = []
    for i, ev in enumerate(events):
        where = f"{name} VEVENT {i} ({str(ev.get('SUMMARY', '?'))[:50]!r})"
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if prop not in ev:
                c.fail(where, f"no {prop}")
        if "DTSTART" in ev and "DTEND" in ev:
            try:
                if not ev.decoded("DTEND") > ev.decoded("DTSTART"):
                    c.fail(where, "DTEND is not after DTSTART")
            except TypeError as e:
                c.fail(where, f"DTSTART/DTEND not comparable: {e}")
        uids.append(str(ev.get("UID")))
    if len(uids) != len(set(uids)):
        c.fail(name, "duplicate UIDs")
    return events


def check_scoped(site, c):
    """components/<id>/ and groups/<id>/: each one's Atom and RSS feeds (feedparser), calendar
    (icalendar), badge and status.json are sound and hold exactly what affects it, as the
    Statuspage API says: every incident and maintenance in them affects it, and none that does
    is missing."""
    comps = {x["id"]: x for x in (site.api("components.json") or {}).get("components", [])}
    incidents = {x["id"]: x for x in (site.api("incidents.json") or {}).get("incidents", [])}
    maints = {x["id"]: x for x in
              (site.api("scheduled-maintenances.json") or {}).get("scheduled_maintenances", [])}
    parts = sorted(site.root.glob("components/*/")) + sorted(site.root.glob("groups/*/"))
    if not parts:
        raise Failed("no components/<id>/ or groups/<id>/ folders")
    if not (site.root / "subscribe" / "index.html").is_file():
        c.fail("subscribe/index.html", "missing")
    feeds = events = 0
    for d in parts:
        kind, pid = d.parent.name, d.name
        prefix = f"{kind}/{pid}/"
        key = "group" if kind == "groups" else "component"
        try:
            doc = json.loads((d / "status.json").read_text())
        except (OSError, ValueError) as e:
            c.fail(prefix + "status.json", f"not JSON: {e}")
            continue
        me = doc.get(key) or {}
        if me.get("id") != pid:
            c.fail(prefix + "status.json", f"{key}.id is {me.get('id')!r}, not {pid!r}")
            continue
        covered = set(me.get("components", [pid]))
        api = comps.get(pid)
        if api and api.get("status") != me.get("status"):
            c.fail(prefix + "status.json", f"status {me.get('status')!r}, the API says {api.get('status')!r}")
        for link in doc.get("links", {}).values():
            _check_absolute(site, c, prefix + "status.json", link)
        for i in doc.get("incidents", []):
            if i["id"] in incidents and i["status"] == "resolved":
                c.fail(prefix + "status.json", f"lists resolved incident {i['id']}")
        try:
            badge = ET.parse(d / "badge.svg").getroot()
            title = badge.find(f"{{{SVG_NS}}}title")
            if title is None or title.text != f"{me.get('name')}: {me.get('status_label')}":
                c.fail(prefix + "badge.svg", f"title {getattr(title, 'text', None)!r} is not "
                                             f"'{me.get('name')}: {me.get('status_label')}'")
        except (OSError, ET.ParseError) as e:
            c.fail(prefix + "badge.svg", f"not SVG: {e}")

        def affects(record):
            return any(x.get("id") in covered for x in record.get("components", []))

        wanted = {i for i, x in incidents.items() if affects(x)}
        for name, version in (("feed.atom", "atom10"), ("feed.rss", "rss20")):
            f = _check_feed(site, c, prefix + name, version)
            if f is None:
                continue
            feeds += 1
            seen = set()
            for e in f.entries:
                m = re.search(r"/(incidents|maintenance)/([^/]+)/", e.get("link", ""))
                if not m:
                    c.fail(prefix + name, f"entry {e.get('link')!r} links no incident or maintenance")
                    continue
                record = (incidents if m.group(1) == "incidents" else maints).get(m.group(2))
                seen.add(m.group(2))
                if record is not None and not affects(record):
                    c.fail(prefix + name, f"{m.group(1)} {m.group(2)} does not affect {pid}")
            # A feed of fewer than its 50 entries has room for all: none may be missing.
            if len(f.entries) < 50 and wanted - seen:
                c.fail(prefix + name, f"missing incidents that affect {pid}: {sorted(wanted - seen)[:3]}")
        uids = {str(ev.get("UID")).split("@")[0] for ev in _check_ics(site, c, prefix + "maintenance.ics")}
        events += len(uids)
        expected = {i for i, x in maints.items() if affects(x)}
        if uids != expected:
            c.fail(prefix + "maintenance.ics", f"windows {sorted(uids ^ expected)[:3]} are wrongly in or out")
    c.note(f"{len(parts)} components and groups, {feeds} feeds, {events} calendar events")


def check_embeds(site, c):
    """api/widget.json against incident.io's widget shape (jsonschema), agreeing with the
    Statuspage API; an embed per component and for the site, light and dark, kept out of the
    sitemap, and framable where _headers refuses framing to every other page."""
    import jsonschema

    try:
        doc = json.loads((site.root / "api" / "widget.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise Failed(f"api/widget.json is missing or not JSON: {e}")
    with open(HERE / "incidentio-widget.schema.json") as f:
        schema = json.load(f)
    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.path))[:10]:
        c.fail("api/widget.json", f"{_json_path(e.path)}: {e.message}")
    unresolved = (site.api("incidents/unresolved.json") or {}).get("incidents", [])
    if sorted(i["id"] for i in doc.get("ongoing_incidents", [])) != sorted(i["id"] for i in unresolved):
        c.fail("api/widget.json", "ongoing_incidents are not the API's unresolved incidents")
    for link in [doc.get("page_url")] + [x.get("url") for k in ("ongoing_incidents", "in_progress_maintenances", "scheduled_maintenances") for x in doc.get(k, [])]:
        _check_absolute(site, c, "api/widget.json", link)
    comps = (site.api("components.json") or {}).get("components", [])
    folders = [""] + [f"components/{x['id']}/" for x in comps if not x.get("group")]
    for folder in folders:
        for theme in ("", "dark/"):
            p = site.root / "embed" / folder / theme / "index.html"
            if not p.is_file():
                c.fail(f"embed/{folder}{theme}index.html", "missing")
                continue
            text = p.read_text()
            if 'name="robots" content="noindex"' not in text:
                c.fail(f"embed/{folder}{theme}index.html", "not marked noindex")
            if theme and 'class="dark"' not in text:
                c.fail(f"embed/{folder}{theme}index.html", "not dark")
    sitemap = (site.root / "sitemap.xml").read_text() if (site.root / "sitemap.xml").is_file() else ""
    if "/embed/" in sitemap:
        c.fail("sitemap.xml", "lists embeds")
    rules = parse_headers_file((site.root / "_headers").read_text())
    for path, headers in rules:
        framed = [h for h in headers if h[0] == "x-frame-options" or (h[0] == "content-security-policy" and "frame-ancestors" in h[1])]
        if framed and (path in ("/*", "/embed/*") or path.startswith("/embed")):
            c.fail("_headers", f"{path} refuses framing, so the embeds cannot be framed")
    if not any(path == "/incidents/*" and ("x-frame-options", "DENY") in h for path, h in rules):
        c.fail("_headers", "incident pages may be framed")
    c.note(f"widget.json: {len(doc.get('ongoing_incidents', []))} ongoing incidents; {len(folders) * 2} embeds")


# How each language of the site says its weights: the four phrases, "in full", "not at all",
# and a percentage (with the language's decimal mark).
WEIGHT_WORDS = {
    "en": ((("major", "a major outage counts"), ("partial", "a partial outage"),
            ("degraded", "degraded performance"), ("maintenance", "maintenance")),
           "in full", "not at all", r"at ([0-9.]+) %"),
    "de": ((("major", "ein schwerer Ausfall zählt"), ("partial", "ein Teilausfall"),
            ("degraded", "eingeschränkte Leistung"), ("maintenance", "Wartung")),
           "voll", "gar nicht", r"zu ([0-9,]+) %"),
}


def _number(text):
    """A number as the site writes it in its language (`99.95`, `99,95`)."""
    return float(text.replace(",", "."))


def _weights(text, lang="en"):
    """The weights a page prints ("a major outage counts in full, a partial outage at 30 %,
    degraded performance not at all and maintenance not at all"), as numbers."""
    phrases, full, none, pct = WEIGHT_WORDS[lang]
    out = {}
    for key, words in phrases:
        m = re.search(re.escape(words) + f" ({re.escape(full)}|{re.escape(none)}|{pct})", text)
        if not m:
            return None
        out[key] = 1.0 if m.group(1) == full else 0.0 if m.group(1) == none else _number(m.group(2)) / 100
    return out


def check_uptime(site, c):
    """uptime/<yyyy-mm>/: the page prints its weights, and each component's uptime on it is
    what the day-by-day CSV beside it gives with those weights (the csv module reads it)."""
    import csv
    import html5lib

    months = sorted(p for p in (site.root / "uptime").glob("*/") if p.is_dir())
    if not months:
        raise Failed("no uptime/<yyyy-mm>/ pages")
    for m in months:
        where = f"uptime/{m.name}/"
        page = (m / "index.html").read_text()
        doc = html5lib.parse(page, namespaceHTMLElements=False)
        text = " ".join("".join(doc.itertext()).split())
        lang = doc.getroot().get("lang", "en") if hasattr(doc, "getroot") else doc.get("lang", "en")
        if lang not in WEIGHT_WORDS:
            c.fail(where, f"lang={lang!r}: a language this check does not know")
            continue
        w = _weights(text, lang)
        if w is None:
            c.fail(where, "the page does not say how uptime is counted")
            continue
        with open(m / "uptime.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        per = {}
        for r in rows:
            down = (int(r["major_outage_minutes"]) * w["major"] + int(r["partial_outage_minutes"]) * w["partial"]
                    + int(r["degraded_minutes"]) * w["degraded"] + int(r["maintenance_minutes"]) * w["maintenance"])
            down = min(down, int(r["minutes"]))
            if abs(down - float(r["downtime_minutes"])) > 0.051:
                c.fail(where + "uptime.csv", f"{r['date']} {r['component']}: downtime {r['downtime_minutes']}, the weights give {down:.1f}")
            t = per.setdefault(r["name"], [0.0, 0])
            t[0] += down
            t[1] += int(r["minutes"])
        shown = {}
        for tr in doc.iter("tr"):
            cells = ["".join(x.itertext()).strip() for x in tr if x.tag in ("th", "td")]
            if len(cells) >= 2 and cells[1].endswith("%"):
                shown[cells[0]] = _number(cells[1].rstrip(" %"))
        if set(shown) != set(per):
            c.fail(where, f"the page lists {sorted(shown)[:3]}..., the CSV {sorted(per)[:3]}...")
        for name, (down, total) in per.items():
            pct = 100.0 * (1 - down / total) if total else 100.0
            if name in shown and not (pct - 0.0011 <= shown[name] <= pct + 1e-9):
                c.fail(where, f"{name}: the page says {shown[name]} %, its CSV and weights give {pct:.4f} %")
    c.note(f"{len(months)} months")


# --------------------------------------------------------------------------------------------
# (d) Statuspage API v2


def _validator(endpoint):
    from jsonschema import Draft202012Validator
    schema = json.loads(derive_schemas.schema_file(endpoint).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _json_path(path):
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def check_schemas_selftest(site, c):
    """The committed schemas are what the samples derive, and the real samples pass them."""
    fresh = derive_schemas.derive()
    for endpoint, schema in fresh.items():
        f = derive_schemas.schema_file(endpoint)
        if not f.is_file() or f.read_text() != derive_schemas.render(schema):
            c.fail(f, "stale: run tests/site/derive_schemas.py")
    for sample, endpoint in ((derive_schemas.SUMMARY, "summary.json"),
                             (derive_schemas.INCIDENTS, "incidents.json")):
        doc = json.loads(sample.read_text())
        for e in _validator(endpoint).iter_errors(doc):
            c.fail(sample.name, f"real sample fails {endpoint} schema: {_json_path(e.absolute_path)}: {e.message}")
    c.note("schemas derived from tests/fixtures/statuspage/ and accept the real samples")


def _ts(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _newest_first(c, where, items, key):
    times = []
    for i, item in enumerate(items):
        v = item.get(key) if isinstance(item, dict) else None
        if isinstance(v, str):
            try:
                times.append((i, _ts(v)))
            except ValueError:
                c.fail(where, f"[{i}].{key} = {v!r} is not a valid date-time")
    for (i, a), (j, b) in zip(times, times[1:]):
        if b > a:
            c.fail(where, f"not newest first by {key}: [{j}] ({b.isoformat()}) comes after [{i}] ({a.isoformat()})")
            return


def _walk_timestamps(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("_at") or k in ("scheduled_for", "scheduled_until"):
                if isinstance(v, str):
                    yield path + (k,), v
            else:
                yield from _walk_timestamps(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_timestamps(v, path + (i,))


def check_api(site, c):
    docs = {}
    for name in API:
        rel = f"api/v2/{name}"
        p = site.root / rel
        if not p.is_file():
            c.fail(rel, "missing")
            continue
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            c.fail(rel, f"not JSON: {e}")
            continue
        errors = sorted(_validator(name).iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:MAX_ERRORS_PER_FILE]:
            c.fail(rel, f"{_json_path(e.absolute_path)}: {e.message[:300]}")
        if len(errors) > MAX_ERRORS_PER_FILE:
            c.fail(rel, f"... and {len(errors) - MAX_ERRORS_PER_FILE} more schema errors")
        for path, v in _walk_timestamps(doc):
            try:
                _ts(v)
            except ValueError:
                c.fail(rel, f"{_json_path(path)}: {v!r} is not a real date-time")
        docs[name] = doc
    _check_api_semantics(site, c, docs)


def _ids(items):
    return [x.get("id") for x in items if isinstance(x, dict)]


def _list(doc, key):
    v = doc.get(key) if isinstance(doc, dict) else None
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _check_api_semantics(site, c, docs):
    get = docs.get
    # Lists newest first; updates newest first; each update names its incident.
    for name, key, order in (("summary.json", "incidents", "created_at"),
                             ("incidents.json", "incidents", "created_at"),
                             ("incidents/unresolved.json", "incidents", "created_at"),
                             ("summary.json", "scheduled_maintenances", "scheduled_for"),
                             ("scheduled-maintenances.json", "scheduled_maintenances", "scheduled_for"),
                             ("scheduled-maintenances/upcoming.json", "scheduled_maintenances", "scheduled_for"),
                             ("scheduled-maintenances/active.json", "scheduled_maintenances", "scheduled_for")):
        if name not in docs:
            continue
        rel = f"api/v2/{name}"
        items = _list(get(name), key)
        _newest_first(c, f"{rel} {key}", items, order)
        if len(set(_ids(items))) != len(_ids(items)):
            c.fail(rel, f"duplicate ids in {key}")
        for i, inc in enumerate(items):
            updates = _list(inc, "incident_updates")
            _newest_first(c, f"{rel} {key}[{i}].incident_updates", updates, "display_at")
            if not updates:
                c.fail(rel, f"{key}[{i}] ({inc.get('id')}) has no incident_updates")
            for j, u in enumerate(updates):
                if u.get("incident_id") != inc.get("id"):
                    c.fail(rel, f"{key}[{i}].incident_updates[{j}].incident_id {u.get('incident_id')!r} "
                                f"is not the incident's id {inc.get('id')!r}")
            if updates and inc.get("status") != "postmortem" and updates[0].get("status") != inc.get("status"):
                c.fail(rel, f"{key}[{i}] status {inc.get('status')!r} but its latest update says "
                            f"{updates[0].get('status')!r}")
            done = inc.get("status") in ("resolved", "postmortem", "completed")
            if done and not inc.get("resolved_at") and key == "incidents":
                c.fail(rel, f"{key}[{i}] is {inc.get('status')} with resolved_at null")
            if not done and inc.get("resolved_at"):
                c.fail(rel, f"{key}[{i}] is {inc.get('status')} but has resolved_at")
            link = inc.get("shortlink")
            if isinstance(link, str):
                _check_absolute(site, c, f"{rel} {key}[{i}].shortlink", link,
                                must_exist=(key == "incidents"))
            if key == "scheduled_maintenances" and isinstance(inc.get("scheduled_for"), str) \
                    and isinstance(inc.get("scheduled_until"), str):
                try:
                    if _ts(inc["scheduled_until"]) <= _ts(inc["scheduled_for"]):
                        c.fail(rel, f"{key}[{i}] scheduled_until is not after scheduled_for")
                except ValueError:
                    pass

    if "incidents.json" in docs and len(_list(get("incidents.json"), "incidents")) > 50:
        c.fail("api/v2/incidents.json", f"{len(_list(get('incidents.json'), 'incidents'))} incidents; "
                                        "Statuspage lists the 50 most recent")
    for i, inc in enumerate(_list(get("incidents/unresolved.json"), "incidents")):
        if inc.get("status") not in UNRESOLVED:
            c.fail("api/v2/incidents/unresolved.json", f"incidents[{i}] is {inc.get('status')!r}")
    for name, allowed in (("scheduled-maintenances/upcoming.json", {"scheduled"}),
                          ("scheduled-maintenances/active.json", {"in_progress", "verifying"})):
        for i, m in enumerate(_list(get(name), "scheduled_maintenances")):
            if m.get("status") not in allowed:
                c.fail(f"api/v2/{name}", f"scheduled_maintenances[{i}] is {m.get('status')!r}, "
                                         f"only {sorted(allowed)} belong here")

    # The files agree with each other, as Statuspage's do.
    summary = get("summary.json")
    if isinstance(summary, dict):
        page = summary.get("page")
        for name in API[1:]:
            if name in docs and isinstance(get(name), dict) and get(name).get("page") != page:
                c.fail(f"api/v2/{name}", "page differs from summary.json's")
        if "status.json" in docs and get("status.json").get("status") != summary.get("status"):
            c.fail("api/v2/status.json", "status differs from summary.json's")
        if "components.json" in docs and get("components.json").get("components") != summary.get("components"):
            c.fail("api/v2/components.json", "components differ from summary.json's")
        if "incidents/unresolved.json" in docs and \
                _ids(_list(summary, "incidents")) != _ids(_list(get("incidents/unresolved.json"), "incidents")):
            c.fail("api/v2/summary.json", "incidents are not those of incidents/unresolved.json "
                                          "(the summary lists the unresolved incidents)")
        maint = _ids(_list(get("scheduled-maintenances/upcoming.json"), "scheduled_maintenances")) + \
            _ids(_list(get("scheduled-maintenances/active.json"), "scheduled_maintenances"))
        if set(_ids(_list(summary, "scheduled_maintenances"))) != set(maint):
            c.fail("api/v2/summary.json", "scheduled_maintenances are not the upcoming and active ones")
        # Components: groups name existing children, children name existing groups.
        comps = _list(summary, "components")
        by_id = {x.get("id"): x for x in comps}
        for x in comps:
            if x.get("group_id") is not None:
                g = by_id.get(x["group_id"])
                if not g or not g.get("group"):
                    c.fail("api/v2/summary.json", f"component {x.get('id')} has group_id "
                                                  f"{x['group_id']!r}, which is no group component")
                elif x.get("id") not in (g.get("components") or []):
                    c.fail("api/v2/summary.json", f"group {g.get('id')} does not list its child {x.get('id')}")
            for child in x.get("components") or []:
                if child not in by_id or by_id[child].get("group_id") != x.get("id"):
                    c.fail("api/v2/summary.json", f"group {x.get('id')} lists {child!r}, which is not "
                                                  "a component with that group_id")
        # Incidents name components that exist (by id and by affected_components code).
        for name in ("summary.json", "incidents.json", "incidents/unresolved.json",
                     "scheduled-maintenances.json"):
            for key in ("incidents", "scheduled_maintenances"):
                for i, inc in enumerate(_list(get(name), key)):
                    for comp in _list(inc, "components"):
                        if comp.get("id") not in by_id:
                            c.fail(f"api/v2/{name}", f"{key}[{i}] names component {comp.get('id')!r}, "
                                                     "which components.json does not have")
                    for u in _list(inc, "incident_updates"):
                        for a in u.get("affected_components") or []:
                            if isinstance(a, dict) and a.get("code") not in by_id:
                                c.fail(f"api/v2/{name}", f"{key}[{i}] update {u.get('id')} affects "
                                                         f"unknown component code {a.get('code')!r}")
        # An unresolved incident of incidents.json is in unresolved.json.
        unresolved = set(_ids(_list(get("incidents/unresolved.json"), "incidents")))
        for inc in _list(get("incidents.json"), "incidents"):
            if inc.get("status") in UNRESOLVED and inc.get("id") not in unresolved:
                c.fail("api/v2/incidents/unresolved.json", f"misses unresolved incident {inc.get('id')}")
        if site.base and isinstance(page, dict) and page.get("url", "").rstrip("/") != site.base.rstrip("/"):
            c.fail("api/v2/summary.json", f"page.url {page.get('url')!r} is not the base URL {site.base}")
    c.note(", ".join(f"{n}: {len(_list(get(n), 'incidents') or _list(get(n), 'scheduled_maintenances') or _list(get(n), 'components'))}"
                     for n in API if n in docs and n != "status.json"))


# --------------------------------------------------------------------------------------------
# (e) sitemap, robots, badge, 404, _headers


def check_sitemap_robots(site, c):
    p = site.root / "sitemap.xml"
    locs = []
    if not p.is_file():
        c.fail("sitemap.xml", "missing")
    else:
        try:
            root = ET.parse(p).getroot()
        except ET.ParseError as e:
            raise Failed(f"sitemap.xml is not XML: {e}")
        if root.tag != f"{{{SITEMAP_NS}}}urlset":
            c.fail("sitemap.xml", f"root is {root.tag}, not {{{SITEMAP_NS}}}urlset")
        for url in root:
            loc = url.find(f"{{{SITEMAP_NS}}}loc")
            if url.tag != f"{{{SITEMAP_NS}}}url" or loc is None or not (loc.text or "").strip():
                c.fail("sitemap.xml", f"<{url.tag}> is not a <url> with a <loc>")
                continue
            locs.append(loc.text.strip())
            lastmod = url.find(f"{{{SITEMAP_NS}}}lastmod")
            if lastmod is not None and not re.match(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$",
                                                    (lastmod.text or "").strip()):
                c.fail("sitemap.xml", f"lastmod {lastmod.text!r} is not a W3C datetime")
        for loc in locs:
            _check_absolute(site, c, "sitemap.xml", loc)
        if len(locs) != len(set(locs)):
            c.fail("sitemap.xml", "duplicate <loc>")
        if len(locs) > 50000:
            c.fail("sitemap.xml", f"{len(locs)} URLs; a sitemap holds at most 50,000")
        if site.base and site.base not in locs:
            c.fail("sitemap.xml", f"does not list the status page {site.base}")
        c.note(f"sitemap: {len(locs)} URLs")
    r = site.root / "robots.txt"
    if not r.is_file():
        c.fail("robots.txt", "missing")
    else:
        sitemaps = [line.split(":", 1)[1].strip() for line in r.read_text().splitlines()
                    if line.lower().startswith("sitemap:")]
        want = (site.base + "sitemap.xml") if site.base else None
        if not sitemaps:
            c.fail("robots.txt", "no 'Sitemap:' line")
        elif want and want not in sitemaps:
            c.fail("robots.txt", f"Sitemap: {sitemaps} does not name {want}")
        else:
            for s in sitemaps:
                _check_absolute(site, c, "robots.txt", s)


def check_badge_404(site, c):
    p = site.root / "badge.svg"
    if not p.is_file():
        c.fail("badge.svg", "missing")
    else:
        try:
            root = ET.parse(p).getroot()
        except ET.ParseError as e:
            raise Failed(f"badge.svg is not XML: {e}")
        if root.tag != f"{{{SVG_NS}}}svg":
            c.fail("badge.svg", f"root is {root.tag}, not an SVG <svg> in {SVG_NS}")
        if not (root.get("viewBox") or (root.get("width") and root.get("height"))):
            c.fail("badge.svg", "neither viewBox nor width and height")
        title = root.find(f"{{{SVG_NS}}}title")
        if title is None or not (title.text or "").strip():
            c.fail("badge.svg", "no <title> (the status in words, for screen readers)")
        if any(el.tag in (f"{{{SVG_NS}}}script", "script") for el in root.iter()):
            c.fail("badge.svg", "has a <script>")
    if not (site.root / "404.html").is_file():
        c.fail("404.html", "missing")


def parse_headers_file(text):
    """Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines."""
    rules, current = [], None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = (line.strip(), [])
            rules.append(current)
        elif current is None or ":" not in line:
            raise ValueError(f"line {n}: {line.strip()!r} is neither a path nor 'Name: value' under one")
        else:
            name, value = line.strip().split(":", 1)
            current[1].append((name.strip().lower(), value.strip()))
    return rules


def check_headers(site, c):
    p = site.root / "_headers"
    if not p.is_file():
        raise Failed("_headers is missing")
    try:
        rules = parse_headers_file(p.read_text())
    except ValueError as e:
        raise Failed(f"_headers: {e}")
    api = [h for path, h in rules if path.startswith("/api/")]
    if not any(("access-control-allow-origin", "*") in h for h in api):
        c.fail("_headers", "no 'Access-Control-Allow-Origin: *' under a /api/... path")
    pages = [(path, h) for path, h in rules if path in ("/*", "/", "/*.html")]
    csps = [v for _, h in pages for k, v in h if k == "content-security-policy"]
    if not csps:
        c.fail("_headers", "no Content-Security-Policy for the pages (under /*)")
    for csp in csps:
        directives = {d.split()[0].lower(): d.split()[1:] for d in csp.split(";") if d.split()}
        if "default-src" not in directives:
            c.fail("_headers", f"Content-Security-Policy has no default-src: {csp!r}")
        script = directives.get("script-src", directives.get("default-src", []))
        bad = [s for s in script if s.lower() in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")]
        if bad:
            c.fail("_headers", f"Content-Security-Policy lets scripts in: script sources {bad}")
    c.note(f"{len(rules)} rules")


# --------------------------------------------------------------------------------------------
# (f) a real Statuspage client reads the API


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_client(site, c):
    """statuspage-prometheus-exporter (PyPI), one pass (RUN_MODE=once) against the site served on
    127.0.0.1, writes Prometheus metrics; they must say what summary.json says."""
    from prometheus_client.parser import text_string_to_metric_families

    summary = site.api("summary.json")
    if not isinstance(summary, dict):
        raise Failed("api/v2/summary.json is unreadable (see the API check)")
    exporter = Path(sys.executable).parent / "statuspage-prometheus-exporter"
    if not exporter.exists():
        raise Failed(f"{exporter} is missing: run scripts/setup.sh")
    server = serve(site.root)
    try:
        port = server.server_address[1]
        with tempfile.TemporaryDirectory() as work:
            url = f"http://127.0.0.1:{port}/api/v2/summary.json"
            Path(work, "services.json").write_text(json.dumps({"cygni": {"url": url, "name": "Cygni"}}))
            env = {k: v for k, v in os.environ.items()
                   if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "slack_webhook_url")}
            env.update(RUN_MODE="once", SERVICES_JSON_PATH=f"{work}/services.json",
                       METRICS_TEXTFILE_PATH=f"{work}/metrics.prom", NO_PROXY="127.0.0.1", DEBUG="false")
            r = subprocess.run([str(exporter)], cwd=work, env=env, capture_output=True, text=True, timeout=120)
            prom = Path(work, "metrics.prom")
            if r.returncode != 0 or not prom.is_file():
                raise Failed(f"the exporter failed (exit {r.returncode}): {r.stderr[-1500:]}")
            samples = [s for fam in text_string_to_metric_families(prom.read_text()) for s in fam.samples]
            log = r.stderr
    finally:
        server.shutdown()
        server.server_close()

    def values(name):
        return [s for s in samples if s.name == name and s.labels.get("service_name") == "Cygni"]

    probe = values("statuspage_probe_check")
    if not probe or probe[0].value != 1:
        raise Failed(f"the client could not read {url}: {log[-1500:]}")
    errors = [line for line in log.splitlines() if " - ERROR - " in line]
    if errors:
        c.fail("api/v2/summary.json", "the client complained: " + " | ".join(errors)[:800])
    indicator = summary.get("status", {}).get("indicator")
    comps = [x for x in summary.get("components", []) if isinstance(x, dict)]
    unresolved = [i for i in summary.get("incidents", []) if isinstance(i, dict)
                  and i.get("status") in UNRESOLVED and not i.get("resolved_at")]
    status = values("statuspage_service_status")
    # The exporter reports operational (1) only when the indicator is none, no incident is active
    # and every component is operational.
    want = 1 if indicator == "none" and not unresolved and all(
        x.get("status") == "operational" for x in comps) else 0
    if not status or status[0].value != want:
        c.fail("api/v2/summary.json", f"the client reads service status {status[0].value if status else None}, "
                                      f"expected {want} from indicator {indicator!r}")
    got = {s.labels["component_name"]: s.value for s in values("statuspage_component_status")}
    for x in comps:
        w = 1.0 if x.get("status") == "operational" else 0.0
        if got.get(x.get("name")) != w:
            c.fail("api/v2/summary.json", f"the client reads component {x.get('name')!r} as "
                                          f"{got.get(x.get('name'))}, expected {w} ({x.get('status')})")
    inc_ids = {s.labels["incident_id"] for s in values("statuspage_incident_info")}
    if inc_ids != {i.get("id") for i in unresolved}:
        c.fail("api/v2/summary.json", f"the client sees active incidents {sorted(inc_ids)}, "
                                      f"summary.json has {sorted(i.get('id') for i in unresolved)}")
    m_ids = {s.labels["maintenance_id"] for s in values("statuspage_maintenance_info")}
    want_m = {m.get("id") for m in summary.get("scheduled_maintenances", [])
              if isinstance(m, dict) and m.get("status") not in ("completed", "cancelled")}
    if m_ids != want_m:
        c.fail("api/v2/summary.json", f"the client sees maintenances {sorted(m_ids)}, expected {sorted(want_m)}")
    c.note(f"statuspage-prometheus-exporter read indicator {indicator!r}, {len(got)} components, "
           f"{len(inc_ids)} active incidents, {len(m_ids)} maintenances")


# --------------------------------------------------------------------------------------------

CHECKS = [
    ("schemas", "schemas derive from the real samples and accept them", check_schemas_selftest),
    ("html", "HTML parses (html5lib strict), no JavaScript, internal links resolve", check_html_parse),
    ("vnu", "Nu HTML checker (vnu.jar): HTML, CSS, SVG", check_vnu),
    ("feeds", "feed.atom and feed.rss (feedparser)", check_feeds),
    ("ics", "maintenance.ics (icalendar)", check_ics),
    ("scoped", "each component's and group's feeds, calendar, badge, status.json", check_scoped),
    ("embeds", "api/widget.json (incident.io's shape) and the embeds", check_embeds),
    ("uptime", "uptime/<month>/: the printed weights and the CSV give the page's uptime", check_uptime),
    ("api", "api/v2 matches the Statuspage shapes", check_api),
    ("sitemap", "sitemap.xml and robots.txt", check_sitemap_robots),
    ("badge", "badge.svg and 404.html", check_badge_404),
    ("headers", "_headers: CORS for the API, CSP for the pages", check_headers),
    ("client", "a real Statuspage client reads the API", check_client),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path)
    ap.add_argument("--base-url", help="the --base-url the site was built with "
                                       "(default: page.url of api/v2/summary.json)")
    ap.add_argument("--skip", default="", help="comma-separated check names to skip")
    ap.add_argument("--only", default="", help="comma-separated check names to run")
    args = ap.parse_args(argv)
    root = args.site.resolve()
    if not root.is_dir():
        print(f"check_site: {args.site} is not a directory", file=sys.stderr)
        return 2
    names = {n for n, _, _ in CHECKS}
    skip = {s for s in args.skip.split(",") if s}
    only = {s for s in args.only.split(",") if s}
    if (skip | only) - names:
        print(f"check_site: unknown check {sorted((skip | only) - names)}; known: {sorted(names)}", file=sys.stderr)
        return 2

    base = args.base_url
    if not base:
        try:
            base = json.loads((root / "api/v2/summary.json").read_text())["page"]["url"]
        except (OSError, ValueError, KeyError, TypeError):
            base = None
    if base and not base.endswith("/"):
        base += "/"
    site = Site(root, base)
    print(f"checking {root} (base URL {base or 'unknown'})")

    results = []
    for name, title, fn in CHECKS:
        if name in skip or (only and name not in only):
            continue
        c = Check(name)
        t = time.perf_counter()
        try:
            fn(site, c)
        except Failed as e:
            c.fail(name, str(e))
        except Exception as e:  # a bug in a check, or a file so broken it threw: still a failure
            c.fail(name, f"check crashed: {type(e).__name__}: {e}")
        c.seconds = time.perf_counter() - t
        results.append(c)
        mark = "ok  " if not c.problems else "FAIL"
        print(f"{mark} {name:8} {title} ({c.seconds:.1f}s){': ' + '; '.join(c.notes) if c.notes else ''}")
        for file, reason in c.problems[:200]:
            print(f"       {file}: {reason}")
        if len(c.problems) > 200:
            print(f"       ... {len(c.problems) - 200} more")
        sys.stdout.flush()

    failed = [c for c in results if c.problems]
    total = sum(c.seconds for c in results)
    if failed:
        print(f"site checks FAILED: {len(failed)} of {len(results)} checks "
              f"({', '.join(c.name for c in failed)}), {sum(len(c.problems) for c in failed)} problems, {total:.1f}s")
        return 1
    print(f"site checks: all {len(results)} ok in {total:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
