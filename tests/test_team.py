"""Knows, accounts, teams, duplicates and merges, and the schema migrations (v1 and v4 forward)."""
import json
import sqlite3

import refgraph
from refgraph.cli import cli
from refgraph.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from refgraph.store.aggregates import pair_events
from refgraph.store.schema import _statements

from .conftest import AS_OF, as_v4, stderr_apart, write

LOG = ("date,person,email,linkedin_url,company,channel,owner\n"
       "2026-10-01,Lee Park,lee@contoso.example,,Contoso,call,Sam Rivera\n"
       "2026-09-01,Maria Ortiz,,https://www.linkedin.com/in/maria-ortiz,Contoso Ltd.,call,Alex Morgan\n"
       "2026-09-02,Sam Rivera,sam@northwind.example,,Northwind,meeting,Alex Morgan\n"
       "2026-09-03,Ann Lee,ann@fabrikam.example,,FABRIKAM INC,video,Alex Morgan\n"
       "2026-09-04,Bo Ek,bo@contoso.example,,,call,Alex Morgan\n")


def seed(run, tmp_path):
    run("import", "interactions", write(tmp_path / "log.csv", LOG))


def test_accounts_match_names_aliases_and_domains(run, tmp_path):
    seed(run, tmp_path)
    f = write(tmp_path / "accounts.csv", "name,domain,aliases\nContoso,contoso.example,Contoso Ltd.|CTSO\n"
                                         "Fabrikam,https://www.fabrikam.example/,\"Fabrikam, Inc.;FBK\"\n")
    assert run("import", "accounts", f).output == f"Imported accounts from {f}: 2 new accounts, 0 updated; 2 rows: 2 new\n"
    assert run("import", "accounts", f).output == f"Imported accounts from {f}: 0 new; 2 rows: 2 unchanged\n"
    table = json.loads(run("accounts", "--json").output)
    assert table == [
        {"account": "Contoso", "domains": ["contoso.example"], "aliases": ["Contoso Ltd.", "CTSO"], "people": 3,
         "near_misses": []},
        {"account": "Fabrikam", "domains": ["fabrikam.example"], "aliases": ["Fabrikam, Inc.", "FBK"], "people": 1,
         "near_misses": []}]
    for name in ("contoso", "CTSO", "contoso.example", "Contoso Limited"):
        rows = json.loads(run("people", "--account", name, "--as-of", AS_OF, "--json").output)
        # Bo Ek has no company but a contoso.example address
        assert [r["name"] for r in rows] == ["Lee Park", "Bo Ek", "Maria Ortiz"], name
    unknown = run("people", "--account", "Contozo")
    assert unknown.exit_code == 1
    assert unknown.output == "Error: no account or company called 'Contozo' in the store — did you mean 'Contoso'?\n"


def test_accounts_show_near_misses_to_alias(run, tmp_path):
    seed(run, tmp_path)
    run("import", "interactions", write(tmp_path / "more.csv", "date,person,company,channel,owner\n"
                                       "2026-01-01,Cy Ode,Contoso Group Holdings,call,Alex Morgan\n"))
    run("import", "accounts", write(tmp_path / "a.csv", "name\nContoso\n"))
    assert json.loads(run("accounts", "--json").output)[0]["near_misses"] == ["Contoso Group Holdings"]


def test_accounts_file_needs_a_name_column(run, db, tmp_path):
    seed(run, tmp_path)
    before = db.read_bytes()
    f = write(tmp_path / "bad.csv", "domain,aliases\ncontoso.example,x\n")
    result = run("import", "accounts", f)
    assert (result.exit_code, result.output) == (1, f"Error: {f}: no name column (columns found: domain, aliases) — "
                                                    "an accounts file needs a name column (and optionally domain, aliases)\n")
    assert db.read_bytes() == before


def test_salesforce_account_export(run, tmp_path):
    f = write(tmp_path / "sf.csv", "Account ID,Account Name,Website,Type\n001,Acme Corp,www.acme.example,Customer\n")
    run("import", "interactions", write(tmp_path / "l.csv", "date,person,email,channel,owner\n"
                                        "2026-01-01,Tom Becker,tom@acme.example,call,Alex Morgan\n"))
    run("import", "accounts", f)
    assert json.loads(run("accounts", "--json").output)[0] | {"near_misses": None} == {
        "account": "Acme Corp", "domains": ["acme.example"], "aliases": [], "people": 1, "near_misses": None}


def test_account_domains_that_are_not_domains_are_skipped(run, tmp_path):
    """CRM exports fill an empty Website with "n/a" or "-": no domain (it was kept as "n")."""
    f = write(tmp_path / "sf.csv", "Account Name,Website\nAcme Corp,n/a\nBeta Labs,-\nEpsilon,not provided\n"
                                   "Gamma Inc,https://www.Gamma.example/about#team;N/A\nDelta,sales@delta.example\n")
    assert run("import", "accounts", f).output == (f"Imported accounts from {f}: 5 new accounts, 0 updated; "
                                                   "5 rows: 5 new; left out: domain cells that name no domain 3\n")
    assert {r["account"]: r["domains"] for r in json.loads(run("accounts", "--json").output)} == {
        "Acme Corp": [], "Beta Labs": [], "Delta": ["delta.example"], "Epsilon": [], "Gamma Inc": ["gamma.example"]}
    unknown = run("people", "--account", "n/a")   # no domain: looked up as a name only
    assert (unknown.exit_code, unknown.output) == (1, "Error: no account or company called 'n/a' in the store — "
                                                      "import an accounts file (refgraph import accounts FILE) or "
                                                      "check the name\n")


def test_knows_file_adds_people_and_updates_ties(run, db, tmp_path):
    seed(run, tmp_path)
    f = write(tmp_path / "knows.csv", "person,knows,knows_company,knows_title,strength,last_contact,note\n"
                                      "Maria Ortiz,Lee Park,Contoso,CFO,0.8,2026-09-30,Board together\n"
                                      "Maria Ortiz,Zed New,Contoso,COO,,,\n")
    assert run("import", "knows", f).output == (f"Imported knows from {f}: 1 new people, 0 updated, 0 job changes, "
                                                "0 new interactions, 2 new knows ties, 0 updated; 2 rows: 2 new\n")
    assert run("import", "knows", f).output == f"Imported knows from {f}: 0 new; 2 rows: 2 unchanged\n"
    write(f, "person,knows,strength,last_contact,note\nLee Park,Maria Ortiz,0.9,2026-10-30,Board together\n")
    assert run("import", "knows", f).output == (f"Imported knows from {f}: 0 new knows ties, 1 updated; "
                                                "1 row: 1 updated\n")
    with refgraph.open(db) as g:
        ties = g.store.query("SELECT a.name, b.name, strength, last_contact, note FROM knows "
                             "JOIN people a ON a.id = person_a JOIN people b ON b.id = person_b ORDER BY knows.id")
        assert [tuple(t) for t in ties] == [("Maria Ortiz", "Lee Park", 0.9, "2026-10-30", "Board together"),
                                            ("Maria Ortiz", "Zed New", None, None, None)]
        zed = g.why("Zed New", AS_OF).data
        assert (zed["company"], zed["title"], zed["relationships"]) == ("Contoso", "COO", [])


def test_knows_errors_name_the_row(run, db, tmp_path):
    seed(run, tmp_path)
    before = db.read_bytes()
    f = write(tmp_path / "k.csv", "person,knows,strength\nMaria Ortiz,Lee Park,0.5\n,Lee Park,0.5\n")
    result = run("import", "knows", f)
    assert result.output == (f"Error: {f}: row 3: the row names nobody in the person column — fill in both person "
                             "and knows (a name, LinkedIn URL or email)\n")
    write(f, "person,knows,strength\nMaria Ortiz,Lee Park,high\n")
    assert run("import", "knows", f).output == (f"Error: {f}: row 2: strength 'high' is not a number from 0 to 1 — "
                                                "write it as e.g. 0.8, or leave it empty for the default\n")
    write(f, "who,whom\nMaria Ortiz,Lee Park\n")
    assert run("import", "knows", f).output.startswith(f"Error: {f}: missing required columns person, knows "
                                                       "(columns found: who, whom)")
    assert db.read_bytes() == before


def test_owners_default_and_teammate_is_one_person(run, db, tmp_path):
    seed(run, tmp_path)
    rows = json.loads(run("owners", "--json").output)
    assert rows == [
        {"name": "Sam Rivera", "default": True, "people": 1, "interactions": 1, "conversations": 1},
        {"name": "Alex Morgan", "default": False, "people": 4, "interactions": 4, "conversations": 4}]
    assert json.loads(run("owners", "--default", "alex morgan", "--json").output)[0]["name"] == "Alex Morgan"
    assert run("owners", "--default", "Nobody").output == ("Error: no owner called 'Nobody' — use one of: "
                                                           "Alex Morgan, Sam Rivera\n")
    # Sam the owner is also Alex's contact: one person, with Alex's measured relationship
    people = json.loads(run("people", "--as-of", AS_OF, "--json").output)
    sam = [r for r in people if r["name"] == "Sam Rivera"]
    assert len(sam) == 1 and sam[0]["owner"] == "Alex Morgan" and sam[0]["conversations"] == 1
    # the default owner takes rows without an owner
    run("import", "interactions", write(tmp_path / "x.csv", "date,person,channel\n2026-10-05,Ann Lee,call\n"))
    assert json.loads(run("people", "--owner", "Alex Morgan", "--as-of", AS_OF, "--json").output)[0]["name"] == "Ann Lee"


def test_duplicates_and_merge_survive_reimport(run, db, tmp_path):
    run("import", "linkedin", write(tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Robin,Hale,https://www.linkedin.com/in/robin-hale,,Contoso,CTO,1 Jan 2024\n"), "--owner", "Alex Morgan")
    crm = write(tmp_path / "crm.csv", "date,person,email,channel\n2026-05-01,Robin Hale,robin@hale.example,call\n")
    run("import", "interactions", crm)
    # the email-only row matched the unique name: one person already
    assert json.loads(run("people", "--duplicates", "--json").output) == []
    run("import", "linkedin", write(tmp_path / "c2.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Robin,Hale,https://www.linkedin.com/in/robin-hale-2,,Fabrikam,CEO,1 Feb 2024\n"), "--owner", "Alex Morgan")
    dups = json.loads(run("people", "--duplicates", "--json").output)
    assert [(d["name"], d["reason"]) for d in dups] == [
        ("Robin Hale", "same name, different LinkedIn profiles (two people unless one profile is old)")]
    keep, other = dups[0]["keep"], dups[0]["other"]
    assert dups[0]["merge"] == f"refgraph merge '{keep}' '{other}'"
    assert run("merge", keep, other).output == f"Merged {other} Robin Hale into {keep} Robin Hale.\n"
    assert json.loads(run("people", "--duplicates", "--json").output) == []
    with refgraph.open(db) as g:
        data = g.why(keep, AS_OF).data
        # one connection per owner and person: the two profiles' connections are one now (the earlier)
        assert sorted(e["channel"] for e in data["relationships"][0]["events"]) == ["call", "connection"]
        assert [e["date"] for e in data["relationships"][0]["events"] if e["channel"] == "connection"] == ["2024-01-01"]
        assert [j["company"] for j in data["employment"]] == ["Contoso", "Fabrikam"]
    assert "An owner connected on LinkedIn to both keeps one connection, the earlier." in " ".join(
        run("merge", "--help").output.split())
    # re-importing either source lands on the merged person
    assert " 0 new" in run("import", "interactions", crm).output
    assert " 0 new" in run("import", "linkedin", tmp_path / "c2.csv", "--owner", "Alex Morgan").output
    assert json.loads(run("people", "--duplicates", "--json").output) == []
    assert run("merge", keep, keep).output == (f"Error: both names are Robin Hale ({keep}) — name two different "
                                               "people, e.g. the pair refgraph people --duplicates lists\n")


def test_an_owners_namesake_in_their_own_network_is_no_duplicate(run, tmp_path):
    # Alex Morgan is connected to another Alex Morgan (a chef, another profile): two people, never a
    # merge to suggest; an Alex Morgan known by an address from a teammate's log may be the owner,
    # who is the one kept
    run("import", "linkedin", write(tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Alex,Morgan,https://www.linkedin.com/in/alex-morgan-chef,,Bistro,Head Chef,1 Jan 2024\n"
        "Robin,Hale,https://www.linkedin.com/in/robin-hale,,Contoso,CTO,1 Jan 2024\n"), "--owner", "Alex Morgan")
    assert json.loads(run("people", "--duplicates", "--json").output) == []
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,email,channel,owner\n"
                                                               "2026-05-02,Alex Morgan,alex@northwind.example,call,"
                                                               "Sam Rivera\n"), "--new-owner", "Sam Rivera")
    dups = json.loads(run("people", "--duplicates", "--json").output)
    assert [(d["name"], d["reason"], d["merge"]) for d in dups] == [
        ("Alex Morgan", "an email-only person with the name of a LinkedIn person", "refgraph merge '#1' '#5'")]


def test_two_namesakes_of_an_owner_in_their_network_are_compared_with_each_other(run, tmp_path):
    # Robin Hale (owner) knows a Robin Hale on LinkedIn and one by email from the CRM: not the owner,
    # but likely one person
    run("import", "linkedin", write(tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Robin,Hale,https://www.linkedin.com/in/robin-hale-fab,,Fabrikam,CTO,1 Jan 2024\n"), "--owner", "Robin Hale")
    run("import", "interactions", write(tmp_path / "crm.csv", "date,person,email,company,channel\n"
                                                               "2026-05-01,Robin Hale,rhale@fabrikam.example,Fabrikam,call\n"),
        "--owner", "Robin Hale")
    dups = json.loads(run("people", "--duplicates", "--json").output)
    assert [(d["name"], d["keep"], d["other"], d["reason"]) for d in dups] == [
        ("Robin Hale", "#2", "#3", "an email-only person with the name of a LinkedIn person")]


def test_near_names_at_one_company_are_probable_duplicates(run, tmp_path):
    # Kate and Katherine Lee, Tomás Álvarez and Tom Alvarez at one company: one person each, likely;
    # Dan and Dana Lee have a LinkedIn profile each: two people
    run("import", "linkedin", write(tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kate,Lee,https://www.linkedin.com/in/kate-lee,,Globex,CFO,1 Jan 2024\n"
        "Tomás,Álvarez,https://www.linkedin.com/in/talvarez,,Initech,VP Sales,1 Jan 2024\n"
        "Dan,Lee,https://www.linkedin.com/in/dan-lee,,Globex,COO,1 Jan 2024\n"
        "Dana,Lee,https://www.linkedin.com/in/dana-lee,,Globex,CTO,1 Jan 2024\n"), "--owner", "Alex Morgan")
    run("import", "interactions", write(tmp_path / "log.csv",
        "date,person,email,company,channel\n"
        "2026-05-01,Katherine Lee,kate.lee@globex.example,Globex,call\n"
        "2026-05-02,Tom Alvarez,tomas.alvarez@initech.example,Initech,call\n"), "--owner", "Alex Morgan")
    dups = json.loads(run("people", "--duplicates", "--json").output)
    assert [(d["name"], d["reason"]) for d in dups] == [
        ("Kate Lee / Katherine Lee", "same company and last name, first names alike (Kate / Katherine)"),
        ("Tomás Álvarez / Tom Alvarez", "same company and last name, first names alike (Tomás / Tom)")]
    assert dups[0]["merge"].startswith("refgraph merge '#")
    assert run("merge", dups[0]["keep"], dups[0]["other"]).exit_code == 0
    assert [d["name"] for d in json.loads(run("people", "--duplicates", "--json").output)] == [
        "Tomás Álvarez / Tom Alvarez"]


def test_a_new_store_is_made_without_a_notice(tmp_path, capsys):
    said = []
    with refgraph.open(tmp_path / "new.db", notice=said.append) as g:
        assert g.store.owners() == []
    with refgraph.open(tmp_path / "new.db") as g:   # by default, notices go to stderr
        assert g.store.owners() == []
    assert said == [] and capsys.readouterr() == ("", "")


def test_v1_store_migrates_forward(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("INSERT INTO people (name, name_key, company) VALUES ('Ann Lee', 'ann lee', 'Fabrikam, Inc.')")
    con.close()
    said = []
    with refgraph.open(path, notice=said.append) as g:
        assert g.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 10
        assert said == [f"{path}: upgrading the store from schema 1 to 10 (once; about half a minute for a team's store)"]
        assert g.store.query("SELECT company_key FROM people")[0][0] == "fabrikam"
        assert [r["name"] for r in g.people(AS_OF, account="fabrikam")] == ["Ann Lee"]



def test_a_v4_store_drops_the_owner_day_index_and_keeps_its_events(run, db, tmp_path):
    seed(run, tmp_path)
    before = run("people", "--as-of", AS_OF, "--json").output
    as_v4(db)

    def indexes():
        return sorted(r[0] for r in sqlite3.connect(db).execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions'"))

    assert indexes() == ["interactions_owner_day", "sqlite_autoindex_interactions_1"]
    def people():
        return stderr_apart().invoke(cli, ["--db", str(db), "people", "--as-of", AS_OF, "--json"])

    migrated = people()   # migrated on open, saying so on stderr
    assert (migrated.exit_code, migrated.stdout) == (0, before)
    assert migrated.stderr == (f"{db}: upgrading the store from schema 4 to 10 (once; about half a minute "
                               "for a team's store)\n")
    assert people().stderr == ""   # once
    assert indexes() == ["sqlite_autoindex_interactions_1"]
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 10
    # an owner's events are still read from an index (the unique source key's), not by a scan
    with refgraph.open(db) as g:
        owner = g.store.owners()[0]["id"]
        sql, args = pair_events(g.params, None, owner_id=owner)
        plan = " ".join(r[3] for r in g.store.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
    assert "SEARCH i USING INDEX sqlite_autoindex_interactions_1 (owner_id=?)" in plan, plan


def test_a_v4_store_moves_its_connections_out_of_the_interactions(samples_db):
    """v6: connections leave the interactions for a table of their own; everything reads the same,
    a pair connected twice (merged people) keeps the first, and its aggregates are computed again."""
    def outputs():
        with refgraph.open(samples_db) as g:
            return (list(g.people(AS_OF)), g.why("Maria Ortiz", AS_OF).data, list(g.owners()),
                    g.paths("Contoso", AS_OF, k=3).data)

    before = outputs()
    con = sqlite3.connect(samples_db)
    connected = con.execute("SELECT count(*) FROM connections").fetchone()[0]
    owner, person, day = con.execute("SELECT owner_id, person_id, day FROM connections ORDER BY day DESC").fetchone()
    con.close()
    as_v4(samples_db)
    con = sqlite3.connect(samples_db, isolation_level=None)
    assert con.execute("SELECT count(*) FROM interactions WHERE channel = 'connection'").fetchone()[0] == connected
    # the pair connected once more (as two merged people were), and its kept aggregates out of date
    iid = con.execute("INSERT INTO interactions (owner_id, day, stamp, channel, source, source_key) VALUES "
                      "(?, '2026-10-30', '2026-10-30', 'connection', 'Connections.csv', 'connection:x')",
                      (owner,)).lastrowid
    con.execute("INSERT INTO interaction_people (person_id, interaction_id) VALUES (?, ?)", (person, iid))
    con.execute("UPDATE pair_stats SET conversations = 99 WHERE owner_id = ? AND person_id = ?", (owner, person))
    con.close()
    assert outputs() == before   # migrated on open
    con = sqlite3.connect(samples_db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 10
    assert con.execute("SELECT count(*) FROM interactions WHERE channel = 'connection'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM connections").fetchone()[0] == connected
    assert con.execute("SELECT day FROM connections WHERE owner_id = ? AND person_id = ?", (owner, person)).fetchone() \
        == (day,)
    assert con.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0


def test_a_pair_connected_twice_keeps_the_earlier_connection_when_it_migrates(samples_db):
    con = sqlite3.connect(samples_db)
    owner, person, day = con.execute("SELECT owner_id, person_id, day FROM connections ORDER BY day DESC").fetchone()
    con.close()
    as_v4(samples_db)
    con = sqlite3.connect(samples_db, isolation_level=None)
    iid = con.execute("INSERT INTO interactions (owner_id, day, stamp, channel, source, source_key) VALUES "
                      "(?, '2011-01-02', '2011-01-02', 'connection', 'Connections.csv', 'connection:y')",
                      (owner,)).lastrowid   # imported after, but earlier
    con.execute("INSERT INTO interaction_people (person_id, interaction_id) VALUES (?, ?)", (person, iid))
    con.close()
    refgraph.open(samples_db).store.close()
    con = sqlite3.connect(samples_db)
    assert con.execute("SELECT day FROM connections WHERE owner_id = ? AND person_id = ?", (owner, person)).fetchone() \
        == ("2011-01-02",) != (day,)


def test_an_upgrade_that_fails_leaves_the_store_as_it_was(samples_db, monkeypatch):
    """Every migration step and the aggregates after them are one transaction."""
    from refgraph.store import Store
    from refgraph.strength import DEFAULTS

    as_v4(samples_db)

    def tables():
        con = sqlite3.connect(samples_db)
        try:
            return (con.execute("PRAGMA user_version").fetchone()[0],
                    sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master")),
                    con.execute("SELECT count(*) FROM interactions WHERE channel = 'connection'").fetchone()[0])
        finally:
            con.close()

    before = tables()
    assert before[0] == 4 and "connections" not in before[1] and before[2] > 0

    def fail(self, *a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "refresh_stats", fail)
    try:
        Store(samples_db, kept=DEFAULTS)   # opening migrates
    except RuntimeError as exc:
        assert str(exc) == "disk full"
    else:
        raise AssertionError("the upgrade did not fail")
    assert tables() == before
    monkeypatch.undo()
    Store(samples_db, kept=DEFAULTS).close()
    assert tables()[0] == SCHEMA_VERSION and tables()[2] == 0

def test_accounts_refuse_files_that_are_not_account_lists_and_skip_report_footers(run, db, tmp_path):
    seed(run, tmp_path)
    calls = write(tmp_path / "calls.csv", "Subject,Date,Assigned,Name,Related To\nCall,2026-01-01,Alex,Ann Lee,Acme\n")
    result = run("import", "accounts", calls)
    assert result.output == (f"Error: {calls}: not an accounts file (columns found: Subject, Date, Assigned, Name, "
                             "Related To) — an accounts file has the columns name, domain, aliases (or Account Name, "
                             "Website)\n")
    sf = write(tmp_path / "sf.csv", '"Account Name","Website","Type"\n"Acme Corp","acme.example","Customer"\n\n'
                                    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
                                    '"Confidential Information - Do Not Distribute"\n')
    assert run("import", "accounts", sf).output == (f"Imported accounts from {sf}: 1 new accounts, 0 updated; "
                                                    "4 rows: 1 new, 3 skipped (blank rows 1, report footer lines 2)\n")
    names = write(tmp_path / "names.csv", "name\nContoso\n")
    assert "1 new accounts" in run("import", "accounts", names).output
