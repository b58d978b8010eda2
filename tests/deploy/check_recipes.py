"""The deploy recipes (deploy/), checked as a team would use them.

1. Each CI file validates against its published JSON Schema (SchemaStore's, as vendored by
   check-jsonschema: `vendor.github-workflows`, `vendor.gitlab-ci`).
2. Their check and build commands, exactly as written in the file, run in bash in a folder laid
   out like a team's repository (`public/` holding a public export), with the `site-gen` under
   test on PATH (the install step is the one thing not run: it needs the network). The site they
   build is then checked like any other (`tests/site/check_site.py`).

Usage: check_recipes.py SITE_GEN PUBLIC_BUNDLE
"""

import os
import shutil
import subprocess
import sys
import tempfile

from ruamel.yaml import YAML

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECIPES = {
    "deploy/github/status-site.yml": "vendor.github-workflows",
    "deploy/gitlab/.gitlab-ci.yml": "vendor.gitlab-ci",
}


def fail(msg):
    print(f"check_recipes: FAIL: {msg}")
    sys.exit(1)


def commands_github(doc):
    steps = doc["jobs"]["build"]["steps"]
    named = {s.get("name"): s for s in steps}
    for needed in ("Check the public bundles", "Build the status site"):
        if needed not in named:
            fail(f"deploy/github/status-site.yml: no step named {needed!r}")
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    if not uploads or uploads[0]["with"]["path"] != "site":
        fail("deploy/github/status-site.yml: the Pages artifact is not the built site/")
    return [named["Check the public bundles"]["run"], named["Build the status site"]["run"]], "site"


def commands_gitlab(doc):
    job = doc["pages"]
    out = job["pages"]["publish"]
    if out not in job["artifacts"]["paths"]:
        fail(".gitlab-ci.yml: the published folder is not kept as an artifact")
    return list(job["script"]), out


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
                commands, out = parse(yaml.load(f))
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
