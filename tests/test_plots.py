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


def test_decay_draws_an_all_hands_as_a_touch_not_a_conversation():
    from datetime import date

    from refgraph.plots import decay_figure
    from refgraph.strength import DEFAULTS, Event

    events = [Event(date(2025, 1, 10), "meeting", attendees=3), Event(date(2025, 3, 10), "meeting", attendees=30),
              Event(date(2025, 4, 1), "email")]
    ax = decay_figure([{"name": "Eva Bauer", "events": events}], date(2025, 6, 1), DEFAULTS).axes[0]
    dots, ticks = ax.collections[:2]
    assert (len(dots.get_offsets()), len(ticks.get_offsets())) == (1, 2)
