"""Lay out Fedora's Python formatters beside the project, so that bench/format.ts can time them.

Nothing of what this fetches goes into the repository: it is unpacked into a folder outside it
(by default ~/.cache/fedmsg-echo/python-reference) and imported from there at bench time.

    python3 bench/python-reference/prepare.py [--mirror ROOT] [--to DIR] CORPUS_DIR

What it does:
1. Checks out, each at a pinned commit: fedmsg 1.1.7 and fedmsg_meta_fedora_infrastructure
   0.31.0 (the versions the corpus README names), fedora-messaging, and every schema package
   the fedora-messaging corpus names, at the `source_commit` the corpus gives for it.
   Sources are bare repositories under ROOT/<owner>+<name>/repo when --mirror is given (as
   the search tool's fetch leaves them), otherwise clones from https://github.com/<owner>/<name>.
2. Writes the package metadata these libraries look up at import (setuptools egg-info for
   fedmsg's entry points, dist-info stubs for version lookups, one [fedora.messages]
   entry-point table for the corpus's schema classes), instead of installing them with pip:
   PyPI is unreachable on the machines this project is built on.
3. Imports every schema class once and adds what is missing (a module found in a checkout,
   a distribution stub) until all import, then writes DIR/reference.json for the bench.

Debian's Python (/usr/bin/python3) and these Debian packages are needed:
    apt-get install python3-arrow python3-kitchen python3-zmq python3-six python3-dateutil \
        python3-requests python3-tz python3-pika python3-jsonschema python3-crochet \
        python3-twisted python3-fedora python3-mako python3-setuptools
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

FEDMSG = ("fedora-infra/fedmsg", "07667b06f212b135e92816691863eeb4fc39f98b")  # tag 1.1.7
FEDMSG_META = ("fedora-infra/fedmsg_meta_fedora_infrastructure", "c107ffa2b2e4fad86a284453210bad65423a6578")  # 0.31.0
FEDORA_MESSAGING = ("fedora-infra/fedora-messaging", "48c5ccbc96cfbb12a73992d3a34699c87ef44db0")
PYTHON = "/usr/bin/python3"


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def checkout(repo, commit, mirror, dest):
    """Unpack repo at commit into dest (a plain tree, no .git)."""
    if os.path.isdir(dest):
        return dest
    if mirror:
        git_dir = os.path.join(mirror, repo.replace("/", "+"), "repo")
    else:
        git_dir = dest + ".git"
        if not os.path.isdir(git_dir):
            run(["git", "clone", "-q", "--bare", "--filter=blob:none",
                 f"https://github.com/{repo}.git", git_dir])
    # Unpacked beside dest and renamed at the end: a checkout that fails leaves no half tree behind.
    partial = dest + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)
    archive = subprocess.Popen(["git", "--git-dir", git_dir, "archive", commit], stdout=subprocess.PIPE)
    run(["tar", "-x", "-C", partial], stdin=archive.stdout)
    if archive.wait() != 0:
        raise SystemExit(f"prepare: {repo} has no commit {commit}")
    os.rename(partial, dest)
    return dest


def stub(site, name, entry_points=None):
    """A dist-info folder, so that importlib.metadata finds a distribution called name."""
    folder = os.path.join(site, re.sub(r"[-.]+", "_", name) + "-0.dist-info")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "METADATA"), "w") as f:
        f.write(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0\n")
    if entry_points:
        with open(os.path.join(folder, "entry_points.txt"), "w") as f:
            f.write(entry_points)


def egg_info(tree):
    """setuptools metadata for a checkout (fedmsg.meta finds its processors by entry point)."""
    run([PYTHON, "setup.py", "-q", "egg_info"], cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for info in os.listdir(tree):
        if info.endswith(".egg-info"):
            # Its requirements name PyPI distributions that Debian provides under other names.
            requires = os.path.join(tree, info, "requires.txt")
            if os.path.exists(requires):
                os.remove(requires)


_FOLDERS = {}


def module_root(tree, module):
    """The folder of tree from which `module` (dotted) imports, or None; the shortest path wins.
    A namespace package (a folder without __init__.py, as bodhi's) is found as well as a regular one."""
    if tree not in _FOLDERS:
        _FOLDERS[tree] = sorted((root for root, _dirs, _files in os.walk(tree)), key=len)
    parts = module.split(".")
    for root in _FOLDERS[tree]:
        leaf = os.path.join(root, *parts)
        if os.path.isfile(leaf + ".py") or os.path.isfile(os.path.join(leaf, "__init__.py")):
            return root
    return None


PROBE = """
import importlib, json, sys, warnings
warnings.simplefilter("ignore")
for spec in json.loads(sys.argv[1]):
    module, name = spec.split(":")
    getattr(importlib.import_module(module), name)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", help="the folder of fedora-messaging-dev.jsonl")
    parser.add_argument("--mirror", help="bare repositories as ROOT/<owner>+<name>/repo")
    parser.add_argument("--to", default=os.path.expanduser("~/.cache/fedmsg-echo/python-reference"))
    args = parser.parse_args()
    src, site = os.path.join(args.to, "src"), os.path.join(args.to, "site")
    os.makedirs(src, exist_ok=True)
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(site)

    def tree(repo, commit):
        return checkout(repo, commit, args.mirror, os.path.join(src, repo.replace("/", "+")))

    fedmsg_tree, meta_tree = tree(*FEDMSG), tree(*FEDMSG_META)
    egg_info(fedmsg_tree)
    egg_info(meta_tree)
    path = [fedmsg_tree, meta_tree, tree(*FEDORA_MESSAGING), site]
    stub(site, "fedora-messaging")

    schemas = {}
    with open(os.path.join(args.corpus, "fedora-messaging-dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            if case["schema_class"] in schemas:
                continue
            schemas[case["schema_class"]] = case["schema"]
            root = module_root(tree(case["repo"], case["source_commit"]), case["schema_class"].split(":")[0])
            if root and root not in path:
                path.insert(-1, root)
    # Two packages may register one schema name (discourse.event.v1): the registry needs every
    # class under some name, and the bench picks each message's class by the corpus's path.
    names, table = set(), "[fedora.messages]\n"
    for cls, schema in schemas.items():
        while schema in names:
            schema += "_"
        names.add(schema)
        table += f"{schema} = {cls}\n"
    stub(site, "fedmsg-echo-bench-schemas", table)

    # Import every class; add what an import asks for, until nothing is missing.
    for _ in range(50):
        probe = subprocess.run([PYTHON, "-c", PROBE, json.dumps(list(schemas))], capture_output=True,
                               text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(path)})
        if probe.returncode == 0:
            break
        missing_dist = re.search(r"PackageNotFoundError: (?:No package metadata was found for )?'?([\w.-]+)", probe.stderr)
        missing_module = re.search(r"No module named '([\w.]+)'", probe.stderr)
        if missing_dist:
            stub(site, missing_dist.group(1))
        elif missing_module:
            top = missing_module.group(1).split(".")[0]
            roots = [r for r in (module_root(os.path.join(src, d), top) for d in os.listdir(src)) if r]
            if not roots:
                raise SystemExit(f"prepare: {top} is needed and is neither in a checkout nor installed "
                                 f"(see the apt-get line in this script's doc)\n{probe.stderr[-2000:]}")
            path.insert(-1, min(roots, key=len))
        else:
            raise SystemExit("prepare: a schema class does not import:\n" + probe.stderr[-2000:])
    else:
        raise SystemExit("prepare: gave up after 50 rounds of missing imports")

    reference = {"python": PYTHON, "pythonpath": path, "cwd": meta_tree}
    with open(os.path.join(args.to, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
    print(f"prepare: {len(schemas)} schema classes import; wrote {os.path.join(args.to, 'reference.json')}")


if __name__ == "__main__":
    main()
