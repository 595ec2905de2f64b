"""The read interface: the SQLite store and a graph held in memory answer the same questions, and
reconnect and advice run on either (they never see a store)."""
from datetime import date

from refgraph.advice import booked, explain_path
from refgraph.paths import search
from refgraph.reads import Graph, Reads, StoreGraph, StoreReads
from refgraph.reconnect import changes, plan
from refgraph.strength import DEFAULTS, Score

from .memory_reads import MemoryGraph, MemoryReads, relationship

AS_OF = date(2026, 11, 15)


def _questions(protocol) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")}


def test_store_and_memory_answer_every_question():
    for protocol, implementations in ((Reads, (StoreReads, MemoryReads)), (Graph, (StoreGraph, MemoryGraph))):
        for implementation in implementations:
            missing = _questions(protocol) - set(dir(implementation))
            assert missing == set(), (implementation.__name__, missing)


def world() -> MemoryReads:
    """Olivia (owner 1) talked with Deep Tie (2) often, long ago; Fresh Tie (3) lately; Deep Tie
    knows Ann Target (4) at Acme, and a call with Deep Tie is booked after as_of."""
    deep = Score(0.2, 0.25, 6, date(2024, 3, 6), date(2024, 3, 6), 370.0, 0.9, 0.0, True)
    people = {1: {"id": 1, "name": "Olivia Owner", "name_key": "olivia owner", "company": None, "title": None},
              2: {"id": 2, "name": "Deep Tie", "name_key": "deep tie", "company": "Other", "title": None},
              3: {"id": 3, "name": "Fresh Tie", "name_key": "fresh tie", "company": "Other", "title": None},
              4: {"id": 4, "name": "Ann Target", "name_key": "ann target", "company": "Acme", "title": "CFO"}}

    def event(day, subject=None):
        return {"id": None, "owner_id": 1, "day": day, "stamp": None, "channel": "call", "direction": None,
                "subject": subject, "source": "log", "attendees": None}

    return MemoryReads({1: "Olivia Owner"},
                       {(1, 2): deep, (1, 3): relationship(0.6, conversations=1, last_conversation=date(2026, 11, 1))},
                       {(2, 4): (0.9, False, None)}, people, accounts={"Acme": [4]},
                       events={(1, 2): [event("2024-03-06", "Budget"), event("2026-11-20", "Catch-up")]})


def test_reconnect_plans_from_memory():
    reads = world()
    done = plan(reads, DEFAULTS, as_of=AS_OF, limit=5)
    assert done.data == []   # Deep Tie is the one stale relationship, and a call with them is booked
    assert [(e["name"], e["day"]) for e in done.left_out] == [("Deep Tie", "2026-11-20")]
    later = plan(reads, DEFAULTS, as_of=date(2026, 12, 31), limit=5)
    assert [r["name"] for r in later.data] == ["Deep Tie"]
    assert "On your best path into Acme" in later.data[0]["reason"]


def test_changes_and_advice_from_memory():
    reads = world()
    assert list(changes(reads, DEFAULTS, since=AS_OF, as_of=AS_OF)) == []
    assert booked(reads, DEFAULTS, [(1, 2)], as_of=AS_OF)[(1, 2)]["subject"] == "Catch-up"
    (path,) = search(reads.graph(as_of=AS_OF), {1}, {4})
    assert path.nodes == (1, 2, 4) and abs(path.strength - 0.18) < 1e-12
    told = explain_path(reads, DEFAULTS, path, {"name": "Acme"}, reads.person, {1}, as_of=AS_OF)
    assert told["next_action"].startswith("You have a call with Deep Tie on 2026-11-20 (Catch-up)")
