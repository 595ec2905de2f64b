"""Files refgraph is given and files it writes: stores created at once by two imports, stores that
belong to other programs, file modes, zip bombs and encrypted zips, devices and pipes, outputs
written through symbolic links."""
import multiprocessing
import os
import signal
import sqlite3
import stat
import zipfile
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

import refgraph
from refgraph import files
from refgraph.cli import cli
from refgraph.errors import InputError, RefgraphError
from refgraph.store import APPLICATION_ID, SCHEMA_VERSION, Store
from refgraph.strength import DEFAULTS

from .conftest import SAMPLES

NOT_A_STORE = "not a refgraph store (another program's SQLite file) — point --db at a refgraph store or a new file name"
NOT_READABLE = "give the path of the export itself: a file, its folder or its zip"


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


class Blocked(Exception):
    "Not an OSError: code that catches those (zipfile.is_zipfile) must not swallow it."


@contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging the suite) when the block blocks for longer than *seconds*."""
    def expired(*_):
        raise Blocked(f"blocked for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)   # and again every half second, if caught
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- two first imports into one new store at once ---------------------------------------------------

def _import_into(db, importer, path, barrier, results):
    barrier.wait()
    try:
        with refgraph.open(db) as g:
            getattr(g, f"import_{importer}")(path)
        results.put((importer, "ok"))
    except Exception as exc:   # reported to the test, which shows it
        results.put((importer, f"{type(exc).__name__}: {exc}"))


def test_two_first_imports_into_one_new_store_both_land(tmp_path):
    ctx = multiprocessing.get_context("fork")
    for round in range(4):   # each round: a new path, both processes creating the store at once
        db = tmp_path / f"s{round}.db"
        barrier, results = ctx.Barrier(2), ctx.Queue()
        jobs = [ctx.Process(target=_import_into, args=(db, importer, SAMPLES / name, barrier, results))
                for importer, name in (("knows", "knows.csv"), ("accounts", "accounts.csv"))]
        for job in jobs:
            job.start()
        outcome = dict(results.get(timeout=30) for _ in jobs)
        for job in jobs:
            job.join(timeout=30)
        assert outcome == {"knows": "ok", "accounts": "ok"}
        with refgraph.open(db) as g:
            assert [tuple(r) for r in g.store.query("SELECT name FROM accounts ORDER BY name")] == \
                [("Acme Corp",), ("Contoso",), ("Fabrikam",)]
            assert g.store.query("SELECT count(*) FROM knows")[0][0] == 3
        assert mode(db) == 0o600


class _LookedBefore:
    """A connection that answers the first schema-version read as it was before another refgraph
    committed the schema (the moment between two openers' first looks)."""

    def __init__(self, conn):
        self.conn, self.looked = conn, False

    def execute(self, sql, *args):
        if sql == "PRAGMA user_version" and not self.looked:
            self.looked = True
            return self.conn.execute("SELECT 0")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_a_store_created_by_another_refgraph_after_this_one_looked_is_not_created_again(tmp_path):
    """The schema version is read again under the write lock: a store another import finished
    creating in between is used as it is, with what that import wrote."""
    db = tmp_path / "s.db"
    with Store(db, kept=DEFAULTS) as first:
        with first.transaction():
            first.conn.execute("INSERT INTO accounts (name, name_key) VALUES ('Contoso', 'contoso')")
    second = Store.__new__(Store)
    second.path, second.notice = db, None
    second.conn = _LookedBefore(sqlite3.connect(db, isolation_level=None))
    second._migrate()   # not "table people already exists"
    assert second.conn.looked
    assert second.conn.execute("SELECT name FROM accounts").fetchall() == [("Contoso",)]
    second.conn.close()


def test_a_store_opened_while_another_refgraph_is_creating_it_waits_and_uses_it(tmp_path, monkeypatch):
    """Opened between the other's start and commit: it is seen as a new file (not as another program's
    half-made database), then waits for the write lock and finds the store made."""
    import threading

    db = tmp_path / "s.db"
    creating, release = threading.Event(), threading.Event()
    refresh = Store.refresh_stats

    def slow_refresh(self, *args, **kwargs):   # the creator, inside its transaction
        creating.set()
        release.wait(5)
        return refresh(self, *args, **kwargs)

    monkeypatch.setattr(Store, "refresh_stats", slow_refresh)
    made = []
    creator = threading.Thread(target=lambda: made.append(Store(db, kept=DEFAULTS).close()))
    creator.start()
    assert creating.wait(5)
    threading.Timer(0.2, release.set).start()
    second = Store(db, kept=DEFAULTS)   # not "table people already exists", not "another program's SQLite file"
    creator.join(5)
    assert second.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    second.close()
    assert made == [None]   # the creator finished too


# -- other programs' SQLite files, file modes ---------------------------------------------------------

def test_a_failed_first_import_never_removes_a_store_another_import_filled_meanwhile(tmp_path):
    db = tmp_path / "store.db"
    first = refgraph.open(db)
    assert first.store is not None   # this one creates the file, then its import fails after another's landed
    with refgraph.open(db) as other:
        other.import_accounts(SAMPLES / "accounts.csv")
    first.discard_if_created()
    assert db.exists()
    with refgraph.open(db) as g:
        assert [r[0] for r in g.store.query("SELECT name FROM accounts ORDER BY name")] == [
            "Acme Corp", "Contoso", "Fabrikam"]
    lonely = refgraph.open(tmp_path / "lonely.db")
    assert lonely.store is not None
    lonely.discard_if_created()   # nobody kept anything: no store left behind
    assert not (tmp_path / "lonely.db").exists()


def test_an_empty_sqlite_file_marked_by_another_program_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "other.db"
    c = sqlite3.connect(db)
    c.execute("PRAGMA application_id = 123456")
    c.commit()
    c.close()
    with pytest.raises(RefgraphError) as err:
        refgraph.open(db).import_knows(SAMPLES / "knows.csv")
    assert str(err.value) == f"{db}: {NOT_A_STORE}"
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA application_id").fetchone()[0] == 123456
    assert c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    assert c.execute("PRAGMA user_version").fetchone()[0] == 0
    c.close()
    assert db.exists()


def test_the_cli_refuses_another_programs_file_in_one_line(tmp_path):
    db = tmp_path / "other.db"
    c = sqlite3.connect(db)
    c.execute("PRAGMA application_id = 123456")
    c.close()
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "accounts", str(SAMPLES / "accounts.csv")])
    assert (result.exit_code, result.output) == (1, f"Error: {db}: {NOT_A_STORE}\n")


def test_a_refgraph_store_and_an_unmarked_empty_file_are_accepted(tmp_path):
    db = tmp_path / "s.db"
    with Store(db, kept=DEFAULTS) as s:
        assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    Store(db, kept=DEFAULTS).close()   # opened again: its own mark
    empty = tmp_path / "empty.db"
    empty.touch()
    with Store(empty, kept=DEFAULTS) as s:
        assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_an_existing_empty_file_made_a_store_is_its_owners_only_with_its_wal_and_shm(tmp_path):
    old = os.umask(0o022)
    try:
        db = tmp_path / "given.db"
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"given.db{suffix}").touch()
            os.chmod(tmp_path / f"given.db{suffix}", 0o644)
        g = refgraph.open(db)
        g.import_accounts(SAMPLES / "accounts.csv")
        assert {s: mode(f"{db}{s}") for s in ("", "-wal", "-shm")} == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
        g.close()
    finally:
        os.umask(old)


def test_a_new_store_and_its_wal_and_shm_are_its_owners_only(tmp_path):
    old = os.umask(0o022)
    try:
        db = tmp_path / "new.db"
        g = refgraph.open(db)
        g.import_accounts(SAMPLES / "accounts.csv")
        assert {s: mode(f"{db}{s}") for s in ("", "-wal", "-shm")} == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
        g.close()
    finally:
        os.umask(old)


def test_an_existing_store_keeps_the_mode_its_owner_gave_it(tmp_path):
    db = tmp_path / "shared.db"
    Store(db, kept=DEFAULTS).close()
    os.chmod(db, 0o640)
    Store(db, kept=DEFAULTS).close()
    assert mode(db) == 0o640


# -- zip bombs and encrypted zips ---------------------------------------------------------------------

HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def bomb(path, member="Connections.csv", megabytes=64):
    """A zip of about 64 KB holding *megabytes* of zeros after a CSV header."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as f:
        f.write(HEADER)
        for _ in range(megabytes):
            f.write(bytes(1 << 20))
    return path


@pytest.mark.parametrize("importer, member", [("linkedin", "Connections.csv"), ("calendar", "work.ics")])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, importer, member):
    import tracemalloc

    path = bomb(tmp_path / "export.zip", member)
    assert path.stat().st_size < 100_000
    g = refgraph.open(tmp_path / "s.db")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            getattr(g, f"import_{importer}")(path, owner="Alex Morgan")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(err.value) == f"{path}:{member}: unpacks to over 100 times its packed size, as zip bombs do — " \
                             "download the export again"
    assert peak < 16 << 20   # read a few MB of it, not 64
    assert not (tmp_path / "s.db").exists()


def test_a_member_whose_stated_size_is_a_lie_is_refused_as_damaged(tmp_path):
    """The sizes a zip states are not trusted: reading stops at the stated size and the check fails."""
    path = bomb(tmp_path / "export.zip", megabytes=8)
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")   # "uncompressed size: 100 bytes"
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("Connections.csv").file_size == 100
    with pytest.raises(InputError) as err:
        files.read_zip(path, lambda name: True)
    # zipfile stops at the stated size, so the lie shows as a damaged member, never as 8 MB read
    assert str(err.value) == f"{path}: the zip cannot be read (Bad CRC-32 for file 'Connections.csv') — " \
                             "download the export again"


def stored_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_member_unpacking_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_MEMBER", 1 << 20)
    path = stored_zip(tmp_path / "export.zip", {"Connections.csv": HEADER + b"x" * (2 << 20)})
    with pytest.raises(InputError) as err:
        refgraph.open(tmp_path / "s.db").import_linkedin(path, owner="Alex Morgan")
    assert str(err.value) == f"{path}:Connections.csv: unpacks to more than 1 MiB, the most refgraph reads from " \
                             "one file in a zip — unzip the export and import its folder"


def test_a_zip_unpacking_past_the_total_limit_is_refused_at_the_member_that_passes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_TOTAL", 1 << 20)
    path = stored_zip(tmp_path / "export.zip", {"a.ics": b"x" * (600 << 10), "b.ics": b"x" * (600 << 10)})
    with pytest.raises(InputError) as err:
        refgraph.open(tmp_path / "s.db").import_calendar(path)
    assert str(err.value) == f"{path}:b.ics: the zip unpacks to more than 1 MiB in all, the most refgraph reads " \
                             "from one zip — unzip the export and import its folder"


def test_a_real_export_zip_is_read_within_the_limits():
    read = files.read_zip(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip", lambda n: n.endswith(".csv"))
    with zipfile.ZipFile(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip") as zf:
        assert read == [(i.filename, zf.read(i)) for i in sorted(zf.infolist(), key=lambda i: i.filename)
                        if i.filename.endswith(".csv")]


def encrypted(path, member):
    """A zip whose member is marked encrypted (as ``zip -e`` marks it)."""
    stored_zip(path, {member: HEADER})
    data = bytearray(path.read_bytes())
    data[6] |= 1                                  # local header: general purpose flag, bit 0
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 1                        # central directory: the same flag
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("importer, member", [("linkedin", "Connections.csv"), ("calendar", "work.ics")])
def test_an_encrypted_zip_is_refused_in_one_line(tmp_path, importer, member):
    path = encrypted(tmp_path / "export.zip", member)
    with pytest.raises(InputError) as err:
        getattr(refgraph.open(tmp_path / "s.db"), f"import_{importer}")(path, owner="Alex Morgan")
    assert str(err.value) == f"{path}:{member}: is encrypted (the zip has a password) — unzip it with its " \
                             "password and import the folder"


def test_a_zip_packed_with_a_method_python_cannot_read_is_refused_in_one_line(tmp_path):
    path = stored_zip(tmp_path / "export.zip", {"Connections.csv": HEADER})
    data = bytearray(path.read_bytes())
    data[8] = 9                                   # Deflate64, as Windows writes big zips
    central = data.rindex(b"PK\x01\x02")
    data[central + 10] = 9
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        refgraph.open(tmp_path / "s.db").import_linkedin(path, owner="Alex Morgan")
    assert str(err.value) == f"{path}:Connections.csv: is packed with a compression method refgraph cannot read " \
                             "— unzip the export and import its folder"


# -- devices, pipes and sockets -----------------------------------------------------------------------

IMPORTERS = ["linkedin", "interactions", "calendar", "contacts", "knows", "accounts"]


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_named_pipe_is_refused_by_every_importer_without_waiting(tmp_path, importer):
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    g = refgraph.open(tmp_path / "s.db")
    with deadline(3), pytest.raises(InputError) as err:
        getattr(g, f"import_{importer}")(fifo)
    assert str(err.value) == f"{fifo}: is a named pipe, not a file, a folder or a zip — {NOT_READABLE}"
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_device_is_refused_by_every_importer(tmp_path, importer):
    with deadline(3), pytest.raises(InputError) as err:
        getattr(refgraph.open(tmp_path / "s.db"), f"import_{importer}")("/dev/null")
    assert str(err.value) == f"/dev/null: is a device, not a file, a folder or a zip — {NOT_READABLE}"


def test_the_cli_refuses_a_device_in_one_line(tmp_path):
    with deadline(3):
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "import", "interactions", "/dev/zero"])
    assert (result.exit_code, result.output) == \
        (1, f"Error: /dev/zero: is a device, not a file, a folder or a zip — {NOT_READABLE}\n")
    assert not (tmp_path / "s.db").exists()


def test_a_symbolic_link_to_a_file_is_read(tmp_path):
    link = tmp_path / "accounts.csv"
    link.symlink_to(SAMPLES / "accounts.csv")
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_accounts(link)
        assert g.store.query("SELECT count(*) FROM accounts")[0][0] == 3


def test_a_csv_is_opened_only_if_it_is_a_regular_file(tmp_path):
    """The CSV reader checks the file it opened, not only the path checked before."""
    from refgraph.sources.tabular import read_table, stream_table

    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    for read in (read_table, stream_table):
        with deadline(3), pytest.raises(InputError) as err:
            read(fifo)
        assert str(err.value) == f"{fifo}: is a named pipe, not a file, a folder or a zip — {NOT_READABLE}"


# -- outputs ------------------------------------------------------------------------------------------

CALLS = [{"name": "Jane Doe", "date": "2026-12-01", "reason": "strongest path into Contoso"}]


def test_the_ics_replaces_a_symbolic_link_instead_of_writing_through_it(tmp_path):
    from refgraph.reconnect import write_ics

    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    os.chmod(target, 0o644)
    link = tmp_path / "plan.ics"
    link.symlink_to(target)
    assert write_ics(link, CALLS) == 1
    assert target.read_text() == "keep me"
    assert not link.is_symlink() and mode(link) == 0o600
    assert b"SUMMARY:Reconnect: Jane Doe" in link.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics", "precious.txt"]


def test_an_existing_ics_is_replaced_by_one_of_its_owners_only(tmp_path):
    from refgraph.reconnect import write_ics

    old = os.umask(0o022)
    try:
        path = tmp_path / "plan.ics"
        path.write_text("old")
        os.chmod(path, 0o644)
        write_ics(path, CALLS)
        assert mode(path) == 0o600 and path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    finally:
        os.umask(old)


def test_an_ics_that_cannot_be_written_leaves_nothing_behind(tmp_path):
    from refgraph.reconnect import write_ics

    with pytest.raises(RefgraphError) as err:
        write_ics(tmp_path / "missing" / "plan.ics", CALLS)
    assert str(err.value) == f"{tmp_path / 'missing' / 'plan.ics'}: cannot write the calendar file (No such file " \
                             "or directory) — pick a folder that exists and that you can write to"
    assert list(tmp_path.iterdir()) == []


def _figure():
    from refgraph.plots import _plt

    fig, ax = _plt().subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1])
    return fig


@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_a_picture_replaces_a_symbolic_link_instead_of_writing_through_it(tmp_path, suffix, magic):
    from refgraph.plots import save

    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / f"net.{suffix}"
    link.symlink_to(target)
    assert save(_figure(), link) == link
    assert target.read_text() == "keep me"
    assert not link.is_symlink() and mode(link) == 0o600 and link.read_bytes().startswith(magic)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"net.{suffix}", "precious.txt"]


def test_plot_o_writes_a_picture_of_its_owners_only(samples_db, tmp_path):
    out = tmp_path / "decay.png"
    out.write_bytes(b"old")
    os.chmod(out, 0o644)
    result = CliRunner().invoke(cli, ["--db", str(samples_db), "plot", "decay", "Maria Ortiz", "--as-of", "2026-11-15",
                                      "-o", str(out)])
    assert (result.exit_code, result.output) == (0, f"Wrote {out}\n"), result.output
    assert mode(out) == 0o600 and out.read_bytes().startswith(b"\x89PNG")


def test_a_picture_that_cannot_be_written_is_one_line_and_leaves_nothing_behind(tmp_path):
    from refgraph.plots import save

    (tmp_path / "file").write_text("x")
    with pytest.raises(RefgraphError) as err:
        save(_figure(), tmp_path / "file" / "p.png")
    assert str(err.value) == f"{tmp_path / 'file' / 'p.png'}: cannot write the picture (File exists) — pick a " \
                             "folder that you can write to"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "out.ics"
    path.write_text("old")
    with pytest.raises(ValueError):
        with files.output_file(path) as f:
            f.write(b"half")
            raise ValueError("interrupted")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics"]


def test_opening_a_store_another_refgraph_holds_waits_and_retries(tmp_path, monkeypatch):
    """Switching a new store to WAL takes a lock that SQLite's busy handler does not always wait for
    (two first imports at once, on a busy machine): the open is tried again until the timeout."""
    import sqlite3

    from refgraph.store import Store

    real, calls = Store._check, []

    def locked_once(self):
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(self)

    monkeypatch.setattr(Store, "_check", locked_once)
    with Store(tmp_path / "s.db", kept=DEFAULTS) as store:
        assert store.query("PRAGMA journal_mode")[0][0] == "wal" and len(calls) == 2
    monkeypatch.setenv("REFGRAPH_BUSY_TIMEOUT", "0")
    def always_locked(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "_check", always_locked)
    with pytest.raises(RefgraphError) as err:
        Store(tmp_path / "t.db", kept=DEFAULTS)
    assert str(err.value) == (f"{tmp_path / 't.db'}: the store is busy: another refgraph command is writing to it — "
                              "try again when it has finished")
