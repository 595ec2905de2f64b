"""The strength model's per-pair aggregates in SQL: what the store keeps at import (``pair_stats``,
``pair_days``, ``tie_stats``, ``tie_days``) and what reads compute from the events.

The model's parameters come from the caller (any object with the fields of
:class:`refgraph.strength.Params` these use: ``conversation_channels``, ``conversation_max_attendees``,
``knows_max_attendees``, ``touch_weights``, ``outbound_factor``, ``touch_day_cap``), and so does the
strength as SQL a floor is compared with: the store does not import the model.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import date
from typing import Callable, Iterable, Iterator

__all__ = ["SHARED_EVENTS", "SHARED_TIE", "THREAD_MAX_PEOPLE", "pair_events", "tie_events", "totals", "refresh",
           "as_of_day", "floor_filter", "among"]

# Events shared by two people: ip1's person, the event i, ip2's person. In this order (CROSS JOIN
# keeps it): whether anyone else is in the event is looked up in the interaction's index first, so the
# one-person events (nearly all) are dropped without reading their row; then the event's row, so that
# a condition on it (SHARED_TIE: no meeting of thousands) drops the event before its people are paired
SHARED_EVENTS = """interaction_people ip1
    CROSS JOIN interactions i ON i.id = ip1.interaction_id AND EXISTS (
        SELECT 1 FROM interaction_people x WHERE x.interaction_id = ip1.interaction_id AND x.person_id != ip1.person_id)
    CROSS JOIN interaction_people ip2 ON ip2.interaction_id = ip1.interaction_id AND ip2.person_id != ip1.person_id"""
# The shared events that make a tie (with the conversation channels' marks, then knows_max_attendees):
# group message threads, and meetings of at most knows_max_attendees people. A larger meeting says
# nothing about who knows whom, and would pair every two of its people (a million pairs for 1,500)
# A message thread of more than THREAD_MAX_PEOPLE (the owner included) is a broadcast: no ties either.
THREAD_MAX_PEOPLE = 50
SHARED_TIE = ("((i.channel = 'message' AND (i.attendees IS NULL OR i.attendees <= " + str(THREAD_MAX_PEOPLE) + "))"
              " OR (i.channel IN ({marks}) AND (i.attendees IS NULL OR i.attendees <= ?)))")


_REINDEX_ROWS = 100_000   # kept aggregates written anew in at least this many rows: indexes made after
_BULK_PEOPLE = 5000   # kept aggregates of at least this many people are computed in arrays (numpy)
# an event's ln(1 − w) (conversations: 0), and a day's ln(1 − x_day) from their sum, capped at the
# touch_day_cap bound to the ? (the kept aggregates' SQL; _bulk_cumulative does the same in arrays)
_LW = "CASE WHEN conv <> 0 THEN 0.0 ELSE ln(max(1e-15, 1.0 - w)) END"
_LX = "ln(max(1e-15, 1.0 - min(?, 1.0 - exp({lw}))))"


def pair_events(params, as_of=None, owner_id=None, person_ids=None, people_table=None):
    """Every event of (owner, person) pairs ``(a, b, d, src, conv, w)``: the interactions (through
    their people) and the connections, each read through its own indexes."""
    conv = list(params.conversation_channels)
    marks = ",".join("?" * len(conv))
    weights = [(c, float(w)) for c, w in params.touch_weights.items() if c != "large_meeting"]
    values = [*conv, int(params.conversation_max_attendees), *conv,
              float(params.touch_weights.get("large_meeting", 0.0)),
              *[x for pair in weights for x in pair], float(params.outbound_factor)]
    arms, args = [], []
    for table, owner, person, channel, attendees, direction in (
            ("interaction_people ip JOIN interactions i ON i.id = ip.interaction_id", "i.owner_id", "ip.person_id",
             "i.channel", "i.attendees", "i.direction"),
            ("connections i", "i.owner_id", "i.person_id", "'connection'", "NULL", "i.direction")):
        where, these = ["1 = 1"], []
        if as_of is not None:
            where, these = ["i.day <= ?"], [as_of.isoformat()]
        if owner_id is not None:
            # with people given, start from them (their index), not from the owner's whole history:
            # the unary + keeps SQLite from choosing the owner index
            where.append(f"+{owner} = ?" if person_ids is not None else f"{owner} = ?")
            these.append(owner_id)
        _people_filter(person, person_ids, people_table, where, these)
        arms.append(f"""SELECT {owner} AS a, {person} AS b, i.day AS d, i.source AS src,
                     (CASE WHEN {channel} IN ({marks}) AND ({attendees} IS NULL OR {attendees} <= ?) THEN 1
                      ELSE 0 END) AS conv,
                     (CASE WHEN {channel} IN ({marks}) THEN ? {' '.join(f'WHEN {channel} = ? THEN ?' for _ in weights)}
                      ELSE 0.0 END) * (CASE WHEN {direction} = 'outbound' THEN ? ELSE 1.0 END) AS w
              FROM {table} WHERE {' AND '.join(where)}""")
        args += [*values, *these]
    return "\n                  UNION ALL ".join(arms), args


def tie_events(params, as_of=None, person_ids=None, people_table=None, once=False):
    """Shared events of pairs of people ``(a, b, d, src, conv, w)``, a among the people asked
    for. Both ways round, or with *once* each unordered pair one way only: a < b, or b not
    among the people asked for (who is asked for is then *people_table* or everyone)."""
    conv = list(params.conversation_channels)
    marks = ",".join("?" * len(conv))
    where, args = [SHARED_TIE.format(marks=marks)], [*conv, int(params.knows_max_attendees)]
    if as_of is not None:
        where.append("i.day <= ?")
        args.append(as_of.isoformat())
    _people_filter("ip1.person_id", person_ids, people_table, where, args)
    if once:
        where.append("(ip1.person_id < ip2.person_id" + (
            f" OR ip2.person_id NOT IN (SELECT id FROM {people_table}))" if people_table else ")"))
    sql = f"""SELECT ip1.person_id AS a, ip2.person_id AS b, i.day AS d, NULL AS src,
                     CASE WHEN i.channel IN ({marks}) THEN 1 ELSE 0 END AS conv,
                     CASE WHEN i.channel IN ({marks}) THEN 0.0 ELSE ? END AS w
              FROM {SHARED_EVENTS}
              WHERE {' AND '.join(where)}"""
    return sql, [*conv, *conv, float(params.touch_weights.get("message", 0.0)), *args]


def _daily(ev: str, by_source: bool = True) -> str:
    """CTEs from an event query ``(a, b, d, src, conv, w)`` to one row per pair and day:
    ``days(a, b, d, n, lx)`` with n the day's conversations (of the source with most) and lx
    ``ln(1 − x_day)`` of its touches. Two grouping passes over the events; one where the events
    have no source (*by_source* false: shared meetings and threads)."""
    if not by_source:
        return f"""
        WITH raw AS (SELECT a, b, d, sum(conv) AS n, sum({_LW}) AS lw FROM ({ev}) AS ev GROUP BY a, b, d),
        days AS (SELECT a, b, d, n, {_LX.format(lw="lw")} AS lx FROM raw)"""
    return f"""
        WITH per_source AS (
            SELECT a, b, d, sum(conv) AS n, sum({_LW}) AS lw FROM ({ev}) AS ev GROUP BY a, b, d, src),
        days AS (SELECT a, b, d, max(n) AS n, {_LX.format(lw="sum(lw)")} AS lx
                 FROM per_source GROUP BY a, b, d)"""


def totals(conn: sqlite3.Connection, ev: str, args: list, params, by_source: bool = True) -> list[tuple]:
    """Per pair, the aggregates of an event query ``(a, b, d, src, conv, w)``: ``(a, b, conversations,
    last conversation, first event, Π(1 − x_day), last event)``."""
    sql = _daily(ev, by_source) + """
        SELECT a, b, sum(n), max(CASE WHEN n > 0 THEN d END), min(d), exp(sum(lx)), max(d)
        FROM days GROUP BY a, b"""
    return conn.execute(sql, [*args, float(params.touch_day_cap)]).fetchall()


def refresh(conn: sqlite3.Connection, params, people: set[int] | None, *, since: date,
            ties: set[int] | None = None) -> None:
    """Recompute the kept aggregates of *people* (``None``: everyone) from their events, under
    *params* (the model's defaults): ``pair_stats``/``tie_stats`` as of the pair's last event,
    and ``pair_days``/``tie_days`` as of each event day from *since* on,
    plus the last day before it, so that any as_of from *since* on is one index seek (meetings
    still to come, the last few months). *ties*, when given, are the people whose shared
    meetings and threads changed (else *people*'s): an import of one-person events changes no
    tie. Runs inside the caller's transaction: an import and its aggregates commit together."""
    c = conn
    if people is not None and not people:
        return
    cut = since.isoformat()
    total = c.execute("SELECT count(*) FROM people").fetchone()[0]
    # pair_days is keyed person first; ties are stored both ways round, and aggregated one way
    # (each unordered pair once: (b, a) is the same tie); ties have no source, so one grouping
    for which, some in (("pair", people), ("tie", people if ties is None else ties)):
        if some is not None and not some:
            continue
        pair = which == "pair"   # a pair's days are stored person first; a tie both ways round
        stats, days_name = f"{which}_stats", f"{which}_days"
        table = None
        if some is None or len(some) * 4 > total:   # most people changed: recompute all at once
            c.execute(f"DELETE FROM {stats}")
            c.execute(f"DELETE FROM {days_name}")
        else:
            table = "temp.stats_people"
            c.execute("CREATE TEMP TABLE IF NOT EXISTS stats_people (id INTEGER PRIMARY KEY)")
            c.execute("DELETE FROM temp.stats_people")
            c.executemany("INSERT INTO temp.stats_people (id) VALUES (?)", ((p,) for p in some))
            for name in (stats, days_name):
                for column in (("person_id",) if pair else ("person_a", "person_b")):
                    c.execute(f"DELETE FROM {name} WHERE {column} IN (SELECT id FROM temp.stats_people)")
        if pair:
            events = pair_events(params, people_table=table)
        else:
            events = tie_events(params, people_table=table, once=True)
        days_sql = f"INSERT INTO {days_name} VALUES (?,?,?,?,?,?,?)"
        stats_sql = f"INSERT INTO {stats} VALUES (?,?,?,?,?,?,?,?)"
        bulk = (total if some is None else len(some)) >= _BULK_PEOPLE
        days, latest = [], []
        if bulk:   # the pairs' rows in (a, b) order, and the days of those with recent events
            latest, pairs = _bulk_cumulative(c, *events, float(params.touch_day_cap), cut)
        else:
            pairs = _cumulative(_days(conn, *events, params, by_source=pair), cut)
        for (a, b), rows in pairs:
            last = rows[-1]
            if not bulk:
                latest.append((a, b, last[1], last[2], last[3], last[4], last[0], cut))
            if last[0] >= cut:   # events from the cut on: each of their days (and the one before)
                for r in rows:
                    days.append((b, a, *r))
                    if not pair:
                        days.append((a, b, *r))
        if not pair:
            latest.extend([(b, a, *rest) for a, b, *rest in latest])
        # in key order: appending to a B-tree is much cheaper than inserting all over it
        days.sort()     # (a, b, day) lead and are unique up to exact duplicates
        if not (pair and bulk):
            latest.sort()
        c.executemany(days_sql, days)
        # a table written anew has its other indexes made again after (one sort), not kept up
        # to date row by row all over them
        with _indexes_rebuilt(c, stats, table is None and len(latest) >= _REINDEX_ROWS):
            c.executemany(stats_sql, latest)


def _days(conn: sqlite3.Connection, ev: str, args: list, params, by_source: bool = True):
    """One row per pair and event day, in pair then day order: ``(a, b, day, n, lx)``."""
    cap = float(params.touch_day_cap)
    if not by_source:   # one grouping, already in the order asked (no second sort)
        return conn.execute(f"""
            SELECT a, b, d, sum(conv), {_LX.format(lw=f"sum({_LW})")}
            FROM ({ev}) AS ev GROUP BY a, b, d ORDER BY a, b, d""", [cap, *args])
    sql = _daily(ev) + " SELECT a, b, d, n, lx FROM days ORDER BY a, b, d"
    return conn.execute(sql, [*args, cap])


def as_of_day(conn: sqlite3.Connection, table: str, pairs: Iterable[tuple[int, int]], as_of: date) -> list[tuple]:
    """The kept aggregates of some pairs as of *as_of* from ``pair_days`` (pairs are (owner,
    person)) or ``tie_days`` (pairs are (a, b)), in the :meth:`pair_aggregates` row layout;
    pairs with no event by then are left out."""
    if table == "pair_days":   # keyed person first
        a, b, cols = "owner_id", "person_id", "conversations, last_conversation, first_event, touch_keep"
    else:
        a, b, cols = "person_a", "person_b", "meetings, last_meeting, first_event, touch_keep"
    pairs, out = list(pairs), []
    for i in range(0, len(pairs), 10000):
        chunk = pairs[i:i + 10000]
        want = f"WITH want(a, b) AS (VALUES {','.join('(?, ?)' for _ in chunk)})"
        join = f"want JOIN {table} t ON t.{a} = want.a AND t.{b} = want.b AND t.day <= ?"
        # the latest kept day on or before as_of of each pair (SQLite takes the bare columns
        # from the row where max() is found; PostgreSQL's DISTINCT ON keeps each pair's first row)
        if getattr(conn, "engine", "sqlite") == "postgresql":
            sql = f"{want} SELECT DISTINCT ON ({a}, {b}) {a}, {b}, {cols}, day FROM {join} ORDER BY {a}, {b}, day DESC"
        else:
            sql = f"{want} SELECT {a}, {b}, {cols}, max(day) FROM {join} GROUP BY {a}, {b}"
        out += conn.execute(sql, [*(x for pair in chunk for x in pair), as_of.isoformat()]).fetchall()
    return out


@contextmanager
def _indexes_rebuilt(conn: sqlite3.Connection, table: str, rebuild: bool = True) -> Iterator[None]:
    """Inside: *table* without its secondary indexes (when *rebuild*); after: the same indexes made
    again, from their own SQL (in the caller's transaction: a failure leaves them as they were)."""
    rebuild = rebuild and getattr(conn, "engine", "sqlite") == "sqlite"   # PostgreSQL keeps its indexes up
    made = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                        "AND sql IS NOT NULL", (table,)).fetchall() if rebuild else []
    for name, _ in made:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in made:
        conn.execute(sql)


def floor_filter(count: str, last: str, *, as_of: date | None, floor: float,
                 strength: Callable[..., tuple[str, list]] | None) -> tuple[str, list]:
    """The SQL condition (and its arguments) of ``pair_stats``/``tie_stats`` rows that may be at
    least *floor* strong at *as_of* (no condition for a floor of 0). Rows whose aggregates do not
    hold yet (a later event) all pass; the others pass when *strength* — the model's strength at
    as_of as SQL over the row's columns ``n``, ``last``, ``first``, ``keep``, with its arguments
    (:func:`~refgraph.strength.strength_sql`) — reaches the floor, less a hair for rounding."""
    if floor <= 0:
        return "", []
    sql, args = strength(n=count, last=last, first="first_event", keep="touch_keep")
    return f" AND (last_event > ? OR {sql} >= ?)", [as_of.isoformat(), *args, floor * (1.0 - 1e-9)]


def among(conn, column: str, ids: list) -> tuple[str, list]:
    """The SQL condition that *column* is one of *ids*, and its arguments: a placeholder for each
    on SQLite, one array on PostgreSQL (whose driver reads a statement of thousands of placeholders
    slower than it reads the rows)."""
    if getattr(conn, "engine", "sqlite") == "postgresql":
        return f"{column} = ANY(?)", [list(ids)]
    return f"{column} IN ({','.join('?' * len(ids))})", list(ids)


def _people_filter(column: str, person_ids, people_table: str | None, where: list, args: list) -> None:
    """Restrict an event query to some people: listed (*person_ids*) or in a temporary table."""
    if person_ids is not None:
        ids = list(person_ids)
        where.append(f"{column} IN ({','.join('?' * len(ids))})")
        args.extend(ids)
    if people_table is not None:
        where.append(f"{column} IN (SELECT id FROM {people_table})")


def _cumulative(rows, cut: str):
    """``(pair, [(day, conversations, last conversation, first event, Π(1 − x_day)), …])`` per pair
    from per-day rows ``(a, b, day, n, ln(1 − x_day))`` in pair then day order: the aggregates as of
    each event day from *cut* on, after the last one before it (earlier days are never asked for)."""
    from math import exp

    pair, out, n, last, first, lx = None, [], 0, None, None, 0.0
    for a, b, d, dn, dlx in rows:
        if (a, b) != pair:
            if pair is not None:
                yield pair, [(d_, n_, l_, f_, exp(x_)) for d_, n_, l_, f_, x_ in out]
            pair, out, n, last, first, lx = (a, b), [], 0, None, d, 0.0
        n += dn
        if dn:
            last = d
        lx += dlx
        if out and d < cut:   # before the cut only the latest day is kept
            out[-1] = (d, n, last, first, lx)
        else:
            out.append((d, n, last, first, lx))
    if pair is not None:
        yield pair, [(d_, n_, l_, f_, exp(x_)) for d_, n_, l_, f_, x_ in out]


def _bulk_cumulative(conn: sqlite3.Connection, ev: str, args: list, cap: float, cut: str):
    """The ``pair_stats`` rows ``(a, b, n, last conversation, first event, touch keep, last event,
    cut)`` of every pair with events, in (a, b) order, and what ``_cumulative(_days(conn, ev,
    args, params), cut)`` yields for the pairs with events from the cut on; computed in arrays from the
    events (the same sums, grouped by sorting once): for many pairs, much faster."""
    import itertools
    from collections import defaultdict
    from math import exp

    import numpy as np

    cur = conn.execute(f"SELECT a, b, CAST(replace(d, '-', '') AS INTEGER), src, conv, w FROM ({ev}) AS ev", args)
    sources = defaultdict(itertools.count().__next__)   # each source (a file name) as a number
    parts = []
    while True:
        rows = cur.fetchmany(1 << 18)
        if not rows:
            break
        a, b, d, src, conv, w = zip(*rows)
        parts.append((np.array(a, np.int64), np.array(b, np.int64), np.array(d, np.int64),
                      np.fromiter(map(sources.__getitem__, src), np.int64, len(src)),
                      np.array(conv, np.int64), np.array(w, np.float64)))
    if not parts:
        return [], []
    a, b, d, src, conv, w = (np.concatenate(x) for x in zip(*parts))
    del parts
    with np.errstate(divide="ignore"):
        lw = np.where(conv != 0, 0.0, np.log(np.maximum(1e-15, 1.0 - w)))
    order = np.lexsort((src, d, b, a))
    a, b, d, src, conv, lw = a[order], b[order], d[order], src[order], conv[order], lw[order]

    def starts(*keys):
        new = np.zeros(len(keys[0]), bool)
        new[0] = True
        for k in keys:
            new[1:] |= k[1:] != k[:-1]
        return np.flatnonzero(new)

    s = starts(a, b, d, src)   # per source and day: conversations, Σ ln(1 − w) of the touches
    n, lw, a, b, d = np.add.reduceat(conv, s), np.add.reduceat(lw, s), a[s], b[s], d[s]
    s = starts(a, b, d)        # per day: the source with most conversations, the touches capped
    n, lw, a, b, d = np.maximum.reduceat(n, s), np.add.reduceat(lw, s), a[s], b[s], d[s]
    lx = np.log(np.maximum(1e-15, 1.0 - np.minimum(cap, 1.0 - np.exp(lw))))
    s = starts(a, b)           # per pair
    ends = np.append(s[1:], len(a))
    iso = {int(v): f"{v // 10000:04d}-{v // 100 % 100:02d}-{v % 100:02d}" for v in np.unique(d)}
    iso[0] = None
    cut_day = int(cut.replace("-", ""))
    last = d[ends - 1]
    day = iso.__getitem__
    firsts = d[s].tolist()
    latest = list(zip(a[s].tolist(), b[s].tolist(), np.add.reduceat(n, s).tolist(),
                      map(day, np.maximum.reduceat(np.where(n > 0, d, 0), s).tolist()), map(day, firsts),
                      map(exp, np.add.reduceat(lx, s).tolist()), map(day, last.tolist()), itertools.repeat(cut)))
    # the per-day rows of the pairs with recent events (only they become Python objects), running-
    # summed as the SQL path sums them
    recent = np.repeat(last >= cut_day, ends - s)
    days = zip(a[recent].tolist(), b[recent].tolist(), map(iso.__getitem__, d[recent].tolist()), n[recent].tolist(),
               lx[recent].tolist())
    return latest, _cumulative(days, cut)

