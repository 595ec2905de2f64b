"""Hostile rows and hostile text: dates no one lived, durations no call lasted, NUL characters,
a column named twice, control characters bound for a terminal, and the bug nobody planned for.

- Every date, on the command line or in a file, is within the years 1901 to 2199 (``refgraph.dates``):
  year 1, 1900 and 9999 are placeholders, and date arithmetic past 9999 crashed.
- A duration that is negative, not a number or infinite is an error with its row, as an unreadable
  one is.
- A NUL character anywhere in a CSV is an error with its line (a damaged file), in every importer.
- A column an importer reads that the header names twice is an error naming the column.
- What reaches a terminal has no control characters and no line breaks; JSON and CSV keep the text.
- An unexpected exception (a bug) is one line from the ``refgraph`` command, naming the file, and
  leaves the store as it was; ``--debug`` or ``REFGRAPH_DEBUG=1`` shows the traceback, and the
  click group itself (what tests invoke) lets the real exception through.
"""
from __future__ import annotations

import gc
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

import pytest

import refgraph
from refgraph.cli import cli, main
from refgraph.dates import FIRST_DAY, LAST_DAY, date_problem, parse_when
from refgraph.errors import InputError, RefgraphError
from refgraph.output import render, terminal_text

from .conftest import stderr_apart, write

HEADER = "date,person,channel,duration_minutes\n"
GOOD = "2024-01-02,Ann Lee,call,20\n"
DATE_FIX = "write the day it happened, as 2024-02-11, 2/11/2024 or 11 Feb 2024"
BUG = "this is a bug in refgraph; run again with --debug (or REFGRAPH_DEBUG=1) to see the traceback"


def fingerprint(db: Path) -> dict[str, str]:
    gc.collect()
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(db.parent.glob(db.name + "*"))
            if p.stat().st_size}


@pytest.fixture
def store(tmp_path):
    """A small store: Alex Morgan's call with Ann Lee on 2024-01-02."""
    db = tmp_path / "store.db"
    with refgraph.open(db) as g:
        g.import_interactions(write(tmp_path / "first.csv", HEADER + GOOD), owner="Alex Morgan")
    return db


def invoke(db, *args):
    return stderr_apart().invoke(cli, ["--db", str(db), *map(str, args)], catch_exceptions=False)


# -- dates: one range, everywhere ---------------------------------------------------------------------
def test_the_range_of_dates():
    assert (FIRST_DAY, LAST_DAY) == (date(1901, 1, 1), date(2199, 12, 31))
    for text in ("0001-01-01", "1900-01-01", "1/1/1900", "12/31/1900", "9999-12-31", "12/31/9999", "31 Dec 9999",
                 "2200-01-01", "0000", "Jan 0000", "9999999999999", "2024-01-01 10:00 +2400"):
        assert parse_when(text) is None, text
    assert parse_when("1901-01-01").day == date(1901, 1, 1)
    assert parse_when("12/31/2199").day == date(2199, 12, 31)
    assert date_problem("1900-01-01") == "the date '1900-01-01' is outside the years 1901 to 2199"
    assert date_problem("0001-01-01T00:00:00") == "the date '0001-01-01T00:00:00' is outside the years 1901 to 2199"
    assert date_problem("2024-02-30") == "cannot read the date '2024-02-30'"
    assert date_problem("") == "the date is empty"


@pytest.mark.parametrize("args, option", [
    (["people", "--as-of", "9999-12-31"], "--as-of"),
    (["reconnect", "--start", "9999-12-30"], "--start"),
    (["reconnect", "--as-of", "9999-12-31"], "--as-of"),
    (["reconnect", "--since", "0001-01-01"], "--since"),
    (["why", "Ann Lee", "--as-of", "1900-12-31"], "--as-of"),
    (["log", "Ann Lee", "--channel", "call", "--date", "2200-01-01"], "--date"),
    (["plot", "network", "-o", "x.png", "--as-of", "9999-12-31"], "--as-of"),
])
def test_a_date_option_outside_the_range_is_a_usage_error(store, args, option):
    before = fingerprint(store)
    result = invoke(store, *args)
    assert result.exit_code == 2
    value = args[args.index(option) + 1]
    assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for '{option}': {value!r} is outside the years "
                                              "1901 to 2199; write a date in that range")
    assert result.stdout == ""
    assert fingerprint(store) == before


def test_the_range_s_last_and_first_days_work(store):
    result = invoke(store, "reconnect", "--as-of", "2199-12-31", "--start", "2199-12-31", "--json")
    assert result.exit_code == 0, result.output
    assert [(row["name"], row["date"]) for row in json.loads(result.stdout)] == [("Ann Lee", "2199-12-31")]
    assert invoke(store, "reconnect", "--since", "1901-01-01", "--as-of", "2199-12-31").stdout == (
        "Nothing changed between 1901-01-01 and 2199-12-31.\n")
    assert invoke(store, "people", "--as-of", "1901-01-01", "--csv").stdout.splitlines()[1].startswith("Ann Lee,")
    result = invoke(store, "log", "Ann Lee", "--channel", "call", "--date", "2199-12-31")
    assert result.stdout == "Logged call with Ann Lee on 2199-12-31 for Alex Morgan.\n"


@pytest.mark.parametrize("cell", ["0001-01-01", "1900-01-01", "9999-12-31", "12/31/9999", "1/1/1900 12:00 AM"])
def test_an_interaction_date_outside_the_range_is_an_error_with_its_row(store, tmp_path, cell):
    f = write(tmp_path / "log.csv", HEADER + GOOD + f"{cell},Bob Ray,call,5\n")
    before = fingerprint(store)
    with refgraph.open(store) as g, pytest.raises(InputError) as caught:
        g.import_interactions(f, owner="Alex Morgan")
    assert str(caught.value) == f"{f}: row 3: the date {cell!r} is outside the years 1901 to 2199 — {DATE_FIX}"
    assert fingerprint(store) == before
    result = invoke(store, "import", "interactions", f, "--owner", "Alex Morgan")
    assert (result.exit_code, result.stderr) == (1, f"Error: {caught.value}\n")


def test_a_mapped_date_column_outside_the_range_too(store, tmp_path):
    f = write(tmp_path / "crm.csv", "When,Contact,Kind\n2024-03-01,Ann Lee,Call\n12/31/9999,Bob Ray,Call\n")
    result = invoke(store, "import", "interactions", f, "--owner", "Alex Morgan", "--map", "date=When",
                    "--map", "person=Contact", "--map", "channel=Kind")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {f}: row 3: the date '12/31/9999' is outside the years 1901 to 2199 — {DATE_FIX}\n")


def test_knows_and_linkedin_dates_outside_the_range_are_refused(tmp_path):
    f = write(tmp_path / "knows.csv", "person,knows,last_contact\nAnn Lee,Bob Ray,9999-12-31\n")
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        g.import_knows(f)
    assert str(caught.value) == (f"{f}: row 2: the date '9999-12-31' is outside the years 1901 to 2199 in "
                                 "last_contact — write dates as 2024-02-11, 2/11/2024 or 11 Feb 2024")
    f = write(tmp_path / "Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
              "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Contoso,CFO,1 Jan 1900\n")
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        g.import_linkedin(f, owner="Alex Morgan")
    assert str(caught.value) == (f"{f}: row 2: the date '1 Jan 1900' is outside the years 1901 to 2199 in "
                                 "Connected On — fix the cell or export the file again")
    f = write(tmp_path / "messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,"
              "SUBJECT,CONTENT,FOLDER\nc1,,Ann Lee,,Alex Morgan,9999-01-01 10:00:00 UTC,,Hi,INBOX\n")
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        g.import_linkedin(f, owner="Alex Morgan")   # a file of message bodies: the cell is not shown
    assert str(caught.value) == (f"{f}: row 2: the date is outside the years 1901 to 2199 in DATE — "
                                 "fix the cell or export the file again")


# -- durations ------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, problem, fix", [
    ("-30", "the duration '-30' is negative", "write a number of minutes from 0 up, or leave the cell empty"),
    ("NaN", "cannot read the duration 'NaN'", "write a number of minutes"),
    ("nan", "cannot read the duration 'nan'", "write a number of minutes"),
    ("1e400", "cannot read the duration '1e400'", "write a number of minutes"),
    ("-inf", "cannot read the duration '-inf'", "write a number of minutes"),
    ("Infinity", "cannot read the duration 'Infinity'", "write a number of minutes"),
])
def test_a_duration_no_call_lasted_is_an_error_with_its_row(store, tmp_path, cell, problem, fix):
    f = write(tmp_path / "log.csv", HEADER + GOOD + f"2024-01-03,Bob Ray,call,{cell}\n")
    before = fingerprint(store)
    with refgraph.open(store) as g, pytest.raises(InputError) as caught:
        g.import_interactions(f, owner="Alex Morgan")
    assert str(caught.value) == f"{f}: row 3: {problem} — {fix}"
    assert fingerprint(store) == before


def test_a_salesforce_duration_in_seconds_below_zero_too(tmp_path):
    f = write(tmp_path / "Task.csv", "ActivityDate,Who.Name,TaskSubtype,Status,CallDurationInSeconds\n"
                                     "2024-05-02,Ann Lee,Call,Completed,600\n2024-05-03,Bob Ray,Call,Completed,-60\n")
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        g.import_interactions(f, owner="Alex Morgan")
    assert str(caught.value) == (f"{f}: row 3: the duration '-60' is negative — write a number of minutes from 0 up, "
                                 "or leave the cell empty")


def test_durations_of_zero_and_empty_still_import(tmp_path):
    f = write(tmp_path / "log.csv", HEADER + "2024-01-02,Ann Lee,call,0\n2024-01-03,Bob Ray,call,\n"
                                             "2024-01-04,Cy Moe,call,1e300\n")
    db = tmp_path / "s.db"
    with refgraph.open(db) as g:
        g.import_interactions(f, owner="Alex Morgan")
        rows = g.store.query("SELECT day, duration_minutes FROM interactions ORDER BY day")
    assert list(map(tuple, rows)) == [("2024-01-02", 0.0), ("2024-01-03", None), ("2024-01-04", 1e300)]


# -- NUL characters -------------------------------------------------------------------------------
NUL_FIX = "the file holds a NUL character (a damaged or binary file) — export it again and import the new file"


def _with_nul(rows: int = 300) -> str:
    return HEADER + GOOD * rows + "2024-01-03,Maria\x00 Ortiz,call,5\n"   # past the first 4 KB


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_a_nul_past_the_first_4_kb_is_an_error_naming_the_file_and_line(store, tmp_path, encoding):
    text = _with_nul() if encoding != "cp1252" else _with_nul().replace("Ann Lee", "José Lee")
    f = tmp_path / "log.csv"
    f.write_bytes(text.encode(encoding))
    assert f.stat().st_size > 4096
    before = fingerprint(store)
    with refgraph.open(store) as g, pytest.raises(InputError) as caught:
        g.import_interactions(f, owner="Alex Morgan")
    assert str(caught.value) == f"{f}: row 302: {NUL_FIX}"
    assert fingerprint(store) == before
    result = invoke(store, "import", "interactions", f, "--owner", "Alex Morgan")
    assert (result.exit_code, result.stderr) == (1, f"Error: {f}: row 302: {NUL_FIX}\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_read_table_and_stream_table_say_the_same_of_a_nul(tmp_path, encoding):
    from refgraph.sources.tabular import read_table, stream_table

    f = tmp_path / "t.csv"
    f.write_bytes(("a,b\n" + "x,é\n" * 2000 + "y,\x00\nz,1\n").encode(encoding))
    said = []
    for read in (read_table, stream_table):
        with pytest.raises(InputError) as caught:
            list(read(f).rows)
        said.append(str(caught.value))
    assert said == [f"{f}: row 2002: {NUL_FIX}"] * 2


@pytest.mark.parametrize("importer, text", [
    ("knows", "person,knows\n" + "Ann Lee,Bob Ray\n" * 400 + "Maria\x00 Ortiz,Bob Ray\n"),
    ("accounts", "name,domain\n" + "Contoso,contoso.example\n" * 200 + "Fabrikam\x00,fabrikam.example\n"),
    ("contacts", "Name,E-mail 1 - Value\n" + "Ann Lee,ann@contoso.example\n" * 200 + "Maria\x00 Ortiz,m@x.example\n"),
])
def test_every_csv_importer_refuses_a_nul(tmp_path, importer, text):
    f = write(tmp_path / f"{importer}.csv", text)
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        getattr(g, f"import_{importer}")(f)
    assert str(caught.value) == f"{f}: row {text.count(chr(10))}: {NUL_FIX}"
    assert not (tmp_path / "s.db").exists()


# -- a column named twice -------------------------------------------------------------------------
TWICE_FIX = "rename or delete all but one of them and import again"


@pytest.mark.parametrize("header, row, what", [
    ("date,person,channel,person", "2024-01-03,Cy Moe,call,Di Po", "'person' twice (columns 2 and 4)"),
    ("date,person,channel,Person", "2024-01-03,Cy Moe,call,Di Po", "'person' twice (columns 2 and 4)"),
    ("date,person,channel,duration_minutes,duration minutes", "2024-01-03,Cy Moe,call,5,50",
     "'duration_minutes' twice (columns 4 and 5)"),
    ("date,date,person,channel,date", "2024-01-03,2024-01-04,Cy Moe,call,2024-01-05",
     "'date' 3 times (columns 1, 2 and 5)"),
])
def test_a_column_read_that_is_named_twice_is_an_error(store, tmp_path, header, row, what):
    f = write(tmp_path / "log.csv", f"{header}\n{row}\n")
    before = fingerprint(store)
    result = invoke(store, "import", "interactions", f, "--owner", "Alex Morgan")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {f}: the header names the column {what} — {TWICE_FIX}\n")
    assert fingerprint(store) == before


def test_a_mapped_column_named_twice_is_an_error(tmp_path):
    f = write(tmp_path / "crm.csv", "date,Contact,channel,Contact\n2024-03-01,Ann Lee,call,Bob Ray\n")
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        g.import_interactions(f, owner="Alex Morgan", mapping={"person": "Contact"})
    assert str(caught.value) == f"{f}: the header names the column 'Contact' twice (columns 2 and 4) — {TWICE_FIX}"


def test_a_column_named_twice_that_nobody_reads_is_no_matter(tmp_path):
    f = write(tmp_path / "log.csv", "date,person,channel,memo,memo\n2024-03-01,Ann Lee,call,a,b\n")
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_interactions(f, owner="Alex Morgan")
        assert [tuple(r) for r in g.store.query("SELECT name FROM people ORDER BY name")] == [("Alex Morgan",),
                                                                                              ("Ann Lee",)]
        assert [tuple(r) for r in g.store.query("SELECT day FROM interactions")] == [("2024-03-01",)]


@pytest.mark.parametrize("importer, text, column", [
    ("knows", "person,knows,knows\nAnn Lee,Bob Ray,Cy Moe\n", "knows"),
    ("accounts", "name,domain,Domain\nContoso,contoso.example,contoso.example\n", "domain"),
])
def test_other_importers_refuse_a_column_named_twice(tmp_path, importer, text, column):
    f = write(tmp_path / f"{importer}.csv", text)
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        getattr(g, f"import_{importer}")(f)
    assert str(caught.value) == f"{f}: the header names the column {column!r} twice (columns 2 and 3) — {TWICE_FIX}"


# -- what reaches a terminal ----------------------------------------------------------------------
def test_terminal_text():
    assert terminal_text("Maria\x1b[31m Ortiz\x07\x00\x7f\x9b") == "Maria\ufffd[31m Ortiz\ufffd\ufffd\ufffd\ufffd"
    assert terminal_text("one\ntwo\r\nthree\tfour\u2028five") == "one two  three four five"
    assert terminal_text("Zoë Ångström 王小明") == "Zoë Ångström 王小明"


@pytest.fixture
def hostile(tmp_path):
    """A store whose person and owner names hold ESC, BEL and DEL."""
    db = tmp_path / "hostile.db"
    f = write(tmp_path / "log.csv", 'date,person,channel\n2024-01-02,"Maria\x1b[2J Ortiz\x07",call\n')
    result = invoke(db, "import", "interactions", f, "--owner", "Alex\x7f Morgan")
    assert result.stdout.startswith(f"Imported interactions CSV from {f} for Alex\ufffd Morgan: 2 new people, ")
    assert result.stdout.isprintable() is False and result.stdout[:-1].isprintable()
    return db


def test_a_table_shows_no_control_character(hostile):
    out = invoke(hostile, "people", "--as-of", "2024-02-01").stdout
    assert out == (
        "name              company  title  owner         strength  last_conversation  conversations  stale\n"
        "----------------  -------  -----  ------------  --------  -----------------  -------------  -----\n"
        "Maria\ufffd[2J Ortiz\ufffd                  Alex\ufffd Morgan  0.278     2024-01-02         1"
        "              no\n")


def test_json_and_csv_keep_the_text_exact(hostile):
    rows = json.loads(invoke(hostile, "people", "--as-of", "2024-02-01", "--json").stdout)
    assert [(r["name"], r["owner"]) for r in rows] == [("Maria\x1b[2J Ortiz\x07", "Alex\x7f Morgan")]
    assert "\\u001b" in invoke(hostile, "people", "--as-of", "2024-02-01", "--json").stdout
    csv_out = invoke(hostile, "people", "--as-of", "2024-02-01", "--csv").stdout
    assert csv_out.splitlines()[1] == "Maria\x1b[2J Ortiz\x07,,,Alex\x7f Morgan,0.2778,2024-01-02,1,false"


def test_a_report_s_title_and_footer_are_made_safe_line_by_line(hostile):
    out = invoke(hostile, "why", "Maria\x1b[2J Ortiz\x07", "--as-of", "2024-02-01").stdout
    assert "\x1b" not in out and "\x07" not in out and "\x7f" not in out
    assert out.splitlines()[0] == "Maria\ufffd[2J Ortiz\ufffd"


def test_render_of_blocks_keeps_footer_lines():
    from types import SimpleNamespace

    block = SimpleNamespace(title="Paths into Bad\x1bCo", rows=[], footer="first\x07 line\nsecond line")
    report = SimpleNamespace(blocks=[block], rows=[], data={})
    assert render(report) == "Paths into Bad\ufffdCo\nfirst\ufffd line\nsecond line\n"


def test_the_log_and_merge_lines_are_made_safe(hostile):
    result = invoke(hostile, "log", "Maria\x1b[2J Ortiz\x07", "--channel", "call", "--date", "2024-03-01")
    assert result.stdout == "Logged call with Maria\ufffd[2J Ortiz\ufffd on 2024-03-01 for Alex\ufffd Morgan.\n"


def test_an_error_is_one_line_whatever_the_file_quotes(store, tmp_path):
    f = write(tmp_path / "log.csv", '"da\nte","per\x1bson",channel\n2024-01-02,Ann Lee,call\n')
    before = fingerprint(store)
    result = invoke(store, "import", "interactions", f, "--owner", "Alex Morgan")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {f}: missing required columns date, person (columns found: da te, "
                             "per\ufffdson, channel) — rename the columns or pass --map date=THEIRS person=THEIRS\n")
    assert fingerprint(store) == before


def test_a_refgraph_error_with_a_line_break_is_one_line(store, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RefgraphError("two\nlines\x1b[2J")

    monkeypatch.setattr(refgraph.api.Refgraph, "people", broken)
    result = invoke(store, "people")
    assert (result.exit_code, result.stderr) == (1, "Error: two lines\ufffd[2J\n")


# -- an unexpected exception ----------------------------------------------------------------------
def _main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["refgraph", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        main()
    out = capsys.readouterr()
    return done.value.code, out.out, out.err


@pytest.fixture
def bug_in_import(monkeypatch):
    """Writing an import fails after its rows are written: a bug, not the user's."""
    from refgraph import store

    def broken(self, *args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(store._Writer, "flush", broken)


def test_an_unexpected_exception_in_an_import_is_one_line_and_changes_nothing(store, tmp_path, monkeypatch, capsys,
                                                                              bug_in_import):
    monkeypatch.delenv("REFGRAPH_DEBUG", raising=False)
    f = write(tmp_path / "more.csv", HEADER + "2024-02-02,Bob Ray,call,5\n")
    before = fingerprint(store)
    code, out, err = _main(monkeypatch, capsys, "--db", store, "import", "interactions", f, "--owner", "Alex Morgan")
    assert (code, out) == (1, "")
    assert err == f"Error: {f}: unexpected RuntimeError: boom — {BUG}\n"
    assert fingerprint(store) == before


def test_an_unexpected_exception_in_a_first_import_leaves_no_store(tmp_path, monkeypatch, capsys, bug_in_import):
    monkeypatch.delenv("REFGRAPH_DEBUG", raising=False)
    f = write(tmp_path / "more.csv", HEADER + GOOD)
    db = tmp_path / "new.db"
    code, _, err = _main(monkeypatch, capsys, "--db", db, "import", "interactions", f, "--owner", "Alex Morgan")
    assert (code, err) == (1, f"Error: {f}: unexpected RuntimeError: boom — {BUG}\n")
    assert list(tmp_path.glob("new.db*")) == []


def test_an_unexpected_exception_in_a_query_is_one_line(store, monkeypatch, capsys):
    monkeypatch.delenv("REFGRAPH_DEBUG", raising=False)

    def broken(self, *args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(refgraph.api.Refgraph, "people", broken)
    code, out, err = _main(monkeypatch, capsys, "--db", store, "people")
    assert (code, out, err) == (1, "", f"Error: unexpected ZeroDivisionError: division by zero — {BUG}\n")


def test_debug_shows_the_real_exception(store, tmp_path, monkeypatch, capsys, bug_in_import):
    monkeypatch.delenv("REFGRAPH_DEBUG", raising=False)
    f = write(tmp_path / "more.csv", HEADER + "2024-02-02,Bob Ray,call,5\n")
    before = fingerprint(store)
    monkeypatch.setattr(sys, "argv", ["refgraph", "--debug", "--db", str(store), "import", "interactions", str(f),
                                      "--owner", "Alex Morgan"])
    with pytest.raises(RuntimeError, match="boom"):
        main()
    monkeypatch.setattr(sys, "argv", ["refgraph", "--db", str(store), "import", "interactions", str(f),
                                      "--owner", "Alex Morgan"])
    monkeypatch.setenv("REFGRAPH_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main()
    monkeypatch.setenv("REFGRAPH_DEBUG", "0")
    with pytest.raises(SystemExit):
        main()
    assert fingerprint(store) == before


def test_the_click_group_lets_the_real_exception_through(store, tmp_path, bug_in_import):
    f = write(tmp_path / "more.csv", HEADER + "2024-02-02,Bob Ray,call,5\n")
    with pytest.raises(RuntimeError, match="boom"):
        invoke(store, "import", "interactions", f, "--owner", "Alex Morgan")


def test_a_long_message_is_cut_and_a_bare_exception_named(store, monkeypatch, capsys):
    monkeypatch.delenv("REFGRAPH_DEBUG", raising=False)
    messages = iter([ValueError("x" * 300), RuntimeError()])

    def broken(self, *args, **kwargs):
        raise next(messages)

    monkeypatch.setattr(refgraph.api.Refgraph, "people", broken)
    assert _main(monkeypatch, capsys, "--db", store, "people")[2] == (
        f"Error: unexpected ValueError: {'x' * 199}… — {BUG}\n")
    assert _main(monkeypatch, capsys, "--db", store, "people")[2] == f"Error: unexpected RuntimeError — {BUG}\n"


def test_python_m_refgraph_goes_through_main(tmp_path):
    import subprocess

    result = subprocess.run([sys.executable, "-m", "refgraph", "--help"], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0
    assert "  --debug " in result.stdout


def test_an_error_from_the_root_group_s_options_is_one_line_too(tmp_path, monkeypatch):
    import click

    def broken(self, value, param, ctx):
        raise click.BadParameter("first\nsecond\x1b")

    monkeypatch.setattr(click.Path, "convert", broken)
    result = invoke(tmp_path / "s.db", "people")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == ("Error: Invalid value for '--db' (env var: 'REFGRAPH_DB'): "
                                              "first second\ufffd")


def test_an_unknown_zone_in_an_interaction_date_is_an_error_with_its_row(tmp_path):
    f = write(tmp_path / "log.csv", HEADER + GOOD + "2024-01-03 10:00 XYZT,Bob Ray,call,5\n")
    with refgraph.open(tmp_path / "s.db") as g, pytest.raises(InputError) as caught:
        g.import_interactions(f, owner="Alex Morgan")
    assert str(caught.value) == (f"{f}: row 3: cannot read the date '2024-01-03 10:00 XYZT' — "
                                 "write dates as 2024-02-11, 2/11/2024 or 11 Feb 2024")
