"""The refined .ics parser (refgraph/sources/ical_fast.py) reaches into icalendar's internals: these
tests pin what it relies on with the installed icalendar, and show that without those internals
icalendar's plain parser reads the same calendars."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from refgraph.sources import ical_fast
from refgraph.sources.calendar import read_calendar

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CALENDARS = sorted(FIXTURES.rglob("*.ics"))


def shape(calendars) -> list:
    """Every component's name and properties (values as icalendar writes them, their types and the
    errors recorded), but the event properties the refined parser leaves unread."""
    found = []
    for calendar in calendars:
        for component in calendar.walk():
            skip = ical_fast._UNREAD if component.name == "VEVENT" else ()
            found.append((component.name, list(component.errors), [
                (name, [(type(v).__name__, v.to_ical() if hasattr(v, "to_ical") else v)
                        for v in (value if isinstance(value, list) else [value])])
                for name, value in component.items() if name not in skip]))
    return found


def test_the_refined_parser_is_used_with_the_installed_icalendar():
    assert ical_fast.fast(icalendar), (f"icalendar {icalendar.__version__} is not the one ical_fast.py was "
                                       "written for: calendars are read with its plain parser (slower)")


@pytest.mark.parametrize("path", CALENDARS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_refined_and_the_plain_parser_read_every_fixture_alike(path):
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        plain = shape(icalendar.Calendar.from_ical(text, multiple=True))
    except ValueError as exc:
        with pytest.raises(ValueError) as err:
            ical_fast.parse(text, icalendar)
        assert str(err.value) == str(exc)
        return
    assert shape(ical_fast.parse(text, icalendar)) == plain


def read(path):
    batch = read_calendar(path, owner="Alex Ashcombe", until=date(2026, 4, 30))
    return batch.rows, batch.skipped, batch.left_out, batch.owner_emails, batch.interactions


@pytest.mark.parametrize("module, name", [("icalendar.caselessdict", "CaselessDict"),
                                          ("icalendar.parser.ical", "CalendarIcalParser")])
def test_without_the_internals_it_relies_on_the_plain_parser_reads_the_same(monkeypatch, module, name):
    """An icalendar that moved or renamed a name the refinement imports: calendars read as before."""
    import importlib

    path = FIXTURES / "calendar" / "quirks.ics"
    refined = read(path)
    monkeypatch.setattr(ical_fast, "_PARSER", [])   # decided again, below
    monkeypatch.delattr(importlib.import_module(module), name)
    assert not ical_fast.fast(icalendar)
    assert read(path) == refined


def test_a_refinement_that_reads_the_sample_otherwise_is_not_used(monkeypatch):
    made = ical_fast._memo_parser_class

    def dropping_a_line(*args):   # as if icalendar stored values otherwise: the last attendee lost
        cls = made(*args)

        class Otherwise(cls):
            def initialize_parsing(self):
                super().initialize_parsing()
                self._content_lines_iterator = iter([line for line in self._data if "lee@" not in line])

        return Otherwise

    monkeypatch.setattr(ical_fast, "_PARSER", [])
    monkeypatch.setattr(ical_fast, "_memo_parser_class", dropping_a_line)
    assert not ical_fast.fast(icalendar)
    text = (FIXTURES / "calendar" / "weekly.ics").read_text()
    assert shape(ical_fast.parse(text, icalendar)) == shape(icalendar.Calendar.from_ical(text, multiple=True))


def test_the_recurrence_shortcuts_are_used_with_the_installed_recurring_ical_events():
    from refgraph.sources import ical_expand

    assert ical_expand.selection() is not None
