"""Markdown tables from benchmark results (for BENCHMARKS.md).

    python benchmarks/report.py benchmarks/results-seller.json benchmarks/results-team.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def md(res: dict) -> str:
    from run import ENGINE_NAMES, compare_lines, table   # as run.py makes them now (older results too)

    c = res["counts"]
    head = (f"### {res['world']} world, scale {res['scale']:g} — {c['owners']} owner(s) × {c['connections_per_owner']:,} "
            f"connections, pool {c['pool']:,}, {c['interactions']:,} interactions, {c['knows']:,} knows rows, "
            f"{c['accounts']} accounts" + (f", {c['calendar_events']:,} calendar events" if c.get("calendar_events") else ""))
    rows = res.get("store_rows", {})
    lines = [head, "",
             f"refgraph at `{res['machine'].get('git_head', '?')}`"
             + (f" (uncommitted: {', '.join(res['machine']['refgraph_uncommitted'])})"
                if res["machine"].get("refgraph_uncommitted") else "")
             + f"; measured {res['machine'].get('date', '')}; median of {res['runs']} cold runs"
             " (a command slower than 20 s: one run). Store: "
             + ", ".join(f"{v:,} {k}" for k, v in rows.items())
             + (f"; {res['store_bytes'] / 2**20:,.0f} MB" if res.get("store_bytes") else "") + ".", "",
             "| what | measured | target | ratio | met? |", "|---|---|---|---|---|"]
    for r in table(res):
        met = "—" if r["met"] is None else ("yes" if r["met"] else "**no**")
        what = r["what"].replace("|", "\\|")
        lines.append(f"| {what} | {r['measured']} | {r['target']} | {r['ratio']} | {met} |")
    imp = res.get("import")
    if imp:
        parts = ", ".join(f"{k} {v['seconds']:.1f} s ({v['files']} file{'s' if v['files'] > 1 else ''}, "
                          f"peak {v['peak_rss_mb']:.0f} MB)" for k, v in imp["by_kind"].items())
        fl = res["pandas_floor"]
        floor = ", ".join(f"{k} {v:.2f} s" for k, v in sorted(fl["seconds"].items()))
        lines += ["", f"Import by file kind: {parts}. pandas.read_csv of the same files: {floor} "
                      f"(the pandas process, import included: {fl['process_seconds']:.1f} s)."]
    y = res.get("yen")
    if y:
        lines += ["", f"The alternative's one-off graph build: `graph()` {y['graph_seconds']:.1f} s "
                      f"({y['graph_nodes']:,} nodes, {y['graph_edges']:,} edges), the Yen process peaked at "
                      f"{y['peak_rss_mb']:.0f} MB."]
        for a in y["accounts"]:
            lines.append(f"- {a['account']}: {a['targets']} targets; refgraph's `search` + `rank` in process "
                         f"{a['refgraph_search_seconds_in_process']:.2f} s over {a['refgraph_paths_found']:,} paths; "
                         + "; ".join(f"Yen {m} {e['seconds']:.2f} s"
                                     + (f" + layered graph {e['stats']['layered_build_seconds']:.2f} s"
                                        if "layered_build_seconds" in e["stats"] else "")
                                     + f" ({e['stats'].get('yen_paths_pulled', 0)} paths pulled"
                                     + (f", {e['stats']['long_paths_skipped']} longer than 3 hops"
                                        if e["stats"].get("long_paths_skipped") else "")
                                     + (", budget hit" if e["stats"].get("truncated") else "")
                                     + f", top-k {'identical' if e['check_api_ids']['identical'] else 'different'})"
                                     for m, e in a["methods"].items()))
    side = compare_lines(res, markdown=True)
    if side:
        pg = res["engines"].get("postgresql", {})
        server = pg.get("server", {})
        first = ENGINE_NAMES.get(res.get("engine", "sqlite"), "SQLite")
        lines += ["", f"The engines side by side, from the same run (each command on {first}, then on the other"
                      "; the table above is " + first + "'s)"
                  + (f"; PostgreSQL {server['server_version'].split()[0]} on a Unix socket of the same machine"
                     + (f", shared_buffers {server['shared_buffers']}, synchronous_commit {server['synchronous_commit']}"
                        if "shared_buffers" in server else "") if server.get("server_version") else "")
                  + (f"; the imports into PostgreSQL run through `benchmarks/pgserver.py` with "
                     f"{', '.join(pg['shims'])} added" if pg.get("shims") else "") + ":", "", *side]
    return "\n".join(lines)


def main(argv=None) -> int:
    for path in (argv or sys.argv[1:]):
        print(md(json.loads(Path(path).read_text())))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
