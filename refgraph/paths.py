"""Warm paths into an account: the k strongest simple paths of at most 3 hops, exact and explained.

The graph at ``as_of`` has three kinds of edges between people (owners are people too):
owner–person relationships (the strength model), owner–owner relationships between teammates
(the same model, from the meetings and logs in which one appears as the other's contact), and
person–person ties (knows files, shared meetings; :mod:`refgraph.ties`). An edge's strength is the
strongest of its evidence; edges weaker than ``min_edge_strength`` are not paths.

The search never loads the whole graph, nor knows how it is stored: it asks a
:class:`~refgraph.reads.Graph` (``reads.graph(as_of=…, params=…)``) for neighbourhoods
(:meth:`~refgraph.reads.Graph.neighbours`) inwards from the targets (who knows them) and from the
people who know the targets, then for the owner's edges to just those people
(:meth:`~refgraph.reads.Graph.edges_from`), and joins in the middle. Because a
path's strength is the product of at most three hop strengths, every path of ≤ 3 hops is some
``source–x–y–target`` join, so enumerating the joins is exact. With ``--team`` every owner is a
source and a path starts at the last owner on it (a path through a teammate is that teammate's path).

What ``path`` lists (:class:`Choice`): warm paths, then those to reconnect, each kind in the exact
order of the search, then cold ones (a tie of an owner's with no real conversation), the most
senior target first (:func:`status`, :func:`seniority`).
"""
from __future__ import annotations

import heapq
import itertools
import re
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Iterator, Mapping

from .errors import RefgraphError
from .reads import Edge, Graph

__all__ = ["Edge", "Graph", "Path", "Search", "best_ways", "search", "rank", "ranked", "Choice", "status",
           "seniority", "cold_edge", "STATUSES"]


Neighbours = Mapping[int, Mapping[int, Edge]]


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


class Search:
    """The warm paths from *sources* to *targets*: the neighbourhoods they need, read once, and the
    paths strongest first, produced lazily.

    Single source: the first connector may be a teammate (owners appear nowhere else inside a
    path). ``team``: every owner is a source and no interior node is an owner. Targets may be
    connectors too ("ask Maria, VP Finance, to introduce you to Lee, CFO").
    """

    def __init__(self, graph: Graph, sources: set[int], targets: set[int], max_hops: int = 3,
                 team: bool = False, exclude: set[int] = frozenset()):
        if not 1 <= max_hops <= 3:
            raise RefgraphError(f"--max-hops {max_hops}: paths have 1 to 3 hops — use --max-hops 1, 2 or 3")
        owners = graph.owners
        self.graph, self.max_hops, self.sources = graph, max_hops, set(sources)
        self.targets = {t for t in targets if t not in exclude and t not in sources}

        outside = set(exclude) | (owners if team else self.sources)   # never inside a path

        # inwards from the targets: who knows them (ys), and for 3 hops who knows those (xs); an
        # owner is never the middle of a 3-hop path (a teammate is only ever the first connector)
        self.n_t = graph.neighbours(self.targets)
        ys = set().union(*(self.n_t[t].keys() for t in self.targets)) - outside if max_hops >= 2 else set()
        mid = sorted(ys - owners) if max_hops >= 3 else []
        # a middle person's neighbours are of use only as first connectors: with one source, only
        # those it has an edge to are read (when people know many others, a fraction of them)
        self.near = None if team else next(iter(self.sources))
        self.n_y = graph.neighbours(mid, near=self.near)
        xs = set().union(*(self.n_y[y].keys() for y in mid)) - outside
        self.ys, self.xs = ys, xs
        # then the sources' edges to just those people
        wanted = sorted(self.targets | ys | xs)
        if team:
            near = graph.neighbours(wanted)
            self.src = {n: {o: e for o, e in near[n].items() if o in self.sources} for n in wanted}
        else:
            (source,) = self.sources
            near = graph.edges_from(source, wanted)
            self.src = {n: {source: e} for n, e in near.items()}   # nodes the source has no edge to: none
        # the best way on from each node: to a target in one hop (ys), in two (xs)
        self.to_t: dict[int, list[tuple[int, Edge]]] = {}
        for t in self.targets:
            for y, e in self.n_t[t].items():
                if y in ys:
                    self.to_t.setdefault(y, []).append((t, e))
        self.best1 = {y: max(e.strength for _, e in ts) for y, ts in self.to_t.items()}
        self.best2 = best2 = {}   # {x: the strongest way on from x in two hops}
        known = best2.get
        for y in mid:
            b1 = self.best1.get(y, 0.0)
            if b1 > 0.0:
                for x, e in self.n_y[y].items():
                    way = e[0] * b1
                    if way > known(x, 0.0) and x in xs:
                        best2[x] = way

    def tail(self, node: int) -> float:
        """The strongest way from *node* (a first connector) on to a target, 1.0 for a target."""
        if node in self.targets:
            return 1.0
        return max(self.best1.get(node, 0.0) if self.max_hops >= 2 else 0.0,
                   self.best2.get(node, 0.0) if self.max_hops >= 3 else 0.0)

    def count(self, known: Collection[tuple[int, int]] = ()) -> int:
        """How many paths there are, without listing them; with *known* (``(source, person)`` pairs),
        leaving out those that ask a connector to introduce someone known: a known person anywhere
        after the first connector. Those are counted from the known pairs alone, so the cost does
        not grow with the paths."""
        total = self._count_all()
        if not known:
            return total
        src = self.src
        ways: dict[tuple[int, int], int] = {}   # (s, y): the first connectors x of s → x → y, each counted once
        reach: dict[int, set[int]] = {}   # s: the xs that s has an edge to

        def firsts(s: int, y: int, t: int) -> int:   # first connectors x of s → x → y → t, x ≠ t
            n = ways.get((s, y))
            if n is None:
                mine = reach.get(s)
                if mine is None:
                    mine = reach[s] = {x for x in self.xs if s in src.get(x, ())}
                n = ways[s, y] = len(self.n_y[y].keys() & mine) if y in self.n_y else 0
            return n - (1 if t in self.xs and t in self.n_y.get(y, ()) and s in src.get(t, ()) else 0)

        known = set(known)
        left_out = 0
        for s, n in known:
            if s not in self.sources:
                continue
            if n in self.targets:
                if self.max_hops >= 2:   # s → y → n
                    left_out += sum(1 for y in self.n_t[n] if y in self.ys and s in src.get(y, ()))
                if self.max_hops >= 3:   # s → x → y → n, y not known (those come below)
                    left_out += sum(firsts(s, y, n) for y in self.n_t[n] if y in self.n_y and (s, y) not in known)
            if self.max_hops >= 3 and n in self.n_y:   # s → x → n → t, any target t (n is among ys)
                left_out += sum(firsts(s, n, t) for t, _ in self.to_t.get(n, ()))
        return total - left_out

    def through(self, source: int, first: int) -> Iterator[tuple[int, ...]]:
        """The nodes of every path of two hops or more from *source* whose first connector is *first*."""
        if source not in self.src.get(first, ()):
            return
        if self.max_hops >= 2:
            for t, _ in self.to_t.get(first, ()):
                yield source, first, t
        if self.max_hops >= 3 and first in self.xs:
            for y, nb in self.n_y.items():
                if first in nb:
                    for t in self.targets:
                        if t != first and y in self.n_t[t]:
                            yield source, first, y, t

    def _count_all(self) -> int:
        total = sum(len(self.src.get(t, ())) for t in self.targets)
        if self.max_hops >= 2:
            total += sum(len(self.src.get(y, ())) for y, ts in self.to_t.items() for _ in ts)
        if self.max_hops >= 3:
            # per y, the ways to it from the sources: Σ over its xs of their sources (sets, not steps)
            w = {x: len(e) for x, e in self.src.items() if e and x in self.xs}
            if all(n == 1 for n in w.values()):   # one source: each x one way
                via = {y: len(nb.keys() & w.keys()) for y, nb in self.n_y.items()}
            else:
                via = {y: sum(map(w.__getitem__, nb.keys() & w.keys())) for y, nb in self.n_y.items()}
            for t in self.targets:
                for y in self.n_t[t]:
                    if y in via:
                        total += via[y] - (len(self.src.get(t, ())) if t in self.xs and t in self.n_y[y] else 0)
        return total

    def __iter__(self) -> Iterator[Path]:
        """Every path, strongest first, then fewer hops, then by node ids (:func:`rank` orders equal
        strengths by name). Best-first over partial paths keyed by an upper bound of their best
        completion (the exact best, with a hair of slack for rounding): a path is produced once no
        partial path can still beat it, so taking the first k costs about k expansions, not all."""
        slack = 1.0 + 1e-9
        frontier: list = []   # (-bound, seq, nodes, edges, strength so far)
        seq = 0
        for a, by_source in self.src.items():
            bound = self.tail(a)
            if bound <= 0.0:
                continue
            for s, e in by_source.items():
                frontier.append((-e.strength * bound * slack, seq, (s, a), (e,), e.strength))
                seq += 1
        heapq.heapify(frontier)
        ready: list = []      # (-strength, hops, nodes, edges): complete paths waiting their turn
        while frontier or ready:
            while frontier and (not ready or -frontier[0][0] >= -ready[0][0]):
                _, _, nodes, edges, strength = heapq.heappop(frontier)
                for item in self._expand(nodes, edges, strength):
                    if item[0] == "path":
                        heapq.heappush(ready, (-item[3], len(item[1]) - 1, item[1], item[2]))
                    else:
                        heapq.heappush(frontier, (-item[3] * slack, seq, item[1], item[2], item[4]))
                        seq += 1
            if ready:
                _, _, nodes, edges = heapq.heappop(ready)
                yield Path(nodes, edges)

    def _expand(self, nodes: tuple, edges: tuple, strength: float):
        a = nodes[-1]
        if len(nodes) == 2:
            s = nodes[0]
            if a in self.targets:
                yield ("path", nodes, edges, strength)
            if self.max_hops >= 2:
                for t, e in self.to_t.get(a, ()):
                    if t != s:
                        yield ("path", (s, a, t), edges + (e,), strength * e.strength)
            if self.max_hops >= 3 and a in self.xs:
                for y, e in self.n_y_of(a):
                    if y != s:
                        yield ("part", (s, a, y), edges + (e,), strength * e.strength * self.best1.get(y, 0.0),
                               strength * e.strength)
        else:
            s, x, y = nodes
            for t, e in self.to_t.get(y, ()):
                if t != x and t != s:
                    yield ("path", (s, x, y, t), edges + (e,), strength * e.strength)

    def n_y_of(self, x: int) -> list[tuple[int, Edge]]:
        """The middle people *x* knows (from the graph's reads turned around)."""
        if x not in self.xs:
            return []
        n_y, to_t = self.n_y, self.to_t
        return [(y, e) for y, e in self.graph.incoming(x, self.near).items() if y in n_y and y in to_t]


def best_ways(graph: Graph, source: int, accounts: Mapping[object, set[int]], floor: float = 0.0):
    """For many accounts at once, from one owner: each first connector's strongest way on into each
    account (:meth:`Search.tail`) and each account's strongest path — the numbers ``reconnect`` needs,
    with every neighbourhood read and walked once for all accounts rather than once per account.

    Returns ``({first connector: {account: tail}}, {account: best path strength})``; the same rules
    as :class:`Search` with one source (a teammate only ever the first connector), and as
    :class:`Choice`, no way on that asks an introduction to someone the owner has talked to. Ways
    on weaker than *floor* are left out (and so are best paths that only they would give).
    """
    owners = graph.owners
    members: dict[int, list] = {}
    for key, targets in accounts.items():
        for t in targets:
            if t != source:
                members.setdefault(t, []).append(key)
    # no introduction to someone the owner has had a real conversation with (as :class:`Choice`
    # leaves out such paths): they are no way on, as target or middle person, only their own way in
    known = {n for n, e in graph.reach(source).items() if e.conversations}
    n_t = graph.neighbours(list(members), floor)   # a weaker edge makes every way through it weaker
    best1: dict[int, dict] = {}          # one hop from a target
    for t, keys in members.items():
        if t in known:
            continue
        for y, e in n_t[t].items():
            if y != source:
                found = best1.setdefault(y, {})
                for key in keys:
                    if e.strength > found.get(key, 0.0):
                        found[key] = e.strength
    mid = sorted(y for y in best1 if y not in owners and y not in known)
    n_y = graph.neighbours(mid, floor, near=source)   # only the first connectors are of use
    firsts = graph.edges_from(source, sorted(set(members) | set(best1) | {x for y in mid for x in n_y[y]}))
    tails: dict[int, dict] = {a: dict(best1.get(a, {})) for a in firsts}
    for y in mid:                      # two hops: through a middle person who knows a target
        b1 = sorted(best1[y].items(), key=lambda kv: -kv[1])
        top = b1[0][1]
        for x, e in n_y[y].items():
            w = e.strength
            if w * top < floor:
                continue
            found = tails.get(x)
            if found is None or x == source:
                continue
            for key, v in b1:
                if w * v < floor:
                    break
                if w * v > found.get(key, 0.0):
                    found[key] = w * v
    best: dict = {}
    for a, found in tails.items():
        for key in members.get(a, ()):  # a target is its own way in
            found[key] = 1.0
        e = firsts[a].strength
        for key, v in found.items():
            if e * v > best.get(key, 0.0):
                best[key] = e * v
    return tails, best


def search(graph: Graph, sources: set[int], targets: set[int], max_hops: int = 3, team: bool = False,
           exclude: set[int] = frozenset()) -> list[Path]:
    """Every simple path of at most *max_hops* from a source to a target, strongest first."""
    return list(Search(graph, sources, targets, max_hops, team, exclude))


def rank(paths: Iterable[Path], name: Callable[[int], str]) -> list[Path]:
    """Strongest first; ties by fewer hops, then the names along the path (stable, repeatable)."""
    return list(ranked(sorted(paths, key=lambda p: (-p.strength, p.hops, p.nodes)), name))


def ranked(paths: Iterable[Path], name: Callable[[int], str]) -> Iterator[Path]:
    """:func:`rank` of paths already in strength-then-hops order, lazily: names are looked up only
    inside runs of equal strength and length (rare), not for every path."""
    run: list[Path] = []
    for p in paths:
        if run and (p.strength, p.hops) != (run[0].strength, run[0].hops):
            yield from _by_name(run, name)
            run = []
        run.append(p)
    yield from _by_name(run, name)


def _by_name(run: list[Path], name: Callable[[int], str]) -> list[Path]:
    if len(run) > 1:
        run.sort(key=lambda p: (tuple(name(n) for n in p.nodes), p.nodes))
    return run


def title_filter(pattern: str | None) -> Callable[[str | None], bool]:
    if not pattern:
        return lambda title: True
    try:
        regex = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RefgraphError(f"--title {pattern!r} is not a valid regular expression ({exc}) — "
                            "e.g. --title 'chief|vp|head'") from None
    return lambda title: bool(title and regex.search(title))


# -- warm, reconnect, cold --------------------------------------------------------------------------
STATUSES = ("warm", "reconnect", "cold")


def cold_edge(edge: Edge) -> bool:
    """An owner's tie with no real conversation ever (connected, messages, endorsements only)."""
    return edge.owner is not None and edge.conversations == 0


def status(path: Path, params) -> str:
    """``cold``: a hop with no real conversation ever; else ``warm``: every hop fresh and the path
    at least ``warm_path_strength`` strong; else ``reconnect``: a hop gone stale (or, every hop
    fresh, a path too weak) to renew first."""
    if any(cold_edge(e) for e in path.edges):
        return "cold"
    if any(e.stale for e in path.edges) or round(path.strength, 4) < params.warm_path_strength:
        return "reconnect"
    return "warm"


def seniority(title: str | None, params) -> int:
    """The rung of *title* on the ladder ``params.seniority`` (0: the most senior); titles on no
    rung come after every rung."""
    for rung, pattern in enumerate(params.seniority):
        if title and re.search(pattern, title, re.IGNORECASE):
            return rung
    return len(params.seniority)


class Talked:
    """A :class:`Graph` without its cold edges: the search over it yields exactly the paths whose
    every hop had a real conversation, strongest first."""

    def __init__(self, graph: Graph, src: Mapping[int, Mapping[int, Edge]] | None = None):
        self.graph, self.owners, self.src = graph, graph.owners, src

    @staticmethod
    def _keep(found: Mapping[int, Edge]) -> dict[int, Edge]:
        return {n: e for n, e in found.items() if not cold_edge(e)}

    def _keep_of(self, node: int, found: Mapping[int, Edge]) -> Mapping[int, Edge]:
        """:meth:`_keep` of *node*'s neighbourhood: a person's edges with an owner side are those to
        owners, so only those are looked at, and a neighbourhood without a cold one is kept as it is."""
        if node in self.owners:
            return self._keep(found)
        owners = self.owners
        cold = [o for o in (owners if len(owners) < len(found) else found)
                if o in owners and o in found and cold_edge(found[o])]
        if not cold:
            return found
        kept = dict(found)
        for o in cold:
            del kept[o]
        return kept

    def neighbours(self, nodes, floor=None, near=None):
        return {n: self._keep_of(n, found) for n, found in self.graph.neighbours(nodes, floor, near).items()}

    def edges_from(self, source, nodes):
        if self.src is not None:   # a search of the whole graph read them already
            found = ((n, self.src.get(n, {}).get(source)) for n in nodes)
            return {n: e for n, e in found if e is not None and not cold_edge(e)}
        return self._keep(self.graph.edges_from(source, nodes))

    def reach(self, source):
        return self._keep(self.graph.reach(source))

    def incoming(self, node, near=None):
        return self._keep(self.graph.incoming(node, near))

    def network(self, owner):
        return {pair: s for pair, s in self.graph.network(owner).items() if s.conversations}


class Choice:
    """The paths ``path`` shows and ``coverage`` counts: warm ones, then those to reconnect, each
    kind strongest first (the exact ranking of :func:`ranked`), then cold ones by the target's
    :func:`seniority`, the most recent touch on the cold hop, then strength.

    *direct*: ``{(owner, target): Edge}``, the owners' own ties to the targets whatever their
    strength (a connection below ``min_edge_strength`` is still a cold path). No path asks a
    connector to introduce someone its owner has had a real conversation with: the direct path says
    it. *keep* leaves out paths (``--via``).

    The introductions logged (:mod:`refgraph.intros`): *asked* ``{(owner, connector): day}``, the
    connectors asked lately, whose paths come after the others' of the same status; *declined*
    ``{(owner, connector, target)}``, introductions declined lately, never suggested again (a path
    through that connector to that person, as target or as the next hop); *met* ``{(owner, person)}``,
    people met through an introduction, known like those the owner has talked to.
    """

    def __init__(self, graph: Graph, sources: set[int], targets: set[int], *, params,
                 name: Callable[[int], str], direct: Mapping[tuple[int, int], Edge], max_hops: int = 3,
                 team: bool = False, exclude: set[int] = frozenset(), keep: Callable[[Path], bool] | None = None,
                 full: Search | None = None, asked: Mapping[tuple[int, int], object] | None = None,
                 declined: Iterable[tuple[int, int, int]] = (), met: Iterable[tuple[int, int]] = ()):
        self.graph, self.sources, self.targets, self.params, self.name = graph, sources, targets, params, name
        self.search_args = dict(max_hops=max_hops, team=team, exclude=exclude)
        self.keep, self.keeps_all = keep or (lambda p: True), keep is None
        self.dropped = 0   # paths left out by count() for asking an introduction to someone known
        self.declined_dropped = 0   # … and for an introduction declined lately
        self.asked, self.declined = dict(asked or {}), set(declined)
        # the search of the whole graph (*full*, if the caller made it with the same arguments), and
        # the one without cold edges, reading the sources' edges from it
        self.full = full or Search(graph, sources, targets, **self.search_args)
        self.talked = Search(Talked(graph, None if team else self.full.src), sources, targets, **self.search_args)
        self.known = {(s, n) for n, by in self.talked.src.items() for s, e in by.items() if e.conversations}
        self.known |= {pair for pair, e in direct.items() if e.conversations}
        self.known |= set(met)
        self.extra = sorted((Path((s, t), (e,)) for (s, t), e in direct.items()
                             if t in self.talked.targets and e.strength < params.min_edge_strength),
                            key=lambda p: (-p.strength, p.nodes))

    def asks_for_someone_known(self, p: Path) -> bool:
        """Whether *p* asks for an introduction to someone its owner has really talked to."""
        return any((p.nodes[0], n) in self.known for n in p.nodes[2:])

    def was_declined(self, p: Path) -> bool:
        """Whether *p* asks its connector for an introduction declined lately (to a person after it)."""
        return p.hops > 1 and any((p.nodes[0], p.nodes[1], n) in self.declined for n in p.nodes[2:])

    def asked_on(self, p: Path):
        """The day *p*'s connector was last asked for an introduction lately; ``None`` when not."""
        return self.asked.get((p.nodes[0], p.nodes[1])) if p.hops > 1 else None

    def _left_out(self, p: Path) -> bool:
        return self.asks_for_someone_known(p) or self.was_declined(p)

    def count(self) -> int:
        """How many paths there are to show: those kept (``--via``: listed to count them) that ask
        no introduction to someone the owner knows or declined lately, and the direct ties below
        ``min_edge_strength``."""
        extra = sum(1 for p in self.extra if self.keep(p))
        self.known |= {(s, n) for n, by in self.full.src.items() for s, e in by.items() if e.conversations}
        if self.keeps_all:   # counted, not listed: a big account has half a million paths
            shown = self.full.count(self.known)
            self.dropped = self.full.count() - shown
            lately = {nodes for s, via, _ in self.declined for nodes in self.full.through(s, via)}
            self.declined_dropped = sum(
                1 for nodes in lately if not any((nodes[0], n) in self.known for n in nodes[2:])
                and any((nodes[0], nodes[1], n) in self.declined for n in nodes[2:]))
            return shown - self.declined_dropped + extra
        kept = [(self.asks_for_someone_known(p), self.was_declined(p)) for p in self.full if self.keep(p)]
        self.dropped = sum(known for known, _ in kept)
        self.declined_dropped = sum(declined and not known for known, declined in kept)
        return len(kept) - self.dropped - self.declined_dropped + extra

    def real(self) -> Iterator[Path]:
        """The paths whose every hop had a real conversation, ranked (:func:`ranked`)."""
        merged = heapq.merge(iter(self.talked), [p for p in self.extra if p.edges[0].conversations],
                             key=lambda p: (-p.strength, p.hops))
        return ranked((p for p in merged if self.keep(p) and not self._left_out(p)), self.name)

    def warm(self, limit: int = 1000) -> list[Path]:
        """The warm paths, strongest first, at most *limit*."""
        out = []
        for p in self.real():
            if len(out) >= limit or round(p.strength, 4) < self.params.warm_path_strength:
                break
            if status(p, self.params) == "warm":
                out.append(p)
        return out

    def cold(self, title: Callable[[int], str | None], last_touch: Callable[[Path], object],
             scan: int = 2000) -> list[Path]:
        """The cold paths in their order: the direct ones, and those among the *scan* strongest paths."""
        cold = [p for p in self.extra if not p.edges[0].conversations and self.keep(p)]
        full = self.full
        self.known |= {(s, n) for n, by in full.src.items() for s, e in by.items() if e.conversations}
        for p in itertools.islice(iter(full), scan):
            if status(p, self.params) == "cold" and self.keep(p) and not self._left_out(p):
                cold.append(p)
        name, params = self.name, self.params
        cold.sort(key=lambda p: (seniority(title(p.nodes[-1]), params), _newest_first(last_touch(p)), -p.strength,
                                 p.hops, tuple(name(n) for n in p.nodes), p.nodes))
        return cold

    def choose(self, k: int, title: Callable[[int], str | None], last_touch: Callable[[Path], object],
               all_paths: bool = False) -> list[Path]:
        """The first *k* paths in order, at most 2 per connector and target unless *all_paths* (an
        owner's direct path is never held back by the cap on its target)."""
        chosen: list[Path] = []
        by_connector: dict[int, int] = {}
        by_target: dict[int, int] = {}

        def take(p: Path) -> None:
            connector, target = p.nodes[1] if p.hops > 1 else None, p.nodes[-1]
            if not all_paths:
                if connector is not None and by_connector.get(connector, 0) >= 2:
                    return
                if p.hops > 1 and by_target.get(target, 0) >= 2:
                    return
            chosen.append(p)
            if connector is not None:
                by_connector[connector] = by_connector.get(connector, 0) + 1
            by_target[target] = by_target.get(target, 0) + 1

        for p in self.ordered(title, last_touch):
            if len(chosen) >= k:
                break
            take(p)
        return chosen

    def ordered(self, title: Callable[[int], str | None], last_touch: Callable[[Path], object]) -> Iterator[Path]:
        """Every path to show, in order, lazily: warm, reconnect, cold; in each, the paths whose
        connector was asked lately (*asked*) after the others, each part in its own order."""
        asked = self.asked_on if self.asked else (lambda p: None)
        warm_asked: list[Path] = []   # warm, through a connector asked lately: once the warm ones are out
        later: list[Path] = []        # to reconnect, in order, until no warm path can come
        later_asked: list[Path] = []  # to reconnect, through a connector asked lately: last of them
        flushed = False
        for p in self.real():
            if not flushed and round(p.strength, 4) < self.params.warm_path_strength:
                flushed = True
                yield from warm_asked
                yield from later
            if not flushed and status(p, self.params) == "warm":
                if asked(p) is None:
                    yield p
                else:
                    warm_asked.append(p)
            elif asked(p) is not None:
                later_asked.append(p)
            elif flushed:
                yield p
            else:
                later.append(p)
        if not flushed:
            yield from warm_asked
            yield from later
        yield from later_asked
        cold = self.cold(title, last_touch)
        yield from (p for p in cold if asked(p) is None)
        yield from (p for p in cold if asked(p) is not None)


def _newest_first(day) -> tuple:
    return (0, -day.toordinal()) if day is not None else (1, 0)
