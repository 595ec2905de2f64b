"""A big import reads the store's identifiers and names at once and writes new people in bulk; a
small one reads them person by person. Both ways must write exactly the same store."""
import shutil
from datetime import date

import pytest

import refgraph
from refgraph.store import aggregates, writer
from refgraph.store import people as store_people
from refgraph.demo import import_samples

from .conftest import AS_OF, SAMPLES, store_dump


def _import_everything(path):
    with refgraph.open(path) as g:
        lines = [s.line() for s in import_samples(g, SAMPLES, AS_OF)]
        # a merge, then everything again: re-imports change nothing and land on the merged person
        a, b = [r[0] for r in g.store.conn.execute("SELECT id FROM people WHERE id NOT IN "
                                                   "(SELECT person_id FROM owners) ORDER BY id LIMIT 2")]
        g.store.merge(a, b)
        lines += [s.line() for s in import_samples(g, SAMPLES, AS_OF)]
    return lines


@pytest.mark.parametrize("kept", [300_000, 3], ids=["keeps-all", "forgets-often"])
def test_reading_people_one_at_a_time_or_all_at_once_writes_the_same_store(tmp_path, monkeypatch, kept):
    at_once = _import_everything(tmp_path / "at-once.db")
    monkeypatch.setattr(writer, "_PRELOAD_RATIO", float("inf"))   # never read all at once
    monkeypatch.setattr(store_people, "_KEPT", kept)
    one_by_one = _import_everything(tmp_path / "one-by-one.db")
    assert one_by_one == at_once
    assert store_dump(tmp_path / "one-by-one.db") == store_dump(tmp_path / "at-once.db")


def test_people_created_and_then_changed_in_one_import(run, db, tmp_path):
    """A person first met in a row of a call log and changed by a later row of the same file
    (credentials, a company where there was none) is written once, with the change."""
    from .conftest import write

    log = write(tmp_path / "log.csv", "date,person,email,company,channel\n"
                                      "2026-01-05,Ann Lee,ann@contoso.example,,call\n"
                                      "2026-01-06,\"Ann Lee, MBA\",ann@contoso.example,Contoso,call\n"
                                      "2026-01-07,Bo Chan,bo@fabrikam.example,Fabrikam,meeting\n")
    assert run("import", "interactions", log, "--owner", "Alex Morgan").exit_code == 0
    with refgraph.open(db) as g:
        rows = g.store.conn.execute("SELECT name, credentials, company FROM people ORDER BY id").fetchall()
        jobs = g.store.conn.execute("SELECT p.name, e.company FROM employment e JOIN people p ON p.id = e.person_id "
                                    "ORDER BY e.id").fetchall()
        ids = g.store.conn.execute("SELECT kind, value FROM identifiers ORDER BY value").fetchall()
    assert rows == [("Alex Morgan", "", None), ("Ann Lee", "MBA", "Contoso"), ("Bo Chan", "", "Fabrikam")]
    assert jobs == [("Ann Lee", "Contoso"), ("Bo Chan", "Fabrikam")]
    assert ids == [("email", "ann@contoso.example"), ("email", "bo@fabrikam.example")]


@pytest.mark.parametrize("since", [None, date(2019, 1, 1), date(2100, 1, 1)])
@pytest.mark.parametrize("some", [False, True], ids=["everyone", "some-people"])
def test_kept_aggregates_computed_in_arrays_equal_the_ones_computed_row_by_row(full_store, tmp_path, monkeypatch,
                                                                            since, some):
    tables = ("pair_stats", "pair_days", "tie_stats", "tie_days")

    def refreshed(bulk_from):
        path = tmp_path / f"{bulk_from}.db"
        shutil.copy(full_store, path)
        monkeypatch.setattr(aggregates, "_BULK_PEOPLE", bulk_from)
        with refgraph.open(path) as g, g.store.transaction():
            people = None
            if some:   # a few people (ties in both directions), the rest kept as they were
                people = {r[0] for r in g.store.conn.execute("SELECT person_a FROM tie_stats LIMIT 40")}
                people |= {r[0] for r in g.store.conn.execute("SELECT person_id FROM pair_stats LIMIT 40")}
                g.store.conn.execute("UPDATE pair_stats SET conversations = -1")   # not these people's: stay
            g.store.refresh_stats(people, since=since)
            return {t: g.store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in tables}

    row_by_row, in_arrays = refreshed(10**9), refreshed(0)
    assert any(row_by_row[t] for t in ("tie_stats", "tie_days")) and row_by_row["pair_stats"]
    for t in tables:
        assert len(in_arrays[t]) == len(row_by_row[t]), t
        for x, y in zip(in_arrays[t], row_by_row[t]):
            assert all((p == pytest.approx(q, abs=1e-12)) if isinstance(q, float) else p == q
                       for p, q in zip(x, y)), (t, x, y)


def test_an_import_of_one_person_events_leaves_the_ties_and_refreshes_the_rest(full_store, tmp_path, run, db):
    """Ties change only with events shared by several people; the kept aggregates after such an
    import equal a full recomputation."""
    from .conftest import write

    shutil.copy(full_store, db)
    with refgraph.open(db) as g:
        name = g.store.conn.execute("SELECT p.name FROM tie_stats t JOIN people p ON p.id = t.person_a "
                                    "LIMIT 1").fetchone()[0]
    log = write(tmp_path / "log.csv", f"date,person,channel\n2026-11-01,{name},call\n"
                                      f"2026-11-02,{name}; Somebody New,meeting\n")
    assert run("import", "interactions", log, "--owner", "Alex Morgan").exit_code == 0
    tables = ("pair_stats", "pair_days", "tie_stats", "tie_days")
    with refgraph.open(db) as g:
        kept = {t: g.store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in tables}
        with g.store.transaction():
            g.store.refresh_stats(None)
        again = {t: g.store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in tables}
    for t in tables:
        assert len(kept[t]) == len(again[t]), t
        for x, y in zip(kept[t], again[t]):
            assert all((p == pytest.approx(q, abs=1e-12)) if isinstance(q, float) else p == q
                       for p, q in zip(x, y)), (t, x, y)


def test_kept_aggregates_written_anew_have_their_indexes_made_again(full_store, tmp_path, monkeypatch):
    """Recomputing everyone's aggregates drops the tables' other indexes and makes them again
    after the rows are in: the same indexes, the same rows, an intact file."""
    path = tmp_path / "store.db"
    shutil.copy(full_store, path)
    monkeypatch.setattr(aggregates, "_REINDEX_ROWS", 0)   # the samples are small: rebuild anyway
    schema = "SELECT name, sql FROM sqlite_master WHERE tbl_name LIKE '%_stats' ORDER BY name"
    with refgraph.open(path) as g:
        c = g.store.conn
        before = c.execute(schema).fetchall()
        rows = {t: c.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("pair_stats", "tie_stats")}
        with g.store.transaction():
            g.store.refresh_stats(None)
        assert c.execute(schema).fetchall() == before
        assert ("pair_stats_person",) in [r[:1] for r in before]
        assert {t: c.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in rows} == rows
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
