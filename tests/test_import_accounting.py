"""Every import accounts for every row it read: new + updated + merged + unchanged + skipped (by
reason) = rows read, said on the summary line; address books keep namesakes with other addresses
apart and read one-cell names; near misses of an account share a word that is not a legal form."""
import csv
import io
import shutil
import tomllib
import zipfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

import refgraph
from refgraph.records import PersonRecord, Summary
from refgraph.sources.calendar import read_calendar
from refgraph.sources.contacts import read_contacts
from refgraph.sources.tabular import decode

from .conftest import AS_OF, SAMPLES, write

CORPUS = Path(__file__).resolve().parent / "fixtures" / "real-shapes"
CONTACTS = Path(__file__).resolve().parent / "fixtures" / "contacts"

# the files of a LinkedIn export whose rows are people or interactions (Profile.csv and
# Positions.csv are the owner's own)
LINKEDIN_ROW_FILES = {"connections.csv", "invitations.csv", "messages.csv", "recommendations_received.csv",
                      "recommendations_given.csv", "endorsement_received_info.csv", "endorsement_given_info.csv"}


# -- the identity, and the rows of a file counted without refgraph -------------------------------------
def accounted(summary: Summary, rows: int) -> Summary:
    """*summary* says *rows* rows read, and puts each in exactly one place."""
    buckets = summary.new_rows + summary.updated_rows + summary.merged + summary.unchanged
    assert buckets + sum(summary.skipped.values()) == summary.rows == rows, summary.line()
    assert f"; {rows} row{'' if rows == 1 else 's'}" in summary.line()
    data = summary.as_dict()
    assert (data["rows"], data["new_rows"], data["updated_rows"], data["merged"], data["unchanged"]) == (
        rows, summary.new_rows, summary.updated_rows, summary.merged, summary.unchanged)
    return summary


def _csv_rows(text: str, header: str | None = None) -> int:
    """Rows after the header (the first non-blank row, or the first with *header*), blank ones
    included, blank ones at the very end not."""
    text = text.lstrip("\ufeff")
    line = next(x for x in text.splitlines() if (header in x if header else x.strip()))
    rows = list(csv.reader(io.StringIO(text), delimiter=max(",;\t", key=line.count)))
    at = 0
    while not (header in rows[at] if header else any(c.strip() for c in rows[at])):
        at += 1
    data = rows[at + 1:]
    while data and not any(c.strip() for c in data[-1]):
        data.pop()
    return len(data)


def rows_in(path: Path) -> int:
    """The rows of an input, counted without refgraph: CSV rows, vCards, or the rows of a LinkedIn
    export's people and interaction files."""
    if path.is_dir() or zipfile.is_zipfile(path):
        if path.is_dir():
            files = [(p.name, p.read_bytes()) for p in path.rglob("*") if p.is_file()]
        else:
            with zipfile.ZipFile(path) as zf:
                files = [(n.rsplit("/", 1)[-1], zf.read(n)) for n in zf.namelist() if not n.endswith("/")]
        return sum(_csv_rows(decode(data, name), "First Name" if name.lower() == "connections.csv" else None)
                   for name, data in files if name.lower() in LINKEDIN_ROW_FILES)
    text = decode(path.read_bytes(), str(path))
    if path.suffix.lower() in (".vcf", ".vcard"):
        return sum(line.strip().upper() == "BEGIN:VCARD" for line in text.splitlines())
    return _csv_rows(text)


def test_the_summary_line_states_rows_and_where_each_went():
    s = Summary("accounts", "a.csv", new_accounts=2, new_rows=2, merged=1, unchanged=3,
                skipped=Counter({"rows without a name": 1, "blank rows": 2, "unused": 0}),
                left_out=Counter({"domain cells that name no domain": 1}))
    assert s.rows == 9
    assert s.line() == ("Imported accounts from a.csv: 2 new accounts, 0 updated; 9 rows: 2 new, 1 merged, "
                        "3 unchanged, 3 skipped (blank rows 2, rows without a name 1); "
                        "left out: domain cells that name no domain 1")
    assert Summary("knows", "k.csv").line() == "Imported knows from k.csv: 0 new; 0 rows"
    assert Summary("knows", "k.csv", unchanged=1).line() == "Imported knows from k.csv: 0 new; 1 row: 1 unchanged"
    assert s.as_dict() == {
        "kind": "accounts", "source": "a.csv", "owner": None, "new_people": 0, "updated_people": 0,
        "job_changes": 0, "new_interactions": 0, "new_knows": 0, "updated_knows": 0, "new_accounts": 2,
        "updated_accounts": 0, "skipped": {"blank rows": 2, "rows without a name": 1}, "rows": 9, "new_rows": 2,
        "updated_rows": 0, "merged": 1, "unchanged": 3, "left_out": {"domain cells that name no domain": 1}}


# -- every importer, on the bundled samples and the corpus ----------------------------------------------
def _samples():
    calendar = next(SAMPLES.glob("*.ical.zip"))
    return [("linkedin", next(SAMPLES.glob("Complete_LinkedInDataExport_*.zip")), {}),
            ("linkedin", next(p for p in SAMPLES.glob("Basic_LinkedInDataExport_*") if p.is_dir()), {}),
            ("interactions", SAMPLES / "interactions.csv", {}),
            ("contacts", SAMPLES / "contacts.csv", {}),
            ("contacts", SAMPLES / "sam-contacts.vcf", {}),
            ("calendar", calendar, {"today": AS_OF}),
            ("knows", SAMPLES / "knows.csv", {}),
            ("accounts", SAMPLES / "accounts.csv", {})]


def _expected_rows(importer: str, path: Path, kwargs: dict) -> int:
    if importer == "calendar":   # its rows are the calendar reader's (what it expands and skips): a year
        return read_calendar(path, owner=kwargs.get("owner"), until=timedelta(days=365)).rows   # past its last one-off
    return rows_in(path)


def test_every_sample_import_accounts_for_every_row_and_again_on_reimport(tmp_path):
    samples = _samples()
    expected = [_expected_rows(*s) for s in samples]
    assert expected[0] == 587 and expected[2:5] == [416, 9, 8] and expected[6:] == [3, 3]
    with refgraph.open(tmp_path / "s.db") as g:
        first = [accounted(getattr(g, f"import_{imp}")(path, **kw), n) for (imp, path, kw), n in zip(samples, expected)]
        again = [accounted(getattr(g, f"import_{imp}")(path, **kw), n) for (imp, path, kw), n in zip(samples, expected)]
    assert all(s.new_rows for s in first)
    # a re-import: every row the store has all of, or skipped as before
    for one, two in zip(first, again):
        assert (two.new_rows, two.updated_rows, two.skipped) == (0, 0, one.skipped), two.line()
    lines = [s.line().replace(str(SAMPLES) + "/", "") for s in first[3:5] + first[6:]]
    assert lines == [
        "Imported Google Contacts CSV from contacts.csv: 2 new people, 7 updated, 0 job changes, 0 new interactions; "
        "9 rows: 2 new, 7 updated",
        "Imported vCard from sam-contacts.vcf: 1 new people, 6 updated, 0 job changes, 0 new interactions; "
        "8 rows: 1 new, 6 updated, 1 unchanged",
        "Imported knows from knows.csv: 0 new people, 1 updated, 0 job changes, 0 new interactions, "
        "3 new knows ties, 0 updated; 3 rows: 3 new",
        "Imported accounts from accounts.csv: 3 new accounts, 0 updated; 3 rows: 3 new"]
    reasons = ", ".join(f"{r} {n}" for r, n in sorted(first[0].skipped.items(), key=lambda x: x[0].lower()) if n)
    assert again[0].line() == (f"Imported linkedin from {samples[0][1]} for Alex Morgan: 0 new; 587 rows: "
                               f"576 unchanged, 11 skipped ({reasons})")


MY_CASES = sorted(p.parent.name for p in CORPUS.glob("*/case.toml")   # (an error case imports nothing)
                  if p.parent.name.startswith(("contacts-", "accounts-"))
                  and "error" not in tomllib.loads(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", MY_CASES)
def test_every_contacts_and_accounts_case_accounts_for_every_row(name, tmp_path, monkeypatch):
    case = tomllib.loads((CORPUS / name / "case.toml").read_text(encoding="utf-8"))
    monkeypatch.chdir(CORPUS / name)
    with refgraph.open(tmp_path / "s.db") as g:
        summary = accounted(getattr(g, f"import_{case['importer']}")(case["path"]), rows_in(Path(case["path"])))
        again = accounted(getattr(g, f"import_{case['importer']}")(case["path"]), summary.rows)
    assert (again.new_rows, again.updated_rows, again.skipped) == (0, 0, summary.skipped), again.line()


@pytest.mark.parametrize("fixture", sorted(p.name for p in CONTACTS.iterdir()
                                           if p.name not in ("broken.vcf", "not_vcard.vcf", "unrelated.csv")))
def test_every_contacts_fixture_accounts_for_every_row(fixture, tmp_path):
    with refgraph.open(tmp_path / "s.db") as g:
        accounted(g.import_contacts(CONTACTS / fixture), rows_in(CONTACTS / fixture))


# -- address books: one-cell names ----------------------------------------------------------------------
def test_an_outlook_export_with_a_name_column_names_people_not_their_company(tmp_path):
    f = write(tmp_path / "outlook.csv",
              "Action,ID,Name,First Name,Last Name,Company,Job Title,E-mail Address\n"
              ",AAMk1,Jane Doe,,,Acme Inc.,Buyer,jane@acme.example\n"
              ",AAMk2,,,,Acme Inc.,,info@acme.example\n"
              ",AAMk3,Lee Park,Lee,Parker,Contoso,CFO,lee@contoso.example\n")
    batch = read_contacts(f)
    assert (batch.kind, batch.rows) == ("Outlook CSV", 3)
    assert batch.people == [
        PersonRecord("Jane Doe", emails=("jane@acme.example",), company="Acme Inc.", title="Buyer"),
        PersonRecord("Acme Inc.", emails=("info@acme.example",), company="Acme Inc."),   # no name at all
        PersonRecord("Lee Parker", emails=("lee@contoso.example",), company="Contoso", title="CFO")]


def test_display_name_in_a_google_csv_and_a_generic_address_book(tmp_path):
    google = write(tmp_path / "google.csv", "First Name,Last Name,Display Name,Organization Name,E-mail 1 - Value\n"
                                            ",,Maria Ortiz,Contoso,maria@contoso.example\n")
    assert read_contacts(google).people == [
        PersonRecord("Maria Ortiz", emails=("maria@contoso.example",), company="Contoso")]
    thunderbird = write(tmp_path / "tb.csv",
                        "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Work Phone,"
                        "Mobile Number,Job Title,Organization,Web Page 1\n"
                        ",,\"Okafor, MD, Chinwe\",,chinwe@northwind.example,c@mail.example,,+1 555 010 2030,CFO,"
                        "Northwind,https://www.linkedin.com/in/chinwe-o\n"
                        "Sam,Rivera,Sam R.,,sam@northwind.example,,(555) 010-3000,,,,\n")
    batch = read_contacts(thunderbird)
    assert (batch.kind, batch.rows, batch.skipped) == ("contacts CSV", 2, Counter())
    assert batch.people == [
        PersonRecord("Okafor, MD, Chinwe", linkedin="linkedin.com/in/chinwe-o",
                     emails=("chinwe@northwind.example", "c@mail.example"), company="Northwind", title="CFO",
                     phones=("+15550102030",)),
        PersonRecord("Sam Rivera", emails=("sam@northwind.example",), phones=("5550103000",))]
    # a name column and no address column is not an address book
    with pytest.raises(refgraph.RefgraphError, match="not a Google or Outlook contacts CSV"):
        read_contacts(write(tmp_path / "names.csv", "Name,Company\nAnn,Acme\n"))


# -- address books: namesakes ---------------------------------------------------------------------------
def test_namesakes_with_other_addresses_are_other_people_and_every_merge_is_counted(tmp_path):
    case = CORPUS / "contacts-vcard-same-name-other-emails"
    shutil.copy(case / "contacts.vcf", tmp_path / "contacts.vcf")
    f = tmp_path / "contacts.vcf"
    with refgraph.open(tmp_path / "s.db") as g:
        assert g.import_contacts(f).line() == (
            f"Imported vCard from {f}: 4 new people, 0 updated, 0 job changes, 0 new interactions; "
            "7 rows: 4 new, 2 merged, 1 skipped (contacts without a name or email 1)")
        assert g.import_contacts(f).line() == (
            f"Imported vCard from {f}: 0 new; 7 rows: 2 merged, 4 unchanged, "
            "1 skipped (contacts without a name or email 1)")
        assert [tuple(r) for r in g.store.query("SELECT name, company FROM people ORDER BY id")] == [
            ("Jane Doe", "Contoso Ltd."), ("Jane Doe", "Fabrikam"), ("Sam Lee", None), ("Chris Park", None)]


def test_a_contact_enriches_a_namesake_without_addresses_but_not_one_with_other_addresses(tmp_path):
    log = write(tmp_path / "log.csv", "date,person,email,channel,owner\n"
                                      "2026-01-05,Ann Lee,,call,Alex Morgan\n"
                                      "2026-01-06,Bo Ek,bo@contoso.example,call,Alex Morgan\n")
    book = write(tmp_path / "book.csv", "First Name,Last Name,Organization Name,E-mail 1 - Value\n"
                                        "Ann,Lee,Fabrikam,ann@fabrikam.example\n"
                                        "Bo,Ek,Northwind,bo@northwind.example\n"
                                        "Bo,Ek,,bo@contoso.example\n")
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_interactions(log)
        assert g.import_contacts(book).line() == (
            f"Imported Google Contacts CSV from {book}: 1 new people, 1 updated, 0 job changes, 0 new interactions; "
            "3 rows: 1 new, 1 updated, 1 unchanged")
        assert [tuple(r) for r in g.store.query(
            "SELECT p.name, coalesce(p.company, ''), group_concat(i.value, ' ') FROM people p "
            "LEFT JOIN identifiers i ON i.person_id = p.id AND i.kind = 'email' "
            "GROUP BY p.id ORDER BY p.id")] == [
            ("Alex Morgan", "", None), ("Ann Lee", "Fabrikam", "ann@fabrikam.example"),
            ("Bo Ek", "", "bo@contoso.example"), ("Bo Ek", "Northwind", "bo@northwind.example")]


# -- accounts, knows, interactions, LinkedIn ---------------------------------------------------------
def test_duplicate_account_rows_are_merged_and_counted(tmp_path):
    f = write(tmp_path / "Account.csv", "Account ID,Account Name,Website\n001,Acme Corp,acme.example\n"
                                        "002,Beta Labs,\n003,ACME CORP.,acme.example\n004,Beta Labs,beta.example\n"
                                        "005,,\n")
    with refgraph.open(tmp_path / "s.db") as g:
        assert g.import_accounts(f).line() == (f"Imported accounts from {f}: 2 new accounts, 0 updated; "
                                               "5 rows: 2 new, 2 merged, 1 skipped (rows without a name 1)")
        more = write(tmp_path / "more.csv", "Account Name,Website\nBeta Labs,beta.example\nAcme Corp,acme.example\n"
                                            "Acme Corp,www.acme-corp.example\nAcme Corp,acme-corp.example\n")
        # a row adding to an account the store had is updated, even after an earlier row named it
        assert g.import_accounts(more).line() == (f"Imported accounts from {more}: 0 new accounts, 1 updated; "
                                                  "4 rows: 1 updated, 1 merged, 2 unchanged")
        assert [tuple(r) for r in g.store.query("SELECT a.name, d.domain FROM account_domains d JOIN accounts a "
                                                "ON a.id = d.account_id ORDER BY d.domain")] == [
            ("Acme Corp", "acme-corp.example"), ("Acme Corp", "acme.example"), ("Beta Labs", "beta.example")]


def test_knows_rows_of_one_pair_are_merged_and_ties_to_oneself_skipped(tmp_path):
    f = write(tmp_path / "knows.csv", "person,knows,strength,note\n"
                                      "Maria Ortiz,Lee Park,0.8,Board together\n"
                                      "Lee Park,Maria Ortiz,0.9,Board together\n"
                                      "Maria Ortiz,maria ortiz,,\n"
                                      "Lee Park,Zed New,,\n")
    with refgraph.open(tmp_path / "s.db") as g:
        assert g.import_knows(f).line() == (
            f"Imported knows from {f}: 3 new people, 0 updated, 0 job changes, 0 new interactions, "
            "2 new knows ties, 0 updated; 4 rows: 2 new, 1 merged, 1 skipped (ties of a person with themselves 1)")
        assert [tuple(r) for r in g.store.query("SELECT strength FROM knows ORDER BY id")] == [(0.9,), (None,)]


@pytest.mark.parametrize("chunk", [2, 3, 2000])
def test_knows_rows_written_many_at_once_see_the_rows_before_them(engine_db, tmp_path, monkeypatch, chunk):
    """Knows rows are written in chunks (their stored rows read in one statement): wherever a chunk
    ends, a row naming a pair again sees what the rows before it wrote, and a tie the store had is
    updated and counted once."""
    from refgraph.store import writer

    monkeypatch.setattr(writer, "KNOWS_CHUNK", chunk)
    first = write(tmp_path / "first.csv", "person,knows,strength,note\n"
                                          "Maria Ortiz,Lee Park,0.5,\n"
                                          "Ann Lee,Bo Ek,0.4,Old team\n")
    again = write(tmp_path / "again.csv", "person,knows,strength,note\n"
                                          "Lee Park,Maria Ortiz,0.7,Board together\n"   # stored: updated
                                          "Cy Wu,Dee Fox,0.2,\n"                        # new
                                          "Dee Fox,Cy Wu,0.3,Met twice\n"               # its row again, changed
                                          "Maria Ortiz,Lee Park,0.8,Board together\n"   # again: one tie updated
                                          "Ann Lee,Bo Ek,0.4,Old team\n"                # stored, the same
                                          "Cy Wu,Cy Wu,,\n"
                                          "Dee Fox,Cy Wu,0.3,Met twice\n")              # the same as before it
    with refgraph.open(engine_db) as g:
        g.import_knows(first)
        assert g.import_knows(again).line() == (
            f"Imported knows from {again}: 2 new people, 0 updated, 0 job changes, 0 new interactions, "
            "1 new knows ties, 1 updated; 7 rows: 1 new, 2 updated, 2 merged, 1 unchanged, "
            "1 skipped (ties of a person with themselves 1)")
        assert [tuple(r) for r in g.store.query(
            """SELECT a.name, b.name, k.strength, k.note FROM knows k JOIN people a ON a.id = k.person_a
               JOIN people b ON b.id = k.person_b ORDER BY k.id""")] == [
            ("Maria Ortiz", "Lee Park", 0.8, "Board together"), ("Ann Lee", "Bo Ek", 0.4, "Old team"),
            ("Cy Wu", "Dee Fox", 0.3, "Met twice")]
        # the file says 0.7, then 0.8 of one pair: read again, it changes that tie twice again
        assert g.import_knows(again).line() == (
            f"Imported knows from {again}: 0 new knows ties, 2 updated; 7 rows: 4 updated, 1 merged, 1 unchanged, "
            "1 skipped (ties of a person with themselves 1)")


def test_a_row_imported_without_an_ambiguous_participant_says_so(tmp_path):
    f = write(tmp_path / "log.csv", "date,person,linkedin_url,channel,owner\n"
                                    "2026-01-01,Chris Lee,https://www.linkedin.com/in/chris-lee-a,call,Alex Morgan\n"
                                    "2026-01-02,Chris Lee,https://www.linkedin.com/in/chris-lee-b,call,Alex Morgan\n")
    # a meeting with Dee Fox and one of the two Chris Lees, and one with a Chris Lee alone
    more = write(tmp_path / "more.csv", "date,person,channel,owner\n"
                                        "2026-01-05,Dee Fox;Chris Lee,meeting,Alex Morgan\n"
                                        "2026-01-06,Chris Lee,call,Alex Morgan\n")
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_interactions(f)
        assert g.import_interactions(more).line() == (
            f"Imported interactions CSV from {more} for Alex Morgan: 1 new people, 0 updated, 0 job changes, "
            "1 new interactions; 2 rows: 1 new, 1 skipped (ambiguous name 1); "
            "left out: participants with an ambiguous name 1")


def test_linkedin_rows_of_all_files_are_counted_once(tmp_path):
    export = tmp_path / "export"
    write(export / "Profile.csv", "First Name,Last Name,Headline\nAlex,Morgan,Seller\n")
    write(export / "Connections.csv", "Notes:\n\"Hidden emails\"\n\n"
                                      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                                      "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Contoso,CFO,01 Mar 2024\n"
                                      "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Contoso,CFO,01 Mar 2024\n"
                                      "Bo,Ek,https://www.linkedin.com/in/bo-ek,,Fabrikam,CTO,02 Mar 2024\n"
                                      ",,,,,,03 Mar 2024\n")
    write(export / "messages.csv",
          "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
          "CONTENT,FOLDER\n"
          "c1,,Ann Lee,https://www.linkedin.com/in/ann-lee,Alex Morgan,https://www.linkedin.com/in/alex-m,"
          "2024-03-05 10:00:00 UTC,,Hi,INBOX\n"
          "c1,,Ann Lee,https://www.linkedin.com/in/ann-lee,Alex Morgan,https://www.linkedin.com/in/alex-m,"
          "2024-03-05 10:00:00 UTC,,Hi,INBOX\n"
          "c2,,Alex Morgan,https://www.linkedin.com/in/alex-m,Bo Ek,https://www.linkedin.com/in/bo-ek,"
          "2024-03-06 10:00:00 UTC,,Hello,SPAM\n")
    assert rows_in(export) == 7
    with refgraph.open(tmp_path / "s.db") as g:
        first = accounted(g.import_linkedin(export), 7)
        assert first.line() == (f"Imported linkedin from {export} for Alex Morgan: 3 new people, 0 updated, "
                                "0 job changes, 3 new interactions; 7 rows: 3 new, 2 merged, "
                                "2 skipped (hidden members 1, spam 1)")
        again = accounted(g.import_linkedin(export), 7)
        assert again.line() == (f"Imported linkedin from {export} for Alex Morgan: 0 new; 7 rows: 2 merged, "
                                "3 unchanged, 2 skipped (hidden members 1, spam 1)")


# -- near misses of an account ------------------------------------------------------------------------
def test_near_misses_share_a_word_that_is_not_a_legal_form(tmp_path):
    log = write(tmp_path / "log.csv", "date,person,company,channel,owner\n"
                                      "2026-01-01,Ann Lee,CHS Inc.,call,Alex Morgan\n"
                                      "2026-01-02,Bo Ek,Goldman Sachs Group,call,Alex Morgan\n"
                                      "2026-01-03,Cy Ode,Goldmann Sachs,call,Alex Morgan\n"
                                      "2026-01-04,Dee Fox,Goldman Sachs Asset Management,call,Alex Morgan\n"
                                      "2026-01-05,Eve Ng,Goldman Sachs,call,Alex Morgan\n"
                                      "2026-01-06,Fay Wu,Gold Group Holdings,call,Alex Morgan\n")
    accounts = write(tmp_path / "accounts.csv", "name\nGoldman Sachs\n")
    with refgraph.open(tmp_path / "s.db") as g:
        g.import_interactions(log)
        g.import_accounts(accounts)
        rows = list(g.accounts())
    assert rows == [{"account": "Goldman Sachs", "domains": [], "aliases": [], "people": 1,
                     "near_misses": ["Goldman Sachs Asset Management", "Goldman Sachs Group", "Goldmann Sachs"]}]


def test_the_accounts_command_names_no_near_miss_that_shares_only_a_legal_form(run, tmp_path):
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,company,channel,owner\n"
                                                              "2026-01-01,Ann Lee,CHS Inc.,call,Alex Morgan\n"
                                                              "2026-01-02,Bo Ek,Goldman Sachs Group,call,Alex Morgan\n"
                                                              "2026-01-05,Eve Ng,Goldman Sachs,call,Alex Morgan\n"))
    run("import", "accounts", write(tmp_path / "accounts.csv", "name\nGoldman Sachs\n"))
    assert run("accounts").output == (
        "account        domains  aliases  people  near_misses\n"
        "-------------  -------  -------  ------  -------------------\n"
        "Goldman Sachs                    1       Goldman Sachs Group\n")


def test_records_of_one_row_count_as_one_row(tmp_path):
    """A series' occurrences are one row of the file: new if any occurrence is new."""
    from datetime import date

    from refgraph.records import Batch, InteractionRecord

    def batch(days):
        sam = PersonRecord("Sam Rivera", emails=("sam@northwind.example",))
        found = [InteractionRecord((sam,), date(2026, 1, d), f"2026-01-{d:02d}", "meeting", key=f"calendar:{d}",
                                   row=1 if d < 20 else 2) for d in days]
        return Batch(kind="calendar", source="cal.ics", owner_name="Alex Morgan", interactions=found, rows=2)

    with refgraph.open(tmp_path / "s.db") as g:
        assert g.store.apply(batch([5, 12, 19, 26])).line() == (
            "Imported calendar from cal.ics for Alex Morgan: 2 new people, 0 updated, 0 job changes, "
            "4 new interactions; 2 rows: 2 new")
        assert g.store.apply(batch([5, 12, 19, 26, 9])).line() == (
            "Imported calendar from cal.ics for Alex Morgan: 0 new people, 0 updated, 0 job changes, "
            "1 new interactions; 2 rows: 1 new, 1 unchanged")
