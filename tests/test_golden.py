"""Golden transcripts: what `refgraph demo` prints, and what the README's read commands print on the
demo store as of the samples' date — tables, --json and --csv — byte for byte.

A change to the code that moves any of it fails here. When a change of output is meant, write the
transcripts anew and read their diff before committing them:

    REFGRAPH_GOLDEN_UPDATE=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.cli import cli

from .conftest import stderr_apart

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-15"
WIDTH = {"COLUMNS": "80"}   # tables fit 80 columns, as when the output is not a terminal
# The README's read commands ("Using it"), each shown as a table, then as JSON and CSV where it has them
COMMANDS = [
    "owners",
    "people --limit 20",
    "people --owner 'Alex Morgan' --stale",
    "people --account contoso.example",
    "people --duplicates",
    "why 'Maria Ortiz'",
    "accounts",
    "path Contoso",
    "path contoso.example --title 'chief|vp|head|cfo' -k 3 --max-hops 2",
    "path Contoso --team",
    "path Contoso --via 'Maria Ortiz' --exclude 'Sam Rivera' --all",
    "coverage",
    "reconnect",
    "reconnect --account Contoso --per-day 3 --start 2026-11-16",
    "reconnect --since 2026-06-01",
    "people --owes",
    "ask --to 'Dana Whitfield' --reason 'they are choosing a forecasting tool'",
    "intro list --open",
    "changes --account Contoso",
    "outcomes",
]


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REFGRAPH_GOLDEN_UPDATE"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no {path.name} yet: run with REFGRAPH_GOLDEN_UPDATE=1 once"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    """The demo's transcript and the store it kept."""
    folder = tmp_path_factory.mktemp("tour")
    result = CliRunner().invoke(cli, ["demo", "--keep", str(folder)], env=WIDTH, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.replace(str(folder), "<kept>"), folder / "demo.db"


def test_the_demo_prints_what_it_printed(tour):
    _check("demo.txt", tour[0])


def test_the_readme_commands_print_what_they_printed(tour):
    runner = stderr_apart()
    parts = []
    for command in COMMANDS:
        for fmt in ([], ["--json"], ["--csv"]):
            args = [*shlex.split(command), "--as-of", AS_OF, *fmt]
            result = runner.invoke(cli, ["--db", str(tour[1]), *args], env=WIDTH, catch_exceptions=False)
            if fmt and result.exit_code == 2 and "No such option" in result.stderr:
                continue   # a command without that format
            parts.append(f"$ refgraph {shlex.join(args)}   [exit {result.exit_code}]\n{result.stdout}"
                         + (f"[stderr]\n{result.stderr}" if result.stderr else ""))
    text = "\n".join(parts)
    assert not re.search(r"Traceback", text)
    _check("readme-commands.txt", text)
