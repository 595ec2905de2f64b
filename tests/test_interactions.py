"""Call/meeting logs: canonical CSV, synonyms, dates, encodings, Salesforce and HubSpot exports."""
import pytest

import refgraph
from refgraph.sources.interactions import normalise_channel, read_interactions

from .conftest import AS_OF, write, store_dump, sqlite_file


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


CANONICAL = (
    "date,person,email,linkedin_url,company,title,channel,subject,direction,owner,duration_minutes\n"
    "2024-02-11,Maria Ortiz,maria@contoso.example,,Contoso,VP Finance,Phone,Planning,outbound,Alex Morgan,30\n"
    "2024-02-11T15:30:00-05:00,Maria Ortiz,,,,,zoom,Follow-up,,Alex Morgan,\n"
    "2/12/2024,maria@contoso.example,maria@contoso.example,,,,In Person,Lunch,,Alex Morgan,\n"
    "13 Feb 2024,Maria Ortiz,,,,,Teams,,,Sam Rivera,\n"
    "\"1/8/24, 6:14 PM\",Lee Park,,https://www.linkedin.com/in/lee-park/,Contoso,CFO,coffee,,,Sam Rivera,\n"
    ",,,,,,,,,,\n"
)


def events(db, name):
    with refgraph.open(db) as g:
        return [(r["owner"], [(e["date"], e["channel"], e["direction"], e["subject"]) for e in r["events"]])
                for r in g.why(name, AS_OF).data["relationships"]]


def test_canonical_csv_with_synonyms_dates_and_owners(run, db, tmp_path):
    f = write(tmp_path / "log.csv", "\ufeff" + CANONICAL, newline="\r\n")
    result = run("import", "interactions", f)
    assert result.output == (f"Imported interactions CSV from {f}: 4 new people, 0 updated, 0 job changes, "
                             "5 new interactions; 6 rows: 5 new, 1 skipped (blank rows 1)\n")
    assert sorted(events(db, "Maria Ortiz")) == [
        ("Alex Morgan", [("2024-02-11", "call", "outbound", "Planning"), ("2024-02-11", "video", "", "Follow-up"),
                         ("2024-02-12", "meeting", "", "Lunch")]),
        ("Sam Rivera", [("2024-02-13", "video", "", "")])]
    assert events(db, "https://linkedin.com/in/lee-park") == [("Sam Rivera", [("2024-01-08", "meeting", "", "")])]
    with refgraph.open(db) as g:
        owners = [r["name"] for r in g.store.owners()]
        assert owners == ["Alex Morgan", "Sam Rivera"]   # the first imported is the default
        assert g.store.query("SELECT stamp FROM interactions WHERE channel = 'video' AND day = '2024-02-11'")[0][0] \
            == "2024-02-11T15:30:00-05:00"
    again = run("import", "interactions", f)
    assert again.output == f"Imported interactions CSV from {f}: 0 new; 6 rows: 5 unchanged, 1 skipped (blank rows 1)\n"


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8"])
def test_encodings(run, db, tmp_path, encoding):
    text = "date\tperson\tchannel\towner\n2024-03-01\tJosé Álvarez\tcall\tZoë Müller\n"
    if encoding != "utf-16":
        text = text.replace("\t", ",")
    f = write(tmp_path / "log.csv", text, encoding=encoding)
    result = run("import", "interactions", f)
    assert result.exit_code == 0, result.output
    assert events(db, "jose alvarez") == [("Zoë Müller", [("2024-03-01", "call", "", "")])]


def test_owner_option_and_default_owner(run, db, tmp_path):
    sqlite_file(db)
    f = write(tmp_path / "a.csv", "date,person,channel\n2024-03-01,Ann Lee,call\n")
    result = run("import", "interactions", f)
    assert result.output == f"Error: {f}: no owner named — pass --owner NAME (the person whose network this is) " \
                            "or add an owner column\n"
    assert not db.exists()
    run("import", "interactions", f, "--owner", "Alex Morgan")
    g = write(tmp_path / "b.csv", "date,person,channel\n2024-03-02,Ann Lee,video\n")
    result = run("import", "interactions", g)   # the default owner now
    assert result.output.startswith(f"Imported interactions CSV from {g} for Alex Morgan: 0 new people")


def test_salesforce_task_export_is_recognised(run, db, tmp_path):
    f = write(tmp_path / "sf.csv",
              "Id,Subject,ActivityDate,Type,TaskSubtype,CallType,CallDurationInSeconds,WhoId,Who.Name,WhatId,AccountId,OwnerId,Assigned\n"
              "00T1,Call with Maria,2024-05-02,Call,Call,Outbound,1800,003A,Maria Ortiz,,001A,005A,Alex Morgan\n"
              "00T2,Sent deck,2024-05-03,Email,Email,,,003A,Maria Ortiz,,001A,005A,Alex Morgan\n")
    result = run("import", "interactions", f)
    assert result.output.startswith(f"Imported Salesforce activity export from {f} for Alex Morgan: 2 new people")
    assert events(db, "Maria Ortiz") == [("Alex Morgan", [("2024-05-02", "call", "outbound", "Call with Maria"),
                                                          ("2024-05-03", "email", "", "Sent deck")])]
    with refgraph.open(db) as g:
        assert g.store.query("SELECT duration_minutes FROM interactions WHERE channel='call'")[0][0] == 30.0


def test_hubspot_call_export_is_recognised(run, db, tmp_path):
    f = write(tmp_path / "hs.csv",
              "hs_object_id,hs_timestamp,hs_call_title,hs_call_duration,hs_call_direction,Associated Contact\n"
              "1,1714665600000,Discovery,600000,OUTBOUND,Priya Natarajan\n"
              "2,2024-05-03T10:00:00Z,Follow-up,300000,INBOUND,Priya Natarajan\n")
    result = run("import", "interactions", f, "--owner", "Alex Morgan")
    assert result.output.startswith(f"Imported HubSpot engagement export from {f} for Alex Morgan: 2 new people")
    assert events(db, "Priya Natarajan") == [("Alex Morgan", [("2024-05-02", "call", "outbound", "Discovery"),
                                                              ("2024-05-03", "call", "inbound", "Follow-up")])]


def test_hubspot_outcomes_and_call_statuses_of_no_conversation(run, db, tmp_path):
    # the API shape: outcome GUIDs (Connected, Left voicemail, No answer), call statuses, a meeting's
    # NO_SHOW; only what connected (or says nothing against it) is a conversation, the rest a touch
    f = write(tmp_path / "hs-calls.csv",
              "hs_timestamp,hs_call_title,hs_call_disposition,hs_call_status,Associated Contact\n"
              "2026-05-01T10:00:00Z,A,f240bbac-87c9-4f6e-bf70-924b57d47db7,COMPLETED,Ann Able\n"
              "2026-05-02T10:00:00Z,B,b2cf5968-551e-4856-9783-52b3da59a7d0,COMPLETED,Ann Able\n"
              "2026-05-03T10:00:00Z,C,73a0d17f-1163-4015-bdd5-ec830791da20,,Ann Able\n"
              "2026-05-04T10:00:00Z,D,,CANCELED,Ann Able\n"
              "2026-05-05T10:00:00Z,E,,FAILED,Ann Able\n"
              "2026-05-06T10:00:00Z,F,,COMPLETED,Ann Able\n"
              "2026-05-07T10:00:00Z,G,,MISSED,Ann Able\n"
              "2026-05-08T10:00:00Z,H,,IN_PROGRESS,Ann Able\n")
    assert run("import", "interactions", f, "--owner", "Alex Morgan").exit_code == 0
    assert [(day, channel) for day, channel, _, _ in events(db, "Ann Able")[0][1]] == [
        ("2026-05-01", "call"), ("2026-05-02", "note"), ("2026-05-03", "note"), ("2026-05-04", "note"),
        ("2026-05-05", "note"), ("2026-05-06", "call"), ("2026-05-07", "note"), ("2026-05-08", "note")]
    meetings = write(tmp_path / "hs-meetings.csv",
                     "hs_meeting_start_time,hs_meeting_title,hs_meeting_outcome,Associated Contact\n"
                     "2026-05-07T10:00:00Z,G,NO_SHOW,Bo Baker\n"
                     "2026-05-08T10:00:00Z,H,COMPLETED,Bo Baker\n")
    assert run("import", "interactions", meetings, "--owner", "Alex Morgan").exit_code == 0
    assert [(day, channel) for day, channel, _, _ in events(db, "Bo Baker")[0][1]] == [
        ("2026-05-07", "note"), ("2026-05-08", "meeting")]


def test_map_names_other_columns(run, db, tmp_path):
    f = write(tmp_path / "x.csv", "When,Who,How\n2024-06-01,Ann Lee,lunch\n")
    result = run("import", "interactions", f, "--owner", "Alex Morgan", "--map", "date=When", "--map", "person=Who",
                 "--map", "channel=How")
    assert result.exit_code == 0, result.output
    assert events(db, "Ann Lee") == [("Alex Morgan", [("2024-06-01", "meeting", "", "")])]


@pytest.mark.parametrize("text,channel", [
    ("Phone", "call"), ("ZOOM", "video"), ("video call", "video"), ("Google Meet", "video"), ("in person", "meeting"),
    ("Lunch", "meeting"), ("coffee", "meeting"), ("e-mail", "email"), ("InMail", "message"), ("carrier pigeon", None)])
def test_channel_synonyms(text, channel):
    assert normalise_channel(text) == channel


def test_logged_rows_keep_no_body_columns(tmp_path):
    f = write(tmp_path / "log.csv", "date,person,channel,notes body\n2024-01-01,Ann Lee,call,secret pricing\n")
    batch = read_interactions(f, owner="Alex Morgan")
    assert "secret" not in repr(batch.interactions)


def test_hubspot_ui_labels_voicemail_durations_and_several_contacts(run, db, tmp_path):
    f = write(tmp_path / "hubspot-crm-exports-all-calls.csv",
              "Activity date,Call title,Call direction,Call duration (HH:mm:ss),Call outcome,Associated Contact\n"
              "2026-05-02 10:00,Discovery,Outbound,00:30:00,Connected,Tomasz Nowak;Harriet Vance\n"
              "2026-05-03 10:00,Follow-up,Outbound,00:00:45,Left voicemail,Tomasz Nowak\n")
    result = run("import", "interactions", f, "--owner", "Alex Morgan")
    assert result.output == (f"Imported interactions CSV from {f} for Alex Morgan: 3 new people, 0 updated, "
                             "0 job changes, 2 new interactions; 2 rows: 2 new\n")
    assert events(db, "Tomasz Nowak") == [("Alex Morgan", [("2026-05-02", "call", "outbound", "Discovery"),
                                                           ("2026-05-03", "note", "outbound", "Follow-up")])]
    assert events(db, "Harriet Vance") == [("Alex Morgan", [("2026-05-02", "call", "outbound", "Discovery")])]
    with refgraph.open(db) as g:
        assert [r[0] for r in g.store.query("SELECT duration_minutes FROM interactions ORDER BY day")] == [30.0, 0.75]


def test_salesforce_report_labels_footer_open_tasks_and_zones(run, db, tmp_path):
    f = write(tmp_path / "report1763630040123.csv",
              '"Subject","Date","Assigned","Name","Task Type","Status"\n'
              '"Call","3 Feb 2025 14:30 CET","Alex Morgan","Søren Kierkegård","Call","Completed"\n'
              '"Prep","4 Feb 2025","Alex Morgan","Søren Kierkegård","Call","Not Started"\n'
              '\n\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
              '"Confidential Information - Do Not Distribute"\n"Generated By: Alex Morgan  11/20/2026 9:14 AM"\n')
    result = run("import", "interactions", f)
    assert result.output == (f"Imported interactions CSV from {f} for Alex Morgan: 2 new people, 0 updated, "
                             "0 job changes, 1 new interactions; 7 rows: 1 new, 6 skipped (blank rows 2, open tasks 1, "
                             "report footer lines 3)\n")
    with refgraph.open(db) as g:
        assert g.store.query("SELECT stamp FROM interactions")[0][0] == "2025-02-03T14:30:00+01:00"


def test_an_unclosed_quote_is_an_error_with_its_row(run, db, tmp_path):
    f = write(tmp_path / "q.csv", 'date,person,channel,owner\n2026-01-01,Ann Lee,call,Alex\n'
                                  '2026-01-02,"Bo Ek,call,Alex\n2026-01-03,Cy Ode,call,Alex\n')
    result = run("import", "interactions", f)
    assert (result.exit_code, result.output) == (1, f"Error: {f}: row 3: a quoted cell is never closed — fix the "
                                                    "quotes in that row or save the file again as CSV\n")


# -- streaming: a big log is read as it is written, in a worker process ---------------------------
TABLES = {
    "plain": b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n",
    "crlf_bom": b"\xef\xbb\xbfa,b\r\n1,2\r\n\r\n3,4\r\n",
    "preamble": b"Notes:\n\"blah, blah\"\n\nFirst Name,Last Name\nA,B\n",
    "cr_only": b"a,b\r1,2\r3,4\r",
    "quoted_newline": b"a,b\n\"x\ny\",2\n3,4\n",
    "unclosed": b"a,b\n\"x,2\n3,4\n",
    "footer": b"a,b\n1,2\n\n\"Copyright 2024\"\n5,6\n,\n",
    "repeated_header": b"a,b,a\n1,2,3\n4,5\n",
    "cp1252": "a,b\nJos\xe9,2\n".encode("latin-1"),
    "utf16": "a,b\nJosé,2\n".encode("utf-16"),
    "bad_utf16": b"\xff\xfea\x00,\x00b",
    "empty": b"  \n\n",
    "zip": b"PK\x03\x04rest",
    "binary": b"a,b\x00\n",
    "json": b"  {\"a\": 1}",
    "semicolons": b"a;b;c\n1;2;3\n",
    "blank_lines_first": b"\n" * 70 + b"a,b\n1,2\n",
    "vertical_tab": b"x\x0by\na,b\n1,2\n",
    "quote_in_cell": b"a,b\n1,\"2\"x\n",
}


@pytest.mark.parametrize("data", TABLES.values(), ids=TABLES.keys())
def test_stream_table_reads_what_read_table_reads(tmp_path, data):
    from refgraph.errors import InputError
    from refgraph.sources.tabular import read_table, stream_table

    f = tmp_path / "t.csv"
    f.write_bytes(data)

    def whole():
        t = read_table(f)
        return t.header, [(line, {h: row.get(h, "") for h in t.header}) for line, row in t.rows], t.blank, t.footer

    def streamed():
        t = stream_table(f)
        rows = [(line, {h: t.getter(h)(cells) for h in t.header}) for line, cells in t.rows]
        return t.header, rows, t.blank, t.footer

    outcomes = []
    for read in (whole, streamed):
        try:
            outcomes.append(read())
        except InputError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]


def test_a_log_parsed_in_a_worker_imports_the_same(run, tmp_path, monkeypatch):
    import sys

    from refgraph.sources import interactions
    from refgraph.sources.worker import can_work_ahead

    from .conftest import SAMPLES

    assert can_work_ahead() or not sys.platform.startswith("linux")   # the worker is really tried
    log = tmp_path / "log.csv"
    log.write_bytes((SAMPLES / "interactions.csv").read_bytes() + CANONICAL.split("\n", 1)[1].encode())
    outcomes = []
    for ahead in (1 << 40, 0):   # in this process, then in a worker
        monkeypatch.setattr(interactions, "AHEAD_BYTES", ahead)
        db = tmp_path / f"{ahead}.db"
        runner = refgraph.open(db)
        lines = [runner.import_linkedin(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip").line(),
                 runner.import_interactions(log).line().replace(str(log), "LOG"),
                 runner.import_interactions(log).line().replace(str(log), "LOG")]   # again: nothing new
        runner.close()
        outcomes.append((lines, store_dump(db)))
    assert outcomes[0] == outcomes[1]
    assert " 0 new;" in outcomes[0][0][2] or outcomes[0][0][2].endswith(": 0 new")


@pytest.mark.parametrize("ahead", [1 << 40, 0], ids=["here", "worker"])
def test_a_bad_row_deep_in_a_streamed_log_changes_nothing(tmp_path, monkeypatch, ahead):
    from refgraph.sources import interactions

    from .test_bad_input import assert_error, fingerprint, invoke

    monkeypatch.setattr(interactions, "AHEAD_BYTES", ahead)
    db = tmp_path / "store.db"
    good = write(tmp_path / "good.csv", CANONICAL)
    assert invoke(db, "import", "interactions", good).exit_code == 0
    before = fingerprint(db)
    rows = "".join(f"2024-03-{d:02d},Person {n},p{n}@x.example,,,,call,,,Alex Morgan,\n"
                   for n in range(3000) for d in (1 + n % 28,))
    bad = write(tmp_path / "bad.csv", CANONICAL.split("\n", 1)[0] + "\n" + rows + "31 Feb 2024,Ann,,,,,call,,,,\n"
                + rows.replace("2024-03", "2024-04"))
    out = invoke(db, "import", "interactions", bad)
    assert_error(out, f"Error: {bad}: row 3002: ", "cannot read the date '31 Feb 2024'")
    assert fingerprint(db) == before
    # a row the store cannot take (an owner close to another's name) before a row that cannot be
    # read: the file's own error is the one reported, as when the whole file was read first
    typo = write(tmp_path / "typo.csv", CANONICAL.split("\n", 1)[0] + "\n"
                 + "2024-03-01,Ann,,,,,call,,,Alex Morgen,\n" + rows + "2024-03-01,Ann,,,,,fax,,,,\n")
    out = invoke(db, "import", "interactions", typo)
    assert_error(out, f"Error: {typo}: row 3003: ", "unknown channel 'fax'")
    assert fingerprint(db) == before
    fine = write(tmp_path / "fine.csv", CANONICAL.split("\n", 1)[0] + "\n"
                 + "2024-03-01,Ann,,,,,call,,,Alex Morgen,\n" + rows)
    out = invoke(db, "import", "interactions", fine)
    assert_error(out, f"Error: {fine}: ", "no owner called 'Alex Morgen'", "did you mean 'Alex Morgan'?")
    assert fingerprint(db) == before
