"""The worker process's record codec: what a worker sends is the batch it read."""
from __future__ import annotations

from collections import Counter
from datetime import date

from refgraph.records import Batch, InteractionRecord, PersonRecord
from refgraph.sources.worker import RecordDecoder, RecordEncoder, decode_batch, encode_batch


def test_a_batch_sent_by_the_codec_is_the_batch():
    lee = PersonRecord("Lee Park", "https://www.linkedin.com/in/lee", ("lee@c.example",), "Contoso", "CTO", "PhD",
                       True, ("+15551234",))
    ivan = PersonRecord("Ivan Ito", emails=("ivan@c.example",))
    batch = Batch(kind="linkedin", source="export.zip", owner_name="Alex", export_date=date(2026, 3, 1),
                  people=[lee, ivan, lee], skipped=Counter({"blank rows": 2}), rows=7)
    batch.interactions = [
        InteractionRecord((lee,), date(2026, 3, 2), "2026-03-02T10:00:00", "message", "k1", "outbound", "Hi",
                          "messages.csv"),
        InteractionRecord((lee, ivan), date(2026, 3, 2), "2026-03-02", "meeting", "k2", None, None, "cal.ics",
                          30.0, "Sam", 3, 4)]
    again = decode_batch(encode_batch(batch))
    assert vars(again) == vars(batch)
    assert again.people[0] is again.people[2]   # one person, sent once


def test_people_and_days_are_sent_once_across_chunks():
    encoder, decoder = RecordEncoder(), RecordDecoder()
    first = encoder.new_person("Lee Park")
    chunk = [encoder.row((first,), date(2026, 1, 5), "2026-01-05", "call", "a")]
    decoder.add(*encoder.take())
    got = list(decoder.records(chunk))
    second = encoder.new_person("Ivan Ito")
    chunk = [encoder.row((first, second), date(2026, 1, 5), "2026-01-05", "call", "b")]
    people, days = encoder.take()
    assert people == [("Ivan Ito",)] and days == []
    decoder.add(people, days)
    got += decoder.records(chunk)
    assert [(tuple(p.name for p in r.people), r.day, r.key) for r in got] == [
        (("Lee Park",), date(2026, 1, 5), "a"), (("Lee Park", "Ivan Ito"), date(2026, 1, 5), "b")]
    assert got[0].people[0] is got[1].people[0]
