"""The floor for import: ``pandas.read_csv`` of every CSV file the import reads, in one process.

    python benchmarks/floor.py OUT/world.json

Connections.csv is read past its ``Notes:`` preamble (``skiprows=3``); the calendar (.ics) is not a
CSV and has no pandas floor. Prints JSON: seconds per kind of file, the total, and the pandas import.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    manifest = json.loads(Path((argv or sys.argv[1:])[0]).read_text())
    t = time.perf_counter()
    import pandas as pd
    t_import = time.perf_counter() - t
    seconds: dict[str, float] = {}
    rows: dict[str, int] = {}

    def read(kind: str, path: Path, **kw) -> None:
        t0 = time.perf_counter()
        df = pd.read_csv(path, **kw)
        seconds[kind] = seconds.get(kind, 0.0) + time.perf_counter() - t0
        rows[kind] = rows.get(kind, 0) + len(df)

    for folder in manifest["files"]["linkedin"]:
        for f in sorted(Path(folder).rglob("*.csv")):
            name = f.name.lower()
            kind = "linkedin " + name
            read(kind, f, skiprows=3) if name == "connections.csv" else read(kind, f)
    for kind in ("interactions", "knows", "accounts"):
        read(kind, Path(manifest["files"][kind]))
    json.dump({"pandas_import_seconds": t_import, "seconds": seconds, "rows": rows,
               "total_seconds": sum(seconds.values())}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
