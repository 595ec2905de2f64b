"""Reads from memory: the questions of :class:`refgraph.reads.Reads` answered from dicts, with no
store, so that the path search, reconnect and advice can run on a graph a test writes down.

The graph is the one at a single ``as_of``: scores and ties are given, and every ``as_of`` reads them.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from refgraph.errors import NotFound, RefgraphError
from refgraph.identity import name_key
from refgraph.reads import Edge
from refgraph.strength import DEFAULTS, Params, Score


def relationship(strength: float, stale: bool = False, conversations: int = 1,
                 last_conversation: date | None = None) -> Score:
    """A :class:`~refgraph.strength.Score` with what the search reads of it."""
    return Score(strength, 1.0, conversations, last_conversation, last_conversation, 90.0, 0.0, 0.0, stale)


class MemoryReads:
    """:class:`~refgraph.reads.Reads` from *owners* ``{id: name}`` (the default first),
    *relationships* ``{(owner, person): Score}``, *ties* ``{(a, b): (strength, stale, last contact)}``
    and, for the lookups, *people* ``{id: row}``, *accounts* ``{name: [person id, …]}``,
    *events* ``{(owner, person): [event row, …]}`` and *jobs* ``{person: [employment row, …]}`` (rows
    with company, title, start, end, source; oldest first)."""

    def __init__(self, owners: Mapping[int, str], relationships: Mapping[tuple[int, int], Score],
                 ties: Mapping[tuple[int, int], tuple] = (), people: Mapping[int, Mapping] | None = None,
                 accounts: Mapping[str, list[int]] | None = None, events: Mapping[tuple[int, int], list] | None = None,
                 params: Params = DEFAULTS, intros: list[dict] | None = None, ledger: list[dict] | None = None,
                 jobs: Mapping[int, list[dict]] | None = None):
        self._owners, self.relationships = dict(owners), dict(relationships)
        self._ties = dict(ties)
        self._people = dict(people or {})
        self._accounts = dict(accounts or {})
        self._events = dict(events or {})
        self.params = params
        self._intros, self._ledger = list(intros or []), list(ledger or [])
        self._jobs = {pid: [dict(j, person_id=pid) for j in rows] for pid, rows in (jobs or {}).items()}

    # -- the graph and the scores of pairs ----------------------------------------------------------
    def graph(self, *, as_of: date, params: Params | None = None) -> "MemoryGraph":
        return MemoryGraph(self, params or self.params)

    def scores(self, *, as_of: date, params: Params | None = None, owner_id: int | None = None, person_ids=None,
               other_than: Iterable[int] = (), floor: float = 0.0) -> dict[tuple[int, int], Score]:
        ids = None if person_ids is None else set(person_ids)
        skip = set(other_than)
        return {(o, p): s for (o, p), s in self.relationships.items()
                if (owner_id is None or o == owner_id) and (ids is None or p in ids) and o not in skip}

    def ties(self, nodes: Iterable[int], *, as_of: date, params: Params | None = None) -> dict[int, list[dict]]:
        out: dict[int, list[dict]] = {}
        for n in dict.fromkeys(nodes):
            found = {}
            for (a, b), (strength, stale, last) in self._ties.items():
                for u, v in ((a, b), (b, a)):
                    if u == n and (v not in found or strength > found[v]["strength"]):
                        found[v] = {"person_id": v, "name": self._people.get(v, {}).get("name", ""),
                                    "strength": strength, "stale": stale, "last_contact_date": last,
                                    "last_contact": last.isoformat() if last else None, "evidence": []}
            out[n] = sorted(found.values(), key=lambda t: (-t["strength"], t["name"]))
        return out

    # -- owners, people, accounts, events -----------------------------------------------------------
    def owners(self) -> dict[int, str]:
        return dict(self._owners)

    def owner_id(self, name: str | None) -> int:
        if not self._owners:
            raise RefgraphError("no owners")
        if name is None:
            return next(iter(self._owners))
        for oid, owner in self._owners.items():
            if name_key(owner) == name_key(name):
                return oid
        raise NotFound(f"no owner called {name!r}")

    def person(self, person_id: int) -> Mapping:
        return self._people[person_id]

    def people(self, ids: Iterable[int]) -> dict[int, Mapping]:
        return {i: self._people[i] for i in sorted(set(ids)) if i in self._people}

    def account(self, text: str) -> dict:
        if text not in self._accounts:
            raise NotFound(f"no account or company called {text!r}")
        return {"id": None, "name": text, "keys": {name_key(text)}, "aliases": [], "domains": [], "reason": None}

    def all_accounts(self) -> list[dict]:
        return [self.account(name) for name in sorted(self._accounts)]

    def members_of(self, accounts: list[dict]) -> dict[str, list]:
        return {acc["name"]: [self._people[i] for i in sorted(self._accounts[acc["name"]])] for acc in accounts}

    def events(self, person_id: int, owner_id: int | None = None) -> list[Mapping]:
        return sorted((e for (o, p), evs in self._events.items() if p == person_id and owner_id in (None, o)
                       for e in evs), key=lambda e: e["day"])

    def employment(self, person_id: int) -> list[Mapping]:
        jobs = list(enumerate(self._jobs.get(person_id, [])))   # as the store: current first, then latest
        jobs.sort(key=lambda nj: (nj[1]["end"] or nj[1]["start"] or "", nj[0]), reverse=True)
        return [j for _, j in sorted(jobs, key=lambda nj: nj[1]["end"] is not None)]

    def job_moves(self, *, since: date, as_of: date, person_ids: Iterable[int] | None = None) -> list[Mapping]:
        wanted = None if person_ids is None else set(person_ids)
        first, last = since.isoformat(), as_of.isoformat()
        return [j for pid in sorted(self._jobs) if wanted is None or pid in wanted
                if any(first <= (d or "") <= last for job in self._jobs[pid] for d in (job["start"], job["end"]))
                for j in sorted(self._jobs[pid], key=lambda j: j["start"] or "")]

    def colleagues_of(self, owner_ids: Iterable[int]) -> dict[int, tuple[str, set[int]]]:
        from refgraph.reads import is_colleague

        out = {}
        for owner_id in owner_ids:
            me = self._people.get(owner_id, {})
            key = name_key(me["company"]) if me.get("company") else None
            out[owner_id] = (me.get("company") or "", {
                i for i, p in self._people.items() if i not in self._owners
                and is_colleague(name_key(p["company"]) if p.get("company") else None, (), key, set())})
        return out

    def pairs_with_events_after(self, person_ids: Iterable[int], *, as_of: date) -> list[tuple[int, int]]:
        ids = set(person_ids)
        return sorted((o, p) for (o, p), evs in self._events.items()
                      if p in ids and any(e["day"] > as_of.isoformat() for e in evs))

    def intros(self, owner_id: int | None = None) -> list[dict]:
        return [i for i in self._intros if owner_id is None or i["owner_id"] == owner_id]

    def ledger(self, owner_id: int | None = None, person_id: int | None = None) -> list[dict]:
        return [e for e in self._ledger if (owner_id is None or e["owner_id"] == owner_id)
                and (person_id is None or e["person_id"] == person_id)]

    def owner_evidence(self, owner_id: int, *, as_of: date) -> list[Mapping]:
        counted: dict[tuple, list] = {}
        for (o, p), evs in self._events.items():
            for e in evs:
                if o == owner_id and e["day"] <= as_of.isoformat():
                    key = (p, e["channel"], e.get("direction"), e.get("attendees"))
                    n_last = counted.setdefault(key, [0, e["day"]])
                    n_last[0] += 1
                    n_last[1] = max(n_last[1], e["day"])
        return [{"person_id": p, "channel": c, "direction": d, "attendees": a, "n": n, "last": last}
                for (p, c, d, a), (n, last) in sorted(counted.items(), key=lambda x: repr(x[0]))]

    def contact_points(self, ids: Iterable[int]) -> dict[int, Mapping]:
        return {i: {"linkedin": self._people.get(i, {}).get("linkedin"), "email": self._people.get(i, {}).get("email")}
                for i in sorted(set(ids))}


class MemoryGraph:
    """:class:`~refgraph.reads.Graph` of a :class:`MemoryReads`: every edge made at once."""

    def __init__(self, reads: MemoryReads, params: Params):
        self.reads, self.params = reads, params
        self.owners: set[int] = set(reads.owners())
        self.adjacent: dict[int, dict[int, Edge]] = {}
        for (o, p), s in reads.relationships.items():
            self._add(o, p, Edge(s.strength, s.stale, s.last_conversation, s.conversations, o))
        for (a, b), (strength, stale, last) in reads._ties.items():
            self._add(a, b, Edge(strength, stale, last, 0, None))

    def _add(self, u: int, v: int, edge: Edge) -> None:
        if u == v or edge.strength < self.params.min_edge_strength:
            return
        for a, b in ((u, v), (v, u)):
            found = self.adjacent.setdefault(a, {})
            found[b] = found[b].merged(edge) if b in found else edge

    def neighbours(self, nodes: Iterable[int], floor: float | None = None,
                   near: int | None = None) -> dict[int, dict[int, Edge]]:
        floor = max(floor or 0.0, self.params.min_edge_strength)
        among = None if near is None else self.reach(near)
        return {n: {m: e for m, e in self.adjacent.get(n, {}).items()
                    if e.strength >= floor and (among is None or m in among)} for n in nodes}

    def edges_from(self, source: int, nodes: Iterable[int]) -> dict[int, Edge]:
        mine = self.adjacent.get(source, {})
        return {n: mine[n] for n in nodes if n != source and n in mine}

    def network(self, owner: int) -> dict[tuple[int, int], Score]:
        return {(o, p): s for (o, p), s in self.reads.relationships.items() if o == owner}

    def reach(self, source: int) -> dict[int, Edge]:
        return {n: e for n, e in self.adjacent.get(source, {}).items() if n != source}

    def incoming(self, node: int, near: int | None = None) -> dict[int, Edge]:
        return self.adjacent.get(node, {})
