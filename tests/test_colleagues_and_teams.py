"""Your own company is no referral target and no reconnect; team plans and team coverage; what a
plan says when the store has no conversation yet, or starts in the past."""
import json
import shutil
from collections import Counter
from datetime import timedelta

import pytest

import refgraph
from refgraph.cli import cli
from refgraph.reads import is_colleague, work_domains

from .conftest import AS_OF, SAMPLES, stderr_apart, write

FOOTER = "Left out: 4 colleagues at Northwind Analytics — show them with --colleagues"
COLLEAGUES_MET = ["Rosa Zimmerman", "Beatriz Underwood", "Carmen Jovanovic", "Eva Bauer"]


def cli_on(db, *args):
    return stderr_apart().invoke(cli, ["--db", str(db), *map(str, args)], catch_exceptions=False)


def test_colleague_is_the_same_current_company_or_a_work_address_with_no_company():
    owner = ("northwind analytics", {"northwind.example"})
    assert is_colleague("northwind analytics", [], *owner)
    assert is_colleague(None, ["northwind.example"], *owner)
    assert not is_colleague("contoso", ["northwind.example"], *owner)   # an old address: works elsewhere now
    assert not is_colleague(None, ["contoso.example"], *owner)
    assert not is_colleague(None, [], None, set())
    assert work_domains(["alex@Northwind.example", "alex.m@gmail.com", "not an address"]) == {"northwind.example"}


def test_the_owners_colleagues_come_from_their_position_and_their_work_address(full_store):
    with refgraph.open(full_store) as g:
        owner = g.owner_id(None)
        company, ids = g.reads.colleagues_of([owner])[owner]
        names = {g.store.person(i)["name"] for i in ids}
    assert company == "Northwind Analytics"
    assert {"Rosa Zimmerman", "Zara Zhang", "marcus.bell@northwind.example"} <= names   # company; address only
    assert not names & {"Alex Morgan", "Sam Rivera", "Maria Ortiz"}                       # owners, others


def test_the_colleagues_of_a_team_are_read_once_per_workplace(full_store, monkeypatch):
    """A team's owners mostly share a workplace: its people are read once for all of them, and each
    owner's answer is the one asked alone."""
    from refgraph.reads import StoreReads

    with refgraph.open(full_store) as g:
        owners = sorted(g.reads.owners())
        alone = {oid: g.reads.colleagues_of([oid])[oid] for oid in owners}
        read = Counter()
        workplace = StoreReads._workplace

        def counted(self, key, domains):
            read[key, frozenset(domains)] += 1
            return workplace(self, key, domains)

        monkeypatch.setattr(StoreReads, "_workplace", counted)
        together = g.reads.colleagues_of(owners)
    assert len(owners) == 2 and together == alone
    assert {company for company, _ in together.values()} == {"Northwind Analytics"}   # one workplace
    assert list(read.values()) == [1]


def test_reconnect_leaves_colleagues_out_and_counts_them(full_store):
    out = cli_on(full_store, "reconnect", "--as-of", AS_OF, "--limit", 10).stdout
    assert out.splitlines()[-1] == FOOTER
    plan = json.loads(cli_on(full_store, "reconnect", "--as-of", AS_OF, "--limit", 40, "--json").stdout)
    assert len(plan) == 40 and not [r for r in plan if r["company"] == "Northwind Analytics"]
    shown = cli_on(full_store, "reconnect", "--as-of", AS_OF, "--limit", 40, "--colleagues")
    assert "colleague" not in shown.stdout
    plan = json.loads(cli_on(full_store, "reconnect", "--as-of", AS_OF, "--limit", 40, "--colleagues", "--json").stdout)
    assert [r["name"] for r in plan if r["company"] == "Northwind Analytics"] == COLLEAGUES_MET


def test_paths_and_coverage_leave_colleagues_out_as_targets(full_store, tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(full_store, db)
    cli_on(db, "import", "accounts", write(tmp_path / "a.csv", "name,domain\nNorthwind Analytics,northwind.example\n"))
    out = cli_on(db, "path", "Northwind Analytics", "--as-of", AS_OF).stdout
    assert out == ("No path into Northwind Analytics: everyone there is a colleague at your own company.\n"
                   "Left out: 28 colleagues at Northwind Analytics — show them with --colleagues\n")
    shown = cli_on(db, "path", "Northwind Analytics", "--as-of", AS_OF, "--colleagues", "-k", 1).stdout
    assert "colleague" not in shown
    found = json.loads(cli_on(db, "path", "Northwind Analytics", "--as-of", AS_OF, "--colleagues", "--json").stdout)
    assert found and {p["target"]["company"] for p in found} == {"Northwind Analytics"}
    rows = {r["account"]: r for r in json.loads(cli_on(db, "coverage", "--as-of", AS_OF, "--json").stdout)}
    assert (rows["Northwind Analytics"]["best_path"], rows["Northwind Analytics"]["risks"][0]) == ("", "no path")
    rows = {r["account"]: r for r in json.loads(cli_on(db, "coverage", "--as-of", AS_OF, "--colleagues",
                                                       "--json").stdout)}
    assert rows["Northwind Analytics"]["best_path"].startswith("Alex Morgan → ")


def test_a_team_plan_gives_per_day_calls_to_each_owner(full_store):
    plan = json.loads(cli_on(full_store, "reconnect", "--team", "--per-day", 1, "--limit", 6, "--as-of", AS_OF,
                             "--json").stdout)
    assert [(r["date"], r["owner"], r["name"]) for r in plan] == [
        ("2026-11-16", "Alex Morgan", "Maria Ortiz"), ("2026-11-16", "Sam Rivera", "Naomi Adeyemi"),
        ("2026-11-17", "Alex Morgan", "Wendy Varga"), ("2026-11-17", "Sam Rivera", "Daniel Varga"),
        ("2026-11-18", "Alex Morgan", "Elena Petrov"), ("2026-11-19", "Alex Morgan", "Rahul Underwood")]
    assert max(Counter((r["date"], r["owner"]) for r in plan).values()) == 1
    title = cli_on(full_store, "reconnect", "--team", "--per-day", 1, "--limit", 6, "--as-of", AS_OF).stdout
    assert title.splitlines()[0] == ("Reconnect before you ask — 6 calls, 1 a day for each owner from 2026-11-16 "
                                     "(as of 2026-11-15)")


def test_team_coverage_never_names_a_target_as_its_own_single_connector(full_store):
    rows = {r["account"]: r["risks"] for r in json.loads(cli_on(full_store, "coverage", "--team", "--as-of", AS_OF,
                                                                   "--json").stdout)}
    assert rows["Contoso"] == ["single connector (Sam Rivera)"]      # was Lee Park, the target of Sam's path
    assert rows["Fabrikam"] == ["single connector (Alex Morgan)"]


def test_reconnect_says_what_is_missing_when_there_is_no_conversation(db):
    cli_on(db, "import", "linkedin", SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip")
    out = cli_on(db, "reconnect", "--as-of", AS_OF).stdout
    assert out == ("No one to reconnect with for Alex Morgan as of 2026-11-15: the store holds no real conversation "
                   "(call, meeting, video) yet — add them with refgraph import calendar FILE, refgraph import "
                   "interactions FILE (a call log or CRM export) or refgraph log PERSON --channel call\n")
    stale = cli_on(db, "people", "--stale", "--as-of", AS_OF).stdout
    assert stale == ("No ties gone quiet: the store holds no real conversation (call, meeting, video) yet — add them "
                     "with refgraph import calendar FILE, refgraph import interactions FILE (a call log or CRM export) "
                     "or refgraph log PERSON --channel call.\n")
    assert cli_on(db, "people", "--stale", "--owner", "Alex Morgan", "--as-of", AS_OF).stdout.startswith(
        "No ties gone quiet: Alex Morgan has no real conversation (call, meeting, video) yet — ")



def test_people_stale_on_a_store_with_no_owner_yet(db, tmp_path):
    cli_on(db, "import", "accounts", write(tmp_path / "a.csv", "name\nContoso\n"))
    assert cli_on(db, "people", "--stale").stdout.startswith("No ties gone quiet: the store holds no real conversation")


def test_a_teammate_with_no_conversation_is_named_under_the_team_plan(db, tmp_path):
    cli_on(db, "import", "interactions", write(tmp_path / "log.csv", "date,person,company,channel,owner\n"
                                                                     "2024-01-05,Lee Park,Contoso,call,Alex Morgan\n"
                                                                     "2024-01-05,Bo Ek,Contoso,email,Sam Rivera\n"))
    out = cli_on(db, "reconnect", "--team", "--as-of", AS_OF).stdout
    assert out.splitlines()[-1].startswith("Sam Rivera has no real conversation (call, meeting, video) yet — add them")


@pytest.mark.parametrize("days, warned", [(-20, True), (7, False)])
def test_a_start_in_the_past_is_warned_on_stderr(full_store, days, warned):
    start = AS_OF + timedelta(days=days)   # past or not as of --as-of, not of the clock
    result = cli_on(full_store, "reconnect", "--as-of", AS_OF, "--limit", 1, "--start", start)
    warning = (f"Warning: the plan starts on {start.isoformat()}, before {AS_OF} — its first calls are already overdue; "
               "give a later --start (default: the next weekday)\n")
    assert result.stderr == (warning if warned else "")
    assert result.exit_code == 0 and result.stdout.startswith("Reconnect before you ask")


def test_reconnect_since_leaves_colleagues_out_as_the_plan_does(db, tmp_path):
    log = write(tmp_path / "log.csv", "date,person,email,company,channel,owner\n"
                                      "2026-11-01,Sam Rivera,sam@northwind.example,Northwind,call,Alex Morgan\n"
                                      "2026-11-02,Kim Lo,kim@northwind.example,Northwind,call,Sam Rivera\n"
                                      "2026-11-03,Lee Park,lee@contoso.example,Contoso,call,Sam Rivera\n")
    assert cli_on(db, "import", "interactions", log).exit_code == 0

    def changed(*extra):
        out = cli_on(db, "reconnect", "--owner", "Sam Rivera", "--since", "2026-10-01", "--as-of", AS_OF, "--json",
                     *extra).stdout
        return [(r["change"], r["name"]) for r in json.loads(out)]

    assert changed() == [("new relationship", "Lee Park")]
    assert changed("--colleagues") == [("new relationship", "Lee Park"), ("new relationship", "Kim Lo")]
