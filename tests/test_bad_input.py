"""Bad input: the error contract (docs/contract.md, "Errors and exit codes").

Every mistake a user can fix prints exactly one line on stderr,
``Error: <file>: <row if any>: <what is wrong> — <what to do>``, exits 1 (click usage errors exit 2),
shows no traceback, and leaves the store byte-for-byte as it was; a failed import into a store that
did not exist yet leaves no store behind.

How "the store is unchanged" is checked: the store is built by importing a small canonical CSV, and
the import must leave no ``store.db-wal`` behind (the CLI closes its store when a command ends; before
it did, Python's ``sqlite3.Connection`` sat in a reference cycle and, inside one process, kept its
committed pages in the WAL until the cyclic collector ran, so the main file changed at the next
checkpoint whatever the next command did). The fingerprint is the sha256 of ``store.db`` plus any
non-empty ``-wal`` / ``-journal`` file, taken again after the bad command returns (with a
``gc.collect()`` first, so a connection that was not closed cannot hide in the WAL).

Cases found after the first list are marked "found later"; several were contract violations fixed in
8f138e6.
"""
from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from refgraph.cli import cli

from .conftest import stderr_apart

DASH = " — "
CHANNEL_NAMES = ("meeting, video, call, email, message, invitation, recommendation, endorsement, "
                 "connection, note")
GOOD_CSV = ("date,person,channel,owner\n"
            "2024-01-10,Sam Rivera,call,Alex Morgan\n"
            "2024-02-11,Priya Natarajan,meeting,Alex Morgan\n"
            "2024-03-01,Sam Rivera,email,Alex Morgan\n")
CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS_ROW = "Ric,Schulz,https://www.linkedin.com/in/ric-schulz-336885,,The Joint Staff,Deputy Director,16 Dec 2024\n"
PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
            'are missing."\n\n')
PROFILE_CSV = "First Name,Last Name,Maiden Name,Headline\nAlex,Morgan,,Seller\n"


# -- running the CLI ---------------------------------------------------------------------------------
@dataclass
class Outcome:
    """What a command did, without keeping the exception (its traceback would keep the store open)."""

    exit_code: int
    stdout: str
    stderr: str
    exception: str | None   # type name of an exception the CLI did not handle (a traceback for real)

    @property
    def line(self) -> str:
        return self.stderr.rstrip("\n")


def invoke(db: Path, *args, collect: bool = True) -> Outcome:
    result = stderr_apart().invoke(cli, ["--db", str(db), *map(str, args)], env={"REFGRAPH_DB": None})
    exc = result.exception
    out = Outcome(result.exit_code, result.stdout, result.stderr,
                  None if exc is None or isinstance(exc, SystemExit) else type(exc).__name__)
    del result, exc
    if collect:
        gc.collect()   # a store connection the command did not close must not hide in the WAL
    return out


def assert_error(out: Outcome, prefix: str, *facts: str) -> None:
    """One line ``Error: …`` on stderr starting with *prefix*, exit 1, nothing on stdout, no traceback,
    a problem and a fix separated by `` — ``, and every fact in the line."""
    assert out.exception is None, f"unhandled {out.exception} (a traceback outside CliRunner)"
    assert "Traceback" not in out.stderr + out.stdout
    assert out.exit_code == 1, f"exit {out.exit_code}, stderr {out.stderr!r}"
    assert out.stdout == ""
    assert out.stderr.endswith("\n") and out.stderr.count("\n") == 1, f"not one line: {out.stderr!r}"
    line = out.line
    assert line.startswith(prefix), f"{line!r} does not start with {prefix!r}"
    dash = line.find(DASH)
    assert dash != -1 and line[dash + len(DASH):].strip(), f"no '<what is wrong> — <what to do>' in {line!r}"
    if prefix.endswith(": "):   # the prefix is "Error: <file>: [row N: ]", the problem comes after it
        assert line[len(prefix):dash].strip(), f"no '<what is wrong>' after {prefix!r} in {line!r}"
    for fact in facts:
        assert fact in line, f"{fact!r} not in {line!r}"


# -- the store and its fingerprint ---------------------------------------------------------------------
def fingerprint(db: Path) -> dict[str, str]:
    gc.collect()
    found = {}
    for suffix in ("", "-wal", "-journal"):
        p = Path(f"{db}{suffix}")
        if p.exists() and p.stat().st_size:
            found[suffix or "main"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def build_store(tmp_path: Path) -> Path:
    db = tmp_path / "store.db"
    good = write(tmp_path / "good.csv", GOOD_CSV)
    out = invoke(db, "import", "interactions", good, collect=False)
    assert out.exit_code == 0, out.stderr
    assert "3 new interactions" in out.stdout
    # The command closed its store: everything committed is in the main file, and no WAL is left for a
    # later command's checkpoint to fold into it.
    assert not Path(f"{db}-wal").exists()
    return db


@pytest.fixture
def store(tmp_path) -> Path:
    return build_store(tmp_path)


class Target:
    """Where a failed import is aimed: an existing store (must stay byte-for-byte the same) or a
    path with no store yet (must still have none)."""

    def __init__(self, db: Path, existed: bool):
        self.db, self.existed = db, existed
        self.before = fingerprint(db) if existed else None

    def assert_unchanged(self) -> None:
        if self.existed:
            assert fingerprint(self.db) == self.before, "the store changed"
        else:
            left = sorted(p.name for p in self.db.parent.glob(self.db.name + "*"))
            assert left == [], f"a failed import left {left} behind"


@pytest.fixture(params=["existing store", "no store yet"])
def target(request, tmp_path) -> Target:
    if request.param == "existing store":
        return Target(build_store(tmp_path), existed=True)
    return Target(tmp_path / "fresh.db", existed=False)


# -- input files -----------------------------------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def write_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


# -- failed imports: each case builds its input in a folder and says what the one line must hold ------
# A case is fn(folder) -> (import args, expected prefix, facts that must appear in the line).

def missing_interactions(d):
    f = d / "calls.csv"
    return ["interactions", f], f"Error: {f}: ", ["no such file", "check the path"]


def missing_linkedin(d):
    f = d / "Complete_LinkedInDataExport_11-01-2026.zip"
    return ["linkedin", f], f"Error: {f}: ", ["no such file", "check the path"]


def png_interactions(d):
    f = d / "photo.png"
    f.write_bytes(png_bytes())
    return ["interactions", f], f"Error: {f}: ", ["binary file, not a CSV", "export the data as CSV"]


def png_named_csv_interactions(d):
    f = d / "calls.csv"
    f.write_bytes(png_bytes())
    return ["interactions", f], f"Error: {f}: ", ["binary file, not a CSV", "export the data as CSV"]


def png_linkedin(d):
    f = d / "photo.png"
    f.write_bytes(png_bytes())
    return ["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ", ["binary file, not a CSV"]


def json_interactions(d):
    f = write(d / "calls.json", '{"calls": [{"person": "Sam Rivera"}]}\n')
    return ["interactions", f], f"Error: {f}: ", ["not a CSV", "export the data as CSV"]


def json_linkedin(d):
    f = write(d / "export.json", '{"connections": []}\n')
    return (["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ",
            ["not a LinkedIn Connections.csv or messages.csv", "pass the export zip"])


def zip_to_interactions(d):
    f = write_zip(d / "calls.zip", {"calls.csv": GOOD_CSV})
    return ["interactions", f], f"Error: {f}: ", ["zip file, not a CSV", "unzip it"]


def empty_interactions(d):
    f = write(d / "calls.csv", "")
    return ["interactions", f], f"Error: {f}: ", ["the file is empty", "export it again"]


def blank_lines_interactions(d):
    f = write(d / "calls.csv", "\n  \n\n")
    return ["interactions", f], f"Error: {f}: ", ["the file is empty", "export it again"]


def empty_connections(d):
    f = write(d / "Connections.csv", "")
    return ["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ", ["the file is empty", "export it again"]


def empty_connections_in_zip(d):
    f = write_zip(d / "Basic_LinkedInDataExport_11-01-2026.zip", {"Connections.csv": "", "Profile.csv": PROFILE_CSV})
    return ["linkedin", f], f"Error: {f}:Connections.csv: ", ["the file is empty", "export it again"]


def missing_columns_interactions(d):
    f = write(d / "calls.csv", "when,who,subject\n2024-01-10,Sam Rivera,Intro\n")
    return (["interactions", f], f"Error: {f}: ",
            ["missing required columns date, person, channel", "columns found: when, who, subject",
             "--map date=THEIRS person=THEIRS channel=THEIRS"])


def missing_channel_column(d):
    f = write(d / "calls.csv", "date,person,notes\n2024-01-10,Sam Rivera,Intro\n")
    return (["interactions", f], f"Error: {f}: ",
            ["missing required column channel", "columns found: date, person, notes", "--map channel=THEIRS"])


def connections_without_connected_on(d):
    f = write(d / "Connections.csv", "First Name,Last Name,URL,Company\nRic,Schulz,https://www.linkedin.com/in/ric,Acme\n")
    return (["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ",
            ["Connected On", "First Name, Last Name, URL, Company"])


def connections_without_name_columns(d):
    f = write(d / "Connections.csv", "Name,URL,Email Address,Company,Position,Connected On\n"
                                     "Ric Schulz,https://www.linkedin.com/in/ric,,Acme,CTO,16 Dec 2024\n")
    return (["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ",
            ["First Name and Last Name", "Name, URL, Email Address, Company, Position, Connected On"])


def messages_without_date(d):
    f = write(d / "messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,SUBJECT,CONTENT,FOLDER\n"
                                  "c1,,Sam Rivera,https://www.linkedin.com/in/sam,Alex Morgan,,hello,INBOX\n")
    return (["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ",
            ["no DATE column", "CONVERSATION ID, CONVERSATION TITLE, FROM, SENDER PROFILE URL, TO"])


def bad_date_interactions(d):
    f = write(d / "calls.csv", GOOD_CSV.replace("2024-03-01", "last Tuesday"))
    return (["interactions", f], f"Error: {f}: row 4: ", ["'last Tuesday'", "2024-02-11"])


def empty_date_interactions(d):
    f = write(d / "calls.csv", GOOD_CSV.replace("2024-02-11", ""))
    return (["interactions", f], f"Error: {f}: row 3: ", ["date is empty", "2024-02-11"])


def bad_date_connections_with_preamble(d):
    f = write(d / "Connections.csv", PREAMBLE + CONNECTIONS_HEADER + CONNECTIONS_ROW
              + "Ana,Ito,https://www.linkedin.com/in/ana-ito,,Acme,CFO,31 Foo 2024")
    # line 4 is the header, line 5 Ric, line 6 Ana
    return (["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: row 6: ",
            ["'31 Foo 2024'", "Connected On", "fix the cell"])


def bad_date_connections_in_zip(d):
    f = write_zip(d / "Basic_LinkedInDataExport_11-01-2026.zip", {
        "Profile.csv": PROFILE_CSV,
        "Connections.csv": CONNECTIONS_HEADER + CONNECTIONS_ROW + "Ana,Ito,https://www.linkedin.com/in/ana,,Acme,CFO,soon\n"})
    return (["linkedin", f], f"Error: {f}:Connections.csv: row 3: ", ["'soon'", "Connected On"])


def unknown_channel(d):
    f = write(d / "calls.csv", GOOD_CSV.replace("meeting", "fax"))
    return (["interactions", f], f"Error: {f}: row 3: ", ["unknown channel 'fax'", CHANNEL_NAMES])


def zip_without_connections(d):
    f = write_zip(d / "Basic_LinkedInDataExport_11-01-2026.zip", {
        "Profile.csv": PROFILE_CSV, "Invitations.csv": "From,To,Sent At,Message,Direction\n"})
    return ["linkedin", f], f"Error: {f}: ", ["no Connections.csv or messages.csv in this export",
                                              "with Connections or Messages included", "Get a copy of your data"]


def empty_zip(d):
    f = write_zip(d / "export.zip", {})
    return ["linkedin", f, "--owner", "Alex Morgan"], f"Error: {f}: ", ["no Connections.csv"]


def folder_without_connections(d):
    folder = d / "Basic_LinkedInDataExport_11-01-2026"
    write(folder / "Profile.csv", PROFILE_CSV)
    return ["linkedin", folder], f"Error: {folder}: ", ["no Connections.csv"]


def connections_without_owner(d):
    f = write(d / "Connections.csv", PREAMBLE + CONNECTIONS_HEADER + CONNECTIONS_ROW)
    return ["linkedin", f], f"Error: {f}: ", ["no Profile.csv", "pass --owner NAME"]


def zip_connections_without_owner(d):
    f = write_zip(d / "export.zip", {"Connections.csv": CONNECTIONS_HEADER + CONNECTIONS_ROW})
    return ["linkedin", f], f"Error: {f}: ", ["no Profile.csv", "pass --owner NAME"]


def messages_without_owner(d):
    f = write(d / "messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
                                  "c1,,Sam Rivera,https://www.linkedin.com/in/sam,Alex Morgan,2024-01-01 10:00:00 UTC,,hi,INBOX\n")
    return ["linkedin", f], f"Error: {f}: ", ["no Profile.csv", "pass --owner NAME"]


def map_unknown_canonical(d):
    f = write(d / "crm.csv", "Date,Contact Name,Type\n2024-01-10,Sam Rivera,call\n")
    return (["interactions", f, "--owner", "Alex Morgan", "--map", "persn=Contact Name"],
            "Error: --map 'persn=Contact Name': ", ["'persn' is not a column", "use one of date, person, channel"])


def map_column_not_in_file(d):
    f = write(d / "calls.csv", GOOD_CSV)
    return (["interactions", f, "--map", "person=Contact Name"], f"Error: {f}: ",
            ["--map person=Contact Name", "no such column", "columns: date, person, channel, owner",
             "use a column name from the file"])


def config_unknown_key(d):
    cfg = write(d / "settings.toml", "[strength]\nhalf_life_base_dayz = 30\n")
    f = write(d / "calls.csv", GOOD_CSV)
    return (["--config", cfg, "import", "interactions", f], f"Error: {cfg}: ",
            ["half_life_base_dayz", "half_life_base_days"])


def corrupt_zip_linkedin(d):
    f = d / "Complete_LinkedInDataExport_11-01-2026.zip"
    good = write_zip(d / "good.zip", {"Profile.csv": PROFILE_CSV, "Connections.csv": CONNECTIONS_HEADER + CONNECTIONS_ROW})
    f.write_bytes(good.read_bytes()[:60])   # a download cut short
    good.unlink()
    return ["linkedin", f], f"Error: {f}: ", ["damaged", "download the export again"]


def map_without_equals(d):
    f = write(d / "calls.csv", GOOD_CSV)
    return ["interactions", f, "--map", "person"], "Error: --map 'person': ", ["no '='", "CANONICAL=THEIRS"]


IMPORT_CASES = [pytest.param(c, id=c.__name__) for c in (
    missing_interactions, missing_linkedin,
    png_interactions, png_named_csv_interactions, png_linkedin, json_interactions, json_linkedin,
    zip_to_interactions,
    empty_interactions, blank_lines_interactions, empty_connections, empty_connections_in_zip,
    missing_columns_interactions, missing_channel_column, connections_without_connected_on,
    connections_without_name_columns,   # was "no header row found", naming no columns (fixed in 8f138e6)
    messages_without_date,              # was "no header row found" (fixed in 8f138e6)
    bad_date_interactions, empty_date_interactions, bad_date_connections_with_preamble,
    bad_date_connections_in_zip,
    unknown_channel,
    zip_without_connections, empty_zip, folder_without_connections,
    connections_without_owner, zip_connections_without_owner, messages_without_owner,
    map_unknown_canonical, map_column_not_in_file,
    config_unknown_key,
    # found later
    corrupt_zip_linkedin,               # advised "pass the zip to the importer that reads it" (fixed in 8f138e6)
    map_without_equals,                 # had no "<what is wrong> — <what to do>" (fixed in 8f138e6)
)]


@pytest.mark.parametrize("case", IMPORT_CASES)
def test_failed_import_is_one_line_and_changes_nothing(case, target, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    args, prefix, facts = case(inputs)
    if args[0] == "--config":
        out = invoke(target.db, *args)
    else:
        out = invoke(target.db, "import", *args)
    assert_error(out, prefix, *facts)
    target.assert_unchanged()


def test_failed_import_without_owner_leaves_no_new_store(tmp_path):
    """The error comes from Store.apply, after the store file was created: it must be removed again."""
    f = write(tmp_path / "calls.csv", "date,person,channel\n2024-01-10,Sam Rivera,call\n")
    target = Target(tmp_path / "fresh.db", existed=False)
    out = invoke(target.db, "import", "interactions", f)
    assert_error(out, f"Error: {f}: ", "no owner named", "pass --owner NAME")
    target.assert_unchanged()


# -- read and log commands against an existing store ------------------------------------------------
@pytest.mark.parametrize("args, prefix, facts", [
    (["why", "Sam Rivara"], "Error: no person called 'Sam Rivara'", ["did you mean 'Sam Rivera'?"]),
    (["why", "Zebulon Quux"], "Error: no person called 'Zebulon Quux'", ["check the spelling"]),
    (["log", "Sam Rivara", "--channel", "call", "--date", "2024-05-01"],
     "Error: no person called 'Sam Rivara'", ["did you mean 'Sam Rivera'?"]),
    (["log", "Zebulon Quux", "--channel", "call"], "Error: no person called 'Zebulon Quux'", ["check the spelling"]),
], ids=["why-close", "why-nothing-close", "log-close", "log-nothing-close"])
def test_unknown_person(store, args, prefix, facts):
    before = fingerprint(store)
    out = invoke(store, *args)
    assert_error(out, prefix, *facts)
    assert fingerprint(store) == before


@pytest.mark.parametrize("args", [
    ["people", "--owner", "Bob Builder"],
    ["why", "Sam Rivera", "--owner", "Bob Builder"],
    ["log", "Sam Rivera", "--channel", "call", "--owner", "Bob Builder"],
], ids=["people", "why", "log"])
def test_unknown_owner(store, args):
    before = fingerprint(store)
    out = invoke(store, *args)
    # the fix is the list of owners there are
    assert_error(out, "Error: no owner called 'Bob Builder'", "Alex Morgan")
    assert out.line.split(DASH, 1)[1].count("Alex Morgan") == 1
    assert fingerprint(store) == before


def test_log_unknown_channel(store):
    before = fingerprint(store)
    out = invoke(store, "log", "Sam Rivera", "--channel", "fax")
    assert_error(out, "Error: unknown channel 'fax'", CHANNEL_NAMES)
    assert fingerprint(store) == before


@pytest.mark.parametrize("args", [
    ["log", "Sam Rivera", "--channel", "call", "--date", "yesterday-ish"],
    ["log", "Sam Rivera"],
    ["people", "--limit", "0"],
], ids=["bad-date-option", "missing-channel", "limit-zero"])
def test_usage_errors_exit_2_and_change_nothing(store, args):
    before = fingerprint(store)
    out = invoke(store, *args)
    assert out.exception is None
    assert out.exit_code == 2, out.stderr
    assert out.stdout == ""
    assert out.line.splitlines()[-1].startswith("Error: ")
    assert fingerprint(store) == before


# -- a --db that is not a SQLite file ---------------------------------------------------------------
@pytest.mark.parametrize("content", ["text", "png"])
@pytest.mark.parametrize("args", [
    ["people"], ["why", "Sam Rivera"], ["log", "Sam Rivera", "--channel", "call"], ["import", "interactions", "GOOD"],
], ids=["people", "why", "log", "import"])
def test_db_that_is_not_sqlite(tmp_path, args, content):
    db = tmp_path / "refgraph.db"
    db.write_bytes(png_bytes() if content == "png" else b"name,company\nSam Rivera,Northwind\n" * 50)
    before = db.read_bytes()
    good = write(tmp_path / "good.csv", GOOD_CSV)
    out = invoke(db, *[good if a == "GOOD" else a for a in args])
    assert_error(out, f"Error: {db}: ", "not a refgraph store", "point --db at a refgraph store")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("refgraph.db*")) == ["refgraph.db"]


def test_db_that_is_someone_elses_sqlite(tmp_path):
    """Found later. Was: exit 0 after adding refgraph's tables to it (fixed in 8f138e6)."""
    db = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('call Sam')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    out = invoke(db, "people")
    assert_error(out, f"Error: {db}: ", "not a refgraph store")
    assert db.read_bytes() == before


def test_db_that_is_clashing_sqlite_is_left_alone(tmp_path):
    """Found later. Was: the right line, but PRAGMA journal_mode = WAL had already rewritten
    the file's header (fixed in 8f138e6)."""
    db = tmp_path / "crm.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    out = invoke(db, "people")
    assert_error(out, f"Error: {db}: ", "not a refgraph store")
    assert db.read_bytes() == before


# -- --config ------------------------------------------------------------------------------------------
CONFIG_COMMANDS = pytest.mark.parametrize("args", [
    ["people"], ["why", "Sam Rivera"], ["log", "Sam Rivera", "--channel", "call"],
], ids=["people", "why", "log"])


@CONFIG_COMMANDS
def test_config_unknown_strength_key(store, tmp_path, args):
    cfg = write(tmp_path / "settings.toml", "[strength]\nhalf_life_base_dayz = 30\n")
    before = fingerprint(store)
    out = invoke(store, "--config", cfg, *args)
    assert_error(out, f"Error: {cfg}: ", "unknown [strength] setting half_life_base_dayz", "half_life_base_days")
    assert fingerprint(store) == before


@CONFIG_COMMANDS
@pytest.mark.parametrize("toml, key", [
    pytest.param("[strenght]\nhalf_life_base_days = 30\n", "strenght", id="misspelt-table"),
    pytest.param("half_life_base_days = 30\n", "half_life_base_days", id="key-outside-table"),
    pytest.param("[strength.touch_weights]\nemial = 0.1\n", "emial", id="unknown-touch-channel"),
])
def test_config_unknown_key_elsewhere(store, tmp_path, args, toml, key):
    """Was: silently ignored, exit 0 (fixed in 8f138e6)."""
    cfg = write(tmp_path / "settings.toml", toml)
    before = fingerprint(store)
    out = invoke(store, "--config", cfg, *args)
    assert_error(out, f"Error: {cfg}: ", key)
    assert fingerprint(store) == before


def test_config_value_of_wrong_type(store, tmp_path):
    """Found later. Was: a TypeError traceback from the strength model (fixed in 8f138e6)."""
    cfg = write(tmp_path / "settings.toml", "[strength]\nhalf_life_base_days = 'abc'\n")
    before = fingerprint(store)
    out = invoke(store, "--config", cfg, "people")
    assert_error(out, f"Error: {cfg}: ", "half_life_base_days must be a number", "half_life_base_days = 90")
    assert fingerprint(store) == before


def test_config_file_missing_or_not_toml(store, tmp_path):
    before = fingerprint(store)
    missing = tmp_path / "nope.toml"
    assert_error(invoke(store, "--config", missing, "people"), f"Error: {missing}: ", "no such config file")
    broken = write(tmp_path / "broken.toml", "[strength\nx = 1\n")
    assert_error(invoke(store, "--config", broken, "people"), f"Error: {broken}: ", "not a valid TOML file",
                 "fix the syntax")
    assert fingerprint(store) == before


# -- the real command, in its own process ----------------------------------------------------------
def _refgraph(cwd: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "REFGRAPH_DB"}
    return subprocess.run([sys.executable, "-m", "refgraph.cli", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_real_process_one_line_and_store_bytes_unchanged(tmp_path):
    db = tmp_path / "store.db"
    good = write(tmp_path / "good.csv", GOOD_CSV)
    done = _refgraph(tmp_path, "--db", db, "import", "interactions", good)
    assert done.returncode == 0, done.stderr
    assert not Path(f"{db}-wal").exists()     # the process checkpointed its WAL on the way out
    before = db.read_bytes()
    bad = write(tmp_path / "bad.csv", GOOD_CSV.replace("2024-03-01", "31/31/2024"))
    for args, prefix in [
        (["import", "interactions", bad], f"Error: {bad}: row 4: cannot read the date '31/31/2024'"),
        (["why", "Sam Rivara"], "Error: no person called 'Sam Rivara' in the store — did you mean 'Sam Rivera'?"),
        (["log", "Sam Rivera", "--channel", "fax"], "Error: unknown channel 'fax' — "),
    ]:
        done = _refgraph(tmp_path, "--db", db, *args)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(prefix), done.stderr
        assert db.read_bytes() == before
        assert fingerprint(db) == {"main": hashlib.sha256(before).hexdigest()}
