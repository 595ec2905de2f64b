"""Bad input for the calendar, contacts, knows and accounts importers, ``merge`` and
``owners --default``; and re-importing the good samples changes nothing.

The contract is the one in ``tests/test_bad_input.py``: one line ``Error: <file>: [row N: ]<what is
wrong> — <what to do>`` on stderr, nothing on stdout, exit 1, no traceback, the store byte-for-byte as
it was (sha256 of ``store.db`` and any non-empty ``-wal`` / ``-journal``), and no store file left
behind when there was none before the command. Every case runs against an existing store and a path
with no store yet, twice (re-running a failed import changes nothing either).

The less common mistakes (another format's file, a broken or cut-off archive) are marked "extra".
Where the code breaks the contract the test still asserts the contract and is marked
``xfail(strict=True)`` with the reason.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.test_bad_input import (DASH, Target, assert_error, build_store, fingerprint, invoke, png_bytes,
                                  write, write_zip)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

NOT_ICAL = "not an iCalendar file"
ICAL_FIX = "export the calendar as .ics"
CONTACTS_FIX = "export contacts as Google CSV, Outlook CSV or vCard"
KNOWS_FIX = "fill in both person and knows"


@pytest.fixture(params=["existing store", "no store yet"])
def target(request, tmp_path) -> Target:
    if request.param == "existing store":
        return Target(build_store(tmp_path), existed=True)
    return Target(tmp_path / "fresh.db", existed=False)


# -- input files -----------------------------------------------------------------------------------
def ics(*body: str, calname: str | None = None, end: bool = True) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//refgraph tests//EN", "CALSCALE:GREGORIAN"]
    if calname:
        lines.append(f"X-WR-CALNAME:{calname}")
    lines += list(body)
    if end:
        lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def event(*extra: str, uid: str = "sync-1@tests.example") -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20240101T000000Z", "DTSTART:20240110T160000Z",
            "DTEND:20240110T163000Z", "SUMMARY:Pipeline sync",
            "ATTENDEE;CN=Sam Rivera;PARTSTAT=ACCEPTED:mailto:sam.rivera@northwind.example",
            "ATTENDEE;CN=Priya Natarajan;PARTSTAT=ACCEPTED:mailto:priya@fabrikam.example",
            *extra, "END:VEVENT"]


GOOD_ICS = ics(*event(), calname="alex.morgan@northwind.example")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Rivera\r\nEMAIL;TYPE=WORK:sam.rivera@northwind.example\r\n"
         "END:VCARD\r\n")
CALLS_CSV = ("date,person,channel,owner\n2024-01-10,Sam Rivera,call,Alex Morgan\n"
             "2024-02-11,Priya Natarajan,meeting,Alex Morgan\n")
KNOWS_HEADER = "person,person_email,knows,knows_email,knows_company,strength,last_contact,note\n"
KNOWS_ROW = "Maria Ortiz,,Lee Park,,Contoso,0.8,2026-09-30,Board together\n"


def _cut_zip(d: Path, name: str, keep) -> Path:
    """A calendar zip cut short (a download that stopped): *keep* maps the full size to the bytes kept."""
    good = write_zip(d / "whole.zip", {"alex.morgan@northwind.example.ics": GOOD_ICS * 3})
    data = good.read_bytes()
    good.unlink()
    f = d / name
    f.write_bytes(data[:keep(len(data))])
    return f


# -- failed imports: fn(folder) -> (import args, expected prefix, facts that must appear in the line) ----

# calendar: not iCalendar
def calendar_plain_text(d):
    f = write(d / "notes.txt", "Call Sam about the renewal on Tuesday.\nThen Priya.\n")
    return ["calendar", f], f"Error: {f}: ", [NOT_ICAL, ICAL_FIX]


def calendar_plain_text_named_ics(d):
    f = write(d / "calendar.ics", "Call Sam about the renewal on Tuesday.\n")
    return ["calendar", f], f"Error: {f}: ", [NOT_ICAL, ICAL_FIX]


def calendar_png(d):
    f = d / "photo.png"
    f.write_bytes(png_bytes())
    return ["calendar", f], f"Error: {f}: ", [NOT_ICAL, ICAL_FIX]


def calendar_png_named_ics(d):
    f = d / "calendar.ics"
    f.write_bytes(png_bytes())
    return ["calendar", f], f"Error: {f}: ", [NOT_ICAL, ICAL_FIX]


def calendar_empty_file(d):
    # every other importer says "the file is empty" for an empty file (see test_bad_input.py)
    f = write(d / "calendar.ics", "")
    return ["calendar", f], f"Error: {f}: ", ["the file is empty"]


def calendar_csv(d):
    f = write(d / "calls.csv", CALLS_CSV)
    return ["calendar", f], f"Error: {f}: ", [NOT_ICAL, ICAL_FIX]


def calendar_given_a_vcard(d):   # extra
    f = write(d / "contacts.vcf", VCARD)
    return ["calendar", f], f"Error: {f}: ", [NOT_ICAL]


# calendar: zips
def calendar_zip_without_ics(d):
    f = write_zip(d / "takeout.zip", {"Calendar/readme.txt": "hi", "calls.csv": CALLS_CSV})
    return ["calendar", f], f"Error: {f}: ", ["no .ics calendars in this zip", "Google Calendar"]


def calendar_empty_zip(d):   # extra
    f = write_zip(d / "calendar.zip", {})
    return ["calendar", f], f"Error: {f}: ", ["no .ics calendars in this zip"]


def calendar_truncated_zip_head(d):
    f = _cut_zip(d, "alex.morgan@northwind.example.ical.zip", lambda n: 60)
    return ["calendar", f], f"Error: {f}: ", ["damaged", "download the export again"]


def calendar_truncated_zip_tail(d):
    f = _cut_zip(d, "alex.morgan@northwind.example.ical.zip", lambda n: n - 10)
    return ["calendar", f], f"Error: {f}: ", ["damaged", "download the export again"]


def calendar_zip_with_bad_crc(d):   # extra: entries are stored, so one flipped byte breaks the CRC only
    f = write_zip(d / "alex.morgan@northwind.example.ical.zip", {"alex.morgan@northwind.example.ics": GOOD_ICS})
    data = bytearray(f.read_bytes())
    data[data.index(b"SUMMARY:Pipeline") + 9] ^= 0x01
    f.write_bytes(bytes(data))
    return ["calendar", f], f"Error: {f}: ", ["cannot be read", "download the export again"]


def calendar_zip_member_not_ical(d):   # extra: the member is named in the error
    f = write_zip(d / "alex.morgan@northwind.example.ical.zip",
                  {"alex.morgan@northwind.example.ics": GOOD_ICS, "zz-notes.ics": "just some notes\n"})
    return ["calendar", f], f"Error: {f}:zz-notes.ics: ", [NOT_ICAL]


def calendar_cut_off(d):   # extra: no END:VCALENDAR
    f = write(d / "calendar.ics", ics(*event()[:-1], end=False))
    return ["calendar", f, "--owner", "Alex Morgan"], f"Error: {f}: ", ["cut off", "END:VCALENDAR"]


# calendar: whose is it?
def calendar_owner_cannot_be_told(d):
    # no --owner, no X-WR-CALNAME, no ORGANIZER, a file name that is not an address
    f = write(d / "calendar.ics", ics(*event()))
    return ["calendar", f], f"Error: {f}: ", ["cannot tell whose calendar this is", "pass --owner NAME"]


def calendar_calname_not_an_owner(d):
    f = write(d / "calendar.ics", ics(*event(), calname="bob.builder@contoso.example"))
    return (["calendar", f], f"Error: {f}: ",
            ["cannot tell whose calendar this is", "bob.builder@contoso.example", "pass --owner NAME"])


def calendar_calname_not_an_owner_in_zip(d):
    f = write_zip(d / "bob.builder@contoso.example.ical.zip",
                  {"bob.builder@contoso.example.ics": ics(*event(), calname="bob.builder@contoso.example")})
    return (["calendar", f], f"Error: {f}: ",
            ["cannot tell whose calendar this is", "bob.builder@contoso.example", "pass --owner NAME"])


def calendar_organizer_not_an_owner(d):   # extra: the ORGANIZER is the only address
    f = write(d / "calendar.ics", ics(*event("ORGANIZER;CN=Bob Builder:mailto:bob.builder@contoso.example")))
    return (["calendar", f], f"Error: {f}: ",
            ["cannot tell whose calendar this is", "bob.builder@contoso.example", "pass --owner NAME"])


# contacts
def contacts_not_contacts_csv(d):
    f = write(d / "contacts.csv", "name,domain,aliases\nContoso,contoso.example,Contoso Ltd.\n")
    return (["contacts", f], f"Error: {f}: ",
            ["not a Google or Outlook contacts CSV", "columns: name, domain, aliases", CONTACTS_FIX])


def contacts_calls_csv(d):
    f = write(d / "calls.csv", CALLS_CSV)
    return (["contacts", f], f"Error: {f}: ",
            ["not a Google or Outlook contacts CSV", "columns: date, person, channel, owner", CONTACTS_FIX])


def contacts_vcf_not_vcard(d):
    f = write(d / "contacts.vcf", "First Name,Last Name,E-mail Address\nSam,Rivera,sam.rivera@northwind.example\n")
    return (["contacts", f], f"Error: {f}: ", ["not a vCard file", "BEGIN:VCARD", CONTACTS_FIX])


def contacts_vcf_is_icalendar(d):   # extra
    f = write(d / "contacts.vcf", GOOD_ICS)
    return ["contacts", f], f"Error: {f}: ", ["not a vCard file", "BEGIN:VCALENDAR"]


def contacts_csv_is_icalendar(d):   # extra: points at the importer that reads it
    f = write(d / "contacts.csv", GOOD_ICS)
    return ["contacts", f], f"Error: {f}: ", ["iCalendar", "refgraph import calendar"]


def contacts_broken_vcard_line(d):
    # lines 1-5 are card 1; card 2 starts at line 6; line 9 has no colon
    f = write(d / "contacts.vcf", VCARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lee Park\r\nthis line has no colon\r\n"
                                          "END:VCARD\r\n")
    return (["contacts", f], f"Error: {f}: ", ["card 2", "not valid vCard", "line 9", "fix that line"])


def contacts_vcard_never_closed(d):
    f = write(d / "contacts.vcf", VCARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lee Park\r\n")
    return (["contacts", f], f"Error: {f}: ", ["card 2", "never closed", "END:VCARD"])


def contacts_vcard_end_without_begin(d):   # extra
    f = write(d / "contacts.vcf", VCARD + "END:VCARD\r\n")
    return (["contacts", f], f"Error: {f}: ", ["card 2", "END:VCARD without BEGIN", "line 6"])


def contacts_empty_csv(d):
    f = write(d / "contacts.csv", "")
    return ["contacts", f], f"Error: {f}: ", ["the file is empty", "export the contacts again"]


def contacts_empty_vcf(d):
    f = write(d / "contacts.vcf", "\r\n  \r\n")
    return ["contacts", f], f"Error: {f}: ", ["the file is empty", "export the contacts again"]


def contacts_png(d):
    f = d / "photo.png"
    f.write_bytes(png_bytes())
    return ["contacts", f], f"Error: {f}: ", ["binary file", CONTACTS_FIX]


def contacts_png_named_vcf(d):
    f = d / "contacts.vcf"
    f.write_bytes(png_bytes())
    return ["contacts", f], f"Error: {f}: ", ["binary file", CONTACTS_FIX]


def contacts_zip(d):   # extra
    f = write_zip(d / "contacts.zip", {"contacts.vcf": VCARD})
    return ["contacts", f], f"Error: {f}: ", ["zip file", "unzip it"]


# knows
def knows_row_names_nobody_in_person(d):
    f = write(d / "knows.csv", KNOWS_HEADER + KNOWS_ROW + ",,Dana Whitfield,,Fabrikam,0.6,2026-08-12,Same team\n")
    return ["knows", f], f"Error: {f}: row 3: ", ["names nobody", "person", KNOWS_FIX]


def knows_row_names_nobody_in_knows(d):
    f = write(d / "knows.csv", KNOWS_HEADER + KNOWS_ROW + KNOWS_ROW.replace("Maria", "Priya")
              + "Priya Natarajan,,,,Fabrikam,0.6,,Same team\n")
    return ["knows", f], f"Error: {f}: row 4: ", ["names nobody", "knows column", KNOWS_FIX]


def knows_row_names_nobody_after_multiline_note(d):
    # the row number is the line the row starts on: the quoted note takes lines 2-3, line 4 is blank
    f = write(d / "knows.csv", "person,knows,note\nMaria Ortiz,Lee Park,\"Board together\nsince 2019\"\n\n"
                               "Priya Natarajan,  ,Same team\n")
    return ["knows", f], f"Error: {f}: row 5: ", ["names nobody", KNOWS_FIX]


def knows_missing_both_columns(d):
    f = write(d / "knows.csv", "who,whom\nMaria Ortiz,Lee Park\n")
    return (["knows", f], f"Error: {f}: ",
            ["missing required columns person, knows", "columns found: who, whom", "person, knows"])


def knows_missing_knows_column(d):
    f = write(d / "knows.csv", "person,knows_name,strength\nMaria Ortiz,Lee Park,0.8\n")
    return (["knows", f], f"Error: {f}: ",
            ["missing required column knows", "columns found: person, knows_name, strength"])


def knows_bad_strength(d):
    f = write(d / "knows.csv", KNOWS_HEADER + KNOWS_ROW + KNOWS_ROW.replace("0.8", "high"))
    return ["knows", f], f"Error: {f}: row 3: ", ["strength 'high'", "from 0 to 1", "0.8"]


def knows_strength_out_of_range(d):
    f = write(d / "knows.csv", KNOWS_HEADER + KNOWS_ROW * 2 + KNOWS_ROW.replace("0.8", "80"))
    return ["knows", f], f"Error: {f}: row 4: ", ["strength '80'", "from 0 to 1"]


def knows_bad_last_contact(d):
    f = write(d / "knows.csv", KNOWS_HEADER + KNOWS_ROW + KNOWS_ROW.replace("2026-09-30", "last spring"))
    return ["knows", f], f"Error: {f}: row 3: ", ["'last spring'", "last_contact", "2024-02-11"]


def knows_impossible_last_contact(d):
    f = write(d / "knows.csv", KNOWS_HEADER + KNOWS_ROW + KNOWS_ROW.replace("2026-09-30", "2024-02-30"))
    return ["knows", f], f"Error: {f}: row 3: ", ["'2024-02-30'", "last_contact"]


def knows_empty(d):   # extra
    f = write(d / "knows.csv", "")
    return ["knows", f], f"Error: {f}: ", ["the file is empty"]


def knows_png(d):   # extra
    f = d / "knows.csv"
    f.write_bytes(png_bytes())
    return ["knows", f], f"Error: {f}: ", ["binary file, not a CSV"]


# accounts
def accounts_without_name_column(d):
    f = write(d / "accounts.csv", "domain,aliases\ncontoso.example,Contoso Ltd.;Contoso Limited\n")
    return (["accounts", f], f"Error: {f}: ",
            ["no name column", "columns found: domain, aliases", "needs a name column"])


def accounts_salesforce_without_account_name(d):
    f = write(d / "accounts.csv", "Website,Industry\nhttps://www.fabrikam.example,Manufacturing\n")
    return ["accounts", f], f"Error: {f}: ", ["no name column", "columns found: Website, Industry"]


def accounts_empty(d):
    f = write(d / "accounts.csv", "")
    return ["accounts", f], f"Error: {f}: ", ["the file is empty", "export it again"]


def accounts_blank_lines(d):   # extra
    f = write(d / "accounts.csv", "\n \n\n")
    return ["accounts", f], f"Error: {f}: ", ["the file is empty"]


def accounts_png(d):   # extra
    f = d / "accounts.csv"
    f.write_bytes(png_bytes())
    return ["accounts", f], f"Error: {f}: ", ["binary file, not a CSV"]


def _case(fn, reason=None):
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fn, id=fn.__name__, marks=marks)


IMPORT_CASES = [
    _case(calendar_plain_text), _case(calendar_plain_text_named_ics), _case(calendar_png),
    _case(calendar_png_named_ics),
    _case(calendar_empty_file),
    _case(calendar_csv), _case(calendar_given_a_vcard),
    _case(calendar_zip_without_ics), _case(calendar_empty_zip), _case(calendar_truncated_zip_head),
    _case(calendar_truncated_zip_tail), _case(calendar_zip_with_bad_crc), _case(calendar_zip_member_not_ical),
    _case(calendar_cut_off),
    _case(calendar_owner_cannot_be_told), _case(calendar_calname_not_an_owner),
    _case(calendar_calname_not_an_owner_in_zip), _case(calendar_organizer_not_an_owner),
    _case(contacts_not_contacts_csv), _case(contacts_calls_csv), _case(contacts_vcf_not_vcard),
    _case(contacts_vcf_is_icalendar), _case(contacts_csv_is_icalendar),
    _case(contacts_broken_vcard_line), _case(contacts_vcard_never_closed), _case(contacts_vcard_end_without_begin),
    _case(contacts_empty_csv), _case(contacts_empty_vcf), _case(contacts_png), _case(contacts_png_named_vcf),
    _case(contacts_zip),
    _case(knows_row_names_nobody_in_person), _case(knows_row_names_nobody_in_knows),
    _case(knows_row_names_nobody_after_multiline_note),
    _case(knows_missing_both_columns), _case(knows_missing_knows_column),
    _case(knows_bad_strength), _case(knows_strength_out_of_range),
    _case(knows_bad_last_contact), _case(knows_impossible_last_contact), _case(knows_empty), _case(knows_png),
    _case(accounts_without_name_column), _case(accounts_salesforce_without_account_name),
    _case(accounts_empty), _case(accounts_blank_lines), _case(accounts_png),
]


@pytest.mark.parametrize("case", IMPORT_CASES)
def test_failed_import_is_one_line_and_changes_nothing(case, target, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    args, prefix, facts = case(inputs)
    first = invoke(target.db, "import", *args)
    assert_error(first, prefix, *facts)
    target.assert_unchanged()
    again = invoke(target.db, "import", *args)   # re-importing the bad file changes nothing either
    assert again.stderr == first.stderr and again.exit_code == 1
    target.assert_unchanged()


# -- merge and owners --default ------------------------------------------------------------------------
# The existing store (test_bad_input.build_store) has the owner Alex Morgan and the people Sam Rivera and
# Priya Natarajan. Each case: (args, prefix and facts on an existing store, prefix and facts with no store).
COMMAND_CASES = [
    pytest.param(["merge", "Sam Rivera", "Zebulon Quux"],
                 "Error: no person called 'Zebulon Quux'", ["check the spelling"],
                 "Error: no person called 'Sam Rivera'", [], id="merge-unknown-other"),
    pytest.param(["merge", "Zebulon Quux", "Sam Rivera"],
                 "Error: no person called 'Zebulon Quux'", ["check the spelling"],
                 "Error: no person called 'Zebulon Quux'", [], id="merge-unknown-keep"),
    pytest.param(["merge", "Sam Rivara", "Priya Natarajan"],
                 "Error: no person called 'Sam Rivara'", ["did you mean 'Sam Rivera'?"],
                 "Error: no person called 'Sam Rivara'", [], id="merge-misspelt-keep"),
    pytest.param(["merge", "Sam Rivera", "Sam Rivera"],
                 "Error: ", ["both names are Sam Rivera", "name two different people"],
                 "Error: no person called 'Sam Rivera'", [], id="merge-same-person-twice"),
    pytest.param(["merge", "Sam Rivera", "sam  RIVERA"],   # extra: the same person written differently
                 "Error: ", ["both names are Sam Rivera"],
                 "Error: no person called 'Sam Rivera'", [], id="merge-same-person-other-spelling"),
    pytest.param(["merge", "Sam Rivera", "Alex Morgan"],
                 "Error: ", ["is an owner", "merge the other way round"],
                 "Error: no person called 'Sam Rivera'", [], id="merge-owner-as-other"),
    pytest.param(["owners", "--default", "Bob Builder"],
                 "Error: no owner called 'Bob Builder'", ["Alex Morgan"],
                 "Error: no owner", [], id="owners-default-unknown"),
    pytest.param(["owners", "--default", "Sam Rivera"],   # a person, but not an owner
                 "Error: no owner called 'Sam Rivera'", ["Alex Morgan"],
                 "Error: no owner", [], id="owners-default-not-an-owner"),
]


@pytest.mark.parametrize("args, prefix, facts, _fresh_prefix, _fresh_facts", COMMAND_CASES)
def test_command_error_on_existing_store(store, args, prefix, facts, _fresh_prefix, _fresh_facts):
    before = fingerprint(store)
    out = invoke(store, *args)
    assert_error(out, prefix, *facts)
    assert fingerprint(store) == before
    if args[0] == "owners":   # the list of owners is the fix, each once
        assert out.line.split(DASH, 1)[1].count("Alex Morgan") == 1
        assert "Sam Rivera" not in out.line.split(DASH, 1)[1]


@pytest.mark.parametrize("args, _prefix, _facts, prefix, facts", COMMAND_CASES)
def test_command_error_with_no_store_leaves_none(tmp_path, args, _prefix, _facts, prefix, facts):
    target = Target(tmp_path / "fresh.db", existed=False)
    out = invoke(target.db, *args)
    # only imports create a store: any other command on a path with none says so first
    assert_error(out, f"Error: {target.db}: no refgraph store here yet", "import something first", "--db")
    target.assert_unchanged()


@pytest.fixture
def store(tmp_path) -> Path:
    return build_store(tmp_path)


# -- re-importing the good samples changes nothing -------------------------------------------------------
def _is_calendar_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return any(n.lower().endswith(".ics") for n in zf.namelist())
    except zipfile.BadZipFile:
        return False


def _sample_imports() -> list[tuple[str, Path]]:
    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    found = [("contacts", p) for p in files
             if p.suffix.lower() in (".vcf", ".vcard") or (p.suffix.lower() == ".csv" and "contact" in p.name.lower())]
    found += [("calendar", p) for p in files
              if p.suffix.lower() == ".ics" or (p.suffix.lower() == ".zip" and _is_calendar_zip(p))]
    found += [("knows", SAMPLES / "knows.csv"), ("accounts", SAMPLES / "accounts.csv")]
    return found


SAMPLE_IMPORTS = _sample_imports()
ZERO_NEW = re.compile(r": 0 new; \d+ rows?(: (?!.*\d (new|updated)\b).*)?$")


def test_samples_include_the_new_sources():
    kinds = {kind for kind, _ in SAMPLE_IMPORTS}
    assert {"calendar", "contacts", "knows", "accounts"} <= kinds, SAMPLE_IMPORTS
    assert all(p.is_file() for _, p in SAMPLE_IMPORTS)


def _ok(db: Path, *args) -> str:
    out = invoke(db, *args, collect=False)
    assert out.exception is None and out.exit_code == 0, (args, out.exit_code, out.stderr)
    assert out.stderr == ""
    assert out.stdout.count("\n") == 1 and out.stdout.startswith("Imported "), out.stdout
    return out.stdout.rstrip("\n")


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    """Alex's LinkedIn export and the CRM log: the owners and people the other samples join to."""
    db = tmp_path_factory.mktemp("base") / "base.db"
    _ok(db, "import", "linkedin", SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip")
    _ok(db, "import", "interactions", SAMPLES / "interactions.csv")
    assert not Path(f"{db}-wal").exists()
    return db


def _reimport_args(kind: str, path: Path) -> list:
    # the calendar's owner: in this store Alex has no address yet, so name him (the sequence test below
    # imports the contacts first and lets the calendar's own address find him)
    return ["import", kind, path] + (["--owner", "Alex Morgan"] if kind == "calendar" else [])


@pytest.mark.parametrize("fresh", [False, True], ids=["after-linkedin-and-crm", "into-empty-store"])
@pytest.mark.parametrize("kind, path", [pytest.param(k, p, id=f"{k}-{p.name}") for k, p in SAMPLE_IMPORTS])
def test_reimporting_a_good_sample_changes_nothing(base_store, tmp_path, kind, path, fresh):
    db = tmp_path / "store.db"
    if not fresh:
        shutil.copy(base_store, db)
    args = _reimport_args(kind, path)
    first = _ok(db, *args)
    assert not ZERO_NEW.search(first), f"the first import added nothing: {first}"
    before = fingerprint(db)
    assert set(before) == {"main"}, before          # the command closed its store: no WAL left behind
    second = _ok(db, *args)
    assert ZERO_NEW.search(second), second
    assert fingerprint(db) == before, f"the store changed on re-import: {second}"


def test_all_samples_in_order_then_again_change_nothing(tmp_path):
    """The demo order, then every file again: each says 0 new and the store bytes stay the same."""
    db = tmp_path / "store.db"
    sam = next(p for p in SAMPLES.glob("Basic_LinkedInDataExport_*") if p.is_dir())
    order = [["import", "linkedin", SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip"],
             ["import", "linkedin", sam],
             ["import", "interactions", SAMPLES / "interactions.csv"]]
    order += [["import", k, p] for k, p in SAMPLE_IMPORTS]   # contacts before calendars: they give Alex's address
    for args in order:
        _ok(db, *args)
    before = fingerprint(db)
    assert set(before) == {"main"}
    for args in order:
        line = _ok(db, *args)
        assert ZERO_NEW.search(line), line
        assert fingerprint(db) == before, f"the store changed on re-import: {line}"


# -- the real command, in its own process ------------------------------------------------------------
def test_real_process_new_importers_leave_store_bytes_unchanged(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REFGRAPH_DB"}

    def refgraph(*args):
        return subprocess.run([sys.executable, "-m", "refgraph.cli", *map(str, args)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    db = build_store(tmp_path)
    before = db.read_bytes()
    png = tmp_path / "calendar.ics"
    png.write_bytes(png_bytes())
    knows = write(tmp_path / "knows.csv", KNOWS_HEADER + KNOWS_ROW + ",,,,,,,\n" + ",,Dana Whitfield,,,,,\n")
    for args, start in [
        (["import", "calendar", png], f"Error: {png}: not an iCalendar file — "),
        (["import", "knows", knows], f"Error: {knows}: row 4: the row names nobody in the person column — "),
        (["merge", "Sam Rivera", "Alex Morgan"], "Error: Alex Morgan (#1) is an owner and cannot be merged away — "),
    ]:
        done = refgraph("--db", db, *args)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(start), done.stderr
        assert db.read_bytes() == before
        assert sorted(p.name for p in tmp_path.glob("store.db*")) == ["store.db"]
