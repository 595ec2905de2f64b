"""Old against new on the same world, in the same minutes: two refgraph installs, alternating.

    python benchmarks/ab.py OLD NEW [OUT] [--world seller|team] [--scale 1.0] [--rounds 3]
                            [--what import,calendar,people,reconnect,path] [--reuse]

OLD and NEW are refgraph executables or the virtualenvs that have them (``/tmp/old`` for
``/tmp/old/bin/refgraph``): make each a non-editable install of the commit to compare. This
machine's speed drifts by up to 1.5× within an hour, so the figures of two separate benchmark runs
cannot show a change of 10%; runs that alternate can. Each round runs both in turn, the order
swapped every round (old, new; new, old; …), and the table gives every run and the medians.

What is measured, as ``run.py`` measures it (whole processes, wall time, the child's peak RSS):
- ``import``: the world imported into a fresh store (all LinkedIn exports in one command, then the
  call log, knows and accounts), per step and in all;
- ``calendar``: the seller's calendar imported into a copy of that version's store as the import
  left it;
- ``people``, ``reconnect``, ``path``: the queries of ``run.py`` on that version's store (with the
  calendar when the world has one), ``path`` for each of the world's query accounts; the two runs
  of a query follow each other (at least 5 rounds). ``--reuse`` (queries only) keeps the stores an
  earlier run left.

Each version keeps its own stores (``OUT/ab-old.db``, ``OUT/ab-new.db``): an older refgraph does not
open a store a newer one has moved to its schema. Results: a table on stdout and ``OUT/ab.json``.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import compile_bytecode, import_world, load_world, log, remove_store, run_child  # noqa: E402

WHAT = ("import", "calendar", "people", "reconnect", "path")


def executable(path: str) -> str:
    p = Path(path)
    if p.is_dir():
        p = p / "bin" / "refgraph"
    if not p.exists():
        raise SystemExit(f"{path}: no refgraph executable there — pass one, or a virtualenv that has it")
    return str(p)


def copy_store(src: Path, dst: Path) -> None:
    """A copy of a store, through SQLite (its write-ahead log included, whatever state it is in)."""
    remove_store(dst)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("out", nargs="?", help="the world folder (default /tmp/refgraph-bench/<world>-s<scale>)")
    ap.add_argument("--world", choices=("seller", "team"), default="seller")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--what", default=",".join(WHAT), help=f"comma-separated, of: {', '.join(WHAT)}")
    ap.add_argument("--reuse", action="store_true",
                    help="queries only: use OUT/ab-old.db and OUT/ab-new.db as an earlier run left them")
    args = ap.parse_args(argv)
    what = [w.strip() for w in args.what.split(",") if w.strip()]
    unknown = sorted(set(what) - set(WHAT))
    if unknown:
        ap.error(f"--what: unknown {', '.join(unknown)} (choose from {', '.join(WHAT)})")
    if args.reuse and {"import", "calendar"} & set(what):
        ap.error("--reuse keeps the stores of an earlier run, so it times queries only: "
                 "drop import and calendar from --what")

    versions = {"old": executable(args.old), "new": executable(args.new)}
    for exe in versions.values():
        log(f"byte-compiled {compile_bytecode(exe)}")
    out, manifest = load_world(ap, args.out, args.world, args.scale, args.seed)
    as_of = manifest["as_of"]
    calendar = manifest["files"].get("calendar")
    stores = {v: out / f"ab-{v}.db" for v in versions}
    bases = {v: out / f"ab-{v}-base.db" for v in versions}   # as the import left it (before the calendar)
    runs: dict[str, dict[str, list]] = {}

    def record(name: str, version: str, seconds: float, rss_mb: float) -> None:
        runs.setdefault(name, {"old": [], "new": []})[version].append({"seconds": seconds, "rss_mb": rss_mb})

    def order(n: int) -> list[str]:
        return ["old", "new"] if n % 2 == 0 else ["new", "old"]

    def timed(name: str, version: str, cmd: list[str], stdout=None) -> None:
        r = run_child(cmd, stdout=stdout)
        if r["rc"] != 0:
            raise SystemExit(f"{version}: {' '.join(cmd[:6])} … failed (exit {r['rc']}):\n{r['stderr']}")
        record(name, version, r["seconds"], r["rss_mb"])
        log(f"{name} ({version}): {r['seconds']:.2f} s, {r['rss_mb']:.0f} MB")

    # -- each version's store, imported (and timed, every round, when asked) -------------------------
    if args.reuse:
        missing = [str(s) for s in stores.values() if not s.exists()]
        if missing:
            ap.error(f"--reuse: no store from an earlier run at {', '.join(missing)} — run once without --reuse")
    reuse = args.reuse
    for n in range(0 if reuse else args.rounds if "import" in what else 1):
        for v in order(n):
            remove_store(stores[v])
            steps: list = []
            result = import_world([versions[v], "--db", str(stores[v])], manifest, steps)
            if "import" in what:
                for step in steps:
                    record(f"import {step['kind']}", v, step["seconds"], step["rss_mb"])
                record("import, all files", v, result["total_seconds"],
                       max(s["rss_mb"] for s in steps))
            copy_store(stores[v], bases[v])
    # -- the calendar, into a copy of the store as the import left it ---------------------------------
    if calendar and not reuse:
        owner = manifest["calendar_owner"]
        for n in range(args.rounds if "calendar" in what else 1):
            for v in order(n):
                copy_store(bases[v], stores[v])
                cmd = [versions[v], "--db", str(stores[v]), "import", "calendar", calendar, "--owner", owner]
                if "calendar" in what:
                    timed("import calendar", v, cmd)
                else:
                    run_child(cmd)
    # -- queries --------------------------------------------------------------------------------------
    queries = []
    if "people" in what:
        queries.append(("people", ["people", "--as-of", as_of]))
    if "reconnect" in what:
        queries.append(("reconnect", ["reconnect", "--as-of", as_of]))
    if "path" in what:
        for account in manifest.get("query_accounts", []):
            name = account["name"] if isinstance(account, dict) else account
            queries.append((f"path {name!r}", ["path", name, "--as-of", as_of]))
    for v in versions:   # one run first: the page cache then holds each store, as for every later run
        for _, q in queries:
            run_child([versions[v], "--db", str(stores[v]), *q])
    for n in range(max(args.rounds, 5) if queries else 0):
        for name, q in queries:   # each query's two runs next to each other: drift hits both alike
            for v in order(n):
                timed(name, v, [versions[v], "--db", str(stores[v]), *q])

    # -- the table ------------------------------------------------------------------------------------
    lines = [f"{manifest['world']} world, scale {manifest['scale']:g}; old = {versions['old']}, "
             f"new = {versions['new']}; runs alternate, order swapped each round", "",
             "| what | old runs (s) | new runs (s) | old median | new median | new/old | peak MB old → new |",
             "|---|---|---|---|---|---|---|"]
    summary = {}
    for name, by in runs.items():
        o = [r["seconds"] for r in by["old"]]
        w = [r["seconds"] for r in by["new"]]
        mo, mw = statistics.median(o), statistics.median(w)
        po, pw = max(r["rss_mb"] for r in by["old"]), max(r["rss_mb"] for r in by["new"])
        summary[name] = {"old": o, "new": w, "old_median": mo, "new_median": mw, "ratio": mw / mo,
                         "old_peak_mb": po, "new_peak_mb": pw}
        lines.append(f"| {name} | {', '.join(f'{x:.2f}' for x in o)} | {', '.join(f'{x:.2f}' for x in w)} | "
                     f"{mo:.2f} | {mw:.2f} | {mw / mo:.2f} | {po:.0f} → {pw:.0f} |")
    print("\n".join(lines))
    (out / "ab.json").write_text(json.dumps({"world": manifest["world"], "scale": manifest["scale"],
                                             "versions": versions, "runs": runs, "summary": summary}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
