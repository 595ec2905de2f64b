"""The path search is exact: on random small stores its top-k equals a brute-force enumeration of
every simple path of ≤ max-hops with networkx over ``graph()``, whether it reads the store or the same
graph from memory (:mod:`tests.memory_reads`); and on random graphs written down in memory, with no
store at all."""
import tempfile
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refgraph
from refgraph.paths import best_ways, rank, search

from .memory_reads import MemoryReads, relationship

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


def build(folder: Path, owners, rows, knows, db=None):
    """A store (a new file in *folder*, or the empty database *db*) holding the world."""
    log = folder / "log.csv"
    log.write_text("date,person,channel,owner,company\n" + "".join(
        f"{d.isoformat()},{p},{c},{o},{company}\n" for d, p, c, o, company in rows))
    db = db or folder / "s.db"
    with refgraph.open(db) as g:
        g.import_interactions(log)
        pairs = [(a, b, s, d) for a, b, s, d in knows if a != b]
        if pairs:
            k = folder / "knows.csv"
            k.write_text("person,knows,strength,last_contact\n" + "".join(
                f"{a},{b},{s!r},{(AS_OF - timedelta(days=d)).isoformat()}\n" for a, b, s, d in pairs))
            g.import_knows(k)
    return db


def graphs(g):
    """The graph at AS_OF as the store reads it, and the same scores and ties read from memory."""
    memory = MemoryReads(g.reads.owners(), g.scores(AS_OF), g.reads.all_ties(as_of=AS_OF), params=g.params)
    return {"store": g.reads.graph(as_of=AS_OF), "memory": memory.graph(as_of=AS_OF)}


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
            found = {engine: rank(search(graph, sources, targets, max_hops, team=team), lambda n: keys[n])[:k]
                     for engine, graph in graphs(g).items()}
            expected = brute_force(g.graph(AS_OF), sources, targets, max_hops, team, lambda n: keys[n],
                                   owner_ids)[:k]
    for ours in found.values():
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
            ways = {engine: best_ways(graph, source, accounts, floor) for engine, graph in graphs(g).items()}
            G = g.graph(AS_OF)
            known = talked_to(g.reads.graph(as_of=AS_OF), source)
    for tails, best in ways.values():
        assert_ways(tails, best, *brute_force_ways(G, source, accounts, floor, owner_ids, known))


def talked_to(graph, source) -> set:
    """Whom the source has had a real conversation with (no introduction to them is asked for)."""
    return {n for n, e in graph.reach(source).items() if e.conversations}


def brute_force_ways(G, source, accounts, floor, owners, known=frozenset()):
    want_tails, want_best = {}, {}
    for key, targets in accounts.items():
        for nodes, strength in brute_force(G, {source}, targets, 3, False, str, owners):
            if known.intersection(nodes[2:]):   # an introduction to someone the source talks to
                continue
            tail = 1.0
            for u, v in zip(nodes[1:], nodes[2:]):
                tail *= G[u][v]["strength"]
            if tail < floor:
                continue
            found = want_tails.setdefault(nodes[1], {})
            found[key] = max(found.get(key, 0.0), tail)
            want_best[key] = max(want_best.get(key, 0.0), strength)
    return want_tails, want_best


def assert_ways(tails, best, want_tails, want_best):
    got = {a: found for a, found in tails.items() if found}
    assert got.keys() == want_tails.keys()
    for a, found in want_tails.items():
        assert got[a].keys() == found.keys()
        assert all(abs(got[a][k] - v) <= 1e-12 for k, v in found.items())
    assert best.keys() == want_best.keys()
    assert all(abs(best[k] - v) <= 1e-12 for k, v in want_best.items())


@st.composite
def graphs_in_memory(draw):
    """A graph written down: owners 0 (and 1), people 2…n, relationships and ties of random
    strengths (some below min_edge_strength, some pairs with both kinds of evidence)."""
    n = draw(st.integers(3, 9))
    owners = {0: "Owner A"} | ({1: "Owner B"} if draw(st.booleans()) else {})
    nodes = list(range(len(owners), len(owners) + n))
    strength = st.one_of(st.floats(0.01, 1.0), st.sampled_from([0.00005, 0.5, 1.0]))
    relationships = {(o, p): relationship(draw(strength), stale=draw(st.booleans()),
                                          conversations=draw(st.sampled_from([0, 1, 4])))
                     for o in owners for p in draw(st.lists(st.sampled_from(nodes + list(owners)), max_size=8))
                     if p != o}
    ties = {(a, b): (draw(strength), draw(st.booleans()), None)
            for a, b in draw(st.lists(st.tuples(st.sampled_from(nodes + list(owners)), st.sampled_from(nodes)),
                                      max_size=12)) if a != b}
    targets = draw(st.sets(st.sampled_from(nodes), min_size=1))
    return MemoryReads(owners, relationships, ties), targets


def memory_nx(reads):
    """The brute force's networkx graph of a MemoryReads, made from its dicts: the strongest evidence
    of each pair, edges below min_edge_strength left out."""
    G = nx.Graph()
    pairs = [(o, p, s.strength) for (o, p), s in reads.relationships.items()]
    pairs += [(a, b, t[0]) for (a, b), t in reads._ties.items()]
    for u, v, strength in pairs:
        if strength >= reads.params.min_edge_strength and strength > G.get_edge_data(u, v, {"strength": 0})["strength"]:
            G.add_edge(u, v, strength=strength)
    return G


@settings(max_examples=300, deadline=None)
@given(world=graphs_in_memory(), max_hops=st.integers(1, 3), k=st.integers(1, 12), team=st.booleans())
def test_top_k_in_memory_equals_brute_force(world, max_hops, k, team):
    """The search on a graph read from memory (no store): the same exactness."""
    reads, targets = world
    owners = set(reads.owners())
    sources = owners if team else {0}
    ours = rank(search(reads.graph(as_of=AS_OF), sources, targets, max_hops, team=team), str)[:k]
    expected = brute_force(memory_nx(reads), sources, targets, max_hops, team, str, owners)[:k]
    assert [p.nodes for p in ours] == [nodes for nodes, _ in expected]
    for p, (_, strength) in zip(ours, expected):
        assert abs(p.strength - strength) <= 1e-12


@settings(max_examples=300, deadline=None)
@given(world=graphs_in_memory(), floor=st.sampled_from([0.0, 0.05, 0.2, 0.5]))
def test_best_ways_in_memory_equal_brute_force(world, floor):
    reads, targets = world
    owners = set(reads.owners())
    people = set(range(len(owners), max([*owners, *(p for _, p in reads.relationships), *targets]) + 1))
    accounts = {"Targets": set(targets), "Rest": people - set(targets), "All": people}
    tails, best = best_ways(reads.graph(as_of=AS_OF), 0, accounts, floor)
    known = talked_to(reads.graph(as_of=AS_OF), 0)
    assert_ways(tails, best, *brute_force_ways(memory_nx(reads), 0, accounts, floor, owners, known))


@settings(max_examples=300, deadline=None)
@given(world=graphs_in_memory(), max_hops=st.integers(1, 3), team=st.booleans(), data=st.data())
def test_the_count_without_known_people_equals_listing_them(world, max_hops, team, data):
    """Search.count(known) counts, from the known pairs alone, the paths that ask no introduction to
    someone known (after the first connector); through() lists one connector's paths."""
    from refgraph.paths import Search

    reads, targets = world
    owners = set(reads.owners())
    sources = owners if team else {0}
    found = Search(reads.graph(as_of=AS_OF), sources, targets, max_hops=max_hops, team=team)
    people = sorted({n for p in found for n in p.nodes})
    known = data.draw(st.sets(st.tuples(st.sampled_from(sorted(sources)), st.sampled_from(people or [0]))))
    every = list(found)
    assert found.count() == len(every)
    assert found.count(known) == sum(1 for p in every if not any((p.nodes[0], n) in known for n in p.nodes[2:]))
    for s in sources:
        for first in people:
            assert sorted(found.through(s, first)) == sorted(
                p.nodes for p in every if p.hops > 1 and p.nodes[:2] == (s, first))
