"""The reciprocity ledger: `log --gave/--received`, the balance `why` shows, `people --owes`, and the
talking points of `reconnect`; an introduction made counts as help received from its connector."""
import json
from datetime import date

import pytest

import refgraph
from refgraph.errors import RefgraphError
from refgraph.reciprocity import balance, help_points, ledger_kind, owes
from refgraph.view import reciprocity_line

from .conftest import AS_OF, write
from .memory_reads import MemoryReads


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


LOG = ("date,person,company,title,channel,subject,owner\n"
       + "".join(f"{y}-03-0{i},Dana Lee,Globex,VP,call,Call {i},Alex Morgan\n"
                 for i, y in enumerate([2020, 2021, 2022, 2023, 2024], 1))    # deep, stale: a reconnect
       + "2026-10-01,Kim Park,Initech,CTO,call,Renewal,Alex Morgan\n"
       + "2026-10-02,Lee Chan,Umbrella,CFO,meeting,Lunch,Alex Morgan\n"
       + "2026-10-03,Bo Ek,Umbrella,Analyst,call,Hello,Sam Rivera\n")


@pytest.fixture
def store(run, tmp_path):
    run("import", "interactions", write(tmp_path / "log.csv", LOG))
    return run


def introduced(db, via: str, to: str, *steps):
    """Record an introduction's steps ``(status, day)`` through *via* to *to* for Alex Morgan."""
    with refgraph.open(db) as g:
        oid, v, t = g.owner_id("Alex Morgan"), g.person_id(via), g.person_id(to)
        for status, day in steps:
            g.store.add_intro_step(oid, v, t, status, date.fromisoformat(day))


def test_log_gave_and_received_say_what_they_recorded_and_once(store, db):
    assert store("log", "Dana Lee", "--gave", "Introduction", "--date", "2026-05-04", "--note", "to Lee").output == (
        "Logged for Alex Morgan: you gave Dana Lee an intro on 2026-05-04 (to Lee).\n")
    assert store("log", "Dana Lee", "--gave", "intro", "--date", "2026-05-04", "--note", "to Lee").output == (
        "Already logged for Alex Morgan: you gave Dana Lee an intro on 2026-05-04 (to Lee).\n")
    assert store("log", "Dana Lee", "--received", "Referral", "--date", "2026-06-01").output == (
        "Logged for Alex Morgan: Dana Lee gave you a referral on 2026-06-01.\n")
    assert store("log", "Bo Ek", "--received", "a  reference call", "--date", "2026-06-02",
                 "--owner", "Sam Rivera").output == (
        "Logged for Sam Rivera: Bo Ek gave you a reference call on 2026-06-02.\n")
    with refgraph.open(db) as g:
        assert [(e["direction"], e["kind"], e["day"], e["note"]) for e in g.store.ledger()] == [
            ("gave", "intro", "2026-05-04", "to Lee"), ("received", "referral", "2026-06-01", None),
            ("received", "a reference call", "2026-06-02", None)]


@pytest.mark.parametrize("args, error", [
    ((), "Error: give one of --channel CHANNEL, --gave KIND or --received KIND"),
    (("--gave", "intro", "--received", "help"),
     "Error: give one of --channel CHANNEL, --gave KIND or --received KIND, not --gave and --received"),
    (("--channel", "call", "--gave", "intro"),
     "Error: give one of --channel CHANNEL, --gave KIND or --received KIND, not --channel and --gave"),
    (("--gave", "  "), "Error: an empty kind — give intro, referral, recommendation, help or a few words, "
                       "e.g. --gave intro"),
    (("--received", "x" * 61), "Error: a kind of 61 characters — keep it to 60 (intro, referral, recommendation, "
                               "help or a few words) and put the rest in --note"),
])
def test_log_takes_exactly_one_of_channel_gave_received(store, args, error):
    result = store("log", "Dana Lee", *args)
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1] == error


def test_log_ledger_refuses_the_owner_and_suggests_a_near_name(store):
    assert store("log", "Alex Morgan", "--gave", "help").output == (
        "Error: 'Alex Morgan' is the owner — log what you gave or received from someone else\n")
    assert store("log", "Dana Le", "--gave", "help").output.startswith(
        "Error: no person called 'Dana Le' in the store — did you mean 'Dana Lee'")


def test_ledger_kind_keeps_the_known_kinds_and_free_text():
    assert [ledger_kind(k) for k in ("HELP", "recommendations", "intros", "coffee  chat")] == [
        "help", "recommendation", "intro", "coffee chat"]
    with pytest.raises(RefgraphError):
        ledger_kind("")


def _reads(ledger=(), intros=()):
    people = {1: {"id": 1, "name": "Alex Morgan", "name_key": "alex morgan", "company": "Northwind"},
              2: {"id": 2, "name": "Sam Rivera", "name_key": "sam rivera", "company": "Contoso"},
              3: {"id": 3, "name": "Lee Park", "name_key": "lee park", "company": None},
              4: {"id": 4, "name": "Bo Ek", "name_key": "bo ek", "company": "Initech"}}
    return MemoryReads({1: "Alex Morgan"}, {}, people=people, ledger=list(ledger), intros=list(intros))


def _ledger(n, person, direction, kind, day, note=None):
    return {"id": n, "owner_id": 1, "person_id": person, "direction": direction, "kind": kind, "day": day,
            "note": note}


def _intro(n, via, to, *steps):
    history = [{"status": s, "day": d, "note": None} for s, d in steps]
    return {"id": n, "owner_id": 1, "via_id": via, "to_id": to, "history": history, **history[-1]}


def test_balance_counts_the_ledger_and_introductions_made_up_to_as_of():
    reads = _reads(
        ledger=[_ledger(1, 2, "gave", "intro", "2026-05-04", "to Lee"),
                _ledger(2, 2, "received", "referral", "2026-06-01"),
                _ledger(3, 2, "received", "intro", "2026-09-01"),           # logged by hand: counted once
                _ledger(4, 2, "received", "help", "2026-12-01")],           # after as_of
        intros=[_intro(1, 2, 3, ("asked", "2026-11-01"), ("introduced", "2026-11-10"), ("met", "2026-11-12")),
                _intro(2, 2, 4, ("introduced", "2026-09-01")),                # the same as the hand-logged one
                _intro(3, 4, 3, ("asked", "2026-11-01")),                     # not made: nothing
                _intro(4, 2, 1, ("introduced", "2026-11-20"))])               # after as_of
    assert balance(reads, 1, 2, date(2026, 11, 15)) == {
        "given": [{"kind": "intro", "date": "2026-05-04", "note": "to Lee"}],
        "received": [{"kind": "referral", "date": "2026-06-01", "note": None},
                     {"kind": "intro", "date": "2026-09-01", "note": None},
                     {"kind": "intro", "date": "2026-11-10", "note": "to Lee Park"}]}
    assert balance(reads, 1, 4, date(2026, 11, 15)) == {"given": [], "received": []}
    assert help_points(balance(reads, 1, 2, date(2026, 11, 15))) == [
        "you gave: intro to Lee (2026-05)", "they helped you: intro to Lee Park (2026-11)"]


def test_owes_lists_who_helped_more_the_latest_help_first():
    reads = _reads(
        ledger=[_ledger(1, 2, "received", "referral", "2026-06-01"),
                _ledger(2, 4, "received", "help", "2026-03-01"),
                _ledger(3, 4, "gave", "help", "2026-04-01"),                  # even: not owed
                _ledger(4, 3, "received", "help", "2026-02-01")],
        intros=[_intro(1, 4, 3, ("introduced", "2026-10-01"))])
    assert owes(reads, 1, date(2026, 11, 15)) == [
        {"name": "Bo Ek", "company": "Initech", "received": 2, "given": 1, "last_received": "2026-10-01"},
        {"name": "Sam Rivera", "company": "Contoso", "received": 1, "given": 0, "last_received": "2026-06-01"},
        {"name": "Lee Park", "company": "", "received": 1, "given": 0, "last_received": "2026-02-01"}]
    assert owes(reads, 1, date(2026, 9, 1), members={2, 4}) == [
        {"name": "Sam Rivera", "company": "Contoso", "received": 1, "given": 0, "last_received": "2026-06-01"}]


def test_the_reciprocity_line_names_the_latest_three_of_each_side():
    received = [{"kind": k, "date": f"2026-0{i}-01", "note": None} for i, k in enumerate(
        ["help", "referral", "intro", "recommendation"], 1)]
    assert reciprocity_line({"given": [], "received": received}) == (
        "Reciprocity: you gave nothing, received 4 (…; referral 2026-02-01; intro 2026-03-01; "
        "recommendation 2026-04-01)")
    assert reciprocity_line({"given": [], "received": []}) == ""


def test_why_shows_the_balance_of_each_relationship(store, db):
    store("log", "Dana Lee", "--gave", "intro", "--date", "2026-05-04", "--note", "to Lee")
    store("log", "Dana Lee", "--received", "referral", "--date", "2026-06-01")
    introduced(db, "Dana Lee", "Kim Park", ("asked", "2026-11-01"), ("introduced", "2026-11-10"))
    lines = store("why", "Dana Lee", "--as-of", AS_OF).output.splitlines()
    total = next(i for i, line in enumerate(lines) if line.startswith("total "))
    assert lines[total + 1].startswith("Fair shares:")   # the rule of the table above, then the balance
    assert lines[total + 2] == (
        "Reciprocity: you gave 1 (intro 2026-05-04), received 2 (referral 2026-06-01; intro 2026-11-10)")
    (rel,) = json.loads(store("why", "Dana Lee", "--as-of", AS_OF, "--json").output)["relationships"]
    assert rel["reciprocity"] == {
        "given": [{"kind": "intro", "date": "2026-05-04", "note": "to Lee"}],
        "received": [{"kind": "referral", "date": "2026-06-01", "note": None},
                     {"kind": "intro", "date": "2026-11-10", "note": "to Kim Park"}]}
    earlier = json.loads(store("why", "Dana Lee", "--as-of", "2026-05-01", "--json").output)["relationships"]
    assert earlier[0]["reciprocity"] == {"given": [], "received": []}
    assert not any(line.startswith("Reciprocity") for line in store("why", "Kim Park", "--as-of", AS_OF).output
                   .splitlines())


def test_people_owes(store, db):
    assert store("people", "--owes", "--as-of", AS_OF).output == (
        "Nobody has helped you more often than you have helped them.\n")
    store("log", "Dana Lee", "--gave", "intro", "--date", "2026-05-04")
    store("log", "Dana Lee", "--received", "referral", "--date", "2026-06-01")
    store("log", "Lee Chan", "--received", "help", "--date", "2026-07-01")
    store("log", "Bo Ek", "--received", "help", "--date", "2026-08-01", "--owner", "Sam Rivera")
    introduced(db, "Dana Lee", "Kim Park", ("introduced", "2026-11-10"))
    assert store("people", "--owes", "--as-of", AS_OF).output == (
        "name      company   received  given  last_received\n"
        "--------  --------  --------  -----  -------------\n"
        "Dana Lee  Globex    2         1      2026-11-10\n"
        "Lee Chan  Umbrella  1         0      2026-07-01\n")
    assert json.loads(store("people", "--owes", "--as-of", "2026-11-01", "--json").output) == [
        {"name": "Lee Chan", "company": "Umbrella", "received": 1, "given": 0, "last_received": "2026-07-01"}]
    assert store("people", "--owes", "--owner", "Sam Rivera", "--as-of", AS_OF, "--csv").output == (
        "name,company,received,given,last_received\nBo Ek,Umbrella,1,0,2026-08-01\n")
    assert store("people", "--owes", "--account", "Umbrella", "--limit", 1, "--as-of", AS_OF, "--json").output == (
        json.dumps([{"name": "Lee Chan", "company": "Umbrella", "received": 1, "given": 0,
                     "last_received": "2026-07-01"}], indent=2) + "\n")
    result = store("people", "--owes", "--stale")
    assert result.exit_code == 2 and result.output.splitlines()[-1] == "Error: use --owes without --stale"


def test_reconnect_names_what_you_gave_and_received(store, db):
    store("log", "Dana Lee", "--gave", "intro", "--date", "2026-05-04", "--note", "to Lee")
    store("log", "Dana Lee", "--received", "referral", "--date", "2026-06-01")
    (call,) = json.loads(store("reconnect", "--as-of", AS_OF, "--json").output)
    assert call["reason"] == ("5 conversations since 2020; last 2024-03-05 (Call 5). Talking points: "
                              "you gave: intro to Lee (2026-05); they helped you: referral (2026-06)")


def test_a_linkedin_recommendation_counts_as_help_and_is_not_said_twice(full_store, tmp_path):
    """The export's recommendations are help given or received (note "on LinkedIn"), in why, people
    --owes and the ask; reconnect's talking points say them once ("they recommended you")."""
    import shutil

    from click.testing import CliRunner

    from refgraph.cli import cli

    db = tmp_path / "s.db"
    shutil.copy(full_store, db)

    def run_(*args):
        return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)], catch_exceptions=False).output

    (rel,) = json.loads(run_("why", "Maria Ortiz", "--as-of", AS_OF, "--json"))["relationships"]
    assert rel["reciprocity"] == {"given": [], "received": [
        {"kind": "recommendation", "date": "2021-08-30", "note": "on LinkedIn"}]}
    owes = json.loads(run_("people", "--owes", "--as-of", AS_OF, "--json"))
    assert {"name": "Maria Ortiz", "company": "Contoso Ltd.", "received": 1, "given": 0,
            "last_received": "2021-08-30"} in owes
    plan = json.loads(run_("reconnect", "--as-of", AS_OF, "--json"))
    maria = next(r for r in plan if r["name"] == "Maria Ortiz")
    assert "they recommended you (2021)" in maria["reason"] and "they helped you" not in maria["reason"]
