"""What the path search, reconnect and advice read, and the one place that scores pairs at ``as_of``.

:class:`Reads` names every question those modules ask of a store, and :class:`Graph` those
the path search asks of the graph at one ``as_of`` (``neighbours``, ``edges_from``, ``reach``,
``network``, and ``incoming``, the reads it made turned around). :class:`StoreReads` answers them from the
SQLite store; another engine (a shared team store) answers the same questions, and the search,
reconnect and advice do not change. A test answers them from memory.

"Scores of pairs at ``as_of``" live here for owner–person pairs (:meth:`StoreReads.scores`) and
person–person ties (:meth:`StoreReads.tie_edges`) alike, in one function with three branches
(:meth:`StoreReads._kept_at`): a pair whose kept aggregates hold at ``as_of`` (its last event is
not later: most pairs), a pair with events after ``as_of`` in the days the store keeps
(``pair_days``, ``tie_days``), and a pair with events after an ``as_of`` long before the import
(aggregated from its events). A config that changes how events add up makes every read aggregate
the events themselves.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from functools import partial
from datetime import date
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol

from .errors import NotFound, RefgraphError
from .identity import clean_name, company_key, name_key, normalise_domain
from .strength import Params, Score, kept_aggregates_hold, score, strength_sql
from .store_graph import StoreGraph
from .tie_reads import TIE, Edge, Ties, knows_edges, put
from .ties import ties_for

__all__ = ["Edge", "Graph", "Reads", "StoreReads", "StoreGraph", "suggest", "is_colleague", "work_domains"]


class Graph(Protocol):
    """The graph at one ``as_of`` under one :class:`~refgraph.strength.Params`: what the path
    search asks (:mod:`refgraph.paths`). Owners are people too; an edge's strength is the strongest
    of its evidence, and edges weaker than ``min_edge_strength`` are left out."""

    owners: set[int]

    def neighbours(self, nodes: Iterable[int], floor: float | None = None,
                   near: int | None = None) -> Mapping[int, Mapping[int, Edge]]:
        """``{node: {neighbour: Edge}}`` for every node; a *floor* above ``min_edge_strength``
        leaves out weaker edges (and may leave their evidence unread); *near* (a source) leaves
        out the neighbours the source has no edge to (:meth:`reach`), unread."""

    def edges_from(self, source: int, nodes: Iterable[int]) -> Mapping[int, Edge]:
        """The edges between *source* and each of *nodes* that has one."""

    def reach(self, source: int) -> Mapping[int, Edge]:
        """Every node *source* has an edge to, with the edge."""

    def network(self, owner: int) -> Mapping[tuple[int, int], Score]:
        """``{(owner, person): Score}`` of the owner's whole network."""

    def incoming(self, node: int, near: int | None = None) -> Mapping[int, Edge]:
        """``{u: Edge}`` for every node u whose neighbourhood has been read (at
        ``min_edge_strength``, and *near* the same source) and holds *node*."""


class Reads(Protocol):
    """Every question the path search, reconnect and advice ask of a store. Rows are mappings
    (``row["name"]``); *params* ``None`` means the reads' own parameters."""

    def graph(self, *, as_of: date, params: Params | None = None) -> Graph:
        """The graph at *as_of* (a new one, with its own cache of what it read)."""

    def scores(self, *, as_of: date, params: Params | None = None, owner_id: int | None = None,
               person_ids: Iterable[int] | None = None, other_than: Iterable[int] = (),
               floor: float = 0.0) -> dict[tuple[int, int], Score]:
        """``{(owner, person): Score}`` at *as_of*: an owner's pairs, some people's (with owners
        *other_than* these), both, or all; pairs weaker than *floor* may be left out."""

    def ties(self, nodes: Iterable[int], *, as_of: date, params: Params | None = None) -> dict[int, list[dict]]:
        """Each node's person–person ties at *as_of* with their evidence, strongest first."""

    def owners(self) -> dict[int, str]:
        """``{owner id: name}``, the default owner first."""

    def owner_id(self, name: str | None) -> int:
        """The owner called *name* (``None``: the default); :class:`~refgraph.errors.NotFound` else."""

    def person(self, person_id: int) -> Mapping:
        """One person's row (id, name, name_key, company, title, …)."""

    def people(self, ids: Iterable[int]) -> dict[int, Mapping]:
        """The rows of many people, by id."""

    def account(self, text: str) -> dict:
        """The account *text* names, as ``{id, name, keys, aliases, domains, reason}``."""

    def all_accounts(self) -> list[dict]:
        """Every account, by name, as :meth:`account` gives it."""

    def members_of(self, accounts: list[dict]) -> dict[str, list]:
        """The people of each account (rows with id, name, name_key, company, title), by account name."""

    def events(self, person_id: int, owner_id: int | None = None) -> list[Mapping]:
        """Every event of a person (with one owner), by day: id, owner_id, day, stamp, channel,
        direction, subject, source, attendees."""

    def employment(self, person_id: int) -> list[Mapping]:
        """A person's jobs (company, title, start, end), the current first."""

    def job_moves(self, *, since: date, as_of: date, person_ids: Iterable[int] | None = None) -> list[Mapping]:
        """Every job (person_id, company, title, start, end, source) of the people (of *person_ids*,
        or everyone; merged people left out) with a job that started or ended from *since* to *as_of*
        (both included): by person, then oldest first (a job with no start first)."""

    def pairs_with_events_after(self, person_ids: Iterable[int], *, as_of: date) -> list[tuple[int, int]]:
        """The (owner, person) pairs of these people with an event after *as_of*."""

    def colleagues_of(self, owner_ids: Iterable[int]) -> Mapping[int, tuple[str, set[int]]]:
        """Each owner's current company (its name, else the email domain that tells it; ``""`` when
        unknown) and the people who work there (:func:`is_colleague`), the owners left out (the
        sets read-only: owners at one workplace may share one)."""

    def owner_evidence(self, owner_id: int, *, as_of: date) -> list[Mapping]:
        """The owner's events up to *as_of* counted per person, channel, direction and meeting or
        thread size (connections included): rows ``person_id, channel, direction, attendees, n, last``
        (``last`` the latest day, ISO). A recommendation's direction is ``outbound`` when the owner
        gave it, ``inbound`` when they received it."""

    def contact_points(self, ids: Iterable[int]) -> dict[int, Mapping]:
        """Each person's LinkedIn URL and email address (``linkedin``, ``email``; ``None`` when the
        store has none; the first of several), by id."""

    def intros(self, owner_id: int | None = None) -> list[dict]:
        """The introductions asked for (of one owner, or all), oldest first: ``{id, owner_id, via_id,
        to_id, status, day, note, history: [{status, day, note}]}`` (status, day, note: the latest)."""

    def ledger(self, owner_id: int | None = None, person_id: int | None = None) -> list[dict]:
        """The reciprocity ledger, oldest first: ``{id, owner_id, person_id, direction ('gave' or
        'received'), kind, day, note}``."""


# Addresses anyone can have: a shared one says nothing about where someone works.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
    "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com",
    "gmx.net", "gmx.de", "web.de", "mail.com", "yandex.com", "yandex.ru", "zoho.com", "fastmail.com",
    "hey.com", "qq.com", "163.com"})


def work_domains(emails: Iterable[str]) -> set[str]:
    """The domains of *emails* that can tell an employer (not a free mail provider's).

    >>> sorted(work_domains(["alex@northwind.example", "alex.m@gmail.com"]))
    ['northwind.example']
    """
    return {d for d in (normalise_domain(e) for e in emails if "@" in (e or "")) if d and d not in FREE_MAIL}


def is_colleague(company_key: str | None, domains: Iterable[str], owner_company_key: str | None,
                 owner_domains: set[str]) -> bool:
    """Whether someone works where the owner works: the same current company, or, for someone with
    no company, an address at one of the owner's work domains.

    >>> is_colleague("northwind analytics", [], "northwind analytics", set())
    True
    >>> is_colleague(None, ["northwind.example"], "northwind analytics", {"northwind.example"})
    True
    >>> is_colleague("contoso", ["northwind.example"], "northwind analytics", {"northwind.example"})
    False
    """
    if company_key:
        return company_key == owner_company_key
    return bool(owner_domains.intersection(domains))


def suggest(query: str, choices: list[str], limit: int = 3, key: Callable[[str], str] = name_key) -> list[str]:
    """Close matches for a name the user typed — a person, an owner or an account, the one matcher
    of all three: on accent-free keys, one suggestion per key (so "Contoso" and "Contoso Ltd." count
    once), a choice is close when rapidfuzz's WRatio (whole and partial matches) is at least 80, or
    when a few letters typed wrong make the difference (one edit in three letters of the query, and a
    Jaro-Winkler similarity of at least 0.9: a short name's typos weigh too much in a ratio), best
    first.

    >>> suggest("Maria Ortis", ["Maria Ortiz", "Tara Flores", "Mario Ortega"])
    ['Maria Ortiz']
    >>> suggest("karl", ["Karl Svensson", "Carla Ruiz"])
    ['Karl Svensson']
    >>> suggest("Initek", ["Initech", "Globex", "Intel"])
    ['Initech']
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import JaroWinkler, Levenshtein

    keyed: dict[str, str] = {}
    for c in sorted(choices):
        keyed.setdefault(key(c), c)
    typed, keys = key(query), list(keyed)
    if not typed:
        return []
    close = {k: score for k, score, _ in process.extract(typed, keys, scorer=fuzz.WRatio, limit=limit,
                                                          score_cutoff=80)}
    edits = max(1, len(typed) // 3)
    for k, _, _ in process.extract(typed, keys, scorer=JaroWinkler.similarity, limit=None, score_cutoff=0.9):
        if Levenshtein.distance(typed, k, score_cutoff=edits) <= edits:
            close.setdefault(k, fuzz.WRatio(typed, k))
    best = sorted(close, key=lambda k: (-close[k], Levenshtein.distance(typed, k), k))[:limit]
    return [keyed[k] for k in best]


def did_you_mean(names: list[str]) -> str:
    return "did you mean " + " or ".join(repr(n) for n in names) + "?" if names else ""


class StoreReads:
    """:class:`Reads` from a SQLite :class:`~refgraph.store.Store` under *params*."""

    def __init__(self, store, params: Params):
        self.store, self.params = store, params

    # -- the graph and the scores of pairs ----------------------------------------------------------
    def graph(self, *, as_of: date, params: Params | None = None) -> StoreGraph:
        return StoreGraph(self, as_of=as_of, params=params or self.params)

    def _kept_at(self, stats, days_table: str, aggregates: Callable[[list[int]], Iterable[tuple]], by: int,
                 chunk: int, as_of: date, params: Params) -> Iterator[tuple[int, int, tuple, Score]]:
        """The three branches of a score at *as_of*, for owner–person pairs and ties alike: each
        kept *stats* row ``(a, b, n, last, first, keep, last_event, days_from)`` scored as it is
        read when its aggregates hold at as_of; else its aggregates as of that day from
        *days_table* (an event after as_of in the days the store keeps); else, long before the
        import, from the events (*aggregates* of the people on side *by* of those pairs, *chunk* at
        a time). Yields ``(a, b, (n, last, first, keep), Score)`` in that order; pairs with no event
        by as_of are left out. Many pairs share a history (one connection date, no more): each
        scored once."""
        day = as_of.isoformat()
        scored: dict[tuple, Score] = {}

        def scored_as(key) -> Score:
            n, last, first, keep = key
            s = scored[key] = score(n, date.fromisoformat(last) if last else None, date.fromisoformat(first), (),
                                    as_of, params, touch_keep=keep)
            return s

        later, earlier = [], set()
        for a, b, n, last, first, keep, final, days_from in stats:
            if final <= day:   # the kept aggregates hold: scored as they are read (most pairs)
                key = (n, last, first, keep)
                yield a, b, key, scored.get(key) or scored_as(key)
            elif days_from <= day:
                later.append((a, b))
            else:
                earlier.add((a, b))
        rows = self.store.as_of_day(days_table, later, as_of)
        if earlier:   # long before the import: from the events
            people = sorted({pair[by] for pair in earlier})
            rows = itertools.chain(rows, (r for i in range(0, len(people), chunk)
                                          for r in aggregates(people[i:i + chunk]) if (r[0], r[1]) in earlier))
        for row in rows:
            key = tuple(row[2:6])
            yield row[0], row[1], key, scored.get(key) or scored_as(key)

    def scores(self, *, as_of: date, params: Params | None = None, owner_id: int | None = None, person_ids=None,
               other_than: Iterable[int] = (), floor: float = 0.0) -> dict[tuple[int, int], Score]:
        """``{(owner_id, person_id): Score}`` at *as_of* (of people's pairs: with owners *other_than*
        these), from the per-pair aggregates the store keeps at import (as of the pair's last event,
        or of its last event day up to *as_of*); a config that changes how events aggregate makes SQL
        aggregate the events themselves instead. Pairs weaker than *floor* may be left out (the
        kept aggregates skip them unread: :func:`~refgraph.strength.strength_sql`)."""
        p = params or self.params
        ids = list(dict.fromkeys(person_ids)) if person_ids is not None else None
        if other_than and (owner_id is not None or ids is None):
            raise ValueError("other_than applies to the pairs of some people")
        if kept_aggregates_hold(p):
            stats = self.store.pair_stats(owner_id, ids, other_than, as_of=as_of, floor=floor,
                                          strength=partial(strength_sql, as_of, p))
            return {(owner, person): s for owner, person, _, s in self._kept_at(
                stats, "pair_days", lambda people: self.store.pair_aggregates(as_of, p, owner_id, people), 1, 20000,
                as_of, p)}
        if ids is None:
            rows = self.store.pair_aggregates(as_of, p, owner_id)
        else:
            skip = set(other_than)
            rows = [r for i in range(0, len(ids), 20000)
                    for r in self.store.pair_aggregates(as_of, p, owner_id, ids[i:i + 20000]) if r[0] not in skip]
        out, scored = {}, {}
        for owner, person, n, last, first, keep, _ in rows:
            key = (n, last, first, keep)
            s = scored.get(key)
            if s is None:
                s = scored[key] = score(n, date.fromisoformat(last) if last else None, date.fromisoformat(first),
                                        (), as_of, p, touch_keep=keep)
            out[(owner, person)] = s
        return out

    def tie_edges(self, nodes, *, as_of: date, params: Params | None = None,
                  floor: float = 0.0) -> dict[int, dict[int, tuple[float, bool, date | None]]]:
        """The person–person ties of many people (``None``: of everyone) at *as_of* without their
        evidence (what the path search needs): ``{node: {other: (strength, stale, last contact)}}``,
        the same numbers as :meth:`ties`, read from the aggregates the store keeps at import. With a
        *floor*, evidence weaker than it is left unread: ties weaker than it may be missing, and a
        tie's last contact is that of its evidence at least *floor* strong."""
        p = params or self.params
        if nodes is None:
            return defaultdict(dict, self._tie_edges(None, as_of, p, floor))
        nodes = list(dict.fromkeys(nodes))
        found = self._tie_edges(nodes, as_of, p, floor) if nodes else {}
        return {n: found.get(n, {}) for n in nodes}

    def all_ties(self, *, as_of: date, params: Params | None = None) -> dict[tuple[int, int], tuple]:
        """Every person–person tie at *as_of* in bulk (for ``graph()``): ``{(a, b): (strength, stale,
        last contact)}`` with ``a < b``. Same rules and numbers as :meth:`ties`."""
        return {(a, b): tie for a, found in self._tie_edges(None, as_of, params or self.params).items()
                for b, tie in found.items() if a < b}

    def _tie_edges(self, nodes, as_of: date, params: Params, floor: float = 0.0,
                   make: Ties = TIE, among: Mapping[int, Any] | None = None) -> dict[int, dict[int, tuple]]:
        """:meth:`tie_edges` with each tie made by *make* (:class:`~refgraph.tie_reads.Ties`: a tuple ``(strength,
        stale, last contact)``, or the graph's :class:`Edge` at once): the knows rows, then the kept
        aggregates of shared meetings and threads, merged per pair (:func:`~refgraph.tie_reads.put`).
        With *among*, only the ties to people in it (of *nodes*, not ``None``), the others unread."""
        store = self.store
        if not kept_aggregates_hold(params):   # a config that aggregates events differently: the slow way
            if nodes is None:
                nodes = [r[0] for r in store.conn.execute(
                    "SELECT person_a FROM knows UNION SELECT person_b FROM knows UNION "
                    "SELECT DISTINCT person_id FROM interaction_people")]
            return {n: {t["person_id"]: make(t["strength"], t["stale"], t["last_contact_date"]) for t in ties
                        if among is None or t["person_id"] in among}
                    for n, ties in ties_for(store, nodes, as_of, params).items()}
        out: dict[int, dict[int, tuple]] = {}
        knows_edges(store.conn, nodes, as_of, params, floor, make, out, among)
        ties: dict[tuple, tuple] = {}   # the attendees of one series share one history
        stats = store.tie_stats(nodes, as_of=as_of, floor=floor, strength=partial(strength_sql, as_of, params))
        for a, b, key, sc in self._kept_at(stats, "tie_days",
                                           lambda people: store.tie_aggregates(as_of, params, people), 0, 10000,
                                           as_of, params):
            tie = ties.get(key)
            if tie is None:
                last = date.fromisoformat(key[1]) if key[1] else None
                tie = ties[key] = make(sc.strength, sc.stale, last) if sc.strength > 0.0 else make(0.0, True, last)
            if among is not None and b not in among:
                continue
            put(out, a, b, tie, make)
            if nodes is None:
                put(out, b, a, tie, make)
        return out

    def ties(self, nodes: Iterable[int], *, as_of: date, params: Params | None = None) -> dict[int, list[dict]]:
        """Each node's ties at *as_of* with their evidence (:func:`~refgraph.ties.ties_for`)."""
        return ties_for(self.store, nodes, as_of, params or self.params)

    # -- owners, people, accounts, events -----------------------------------------------------------
    def owners(self) -> dict[int, str]:
        return {r["id"]: r["name"] for r in self.store.owners()}

    def owner_id(self, name: str | None) -> int:
        """The owner called *name*, else the default owner."""
        owners = self.store.owners()
        if not owners:
            raise RefgraphError("no owners in the store yet — import a LinkedIn export or a call log first "
                                "(refgraph import linkedin EXPORT.zip)")
        if name is None:
            return owners[0]["id"]
        key = name_key(name)
        for row in owners:
            if name_key(row["name"]) == key:
                return row["id"]
        names = [row["name"] for row in owners]
        hint = did_you_mean(suggest(name, names))
        raise NotFound(f"no owner called {name!r} — " + (f"{hint} (owners: {', '.join(names)})" if hint else
                                                        f"use one of: {', '.join(names)}"))

    def person(self, person_id: int):
        return self.store.person(person_id)

    def people(self, ids: Iterable[int]) -> dict[int, Any]:
        return {r["id"]: r for r in self.store.query_in("SELECT * FROM people WHERE id IN ({ids})", sorted(set(ids)),
                                                       named=True)}

    def events(self, person_id: int, owner_id: int | None = None) -> list:
        return self.store.events(person_id, owner_id)

    def employment(self, person_id: int) -> list:
        return self.store.employment(person_id)

    def job_moves(self, *, since: date, as_of: date, person_ids: Iterable[int] | None = None) -> list:
        sql = """SELECT e.person_id, e.company, e.title, e.start, e."end", e.source FROM employment e
                 JOIN people p ON p.id = e.person_id
                 WHERE p.merged_into IS NULL AND e.person_id IN (
                     SELECT person_id FROM employment WHERE {among}
                     (start BETWEEN ? AND ? OR "end" BETWEEN ? AND ?))
                 ORDER BY e.person_id, coalesce(e.start, ''), e.id"""
        days = (since.isoformat(), as_of.isoformat()) * 2
        if person_ids is None:
            return self.store.query(sql.replace("{among}", ""), days)
        return self.store.query_in(sql.replace("{among}", "person_id IN ({ids}) AND"), sorted(set(person_ids)),
                                   after=days, named=True)

    def pairs_with_events_after(self, person_ids: Iterable[int], *, as_of: date) -> list[tuple[int, int]]:
        return [(o, p) for o, p in self.store.query_in(
            "SELECT owner_id, person_id FROM pair_stats WHERE person_id IN ({ids}) AND last_event > ?",
            sorted(set(person_ids)), after=(as_of.isoformat(),))]

    def intros(self, owner_id: int | None = None) -> list[dict]:
        return self.store.intros(owner_id)

    def ledger(self, owner_id: int | None = None, person_id: int | None = None) -> list[dict]:
        return self.store.ledger(owner_id, person_id)

    def owner_evidence(self, owner_id: int, *, as_of: date) -> list:
        day = as_of.isoformat()
        return self.store.query(
            """SELECT ip.person_id, i.channel,
                      coalesce(i.direction, CASE WHEN i.source_key LIKE 'recommendation-given:%' THEN 'outbound'
                                                 WHEN i.source_key LIKE 'recommendation-received:%' THEN 'inbound'
                                            END) AS direction,
                      i.attendees, count(*) AS n, max(i.day) AS last
               FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
               WHERE i.owner_id = ? AND i.day <= ?
               GROUP BY 1, 2, 3, 4
               UNION ALL
               SELECT person_id, 'connection', direction, NULL, 1, day FROM connections
               WHERE owner_id = ? AND day <= ?""", (owner_id, day, owner_id, day))

    def contact_points(self, ids: Iterable[int]) -> dict[int, dict]:
        found: dict[int, dict] = {i: {"linkedin": None, "email": None} for i in sorted(set(ids))}
        for pid, kind, value in self.store.query_in(
                "SELECT person_id, kind, value FROM identifiers WHERE person_id IN ({ids}) "
                "AND kind IN ('linkedin', 'email') ORDER BY person_id, kind, value", list(found)):
            if found[pid][kind] is None:
                found[pid][kind] = value
        return found

    def colleagues_of(self, owner_ids: Iterable[int]) -> dict[int, tuple[str, set[int]]]:
        """Each owner's current company and the people who work there (:func:`is_colleague`): the
        company of the owner's current position (Positions.csv, Profile.csv), else the owner's
        company, and the owner's work email domains for people with no company. A team's owners
        mostly share a workplace, whose people are read once (the sets are shared: read them, do
        not change them)."""
        store = self.store
        owners = set(self.owners())
        out: dict[int, tuple[str, set[int]]] = {}
        read: dict[tuple, set[int]] = {}   # by company and work domains
        for owner_id in owner_ids:
            jobs = store.employment(owner_id)
            company = jobs[0]["company"] if jobs and jobs[0]["end"] is None else store.person(owner_id)["company"]
            key = company_key(company) if company else None
            domains = work_domains(r["value"] for r in store.identifiers(owner_id) if r["kind"] == "email")
            found = read.get((key, frozenset(domains)))
            if found is None:
                found = read[key, frozenset(domains)] = self._workplace(key, domains) - owners
            out[owner_id] = (company or min(domains, default=""), found)
        return out

    def _workplace(self, key: str | None, domains: set[str]) -> set[int]:
        """The people at the company *key* or, with no company, at an address of *domains*."""
        store = self.store
        rows = store.query("SELECT id, company_key FROM people WHERE merged_into IS NULL AND company_key = ?",
                           (key,)) if key else []
        found = {r["id"] for r in rows if is_colleague(r["company_key"], (), key, domains)}
        for r in store.query_in("""SELECT p.id, i.value FROM identifiers i JOIN people p ON p.id = i.person_id
                                   WHERE i.kind = 'email' AND substr(i.value, instr(i.value, '@') + 1) IN ({ids})
                                     AND p.company IS NULL AND p.merged_into IS NULL""", sorted(domains), named=True):
            if is_colleague(None, work_domains([r["value"]]), key, domains):
                found.add(r["id"])
        return found

    def account(self, text: str) -> dict:
        """The account *text* names (its name, an alias or a domain, any case), as
        ``{id, name, keys, aliases, domains, reason}`` (``reason``: the accounts file's business reason
        for an introduction there, else ``None``); a company name seen in the store works as an ad-hoc
        account."""
        store = self.store
        key, domain = company_key(text), normalise_domain(text)
        row = store.query(
            """SELECT id FROM accounts WHERE name_key = ?
               UNION SELECT account_id FROM account_aliases WHERE alias_key = ?
               UNION SELECT account_id FROM account_domains WHERE domain = ?""", (key, key, domain))
        if row:
            account_id = row[0]["id"]
            info = store.query("SELECT name, name_key, domain, reason FROM accounts WHERE id = ?", (account_id,))[0]
            aliases = store.query("SELECT alias_key, alias FROM account_aliases WHERE account_id = ? "
                                  "ORDER BY alias_key, alias", (account_id,))
            domains = [r[0] for r in store.query("SELECT domain FROM account_domains WHERE account_id = ? "
                                                 "ORDER BY domain", (account_id,))]
            return {"id": account_id, "name": info["name"], "keys": {info["name_key"], *(a[0] for a in aliases)},
                    "aliases": [a[1] or a[0] for a in aliases], "domains": domains, "reason": info["reason"]}
        if key and store.query("SELECT 1 FROM people WHERE company_key = ? AND merged_into IS NULL LIMIT 1",
                               (key,)):
            return {"id": None, "name": clean_name(text), "keys": {key}, "aliases": [], "domains": [], "reason": None}
        names = [r[0] for r in store.query(
            "SELECT name FROM accounts UNION SELECT alias FROM account_aliases WHERE alias IS NOT NULL "
            "UNION SELECT DISTINCT company FROM people WHERE company IS NOT NULL")]
        hint = did_you_mean(suggest(text, names, key=company_key))
        raise NotFound(f"no account or company called {text!r} in the store" + (f" — {hint}" if hint else
                       " — import an accounts file (refgraph import accounts FILE) or check the name"))

    def account_members(self, account: dict) -> list:
        """People whose current company is the account, or who have no company and an address at
        one of its domains."""
        keys, domains = sorted(account["keys"]), account["domains"]
        sql = f"""SELECT id, name, name_key, company, title FROM people p WHERE merged_into IS NULL
                  AND company_key IN ({','.join('?' * len(keys))})"""
        params = list(keys)
        if domains:   # the indexed domain of an address, then its person
            sql += f""" UNION SELECT p.id, p.name, p.name_key, p.company, p.title
                        FROM identifiers i JOIN people p ON p.id = i.person_id
                        WHERE i.kind = 'email' AND substr(i.value, instr(i.value, '@') + 1) IN
                              ({','.join('?' * len(domains))})
                          AND p.company IS NULL AND p.merged_into IS NULL"""
            params += domains
        return self.store.query(f"SELECT * FROM ({sql}) AS members ORDER BY id", params)

    def all_accounts(self) -> list[dict]:
        """Every account of the store as :meth:`account` gives it, by name (three reads in all)."""
        store = self.store
        aliases, domains = defaultdict(list), defaultdict(list)
        for r in store.query("SELECT account_id, alias_key, alias FROM account_aliases ORDER BY alias_key, alias"):
            aliases[r[0]].append((r[1], r[2]))
        for r in store.query("SELECT account_id, domain FROM account_domains ORDER BY domain"):
            domains[r[0]].append(r[1])
        return [{"id": r["id"], "name": r["name"], "keys": {r["name_key"], *(a[0] for a in aliases[r["id"]])},
                 "aliases": [a[1] or a[0] for a in aliases[r["id"]]], "domains": domains[r["id"]], "reason": r["reason"]}
                for r in store.query("SELECT id, name, name_key, reason FROM accounts ORDER BY name_key")]

    def members_of(self, accounts: list[dict]) -> dict[str, list]:
        """:meth:`account_members` of many accounts at once (two reads in all), by account name."""
        by_key, by_domain = defaultdict(list), defaultdict(list)
        for acc in accounts:
            for key in acc["keys"]:
                by_key[key].append(acc["name"])
            for domain in acc["domains"]:
                by_domain[domain].append(acc["name"])
        found: dict[str, dict[int, Any]] = {acc["name"]: {} for acc in accounts}
        for row in self.store.query_in("""SELECT id, name, name_key, company, title, company_key FROM people
                                          WHERE merged_into IS NULL AND company_key IN ({ids})""",
                                       sorted(by_key), named=True):
            for name in by_key[row["company_key"]]:
                found[name][row["id"]] = row
        for row in self.store.query_in("""SELECT p.id, p.name, p.name_key, p.company, p.title, i.value
                                          FROM identifiers i JOIN people p ON p.id = i.person_id
                                          WHERE i.kind = 'email' AND substr(i.value, instr(i.value, '@') + 1) IN ({ids})
                                            AND p.company IS NULL AND p.merged_into IS NULL""",
                                       sorted(by_domain), named=True):
            for name in by_domain[row["value"].rpartition("@")[2]]:
                found[name][row["id"]] = row
        return {name: sorted(rows.values(), key=lambda r: r["id"]) for name, rows in found.items()}
