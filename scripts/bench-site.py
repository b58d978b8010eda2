#!/usr/bin/env python3
"""Benchmark of `site-gen build` for 100, 1,000 and 10,000 incidents: wall time (best of 3, and
the stages site-gen reports), peak memory, output size, and the gzipped size of the status page
and of the median and largest incident pages. Then, at the largest size, side by side in the
same run: Hugo (Debian's, no theme, minimal layouts) rendering the same count of plain pages from
the same incidents; the status page and its stylesheets gzipped together; `site-gen serve`'s
rebuild after one new public update (its own report, and how many files it rewrote); and how
many files differ when the same incidents are built a minute later. Prints the
figures; asserts nothing; CI does not run it.

    cargo build --profile native -p site-gen && python3 scripts/bench-site.py [--out-root /dev/shm]

Hugo is installed from Debian (`apt-get install hugo`) when missing, for this benchmark only.

The output goes to a folder on /work's disk by default; --out-root /dev/shm shows the same build
without the disk (on this VM, creating ~9,000 files on ext4 costs seconds of kernel time)."""
import argparse, gzip, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, uuid
import copy as copy_module

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "native", "site-gen")
NOW = "2026-11-01T12:00:00Z"
# How many new incidents serve's bench adds, after its new updates.
NEW_INCIDENTS = 3


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def tree_size(path):
    total = files = 0
    for d, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(d, f))
            files += 1
    return total, files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-root", default=None, help="where the site is written (default: a temp folder under target/)")
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-run-sh", action="store_true", help="leave out the run.sh row (its first run rebuilds the app when its sources changed)")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: cargo build --profile native -p site-gen")
    work = tempfile.mkdtemp(prefix="bench-site-", dir=os.path.join(ROOT, "target"))
    out_root = args.out_root or work
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        bundle = os.path.join(work, f"sample-{n}.json")
        subprocess.run([BIN, "sample", "--incidents", str(n), "--seed", "1", "--now", NOW, "--compact", "--out", bundle],
                       check=True, capture_output=True)
        out = os.path.join(out_root, f"bench-site-{n}")
        walls, stages, peaks = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            p = subprocess.Popen([BIN, "build", bundle, "--out", out, "--now", NOW, "--base-url", "https://status.cygni.example", "--allow-sample"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            err = p.stderr.read()
            _, status, usage = os.wait4(p.pid, 0)  # this child's own peak memory
            walls.append(time.perf_counter() - t0)
            if status != 0:
                sys.exit(f"build of {n} failed: {err}")
            peaks.append(usage.ru_maxrss)
            m = re.search(r"load (\d+), render (\d+), write (\d+)", err)
            stages.append(tuple(int(x) for x in m.groups()) if m else (0, 0, 0))
        peak = max(peaks)  # KB
        best = min(range(len(walls)), key=lambda i: walls[i])
        size, files = tree_size(out)
        incident_pages = [os.path.join(out, "incidents", d, "index.html") for d in os.listdir(os.path.join(out, "incidents"))]
        inc_gz = sorted(gz(p) for p in incident_pages)
        rows.append((n, walls[best], stages[best], peak, size, files, gz(os.path.join(out, "index.html")),
                     statistics.median(inc_gz), inc_gz[-1], os.path.getsize(bundle)))
        last = (n, bundle, out, walls[best], peak, html_pages(out),
                gz(os.path.join(out, "index.html")), gz(os.path.join(out, "assets", "style.css")),
                gz(os.path.join(out, "assets", "bars.css")) if os.path.exists(os.path.join(out, "assets", "bars.css")) else 0)
        if n != max(int(x) for x in args.sizes.split(",")):
            shutil.rmtree(out, ignore_errors=True)
    print(f"site-gen build, best of {args.runs}; output on {out_root}; {os.cpu_count()} cores")
    print(f"{'incidents':>9} {'input MB':>8} {'wall s':>7} {'load/render/write ms':>21} {'peak MB':>8} {'files':>6} {'output MB':>9} "
          f"{'status gz KB':>12} {'incident gz KB med/max':>22}")
    for n, wall, (l, r, w), peak, size, files, idx, med, mx, inp in rows:
        print(f"{n:>9} {inp/1e6:>8.1f} {wall:>7.2f} {f'{l}/{r}/{w}':>21} {peak/1024:>8.0f} {files:>6} {size/1e6:>9.1f} "
              f"{idx/1024:>12.1f} {f'{med/1024:.1f}/{mx/1024:.1f}':>22}")

    n, bundle, out, wall, peak, pages, idx_gz, css_gz, bars_gz = last
    print()
    print(f"status page at {n}: index.html {idx_gz/1024:.1f} KB + style.css {css_gz/1024:.1f} KB + bars.css {bars_gz/1024:.1f} KB gzipped = {(idx_gz + css_gz + bars_gz)/1024:.1f} KB (target <= 6 KB)")
    hugo = hugo_build(bundle, pages, out_root, args.runs)
    if hugo:
        h_wall, h_peak = hugo
        print(f"site-gen build of {n} incidents, whole process: {wall:.2f} s, {peak/1024:.0f} MiB peak (target <= 0.25 s)")
        print(f"Hugo {hugo_version()} rendering {pages} plain pages of the same incidents: {h_wall:.2f} s, {h_peak/1024:.0f} MiB peak")
        print(f"  site-gen is {h_wall/wall:.1f}x faster (target >= 10x), with {peak/h_peak:.2f} of Hugo's memory (target <= 0.25)")
    shutil.rmtree(out, ignore_errors=True)
    serve = serve_rebuild(bundle, os.path.join(out_root, f"bench-serve-{n}"))
    if serve:
        times, stages, waits, news, changed, total = serve
        print(f"site-gen serve at {n}: rebuild after one new public update {times[0]} ms the first time, median {statistics.median(times):.0f} ms "
              f"of {len(times)} ({', '.join(map(str, times))} ms, as it reports); {changed} of {total} files rewritten by the first (target <= 100 ms, only changed files)")
        medians = [statistics.median(s[k] for s in stages) for k in range(3)]
        print(f"  its stages, medians: load {medians[0]:.0f} (read, the changed incidents parsed, checks), render {medians[1]:.0f} (projection and pages), write {medians[2]:.0f} ms")
        print(f"  from the file saved to serve saying it is rebuilt (noticing the change, then the rebuild): median {statistics.median(waits):.0f} ms ({', '.join(f'{w:.0f}' for w in waits)} ms)")
        print(f"  after a new incident instead: median {statistics.median(news):.0f} ms of {len(news)} ({', '.join(map(str, news))} ms)")
    moved = clock_only(bundle, out_root, n)
    print(f"the same {n} incidents built a minute later: {moved[0]} of {moved[1]} files differ (what a host that uploads changed files, or serve, rewrites when only the clock moved)")
    shutil.rmtree(work, ignore_errors=True)
    start = None if args.skip_run_sh else run_sh_start()
    if start:
        print(f"scripts/run.sh start with nothing changed since its last run: {start:.1f} s until it prints both addresses (target <= 5 s)")


def run_sh_start():
    """`scripts/run.sh` from its start until it says both servers' addresses, run twice (the
    first run builds whatever changed; the second is the start this row measures)."""
    env = dict(os.environ, PORT=str(free_port()), SITE_PORT=str(free_port()))
    took = None
    for _ in range(2):
        t0 = time.perf_counter()
        p = subprocess.Popen(["bash", os.path.join(ROOT, "scripts", "run.sh")], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            for line in p.stdout:
                if line.startswith("workspace:"):
                    took = time.perf_counter() - t0
                    break
            else:
                print("scripts/run.sh stopped before serving")
                return None
        finally:
            os.killpg(p.pid, 15)
            p.wait()
    return took


def html_pages(out):
    return sum(1 for d, _, fs in os.walk(out) for f in fs if f.endswith(".html"))


def run_measured(cmd, **kw):
    """Runs `cmd`; returns (wall seconds, peak KB of the child)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {err[-2000:]}")
    return time.perf_counter() - t0, usage.ru_maxrss


def hugo_version():
    out = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else "?"


def hugo_build(bundle, pages, out_root, runs):
    """Hugo, no theme, minimal layouts, `pages` plain pages from the bundle's incidents (title and
    update texts): best wall time and its peak memory."""
    if not shutil.which("hugo"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        r = subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo"],
                           capture_output=True, text=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        if r.returncode != 0 or not shutil.which("hugo"):
            print(f"Hugo: not installed and apt-get could not install it; no comparison ({r.stderr.strip()[-200:]})")
            return None
    site = tempfile.mkdtemp(prefix="bench-hugo-", dir=out_root)
    with open(os.path.join(site, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://status.cygni.example/"\ntitle = "Cygni Status"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    layouts = os.path.join(site, "layouts", "_default")
    os.makedirs(layouts)
    frame = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
             '<body><h1>{{ .Title }}</h1>%s</body></html>\n')
    with open(os.path.join(layouts, "single.html"), "w") as f:
        f.write(frame % "{{ .Content }}")
    with open(os.path.join(layouts, "list.html"), "w") as f:
        f.write(frame % '<ul>{{ range first 50 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>')
    with open(bundle) as f:
        incidents = json.load(f)["incidents"]
    content = os.path.join(site, "content", "incidents")
    os.makedirs(content)
    for k in range(max(pages - 2, 1)):  # the home and the section list are pages too
        i = incidents[k % len(incidents)]
        body = "\n\n".join(f"**{u['status']}** ({u['at']}): {u.get('message') or u.get('impact') or ''}" for u in i["updates"])
        title = json.dumps(i.get("public_title") or i["title"])
        with open(os.path.join(content, f"{k}.md"), "w") as f:
            f.write(f"---\ntitle: {title}\ndate: {i['started_at']}\n---\n\n{body}\n")
    best = None
    for _ in range(runs):
        dest = os.path.join(site, "public")
        shutil.rmtree(dest, ignore_errors=True)
        wall, peak = run_measured(["hugo", "--quiet", "--source", site, "--destination", dest])
        if best is None or wall < best[0]:
            best = (wall, peak)
    built = html_pages(os.path.join(site, "public"))
    if abs(built - pages) > 2:
        print(f"Hugo built {built} pages, site-gen {pages}")
    shutil.rmtree(site, ignore_errors=True)
    return best


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot(out):
    out_files = {}
    for d, _, fs in os.walk(out):
        for f in fs:
            st = os.stat(os.path.join(d, f))
            out_files[os.path.relpath(os.path.join(d, f), out)] = (st.st_ino, st.st_mtime_ns)
    return out_files


def clock_only(bundle, out_root, n):
    """Builds the same bundle at NOW and a minute later; returns (files that differ, files)."""
    later = NOW.replace("12:00:00", "12:01:00")
    outs = [os.path.join(out_root, f"bench-clock-{n}-{i}") for i in (0, 1)]
    for out, now in zip(outs, (NOW, later)):
        subprocess.run([BIN, "build", bundle, "--out", out, "--now", now, "--base-url", "https://status.cygni.example", "--allow-sample"],
                       check=True, capture_output=True)
    def contents(out):
        files = {}
        for d, _, fs in os.walk(out):
            for f in fs:
                with open(os.path.join(d, f), "rb") as fh:
                    files[os.path.relpath(os.path.join(d, f), out)] = fh.read()
        return files
    a, b = contents(outs[0]), contents(outs[1])
    for out in outs:
        shutil.rmtree(out, ignore_errors=True)
    return sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k)), len(b)


def serve_rebuild(bundle, out, rebuilds=5):
    """`site-gen serve` on a copy of the bundle; one new public update is added to an open
    incident, `rebuilds` times (each a new update, the file written whole as an export is);
    returns (each rebuild's ms as serve reports it, its stages' ms (load, render, write), the ms
    from each file saved to serve saying it is rebuilt, the ms of each rebuild after a new
    incident, files the first rewrote, files)."""
    work = os.path.dirname(bundle)
    data = json.load(open(bundle))
    copy = os.path.join(work, "serve.json")
    json.dump(data, open(copy, "w"))
    p = subprocess.Popen([BIN, "serve", copy, "--out", out, "--now", NOW, "--port", str(free_port()), "--allow-sample"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "serving" not in line:
            line = p.stderr.readline()
            if not line:
                print("site-gen serve stopped before serving")
                return None
        before = snapshot(out)
        open_ones = [i for i in data["incidents"] if i["status"] != "resolved" and any(u["public"] for u in i["updates"])]
        times, stages, waits, changed, news = [], [], [], None, []
        # One new public update at a time; then new incidents (a copy of an open one under a new
        # id, first in the file), which also change every history month's count.
        for k in range(rebuilds + NEW_INCIDENTS):
            if k < rebuilds:
                incident = open_ones[k % len(open_ones)]
                last = incident["updates"][-1]
                update = dict(last, id=str(uuid.uuid4()), at=NOW.replace("12:00:00", f"11:{55 + k:02d}:00"),
                              message=f"bench: new public update {k + 1}")
                incident["updates"].append(update)
                incident["timeline"].append({"id": str(uuid.uuid4()), "at": update["at"], "by": last.get("author"),
                                             "kind": {"type": "update_posted", "update": update["id"], "public": True}})
            else:
                incident = copy_module.deepcopy(open_ones[k % len(open_ones)])
                incident["id"] = f"bench-new-{k}"
                data["incidents"].insert(0, incident)
            tmp = copy + ".tmp"
            json.dump(data, open(tmp, "w"))
            os.replace(tmp, copy)
            saved = time.monotonic()
            ms = None
            while ms is None:
                line = p.stderr.readline()
                if not line:
                    print("site-gen serve stopped before rebuilding")
                    return None
                m = re.search(r"built \d+ files .* in (\d+) ms \(load (\d+), render (\d+), write (\d+)\)", line)
                if m:
                    ms = int(m.group(1))
                    if k < rebuilds:
                        waits.append((time.monotonic() - saved) * 1000)
                        stages.append([int(x) for x in m.groups()[1:]])
                elif "problems" in line or "failed" in line:
                    print(f"site-gen serve could not rebuild: {line.strip()}")
                    return None
            (times if k < rebuilds else news).append(ms)
            time.sleep(0.5)
            if changed is None:
                after = snapshot(out)
                changed = sum(1 for k, v in after.items() if before.get(k) != v)
                total = len(after)
        return times, stages, waits, news, changed, total
    finally:
        p.terminate()
        p.wait()
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
