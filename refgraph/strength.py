"""The relationship-strength model: pure functions, ``as_of`` passed in, every number in one table.

A relationship between an owner and a person is scored at a date ``as_of`` from the events up to
that date. Only real conversations (meeting, video, call) reset the recency clock; every other
channel is a *touch* that adds a little depth and never makes a stale tie fresh::

    n       = number of conversations;  t_last = last conversation (none: the first event)
    h(n)    = base + extra·(1 − 2^(−(n−1)/growth)) days       half-life: 90 d for one, towards 730 d
    F       = 2^(−(as_of − t_last)/h(n))                      freshness
    D_conv  = 1 − (1 − conversation_weight)^n
    x_day   = min(touch_day_cap, 1 − Π(1 − w)) over one day's touches
    D_touch = min(touch_cap, 1 − Π(1 − x_day)) over days
    S       = F · (1 − (1 − D_conv)(1 − D_touch))
    stale   = n = 0 or F < stale_freshness

The same conversation recorded by two sources (the CRM log and the calendar) counts once: on each
day, the conversations of the source that recorded the most are counted, the others repeat them. A touch the owner sent (direction ``outbound``) counts ``outbound_factor``
of its weight. With no
conversation at all the half-life is that of one conversation (``h(1)``). ``explain`` splits S into
one share per event that adds up to S exactly (fair shares): the conversations get
``F·D_conv·(1 − D_touch/2)`` and the touches the rest (the Shapley split of the two groups);
conversations divide theirs by their Shapley values in the game where a set of conversations is
worth what it would score alone (so the one that keeps the tie fresh gets at least an older one's
share, and equal ones equal shares); touches divide theirs by day in proportion to ``−log(1 − x_day)``.

Knows edges between two non-owners: ``strength × 2^(−days since last contact / knows_half_life)``.

Basis: Burt 2000 (decay slows as ties deepen), DotAlign's published decay, 4Degrees' meeting-size
rule. Every parameter lives in :data:`DEFAULTS` and can be overridden by the ``[strength]`` table of
a TOML config file (:func:`load_params`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Sequence

from .errors import RefgraphError
from .records import CHANNELS

__all__ = ["Params", "DEFAULTS", "load_params", "kept_aggregates_hold", "half_life", "freshness", "day_value", "score",
           "explain", "knows_strength", "Score", "Event", "Share", "decayed", "strength_sql"]



@dataclass(frozen=True)
class Params:
    """Every number of the model. Field names are the keys of the config's ``[strength]`` table."""

    conversation_channels: tuple[str, ...] = ("meeting", "video", "call")
    half_life_base_days: float = 90.0
    half_life_extra_days: float = 640.0
    half_life_growth: float = 6.0
    conversation_weight: float = 0.35
    touch_weights: Mapping[str, float] = field(default_factory=lambda: {
        "email": 0.04, "message": 0.04, "recommendation": 0.10, "endorsement": 0.02,
        "invitation": 0.01, "connection": 0.03, "note": 0.0, "large_meeting": 0.02})
    conversation_max_attendees: int = 8   # larger meetings are touches (channel large_meeting)
    knows_max_attendees: int = 5          # meetings up to this size are conversations between attendees; larger: no tie
    min_edge_strength: float = 0.0001     # weaker ties are not paths
    warm_path_strength: float = 0.3       # coverage: a path at least this strong is warm
    touch_day_cap: float = 0.10
    touch_cap: float = 0.25
    outbound_factor: float = 0.5
    stale_freshness: float = 0.5
    knows_strength: float = 0.5
    knows_half_life_days: float = 365.0
    booked_within_days: int = 30          # a real conversation this soon after as_of is the reconnect
    # [targets]: how senior a target is, most senior first (regular expressions on the title, any case);
    # cold paths are ranked by it. A title on no rung comes after them all.
    seniority: tuple[str, ...] = (
        r"\bchief\b|\bc(?:e|f|t|o|m|r|i|is|s|p|d|c|hr|x)o\b|(?<!vice[- ])\bpresident\b|\bfounder\b",
        r"\b[se]?vp\b|vice[- ]president|^(?:managing |senior |founding |equity |general )?partner\s*(?:$|[,(@|–—-]|at\b|of\b|in\b)",
        r"\bhead\b|\bdirector\b",
        r"\bmanager\b")

    def is_conversation(self, channel: str) -> bool:
        return channel in self.conversation_channels

    def is_real_conversation(self, channel: str, attendees: int | None) -> bool:
        """A conversation channel, and not a meeting of more than ``conversation_max_attendees``."""
        return self.is_conversation(channel) and (attendees is None or attendees <= self.conversation_max_attendees)

    def touch_weight(self, channel: str, direction: str | None = None) -> float:
        w = float(self.touch_weights.get(channel, 0.0))
        return w * self.outbound_factor if direction == "outbound" else w


DEFAULTS = Params()

# the parameters the store's kept aggregates (pair_stats, tie_stats) depend on; the rest apply at read
_AGGREGATE_FIELDS = ("conversation_channels", "conversation_max_attendees", "knows_max_attendees",
                     "touch_weights", "outbound_factor", "touch_day_cap")


def kept_aggregates_hold(p: Params) -> bool:
    """Whether the aggregates the store keeps at import (computed with :data:`DEFAULTS`) are valid
    under *p*; if not, reads aggregate the events themselves (slower, same result)."""
    return all(getattr(p, f) == getattr(DEFAULTS, f) for f in _AGGREGATE_FIELDS)


def load_params(path: Path | None) -> Params:
    """Read the ``[strength]`` table of a TOML file over :data:`DEFAULTS`; no file, no change."""
    if path is None or not Path(path).exists():
        return DEFAULTS
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RefgraphError(f"{path}: not a valid TOML file ({exc}) — fix the syntax or remove it") from None
    unknown_tables = sorted(set(data) - {"strength", "targets"})
    if unknown_tables:
        raise RefgraphError(f"{path}: unknown setting {', '.join(unknown_tables)} — put model settings "
                            "in a [strength] table, the seniority ladder in a [targets] table")
    targets = _targets(path, data.get("targets", {}))
    table = data.get("strength", {})
    known = {f for f in Params.__dataclass_fields__} - set(_TARGET_FIELDS)
    unknown = sorted(set(table) - known)
    if unknown:
        raise RefgraphError(f"{path}: unknown [strength] setting {', '.join(unknown)} — "
                            f"valid settings: {', '.join(sorted(known))}")
    values = dict(table)
    for name, value in values.items():
        default = getattr(DEFAULTS, name)
        if isinstance(default, (int, float)) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise RefgraphError(f"{path}: [strength] {name} must be a number, not {value!r} — "
                                f"e.g. {name} = {default:g}")
    limits = {"half_life_base_days": (1, None), "half_life_extra_days": (0, None), "half_life_growth": (0.01, None),
              "conversation_weight": (0.0001, 0.9999), "touch_day_cap": (0, 1), "touch_cap": (0, 1),
              "outbound_factor": (0, 1), "stale_freshness": (0, 1), "knows_strength": (0, 1),
              "knows_half_life_days": (1, None), "conversation_max_attendees": (1, None),
              "knows_max_attendees": (1, None), "min_edge_strength": (0, 1), "warm_path_strength": (0, 1),
              "booked_within_days": (0, None)}
    for name, (low, high) in limits.items():
        if name in values and not (values[name] >= low and (high is None or values[name] <= high)):
            span = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise RefgraphError(f"{path}: [strength] {name} = {values[name]!r} is out of range — use a value {span}")
    if "touch_weights" in values:
        weights = values["touch_weights"]
        bad = sorted(set(weights) - set(CHANNELS) - {"large_meeting"}) if isinstance(weights, dict) else ["(not a table)"]
        if bad:
            raise RefgraphError(f"{path}: unknown channel {', '.join(bad)} in [strength.touch_weights] — "
                                f"valid channels: {', '.join(CHANNELS)}")
        if any(isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 <= w <= 1 for w in weights.values()):
            raise RefgraphError(f"{path}: [strength.touch_weights] weights must be numbers from 0 to 1 — "
                                "e.g. email = 0.04")
        values["touch_weights"] = {**DEFAULTS.touch_weights, **weights}
    if "conversation_channels" in values:
        channels = values["conversation_channels"]
        if not isinstance(channels, list) or set(channels) - set(CHANNELS):
            raise RefgraphError(f"{path}: [strength] conversation_channels must be a list of channels — "
                                f"e.g. conversation_channels = [\"meeting\", \"video\", \"call\"]")
        values["conversation_channels"] = tuple(channels)
    return replace(DEFAULTS, **values, **targets)


_TARGET_FIELDS = ("seniority",)   # the [targets] table's settings; the rest are [strength]'s


def _targets(path, table) -> dict:
    """The ``[targets]`` table: ``seniority``, a list of regular expressions, most senior first."""
    import re

    unknown = sorted(set(table) - set(_TARGET_FIELDS)) if isinstance(table, dict) else ["(not a table)"]
    if unknown:
        raise RefgraphError(f"{path}: unknown [targets] setting {', '.join(unknown)} — valid settings: seniority")
    if "seniority" not in table:
        return {}
    ladder = table["seniority"]
    if not isinstance(ladder, list) or not all(isinstance(r, str) and r for r in ladder):
        raise RefgraphError(f"{path}: [targets] seniority must be a list of title patterns, most senior first — "
                            'e.g. seniority = ["chief|ceo|cfo", "vp|vice president", "head|director", "manager"]')
    for rung in ladder:
        try:
            re.compile(rung)
        except re.error as exc:
            raise RefgraphError(f"{path}: [targets] seniority: {rung!r} is not a valid regular expression ({exc}) "
                                "— e.g. \"vp|vice president\"") from None
    return {"seniority": tuple(ladder)}


def decayed(value: float, days: float, half_life_days: float) -> float:
    """Exponential decay by half-lives.

    >>> decayed(1.0, days=180, half_life_days=180)
    0.5
    """
    return value * 2.0 ** (-max(days, 0.0) / half_life_days)


def half_life(n: int, p: Params = DEFAULTS) -> float:
    """Half-life in days after *n* conversations (none counts as one).

    >>> half_life(1)
    90.0
    >>> round(half_life(100))
    730
    """
    n = max(n, 1)
    key = (n, p.half_life_base_days, p.half_life_extra_days, p.half_life_growth)
    h = _HALF_LIVES.get(key)
    if h is None:
        h = _HALF_LIVES[key] = p.half_life_base_days + p.half_life_extra_days * (1 - 2.0 ** (-(n - 1) / p.half_life_growth))
    return h


_HALF_LIVES: dict[tuple, float] = {}


def freshness(n: int, t_last: date, as_of: date, p: Params = DEFAULTS) -> float:
    """``F = 2^(−(as_of − t_last)/h(n))``.

    >>> freshness(1, date(2024, 1, 1), date(2024, 3, 31))
    0.5
    """
    return decayed(1.0, (as_of - t_last).days, half_life(n, p))


def day_value(weights: Iterable[float], p: Params = DEFAULTS) -> float:
    """One day's touch value: ``min(touch_day_cap, 1 − Π(1 − w))``.

    >>> round(day_value([0.04, 0.04]), 4)
    0.0784
    >>> day_value([0.04] * 50)
    0.1
    """
    return min(p.touch_day_cap, 1.0 - math.prod(1.0 - w for w in weights))


class Score(NamedTuple):
    strength: float
    freshness: float
    conversations: int
    last_conversation: date | None
    clock_start: date | None      # t_last: last conversation, else the first event
    half_life: float
    d_conv: float
    d_touch: float
    stale: bool


def score(n: int, last_conversation: date | None, first_event: date | None,
          day_values: Iterable[float], as_of: date, p: Params = DEFAULTS, touch_keep: float | None = None) -> Score:
    """Strength from per-pair aggregates of the events up to *as_of*.

    *n* and *last_conversation* count conversations on or before *as_of*; *day_values* are the
    per-day touch values (:func:`day_value`) of days on or before *as_of*, or *touch_keep* is their
    ``Π(1 − x_day)`` already (as the store's SQL aggregates give it).

    >>> s = score(1, date(2024, 1, 1), date(2023, 5, 1), [], date(2024, 1, 1))
    >>> s.strength, s.stale
    (0.35, False)
    """
    clock = last_conversation if n > 0 else first_event
    if clock is None:
        return Score(0.0, 0.0, 0, None, None, half_life(0, p), 0.0, 0.0, True)
    h = half_life(n, p)
    f = 2.0 ** (-max((as_of - clock).days, 0) / h)   # freshness(), inlined: this runs per pair
    d_conv = 1.0 - (1.0 - p.conversation_weight) ** n
    keep = touch_keep if touch_keep is not None else math.prod(1.0 - x for x in day_values)
    d_touch = min(p.touch_cap, 1.0 - keep)
    s = f * (1.0 - (1.0 - d_conv) * (1.0 - d_touch))
    return Score(s, f, n, last_conversation if n else None, clock, h, d_conv, d_touch,
                 n == 0 or f < p.stale_freshness)


def strength_sql(as_of: date, p: Params = DEFAULTS, n: str = "n", last: str = "last", first: str = "first",
                 keep: str = "keep") -> tuple[str, list]:
    """The strength :func:`score` gives, as an SQL expression over a row's aggregates (columns
    *n* conversations, *last* conversation, *first* event, *keep* = Π(1 − x_day)), with its
    arguments: reads that only want pairs at least so strong can leave the rest unread. SQL and
    Python round differently in the last bits, so compare with a hair of slack.

    >>> import sqlite3
    >>> sql, args = strength_sql(date(2024, 1, 1))
    >>> row = "SELECT 1 AS n, '2024-01-01' AS last, '2023-05-01' AS first, 1.0 AS keep"
    >>> round(sqlite3.connect(":memory:").execute(f"SELECT {sql} FROM ({row})", args).fetchone()[0], 12)
    0.35
    """
    ln2 = math.log(2.0)
    h = (f"(CASE WHEN {n} <= 1 THEN ? ELSE ? + ? * (1.0 - exp(-({n} - 1) * ? / ?)) END)")
    days = f"max(julianday(?) - julianday(CASE WHEN {n} > 0 THEN {last} ELSE {first} END), 0.0)"
    sql = (f"exp(-{days} * ? / {h}) * (1.0 - exp({n} * ?) * (1.0 - min(?, 1.0 - {keep})))")
    args = [as_of.isoformat(), ln2, p.half_life_base_days, p.half_life_base_days, p.half_life_extra_days, ln2,
            p.half_life_growth, math.log(1.0 - p.conversation_weight), p.touch_cap]
    return sql, args


@dataclass(frozen=True)
class Event:
    """One interaction as the model sees it (``ref`` is whatever the caller wants back)."""

    day: date
    channel: str
    direction: str | None = None
    ref: object = None
    attendees: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class Share:
    event: Event
    kind: str          # "conversation" or "touch"
    weight: float      # conversation: conversation_weight; touch: its weight w
    share: float       # its part of the strength; the shares add up to the strength


def explain(events: Sequence[Event], as_of: date, p: Params = DEFAULTS) -> tuple[Score, list[Share]]:
    """Score the events up to *as_of* and attribute the strength to each of them exactly.

    >>> ev = [Event(date(2024, 1, 1), "call"), Event(date(2024, 1, 1), "email")]
    >>> s, shares = explain(ev, date(2024, 1, 1))
    >>> round(s.strength, 4), round(sum(x.share for x in shares), 4)
    (0.376, 0.376)
    """
    past = sorted((_sized(e, p) for e in events if e.day <= as_of), key=lambda e: e.day)
    convs = [e for e in past if p.is_conversation(e.channel)]
    touches = [e for e in past if not p.is_conversation(e.channel)]
    by_day: dict[date, list[Event]] = {}
    for e in touches:
        by_day.setdefault(e.day, []).append(e)
    values = {d: day_value([p.touch_weight(e.channel, e.direction) for e in evs], p)
              for d, evs in by_day.items()}
    counted = _counted_conversations(convs)
    s = score(len(counted), convs[-1].day if convs else None, past[0].day if past else None,
              values.values(), as_of, p)
    shares: list[Share] = []
    # the two groups split S as a two-player Shapley game: conversations F·D_conv, touches F·D_touch,
    # and their overlap F·D_conv·D_touch halved between them
    conv_total = s.freshness * s.d_conv * (1.0 - s.d_touch / 2)
    touch_total = s.strength - conv_total if convs else s.strength
    kept = [e for i, e in enumerate(convs) if i in counted]
    fair = _conversation_shapley([e.day for e in kept], as_of, 1.0 - s.d_touch / 2, p) if kept else []
    fair_of = dict(zip((i for i in range(len(convs)) if i in counted), fair))
    for i, e in enumerate(convs):   # conversations another source already recorded that day: share 0
        if i not in counted:
            shares.append(Share(e, "conversation", 0.0, 0.0))
            continue
        shares.append(Share(e, "conversation", p.conversation_weight, fair_of[i]))
    # touches: each day's part of the touch group in proportion to −log(1 − x_day) (the depth it
    # adds), a day's touches in proportion to −log(1 − w)
    hazard = {d: -math.log1p(-v) for d, v in values.items()}
    hazard_sum = math.fsum(hazard.values())
    for d, evs in by_day.items():
        day_part = touch_total * hazard[d] / hazard_sum if hazard_sum else 0.0
        ws = [p.touch_weight(e.channel, e.direction) for e in evs]
        hs = [-math.log1p(-min(w, 1.0 - 1e-12)) for w in ws]
        hsum = math.fsum(hs)
        for e, w, h in zip(evs, ws, hs):
            shares.append(Share(e, "touch", w, day_part * h / hsum if hsum else 0.0))
    shares.sort(key=lambda x: (x.event.day, x.kind != "conversation"))
    return s, shares


def _conversation_shapley(days: Sequence[date], as_of: date, scale: float, p: Params) -> list[float]:
    """The Shapley value of each conversation (*days* in date order) in the game where a set of
    conversations is worth ``scale · F · D_conv`` of its own: its count *k* gives ``D_conv`` and the
    half-life, its latest day the freshness (the empty set is worth 0). Exact, in O(n²): a set is
    summed by its size and its latest member. Conversations on one day get equal shares; a later
    one never less than an earlier one.

    >>> [round(x, 4) for x in _conversation_shapley([date(2024, 1, 1)] * 2, date(2024, 1, 1), 1.0, DEFAULTS)]
    [0.2887, 0.2887]
    """
    n = len(days)
    w = 1.0 - p.conversation_weight

    def g(k: int, day: date) -> float:
        if k == 0:
            return 0.0
        return scale * 2.0 ** (-max((as_of - day).days, 0) / half_life(k, p)) * (1.0 - w ** k)

    phi = [g(1, d) / n for d in days]   # sets of size 0
    for size in range(1, n):
        norm = n * math.comb(n - 1, size)
        # a set of this size without the player, summed by its latest member m (1-based positions)
        before = [0.0] * (n + 2)   # before[q] = Σ_{m<q} C(m−1, size−1)·g(size, d_m) / norm
        for m in range(1, n + 1):
            before[m + 1] = before[m] + math.comb(m - 1, size - 1) / norm * g(size, days[m - 1])
        after = [0.0] * (n + 2)    # after[q] = Σ_{m>q} C(m−2, size−1)·(g(size+1, d_m) − g(size, d_m)) / norm
        for m in range(n, 1, -1):
            after[m - 1] = after[m] + math.comb(m - 2, size - 1) / norm * (g(size + 1, days[m - 1]) - g(size, days[m - 1]))
        for pos in range(1, n + 1):
            lead = math.comb(pos - 1, size)
            phi[pos - 1] += (lead / norm * g(size + 1, days[pos - 1]) if lead else 0.0) - before[pos] + after[pos]
    by_day: dict[date, list[int]] = {}
    for i, d in enumerate(days):
        by_day.setdefault(d, []).append(i)
    for same in by_day.values():   # equal roles, equal shares (floating point aside)
        mean = math.fsum(phi[i] for i in same) / len(same)
        for i in same:
            phi[i] = max(mean, 0.0)
    return phi


def _counted_conversations(convs: Sequence[Event]) -> set[int]:
    """Indexes of the conversations that count: on each day, those of the source that recorded the
    most (two sources recording one meeting is one conversation; two calls in one log are two)."""
    by_day: dict[date, dict[object, list[int]]] = {}
    for i, e in enumerate(convs):
        by_day.setdefault(e.day, {}).setdefault(e.source, []).append(i)
    counted: set[int] = set()
    for sources in by_day.values():
        counted.update(max(sources.values(), key=len))   # ties: the first source seen that day
    return counted


def _sized(e: Event, p: Params) -> Event:
    """A conversation with more than ``conversation_max_attendees`` people is a ``large_meeting`` touch."""
    if p.is_conversation(e.channel) and not p.is_real_conversation(e.channel, e.attendees):
        return replace(e, channel="large_meeting")
    return e


def knows_strength(strength: float | None, last_contact: date | None, as_of: date,
                   p: Params = DEFAULTS) -> float:
    """A knows edge: ``strength × 2^(−days since last_contact / knows_half_life_days)``.

    >>> knows_strength(None, date(2023, 1, 1), date(2024, 1, 1))
    0.25
    """
    base = p.knows_strength if strength is None else strength
    if last_contact is None:
        return base
    return decayed(base, (as_of - last_contact).days, p.knows_half_life_days)


def round_shares(values: Sequence[float], total: float, decimals: int = 3) -> list[float]:
    """Round *values* so they add up exactly to ``round(total, decimals)`` (largest remainder).

    >>> round_shares([0.3334, 0.3333, 0.3333], 1.0, 3)
    [0.334, 0.333, 0.333]
    """
    scale = 10 ** decimals
    target = round(round(total, decimals) * scale)   # round(total, d) first: exact decimal rounding
    floors = [math.floor(v * scale) for v in values]
    rest = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] * scale - floors[i]), i))
    for i in order[:max(rest, 0)]:
        floors[i] += 1
    return [f / scale for f in floors]
