"""Plots: the format follows the file name; errors for an unknown extension or nothing to draw."""
import shutil

import pytest
from click.testing import CliRunner

from refgraph.cli import cli

from .conftest import AS_OF

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-", "svg": b"<?xml"}


@pytest.fixture
def plot(full_store, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(full_store, db)

    def _run(*args):
        return CliRunner().invoke(cli, ["--db", str(db), "plot", *map(str, args), "--as-of", str(AS_OF)])

    return _run


@pytest.mark.parametrize("kind,args", [("paths", ["paths", "Contoso"]), ("network", ["network", "--top", "40"]),
                                       ("decay", ["decay", "Maria Ortiz", "Tom Becker"])])
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_each_plot_in_each_format(plot, tmp_path, kind, args, fmt):
    out = tmp_path / f"{kind}.{fmt}"
    result = plot(*args, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out}\n"
    assert out.read_bytes().startswith(MAGIC[fmt]) and out.stat().st_size > 5000


def test_unknown_extension_and_nothing_to_draw(plot, tmp_path):
    bad = plot("paths", "Contoso", "-o", tmp_path / "p.gif")
    assert (bad.exit_code, bad.output) == (1, f"Error: {tmp_path / 'p.gif'}: cannot write a .gif picture — name "
                                              "the file .png, .svg or .pdf\n")
    none = plot("paths", "Contoso", "--from", "Sam Rivera", "-o", tmp_path / "p.png")   # Sam's paths exist
    assert none.exit_code == 0
    empty = plot("decay", "Irene Castellanos", "--from", "Sam Rivera", "-o", tmp_path / "d.png")
    assert (empty.exit_code, empty.output) == (1, "Error: nothing to draw: none of these people has an interaction "
                                                  "with the owner\n")
    assert not (tmp_path / "d.png").exists() and not (tmp_path / "p.gif").exists()


def test_decay_before_anyone_was_met_is_nothing_to_draw(full_store, tmp_path):
    out = tmp_path / "d.png"
    early = CliRunner().invoke(cli, ["--db", str(full_store), "plot", "decay", "Maria Ortiz", "-o", str(out),
                                     "--as-of", "2010-01-01"])
    assert (early.exit_code, early.output) == (1, "Error: nothing to draw as of 2010-01-01: their first interaction "
                                                  "with the owner is later (2019-05-14) — draw as of a later day\n")
    assert not out.exists()


def test_decay_draws_an_all_hands_as_a_touch_not_a_conversation():
    from datetime import date

    from refgraph.plots import decay_figure
    from refgraph.strength import DEFAULTS, Event

    events = [Event(date(2025, 1, 10), "meeting", attendees=3), Event(date(2025, 3, 10), "meeting", attendees=30),
              Event(date(2025, 4, 1), "email")]
    ax = decay_figure([{"name": "Eva Bauer", "events": events}], date(2025, 6, 1), DEFAULTS).axes[0]
    dots, ticks = ax.collections[:2]
    assert (len(dots.get_offsets()), len(ticks.get_offsets())) == (1, 2)


def test_the_paths_picture_draws_every_path_with_its_status():
    from datetime import date
    from types import SimpleNamespace

    from refgraph.plots import COLD_COLOUR, STALE_COLOUR, paths_figure

    def path(people, strength, status, hop):
        return {"people": people, "strength": strength, "status": status, "reconnect_first": [],
                "target": {"name": people[-1], "title": "CFO", "account": "Contoso"},
                "hops": [{"from": people[0], "to": people[1], "strength": strength, "kind": "relationship", **hop}]}

    report = SimpleNamespace(data=[
        path(["Alex Morgan", "Maria Ortiz"], 0.247, "reconnect", {"stale": True, "last_conversation": "2024-02-11"}),
        path(["Alex Morgan", "Ines Delgado"], 0.0004, "cold", {"stale": True, "last_conversation": None})])
    ax = paths_figure(report, "Contoso", date(2026, 11, 15)).axes[0]
    assert ax.get_title(loc="left") == "Paths into Contoso — as of 2026-11-15"
    texts = [t.get_text() for t in ax.texts]
    assert "1.  0.25\nreconnect" in texts and "2.  0.00\ncold" in texts   # a near-zero cold path is drawn too
    assert "0.25  reconnect first" in texts and "0.00  never talked" in texts
    assert [line.get_color() for line in ax.lines] == [STALE_COLOUR, COLD_COLOUR]
