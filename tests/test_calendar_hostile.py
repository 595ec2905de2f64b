"""Calendars that real exporters and hostile files produce: what counts as a conversation, meetings
of thousands, rules that never end, broken events, and the worker that reads half a big calendar.

Every skip is counted once per event (a VEVENT), however often it recurs; every case reads the same
with icalendar's plain parser (the fallback) as with the refined one, and in halves as whole.
"""
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import refgraph
from refgraph.errors import InputError
from refgraph.sources import calendar, ical_fast
from refgraph.sources.calendar import read_calendar

ALEX = "alex@northwind.example"
CUT = "recurring events cut at 5,000 occurrences"
TWICE = "events with a property given twice"
OUT_OF_RANGE = "events dated outside the years 1901 to 2199"


def att(address, name=None):
    return f"ATTENDEE;CN={name or address.split('@')[0]};PARTSTAT=ACCEPTED:mailto:{address}\r\n"


def event(uid, start, subject, guests=(), extra="", end=None):
    """One VEVENT organized by Alex; *start* as written after DTSTART (``:20260302T100000Z``)."""
    end = end if end is not None else "DTEND" + start[:-7] + str(int(start[-7:-5]) + 1).zfill(2) + start[-5:]
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART{start}\r\n{end}\r\nSUMMARY:{subject}\r\n{extra}"
            f"ORGANIZER;CN=Alex Morgan:mailto:{ALEX}\r\n" + att(ALEX, "Alex Morgan") + "".join(guests)
            + "END:VEVENT\r\n")


def ics(path: Path, *events: str) -> Path:
    path.write_bytes(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:" + ALEX + "\r\n"
                      + "".join(events) + "END:VCALENDAR\r\n").encode())
    return path


def guests(n, domain="contoso.example", prefix="guest"):
    return [att(f"{prefix}{i}@{domain}", f"{prefix.title()} {i}") for i in range(n)]


def rows(batch):
    return [(r.stamp, r.subject, r.attendees) for r in batch.interactions]


@pytest.fixture(params=["refined parser", "plain parser"])
def parser(request, monkeypatch):
    """Both ways calendar.py parses: its refinement of icalendar's parser, and icalendar's own."""
    if request.param == "plain parser":
        monkeypatch.setattr(ical_fast, "_PARSER", [None])
    return request.param


def read_both_ways(monkeypatch, path, **kw):
    """read_calendar in halves (two processes) and whole: the same batch, returned once."""
    def read():
        batch = read_calendar(path, **kw)
        return (batch.rows, batch.skipped, batch.left_out, [(r.key, r.stamp, r.subject) for r in batch.interactions],
                batch)

    monkeypatch.setattr(calendar, "SPLIT_BYTES", 0)
    split = []
    halves = calendar._read_halves
    monkeypatch.setattr(calendar, "_read_halves", lambda *a: split.append(halves(*a)) or split[-1])
    in_halves = read()
    monkeypatch.setattr(calendar, "SPLIT_BYTES", 1 << 60)
    whole = read()
    assert split == [split[0]] and split[0] is not None   # it was read in halves
    assert in_halves[:4] == whole[:4]
    return whole[4]


# --- owners: the model's conversations, as of a day -----------------------------------------------

def test_owners_count_real_conversations_up_to_as_of(tmp_path):
    path = ics(tmp_path / "alex.ics",
               event("one", ":20260302T100000Z", "1:1 with Ivan", [att("ivan@contoso.example", "Ivan Ito")]),
               # 10 people: more than conversation_max_attendees (8), a touch
               event("all", ":20260303T100000Z", "All-hands", guests(9, "northwind.example", "colleague")),
               # exactly 8: still a conversation
               event("eight", ":20260304T100000Z", "Team of eight", guests(7, "northwind.example", "colleague")),
               event("later", ":20261203T100000Z", "Renewal", [att("ivan@contoso.example", "Ivan Ito")]))
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_calendar(path, owner="Alex Morgan", today=date(2026, 11, 15))
        assert g.store.conn.execute("SELECT count(*) FROM interactions").fetchone()[0] == 4
        assert list(g.owners(date(2026, 11, 15))) == [
            {"name": "Alex Morgan", "default": True, "people": 10, "interactions": 4, "conversations": 2}]
        # the renewal counts once the day is past; the all-hands never does
        assert list(g.owners(date(2026, 12, 3)))[0]["conversations"] == 3
        assert list(g.owners(date(2026, 3, 3)))[0]["conversations"] == 1
        assert list(g.owners())[0]["conversations"] == 3   # no day given: whenever


def test_owners_on_the_command_line_use_as_of(run, db, tmp_path):
    path = ics(tmp_path / "alex.ics",
               event("one", ":20260302T100000Z", "1:1 with Ivan", [att("ivan@contoso.example", "Ivan Ito")]),
               event("later", ":20261203T100000Z", "Renewal", [att("ivan@contoso.example", "Ivan Ito")]))
    assert run("import", "calendar", path, "--owner", "Alex Morgan").exit_code == 0
    assert run("owners", "--as-of", "2026-11-15", "--json").output.replace(" ", "").replace("\n", "") == (
        '[{"name":"AlexMorgan","default":true,"people":1,"interactions":2,"conversations":1}]')


# --- skips count events, not occurrences ----------------------------------------------------------

def test_a_skipped_series_counts_once_however_often_it_recurs(parser, tmp_path):
    path = ics(tmp_path / "alex.ics",
               # 30 daily occurrences with nobody else: one event without attendees
               event("focus", ":20260301T080000Z", "Focus time", extra="RRULE:FREQ=DAILY;COUNT=30\r\n"),
               # a weekly series the owner declined: one event
               event("declined", ":20260302T100000Z", "Vendor sync", [att("kim@fabrikam.example", "Kim Lo")],
                     "RRULE:FREQ=WEEKLY;COUNT=4\r\n").replace(
                   att(ALEX, "Alex Morgan"), att(ALEX, "Alex Morgan").replace("ACCEPTED", "DECLINED")),
               event("one", ":20260331T100000Z", "1:1 with Ivan", [att("ivan@contoso.example", "Ivan Ito")]))
    batch = read_calendar(path)
    assert rows(batch) == [("2026-03-31T10:00:00+00:00", "1:1 with Ivan", 2)]
    assert batch.skipped == Counter({"events without attendees": 1, "events the owner declined": 1})
    assert batch.rows == 3


def test_a_cancelled_override_counts_once_and_the_series_keeps_its_other_occurrences(parser, tmp_path):
    ivan = [att("ivan@contoso.example", "Ivan Ito")]
    path = ics(tmp_path / "alex.ics",
               event("w", ":20260302T100000Z", "Weekly", ivan, "RRULE:FREQ=WEEKLY;COUNT=3\r\n"),
               event("w", ":20260309T100000Z", "Weekly", ivan,
                     "RECURRENCE-ID:20260309T100000Z\r\nSTATUS:CANCELLED\r\n"))
    batch = read_calendar(path, until=date(2026, 12, 31))
    assert [r[0] for r in rows(batch)] == ["2026-03-02T10:00:00+00:00", "2026-03-16T10:00:00+00:00"]
    assert batch.skipped == Counter({"cancelled events": 1}) and batch.rows == 3


# --- meetings of thousands make no person-person ties ---------------------------------------------

def test_a_meeting_of_thousands_makes_no_ties_and_small_ones_still_do(tmp_path):
    path = ics(tmp_path / "alex.ics",
               event("huge", ":20260302T100000Z", "Company kickoff", guests(3000, "northwind.example", "staff")),
               # owner + 4: knows_max_attendees (5), every two of the four know each other
               event("five", ":20260303T100000Z", "Deal team", guests(4, "contoso.example", "deal")),
               # owner + 5: one too many for ties
               event("six", ":20260304T100000Z", "Steering", guests(5, "fabrikam.example", "steer")))
    with refgraph.open(tmp_path / "s.db") as g:
        summary = g.import_calendar(path, owner="Alex Morgan", today=date(2026, 3, 31))
        assert summary.new_interactions == 3 and summary.new_people == 3010
        c = g.store.conn
        assert c.execute("SELECT attendees FROM interactions ORDER BY day").fetchall() == [(3001,), (5,), (6,)]
        assert c.execute("SELECT count(*) FROM interaction_people").fetchone()[0] == 3009
        # 6 pairs of the deal team, both ways round; nothing from the kickoff or the steering group
        assert c.execute("SELECT count(*) FROM tie_stats").fetchone()[0] == 12
        pairs = c.execute("""SELECT DISTINCT pa.name, pb.name FROM tie_stats t JOIN people pa ON pa.id = t.person_a
                             JOIN people pb ON pb.id = t.person_b WHERE pa.name < pb.name ORDER BY 1, 2""").fetchall()
        assert pairs == [(f"Deal {a}", f"Deal {b}") for a in range(4) for b in range(a + 1, 4)]
        # the owner's own pairs: one per attendee (3000 touches, 9 conversations)
        assert c.execute("SELECT count(*), sum(conversations) FROM pair_stats").fetchone() == (3009, 9)
        staff = c.execute("SELECT id FROM people WHERE name = 'Staff 7'").fetchone()[0]
        deal = c.execute("SELECT id FROM people WHERE name = 'Deal 0'").fetchone()[0]
        from refgraph.ties import ties_of

        assert ties_of(g.store, staff, date(2026, 3, 31), g.params) == []
        assert [(t["name"], t["evidence"]) for t in ties_of(g.store, deal, date(2026, 3, 31), g.params)] == [
            (f"Deal {n}", ["1 shared meeting, last 2026-03-03 (Deal team)"]) for n in (1, 2, 3)]


# --- rules that never end -------------------------------------------------------------------------

@pytest.mark.parametrize("rule, last", [
    ("FREQ=SECONDLY", "2026-03-02T11:23:19+00:00"),   # 4,999 seconds after the first
    ("FREQ=MINUTELY;INTERVAL=1", "2026-03-05T21:19:00+00:00"),   # 4,999 minutes after the first
])
def test_a_series_stops_at_the_per_series_limit(parser, tmp_path, rule, last):
    ivan = [att("ivan@contoso.example", "Ivan Ito")]
    path = ics(tmp_path / "alex.ics", event("flood", ":20260302T100000Z", "Flood", ivan, f"RRULE:{rule}\r\n"),
               event("one", ":20260331T100000Z", "1:1 with Ivan", ivan))
    batch = read_calendar(path, until=date(2026, 12, 31))
    flood = [r for r in rows(batch) if r[1] == "Flood"]
    assert len(flood) == 5000 and flood[0][0] == "2026-03-02T10:00:00+00:00" and flood[-1][0] == last
    assert batch.skipped == Counter({CUT: 1})
    assert batch.rows == 5002 and len(batch.interactions) == 5001


def test_a_long_daily_series_under_the_limit_is_whole_and_a_cut_series_without_guests_is_one_skip(tmp_path):
    ivan = [att("ivan@contoso.example", "Ivan Ito")]
    path = ics(tmp_path / "alex.ics",
               event("standup", ":20120102T090000Z", "Standup", ivan, "RRULE:FREQ=DAILY;COUNT=5000\r\n"),
               event("alone", ":20120102T070000Z", "Alone", (), "RRULE:FREQ=HOURLY\r\n"))
    batch = read_calendar(path, until=date(2026, 12, 31))
    assert len(batch.interactions) == 5000 and batch.interactions[-1].stamp == "2025-09-09T09:00:00+00:00"
    assert batch.skipped == Counter({"events without attendees": 1}) and batch.rows == 5001


def test_a_cut_series_reads_the_same_in_halves(monkeypatch, tmp_path):
    ivan = [att("ivan@contoso.example", "Ivan Ito")]
    path = ics(tmp_path / "alex.ics", event("flood", ":20260302T100000Z", "Flood", ivan, "RRULE:FREQ=MINUTELY\r\n"),
               *(event(f"e{n}", f":202603{n + 10}T100000Z", f"Call {n}", ivan) for n in range(4)))
    batch = read_both_ways(monkeypatch, path, until=date(2026, 12, 31))
    assert batch.skipped == Counter({CUT: 1}) and len(batch.interactions) == 5004


def test_an_import_says_the_series_was_cut(tmp_path):
    ivan = [att("ivan@contoso.example", "Ivan Ito")]
    path = ics(tmp_path / "alex.ics", event("flood", ":20260302T100000Z", "Flood", ivan, "RRULE:FREQ=SECONDLY\r\n"))
    with refgraph.open(tmp_path / "s.db") as g:
        summary = g.import_calendar(path, owner="Alex Morgan", today=date(2026, 3, 31))
        assert (summary.new_interactions, dict(summary.skipped)) == (5000, {CUT: 1})
        assert g.store.conn.execute("SELECT count(*) FROM interactions").fetchone()[0] == 5000


# --- broken events --------------------------------------------------------------------------------

IVAN = [att("ivan@contoso.example", "Ivan Ito")]
GOOD = event("good", ":20260302T100000Z", "Good", IVAN)
BROKEN = {
    "two UIDs": event("bad", ":20260303T100000Z", "Bad", IVAN, "UID:bad-too\r\n"),
    "two DTENDs": event("bad", ":20260303T100000Z", "Bad", IVAN, "DTEND:20260303T120000Z\r\n"),
    "two DTSTARTs": event("bad", ":20260303T100000Z", "Bad", IVAN, "DTSTART:20260304T100000Z\r\n"),
    "two RECURRENCE-IDs": event("good", ":20260303T100000Z", "Bad", IVAN,
                                "RECURRENCE-ID:20260302T100000Z\r\nRECURRENCE-ID:20260309T100000Z\r\n"),
    "two SEQUENCEs": event("bad", ":20260303T100000Z", "Bad", IVAN, "SEQUENCE:1\r\nSEQUENCE:2\r\n"),
    "a start in year 1": event("bad", ":00010101T100000Z", "Bad", IVAN, end="DTEND:00010101T110000Z"),
    "a yearly series from year 1": event("bad", ":00010101T100000Z", "Bad", IVAN, "RRULE:FREQ=YEARLY\r\n",
                                         end="DTEND:00010101T110000Z"),
    "an all-day event in 1900": event("bad", ";VALUE=DATE:19000101", "Bad", IVAN, end="DTEND;VALUE=DATE:19000102"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_event_is_skipped_and_counted_and_the_rest_imports(parser, tmp_path, case):
    path = ics(tmp_path / "alex.ics", GOOD, BROKEN[case])
    batch = read_calendar(path, until=date(2026, 12, 31))
    assert rows(batch) == [("2026-03-02T10:00:00+00:00", "Good", 2)]
    reason = OUT_OF_RANGE if "year 1" in case or "1900" in case else TWICE
    assert batch.skipped == Counter({reason: 1}) and batch.rows == 2


@pytest.mark.parametrize("where", ["series", "override"])
def test_a_sequence_that_is_no_number_is_read_as_none(parser, tmp_path, where):
    series = event("w", ":20260302T100000Z", "Weekly", IVAN,
                   "RRULE:FREQ=WEEKLY;COUNT=3\r\n" + ("SEQUENCE:abc\r\n" if where == "series" else "SEQUENCE:1\r\n"))
    moved = event("w", ":20260310T150000Z", "Weekly (moved)", IVAN,
                  "RECURRENCE-ID:20260309T100000Z\r\n" + ("SEQUENCE:abc\r\n" if where == "override" else ""))
    batch = read_calendar(ics(tmp_path / "alex.ics", series, moved), until=date(2026, 12, 31))
    assert [r[:2] for r in rows(batch)] == [("2026-03-02T10:00:00+00:00", "Weekly"),
                                            ("2026-03-10T15:00:00+00:00", "Weekly (moved)"),
                                            ("2026-03-16T10:00:00+00:00", "Weekly")]
    assert batch.skipped == Counter()


def test_an_unknown_time_zone_is_read_as_local_time_and_said(parser, tmp_path, monkeypatch):
    mars = event("m", ";TZID=Mars/Olympus_Mons:20260303T233000", "Late call", IVAN,
                 end="DTEND;TZID=Mars/Olympus_Mons:20260303T235000")
    weekly = event("w", ";TZID=Mars/Olympus_Mons:20260304T090000", "Weekly", IVAN, "RRULE:FREQ=WEEKLY;COUNT=2\r\n",
                   end="DTEND;TZID=Mars/Olympus_Mons:20260304T100000")
    batch = read_both_ways(monkeypatch, ics(tmp_path / "alex.ics", GOOD, mars, weekly), until=date(2026, 12, 31))
    # the clock's day and time, no zone; each event said once, however often it recurs
    assert rows(batch) == [("2026-03-02T10:00:00+00:00", "Good", 2), ("2026-03-03T23:30:00", "Late call", 2),
                           ("2026-03-04T09:00:00", "Weekly", 2), ("2026-03-11T09:00:00", "Weekly", 2)]
    assert batch.left_out == Counter({"events in an unknown time zone (read as local time)": 2})
    assert batch.skipped == Counter() and batch.rows == 4


def test_a_second_summary_or_status_reads_the_first(parser, tmp_path):
    path = ics(tmp_path / "alex.ics", event("a", ":20260303T100000Z", "Bad", IVAN, "SUMMARY:Other\r\n"),
               event("b", ":20260304T100000Z", "Gone", IVAN, "STATUS:CANCELLED\r\nSTATUS:CONFIRMED\r\n"))
    batch = read_calendar(path)
    assert rows(batch) == [("2026-03-03T10:00:00+00:00", "Bad", 2)]
    assert batch.skipped == Counter({"cancelled events": 1})


def test_broken_events_read_the_same_in_halves(monkeypatch, tmp_path):
    path = ics(tmp_path / "alex.ics", GOOD, *BROKEN.values(),
               *(event(f"e{n}", f":202603{n + 10}T100000Z", f"Call {n}", IVAN) for n in range(4)))
    batch = read_both_ways(monkeypatch, path, until=date(2026, 12, 31))
    assert batch.skipped == Counter({TWICE: 5, OUT_OF_RANGE: 3}) and len(batch.interactions) == 5


def test_a_rule_without_frequency_is_one_line_and_leaves_the_store_unchanged(parser, tmp_path):
    first = ics(tmp_path / "first.ics", GOOD)
    path = ics(tmp_path / "alex.ics", GOOD, event("bad", ":20260303T100000Z", "Bad", IVAN, "RRULE:COUNT=3\r\n"))
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_calendar(first, owner="Alex Morgan")
        before = list(g.store.conn.iterdump())
        with pytest.raises(InputError) as err:
            g.import_calendar(path, owner="Alex Morgan")
        assert str(err.value) == (f"{path}: cannot expand the recurring events (the event 'Bad' repeats without "
                                  "a frequency: RRULE:COUNT=3) — fix or delete that event and export again")
        assert list(g.store.conn.iterdump()) == before


def test_a_far_away_until_stays_on_the_calendar(tmp_path):
    path = ics(tmp_path / "alex.ics", event("w", ":20260302T100000Z", "Weekly", IVAN, "RRULE:FREQ=YEARLY\r\n"))
    batch = read_calendar(path, until=date(9999, 12, 31))
    assert len(batch.interactions) == 2199 - 2026 + 1 and batch.interactions[-1].stamp == "2199-03-02T10:00:00+00:00"


# --- the worker reading half a big calendar ends with its parent ----------------------------------

SLOW_WORKER = """
import os, sys, time
from refgraph.sources import calendar
calendar.SPLIT_BYTES = 0
parent, parse = os.getpid(), calendar._parse_text
def slow(*args):
    if os.getpid() != parent:   # in the worker: say who it is, then take a long time
        print(os.getpid(), flush=True)
        time.sleep(60)
    return parse(*args)
calendar._parse_text = slow
calendar.read_calendar(sys.argv[1], owner="Alex Morgan")
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")   # a zombie has ended
    except FileNotFoundError:
        return False


def assert_worker_ends_with_its_parent(script: list[str], how) -> None:
    """Run ``python -c SCRIPT…`` (its worker prints its pid first), signal the parent with *how*: the
    worker must be gone within 3 s."""
    parent = subprocess.Popen([sys.executable, "-c", *script], stdout=subprocess.PIPE,
                              cwd=Path(__file__).resolve().parent.parent)
    worker = None
    try:
        worker = int(parent.stdout.readline())
        assert _running(worker)
        parent.send_signal(how)
        parent.wait(5)
        deadline = time.monotonic() + 3
        while _running(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(worker)
    finally:
        parent.kill()
        parent.stdout.close()
        if worker is not None and _running(worker):
            os.kill(worker, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is used on Linux only")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "SIGTERM"])
def test_the_worker_ends_when_its_parent_is_killed(tmp_path, how):
    path = ics(tmp_path / "alex.ics", *(event(f"e{n}", f":202603{n + 10}T100000Z", f"Call {n}", IVAN)
                                        for n in range(4)))
    assert_worker_ends_with_its_parent([SLOW_WORKER, str(path)], how)


SLOW_READER = """
import os, time
from refgraph.sources.worker import ahead
def slow():   # in the worker: say who it is, then take a long time
    print(os.getpid(), flush=True)
    time.sleep(60)
    yield 1
list(ahead(slow, label="calls.csv"))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is used on Linux only")
def test_the_read_ahead_worker_of_a_big_csv_ends_when_its_parent_is_killed():
    assert_worker_ends_with_its_parent([SLOW_READER], signal.SIGKILL)
