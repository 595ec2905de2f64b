"""``refgraph outcomes``: how the asks went by path strength and by a reconnect first, the Brier score
and ROC AUC of the strength at the ask, the fit of the reading-time settings, and the calibration plot."""
import json
import random
import shutil
from dataclasses import replace
from datetime import date, timedelta

import pytest

import refgraph
from refgraph.errors import RefgraphError
from refgraph.outcomes import asks_of, auc, brier, fit, log_likelihood, report
from refgraph.samples import AS_OF
from refgraph.strength import DEFAULTS, score

from .memory_reads import MemoryReads


@pytest.fixture
def asked(full_store, db):
    """The demo store with four asks: Alex through Priya to Dana (introduced, then met), Sam through
    Lee to Maria (declined), Alex through his teammate Sam to Maria (no reply), and Alex through Irene
    to Dana (planned, then asked: still open)."""
    shutil.copy(full_store, db)
    with refgraph.open(db) as g:
        pid, add = g.person_id, g.store.add_intro_step
        alex, sam = g.owner_id("Alex Morgan"), g.owner_id("Sam Rivera")
        priya, dana, lee, maria, irene = map(pid, ("Priya Natarajan", "Dana Whitfield", "Lee Park", "Maria Ortiz",
                                                   "Irene Castellanos"))
        add(alex, priya, dana, "asked", date(2026, 9, 1))
        add(alex, priya, dana, "introduced", date(2026, 9, 5))
        add(alex, priya, dana, "met", date(2026, 9, 20))
        add(sam, lee, maria, "asked", date(2026, 10, 1))
        add(sam, lee, maria, "declined", date(2026, 10, 8))
        add(alex, sam, maria, "asked", date(2026, 10, 10))
        add(alex, sam, maria, "no-reply", date(2026, 11, 1))
        add(alex, irene, dana, "planned", date(2026, 11, 2))
        add(alex, irene, dana, "asked", date(2026, 11, 3))
    return db


TABLE = """\
Outcomes of 4 asks for the team as of 2026-11-15: 3 with an outcome, 1 still open (left out of the scores)

Warning: only 3 asks with an outcome — the scores below say little until about 20

By path strength at the ask (owner → connector × connector → target):
band     asks  introduced  met  rate
-------  ----  ----------  ---  -----
<0.1     1     0           0    0.000
0.1–0.3  0     0           0
0.3–0.6  1     1           1    1.000
≥0.6     1     0           0    0.000

By a reconnect first (a real conversation with the connector in the 30 days before the ask):
reconnect_first  asks  introduced  met  rate
---------------  ----  ----------  ---  -----
yes              3     1           1    0.333
no               0     0           0

Strength at the ask against introduced (3 asks; Brier 0 is perfect, AUC 0.5 is chance): Brier score 0.263, ROC AUC 0.500
"""


def test_the_table_by_strength_band_and_reconnect_first(asked, run):
    result = run("outcomes", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.output == TABLE


def test_json_and_csv(asked, run):
    data = json.loads(run("outcomes", "--as-of", AS_OF, "--json").output)
    assert data == {
        "asks": 4, "scored": 3, "open": 1,
        "bands": [
            {"band": "<0.1", "asks": 1, "introduced": 0, "met": 0, "rate": 0.0, "mean_strength": 0.0},
            {"band": "0.1–0.3", "asks": 0, "introduced": 0, "met": 0, "rate": None, "mean_strength": None},
            {"band": "0.3–0.6", "asks": 1, "introduced": 1, "met": 1, "rate": 1.0, "mean_strength": 0.5776},
            {"band": "≥0.6", "asks": 1, "introduced": 0, "met": 0, "rate": 0.0, "mean_strength": 0.7816}],
        "reconnect_first": [
            {"reconnect_first": True, "asks": 3, "introduced": 1, "met": 1, "rate": 0.3333},
            {"reconnect_first": False, "asks": 0, "introduced": 0, "met": 0, "rate": None}],
        "brier": 0.2631, "auc": 0.5,
        "warning": "only 3 asks with an outcome — the scores below say little until about 20"}
    assert run("outcomes", "--as-of", AS_OF, "--csv").output.splitlines() == [
        "group,value,asks,introduced,met,rate",
        "strength,<0.1,1,0,0,0.0",
        "strength,0.1–0.3,0,0,0,",
        "strength,0.3–0.6,1,1,1,1.0",
        "strength,≥0.6,1,0,0,0.0",
        "reconnect_first,yes,3,1,1,0.3333",
        "reconnect_first,no,0,0,0,"]


def test_one_owner_and_an_earlier_day(asked, run):
    """--owner keeps one owner's asks; --as-of leaves out the steps after it (Sam's ask is still
    open on 2026-10-05, the later asks not made yet)."""
    data = json.loads(run("outcomes", "--owner", "Sam Rivera", "--as-of", "2026-10-05", "--json").output)
    assert (data["asks"], data["scored"], data["open"], data["brier"], data["auc"]) == (1, 0, 1, None, None)
    assert data["warning"] == ("no ask with an outcome yet — log how your asks went (introduced, met, declined, "
                               "no-reply); the scores need about 20")
    out = run("outcomes", "--owner", "Sam Rivera", "--as-of", "2026-10-05").output
    assert out.splitlines()[0] == ("Outcomes of 1 ask for Sam Rivera as of 2026-10-05: 0 with an outcome, 1 still "
                                   "open (left out of the scores)")
    assert "Strength at the ask" not in out
    assert run("outcomes", "--as-of", "2026-08-01").output == (
        "No asks logged for the team as of 2026-08-01 — record each one with refgraph intro log --via PERSON "
        "--to PERSON --status asked, then how it went (introduced, met, declined, no-reply).\n")


def test_an_unknown_owner_is_one_line_with_the_near_name(asked, run):
    result = run("outcomes", "--owner", "Alex Morgen", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.output == ("Error: no owner called 'Alex Morgen' — did you mean 'Alex Morgan'? (owners: Alex "
                             "Morgan, Sam Rivera)\n")


def test_fit_with_too_few_outcomes_is_one_line(asked, run):
    result = run("outcomes", "--fit", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.output == ("Error: only 3 asks with an outcome — --fit needs at least 20; log how more asks "
                             "went first\n")
    result = run("outcomes", "-o", "x.toml", "--as-of", AS_OF)
    assert result.exit_code == 2 and "use it with --fit" in result.output


# -- the rules of an ask, and the scores ----------------------------------------------------------
def _intro(i, *steps, owner=1, via=2, to=3):
    return {"id": i, "owner_id": owner, "via_id": via, "to_id": to,
            "history": [{"status": s, "day": d, "note": None} for s, d in steps]}


def test_what_counts_as_an_ask_and_its_outcome():
    """The ask's day is its first asked step, else its first step past planned; planned alone is no
    ask; steps after as_of do not count; introduced or met at any later step is introduced."""
    rel = score(1, date(2026, 1, 1), date(2025, 1, 1), (), date(2026, 1, 1), DEFAULTS)
    reads = MemoryReads({1: "Olivia Owner"}, {(1, 2): rel}, {(2, 3): (0.5, False, None)}, intros=[
        _intro(1, ("planned", "2026-01-01")),
        _intro(2, ("planned", "2026-01-01"), ("introduced", "2026-01-20"), ("met", "2026-02-01")),
        _intro(3, ("asked", "2026-01-10"), ("no-reply", "2026-02-01"), ("introduced", "2026-03-01")),
        _intro(4, ("asked", "2026-01-10"), ("declined", "2026-06-01")),
        _intro(5, ("asked", "2026-01-15")),
        _intro(6, ("asked", "2026-05-01"))])
    asks = asks_of(reads, DEFAULTS, as_of=date(2026, 2, 15))
    assert [(a.intro_id, a.day.isoformat(), a.outcome, a.met, a.reconnect_first) for a in asks] == [
        (3, "2026-01-10", "no-reply", False, True), (4, "2026-01-10", "open", False, True),
        (5, "2026-01-15", "open", False, True), (2, "2026-01-20", "introduced", True, True)]
    assert round(asks[0].strength, 4) == round(rel.strength * 0.5, 4) == 0.175
    later = asks_of(reads, DEFAULTS, as_of=date(2026, 12, 1))
    assert [(a.intro_id, a.outcome) for a in later] == [(3, "introduced"), (4, "declined"), (5, "open"),
                                                       (2, "introduced"), (6, "open")]
    assert [a["asks"] for a in report(later)["bands"]] == [0, 3, 0, 0]


def test_reconnect_first_is_a_conversation_in_the_30_days_before():
    reads = MemoryReads({1: "O"}, {(1, 2): score(1, date(2026, 1, 1), date(2025, 1, 1), (), date(2026, 3, 1),
                                                 DEFAULTS)},
                        intros=[_intro(1, ("asked", "2026-01-31")), _intro(2, ("asked", "2026-02-01"), to=4),
                                _intro(3, ("asked", "2026-01-01"), to=5)])
    assert [a.reconnect_first for a in asks_of(reads, DEFAULTS, as_of=date(2026, 3, 1))] == [True, True, False]


def test_brier_auc_and_likelihood_by_hand():
    assert brier([], []) is None
    assert round(brier([1.0, 0.0, 0.5], [True, False, True]), 6) == round(0.25 / 3, 6)
    assert auc([0.9, 0.5, 0.5, 0.1], [True, True, False, False]) == 0.875   # the tie counts half
    assert auc([0.2, 0.2, 0.2], [True, False, True]) == 0.5
    assert auc([0.3, 0.4], [True, True]) is None
    assert auc([0.1, 0.2, 0.3, 0.4], [False, False, True, True]) == 1.0
    assert auc([0.1, 0.2, 0.3, 0.4], [True, True, False, False]) == 0.0
    assert round(log_likelihood([0.0, 0.9], [True, False]), 4) == round(-6.907755 - 2.302585, 4)


# -- the fit --------------------------------------------------------------------------------------
def _simulated(true, n_asks, seed):
    """Asks on a memory graph: each owner → connector relationship one to five conversations deep and
    up to 300 days old at the ask, each connector → target tie known (0.8 to 1); introduced with the
    path's strength under *true* (a Bernoulli draw)."""
    rng = random.Random(seed)
    relationships, ties, intros = {}, {}, []
    for i in range(n_asks):
        via, to = 100 + i, 10000 + i
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(30))
        last = day - timedelta(days=rng.randrange(240))
        rel = score(rng.choice([1, 1, 2, 3, 5]), last, last, (), day, true,
                    touch_keep=1 - rng.choice([0.0, 0.1, 0.25]))
        relationships[(1, via)] = rel
        tie = rng.uniform(0.8, 1.0)
        ties[(via, to)] = (tie, False, None)
        outcome = "introduced" if rng.random() < rel.strength * tie else "declined"
        intros.append(_intro(i + 1, ("asked", day.isoformat()), (outcome, (day + timedelta(days=5)).isoformat()),
                             via=via, to=to))
    return MemoryReads({1: "Olivia Owner"}, relationships, ties, intros=intros)


def test_the_fit_recovers_the_settings_the_outcomes_came_from():
    """1,000 asks drawn from a half-life base of 60 days and a conversation weight of 0.25: the fit
    lands within 25% and 0.05 of them (the fits of such draws spread about that much across seeds),
    nearer than the defaults, and scores the outcomes better than the defaults do."""
    true = replace(DEFAULTS, half_life_base_days=60.0, conversation_weight=0.25)
    asks = asks_of(_simulated(true, 1000, seed=3), DEFAULTS, as_of=date(2027, 1, 1))
    fitted = fit(asks, DEFAULTS)
    new = fitted["params"]
    assert abs(new["half_life_base_days"] - 60.0) / 60.0 < 0.25
    assert abs(new["conversation_weight"] - 0.25) < 0.05
    assert abs(new["half_life_base_days"] - 60.0) < abs(DEFAULTS.half_life_base_days - 60.0)
    assert abs(new["conversation_weight"] - 0.25) < abs(DEFAULTS.conversation_weight - 0.25)
    assert fitted["new"]["log_likelihood"] > fitted["old"]["log_likelihood"]
    assert fitted["new"]["brier"] < fitted["old"]["brier"]
    assert fitted["asks"] == 1000
    assert (fitted["old"]["half_life_base_days"], fitted["old"]["conversation_weight"]) == (90.0, 0.35)


def test_the_fit_stays_near_the_defaults_when_they_are_the_truth():
    new = fit(asks_of(_simulated(DEFAULTS, 1000, seed=5), DEFAULTS, as_of=date(2027, 1, 1)), DEFAULTS)["params"]
    assert abs(new["half_life_base_days"] - 90.0) / 90.0 < 0.3
    assert abs(new["conversation_weight"] - 0.35) < 0.05


def test_fit_needs_twenty_outcomes():
    reads = _simulated(DEFAULTS, 19, seed=1)
    with pytest.raises(RefgraphError, match="only 19 asks with an outcome — --fit needs at least 20"):
        fit(asks_of(reads, DEFAULTS, as_of=date(2027, 1, 1)), DEFAULTS)


FIT_TEXT = """\
Fit of the reading-time settings to 24 asks (maximum likelihood, a prior towards the defaults):
settings  half_life_base_days  conversation_weight  brier  auc    log_likelihood
--------  -------------------  -------------------  -----  -----  --------------
old       90                   0.35                 0.157  0.914  -11.478
new       137.9                0.433                0.131  0.914  -9.572
To use the new settings, put this table in refgraph.toml beside the store (or your --config file):
[strength]
half_life_base_days = 137.9
conversation_weight = 0.433
"""
FIT_TOML = "[strength]\nhalf_life_base_days = 137.9\nconversation_weight = 0.433\n"
FIT_JSON = {"asks": 24,
            "old": {"half_life_base_days": 90.0, "conversation_weight": 0.35, "brier": 0.1569, "auc": 0.9141,
                    "log_likelihood": -11.4783},
            "new": {"half_life_base_days": 137.9, "conversation_weight": 0.433, "brier": 0.131, "auc": 0.9141,
                    "log_likelihood": -9.5715},
            "params": {"half_life_base_days": 137.9, "conversation_weight": 0.433}}


@pytest.fixture
def many_asked(full_store, db):
    """The demo store with 24 asks of Alex through his teammate Sam, to Sam's 24 strongest contacts on
    2026-09-01 (both hops the owners' relationships): the stronger ones mostly introduced."""
    shutil.copy(full_store, db)
    with refgraph.open(db) as g:
        alex, sam = g.owner_id("Alex Morgan"), g.owner_id("Sam Rivera")
        day = date(2026, 9, 1)
        contacts = sorted(((-s.strength, pid) for (_, pid), s in g.scores(day, owner_id=sam).items() if pid != alex))
        for rank, (_, pid) in enumerate(contacts[:24]):
            g.store.add_intro_step(alex, sam, pid, "asked", day)
            outcome = "introduced" if rank in (0, 1, 2, 3, 5, 6, 9, 13) else "declined"
            g.store.add_intro_step(alex, sam, pid, outcome, day + timedelta(days=7))
    return db


def test_fit_prints_old_and_new_and_the_table_to_paste(many_asked, run, tmp_path):
    result = run("outcomes", "--fit", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.output.split("\n\n")[-2:] == [
        "Strength at the ask against introduced (24 asks; Brier 0 is perfect, AUC 0.5 is chance): Brier score "
        "0.157, ROC AUC 0.914",
        FIT_TEXT]
    data = json.loads(run("outcomes", "--fit", "--as-of", AS_OF, "--json").output)
    assert data["fit"] == FIT_JSON
    snippet = tmp_path / "fitted.toml"
    result = run("outcomes", "--fit", "--as-of", AS_OF, "-o", snippet)
    assert result.output.endswith(f"Wrote {snippet}\n")
    assert snippet.read_text() == FIT_TOML
    assert snippet.stat().st_mode & 0o777 == 0o600
    # the snippet is a config refgraph reads
    assert refgraph.strength.load_params(snippet).half_life_base_days == FIT_JSON["params"]["half_life_base_days"]
    again = run("outcomes", "--fit", "--as-of", AS_OF, "-o", snippet)
    assert again.exit_code == 1
    assert again.output == (f"Error: {snippet}: exists already — name a new file; refgraph never "
                                             "overwrites a config (paste the [strength] table into refgraph.toml "
                            "yourself)\n")


def test_the_calibration_plot(asked, run, tmp_path):
    out = tmp_path / "calibration.png"
    result = run("plot", "calibration", "-o", out, "--as-of", AS_OF)
    assert result.output == f"Wrote {out}\n"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = run("plot", "calibration", "-o", tmp_path / "none.svg", "--as-of", "2026-08-01")
    assert result.exit_code == 1
    assert result.output == ("Error: no ask with an outcome to draw — log how your asks went (introduced, met, "
                             "declined, no-reply) first\n")
