"""The obvious alternative to refgraph's path search, timed on the same store, and the exactness check.

    python benchmarks/yen.py --db STORE --as-of 2026-11-15 --owner NAME -k 5 ACCOUNT [ACCOUNT ...]
                             [--cli-json FILE ...] [--budget SECONDS] [--modes stop,layered,exact]

In one process: build ``Refgraph.graph(as_of)`` once (timed on its own), put ``-log(strength)`` on
every edge (timed on its own), then for each account time networkx's ``shortest_simple_paths``
(Yen's algorithm) from the owner to every target of the account. The per-target generators are
merged in cost order. By default (the 3-hop cut) a target's generator is dropped at its first
path of more than 3 hops and the merge stops once the next path costs more than the current k-th
best. That is not exact in general (Yen yields by cost, not by hops: a cheap long path does not
prove there is no dearer short one); ``--mode exact`` skips long paths and goes on instead, which
is exact but, with strong ties costing about 0.01 a hop, walks through a great many long paths.
``layered`` (exact and the fair comparison) runs Yen on the hop-layered copy of the graph around
the owner, where every path has at most 3 hops by construction.
refgraph's rule for teammates applies to both: from one owner, a teammate may be the
first connector and appears nowhere else inside a path (Yen's paths that break it are skipped like
long ones). Their top-k is checked against refgraph's own ``rank(search(...))`` (ids, strengths to
1e-9). ``refgraph path ACCOUNT --all -k K --json``, when given, lists paths as a seller reads them
(warm ones first, then those to reconnect, then cold ones; none that asks for an introduction to
someone the owner has talked to; the owner's direct ties however weak), not the strongest k in
order: each path of two hops or more it lists is checked to be one of refgraph's search with the
same strength (names, strengths to 5e-5: the JSON rounds to 4 places), ``check_cli_paths``.

Prints one JSON document on stdout.
"""
from __future__ import annotations

import argparse
import heapq
import itertools
import json
import math
import resource
import sys
import time
from datetime import date


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pusher(graph, heap: list, counter, stats: dict):
    """``push(gen)``: take a Yen generator's next path onto *heap*, keyed by its cost in *graph*."""
    import networkx as nx

    def push(gen):
        try:
            path = next(gen)
        except (StopIteration, nx.NetworkXNoPath):
            return
        stats["yen_paths_pulled"] += 1
        cost = sum(graph[u][v]["cost"] for u, v in zip(path, path[1:]))
        heapq.heappush(heap, (cost, next(counter), path, gen))

    return push


def yen_topk(G, source: int, targets: set[int], k: int, budget: float, max_hops: int = 3,
             allowed=lambda path: True, mode: str = "stop"):
    """The k strongest simple paths of ≤ max_hops from *source* to any target that *allowed* accepts
    (refgraph's rule for teammates inside a path), by merging Yen generators (one per target) in
    cost order. Returns (paths, stats).

    ``mode="stop"`` (the 3-hop cut): a target's generator is dropped at its first path of more
    than *max_hops* hops; the merge ends once the next path costs more than the k-th best.
    ``mode="exact"``: long paths are skipped and the generator goes on (Yen yields by cost, not by
    hops, so a cheap long path does not prove there is no dearer short one); exact, but with strong
    ties (cost −log 0.99 ≈ 0.01 a hop) it walks through a great many long paths first."""
    import networkx as nx

    t0 = time.perf_counter()
    counter = itertools.count()
    heap: list = []
    stats = {"targets_in_graph": 0, "yen_paths_pulled": 0, "long_paths_skipped": 0, "rule_skipped": 0,
             "truncated": False}

    push = _pusher(G, heap, counter, stats)

    if source not in G:
        return [], stats
    for t in sorted(targets):
        if t in G and t != source:
            stats["targets_in_graph"] += 1
            push(iter(nx.shortest_simple_paths(G, source, t, weight="cost")))
            if time.perf_counter() - t0 > budget:
                stats["truncated"] = True
                break
    accepted: list[tuple[float, list[int]]] = []
    kth = math.inf
    while heap and not stats["truncated"]:
        cost, _, path, gen = heapq.heappop(heap)
        if cost > kth + 1e-9:
            break
        if len(path) - 1 > max_hops:
            stats["long_paths_skipped"] += 1
            if mode == "stop":
                stats["generators_stopped"] = stats.get("generators_stopped", 0) + 1
                continue
        elif not allowed(path):
            stats["rule_skipped"] += 1
        else:
            accepted.append((cost, path))
            if len(accepted) == k:
                kth = cost
        push(gen)
        if time.perf_counter() - t0 > budget:
            stats["truncated"] = True
    stats["seconds"] = time.perf_counter() - t0
    out = []
    for _, path in accepted:
        s = 1.0
        for u, v in zip(path, path[1:]):
            s *= G[u][v]["strength"]
        out.append((tuple(path), s))
    return out, stats


def yen_layered(G, source: int, targets: set[int], k: int, budget: float, owners: set[int]):
    """Exact hop-limited Yen: Yen's algorithm on the hop-layered copy of the graph around *source*
    (person v at hop h is node (v, h); a teammate only at hop 1, the first connector), so every
    path it yields has at most 3 hops. One generator per target (to a sink behind the target's
    copies at hops 1-3), merged in cost order until the next path costs more than the k-th best.
    A walk that visits a person twice (s–a–b–a) is not a simple path in the original graph and is
    skipped. Returns (paths, stats); building the layered graph is timed on its own."""
    import networkx as nx

    t0 = time.perf_counter()
    L = nx.DiGraph()
    s0 = (source, 0)
    L.add_node(s0)
    layer1 = list(G[source])
    for v in layer1:
        L.add_edge(s0, (v, 1), cost=G[source][v]["cost"])
    layer2 = set()
    for v in layer1:
        for w, d in G[v].items():
            if w != source and w not in owners:
                L.add_edge((v, 1), (w, 2), cost=d["cost"])
                layer2.add(w)
    for w in layer2:
        for t, d in G[w].items():
            if t in targets:
                L.add_edge((w, 2), (t, 3), cost=d["cost"])
    sinks = {}
    for t in targets:
        for h in (1, 2, 3):
            if (t, h) in L:
                L.add_edge((t, h), ("sink", t), cost=0.0)
                sinks[t] = ("sink", t)
    prep = time.perf_counter() - t0
    stats = {"layered_nodes": L.number_of_nodes(), "layered_edges": L.number_of_edges(),
             "layered_build_seconds": prep, "targets_reachable": len(sinks), "yen_paths_pulled": 0,
             "walks_skipped": 0, "truncated": False}
    t0 = time.perf_counter()
    counter = itertools.count()
    heap: list = []

    push = _pusher(L, heap, counter, stats)

    for t in sorted(sinks):
        push(iter(nx.shortest_simple_paths(L, s0, sinks[t], weight="cost")))
        if time.perf_counter() - t0 > budget:
            stats["truncated"] = True
            break
    accepted, kth = [], math.inf
    while heap and not stats["truncated"]:
        cost, _, path, gen = heapq.heappop(heap)
        if cost > kth + 1e-9:
            break
        people = [v for v, _ in path[:-1]]
        if len(set(people)) == len(people):
            accepted.append(people)
            if len(accepted) == k:
                kth = cost
        else:
            stats["walks_skipped"] += 1
        push(gen)
        if time.perf_counter() - t0 > budget:
            stats["truncated"] = True
    stats["seconds"] = time.perf_counter() - t0
    out = []
    for people in accepted:
        st = 1.0
        for u, v in zip(people, people[1:]):
            st *= G[u][v]["strength"]
        out.append((tuple(people), st))
    return out, stats


def compare(mine: list[tuple[tuple, float]], theirs: list[tuple[tuple, float]], tol: float) -> dict:
    """Identical top-k (same node sequences in the same order, strengths within *tol*), or identical
    up to exact ties (paths of equal strength may swap places or be swapped at the k-th place)."""
    same_len = len(mine) == len(theirs)
    strengths = same_len and all(abs(a[1] - b[1]) <= tol for a, b in zip(mine, theirs))
    identical = strengths and all(a[0] == b[0] for a, b in zip(mine, theirs))
    up_to_ties = identical
    if strengths and not identical:
        groups_ok = True
        for a, b in zip(mine, theirs):
            if a[0] != b[0]:
                tied_a = {p for p, s in mine if abs(s - a[1]) <= tol}
                tied_b = {p for p, s in theirs if abs(s - b[1]) <= tol}
                if not (b[0] in tied_a or a[0] in tied_b or len(tied_a) > 1 or len(tied_b) > 1):
                    groups_ok = False
        up_to_ties = groups_ok
    return {"identical": bool(identical), "identical_up_to_ties": bool(up_to_ties),
            "same_strengths": bool(strengths)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("accounts", nargs="+")
    ap.add_argument("--db", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--owner")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--budget", type=float, default=600.0, help="seconds of Yen per account before giving up")
    ap.add_argument("--modes", default="stop,layered",
                    help="comma-separated: stop (the 3-hop cut: drop a target's generator at its first path "
                         "of > 3 hops), layered (exact: Yen on the hop-layered graph), exact (Yen on the plain "
                         "graph, long paths skipped; does not finish on real networks)")
    ap.add_argument("--cli-json", nargs="*", default=[], help="refgraph path --all -k K --json output per account")
    args = ap.parse_args(argv)
    args.modes = [m for m in args.modes.split(",") if m]
    as_of = date.fromisoformat(args.as_of)

    t = time.perf_counter()
    import networkx as nx  # noqa: F401

    import refgraph
    from refgraph.paths import rank, search
    t_import = time.perf_counter() - t

    g = refgraph.open(args.db)
    t = time.perf_counter()
    G = g.graph(as_of)
    t_graph = time.perf_counter() - t
    rss_graph = rss_mb()
    t = time.perf_counter()
    for _, _, d in G.edges(data=True):
        d["cost"] = -math.log(d["strength"])
    t_weights = time.perf_counter() - t
    result = {"modes": args.modes, "import_seconds": t_import, "graph_seconds": t_graph, "weights_seconds": t_weights,
              "graph_nodes": G.number_of_nodes(), "graph_edges": G.number_of_edges(),
              "rss_after_graph_mb": rss_graph, "accounts": []}
    source = g.owner_id(args.owner)
    owners = {r["id"] for r in g.store.owners()}
    names: dict[int, tuple[str, str]] = {}

    def person(pid):
        if pid not in names:
            row = g.store.person(pid)
            names[pid] = (row["name"], row["name_key"])
        return names[pid]

    for n, account in enumerate(args.accounts):
        acc = g.account(account)
        targets = {m["id"] for m in g.account_members(acc) if m["id"] not in owners}
        t = time.perf_counter()
        sg = g.reads.graph(as_of=as_of)
        found = search(sg, {source}, targets) if targets else []
        ranked = rank(found, lambda x: person(x)[1])
        t_search = time.perf_counter() - t
        mine = [(tuple(p.nodes), p.strength) for p in ranked[:args.k]]
        cli_paths = None
        if n < len(args.cli_json):
            with open(args.cli_json[n], encoding="utf-8") as f:
                cli_paths = [(tuple(p["people"]), p["strength"]) for p in json.load(f)]
        item = {"account": account, "targets": len(targets), "refgraph_search_seconds_in_process": t_search,
                "refgraph_paths_found": len(found),
                "top_k": [{"people": [person(x)[0] for x in p], "strength": s} for p, s in mine], "methods": {}}
        for mode in args.modes:
            if mode == "layered":
                yen, stats = yen_layered(G, source, targets, args.k, args.budget, owners)
            else:
                yen, stats = yen_topk(G, source, targets, args.k, args.budget,
                                      allowed=lambda p: not any(x in owners for x in p[2:-1]), mode=mode)
            yen = sorted(yen, key=lambda p: (-p[1], len(p[0]) - 1, tuple(person(x)[1] for x in p[0]),
                                             p[0]))[:args.k]
            entry = {"seconds": stats.pop("seconds"), "stats": stats,
                     "top_k": [{"people": [person(x)[0] for x in p], "strength": s} for p, s in yen],
                     "check_api_ids": compare(mine, yen, 1e-9)}
            item["methods"][mode] = entry
        if cli_paths is not None:
            every: dict[tuple, list[float]] = {}
            for p in found:
                every.setdefault(tuple(person(x)[0] for x in p.nodes), []).append(p.strength)
            ways = [(names, s) for names, s in cli_paths if len(names) > 2]   # a direct tie is listed however weak
            item["check_cli_paths"] = {
                "listed": len(cli_paths), "checked": len(ways),
                "all_found": all(any(abs(s - x) <= 5e-5 for x in every.get(names, ())) for names, s in ways)}
            print(f"yen[{mode}]: {account}: {len(targets)} targets, Yen {entry['seconds']:.2f} s"
                  f"{' (budget hit)' if stats.get('truncated') else ''}, refgraph search {t_search:.3f} s, "
                  f"identical={entry['check_api_ids']['identical']}", file=sys.stderr, flush=True)
        result["accounts"].append(item)
    result["peak_rss_mb"] = rss_mb()
    json.dump(result, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
