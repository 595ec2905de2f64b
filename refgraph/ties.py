"""Person–person ties (who knows whom) from a knows file and from shared meetings and threads.

A ``knows`` row gives ``strength × 2^(−days since last_contact / knows_half_life_days)``. Meetings
with at most ``knows_max_attendees`` people are conversations between every pair of attendees;
group message threads are touches; larger meetings make no tie (an all-hands says nothing about who
knows whom, and a meeting of thousands would pair millions). The strength model scores that history
as it scores an owner's. A pair's tie is the stronger of the two, and both are kept as evidence.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from .store import SHARED_EVENTS, SHARED_TIE
from .strength import Event, Params, explain, kept_aggregates_hold, knows_strength, score

__all__ = ["ties_of", "ties_for", "tie_edges", "all_ties"]


def ties_of(store, person_id: int, as_of: date, params: Params) -> list[dict]:
    """Every tie of *person_id* at *as_of*, strongest first: ``{person_id, name, strength, stale,
    last_contact, last_contact_date, evidence}``."""
    return ties_for(store, [person_id], as_of, params)[person_id]


def all_ties(store, as_of: date, params: Params) -> dict[tuple[int, int], tuple[float, bool, date | None]]:
    """Every person–person tie at *as_of* in bulk (for ``graph()``): ``{(a, b): (strength, stale,
    last contact)}`` with ``a < b``. Same rules and numbers as :func:`ties_of`."""
    return {(a, b): tie for a, found in _tie_edges(store, None, as_of, params).items()
            for b, tie in found.items() if a < b}


def tie_edges(store, nodes, as_of: date, params: Params,
              floor: float = 0.0) -> dict[int, dict[int, tuple[float, bool, date | None]]]:
    """The ties of many people (``None``: of everyone) at *as_of* without their evidence (what the
    path search needs): ``{node: {other: (strength, stale, last contact)}}``, the same numbers as
    :func:`ties_for`, read from the aggregates the store keeps at import. With a *floor*, evidence
    weaker than it is left unread: ties weaker than it may be missing, and a tie's last contact is
    that of its evidence at least *floor* strong."""
    if nodes is None:
        return _tie_edges(store, None, as_of, params, floor)
    nodes = list(dict.fromkeys(nodes))
    found = _tie_edges(store, nodes, as_of, params, floor) if nodes else {}
    return {n: found.get(n, {}) for n in nodes}


def _tie_edges(store, nodes, as_of: date, params: Params, floor: float = 0.0) -> dict[int, dict[int, tuple]]:
    if not kept_aggregates_hold(params):   # a config that aggregates events differently: the slow way
        if nodes is None:
            nodes = [r[0] for r in store.conn.execute(
                "SELECT person_a FROM knows UNION SELECT person_b FROM knows UNION "
                "SELECT DISTINCT person_id FROM interaction_people")]
        return {n: {t["person_id"]: (t["strength"], t["stale"], t["last_contact_date"]) for t in ties}
                for n, ties in ties_for(store, nodes, as_of, params).items()}
    out: dict[int, dict[int, tuple]] = defaultdict(dict)
    day = as_of.isoformat()
    wanted = None if nodes is None else set(nodes)
    chunks = [None] if nodes is None else list(_chunks(nodes, 10000))
    for chunk in chunks:
        if chunk is None:
            rows = store.conn.execute("SELECT person_a, person_b, strength, last_contact FROM knows "
                                      "WHERE last_contact IS NULL OR last_contact <= ?", (day,))
        else:
            marks = ",".join("?" * len(chunk))
            rows = store.conn.execute(
                f"""SELECT person_a, person_b, strength, last_contact FROM knows
                    WHERE (person_a IN ({marks}) OR person_b IN ({marks}))
                      AND (last_contact IS NULL OR last_contact <= ?)""", (*chunk, *chunk, day))
        known: dict[tuple, tuple] = {}   # many rows share a strength and a last contact
        for pa, pb, strength, last_contact in rows:
            tie = known.get((strength, last_contact))
            if tie is None:
                last = date.fromisoformat(last_contact) if last_contact else None
                s = knows_strength(strength, last, as_of, params)
                tie = known[(strength, last_contact)] = (
                    (s, last is not None and (as_of - last).days > params.knows_half_life_days, last) if s > 0.0
                    else (0.0, True, last))
            if tie[0] < floor:
                continue
            for a, b in ((pa, pb), (pb, pa)):
                if wanted is None or a in wanted:
                    _merge(out[a], b, tie)
    scored: dict[tuple, tuple] = {}   # the attendees of one series share one history: score it once

    def add(a, b, n, last_meeting, first, keep):
        key = (n, last_meeting, first, keep)
        tie = scored.get(key)
        if tie is None:
            last = date.fromisoformat(last_meeting) if last_meeting else None
            sc = score(n, last, date.fromisoformat(first), (), as_of, params, touch_keep=keep)
            tie = scored[key] = (sc.strength, sc.stale, last) if sc.strength > 0.0 else (0.0, True, last)
        _merge(out[a], b, tie)
        if nodes is None:
            _merge(out[b], a, tie)

    later, earlier = [], set()
    for a, b, n, last_meeting, first, keep, final, days_from in store.tie_stats(
            nodes, (as_of, floor, params) if floor > 0 else None):
        if final <= day:
            add(a, b, n, last_meeting, first, keep)
        elif days_from <= day:
            later.append((a, b))
        else:
            earlier.add((a, b))
    for row in store.as_of_day("tie_days", later, as_of):
        add(*row[:6])
    if earlier:   # long before the import: from the events
        people = sorted({a for a, _ in earlier})
        for i in range(0, len(people), 10000):
            for row in store.tie_aggregates(as_of, params, people[i:i + 10000]):
                if (row[0], row[1]) in earlier:
                    add(*row[:6])
    return out


def _merge(found: dict, other: int, tie: tuple) -> None:
    """One more piece of evidence ``(strength, stale, last contact)`` for a tie: the strongest sets
    strength and staleness (the first of equals wins), the latest contact is kept — as
    :func:`ties_for` combines them."""
    t = found.get(other)
    if t is None:   # the first piece of evidence (most ties have one)
        found[other] = tie if tie[0] > 0.0 else (0.0, True, tie[2])
        return
    strength, stale = (tie[0], tie[1]) if tie[0] > t[0] else (t[0], t[1])
    found[other] = (strength, stale, max(filter(None, (t[2], tie[2])), default=None))


def ties_for(store, nodes, as_of: date, params: Params) -> dict[int, list[dict]]:
    """:func:`ties_of` for many people at once (two SQL reads in all): ``{node: [tie, …]}``."""
    nodes = list(dict.fromkeys(nodes))
    out: dict[int, dict[int, dict]] = {n: {} for n in nodes}
    if not nodes:
        return {}
    wanted = set(nodes)
    conv = tuple(params.conversation_channels)

    def tie(a: int, b: int) -> dict:
        return out[a].setdefault(b, {"person_id": b, "strength": 0.0, "evidence": [], "last": None, "stale": True,
                                     "events": []})

    for chunk in _chunks(nodes, 10000):
        marks = ",".join("?" * len(chunk))
        for row in store.query(
                f"""SELECT person_a, person_b, strength, last_contact, note FROM knows
                    WHERE (person_a IN ({marks}) OR person_b IN ({marks}))
                      AND (last_contact IS NULL OR last_contact <= ?)""", (*chunk, *chunk, as_of.isoformat())):
            last = date.fromisoformat(row["last_contact"]) if row["last_contact"] else None
            s = knows_strength(row["strength"], last, as_of, params)
            text = (row["note"] or "listed in a knows file") + (
                f" (knows file, last contact {row['last_contact']})" if row["last_contact"] else " (knows file)")
            for a, b in ((row["person_a"], row["person_b"]), (row["person_b"], row["person_a"])):
                if a in wanted:
                    t = tie(a, b)
                    if s > t["strength"]:
                        t["stale"] = last is not None and (as_of - last).days > params.knows_half_life_days
                    t["strength"] = max(t["strength"], s)
                    t["evidence"].append(text)
                    t["last"] = max(filter(None, (t["last"], last)), default=None)
        for a, b, day, channel, subject in store.conn.execute(
                f"""SELECT ip1.person_id, ip2.person_id, i.day, i.channel, i.subject
                    FROM {SHARED_EVENTS}
                    WHERE ip1.person_id IN ({marks}) AND i.day <= ?
                      AND {SHARED_TIE.format(marks=','.join('?' * len(conv)))}
                    ORDER BY i.day""", (*chunk, as_of.isoformat(), *conv, int(params.knows_max_attendees))):
            small = channel in conv
            tie(a, b)["events"].append((Event(date.fromisoformat(day), "meeting" if small else "message"), subject,
                                        small))
    others = sorted({other for found in out.values() for other in found})
    names: dict[int, str] = {}
    for chunk in _chunks(others, 10000):
        names.update((r["id"], r["name"]) for r in store.query(
            f"SELECT id, name FROM people WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    result: dict[int, list[dict]] = {}
    for node, found in out.items():
        ties = []
        for other, t in found.items():
            evs = t.pop("events")
            if evs:
                s, _ = explain([e for e, _, _ in evs], as_of, params)
                if s.strength > t["strength"]:
                    t["stale"] = s.stale
                t["strength"] = max(t["strength"], s.strength)
                meetings = [(e.day, subject) for e, subject, small in evs if small]
                if meetings:
                    day, subject = meetings[-1]
                    t["evidence"].append(f"{len(meetings)} shared meeting{'s' if len(meetings) > 1 else ''}, last "
                                         f"{day.isoformat()}" + (f" ({subject})" if subject else ""))
                    t["last"] = max(filter(None, (t["last"], day)))
                touches = len(evs) - len(meetings)
                if touches:
                    t["evidence"].append(f"{touches} group thread{'s' if touches > 1 else ''}")
            t["last_contact_date"] = t.pop("last")
            t["last_contact"] = t["last_contact_date"].isoformat() if t["last_contact_date"] else None
            t["name"] = names.get(other, "")
            ties.append(t)
        ties.sort(key=lambda t: (-t["strength"], t["name"]))
        result[node] = ties
    return result


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
