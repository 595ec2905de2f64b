"""What ``recurring-ical-events`` is asked for when a calendar is expanded: :func:`selection`.

The library copies the whole VEVENT for each occurrence and builds a recurrence rule set even for
an event that happens once; a big export has 20,000 of those. Through the library's extension
points (a component selection, an event adapter, its series), each occurrence here is the VEVENT
and its start (:class:`Occurrence`), an event that happens once is answered without a rule set
(:class:`_OneOff`), and a series with a rule stops after :data:`MAX_OCCURRENCES` occurrences (a
rule that never ends never runs on). The batch is the one the library gives when used plainly
(``tests/test_calendar.py::test_shortcuts_match_the_libraries``); a library without these extension
points gives ``None`` here, and the calendar reader then uses it plainly.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

__all__ = ["selection", "Occurrence", "MAX_OCCURRENCES"]


class Occurrence:
    """One occurrence as ``recurring-ical-events`` finds it: its VEVENT and its start. The library
    would copy the whole VEVENT for each one; only the start differs."""

    __slots__ = ("event", "start")

    def __init__(self, event, start):
        self.event = event
        self.start = start

    def __setitem__(self, name, value):   # the library sets SEQUENCE on some occurrences: not read
        pass

    def as_component(self, keep_recurrence_attributes):   # a one-off event's (see _OneOff)
        return self


class _OneOff:
    """A VEVENT that is its UID's only one, without RRULE, RDATE, EXDATE, RECURRENCE-ID or DURATION,
    whose DTEND is of the same kind as its DTSTART and not before it: its one occurrence is its own
    start. Stands in for the library's series, giving what the series would give (the start goes
    through the same ``+ timedelta(0)``, which drops a ``fold``, as the library's does; it is in the
    span by the library's own test) without building a recurrence rule set for it."""

    __slots__ = ("event", "start", "end")

    def __init__(self, event, start, end):
        self.event = event
        self.start = start
        self.end = end

    def between(self, span_start, span_stop):
        from recurring_ical_events.util import time_span_contains_event

        start = self.start + timedelta(0)
        end = start + (self.end - self.start)
        if time_span_contains_event(span_start, span_stop, start, end):
            return (Occurrence(self.event, start),)
        return ()


MAX_OCCURRENCES = 5000   # of one series: a daily meeting for 13 years (more is a broken or hostile rule)


def _has_rule(series) -> bool:
    """Whether a library series repeats by a rule (RRULE), as this library version builds series
    (a rule set for RDATEs, then one rule per RRULE)."""
    recurrence = getattr(series, "recurrence", None)
    return (getattr(recurrence, "has_core", False) and len(getattr(recurrence, "rrules", ())) > 1
            and hasattr(recurrence, "tzinfo") and hasattr(recurrence.core, "_event"))


class _Capped:
    """A series with a rule (RRULE), stopped after :data:`MAX_OCCURRENCES` occurrences: the rule's
    starts are counted one at a time first (``FREQ=SECONDLY`` without an end never ends), and the
    library is asked only up to the first start past the limit, so it never lists more."""

    __slots__ = ("series", "event", "cut")

    def __init__(self, series):
        self.series = series
        self.event = series.recurrence.core._event   # the series' own VEVENT (its rule)
        self.cut = False

    def between(self, span_start, span_stop):
        import heapq
        from itertools import islice

        from recurring_ical_events.util import convert_to_datetime

        recurrence = self.series.recurrence
        stop = convert_to_datetime(span_stop, recurrence.tzinfo)
        seen, last = 0, None
        for start in heapq.merge(*recurrence.rrules):   # each rule lazily, in order
            if start > stop:
                break
            if start != last:
                seen, last = seen + 1, start
                if seen > MAX_OCCURRENCES:
                    self.cut = True
                    return islice(self.series.between(span_start, start), MAX_OCCURRENCES)
        return self.series.between(span_start, span_stop)


_RECURRING = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION")


def _one_off(event) -> _OneOff | None:
    if any(name in event for name in _RECURRING) or "DTEND" not in event:
        return None
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    if isinstance(start, datetime):
        if not isinstance(end, datetime) or (start.tzinfo is None) != (end.tzinfo is None) \
                or hasattr(start.tzinfo, "localize") or hasattr(end.tzinfo, "localize"):   # pytz
            return None
    elif not isinstance(start, date) or not isinstance(end, date) or isinstance(end, datetime):
        return None
    if end < start:
        return None
    return _OneOff(event, start, end)


_SELECTION = []


def selection():
    """What ``recurring-ical-events`` is asked for: every VEVENT, grouped into series by UID as the
    library groups them, one-off events answered by :class:`_OneOff`, the rest by the library's
    own series with an adapter that gives :class:`Occurrence` instead of a copied VEVENT.
    ``None`` when this recurring-ical-events has no such extension points."""
    if not _SELECTION:
        import contextlib

        try:
            from recurring_ical_events import ComponentsWithName, EventAdapter, Series
        except ImportError:
            _SELECTION.append(None)
            return None

        class EventOccurrences(EventAdapter):
            def __init__(self, component):
                super().__init__(component)
                self._event = component

            def as_component(self, start=None, stop=None, keep_recurrence_attributes=True):
                return Occurrence(self._event, self.start if start is None else start)

        class Events(ComponentsWithName):
            def __init__(self):
                super().__init__("VEVENT", EventOccurrences)
                self.capped: list[_Capped] = []   # the series with a rule

            def collect_series_from(self, source, suppress_errors):
                by_uid: dict[str, list] = {}
                for component in source.walk("VEVENT"):
                    adapter = EventOccurrences(component)
                    by_uid.setdefault(adapter.uid, []).append(adapter)
                result = []
                for adapters in by_uid.values():
                    one_off = _one_off(adapters[0]._event) if len(adapters) == 1 else None
                    if one_off is not None:
                        result.append(one_off)
                        continue
                    with contextlib.suppress(suppress_errors):
                        series = Series(adapters)
                        if _has_rule(series):
                            series = _Capped(series)
                            self.capped.append(series)
                        result.append(series)
                return result

        _SELECTION.append(Events)
    return _SELECTION[0]() if _SELECTION[0] else None
