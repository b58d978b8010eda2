#!/usr/bin/env python3
"""Keeps the app's architecture true (ARCHITECTURE.md, "The layer rule").

Fails, saying what and where, when:
  - a module of `app/src` imports a layer above its own (platform < route < state < widgets
    < screens < frame), or a screen imports another screen;
  - the modules of `app/src` import each other in a circle;
  - anything outside `app/src/state/` writes to storage (IndexedDB, local storage) or tells the
    other tabs, or a `platform` module other than the one wrapping it calls a browser storage
    write;
  - `platform/` holds a `view!`;
  - a source file of `app/` or `incident-core/` is longer than 600 lines;
  - a Leptos component is longer than 150 lines.

`--self-test` plants one violation of each kind in a copy of the tree and checks that each is
found (and that the copy without them passes).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

MAX_FILE_LINES = 600
MAX_COMPONENT_LINES = 150
LAYERS = {"platform": 0, "route": 1, "state": 2, "widgets": 3, "screens": 4, "frame": 5}
# Calls that write the workspace or this browser's storage, or tell other tabs: only `state`.
STATE_ONLY = [
    r"\bStorage::open\(",
    r"\.put_incident_merged\(",
    r"\.put_settings_merged\(",
    r"\.put_maintenance_merged\(",
    r"\.put_tombstone\(",
    r"\.merge_in\(",
    r"\.save_bundle\(",
    r"\blocal::set\(",
    r"\blocal::remove\(",
    r"\bchannel::announce\(",
    r"\bfolder::(?:remember|forget|write|remove)\(",
]
# The browser's own storage writes, and its clock: only in the platform module that wraps them.
RAW_WRITES = {
    r"\.set_item\(": "platform/local.rs",
    r"\.remove_item\(": "platform/local.rs",
    r"\bstore\s*\.put\(": ("platform/db/records.rs", "platform/folder.rs"),
    r"\bDate::now\(": "platform/clock.rs",
}
USE_RE = re.compile(r"\buse\s+((?:crate|super|self)(?:::[\w{}, :*\n]+)?);", re.S)
PATH_RE = re.compile(r"\b(crate|super|self)((?:::\w+)+)")


def module_of(rel):
    """`screens/incident/header.rs` -> ['screens', 'incident', 'header']."""
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def strip_comments(text):
    text = re.sub(r"(?<![:\"])//[^\n]*", "", text)
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def expand_use(tree):
    """`crate::a::{b, c::{d, e}}` -> ['crate::a::b', 'crate::a::c::d', 'crate::a::c::e']."""
    tree = re.sub(r"\s+", "", tree)
    m = re.match(r"^(.*?)::\{(.*)\}$", tree)
    if not m:
        return [tree]
    prefix, inner = m.groups()
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    if cur:
        parts.append(cur)
    out = []
    for p in parts:
        for e in expand_use(p):
            out.append(prefix if e == "self" else f"{prefix}::{e}")
    return out


def resolve(path, here, modules):
    """An import path seen in module `here` -> the longest known module it names."""
    segs = path.split("::")
    head, rest = segs[0], segs[1:]
    if head == "crate":
        base = []
    elif head == "self":
        base = list(here)
    else:
        base = list(here)
        while head == "super":
            base = base[:-1]
            head, rest = (rest[0], rest[1:]) if rest else ("", [])
        rest = ([head] if head else []) + rest
    full = base + [r for r in rest if r not in ("*", "self")]
    for n in range(len(full), -1, -1):
        if tuple(full[:n]) in modules:
            return tuple(full[:n])
    return ()


def check(root):
    problems = []
    app = os.path.join(root, "app/src")
    files = {}
    for dirpath, _, names in os.walk(app):
        for n in names:
            if n.endswith(".rs"):
                full = os.path.join(dirpath, n)
                files[os.path.relpath(full, app)] = open(full, encoding="utf-8").read()
    modules = {tuple(module_of(rel)): rel for rel in files}
    edges = {}
    for rel, text in sorted(files.items()):
        here = tuple(module_of(rel))
        code = strip_comments(text)
        paths = []
        for m in USE_RE.finditer(code):
            paths += expand_use(m.group(1))
        paths += [m.group(1) + m.group(2) for m in PATH_RE.finditer(code)]
        # Paths through the module's own children (`header::Header`, `use filters::Filters;`).
        for child in re.findall(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", code, re.M):
            for m in re.finditer(r"(?<![\w:])" + child + r"((?:::\w+)+)", code):
                paths.append("self::" + child + m.group(1))
        for p in paths:
            target = resolve(p, list(here), modules)
            if not target or target == here:
                continue
            edges.setdefault(here, set()).add(target)
            if here and target and here[0] in LAYERS and target[0] in LAYERS:
                if LAYERS[target[0]] > LAYERS[here[0]]:
                    problems.append(f"app/src/{rel}: imports `{p}`: the {here[0]} layer may not import {target[0]} (it is above it)")
                if here[0] == "screens" == target[0] and len(here) > 1 and len(target) > 1 and here[1] != target[1]:
                    problems.append(f"app/src/{rel}: imports `{p}`: the screen `{here[1]}` imports the screen `{target[1]}` (share it through widgets or state)")
        # Writes.
        in_state = rel.startswith("state/")
        for pat in STATE_ONLY:
            for m in re.finditer(pat, code):
                if not in_state:
                    line = code[: m.start()].count("\n") + 1
                    problems.append(f"app/src/{rel}:{line}: `{m.group(0)}` writes or announces outside state/ (only state/ writes)")
        for pat, home in RAW_WRITES.items():
            homes = home if isinstance(home, tuple) else (home,)
            for m in re.finditer(pat, code):
                if rel not in homes:
                    line = code[: m.start()].count("\n") + 1
                    problems.append(f"app/src/{rel}:{line}: `{m.group(0)}` outside {' or '.join(homes)}, the modules that may call it")
        if rel.startswith("platform/") and "view!" in code:
            problems.append(f"app/src/{rel}: platform/ holds a view! (platform wraps browser APIs only)")
        # Components.
        lines = text.split("\n")
        for i, l in enumerate(lines):
            if l.strip() == "#[component]":
                j = i + 1
                while j < len(lines) and not re.match(r"\s*(pub(\([^)]*\))?\s+)?fn\s", lines[j]):
                    j += 1
                if j >= len(lines):
                    continue
                indent = len(lines[j]) - len(lines[j].lstrip())
                k = j + 1
                while k < len(lines) and lines[k] != " " * indent + "}":
                    k += 1
                length = k - i + 1
                if length > MAX_COMPONENT_LINES:
                    name = re.search(r"fn\s+(\w+)", lines[j]).group(1)
                    problems.append(f"app/src/{rel}:{i + 1}: the component {name} is {length} lines (at most {MAX_COMPONENT_LINES})")
    # Circles between modules.
    problems += [f"app/src: modules import each other in a circle: {c}" for c in cycles(edges)]
    problems += [f"incident-core/src: modules import each other in a circle: {c}" for c in core_cycles(root)]
    # File lengths.
    for top in ("app", "incident-core"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            if "/target" in dirpath or "node_modules" in dirpath:
                continue
            for n in names:
                if n.endswith(".rs"):
                    full = os.path.join(dirpath, n)
                    count = sum(1 for _ in open(full, encoding="utf-8"))
                    if count > MAX_FILE_LINES:
                        problems.append(f"{os.path.relpath(full, root)}: {count} lines (at most {MAX_FILE_LINES})")
    return problems


def core_cycles(root):
    """Circles between the top-level modules of incident-core (test code left out)."""
    src = os.path.join(root, "incident-core/src")
    files = {}
    for dirpath, _, names in os.walk(src):
        for n in names:
            if n.endswith(".rs") and n != "tests.rs":
                full = os.path.join(dirpath, n)
                files[os.path.relpath(full, src)] = open(full, encoding="utf-8").read()
    modules = {tuple(module_of(rel)) for rel in files}
    edges = {}
    for rel, text in files.items():
        here = tuple(module_of(rel))
        code = re.sub(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*;", "", strip_comments(text))
        code = re.sub(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{[\s\S]*", "", code)
        paths = []
        for m in USE_RE.finditer(code):
            paths += expand_use(m.group(1))
        paths += [m.group(1) + m.group(2) for m in PATH_RE.finditer(code)]
        for p in paths:
            target = resolve(p, list(here), modules)
            if here[:1] and target[:1] and target[:1] != here[:1]:
                edges.setdefault(here[:1], set()).add(target[:1])
    return cycles(edges)


def cycles(edges):
    found, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                loop = stack[stack.index(m):] + [m]
                found.append(" -> ".join("::".join(x) or "crate" for x in loop))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)
    return found


def self_test(root):
    # Each plant must add a problem to those of the tree as it is (which the plain check reports).
    plants = {
        "a screen importing another": ("app/src/screens/drills.rs", "\nuse crate::screens::metrics::MetricsPage;\n"),
        "a write outside state": ("app/src/widgets/who_am_i.rs", "\nfn planted() { let _ = crate::platform::local::set(&crate::platform::local::LocalKey::Me, \"x\"); }\n"),
        "a layer imported upward": ("app/src/state/me.rs", "\nuse crate::widgets::who_am_i::WhoAmI;\n"),
        "a circle": ("app/src/state/drafts.rs", "\nuse crate::state::actions::IncidentActions;\n"),
        "a circle in the core": ("incident-core/src/playbook/mod.rs", "\n#[allow(unused_imports)]\nuse crate::model::Settings;\n"),
        "a view in platform": ("app/src/platform/page.rs", "\nfn planted() { let _ = leptos::view! { <p>\"x\"</p> }; }\n"),
        "a raw storage write outside platform/local.rs": ("app/src/platform/worker.rs", "\nfn planted(s: web_sys::Storage) { let _ = s.set_item(\"k\", \"v\"); }\n"),
        "the time read outside platform/clock.rs": ("app/src/state/online.rs", "\nfn planted() -> f64 { js_sys::Date::now() }\n"),
        "a folder written outside state": ("app/src/widgets/export.rs", "\nasync fn planted(d: &web_sys::FileSystemDirectoryHandle) { let _ = crate::platform::folder::write(d, \"x\", b\"\").await; }\n"),
        "an object store written outside db/ and folder.rs": ("app/src/platform/files.rs", "\nfn planted(store: idb::ObjectStore) { let _ = store\n    .put(&1.into(), None); }\n"),
        "a long file": ("incident-core/src/time.rs", "\n" + "// planted\n" * MAX_FILE_LINES),
        "a long component": ("app/src/screens/preview/mod.rs", "\n#[component]\nfn Planted() -> impl IntoView {\n" + "    let _x = 1;\n" * MAX_COMPONENT_LINES + "}\n"),
    }
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for top in ("app/src", "incident-core/src"):
            shutil.copytree(os.path.join(root, top), os.path.join(tmp, top))
        # The circle's plant needs a way back: `state::actions` importing `state::drafts`.
        with open(os.path.join(tmp, "app/src/state/actions.rs"), "a") as f:
            f.write("\n#[allow(unused_imports)]\nuse crate::state::drafts::Drafts;\n")
        base = check(tmp)
        for what, (rel, text) in plants.items():
            path = os.path.join(tmp, rel)
            before = open(path).read()
            open(path, "a").write(text)
            found = [p for p in check(tmp) if p not in base]
            open(path, "w").write(before)
            if found:
                print(f"self-test: {what} planted in {rel} is found:\n  {found[0]}")
            else:
                print(f"self-test: {what} planted in {rel} was NOT found")
                failed += 1
    return 1 if failed else 0


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    if "--self-test" in sys.argv:
        sys.exit(self_test(root))
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"\n{len(problems)} architecture problem(s); the rule is in ARCHITECTURE.md")
        sys.exit(1)
    print("architecture: layers import downward, no screen imports another, only state/ writes, no circle, files <= 600 lines, components <= 150 lines")


if __name__ == "__main__":
    main()
