"""Job moves between imports: `refgraph changes`, the promotion kept as history, the mover who ranks
first in `reconnect --account`, and coverage's "your only connector left"."""
import json
from datetime import date

import pytest

import refgraph
from refgraph.changes import moves
from refgraph.strength import DEFAULTS

from .conftest import sqlite_file, write
from .memory_reads import MemoryReads


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


AS_OF = "2026-11-15"
PROFILE = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,"
           "Twitter Handles,Websites,Instant Messengers\nAlex,Morgan,,,,AE,,,,,,,\n")
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PEOPLE = {   # name: (profile, connected on)
    "Ann,Lee": ("ann-lee", "1 Feb 2020"), "Bo,Chen": ("bo-chen", "1 Mar 2019"), "Cy,Diaz": ("cy-diaz", "1 Apr 2021"),
    "Di,Evans": ("di-evans", "1 May 2021"), "Eve,Fox": ("eve-fox", "1 Jun 2018")}
# each export's jobs: May (the first), August (Di moves), November (Ann and Bo move, Cy is promoted)
JOBS = {
    "05-01-2026": {"Ann,Lee": "Contoso,CFO", "Bo,Chen": "Fabrikam,Sales Manager",
                   "Cy,Diaz": 'Contoso,"Director, Finance"', "Di,Evans": "Litware,Engineer",
                   "Eve,Fox": "Contoso,Account Manager"},
    "08-01-2026": {"Di,Evans": "Contoso,Head of Engineering"},
    "11-01-2026": {"Ann,Lee": "Fabrikam,COO", "Bo,Chen": "Contoso,VP Sales", "Cy,Diaz": 'Contoso,"VP, Finance"'},
}
CALLS = ("date,person,channel,linkedin_url,owner\n" + "".join(
    f"{day},{name},{channel},https://www.linkedin.com/in/{slug},Alex Morgan\n" for day, name, slug, channel in [
        ("2026-10-20", "Ann Lee", "ann-lee", "call"), ("2026-11-05", "Ann Lee", "ann-lee", "call"),
        ("2026-11-10", "Ann Lee", "ann-lee", "meeting"),
        ("2023-02-01", "Bo Chen", "bo-chen", "call"), ("2023-03-01", "Bo Chen", "bo-chen", "call"),
        ("2023-04-01", "Bo Chen", "bo-chen", "meeting"),
        *((f"2022-0{m}-15", "Eve Fox", "eve-fox", "call") for m in range(1, 9))]))


def export(folder, day: str):
    """A LinkedIn export of *day* (its folder named as LinkedIn names it): everyone, at their job then."""
    jobs = {}
    for seen in list(JOBS)[:list(JOBS).index(day) + 1]:   # (oldest first)
        jobs.update(JOBS[seen])
    path = folder / f"Basic_LinkedInDataExport_{day}"
    write(path / "Profile.csv", PROFILE)
    write(path / "Connections.csv", HEADER + "".join(
        f"{name},https://www.linkedin.com/in/{slug},,{jobs[name]},{since}\n" for name, (slug, since) in PEOPLE.items()))
    return path


@pytest.fixture
def moved(db, tmp_path):
    """Three exports imported oldest first, the accounts, and calls: Ann (warm) left Contoso for Fabrikam,
    Bo (stale, three conversations) joined Contoso, Cy was promoted there, Di joined it in August;
    Eve (stale, eight conversations) has been at Contoso all along."""
    with refgraph.open(db) as g:
        for day in JOBS:
            g.import_linkedin(export(tmp_path, day))
        g.import_accounts(write(tmp_path / "accounts.csv", "name,domain\nContoso,contoso.example\n"
                                                           "Fabrikam,fabrikam.example\n"))
        g.import_interactions(write(tmp_path / "calls.csv", CALLS))
    return db


def test_a_promotion_is_kept_as_history_and_a_reimport_changes_nothing(run, moved, tmp_path, db):
    sqlite_file(db)   # compares the file's bytes
    with refgraph.open(moved) as g:
        assert g.why("Cy Diaz", date(2026, 11, 15)).data["employment"] == [
            {"company": "Contoso", "title": "VP, Finance", "from": "2026-11-01", "to": None},
            {"company": "Contoso", "title": "Director, Finance", "from": None, "to": "2026-11-01"}]
    before = moved.read_bytes()
    again = run("import", "linkedin", tmp_path / "Basic_LinkedInDataExport_11-01-2026")
    assert " 0 new;" in again.output
    assert moved.read_bytes() == before


def test_changes_lists_who_joined_left_or_was_promoted_newest_first(run, moved):
    evidence = "LinkedIn export of 2026-{} (Basic_LinkedInDataExport_{}-2026)".format
    nov, aug = evidence("11-01", "11-01"), evidence("08-01", "08-01")
    assert run("changes", "--as-of", AS_OF, "--since", "2026-07-01").output == (
        "date        name      change    account   from                          to                              "
        "strength  evidence\n"
        "----------  --------  --------  --------  ----------------------------  ------------------------------  "
        "--------  -------------------------------------------------------------------\n"
        f"2026-11-01  Ann Lee   left      Contoso   CFO at Contoso                COO at Fabrikam                 "
        f"0.722     {nov}\n"
        f"2026-11-01  Ann Lee   joined    Fabrikam  CFO at Contoso                COO at Fabrikam                 "
        f"0.722     {nov}\n"
        f"2026-11-01  Bo Chen   joined    Contoso   Sales Manager at Fabrikam     VP Sales at Contoso             "
        f"0.012     {nov}\n"
        f"2026-11-01  Bo Chen   left      Fabrikam  Sales Manager at Fabrikam     VP Sales at Contoso             "
        f"0.012     {nov}\n"
        f"2026-11-01  Cy Diaz   promoted  Contoso   Director, Finance at Contoso  VP, Finance at Contoso          "
        f"0.000     {nov}\n"
        f"2026-08-01  Di Evans  joined    Contoso   Engineer at Litware           Head of Engineering at Contoso  "
        f"0.000     {aug}\n")
    # by default the 90 days up to --as-of (from 2026-08-17: Di's move in August is older); one account
    found = json.loads(run("changes", "--as-of", AS_OF, "--account", "contoso.example", "--json").output)
    assert [(r["name"], r["change"]) for r in found] == [("Ann Lee", "left"), ("Bo Chen", "joined"),
                                                         ("Cy Diaz", "promoted")]
    assert found[1] == {"date": "2026-11-01", "name": "Bo Chen", "change": "joined", "account": "Contoso",
                        "from": "Sales Manager at Fabrikam", "to": "VP Sales at Contoso", "strength": 0.0118,
                        "owner": "Alex Morgan", "evidence": nov}
    assert run("changes", "--as-of", AS_OF, "--account", "Fabrikam", "--csv").output == (
        "date,name,change,account,from,to,strength,evidence\n"
        f"2026-11-01,Ann Lee,joined,Fabrikam,CFO at Contoso,COO at Fabrikam,0.7223,{nov}\n"
        f"2026-11-01,Bo Chen,left,Fabrikam,Sales Manager at Fabrikam,VP Sales at Contoso,0.0118,{nov}\n")
    assert run("changes", "--as-of", AS_OF, "--since", "2026-11-02").output == (
        "No one joined, left or was promoted at the target accounts from 2026-11-02 to 2026-11-15 (moves show "
        "when a newer LinkedIn export is imported).\n")


def test_changes_refuses_what_it_cannot_answer(run, moved, tmp_path):
    late = run("changes", "--as-of", AS_OF, "--since", "2026-11-16")
    assert (late.exit_code, late.output) == (1, "Error: --since 2026-11-16 is after 2026-11-15, the date the store is "
                                                "read as of — give an earlier --since (or a later --as-of)\n")
    typo = run("changes", "--as-of", AS_OF, "--account", "Contosa")
    assert (typo.exit_code, typo.output) == (1, "Error: no account or company called 'Contosa' in the store — "
                                                "did you mean 'Contoso'?\n")
    bare = tmp_path / "bare.db"
    with refgraph.open(bare) as g:
        g.import_linkedin(tmp_path / "Basic_LinkedInDataExport_05-01-2026")
    with pytest.raises(refgraph.RefgraphError, match=r"^no accounts yet — import your target accounts: refgraph "
                                                     r"import accounts FILE \(columns name, domain, aliases\), or "
                                                     r"name a company with --account NAME$"), \
            refgraph.open(bare) as g:
        g.changes(date(2026, 11, 15))


def test_a_past_tie_who_joined_the_account_is_the_first_call(run, moved):
    def plan(*args):
        rows = json.loads(run("reconnect", "--as-of", AS_OF, *args, "--json").output)
        return [(r["name"], r["reason"]) for r in rows]

    eve = ("Eve Fox", "8 conversations since 2022; last 2022-08-15. On your best path into Contoso (0.97 once you "
                      "reconnect)")
    bo = ("Bo Chen", "3 conversations since 2023; last 2023-04-01. Joined Contoso as VP Sales (LinkedIn export of "
                     "2026-11-01). On your path into Contoso (0.73 once you reconnect). Talking points: new job since "
                     "you spoke: VP Sales at Contoso (2026-11-01)")
    assert plan("--account", "Contoso") == [bo, eve]   # Eve's tie is deeper; Bo is new there
    assert plan() == [eve, bo]                         # over every account, the deeper tie first


def test_coverage_warns_when_the_only_warm_connector_left(run, moved):
    def risks():
        return {r["account"]: r["risks"] for r in json.loads(run("coverage", "--as-of", AS_OF, "--json").output)}

    assert risks()["Contoso"] == ["your only connector left (Ann Lee, now at Fabrikam)",
                                  "every path starts with a stale or cold tie"]
    run("log", "Eve Fox", "--channel", "call", "--date", "2026-11-12")   # a warm way in again
    assert risks()["Contoso"] == ["one warm way in: your own tie to Eve Fox"]


def test_moves_read_from_the_job_history():
    """A demotion is no promotion, a job closed by a merge beside the same company's is no departure,
    a company dropped is one, and the owners' own positions are left out."""
    def job(company, title, start=None, end=None):
        return {"company": company, "title": title, "start": start, "end": end, "source": "x/Connections.csv"}

    people = {1: {"name": "Olivia Owner", "company": "Contoso", "title": "AE"},
              2: {"name": "Demi Down", "company": "Contoso", "title": "Manager"},
              3: {"name": "Mo Merged", "company": "Contoso", "title": "CFO"},
              4: {"name": "Gus Gone", "company": None, "title": None},
              5: {"name": "Pat Up", "company": "Contoso Ltd.", "title": "Chief Revenue Officer"}}
    jobs = {1: [job("Fabrikam", "AE", "2020-01-01", "2026-10-01"), job("Contoso", "AE", "2026-10-01")],
            2: [job("Contoso", "Director", None, "2026-10-01"), job("Contoso", "Manager", "2026-10-01")],
            3: [job("Contoso", "CFO"), job("Contoso", "CFO", None, "2026-10-01")],
            4: [job("Contoso", "Head of IT", None, "2026-10-01")],
            5: [job("Contoso", "VP Sales", None, "2026-10-01"),
                job("Contoso Ltd.", "Chief Revenue Officer", "2026-10-01")]}
    reads = MemoryReads({1: "Olivia Owner"}, {}, people=people, jobs=jobs, accounts={"Contoso": [2, 3], "Fabrikam": []})
    accounts = reads.all_accounts()   # ("Contoso Ltd." is Contoso)
    found = moves(reads, DEFAULTS, accounts, since=date(2026, 9, 1), as_of=date(2026, 11, 15))
    assert [(m["name"], m["change"], m["account"], m["evidence"]) for m in found] == [
        ("Gus Gone", "left", "Contoso", "LinkedIn export of 2026-10-01"),
        ("Pat Up", "promoted", "Contoso", "LinkedIn export of 2026-10-01 (Connections.csv)")]
    assert moves(reads, DEFAULTS, accounts, since=date(2026, 10, 2), as_of=date(2026, 11, 15)) == []
