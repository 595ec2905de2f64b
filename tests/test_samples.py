"""The sample data is deterministic and the committed copy is exactly what the generator writes."""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

try:
    from refgraph import samples
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(ROOT))
    from refgraph import samples

REGENERATE = "regenerate with: python -m refgraph.samples data/samples"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _alex(name: str) -> bytes:
    with zipfile.ZipFile(SAMPLES / samples.ALEX_ZIP) as zf:
        return zf.read(name)


def test_generate_twice_gives_identical_bytes(tmp_path):
    first = samples.generate(tmp_path / "a")
    second = samples.generate(tmp_path / "b", seed=7)
    assert first == sorted(first)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second]
    assert all(p.is_file() and (tmp_path / "a") in p.parents for p in first)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_other_seed_changes_filler(tmp_path):
    samples.generate(tmp_path / "a", seed=7)
    samples.generate(tmp_path / "b", seed=8)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_committed_samples_equal_generated(tmp_path):
    samples.generate(tmp_path)
    fresh = _tree(tmp_path)
    committed = _tree(SAMPLES)
    committed.pop("README.md", None)
    assert sorted(committed) == sorted(fresh), REGENERATE
    for name, data in fresh.items():
        assert committed[name] == data, f"{name} differs from the generator; {REGENERATE}"


def test_samples_are_small():
    assert sum(len(b) for b in _tree(SAMPLES).values()) < 1_000_000


def test_zip_is_reproducible_and_flat():
    with zipfile.ZipFile(SAMPLES / samples.ALEX_ZIP) as zf:
        infos = zf.infolist()
    assert all("/" not in i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 11, 1, 9, 12, 34)}
    assert {"Connections.csv", "messages.csv", "coach_messages.csv"} <= {i.filename for i in infos}


def test_connections_current_format():
    data = _alex("Connections.csv")
    assert data.startswith(b"Notes:\n\"When exporting your connection data")
    assert not data.endswith(b"\n")
    assert b"\r" not in data
    text = data.decode("utf-8")
    assert "\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n" in text
    assert "\n,,,,,,14 Sep 2024" in text
    assert "https://www.linkedin.com/in/%C3%BCmit-yilmaz-12ab" in text
    rows = list(csv.DictReader(io.StringIO(text.split("\n\n", 1)[1])))
    assert sum(1 for r in rows if r["First Name"]) == 250
    assert sum(1 for r in rows if r["First Name"] == "Chris" and r["Last Name"] == "Lee") == 2
    assert any(r["Last Name"] == "Hwang, MSPH" for r in rows)


def test_messages_quirks():
    text = _alex("messages.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    senders = {r["SENDER PROFILE URL"] for r in rows}
    assert "https://www.linkedin.com/in/ümit-yilmaz-12ab" in senders
    assert sum(r["IS MESSAGE DRAFT"] == "Yes" for r in rows) == 2
    assert sum(r["FOLDER"] == "SPAM" for r in rows) == 2
    assert any("Jiwoo Hwang, MSPH," in r["TO"] for r in rows)
    assert any(not any(r.values()) for r in rows)
    invitations = _alex("Invitations.csv").decode("utf-8")
    reader = csv.DictReader(io.StringIO(invitations, newline=""))
    notes = {r["Message"] for r in reader} - {""}
    assert sum(r["CONTENT"] in notes for r in rows) == 2


def test_sam_messages_utf16_tab_separated():
    data = (SAMPLES / samples.SAM_DIR / "Messages.csv").read_bytes()
    assert data.startswith(b"\xff\xfe")
    text = data[2:].decode("utf-16-le")
    assert text.startswith('"CONVERSATION ID"\t"CONVERSATION TITLE"\t')
    assert text.endswith("\r\n")
    connections = (SAMPLES / samples.SAM_DIR / "Connections.csv").read_text(encoding="utf-8")
    assert "\nFirst Name,Last Name,Email Address,Company,Position,Connected On\n" in connections


def test_interactions_bom_crlf_and_story():
    data = (SAMPLES / "interactions.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdate,person,email,linkedin_url,")
    assert data.count(b"\r\n") >= 400
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    conversation = {"phone", "zoom", "teams", "video call", "in person", "lunch", "coffee",
                    "meeting", "call"}
    maria = [r for r in rows if r["person"] == "Maria Ortiz"
             and r["channel"].lower() in conversation]
    assert len(maria) == 9
    assert any(r["date"] == "2024-02-11T15:30:00-05:00" for r in maria)
    assert not [r for r in rows if r["person"] == "Lee Park" and r["owner"] == "Alex Morgan"]
    assert not [r for r in rows if r["person"] == "Dana Whitfield"]
    assert [r["date"] for r in rows if r["person"] == "Tom Becker"] == ["2025-03-03"]
    assert any(r["subject"].startswith("=") for r in rows)
