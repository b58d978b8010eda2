#!/usr/bin/env python3
"""Benchmark of `site-gen build` for 100, 1,000 and 10,000 incidents: wall time (best of 3, and
the stages site-gen reports), peak memory, output size, and the gzipped size of the status page
and of the median and largest incident pages. Prints a table; asserts nothing.

    cargo build --profile native -p site-gen && python3 scripts/bench-site.py [--out-root DIR]

The output goes to a folder on /work's disk by default; --out-root /dev/shm shows the same build
without the disk (on this VM, creating ~9,000 files on ext4 costs seconds of kernel time)."""
import argparse, gzip, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "native", "site-gen")
NOW = "2026-11-01T12:00:00Z"


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
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    print(f"site-gen build, best of {args.runs}; output on {out_root}; {os.cpu_count()} cores")
    print(f"{'incidents':>9} {'input MB':>8} {'wall s':>7} {'load/render/write ms':>21} {'peak MB':>8} {'files':>6} {'output MB':>9} "
          f"{'status gz KB':>12} {'incident gz KB med/max':>22}")
    for n, wall, (l, r, w), peak, size, files, idx, med, mx, inp in rows:
        print(f"{n:>9} {inp/1e6:>8.1f} {wall:>7.2f} {f'{l}/{r}/{w}':>21} {peak/1024:>8.0f} {files:>6} {size/1e6:>9.1f} "
              f"{idx/1024:>12.1f} {f'{med/1024:.1f}/{mx/1024:.1f}':>22}")


if __name__ == "__main__":
    main()
