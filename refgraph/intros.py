"""The introduction pipeline: each introduction an owner asks a connector for, with its statuses
and their days (``refgraph intro``), and what the path search, coverage and reconnect read of it.

An introduction (owner, connector ``via``, target ``to``) goes through statuses, each on a day:
``planned`` (``ask --record``), ``asked``, ``introduced``, ``met``, or ends ``declined`` or
``no-reply``. Its status *as of* a day is the latest step up to that day (by day, then in the order
they were logged); a step after ``as_of`` has not happened yet. It is **open** while planned, asked
or introduced.

What the search reads (each a plain function of the rows :meth:`~refgraph.reads.Reads.intros`
gives and ``as_of``; no store, no clock):

* :func:`asked_connectors`: a connector asked within :data:`ASKED_WITHIN_DAYS` (90) days is shown
  as "asked DATE" and ranked after the connectors not yet asked;
* :func:`declined_paths`: an introduction declined within :data:`DECLINED_FOR_DAYS` (180) days is
  not suggested again;
* :func:`met_targets`: a target met by introduction is someone the owner knows (no path asks for an
  introduction to them).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Mapping

from .errors import RefgraphError
from .results import Report, Rows

__all__ = ["STATUSES", "OPEN", "ASKED_WITHIN_DAYS", "DECLINED_FOR_DAYS", "check_status", "is_open", "at",
           "current", "asked_connectors", "declined_paths", "met_targets", "open_intros", "made_and_won",
           "list_report", "LIST_COLUMNS"]

STATUSES = ("planned", "asked", "introduced", "met", "declined", "no-reply")
OPEN = ("planned", "asked", "introduced")
ASKED_WITHIN_DAYS = 90
DECLINED_FOR_DAYS = 180

LIST_COLUMNS = ["id", "date", "status", "owner", "via", "to", "account", "history"]


def check_status(text: str) -> str:
    """*text* as one of :data:`STATUSES` (any case, ``no reply`` or ``no_reply`` for ``no-reply``);
    a :class:`RefgraphError` naming the valid ones else.

    >>> check_status(" Asked "), check_status("no reply")
    ('asked', 'no-reply')
    """
    status = " ".join(str(text or "").split()).lower().replace(" ", "-").replace("_", "-")
    if status not in STATUSES:
        raise RefgraphError(f"unknown status {text!r} — use one of {', '.join(STATUSES)}")
    return status


def is_open(status: str) -> bool:
    """Whether an introduction with this status still waits for something (planned, asked, introduced)."""
    return status in OPEN


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def at(intro: Mapping, as_of: date | None) -> dict | None:
    """*intro* (a row of :meth:`~refgraph.reads.Reads.intros`) as it stood on *as_of* (``None``:
    every step): its steps up to then in order of day (then of logging) as ``history``, and the last
    one's ``status``, ``day`` and ``note``; ``None`` when none of its steps had happened yet."""
    steps = [(_day(h["day"]), i, h) for i, h in enumerate(intro["history"])]
    steps = sorted(s for s in steps if as_of is None or s[0] <= as_of)
    if not steps:
        return None
    history = [{"status": h["status"], "day": d.isoformat(), "note": h.get("note")} for d, _, h in steps]
    last = history[-1]
    return {**intro, "history": history, "status": last["status"], "day": last["day"], "note": last["note"]}


def current(rows: Iterable[Mapping], as_of: date | None) -> list[dict]:
    """Every introduction of *rows* as it stood on *as_of* (:func:`at`), those not yet begun left out."""
    return [i for i in (at(r, as_of) for r in rows) if i is not None]


def _ask_day(intro: Mapping) -> date | None:
    """When the connector was asked: the first step past ``planned`` (an introduction logged as
    introduced straight away was asked that day); ``None`` while only planned."""
    return next((_day(h["day"]) for h in intro["history"] if h["status"] != "planned"), None)


def asked_connectors(rows: Iterable[Mapping], as_of: date,
                     days: int = ASKED_WITHIN_DAYS) -> dict[tuple[int, int], date]:
    """``{(owner, connector): day}``: the connectors each owner asked for an introduction within
    *days* days up to *as_of*, with the latest such day."""
    since = as_of - timedelta(days=days)
    out: dict[tuple[int, int], date] = {}
    for intro in current(rows, as_of):
        day = _ask_day(intro)
        key = (intro["owner_id"], intro["via_id"])
        if day is not None and since <= day and (key not in out or day > out[key]):
            out[key] = day
    return out


def declined_paths(rows: Iterable[Mapping], as_of: date, days: int = DECLINED_FOR_DAYS) -> set[tuple[int, int, int]]:
    """``{(owner, connector, target)}``: the introductions whose status on *as_of* is ``declined``,
    declined within *days* days (the path search leaves them out)."""
    since = as_of - timedelta(days=days)
    return {(i["owner_id"], i["via_id"], i["to_id"]) for i in current(rows, as_of)
            if i["status"] == "declined" and _day(i["day"]) >= since}


def met_targets(rows: Iterable[Mapping], as_of: date) -> set[tuple[int, int]]:
    """``{(owner, target)}``: the people each owner has met through an introduction by *as_of*."""
    return {(i["owner_id"], i["to_id"]) for i in current(rows, as_of)
            if any(h["status"] == "met" for h in i["history"])}


def open_intros(rows: Iterable[Mapping], as_of: date) -> list[dict]:
    """The introductions still open on *as_of* (planned, asked or introduced)."""
    return [i for i in current(rows, as_of) if is_open(i["status"])]


def made_and_won(rows: Iterable[Mapping], since: date, as_of: date) -> list[tuple[dict, str, date]]:
    """``(intro, status, day)`` of every ``introduced`` (an introduction made) and ``met`` (a meeting
    won) step after *since* and up to *as_of*, by day."""
    found = []
    for intro in current(rows, as_of):
        for h in intro["history"]:
            if h["status"] in ("introduced", "met") and since < _day(h["day"]) <= as_of:
                found.append((intro, h["status"], _day(h["day"])))
    return sorted(found, key=lambda f: (f[2], f[0]["id"], f[1]))


def list_report(rows: Iterable[Mapping], as_of: date, *, people: Mapping[int, Mapping], owners: Mapping[int, str],
                account_of: Mapping[int, str], open_only: bool = False,
                only: set[int] | None = None) -> Report:
    """What ``intro list`` shows: the introductions as they stood on *as_of* (only the open ones
    with *open_only*; only those to people in *only*, an account's), the latest step first.
    ``data`` (JSON): ``{id, owner, via, to, account, status, date, history: [{status, date, note}]}``;
    ``rows`` (table, CSV): the history as one line, each note in brackets. *account_of* names each target's target
    account (else their company is shown)."""
    chosen = [i for i in current(rows, as_of)
              if (not open_only or is_open(i["status"])) and (only is None or i["to_id"] in only)]
    chosen.sort(key=lambda i: (i["day"], i["id"]), reverse=True)
    data, flat = [], []
    for i in chosen:
        target = people[i["to_id"]]
        item = {"id": i["id"], "owner": owners.get(i["owner_id"], people[i["owner_id"]]["name"]),
                "via": people[i["via_id"]]["name"], "to": target["name"],
                "account": account_of.get(i["to_id"]) or target["company"] or "",
                "status": i["status"], "date": i["day"],
                "history": [{"status": h["status"], "date": h["day"], "note": h.get("note")} for h in i["history"]]}
        data.append(item)
        flat.append({**item, "history": "; ".join(f"{h['status']} {h['date']}" + (f" ({h['note']})" if h["note"] else "")
                                                  for h in item["history"])})
    return Report(data, Rows(flat, LIST_COLUMNS))
