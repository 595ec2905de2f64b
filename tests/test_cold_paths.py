"""Cold paths: a LinkedIn export alone gives paths (cold ones, the most senior target first), a real
conversation outranks a connection, the owner needs no introduction to someone they know, and a
store with no conversation says what is missing."""
import json
import shutil
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from refgraph.cli import cli
from refgraph.paths import STATUSES, Choice, Path, search, status

from .conftest import AS_OF, sqlite_file, write
from .memory_reads import MemoryReads, relationship


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


HEAD = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
GLOBEX = (HEAD
          + "Ann,Chen,https://www.linkedin.com/in/ann-chen,,Globex,Chief Financial Officer,12 Mar 2018\n"
          + "Bob,Vance,https://www.linkedin.com/in/bob-vance,,Globex,VP Sales,01 Jan 2019\n"
          + "Cat,Diaz,https://www.linkedin.com/in/cat-diaz,,Globex,Director of IT,05 May 2017\n"
          + "Dan,Moss,https://www.linkedin.com/in/dan-moss,,Globex,IT Manager,10 Oct 2020\n"
          + "Eve,Ng,https://www.linkedin.com/in/eve-ng,,Globex,Software Engineer,01 Jun 2021\n"
          + 'Fay,Wu,https://www.linkedin.com/in/fay-wu,,Globex,"Vice President, Finance",02 Feb 2016\n')
MISSING = ("Alex Morgan has no real conversation (call, meeting, video) yet — add them with refgraph import calendar "
           "FILE, refgraph import interactions FILE (a call log or CRM export) or refgraph log PERSON --channel call.")


@pytest.fixture
def linkedin_only(run, tmp_path):
    """Alex's 2016–2021 connections at Globex, read in November 2026, and one email to Fay in January."""
    run("import", "linkedin", write(tmp_path / "Complete_LinkedInDataExport_11-01-2026.zip.d" / "Connections.csv",
                                    GLOBEX), "--owner", "Alex Morgan")
    run("import", "interactions", write(tmp_path / "touch.csv", "date,person,channel,owner\n"
                                        "2026-01-15,Fay Wu,email,Alex Morgan\n"))
    run("import", "accounts", write(tmp_path / "accounts.csv", "name,domain,aliases\nGlobex,globex.example,\n"))
    return run


def as_json(run, *args):
    return json.loads(run(*args, "--as-of", AS_OF, "--json").output)


def test_a_linkedin_export_alone_gives_cold_paths_most_senior_first(linkedin_only):
    found = as_json(linkedin_only, "path", "Globex", "-k", "6")
    # chief, VP (the one touched lately first), director, manager, others; every one below
    # min_edge_strength, none hidden
    assert [(p["people"][-1], p["status"], p["last_touch"]) for p in found] == [
        ("Ann Chen", "cold", "2018-03-12"), ("Fay Wu", "cold", "2026-01-15"), ("Bob Vance", "cold", "2019-01-01"),
        ("Cat Diaz", "cold", "2017-05-05"), ("Dan Moss", "cold", "2020-10-10"), ("Eve Ng", "cold", "2021-06-01")]
    assert all(p["strength"] < 0.0001 for p in found)


def test_a_linkedin_only_store_says_what_is_missing(linkedin_only, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")   # wide enough for every line unwrapped
    out = linkedin_only("path", "Globex", "-k", "1", "--as-of", AS_OF).output
    assert out == (
        "Paths into Globex from Alex Morgan, as of 2026-11-15 (6 paths of ≤ 3 hops; at most 2 per connector and "
        "target)\n\n"
        + MISSING + "\n\n"
        "Cold — a tie with no real conversation yet (most senior target first):\n\n"
        "1. 0.000  Alex Morgan → Ann Chen  (Chief Financial Officer, Globex)\n"
        "from         to        strength  last_conversation  stale\n"
        "-----------  --------  --------  -----------------  -----\n"
        "Alex Morgan  Ann Chen  0.000     never              cold\n"
        "Next: Call Ann Chen, Chief Financial Officer, to introduce yourself — you are connected but have "
        "never had a real conversation (last touch 2018-03-12)\n"
        "Evidence: Alex Morgan and Ann Chen are in touch but have never had a real conversation\n")
    coverage = linkedin_only("coverage", "--as-of", AS_OF).output
    assert coverage.splitlines()[0] == MISSING
    rows = as_json(linkedin_only, "coverage")
    assert rows[0]["risks"] == ["every path starts with a cold tie (no real conversation yet)"]
    assert [(r["account"], r["warm_paths"], r["cold_direct"], r["best_path"], r["next_action"]) for r in rows] == [
        ("Globex", 0, 6, "Alex Morgan → Ann Chen",
         "Call Ann Chen, Chief Financial Officer, to introduce yourself — you are connected but have never "
         "had a real conversation (last touch 2018-03-12)")]
    # one real conversation: the line goes, and that path comes first
    linkedin_only("log", "Dan Moss", "--channel", "call", "--date", "2026-11-10")
    assert MISSING not in linkedin_only("path", "Globex", "--as-of", AS_OF).output
    assert MISSING not in linkedin_only("coverage", "--as-of", AS_OF).output
    found = as_json(linkedin_only, "path", "Globex")
    assert [(p["people"][-1], p["status"]) for p in found[:2]] == [("Dan Moss", "warm"), ("Ann Chen", "cold")]


def test_a_real_conversation_beats_a_linkedin_connection(run, tmp_path):
    """An SDR connected in July, never spoken to, is stronger by the numbers than a Director met two
    years ago; the Director's path comes first."""
    run("import", "linkedin", write(tmp_path / "Complete_LinkedInDataExport_11-01-2026.zip.d" / "Connections.csv",
        HEAD + "Sid,Rao,https://www.linkedin.com/in/sid-rao,,Globex,Sales Development Representative,15 Jul 2026\n"
        + "Dee,Ford,https://www.linkedin.com/in/dee-ford,,Globex,Director of Finance,01 Mar 2019\n"),
        "--owner", "Alex Morgan")
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel\n2024-11-01,Dee Ford,call\n"))
    found = as_json(run, "path", "Globex")
    assert [(p["people"][-1], p["status"]) for p in found] == [("Dee Ford", "reconnect"), ("Sid Rao", "cold")]
    assert found[0]["strength"] < found[1]["strength"]
    assert found[0]["next_action"] == ("Reconnect with Dee Ford, Director of Finance, first — last real conversation "
                                       "2024-11-01 — then ask for the meeting")


@pytest.fixture
def on_full(full_store, tmp_path):
    path = tmp_path / "full.db"
    shutil.copy(full_store, path)
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--db", str(path), *map(str, args)], catch_exceptions=False)


def test_no_introduction_to_someone_you_met(on_full):
    """Alex met Lee Park on 2026-12-03: a week later the direct path comes first, and nobody is asked
    to introduce Lee; Alex's own 10-conversation tie with Maria is not hidden by the cap on targets."""
    out = on_full("path", "Contoso", "--as-of", "2026-12-10").output
    assert "introduce you to Lee Park" not in out
    found = json.loads(on_full("path", "Contoso", "--as-of", "2026-12-10", "--json").output)
    assert [(p["people"], p["status"]) for p in found[:2]] == [
        (["Alex Morgan", "Lee Park"], "warm"), (["Alex Morgan", "Maria Ortiz"], "reconnect")]
    assert found[0]["next_action"] == "Call Lee Park, CFO, directly — last real conversation 2026-12-03"
    assert not any(p["people"][-1] in ("Lee Park", "Maria Ortiz") and len(p["people"]) > 2 for p in found)


def test_no_path_through_a_connector_to_someone_you_know(on_full, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")   # wide enough for every line unwrapped
    # the one path through Maria asks her to introduce Lee Park, whom Alex has met
    out = on_full("path", "Contoso", "--via", "Maria Ortiz", "--as-of", AS_OF).output
    assert out == ("No path into Contoso through Maria Ortiz: each would ask for an introduction to someone you "
                   "have had a real conversation with — see refgraph path 'Contoso' for your own ties.\n")


def test_no_weak_or_stale_path_is_called_warm(on_full, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")   # one line per heading
    for account in ("Contoso", "Fabrikam", "Acme Corp"):
        for as_of in ("2026-11-15", "2026-12-10"):
            out = on_full("path", account, "--as-of", as_of, "-k", "10").output
            section = ""
            for line in out.splitlines():
                if line.endswith(":") and not line[0].isdigit():
                    section = line.split(" ")[0]
                elif line[:1].isdigit() and ". " in line:
                    strength = float(line.split()[1])
                    assert section != "Warm" or strength >= 0.3, (account, as_of, line)
            found = json.loads(on_full("path", account, "--as-of", as_of, "-k", "10", "--json").output)
            for p in found:
                if p["status"] == "warm":
                    assert p["strength"] >= 0.3 and not any(h["stale"] for h in p["hops"])


def test_the_seniority_ladder_is_set_in_targets(linkedin_only, db):
    sqlite_file(db)   # the config beside the store's file
    db.with_name("refgraph.toml").write_text('[targets]\nseniority = ["engineer", "manager"]\n')
    found = as_json(linkedin_only, "path", "Globex", "-k", "3")
    # engineer, manager, then the rest by the latest touch
    assert [p["people"][-1] for p in found] == ["Eve Ng", "Dan Moss", "Fay Wu"]


@pytest.mark.parametrize("toml, message", [
    ('[targets]\nladder = ["vp"]\n', "unknown [targets] setting ladder — valid settings: seniority"),
    ('[targets]\nseniority = "vp"\n', "[targets] seniority must be a list of title patterns, most senior first"),
    ('[targets]\nseniority = ["(vp"]\n', "[targets] seniority: '(vp' is not a valid regular expression"),
    ('[strength]\nseniority = ["vp"]\n', "unknown [strength] setting seniority"),
])
def test_a_bad_targets_table_is_one_line(linkedin_only, db, toml, message):
    sqlite_file(db)   # the config beside the store's file
    db.with_name("refgraph.toml").write_text(toml)
    result = linkedin_only("path", "Globex", "--as-of", AS_OF)
    assert result.exit_code == 1 and message in result.output and result.output.count("\n") == 1


# -- the order, on random graphs in memory -----------------------------------------------------------
@st.composite
def worlds(draw):
    """Owners 0 (and 1), people 2…n; relationships of random strength, staleness and conversations
    (none: a connection), some below min_edge_strength; ties between people."""
    n = draw(st.integers(3, 8))
    owners = {0: "Owner A"} | ({1: "Owner B"} if draw(st.booleans()) else {})
    nodes = list(range(len(owners), len(owners) + n))
    strength = st.one_of(st.floats(0.01, 1.0), st.sampled_from([0.00005, 0.3, 0.5, 1.0]))
    relationships = {}
    for o in owners:
        for p in draw(st.lists(st.sampled_from(nodes + list(owners)), max_size=8)):
            if p != o:
                relationships[o, p] = relationship(draw(strength), stale=draw(st.booleans()),
                                                   conversations=draw(st.sampled_from([0, 1, 3])))
    ties = {(a, b): (draw(strength), draw(st.booleans()), None)
            for a, b in draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=10))
            if a != b}
    targets = draw(st.sets(st.sampled_from(nodes), min_size=1))
    return MemoryReads(owners, relationships, ties), targets


@settings(max_examples=200, deadline=None)
@given(world=worlds(), k=st.integers(1, 12), team=st.booleans())
def test_warm_then_reconnect_then_cold_each_exact(world, k, team):
    """Choice lists every path (--all) warm first, then reconnect, each strongest first as the exact
    search ranks them, then cold; none asks for an introduction to someone its owner has really
    talked to; the owners' direct ties below min_edge_strength are there too."""
    reads, targets = world
    params = reads.params
    owners = set(reads.owners())
    sources = owners if team else {0}
    graph = reads.graph(as_of=AS_OF)
    direct = {(o, t): e for (o, t), e in
              ((pair, _edge(pair[0], s)) for pair, s in reads.relationships.items())
              if o in sources and t in targets}
    chosen = Choice(graph, sources, targets, params=params, name=str, direct=direct, team=team).choose(
        k, title=lambda n: None, last_touch=lambda p: None, all_paths=True)
    # the brute force: every path of the exact search, and the direct ties it leaves out
    every = search(graph, sources, targets, team=team)
    every += [Path((o, t), (e,)) for (o, t), e in direct.items()
              if t not in sources and e.strength < params.min_edge_strength]
    # known: a real conversation, on a tie at least min_edge_strength strong (a target's, however weak)
    known = {(o, p) for (o, p), s in reads.relationships.items() if s.conversations and o in sources
             and (s.strength >= params.min_edge_strength or p in targets)}
    every = [p for p in every if not any((p.nodes[0], n) in known for n in p.nodes[2:])]
    rank = {s: i for i, s in enumerate(STATUSES)}
    expected = sorted(every, key=lambda p: (rank[status(p, params)], -p.strength, p.hops, tuple(map(str, p.nodes))))
    assert [(p.nodes, status(p, params)) for p in chosen] == [(p.nodes, status(p, params)) for p in expected[:k]]


def _edge(owner, s):
    from refgraph.reads import Edge

    return Edge(s.strength, s.stale, s.last_conversation, s.conversations, owner)


def test_the_status_of_a_path():
    from refgraph.reads import Edge
    from refgraph.strength import DEFAULTS

    fresh, stale = Edge(0.9, False, date(2026, 1, 1), 3, 0), Edge(0.9, True, date(2020, 1, 1), 3, 0)
    connected, knows = Edge(0.02, True, None, 0, 0), Edge(0.5, False, None, 0, None)
    assert status(Path((0, 1), (fresh,)), DEFAULTS) == "warm"
    assert status(Path((0, 1, 2), (fresh, knows)), DEFAULTS) == "warm"
    assert status(Path((0, 1), (stale,)), DEFAULTS) == "reconnect"
    assert status(Path((0, 1, 2, 3), (fresh, knows, knows)), DEFAULTS) == "reconnect"   # 0.225: too weak
    assert status(Path((0, 1, 2), (connected, knows)), DEFAULTS) == "cold"


def test_the_ladder_in_the_model_doc_is_the_default(tmp_path):
    from refgraph.strength import DEFAULTS, load_params

    from .conftest import ROOT

    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    toml = doc.split("```toml\n[targets]\n", 1)[1].split("```", 1)[0]
    assert load_params(write(tmp_path / "refgraph.toml", "[targets]\n" + toml)).seniority == DEFAULTS.seniority


def test_the_cap_on_a_target_never_hides_a_direct_tie():
    """Two warm introductions to person 4 fill the cap on that target; the owner's own connection
    with 4, never talked to, is still listed."""
    reads = MemoryReads({0: "Owner A"}, {(0, 2): relationship(0.9, conversations=3),
                                         (0, 3): relationship(0.8, conversations=3),
                                         (0, 4): relationship(0.01, stale=True, conversations=0)},
                        {(2, 4): (0.9, False, None), (3, 4): (0.9, False, None)})
    graph = reads.graph(as_of=AS_OF)
    direct = {(0, 4): _edge(0, reads.relationships[0, 4])}
    chosen = Choice(graph, {0}, {4}, params=reads.params, name=str, direct=direct).choose(
        5, title=lambda n: None, last_touch=lambda p: None)
    assert [(p.nodes, status(p, reads.params)) for p in chosen] == [
        ((0, 2, 4), "warm"), ((0, 3, 4), "warm"), ((0, 4), "cold")]
