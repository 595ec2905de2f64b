"""Paths when people know many others: the samples plus a knows file of a few thousand rows (a dozen
people who know about ninety others each, pairs listed both ways round, rows with no strength, a
strength of 0 or of many digits, no last contact or one after the day asked), on both engines.

What the search reads is held to the slow, obviously correct reading: the ties equal those the
evidence gives (:func:`refgraph.ties.ties_for`, every knows row and shared meeting read one by one),
the top-k equals a brute-force enumeration with networkx over the graph made of that evidence, and
``path --json`` prints what it prints when the search's ties come from that evidence."""
import json
import random
from datetime import date, timedelta

import networkx as nx
import pytest
from click.testing import CliRunner

import refgraph
from refgraph.cli import cli
from refgraph.demo import import_samples
from refgraph.paths import rank, search
from refgraph.reads import Edge, StoreGraph
from refgraph.ties import ties_for

from .conftest import AS_OF, SAMPLES, write
from .test_paths_property import brute_force

ACCOUNTS = ("Fabrikam", "Contoso", "Acme Corp")
HEADER = "person,person_linkedin_url,knows,knows_linkedin_url,strength,last_contact,note\n"


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


def knows_rows(urls: list[str], rng: random.Random) -> list[tuple[str, str, str, str]]:
    """``(person, knows, strength, last contact)`` rows: hubs who know many, random pairs, and some
    pairs again the other way round with other evidence."""
    def evidence() -> tuple[str, str]:
        strength = rng.choices(["", "0", "2dp", "many"], weights=[2, 1, 12, 3])[0]
        strength = {"2dp": f"{rng.uniform(0.05, 1.0):.2f}", "many": repr(rng.random())}.get(strength, strength)
        days = rng.randrange(-90, 2400)   # some after AS_OF: not known yet then
        last = rng.choices(["", (AS_OF - timedelta(days=days)).isoformat()], weights=[1, 5])[0]
        return strength, last

    rows = []
    for hub in rng.sample(urls, 12):
        rows += [(hub, other, *evidence()) for other in rng.sample(urls, 90) if other != hub]
    for _ in range(900):
        a, b = rng.sample(urls, 2)
        rows.append((a, b, *evidence()))
    rows += [(b, a, *evidence()) for a, b, _, _ in rng.sample(rows, 250)]
    return rows


@pytest.fixture
def heavy(db, tmp_path):
    """The samples, then a knows file of about 2,200 rows among their people (by LinkedIn URL; rows
    of one pair are merged: about 1,900 in the store)."""
    with refgraph.open(db) as g:
        list(import_samples(g, SAMPLES, AS_OF))
        urls = [r[1] for r in g.store.query(
            """SELECT p.id, min(i.value) FROM people p JOIN identifiers i ON i.person_id = p.id
               WHERE i.kind = 'linkedin' AND p.merged_into IS NULL GROUP BY p.id ORDER BY p.id""")]
        rows = knows_rows(urls, random.Random(20261115))
        g.import_knows(write(tmp_path / "knows.csv", HEADER + "".join(
            f",{a},,{b},{strength},{last},\n" for a, b, strength, last in rows)))
    return db


def evidence(g, as_of: date) -> dict[int, dict[int, tuple]]:
    """Every person's ties at *as_of* as the evidence gives them: ``{a: {b: (strength, stale, last)}}``."""
    people = [r[0] for r in g.store.query("SELECT id FROM people")]
    return {n: {t["person_id"]: (t["strength"], t["stale"], t["last_contact_date"]) for t in ties}
            for n, ties in ties_for(g.store, people, as_of, g.params).items()}


def assert_same_ties(got: dict, expected: dict, floor: float = 0.0) -> None:
    """*got* holds every tie of *expected* at least *floor* strong, with its strength, staleness and
    last contact (below a floor only the strength is held: a weaker piece of evidence is unread)."""
    strong = {(a, b): t for a, found in expected.items() for b, t in found.items() if t[0] >= floor}
    kept = {(a, b): tuple(t) for a, found in got.items() for b, t in found.items() if t[0] >= floor}
    assert kept.keys() == strong.keys()
    for pair, (strength, stale, last) in strong.items():
        assert kept[pair][0] == pytest.approx(strength, abs=1e-12), pair
        if not floor:
            assert kept[pair][1:] == (stale, last), pair


def test_the_world_is_knows_heavy_and_the_ties_read_are_the_evidence(heavy):
    with refgraph.open(heavy) as g:
        many = g.store.query("SELECT count(*) FROM knows")[0][0]
        assert many > 1800
        assert g.store.query("SELECT count(*) FROM tie_stats")[0][0] > 0   # shared meetings too
        for as_of in (AS_OF, date(2025, 1, 1), date(2021, 6, 1)):
            expected = evidence(g, as_of)
            if as_of == AS_OF:
                assert max(map(len, expected.values())) >= 80   # people who know many others
            people = sorted(expected)
            assert_same_ties(g.reads.tie_edges(people, as_of=as_of), expected)
            assert_same_ties(g.reads.tie_edges(None, as_of=as_of), expected)
            for floor in (0.05, 0.3):
                assert_same_ties(g.reads.tie_edges(people, as_of=as_of, floor=floor), expected, floor)
                assert_same_ties(g.reads.tie_edges(None, as_of=as_of, floor=floor), expected, floor)
            # the graph's edges: the same ties, below min_edge_strength and to oneself left out
            graph = g.reads.graph(as_of=as_of)
            found = graph.neighbours(people)
            scores = g.scores(as_of)
            for a in people:
                ties = {b: t for b, t in expected[a].items() if b != a and t[0] >= g.params.min_edge_strength}
                owned = {o if p == a else p for (o, p) in scores if a in (o, p)}
                assert {b for b in found[a] if b not in owned} == {b for b in ties if b not in owned}, a
                for b, t in ties.items():
                    if b not in owned:
                        assert found[a][b][0] == pytest.approx(t[0], abs=1e-12)
                        assert (found[a][b].stale, found[a][b].last_conversation) == t[1:]


def test_a_middle_read_near_a_source_reads_only_the_ties_to_its_reach(heavy, monkeypatch):
    """The path search's middle read with one source (``neighbours(…, near=source)``) holds exactly
    the neighbours the source has an edge to; no tie to anyone else is made (on SQLite their knows
    rows stay in the store)."""
    import refgraph.reads

    read = []

    def spy(conn, nodes, as_of, params, floor, make, out, among=None):
        refgraph.tie_reads.knows_edges(conn, nodes, as_of, params, floor, make, out, among)
        read.append({b for found in out.values() for b in found})

    with refgraph.open(heavy) as g:
        source = g.owner_id(None)
        people = sorted(r[0] for r in g.store.query("SELECT id FROM people WHERE merged_into IS NULL"))
        full = g.reads.graph(as_of=AS_OF).neighbours(people)
        reach = g.reads.graph(as_of=AS_OF).reach(source)
        assert reach == {b: e for b, e in full[source].items() if b != source}
        assert 20 < len(reach) < len(people) / 2
        monkeypatch.setattr(refgraph.reads, "knows_edges", spy)
        near = g.reads.graph(as_of=AS_OF).neighbours(people, near=source)
        assert near == {a: {b: e for b, e in found.items() if b in reach} for a, found in full.items()}
        assert sum(map(len, near.values())) < sum(map(len, full.values())) / 2
        assert read and read[-1] <= set(reach)   # the other rows were never read


def test_the_owners_read_by_relationships_are_not_read_again_by_neighbours(heavy, monkeypatch):
    """``path --team`` reads every owner's ties to the targets, however weak, before the search
    (``StoreGraph.relationships``); the search's neighbourhood read of those targets takes their
    owners from it, and finds what it finds alone."""
    from refgraph.reads import StoreReads

    with refgraph.open(heavy) as g:
        people = sorted(r[0] for r in g.store.query("SELECT id FROM people WHERE merged_into IS NULL"))
        alone = g.reads.graph(as_of=AS_OF).neighbours(people)
        graph = g.reads.graph(as_of=AS_OF)
        assert graph.relationships(people) == g.reads.scores(as_of=AS_OF, person_ids=people)
        asked = []
        scores = StoreReads.scores

        def spy(self, **kw):
            asked.append(kw.get("person_ids"))
            return scores(self, **kw)

        monkeypatch.setattr(StoreReads, "scores", spy)
        assert graph.neighbours(people) == alone
    assert not [ids for ids in asked if ids]   # no person's owners read again


def evidence_graph(g, as_of: date) -> nx.Graph:
    """The brute force's graph: the owners' relationships and the ties the evidence gives, the
    strongest of each pair, edges below min_edge_strength left out."""
    G = nx.Graph()
    pairs = [(o, p, s.strength) for (o, p), s in g.scores(as_of).items()]
    pairs += [(a, b, t[0]) for a, found in evidence(g, as_of).items() for b, t in found.items() if a != b]
    for u, v, strength in pairs:
        if strength >= g.params.min_edge_strength and strength > G.get_edge_data(u, v, {"strength": 0})["strength"]:
            G.add_edge(u, v, strength=strength)
    return G


def test_top_k_equals_brute_force_over_the_evidence(heavy):
    with refgraph.open(heavy) as g:
        owners = {r["id"] for r in g.store.owners()}
        keys = {r["id"]: r["name_key"] for r in g.store.query("SELECT id, name_key FROM people")}
        G = evidence_graph(g, AS_OF)
        for account in ACCOUNTS:
            targets = {r["id"] for r in g.account_members(g.account(account))} - owners
            for team in (False, True):
                sources = owners if team else {g.owner_id(None)}
                ours = rank(search(g.reads.graph(as_of=AS_OF), sources, targets, 3, team=team), keys.get)[:40]
                expected = brute_force(G, sources, targets, 3, team, keys.get, owners)[:40]
                assert len(expected) == 40
                assert [p.nodes for p in ours] == [nodes for nodes, _ in expected], (account, team)
                for p, (_, strength) in zip(ours, expected):
                    assert abs(p.strength - strength) <= 1e-12


def listing(db, *args) -> list:
    result = CliRunner().invoke(cli, ["--db", str(db), "path", *args, "--as-of", AS_OF.isoformat(), "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_path_listing_is_the_one_the_evidence_gives(heavy, monkeypatch):
    options = [[], ["-k", "30", "--all"], ["--team", "-k", "12"], ["--max-hops", "2", "-k", "12"]]
    ours = {(account, i): listing(heavy, account, *o) for account in ACCOUNTS for i, o in enumerate(options)}
    assert sum(len(found) for found in ours.values()) > 100
    assert any(hop["kind"] != "relationship" for found in ours.values() for p in found for hop in p["hops"])

    def ties_from_the_evidence(self, nodes, floor=0.0, among=None):   # every tie read one piece of evidence at a time
        people = [r[0] for r in self.reads.store.query("SELECT id FROM people")] if nodes is None else list(nodes)
        return {n: {t["person_id"]: Edge(t["strength"], t["stale"], t["last_contact_date"], 0, None) for t in ties
                    if among is None or t["person_id"] in among}
                for n, ties in ties_for(self.reads.store, people, self.as_of, self.params).items()}

    monkeypatch.setattr(StoreGraph, "_tie_edges", ties_from_the_evidence)
    for (account, i), found in ours.items():
        assert listing(heavy, account, *options[i]) == found, (account, options[i])
