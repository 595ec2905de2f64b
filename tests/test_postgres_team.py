"""A team on one PostgreSQL server: each owner connects as a database role of their own
(``refgraph team add-owner NAME --role ROLE``). Every role reads every relationship's strength,
counts and dates; only the owner reads their own subjects, introduction notes and ledger, and
writes their own records. Two roles connect here and prove it."""
from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from datetime import date

import pytest

import refgraph
from refgraph.errors import RefgraphError

from .conftest import SAMPLES, write
from .postgres import connect
from .test_postgres_store import AS_OF, DEMO_INTROS, import_samples, invoke

pytest.importorskip("psycopg")

GOLDEN_AS_OF = "2026-11-15"


def as_role(url: str, role: str) -> str:
    """The same database's URL, connecting as *role* (the test server trusts its socket)."""
    return url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


@pytest.fixture
def team(pg_database):
    """The demo's store on the server, Sam Rivera and Alex Morgan each with a role of their own."""
    suffix = uuid.uuid4().hex[:8]
    roles = {"sam": f"sam_{suffix}", "alex": f"alex_{suffix}"}
    with refgraph.open(pg_database) as g:
        list(import_samples(g, SAMPLES, AS_OF))
        for via, to, status, day in DEMO_INTROS:
            g.intro_log(via, to, status, day, note=f"note of {via}")
        g.log_ledger("Priya Natarajan", "gave", "intro", date(2026, 11, 1), note="Alex's secret", owner="Alex Morgan")
        g.log_ledger("Lee Park", "received", "help", date(2026, 11, 2), note="Sam's secret", owner="Sam Rivera")
    code, out, err = invoke(pg_database, "team", "add-owner", "Sam Rivera", "--role", roles["sam"])
    assert code == 0, err
    assert out.startswith(f"Created role {roles['sam']} (LOGIN).\nSam Rivera connects as role {roles['sam']}: ")
    assert out.endswith(f"the URL: refgraph --db postgresql://{roles['sam']}@HOST:PORT/DB …\n")
    assert invoke(pg_database, "team", "add-owner", "Alex Morgan", "--role", roles["alex"])[0] == 0
    yield pg_database, {who: as_role(pg_database, role) for who, role in roles.items()}, roles
    with connect(pg_database, autocommit=True) as c:
        for role in roles.values():
            c.execute(f"DROP OWNED BY {role}")
            c.execute(f"DROP ROLE {role}")


def test_every_role_reads_every_strength(team):
    admin, urls, _ = team
    people = {who: json.loads(invoke(url, "people", "--as-of", GOLDEN_AS_OF, "--json")[1])
              for who, url in {"admin": admin, **urls}.items()}
    assert len(people["admin"]) > 20
    assert people["sam"] == people["alex"] == people["admin"]


def test_a_role_reads_only_its_own_subjects(team):
    admin, urls, _ = team

    def subjects(url):
        with refgraph.open(url) as g:
            events = g.store.events(g.person_id("Lee Park"))
        owners = {r["id"]: r["name"] for r in refgraph.open(admin).store.owners()}
        return len(events), {owners[e["owner_id"]] for e in events if e["subject"] is not None}

    assert subjects(admin)[1] == {"Alex Morgan", "Sam Rivera"}   # Lee Park's events hold subjects of both
    assert subjects(urls["sam"]) == (subjects(admin)[0], {"Sam Rivera"})   # every event; its own subjects
    assert subjects(urls["alex"]) == (subjects(admin)[0], {"Alex Morgan"})


def test_the_private_columns_are_closed_to_a_role(team):
    _, urls, _ = team
    with connect(urls["sam"]) as c:
        assert c.execute("SELECT count(*) FROM interactions").fetchone()[0] > 100   # the rows are shared
        for column, table in (("subject", "interactions"), ("subject", "connections"), ("note", "intro_steps")):
            with pytest.raises(Exception, match="permission denied"):
                c.execute(f"SELECT {column} FROM {table}")
            c.rollback()


def test_the_ledger_and_intro_notes_are_the_owners_alone(team):
    _, urls, _ = team
    with refgraph.open(urls["sam"]) as g:
        assert [e["note"] for e in g.store.ledger()] == ["Sam's secret"]
        seen_by_sam = g.store.intros()
    with refgraph.open(urls["alex"]) as g:
        assert [e["note"] for e in g.store.ledger()] == ["Alex's secret"]
        seen_by_alex = g.store.intros()
    # every introduction (Alex Morgan's) and its steps are the team's; their notes are Alex Morgan's
    def steps(intros):
        return [(i["id"], h["status"], h["day"]) for i in intros for h in i["history"]]

    assert len(steps(seen_by_alex)) == 3 and steps(seen_by_sam) == steps(seen_by_alex)
    assert {h["note"] for i in seen_by_alex for h in i["history"]} == {"note of Sam Rivera", "note of Priya Natarajan"}
    assert {h["note"] for i in seen_by_sam for h in i["history"]} == {None}


def test_every_role_records_what_its_owner_gave_and_received(team):
    # each role sees only its own owner's entries: the next id is not one it can count
    admin, urls, _ = team
    for who, person in (("alex", "Lee Park"), ("sam", "Priya Natarajan"), ("alex", "Priya Natarajan")):
        code, out, err = invoke(urls[who], "log", person, "--received", "referral", "--date", "2026-11-20")
        assert (code, err) == (0, ""), err
    with refgraph.open(admin) as g:
        entries = g.store.ledger()
        owners = {r["id"]: r["name"] for r in g.store.owners()}
        assert len({e["id"] for e in entries}) == len(entries) == 5
        assert sorted((owners[e["owner_id"]], e["kind"]) for e in entries) == [
            ("Alex Morgan", "intro"), ("Alex Morgan", "referral"), ("Alex Morgan", "referral"),
            ("Sam Rivera", "help"), ("Sam Rivera", "referral")]


def test_a_teammate_reads_which_way_a_recommendation_went(team):
    # the export's recommendations say given or received in their key, which every role reads (their
    # subject is the owner's alone): Alex Morgan recommended Jiwoo Hwang, whoever asks
    admin, urls, _ = team
    said = {}
    for who, url in {"admin": admin, **urls}.items():
        code, out, err = invoke(url, "why", "Jiwoo Hwang", "--owner", "Alex Morgan", "--as-of", GOLDEN_AS_OF)
        assert code == 0, err
        code, plan, err = invoke(url, "reconnect", "--owner", "Alex Morgan", "--as-of", GOLDEN_AS_OF, "--json")
        assert code == 0, err
        reason = next(r["reason"] for r in json.loads(plan) if r["name"] == "Jiwoo Hwang")
        said[who] = ([line for line in out.splitlines() if line.startswith("Reciprocity:")],
                     reason[reason.index("Talking points"):])
    assert said["sam"] == said["alex"] == said["admin"] == (
        ["Reciprocity: you gave 1 (recommendation 2024-04-15), received nothing"],
        "Talking points: you recommended them (2024)")


@contextmanager
def a_role_of_no_team(url: str, prefix: str):
    """A login role made on the server for the test (and dropped after), not added to any team."""
    role = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with connect(url, autocommit=True) as c:
        c.execute(f"CREATE ROLE {role} LOGIN")
    try:
        yield role
    finally:
        with connect(url, autocommit=True) as c:
            c.execute(f"DROP ROLE {role}")


def test_a_role_not_on_the_team_is_told_whom_to_ask(team):
    admin, _, _ = team
    with a_role_of_no_team(admin, "carol") as role:
        code, out, err = invoke(as_role(admin, role), "people")
        assert code == 1
        assert err.strip().endswith(f": role {role} is not on this team yet — ask whoever runs the database to "
                                    f"add you (refgraph team add-owner 'YOUR NAME' --role {role}, as the "
                                    "database's owner role)")


def test_a_role_is_its_own_default_owner_and_writes_its_own_records(team, tmp_path):
    admin, urls, _ = team
    code, out, err = invoke(urls["sam"], "owners", "--json")
    assert [o["name"] for o in json.loads(out) if o["default"]] == ["Sam Rivera"]
    code, out, err = invoke(urls["sam"], "log", "Lee Park", "--channel", "call", "--date", "2026-11-20",
                            "--note", "renewal")
    assert code == 0, err
    assert "Sam Rivera" in out
    with refgraph.open(admin) as g:
        assert [(e["owner_id"], e["subject"]) for e in g.store.events(g.person_id("Lee Park"))
                if e["day"] == "2026-11-20"] == [(g.owner_id("Sam Rivera"), "renewal")]


def test_a_role_imports_a_big_file_of_its_own(team, tmp_path):
    """Row-level security applies to a role: its many rows go through a staging table (COPY cannot
    write into such a table), and land."""
    admin, urls, _ = team
    rows = "".join(f"2026-{1 + i % 11:02d}-{1 + i % 28:02d},Person {i % 700},call,Company {i % 9}\n"
                   for i in range(2000))
    log = write(tmp_path / "sam.csv", "date,person,channel,company\n" + rows)
    def count():
        with refgraph.open(admin) as g:
            return g.store.query("SELECT count(*) AS n FROM interactions WHERE owner_id = ?",
                                 (g.owner_id("Sam Rivera"),))[0]["n"]

    before = count()
    code, out, err = invoke(urls["sam"], "import", "interactions", str(log), "--owner", "Sam Rivera")
    assert code == 0, err
    assert count() == before + 2000


def test_a_role_may_not_write_another_owners_records(team, tmp_path):
    admin, urls, _ = team
    log = write(tmp_path / "log.csv", "date,person,channel,owner\n2026-11-20,Lee Park,call,Sam Rivera\n"
                                      "2026-11-20,Lee Park,call,Alex Morgan\n")
    with connect(admin) as c:
        before = c.execute("SELECT count(*) FROM interactions").fetchone()[0]
    code, out, err = invoke(urls["sam"], "import", "interactions", str(log))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "refused by the team's server (new row violates row-level security policy" in err
    assert err.rstrip().endswith("the database's owner role imports files of the whole team")
    with connect(admin) as c:
        assert c.execute("SELECT count(*) FROM interactions").fetchone()[0] == before   # nothing kept


def test_merging_is_the_owner_roles(team):
    _, urls, _ = team
    code, out, err = invoke(urls["sam"], "merge", "Lee Park", "Dana Whitfield")
    assert code == 1 and "merging people changes every teammate's records — run it as the database's owner role" in err


def test_a_teammate_added_by_a_name_close_to_an_owners_is_a_typo_unless_new(team):
    admin, _, _ = team
    role = f"alex2_{uuid.uuid4().hex[:8]}"
    code, out, err = invoke(admin, "team", "add-owner", "Alex Morgen", "--role", role)
    assert code == 1 and err.endswith(": no one called 'Alex Morgen' in the store — did you mean 'Alex Morgan'? "
                                      "(if they are a new teammate, add --new)\n"), err
    assert "Alex Morgen" not in invoke(admin, "owners")[1]
    try:
        code, out, err = invoke(admin, "team", "add-owner", "Alex Morgen", "--role", role, "--new")
        assert code == 0, err
        assert "Alex Morgen" in invoke(admin, "owners")[1]
    finally:
        with connect(admin, autocommit=True) as c:
            c.execute(f"DROP OWNED BY {role}")
            c.execute(f"DROP ROLE {role}")


def test_the_teams_default_owner_is_the_owner_roles(team):
    admin, urls, _ = team
    code, out, err = invoke(urls["sam"], "owners", "--default", "Sam Rivera")
    assert code == 1 and err.endswith(": the team's default owner is set by the database's owner role — a "
                                      "teammate's own commands default to their own owner already\n"), err
    code, out, err = invoke(admin, "owners", "--json")
    assert [o["name"] for o in json.loads(out) if o["default"]] == ["Alex Morgan"]


def test_adding_the_same_owner_again_changes_nothing_and_a_role_is_one_owners(team):
    admin, urls, roles = team
    code, out, err = invoke(admin, "team", "add-owner", "Sam Rivera", "--role", roles["sam"])
    assert code == 0 and out.startswith(f"Sam Rivera connects as role {roles['sam']}: ")   # no role made
    code, out, err = invoke(admin, "team", "add-owner", "Alex Morgan", "--role", roles["sam"])
    assert code == 1 and f"role {roles['sam']} already connects as Sam Rivera" in err
    code, out, err = invoke(admin, "team", "list", "--json")
    assert json.loads(out) == sorted([{"owner": "Alex Morgan", "role": roles["alex"]},
                                      {"owner": "Sam Rivera", "role": roles["sam"]}], key=lambda r: r["owner"])
    code, out, err = invoke(urls["sam"], "team", "add-owner", "Lee Park", "--role", "lee_x")
    assert code == 1 and "only the database's owner role adds teammates" in err


def test_a_bad_role_name_and_a_sqlite_store_are_one_line(team, tmp_path):
    admin, _, _ = team
    code, out, err = invoke(admin, "team", "add-owner", "Lee Park", "--role", "Lee; DROP")
    assert code == 1 and "a role name is lower-case letters, digits and _" in err
    db = tmp_path / "s.db"
    with refgraph.open(db) as g:
        g.import_interactions(write(tmp_path / "l.csv", "date,person,channel\n2026-01-02,Lee Park,call\n"),
                              owner="Alex Morgan")
    with pytest.raises(RefgraphError, match="teammates' roles live on a team's PostgreSQL server"):
        refgraph.open(db).team_add_owner("Lee Park", "lee")


def test_a_role_that_may_not_make_the_schema_is_told_whom_to_ask(pg_database):
    with a_role_of_no_team(pg_database, "nobody") as role:
        code, out, err = invoke(as_role(pg_database, role), "people")
        assert code == 1
        assert err.strip().endswith("the store needs its schema made or upgraded to 10, which this role may not do — "
                                    "run refgraph once as the database's owner role")
