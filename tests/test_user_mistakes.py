"""Mistakes a real user makes: typos in owners, someone else's export, odd config values, busy or
unwritable places. Each is one clear line, exit 1, nothing changed."""
import os
import sqlite3
import subprocess
import sys
import zipfile

from click.testing import CliRunner

from refgraph.cli import cli

from .conftest import write
from .test_linkedin import CONNECTIONS_2024, PROFILE


def seeded(run, tmp_path):
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel,owner\n"
                                        "2026-01-01,Ann Lee,call,Jordan Ekwueme\n"))


def test_a_mistyped_owner_is_not_a_new_teammate(run, db, tmp_path):
    seeded(run, tmp_path)
    before = db.read_bytes()
    f = write(tmp_path / "more.csv", "date,person,channel\n2026-01-02,Bo Ek,call\n")
    result = run("import", "interactions", f, "--owner", "Jordan Ekwume")
    assert (result.exit_code, result.output) == (1, f"Error: {f}: no owner called 'Jordan Ekwume' — did you mean "
                                                    "'Jordan Ekwueme'? (owners: Jordan Ekwueme; if 'Jordan Ekwume' is "
                                                    "a new teammate, add --new-owner 'Jordan Ekwume')\n")
    assert db.read_bytes() == before
    assert "for Kasia Wróblewska" in run("import", "interactions", f, "--owner", "Kasia Wróblewska").output


def test_someone_elses_export_under_your_name_is_refused(run, db, tmp_path):
    z = tmp_path / "Complete_LinkedInDataExport_02-10-2026.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Profile.csv", PROFILE)
        zf.writestr("Connections.csv", CONNECTIONS_2024)
    result = run("import", "linkedin", z, "--owner", "Kasia Wróblewska")
    assert (result.exit_code, result.output) == (1, f"Error: {z}: this export is Alex Morgan's (Profile.csv), not "
                                                    "Kasia Wróblewska's — drop --owner, or import Kasia Wróblewska's "
                                                    "own export\n")
    assert not db.exists()


def test_out_of_range_config_is_refused(run, db, tmp_path):
    seeded(run, tmp_path)
    cfg = write(tmp_path / "neg.toml", "[strength]\nhalf_life_base_days = -5\n")
    result = CliRunner().invoke(cli, ["--db", str(db), "--config", str(cfg), "people"])
    assert (result.exit_code, result.output) == (1, f"Error: {cfg}: [strength] half_life_base_days = -5 is out of "
                                                    "range — use a value at least 1\n")


def test_ics_to_a_missing_folder_fails_before_printing(run, tmp_path):
    seeded(run, tmp_path)
    out = tmp_path / "nope" / "plan.ics"
    result = run("reconnect", "--as-of", "2026-11-15", "--ics", out)
    assert (result.exit_code, result.output) == (1, f"Error: {out}: cannot write the calendar file (No such file or "
                                                    "directory) — pick a folder that exists and that you can write "
                                                    "to\n")


def test_a_busy_store_says_so(run, db, tmp_path):
    seeded(run, tmp_path)
    holder = sqlite3.connect(db, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        proc = subprocess.run([sys.executable, "-m", "refgraph", "--db", str(db), "log", "Ann Lee", "--channel",
                               "call"], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "REFGRAPH_BUSY_TIMEOUT": "0.5"})   # not the minute it waits
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == ("Error: the store is busy: another refgraph command is writing "
                                                    "to it — try again when it has finished")


def test_a_full_disk_is_one_line(run, tmp_path):
    seeded(run, tmp_path)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "refgraph", "--db", str(tmp_path / "store.db"), "people",
                               "--csv"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == ("Error: cannot write the output (No space left on device) — free some space or write "
                           "somewhere else\n")


def test_a_write_waits_a_minute_for_another_commands_write(monkeypatch, tmp_path):
    from refgraph.store import Store, busy_timeout
    from refgraph.strength import DEFAULTS

    monkeypatch.delenv("REFGRAPH_BUSY_TIMEOUT", raising=False)
    assert busy_timeout() == 60.0   # a team's import holds the store for longer than SQLite's 5 s
    monkeypatch.setenv("REFGRAPH_BUSY_TIMEOUT", "2.5")
    assert busy_timeout() == 2.5
    with Store(tmp_path / "s.db", kept=DEFAULTS) as store:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2500
    monkeypatch.setenv("REFGRAPH_BUSY_TIMEOUT", "soon")
    assert busy_timeout() == 60.0
