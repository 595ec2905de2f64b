"""Calendar parser: read_calendar turns .ics files and Google's export zip into a Batch.

Fixtures in tests/fixtures/calendar/ reproduce real exports' quirks (docs/formats.md): lines folded
at 75 octets inside an address, declined guests, rooms and resource calendars, e-mail reminders
with their own ATTENDEE, a weekly series with EXDATE and RECURRENCE-ID overrides, an all-hands,
all-day, TZID, UTC and floating times, future meetings, the owner declining, cancelled events.
"""
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from refgraph.errors import InputError, RefgraphError
from refgraph.sources.calendar import read_calendar

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calendar"
QUIRKS = FIXTURES / "quirks.ics"
WEEKLY = FIXTURES / "weekly.ics"
UTC = FIXTURES / "utc.ics"
EXPORT = FIXTURES / "export"

ALEX = "alex@northwind.example"
IVAN = "ivan.ito@contoso.example"
MARIA = "maria@contoso.example"
LEE = "lee.park@contoso.example"
KENJI = "kenji.sato@fabrikam.example"
BOB = "bob.baker@northwind.example"
SAM = "sam.rivera@northwind.example"
SIOBHAN = "siobhan.osullivan-whitfield@fabrikam-holdings.example"   # folded after "@f" in quirks.ics
ALL_HANDS = sorted([ALEX, "casey.chen@northwind.example"] + [
    n.lower().replace(" ", ".") + "@northwind.example" for n in (
        "Ana Ruiz", "Ben Cole", "Cara Diaz", "Dev Patel", "Eli Moss", "Fay Wong", "Gus Hale", "Hana Mori",
        "Ian Roth", "Joy Lam", "Kai Berg", "Liv Dahl", "Max Ortiz", "Nia Cruz", "Oli Kent", "Pia Lund",
        "Quin Ash", "Rae Fox", "Sol Park", "Tia Vance", "Uma Rao", "Vic Hart", "Wes Lowe", "Xia Chen",
        "Yan Gold", "Zoe Marsh", "Ada Stone", "Bo Reyes", "Cy Nash")])


def rows(batch):
    return [(r.day.isoformat(), r.stamp, r.subject, sorted(e for p in r.people for e in p.emails), r.attendees)
            for r in batch.interactions]


def by_subject(batch, subject):
    [record] = [r for r in batch.interactions if r.subject == subject]
    return record


# --- the quirks file -----------------------------------------------------------------------------

QUIRKS_UNTIL_APRIL = [
    # UTC 15:00Z shown in the calendar's X-WR-TIMEZONE; declined Dana, the ROOM, the resource calendar,
    # the GROUP and the VALARM's recipient are left out; Siobhan's folded address is whole.
    ("2026-03-02", "2026-03-02T10:00:00-05:00", "Pipeline review", [ALEX, IVAN, MARIA, SIOBHAN], 4),
    # 30 ATTENDEE lines plus the organizer, who is not listed as an attendee
    ("2026-03-04", "2026-03-04T12:00:00-05:00", "All-hands March", ALL_HANDS, 31),
    # all-day: the date, no time; TENTATIVE counts
    ("2026-03-10", "2026-03-10", "Contoso offsite", [ALEX, IVAN, MARIA], 3),
    # 21:30 in New York is 01:30 UTC on the 13th: the day is the local one; Kenji listed twice counts once
    ("2026-03-12", "2026-03-12T21:30:00-04:00", "Late call with Tokyo", [ALEX, KENJI], 2),
    # floating time read in X-WR-TIMEZONE
    ("2026-03-13", "2026-03-13T08:00:00-04:00", "Breakfast with Lee", [ALEX, LEE], 2),
    ("2026-03-19", "2026-03-19T11:00:00-04:00", "Bob's forecast", [ALEX, BOB], 2),
    # Bob (a teammate who organizes other meetings) declined: only he is left out
    ("2026-03-20", "2026-03-20T11:00:00-04:00", "Deal desk", [ALEX, IVAN], 2),
    # a no-reply organizer is not a person
    ("2026-03-23", "2026-03-23T13:00:00-04:00", "Webinar: Q2 roadmap", [ALEX, LEE], 2),
    # a guest without an address (Google's "invalid:nomail") is a person by name
    ("2026-03-24", "2026-03-24T08:30:00-04:00", "Coffee with Pat", [ALEX], 2),
    # after any as_of the store may use, but before `until`: produced, the store decides
    ("2026-04-20", "2026-04-20T10:00:00-04:00", "Renewal call", [ALEX, MARIA], 2),
]
QUIRKS_SKIPPED = Counter({"cancelled events": 1, "events the owner declined": 1, "events without attendees": 2})


def test_quirks_file_exactly():
    batch = read_calendar(QUIRKS, until=date(2026, 4, 30))
    assert (batch.kind, batch.source, batch.owner_name) == ("calendar", str(QUIRKS), None)
    # X-WR-CALNAME first, then the organizers by frequency (ties by address)
    # the calendar names its own address: organizers are not candidates (a teammate who organises
    # meetings is not the owner)
    assert batch.owner_emails == (ALEX,)
    assert rows(batch) == QUIRKS_UNTIL_APRIL
    assert batch.skipped == QUIRKS_SKIPPED
    assert batch.rows == 14 == len(batch.interactions) + sum(batch.skipped.values())
    assert batch.people == []
    for record in batch.interactions:
        assert (record.channel, record.direction, record.source, record.owner) == ("meeting", None, "quirks.ics", None)
        assert record.key.startswith("calendar:") and len(record.key) == len("calendar:") + 20
        assert record.attendees == len(record.people)
    assert len({r.key for r in batch.interactions}) == len(batch.interactions)
    assert "dial-in" not in repr(batch)   # DESCRIPTION is never read


def test_quirks_people_names_and_addresses():
    batch = read_calendar(QUIRKS, until=date(2026, 4, 30))
    people = [(p.name, p.emails) for p in by_subject(batch, "Pipeline review").people]
    assert people == [("Alex Lee", (ALEX,)), ("Ivan Ito", (IVAN,)),
                      (MARIA, (MARIA,)),   # CN was another address: the name is the attendee's own address
                      ("Siobhan O'Sullivan-Whitfield", (SIOBHAN,))]
    assert [(p.name, p.emails) for p in by_subject(batch, "Coffee with Pat").people] == [
        ("Pat Quinn", ()), ("Alex Lee", (ALEX,))]
    assert [(p.name, p.emails) for p in by_subject(batch, "Late call with Tokyo").people] == [
        ("Kenji Sato", (KENJI,)), ("Alex Lee", (ALEX,))]
    everyone = {e for r in batch.interactions for p in r.people for e in p.emails}
    assert not everyone & {"dana.diaz@contoso.example", "harbor-room@northwind.example",
                           "sales-team@northwind.example", "alex-reminders@northwind.example",
                           "no-reply@zoom.example", "c_99b1@resource.calendar.google.com",
                           "c_1882a7f3e4b9d0c1f2e3d4a5b6c7d8e9f0@resource.calendar.google.com"}


def test_until_bounds_the_window():
    # without `until`, the window ends on the latest non-recurring start: the May meeting is in
    assert rows(read_calendar(QUIRKS))[-1] == (
        "2026-05-15", "2026-05-15T10:00:00-04:00", "Next year planning", [ALEX, IVAN], 2)
    assert rows(read_calendar(QUIRKS)) == QUIRKS_UNTIL_APRIL + [rows(read_calendar(QUIRKS))[-1]]
    # `until` is inclusive
    assert rows(read_calendar(QUIRKS, until=date(2026, 4, 20)))[-1][2] == "Renewal call"
    assert rows(read_calendar(QUIRKS, until=date(2026, 4, 19)))[-1][2] == "Coffee with Pat"
    early = read_calendar(QUIRKS, until=date(2026, 3, 2))
    assert rows(early) == QUIRKS_UNTIL_APRIL[:1] and early.skipped == Counter() and early.rows == 1
    assert read_calendar(QUIRKS, until=date(2025, 1, 1)).interactions == []


# --- a weekly series with EXDATE and overrides ---------------------------------------------------

def weekly(day, stamp, people=(ALEX, IVAN, MARIA), subject="Weekly sync with Contoso"):
    return (day, stamp, subject, sorted(people), len(people))


WEEKLY_DEFAULT = [
    weekly("2026-01-05", "2026-01-05T09:30:00-05:00"),
    weekly("2026-01-12", "2026-01-12T09:30:00-05:00"),
    # 19 Jan: EXDATE. 26 Jan moved to Tuesday 27th 14:00, where Maria declined
    weekly("2026-01-27", "2026-01-27T14:00:00-05:00", (ALEX, IVAN), "Weekly sync with Contoso (moved)"),
    # 2 Feb: an override with STATUS:CANCELLED
    weekly("2026-02-09", "2026-02-09T09:30:00-05:00"),
    ("2026-02-10", "2026-02-10T11:00:00-05:00", "Contoso kickoff", [ALEX, MARIA], 2),
]


def test_weekly_series_with_exdate_and_overrides():
    batch = read_calendar(WEEKLY)   # ends on the kickoff, the latest non-recurring event
    assert rows(batch) == WEEKLY_DEFAULT
    assert batch.skipped == Counter({"cancelled events": 1})
    assert batch.owner_emails == (ALEX, MARIA)   # "Contoso syncs" is no address: organizers by frequency
    later = read_calendar(WEEKLY, until=date(2026, 3, 10))
    assert rows(later) == WEEKLY_DEFAULT + [
        weekly("2026-02-16", "2026-02-16T09:30:00-05:00"),
        weekly("2026-02-23", "2026-02-23T09:30:00-05:00"),
        weekly("2026-03-02", "2026-03-02T09:30:00-05:00"),
        weekly("2026-03-09", "2026-03-09T09:30:00-04:00"),   # daylight saving time since 8 March
    ]
    assert later.skipped == Counter({"cancelled events": 1}) and later.rows == 10
    assert [r.key for r in later.interactions][:5] == [r.key for r in batch.interactions]


# --- UTC and floating times without X-WR-TIMEZONE; the owner named by --owner --------------------

def test_utc_kept_and_floating_as_written_without_calendar_zone():
    batch = read_calendar(UTC)
    assert batch.owner_emails == (SAM, LEE)
    assert rows(batch) == [
        ("2026-03-12", "2026-03-12T01:30:00+00:00", "Call with Lee", [LEE, SAM], 2),
        ("2026-03-14", "2026-03-14T09:00:00", "Standup", [IVAN, SAM], 2),
        # "Alex Lee" declined, but nobody said Alex is the owner: just left out
        ("2026-03-15", "2026-03-15T16:00:00+00:00", "Board prep", [IVAN, SAM], 2),
        ("2026-03-16", "2026-03-16T16:00:00+00:00", "Contoso intro", [LEE, SAM], 2),
    ]
    assert batch.skipped == Counter()


def test_owner_declining_by_name():
    batch = read_calendar(UTC, owner="  Alex   Lee ")
    assert batch.owner_name == "Alex Lee"
    assert [r[2] for r in rows(batch)] == ["Call with Lee", "Standup", "Contoso intro"]
    assert batch.skipped == Counter({"events the owner declined": 1})


# --- Google's export zip -------------------------------------------------------------------------

def google_zip(tmp_path):
    path = tmp_path / "alex@northwind.example.ical.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for f in sorted((EXPORT / "Calendar").iterdir()):
            zf.write(f, f"Calendar/{f.name}")
        zf.writestr("Calendar/README.txt", "not a calendar")
        zf.writestr("__MACOSX/Calendar/._alex@northwind.example.ics", b"\x00\x05\x16\x07junk")
    return path


EXPORT_ROWS = [
    ("2026-03-02", "2026-03-02T10:00:00+00:00", "Intro: Fabrikam", [ALEX, KENJI], 2),
    ("2026-03-05", "2026-03-05T12:30:00+00:00", "Team lunch", [ALEX, BOB, IVAN], 3),
]


def test_zip_of_two_calendars(tmp_path):
    path = google_zip(tmp_path)
    batch = read_calendar(path, until=date(2026, 3, 31))
    assert (batch.kind, batch.source) == ("calendar", str(path))
    # the file name is the owner's address; the group calendar's file name is not a person
    assert batch.owner_emails == (ALEX,)
    assert rows(batch) == EXPORT_ROWS
    # the lunch is in both calendars: kept once, from the owner's own calendar
    assert [r.source for r in batch.interactions] == ["alex@northwind.example.ics"] * 2
    assert batch.skipped == Counter({"duplicate events": 1, "events without attendees": 1})
    # the unzipped folder reads the same
    folder = read_calendar(EXPORT, until=date(2026, 3, 31))
    assert rows(folder) == EXPORT_ROWS and folder.skipped == batch.skipped
    assert [r.key for r in folder.interactions] == [r.key for r in batch.interactions]


def test_keys_are_stable_and_overlapping_exports_dedupe(tmp_path):
    for path in (QUIRKS, WEEKLY, UTC):
        assert [r.key for r in read_calendar(path).interactions] == [r.key for r in read_calendar(path).interactions]
    alone = read_calendar(EXPORT / "Calendar" / "alex@northwind.example.ics")
    assert alone.owner_emails == (ALEX,)
    assert [r.key for r in alone.interactions] == [r.key for r in read_calendar(google_zip(tmp_path)).interactions]
    # the same instant written in another zone gives the same key
    moved = tmp_path / "moved.ics"
    moved.write_bytes((EXPORT / "Calendar" / "alex@northwind.example.ics").read_bytes()
                      .replace(b"X-WR-TIMEZONE:Europe/London", b"X-WR-TIMEZONE:Asia/Tokyo"))
    tokyo = read_calendar(moved)
    assert [r.stamp for r in tokyo.interactions] == ["2026-03-02T19:00:00+09:00", "2026-03-05T21:30:00+09:00"]
    assert [r.key for r in tokyo.interactions] == [r.key for r in alone.interactions]


# --- small inline calendars ----------------------------------------------------------------------

def ics(tmp_path, body, name="cal.ics", head=""):
    path = tmp_path / name
    text = "BEGIN:VCALENDAR\nVERSION:2.0\n" + head + body + "END:VCALENDAR\n"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def vevent(uid, start, *lines):
    return f"BEGIN:VEVENT\nUID:{uid}\nDTSTART{start}\nSUMMARY:{uid}\n" + "".join(line + "\n" for line in lines) + \
        "END:VEVENT\n"


def test_calendar_zone_names(tmp_path):
    event = vevent("call", ":20260302T230000Z", "ORGANIZER:mailto:sam@x.example", "ATTENDEE:mailto:lee@y.example")
    windows = read_calendar(ics(tmp_path, event, head="X-WR-TIMEZONE:W. Europe Standard Time\n"))
    assert rows(windows) == [("2026-03-03", "2026-03-03T00:00:00+01:00", "call", ["lee@y.example", "sam@x.example"], 2)]
    unknown = read_calendar(ics(tmp_path, event, head="X-WR-TIMEZONE:Mars/Olympus\n"))
    assert rows(unknown) == [("2026-03-02", "2026-03-02T23:00:00+00:00", "call", ["lee@y.example", "sam@x.example"], 2)]


def test_attendee_rules(tmp_path):
    body = (
        # no ORGANIZER: the calendar's owner is implied; only the owner listed is not a meeting
        vevent("alone", ":20260302T100000Z", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alex@n.example")
        + vevent("one guest", ":20260302T110000Z", "ATTENDEE;CN=Lee:mailto:lee@c.example")
        # everyone else declined or is not a person
        + vevent("all declined", ":20260302T120000Z", "ORGANIZER:mailto:alex@n.example",
                 "ATTENDEE;PARTSTAT=DECLINED:mailto:lee@c.example",
                 "ATTENDEE;CUTYPE=UNKNOWN:mailto:x@group.calendar.google.com",
                 "ATTENDEE:mailto:noreply@c.example")
        # informational copies and delegations are not attendance; the delegate is
        + vevent("fyi", ":20260302T130000Z", "ORGANIZER:mailto:alex@n.example",
                 "ATTENDEE;ROLE=NON-PARTICIPANT:mailto:fyi@c.example",
                 "ATTENDEE;PARTSTAT=DELEGATED:mailto:boss@c.example",
                 "ATTENDEE;PARTSTAT=ACCEPTED:mailto:deputy@c.example")
        + "BEGIN:VEVENT\nUID:no-start\nSUMMARY:draft\nATTENDEE:mailto:lee@c.example\nEND:VEVENT\n")
    batch = read_calendar(ics(tmp_path, body, head="X-WR-CALNAME:alex@n.example\n"))
    assert batch.owner_emails == ("alex@n.example",)
    assert rows(batch) == [
        ("2026-03-02", "2026-03-02T11:00:00+00:00", "one guest", ["lee@c.example"], 1),
        ("2026-03-02", "2026-03-02T13:00:00+00:00", "fyi", ["alex@n.example", "deputy@c.example"], 2),
    ]
    assert batch.skipped == Counter({"events without attendees": 2, "events without a start": 1})
    assert batch.rows == 5


# --- the shortcuts for big exports give exactly what the libraries give ---------------------------

TRICKY = (
    # the hour New York repeats: 05:30Z is 01:30 EDT, 06:30Z is 01:30 EST (a fold)
    vevent("fold a", ":20251102T053000Z", "DTEND:20251102T060000Z", "ORGANIZER:mailto:alex@n.example",
           "ATTENDEE:mailto:lee@c.example")
    + vevent("fold b", ":20251102T063000Z", "DTEND:20251102T070000Z", "ORGANIZER:mailto:alex@n.example",
             "ATTENDEE:mailto:lee@c.example")
    + vevent("fold c", ":20251102T063000Z", "ATTENDEE:mailto:ivan@c.example")
    + vevent("all day", ";VALUE=DATE:20251103", "DTEND;VALUE=DATE:20251104", "ATTENDEE:mailto:lee@c.example")
    + vevent("floating", ":20251104T090000", "DTEND:20251104T090000", "ATTENDEE:mailto:lee@c.example")
    + vevent("ends first", ";TZID=America/New_York:20251105T100000", "DTEND;TZID=America/New_York:20251105T090000",
             "ATTENDEE:mailto:lee@c.example")
    + vevent("mixed", ";TZID=America/New_York:20251106T100000", "DTEND;VALUE=DATE:20251107",
             "ATTENDEE:mailto:lee@c.example")
    + vevent("duration", ":20251107T100000Z", "DURATION:PT1H", "ATTENDEE:mailto:lee@c.example",
             "DESCRIPTION:not read\\, ever", "DTSTAMP:20251101T000000Z",
             "BEGIN:VALARM", "ACTION:EMAIL", "ATTENDEE:mailto:lee@c.example", "END:VALARM")
    + vevent("weekly", ":20251108T100000Z", "DTEND:20251108T110000Z", "RRULE:FREQ=WEEKLY;COUNT=3",
             "EXDATE:20251115T100000Z", "ATTENDEE:mailto:lee@c.example")
    + vevent("weekly", ":20251122T120000Z", "RECURRENCE-ID:20251122T100000Z", "ATTENDEE:mailto:ivan@c.example")
    + "BEGIN:VEVENT\nDTSTART:20251109T100000Z\nSUMMARY:twin\nATTENDEE:mailto:lee@c.example\nEND:VEVENT\n"
    + "BEGIN:VEVENT\nDTSTART:20251109T100000Z\nSUMMARY:twin\nATTENDEE:mailto:ivan@c.example\nEND:VEVENT\n"
    + "BEGIN:VEVENT\nUID:folded\nDTSTART:20251110T100000Z\nATTENDEE;CN=Kenji:mailto:kenji.sato@fab\n"
      "\n rikam.example\nEND:VEVENT\n")


@pytest.mark.parametrize("case", ["quirks", "weekly", "utc", "export", "tricky", "tricky utc"])
def test_shortcuts_match_the_libraries(monkeypatch, tmp_path, case):
    """Big exports parse each distinct content line once and answer one-off events without a
    recurrence rule set (see calendar.py): the batch is the one icalendar and recurring-ical-events
    give when used plainly."""
    from refgraph.sources import ical_expand, ical_fast

    path = {"quirks": QUIRKS, "weekly": WEEKLY, "utc": UTC, "export": EXPORT}.get(case)
    if path is None:
        head = "X-WR-CALNAME:alex@n.example\n" + ("" if case == "tricky utc" else "X-WR-TIMEZONE:America/New_York\n")
        path = ics(tmp_path, TRICKY, head=head)

    def read():
        batch = read_calendar(path, owner="Alex Ashcombe", until=date(2026, 4, 30))
        return batch.rows, batch.skipped, batch.owner_emails, batch.interactions

    fast = read()
    monkeypatch.setattr(ical_fast, "_PARSER", [None])      # icalendar's own parser, every line
    monkeypatch.setattr(ical_expand, "_SELECTION", [None])   # recurring-ical-events' copies of every VEVENT
    assert fast == read()
    if case.startswith("tricky"):
        assert len(fast[3]) >= 9


def test_heavy_libraries_load_only_when_reading():
    code = ("import sys, refgraph.sources.calendar\n"
            "assert 'icalendar' not in sys.modules and 'recurring_ical_events' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- whose calendar ------------------------------------------------------------------------------

def test_no_owner_and_no_candidate(tmp_path):
    path = ics(tmp_path, vevent("lunch", ":20260302T100000Z", "ATTENDEE:mailto:lee@c.example",
                                "ATTENDEE:mailto:ivan@c.example"), head="X-WR-CALNAME:Personal\n")
    with pytest.raises(RefgraphError) as err:
        read_calendar(path)
    assert str(err.value) == f"{path}: cannot tell whose calendar this is — pass --owner NAME"
    batch = read_calendar(path, owner="Alex Lee")
    assert (batch.owner_name, batch.owner_emails) == ("Alex Lee", ())
    assert rows(batch) == [("2026-03-02", "2026-03-02T10:00:00+00:00", "lunch", ["ivan@c.example", "lee@c.example"], 2)]


# --- bad input -----------------------------------------------------------------------------------

NOT_ICAL = "not an iCalendar file — export the calendar as .ics (Google Calendar: Settings → Import & export)"


def bad(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_calendar(path)
    return str(err.value).replace(str(path), "PATH")


@pytest.mark.parametrize("name, data, message", [
    ("empty.ics", b"", "PATH: the file is empty — export the calendar again"),
    ("blank.ics", b"\r\n  \r\n", "PATH: the file is empty — export the calendar again"),
    ("log.ics", b"date,person,channel\n2026-01-01,Ann Lee,call\n", f"PATH: {NOT_ICAL}"),
    ("photo.ics", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", f"PATH: {NOT_ICAL}"),
    ("utf16.ics", "BEGIN:VCALENDAR\r\n".encode("utf-16"), f"PATH: {NOT_ICAL}"),
    ("damaged.zip", b"PK\x03\x04 not really a zip",
     "PATH: the zip is damaged or incomplete — download the export again"),
    ("cut.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n",
     "PATH: the calendar is cut off (no END:VCALENDAR) — export the calendar again"),
    ("nofreq.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a2\r\nSUMMARY:Lunch\r\nDTSTART:20260105T100000Z\r\n"
                   b"RRULE:COUNT=3\r\nORGANIZER:mailto:a@b.example\r\nATTENDEE:mailto:c@d.example\r\n"
                   b"END:VEVENT\r\nEND:VCALENDAR\r\n",
     "PATH: cannot expand the recurring events (the event 'Lunch' repeats without a frequency: RRULE:COUNT=3) — "
     "fix or delete that event and export again"),
])
def test_bad_input(tmp_path, name, data, message):
    assert bad(tmp_path, name, data) == message


# The library's own words vary between versions: the frame around them is ours and exact.
@pytest.mark.parametrize("name, data, frame, words", [
    ("garbled.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line has no colon\r\nEND:VCALENDAR\r\n",
     "PATH: cannot be read as iCalendar ({}) — export the calendar again", "this line has no colon"),
    ("start.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a1\r\nSUMMARY:Lunch\r\nDTSTART:soon\r\n"
                  b"ORGANIZER:mailto:a@b.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "PATH: the event 'Lunch' has an unreadable start ({}) — fix or delete that event and export again", "soon"),
    ("rule.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r1\r\nDTSTART:20260105T100000Z\r\nRRULE:FREQ=SOMETIMES\r\n"
                 b"ORGANIZER:mailto:a@b.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "PATH: cannot expand the recurring events ({}) — fix or delete that event and export again", "FREQ=SOMETIMES"),
])
def test_unreadable_calendar_says_why(tmp_path, name, data, frame, words):
    message = bad(tmp_path, name, data)
    head, tail = frame.split("{}")
    assert message.startswith(head) and message.endswith(tail) and "\n" not in message
    assert words in message[len(head):-len(tail)]


def test_zip_without_calendars(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Calendar/README.txt", "nothing here")
        zf.writestr("__MACOSX/Calendar/._a.ics", "junk")
    with pytest.raises(InputError) as err:
        read_calendar(path)
    assert str(err.value) == (f"{path}: no .ics calendars in this zip — pass Google Calendar's export zip "
                              "(Settings → Import & export → Export) or one .ics file")


def test_bad_calendar_inside_a_zip_is_named(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Calendar/a@b.example.ics", "hello")
    with pytest.raises(InputError) as err:
        read_calendar(path)
    assert str(err.value) == f"{path}:Calendar/a@b.example.ics: {NOT_ICAL}"


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        read_calendar(tmp_path / "nope.ics")
    assert str(err.value) == f"{tmp_path / 'nope.ics'}: no such file — check the path"


# --- a big calendar is read on two cores: the same batch -------------------------------------------

SPLITTABLE = TRICKY[:TRICKY.index("BEGIN:VEVENT\nUID:folded")] + (
    # a series whose override comes first, far from its rule; a VALARM with a UID of its own after the
    # event's; a UID with a parameter and one folded
    vevent("late rule", ":20251124T100000Z", "RECURRENCE-ID:20251124T090000Z", "ATTENDEE:mailto:ivan@c.example")
    + vevent("other", ":20251112T100000Z", "ATTENDEE:mailto:kenji@f.example")
    + vevent("late rule", ":20251117T090000Z", "RRULE:FREQ=WEEKLY;COUNT=3", "ATTENDEE:mailto:lee@c.example",
             "BEGIN:VALARM", "UID:alarm-1", "ACTION:DISPLAY", "END:VALARM")
    + "BEGIN:VEVENT\nUID;X-KIND=a:param\nDTSTART:20251113T100000Z\nATTENDEE:mailto:lee@c.example\nEND:VEVENT\n"
    + "BEGIN:VEVENT\nUID:a-very-long-uid-that-an-exporter-fol\n ded\nDTSTART:20251114T100000Z\n"
      "ATTENDEE:mailto:ivan@c.example\nEND:VEVENT\n"
    + "BEGIN:VEVENT\nUID:a-very-long-uid-that-an-exporter-folded\nDTSTART:20251114T100000Z\n"
      "ATTENDEE:mailto:lee@c.example\nEND:VEVENT\n"
    + "BEGIN:VEVENT\nUID:no-start\nSUMMARY:draft\nATTENDEE:mailto:lee@c.example\nEND:VEVENT\n"
    + vevent("cancelled", ":20251115T100000Z", "STATUS:CANCELLED", "ATTENDEE:mailto:lee@c.example"))
ZONE = ("BEGIN:VTIMEZONE\nTZID:America/New_York\nBEGIN:STANDARD\nDTSTART:19701101T020000\n"
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\n"
        "END:VTIMEZONE\n")


def two_cores(monkeypatch, path, **kw):
    """read_calendar with the calendar read in halves (checked to be), and in one piece."""
    from refgraph.sources import calendar

    def read():
        batch = read_calendar(path, **kw)
        return batch.rows, batch.skipped, batch.owner_emails, batch.owner_name, batch.interactions

    split = []
    halves = calendar._read_halves
    monkeypatch.setattr(calendar, "SPLIT_BYTES", 0)
    monkeypatch.setattr(calendar, "_read_halves", lambda *a: split.append(halves(*a)) or split[-1])
    in_halves = read()
    monkeypatch.setattr(calendar, "SPLIT_BYTES", 1 << 60)
    return in_halves, read(), [s is not None for s in split]


@pytest.mark.parametrize("case", ["quirks", "weekly", "utc", "export", "splittable", "splittable utc", "by organizer"])
def test_a_calendar_read_in_halves_is_the_calendar_read_whole(monkeypatch, tmp_path, case):
    path = {"quirks": QUIRKS, "weekly": WEEKLY, "utc": UTC, "export": next(EXPORT.rglob("alex@*.ics"))}.get(case)
    if path is None:
        head = "" if case == "by organizer" else "X-WR-CALNAME:alex@n.example\n"
        head += ZONE + ("" if case == "splittable utc" else "X-WR-TIMEZONE:America/New_York\n")
        path = ics(tmp_path, SPLITTABLE, head=head)
    in_halves, whole, split = two_cores(monkeypatch, path, owner="Alex Ashcombe", until=date(2026, 4, 30))
    assert split == [True]
    assert in_halves == whole
    assert len(whole[4]) >= (2 if path.parent.name in ("calendar", "Calendar") else 9)


def test_halves_keep_each_series_together_and_every_event_once(tmp_path):
    from refgraph.sources.calendar import _halves

    text = ics(tmp_path, ZONE + SPLITTABLE, head="X-WR-CALNAME:alex@n.example\n").read_bytes().decode()
    halves = _halves(text)
    head = text[:text.index("BEGIN:VEVENT")]
    events = ["BEGIN:VEVENT" + e for e in text[len(head):].split("BEGIN:VEVENT")[1:]]
    events[-1] = events[-1][:events[-1].index("END:VCALENDAR")]
    found = [["BEGIN:VEVENT" + e for e in h[len(head):].split("BEGIN:VEVENT")[1:]] for h in halves]
    for h, events_h in zip(halves, found):
        assert h.startswith(head) and h.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
        events_h[-1] = events_h[-1][:events_h[-1].index("END:VCALENDAR")]
    assert sorted(found[0] + found[1]) == sorted(events) and found[0] and found[1]
    where = {}
    for n, events_h in enumerate(found):
        for e in events_h:
            uid = e.split("\r\n")[1].replace("\r\n ", "")
            if uid.startswith("UID"):
                where.setdefault(uid.split(":", 1)[1], set()).add(n)
    assert {"late rule", "weekly", "param", "a-very-long-uid-that-an-exporter-folded"} <= set(where)
    assert all(len(sides) == 1 for sides in where.values())   # a series in one half


@pytest.mark.parametrize("body", [
    "X-NOTE:between events\n",                                           # a property among the events
    "BEGIN:VTODO\nUID:t\nEND:VTODO\n",                                   # another component among them
    ZONE,                                                                # a time zone after the events
    "END:VCALENDAR\nBEGIN:VCALENDAR\n",                                  # two calendars in one file
    "BEGIN:VEVENT\nUID:x\nDTSTART:20251109T100000Z\nEND:VEVE\n NT\n",     # an END that a fold continues
], ids=["property", "todo", "late zone", "two calendars", "folded end"])
def test_calendars_not_of_an_exports_plain_shape_are_read_whole(tmp_path, body):
    from refgraph.sources.calendar import _halves

    one, two = vevent("a", ":20251109T100000Z"), vevent("b", ":20251110T100000Z")
    assert _halves(ics(tmp_path, one + two).read_bytes().decode()) is not None
    assert _halves(ics(tmp_path, one + body + two).read_bytes().decode()) is None


@pytest.mark.parametrize("event, error", [
    (vevent("rule", ":20260105T100000Z", "RRULE:FREQ=SOMETIMES", "ATTENDEE:mailto:c@d.example"), InputError),
    (vevent("start", ":soon", "ATTENDEE:mailto:c@d.example"), InputError),
    (vevent("no freq", ":20260105T100000Z", "RRULE:COUNT=3", "ATTENDEE:mailto:c@d.example"), InputError),
])
@pytest.mark.parametrize("owner", ["Alex Lee", None])
def test_a_bad_event_in_either_half_is_the_error_of_the_calendar_read_whole(monkeypatch, tmp_path, event, error,
                                                                           owner):
    from refgraph.sources import calendar

    fine = "".join(vevent(f"fine {n}", f":202601{n + 10:02d}T100000Z", "ATTENDEE:mailto:c@d.example")
                   for n in range(6))
    for at in (0, len(fine)):
        path = ics(tmp_path, fine[:at] + event + fine[at:])
        said = []
        for split_bytes in (0, 1 << 60):
            monkeypatch.setattr(calendar, "SPLIT_BYTES", split_bytes)
            with pytest.raises((InputError, RefgraphError)) as err:
                read_calendar(path, owner=owner)
            said.append((type(err.value), str(err.value)))
        assert said[0] == said[1]
        assert said[0][0] is (error if owner else RefgraphError)


def test_a_worker_that_dies_leaves_the_calendar_read_whole(monkeypatch, tmp_path):
    import os

    from refgraph.sources import calendar

    monkeypatch.setattr(calendar, "_half_worker", lambda *a: os._exit(3))
    path = ics(tmp_path, SPLITTABLE, head="X-WR-CALNAME:alex@n.example\n")
    in_halves, whole, split = two_cores(monkeypatch, path, owner="Alex Ashcombe", until=date(2026, 4, 30))
    assert split == [False] and in_halves == whole


@pytest.mark.parametrize("big_is_the_owners", [True, False], ids=["owner's calendar big", "shared calendar big"])
def test_a_zip_read_with_its_biggest_calendar_in_halves_is_the_zip_read_whole(monkeypatch, tmp_path, big_is_the_owners):
    """Google's export zip: the biggest calendar is cut in two and the others read beside one half;
    an event in two calendars still counts once, from the calendar that comes first (the owner's)."""
    def cal(head, body):
        return ("BEGIN:VCALENDAR\nVERSION:2.0\n" + head + body + "END:VCALENDAR\n").replace("\n", "\r\n")

    shared = (vevent("weekly", ":20251108T100000Z", "DTEND:20251108T110000Z", "RRULE:FREQ=WEEKLY;COUNT=3",
                     "EXDATE:20251115T100000Z", "ATTENDEE:mailto:kenji@f.example")   # the same series, other guests
              + vevent("other", ":20251112T100000Z", "ATTENDEE:mailto:lee@c.example")
              + vevent("team only", ":20251118T100000Z", "ATTENDEE:mailto:lee@c.example"))
    owners_head = "X-WR-CALNAME:alex@n.example\n" + ZONE + "X-WR-TIMEZONE:America/New_York\n"
    team_head = "X-WR-CALNAME:Team\n" + ZONE + "X-WR-TIMEZONE:America/New_York\n"
    owners, team = (SPLITTABLE, shared) if big_is_the_owners else (shared, SPLITTABLE)
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Calendar/Holidays.ics", cal("X-WR-CALNAME:Holidays\n", vevent("holiday", ";VALUE=DATE:20251127")))
        zf.writestr("Calendar/Team_c_1@group.calendar.google.com.ics", cal(team_head, team))
        zf.writestr("Calendar/alex@n.example.ics", cal(owners_head, owners))
    in_halves, whole, split = two_cores(monkeypatch, path, owner="Alex Ashcombe", until=date(2026, 4, 30))
    assert split == [True]
    assert in_halves == whole
    assert whole[1]["duplicate events"] >= 3
    kept = {r.subject: r.source for r in whole[4]}
    assert kept["other"] == "alex@n.example.ics"   # in both calendars: the owner's copy counts


def test_a_bad_small_calendar_beside_a_big_one_is_the_error_of_the_zip_read_whole(monkeypatch, tmp_path):
    from refgraph.sources import calendar

    monkeypatch.setattr(calendar, "SPLIT_BYTES", 0)
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Calendar/Holidays.ics", "hello")
        zf.writestr("Calendar/alex@n.example.ics", ics(tmp_path, SPLITTABLE).read_bytes())
    with pytest.raises(InputError) as err:
        read_calendar(path, owner="Alex Ashcombe")
    assert str(err.value) == f"{path}:Calendar/Holidays.ics: {NOT_ICAL}"
