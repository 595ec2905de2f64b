"""What the library answers: data, not text.

A query returns :class:`Rows` (a list of row dicts) or a :class:`Report` (``data`` for JSON and
notebooks, ``rows`` for CSV and ``to_frame()``). A report that the terminal shows as more than one
table carries the few facts that only the terminal shows (the answer's date, whose paths, the
unrounded figures of a title) in fields of its own; :mod:`refgraph.view` makes the titles, tables
and footers of them. Nothing here formats text, and nothing here imports the rest of the package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Rows", "OwnerRows", "CoverageRows", "PeopleRows", "ChangesRows", "Report", "AskReport", "PathsReport", "WhyReport", "Relationship", "ReconnectPlan",
           "OutcomesReport"]


class Rows(list):
    """A list of row dicts; ``to_frame()`` makes a pandas DataFrame of it."""

    columns: list[str] = []

    def __init__(self, rows=(), columns=None):
        super().__init__(rows)
        self.columns = list(columns) if columns else (list(self[0]) if self else [])

    @property
    def data(self) -> list[dict]:
        """The same document as the command's ``--json``: the rows."""
        return list(self)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self), columns=self.columns or None)


class OwnerRows(Rows):
    """Rows about an owner's relationships, saying *no_conversations* when the owner (``owner``;
    ``None``: the team, every owner) has no real conversation in the store at all."""

    no_conversations: bool = False
    owner: str | None = None

    def missing(self) -> list[str] | None:
        """Whose conversations are missing, as :func:`refgraph.view.no_conversations` takes them."""
        return [self.owner] if self.owner else None


class CoverageRows(OwnerRows):
    """``coverage``: one row per account."""


class PeopleRows(OwnerRows):
    """``people``: one row per person (an empty ``--stale`` list says *no_conversations*)."""


class ChangesRows(Rows):
    """``changes``: one row per job move, newest first, seen from *since* to *as_of* at *account*
    (``""``: every target account)."""

    since: date | None = None
    as_of: date | None = None
    account: str = ""


@dataclass
class Report:
    """A nested answer: ``data`` for JSON, ``rows`` (flat) for CSV and ``to_frame()``."""

    data: Any
    rows: Rows = field(default_factory=Rows)

    def to_frame(self):
        return self.rows.to_frame()


@dataclass
class PathsReport(Report):
    """The warm paths into an account (``data``: one dict per path, best first)."""

    account: str = ""
    owner: str | None = None        # whose paths; None for the team's
    as_of: date | None = None
    total: int = 0                  # how many paths the search found
    max_hops: int = 3
    all_paths: bool = False         # every path, not at most two per connector and target
    no_path: str = ""               # why there is none, when ``data`` is empty
    no_conversations: bool = False  # the owner (the team) has no real conversation in the store at all
    colleagues: list[dict] = field(default_factory=list)   # {company, count}: colleagues left out as targets
    paths: list = field(default_factory=list)   # the search's paths (nodes, edges with their evidence), as in ``data``


@dataclass
class Relationship:
    """One owner's relationship in :class:`WhyReport`, unrounded (the JSON rounds to four places)."""

    owner: str
    strength: float
    freshness: float
    half_life: float
    stale: bool
    conversations: int
    last_conversation: date | None
    events: list[dict]              # the JSON's events, in order
    weights: list[float]            # each event's weight and share, unrounded
    shares: list[float]
    reciprocity: dict = field(default_factory=lambda: {"given": [], "received": []})   # as the JSON's


@dataclass
class WhyReport(Report):
    """The evidence behind a person's relationships (``data``: the person, as ``why --json``)."""

    as_of: date | None = None
    relationships: list[Relationship] = field(default_factory=list)   # strongest first, as in ``data``
    all_events: bool = False        # the terminal shows every event, not only the most recent


@dataclass
class ReconnectPlan(Report):
    """Whom to call (``data``: one dict per call, in plan order)."""

    as_of: date | None = None
    owner: str | None = None        # whose plan; None for the team's
    account: str = ""               # only paths into this account
    per_day: int = 5
    left_out: list[dict] = field(default_factory=list)   # {name, owner, day, subject}: booked already
    colleagues: list[dict] = field(default_factory=list)   # {company, count}: colleagues left out
    no_conversations: list[str] = field(default_factory=list)   # owners with no real conversation stored
    all_silent: bool = False        # no owner of the plan has one
    start: date | None = None       # the plan's first day
    start_in_past: bool = False     # a start before as_of


@dataclass
class AskReport(Report):
    """The brief for one referral ask (``data``: as ``ask --json``; ``rows``: its lines by section)."""

    as_of: date | None = None
    recorded: dict | None = None    # with --record: the introduction as planned ({via, to, status, date, added})


@dataclass
class OutcomesReport(Report):
    """How the asks went and how well the strength model predicted them (``data``: as
    ``outcomes --json``; ``rows``: the bands, then reconnect first or not)."""

    as_of: date | None = None
    owner: str | None = None        # whose asks; None for every owner's
    toml: str = ""                  # with a fit: the [strength] table to paste into refgraph.toml
