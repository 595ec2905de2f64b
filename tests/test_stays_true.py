"""What stays true on any later day and for near names: the same calendar imported again weeks later
adds nothing, a nearly right account, person or owner gets a suggestion from the one matcher, two
teammates with close names can both be owners, and the README's printed outputs carry their date."""
from __future__ import annotations

import re
import shlex
import zipfile
from datetime import date
from pathlib import Path

import refgraph

from .conftest import SAMPLES, write

ROOT = Path(__file__).resolve().parent.parent


def test_the_same_calendar_imported_weeks_later_adds_nothing(tmp_path):
    calendar = next(SAMPLES.glob("*.ical.zip"))
    with refgraph.open(tmp_path / "s.db") as g:
        first = g.import_calendar(calendar, owner="Alex Morgan", today=date(2026, 11, 15))
        again = g.import_calendar(calendar, owner="Alex Morgan", today=date(2027, 1, 20))
    assert first.line().startswith(f"Imported calendar from {calendar} for Alex Morgan: ")
    assert again.line().startswith(f"Imported calendar from {calendar} for Alex Morgan: 0 new; ")


def test_recurring_events_run_a_year_past_the_calendars_own_latest_event(tmp_path):
    from datetime import timedelta

    from refgraph.sources.calendar import read_calendar

    calendar = next(SAMPLES.glob("*.ical.zip"))
    batch = read_calendar(calendar, until=timedelta(days=365))
    singles = read_calendar(calendar)   # no until: up to the latest one-off event, 2026-12-03
    assert max(r.day for r in singles.interactions) == date(2026, 12, 3)
    assert max(r.day for r in batch.interactions) == date(2027, 12, 2)   # the weekly series' last before 2027-12-03



def test_a_calendar_of_series_runs_a_year_past_its_export(tmp_path):
    """A weekly series whose file was exported (DTSTAMP) on 2026-04-01, after its last one-off event
    (2026-02-10): a year past the export, whatever the day of the import."""
    from datetime import timedelta

    from refgraph.sources.calendar import read_calendar

    weekly = ROOT / "tests" / "fixtures" / "real-shapes" / "calendar-weekly-series" / "weekly.ics"
    batch = read_calendar(weekly, owner="Alex Morgan", until=timedelta(days=365))
    assert (max(r.day for r in batch.interactions), len(batch.interactions)) == (date(2027, 3, 29), 64)


# -- one matcher for people, owners and accounts ---------------------------------------------------
def _little_store(run, tmp_path):
    run("import", "accounts", write(tmp_path / "accounts.csv", "name,domain,aliases\nInitech,initech.example,\n"
                                    "Globex,globex.example,\n"))
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,company,channel,owner\n"
                                        "2026-10-01,Maria Ortiz,Initech,call,Alex Morgan\n"))


def test_a_nearly_right_account_gets_a_suggestion(run, tmp_path):
    _little_store(run, tmp_path)
    for typed, meant in (("Initek", "Initech"), ("Globx", "Globex")):
        result = run("path", typed, "--as-of", "2026-11-15")
        assert (result.exit_code, result.output) == (
            1, f"Error: no account or company called {typed!r} in the store — did you mean {meant!r}?\n")


def test_a_nearly_right_person_gets_a_suggestion(run, tmp_path):
    _little_store(run, tmp_path)
    result = run("why", "Maria Ortis", "--as-of", "2026-11-15")
    assert (result.exit_code, result.output) == (
        1, "Error: no person called 'Maria Ortis' in the store — did you mean 'Maria Ortiz'?\n")


def test_a_nearly_right_owner_gets_a_suggestion(run, tmp_path):
    _little_store(run, tmp_path)
    result = run("people", "--owner", "Alex Morgn", "--as-of", "2026-11-15")
    assert (result.exit_code, result.output) == (
        1, "Error: no owner called 'Alex Morgn' — did you mean 'Alex Morgan'? (owners: Alex Morgan)\n")
    assert run("people", "--owner", "Nobody").output == "Error: no owner called 'Nobody' — use one of: Alex Morgan\n"


def test_the_matcher_takes_a_few_letters_typed_wrong_and_not_another_name():
    from refgraph.identity import company_key
    from refgraph.reads import suggest

    assert suggest("Initek", ["Initech Inc.", "Intel", "Globex Corporation"], key=company_key) == ["Initech Inc."]
    assert suggest("Sam Rivara", ["Sam Rivera", "Alex Morgan"]) == ["Sam Rivera"]
    assert suggest("Nobody", ["Sam Rivera", "Alex Morgan"]) == []


# -- teammates with close names ----------------------------------------------------------------------
PROFILE_HEADER = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
                  "Geo Location,Twitter Handles,Websites,Instant Messengers\n")


def _export(folder: Path, first: str, last: str, connection: str) -> Path:
    z = folder / f"{first}-{last}.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Profile.csv", PROFILE_HEADER + f"{first},{last},,,,AE,,,,,,,\n")
        zf.writestr("Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    + connection + "\n")
    return z


def test_teammates_with_close_names_are_both_owners_when_their_exports_say_so(run, tmp_path):
    ann = _export(tmp_path, "Ann", "Lee", "Bo,Ek,https://www.linkedin.com/in/bo-ek,,Contoso,CFO,1 Feb 2020")
    anna = _export(tmp_path, "Anna", "Lee", "Cy,Ot,https://www.linkedin.com/in/cy-ot,,Contoso,VP,1 Feb 2021")
    assert run("import", "linkedin", ann).exit_code == 0
    result = run("import", "linkedin", anna, "--owner", "Anna Lee")
    assert (result.exit_code, result.output) == (
        0, f"Imported linkedin from {anna} for Anna Lee: 2 new people, 0 updated, 0 job changes, "
           "1 new interactions; 1 row: 1 new\n")
    assert [r.split()[:2] for r in run("owners").output.splitlines()[2:]] == [["Ann", "Lee"], ["Anna", "Lee"]]


def test_a_close_owner_name_in_a_call_log_stops_unless_named_new(run, db, tmp_path):
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel,owner\n"
                                        "2026-01-01,Bo Ek,call,Ann Lee\n"))
    log = write(tmp_path / "more.csv", "date,person,channel,owner\n2026-01-02,Cy Ot,call,Anna Lee\n")
    before = db.read_bytes()
    refused = run("import", "interactions", log)
    assert (refused.exit_code, refused.output) == (
        1, f"Error: {log}: no owner called 'Anna Lee' — did you mean 'Ann Lee'? (owners: Ann Lee; if 'Anna Lee' "
           "is a new teammate, add --new-owner 'Anna Lee')\n")
    assert db.read_bytes() == before
    done = run("import", "interactions", log, "--new-owner", "Anna Lee")
    assert (done.exit_code, done.output) == (
        0, f"Imported interactions CSV from {log} for Anna Lee: 2 new people, 0 updated, 0 job changes, "
           "1 new interactions; 1 row: 1 new\n")


# -- the README's printed examples hold on any later day ---------------------------------------------
def _readme_examples() -> list[tuple[str, str]]:
    """(command, what the README shows it printing) of each example block that starts with `$ refgraph`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"(?ms)^```\n(\$ refgraph .*?)^```", text):
        command, _, shown = block.partition("\n")
        found.append((command[2:], shown))
    return found


def test_the_readme_examples_carry_the_samples_date():
    from refgraph.samples import AS_OF

    examples = _readme_examples()
    assert len(examples) >= 3
    for command, _ in examples:
        assert f"--as-of {AS_OF}" in command and "--db demo/demo.db" in command, command


def test_the_readme_examples_print_the_same_on_any_day(full_store, monkeypatch):
    import datetime as real

    from click.testing import CliRunner

    import refgraph.cli as cli_module

    def on(day: date) -> list[str]:
        class Clock(real.date):
            @classmethod
            def today(cls):
                return day

        monkeypatch.setattr(cli_module, "date", Clock)
        outputs = []
        for command, shown in _readme_examples():
            args = shlex.split(command)[1:]
            args[args.index("--db") + 1] = str(full_store)
            result = CliRunner().invoke(cli_module.cli, args, catch_exceptions=False)
            assert result.exit_code == 0, (command, result.output)
            if "as of 2026-11-15" in shown:
                assert "as of 2026-11-15" in result.output.splitlines()[0]
            outputs.append(result.output)
        return outputs

    assert on(date(2026, 11, 15)) == on(date(2027, 3, 1))


def test_a_calendar_of_a_teammate_with_a_close_name_needs_new_owner(run, tmp_path):
    from .test_calendar_store import CALENDAR

    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel,owner\n"
                                        "2026-01-01,Bo Ek,call,Ann Lee\n"))
    ics = write(tmp_path / "anna.ics", CALENDAR)
    refused = run("import", "calendar", ics, "--owner", "Anna Lee")
    assert (refused.exit_code, refused.output) == (
        1, f"Error: {ics}: no owner called 'Anna Lee' — did you mean 'Ann Lee'? (owners: Ann Lee; if 'Anna Lee' "
           "is a new teammate, add --new-owner 'Anna Lee')\n")
    done = run("import", "calendar", ics, "--owner", "Anna Lee", "--new-owner", "Anna Lee")
    assert done.exit_code == 0 and done.output.startswith(f"Imported calendar from {ics} for Anna Lee: ")


# -- the tour ends with a cold path and a triage step ------------------------------------------------
def test_the_demo_tour_shows_a_cold_path_and_a_triage_step(tmp_path):
    from click.testing import CliRunner

    from refgraph.cli import cli

    out = CliRunner().invoke(cli, ["demo", "--keep", str(tmp_path)], catch_exceptions=False).output
    sections = dict(re.findall(r"(?ms)^== (.*?) ==\n\n(.*?)(?=^== |\Z)", out))
    cold = sections["refgraph path 'Acme Corp' -k 2   (no warm way in: reconnect, then cold)"]
    assert cold.startswith("Paths into Acme Corp from Alex Morgan, as of 2026-11-15")
    # the Partner before the Sales Development Representative: most senior first
    assert "2. 0.000  Alex Morgan → Kevin Murphy  (Partner, Acme Corp)" in cold
    assert re.search(r"(?m)^Alex Morgan +Kevin Murphy +0\.000 +never +cold$", cold)
    triage = sections["refgraph triage --limit 5   (day one: whom you likely know)"]
    lines = triage.rstrip("\n").splitlines()
    assert lines[0].split() == ["person", "company", "title", "evidence"] and len(lines) == 2 + 5 + 1
    assert lines[2].startswith("Kevin Adeyemi    Wingtip Toys")   # the latest evidence first
    assert lines[-1] == ("Write them to a file (refgraph triage -o triage.csv), fill in date and channel (call, "
                         "video, meeting) for the people you really talked with, leave the others empty, then: "
                         "refgraph import interactions triage.csv")
    assert list(sections)[-1] == "refgraph plot paths Contoso | network | decay   (pictures for a slide)"
