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

from .output import Block, fill_line, render as render_data, render_blocks, terminal_text
from .results import CoverageRows, PathsReport, ReconnectPlan, Rows, WhyReport

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
_STATUS_HEADS = {
    "warm": "Warm — every tie fresh, from real conversations:",
    "reconnect": "Reconnect first — real conversations, but a tie has gone stale or is weak:",
    "cold": "Cold — a tie with no real conversation yet (most senior target first):",
}


def paths_blocks(report: PathsReport) -> list[Block]:
    """``refgraph path``: a title line, then each path (its hops, what to do next, the evidence)
    under the heading of its status: warm, reconnect first, cold."""
    missing = ([Block(no_conversations([report.owner] if report.owner else None) + ".", Rows())]
               if report.no_conversations else [])
    if not report.data:
        return [Block(report.no_path, Rows())] + missing
    source = "the team" if report.owner is None else report.owner
    out = [Block(f"Paths into {report.account} from {source}, as of {report.as_of.isoformat()} "
                 f"({_plural(report.total, 'path')} of ≤ {report.max_hops} hops"
                 f"{'' if report.all_paths else '; at most 2 per connector and target'})", Rows())] + missing
    shown = None
    for i, item in enumerate(report.data, 1):
        if item["status"] != shown:
            shown = item["status"]
            out.append(Block(_STATUS_HEADS[shown], Rows()))
        target = item["target"]
        head = (f"{i}. {item['strength']:.3f}  " + chain(item["people"])
                + f"  ({target['title'] or 'no title'}, {target['company'] or target['account']})")
        hops = Rows([{"from": h["from"], "to": h["to"], "strength": h["strength"],
                      "last_conversation": h["last_conversation"] or "never",
                      "stale": ("cold" if h["kind"] == "relationship" and not h["last_conversation"]
                                else "reconnect" if h["stale"] else "")} for h in item["hops"]],
                    ["from", "to", "strength", "last_conversation", "stale"])
        footer = f"Next: {item['next_action']}"
        if item["evidence"]:
            footer += "\nEvidence: " + "; ".join(item["evidence"])
        out.append(Block(head, hops, footer))
    return out


WHY_RECENT = 10   # events ``why`` shows per relationship without --all

SHARES_RULE = ("Fair shares: conversations get their Shapley values (equal ones alike, the one that keeps "
               "the tie fresh at least an older one's), touches split theirs by weight.")


def why_blocks(report: WhyReport) -> list[Block]:
    """``refgraph why``: the person, each owner's relationship (its summary, its most recent events
    and their shares; every event with ``all_events``), whom they know and where they worked."""
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
        earlier = 0 if report.all_events else max(len(table) - WHY_RECENT, 0)
        if earlier:   # the earlier events as one row, so the shares still add up to the strength
            table = [{"date": "…", "subject": f"{_plural(earlier, 'earlier event')} (--all)",
                      "share": round(sum(r["share"] for r in table[:earlier]), 3)}] + table[earlier:]
        last = rel.last_conversation.isoformat() if rel.last_conversation else "never"
        title = (f"{rel.owner} — {data['name']}: strength {rel.strength:.3f}{' (stale)' if rel.stale else ''}; "
                 f"{_plural(rel.conversations, 'conversation')}, last {last}; freshness {rel.freshness:.3f} "
                 f"(half-life {rel.half_life:.0f} days)")
        out.append(Block(title, Rows(table, ["date", "channel", "kind", "direction", "subject", "source", "weight",
                                             "share"]),
                         footer=f"total {sum(rounded):.3f} = strength {rel.strength:.3f}\n{SHARES_RULE}"))
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
    lines = []
    if report.left_out:
        lines.append("Left out, a conversation already booked: " + "; ".join(
            f"{e['name']} (" + (f"{e['owner']}, " if team else "") + e["day"]
            + (f", {e['subject']}" if e["subject"] else "") + ")" for e in report.left_out) + ".")
    if report.colleagues:
        lines.append(colleagues_left_out(report.colleagues))
    who = "the team" if team else report.owner
    silent = report.all_silent and not report.data   # no conversation at all: say what is missing
    if report.no_conversations and not silent:   # a teammate with none: the plan is the others'
        lines.append(no_conversations(report.no_conversations))
    footer = "\n".join(lines)
    if not report.data:
        if silent:
            return [Block(f"No one to reconnect with for {who} as of {report.as_of.isoformat()}: "
                          + no_conversations(None), Rows(), footer)]
        return [Block(f"No one to reconnect with for {who} as of {report.as_of.isoformat()}: every relationship "
                      "with a real conversation is still fresh"
                      + (f" or off the paths into {report.account}" if report.account else "")
                      + (" or already has one booked" if report.left_out else "") + ".", Rows(), footer)]
    calls = len(report.data)
    return [Block(f"Reconnect before you ask — {_plural(calls, 'call')}, {report.per_day} a day"
                  f"{' for each owner' if team else ''} from {report.data[0]['date']} "
                  f"(as of {report.as_of.isoformat()})", report.rows, footer)]


def colleagues_left_out(found: list[dict]) -> str:
    """The footer line that counts the colleagues a plan or a path search left out.

    >>> colleagues_left_out([{"company": "Northwind Analytics", "count": 4}])
    'Left out: 4 colleagues at Northwind Analytics — show them with --colleagues'
    """
    return ("Left out: " + ", ".join(f"{_plural(c['count'], 'colleague')} at {c['company'] or 'your company'}"
                                     for c in found) + " — show them with --colleagues")


def no_conversations(owners: list[str] | None) -> str:
    """What is missing when owners (``None``: the ones the line is about) have no real conversation
    in the store: the commands that add them.

    >>> no_conversations(["Sam Rivera"])[:58]
    'Sam Rivera has no real conversation (call, meeting, video)'
    """
    who = (", ".join(owners) + (" has" if len(owners) == 1 else " have")) if owners else "the store holds"
    return (f"{who} no real conversation (call, meeting, video) yet — add them with refgraph import calendar FILE, "
            "refgraph import interactions FILE (a call log or CRM export) or refgraph log PERSON --channel call")


def start_in_past(report: ReconnectPlan) -> str:
    """The warning of a plan that starts before its as-of date (today unless ``--as-of``; ``reconnect
    --start``); ``""`` when it does not."""
    if not report.start_in_past:
        return ""
    return (f"Warning: the plan starts on {report.start.isoformat()}, before {report.as_of.isoformat()} — "
            "its first calls are "
            "already overdue; give a later --start (default: the next weekday)")


def coverage_blocks(rows: CoverageRows) -> list[Block] | None:
    """``refgraph coverage``: its table, after one line on what is missing when the owner has no real
    conversation in the store (``None``: the table alone)."""
    if not rows.no_conversations:
        return None
    return [Block(no_conversations([rows.owner] if rows.owner else None) + ".", rows)]


_BLOCKS: dict[type, Callable[[Any], list[Block] | None]] = {
    PathsReport: paths_blocks, WhyReport: why_blocks, ReconnectPlan: plan_blocks, CoverageRows: coverage_blocks}


def blocks(report) -> list[Block] | None:
    """The titled tables a terminal shows of *report*; ``None`` for an answer that is one table."""
    make = _BLOCKS.get(type(report))
    made = make(report) if make else None
    if made and isinstance(report, PathsReport) and report.colleagues:   # targets left out: say so last
        last = made[-1]
        made[-1] = Block(last.title, last.rows, "\n".join(filter(None, [last.footer,
                                                                       colleagues_left_out(report.colleagues)])))
    return made


def render(result: Any, fmt: str = "table", empty: str = "", width: int | None = None) -> str:
    """What a command prints of *result* in *fmt* (table, json or csv); *empty* for a table of no rows;
    every line of a table at most *width* wide (none: as wide as it comes)."""
    if fmt == "table":
        made = blocks(result)
        if made is not None:
            return render_blocks(made, width)
    return render_data(result, fmt, empty, width)


def terminal_width(out: TextIO | None = None) -> int:
    """The width tables fit: ``$COLUMNS``, else the terminal's, else 80 (not a terminal)."""
    import os
    import sys

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    out = out or sys.stdout
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns or 80
    except (AttributeError, OSError, ValueError):
        pass
    return 80


def emit(result: Any, fmt: str = "table", out: TextIO | None = None, empty: str = "",
         width: int | None = None) -> None:
    """Write :func:`render` of *result* to *out* (standard output by default), a table fitting
    *width* (default: :func:`terminal_width`)."""
    import sys

    out = out or sys.stdout
    out.write(render(result, fmt, empty, width or terminal_width(out)))


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


def triage_note(rows: Rows, path=None) -> str:
    """What ``triage`` says: the file it wrote and what to do with it, or that nobody is left to triage."""
    if not rows:
        return "Nobody to triage: no one with messages, recommendations or endorsements and no real conversation yet"
    import shlex

    count = len(rows)
    return (f"Wrote {count} {'person' if count == 1 else 'people'} to {path} for {rows[0]['owner']}: fill in date "
            "and channel (call, video, meeting) for those you really talked with, leave the others empty, then run "
            f"refgraph import interactions {shlex.quote(str(path))}")


# -- the demo's tour -----------------------------------------------------------------------------
def paragraph(line: str, width: int | None) -> str:
    """One line of prose (an import's summary, say) made safe for a terminal and wrapped at words to
    *width*, its following lines indented by two."""
    return fill_line("  " + terminal_text(line), width)[2:] + "\n"


def section(title: str) -> str:
    """A heading of the demo's tour."""
    return f"\n== {title} ==\n\n"


def demo_intro(as_of: date) -> str:
    return f"refgraph demo — the bundled samples, as of {as_of}: seller Alex Morgan and teammate Sam Rivera\n"


def demo_triage(width: int | None = None) -> str:
    """What the demo's triage step says to do with the file."""
    return paragraph("Fill in date and channel (call, video, meeting) for the people you really talked with, "
                     "leave the others empty, then: refgraph import interactions triage.csv", width)


def demo_kept(folder: Path, as_of: date) -> str:
    return (f"\nThe demo store is {folder / 'demo.db'}; try:\n"
            f"  refgraph --db {folder / 'demo.db'} people --as-of {as_of} --limit 10\n")


def demo_pictures(folder: Path, written: list[Path]) -> str:
    return f"The pictures are in {folder}:\n" + "".join(f"  {p.name}\n" for p in written)
