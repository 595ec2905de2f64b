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
from .results import OutcomesReport
from .results import AskReport

__all__ = ["render", "emit", "blocks", "chain", "logged", "logged_ledger", "merged", "wrote", "wrote_calendar",
           "section"]


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
        people = list(item["people"])
        if item.get("asked"):   # the connector asked lately for an introduction
            people[1] += f" (asked {item['asked']})"
        head = (f"{i}. {item['strength']:.3f}  " + chain(people)
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
                         footer="\n".join(filter(None, [f"total {sum(rounded):.3f} = strength {rel.strength:.3f}",
                                                         SHARES_RULE, reciprocity_line(rel.reciprocity)]))))
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


RECIPROCITY_SHOWN = 3   # entries ``why`` names on each side, the latest


def reciprocity_line(rec: dict) -> str:
    """``why``'s line on what the owner gave and received (``""`` when nothing is known): the
    counts, and the latest few of each side.

    >>> reciprocity_line({"given": [{"kind": "intro", "date": "2026-05-04", "note": "to Lee"}],
    ...                   "received": [{"kind": "referral", "date": "2026-06-01", "note": None},
    ...                                {"kind": "intro", "date": "2026-11-20", "note": "to Kim Lee"}]})
    'Reciprocity: you gave 1 (intro 2026-05-04), received 2 (referral 2026-06-01; intro 2026-11-20)'
    """
    if not rec or not (rec["given"] or rec["received"]):
        return ""

    def side(entries: list[dict]) -> str:
        if not entries:
            return "nothing"
        shown = [f"{e['kind']} {e['date']}" for e in entries[-RECIPROCITY_SHOWN:]]
        return f"{len(entries)} (" + "; ".join(["…"] * (len(entries) > RECIPROCITY_SHOWN) + shown) + ")"

    return f"Reciprocity: you gave {side(rec['given'])}, received {side(rec['received'])}"


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


def no_people(rows) -> str:
    """What an empty ``people`` list says: with ``--stale`` on a store with no real conversation of
    the owner's (a LinkedIn export alone), that nothing was said to go quiet, and how to add it."""
    if getattr(rows, "no_conversations", False):
        return "No ties gone quiet: " + no_conversations(rows.missing()) + "."
    return "No people match."


def start_in_past(report: ReconnectPlan) -> str:
    """The warning of a plan that starts before its as-of date (today unless ``--as-of``; ``reconnect
    --start``); ``""`` when it does not."""
    if not report.start_in_past:
        return ""
    return (f"Warning: the plan starts on {report.start.isoformat()}, before {report.as_of.isoformat()} — "
            "its first calls are "
            "already overdue; give a later --start (default: the next weekday)")


def no_job_moves(rows) -> str:
    """What ``changes`` says when it found no move (*rows*: its :class:`~refgraph.results.ChangesRows`)."""
    where = rows.account or "the target accounts"
    return (f"No one joined, left or was promoted at {where} from {rows.since.isoformat()} to "
            f"{rows.as_of.isoformat()} (moves show when a newer LinkedIn export is imported).")


def coverage_blocks(rows: CoverageRows) -> list[Block] | None:
    """``refgraph coverage``: its table, after one line on what is missing when the owner has no real
    conversation in the store (``None``: the table alone)."""
    if not rows.no_conversations:
        return None
    return [Block(no_conversations(rows.missing()) + ".", rows)]


_BLOCKS: dict[type, Callable[[Any], list[Block] | None]] = {
    PathsReport: paths_blocks, WhyReport: why_blocks, ReconnectPlan: plan_blocks, CoverageRows: coverage_blocks}


def outcomes_blocks(report: OutcomesReport) -> list[Block]:
    """``refgraph outcomes``: how many asks, a warning when they are too few to score, the table by
    path strength at the ask and by a reconnect first, the Brier score and ROC AUC, and a fit's old
    and new scores with the ``[strength]`` table to paste."""
    data, who = report.data, report.owner or "the team"
    day = report.as_of.isoformat()
    if not data["asks"]:
        return [Block(f"No asks logged for {who} as of {day} — record each one with refgraph intro log --via "
                      "PERSON --to PERSON --status asked, then how it went (introduced, met, declined, no-reply).",
                      Rows())]
    out = [Block(f"Outcomes of {_plural(data['asks'], 'ask')} for {who} as of {day}: {data['scored']} with an "
                 f"outcome, {data['open']} still open (left out of the scores)", Rows())]
    if data["warning"]:
        out.append(Block(f"Warning: {data['warning']}", Rows()))
    counts = ["asks", "introduced", "met", "rate"]
    out.append(Block("By path strength at the ask (owner → connector × connector → target):",
                     Rows(data["bands"], ["band", *counts])))
    out.append(Block("By a reconnect first (a real conversation with the connector in the 30 days before the ask):",
                     Rows([{**r, "reconnect_first": "yes" if r["reconnect_first"] else "no"}
                           for r in data["reconnect_first"]], ["reconnect_first", *counts])))
    scores = [f"Brier score {data['brier']:.3f}" if data["brier"] is not None else "",
              f"ROC AUC {data['auc']:.3f}" if data["auc"] is not None
              else ("no ROC AUC yet (it needs asks introduced and asks not)" if data["scored"] else "")]
    if data["scored"]:
        out.append(Block(f"Strength at the ask against introduced ({_plural(data['scored'], 'ask')}; Brier 0 is "
                         "perfect, AUC 0.5 is chance): " + ", ".join(filter(None, scores)), Rows()))
    fit = data.get("fit")
    if fit:
        fields = ["half_life_base_days", "conversation_weight", "brier", "auc", "log_likelihood"]
        out.append(Block(f"Fit of the reading-time settings to {_plural(fit['asks'], 'ask')} (maximum likelihood, "
                         "a prior towards the defaults):",
                         Rows([{"settings": label, **fit[label],
                                **{f: f"{fit[label][f]:g}" for f in ("half_life_base_days", "conversation_weight")}}
                               for label in ("old", "new")],
                              ["settings", *fields]),
                         "To use the new settings, put this table in refgraph.toml beside the store (or your "
                         "--config file):\n" + report.toml.rstrip("\n")))
    return out


_BLOCKS[OutcomesReport] = outcomes_blocks


_ASK_HEADS = {"before": "Before you ask", "how": "How they know each other", "reason": "The business reason",
              "reciprocity": "Reciprocity", "script": "Call script"}


def ask_blocks(report: AskReport) -> list[Block]:
    """``refgraph ask``: whom to ask for what, the path, then each section of the brief under a short
    heading (its items as a list, the call script numbered, the email as it would be sent)."""
    data = report.data
    target = data["target"]
    who = f"{target['name']} ({target['title'] + ', ' if target['title'] else ''}{target['account']})"
    people = data["path"]["people"]
    if data["connector"] is None and data["path"]["hops"][0]["last_conversation"] is None:   # in touch, never talked
        head = (f"You are connected with {who} yourself: no introduction to ask for — call "
                f"{target['name'].split()[0]} to introduce yourself")
    elif data["connector"] is None:
        head = (f"You know {who} yourself: no introduction to ask for — ask {target['name'].split()[0]} for the "
                "meeting")
    elif len(people) == 3:
        head = f"Ask {data['connector']} to introduce you to {who}"
    else:
        head = f"Ask {data['connector']} to introduce you to {people[2]}, who knows {who}"
    out = [Block(head, Rows(), f"Path: {chain(people)} ({data['path']['status']}, {data['path']['strength']:.3f}; "
                               f"as of {report.as_of.isoformat()})")]
    sections: dict[str, list[str]] = {}
    for row in report.rows:
        sections.setdefault(row["section"], []).append(row["text"])
    for key, heading in _ASK_HEADS.items():
        if key == "how" and data["connector"] is None:
            heading = "How you know them"
        texts = sections.get(key, [])
        if key == "script":
            texts = [f"{i}. {t}" for i, t in enumerate(texts, 1)]
        elif key != "reason":
            texts = [f"- {t}" for t in texts]
        out.append(Block(heading, Rows(), "\n".join(texts)))
    if sections.get("email"):
        out.append(Block(f"Email draft — for {data['connector']} to forward to {people[2]}; nothing is sent",
                         Rows(), "\n".join(sections["email"])))
    done = report.recorded
    if done:
        out.append(Block((f"Recorded: the introduction to {done['to']} through {done['via']} is {done['status']} "
                          f"({done['date']})." if done["added"] else
                          f"Already recorded: the introduction to {done['to']} through {done['via']} is "
                          f"{done['status']} ({done['date']}) — refgraph intro log changes it."), Rows()))
    return out


_BLOCKS[AskReport] = ask_blocks


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
    if done.get("noted"):   # the same entry, which had no note yet
        return (f"Added the note to the {done['channel']} with {done['person']} on {done['date']} for "
                f"{done['owner']}.")
    if done["channel"] != "connection":   # the same entry again
        return f"Already logged: {done['channel']} with {done['person']} on {done['date']} for {done['owner']}."
    # one connection per pair
    return f"Not logged: {done['owner']} is connected with {done['person']} since {done['connected_on']}."


_KIND_PHRASES = {"intro": "an intro", "referral": "a referral", "recommendation": "a recommendation", "help": "help"}


def logged_ledger(done: dict) -> str:
    """What ``refgraph log --gave/--received`` says of :meth:`~refgraph.api.Refgraph.log_ledger`'s answer.

    >>> logged_ledger({"owner": "Alex Morgan", "person": "Sam Rivera", "direction": "gave", "kind": "intro",
    ...                "date": "2026-05-04", "note": "to Lee", "logged": True})
    'Logged for Alex Morgan: you gave Sam Rivera an intro on 2026-05-04 (to Lee).'
    """
    what = _KIND_PHRASES.get(done["kind"], done["kind"])
    line = (f"you gave {done['person']} {what}" if done["direction"] == "gave"
            else f"{done['person']} gave you {what}")
    line += f" on {done['date']}" + (f" ({done['note']})" if done["note"] else "")
    return f"{'Logged' if done['logged'] else 'Already logged'} for {done['owner']}: {line}."


def merged(done: dict) -> str:
    """What ``refgraph merge`` says of :meth:`~refgraph.api.Refgraph.merge`'s answer."""
    return f"Merged #{done['merged_id']} {done['merged']} into #{done['kept_id']} {done['kept']}."


def intro_logged(done: dict) -> str:
    """What ``refgraph intro log`` says of :meth:`~refgraph.api.Refgraph.intro_log`'s answer.

    >>> intro_logged({"id": 3, "owner": "Alex Morgan", "via": "Sam Rivera", "to": "Lee Park", "status": "asked",
    ...               "date": "2026-11-18", "added": True, "previous": {"status": "planned", "date": "2026-11-16"},
    ...               "current": {"status": "asked", "date": "2026-11-18"}})
    'Intro #3 Sam Rivera → Lee Park for Alex Morgan: asked on 2026-11-18 (was planned on 2026-11-16).'
    """
    head = f"Intro #{done['id']} {chain([done['via'], done['to']])} for {done['owner']}: "
    step, now, before = f"{done['status']} on {done['date']}", done["current"], done["previous"]
    if not done["added"]:
        return head + f"already {step} — nothing changed."
    if (now["status"], now["date"]) != (done["status"], done["date"]):   # a step before the latest one
        return head + f"{step} added to its history (now {now['status']} since {now['date']})."
    line = head + step + (f" (was {before['status']} on {before['date']})." if before else ".")
    if done["status"] == "met" and not done.get("meeting_in_store"):   # the model reads the meeting once logged
        import shlex

        line += (f" Log the meeting too, so it counts: refgraph log {shlex.quote(done['to'])} --channel meeting "
                 f"--date {done['date']}")
    return line


def team_added(done: dict, width: int | None = None) -> str:
    """What ``team add-owner`` did, and how the teammate connects: lines wrapped to *width*."""
    role, owner = done["role"], done["owner"]
    lines = [f"Created role {role} (LOGIN)."] if done["created"] else []
    lines += [f"{owner} connects as role {role}: they read the whole team's relationship strengths, counts and "
              "dates, and only their own subjects, notes and ledger; they write only their own records.",
              f"Next: give the role a password (ALTER ROLE {role} PASSWORD '…'), and {owner} the URL: "
              f"refgraph --db postgresql://{role}@HOST:PORT/DB …"]
    return "".join(paragraph(line, width) for line in lines)


def logged_ahead(on: date) -> str:
    """The warning of an introduction's step, or help given or received, logged for a day still to
    come (a typo in --date, most often)."""
    return (f"Warning: {on.isoformat()} is still to come — a read before then does not see it; check "
            "--date if it already happened")


def no_intros(filtered: bool = False) -> str:
    """What ``intro list`` says when it lists none (*filtered*: by ``--open``, ``--account`` or ``--owner``)."""
    return "No introductions match." if filtered else (
        "No introductions logged yet: record one with refgraph intro log --via PERSON --to PERSON --status asked")


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
    return paragraph("Write them to a file (refgraph triage -o triage.csv), fill in date and channel (call, video, "
                     "meeting) for the people you really talked with, leave the others empty, then: refgraph import "
                     "interactions triage.csv", width)


def demo_kept(folder: Path, as_of: date) -> str:
    return (f"\nThe demo store is {folder / 'demo.db'}; try:\n"
            f"  refgraph --db {folder / 'demo.db'} people --as-of {as_of} --limit 10\n")


def demo_pictures(folder: Path, written: list[Path]) -> str:
    return f"The pictures are in {folder}:\n" + "".join(f"  {p.name}\n" for p in written)
