"""``refgraph demo``: the tour on the bundled samples, in a throw-away store.

The samples are regenerated from :mod:`refgraph.samples` (deterministic, the same bytes as
``data/samples/``), so the demo works from any directory and from a non-editable install.
"""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import TextIO

from . import view
from .api import Refgraph
from .results import Rows
from .samples import AS_OF, generate
from .view import render

__all__ = ["run", "AS_OF"]


# the tour's referral: the reason for asking Priya to introduce Alex to Dana, and the introductions
# it logs (Sam's to Lee in October, which led to the "Contoso intro" meeting on the calendar for
# 2026-12-03; the ask to Priya now)
DEMO_REASON = "Fabrikam is choosing a forecasting tool this quarter"
DEMO_INTROS = [("Sam Rivera", "Lee Park", "asked", date(2026, 10, 1)),
               ("Sam Rivera", "Lee Park", "introduced", date(2026, 10, 6)),
               ("Priya Natarajan", "Dana Whitfield", "asked", date(2026, 11, 12))]


# the people tables of the tour: the columns that fit 80 (the command has conversations and stale too)
PEOPLE_COLUMNS = ["name", "company", "title", "owner", "strength", "last_conversation"]


def _section(out: TextIO, title: str) -> None:
    out.write(view.section(title))


def run(out: TextIO, keep: str | Path | None = None, as_of: date = AS_OF, width: int | None = None) -> Path | None:
    """Generate the samples, import them and show what refgraph answers, its tables at most *width*
    wide (default: :func:`refgraph.view.terminal_width` of *out*). Returns the kept folder."""
    width = width or view.terminal_width(out)
    if keep is None:
        plots = Path(tempfile.mkdtemp(prefix="refgraph-demo-plots-"))   # kept: the tour names it
        with tempfile.TemporaryDirectory(prefix="refgraph-demo-") as tmp:
            _tour(Path(tmp), out, as_of, plots, width)
        return None
    folder = Path(keep)
    folder.mkdir(parents=True, exist_ok=True)
    _tour(folder, out, as_of, folder / "plots", width)
    out.write(view.demo_kept(folder, as_of))
    return folder


def import_samples(g: Refgraph, samples: Path, as_of: date = AS_OF):
    """Import every bundled sample in the demo's order; yields each import's summary."""
    yield g.import_linkedin(next(samples.glob("Complete_LinkedInDataExport_*.zip")))
    yield g.import_linkedin(next(p for p in samples.glob("Basic_LinkedInDataExport_*") if p.is_dir()))
    yield g.import_interactions(samples / "interactions.csv")
    yield g.import_contacts(samples / "contacts.csv")
    yield g.import_contacts(samples / "sam-contacts.vcf")
    yield g.import_calendar(next(samples.glob("*.ical.zip")), today=as_of)
    yield g.import_knows(samples / "knows.csv")
    yield g.import_accounts(samples / "accounts.csv")


def _tour(folder: Path, out: TextIO, as_of: date, plots: Path, width: int) -> None:
    samples = folder / "samples"
    generate(samples)
    store = folder / "demo.db"
    if store.exists():
        store.unlink()
    out.write(view.paragraph(view.demo_intro(as_of).rstrip("\n"), width))
    with Refgraph(store) as g:
        _section(out, "Import (each file is one all-or-nothing transaction)")
        for summary in import_samples(g, samples, as_of):
            out.write(view.paragraph(summary.line().replace(str(samples) + "/", ""), width))
        _section(out, "refgraph owners")
        out.write(render(g.owners(as_of), width=width))
        _section(out, "refgraph people --limit 10   (each person's strongest relationship)")
        out.write(render(Rows(list(g.people(as_of, limit=10)), PEOPLE_COLUMNS), width=width))
        _section(out, "refgraph people --owner 'Alex Morgan' --stale --limit 5   (gone quiet)")
        stale = list(g.people(as_of, owner="Alex Morgan", stale=True, limit=5))
        out.write(render(Rows(stale, ["name", "company", "title", "strength", "last_conversation",
                                      "conversations"]), width=width))
        _section(out, "refgraph accounts")
        out.write(render(g.accounts(), width=width))
        _section(out, "refgraph people --account contoso.example --limit 5")
        out.write(render(Rows(list(g.people(as_of, account="contoso.example", limit=5)), PEOPLE_COLUMNS),
                         width=width))
        _section(out, "refgraph path Contoso -k 3   (what to do first, and the evidence)")
        out.write(render(g.paths("Contoso", as_of, k=3), width=width))
        _section(out, "refgraph coverage   (every target account, weakest first: a to-do list)")
        out.write(render(g.coverage(as_of), width=width))
        _section(out, "refgraph reconnect --limit 10   (whom to call this week, and why)")
        out.write(render(g.reconnect(as_of, limit=10), width=width))
        _section(out, "refgraph why 'Maria Ortiz'   (the latest events and their fair shares)")
        out.write(render(g.why("Maria Ortiz", as_of), width=width))
        _section(out, "refgraph path 'Acme Corp' -k 2   (no warm way in: reconnect, then cold)")
        out.write(render(g.paths("Acme Corp", as_of, k=2), width=width))
        _section(out, "refgraph triage --limit 5   (day one: whom you likely know)")
        out.write(render(Rows(list(g.triage(as_of, limit=5)), ["person", "company", "title", "evidence"]), width=width))
        out.write(view.demo_triage(width))
        _section(out, "refgraph ask --to 'Dana Whitfield' --reason '…'   (one referral ask)")
        out.write(render(g.ask(None, as_of, to="Dana Whitfield", reason=DEMO_REASON), width=width))
        _section(out, "refgraph intro log …; refgraph intro list   (what came of each ask)")
        for via, to, status, day in DEMO_INTROS:
            out.write(view.paragraph(view.intro_logged(g.intro_log(via, to, status, day)), width))
        out.write("\n" + render(g.intros(as_of), width=width))
        _section(out, "refgraph plot paths Contoso | network | decay   (pictures for a slide)")
        plots.mkdir(parents=True, exist_ok=True)
        written = [g.plot_paths("Contoso", as_of, plots / "paths-contoso.png"),
                   g.plot_network(as_of, plots / "network.png", top=120),
                   g.plot_decay(["Maria Ortiz", "Tom Becker", "Dana Whitfield"], as_of, plots / "decay.png")]
        out.write(view.demo_pictures(plots, written))
