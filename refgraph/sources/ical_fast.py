"""icalendar's own parser, refined to read big exports fast: :func:`parse` is what the calendar
reader calls.

An export repeats the same content lines thousands of times (the owner's ATTENDEE line, the
organizer, DTSTAMP, STATUS …), and a line always parses to the same values — until a VTIMEZONE
ends, which can change what a TZID means. The refined parser parses each distinct content line
(and each distinct ``NAME;PARAMS`` prefix) once, and leaves unparsed the event properties nothing
reads. It subclasses icalendar's ``CalendarIcalParser`` and reaches into names icalendar does not
promise to keep (``Contentline``, ``UFOLD``, ``Calendar._get_component_factory``, the dict under
``CaselessDict``). So before its first use in a process it checks that those names are there and
that it reads a sample calendar exactly as ``icalendar.Calendar.from_ical`` does; if not (another
icalendar version), :func:`parse` is ``Calendar.from_ical(text, multiple=True)``, slower and the same.
``tests/test_calendar_hostile.py`` reads every calendar both ways and holds the results equal.
"""
from __future__ import annotations

import re
from datetime import datetime

__all__ = ["parse", "fast"]

# A fold (RFC 5545 3.1): a line break followed by a space or a tab. icalendar's own pattern also
# swallows blank lines before the fold; where none can be involved this shorter one gives the same text.
_FOLD = re.compile(r"\r?\n[ \t]")
_BLANK_THEN_FOLD = ("\n\n ", "\n\n\t", "\n\r\n ", "\n\r\n\t")
# Properties whose parsing depends on more than the line itself (icalendar handles them apart).
_NOT_REMEMBERED = {"CATEGORIES", "FREEBUSY", "RDATE"}
# Event properties that nothing in the calendar reader (nor recurring-ical-events, nor x-wr-timezone)
# reads: not parsed at all. Only skipped inside components where icalendar tolerates bad lines
# anyway (VEVENT), so no file that failed before passes now.
_UNREAD = {"DESCRIPTION", "X-ALT-DESC", "LOCATION", "DTSTAMP", "CREATED", "LAST-MODIFIED", "TRANSP",
           "ATTACH", "CONFERENCE", "X-GOOGLE-CONFERENCE"}
# The parser class and its factories, made once: [] not yet, [None] this icalendar is not the one
# the refined parser was written for (icalendar's own parser then reads every line)
_PARSER: list = []


def parse(text: str, icalendar) -> list:
    """The VCALENDAR objects in *text*, as ``icalendar.Calendar.from_ical(text, multiple=True)``
    gives them (but for the unread event properties above); its ``ValueError`` on a bad file."""
    made = _parser_class(icalendar)
    if made is None:
        return icalendar.Calendar.from_ical(text, multiple=True)
    cls, (components, types) = made
    try:
        return cls(text, components, types).parse()
    except (AttributeError, TypeError, KeyError, IndexError):   # the refinement's fault, or the input's
        return icalendar.Calendar.from_ical(text, multiple=True)   # (then the plain parser says so too)


def fast(icalendar) -> bool:
    """Whether :func:`parse` uses the refined parser with this icalendar."""
    return _parser_class(icalendar) is not None


def _parser_class(icalendar):
    if not _PARSER:
        _PARSER.append(_make(icalendar))
    return _PARSER[0]


def _make(icalendar):
    """``(parser class, (component factory, types factory))``, or ``None`` when this icalendar's
    parser is not as the refinement expects: a name missing, or a sample read otherwise."""
    try:
        from icalendar.caselessdict import CaselessDict
        from icalendar.parser.content_line import UFOLD, Contentline
        from icalendar.parser.ical import CalendarIcalParser

        try:
            from icalendar.parser.property import unescape_backslash as unescape
        except ImportError:
            unescape = None
        factories = (icalendar.Calendar._get_component_factory(), icalendar.Calendar.types_factory)
        store = CaselessDict.__mro__[1]   # what CaselessDict stores in (an OrderedDict)
        if not issubclass(store, dict) or not all(callable(getattr(CalendarIcalParser, name, None)) for name in (
                "initialize_parsing", "parse_content_lines", "parse_and_add_property", "handle_begin_component",
                "handle_end_component", "handle_property", "handle_line_parse_error", "parse")) \
                or not all(callable(getattr(Contentline, name, None)) for name in ("parts", "raw_parts")):
            return None
        cls = _memo_parser_class(CalendarIcalParser, Contentline, UFOLD, unescape, store)
        if not _reads_as_icalendar(cls, factories, icalendar):
            return None
    except Exception:   # (ImportError, AttributeError, or anything the sample raises)
        return None
    return cls, factories


# A calendar with what the refinement takes short cuts on: lines repeated (within a component and
# across), a NAME;PARAMS prefix seen again, a property given twice, a time zone defined and used,
# folded lines, a nested VALARM and a line icalendar reads into a broken value.
_SAMPLE = "\r\n".join((
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//refgraph//sample//EN", "X-WR-TIMEZONE:Europe/Berlin",
    "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE",
    "BEGIN:VEVENT", "UID:one", "DTSTART;TZID=Europe/Berlin:20260302T100000",
    "DTEND;TZID=Europe/Berlin:20260302T110000", "SUMMARY:Weekly\\, with a comma",
    "RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE;TZID=Europe/Berlin:20260309T100000",
    "ORGANIZER;CN=Alex:mailto:alex@example.com",
    "ATTENDEE;CN=Alex;PARTSTAT=ACCEPTED:mailto:alex@example.com",
    "ATTENDEE;CN=\"Lee, Sam\";PARTSTAT=NEEDS-ACTION:mailto:lee@exam", " ple.com",
    "STATUS:CONFIRMED", "SEQUENCE:1", "BEGIN:VALARM", "ACTION:EMAIL",
    "ATTENDEE:mailto:alex@example.com", "TRIGGER:-PT10M", "END:VALARM", "END:VEVENT",
    "BEGIN:VEVENT", "UID:two", "DTSTART;TZID=Europe/Berlin:20260303T100000",
    "DTEND;TZID=Europe/Berlin:20260303T110000", "DTSTART:20260304T100000Z", "SUMMARY:Weekly\\, with a comma",
    "ORGANIZER;CN=Alex:mailto:alex@example.com",
    "ATTENDEE;CN=Alex;PARTSTAT=ACCEPTED:mailto:alex@example.com",
    "ATTENDEE;CN=Ivan;PARTSTAT=DECLINED:mailto:ivan@example.com", "STATUS:CONFIRMED", "SEQUENCE:x",
    "RECURRENCE-ID;VALUE=DATE:20260303", "CATEGORIES:a,b", "CATEGORIES:c", "END:VEVENT",
    "BEGIN:VEVENT", "UID:three", "DTSTART;VALUE=DATE:20260305", "DTEND;VALUE=DATE:20260306",
    "ATTENDEE;CN=Alex;PARTSTAT=ACCEPTED:mailto:alex@example.com", "RDATE;VALUE=DATE:20260310,20260311",
    "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR", ""))


def _reads_as_icalendar(cls, factories, icalendar) -> bool:
    """Whether *cls* reads the sample as icalendar's own parser does (the same calendars, property
    for property, value types and errors included)."""
    ours = cls(_SAMPLE, *factories).parse()
    theirs = icalendar.Calendar.from_ical(_SAMPLE, multiple=True)
    return _shape(ours) == _shape(theirs)


def _shape(calendars) -> list:
    found = []
    for calendar in calendars:
        for component in calendar.walk():
            found.append((component.name, component.to_ical(), list(getattr(component, "errors", ())),
                          [(name, [type(v).__name__ for v in (value if isinstance(value, list) else [value])])
                           for name, value in component.items()]))
    return found


def _name(line: str) -> str:
    """The property name a content line starts with (names hold no ``;``, ``:`` or quotes)."""
    end = len(line)
    for sep in (";", ":"):
        at = line.find(sep, 0, end)
        if at >= 0:
            end = at
    return line[:end].upper()


def _content_lines(text: str, ufold) -> list[str]:
    """The unfolded content lines of *text*, exactly as ``icalendar.parser.Contentlines.from_ical``
    splits them (icalendar's UFOLD pattern where blank lines precede a fold), without making every
    line an object first."""
    if any(s in text for s in _BLANK_THEN_FOLD):
        text = ufold.sub("", text)
    else:
        text = _FOLD.sub("", text)
    return [line for line in text.replace("\r\n", "\n").split("\n") if line]


def _memo_parser_class(base, contentline, ufold, unescape, store_class):
    """icalendar's calendar parser, refined (its template methods) to parse each distinct content
    line once, the memory cleared where a VTIMEZONE ends. Lines icalendar cannot parse, or parses
    into a broken value, are parsed again every time, so errors are raised or recorded exactly as
    before."""

    class MemoParser(base):
        def initialize_parsing(self):
            if not isinstance(self._data, list):
                self._data = _content_lines(self._data, ufold)
            super().initialize_parsing()
            self._known = {}   # property line -> ((name, value), …) it adds to its component
            self._marks = {}   # BEGIN/END line -> (is BEGIN, component name)
            self._adds = None  # while a property line is parsed: what it added; None: don't remember

        def parse_content_lines(self):
            known, marks, unread, heads, stack = self._known, self._marks, set(), {}, self._stack
            contains, store = store_class.__contains__, store_class.__setitem__
            for line in self._content_lines_iterator:
                if not line:
                    continue
                adds = known.get(line)
                if adds is not None and stack:
                    component = stack[-1]
                    for name, value in adds:
                        # Component.add(name, value, encode=False) of a first value that is not a
                        # list nor a datetime only stores it, under the name upper-cased (as it is)
                        if isinstance(value, (list, datetime)) or contains(component, name):
                            component.add(name, value, encode=False)
                        else:
                            store(component, name, value)
                    continue
                mark = marks.get(line)
                if mark is not None:
                    if mark[0]:
                        self.handle_begin_component(mark[1])
                    else:
                        self.handle_end_component(mark[1])
                    continue
                if line in unread or _name(line) in _UNREAD:
                    unread.add(line)
                    if stack and stack[-1].ignore_exceptions:
                        continue
                content_line = line if isinstance(line, contentline) else contentline(line)
                head = None
                at = line.find(":")
                if at > 0:
                    prefix = line[:at]
                    head = heads.get(prefix)
                    if head is None:
                        head = heads[prefix] = self._head(prefix)
                if head:
                    name, params = head
                    vals = unescape(line[at + 1:])
                else:
                    try:
                        name, params, vals = content_line.parts()
                    except ValueError as e:
                        self.handle_line_parse_error(e)
                        continue
                uname = name.upper()
                if uname == "BEGIN":
                    marks[line] = (True, vals)
                    self.handle_begin_component(vals)
                elif uname == "END":
                    marks[line] = (False, vals)
                    self.handle_end_component(vals)
                elif not stack or uname in _NOT_REMEMBERED:
                    self.handle_property(uname, params, vals, content_line)
                else:
                    self._adds = []
                    try:
                        self.handle_property(uname, params, vals, content_line)
                        if self._adds is not None:
                            known[line] = tuple(self._adds)
                    finally:
                        self._adds = None

        @staticmethod
        def _head(prefix: str):
            """``(name, parameters)`` of every line starting with *prefix* and then ``:``, or ``()``:
            icalendar splits a line at its first ``:`` outside quotes and not after a backslash, so
            where the prefix has neither, the name and parameters are those of ``prefix:`` alone (and
            the value is the rest, unescaped as ``Contentline.parts`` does). Parsed once per prefix:
            an export has a handful of ``DTSTART;TZID=…`` and one ``UID`` for thousands of lines.
            Anything else, or a prefix icalendar refuses, goes the whole line's way, errors and all."""
            if unescape is None or '"' in prefix or "\\" in prefix:
                return ()
            try:
                name, params, _ = contentline(prefix + ":").raw_parts()
            except ValueError:
                return ()
            return name, params

        def parse_and_add_property(self, name, params, val, tzid, line):
            component = self.component
            errors = len(component.errors)
            super().parse_and_add_property(name, params, val, tzid, line)
            if self._adds is None:
                return
            if len(component.errors) != errors:   # a broken value: parse it again each time
                self._adds = None
                return
            value = component[name]
            self._adds.append((name, value[-1] if isinstance(value, list) else value))

        def handle_end_component(self, vals):
            super().handle_end_component(vals)
            if vals.upper() == "VTIMEZONE":
                self._known.clear()

    return MemoParser
