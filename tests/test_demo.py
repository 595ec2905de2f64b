"""`refgraph demo` runs anywhere on regenerated samples and shows the tour."""
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from refgraph.cli import cli


def test_demo_from_another_directory_keeps_nothing(tmp_path):
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(cli, ["demo"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("refgraph demo — the bundled samples, as of 2026-11-15: seller Alex Morgan and teammate "
                          "Sam Rivera\n")
    for line in (
        "Imported linkedin from Complete_LinkedInDataExport_11-01-2026.zip for Alex Morgan: 255 new people,",
        "Imported calendar from alex.morgan@northwind.example.ical.zip for Alex Morgan: ",
        "Imported accounts from accounts.csv: 3 new accounts, 0 updated",
        "Contoso    contoso.example   Contoso Limited, Contoso Ltd.  11",
        "Alex Morgan — Maria Ortiz: strength 0.247 (stale); 10 conversations, last 2024-02-11",
        "total 0.247 = strength 0.247",
        "1. 0.247  Alex Morgan → Maria Ortiz  (VP Finance, Contoso Ltd.)",
        "2026-11-16  Maria Ortiz ",
    ):
        assert line in out, line
    assert list(tmp_path.iterdir()) == []
    plots = Path(out.split("The pictures are in ", 1)[1].split(":\n", 1)[0])
    assert sorted(p.name for p in plots.iterdir()) == ["decay.png", "network.png", "paths-contoso.png"]
    shutil.rmtree(plots)


def test_demo_keep_leaves_a_store_to_query(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--keep", str(tmp_path / "tour")], catch_exceptions=False)
    assert f"The demo store is {tmp_path / 'tour' / 'demo.db'}" in result.output
    people = runner.invoke(cli, ["--db", str(tmp_path / "tour" / "demo.db"), "people", "--as-of", "2026-11-15",
                                 "--limit", "1", "--csv"])
    assert people.output.splitlines()[1].startswith("Sam Rivera,Northwind Analytics,Account Executive,Alex Morgan,")
