"""The read commands on the samples, log, output formats, the store file, start-up imports."""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.store import SCHEMA_VERSION

from .conftest import AS_OF, write

HEAVY = ("pandas", "matplotlib", "networkx", "numpy")


@pytest.fixture
def on_samples(samples_db):
    runner = CliRunner()

    def _run(*args):
        return runner.invoke(cli, ["--db", str(samples_db), *map(str, args)], catch_exceptions=False)

    return _run


def test_people_json_keys_and_order(on_samples):
    result = on_samples("people", "--as-of", AS_OF, "--limit", 3, "--json")
    assert json.loads(result.output) == [
        {"name": "Priya Natarajan", "company": "Fabrikam, Inc.", "title": "Head of Data", "owner": "Alex Morgan",
         "strength": 0.983, "last_conversation": "2026-10-28", "conversations": 71, "stale": False},
        {"name": "Sam Rivera", "company": "Northwind Analytics", "title": "Account Executive",
         "owner": "Alex Morgan", "strength": 0.983, "last_conversation": "2026-10-28", "conversations": 56,
         "stale": False},
        {"name": "Lee Park", "company": "Contoso", "title": "CFO", "owner": "Sam Rivera", "strength": 0.9801,
         "last_conversation": "2026-10-27", "conversations": 20, "stale": False}]


def test_people_story_orderings(on_samples):
    rows = json.loads(on_samples("people", "--as-of", AS_OF, "--owner", "Alex Morgan", "--json").output)
    by = {r["name"]: r for r in rows}
    # a deep tie gone quiet outranks a one-off meeting gone quiet; touches alone never make a relationship
    assert by["Maria Ortiz"]["stale"] and by["Tom Becker"]["stale"] and by["Dana Whitfield"]["stale"]
    assert by["Maria Ortiz"]["strength"] > by["Tom Becker"]["strength"] > by["Dana Whitfield"]["strength"]
    assert (by["Maria Ortiz"]["conversations"], by["Maria Ortiz"]["last_conversation"]) == (9, "2024-02-11")
    assert by["Lee Park"]["conversations"] == 0      # Alex never talked to Lee; Sam did
    assert "Alex Morgan" not in by                   # the owner is not in their own list
    sam = json.loads(on_samples("people", "--as-of", AS_OF, "--owner", "sam rivera", "--limit", 1, "--json").output)
    assert sam[0]["name"] == "Lee Park"


def test_people_by_account_matches_legal_forms(on_samples):
    result = on_samples("people", "--as-of", AS_OF, "--account", "CONTOSO", "--limit", 2)
    assert result.output == (
        "name         company       title       owner        strength  last_conversation  conversations  stale\n"
        "-----------  ------------  ----------  -----------  --------  -----------------  -------------  -----\n"
        "Lee Park     Contoso       CFO         Sam Rivera   0.980     2026-10-27         20             no\n"
        "Maria Ortiz  Contoso Ltd.  VP Finance  Alex Morgan  0.227     2024-02-11         9              yes\n")
    unknown = on_samples("people", "--account", "Contosso")
    assert unknown.exit_code == 1
    assert unknown.output == "Error: no account or company called 'Contosso' in the store — did you mean 'Contoso'?\n"


def test_why_shares_add_up_and_show_every_source(on_samples):
    data = json.loads(on_samples("why", "Maria Ortiz", "--as-of", AS_OF, "--json").output)
    rel = data["relationships"][0]
    assert (rel["owner"], rel["strength"], rel["conversations"], rel["stale"]) == ("Alex Morgan", 0.2269, 9, True)
    assert round(sum(e["share"] for e in rel["events"]), 4) == rel["strength"]
    assert {e["source"] for e in rel["events"]} == {
        "Connections.csv", "interactions.csv", "messages.csv", "Recommendations_Received.csv",
        "Endorsement_Received_Info.csv"}
    table = on_samples("why", "maria ortiz", "--as-of", AS_OF).output
    assert "Alex Morgan — Maria Ortiz: strength 0.227 (stale); 9 conversations, last 2024-02-11" in table
    assert "total 0.227 = strength 0.227" in table


def test_log_is_a_source_and_refreshes(on_samples):
    before = json.loads(on_samples("people", "--as-of", AS_OF, "--owner", "Alex Morgan", "--stale", "--json").output)
    assert "Maria Ortiz" in [r["name"] for r in before]
    assert len(before) == 45 and all(r["conversations"] for r in before)   # ties gone quiet, not the never-talked
    result = on_samples("log", "Maria Ortiz", "--channel", "phone", "--date", "2026-11-14", "--note", "Caught up")
    assert result.output == "Logged call with Maria Ortiz on 2026-11-14 for Alex Morgan.\n"
    after = json.loads(on_samples("people", "--as-of", AS_OF, "--owner", "Alex Morgan", "--stale", "--json").output)
    assert "Maria Ortiz" not in [r["name"] for r in after]
    events = json.loads(on_samples("why", "Maria Ortiz", "--as-of", AS_OF, "--json").output)["relationships"][0]
    assert events["events"][-1] | {"share": 0, "weight": 0} == {
        "date": "2026-11-14", "channel": "call", "kind": "conversation", "direction": "", "subject": "Caught up",
        "source": "log", "weight": 0, "share": 0}
    # the same call again, or again without a note, is "Already logged"; another note is a second call
    for note in (["--note", "Caught up"], []):
        again = on_samples("log", "Maria Ortiz", "--channel", "phone", "--date", "2026-11-14", *note)
        assert again.output == "Already logged: call with Maria Ortiz on 2026-11-14 for Alex Morgan.\n"
    second = on_samples("log", "Maria Ortiz", "--channel", "phone", "--date", "2026-11-14", "--note", "She said yes")
    assert second.output == "Logged call with Maria Ortiz on 2026-11-14 for Alex Morgan.\n"
    events = json.loads(on_samples("why", "Maria Ortiz", "--as-of", AS_OF, "--json").output)["relationships"][0]
    assert [e["subject"] for e in events["events"] if e["date"] == "2026-11-14"] == ["Caught up", "She said yes"]
    # a meeting logged without a note, then with one: one meeting, with the note
    on_samples("log", "Maria Ortiz", "--channel", "meeting", "--date", "2026-11-13")
    noted = on_samples("log", "Maria Ortiz", "--channel", "meeting", "--date", "2026-11-13", "--note", "Intro via Sam")
    assert noted.output == "Added the note to the meeting with Maria Ortiz on 2026-11-13 for Alex Morgan.\n"
    events = json.loads(on_samples("why", "Maria Ortiz", "--as-of", AS_OF, "--json").output)["relationships"][0]
    assert [(e["channel"], e["subject"]) for e in events["events"] if e["date"] == "2026-11-13"] == [
        ("meeting", "Intro via Sam")]
    bad = on_samples("log", "Maria Ortiz", "--channel", "pigeon")
    assert bad.exit_code == 1 and bad.output.startswith("Error: unknown channel 'pigeon' — use one of meeting, video")


def test_csv_output_escapes_formulas(on_samples):
    result = on_samples("why", "Rowan Pike", "--as-of", AS_OF, "--csv")
    assert "Rowan Pike,Alex Morgan,2025-08-19,meeting,conversation,,'=SUM(B2:B9) forecast review," in result.output
    people = on_samples("people", "--account", "=Formula Labs", "--csv", "--as-of", AS_OF).output
    assert people.splitlines()[1].startswith("Rowan Pike,'=Formula Labs,Founder,Alex Morgan,")


def test_store_file_is_private_wal_and_versioned(samples_db, tmp_path):
    fresh = tmp_path / "new" / "fresh.db"
    missing = CliRunner().invoke(cli, ["--db", str(fresh), "people"])
    assert missing.output == (f"Error: {fresh}: no refgraph store here yet — import something first (refgraph import "
                              "linkedin EXPORT.zip) or check --db / REFGRAPH_DB\n") and not fresh.exists()
    log = tmp_path / "log.csv"
    log.write_text("date,person,channel,owner\n2026-01-01,Ann Lee,call,Alex Morgan\n")
    CliRunner().invoke(cli, ["--db", str(fresh), "import", "interactions", str(log)])
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    con = sqlite3.connect(fresh)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # each index is written on every import: these, and no more
    indexes = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'"))
    assert indexes == ["account_aliases_key", "connections_person", "employment_person", "identifiers_email_domain", "identifiers_person",
                       "interaction_people_interaction", "knows_a", "knows_b", "pair_stats_person",
                       "people_company_key", "people_name_key", "sqlite_autoindex_accounts_1",
                       "sqlite_autoindex_interactions_1", "sqlite_autoindex_intros_1", "sqlite_autoindex_knows_1"]


def test_config_beside_the_store_changes_the_model(samples_db):
    (samples_db.parent / "refgraph.toml").write_text("[strength]\nhalf_life_base_days = 30\n")
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["--db", str(samples_db), "why", "Tom Becker", "--as-of", str(AS_OF),
                                          "--json"]).output)
    assert data["relationships"][0]["half_life_days"] == 30.0


def _refgraph_exe():
    exe = Path(sys.executable).with_name("refgraph")
    return str(exe) if exe.exists() else shutil.which("refgraph")


def test_installed_executable_runs(samples_db):
    out = subprocess.run([_refgraph_exe(), "--db", str(samples_db), "people", "--as-of", "2026-11-15", "--limit",
                          "1", "--csv"], capture_output=True, text=True, check=True)
    assert out.stdout == ("name,company,title,owner,strength,last_conversation,conversations,stale\n"
                          "Priya Natarajan,\"Fabrikam, Inc.\",Head of Data,Alex Morgan,0.983,2026-10-28,71,false\n")
    module = subprocess.run([sys.executable, "-m", "refgraph", "--version"], capture_output=True, text=True)
    assert module.stdout.startswith("refgraph, version ")


@pytest.mark.parametrize("args", [["--help"], ["people", "--limit", "3"], ["why", "Maria Ortiz"],
                                  ["path", "Contoso"], ["coverage"]])
def test_queries_do_not_import_heavy_libraries(samples_db, args):
    code = ("import sys\nfrom refgraph.cli import main\n"
            f"sys.argv = ['refgraph', '--db', {str(samples_db)!r}] + {args!r}\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert "HEAVY []" in out.stderr, out.stderr


def test_a_path_prints_without_loading_wcwidth(samples_db):
    # the arrows and dashes of a path are refgraph's own punctuation, one column each: measured without
    # importing wcwidth; a wide name still is measured by it
    code = ("import sys\nfrom refgraph.cli import main\n"
            f"sys.argv = ['refgraph', '--db', {str(samples_db)!r}, 'path', 'Contoso', '--as-of', '2026-11-15']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('wcwidth' in sys.modules, file=sys.stderr)\n"
            "from refgraph.output import _width\n"
            "print(_width('東京 → Lee'), 'wcwidth' in sys.modules, file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Alex Morgan → Maria Ortiz" in out.stdout
    assert out.stderr == "False\n10 True\n"


def test_a_list_reads_data_is_its_json(on_samples, samples_db):
    # as the contract says of every read: .data is the same document as --json
    import refgraph

    with refgraph.open(samples_db) as g:
        assert g.people(AS_OF, limit=3).data == json.loads(on_samples("people", "--limit", "3", "--as-of", AS_OF,
                                                                      "--json").output)
        assert g.owners(AS_OF).data == json.loads(on_samples("owners", "--as-of", AS_OF, "--json").output)
    # before anyone was met: no relationship, so no owner (null, as every missing value in JSON)
    early = json.loads(on_samples("people", "--limit", "1", "--as-of", "2010-01-01", "--json").output)
    assert [(r["owner"], r["strength"], r["last_conversation"]) for r in early] == [(None, 0.0, None)]
    assert on_samples("people", "--limit", "1", "--as-of", "2010-01-01", "--csv").output.splitlines()[1].split(",")[3] == ""


def test_people_to_frame_for_notebooks(samples_db):
    import refgraph

    with refgraph.open(samples_db) as g:
        frame = g.people(AS_OF, limit=2).to_frame()
    assert list(frame.columns) == ["name", "company", "title", "owner", "strength", "last_conversation",
                                   "conversations", "stale"]
    assert list(frame["name"]) == ["Priya Natarajan", "Sam Rivera"]


def test_every_command_has_help():
    def walk(group, prefix=()):
        for name, command in group.commands.items():
            yield prefix + (name,), command
            if hasattr(command, "commands"):
                yield from walk(command, prefix + (name,))

    for path, command in walk(cli):
        assert command.help, path
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0 and "Usage: " in result.output


def test_progress_bar_only_after_a_second_on_a_terminal(monkeypatch, capsys):
    from refgraph import cli as cli_module

    monkeypatch.setattr(cli_module.sys.stderr, "isatty", lambda: True, raising=False)
    quick = cli_module._Progress("Quick")
    quick(10, 10)
    quick.close()
    assert quick.bar is None                     # under a second: no bar at all
    slow = cli_module._Progress("Slow import")
    slow.start -= 2.0
    slow(500, 1000)
    slow(1000, 1000)
    slow.close()
    assert slow.bar is not None and slow.bar.pos == 1000
    assert "Slow import" in capsys.readouterr().err
    monkeypatch.setattr(cli_module.sys.stderr, "isatty", lambda: False, raising=False)
    piped = cli_module._Progress("Piped")
    piped.start -= 2.0
    piped(5, 10)
    assert piped.bar is None                     # not a terminal: never


def test_a_logged_connection_is_the_pairs_one_connection(on_samples, samples_db):
    """`log --channel connected` writes the pair's connection (one per owner and person, the earlier
    stays), not an interaction an import's connection would be counted beside."""
    def counts():
        con = sqlite3.connect(samples_db)
        try:
            return [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("connections", "interactions")]
        finally:
            con.close()

    def connection(name):
        events = json.loads(on_samples("why", name, "--owner", "Alex Morgan", "--as-of", AS_OF, "--json").output)
        return [(e["date"], e["source"]) for e in events["relationships"][0]["events"] if e["channel"] == "connection"]

    connections, interactions = counts()
    assert connection("Maria Ortiz") == [("2019-05-14", "Connections.csv")]
    again = on_samples("log", "Maria Ortiz", "--channel", "connected", "--date", "2026-11-14")
    assert again.output == "Not logged: Alex Morgan is connected with Maria Ortiz since 2019-05-14.\n"
    assert counts() == [connections, interactions]

    assert connection("Hannah Thompson") == []
    new = on_samples("log", "Hannah Thompson", "--channel", "connected", "--date", "2026-11-01")
    assert new.output == "Logged connection with Hannah Thompson on 2026-11-01 for Alex Morgan.\n"
    assert counts() == [connections + 1, interactions]
    assert connection("Hannah Thompson") == [("2026-11-01", "log")]
    earlier = on_samples("log", "Hannah Thompson", "--channel", "connected", "--date", "2026-10-01")
    assert earlier.output == "Logged connection with Hannah Thompson on 2026-10-01 for Alex Morgan.\n"
    later = on_samples("log", "Hannah Thompson", "--channel", "connected", "--date", "2026-11-02")
    assert later.output == "Not logged: Alex Morgan is connected with Hannah Thompson since 2026-10-01.\n"
    assert counts() == [connections + 1, interactions]
    assert connection("Hannah Thompson") == [("2026-10-01", "log")]
    # an export that knows the connection is older replaces the logged one (and adds nothing)
    export = samples_db.parent / "Connections.csv"
    export.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                      "Hannah,Thompson,,,,,18 Oct 2016\n", encoding="utf-8")
    assert on_samples("import", "linkedin", export, "--owner", "Alex Morgan").output.endswith(
        " Alex Morgan: 0 new; 1 row: 1 updated\n")
    assert counts() == [connections + 1, interactions]
    assert connection("Hannah Thompson") == [("2016-10-18", "Connections.csv")]


def test_help_says_what_reconnect_accounts_and_calendars_now_do():
    def text(*path):
        return " ".join(CliRunner().invoke(cli, [*path, "--help"]).output.split())

    assert ("Someone you already have a real conversation booked with in the next 30 days (a small meeting on the "
            "calendar, a call logged ahead; booked_within_days in the config) is left out of the plan and named under "
            "it.") in text("reconnect")
    assert ("A domain cell that names no domain (n/a, -, not provided) is left out (the row imports) and "
            "counted.") in text("import", "accounts")
    assert ("Whose calendar this is (default: the owner with the calendar's own address, else the owner that "
            "address's CN= names).") in text("import", "calendar")


def test_a_read_command_runs_without_the_cyclic_collector_and_turns_it_back_on(run, db, tmp_path, monkeypatch):
    import gc

    from refgraph import api

    seen = []
    real = api.Refgraph.people
    monkeypatch.setattr(api.Refgraph, "people",
                        lambda self, *a, **k: seen.append(gc.isenabled()) or real(self, *a, **k))
    run("import", "interactions", write(tmp_path / "l.csv", "date,person,channel,owner\n2026-01-02,Ann Lee,call,Al Bo\n"))
    assert run("people", "--json").exit_code == 0
    assert seen == [False] and gc.isenabled()
