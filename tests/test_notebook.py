"""The exploration notebook runs top to bottom on a fresh kernel."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def test_notebook_runs_on_a_fresh_kernel(tmp_path, monkeypatch):
    # the notebook works in a new temporary folder (kept, for the reader to look at): here, one the
    # test run removes, by the kernel's TMPDIR
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "reconnect  0.247  Alex Morgan → Maria Ortiz" in text
    assert "Priya Natarajan → Dana Whitfield" in text   # the ask's brief
    assert "only 1 ask with an outcome" in text          # the outcomes, honest about how little they rest on
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4   # paths, network, decay, calibration
    assert [p.name for p in tmp_path.glob("refgraph-notebook-*/explore.db")] == ["explore.db"]
