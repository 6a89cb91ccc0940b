"""Builds the real-world differential corpus (tests/realworld/) from public Prefect projects.

For each project: its prefect.yaml, and of each entrypoint's module (and the project modules it
imports) only what decides the deployment: imports, module-level constants and type aliases,
class declarations (fields and a model's class Config:, no methods), and the deployed @flow functions' decorators,
signatures and docstrings, with bodies dropped; every other function is left as a stub. Build and push sections made of steps that need Docker or
the network (anything but run_shell_script) are removed; nothing else is changed. Which
repository and commit each project comes from is written at the top of its prefect.yaml.

    PYTHON scripts/realworld/extract.py SRC_DIR OUT_DIR OWNER/REPO COMMIT

PYTHON is the reference's (~/.cache/pinflow/prefect-3.9.1/bin/python): what it can import is
what the corpus imports unguarded.
"""

import ast
import importlib.util
import os
import sys

import yaml  # PyYAML, as Prefect's loader


def flow_decorated(node):
    for d in node.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "flow":
            return True
    return False


def docstring_only(node):
    body = []
    if node.body and isinstance(node.body[0], ast.Expr) and isinstance(getattr(node.body[0], "value", None), ast.Constant) \
            and isinstance(node.body[0].value.value, str):
        body.append(node.body[0])
    body.append(ast.Pass())
    return body


def guarded(node, errors):
    """`try: <node> except <errors>: pass`."""
    handler = ast.ExceptHandler(type=ast.Name(errors), name=None, body=[ast.Pass()])
    return ast.Try(body=[node], handlers=[handler], orelse=[], finalbody=[])


def installed(node, local_roots):
    """Whether the modules `node` imports can be imported here (the reference's Python)."""
    if isinstance(node, ast.ImportFrom) and node.level:
        return True
    names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
    for name in names:
        top = (name or "").split(".")[0]
        local = any(os.path.exists(os.path.join(r, top)) or os.path.exists(os.path.join(r, top + ".py"))
                    for r in local_roots)
        if not local and importlib.util.find_spec(top) is None:
            return False
    return True


def calls_something(node):
    return any(isinstance(n, ast.Call) for n in ast.walk(node))


def keep(node, local_roots, entries):
    """The statement as kept, or None. The project's own code is gone, and so are the packages
    it installs: their imports and any module-level call are guarded, so that importing the
    module works here as it does where the project runs."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return node if installed(node, local_roots) else guarded(node, "ImportError")
    if isinstance(node, (ast.Assign, ast.AnnAssign)) or type(node).__name__ == "TypeAlias":
        return guarded(node, "Exception") if calls_something(node) else node
    if isinstance(node, ast.ClassDef):
        # A model's pydantic v1-style `class Config:` is part of its declaration: kept, as a
        # class of assignments.
        def kept(s):
            if isinstance(s, ast.ClassDef):
                return s.name == "Config"
            if isinstance(s, ast.Expr):
                return isinstance(getattr(s, "value", None), ast.Constant)
            return isinstance(s, (ast.Assign, ast.AnnAssign))
        body = [keep(s, local_roots, entries) if isinstance(s, ast.ClassDef) else s
                for s in node.body if kept(s)]
        body = [guarded(s, "Exception") if isinstance(s, (ast.Assign, ast.AnnAssign)) and calls_something(s) else s
                for s in body]
        node.body = body or [ast.Pass()]
        return node
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if flow_decorated(node) and node.name in entries:
            node.body = docstring_only(node)
        else:
            # A stub, for decorators (hooks) that name it; its own decorators may need packages.
            node.body = [ast.Expr(ast.Constant(...))]
            node.decorator_list = []
            node.args = ast.arguments(posonlyargs=[], args=[], vararg=ast.arg("args"), kwonlyargs=[],
                                      kw_defaults=[], kwarg=ast.arg("kwargs"), defaults=[])
            node.returns = None
        return node
    if isinstance(node, ast.Try) and all(isinstance(s, (ast.Import, ast.ImportFrom, ast.Assign, ast.Pass))
                                          for part in (node.body, *[h.body for h in node.handlers]) for s in part):
        return node  # try: import x / except ImportError: x = None
    return None


def extract(path, src, entries):
    tree = ast.parse(open(path, encoding="utf-8").read())
    roots = [src, os.path.dirname(path)]
    tree.body = [k for k in (keep(n, roots, entries) for n in tree.body) if k is not None]
    return ast.unparse(tree) + "\n"


def local_imports(path, root):
    """Project modules `path` imports (absolute from the root or the file's directory, or relative)."""
    out = []
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            bases = [os.path.dirname(path)] if node.level else [root, os.path.dirname(path)]
            if node.level:
                base = os.path.dirname(path)
                for _ in range(node.level - 1):
                    base = os.path.dirname(base)
                bases = [base]
            for base in bases:
                cand = os.path.join(base, *parts)
                for f in (cand + ".py", os.path.join(cand, "__init__.py")):
                    if os.path.isfile(f):
                        out.append(f)
    return out


def main():
    src, out, repo, commit = sys.argv[1:5]
    text = open(os.path.join(src, "prefect.yaml"), encoding="utf-8").read()
    config = yaml.safe_load(text) or {}
    removed = []
    for section in ("build", "push"):
        steps = config.get(section) or []
        if any(list(s)[0].split(".")[-1] != "run_shell_script" for s in steps if isinstance(s, dict)):
            removed.append(section)
    files = set()
    entries = {}  # file -> the flow functions deployments name in it
    for d in config.get("deployments") or []:
        ep = d.get("entrypoint") or ""
        if ":" in ep:
            path = ep.rsplit(":", 1)[0]
            if not path.endswith(".py"):  # a module path: src.flows.etl
                path = path.replace(".", "/") + ".py"
            full = os.path.normpath(os.path.join(src, path))
            if os.path.isfile(full):
                files.add(full)
                entries.setdefault(full, set()).add(ep.rsplit(":", 1)[1].split(".")[0])
        for section in ("build", "push"):
            steps = d.get(section) or []
            if any(isinstance(s, dict) and list(s)[0].split(".")[-1] != "run_shell_script" for s in steps):
                removed.append(f"deployments.{d.get('name')}.{section}")
    todo = list(files)
    while todo:
        f = todo.pop()
        for dep in local_imports(f, src):
            if dep not in files and len(files) < 200:
                files.add(dep)
                todo.append(dep)
    os.makedirs(out, exist_ok=True)
    for f in sorted(files):
        rel = os.path.relpath(f, src)
        dest = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        body = extract(f, src, entries.get(f, set()))  # a module Python cannot parse is not taken: the project is skipped
        with open(dest, "w", encoding="utf-8") as w:
            w.write(f"# Signatures from github.com/{repo} ({rel} at {commit[:12]}): bodies dropped.\n" + body)
    lines = text.splitlines()
    if removed:
        # Drop the top-level sections that need Docker or the network; keep everything else as written.
        kept, skipping = [], False
        for line in lines:
            top = line and not line[0].isspace() and not line.startswith(("#", "-"))
            if top:
                skipping = any(line.startswith(f"{s}:") for s in ("build", "push") if s in removed)
                if skipping:
                    kept.append(f"{line.split(':')[0]}: null  # adapted: its steps need Docker or the network")
                    continue
            if not skipping:
                kept.append(line)
        lines = kept
    header = [f"# From github.com/{repo} at {commit[:12]}: prefect.yaml as written"
              + (f" (adapted: {', '.join(removed)} removed)" if removed else "") + "."]
    with open(os.path.join(out, "prefect.yaml"), "w", encoding="utf-8") as w:
        w.write("\n".join(header + lines) + "\n")
    print(out, len(files), "modules", "removed:" if removed else "", ",".join(removed))


if __name__ == "__main__":
    main()
