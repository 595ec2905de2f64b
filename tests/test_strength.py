"""The strength model: its five properties (docs/model.md; hypothesis), the default model's numbers by
hand, the ``[strength]`` config table, and the SQL-aggregate path agreeing with ``explain``."""
from __future__ import annotations

import csv
import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refgraph
from refgraph.errors import RefgraphError
from refgraph.strength import (
    CHANNELS,
    DEFAULTS,
    Event,
    Params,
    day_value,
    explain,
    freshness,
    half_life,
    knows_strength,
    load_params,
    round_shares,
    score,
)

D0 = date(2020, 1, 1)
SPAN = 1500                       # event days are D0 .. D0 + SPAN
CONVERSATIONS = tuple(c for c in CHANNELS if DEFAULTS.is_conversation(c))
TOUCHES = tuple(c for c in CHANNELS if not DEFAULTS.is_conversation(c))
DIRECTIONS = (None, "inbound", "outbound")
PROPERTY = settings(max_examples=200, deadline=None)


def day(offset: int) -> date:
    return D0 + timedelta(days=offset)


def events(channels=CHANNELS, lo: int = 0, hi: int = SPAN):
    return st.builds(Event, day=st.integers(lo, hi).map(day), channel=st.sampled_from(channels),
                     direction=st.sampled_from(DIRECTIONS))


histories = st.lists(events(), max_size=25)
offsets = st.integers(0, SPAN)


def strength(evs, as_of: date) -> float:
    return explain(evs, as_of)[0].strength


# -- the five properties of the model (docs/model.md) ---------------------------------------------
@PROPERTY
@given(history=histories, start=st.integers(-100, SPAN + 100), steps=st.lists(st.integers(0, 800), min_size=1,
                                                                             max_size=5))
def test_property_1_no_new_events_never_rises(history, start, steps):
    """Without new events, strength never rises as as_of moves forward."""
    dates = [day(start)]
    for step in steps:
        dates.append(dates[-1] + timedelta(days=step))
    # no events between the first and the last as_of: nothing new happens while time passes
    quiet = [e for e in history if not dates[0] < e.day <= dates[-1]]
    values = [explain(quiet, d)[0] for d in dates]
    for before, after in zip(values, values[1:]):
        assert after.strength <= before.strength
        assert after.freshness <= before.freshness
        assert 0.0 <= after.strength <= 1.0


@PROPERTY
@given(base=histories, d=offsets, later=st.integers(0, 1000),
       touches=st.lists(events(TOUCHES), min_size=1, max_size=30),
       call_direction=st.sampled_from(DIRECTIONS))
def test_property_2_touches_on_a_day_raise_less_than_one_conversation(base, d, later, touches, call_direction):
    """Any number of touches on a day raises strength less than one real conversation on that day,
    and touches never reset the recency clock."""
    on = day(d)
    as_of = on + timedelta(days=later)
    touched = base + [Event(on, t.channel, t.direction) for t in touches]
    called = base + [Event(on, "call", call_direction)]
    s_base, s_touch, s_call = (explain(evs, as_of)[0] for evs in (base, touched, called))
    assert s_touch.strength < s_call.strength
    assert s_touch.strength - s_base.strength < s_call.strength - s_base.strength
    assert s_touch.strength >= s_base.strength or s_touch.clock_start < s_base.clock_start
    if s_base.conversations:
        # only conversations move the clock: the touches leave freshness exactly as it was
        assert s_touch.clock_start == s_base.clock_start
        assert s_touch.freshness == s_base.freshness
        assert s_touch.strength >= s_base.strength


@PROPERTY
@given(data=st.data(), first=st.lists(events(CONVERSATIONS), min_size=1, max_size=15),
       touches=st.lists(events(TOUCHES), max_size=15), wait=st.integers(0, 1000), later=st.integers(1, 1000))
def test_property_3_more_past_conversations_is_stronger_and_decays_slower(data, first, touches, wait, later):
    """Same last conversation, same touches: more past conversations → stronger, longer half-life,
    and a higher strength(later) / strength(now)."""
    last = max(e.day for e in first)
    extra = data.draw(st.lists(events(CONVERSATIONS, 0, (last - D0).days), min_size=1, max_size=15), "extra")
    fewer = first + touches
    more = first + extra + touches
    as_of = max(e.day for e in fewer) + timedelta(days=wait)   # every event is in the past
    then = as_of + timedelta(days=later)
    a_now, a_then = explain(fewer, as_of)[0], explain(fewer, then)[0]
    b_now, b_then = explain(more, as_of)[0], explain(more, then)[0]
    assert a_now.last_conversation == b_now.last_conversation == last
    assert b_now.conversations > a_now.conversations
    assert b_now.strength > a_now.strength
    assert b_now.half_life > a_now.half_life
    assert b_then.strength / b_now.strength > a_then.strength / a_now.strength
    assert b_then.strength > a_then.strength


@PROPERTY
@given(history=histories, as_of=offsets, future=st.lists(events(lo=1, hi=2000), min_size=1, max_size=10),
       seed=st.integers(0, 2**32 - 1))
def test_property_4_future_ignored_and_deterministic(history, as_of, future, seed):
    """Events after as_of are ignored; the same inputs give identical numbers."""
    at = day(as_of)
    ahead = [Event(at + (e.day - D0), e.channel, e.direction) for e in future]   # all after `at`
    assert all(e.day > at for e in ahead)
    s, shares = explain(history, at)
    assert explain(history + ahead, at) == (s, shares)
    assert explain(ahead + history, at) == (s, shares)
    assert explain(sorted(history + ahead, key=lambda e: e.day), at) == (s, shares)
    # determinism: the same inputs, again and as a fresh copy, give identical numbers
    assert explain(history, at) == (s, shares)
    assert explain(list(history), at) == (s, shares)
    past = [e for e in history if e.day <= at]
    convs = [e for e in past if DEFAULTS.is_conversation(e.channel)]
    by_day: dict = {}
    for e in past:
        if not DEFAULTS.is_conversation(e.channel):
            by_day.setdefault(e.day, []).append(DEFAULTS.touch_weight(e.channel, e.direction))
    args = (len(convs), max((e.day for e in convs), default=None), min((e.day for e in past), default=None),
            [day_value(ws) for _, ws in sorted(by_day.items())], at)
    assert score(*args) == score(*args)
    assert score(*args).strength == pytest.approx(s.strength, abs=1e-12)
    # the order the events arrive in does not matter (beyond float rounding)
    shuffled = list(history + ahead)
    random.Random(seed).shuffle(shuffled)
    t = explain(shuffled, at)[0]
    assert t.strength == pytest.approx(s.strength, abs=1e-12)
    assert (t.conversations, t.last_conversation, t.clock_start) == (s.conversations, s.last_conversation,
                                                                     s.clock_start)


@PROPERTY
@given(history=histories, as_of=st.integers(0, SPAN + 500))
def test_property_5_explain_shares_add_up(history, as_of):
    """``explain`` gives one share per past event, each >= 0, adding up to the strength; rounded
    shares add up exactly to the rounded strength."""
    at = day(as_of)
    s, shares = explain(history, at)
    assert len(shares) == sum(e.day <= at for e in history)
    assert all(x.share >= 0.0 for x in shares)
    assert all(x.event.day <= at for x in shares)
    assert math.fsum(x.share for x in shares) == pytest.approx(s.strength, abs=1e-12)
    assert [x.event.day for x in shares] == sorted(x.event.day for x in shares)
    for decimals in (3, 4):
        rounded = round_shares([x.share for x in shares], s.strength, decimals)
        scale = 10 ** decimals
        # exact in units of 10^-decimals (a float sum of 0.001s is itself inexact: 0.1 + 0.2)
        units = [round(r * scale) for r in rounded]
        assert all(abs(r * scale - u) < 1e-6 for r, u in zip(rounded, units))
        assert sum(units) == round(round(s.strength, decimals) * scale)
        assert round(sum(rounded), decimals) == round(s.strength, decimals)
        assert all(r >= 0 for r in rounded)


# -- the default model, by hand -------------------------------------------------------------------
AS_OF = date(2024, 6, 1)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def test_one_call_ninety_days_ago():
    s, shares = explain([Event(ago(90), "call")], AS_OF)
    assert s.freshness == 0.5
    assert s.strength == pytest.approx(0.35 * 0.5, abs=1e-15)    # 0.175
    assert s.half_life == 90.0
    assert (s.conversations, s.last_conversation, s.stale) == (1, ago(90), False)
    assert [(x.kind, x.weight) for x in shares] == [("conversation", 0.35)]
    assert shares[0].share == pytest.approx(0.175, abs=1e-15)


def test_one_call_today_is_the_conversation_weight():
    s = explain([Event(AS_OF, "meeting")], AS_OF)[0]
    assert (s.strength, s.freshness, s.d_conv, s.d_touch) == (0.35, 1.0, 0.35, 0.0)


def test_half_life():
    assert half_life(0) == 90.0          # no conversation counts as one
    assert half_life(1) == 90.0
    assert half_life(7) == 90 + 640 * (1 - 2 ** -1) == 410.0
    assert half_life(13) == pytest.approx(90 + 640 * 0.75)
    assert half_life(1000) == pytest.approx(730.0)
    assert all(half_life(n) < half_life(n + 1) < 730 for n in range(1, 60))


def test_freshness():
    assert freshness(1, ago(90), AS_OF) == 0.5
    assert freshness(1, ago(180), AS_OF) == 0.25
    assert freshness(7, ago(410), AS_OF) == 0.5
    assert freshness(3, AS_OF, AS_OF) == 1.0


def test_day_value_caps_at_ten_percent():
    assert day_value([]) == 0.0
    assert day_value([0.04]) == pytest.approx(0.04)
    assert day_value([0.04, 0.04]) == pytest.approx(1 - 0.96 ** 2)            # 0.0784
    assert day_value([0.04] * 3) == 0.10                                          # 0.1153 → cap
    assert day_value([0.10, 0.10]) == 0.10
    assert day_value([0.04] * 500) == 0.10


def test_d_touch_caps_at_a_quarter():
    # a recommendation a day (0.10 each) for 2 days: 0.19; for 3 days 0.271 → capped at 0.25
    two = explain([Event(ago(k), "recommendation") for k in range(2)], AS_OF)[0]
    assert two.d_touch == pytest.approx(1 - 0.9 ** 2)
    many = [Event(ago(k), "recommendation") for k in range(30)]
    s = explain(many, AS_OF)[0]
    assert s.d_touch == 0.25
    # touch-only: the clock starts at the first event (29 days ago), half-life h(1) = 90
    assert s.clock_start == ago(29)
    assert s.strength == pytest.approx(2 ** (-29 / 90) * 0.25, abs=1e-15)
    # many touches on one day are one day's value, capped at 0.10
    one_day = explain([Event(AS_OF, "email")] * 40, AS_OF)[0]
    assert one_day.d_touch == pytest.approx(0.10, abs=1e-15)
    assert one_day.strength == pytest.approx(0.10, abs=1e-15)


def test_touch_weights():
    for channel, w in [("email", 0.04), ("message", 0.04), ("recommendation", 0.10), ("endorsement", 0.02),
                       ("invitation", 0.01), ("connection", 0.03), ("note", 0.0)]:
        s = explain([Event(AS_OF, channel)], AS_OF)[0]
        assert s.strength == pytest.approx(w, abs=1e-15), channel


def test_outbound_touch_counts_half():
    assert DEFAULTS.touch_weight("email", "outbound") == 0.02
    assert DEFAULTS.touch_weight("email", "inbound") == 0.04
    assert DEFAULTS.touch_weight("email") == 0.04
    out = explain([Event(AS_OF, "email", "outbound")], AS_OF)[0]
    inb = explain([Event(AS_OF, "email", "inbound")], AS_OF)[0]
    assert out.strength == pytest.approx(0.02, abs=1e-15)
    assert inb.strength == pytest.approx(0.04, abs=1e-15)
    # a conversation counts fully whatever its direction
    assert explain([Event(AS_OF, "call", "outbound")], AS_OF)[0].strength == 0.35


def test_conversation_and_touch_shares_by_hand():
    evs = [Event(ago(90), "call"), Event(ago(90), "video"), Event(ago(90), "email")]
    s, shares = explain(evs, AS_OF)
    assert s.half_life == pytest.approx(90 + 640 * (1 - 2 ** (-1 / 6)))     # two conversations
    f = 2 ** (-90 / s.half_life)
    assert s.freshness == pytest.approx(f, abs=1e-15)
    assert s.d_conv == pytest.approx(1 - 0.65 ** 2)
    assert s.strength == pytest.approx(f * (1 - 0.65 ** 2 * 0.96), abs=1e-15)    # F × 0.5944
    assert [x.kind for x in shares] == ["conversation", "conversation", "touch"]
    # the two calls of one day share the conversations' part equally; the overlap of the groups
    # (F·D_conv·D_touch) is halved between conversations and touches
    d_conv = 1 - 0.65 ** 2
    assert shares[0].share == shares[1].share == pytest.approx(f * d_conv * (1 - 0.04 / 2) / 2, abs=1e-15)
    assert shares[2].share == pytest.approx(f * 0.04 * (1 - d_conv / 2), abs=1e-15)
    assert [x.weight for x in shares] == pytest.approx([0.35, 0.35, 0.04])


def test_touches_on_one_day_share_by_weight():
    evs = [Event(AS_OF, "email"), Event(AS_OF, "recommendation"), Event(ago(1), "message")]
    s, shares = explain(evs, AS_OF)
    x_today = 0.10                            # 1 − 0.96·0.90 = 0.136 → capped
    x_yday = 0.04
    assert s.d_touch == pytest.approx(1 - (1 - x_today) * (1 - x_yday))
    by = {x.event.channel: x.share for x in shares}
    total = s.strength
    # each day by −log(1 − x_day), each touch of a day by −log(1 − w)
    h_today, h_yday = -math.log(1 - x_today), -math.log(1 - x_yday)
    today = total * h_today / (h_today + h_yday)
    assert by["message"] == pytest.approx(total * h_yday / (h_today + h_yday))
    h_e, h_r = -math.log(0.96), -math.log(0.90)
    assert by["email"] == pytest.approx(today * h_e / (h_e + h_r))
    assert by["recommendation"] == pytest.approx(today * h_r / (h_e + h_r))


def test_stale():
    # touch-only is stale however fresh
    touch_only = explain([Event(AS_OF, "email"), Event(AS_OF, "recommendation")], AS_OF)[0]
    assert touch_only.conversations == 0 and touch_only.freshness == 1.0 and touch_only.stale
    assert touch_only.last_conversation is None
    # F = 0.5 exactly: not stale; one day later F < 0.5: stale
    at_half = explain([Event(ago(90), "call")], AS_OF)[0]
    assert at_half.freshness == 0.5 and not at_half.stale
    past_half = explain([Event(ago(91), "call")], AS_OF)[0]
    assert past_half.freshness < 0.5 and past_half.stale
    assert not explain([Event(ago(10), "meeting")], AS_OF)[0].stale
    # a touch today does not make a stale tie fresh
    revived = explain([Event(ago(200), "call"), Event(AS_OF, "email")], AS_OF)[0]
    assert revived.stale and revived.clock_start == ago(200)
    # nothing at all: zero and stale
    empty = explain([], AS_OF)[0]
    assert (empty.strength, empty.stale, empty.conversations) == (0.0, True, 0)
    assert explain([Event(AS_OF + timedelta(days=1), "call")], AS_OF)[0].strength == 0.0


def test_score_from_aggregates():
    s = score(1, ago(90), ago(400), [0.04], AS_OF)
    assert s.strength == pytest.approx(0.5 * (1 - 0.65 * 0.96), abs=1e-15)
    assert s.clock_start == ago(90)
    t = score(0, None, ago(90), [0.04], AS_OF)
    assert t.strength == pytest.approx(0.5 * 0.04, abs=1e-15) and t.stale and t.clock_start == ago(90)


def test_knows_strength():
    assert knows_strength(0.8, ago(365), AS_OF) == pytest.approx(0.4, abs=1e-15)
    assert knows_strength(None, ago(365), AS_OF) == pytest.approx(0.25, abs=1e-15)
    assert knows_strength(None, None, AS_OF) == 0.5
    assert knows_strength(0.8, None, AS_OF) == 0.8
    assert knows_strength(None, AS_OF, AS_OF) == 0.5
    assert knows_strength(0.6, ago(730), AS_OF) == pytest.approx(0.15, abs=1e-15)


def test_round_shares_examples():
    assert round_shares([0.3334, 0.3333, 0.3333], 1.0, 3) == [0.334, 0.333, 0.333]
    assert round_shares([0.1, 0.1, 0.1], 0.3, 1) == [0.1, 0.1, 0.1]
    assert round_shares([0.0004, 0.0004, 0.0004], 0.0012, 3) == [0.001, 0.0, 0.0]
    assert round_shares([], 0.0, 3) == []


def test_round_shares_matches_round_at_a_float_tie():
    """round(total * 10**d) can land on a float .5 that round(total, d) rounds the other way
    (0.1235 * 1000 == 123.5, yet round(0.1235, 3) == 0.123): the shares follow round(total, d)."""
    for total in (0.1235, 0.0615, 1.0005):
        rounded = round_shares([total], total, 3)
        assert round(sum(rounded) * 1000) == round(round(total, 3) * 1000), total


# -- the [strength] config table ------------------------------------------------------------------
def test_load_params_reads_the_strength_table(tmp_path):
    path = tmp_path / "refgraph.toml"
    path.write_text("[strength]\nhalf_life_base_days = 30\nouter_factor_unused = 1\n", encoding="utf-8")
    with pytest.raises(RefgraphError) as err:
        load_params(path)
    assert "outer_factor_unused" in str(err.value)

    path.write_text("[strength]\nhalf_life_base_days = 30\nconversation_channels = ['meeting', 'video']\n"
                    "\n[strength.touch_weights]\nemail = 0.08\n", encoding="utf-8")
    p = load_params(path)
    assert isinstance(p, Params)
    assert p.half_life_base_days == 30
    assert p.touch_weights["email"] == 0.08
    assert p.touch_weights["message"] == 0.04            # the rest of the table keeps its defaults
    assert p.conversation_channels == ("meeting", "video")
    assert p.half_life_extra_days == DEFAULTS.half_life_extra_days
    assert half_life(1, p) == 30.0
    s = explain([Event(ago(30), "meeting"), Event(ago(30), "email")], AS_OF, p)[0]
    assert s.freshness == 0.5
    assert s.strength == pytest.approx(0.5 * (1 - 0.65 * 0.92), abs=1e-15)
    assert not p.is_conversation("call")
    assert DEFAULTS.touch_weights["email"] == 0.04       # the defaults are untouched


def test_load_params_unknown_key(tmp_path):
    path = tmp_path / "refgraph.toml"
    path.write_text("[strength]\nhalf_life_days = 30\n", encoding="utf-8")
    with pytest.raises(RefgraphError, match="half_life_days"):
        load_params(path)


def test_load_params_missing_or_empty(tmp_path):
    assert load_params(tmp_path / "nope.toml") is DEFAULTS
    assert load_params(None) is DEFAULTS
    other = tmp_path / "other.toml"
    other.write_text("# nothing set yet\n[strength]\n", encoding="utf-8")
    assert load_params(other) == DEFAULTS


def test_load_params_bad_toml(tmp_path):
    path = tmp_path / "refgraph.toml"
    path.write_text("[strength\nhalf_life_base_days = \n", encoding="utf-8")
    with pytest.raises(RefgraphError, match="TOML"):
        load_params(path)


# -- the SQL-aggregate path agrees with explain ---------------------------------------------------
ROWS = [  # date, person, channel, direction, owner
    ("2023-01-10", "Ada Lovelace", "meeting", "", "Olivia Owner"),
    ("2023-03-02", "Ada Lovelace", "email", "outbound", "Olivia Owner"),
    ("2023-03-02", "Ada Lovelace", "email", "outbound", "Olivia Owner"),
    ("2023-03-02", "Ada Lovelace", "email", "inbound", "Olivia Owner"),
    ("2023-03-02", "Ada Lovelace", "message", "", "Olivia Owner"),
    ("2023-03-02", "Ada Lovelace", "recommendation", "", "Olivia Owner"),
    ("2023-05-20", "Ada Lovelace", "call", "outbound", "Olivia Owner"),
    ("2023-05-21", "Ada Lovelace", "message", "outbound", "Olivia Owner"),
    ("2023-09-14", "Ada Lovelace", "video", "", "Olivia Owner"),
    ("2023-11-01", "Ada Lovelace", "endorsement", "inbound", "Olivia Owner"),
    ("2024-02-01", "Ada Lovelace", "call", "inbound", "Olivia Owner"),
    ("2022-06-01", "Bob Builder", "connection", "", "Olivia Owner"),
    ("2023-04-04", "Bob Builder", "email", "outbound", "Olivia Owner"),
    ("2023-04-04", "Bob Builder", "email", "outbound", "Olivia Owner"),
    ("2023-04-04", "Bob Builder", "email", "outbound", "Olivia Owner"),
    ("2023-04-05", "Bob Builder", "message", "inbound", "Olivia Owner"),
    ("2023-08-08", "Bob Builder", "invitation", "outbound", "Olivia Owner"),
    ("2023-08-08", "Bob Builder", "note", "", "Olivia Owner"),
    ("2023-10-10", "Bob Builder", "call", "", "Olivia Owner"),
    ("2024-01-15", "Bob Builder", "email", "inbound", "Olivia Owner"),
]


def test_sql_aggregates_agree_with_explain(tmp_path):
    path = tmp_path / "interactions.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["date", "person", "channel", "direction", "owner"])
        writer.writerows(ROWS)
    g = refgraph.open(tmp_path / "s.db")
    try:
        g.import_interactions(path)
        names = sorted({r[1] for r in ROWS})
        pids = {name: g.person_id(name) for name in names}
        oid = g.owner_id("Olivia Owner")
        checked = 0
        for as_of in (date(2023, 3, 2), date(2023, 4, 4), date(2023, 6, 30), date(2023, 10, 10),
                      date(2024, 2, 1), date(2024, 6, 1), date(2026, 1, 1)):
            scores = g.scores(as_of)
            for name in names:
                evs = [Event(date.fromisoformat(d), ch, dr or None) for d, who, ch, dr, _ in ROWS if who == name]
                expected, shares = explain(evs, as_of)
                got = scores[(oid, pids[name])]
                assert got.strength == pytest.approx(expected.strength, abs=1e-12), (name, as_of)
                assert (got.conversations, got.last_conversation, got.clock_start, got.stale) == (
                    expected.conversations, expected.last_conversation, expected.clock_start, expected.stale)
                assert got.d_touch == pytest.approx(expected.d_touch, abs=1e-12)
                rel = g.why(name, as_of).data["relationships"]
                assert len(rel) == 1
                assert rel[0]["owner"] == "Olivia Owner"
                assert rel[0]["strength"] == round(got.strength, 4)
                assert rel[0]["conversations"] == got.conversations
                assert len(rel[0]["events"]) == len(shares) == sum(date.fromisoformat(r[0]) <= as_of
                                                                   for r in ROWS if r[1] == name)
                assert round(sum(e["share"] for e in rel[0]["events"]), 4) == rel[0]["strength"]
                checked += 1
            # people() shows the same numbers
            people = {r["name"]: r for r in g.people(as_of)}
            for name in names:
                assert people[name]["strength"] == round(scores[(oid, pids[name])].strength, 4)
        assert checked == 14
        # before a person's first event there is no relationship at all
        early = g.scores(date(2022, 12, 31))
        assert (oid, pids["Ada Lovelace"]) not in early
        assert (oid, pids["Bob Builder"]) in early
    finally:
        g.close()
