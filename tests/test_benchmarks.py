"""benchmarks/ab.py: two installs compared on one generated world, alternating (a tiny world here)."""
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AB = REPO / "benchmarks" / "ab.py"


def ab(*args):
    return subprocess.run([sys.executable, str(AB), *map(str, args)], cwd=REPO, capture_output=True, text=True)


def test_ab_runs_both_installs_in_turn_on_their_own_stores(tmp_path):
    venv = Path(sys.executable).parent.parent   # this test's refgraph, as "old" and as "new"
    out = tmp_path / "world"
    r = ab(venv, venv / "bin" / "refgraph", out, "--world", "seller", "--scale", "0.01", "--rounds", "2",
           "--what", "import,calendar,people")
    assert r.returncode == 0, r.stderr
    table = r.stdout.splitlines()
    assert table[2:4] == ["| what | old runs (s) | new runs (s) | old median | new median | new/old | "
                          "peak MB old → new |", "|---|---|---|---|---|---|---|"]
    assert [line.split(" | ")[0] for line in table[4:]] == [
        "| import linkedin", "| import interactions", "| import knows", "| import accounts", "| import, all files",
        "| import calendar", "| people"]
    runs = json.loads((out / "ab.json").read_text())["runs"]
    assert {name: (len(by["old"]), len(by["new"])) for name, by in runs.items()} == {
        "import linkedin": (2, 2), "import interactions": (2, 2), "import knows": (2, 2), "import accounts": (2, 2),
        "import, all files": (2, 2), "import calendar": (2, 2), "people": (5, 5)}
    # the order swaps every round: old first, then new first
    log = [line.split("] ", 1)[1].split(":")[0] for line in r.stderr.splitlines() if "] people (" in line]
    assert log[:4] == ["people (old)", "people (new)", "people (new)", "people (old)"]
    missing = out / "ab-old.db"
    missing.rename(out / "kept.db")
    r = ab(venv, venv, out, "--what", "people", "--reuse")
    assert r.returncode == 2 and r.stderr.splitlines()[-1].endswith(
        f"--reuse: no store from an earlier run at {missing} — run once without --reuse")
    (out / "kept.db").rename(missing)
    for version in ("old", "new"):   # each its own store, the calendar imported into it once per round
        con = sqlite3.connect(out / f"ab-{version}.db")
        assert con.execute("SELECT count(DISTINCT source) FROM interactions WHERE source LIKE '%.ics'").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM owners").fetchone() == (1,)


def test_ab_refuses_what_it_cannot_run(tmp_path):
    r = ab(tmp_path, tmp_path, tmp_path / "world")
    assert r.returncode == 1 and r.stderr.strip().endswith(
        f"{tmp_path}: no refgraph executable there — pass one, or a virtualenv that has it")
    r = ab(tmp_path, tmp_path, "--what", "people,coverage")
    assert r.returncode == 2 and r.stderr.splitlines()[-1].endswith(
        "--what: unknown coverage (choose from import, calendar, people, reconnect, path)")
    r = ab(tmp_path, tmp_path, "--what", "import,people", "--reuse")
    assert r.returncode == 2 and r.stderr.splitlines()[-1].endswith(
        "--reuse keeps the stores of an earlier run, so it times queries only: drop import and calendar from --what")


def test_run_measures_a_tiny_world_end_to_end(tmp_path):
    out, results = tmp_path / "world", tmp_path / "results"
    results.mkdir()
    r = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), str(out), "--world", "seller",
                        "--scale", "0.01", "--runs", "1", "--results", str(results)],
                       cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    data = json.loads((results / "results-seller.json").read_text())
    assert data["store_rows"]["connections"] == 300 and data["store_rows"]["owners"] == 1
    assert sorted(data["measurements"]) == ["click", "help", "paths", "people", "people_limit", "reconnect"]
    assert data["cli_heavy_modules"] == "[]" and data["pandas_floor"]["total_seconds"] > 0   # as run.py prints it
    assert (results / "results-seller-s0.01.json").exists()
    # every path the CLI lists (as a seller reads them, not in strength order) is one the search found
    listed = [acc["check_cli_paths"] for acc in data["yen"]["accounts"]]
    assert listed and all(c["all_found"] for c in listed) and sum(c["checked"] for c in listed) > 0
    exact = [line for line in r.stdout.splitlines() if "hop-layered (exact)" in line]
    assert exact and all("top-k identical" in line for line in exact)   # (the 3-hop cut is not exact)
    # report.py makes the table from the measurements: absolute times also in units of `import click`
    md = subprocess.run([sys.executable, str(REPO / "benchmarks" / "report.py"), str(results / "results-seller.json")],
                        cwd=REPO, capture_output=True, text=True, check=True).stdout
    people = next(line for line in md.splitlines() if line.startswith("| people (all rows)"))
    ratio = data["measurements"]["people"]["median_s"] / data["measurements"]["click"]["median_s"]
    assert people.split(" | ")[3] == f"{ratio:.1f}× import click"
