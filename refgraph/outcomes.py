"""Outcomes of the introductions asked for, and how well the strength model predicted them.

An *ask* is an introduction with a step past ``planned``: its day is that of its first ``asked``
step (else of its first step past ``planned``: an introduction logged straight as introduced or
met). It was *introduced* when a later step (or that one) is ``introduced`` or ``met``; declined or
unanswered when a step says so and none says introduced; still *open* otherwise (asked, nothing
since), and then left out of the scores and counted apart. Only steps up to ``as_of`` count.

For each ask: the path's strength at the ask's day (owner → connector × connector → target, each
read at that day), and whether a reconnect came first (a real conversation between the owner and
the connector on the day of the ask or in the :data:`RECONNECT_DAYS` days before it). The report
counts asks, introductions, meetings and the rate by strength band and by reconnect first, then
scores "strength at the ask" against "introduced": the Brier score and the area under the ROC
curve (rank sums, ties counted half), with a plain warning below :data:`MIN_ASKS` asks.

:func:`fit` fits the two reading-time parameters ``half_life_base_days`` and
``conversation_weight`` to the outcomes by maximum likelihood (P(introduced) = the path's
strength, clipped to [0.001, 0.999]) with a prior towards the defaults, on a coarse grid then finer
ones. An owner's relationships are scored again from their aggregates under each candidate; a tie
between two other people (a knows file, shared meetings) is held at its strength at the ask.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Sequence

from .errors import RefgraphError
from .strength import DEFAULTS, Params, Score, score

__all__ = ["BANDS", "MIN_ASKS", "RECONNECT_DAYS", "PRIOR", "Hop", "Ask", "asks_of", "report", "fit", "brier",
           "auc", "log_likelihood", "band_of"]

BANDS = ((0.0, 0.1, "<0.1"), (0.1, 0.3, "0.1–0.3"), (0.3, 0.6, "0.3–0.6"), (0.6, math.inf, "≥0.6"))
MIN_ASKS = 20            # below this many asks with an outcome the scores say little
RECONNECT_DAYS = 30      # a real conversation with the connector this soon before the ask: a reconnect first
CLIP = (0.001, 0.999)    # P(introduced) in the likelihood
# the fit's prior: log-normal on half_life_base_days, normal on conversation_weight, at the defaults
PRIOR = {"half_life_base_days": (DEFAULTS.half_life_base_days, 0.5),
         "conversation_weight": (DEFAULTS.conversation_weight, 0.1)}
FIT_FIELDS = ("half_life_base_days", "conversation_weight")
_PAST_PLANNED = ("asked", "introduced", "met", "declined", "no-reply")


@dataclass(frozen=True)
class Hop:
    """One hop of an ask's path at the ask's day: an owner's relationship (*score*, which can be
    scored again under other parameters) or a tie between two other people (*fixed*)."""

    strength: float
    score: Score | None = None

    def under(self, p: Params, day: date) -> float:
        """The hop's strength at *day* under *p*."""
        s = self.score
        if s is None:
            return self.strength
        return score(s.conversations, s.last_conversation, s.clock_start, (), day, p,
                     touch_keep=1.0 - s.d_touch).strength


@dataclass(frozen=True)
class Ask:
    intro_id: int
    owner_id: int
    via_id: int
    to_id: int
    day: date
    outcome: str            # introduced, declined, no-reply or open
    met: bool
    reconnect_first: bool
    hops: tuple[Hop, Hop]

    @property
    def strength(self) -> float:
        return self.hops[0].strength * self.hops[1].strength

    @property
    def introduced(self) -> bool:
        return self.outcome == "introduced"

    def under(self, p: Params) -> float:
        return self.hops[0].under(p, self.day) * self.hops[1].under(p, self.day)


def _ask_day(history: list[dict], as_of: date) -> tuple[date | None, list[str]]:
    """The ask's day and the statuses from it on (steps up to *as_of*); ``None`` when not asked."""
    steps = [(date.fromisoformat(str(h["day"])), h["status"]) for h in history]
    steps = [(d, s) for d, s in steps if d <= as_of]
    start = next((i for i, (_, s) in enumerate(steps) if s == "asked"), None)
    if start is None:
        start = next((i for i, (_, s) in enumerate(steps) if s in _PAST_PLANNED), None)
    if start is None:
        return None, []
    return steps[start][0], [s for _, s in steps[start:]]


def _outcome(statuses: list[str]) -> tuple[str, bool]:
    if "introduced" in statuses or "met" in statuses:
        return "introduced", "met" in statuses
    for s in reversed(statuses):
        if s in ("declined", "no-reply"):
            return s, False
    return "open", False


def asks_of(reads, params: Params, *, as_of: date, owner_id: int | None = None) -> list[Ask]:
    """Every ask (of *owner_id*, or of every owner) up to *as_of*, with its outcome and its path's
    strength at the ask's day, oldest first."""
    owners = set(reads.owners())
    found: list[Ask] = []
    graphs: dict[date, object] = {}
    for intro in reads.intros(owner_id):
        day, statuses = _ask_day(intro["history"], as_of)
        if day is None:
            continue
        outcome, met = _outcome(statuses)
        owner, via, to = intro["owner_id"], intro["via_id"], intro["to_id"]
        first = reads.scores(as_of=day, params=params, owner_id=owner, person_ids=[via]).get((owner, via))
        hop1 = Hop(first.strength, first) if first is not None else Hop(0.0)
        second = reads.scores(as_of=day, params=params, owner_id=via, person_ids=[to]).get((via, to)) \
            if via in owners else None
        if second is not None:
            hop2 = Hop(second.strength, second)
        else:
            graph = graphs.get(day) or graphs.setdefault(day, reads.graph(as_of=day, params=params))
            edge = graph.edges_from(via, [to]).get(to)
            hop2 = Hop(edge.strength if edge is not None else 0.0)
        last = first.last_conversation if first is not None else None
        reconnect = last is not None and timedelta(0) <= day - last <= timedelta(days=RECONNECT_DAYS)
        found.append(Ask(intro["id"], owner, via, to, day, outcome, met, reconnect, (hop1, hop2)))
    found.sort(key=lambda a: (a.day, a.intro_id))
    return found


def band_of(strength: float) -> str:
    """The strength band a path falls in.

    >>> band_of(0.05), band_of(0.3), band_of(0.6)
    ('<0.1', '0.3–0.6', '≥0.6')
    """
    return next(label for low, high, label in BANDS if low <= strength < high)


def brier(predicted: Sequence[float], observed: Sequence[bool]) -> float | None:
    """The mean squared difference between the predictions and what happened (0 is perfect).

    >>> round(brier([0.8, 0.2], [True, False]), 4)
    0.04
    """
    if not predicted:
        return None
    return math.fsum((p - float(y)) ** 2 for p, y in zip(predicted, observed)) / len(predicted)


def auc(predicted: Sequence[float], observed: Sequence[bool]) -> float | None:
    """The area under the ROC curve: the chance that an ask that was introduced had a stronger path
    than one that was not (equal strengths count half), by rank sums; ``None`` without both kinds.

    >>> auc([0.9, 0.5, 0.5, 0.1], [True, True, False, False])
    0.875
    """
    pos = sum(1 for y in observed if y)
    neg = len(observed) - pos
    if not pos or not neg:
        return None
    order = sorted(range(len(predicted)), key=lambda i: predicted[i])
    ranks = [0.0] * len(predicted)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and predicted[order[j + 1]] == predicted[order[i]]:
            j += 1
        for k in range(i, j + 1):   # equal predictions share the mean of their ranks
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = math.fsum(r for r, y in zip(ranks, observed) if y)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def log_likelihood(predicted: Sequence[float], observed: Sequence[bool]) -> float:
    """Σ log P(what happened), each prediction clipped to [0.001, 0.999].

    >>> round(log_likelihood([0.5, 1.0], [True, False]), 4)
    -7.6009
    """
    low, high = CLIP
    return math.fsum(math.log(min(max(p, low), high)) if y else math.log(1.0 - min(max(p, low), high))
                     for p, y in zip(predicted, observed))


def _counts(group: list[Ask]) -> dict:
    done = sum(a.introduced for a in group)
    return {"asks": len(group), "introduced": done, "met": sum(a.met for a in group),
            "rate": round(done / len(group), 4) if group else None}


def warning(scored: int) -> str:
    """The line shown instead of pretending when the scores rest on too few asks; ``""`` else.

    >>> warning(7)
    'only 7 asks with an outcome — the scores below say little until about 20'
    """
    if scored >= MIN_ASKS:
        return ""
    if scored == 0:
        return (f"no ask with an outcome yet — log how your asks went (introduced, met, declined, no-reply); "
                f"the scores need about {MIN_ASKS}")
    return (f"only {scored} ask{'' if scored == 1 else 's'} with an outcome — the scores below say little "
            f"until about {MIN_ASKS}")


def _scores(predicted: list[float], observed: list[bool]) -> dict:
    b, a = brier(predicted, observed), auc(predicted, observed)
    return {"brier": None if b is None else round(b, 4), "auc": None if a is None else round(a, 4)}


def report(asks: list[Ask]) -> dict:
    """``{asks, scored, open, bands, reconnect_first, brier, auc, warning}`` of some asks: the bands
    and the reconnect-first rows count the asks with an outcome."""
    scored = [a for a in asks if a.outcome != "open"]
    bands = []
    for low, high, label in BANDS:
        group = [a for a in scored if low <= a.strength < high]
        mean = math.fsum(a.strength for a in group) / len(group) if group else None
        bands.append({"band": label, **_counts(group), "mean_strength": None if mean is None else round(mean, 4)})
    reconnect = [{"reconnect_first": yes, **_counts([a for a in scored if a.reconnect_first == yes])}
                 for yes in (True, False)]
    return {"asks": len(asks), "scored": len(scored), "open": len(asks) - len(scored), "bands": bands,
            "reconnect_first": reconnect,
            **_scores([a.strength for a in scored], [a.introduced for a in scored]),
            "warning": warning(len(scored))}


# -- the fit ------------------------------------------------------------------------------------
class _Arrays:
    """The asks as arrays, so that a grid of parameters scores them all at once (numpy)."""

    def __init__(self, asks: list[Ask], params: Params):
        import numpy as np

        self.np, self.params = np, params
        self.y = np.array([a.introduced for a in asks], dtype=float)
        self.hops = []
        for k in (0, 1):
            hops = [a.hops[k] for a in asks]
            rescored = np.array([h.score is not None and h.score.clock_start is not None for h in hops])
            n = np.array([h.score.conversations if r else 0 for h, r in zip(hops, rescored)], dtype=float)
            age = np.array([max((a.day - h.score.clock_start).days, 0) if r else 0
                            for a, h, r in zip(asks, hops, rescored)], dtype=float)
            touch = np.array([h.score.d_touch if r else 0.0 for h, r in zip(hops, rescored)])
            fixed = np.array([0.0 if (h.score is not None) else h.strength for h in hops])
            self.hops.append((rescored, n, age, touch, fixed))

    def strengths(self, h, w):
        """Each ask's path strength under half-life base *h* and conversation weight *w* (arrays of
        one shape: the grid), as an array of shape ``grid + (asks,)``."""
        np, p = self.np, self.params
        h, w = np.asarray(h, dtype=float)[..., None], np.asarray(w, dtype=float)[..., None]
        out = 1.0
        for rescored, n, age, touch, fixed in self.hops:
            extra = p.half_life_extra_days * (1.0 - 2.0 ** (-(np.maximum(n, 1) - 1) / p.half_life_growth))
            f = 2.0 ** (-age / (h + extra))
            s = f * (1.0 - (1.0 - w) ** n * (1.0 - touch))
            out = out * np.where(rescored, s, fixed)
        return out

    def objective(self, h, w):
        np = self.np
        s = np.clip(self.strengths(h, w), *CLIP)
        ll = (self.y * np.log(s) + (1.0 - self.y) * np.log(1.0 - s)).sum(axis=-1)
        (h0, h_sd), (w0, w_sd) = PRIOR["half_life_base_days"], PRIOR["conversation_weight"]
        prior = -(np.log(h) - math.log(h0)) ** 2 / (2 * h_sd ** 2) - (w - w0) ** 2 / (2 * w_sd ** 2)
        return ll + prior


def fit(asks: list[Ask], params: Params) -> dict:
    """The half-life base and conversation weight that make the logged outcomes most likely (with
    the prior), and the scores of the old and the new: ``{old, new, params}``. Fewer than
    :data:`MIN_ASKS` asks with an outcome: :class:`RefgraphError`."""
    import numpy as np

    scored = [a for a in asks if a.outcome != "open"]
    if len(scored) < MIN_ASKS:
        raise RefgraphError(f"only {len(scored)} ask{'' if len(scored) == 1 else 's'} with an outcome — "
                            f"--fit needs at least {MIN_ASKS}; log how more asks went first")
    arrays = _Arrays(scored, params)
    # a coarse grid over the settings' ranges, then finer grids around the best point
    log_h = np.linspace(math.log(5.0), math.log(1500.0), 41)
    ws = np.linspace(0.01, 0.95, 48)
    for _ in range(4):
        H, W = np.meshgrid(log_h, ws, indexing="ij")
        values = arrays.objective(np.exp(H), W)
        i, j = np.unravel_index(int(np.argmax(values)), values.shape)
        best_lh, best_w = float(log_h[i]), float(ws[j])
        step_h, step_w = log_h[1] - log_h[0], ws[1] - ws[0]
        log_h = np.linspace(max(best_lh - 2 * step_h, 0.0), best_lh + 2 * step_h, 21)
        ws = np.linspace(max(best_w - 2 * step_w, 0.0001), min(best_w + 2 * step_w, 0.9999), 21)
    new = replace(params, half_life_base_days=round(math.exp(best_lh), 1), conversation_weight=round(best_w, 3))
    observed = [a.introduced for a in scored]

    def scores(p: Params) -> dict:
        predicted = [a.under(p) for a in scored]
        return {"half_life_base_days": p.half_life_base_days, "conversation_weight": p.conversation_weight,
                **_scores(predicted, observed), "log_likelihood": round(log_likelihood(predicted, observed), 4)}

    return {"asks": len(scored), "old": scores(params), "new": scores(new),
            "params": {f: getattr(new, f) for f in FIT_FIELDS}}


def toml_table(fitted: dict) -> str:
    """The ``[strength]`` table of a fit, to paste into refgraph.toml.

    >>> print(toml_table({"params": {"half_life_base_days": 120.5, "conversation_weight": 0.3}}), end="")
    [strength]
    half_life_base_days = 120.5
    conversation_weight = 0.3
    """
    return "[strength]\n" + "".join(f"{k} = {v:g}\n" for k, v in fitted["params"].items())
