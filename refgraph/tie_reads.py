"""How reads make person–person ties in bulk, the path search's biggest read when people know many
others: a tie ``(strength, stale, last contact)`` made one at a time or many at once from columns
(:class:`Ties`), the knows rows of many people read as columns with each last-contact day's decay
worked out once (:func:`knows_edges`), and several pieces of evidence of one tie merged as
:func:`refgraph.ties.ties_for` merges them (:func:`put`). :mod:`refgraph.reads` builds on these.
"""
from __future__ import annotations

import gc
import itertools
import json
from collections import Counter
from contextlib import contextmanager
from datetime import date
from operator import itemgetter, mul
from typing import Collection, Iterable, Iterator, NamedTuple

from .store.aggregates import among
from .ties import _chunks

__all__ = ["Edge", "Ties", "TIE", "TIE_EDGE", "knows_edges", "put", "merge_rows", "collector_off", "KnowsDays",
           "strength_of"]

_new = tuple.__new__   # a tie without the keyword-argument wrapper: reads make many

strength_of, _stale, _day = itemgetter(0), itemgetter(1), itemgetter(2)   # of an Edge, a tie or a day's decay


class Edge(NamedTuple):
    """The tie between two people at ``as_of``: its strength and what it rests on (a tuple: the
    search makes one per neighbour it reads)."""

    strength: float
    stale: bool
    last_conversation: date | None = None
    conversations: int = 0
    owner: int | None = None            # the owner side when this is an owner relationship
    notes: tuple[str, ...] = ()         # knows notes and shared-meeting evidence

    def merged(self, other: "Edge") -> "Edge":
        best, rest = (self, other) if (self.strength, -len(self.notes)) >= (other.strength, -len(other.notes)) \
            else (other, self)
        notes = best.notes + tuple(n for n in rest.notes if n not in best.notes)
        return Edge(best.strength, best.stale, best.last_conversation or rest.last_conversation,
                    max(best.conversations, rest.conversations), best.owner if best.owner is not None else rest.owner,
                    notes)


class Ties:
    """How reads make a person–person tie ``(strength, stale, last contact)``: a plain tuple, or an
    :class:`~refgraph.reads.Edge` (no conversations counted, no owner, no notes); one at a time, or many at once
    from their columns (no Python step per tie)."""

    def __init__(self, kind: type, tail: tuple = ()):
        self.kind, self.tail = kind, tail

    def __call__(self, strength: float, stale: bool, last: date | None) -> tuple:
        return _new(self.kind, (strength, stale, last, *self.tail))

    def many(self, strengths: Iterable[float], stales: Iterable[bool], lasts: Iterable[date | None]) -> list[tuple]:
        columns = zip(strengths, stales, lasts, *map(itertools.repeat, self.tail))
        return list(map(_new, itertools.repeat(self.kind), columns) if self.kind is not tuple else columns)


TIE = Ties(tuple)   # a tie as a plain tuple
TIE_EDGE = Ties(Edge, (0, None, ()))   # a tie as the graph's Edge: no conversations, owner or notes


def knows_edges(conn, nodes, as_of: date, params, floor: float, make: Ties, out: dict,
                others: Collection[int] | None = None) -> None:
    """The knows rows of *nodes* (``None``: everyone) at *as_of* into *out* ``{a: {b: tie}}``,
    both ways round, a among the nodes, merged per pair (:func:`put`). A row's strength is
    its strength (``knows_strength`` when it has none) times the decay of its last-contact day,
    worked out once per day (:class:`KnowsDays`: the arithmetic of
    :func:`~refgraph.strength.knows_strength`). The rows come ordered by their first person
    (each node's rows one run) and are made into ties column by column, each node's in one dict:
    many rows, few steps of Python each. With a *floor*, rows weaker than it are left in SQL
    (with a hair of slack) and out of the ties; with *others* (of *nodes*, not ``None``), so are
    the rows to anyone not in it."""
    day, half_life, default = as_of.isoformat(), params.knows_half_life_days, params.knows_strength
    where, args = "(last_contact IS NULL OR last_contact <= ?)", [day]
    if floor > 0:
        where += (" AND coalesce(strength, ?) * pow(2.0, -max(julianday(?) - julianday(coalesce(last_contact, ?)),"
                  " 0.0) / ?) >= ?")
        args += [default, day, day, half_life, floor * (1.0 - 1e-9)]
    check = None   # the other ends to keep, checked here
    if others is not None and nodes is not None:
        if getattr(conn, "engine", "sqlite") == "postgresql":   # its planner leaves the index for a long array
            check = others
        else:   # "+": the rows found by the nodes' index, the other end looked up in one JSON list
            where, args = f"+{{b}} IN (SELECT value FROM json_each(?)) AND {where}", [json.dumps(list(others)), *args]
    sql = "SELECT {a}, {b}, strength, last_contact FROM knows WHERE {among}" + where + " ORDER BY {a}"
    sides = (("person_a", "person_b"), ("person_b", "person_a"))
    if nodes is None:
        queries = [(sql.format(a=a, b=b, among=""), args) for a, b in sides]
    else:
        queries = [(sql.format(a=a, b=b, among=f"{cond} AND "), [*these, *args])
                   for chunk in _chunks(nodes, 10000) for a, b in sides
                   for cond, these in [among(conn, a, chunk)]]
    days = KnowsDays(as_of, half_life)
    for query, these in queries:
        rows = conn.execute(query, these).fetchall()
        if check is not None:
            rows = [r for r in rows if r[1] in check]
        if not rows:
            continue
        firsts, others, strengths, lasts = zip(*rows)
        if None in strengths:
            strengths = [default if x is None else x for x in strengths]
        decay = list(map(days.__getitem__, lasts))
        ties = make.many(map(mul, strengths, map(strength_of, decay)), map(_stale, decay), map(_day, decay))
        if min(map(strength_of, ties)) <= max(floor, 0.0):   # no strength, or weaker than the floor: rare
            ties = [make(0.0, True, t[2]) if t[0] <= 0.0 else t for t in ties]
            keep = [t[0] >= floor for t in ties]
            firsts, others, ties = (list(itertools.compress(x, keep)) for x in (firsts, others, ties))
        start = 0
        for a, n in Counter(firsts).items():   # in order: each node's rows one run
            end = start + n
            mine = dict(zip(others[start:end], ties[start:end]))
            if len(mine) == n and a not in out:   # most: one row per pair
                out[a] = mine
            else:
                merge_rows(out, firsts[start:end], others[start:end], ties[start:end], make)
            start = end


def _merge(found: dict, other: int, tie: tuple, make: Ties) -> None:
    """One more piece of evidence *tie* ``(strength, stale, last contact, …)`` for the tie with
    *other* that *found* holds already: the strongest sets strength and staleness (the first of
    equals wins), the latest contact is kept — as :func:`~refgraph.ties.ties_for` combines them;
    the result made by *make*."""
    t = found[other]
    strength, stale = (tie[0], tie[1]) if tie[0] > t[0] else (t[0], t[1])
    found[other] = make(strength, stale, max(filter(None, (t[2], tie[2])), default=None))


def put(out: dict, a: int, b: int, tie: tuple, make: Ties) -> None:
    """The tie ``a → b`` into *out* ``{a: {b: tie}}``, merged with one already there (:func:`_merge`)."""
    found = out.get(a)
    if found is None:
        out[a] = {b: tie}
    elif b in found:
        _merge(found, b, tie, make)
    else:
        found[b] = tie


def merge_rows(out: dict, firsts, others, ties, make: Ties) -> None:
    """Ties ``firsts[i] → others[i]: ties[i]`` into *out*, one at a time (:func:`put`)."""
    for a, b, tie in zip(firsts, others, ties):
        put(out, a, b, tie, make)


@contextmanager
def collector_off() -> Iterator[None]:
    """Python's cyclic garbage collector off inside (as it was after): a neighbourhood read makes
    hundreds of thousands of tuples and dicts, none in a cycle, and each collection the allocations
    set off meanwhile would walk them all again (a tenth of a path query into a big account)."""
    on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if on:
            gc.enable()


class KnowsDays(dict):
    """``{last_contact (ISO day or None): (decay, stale, day)}`` at *as_of*, each day worked out once:
    a knows tie's strength is its strength times the decay (:func:`~refgraph.strength.knows_strength`:
    ``2^(−days / half-life)``, and none without a last contact), stale past one half-life."""

    def __init__(self, as_of: date, half_life: float):
        super().__init__()
        self.as_of, self.half_life = as_of, half_life

    def __missing__(self, last_contact: str | None) -> tuple:
        if last_contact is None:
            found = self[last_contact] = (1.0, False, None)
            return found
        last = date.fromisoformat(last_contact)
        days = (self.as_of - last).days
        found = self[last_contact] = (2.0 ** (-max(days, 0.0) / self.half_life), days > self.half_life, last)
        return found
