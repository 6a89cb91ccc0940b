"""Runs the benchmarks for scripts/bench.sh; see there. Prints a Markdown table, writes JSON."""

import argparse
import glob
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

FLOW = '''from typing import List, Optional
from prefect import flow


@flow(name="bench-flow")
def main(source: str, batch: int = 100, tables: Optional[List[str]] = None):
    """Benchmark flow.

    Args:
        source: where to read from
    """
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_health(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not start")


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30).read()
    except urllib.error.HTTPError as e:
        if e.code != 409:
            raise


class Server:
    def __init__(self, kind, prefect, work):
        self.kind, self.procs = kind, []
        home = os.path.join(work, f"home-{kind}")
        os.makedirs(home)
        env = dict(os.environ, PREFECT_HOME=home, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
        if kind == "postgres":
            env["PREFECT_API_DATABASE_CONNECTION_URL"] = self.start_postgres(work)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/api"
        log = open(os.path.join(work, f"server-{kind}.log"), "w")
        self.procs.append(subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                           env=env, stdout=log, stderr=log, start_new_session=True))
        wait_health(self.url)
        post(self.url + "/work_pools/", {"name": "bench-pool", "type": "process"})

    def start_postgres(self, work):
        bindir = os.path.dirname(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1])
        data = os.path.join(work, "pg")
        os.makedirs(data)
        shutil.chown(data, "postgres", "postgres")
        os.chmod(work, 0o755)
        as_pg = ["runuser", "-u", "postgres", "--"]
        subprocess.run(as_pg + [f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres"], check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        subprocess.run(as_pg + [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(data, "log"), "-w", "-o",
                                f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        self.pg = (as_pg, bindir, data)
        subprocess.run(as_pg + [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "prefect"], check=True)
        return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/prefect"

    def stop(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, 15)
                p.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, 9)
        if hasattr(self, "pg"):
            as_pg, bindir, data = self.pg
            subprocess.run(as_pg + [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)


def timed(cmd, cwd, env):
    """Wall seconds and peak RSS (MiB) of one command, which must succeed."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr[-3000:]}")
    rss_kb = int(out.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024


def project(work, name, deployments):
    d = os.path.join(work, name)
    os.makedirs(d)
    with open(os.path.join(d, "flows.py"), "w") as f:
        f.write(FLOW)
    write_yaml(d, deployments)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    for cmd in (["init", "-q", "-b", "main"], ["remote", "add", "origin", "https://github.com/org/bench.git"],
                ["add", "-A"], ["commit", "-qm", "bench"]):
        subprocess.run(git + cmd, cwd=d, check=True)
    return d


def write_yaml(d, deployments, changed=None):
    """prefect.yaml for `deployments`; the one named `changed` gets another parameter value."""
    def source(n):
        return f"s3://x/{n}" + ("-changed" if n == changed else "")
    yaml = "deployments:\n" + "".join(
        f"  - name: {n}\n    entrypoint: flows.py:main\n    parameters: {{source: {source(n)}}}\n"
        f"    work_pool: {{name: bench-pool, job_variables: {{env: {{N: '{n}'}}}}}}\n" for n in deployments)
    with open(os.path.join(d, "prefect.yaml"), "w") as f:
        f.write(yaml)


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# pinflow's phases, in order: what each run does to the project before deploying, and its flags.
PHASES = (("create", None, []), ("update", None, ["--force"]), ("one-changed", 0, []), ("unchanged", 0, []))


def bench_server(args, work, kind):
    server = Server(kind, args.prefect, work)
    env = dict(os.environ, PREFECT_API_URL=server.url, PREFECT_HOME=os.path.join(work, "client-home"))
    results = []
    try:
        for size in args.sizes:
            times = {k: [] for k in ["prefect_create", "prefect_update"] + [f"{w}_{p[0]}" for w in ("pinflow", "floor") for p in PHASES]}
            mem = {"prefect": [], "pinflow": []}
            requests = {}
            for run in range(args.runs):
                ref = project(work, f"{kind}-ref-{size}-{run}", [f"r{run}-ref-{i}" for i in range(size)])
                for phase in ("create", "update"):
                    wall, rss = timed([args.prefect, "--no-prompt", "deploy", "--all"], ref, env)
                    times[f"prefect_{phase}"].append(wall)
                    mem["prefect"].append(rss)
                names = [f"r{run}-pin-{i}" for i in range(size)]
                ours = project(work, f"{kind}-pin-{size}-{run}", names)
                for phase, changed, extra in PHASES:
                    if changed is not None:
                        write_yaml(ours, names, changed=names[changed])
                    trace = os.path.join(ours, f"trace-{phase}.jsonl")
                    wall, rss = timed([args.pinflow, "deploy", "--all", "--concurrency", str(args.concurrency)] + extra, ours,
                                      dict(env, PINFLOW_TRACE_REQUESTS=trace, PINFLOW_LOG="warn"))
                    times[f"pinflow_{phase}"].append(wall)
                    mem["pinflow"].append(rss)
                    requests[phase] = sum(1 for _ in open(trace))
                    replay = subprocess.run([args.replay, trace, str(args.concurrency)], env=env, capture_output=True, text=True)
                    if replay.returncode == 0:
                        times[f"floor_{phase}"].append(json.loads(replay.stdout)["seconds"])
                    else:
                        print(f"  floor replay failed: {replay.stderr.strip()[-300:]}", file=sys.stderr)
            result = {"server": kind, "deployments": size, "runs": args.runs,
                      **{k: round(median(v), 3) for k, v in times.items()},
                      "prefect_peak_mib": round(max(mem["prefect"]), 1), "pinflow_peak_mib": round(max(mem["pinflow"]), 1),
                      "requests": requests}
            results.append(result)
            print(f"  {kind} {size}: " + json.dumps(result), file=sys.stderr)
    finally:
        server.stop()
    return results


def monorepo(work, name, files, per_file):
    """One git repository of `files` project folders, each a flows.py and a prefect.yaml of
    `per_file` deployments; returns the repository and each folder's deployment names."""
    d = os.path.join(work, name)
    folders = {}
    for f in range(files):
        folder = os.path.join(d, f"p{f:02d}")
        os.makedirs(folder)
        with open(os.path.join(folder, "flows.py"), "w") as out:
            out.write(FLOW)
        folders[folder] = [f"{name}-p{f:02d}-{i}" for i in range(per_file)]
        write_yaml(folder, folders[folder])
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    for cmd in (["init", "-q", "-b", "main"], ["remote", "add", "origin", "https://github.com/org/bench.git"],
                ["add", "-A"], ["commit", "-qm", "bench"]):
        subprocess.run(git + cmd, cwd=d, check=True)
    return d, folders


def bench_monorepo(args, work):
    """`deployments` in `files` project files of one repository, on SQLite: `prefect deploy --all`
    in each folder (as a monorepo runs it today: create, then the update every push makes)
    against one `pinflow deploy --all --prefect-file '*/prefect.yaml'` (create, one changed,
    unchanged)."""
    files, deployments = args.monorepo
    per_file = deployments // files
    server = Server("sqlite", args.prefect, work)
    env = dict(os.environ, PREFECT_API_URL=server.url, PREFECT_HOME=os.path.join(work, "client-home"))
    result = {"files": files, "deployments": files * per_file}
    try:
        ref, folders = monorepo(work, "mref", files, per_file)
        for phase in ("create", "update"):
            walls, peak = [], 0.0
            for folder in folders:
                wall, rss = timed([args.prefect, "--no-prompt", "deploy", "--all"], folder, env)
                walls.append(wall)
                peak = max(peak, rss)
            result[f"prefect_{phase}"] = round(sum(walls), 2)
            result["prefect_peak_mib"] = round(peak, 1)
        ours, folders = monorepo(work, "mpin", files, per_file)
        first_folder, first_names = next(iter(folders.items()))
        cmd = [args.pinflow, "deploy", "--all", "--prefect-file", "*/prefect.yaml", "--concurrency", str(args.concurrency)]
        peak, requests = 0.0, {}
        for phase, changed in (("create", None), ("one-changed", first_names[0]), ("unchanged", first_names[0])):
            if changed is not None:
                write_yaml(first_folder, first_names, changed=changed)
            trace = os.path.join(ours, f"trace-{phase}.jsonl")
            wall, rss = timed(cmd, ours, dict(env, PINFLOW_TRACE_REQUESTS=trace, PINFLOW_LOG="warn"))
            result[f"pinflow_{phase}"] = round(wall, 3)
            requests[phase] = sum(1 for _ in open(trace))
            peak = max(peak, rss)
        result["pinflow_peak_mib"] = round(peak, 1)
        result["requests"] = requests
        print("  monorepo: " + json.dumps(result), file=sys.stderr)
    finally:
        server.stop()
    return result


def monorepo_table(r):
    speedup = lambda ours: f"{r['prefect_update'] / ours:.0f}x" if ours else "-"
    return "\n".join([
        f"Monorepo: {r['deployments']} deployments in {r['files']} project files, SQLite; `prefect deploy --all` "
        f"in each folder: {r['prefect_create']:.1f} s to create, {r['prefect_update']:.1f} s for a push "
        f"(peak {r['prefect_peak_mib']:.0f} MiB).",
        "",
        "| pinflow run (one `--prefect-file '*/prefect.yaml'`) | seconds | requests | vs prefect deploy per folder |",
        "|---|---|---|---|",
        *(f"| {phase} | {r[f'pinflow_{phase}']:.3f} | {r['requests'][phase]} | "
          f"{speedup(r[f'pinflow_{phase}']) if phase != 'create' else '-'} |"
          for phase in ("create", "one-changed", "unchanged")),
        "",
        f"pinflow peak: {r['pinflow_peak_mib']:.1f} MiB.",
    ])


def micro(args, work):
    repo = project(work, "micro", ["x"])
    def med(cmd, cwd, n=20):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        return round(median(times) * 1000, 2)
    return {"binary_bytes": os.path.getsize(args.pinflow),
            "version_ms": med([args.pinflow, "--version"], repo),
            "version_info_ms": med([args.pinflow, "version-info"], repo)}


def table(results, micro_numbers):
    """One row per server, size and pinflow phase; `prefect deploy` rewrites every deployment in
    each of the update phases, so its update time is what pinflow's update phases compare to."""
    lines = ["| server | deployments | run | prefect deploy (s) | pinflow (s) | floor (s) | speed-up vs prefect | pinflow vs floor | requests | peak MiB prefect / pinflow |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ratio = lambda a, b: f"{a / b:.1f}x" if b and a == a and b == b else "-"
        for phase, _, _ in PHASES:
            ref = r["prefect_create"] if phase == "create" else r["prefect_update"]
            ours, floor = r[f"pinflow_{phase}"], r[f"floor_{phase}"]
            lines.append(
                f"| {r['server']} | {r['deployments']} | {phase} | {ref:.2f} | {ours:.3f} | {floor:.3f} | "
                f"{ratio(ref, ours)} | {ratio(ours, floor)} | {r['requests'][phase]} | "
                f"{r['prefect_peak_mib']:.0f} / {r['pinflow_peak_mib']:.1f} |")
    lines.append("")
    lines.append(f"Release binary: {micro_numbers['binary_bytes'] / 1e6:.1f} MB; `pinflow --version`: {micro_numbers['version_ms']} ms; "
                 f"`pinflow version-info` in a git repository: {micro_numbers['version_info_ms']} ms (medians of 20).")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefect", required=True)
    ap.add_argument("--pinflow", required=True)
    ap.add_argument("--replay", required=True)
    ap.add_argument("--out", default="bench.json")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1,50")
    ap.add_argument("--servers", default="sqlite,postgres")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--monorepo", default="", help="FILES,DEPLOYMENTS: only the monorepo benchmark (e.g. 20,500)")
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    if args.monorepo:
        args.monorepo = [int(n) for n in args.monorepo.split(",")]
        work = tempfile.mkdtemp(prefix="pinflow-bench-")
        try:
            result = bench_monorepo(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        with open(args.out, "w") as f:
            json.dump({"prefect": "3.9.1", "concurrency": args.concurrency, "monorepo": result}, f, indent=2)
        print(monorepo_table(result))
        return
    work = tempfile.mkdtemp(prefix="pinflow-bench-")
    try:
        results = []
        for kind in args.servers.split(","):
            print(f"benchmarking on {kind}", file=sys.stderr)
            results += bench_server(args, work, kind)
        micro_numbers = micro(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    doc = {"machine": machine, "prefect": "3.9.1", "concurrency": args.concurrency, "results": results, **micro_numbers}
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
    print(f"Machine: {machine}; medians of {args.runs} runs; pinflow --concurrency {args.concurrency}.\n")
    print(table(results, micro_numbers))


if __name__ == "__main__":
    main()
