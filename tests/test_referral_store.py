"""The referral tables: introductions with their history, the reciprocity ledger, both kept by a
migration and by merge."""
import sqlite3
from datetime import date

import pytest

from refgraph.store import Store
from refgraph.store.schema import SCHEMA_VERSION
from refgraph.strength import DEFAULTS


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.db", kept=DEFAULTS)
    with s.transaction() as c:
        for pid, name in ((1, "Alex Morgan"), (2, "Sam Rivera"), (3, "Lee Park"), (4, "Lee Parke"), (5, "Bo Ek")):
            c.execute("INSERT INTO people (id, name, name_key) VALUES (?, ?, ?)", (pid, name, name.lower()))
        c.execute("INSERT INTO owners (person_id, is_default) VALUES (1, 1)")
    yield s
    s.close()


def test_an_intro_keeps_its_history_and_the_same_step_twice_adds_nothing(store):
    assert store.add_intro_step(1, 2, 3, "planned", date(2026, 11, 16)) == (1, True)
    assert store.add_intro_step(1, 2, 3, "asked", date(2026, 11, 18), "over coffee") == (1, True)
    assert store.add_intro_step(1, 2, 3, "asked", date(2026, 11, 18), "again") == (1, False)
    assert store.add_intro_step(1, 2, 5, "asked", date(2026, 11, 19)) == (2, True)
    assert store.intros(1) == [
        {"id": 1, "owner_id": 1, "via_id": 2, "to_id": 3, "status": "asked", "day": "2026-11-18",
         "note": "over coffee", "history": [{"status": "planned", "day": "2026-11-16", "note": None},
                                            {"status": "asked", "day": "2026-11-18", "note": "over coffee"}]},
        {"id": 2, "owner_id": 1, "via_id": 2, "to_id": 5, "status": "asked", "day": "2026-11-19", "note": None,
         "history": [{"status": "asked", "day": "2026-11-19", "note": None}]}]
    with pytest.raises(sqlite3.IntegrityError):
        store.add_intro_step(1, 2, 3, "maybe", date(2026, 11, 20))
    assert len(store.intros()[0]["history"]) == 2   # the failed step left nothing


def test_the_ledger_records_each_entry_once(store):
    assert store.add_ledger(1, 2, "gave", "intro", date(2026, 5, 4), "to Lee") is True
    assert store.add_ledger(1, 2, "gave", "intro", date(2026, 5, 4), "to Lee") is False
    assert store.add_ledger(1, 2, "received", "referral", date(2026, 6, 1)) is True
    assert [(e["direction"], e["kind"], e["day"]) for e in store.ledger(person_id=2)] == [
        ("gave", "intro", "2026-05-04"), ("received", "referral", "2026-06-01")]
    assert store.ledger(person_id=3) == []


def test_merge_moves_intros_and_ledger_and_joins_twin_intros(store):
    store.add_intro_step(1, 2, 3, "asked", date(2026, 11, 1))
    store.add_intro_step(1, 2, 4, "planned", date(2026, 10, 1))
    store.add_intro_step(1, 2, 4, "introduced", date(2026, 11, 5))
    store.add_ledger(1, 4, "received", "help", date(2026, 9, 1))
    store.merge(3, 4)
    (intro,) = store.intros()
    assert (intro["to_id"], intro["status"], intro["day"]) == (3, "introduced", "2026-11-05")
    assert [(h["status"], h["day"]) for h in intro["history"]] == [
        ("planned", "2026-10-01"), ("asked", "2026-11-01"), ("introduced", "2026-11-05")]
    assert [e["person_id"] for e in store.ledger()] == [3]


def test_a_merge_that_makes_the_connector_the_target_drops_that_intro(store):
    store.add_intro_step(1, 3, 4, "asked", date(2026, 11, 1))
    store.merge(3, 4)
    assert store.intros() == []


def test_the_schema_has_the_referral_tables(store):
    assert SCHEMA_VERSION == 10
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"intros", "intro_steps", "ledger"} <= tables
