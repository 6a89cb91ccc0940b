#!/usr/bin/env bash
# Sets pinflow's version: Cargo.toml is where it lives; this rewrites the places that must
# repeat it because their platform reads a literal (image tags in the GitLab and Bitbucket
# files, examples/ci/ and the snippets in README.md and docs/, the Azure task's and
# extension's versions, the lock files). tests/all/docs.rs (`one_version_everywhere`) fails
# when one of them disagrees.
#   bash scripts/set-version.sh 0.2.0
set -euo pipefail
cd "$(dirname "$0")/.."
new="${1:?usage: set-version.sh X.Y.Z}"
[[ "$new" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || { echo "set-version.sh: $new is not X.Y.Z" >&2; exit 2; }
old="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"
python3 - "$old" "$new" <<'PY'
import glob, json, re, sys
old, new = sys.argv[1], sys.argv[2]
major, minor, patch = (int(x) for x in new.split("."))

def edit(path, fn):
    with open(path) as f:
        text = f.read()
    changed = fn(text)
    with open(path, "w") as f:
        f.write(changed)

edit("Cargo.toml", lambda t: t.replace(f'version = "{old}"', f'version = "{new}"', 1))
for lock in ("Cargo.lock", "fuzz/Cargo.lock"):
    edit(lock, lambda t: t.replace(f'name = "pinflow"\nversion = "{old}"', f'name = "pinflow"\nversion = "{new}"'))
image = lambda t: re.sub(r"(ghcr\.io/pinflow/pinflow:)\d+\.\d+\.\d+", rf"\g<1>{new}", t)
for path in [".gitlab-ci-template.yml", "templates/deploy.yml", "bitbucket-pipe.yml", "README.md",
             *sorted(glob.glob("examples/ci/*.yml")), *sorted(glob.glob("docs/*.md"))]:
    edit(path, image)
edit(".gitlab-ci-template.yml", lambda t: re.sub(r"pinflow/pinflow/v\d+\.\d+\.\d+/", f"pinflow/pinflow/v{new}/", t))

def task(t):
    d = json.loads(t)
    d["version"] = {"Major": major, "Minor": minor, "Patch": patch}
    return json.dumps(d, indent=2) + "\n"
edit("azure-task/Pinflow/task.json", task)

def extension(t):
    d = json.loads(t)
    d["version"] = new
    return json.dumps(d, indent=2) + "\n"
edit("azure-task/vss-extension.json", extension)
PY
echo "pinflow $old -> $new"
