"""Tables fit the terminal (long cells wrapped, as tabulate's ``maxcolwidths`` wraps them), ``why``
shows a summary and the most recent events, and its shares are fair (Shapley values)."""
import itertools
import math
import shlex
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from refgraph.cli import cli
from refgraph.output import _simple, _width, _wrap, fit_widths, render, tabulate_simple
from refgraph.results import Rows
from refgraph.strength import DEFAULTS, Event, _conversation_shapley, explain, half_life, round_shares

from .test_golden import AS_OF as GOLDEN_AS_OF, COMMANDS

AS_OF = date(2026, 11, 15)


# -- tables fit ------------------------------------------------------------------------------------
# no hyphens: textwrap (refgraph) and tabulate's wrapper cut a long hyphenated word at different
# places, both within the width (test_a_wrapped_line_is_never_wider_than_its_column holds that)
wrap_cells = st.text(alphabet=st.sampled_from(list("ab é王x")), max_size=24)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.text(alphabet="abcdefghij_", min_size=1, max_size=10), min_size=n, max_size=n),
    st.lists(st.lists(wrap_cells, min_size=n, max_size=n), min_size=1, max_size=4),
    st.lists(st.one_of(st.none(), st.integers(2, 12)), min_size=n, max_size=n),
    st.lists(st.one_of(st.none(), st.integers(2, 12)), min_size=n, max_size=n))))
def test_wrapped_table_is_tabulates_maxcolwidths(table):
    headers, body, maxcol, maxhead = table
    body = [[cell.strip() for cell in row] for row in body]   # _simple strips its cells
    columns = [[row[i] for row in body] for i in range(len(headers))]
    assert _simple(headers, columns, maxcol, maxhead) == tabulate_simple(body, headers, maxcol, maxhead)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -é王x")), max_size=40), st.integers(2, 12))
def test_a_wrapped_line_is_never_wider_than_its_column(cell, width):
    assert all(_width(line) <= width for line in _wrap(cell.strip(), width))


def test_prose_columns_wrap_first_and_the_table_fits():
    rows = Rows([{"name": "Maria Ortiz", "strength": 0.247,
                  "reason": "10 conversations since 2020; last 2024-02-11 (Planning FY24 priorities)"}])
    assert fit_widths(["name", "strength", "reason"], [["Maria Ortiz"], ["0.247"], [rows[0]["reason"]]],
                      60) == ([None, None, 37], None)
    assert render(rows, width=60) == (
        "name         strength  reason\n"
        "-----------  --------  -------------------------------------\n"
        "Maria Ortiz  0.247     10 conversations since 2020; last\n"
        "                       2024-02-11 (Planning FY24 priorities)\n")
    # narrower than a readable prose column: the prose goes under its row, its name under the header
    assert render(rows, width=40) == (
        "name         strength\n"
        "    reason\n"
        "-----------  --------\n"
        "Maria Ortiz  0.247\n"
        "    10 conversations since 2020; last\n"
        "    2024-02-11 (Planning FY24\n"
        "    priorities)\n")
    two = Rows([{**rows[0], "next_action": "Call Maria Ortiz"}])
    assert render(two, width=40) == (
        "name         strength\n"
        "-----------  --------\n"
        "Maria Ortiz  0.247\n"
        "    reason: 10 conversations since 2020;\n"
        "      last 2024-02-11 (Planning FY24\n"
        "      priorities)\n"
        "    next_action: Call Maria Ortiz\n")
    # names, dates and numbers are never cut: a column wraps at spaces, no narrower than its longest word
    people = Rows([{"name": "Priya Natarajan", "company": "Munson's Pickles and Preserves", "strength": 0.983}])
    assert render(people, width=30) == (
        "name       company    strength\n"
        "---------  ---------  --------\n"
        "Priya      Munson's   0.983\n"
        "Natarajan  Pickles\n"
        "           and\n"
        "           Preserves\n")
    # too wide even wrapped (name 9, company 9, strength 8 and two gaps of 2 need 30): one line a row
    assert render(people, width=29) == render(people)
    assert render(rows) == render(rows, width=200)   # no width: as wide as the cells
    assert render(rows, "csv", width=20) == render(rows, "csv")
    assert render(rows, "json", width=20) == render(rows, "json")


def _run(store, args, columns=None):
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    result = CliRunner().invoke(cli, ["--db", str(store), *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


# -- why: a summary and the most recent events -----------------------------------------------------
def test_why_shows_the_ten_most_recent_events_and_all_with_all(full_store):
    args = ["why", "Maria Ortiz", "--as-of", GOLDEN_AS_OF]
    short, every = _run(full_store, args, 200), _run(full_store, [*args, "--all"], 200)
    assert "11 earlier events (--all)" in short and "earlier events" not in every
    table = short.split("\n\n")[1].splitlines()
    assert table[0].startswith("Alex Morgan — Maria Ortiz: strength 0.247 (stale); 10 conversations, "
                               "last 2024-02-11; freshness 0.250")
    assert len(table) == 3 + 1 + 10 + 3   # title, header, rule; the earlier events; 10 events; total, rule, balance
    assert table[-3] == "total 0.247 = strength 0.247"
    assert table[-2].startswith("Fair shares: conversations get their Shapley values")
    assert table[-1] == "Reciprocity: you gave nothing, received 1 (recommendation 2021-08-30)"
    shares = [float(line.split()[-1]) for line in table[3:-3]]
    assert round(sum(shares), 3) == 0.247
    json_short = _run(full_store, [*args, "--json"], 80)
    assert json_short == _run(full_store, [*args, "--json", "--all"], 80)   # JSON: always every event


# -- fair shares -----------------------------------------------------------------------------------
def ago(days):
    return AS_OF - timedelta(days=days)


def test_two_calls_on_one_day_get_equal_shares():
    s, shares = explain([Event(ago(30), "call"), Event(ago(30), "video")], AS_OF)
    assert shares[0].share == shares[1].share == pytest.approx(s.strength / 2, abs=1e-15)


def test_a_recent_call_is_credited_with_the_freshness_it_brings():
    old = [Event(ago(1000 + 30 * i), "call") for i in range(3)]
    before = explain(old, AS_OF)[0].strength
    s, shares = explain(old + [Event(AS_OF, "call")], AS_OF)
    assert (round(before, 4), round(s.strength, 4)) == (0.032, 0.8215)
    assert [round(x.share, 4) for x in shares] == [0.0709, 0.0709, 0.071, 0.6088]
    assert shares[-1].share > 0.5 * s.strength


def test_touches_split_the_touch_part_by_weight():
    evs = [Event(AS_OF, "call"), Event(ago(3), "email"), Event(ago(5), "endorsement")]
    s, shares = explain(evs, AS_OF)
    d_touch = 1 - 0.96 * 0.98
    assert s.strength == pytest.approx(1 - 0.65 * (1 - d_touch))
    by = {x.event.channel: x.share for x in shares}
    assert by["call"] == pytest.approx(0.35 * (1 - d_touch / 2), abs=1e-15)
    touch = d_touch * (1 - 0.35 / 2)
    assert by["email"] == pytest.approx(touch * math.log(0.96) / (math.log(0.96) + math.log(0.98)), abs=1e-15)
    assert by["endorsement"] == pytest.approx(touch * math.log(0.98) / (math.log(0.96) + math.log(0.98)), abs=1e-15)


def _brute_shapley(days, as_of, scale):
    n = len(days)

    def v(group):
        if not group:
            return 0.0
        latest = max(days[i] for i in group)
        return scale * 2 ** (-(as_of - latest).days / half_life(len(group))) * (1 - 0.65 ** len(group))

    phi = [0.0] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for size in range(n):
            for group in itertools.combinations(others, size):
                weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
                phi[i] += weight * (v(group + (i,)) - v(group))
    return phi


days_st = st.lists(st.integers(0, 900), min_size=1, max_size=6).map(lambda ds: sorted(ago(d) for d in ds))


@settings(max_examples=40, deadline=None)
@given(days_st)
def test_conversation_shares_are_the_shapley_values(days):
    assert _conversation_shapley(days, AS_OF, 0.9, DEFAULTS) == pytest.approx(_brute_shapley(days, AS_OF, 0.9),
                                                                               abs=1e-12)


events_st = st.lists(st.tuples(st.integers(0, 800), st.sampled_from(["call", "video", "meeting", "email", "message",
                                                                     "endorsement", "recommendation"])),
                     min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(events_st)
def test_shares_add_up_are_positive_symmetric_and_favour_freshness(history):
    evs = [Event(ago(d), ch) for d, ch in history]
    s, shares = explain(evs, AS_OF)
    assert math.fsum(x.share for x in shares) == pytest.approx(s.strength, abs=1e-12)
    assert all(x.share >= 0 for x in shares)
    for a, b in itertools.combinations(shares, 2):
        if a.kind == b.kind == "conversation" and a.share and b.share:
            if a.event.day == b.event.day:
                assert a.share == b.share
            elif a.event.day < b.event.day:
                assert b.share >= a.share - 1e-12   # the later one at least the older one's share
        if a.kind == b.kind == "touch" and (a.event.day, a.event.channel) == (b.event.day, b.event.channel):
            assert a.share == b.share
    rounded = round_shares([x.share for x in shares], s.strength, 3)
    assert round(sum(rounded), 3) == round(s.strength, 3)




@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.startswith("people")] + [
    "why 'Lee Park'", "why 'Sam Rivera'", "coverage --team", "reconnect --team", "path Acme --team"])
def test_every_read_fits_80_columns(full_store, command):
    """Every table but people's (eight columns: about 100) fits 80 columns, long text wrapped or under its row."""
    out = _run(full_store, [*shlex.split(command), "--as-of", GOLDEN_AS_OF], 80)
    assert max(map(_width, out.splitlines())) <= 80


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcxyz.,'&", min_size=1, max_size=9), min_size=1, max_size=8), st.integers(2, 30))
def test_the_quick_wrap_is_textwraps(words, width):
    """Cells of plain words one space apart skip textwrap's regular expressions, with its answer."""
    import textwrap

    cell = " ".join(words)
    assert _wrap(cell, width) == (textwrap.wrap(cell, width) or [""])
