"""The project's own docs stay in step with the code: docs/contract.md names every command, option
and JSON key the CLI has, and nothing in the repository cites a document that is not in it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from refgraph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
GENERAL = {"--help", "-h", "--as-of", "--json", "--csv"}   # said once for every command


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_the_contract_names_every_command_and_option():
    missing = []
    for path, command in _commands(cli):
        if not re.search(r"(?m)^" + re.escape(" ".join(path)) + r"\b", CONTRACT):
            missing.append(" ".join(path))
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-") and opt not in GENERAL and opt not in CONTRACT:
                    missing.append(f"{' '.join(path)} {opt}")
    for param in cli.params:
        for opt in param.opts:
            if opt not in GENERAL and opt not in CONTRACT:
                missing.append(opt)
    assert missing == []


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_contract_names_every_json_key_of_the_readme_commands():
    text = (ROOT / "tests" / "golden" / "readme-commands.txt").read_text(encoding="utf-8")
    keys = set()
    for block in re.split(r"(?m)^\$ refgraph ", text)[1:]:
        head, _, body = block.partition("\n")
        if " --json " in head:
            keys |= _keys(json.loads(body.split("[stderr]")[0]))
    assert keys and sorted(k for k in keys if not re.search(r"\b" + re.escape(k) + r"\b", CONTRACT)) == []


def test_no_document_outside_the_repository_is_cited():
    outside = re.compile(r"\b(PRODUCT|FORMATS|STYLE)\.md\b|\.\./shared/")
    found = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if (path.is_file() and path.suffix in {".py", ".md", ".toml", ".ipynb", ".txt", ".cfg"}
                and not {".git", ".venv", "build"} & set(parts) and not parts[0].endswith(".egg-info")):
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if outside.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}")
    assert found == []
