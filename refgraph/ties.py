"""Person–person ties (who knows whom) from a knows file and from shared meetings and threads.

A ``knows`` row gives ``strength × 2^(−days since last_contact / knows_half_life_days)``. Meetings
with at most ``knows_max_attendees`` people are conversations between every pair of attendees;
group message threads are touches; larger meetings make no tie (an all-hands says nothing about who
knows whom, and a meeting of thousands would pair millions). The strength model scores that history
as it scores an owner's. A pair's tie is the stronger of the two, and both are kept as evidence.

These are the ties with their evidence, read from the events; the path search reads their strengths
from the aggregates the store keeps (:meth:`refgraph.reads.StoreReads.tie_edges`).
"""
from __future__ import annotations

from datetime import date

from .store import SHARED_EVENTS, SHARED_TIE
from .strength import Event, Params, explain, knows_strength

__all__ = ["ties_of", "ties_for"]


def ties_of(store, person_id: int, as_of: date, params: Params) -> list[dict]:
    """Every tie of *person_id* at *as_of*, strongest first: ``{person_id, name, strength, stale,
    last_contact, last_contact_date, evidence}``."""
    return ties_for(store, [person_id], as_of, params)[person_id]


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
                f"""SELECT ip1.person_id, ip2.person_id, i.day, i.channel, s.subject
                    FROM {SHARED_EVENTS}
                    LEFT JOIN interaction_subjects s ON s.id = i.id
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
