"""Warm paths into an account: the k strongest simple paths of at most 3 hops, exact and explained.

The graph at ``as_of`` has three kinds of edges between people (owners are people too):
owner–person relationships (the strength model), owner–owner relationships between teammates
(the same model, from the meetings and logs in which one appears as the other's contact), and
person–person ties (knows files, shared meetings; :mod:`refgraph.ties`). An edge's strength is the
strongest of its evidence; edges weaker than ``min_edge_strength`` are not paths.

The search never loads the whole graph. It reads neighbourhoods with indexed SQL
(:class:`StoreGraph.neighbours`) inwards from the targets (who knows them) and from the people who
know the targets, then reads the owner's edges to just those people (:meth:`StoreGraph.edges_from`)
and joins in the middle. Because a
path's strength is the product of at most three hop strengths, every path of ≤ 3 hops is some
``source–x–y–target`` join, so enumerating the joins is exact. With ``--team`` every owner is a
source and a path starts at the last owner on it (a path through a teammate is that teammate's path).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Mapping

from .errors import RefgraphError
from .strength import Params, Score

__all__ = ["Edge", "StoreGraph", "Path", "search", "rank", "diverse"]


@dataclass(frozen=True)
class Edge:
    """The tie between two people at ``as_of``: its strength and what it rests on."""

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


Neighbours = Mapping[int, Mapping[int, Edge]]


class StoreGraph:
    """Neighbourhood reads over a store at one ``as_of`` (the ``candidates()`` interface a shared
    team store would implement on another engine)."""

    def __init__(self, graph, as_of: date, params: Params):
        self.graph, self.store, self.as_of, self.params = graph, graph.store, as_of, params
        self.owners: set[int] = {r["id"] for r in self.store.owners()}
        self._cache: dict[int, dict[int, Edge]] = {}
        self._source_as_person = None

    def _relationship(self, owner: int, s: Score) -> Edge:
        return Edge(s.strength, s.stale, s.last_conversation, s.conversations, owner)

    def neighbours(self, nodes: Iterable[int]) -> dict[int, dict[int, Edge]]:
        """``{node: {neighbour: Edge}}`` for every node, edges below ``min_edge_strength`` left out."""
        from .ties import ties_for

        wanted = [n for n in dict.fromkeys(nodes) if n not in self._cache]
        found: dict[int, dict[int, Edge]] = {n: {} for n in wanted}

        def add(u: int, v: int, edge: Edge) -> None:
            if u in found and u != v and edge.strength >= self.params.min_edge_strength:
                found[u][v] = found[u][v].merged(edge) if v in found[u] else edge

        if wanted:
            for chunk in _chunks(wanted, 20000):
                for (owner, person), s in self.graph.scores(self.as_of, person_ids=chunk).items():
                    edge = self._relationship(owner, s)
                    add(person, owner, edge)
                    add(owner, person, edge)
            for owner in (n for n in wanted if n in self.owners):
                for (_, person), s in self.graph.scores(self.as_of, owner_id=owner).items():
                    add(owner, person, self._relationship(owner, s))
            for node, ties in ties_for(self.store, wanted, self.as_of, self.params).items():
                for tie in ties:
                    add(node, tie["person_id"], Edge(tie["strength"], tie["stale"], tie["last_contact_date"],
                                                     0, None, tuple(tie["evidence"])))
        self._cache.update(found)
        return {n: self._cache[n] for n in nodes}

    def edges_from(self, source: int, nodes: Iterable[int]) -> dict[int, Edge]:
        """The edges between *source* and each of *nodes*, read for those nodes only (the owner's
        whole network is never needed)."""
        from .ties import ties_of

        nodes = [n for n in dict.fromkeys(nodes) if n != source]
        out: dict[int, Edge] = {}

        def add(n: int, edge: Edge) -> None:
            if edge.strength >= self.params.min_edge_strength:
                out[n] = out[n].merged(edge) if n in out else edge

        if source in self.owners:
            for chunk in _chunks(nodes, 20000):
                for (_, person), s in self.graph.scores(self.as_of, owner_id=source, person_ids=chunk).items():
                    add(person, self._relationship(source, s))
        if self._source_as_person is None:
            self._source_as_person = (self.graph.scores(self.as_of, person_ids=[source]),
                                      ties_of(self.store, source, self.as_of, self.params))
        as_person, ties = self._source_as_person
        wanted = set(nodes)
        for (owner, _), s in as_person.items():      # teammates who count the source as a contact
            if owner in wanted:
                add(owner, self._relationship(owner, s))
        for tie in ties:
            if tie["person_id"] in wanted:
                add(tie["person_id"], Edge(tie["strength"], tie["stale"], tie["last_contact_date"], 0, None,
                                           tuple(tie["evidence"])))
        return out


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class Path:
    nodes: tuple[int, ...]
    edges: tuple[Edge, ...]
    strength: float = field(init=False)

    def __post_init__(self):
        s = 1.0
        for e in self.edges:
            s *= e.strength
        self.strength = s

    @property
    def hops(self) -> int:
        return len(self.edges)


def search(graph: StoreGraph, sources: set[int], targets: set[int], max_hops: int = 3, team: bool = False,
           exclude: set[int] = frozenset()) -> list[Path]:
    """Every simple path of at most *max_hops* from a source to a target (unranked).

    Single source: the first connector may be a teammate (owners appear nowhere else inside a
    path). ``team``: every owner is a source and no interior node is an owner.
    """
    if not 1 <= max_hops <= 3:
        raise RefgraphError(f"--max-hops {max_hops}: paths have 1 to 3 hops — use --max-hops 1, 2 or 3")
    owners = graph.owners
    targets = {t for t in targets if t not in exclude and t not in sources}

    def interior(n: int) -> bool:
        # targets may be connectors too ("ask Maria, VP Finance, to introduce you to Lee, CFO")
        return n not in exclude and (n not in owners if team else n not in sources)

    n_t = graph.neighbours(targets)
    if team:
        def to_source(nodes):   # owners adjacent to each node
            near = graph.neighbours(nodes)
            return {n: {o: e for o, e in near[n].items() if o in sources} for n in nodes}
    else:
        (source,) = sources

        def to_source(nodes):
            near = graph.edges_from(source, nodes)
            return {n: ({source: near[n]} if n in near else {}) for n in nodes}

    paths: list[Path] = []
    ys = sorted({y for t in targets for y in n_t[t] if interior(y)})
    src_t = to_source(sorted(targets))
    for t in targets:
        for s, e in src_t[t].items():
            paths.append(Path((s, t), (e,)))
    if max_hops >= 2:
        src_y = to_source(ys)
        for t in targets:
            for y, e_yt in n_t[t].items():
                if y in src_y:
                    for s, e_sy in src_y[y].items():
                        paths.append(Path((s, y, t), (e_sy, e_yt)))
    if max_hops >= 3 and ys:
        n_y = graph.neighbours(ys)
        xs = sorted({x for y in ys for x in n_y[y] if interior(x)})
        src_x = to_source(xs)
        for t in targets:
            for y, e_yt in n_t[t].items():
                if y not in n_y:
                    continue
                if not team and y in owners:   # a teammate is the first connector, never reached via others
                    continue
                for x, e_xy in n_y[y].items():
                    if x == t or x not in src_x:
                        continue
                    for s, e_sx in src_x[x].items():
                        if s not in (y, t):
                            paths.append(Path((s, x, y, t), (e_sx, e_xy, e_yt)))
    return paths


def rank(paths: Iterable[Path], name: Callable[[int], str]) -> list[Path]:
    """Strongest first; ties by fewer hops, then the names along the path (stable, repeatable).

    Names are looked up only inside runs of equal strength and length (rare), not for every path.
    """
    ordered = sorted(paths, key=lambda p: (-p.strength, p.hops, p.nodes))
    out: list[Path] = []
    i = 0
    while i < len(ordered):
        j = i + 1
        while j < len(ordered) and (ordered[j].strength, ordered[j].hops) == (ordered[i].strength, ordered[i].hops):
            j += 1
        run = ordered[i:j]
        if len(run) > 1:
            run.sort(key=lambda p: (tuple(name(n) for n in p.nodes), p.nodes))
        out.extend(run)
        i = j
    return out


def diverse(paths: list[Path], k: int, per_connector: int = 2, per_target: int = 2) -> list[Path]:
    """The first *k* ranked paths, at most *per_connector* through one first connector and
    *per_target* ending at one target."""
    chosen, by_connector, by_target = [], {}, {}
    for p in paths:
        connector, target = p.nodes[1] if p.hops > 1 else None, p.nodes[-1]
        if connector is not None and by_connector.get(connector, 0) >= per_connector:
            continue
        if by_target.get(target, 0) >= per_target:
            continue
        chosen.append(p)
        if connector is not None:
            by_connector[connector] = by_connector.get(connector, 0) + 1
        by_target[target] = by_target.get(target, 0) + 1
        if len(chosen) == k:
            break
    return chosen


def title_filter(pattern: str | None) -> Callable[[str | None], bool]:
    if not pattern:
        return lambda title: True
    try:
        regex = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RefgraphError(f"--title {pattern!r} is not a valid regular expression ({exc}) — "
                            "e.g. --title 'chief|vp|head'") from None
    return lambda title: bool(title and regex.search(title))
