"""Reconnect: whom to call, why, and when."""
import json
import shutil
from datetime import date

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from refgraph.cli import cli
from refgraph.errors import RefgraphError
from refgraph.reconnect import next_weekday, plan_days

from .conftest import AS_OF, sqlite_file, write


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


LOG = ("date,person,company,title,channel,subject,owner\n"
       # a deep tie: 6 calls over four years, quiet since 2024
       + "".join(f"{y}-03-0{i},Deep Tie,Globex,VP,call,Call {i},Alex Morgan\n"
                 for i, y in enumerate([2020, 2021, 2021, 2022, 2023, 2024], 1))
       + "2024-02-01,One Off,Initech,Analyst,meeting,Intro,Alex Morgan\n"       # a one-off meeting gone quiet
       + "2026-11-01,Fresh Tie,Initech,CTO,call,Renewal,Alex Morgan\n"          # fresh: not a reconnect
       + "2026-01-01,Never Talked,Initech,CEO,email,Hello,Alex Morgan\n"         # touches only: not a reconnect
       + "2025-03-01,Connector,Umbrella,Director,call,Catch-up,Alex Morgan\n"    # a one-off call...
       + "2023-06-01,=cmd|' /C calc'!A0,Evil,Boss,call,Hi,Alex Morgan\n")      # a name that is a formula


@pytest.fixture
def store(run, tmp_path):
    run("import", "interactions", write(tmp_path / "log.csv", LOG))
    return run


def names(run, *args):
    return [r["name"] for r in json.loads(run("reconnect", "--as-of", AS_OF, *args, "--json").output)]


def test_deep_tie_outranks_one_off_and_fresh_or_untalked_are_absent(store):
    assert names(store) == ["Deep Tie", "=cmd|' /C calc'!A0", "Connector", "One Off"]


def test_stale_connector_on_a_path_into_a_target_account_rises(store, tmp_path):
    store("import", "accounts", write(tmp_path / "a.csv", "name,domain\nAcme,acme.example\n"))
    store("import", "knows", write(tmp_path / "k.csv", "person,knows,knows_company,knows_title,strength,note\n"
                                   "Connector,Ann Target,Acme,CFO,0.9,Board together\n"))
    assert names(store) == ["Deep Tie", "Connector", "=cmd|' /C calc'!A0", "One Off"]   # Connector rose
    rows = json.loads(store("reconnect", "--as-of", AS_OF, "--account", "acme", "--json").output)
    assert [(r["name"], r["reason"]) for r in rows] == [
        ("Connector", "1 conversation since 2025; last 2025-03-01 (Catch-up). On your best path into Acme (0.32 "
                      "once you reconnect)")]
    assert set(rows[0]) >= {"name", "company", "strength", "last_conversation", "reason", "date"}


def test_reason_plan_and_ics(store, tmp_path):
    ics = tmp_path / "plan.ics"
    result = store("reconnect", "--as-of", "2026-11-13", "--per-day", "3", "--ics", ics, "--json")
    rows = json.loads(result.stdout)
    assert [(r["name"], r["date"]) for r in rows] == [
        ("Deep Tie", "2026-11-16"), ("=cmd|' /C calc'!A0", "2026-11-16"), ("Connector", "2026-11-16"),
        ("One Off", "2026-11-17")]   # from the next weekday: Friday the 13th → Monday the 16th
    assert rows[0]["reason"] == "6 conversations since 2020; last 2024-03-06 (Call 6)"
    assert result.stderr == f"Wrote 4 calendar events to {ics}.\n"
    cal = Calendar.from_ical(ics.read_bytes())
    events = [(str(e["SUMMARY"]), e.decoded("DTSTART").strftime("%Y-%m-%d %H:%M"),
               int((e.decoded("DTEND") - e.decoded("DTSTART")).total_seconds() // 60), str(e["DESCRIPTION"]))
              for e in cal.walk("VEVENT")]
    assert events[:2] == [("Reconnect: Deep Tie", "2026-11-16 09:00", 30, rows[0]["reason"]),
                          ("Reconnect: =cmd|' /C calc'!A0", "2026-11-16 09:30", 30, rows[1]["reason"])]
    assert events[3][:2] == ("Reconnect: One Off", "2026-11-17 09:00")


def test_start_and_weekends():
    assert next_weekday(date(2026, 11, 14)) == date(2026, 11, 16)     # Saturday → Monday
    assert plan_days(4, date(2026, 11, 20), 2) == [date(2026, 11, 20)] * 2 + [date(2026, 11, 23)] * 2
    assert plan_days(1, date(2026, 11, 21), 5) == [date(2026, 11, 23)]   # a Saturday start moves to Monday


def test_csv_escapes_a_formula_name(store):
    out = store("reconnect", "--as-of", AS_OF, "--csv").output
    assert "'=cmd|' /C calc'!A0" in out and "\n=cmd" not in out and ",=cmd" not in out


def test_logging_a_call_takes_the_person_off_the_list_and_off_reconnect_first(store, tmp_path):
    store("import", "accounts", write(tmp_path / "a.csv", "name\nAcme\n"))
    store("import", "knows", write(tmp_path / "k.csv", "person,knows,knows_company,knows_title,strength\n"
                                   "Connector,Ann Target,Acme,CFO,0.9\n"))
    before = json.loads(store("path", "Acme", "--as-of", AS_OF, "--json").output)
    assert before[0]["reconnect_first"] == ["Connector"]
    store("log", "Connector", "--channel", "call", "--date", "2026-11-14")
    assert "Connector" not in names(store)
    after = json.loads(store("path", "Acme", "--as-of", AS_OF, "--json").output)
    assert after[0]["reconnect_first"] == [] and after[0]["next_action"].startswith("Ask Connector to introduce")


def test_since_shows_who_went_stale_and_who_was_reconnected(store):
    store("log", "One Off", "--channel", "call", "--date", "2026-11-10")
    rows = json.loads(store("reconnect", "--as-of", AS_OF, "--since", "2025-01-01", "--json").output)
    assert [(r["change"], r["name"]) for r in rows] == [("went stale", "Deep Tie"), ("reconnected", "One Off"),
                                                        ("new relationship", "Fresh Tie")]


def test_team_lists_each_owner(run, tmp_path):
    run("import", "interactions", write(tmp_path / "t.csv", "date,person,channel,owner\n"
                                        "2023-01-01,Old Friend,call,Sam Rivera\n2023-01-02,Old Pal,call,Alex Morgan\n"))
    rows = json.loads(run("reconnect", "--team", "--as-of", AS_OF, "--json").output)
    assert sorted((r["owner"], r["name"]) for r in rows) == [("Alex Morgan", "Old Pal"), ("Sam Rivera", "Old Friend")]


def test_reconnect_on_the_samples(full_store, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(full_store, db)
    rows = json.loads(CliRunner().invoke(cli, ["--db", str(db), "reconnect", "--as-of", str(AS_OF), "--limit", "3",
                                               "--json"]).output)
    assert rows[0]["name"] == "Maria Ortiz"
    assert rows[0]["reason"] == ("10 conversations since 2020; last 2024-02-11 (Planning FY24 priorities). On your "
                                 "best path into Contoso (0.99 once you reconnect). Talking points: they recommended "
                                 "you (2021)")


def test_a_conversation_already_booked_takes_the_person_out_of_the_plan(store, tmp_path):
    """A small meeting on the calendar (or a call logged ahead) is the reconnect: no call planned,
    and the plan says whom it left out; a big meeting ahead (an all-hands) is no conversation."""
    store("import", "interactions", write(tmp_path / "ahead.csv", (
        "date,person,company,channel,subject,owner,duration_minutes\n"
        "2026-12-03,Deep Tie,Globex,meeting,Globex QBR,Alex Morgan,30\n")))
    assert names(store) == ["=cmd|' /C calc'!A0", "Connector", "One Off"]
    table = store("reconnect", "--as-of", AS_OF).output
    assert table.endswith("\nLeft out, a conversation already booked: Deep Tie (2026-12-03, Globex QBR).\n")
    assert names(store, "--limit", "2") == ["=cmd|' /C calc'!A0", "Connector"]   # the limit is still filled
    after = store("reconnect", "--as-of", "2026-12-04").output   # once it has happened, it is fresh
    assert "Deep Tie" not in after and "Left out" not in after
    # an all-hands of 30 ahead does not take One Off out
    ics = write(tmp_path / "cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                "UID:allhands\r\nDTSTART:20261210T160000Z\r\nDTEND:20261210T170000Z\r\nSUMMARY:All-hands\r\n"
                "ORGANIZER;CN=Alex Morgan:mailto:alex@northwind.example\r\n"
                + "".join(f"ATTENDEE;CN=Guest {i}:mailto:guest{i}@initech.example\r\n" for i in range(28))
                + "ATTENDEE;CN=One Off:mailto:one.off@initech.example\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n")
    store("import", "calendar", ics, "--owner", "Alex Morgan")
    assert "One Off" in names(store)
    # booked is within booked_within_days (30) of as_of: seven weeks ahead it was not booked yet
    assert names(store, "--as-of", "2026-10-15")[0] == "Deep Tie"
    # only those the plan passed over are named: One Off, booked too, ranks below a plan of one
    store("log", "One Off", "--channel", "call", "--date", "2026-11-20")
    assert store("reconnect", "--as-of", AS_OF, "--limit", "1").output.endswith(
        "\nLeft out, a conversation already booked: Deep Tie (2026-12-03, Globex QBR).\n")
    assert store("reconnect", "--as-of", AS_OF).output.endswith(
        "\nLeft out, a conversation already booked: Deep Tie (2026-12-03, Globex QBR); One Off (2026-11-20).\n")
    # for the team, whose meeting it is
    store("import", "interactions", write(tmp_path / "sam.csv", "date,person,channel,owner\n"
                                          "2026-11-01,Fresh Tie,call,Sam Rivera\n"))
    assert store("reconnect", "--as-of", AS_OF, "--team").output.endswith(
        "\nLeft out, a conversation already booked: Deep Tie (Alex Morgan, 2026-12-03, Globex QBR); "
        "One Off (Alex Morgan, 2026-11-20).\n")


def test_a_path_whose_first_hop_is_booked_says_so(store, tmp_path):
    """A stale first hop with a conversation on the calendar: the path's next step is that meeting,
    not a call (the hop stays stale, and listed in reconnect_first, until the meeting happens)."""
    store("import", "accounts", write(tmp_path / "a.csv", "name,domain\nAcme,acme.example\nGlobex,globex.example\n"))
    store("import", "knows", write(tmp_path / "k.csv", "person,knows,knows_company,knows_title,strength,note\n"
                                   "Connector,Ann Target,Acme,CFO,0.9,Board together\n"))

    def first(account):
        top = json.loads(store("path", account, "--as-of", AS_OF, "-k", "1", "--json").output)[0]
        return top["reconnect_first"], top["next_action"]

    assert first("Acme") == (["Connector"], "Call Connector first — last real conversation 2025-03-01 — then ask "
                                            "Connector to introduce you to Ann Target, CFO — Board together (knows file)")
    assert first("Globex") == (["Deep Tie"], "Reconnect with Deep Tie, VP, first — last real conversation 2024-03-06 — "
                                             "then ask for the meeting")
    store("import", "interactions", write(tmp_path / "ahead.csv", (
        "date,person,channel,subject,owner\n2026-12-03,Deep Tie,meeting,Globex QBR,Alex Morgan\n"
        "2026-11-20,Connector,video,,Alex Morgan\n")))
    assert first("Acme") == (["Connector"], "You meet Connector on 2026-11-20 — last real conversation 2025-03-01 — "
                                            "there, ask Connector to introduce you to Ann Target, CFO — Board together (knows file)")
    assert first("Globex") == (["Deep Tie"], "You meet Deep Tie on 2026-12-03 (Globex QBR) — last real conversation "
                                             "2024-03-06")
    # a call logged ahead is a call, not a meeting
    store("log", "Connector", "--channel", "call", "--date", "2026-11-18")
    assert first("Acme")[1].startswith("You have a call with Connector on 2026-11-18 — last real conversation ")


def test_the_reason_counts_from_the_first_real_conversation_not_an_all_hands(store, tmp_path):
    ics = write(tmp_path / "cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                "UID:allhands-2023\r\nDTSTART:20230510T160000Z\r\nDTEND:20230510T170000Z\r\nSUMMARY:All-hands\r\n"
                "ORGANIZER;CN=Alex Morgan:mailto:alex@northwind.example\r\n"
                + "".join(f"ATTENDEE;CN=Guest {i}:mailto:guest{i}@initech.example\r\n" for i in range(28))
                + "ATTENDEE;CN=One Off:mailto:one.off@initech.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    store("import", "calendar", ics, "--owner", "Alex Morgan")
    rows = json.loads(store("reconnect", "--as-of", AS_OF, "--json").output)
    assert next(r["reason"] for r in rows if r["name"] == "One Off") == "1 conversation since 2024; last 2024-02-01 (Intro)"


def test_booked_within_days_comes_from_the_config(store, db, tmp_path):
    sqlite_file(db)   # the config beside the store's file
    store("import", "interactions", write(tmp_path / "ahead.csv", "date,person,channel,subject,owner\n"
                                          "2026-12-03,Deep Tie,meeting,Globex QBR,Alex Morgan\n"))
    assert "Deep Tie" not in names(store)   # 18 days ahead: booked by default (30)
    config = db.parent / "refgraph.toml"
    config.write_text("[strength]\nbooked_within_days = 7\n")
    assert names(store)[0] == "Deep Tie"
    config.write_text("[strength]\nbooked_within_days = -1\n")
    bad = store("reconnect", "--as-of", AS_OF)
    assert (bad.exit_code, bad.output) == (1, f"Error: {config}: [strength] booked_within_days = -1 is out of range — "
                                              "use a value at least 0\n")


def test_a_plan_of_no_calls_a_day_is_refused_in_python_too(full_store):
    # the command line takes --per-day 1 and more; from Python, 0 planned calls forever (then a date overflow)
    import refgraph

    with refgraph.open(full_store) as g:
        with pytest.raises(RefgraphError, match=r"^per_day and limit are at least 1 \(not 0\) — plan at least one call$"):
            g.reconnect(AS_OF, per_day=0)
