"""The introduction pipeline: `intro log` records each status of an introduction, `intro list` shows
them as of a day, and the paths, coverage and reconnect read them (a connector asked lately comes
after the others, a declined introduction is not suggested again, someone met needs no introduction)."""
import json
import shutil
from datetime import date

import pytest

from refgraph.errors import RefgraphError
from refgraph.intros import (asked_connectors, at, check_status, declined_paths, made_and_won, met_targets,
                             open_intros)
from refgraph.paths import Choice, status

from .conftest import AS_OF, write
from .memory_reads import MemoryReads, relationship


def intro(id_, via, to, *steps, owner=0):
    """A row as Reads.intros gives it, of (status, day) steps in the order they were logged."""
    history = [{"status": s, "day": d, "note": None} for s, d in steps]
    return {"id": id_, "owner_id": owner, "via_id": via, "to_id": to, "status": history[-1]["status"],
            "day": history[-1]["day"], "note": None, "history": history}


# -- the rules, on rows ---------------------------------------------------------------------------------
def test_a_status_is_one_of_six_and_an_unknown_one_names_them():
    assert [check_status(s) for s in ("Planned", " asked ", "INTRODUCED", "met", "declined", "no reply",
                                      "no_reply", "no-reply")] == [
        "planned", "asked", "introduced", "met", "declined", "no-reply", "no-reply", "no-reply"]
    with pytest.raises(RefgraphError) as err:
        check_status("maybe")
    assert str(err.value) == ("unknown status 'maybe' — use one of planned, asked, introduced, met, declined, "
                              "no-reply")


def test_an_intro_as_of_a_day_is_its_steps_up_to_then_by_day():
    row = intro(1, 2, 3, ("asked", "2026-11-18"), ("planned", "2026-11-16"), ("met", "2026-12-01"))
    assert at(row, date(2026, 11, 15)) is None
    then = at(row, date(2026, 11, 20))
    assert (then["status"], then["day"], [h["status"] for h in then["history"]]) == (
        "asked", "2026-11-18", ["planned", "asked"])
    assert at(row, None)["status"] == "met"


def test_who_was_asked_within_90_days_and_when():
    rows = [intro(1, 2, 3, ("planned", "2026-08-01"), ("asked", "2026-08-20")),     # asked 87 days before
            intro(2, 2, 4, ("asked", "2026-07-01")),                                # an older ask of the same
            intro(3, 5, 3, ("planned", "2026-11-01")),                              # planned is not asked
            intro(4, 6, 3, ("introduced", "2026-11-10")),                           # introduced: asked that day
            intro(5, 7, 3, ("asked", "2026-08-16")),                                # 91 days before
            intro(6, 8, 3, ("asked", "2026-11-16")),                                # after as_of
            intro(7, 2, 3, ("asked", "2026-11-01"), owner=9)]                       # another owner's
    assert asked_connectors(rows, AS_OF) == {(0, 2): date(2026, 8, 20), (0, 6): date(2026, 11, 10),
                                             (9, 2): date(2026, 11, 1)}


def test_a_declined_intro_is_left_out_for_180_days_and_only_while_declined():
    rows = [intro(1, 2, 3, ("asked", "2026-05-01"), ("declined", "2026-05-19")),   # 180 days before
            intro(2, 2, 4, ("declined", "2026-05-18")),                            # 181 days before
            intro(3, 5, 3, ("declined", "2026-10-01"), ("introduced", "2026-10-20")),   # changed their mind
            intro(4, 6, 3, ("asked", "2026-11-01"), ("declined", "2026-11-20"))]   # not yet on as_of
    assert declined_paths(rows, AS_OF) == {(0, 2, 3)}


def test_met_open_and_what_reconnect_since_reports():
    rows = [intro(1, 2, 3, ("asked", "2026-10-01"), ("introduced", "2026-10-10"), ("met", "2026-10-20")),
            intro(2, 5, 4, ("planned", "2026-11-01")),
            intro(3, 6, 7, ("asked", "2026-09-01"), ("no-reply", "2026-10-01")),
            intro(4, 8, 9, ("introduced", "2026-11-14"), ("met", "2026-11-30"))]
    assert met_targets(rows, AS_OF) == {(0, 3)}
    assert [i["id"] for i in open_intros(rows, AS_OF)] == [2, 4]
    assert [(i["id"], s, d.isoformat()) for i, s, d in made_and_won(rows, date(2026, 10, 10), AS_OF)] == [
        (1, "met", "2026-10-20"), (4, "introduced", "2026-11-14")]


# -- the path search reads them -----------------------------------------------------------------------
def _choice(**marks):
    """Owner 0; connectors 2 and 3 (fresh) and 5 (stale) all know target 4; 6 knows target 7."""
    reads = MemoryReads({0: "Ann Lee"}, {(0, 2): relationship(0.9, conversations=3),
                                         (0, 3): relationship(0.8, conversations=3),
                                         (0, 5): relationship(0.7, stale=True, conversations=2),
                                         (0, 6): relationship(0.6, stale=True, conversations=2)},
                        {(2, 4): (0.9, False, None), (3, 4): (0.9, False, None), (5, 4): (0.9, False, None),
                         (6, 7): (0.9, False, None)})
    direct = {}
    return Choice(reads.graph(as_of=AS_OF), {0}, {4, 7}, params=reads.params, name=str, direct=direct, **marks), reads


def _listed(choice, reads, k=10):
    chosen = choice.choose(k, title=lambda n: None, last_touch=lambda p: None, all_paths=True)
    return [(p.nodes, status(p, reads.params), choice.asked_on(p)) for p in chosen]


def test_a_connector_asked_lately_comes_after_the_others_of_its_status():
    choice, reads = _choice()
    assert _listed(choice, reads) == [((0, 2, 4), "warm", None), ((0, 3, 4), "warm", None),
                                      ((0, 5, 4), "reconnect", None), ((0, 6, 7), "reconnect", None)]
    asked = {(0, 2): date(2026, 11, 10), (0, 5): date(2026, 10, 1)}
    choice, reads = _choice(asked=asked)
    assert _listed(choice, reads) == [((0, 3, 4), "warm", None), ((0, 2, 4), "warm", date(2026, 11, 10)),
                                      ((0, 6, 7), "reconnect", None), ((0, 5, 4), "reconnect", date(2026, 10, 1))]
    assert choice.count() == 4
    # taking the first two: the warm path not asked, then the asked one
    choice, reads = _choice(asked=asked)
    assert [n for n, _, _ in _listed(choice, reads, k=2)] == [(0, 3, 4), (0, 2, 4)]


def test_a_declined_intro_and_a_target_met_are_not_suggested():
    choice, reads = _choice(declined={(0, 2, 4), (0, 6, 9)})
    assert [n for n, _, _ in _listed(choice, reads)] == [(0, 3, 4), (0, 5, 4), (0, 6, 7)]
    assert (choice.count(), choice.declined_dropped, choice.dropped) == (3, 1, 0)
    choice, reads = _choice(met={(0, 4)})
    assert [n for n, _, _ in _listed(choice, reads)] == [(0, 6, 7)]
    assert (choice.count(), choice.declined_dropped, choice.dropped) == (1, 0, 3)


# -- the commands -----------------------------------------------------------------------------------------
CALLS = """date,person,channel,owner,company,title
2026-10-01,Bea Stone,call,Ann Lee,Umbrella,Consultant
2026-10-20,Bea Stone,call,Ann Lee,Umbrella,Consultant
2026-11-02,Bea Stone,meeting,Ann Lee,Umbrella,Consultant
2026-10-05,Cal Ruiz,call,Ann Lee,Initech,Advisor
2026-11-01,Cal Ruiz,call,Ann Lee,Initech,Advisor
"""
KNOWS = """person,knows,knows_company,knows_title,strength,last_contact,note
Bea Stone,Tia Chen,Globex,CFO,0.9,2026-10-30,Former colleagues
Cal Ruiz,Tia Chen,Globex,CFO,0.8,2026-10-25,Board together
"""


@pytest.fixture
def globex(run, tmp_path):
    """Ann Lee talks to Bea Stone and Cal Ruiz, who both know Tia Chen, CFO at Globex."""
    run("import", "interactions", write(tmp_path / "calls.csv", CALLS))
    run("import", "knows", write(tmp_path / "knows.csv", KNOWS))
    run("import", "accounts", write(tmp_path / "accounts.csv", "name,domain,aliases\nGlobex,globex.example,\n"))
    return run


def _heads(result):
    return [line for line in result.output.splitlines() if line[:1].isdigit() or line.startswith(("Paths", "No "))]


def test_intro_log_says_what_changed_in_one_line(globex):
    lines = [globex("intro", "log", "--via", *args).output for args in (
        ["Bea Stone", "--to", "Tia Chen", "--status", "planned", "--date", "2026-11-08"],
        ["Bea Stone", "--to", "Tia Chen", "--status", "Asked", "--date", "2026-11-10", "--note", "over lunch"],
        ["Bea Stone", "--to", "Tia Chen", "--status", "asked", "--date", "2026-11-10"],
        ["Bea Stone", "--to", "Tia Chen", "--status", "planned", "--date", "2026-11-01"],
        ["Cal Ruiz", "--to", "Tia Chen", "--status", "met", "--date", "2026-11-20"])]
    assert lines == [
        "Intro #1 Bea Stone → Tia Chen for Ann Lee: planned on 2026-11-08.\n",
        "Intro #1 Bea Stone → Tia Chen for Ann Lee: asked on 2026-11-10 (was planned on 2026-11-08).\n",
        "Intro #1 Bea Stone → Tia Chen for Ann Lee: already asked on 2026-11-10 — nothing changed.\n",
        "Intro #1 Bea Stone → Tia Chen for Ann Lee: planned on 2026-11-01 added to its history (now asked since "
        "2026-11-10).\n",
        "Intro #2 Cal Ruiz → Tia Chen for Ann Lee: met on 2026-11-20. Log the meeting too, so it counts: "
        "refgraph log 'Tia Chen' --channel meeting --date 2026-11-20\n"]


@pytest.mark.parametrize("args, error", [
    (["--via", "Bea Stone", "--to", "Tia Chen", "--status", "maybe"],
     "Error: unknown status 'maybe' — use one of planned, asked, introduced, met, declined, no-reply"),
    (["--via", "Bea Stone", "--to", "Tia Chenn", "--status", "asked"],
     "Error: no person called 'Tia Chenn' in the store — did you mean 'Tia Chen'?"),
    (["--via", "Bea Stone", "--to", "Ann Lee", "--status", "asked"],
     "Error: 'Ann Lee' is the owner (Ann Lee) — an introduction is to someone else: check --to (or --owner)"),
    (["--via", "Ann Lee", "--to", "Tia Chen", "--status", "asked"],
     "Error: 'Ann Lee' is the owner (Ann Lee) — --via names the person who introduces you"),
    (["--via", "Bea Stone", "--to", "bea stone", "--status", "asked"],
     "Error: --via and --to both name Bea Stone — the connector introduces you to someone else"),
    (["--via", "Bea Stone", "--to", "Tia Chen", "--status", "asked", "--owner", "Ann Leigh"],
     "Error: no owner called 'Ann Leigh' — did you mean 'Ann Lee'? (owners: Ann Lee)"),
])
def test_intro_log_refuses_bad_input_in_one_line(globex, args, error):
    result = globex("intro", "log", *args)
    assert (result.exit_code, result.output) == (1, error + "\n")
    assert globex("intro", "list", "--as-of", "2026-12-01").output.startswith("No introductions logged yet")


def test_intro_list_as_of_a_day_open_or_all_by_account(globex, monkeypatch):
    globex("intro", "log", "--via", "Bea Stone", "--to", "Tia Chen", "--status", "planned", "--date", "2026-11-08")
    globex("intro", "log", "--via", "Bea Stone", "--to", "Tia Chen", "--status", "asked", "--date", "2026-11-10")
    globex("intro", "log", "--via", "Tia Chen", "--to", "Cal Ruiz", "--status", "no-reply", "--date", "2026-11-12")
    monkeypatch.setenv("COLUMNS", "80")
    table = globex("intro", "list", "--as-of", AS_OF)
    assert table.output == (
        "id  date        status    owner    via        to        account\n"
        "    history\n"
        "--  ----------  --------  -------  ---------  --------  -------\n"
        "2   2026-11-12  no-reply  Ann Lee  Tia Chen   Cal Ruiz  Initech\n"
        "    no-reply 2026-11-12\n"
        "1   2026-11-10  asked     Ann Lee  Bea Stone  Tia Chen  Globex\n"
        "    planned 2026-11-08; asked 2026-11-10\n")
    assert json.loads(globex("intro", "list", "--open", "--as-of", "2026-11-09", "--json").output) == [
        {"id": 1, "owner": "Ann Lee", "via": "Bea Stone", "to": "Tia Chen", "account": "Globex", "status": "planned",
         "date": "2026-11-08", "history": [{"status": "planned", "date": "2026-11-08", "note": None}]}]
    assert globex("intro", "list", "--account", "globex.example", "--as-of", AS_OF, "--csv").output == (
        "id,date,status,owner,via,to,account,history\n"
        "1,2026-11-10,asked,Ann Lee,Bea Stone,Tia Chen,Globex,planned 2026-11-08; asked 2026-11-10\n")
    assert globex("intro", "list", "--open", "--account", "Initech", "--as-of", AS_OF).output == (
        "No introductions match.\n")
    assert globex("intro", "list", "--as-of", "2026-11-01").output == (
        "No introductions logged yet: record one with refgraph intro log --via PERSON\n--to PERSON --status asked\n")


def test_paths_show_an_asked_connector_after_the_others_and_drop_declined_ones(globex):
    before = globex("path", "Globex", "--as-of", AS_OF)
    assert _heads(before)[1:] == ["1. 0.608  Ann Lee → Bea Stone → Tia Chen  (CFO, Globex)",
                                  "2. 0.418  Ann Lee → Cal Ruiz → Tia Chen  (CFO, Globex)"]
    globex("intro", "log", "--via", "Bea Stone", "--to", "Tia Chen", "--status", "asked", "--date", "2026-11-10")
    asked = globex("path", "Globex", "--as-of", AS_OF)
    assert _heads(asked)[1:] == ["1. 0.418  Ann Lee → Cal Ruiz → Tia Chen  (CFO, Globex)",
                                 "2. 0.608  Ann Lee → Bea Stone (asked 2026-11-10) → Tia Chen  (CFO, Globex)"]
    data = json.loads(globex("path", "Globex", "--as-of", AS_OF, "--json").output)
    assert [(p["people"][1], p["asked"]) for p in data] == [("Cal Ruiz", None), ("Bea Stone", "2026-11-10")]
    # the asked connector's next step is their answer, not a second ask
    assert [p["next_action"][:40] for p in data] == ["Ask Cal Ruiz to introduce you to Tia Che",
                                                     "Follow up with Bea Stone on your ask of "]
    assert data[1]["next_action"] == ("Follow up with Bea Stone on your ask of 2026-11-10 rather than ask again, "
                                      "then log how it went (refgraph intro log … --status introduced, declined "
                                      "or no-reply)")
    assert [line.rsplit(",", 1)[1] for line in globex("path", "Globex", "--as-of", AS_OF, "--csv").output.splitlines()] == [
        "asked", "", "2026-11-10"]
    # the day before the ask, nobody was asked
    assert _heads(globex("path", "Globex", "--as-of", "2026-11-09"))[1][:45] == (
        "1. 0.627  Ann Lee → Bea Stone → Tia Chen  (CF")
    globex("intro", "log", "--via", "Bea Stone", "--to", "Tia Chen", "--status", "declined", "--date", "2026-11-12")
    assert _heads(globex("path", "Globex", "--as-of", AS_OF)) == [
        "Paths into Globex from Ann Lee, as of 2026-11-15 (1 path of ≤ 3 hops; at most 2 per connector and target)",
        "1. 0.418  Ann Lee → Cal Ruiz → Tia Chen  (CFO, Globex)"]
    globex("intro", "log", "--via", "Cal Ruiz", "--to", "Tia Chen", "--status", "declined", "--date", "2026-11-12")
    assert globex("path", "Globex", "--as-of", AS_OF).output == (
        "No path into Globex: each would ask for an introduction declined in the last 180 days — see refgraph "
        "intro list --account 'Globex'.\n")


def test_someone_met_through_an_intro_needs_no_introduction(globex):
    globex("intro", "log", "--via", "Cal Ruiz", "--to", "Tia Chen", "--status", "met", "--date", "2026-11-14")
    assert globex("path", "Globex", "--as-of", "2026-11-13").output.count("→ Tia Chen") == 2
    assert globex("path", "Globex", "--as-of", AS_OF).output.startswith(
        "No path into Globex: each would ask for an introduction to someone you have had a real conversation with")


@pytest.fixture
def demo_run(full_store, tmp_path, run, db):
    shutil.copy(full_store, db)
    return run


def test_coverage_counts_the_open_asks_at_each_account(demo_run):
    demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Dana Whitfield", "--status", "asked",
             "--date", "2026-11-12")
    demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Maria Ortiz", "--status", "introduced",
             "--date", "2026-11-13")
    demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Lee Park", "--status", "declined",
             "--date", "2026-11-13")
    rows = json.loads(demo_run("coverage", "--as-of", AS_OF, "--json").output)
    assert [(r["account"], r["open_asks"]) for r in rows] == [("Acme Corp", 0), ("Contoso", 1), ("Fabrikam", 1)]
    before = json.loads(demo_run("coverage", "--as-of", "2026-11-12", "--json").output)
    assert [(r["account"], r["open_asks"]) for r in before] == [("Acme Corp", 0), ("Contoso", 0), ("Fabrikam", 1)]
    fabrikam = json.loads(demo_run("path", "Fabrikam", "--as-of", AS_OF, "--json").output)
    assert [(p["people"], p["asked"]) for p in fabrikam[:2]] == [
        (["Alex Morgan", "Priya Natarajan"], None),
        (["Alex Morgan", "Priya Natarajan", "Dana Whitfield"], "2026-11-12")]


def test_reconnect_since_reports_intros_made_and_meetings_won(demo_run):
    demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Lee Park", "--status", "introduced", "--date", "2026-11-03")
    demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Dana Whitfield", "--status", "asked",
             "--date", "2026-10-20")
    demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Dana Whitfield", "--status", "met",
             "--date", "2026-11-14")
    # nothing in the store says Priya knows Naomi: no path, so no introduction to log
    refused = demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Naomi Yilmaz", "--status", "introduced",
                       "--date", "2026-10-30")
    assert (refused.exit_code, refused.output) == (1, (
        "Error: no path from Alex Morgan to Naomi Yilmaz through Priya Natarajan as of 2026-10-30 — nothing says "
        "Priya Natarajan knows Naomi Yilmaz; if they do, add it first (refgraph import knows FILE, columns "
        "person,knows) and log the introduction again\n"))
    demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Maria Ortiz", "--status", "introduced",
             "--date", "2026-10-30")   # Sam → Lee → Maria
    result = demo_run("reconnect", "--since", "2026-11-01", "--as-of", AS_OF)
    assert result.output == (
        "change      name            company   owner        strength  last_conversation\n"
        "----------  --------------  --------  -----------  --------  -----------------\n"
        "introduced  Lee Park        Contoso   Alex Morgan  0.000     2023-04-18\n"
        "met         Dana Whitfield  Fabrikam  Alex Morgan  0.000\n")
    rows = json.loads(demo_run("reconnect", "--since", "2026-10-01", "--as-of", AS_OF, "--json").output)
    assert [(r["change"], r["name"]) for r in rows if r["change"] in ("introduced", "met")] == [
        ("introduced", "Maria Ortiz"), ("introduced", "Lee Park"), ("met", "Dana Whitfield")]   # by day
    # --json says through whom and when (the table's last_conversation is the owner's own)
    assert [r["detail"] for r in rows if r["change"] in ("introduced", "met")] == [
        "introduced through Sam Rivera on 2026-10-30", "introduced through Sam Rivera on 2026-11-03",
        "met through Priya Natarajan on 2026-11-14"]
    assert {r["detail"] for r in rows if r["change"] not in ("introduced", "met")} <= {""}


def test_the_api_returns_the_logged_step_and_the_list(full_store, tmp_path):
    import refgraph

    path = tmp_path / "copy.db"
    shutil.copy(full_store, path)
    with refgraph.open(path) as g:
        done = g.intro_log("Sam Rivera", "Lee Park", "planned", date(2026, 11, 16), note="  for the Q1 budget ")
        assert done == {"id": 1, "owner": "Alex Morgan", "via": "Sam Rivera", "to": "Lee Park", "status": "planned",
                        "date": "2026-11-16", "note": "for the Q1 budget", "added": True, "previous": None,
                        "current": {"status": "planned", "date": "2026-11-16"}, "meeting_in_store": False}
        done = g.intro_log("Sam Rivera", "Lee Park", "asked", date(2026, 11, 18), owner="Alex Morgan")
        assert (done["previous"], done["current"]) == ({"status": "planned", "date": "2026-11-16"},
                                                       {"status": "asked", "date": "2026-11-18"})
        listed = g.intros(date(2026, 11, 20), open_only=True, account="Contoso")
        assert listed.data == [{"id": 1, "owner": "Alex Morgan", "via": "Sam Rivera", "to": "Lee Park",
                                "account": "Contoso", "status": "asked", "date": "2026-11-18",
                                "history": [{"status": "planned", "date": "2026-11-16", "note": "for the Q1 budget"},
                                            {"status": "asked", "date": "2026-11-18", "note": None}]}]
        assert list(listed.to_frame().columns) == ["id", "date", "status", "owner", "via", "to", "account", "history"]
        assert listed.rows[0]["history"] == "planned 2026-11-16 (for the Q1 budget); asked 2026-11-18"
        assert g.intros(date(2026, 11, 20), owner="Sam Rivera").data == []


def test_met_on_a_day_the_calendar_already_has_the_meeting_asks_for_no_log(demo_run):
    """Alex met Lee Park at the 2023-04-18 meeting on the calendar: nothing more to log; a day with
    no meeting stored gets the hint."""
    said = demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Lee Park", "--status", "met",
                    "--date", "2023-04-18").output
    assert said == "Intro #1 Sam Rivera → Lee Park for Alex Morgan: met on 2023-04-18.\n"
    said = demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Maria Ortiz", "--status", "met",
                    "--date", "2026-11-14").output
    assert said.endswith("Log the meeting too, so it counts: refgraph log 'Maria Ortiz' --channel meeting "
                         "--date 2026-11-14\n")


def test_an_ask_through_a_connector_who_declined_says_so(demo_run):
    demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Dana Whitfield", "--status", "declined",
             "--date", "2026-11-14")
    result = demo_run("ask", "--to", "Dana Whitfield", "--via", "Priya Natarajan", "--as-of", AS_OF)
    assert (result.exit_code, result.output) == (1, (
        "Error: No path to Dana Whitfield at Fabrikam through Priya Natarajan: each would ask for an introduction "
        "declined in the last 180 days or to someone you have had a real conversation with — see refgraph intro "
        "list --account 'Fabrikam'.\n"))


def test_the_brief_says_the_connector_was_asked_already(demo_run):
    demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Dana Whitfield", "--status", "asked",
             "--date", "2026-11-12")
    brief = json.loads(demo_run("ask", "--to", "Dana Whitfield", "--as-of", AS_OF, "--json").output)
    assert brief["path"]["asked"] == "2026-11-12"
    out = demo_run("ask", "--to", "Dana Whitfield", "--as-of", AS_OF).output
    assert ("Before you ask\n- You asked Priya Natarajan for an introduction on 2026-11-12: follow up on that "
            "ask (refgraph intro log … --status introduced, declined or no-reply) rather than ask again.\n") in out


def test_a_step_logged_for_a_day_to_come_is_warned(demo_run):
    from datetime import timedelta

    later = date.today() + timedelta(days=400)   # noqa: DTZ011 (the CLI's own today)
    result = demo_run("intro", "log", "--via", "Priya Natarajan", "--to", "Dana Whitfield", "--status", "asked",
                      "--date", later)
    assert result.exit_code == 0
    warning = f"Warning: {later} is still to come — a read before then does not see it; check --date if it already happened\n"
    assert result.output.endswith(warning)
    helped = demo_run("log", "Priya Natarajan", "--received", "referral", "--date", later)
    assert helped.exit_code == 0 and helped.output.endswith(warning)


def test_a_teammate_introduces_only_someone_they_know_not_through_the_owner(demo_run):
    # in March 2023 Sam Rivera had no tie to Lee Park: the only way from Sam to Lee ran through Alex
    # Morgan, who asks; by October 2026 Sam talks to Lee
    early = demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Lee Park", "--status", "asked",
                     "--date", "2023-03-21")
    assert early.exit_code == 1
    assert early.output.startswith("Error: no path from Alex Morgan to Lee Park through Sam Rivera as of 2023-03-21 — ")
    later = demo_run("intro", "log", "--via", "Sam Rivera", "--to", "Lee Park", "--status", "asked",
                     "--date", "2026-10-01")
    assert later.exit_code == 0, later.output
