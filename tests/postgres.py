"""A real PostgreSQL server for the tests: one per test run, on a Unix socket in a temporary folder.

``pg_server`` (session) starts it and yields the URL of its database ``refgraph_test``;
``pg_database`` (per test) yields the URL of a new, empty database of its own, dropped after.

The binaries are Debian's ``postgresql-15`` (``/usr/lib/postgresql/15/bin``), else those of
``pg_config --bindir``, else those on ``PATH``. Tests that use the server are skipped only when no
server binary exists (``.ci/run`` installs one); any other failure is an error that carries the
tail of the server's log. ``initdb`` and ``pg_ctl`` refuse to run as root: as root they run as the
``postgres`` user, which owns the data, socket and log folders. Trust authentication on the socket
alone (no TCP), small settings, no fsync.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

DEBIAN_BINDIR = Path("/usr/lib/postgresql/15/bin")
TOOLS = ("initdb", "pg_ctl", "postgres", "pg_isready")
SERVER_USER = "postgres"   # who runs the server when the tests run as root
DATABASE = "refgraph_test"
SETTINGS = {
    "listen_addresses": "''",
    "shared_buffers": "32MB",
    "max_connections": "40",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "log_min_messages": "warning",
}


class ServerError(RuntimeError):
    pass


def find_bindir() -> Path | None:
    """The folder of PostgreSQL's server binaries, or ``None`` where there is no server."""
    candidates = [DEBIAN_BINDIR]
    if shutil.which("pg_config"):
        try:
            out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=30)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)
    for folder in candidates:
        if all((folder / tool).is_file() and os.access(folder / tool, os.X_OK) for tool in TOOLS):
            return folder
    return None


class Server:
    """One server's folders and the commands that start and stop it."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                self.user = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise ServerError(f"running as root, and there is no '{SERVER_USER}' user to run PostgreSQL as "
                                  "(initdb and pg_ctl refuse root): install postgresql-15, which adds it") from None
            if not shutil.which("runuser"):
                raise ServerError("running as root, and there is no runuser to run PostgreSQL as another user")
        self.base = Path(tempfile.mkdtemp(prefix="refgraph-pg-"))
        os.chmod(self.base, 0o711)   # traversable by the server's user, listable by us alone
        self.data = self._folder("data")
        self.socket = self._folder("sock")
        self.logs = self._folder("log")
        self.log = self.logs / "server.log"
        self.started = False

    def _folder(self, name: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.base))
        if self.as_root:
            os.chown(folder, self.user.pw_uid, self.user.pw_gid)
        os.chmod(folder, 0o700)
        return folder

    def run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(self.bindir / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        for name in ("PGDATA", "PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGOPTIONS", "PGSERVICE"):
            env.pop(name, None)
        return subprocess.run(command, cwd=self.base, env=env, capture_output=True, text=True, timeout=timeout)

    def _check(self, what: str, result: subprocess.CompletedProcess) -> None:
        if result.returncode != 0:
            raise ServerError(f"{what} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
                              f"{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\n--- server log (last lines) ---\n" + "\n".join(tail)

    def start(self) -> None:
        self._check("initdb", self.run("initdb", "-D", str(self.data), "-U", SERVER_USER, "--auth=trust",
                                       "--encoding=UTF8", "--locale=C", "--no-sync"))
        settings = {**SETTINGS, "unix_socket_directories": f"'{self.socket}'"}
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# refgraph tests\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
        self.started = True   # from here on, stop() is worth trying whatever happens
        self._check("pg_ctl start", self.run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log),
                                             "-w", "-t", "60"))
        self._check("pg_isready", self.run("pg_isready", "-h", str(self.socket), "-U", SERVER_USER,
                                           "-d", "postgres", "-t", "30"))

    def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        result = self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")
        if result.returncode != 0 and (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
            self._check("pg_ctl stop -m fast", result)

    def remove(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{SERVER_USER}@/{database}?host={self.socket}"


def connect(url: str, **kwargs):
    """A psycopg connection to *url* (psycopg 3, in the ``test`` and ``postgres`` extras)."""
    import psycopg

    return psycopg.connect(url, **kwargs)


def _create_database(url: str, name: str) -> None:
    with connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')


def _drop_database(url: str, name: str) -> None:
    with connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server():
    """Start one PostgreSQL server for the test run; the URL of its database ``refgraph_test``."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(f"no PostgreSQL server binary (initdb, pg_ctl, postgres) in {DEBIAN_BINDIR}, "
                    "pg_config --bindir or PATH: install postgresql-15 (.ci/run does)")
    server = Server(bindir)
    try:
        server.start()
        try:
            _create_database(server.url("postgres"), DATABASE)
        except Exception as exc:
            raise ServerError(f"cannot create {DATABASE}: {exc}{server.log_tail()}") from exc
        yield server.url(DATABASE)
    finally:
        try:
            server.stop()
        finally:
            server.remove()


@pytest.fixture
def pg_database(pg_server):
    """A new empty database on the test server for one test: its URL (dropped after the test)."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    _create_database(pg_server, name)
    try:
        yield pg_server.replace(f"/{DATABASE}?", f"/{name}?")
    finally:
        _drop_database(pg_server, name)
