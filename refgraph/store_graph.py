"""The graph at one ``as_of`` over a :class:`~refgraph.reads.StoreReads`: :class:`StoreGraph`
answers the path search's questions (:class:`~refgraph.reads.Graph`) with indexed SQL on either
engine, each neighbourhood read once and kept for the life of the graph; :class:`_Read` holds the
neighbourhoods read at one floor (and towards one source, or everyone) and turns them around for
``incoming``. :mod:`refgraph.reads` makes one with ``StoreReads.graph``.
"""
from __future__ import annotations

import itertools
from datetime import date
from typing import Any, Iterable, Mapping

from .strength import Params, Score
from .tie_reads import TIE_EDGE, Edge, collector_off, strength_of

__all__ = ["StoreGraph"]

_new = tuple.__new__   # Edge(...) without the keyword-argument wrapper: the search makes many


class _Read:
    """The neighbourhoods a :class:`StoreGraph` read at one floor (and towards one source's reach,
    or everyone), and :meth:`incoming` over them."""

    def __init__(self):
        self.found: dict[int, dict[int, Edge]] = {}
        self.rev: dict[int, dict[int, Edge]] = {}   # the reads turned around
        self.reversed = 0                            # how many of them
        self.looked, self.edge_count = 0, (0, 0)    # incoming() by lookups: their cost, the edges read

    def incoming(self, node: int) -> dict[int, Edge]:
        """``{u: Edge}`` for every node u read whose neighbourhood holds *node*. The first questions
        look it up in each neighbourhood read (one search asks a few); once those lookups have cost
        as much as turning every neighbourhood around, the reads are turned around, kept up to date
        lazily, so that many searches over one graph (coverage) invert each neighbourhood once."""
        cache = self.found
        if len(cache) != self.reversed:
            if not self.reversed:   # never turned around yet: look, while that costs less
                if self.edge_count[0] != len(cache):
                    self.edge_count = (len(cache), sum(map(len, cache.values())))
                self.looked += len(cache)
                if self.looked <= self.edge_count[1]:
                    return {u: found[node] for u, found in cache.items() if node in found}
            rev = self.rev
            for u in itertools.islice(cache, self.reversed, None):   # dicts keep insertion order
                for v, e in cache[u].items():
                    found = rev.get(v)
                    if found is None:
                        rev[v] = {u: e}
                    else:
                        found[u] = e
            self.reversed = len(cache)
        return self.rev.get(node, {})


class StoreGraph:
    """:class:`~refgraph.reads.Graph` over a :class:`~refgraph.reads.StoreReads` at one ``as_of``:
    neighbourhood reads with indexed SQL, each read once and kept for the life of this graph."""

    def __init__(self, reads, *, as_of: date, params: Params):   # reads: a refgraph.reads.StoreReads
        self.reads, self.as_of, self.params = reads, as_of, params
        self.owners: set[int] = set(reads.owners())
        self._reads: dict[tuple[float, int | None], _Read] = {}   # by floor and source (near)
        self._source_as_person: dict[int, tuple] = {}   # a source's edges as somebody's contact
        self._edges_from_calls: dict[int, int] = {}
        self._reach: dict[int, dict[int, Edge]] = {}   # every edge of a source, made once
        self._owner_scores: dict[int, dict] = {}   # an owner's whole network, read once
        self._pairs_of: dict[int, list[tuple[int, Score]]] = {}   # a person's owners (relationships())
        self._all_ties: dict[float, dict] = {}

    def _scores(self, **kw) -> dict:
        return self.reads.scores(as_of=self.as_of, params=self.params, **kw)

    def _ties(self, nodes, floor: float = 0.0) -> dict:
        return self.reads.tie_edges(nodes, as_of=self.as_of, params=self.params, floor=floor)

    def _tie_edges(self, nodes, floor: float = 0.0,
                   among: Mapping[int, Any] | None = None) -> dict[int, dict[int, Edge]]:
        """:meth:`_ties` as the :class:`Edge` of each tie, made once (of everyone: *nodes* ``None``;
        only to people in *among*, if given)."""
        return self.reads._tie_edges(None if nodes is None else list(dict.fromkeys(nodes)), self.as_of, self.params,
                                     floor, TIE_EDGE, among)

    def _relationship(self, owner: int, s: Score) -> Edge:
        return _new(Edge, (s.strength, s.stale, s.last_conversation, s.conversations, owner, ()))

    def _read(self, floor: float, near: int | None) -> _Read:
        found = self._reads.get((floor, near))
        if found is None:
            found = self._reads[floor, near] = _Read()
        return found

    def neighbours(self, nodes: Iterable[int], floor: float | None = None,
                   near: int | None = None) -> dict[int, dict[int, Edge]]:
        """``{node: {neighbour: Edge}}`` for every node, edges below ``min_edge_strength`` left out
        (and pairs that weak left unread). A higher *floor* (for a caller that prunes ways weaker
        than it anyway) leaves out weaker edges and leaves their evidence unread, ties included:
        strengths are the same, but a tie's last contact then comes from its evidence above *floor*.
        *near* (a source) leaves out, unread, the neighbours the source has no edge to
        (:meth:`reach`): the middle of a path from that source needs no others, and when people know
        many others most of them are not the source's. Read with the cyclic garbage collector off
        (:func:`~refgraph.tie_reads.collector_off`)."""
        with collector_off():
            return self._neighbours(nodes, floor, near)

    def _neighbours(self, nodes: Iterable[int], floor: float | None, near: int | None) -> dict[int, dict[int, Edge]]:
        floor = max(floor or 0.0, self.params.min_edge_strength)
        cache = self._read(floor, near).found
        wanted = [n for n in dict.fromkeys(nodes) if n not in cache]
        found: dict[int, dict[int, Edge]] = {n: {} for n in wanted}
        among = None if near is None else self.reach(near)

        def add(u: int, v: int, edge: Edge) -> None:
            if u in found and u != v and edge.strength >= floor and (among is None or v in among):
                found[u][v] = found[u][v].merged(edge) if v in found[u] else edge

        if wanted:
            known = list(self._owner_scores)   # owners whose whole network is read already
            # near a source, an owner it has no edge to is no neighbour: their pairs stay unread
            unused = [] if among is None else [o for o in self.owners if o not in among and o not in found]
            skip = {*known, *unused}
            unread = [n for n in wanted if n not in self._pairs_of]   # (the others' pairs: read by relationships())
            if unread and not self.owners <= skip:
                for (owner, person), s in self._scores(person_ids=unread, other_than=sorted(skip),
                                                       floor=floor).items():
                    edge = self._relationship(owner, s)
                    add(person, owner, edge)
                    add(owner, person, edge)
            for n in (n for n in wanted if n in self._pairs_of):
                for owner, s in self._pairs_of[n]:
                    if owner not in skip:
                        edge = self._relationship(owner, s)
                        add(n, owner, edge)
                        add(owner, n, edge)
            for owner in known:
                network = self._owner_scores[owner]
                for n in wanted:
                    s = network.get((owner, n))
                    if s is not None:
                        edge = self._relationship(owner, s)
                        add(n, owner, edge)
                        add(owner, n, edge)
            for owner in (n for n in wanted if n in self.owners):
                for (_, person), s in self.network(owner).items():
                    add(owner, person, self._relationship(owner, s))
            # ties: below min_edge_strength they are only dropped (their last contact still counts
            # for stronger evidence of the same tie); above it, a floor leaves them unread
            tie_floor = floor if floor > self.params.min_edge_strength else 0.0
            if floor not in self._all_ties and len(wanted) > 5000:   # most of the graph: one scan beats lookups
                self._all_ties[floor] = self._tie_edges(None, tie_floor)
            if floor in self._all_ties:
                ties, unread = self._all_ties[floor], among
            else:
                ties, unread = self._tie_edges(wanted, tie_floor, among), None
            for node in wanted:
                edges = ties.get(node)
                if not edges:
                    continue
                if unread is not None:   # read for everyone: only those near the source
                    edges = {other: e for other, e in edges.items() if other in unread}
                    if not edges:
                        continue
                if node in edges or min(map(strength_of, edges.values())) < floor:   # to oneself, or too weak
                    edges = {other: e for other, e in edges.items() if other != node and e[0] >= floor}
                mine = found[node]
                if not mine or mine.keys().isdisjoint(edges):   # most nodes: no relationship with an owner too
                    mine.update(edges)
                else:
                    for other, e in edges.items():
                        mine[other] = mine[other].merged(e) if other in mine else e
        cache.update(found)
        return {n: cache[n] for n in nodes}

    def incoming(self, node: int, near: int | None = None) -> dict[int, Edge]:
        """``{u: Edge}`` for every node u whose neighbourhood (at ``min_edge_strength``, and *near*
        the same source) has been read and holds *node* (:meth:`_Read.incoming`)."""
        return self._read(self.params.min_edge_strength, near).incoming(node)

    def network(self, owner: int) -> dict:
        """``{(owner, person): Score}`` of the owner's whole network at ``as_of`` (one indexed read,
        kept for the life of this graph)."""
        if owner not in self._owner_scores:
            self._owner_scores[owner] = self._scores(owner_id=owner)
        return self._owner_scores[owner]

    def relationships(self, people: Iterable[int]) -> dict[tuple[int, int], Score]:
        """``{(owner, person): Score}`` of every owner's relationship with each of *people*, however
        weak (a connection years old is a cold path), read once per person for the life of this
        graph: a later neighbourhood read of those people takes their owners from here."""
        people = list(dict.fromkeys(people))
        unread = [p for p in people if p not in self._pairs_of]
        if unread:
            found: dict[int, list[tuple[int, Score]]] = {p: [] for p in unread}
            for (owner, person), s in self._scores(person_ids=unread).items():
                found[person].append((owner, s))
            self._pairs_of.update(found)
        return {(owner, p): s for p in people for owner, s in self._pairs_of[p]}

    def direct_ties(self, sources: set[int], targets: set[int]) -> dict[tuple[int, int], Edge]:
        """``{(owner, target): Edge}``: the *sources*' own ties to *targets*, however weak (a
        connection years old is still a cold path). Of one owner, just theirs; of a team, every
        owner's, from :meth:`relationships` (read before the search, which then takes the targets'
        owners from the same read)."""
        if not targets:
            return {}
        if len(sources) == 1:
            (only,) = sources
            found = self._scores(owner_id=only, person_ids=sorted(targets))
        else:
            found = self.relationships(sorted(targets))
        return {(o, t): Edge(s.strength, s.stale, s.last_conversation, s.conversations, o)
                for (o, t), s in found.items() if o in sources}

    def reach(self, source: int) -> dict[int, Edge]:
        """Every node *source* has an edge to (at ``min_edge_strength``), with the edge: for an
        owner their network, then as anyone's the teammates who count the source as a contact and
        the source's person–person ties; made once."""
        found = self._reach.get(source)
        if found is None:
            found = self._reach[source] = self._edges(source, None)
        return found

    def edges_from(self, source: int, nodes: Iterable[int]) -> dict[int, Edge]:
        """The edges between *source* and each of *nodes*: read for those nodes only, or, for many
        nodes or a source asked for again (coverage asks once per account), from all the source's
        edges (:meth:`reach`), made once."""
        nodes = [n for n in dict.fromkeys(nodes) if n != source]
        many = source in self._reach
        if not many and source in self.owners:
            calls = self._edges_from_calls[source] = self._edges_from_calls.get(source, 0) + 1
            many = source in self._owner_scores or calls > 1 or len(nodes) > 5000   # many, or asked again
        if not many:
            return self._edges(source, nodes)
        reach = self.reach(source)
        return {n: reach[n] for n in nodes if n in reach}

    def _edges(self, source: int, nodes: list[int] | None) -> dict[int, Edge]:
        """The edges between *source* and each of *nodes* (``None``: everyone), read."""
        out: dict[int, Edge] = {}
        least = self.params.min_edge_strength
        wanted = None if nodes is None else set(nodes)

        def add(n: int, edge: Edge) -> None:
            if edge.strength >= least and n != source and (wanted is None or n in wanted):
                out[n] = out[n].merged(edge) if n in out else edge

        if source in self.owners:
            if nodes is None:   # every edge of the owner (weak pairs left unread)
                scores = self._owner_scores.get(source) or self._scores(owner_id=source, floor=least)
            else:               # few: just their pairs
                scores = self._scores(owner_id=source, person_ids=nodes, floor=least)
            for (_, person), s in scores.items():
                if s.strength >= least:
                    add(person, self._relationship(source, s))
        if source not in self._source_as_person:
            self._source_as_person[source] = (self._scores(person_ids=[source], floor=least),
                                              self._ties([source])[source])
        as_person, ties = self._source_as_person[source]
        for (owner, _), s in as_person.items():      # teammates who count the source as a contact
            add(owner, self._relationship(owner, s))
        for other, (strength, stale, last) in ties.items():
            add(other, Edge(strength, stale, last, 0, None))
        return out
