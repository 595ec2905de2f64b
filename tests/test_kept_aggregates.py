"""The per-pair aggregates the store keeps at import give exactly what aggregating the events at
read time gives, at any as_of: before, between and after events, with meetings still to come."""
import shutil
import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refgraph
from refgraph.store import SCHEMA_VERSION
from refgraph.store.aggregates import tie_events
from refgraph.strength import DEFAULTS, kept_aggregates_hold, score, strength_sql
from refgraph.reads import StoreReads
from refgraph.ties import ties_for

from .conftest import SAMPLES, as_v4

def tie_edges(store, nodes, as_of, params, floor=0.0):
    return StoreReads(store, params).tie_edges(nodes, as_of=as_of, floor=floor)


DATES = [date(2019, 6, 1), date(2024, 3, 1), date(2025, 11, 3), date(2026, 6, 30), date(2026, 11, 15),
         date(2026, 12, 20), date(2027, 6, 1), date(2028, 1, 1)]


@pytest.fixture
def full_store(sample_store, tmp_path):
    """The samples with the calendar too (its weekly series run past today: meetings to come)."""
    path = tmp_path / "s.db"
    shutil.copy(sample_store, path)
    with refgraph.open(path) as g:
        g.import_calendar(SAMPLES / "alex.morgan@northwind.example.ical.zip", owner="Alex Morgan",
                          today=date(2026, 11, 15))
        g.import_knows(SAMPLES / "knows.csv")
    return path


def same(kept: dict, live: dict) -> bool:
    """The same pairs with the same scores (strengths to 1e-12: SQL and Python sum in their own ways)."""
    assert kept.keys() == live.keys()
    for pair, s in live.items():
        k = kept[pair]
        assert k.strength == pytest.approx(s.strength, abs=1e-12), pair
        assert (k.conversations, k.last_conversation, k.clock_start, k.stale) == (
            s.conversations, s.last_conversation, s.clock_start, s.stale), pair
    return True


def kept_from(path, since):
    """Keep the per-day aggregates from *since* on (None: the default, 180 days before today)."""
    with refgraph.open(path) as g, g.store.transaction():
        g.store.refresh_stats(None, since=since)


SINCE = [None, date(2019, 1, 1), date(2100, 1, 1)]   # default; every day kept; none (all from events)


def live_scores(g, as_of):
    return {(o, p): score(n, date.fromisoformat(last) if last else None, date.fromisoformat(first), (), as_of,
                          g.params, touch_keep=keep)
            for o, p, n, last, first, keep, _ in g.store.pair_aggregates(as_of, g.params)}


@pytest.mark.parametrize("since", SINCE)
def test_kept_pair_aggregates_equal_live_ones_at_every_date(full_store, since):
    kept_from(full_store, since)
    with refgraph.open(full_store) as g:
        future = g.store.conn.execute("SELECT count(*) FROM interactions WHERE day > '2026-11-15'").fetchone()[0]
        assert future > 0   # the fixture really has meetings to come
        days = g.store.conn.execute("SELECT count(*) FROM pair_days").fetchone()[0]
        assert (days > 0) if since != date(2100, 1, 1) else days == 0
        for as_of in DATES:
            assert same(g.scores(as_of), live_scores(g, as_of))


@pytest.mark.parametrize("since", SINCE)
def test_kept_tie_aggregates_equal_the_evidence_reading(full_store, since):
    kept_from(full_store, since)
    with refgraph.open(full_store) as g:
        people = [r[0] for r in g.store.conn.execute("SELECT id FROM people")]
        for as_of in DATES:
            fast = tie_edges(g.store, people, as_of, g.params)
            slow = ties_for(g.store, people, as_of, g.params)
            for node in people:
                expected = {t["person_id"]: (t["strength"], t["stale"], t["last_contact_date"]) for t in slow[node]}
                assert fast[node].keys() == expected.keys(), (node, as_of)
                for other, (strength, stale, last) in expected.items():
                    got = fast[node][other]
                    assert got[0] == pytest.approx(strength, abs=1e-12)
                    assert got[1:] == (stale, last), (node, other, as_of)


def test_logging_and_merging_refresh_the_kept_aggregates(full_store):
    with refgraph.open(full_store) as g:
        as_of = date(2026, 11, 20)
        who = g.people(as_of, limit=1)[0]["name"]
        g.log(who, "call", as_of)
        assert same(g.scores(as_of), live_scores(g, as_of))
        assert g.log("Hannah Thompson", "connected", date(2026, 11, 10))["logged"]   # a connection row
        assert same(g.scores(as_of), live_scores(g, as_of))
        dupes = list(g.duplicates())
        assert dupes, "the samples have a duplicate pair to merge"
        g.merge(dupes[0]["keep"], dupes[0]["other"])
        assert same(g.scores(as_of), live_scores(g, as_of))


def test_a_v2_store_gets_its_aggregates_when_it_migrates(full_store):
    with refgraph.open(full_store) as g:
        before = g.scores(date(2026, 11, 15))
    as_v4(full_store)
    con = sqlite3.connect(full_store, isolation_level=None)
    for table in ("pair_stats", "pair_days", "tie_stats", "tie_days"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP INDEX identifiers_email_domain")
    con.execute("PRAGMA user_version = 2")
    con.close()
    with refgraph.open(full_store) as g:
        assert g.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 10
        assert g.store.conn.execute("SELECT count(*) FROM pair_stats").fetchone()[0] == len(before)
        assert g.scores(date(2026, 11, 15)) == before


def test_a_config_that_aggregates_differently_reads_the_events(full_store, tmp_path):
    config = tmp_path / "custom.toml"   # not refgraph.toml beside the store: that one is read by default
    config.write_text("[strength]\nconversation_channels = [\"meeting\", \"video\"]\n")   # calls are touches
    assert not kept_aggregates_hold(replace(DEFAULTS, conversation_channels=("meeting", "video")))
    assert kept_aggregates_hold(replace(DEFAULTS, half_life_base_days=30))   # applied at read: still kept
    with refgraph.open(full_store, config=config) as g:
        as_of = date(2026, 11, 15)
        assert g.scores(as_of) == live_scores(g, as_of)
        assert g.scores(as_of) != live_scores(refgraph.open(full_store), as_of)   # the setting mattered


def test_reimport_and_a_day_later_keep_the_same_numbers(full_store):
    with refgraph.open(full_store) as g:
        as_of = date(2026, 11, 15)
        first = g.scores(as_of)
        g.import_interactions(SAMPLES / "interactions.csv")
        assert g.scores(as_of) == first
        later = as_of + timedelta(days=1)
        assert same(g.scores(later), live_scores(g, later))


def test_members_of_many_accounts_equals_one_at_a_time(full_store):
    with refgraph.open(full_store) as g:
        g.import_accounts(SAMPLES / "accounts.csv")
        accounts = [g.account(r["name"]) for r in g.store.query("SELECT name FROM accounts")]
        assert any(acc["domains"] for acc in accounts)
        bulk = g.members_of(accounts)
        for acc in accounts:
            assert [dict(r)["id"] for r in bulk[acc["name"]]] == [r["id"] for r in g.account_members(acc)]
        assert sum(len(rows) for rows in bulk.values()) > len(accounts)


def test_all_accounts_at_once_equal_one_at_a_time(full_store):
    with refgraph.open(full_store) as g:
        g.import_accounts(SAMPLES / "accounts.csv")
        names = [r["name"] for r in g.store.query("SELECT name FROM accounts ORDER BY name_key")]
        assert g.all_accounts() == [g.account(name) for name in names]


@pytest.mark.parametrize("since", SINCE)
@pytest.mark.parametrize("floor", [0.0001, 0.05, 0.3])
def test_a_floor_leaves_out_only_pairs_weaker_than_it(full_store, since, floor):
    """scores(floor=f) skips weak pairs in SQL (their clock is too old for their conversations):
    every pair at least f strong is still there with the same score, and some weaker ones are not."""
    kept_from(full_store, since)
    with refgraph.open(full_store) as g:
        skipped = 0
        for as_of in DATES:
            everything = g.scores(as_of)
            some = g.scores(as_of, floor=floor)
            assert some.keys() <= everything.keys()
            assert {k for k, s in everything.items() if s.strength >= floor} <= some.keys()
            assert all(some[k] == everything[k] for k in some)
            skipped += len(everything) - len(some)
        assert skipped > 0


@given(n=st.integers(0, 400), age=st.integers(-30, 20000), since_first=st.integers(0, 5000),
       keep=st.floats(0.0, 1.0), params=st.sampled_from([DEFAULTS, replace(
           DEFAULTS, half_life_base_days=30.0, half_life_extra_days=100.0, half_life_growth=2.5,
           conversation_weight=0.6, touch_cap=0.4)]))
@settings(max_examples=400, deadline=None)
def test_the_sql_strength_is_the_models(n, age, since_first, keep, params):
    """What reads with a floor compare in SQL is the strength score() gives (to rounding)."""
    as_of = date(2026, 11, 15)
    last = as_of - timedelta(days=age)
    first = last - timedelta(days=since_first)
    sql, args = strength_sql(as_of, params)
    got = sqlite3.connect(":memory:").execute(f"SELECT {sql} FROM (SELECT ? AS n, ? AS last, ? AS first, ? AS keep)",
                                              [*args, n, last.isoformat() if n else None, first.isoformat(),
                                               keep]).fetchone()[0]
    assert got == pytest.approx(score(n, last if n else None, first, (), as_of, params, touch_keep=keep).strength,
                                rel=1e-12, abs=1e-15)


def test_a_persons_pairs_are_read_from_the_index_alone(sample_store):
    with refgraph.open(sample_store) as g:
        plan = g.store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT owner_id, person_id, conversations, last_conversation, first_event, "
            "touch_keep, last_event, days_from FROM pair_stats WHERE person_id IN (1, 2)").fetchall()
    assert "USING COVERING INDEX pair_stats_person" in plan[-1][-1]



@pytest.mark.parametrize("people", ["listed", "in a table", "everyone"])
def test_shared_events_find_the_other_person_before_reading_the_event(full_store, people):
    """Ties come from events with two or more people; one-person events (nearly all) are dropped in
    the interaction's index, before their row is read; the event's row is read before its people
    are paired (a meeting too large for ties is dropped before)."""
    with refgraph.open(full_store) as g:
        c = g.store.conn
        c.execute("CREATE TEMP TABLE some_people (id INTEGER PRIMARY KEY)")
        kw = {"listed": {"person_ids": [1, 2]}, "in a table": {"people_table": "temp.some_people", "once": True},
              "everyone": {"once": True}}[people]
        sql, args = tie_events(DEFAULTS, **kw)
        steps = [r[3] for r in c.execute("EXPLAIN QUERY PLAN " + sql, args) if r[3].startswith(("SEARCH", "SCAN"))]
    assert [s.split(" USING")[0] for s in steps] == ["SEARCH ip1" if people != "everyone" else "SCAN ip1",
                                                      "SEARCH x", "SEARCH i", "SEARCH ip2"], steps

@pytest.mark.parametrize("floor", [0.001, 0.05])
def test_a_tie_floor_keeps_every_tie_at_least_that_strong(full_store, floor):
    with refgraph.open(full_store) as g:
        skipped = 0
        for as_of in DATES:
            everything = tie_edges(g.store, None, as_of, g.params)
            some = tie_edges(g.store, None, as_of, g.params, floor)
            strong = {(a, b): t[0] for a, found in everything.items() for b, t in found.items() if t[0] >= floor}
            kept = {(a, b): t[0] for a, found in some.items() for b, t in found.items()}
            assert {k: v for k, v in kept.items() if v >= floor} == strong
            skipped += sum(map(len, everything.values())) - sum(map(len, some.values()))
        assert skipped > 0


@pytest.mark.parametrize("as_of", [date(2024, 3, 1), date(2026, 11, 15), date(2027, 6, 1)])
def test_people_with_a_limit_are_the_first_of_everyone(full_store, as_of):
    """--limit reads only strong pairs first (floors in SQL), and must still give the first rows."""
    with refgraph.open(full_store) as g:
        owner = g.store.owners()[0]["name"]
        for options in ({}, {"stale": True}, {"owner": owner}, {"account": "Fabrikam"}):
            everyone = list(g.people(as_of, **options))
            for k in (1, 3, 10, 40, 1000):
                assert list(g.people(as_of, limit=k, **options)) == everyone[:k], (options, k)


def test_reads_of_many_ids_are_made_in_chunks_with_the_same_rows(full_store):
    """Store.query_in: the ``{ids}`` of a statement read a few at a time (SQLite caps the variables
    of one statement), the arguments before and after them in place, rows as tuples or by name."""
    with refgraph.open(full_store) as g:
        ids = [r[0] for r in g.store.conn.execute("SELECT id FROM people ORDER BY id")]
        sql = "SELECT id, name FROM people WHERE length(name) > ? AND id IN ({ids}) AND id <> ? ORDER BY id"
        whole = g.store.conn.execute(sql.replace("{ids}", ",".join("?" * len(ids))), (3, *ids, ids[1])).fetchall()
        assert len(whole) > 100
        chunked = g.store.query_in(sql, ids, (3,), (ids[1],), size=7)
        assert sorted(chunked) == whole
        named = g.store.query_in(sql, ids[:5], (3,), (ids[1],), named=True, size=2)
        assert [(r["id"], r["name"]) for r in named] == [w for w in whole if w[0] in ids[:5]]
        assert g.store.query_in(sql, [], (3,), (0,)) == []


def test_a_sqlite_without_math_functions_gets_them(monkeypatch):
    """Some SQLite builds lack ln, exp and pow: the store defines them (the same numbers)."""
    import math
    import sqlite3

    from refgraph.store.schema import _ensure_math

    class Bare:   # a connection whose SQLite has no math functions
        def __init__(self):
            self.conn, self.made = sqlite3.connect(":memory:"), {}

        def execute(self, sql, *args):
            if any(name in sql for name in ("ln(", "exp(", "pow(")) and not self.made:
                raise sqlite3.OperationalError("no such function: ln")
            return self.conn.execute(sql, *args)

        def create_function(self, name, n, func, deterministic):
            self.made[name] = n
            self.conn.create_function(name, n, func, deterministic=deterministic)

    bare = Bare()
    _ensure_math(bare)
    assert bare.made == {"ln": 1, "exp": 1, "pow": 2}
    assert bare.execute("SELECT pow(2.0, 0.5)").fetchone()[0] == math.pow(2.0, 0.5)
