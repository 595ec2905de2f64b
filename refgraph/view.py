"""What the terminal shows: the titles, tables and footers made of the library's answers.

The library (:mod:`refgraph.api`) answers with data (:mod:`refgraph.results`); the CLI and the
demo print it through :func:`render` here, which gives a report its titled tables and leaves
JSON, CSV and plain tables to :mod:`refgraph.output`. The one-line messages of the commands that
write (log, merge, the pictures, the demo's sections) are here too.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, TextIO

from .output import Block, render as render_data, render_blocks
from .results import PathsReport, ReconnectPlan, Rows, WhyReport

__all__ = ["render", "emit", "blocks", "chain", "logged", "merged", "wrote", "wrote_calendar", "section"]


def chain(names) -> str:
    """People one after the other, as a path runs.

    >>> chain(["Alex Morgan", "Sam Rivera", "Lee Park"])
    'Alex Morgan → Sam Rivera → Lee Park'
    """
    return " → ".join(names)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- reports as titled tables --------------------------------------------------------------------
def paths_blocks(report: PathsReport) -> list[Block]:
    """``refgraph path``: a title line, then each path (its hops, what to do next, the evidence)."""
    if not report.data:
        return [Block(report.no_path, Rows())]
    source = "the team" if report.owner is None else report.owner
    out = [Block(f"Warm paths into {report.account} from {source}, as of {report.as_of.isoformat()} "
                 f"({_plural(report.total, 'path')} of ≤ {report.max_hops} hops"
                 f"{'' if report.all_paths else '; at most 2 per connector and target'})", Rows())]
    for i, item in enumerate(report.data, 1):
        target = item["target"]
        head = (f"{i}. {item['strength']:.3f}  " + chain(item["people"])
                + f"  ({target['title'] or 'no title'}, {target['company'] or target['account']})")
        hops = Rows([{"from": h["from"], "to": h["to"], "strength": h["strength"],
                      "last_conversation": h["last_conversation"] or "never",
                      "stale": "reconnect" if h["stale"] else ""} for h in item["hops"]],
                    ["from", "to", "strength", "last_conversation", "stale"])
        footer = f"Next: {item['next_action']}"
        if item["evidence"]:
            footer += "\nEvidence: " + "; ".join(item["evidence"])
        out.append(Block(head, hops, footer))
    return out


def why_blocks(report: WhyReport) -> list[Block]:
    """``refgraph why``: the person, each owner's relationship (its events and shares), whom they
    know and where they worked."""
    from .strength import round_shares

    data = report.data
    head = data["name"] + (f", {data['credentials']}" if data["credentials"] else "")
    if data["company"] or data["title"]:
        head += f" — {data['title']}{' at ' if data['title'] and data['company'] else ''}{data['company']}"
    if not report.relationships:
        out = [Block(f"{head}: no interactions with any owner up to {report.as_of.isoformat()}", Rows())]
    else:
        out = [Block(head, Rows())]
    for rel in report.relationships:
        rounded = round_shares(rel.shares, rel.strength, 3)
        table = [{**event, "share": share, "weight": round(weight, 3)}
                 for event, weight, share in zip(rel.events, rel.weights, rounded)]
        last = rel.last_conversation.isoformat() if rel.last_conversation else "never"
        title = (f"{rel.owner} — {data['name']}: strength {rel.strength:.3f}{' (stale)' if rel.stale else ''}; "
                 f"{_plural(rel.conversations, 'conversation')}, last {last}; freshness {rel.freshness:.3f} "
                 f"(half-life {rel.half_life:.0f} days)")
        out.append(Block(title, Rows(table, ["date", "channel", "kind", "direction", "subject", "source", "weight",
                                             "share"]),
                         footer=f"total {sum(rounded):.3f} = strength {rel.strength:.3f}"))
    ties = data["knows"]
    if ties:
        out.append(Block("Knows (outside the owners)", Rows(
            [{**t, "evidence": "; ".join(t["evidence"])} for t in ties[:15]],
            ["name", "strength", "last_contact", "evidence"]),
            footer=f"… and {len(ties) - 15} more (--json lists all)" if len(ties) > 15 else ""))
    if data["employment"]:
        out.append(Block("Employment", Rows(
            [{"company": j["company"], "title": j["title"], "from": j["from"] or "", "to": j["to"] or "now"}
             for j in data["employment"]], ["company", "title", "from", "to"])))
    return out


def plan_blocks(report: ReconnectPlan) -> list[Block]:
    """``refgraph reconnect``: the plan's title and table, and whom it left out for a conversation
    already booked."""
    team = report.owner is None
    footer = ""
    if report.left_out:
        footer = "Left out, a conversation already booked: " + "; ".join(
            f"{e['name']} (" + (f"{e['owner']}, " if team else "") + e["day"]
            + (f", {e['subject']}" if e["subject"] else "") + ")" for e in report.left_out) + "."
    if not report.data:
        who = "the team" if team else report.owner
        return [Block(f"No one to reconnect with for {who} as of {report.as_of.isoformat()}: every relationship "
                      "with a real conversation is still fresh"
                      + (f" or off the paths into {report.account}" if report.account else "")
                      + (" or already has one booked" if report.left_out else "") + ".", Rows(), footer)]
    calls = len(report.data)
    return [Block(f"Reconnect before you ask — {_plural(calls, 'call')}, {report.per_day} a day from "
                  f"{report.data[0]['date']} (as of {report.as_of.isoformat()})", report.rows, footer)]


_BLOCKS: dict[type, Callable[[Any], list[Block]]] = {
    PathsReport: paths_blocks, WhyReport: why_blocks, ReconnectPlan: plan_blocks}


def blocks(report) -> list[Block] | None:
    """The titled tables a terminal shows of *report*; ``None`` for an answer that is one table."""
    make = _BLOCKS.get(type(report))
    return make(report) if make else None


def render(result: Any, fmt: str = "table", empty: str = "") -> str:
    """What a command prints of *result* in *fmt* (table, json or csv); *empty* for a table of no rows."""
    if fmt == "table":
        made = blocks(result)
        if made is not None:
            return render_blocks(made)
    return render_data(result, fmt, empty)


def emit(result: Any, fmt: str = "table", out: TextIO | None = None, empty: str = "") -> None:
    """Write :func:`render` of *result* to *out* (standard output by default)."""
    import sys

    (out or sys.stdout).write(render(result, fmt, empty))


# -- one-line messages ---------------------------------------------------------------------------
def logged(done: dict) -> str:
    """What ``refgraph log`` says of :meth:`~refgraph.api.Refgraph.log`'s answer."""
    if done["logged"]:
        return f"Logged {done['channel']} with {done['person']} on {done['date']} for {done['owner']}."
    # one connection per pair
    return f"Not logged: {done['owner']} is connected with {done['person']} since {done['connected_on']}."


def merged(done: dict) -> str:
    """What ``refgraph merge`` says of :meth:`~refgraph.api.Refgraph.merge`'s answer."""
    return f"Merged #{done['merged_id']} {done['merged']} into #{done['kept_id']} {done['kept']}."


def wrote(path) -> str:
    """What a picture command says once the picture is written."""
    return f"Wrote {path}"


def wrote_calendar(count: int, path) -> str:
    """What ``reconnect --ics`` says once the calendar file is written."""
    return f"Wrote {_plural(count, 'calendar event')} to {path}."


# -- the demo's tour -----------------------------------------------------------------------------
def section(title: str) -> str:
    """A heading of the demo's tour."""
    return f"\n== {title} ==\n\n"


def demo_intro(as_of: date) -> str:
    return f"refgraph demo — the bundled samples, as of {as_of}: seller Alex Morgan and teammate Sam Rivera\n"


def demo_kept(folder: Path, as_of: date) -> str:
    return (f"\nThe demo store is {folder / 'demo.db'}; try:\n"
            f"  refgraph --db {folder / 'demo.db'} people --as-of {as_of} --limit 10\n")


def demo_pictures(folder: Path, written: list[Path]) -> str:
    return f"The pictures are in {folder}:\n" + "".join(f"  {p.name}\n" for p in written)
