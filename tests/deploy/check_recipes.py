"""The deploy recipes (deploy/), checked as a team would use them.

1. Each CI file validates against its published JSON Schema (SchemaStore's, as vendored by
   check-jsonschema: `vendor.github-workflows`, `vendor.gitlab-ci`).
2. Their check and build commands, exactly as written in the file, run in bash in a folder laid
   out like a team's repository (`public/` holding a public export), with the `site-gen` under
   test on PATH (the install step is the one thing not run: it needs the network). The site they
   build is then checked like any other (`tests/site/check_site.py`).
3. Notifying: the live site is an older build of the same export served on 127.0.0.1; the build
   commands fetch its published.json, and the notify commands, as written, post each new event
   to a local webhook receiver once (a second run posts nothing), and tell nobody without a
   webhook.

Usage: check_recipes.py SITE_GEN PUBLIC_BUNDLE
"""

import datetime
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

from ruamel.yaml import YAML

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The live site's build and this one's: public-4.json's events between them are "new".
OLD_NOW, NEW_NOW = "2026-11-01T11:00:00Z", "2026-11-01T12:00:00Z"
RECIPES = {
    "deploy/github/status-site.yml": "vendor.github-workflows",
    "deploy/gitlab/.gitlab-ci.yml": "vendor.gitlab-ci",
}


def fail(msg):
    print(f"check_recipes: FAIL: {msg}")
    sys.exit(1)


def step(steps, name, recipe):
    for s in steps:
        if s.get("name") == name:
            return s
    fail(f"{recipe}: no step named {name!r}")


def commands_github(doc):
    recipe = "deploy/github/status-site.yml"
    steps = doc["jobs"]["build"]["steps"]
    build = [step(steps, n, recipe)["run"] for n in (
        "Check the public bundles", "Build the status site", "Fetch what the live site has published")]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    if not uploads or uploads[0]["with"]["path"] != "site":
        fail(f"{recipe}: the Pages artifact is not the built site/")
    kept = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    notify = doc["jobs"]["notify"]
    fetched = [s for s in notify["steps"] if str(s.get("uses", "")).startswith("actions/download-artifact")]
    if not kept or not fetched or kept[0]["with"]["path"].rstrip("/") != fetched[0]["with"]["path"]:
        fail(f"{recipe}: the notify job does not get the build's notify/ folder")
    if notify.get("needs") != "deploy":
        fail(f"{recipe}: notify does not wait for the deploy")
    return build, "site", [step(notify["steps"], "Tell the team's channels", recipe)["run"]]


def commands_gitlab(doc):
    job = doc["pages"]
    out = job["pages"]["publish"]
    if out not in job["artifacts"]["paths"] or "notify" not in job["artifacts"]["paths"]:
        fail(".gitlab-ci.yml: the published folder or notify/ is not kept as an artifact")
    if doc["notify"]["stage"] != ".post":
        fail(".gitlab-ci.yml: notify does not run after the pages are deployed")
    return list(job["script"]), out, list(doc["notify"]["script"])


class Receiver(http.server.BaseHTTPRequestHandler):
    """A webhook: keeps every body posted to it."""
    got = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.got.append(json.loads(body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def epoch(rfc3339):
    return str(int(datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()))


def check_notify(recipe, build, tell, tmp, bindir, site_gen, public_bundle):
    """The live site (an older build) is served locally; the recipe's build commands fetch its
    manifest; its notify commands post each new event once."""
    old = os.path.join(tmp, "live")
    shutil.rmtree(old, ignore_errors=True)
    r = subprocess.run([site_gen, "build", public_bundle, "--out", old, "--now", OLD_NOW],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"building the live site: {r.stderr}")
    live, live_url = serve(functools.partial(http.server.SimpleHTTPRequestHandler, directory=old))
    hook, hook_url = serve(Receiver)
    try:
        repo = os.path.join(tmp, "repo")
        shutil.rmtree(repo, ignore_errors=True)
        os.makedirs(os.path.join(repo, "public"))
        shutil.copy(public_bundle, os.path.join(repo, "public", "team-device.json"))
        env = {"STATUS_BASE_URL": live_url, "SOURCE_DATE_EPOCH": epoch(NEW_NOW)}
        run(build, repo, bindir, env)
        with open(os.path.join(repo, "notify", "published.json")) as f:
            new = [e["id"] for e in json.load(f)["events"]]
        with open(os.path.join(repo, "notify", "previous.json")) as f:
            seen = {e["id"] for e in json.load(f)["events"]}
        expected = [i for i in new if i not in seen]
        if not expected:
            fail(f"{recipe}: no new event between {OLD_NOW} and {NEW_NOW}: the check checks nothing")
        Receiver.got.clear()
        run(tell, repo, bindir, {})
        if Receiver.got:
            fail(f"{recipe}: told {len(Receiver.got)} events without a webhook")
        env["STATUS_WEBHOOK"] = hook_url + "/hook"
        run(tell, repo, bindir, env)
        got = [m["id"] for m in Receiver.got]
        if got != expected:
            fail(f"{recipe}: the webhook got {got}, not the new events {expected}")
        run(tell, repo, bindir, env)
        if len(Receiver.got) != len(expected):
            fail(f"{recipe}: a second run posted again")
        print(f"check_recipes: {recipe} tells a webhook of {len(expected)} new events, once")
    finally:
        live.shutdown()
        hook.shutdown()


def run(commands, workdir, bindir, env_extra):
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", **env_extra)
    for c in commands:
        print(f"check_recipes: $ {c.strip()}")
        r = subprocess.run(["bash", "-euo", "pipefail", "-c", c], cwd=workdir, env=env)
        if r.returncode != 0:
            fail(f"{c.strip()!r} exited {r.returncode}")


def main():
    site_gen, public_bundle = (os.path.abspath(a) for a in sys.argv[1:3])
    venv_bin = os.path.dirname(sys.executable)
    for recipe, schema in RECIPES.items():
        r = subprocess.run([os.path.join(venv_bin, "check-jsonschema"), "--builtin-schema", schema,
                            os.path.join(ROOT, recipe)], capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"{recipe} does not validate against {schema}:\n{r.stdout}{r.stderr}")
        print(f"check_recipes: {recipe} validates against {schema}")

    yaml = YAML(typ="safe")
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        os.symlink(site_gen, os.path.join(bindir, "site-gen"))
        for recipe, parse in (("deploy/github/status-site.yml", commands_github),
                              ("deploy/gitlab/.gitlab-ci.yml", commands_gitlab)):
            with open(os.path.join(ROOT, recipe)) as f:
                commands, out, tell = parse(yaml.load(f))
            check_notify(recipe, commands, tell, tmp, bindir, site_gen, public_bundle)
            for base_url in ("", "https://status.recipe.test"):
                repo = os.path.join(tmp, "repo")
                shutil.rmtree(repo, ignore_errors=True)
                os.makedirs(os.path.join(repo, "public"))
                shutil.copy(public_bundle, os.path.join(repo, "public", "team-device.json"))
                run(commands, repo, bindir, {"STATUS_BASE_URL": base_url})
                site = os.path.join(repo, out)
                if not os.path.isfile(os.path.join(site, "index.html")):
                    fail(f"{recipe}: no index.html in {out}/")
                expected = base_url or None
                check = [sys.executable, os.path.join(ROOT, "tests/site/check_site.py"), site]
                if expected:
                    check += ["--base-url", expected + "/"]
                    with open(os.path.join(site, "feed.atom")) as f:
                        if expected not in f.read():
                            fail(f"{recipe}: STATUS_BASE_URL did not reach the feed")
                r = subprocess.run(check, capture_output=True, text=True)
                if r.returncode != 0:
                    fail(f"{recipe}: the site it built fails check_site.py:\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
                print(f"check_recipes: {recipe} builds a sound site (STATUS_BASE_URL={base_url!r})")
    print("check_recipes: ok")


if __name__ == "__main__":
    main()
