"""The corpus of real export shapes: one synthetic case per quirk met in real files.

Each folder under ``tests/fixtures/real-shapes/`` holds the input and a ``case.toml`` that says what
the quirk is (``about``), which importer reads it, and what must come out: the exact summary line
(or the exact one-line error, with the store left as it was) and a few exact rows of the store.

```toml
about = "2024 messages.csv: TO and RECIPIENT PROFILE URLS disagree in count"
importer = "linkedin"                         # linkedin | interactions | calendar | contacts | knows | accounts
path = "export"                               # relative to the case folder
owner = "Alex Morgan"                         # optional
today = "2026-12-01"                          # optional, calendars
map = { person = "Contact" }                  # optional, interactions
kwargs = { }                                  # optional, any other keyword of the importer
before = [ { importer = "linkedin", path = "profile" } ]   # optional earlier imports, same store
summary = "Imported LinkedIn export from export for Alex Morgan: …"
# error = "…"                                 # instead of summary
[[check]]
sql = "SELECT name FROM people ORDER BY name"
rows = [["Alex Morgan"]]
```

Cases run from their own folder with relative paths, so summaries and errors name the files as
written here.
"""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

import refgraph
from refgraph.errors import RefgraphError

CORPUS = Path(__file__).resolve().parent / "fixtures" / "real-shapes"
CASES = sorted(p.parent.name for p in CORPUS.glob("*/case.toml"))
KEYS = {"about", "importer", "path", "owner", "today", "map", "kwargs", "before", "summary", "error", "check"}
IMPORTERS = {"linkedin", "interactions", "calendar", "contacts", "knows", "accounts"}


def _load(name: str) -> dict:
    case = tomllib.loads((CORPUS / name / "case.toml").read_text(encoding="utf-8"))
    assert set(case) <= KEYS, f"{name}: unknown keys {sorted(set(case) - KEYS)}"
    assert case.get("about"), f"{name}: say what real quirk the case reproduces"
    assert ("summary" in case) != ("error" in case), f"{name}: give a summary or an error"
    return case


def _import(g, step: dict):
    importer = step["importer"]
    assert importer in IMPORTERS, importer
    kwargs = dict(step.get("kwargs", {}))
    if step.get("owner") is not None:
        kwargs["owner"] = step["owner"]
    if step.get("today") is not None:
        kwargs["today"] = date.fromisoformat(step["today"])
    if step.get("map") is not None:
        kwargs["mapping"] = dict(step["map"])
    return getattr(g, f"import_{importer}")(step["path"], **kwargs)


def _dump(path: Path) -> list[str] | None:
    """Every row of the store, or None when there is no store file (never creates one)."""
    import sqlite3

    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_the_corpus_is_there():
    assert len(CASES) >= 20, CASES


@pytest.mark.parametrize("name", CASES)
def test_real_shape(name, tmp_path, monkeypatch):
    case = _load(name)
    monkeypatch.chdir(CORPUS / name)
    db = tmp_path / "store.db"
    with refgraph.open(db) as g:
        for step in case.get("before", []):
            _import(g, step)
    before = _dump(db)
    if "error" in case:
        with refgraph.open(db) as g, pytest.raises(RefgraphError) as caught:
            _import(g, case)
        assert str(caught.value) == case["error"]
        assert "\n" not in str(caught.value)
        assert _dump(db) == before, "a failed import changed the store (or left a new one behind)"
        if before is None:
            return
    else:
        with refgraph.open(db) as g:
            summary = _import(g, case)
        lines = [s.line() for s in summary] if isinstance(summary, list) else [summary.line()]
        assert "\n".join(lines) == case["summary"]
    with refgraph.open(db) as g:
        for check in case.get("check", []):
            rows = [list(r) for r in g.store.query(check["sql"])]
            assert rows == check["rows"], check["sql"]
