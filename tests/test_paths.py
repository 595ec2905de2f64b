"""Warm paths and coverage: exact, explained, from the store."""
import json
import shutil

import pytest
from click.testing import CliRunner

import refgraph
from refgraph.cli import cli

from .conftest import AS_OF, write


@pytest.fixture
def on_full(full_store, tmp_path):
    path = tmp_path / "full.db"
    shutil.copy(full_store, path)
    runner = CliRunner()

    def _run(*args):
        return runner.invoke(cli, ["--db", str(path), *map(str, args), "--as-of", str(AS_OF)],
                             catch_exceptions=False)

    return _run


def paths(run, *args):
    return json.loads(run("path", *args, "--json").output)


def test_you_need_no_introduction_to_someone_you_know(on_full):
    """Alex has had real conversations with Maria (10, stale) and Lee (a 2023 meeting, and one booked
    for 2026-12-03): their direct paths come first, and no path asks Sam or Maria to introduce them."""
    found = paths(on_full, "Contoso")
    assert [(p["people"], p["strength"], p["status"]) for p in found[:3]] == [
        (["Alex Morgan", "Maria Ortiz"], 0.2473, "reconnect"),
        (["Alex Morgan", "Lee Park"], 0.0, "reconnect"),
        (["Alex Morgan", "Beatriz Vargas"], 0.0003, "cold")]   # a Partner: the most senior cold target
    assert not any("introduce you to" in p["next_action"] for p in found)
    # Alex's own tie to Lee is a 2023 meeting; teammate Sam's is warm: bring Sam along
    assert found[1]["next_action"] == ("You meet Lee Park on 2026-12-03 (Contoso intro) — last real conversation "
                                       "2023-04-18 — Sam Rivera (teammate) knows Lee well (20 conversations, last "
                                       "2026-10-27): bring them along")
    assert found[1]["teammate"] == {"name": "Sam Rivera", "strength": 0.9801, "conversations": 20,
                                    "last_conversation": "2026-10-27"}
    assert found[0]["teammate"] is None   # no teammate knows Maria well


def test_a_warm_introduction_is_explained(on_full):
    best = paths(on_full, "Fabrikam", "-k", "2")[1]
    assert best == {
        "strength": 0.4925, "status": "warm", "last_touch": None, "asked": None, "teammate": None,
        "people": ["Alex Morgan", "Priya Natarajan", "Dana Whitfield"],
        "hops": [{"from": "Alex Morgan", "to": "Priya Natarajan", "strength": 0.9831,
                  "last_conversation": "2026-10-28", "stale": False, "kind": "relationship"},
                 {"from": "Priya Natarajan", "to": "Dana Whitfield", "strength": 0.501,
                  "last_conversation": "2026-08-12", "stale": False, "kind": "knows"}],
        "weakest": {"from": "Priya Natarajan", "to": "Dana Whitfield", "strength": 0.501},
        "reconnect_first": [],
        "target": {"name": "Dana Whitfield", "title": "COO", "company": "Fabrikam", "account": "Fabrikam"},
        "evidence": ["Same leadership team at Fabrikam (knows file, last contact 2026-08-12)",
                     "both work at Fabrikam, Inc."],
        "next_action": "Ask Priya Natarajan to introduce you to Dana Whitfield, COO — Same leadership team at "
                       "Fabrikam (knows file, last contact 2026-08-12)"}


def test_stale_deep_tie_is_reconnected_first(on_full):
    # with --team, Sam's path runs through Lee, whom Sam knows well, to Maria; Alex's own tie to Maria
    # is stale: reconnect with her first
    team = paths(on_full, "Contoso", "--team")
    alex = next(p for p in team if p["people"] == ["Alex Morgan", "Maria Ortiz"])
    assert alex["status"] == "reconnect" and alex["reconnect_first"] == ["Maria Ortiz"]
    assert alex["next_action"] == ("Alex Morgan: Reconnect with Maria Ortiz, VP Finance, first — last real "
                                   "conversation 2024-02-11 — then ask for the meeting")
    via_lee = next(p for p in team if p["people"] == ["Sam Rivera", "Lee Park", "Maria Ortiz"])
    assert via_lee["status"] == "warm"
    assert via_lee["evidence"] == [
        "Maria reports to Lee; she runs his finance transformation (knows file, last contact 2026-09-30)",
        "1 shared meeting, last 2023-04-18 (Contoso FP&A planning)", "both work at Contoso"]


def test_table_shows_one_block_per_path(on_full, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")   # wide enough for every line unwrapped
    out = on_full("path", "Fabrikam", "-k", "1").output
    assert out == (
        "Paths into Fabrikam from Alex Morgan, as of 2026-11-15 (13 paths of ≤ 3 hops; at most 2 per connector "
        "and target)\n\n"
        "Warm — every tie fresh, from real conversations:\n\n"
        "1. 0.983  Alex Morgan → Priya Natarajan  (Head of Data, Fabrikam, Inc.)\n"
        "from         to               strength  last_conversation  stale\n"
        "-----------  ---------------  --------  -----------------  -----\n"
        "Alex Morgan  Priya Natarajan  0.983     2026-10-28\n"
        "Next: Call Priya Natarajan, Head of Data, directly — last real conversation 2026-10-28\n"
        "Evidence: Alex Morgan has had 74 conversations with Priya Natarajan, last 2026-10-28\n")


def test_title_alias_domain_exclude_and_team(on_full):
    cfo = paths(on_full, "contoso.example", "--title", "CFO|chief")
    assert {p["target"]["name"] for p in cfo} == {"Lee Park"}
    assert paths(on_full, "Contoso Limited") == paths(on_full, "contoso")
    without_sam = paths(on_full, "Contoso", "--exclude", "Sam Rivera")
    assert all("Sam Rivera" not in p["people"] for p in without_sam) and without_sam
    team = paths(on_full, "Contoso", "--team")
    # with --team a path starts at the last owner on it: Sam's own tie to Lee
    assert team[0]["people"] == ["Sam Rivera", "Lee Park"] and team[0]["strength"] == 0.9801
    assert all(p["people"][0] in ("Alex Morgan", "Sam Rivera") for p in team)
    assert all(n not in ("Alex Morgan", "Sam Rivera") for p in team for n in p["people"][1:])


def test_diversity_limits_and_all(on_full):
    default = paths(on_full, "Fabrikam", "-k", "10")
    everything = paths(on_full, "Fabrikam", "-k", "10", "--all")
    def count(ps, key):
        seen = {}
        for p in ps:
            seen[key(p)] = seen.get(key(p), 0) + 1
        return max(seen.values())
    assert count(default, lambda p: p["people"][-1]) <= 2
    assert count([p for p in default if len(p["people"]) > 2], lambda p: p["people"][1]) <= 2
    assert len(everything) >= len(default)
    # warm, then reconnect, then cold; each of the first two strongest first
    order = {"warm": 0, "reconnect": 1, "cold": 2}
    assert [order[p["status"]] for p in everything] == sorted(order[p["status"]] for p in everything)
    for status in ("warm", "reconnect"):
        strengths = [p["strength"] for p in everything if p["status"] == status]
        assert strengths == sorted(strengths, reverse=True)


def test_unknown_account_suggests_and_no_path_says_why(on_full, run, tmp_path):
    bad = on_full("path", "Contozo")
    assert (bad.exit_code, bad.output) == (
        1, "Error: no account or company called 'Contozo' in the store — did you mean 'Contoso'?\n")
    nobody = on_full("path", "Contoso", "--title", "astronaut")
    assert nobody.output.startswith("No path into Contoso: 11 people there, but none matches --title 'astronaut' "
                                    "(titles there: ")
    assert json.loads(on_full("path", "Contoso", "--title", "astronaut", "--json").output) == []
    # people there, but no route within the hops
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,company,channel,owner\n"
                                        "2026-01-01,Ann Lee,Northwind,call,Alex Morgan\n"))
    run("import", "knows", write(tmp_path / "k.csv", "person,knows,knows_company,knows_title\n"
                                 "Zed Far,Yan Away,Globex,CEO\n"))
    out = run("path", "Globex", "--as-of", AS_OF).output
    assert out == ("No path into Globex: 1 people there, but no route within 3 hops from Alex Morgan. Import a "
                   "teammate's network (refgraph import linkedin EXPORT --owner NAME) or a knows file (refgraph "
                   "import knows FILE).\n")


def test_job_change_moves_a_person_between_accounts(run, tmp_path):
    head = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    run("import", "linkedin", write(tmp_path / "Complete_LinkedInDataExport_01-01-2026.zip.d" / "Connections.csv",
        head + "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Contoso,CFO,1 Jan 2024\n"), "--owner", "Alex Morgan")
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel\n2026-10-01,Ann Lee,call\n"))
    assert [p["people"] for p in json.loads(run("path", "Contoso", "--as-of", AS_OF, "--json").output)] == [
        ["Alex Morgan", "Ann Lee"]]
    run("import", "linkedin", write(tmp_path / "Complete_LinkedInDataExport_06-01-2026.zip.d" / "Connections.csv",
        head + "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Fabrikam,COO,1 Jan 2024\n"), "--owner", "Alex Morgan")
    assert "Fabrikam" in run("path", "Fabrikam", "--as-of", AS_OF).output
    gone = run("path", "Contoso", "--as-of", AS_OF)
    assert gone.exit_code == 1 and "no account or company called 'Contoso'" in gone.output


def test_coverage_is_a_to_do_list(on_full):
    rows = json.loads(on_full("coverage", "--json").output)
    # the best path is path's first: a real conversation (Tom Becker, stale) beats a connection (Kevin
    # Moreau), and Alex needs no introduction to Lee Park, whom he has met; cold_direct counts the people
    # there Alex is connected with but never really talked to
    assert [(r["account"], r["people"], r["best_strength"], r["warm_paths"], r["cold_direct"], r["best_path"],
             r["risks"]) for r in rows] == [
        ("Acme Corp", 7, 0.0032, 0, 5, "Alex Morgan → Tom Becker", ["every path starts with a stale or cold tie"]),
        ("Contoso", 11, 0.2473, 0, 6, "Alex Morgan → Maria Ortiz", ["every path starts with a stale or cold tie"]),
        ("Fabrikam", 14, 0.9831, 2, 10, "Alex Morgan → Priya Natarajan", ["one warm way in: your own tie to Priya Natarajan"])]


def test_api_paths_and_graph_for_notebooks(full_store):
    with refgraph.open(full_store) as g:
        report = g.paths("Contoso", AS_OF, k=2)
        assert list(report.to_frame()["people"]) == ["Alex Morgan → Maria Ortiz", "Alex Morgan → Lee Park"]
        G = g.graph(AS_OF)
        names = {n: d["name"] for n, d in G.nodes(data=True)}
        ids = {v: k for k, v in names.items()}
        assert round(G[ids["Sam Rivera"]][ids["Lee Park"]]["strength"], 4) == 0.9801
        assert G.nodes[ids["Alex Morgan"]]["owner"] is True


@pytest.mark.parametrize("account, team", [("Contoso", False), ("Contoso", True), ("Fabrikam", False)])
def test_the_count_of_paths_is_the_number_a_full_listing_shows(on_full, account, team):
    """The title's count leaves out the introductions no path asks for (to someone the owner knows)."""
    args = [account, "--all", "-k", "500"] + (["--team"] if team else [])
    listed = len(paths(on_full, *args))
    title = on_full("path", *args).output.splitlines()[0]
    assert f"({listed} paths of ≤ 3 hops" in title
