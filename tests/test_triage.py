"""``refgraph triage``: a LinkedIn-only store's likely real relationships as a CSV to fill in, which
``refgraph import interactions`` reads back (rows left empty skipped and counted)."""
from __future__ import annotations

import csv
import io
import os
import shutil
import stat
from datetime import date

import pytest

import refgraph
from refgraph.cli import cli
from refgraph.sources.interactions import CANONICAL
from refgraph.strength import DEFAULTS
from refgraph.triage import COLUMNS, triage

from .conftest import SAMPLES, stderr_apart, write
from .memory_reads import MemoryReads

AS_OF = "2026-11-01"
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def linkedin_only(tmp_path_factory):
    """A store holding Alex Morgan's Complete LinkedIn export and nothing else (read-only)."""
    path = tmp_path_factory.mktemp("linkedin") / "linkedin.db"
    with refgraph.open(path) as g:
        g.import_linkedin(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip")
    return path


@pytest.fixture
def store(linkedin_only, tmp_path):
    path = tmp_path / "store.db"
    shutil.copy(linkedin_only, path)
    return path


def cli_run(db, *args):
    result = stderr_apart().invoke(cli, ["--db", str(db), *map(str, args)], catch_exceptions=False)
    return result


def test_the_columns_are_the_canonical_ones_then_the_evidence():
    assert COLUMNS == (*CANONICAL, "evidence")


def test_triage_lists_the_likely_relationships_latest_first(store):
    result = cli_run(store, "triage", "--as-of", AS_OF, "--limit", "4")
    assert result.exit_code == 0
    assert result.stdout == (
        HEADER + "\n"
        ",Priya Natarajan,,,https://www.linkedin.com/in/priya-natarajan-data,\"Fabrikam, Inc.\",Head of Data,,,Alex Morgan,,"
        "6 messages both ways; 6 group messages together; recommended you; endorsed you; last 2026-10-27; "
        "connected 2024-12-02\n"
        ",Kevin Adeyemi,,,https://www.linkedin.com/in/kevin-adeyemi,Wingtip Toys,Customer Success Manager,,,Alex Morgan,,"
        "2 messages both ways; last 2026-10-21; connected 2018-03-08\n"
        ",Sam Rivera,,sam.rivera@northwind.example,https://www.linkedin.com/in/sam-rivera-nw,Northwind Analytics,"
        "Account Executive,,,Alex Morgan,,7 messages both ways; recommended you; you recommended them; "
        "endorsed you 2 times; last 2026-10-20; connected 2021-06-21\n"
        ",Nina Hughes,,nina.hughes@relecloud.example,https://www.linkedin.com/in/ninahughes7,Relecloud,Product Manager,,,"
        "Alex Morgan,,6 messages both ways; last 2026-10-02; connected 2024-08-15\n")
    assert result.stderr == ""


def test_the_round_trip_makes_real_conversations_and_skips_the_rows_left_empty(store, tmp_path):
    out = tmp_path / "triage.csv"
    result = cli_run(store, "triage", "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 0
    assert result.stdout == (f"Wrote 50 people to {out} for Alex Morgan: fill in date and channel (call, video, "
                             "meeting) for those you really talked with, leave the others empty, then run "
                             f"refgraph import interactions {out}\n")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    where = {r["person"]: i for i, r in enumerate(rows)}
    assert len(rows) == 50 and (where["Priya Natarajan"], where["Dana Whitfield"]) == (0, 4)
    maria, dana = rows[where["Maria Ortiz"]], rows[where["Dana Whitfield"]]
    maria.update(date="2026-10-30", channel="call")
    dana.update(date="2026-09-15", channel="meeting")
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)

    result = cli_run(store, "import", "interactions", out)
    assert result.exit_code == 0
    assert result.stdout == (f"Imported interactions CSV from {out} for Alex Morgan: 0 new people, 0 updated, "
                             "0 job changes, 2 new interactions; 50 rows: 2 new, 48 skipped (rows left to fill in 48)\n")
    again = cli_run(store, "import", "interactions", out)
    assert again.stdout == (f"Imported interactions CSV from {out} for Alex Morgan: 0 new; 50 rows: 2 unchanged, "
                            "48 skipped (rows left to fill in 48)\n")

    with refgraph.open(store) as g:
        people = {r["name"]: r for r in g.people(date(2026, 11, 1), limit=3)}
        assert [(name, r["conversations"], str(r["last_conversation"])) for name, r in people.items()] == [
            ("Maria Ortiz", 1, "2026-10-30"), ("Dana Whitfield", 1, "2026-09-15"), ("Yuki Evans", 0, "None")]
        left = [r["person"] for r in g.triage(date(2026, 11, 1), limit=4)]
    # the two are no longer to triage: they have a real conversation now
    assert left == ["Priya Natarajan", "Kevin Adeyemi", "Sam Rivera", "Nina Hughes"]


def test_a_row_with_only_one_of_date_and_channel_is_still_an_error(store, tmp_path):
    log = write(tmp_path / "log.csv", "date,person,channel\n,Maria Ortiz,\n2026-10-30,Dana Whitfield,\n")
    result = cli_run(store, "import", "interactions", log)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {log}: row 3: the channel is empty — use one of meeting, video, call, email, "
                             "message, invitation, recommendation, endorsement, connection, note (or a synonym "
                             "such as phone, zoom, lunch)\n")
    log = write(tmp_path / "log2.csv", "date,person,channel\n,Maria Ortiz,call\n")
    result = cli_run(store, "import", "interactions", log)
    assert result.exit_code == 1 and "row 2" in result.stderr and "date" in result.stderr


def test_nobody_to_triage_says_so(tmp_path):
    db = tmp_path / "basic.db"
    export = next(p for p in SAMPLES.glob("Basic_LinkedInDataExport_*") if p.is_dir())
    connections = shutil.copy(next(export.rglob("Connections.csv")), tmp_path / "Connections.csv")
    with refgraph.open(db) as g:   # connections only: no evidence of a real relationship
        g.import_linkedin(connections, owner="Sam Rivera")
    result = cli_run(db, "triage", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout == HEADER + "\n"
    assert result.stderr == ("Nobody to triage: no one with messages, recommendations or endorsements and no real "
                             "conversation yet\n")
    out = tmp_path / "t.csv"
    result = cli_run(db, "triage", "--as-of", AS_OF, "-o", out)
    assert result.stdout == ("Nobody to triage: no one with messages, recommendations or endorsements and no real "
                             "conversation yet\n")
    assert not out.exists()


def _event(day, channel, direction=None, attendees=None):
    return {"day": day, "channel": channel, "direction": direction, "attendees": attendees}


def test_the_evidence_ranks_and_a_real_conversation_leaves_a_person_out():
    people = {i: {"id": i, "name": name, "company": company, "title": None, "linkedin": None, "email": None}
              for i, name, company in ((1, "Olivia Owner", None), (2, "Ann Both", "=HYPERLINK(1)"),
                                       (3, "Bo Oneway", None), (4, "Cy Recommended", None), (5, "Di Talked", None),
                                       (6, "Ed Connected", None), (7, "Fay Group", None), (8, "Gus Both", None))}
    events = {
        (1, 2): [_event("2026-01-02", "message", "inbound"), _event("2026-01-03", "message", "outbound")],
        (1, 8): [_event("2026-03-02", "email", "inbound"), _event("2026-03-03", "email", "outbound")],
        (1, 3): [_event("2026-05-01", "message", "inbound")],
        (1, 4): [_event("2020-01-01", "recommendation", "outbound"), _event("2020-02-01", "endorsement", "inbound")],
        (1, 5): [_event("2026-01-01", "message", "inbound"), _event("2026-01-01", "message", "outbound"),
                 _event("2026-02-01", "call")],
        (1, 6): [_event("2019-01-01", "connection")],
        (1, 7): [_event("2026-06-01", "message", "inbound", 5), _event("2026-06-02", "message", "outbound", 5),
                 _event("2026-12-01", "recommendation", "inbound")],   # after as_of: not read
    }
    reads = MemoryReads({1: "Olivia Owner"}, {}, people=people, events=events)
    rows = triage(reads, DEFAULTS, as_of=date(2026, 11, 1))
    # the latest first; messages one way alone (Bo Oneway's) are no evidence
    assert [(r["person"], r["evidence"]) for r in rows] == [
        ("Fay Group", "2 group messages together; last 2026-06-02"),
        ("Gus Both", "2 emails both ways; last 2026-03-03"),
        ("Ann Both", "2 messages both ways; last 2026-01-03"),
        ("Cy Recommended", "you recommended them; endorsed you; last 2020-02-01")]
    assert rows.columns == list(COLUMNS)


def test_cells_a_spreadsheet_would_run_are_escaped(tmp_path):
    people = {1: {"id": 1, "name": "Olivia Owner", "company": None, "title": None},
              2: {"id": 2, "name": "Ann Both", "company": "=HYPERLINK(1)", "title": "@boss"}}
    reads = MemoryReads({1: "Olivia Owner"}, {}, people=people,
                        events={(1, 2): [_event("2026-01-02", "message", "inbound"),
                                         _event("2026-01-02", "endorsement", "inbound")]})
    rows = triage(reads, DEFAULTS, as_of=date(2026, 11, 1))
    out = tmp_path / "t.csv"
    with refgraph.open(tmp_path / "x.db") as g:
        assert g.write_triage(rows, out) == 1
    assert out.read_text(encoding="utf-8").splitlines()[1] == (
        ",Ann Both,,,,'=HYPERLINK(1),'@boss,,,Olivia Owner,,1 message from them; endorsed you; last 2026-01-02")
