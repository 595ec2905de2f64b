"""Reciprocity: what an owner gave a person and what they received, from the ledger and the intros.

The ledger (``refgraph log PERSON --gave KIND`` / ``--received KIND``) holds what was logged by
hand; an introduction that reached ``introduced`` (at its latest step or any earlier one) counts as
received from its connector, kind ``intro``, on the day of its first such step (once: an intro logged
by hand from the same person on the same day is the same help). A LinkedIn recommendation given
or received counts too, kind ``recommendation``, note ``on LinkedIn``. Entries after ``as_of`` do
not count yet. Pure functions over :class:`~refgraph.reads.Reads` rows; no clock.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from .errors import RefgraphError

__all__ = ["KINDS", "ON_LINKEDIN", "recommended_them", "ledger_kind", "balance", "balances", "owes", "help_points"]

# the kinds with a meaning; any other text (a few words) is kept as it is
KINDS = ("intro", "referral", "recommendation", "help")
_SYNONYMS = {"introduction": "intro", "introductions": "intro", "intros": "intro", "referrals": "referral",
             "recommendations": "recommendation"}
MAX_KIND = 60   # a kind is a few words; the rest goes in the note


def ledger_kind(text: str) -> str:
    """The kind to store for what the user typed: one of :data:`KINDS` (any case, a plural or
    "introduction"), else the text itself with its spaces collapsed.

    >>> ledger_kind(" Introduction "), ledger_kind("Referral"), ledger_kind("reviewed  their deck")
    ('intro', 'referral', 'reviewed their deck')
    """
    words = " ".join((text or "").split())
    if not words:
        raise RefgraphError("an empty kind — give intro, referral, recommendation, help or a few words, "
                            "e.g. --gave intro")
    if len(words) > MAX_KIND:
        raise RefgraphError(f"a kind of {len(words)} characters — keep it to {MAX_KIND} (intro, referral, "
                            "recommendation, help or a few words) and put the rest in --note")
    key = words.lower()
    key = _SYNONYMS.get(key, key)
    return key if key in KINDS else words


def _entry(kind: str, day: str, note: str | None) -> dict:
    return {"kind": kind, "date": day, "note": note}


def balances(reads, owner_id: int, as_of: date, person_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """``{person id: {"given": [..], "received": [..]}}`` of every person the owner has a ledger
    entry or an introduction with (or of *person_ids* only), each list ``{kind, date, note}`` oldest
    first. Two reads of the ledger and the intros in all."""
    day = as_of.isoformat()
    wanted = None if person_ids is None else set(person_ids)
    found: dict[int, dict] = {}

    def of(pid: int) -> dict:
        return found.setdefault(pid, {"given": [], "received": []})

    rows = (reads.ledger(owner_id, next(iter(wanted))) if wanted is not None and len(wanted) == 1
            else reads.ledger(owner_id))
    for e in rows:
        if e["day"] <= day and (wanted is None or e["person_id"] in wanted):
            of(e["person_id"])["given" if e["direction"] == "gave" else "received"].append(
                _entry(e["kind"], e["day"], e["note"]))
    made = []   # (connector, day, target) of each introduction made by as_of
    for intro in reads.intros(owner_id):
        if wanted is not None and intro["via_id"] not in wanted:
            continue
        first = next((h["day"] for h in intro["history"] if h["status"] == "introduced" and h["day"] <= day), None)
        if first is not None:
            made.append((intro["via_id"], first, intro["to_id"]))
    names = reads.people({to for _, _, to in made}) if made else {}
    for via, first, to in made:
        received = of(via)["received"]
        if any(r["kind"] == "intro" and r["date"] == first for r in received):   # logged by hand too
            continue
        target = names.get(to)
        received.append(_entry("intro", first, f"to {target['name']}" if target else None))
    _linkedin_recommendations(reads, owner_id, as_of, wanted, of)
    for sides in found.values():
        for side in sides.values():
            side.sort(key=lambda r: r["date"])   # stable: the ledger's order within a day
    return found


ON_LINKEDIN = "on LinkedIn"   # the note of a recommendation the LinkedIn export holds


def recommended_them(event) -> bool:
    """Whether a recommendation event (a row of ``events``) is one the owner gave: a LinkedIn
    export's says so in its key, which every teammate reads (its subject is the owner's alone on a
    team's server); one logged by hand, in its note.

    >>> recommended_them({"source_key": "recommendation-given:ab12", "subject": None})
    True
    >>> recommended_them({"source_key": "recommendation-received:cd34", "subject": None})
    False
    """
    key = event["source_key"] or ""
    if key.startswith(("recommendation-given:", "recommendation-received:")):
        return key.startswith("recommendation-given:")
    return "given" in (event["subject"] or "").lower()


def _linkedin_recommendations(reads, owner_id: int, as_of: date, wanted: set[int] | None, of) -> None:
    """Add the recommendations of the owner's LinkedIn export: one person's events (their days), or
    the owner's evidence counted per person (the latest day for each)."""
    day = as_of.isoformat()
    if wanted is not None and len(wanted) == 1:
        (pid,) = wanted
        for e in reads.events(pid, owner_id):
            if e["channel"] == "recommendation" and e["day"] <= day and e["owner_id"] == owner_id:
                of(pid)["given" if recommended_them(e) else "received"].append(_entry("recommendation", e["day"], ON_LINKEDIN))
        return
    for r in reads.owner_evidence(owner_id, as_of=as_of):
        if r["channel"] == "recommendation" and (wanted is None or r["person_id"] in wanted):
            side = "given" if r["direction"] == "outbound" else "received"
            of(r["person_id"])[side].extend(_entry("recommendation", r["last"], ON_LINKEDIN) for _ in range(r["n"]))


def balance(reads, owner_id: int, person_id: int, as_of: date) -> dict:
    """What the owner gave *person_id* and received from them up to *as_of*:
    ``{"given": [{kind, date, note}], "received": [..]}``, each oldest first (empty lists when
    nothing is known)."""
    return balances(reads, owner_id, as_of, [person_id]).get(person_id, {"given": [], "received": []})


def owes(reads, owner_id: int, as_of: date, members: set[int] | None = None) -> list[dict]:
    """The people who helped the owner more often than the owner helped them (more received than
    given) up to *as_of* (of *members* only, when given): ``{name, company, received, given,
    last_received}``, the most recent help first, then by name."""
    found = balances(reads, owner_id, as_of)
    owing = {pid: b for pid, b in found.items() if len(b["received"]) > len(b["given"])
             and (members is None or pid in members)}
    people: Mapping[int, Mapping] = reads.people(owing) if owing else {}
    def field(pid: int, key: str) -> str:
        row = people[pid]
        return (row[key] if key in row.keys() else None) or ""

    rows = [{"name": field(pid, "name"), "company": field(pid, "company"), "received": len(b["received"]),
             "given": len(b["given"]), "last_received": b["received"][-1]["date"],
             "_key": field(pid, "name_key") or field(pid, "name").lower()} for pid, b in owing.items()]
    rows.sort(key=lambda r: r["_key"])
    rows.sort(key=lambda r: r["last_received"], reverse=True)
    for r in rows:
        del r["_key"]
    return rows


def help_points(bal: dict) -> list[str]:
    """The latest thing given and the latest received, as reconnect's talking points.

    >>> help_points({"given": [{"kind": "intro", "date": "2026-05-04", "note": "to Lee Park"}],
    ...                 "received": [{"kind": "referral", "date": "2026-06-01", "note": None}]})
    ['you gave: intro to Lee Park (2026-05)', 'they helped you: referral (2026-06)']
    """
    def said(e: dict) -> str:
        return f"{e['kind']}{' ' + e['note'] if e['note'] else ''} ({e['date'][:7]})"

    points = []
    if bal["given"]:
        points.append(f"you gave: {said(bal['given'][-1])}")
    if bal["received"]:
        points.append(f"they helped you: {said(bal['received'][-1])}")
    return points
