"""The path search is exact: on random small stores its top-k equals a brute-force enumeration of
every simple path of ≤ max-hops with networkx over ``graph()``."""
import tempfile
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refgraph
from refgraph.paths import StoreGraph, best_ways, rank, search

AS_OF = date(2026, 6, 1)


@st.composite
def worlds(draw):
    n = draw(st.integers(3, 8))
    people = [f"P{i}" for i in range(n)]
    owners = ["Owner A"] + (["Owner B"] if draw(st.booleans()) else [])
    at_acme = draw(st.sets(st.sampled_from(people), min_size=1))
    rows = [(AS_OF - timedelta(days=400), p, "note", owners[0], "Acme" if p in at_acme else "Other") for p in people]
    for owner in owners:
        for p in draw(st.lists(st.sampled_from(people + [o for o in owners if o != owner]), max_size=8)):
            rows.append((AS_OF - timedelta(days=draw(st.integers(0, 700))), p,
                         draw(st.sampled_from(["call", "meeting", "email"])), owner, ""))
    knows = draw(st.lists(st.tuples(st.sampled_from(people + owners), st.sampled_from(people),
                                    st.floats(0.05, 1.0), st.integers(0, 800)), max_size=10))
    return owners, rows, knows


def build(folder: Path, owners, rows, knows) -> Path:
    log = folder / "log.csv"
    log.write_text("date,person,channel,owner,company\n" + "".join(
        f"{d.isoformat()},{p},{c},{o},{company}\n" for d, p, c, o, company in rows))
    db = folder / "s.db"
    with refgraph.open(db) as g:
        g.import_interactions(log)
        pairs = [(a, b, s, d) for a, b, s, d in knows if a != b]
        if pairs:
            k = folder / "knows.csv"
            k.write_text("person,knows,strength,last_contact\n" + "".join(
                f"{a},{b},{s!r},{(AS_OF - timedelta(days=d)).isoformat()}\n" for a, b, s, d in pairs))
            g.import_knows(k)
    return db


def brute_force(G, sources, targets, max_hops, team, name, owners=frozenset()):
    found = []
    for s in sources:
        for t in targets:
            if s == t or s not in G or t not in G:
                continue
            for nodes in nx.all_simple_paths(G, s, t, cutoff=max_hops):
                if team and any(n in sources for n in nodes[1:-1]):
                    continue
                if not team and any(n in owners for n in nodes[2:-1]):   # teammates only as first connector
                    continue
                strength = 1.0
                for u, v in zip(nodes, nodes[1:]):
                    strength *= G[u][v]["strength"]
                found.append((tuple(nodes), strength))
    found.sort(key=lambda p: (-p[1], len(p[0]) - 1, tuple(name(n) for n in p[0]), p[0]))
    return found


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(), max_hops=st.integers(1, 3), k=st.integers(1, 12), team=st.booleans())
def test_top_k_equals_brute_force(world, max_hops, k, team):
    owners, rows, knows = world
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp), owners, rows, knows)
        with refgraph.open(db) as g:
            owner_ids = {r["id"] for r in g.store.owners()}
            sources = owner_ids if team else {g.owner_id("Owner A")}
            targets = {r["id"] for r in g.account_members(g.account("Acme"))} - owner_ids
            keys = {r["id"]: r["name_key"] for r in g.store.query("SELECT id, name_key FROM people")}
            ours = rank(search(StoreGraph(g, AS_OF, g.params), sources, targets, max_hops, team=team),
                        lambda n: keys[n])[:k]
            expected = brute_force(g.graph(AS_OF), sources, targets, max_hops, team, lambda n: keys[n],
                                   owner_ids)[:k]
    assert [p.nodes for p in ours] == [nodes for nodes, _ in expected]
    for p, (_, strength) in zip(ours, expected):
        assert abs(p.strength - strength) <= 1e-12


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(), floor=st.sampled_from([0.0, 0.05, 0.2, 0.5]))
def test_best_ways_equal_brute_force(world, floor):
    """reconnect's numbers: each first connector's strongest way on into each account, and each
    account's strongest path, leaving out ways on weaker than the floor (read or not)."""
    owners, rows, knows = world
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp), owners, rows, knows)
        with refgraph.open(db) as g:
            owner_ids = {r["id"] for r in g.store.owners()}
            source = g.owner_id("Owner A")
            acme = {r["id"] for r in g.account_members(g.account("Acme"))} - owner_ids
            people = {r["id"] for r in g.store.query("SELECT id FROM people")} - owner_ids
            accounts = {"Acme": acme, "Rest": people - acme, "All": people}
            tails, best = best_ways(StoreGraph(g, AS_OF, g.params), source, accounts, floor)
            G = g.graph(AS_OF)
    want_tails, want_best = {}, {}
    for key, targets in accounts.items():
        for nodes, strength in brute_force(G, {source}, targets, 3, False, str, owner_ids):
            tail = 1.0
            for u, v in zip(nodes[1:], nodes[2:]):
                tail *= G[u][v]["strength"]
            if tail < floor:
                continue
            found = want_tails.setdefault(nodes[1], {})
            found[key] = max(found.get(key, 0.0), tail)
            want_best[key] = max(want_best.get(key, 0.0), strength)
    got = {a: found for a, found in tails.items() if found}
    assert got.keys() == want_tails.keys()
    for a, found in want_tails.items():
        assert got[a].keys() == found.keys()
        assert all(abs(got[a][k] - v) <= 1e-12 for k, v in found.items())
    assert best.keys() == want_best.keys()
    assert all(abs(best[k] - v) <= 1e-12 for k, v in want_best.items())
