"""Benchmark refgraph at seller and team scale against its targets (BENCHMARKS.md).

One command generates a world (if OUT has none yet), imports it and measures:

    python benchmarks/run.py --world seller                    # 1 owner, 30k connections, 200k interactions
    python benchmarks/run.py --world team --scale 1.0          # 200 owners × 5k, 2M interactions
    python benchmarks/run.py OUT [--runs 5] [-k 5] [--skip-import] [--profile]
    python benchmarks/run.py --world team --scale 0.05 --engine both [--pg-url URL] [--pg-shim]

Every refgraph measurement is a whole, cold process (a new process each run) of the installed
``refgraph`` executable: the median of ``--runs`` runs, with the child's peak memory from
``os.wait4`` (its own ``ru_maxrss``). In the same run, ``benchmarks/yen.py`` times the obvious
alternative (networkx ``shortest_simple_paths`` on ``-log(strength)`` over ``graph()``) and checks
that it gives the same top-k, and ``benchmarks/floor.py`` times ``pandas.read_csv`` of the same
input files (the floor for import).

``--engine postgresql`` or ``both`` runs the same imports and reads against a PostgreSQL database
(a throw-away server started for the run by ``benchmarks/pgserver.py``, or ``--pg-url``); with
``both`` each read runs on one engine and then the other, and their outputs are compared.

Results: a table on stdout, ``benchmarks/results-<world>.json`` (and a copy named with the scale).
Generated data and the store stay in OUT (default /tmp/refgraph-bench/<world>-s<scale>).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

TARGETS = {
    "help_ratio": 2.0,            # refgraph --help ≤ 2× python -c "import click"
    "path_speedup": 50.0,         # ≥ 50× faster than Yen alone
    "path_seconds": 0.3,          # team path query, whole process, cold
    "path_rss_mb": 300.0,         # team path query peak memory
    "import_ratio": 15.0,         # team import ≤ 15× pandas.read_csv of the same files
    "seller_read_seconds": 1.0,   # seller people / reconnect, whole process
    "calendar_seconds": 10.0,     # 20,000 events with recurrences
}


SLOW = 20.0   # seconds: a command slower than this is not repeated (set by --slow)


def log(msg: str) -> None:
    print(f"[{datetime.now(timezone.utc).strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_child(cmd: list[str], stdout=None, timeout: float | None = None) -> dict:
    """Run one process to completion; wall time and the child's own peak RSS (os.wait4). A child
    still running after *timeout* seconds is killed (``timed_out``)."""
    with tempfile.TemporaryFile() as err:
        out = open(stdout, "wb") if stdout else subprocess.DEVNULL
        fired = threading.Event()
        try:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=out, stderr=err)
            timer = None
            if timeout:
                def kill():
                    fired.set()
                    p.kill()           # not reaped yet, so the pid is still this child's
                timer = threading.Timer(timeout, kill)
                timer.start()
            _, status, usage = os.wait4(p.pid, 0)
            seconds = time.perf_counter() - t0
            if timer:
                timer.cancel()
            p.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout:
                out.close()
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "rc": p.returncode, "stderr": tail,
            "timed_out": fired.is_set()}


def compile_bytecode(exe: str) -> str:
    """Byte-compile the refgraph package that *exe* (a refgraph executable) runs, as installing it
    does, and return where it is. Its processes then load cached bytecode as a user's installed
    refgraph does, even in an environment that sets ``PYTHONDONTWRITEBYTECODE`` (where an editable
    install would otherwise compile every module again in every timed process: 0.05–0.07 s)."""
    first = Path(exe).read_bytes()[:512].split(b"\n", 1)[0] if Path(exe).is_file() else b""
    words = first[2:].decode(errors="replace").split() if first.startswith(b"#!") else []
    if words and Path(words[0]).name == "env":
        words = words[1:]
    python = words[0] if words and "python" in Path(words[0]).name else sys.executable   # a shim: this one
    out = subprocess.run([python, "-c", "import compileall, os, refgraph; d = os.path.dirname(refgraph.__file__); "
                          "compileall.compile_dir(d, quiet=1); print(d)"],
                         capture_output=True, text=True, cwd="/")
    if out.returncode != 0:
        raise SystemExit(f"{exe}: could not byte-compile the refgraph it runs:\n{out.stderr}")
    return out.stdout.strip()


def measure(name: str, cmd: list[str], runs: int, stdout=None, timeout: float | None = None,
            tolerate: bool = False) -> dict:
    """The median of *runs* whole-process runs and the largest peak RSS. A run that times out ends
    the series: the result says ``timed_out`` and ``median_s`` is None. A run that fails ends the
    benchmark, or with *tolerate* the series: the result says ``failed``, with the exit code and
    the end of stderr."""
    times, rss = [], []
    for _ in range(runs):
        last = run_child(cmd, stdout=stdout, timeout=timeout)
        if last["timed_out"]:
            log(f"{name}: still running after {timeout:.0f} s — killed")
            return {"name": name, "cmd": cmd, "runs": times, "median_s": None, "timed_out": True,
                    "timeout_s": timeout, "peak_rss_mb": max(rss + [last["rss_mb"]])}
        if last["rc"] != 0 and tolerate:
            log(f"{name}: FAILED (exit {last['rc']}): {last['stderr'].strip().splitlines()[-1:] or ''}")
            return {"name": name, "cmd": cmd, "runs": times, "median_s": None, "failed": True, "rc": last["rc"],
                    "stderr": last["stderr"], "peak_rss_mb": max(rss + [last["rss_mb"]])}
        if last["rc"] != 0:
            raise SystemExit(f"{name}: {' '.join(cmd)} failed (exit {last['rc']}):\n{last['stderr']}")
        times.append(last["seconds"])
        rss.append(last["rss_mb"])
        if last["seconds"] > SLOW:
            break              # a command this slow is measured once: the median of one run
    result = {"name": name, "cmd": cmd, "runs": times, "median_s": statistics.median(times), "min_s": min(times),
              "max_s": max(times), "peak_rss_mb": max(rss)}
    log(f"{name}: median {result['median_s']:.3f} s over {len(times)} run(s), peak {result['peak_rss_mb']:.0f} MB")
    return result


def machine(python: str) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout if shutil.which("free") else ""
    versions = subprocess.run([python, "-c", "import sys, sqlite3; print(sys.version.split()[0]); "
                               "print(sqlite3.sqlite_version)"], capture_output=True, text=True).stdout.split()
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "refgraph"], capture_output=True,
                           text=True).stdout.split("\n")
    # the refgraph that runs: the working tree (an editable install), or an install of a commit
    where = subprocess.run([python, "-c", "import json, refgraph, importlib.metadata as m; "
                            "d = m.distribution('refgraph').read_text('direct_url.json'); "
                            "print(json.dumps([refgraph.__file__, json.loads(d) if d else None]))"],
                           capture_output=True, text=True, cwd="/").stdout
    module, direct = json.loads(where) if where.strip() else ("", None)
    installed = bool(module) and REPO not in Path(module).resolve().parents
    commit = ((direct or {}).get("vcs_info") or {}).get("commit_id", "")
    info = {"nproc": os.cpu_count(), "cpu": cpu, "free_h": free.strip(), "python": versions[0] if versions else "",
            "sqlite": versions[1] if len(versions) > 1 else "", "platform": platform.platform(),
            "git_head": commit[:7] if installed and commit else git,
            "refgraph_uncommitted": [] if installed else [d.strip() for d in dirty if d.strip()],
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if installed:
        info["refgraph_installed"] = {"module": module, "commit": commit, "repository_head": git}
    return info


def import_world(rg: list[str], manifest: dict, runs_log: list) -> dict:
    """Import the world as a team would: every owner's LinkedIn export in one command (one process,
    one transaction), then the call log, the knows file and the accounts, one command each."""
    exports = manifest["files"]["linkedin"]
    steps = [("linkedin", [*rg, "import", "linkedin", *exports], len(exports))]
    for kind in ("interactions", "knows", "accounts"):
        steps.append((kind, [*rg, "import", kind, manifest["files"][kind]], 1))
    by_kind: dict[str, dict] = {}
    total = 0.0
    for n, (kind, cmd, files) in enumerate(steps, 1):
        r = run_child(cmd)
        if r["rc"] != 0:
            raise SystemExit(f"import failed: {' '.join(cmd[:6])} …\n{r['stderr']}")
        total += r["seconds"]
        k = by_kind.setdefault(kind, {"files": 0, "seconds": 0.0, "max_s": 0.0, "peak_rss_mb": 0.0})
        k["files"] += files
        k["seconds"] += r["seconds"]
        k["max_s"] = max(k["max_s"], r["seconds"])
        k["peak_rss_mb"] = max(k["peak_rss_mb"], r["rss_mb"])
        runs_log.append({"kind": kind, "cmd": cmd[-1] if files == 1 else f"{files} exports", "seconds": r["seconds"],
                         "rss_mb": r["rss_mb"]})
        log(f"import {kind} ({n}/{len(steps)}, {files} file{'s' if files > 1 else ''}): {r['seconds']:.1f} s, "
            f"{r['rss_mb']:.0f} MB; total {total:.1f} s")
    return {"total_seconds": total, "processes": len(steps), "by_kind": by_kind}


def profile(python: str, rg_args: list[str], name: str, out: Path, top: int = 25, timeout: float = 600) -> dict:
    """cProfile one command (in a fresh process) and keep the top functions by own and cumulative time."""
    prof = out / f"profile-{name}.pstats"
    cmd = [python, "-m", "cProfile", "-o", str(prof), "-m", "refgraph", *rg_args]
    r = run_child(cmd, timeout=timeout)
    if r["timed_out"]:
        return {"error": f"still running after {timeout:.0f} s under the profiler — killed"}
    if r["rc"] != 0:
        return {"error": r["stderr"]}
    import pstats

    st = pstats.Stats(str(prof))
    rows = []
    for (file, line, func), (_, nc, tt, ct, _) in st.stats.items():
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct})
    by_tot = sorted(rows, key=lambda r: -r["tottime"])[:top]
    by_cum = sorted((r for r in rows if "refgraph" in r["function"] or "paths" in r["function"]
                     or "api" in r["function"]), key=lambda r: -r["cumtime"])[:top]
    return {"seconds_under_profile": r["seconds"], "by_tottime": by_tot, "by_cumtime": by_cum}


def importtime(python: str) -> list[dict]:
    r = subprocess.run([python, "-X", "importtime", "-c", "import refgraph.cli"], capture_output=True, text=True)
    rows = []
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line[len("import time:"):].split("|", 2)
        rows.append({"module": name.strip(), "self_us": int(self_us), "cumulative_us": int(cum_us)})
    return sorted(rows, key=lambda r: -r["cumulative_us"])[:15]


def load_world(ap: argparse.ArgumentParser, out: str | None, world: str, scale: float, seed: int,
               regenerate: bool = False) -> tuple[Path, dict]:
    """The world folder (default /tmp/refgraph-bench/<world>-s<scale>, never in the repository) and
    its manifest, generated first when it has none (or when asked to)."""
    folder = Path(out) if out else Path(f"/tmp/refgraph-bench/{world}-s{scale:g}")
    if REPO in folder.resolve().parents:
        ap.error("generated data never goes into the repository: pick a folder outside it")
    if regenerate or not (folder / "world.json").exists():
        from generate import generate

        generate(world, folder, seed=seed, scale=scale, log=log)
    return folder, json.loads((folder / "world.json").read_text())


def remove_store(db: Path) -> None:
    """A store file and its write-ahead log, gone."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


ENGINES = ("sqlite", "postgresql")
PER_ENGINE = ("import", "import_log", "calendar_import", "store_bytes", "store_rows", "measurements", "same_answers",
              "server", "shims")


def engine_view(res: dict, engine: str | None = None) -> dict:
    """The results as one engine's: its import, store and reads in the places ``table`` reads them, with
    the run's start-up figures (``import click``, ``--help``). Results written before engines were
    measured are SQLite's as they are."""
    engines = res.get("engines")
    if not engines or engine is None or engine not in engines:
        return res
    mine = engines[engine]
    view = {k: v for k, v in res.items() if k not in PER_ENGINE}
    view.update(mine)
    view["measurements"] = {**{k: v for k, v in res["measurements"].items() if k in ("click", "help")},
                            **mine.get("measurements", {})}
    view["engine"] = engine
    return view


def _pgserver(*args: str) -> object:
    """``benchmarks/pgserver.py ARGS`` in a child process (this process stays small: see there), its JSON."""
    r = subprocess.run([sys.executable, str(HERE / "pgserver.py"), *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"pgserver.py {args[0]} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout)


@contextlib.contextmanager
def pg_server(name: str):
    """A throw-away PostgreSQL server for the run, in a child (``pgserver.py serve``), with a new
    database *name*: ``(url, settings)``. Stopped and removed on leaving, whatever happened: the
    child stops the server when its stdin ends, which it does when this process ends too."""
    child = subprocess.Popen([sys.executable, str(HERE / "pgserver.py"), "serve", name], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        if not line:
            raise SystemExit(f"the PostgreSQL server did not start (exit {child.wait()})")
        info = json.loads(line)
        yield info["url"], info["server"]
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):   # a second signal must not cut the stopping short
            signal.signal(sig, signal.SIG_IGN)
        child.stdin.close()
        try:
            child.wait(timeout=180)
        except subprocess.TimeoutExpired:
            child.terminate()
            child.wait(timeout=60)


def _same_file(a: Path, b: Path, as_json: bool = False) -> bool | None:
    try:
        if as_json:
            return json.loads(a.read_text()) == json.loads(b.read_text())
        return a.read_bytes() == b.read_bytes()
    except (OSError, ValueError):
        return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", help="the world folder (default /tmp/refgraph-bench/<world>-s<scale>)")
    ap.add_argument("--world", choices=("seller", "team"), default=None)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--info-runs", type=int, default=1,
                    help="runs of the team world's people and reconnect (information; the seller's take --runs)")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite",
                    help="the store's engine: a SQLite file (OUT/store.db), a PostgreSQL database, or both side "
                         "by side (each command on SQLite, then on PostgreSQL)")
    ap.add_argument("--pg-url", default=None,
                    help="an existing, empty PostgreSQL database to import into (default: start a throw-away "
                         "server for the run, benchmarks/pgserver.py, and make a new database on it)")
    ap.add_argument("--pg-shim", action="store_true",
                    help="import into PostgreSQL through benchmarks/pgserver.py, which adds what refgraph lacks "
                         "there (pgserver.SHIMS; said in the results); the reads run the executable as it is")
    ap.add_argument("--import-only", action="store_true",
                    help="import and count the store; no queries, no Yen")
    ap.add_argument("--yen-budget", type=float, default=300.0, help="seconds of Yen per account at most")
    ap.add_argument("--timeout", type=float, default=300.0, help="kill a measured command after this many seconds")
    ap.add_argument("--info-timeout", type=float, default=120.0,
                    help="the same for commands measured for information only (team people/reconnect)")
    ap.add_argument("--slow", type=float, default=20.0, help="run a command once when one run takes longer")
    ap.add_argument("--yen-modes", default="stop,layered",
                    help="stop (cut at 3 hops, not exact), layered (exact), exact (plain graph; does not finish)")
    ap.add_argument("--skip-import", action="store_true",
                    help="reuse OUT/store.db (and the database of --pg-url; a server started here is always new)")
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--profile", action="store_true", help="cProfile the query commands once each")
    ap.add_argument("--no-info", action="store_true", help="skip the informational commands (not targets)")
    ap.add_argument("--refgraph", default=None, help="the refgraph executable (default: beside this python)")
    ap.add_argument("--results", default=str(HERE), help="folder for results-<world>.json")
    args = ap.parse_args(argv)

    out, manifest = load_world(ap, args.out, args.world or "seller", args.scale, args.seed, args.regenerate)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    if args.pg_url and "postgresql" not in engines:
        ap.error("--pg-url goes with --engine postgresql or both")
    # a kill ends the run through the finally below, which stops and removes the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with contextlib.ExitStack() as stack:
        return _run(args, out, manifest, engines, stack)


def _run(args, out: Path, manifest: dict, engines: list[str], stack: contextlib.ExitStack) -> int:
    world = manifest["world"]
    python = sys.executable
    exe = args.refgraph or str(Path(python).parent / "refgraph")
    if not Path(exe).exists():
        exe = shutil.which("refgraph") or exe
    log(f"byte-compiled {compile_bytecode(exe)}")
    db = out / "store.db"
    as_of = manifest["as_of"]
    runs = args.runs
    tmo = args.timeout
    global SLOW
    SLOW = args.slow
    results: dict = {"world": world, "scale": manifest["scale"], "seed": manifest["seed"], "counts": manifest["counts"],
                     "input_bytes": manifest["sizes"], "as_of": as_of, "machine": machine(python),
                     "refgraph": exe, "runs": runs, "k": args.k, "engine": engines[0]}
    log(f"{world} world (scale {manifest['scale']}) in {out}; {runs} runs per command; engine(s) {', '.join(engines)}")

    stores: dict[str, str] = {}
    per: dict[str, dict] = {e: {} for e in engines}
    if "sqlite" in engines:
        stores["sqlite"] = str(db)
    if "postgresql" in engines:
        if args.pg_url:
            stores["postgresql"] = args.pg_url
            if not args.skip_import and _pgserver("facts", args.pg_url)["tables"]:
                raise SystemExit(f"--pg-url {args.pg_url}: the database holds tables — give an empty one")
            per["postgresql"]["server"] = {"url": args.pg_url}
        else:
            log("starting a PostgreSQL server for the run ...")
            url, settings = stack.enter_context(pg_server(f"bench_{world}"))
            stores["postgresql"] = url
            per["postgresql"]["server"] = {"started_here": True, **settings}
            log(f"PostgreSQL {per['postgresql']['server']['server_version']} at {stores['postgresql']}")
    rgs = {e: [exe, "--db", stores[e]] for e in engines}
    importers = dict(rgs)   # the imports' command; the reads always run the installed executable
    if args.pg_shim and "postgresql" in engines:
        importers["postgresql"] = [python, str(HERE / "pgserver.py"), "refgraph", "--db", stores["postgresql"]]
        per["postgresql"]["shims"] = _pgserver("shims")   # those refgraph lacks, as the child adds them
        log(f"PostgreSQL through benchmarks/pgserver.py, adding {per['postgresql']['shims'] or 'nothing'}")
    tag = {e: ("" if e == "sqlite" else f"[{e}] ") for e in engines}
    suffix = {e: ("" if e == "sqlite" else f"-{e}") for e in engines}

    # -- import ----------------------------------------------------------------------------------
    for e in engines:
        rg, mine = importers[e], per[e]
        fresh_server = e == "postgresql" and not args.pg_url
        if args.skip_import and not fresh_server:
            prev = Path(args.results) / f"results-{world}-s{manifest['scale']:g}.json"
            if prev.exists():
                old = engine_view(json.loads(prev.read_text()), e)
                if old.get("engine", "sqlite") == e:
                    for key in ("import", "import_log", "calendar_import"):
                        if key in old:
                            mine[key] = old[key]
        else:
            if e == "sqlite":
                remove_store(db)
            elif args.skip_import:
                log("--skip-import: a server started for this run is empty, so PostgreSQL imports all the same")
            import_log: list = []
            log(f"{tag[e]}import ...")
            mine["import"] = import_world(rg, manifest, import_log)
            mine["import_log"] = import_log
            if manifest["files"].get("calendar"):
                r = run_child([*rg, "import", "calendar", manifest["files"]["calendar"], "--owner",
                               manifest["calendar_owner"]])
                if r["rc"] != 0:
                    raise SystemExit(f"{tag[e]}calendar import failed:\n{r['stderr']}")
                mine["calendar_import"] = {"seconds": r["seconds"], "rss_mb": r["rss_mb"],
                                           "events": manifest["counts"]["calendar_events"]}
                log(f"{tag[e]}import calendar: {r['seconds']:.1f} s, {r['rss_mb']:.0f} MB")
        if e == "sqlite":
            mine["store_bytes"] = db.stat().st_size if db.exists() else None
            counts = subprocess.run([python, "-c", (
                "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); "
                "print(json.dumps({t: c.execute(f'select count(*) from {t}').fetchone()[0] for t in "
                "('people','identifiers','interactions','interaction_people','connections','knows','accounts','owners') "
                "if c.execute('select 1 from sqlite_master where name = ?', (t,)).fetchone()}))"),
                str(db)], capture_output=True, text=True).stdout
            mine["store_rows"] = json.loads(counts) if counts.strip() else {}
        else:
            facts = _pgserver("facts", stores[e])
            mine["store_bytes"], mine["store_rows"] = facts["store_bytes"], facts["store_rows"]
        log(f"{tag[e]}store: {mine['store_rows']}")
    if len(engines) > 1 and per["sqlite"]["store_rows"] != per["postgresql"]["store_rows"]:
        log(f"ROW COUNTS DIFFER: sqlite {per['sqlite']['store_rows']} postgresql {per['postgresql']['store_rows']}")

    # -- startup ---------------------------------------------------------------------------------
    m: dict = {}
    m["click"] = measure("python -c 'import click'", [python, "-c", "import click"], runs)
    m["help"] = measure("refgraph --help", [exe, "--help"], runs)
    heavy = subprocess.run([python, "-c", "import refgraph.cli, sys; print(sorted(m for m in ('pandas',"
                            "'matplotlib','networkx','numpy') if m in sys.modules))"], capture_output=True, text=True)
    results["cli_heavy_modules"] = heavy.stdout.strip()
    results["importtime_top"] = importtime(python)

    # Each query runs on one engine, then on the next, so both are measured in the same minutes. A
    # failing command on PostgreSQL is kept in the results (rc and stderr), not the end of the run.
    ms = {e: {} for e in engines}
    same = {e: {} for e in engines[1:]}

    def both(key_fn, name: str, args_: list[str], n: int, stdout_name: str | None = None, timeout=None,
             as_json=False) -> dict:
        got = {}
        for e in engines:
            so = str(out / stdout_name.format(suffix[e])) if stdout_name else None
            got[e] = measure(f"{tag[e]}{name}", [*rgs[e], *args_], n, stdout=so, timeout=timeout,
                             tolerate=e != "sqlite")
            key_fn(e, got[e])
        if stdout_name:
            first = out / stdout_name.format(suffix[engines[0]])
            for e in engines[1:]:
                ok = _same_file(first, out / stdout_name.format(suffix[e]), as_json)
                same[e][name] = ok
                if ok is False:
                    log(f"{tag[e]}{name}: the output DIFFERS from {engines[0]}'s")
        return got

    if not args.import_only:
        # -- path queries ----------------------------------------------------------------------------
        cli_json = []
        paths = {e: [] for e in engines}
        for n, acc in enumerate(manifest["query_accounts"]):
            name = acc["name"]
            entry = {e: {"account": name, "people_in_pool": acc["people_in_pool"]} for e in engines}

            def put(key, entry=entry):
                return lambda engine, r: entry[engine].__setitem__(key, r)

            both(put("path"), f"path {name!r}", ["path", name, "--as-of", as_of], runs, timeout=tmo)
            if len(manifest["owners"]) > 1:
                both(put("path_team"), f"path {name!r} --team", ["path", name, "--team", "--as-of", as_of], runs,
                     timeout=tmo)
            got = both(put("path_all_json"), f"path {name!r} --all -k {args.k} --json",
                       ["path", name, "--all", "-k", str(args.k), "--json", "--as-of", as_of], 1,
                       stdout_name=f"path-{n}{{}}.json", timeout=tmo, as_json=True)
            for e in engines:
                if got[e].get("timed_out") or got[e].get("failed"):
                    (out / f"path-{n}{suffix[e]}.json").write_text("[]")
            cli_json.append(str(out / f"path-{n}{suffix[engines[0]]}.json"))
            for e in engines:
                paths[e].append(entry[e])
        for e in engines:
            ms[e]["paths"] = paths[e]

        # -- seller reads ----------------------------------------------------------------------------
        read_runs = runs if world == "seller" else args.info_runs
        if world == "seller" or not args.no_info:
            info = tmo if world == "seller" else args.info_timeout

            def put_m(key):
                return lambda e, r: ms[e].__setitem__(key, r)

            both(put_m("people"), "people", ["people", "--as-of", as_of], read_runs, stdout_name="people{}.txt",
                 timeout=info)
            both(put_m("people_limit"), "people --limit 20", ["people", "--limit", "20", "--as-of", as_of], read_runs,
                 stdout_name="people-20{}.txt", timeout=info)
            both(put_m("reconnect"), "reconnect", ["reconnect", "--as-of", as_of], read_runs,
                 stdout_name="reconnect{}.txt", timeout=info)
    for e in engines:
        per[e]["measurements"] = ms[e]
        if e in same:
            per[e]["same_answers"] = same[e]
    results["engines"] = per
    results.update({k: v for k, v in per[engines[0]].items() if k != "measurements"})
    results["measurements"] = {**m, **ms[engines[0]]}

    # -- the alternative: Yen over graph() ---------------------------------------------------------
    if not args.import_only:
        log(f"Yen over graph() (one process, the {engines[0]} store) ...")
        yen_out = out / "yen.json"
        r = run_child([python, str(HERE / "yen.py"), "--db", stores[engines[0]], "--as-of", as_of, "--owner",
                       manifest["default_owner"], "-k", str(args.k), "--budget", str(args.yen_budget),
                       "--modes", args.yen_modes,
                       *[a["name"] for a in manifest["query_accounts"]], "--cli-json", *cli_json], stdout=str(yen_out))
        if r["rc"] != 0:
            raise SystemExit(f"yen.py failed:\n{r['stderr']}")
        yen = json.loads(yen_out.read_text())
        yen["process_seconds"], yen["process_rss_mb"] = r["seconds"], r["rss_mb"]
        yen["engine"] = engines[0]
        results["yen"] = yen
        log(f"Yen process: {r['seconds']:.1f} s, {r['rss_mb']:.0f} MB; graph() {yen['graph_seconds']:.1f} s "
            f"({yen['graph_nodes']} nodes, {yen['graph_edges']} edges)")

    # -- the floor: pandas.read_csv --------------------------------------------------------------
    floor_out = out / "floor.json"
    r = run_child([python, str(HERE / "floor.py"), str(out / "world.json")], stdout=str(floor_out))
    if r["rc"] != 0:
        raise SystemExit(f"floor.py failed:\n{r['stderr']}")
    floor = json.loads(floor_out.read_text())
    floor["process_seconds"], floor["process_rss_mb"] = r["seconds"], r["rss_mb"]
    results["pandas_floor"] = floor
    log(f"pandas.read_csv floor: {floor['total_seconds']:.2f} s (process {r['seconds']:.2f} s)")

    # -- profiles ----------------------------------------------------------------------------------
    if args.profile and not args.import_only:
        db0 = stores[engines[0]]
        first = manifest["query_accounts"][0]["name"]
        results["profiles"] = {"path": profile(python, ["--db", db0, "path", first, "--as-of", as_of], "path", out)}
        if len(manifest["owners"]) > 1:
            results["profiles"]["path_team"] = profile(
                python, ["--db", db0, "path", first, "--team", "--as-of", as_of], "path-team", out)
        results["profiles"]["people"] = profile(python, ["--db", db0, "people", "--as-of", as_of], "people", out)
        results["profiles"]["reconnect"] = profile(python, ["--db", db0, "reconnect", "--as-of", as_of],
                                                   "reconnect", out)

    results["table"] = table(results)
    if len(engines) > 1:
        results["engine_table"] = compare(results)
    print_table(results)
    dest = Path(args.results)
    dest.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1, default=str) + "\n"
    (dest / f"results-{world}.json").write_text(text)
    (dest / f"results-{world}-s{manifest['scale']:g}.json").write_text(text)
    log(f"wrote {dest / f'results-{world}.json'}")
    return 0


def table(res: dict) -> list[dict]:
    """Rows: what, measured, target, ratio, met."""
    m, rows = res["measurements"], []
    T = TARGETS

    def row(what, measured, target, ratio, met):
        rows.append({"what": what, "measured": measured, "target": target, "ratio": ratio, "met": met})

    click, help_ = m["click"]["median_s"], m["help"]["median_s"]
    clean = res.get("cli_heavy_modules") == "[]"
    row("refgraph --help (whole process)", f"{help_:.3f} s vs import click {click:.3f} s", "≤ 2× import click",
        f"{help_ / click:.2f}×", help_ / click <= T["help_ratio"])
    row("import refgraph.cli loads pandas/matplotlib/networkx/numpy", res.get("cli_heavy_modules"), "[]", "",
        clean)
    team = len(res["counts"]) and res["counts"]["owners"] > 1
    yen_by = {a["account"]: a for a in res.get("yen", {}).get("accounts", [])}
    secs = _secs

    def under(r, limit):
        return r.get("median_s") is not None and r["median_s"] < limit

    def clicks(seconds):   # an absolute time in units of this run's `import click`, which drifts with the machine
        return f"{seconds / click:.1f}× import click" if seconds else ""

    for p in m.get("paths", []):
        y = yen_by.get(p["account"], {})
        t, mem = p["path"]["median_s"], p["path"]["peak_rss_mb"]
        label = f"path {p['account']!r} ({y.get('targets', '?')} targets)"
        row(label + " whole process, cold", f"{secs(p['path'])}, {mem:.0f} MB",
            f"< {T['path_seconds']} s, ≤ {T['path_rss_mb']:.0f} MB", clicks(t),
            under(p["path"], T["path_seconds"]) and mem <= T["path_rss_mb"])
        for mode, what in (("stop", "Yen, cut at 3 hops"), ("layered", "Yen, hop-layered (exact)"),
                           ("exact", "Yen, plain graph, long paths skipped")):
            e = y.get("methods", {}).get(mode)
            if not e:
                continue
            ys = e["seconds"] + e["stats"].get("layered_build_seconds", 0.0)
            trunc = e["stats"].get("truncated")
            speed = ys / t if t else None
            same = e.get("check_api_ids", {})
            ident = bool(same.get("identical_up_to_ties") and y.get("check_cli_paths", {}).get("all_found", True))
            verdict = ("identical" if same.get("identical") and ident else
                       ("same up to ties" if ident else "DIFFERENT"))
            if trunc:
                verdict = "no answer within the budget"
            build = (f" (+ layered graph {e['stats']['layered_build_seconds']:.2f} s)"
                     if "layered_build_seconds" in e["stats"] else "")
            row(f"  vs {what}", f"{e['seconds']:.2f} s{build}{' — budget hit' if trunc else ''}",
                "≥ 50× faster, identical top-k",
                (f"{'≥ ' if trunc else ''}{speed:.1f}×, top-k {verdict}" if speed else f"top-k {verdict}"),
                bool(speed and speed >= T["path_speedup"] and ident and not trunc))
        if "path_team" in p:
            tm = p["path_team"]["peak_rss_mb"]
            row(f"path {p['account']!r} --team whole process, cold", f"{secs(p['path_team'])}, {tm:.0f} MB",
                f"< {T['path_seconds']} s, ≤ {T['path_rss_mb']:.0f} MB", clicks(p["path_team"]["median_s"]),
                under(p["path_team"], T["path_seconds"]) and tm <= T["path_rss_mb"])
    imp, floor = res.get("import"), res["pandas_floor"]["total_seconds"]
    if imp:
        ratio = imp["total_seconds"] / floor
        row(f"import, all files ({imp['processes']} processes)", f"{imp['total_seconds']:.1f} s vs read_csv {floor:.2f} s",
            "≤ 15× pandas.read_csv", f"{ratio:.1f}×", ratio <= T["import_ratio"] if team else None)
    for key, label in (("people", "people (all rows)"), ("people_limit", "people --limit 20"),
                       ("reconnect", "reconnect")):
        if key in m:
            row(f"{label} whole process", f"{secs(m[key])}, {m[key]['peak_rss_mb']:.0f} MB",
                "< 1 s" if res["world"] == "seller" else "(information)", clicks(m[key]["median_s"]),
                under(m[key], T["seller_read_seconds"]) if res["world"] == "seller" and key != "people_limit" else None)
    cal = res.get("calendar_import")
    if cal:
        row(f"import calendar ({cal['events']} events, recurrences)", f"{cal['seconds']:.1f} s, {cal['rss_mb']:.0f} MB",
            "< 10 s", clicks(cal["seconds"]), cal["seconds"] < T["calendar_seconds"])
    y = res.get("yen")
    if y:
        row("graph() build for Yen (one process)", f"{y['graph_seconds']:.1f} s, {y['graph_nodes']} nodes, "
            f"{y['graph_edges']} edges, {y['peak_rss_mb']:.0f} MB", "(context)", "", None)
    return rows


def _secs(r: dict) -> str:
    if r.get("timed_out"):
        return f"> {r['timeout_s']:.0f} s (killed)"
    if r.get("failed"):
        return f"failed (exit {r['rc']})"
    return f"{r['median_s']:.3f} s"


ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def compare(res: dict) -> list[dict]:
    """The engines side by side, from the same run: rows of what, one figure per engine (the first
    engine's name first), the second's time over the first's, the second's time in units of the
    run's ``import click``, and whether its output was the first's."""
    engines = list(res.get("engines", {}))
    if len(engines) < 2:
        return []
    a, b = engines[0], engines[1]
    A, B = res["engines"][a], res["engines"][b]
    click = res["measurements"]["click"]["median_s"]
    same = B.get("same_answers", {})
    rows = []

    def row(what, ra, rb, ta, tb, answer=None):
        rows.append({"what": what, a: ra, b: rb,
                     "ratio": f"{tb / ta:.2f}×" if ta and tb else "",
                     "clicks": f"{tb / click:.1f}×" if tb else "",
                     "same": answer})

    def timed(what, ra, rb, answer=None):
        if ra is None or rb is None:
            return
        row(what, f"{_secs(ra)}, {ra['peak_rss_mb']:.0f} MB", f"{_secs(rb)}, {rb['peak_rss_mb']:.0f} MB",
            ra.get("median_s"), rb.get("median_s"), answer)

    ia, ib = A.get("import"), B.get("import")
    if ia and ib:
        row(f"import, all files ({ia['processes']} processes)", f"{ia['total_seconds']:.1f} s",
            f"{ib['total_seconds']:.1f} s", ia["total_seconds"], ib["total_seconds"],
            A.get("store_rows") == B.get("store_rows"))
        for kind, ka in ia["by_kind"].items():
            kb = ib["by_kind"].get(kind)
            if kb:
                row(f"  import {kind}", f"{ka['seconds']:.1f} s, {ka['peak_rss_mb']:.0f} MB",
                    f"{kb['seconds']:.1f} s, {kb['peak_rss_mb']:.0f} MB", ka["seconds"], kb["seconds"])
    ca, cb = A.get("calendar_import"), B.get("calendar_import")
    if ca and cb:
        row("import calendar", f"{ca['seconds']:.1f} s, {ca['rss_mb']:.0f} MB", f"{cb['seconds']:.1f} s, "
            f"{cb['rss_mb']:.0f} MB", ca["seconds"], cb["seconds"])
    if A.get("store_bytes") and B.get("store_bytes"):
        row("store size (file; database)", f"{A['store_bytes'] / 2**20:,.0f} MB", f"{B['store_bytes'] / 2**20:,.0f} MB",
            None, None, A.get("store_rows") == B.get("store_rows"))
    ma, mb = A.get("measurements", {}), B.get("measurements", {})
    for pa, pb in zip(ma.get("paths", []), mb.get("paths", [])):
        acc = pa["account"]
        timed(f"path {acc!r}", pa.get("path"), pb.get("path"))
        timed(f"path {acc!r} --team", pa.get("path_team"), pb.get("path_team"))
        name = f"path {acc!r} --all -k {res['k']} --json"
        timed(name + " (1 run)", pa.get("path_all_json"), pb.get("path_all_json"), same.get(name))
    for key, label in (("people", "people"), ("people_limit", "people --limit 20"), ("reconnect", "reconnect")):
        timed(label, ma.get(key), mb.get(key), same.get(label))
    return rows


def compare_lines(res: dict, markdown: bool = False) -> list[str]:
    """The side-by-side table as text (or Markdown)."""
    rows = res.get("engine_table") or compare(res)
    if not rows:
        return []
    a, b = list(res["engines"])[:2]
    head = ["what", ENGINE_NAMES.get(a, a), ENGINE_NAMES.get(b, b), f"{ENGINE_NAMES.get(b, b)} ÷ "
            f"{ENGINE_NAMES.get(a, a)}", f"{ENGINE_NAMES.get(b, b)} in units of import click", "same output"]

    def cells(r):
        ok = {True: "yes", False: "**NO**" if markdown else "NO", None: ""}[r["same"]]
        return [r["what"], r[a], r[b], r["ratio"], r["clicks"], ok]

    body = [cells(r) for r in rows]
    if markdown:
        return (["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
                + ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in body])
    w = [max(len(r[i]) for r in body + [head]) for i in range(len(head))]
    return ([" | ".join(h.ljust(n) for h, n in zip(head, w)), "-+-".join("-" * n for n in w)]
            + [" | ".join(c.ljust(n) for c, n in zip(r, w)) for r in body])


def print_table(res: dict) -> None:
    rows = res["table"]
    engine = ENGINE_NAMES.get(res.get("engine", "sqlite"), res.get("engine"))
    print(f"\n{res['world']} world, scale {res['scale']}, {engine}: {res['counts']}")
    server = res.get("engines", {}).get("postgresql", {}).get("server", {}).get("server_version")
    print(f"machine: {res['machine']['cpu']}, {res['machine']['nproc']} CPUs, Python {res['machine']['python']}, "
          f"SQLite {res['machine']['sqlite']}" + (f", PostgreSQL {server}" if server else "") + "\n")
    w = [max(len(str(r[c])) for r in rows + [{"what": "what", "measured": "measured", "target": "target",
                                              "ratio": "ratio"}]) for c in ("what", "measured", "target", "ratio")]
    head = ("what", "measured", "target", "ratio")
    print(" | ".join(h.ljust(n) for h, n in zip(head, w)) + " | met")
    print("-+-".join("-" * n for n in w) + "-+----")
    for r in rows:
        met = "—" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(" | ".join(str(r[c]).ljust(n) for c, n in zip(head, w)) + f" | {met}")
    lines = compare_lines(res)
    if lines:
        print("\nThe engines side by side (the same run, each command on one engine then the other):")
        print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
