"""Contacts exports at parser level: Google CSV (current and legacy), Outlook CSV, vCard 2.1/3.0/4.0."""
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from refgraph.errors import InputError
from refgraph.records import PersonRecord
from refgraph.sources.contacts import normalise_phone, read_contacts

from .conftest import write

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contacts"
FIX = "export contacts as Google CSV, Outlook CSV or vCard"


def P(name, **kw):
    return PersonRecord(name=name, **kw)


def check(batch, path, kind, rows, people, skipped=None):
    assert (batch.kind, batch.source, batch.rows) == (kind, str(path), rows)
    assert batch.people == people
    assert batch.skipped == Counter(skipped or {})
    assert batch.interactions == []              # a contact is not a relationship
    assert (batch.owner_name, batch.owner_emails) == (None, ())


def test_google_current_groups_multi_value_cells_and_website():
    f = FIXTURES / "google.csv"
    check(read_contacts(f), f, "Google Contacts CSV", 6, [
        P("Maria Elena Ortiz", linkedin="linkedin.com/in/maria-ortiz-4b2",
          emails=("maria.ortiz@contoso.example", "maria@ortiz.example", "maria.o@mail.example"),
          phones=("+15550102030", "+15550102031", "5550102030"), company="Contoso Ltd.", title="VP Finance"),
        P("Jiwoo Hwang", emails=("jiwoo@fabrikam.example",), company="Fabrikam", credentials="MSPH"),
        P("Priya Raman", phones=("+442079460958",)),                  # a name and a phone only
        P("Tailspin Toys", emails=("info@tailspin.example",), company="Tailspin Toys"),   # no name: its company
    ], {"blank rows": 1, "contacts without a name or email": 2})   # (one of them only a phone: no one to name)


def test_google_legacy_columns():
    f = FIXTURES / "google_legacy.csv"
    check(read_contacts(f), f, "Google Contacts CSV (legacy)", 3, [
        P("Lee Park", linkedin="linkedin.com/in/lee-park",
          emails=("lee@contoso.example", "lee.park@mail.example", "lpark@mail.example"),
          phones=("+15550104040",), company="Contoso", title="CFO"),
        P("Ana Sofia Lima", emails=("ana@northwind.example",), company="Northwind Traders"),
    ], {"contacts without a name or email": 1})


def test_outlook_csv_in_windows_code_page():
    f = FIXTURES / "outlook.csv"
    data = f.read_bytes()
    assert b"Jos\xe9" in data and len(data.splitlines()[0].split(b'","')) == 92
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    check(read_contacts(f), f, "Outlook CSV", 3, [
        # "Title" is Outlook's name prefix (Sr.); faxes, the assistant's and the switchboard's phones are not theirs
        P("José Álvarez", linkedin="linkedin.com/in/josé-alvarez",
          emails=("jose@fabrikam.example", "jose.alvarez@mail.example"),
          phones=("+34915550123", "+34600123456"), company="Fabrikam, Inc.", title="Director de Ventas"),
        # an Exchange (X.500) address is not an email
        P("Zoë Müller", emails=("zoe@fabrikam.example",), company="Fabrikam GmbH", title="CTO"),
    ], {"contacts without a name or email": 1})


def test_outlook_semicolon_separated(tmp_path):
    f = tmp_path / "contacts.csv"
    f.write_bytes((FIXTURES / "outlook.csv").read_bytes().replace(b'","', b'";"'))
    batch = read_contacts(f)
    assert batch.kind == "Outlook CSV"
    assert [p.name for p in batch.people] == ["José Álvarez", "Zoë Müller"]


def test_vcard_3_folded_lines_and_item_groups():
    f = FIXTURES / "apple_v3.vcf"
    check(read_contacts(f), f, "vCard", 4, [
        P("Dr. Chinwe Okafor", linkedin="linkedin.com/in/chinwe-okafor-4821",
          emails=("chinwe.okafor@northwind.example", "chinwe@home.example"), phones=("+15550102030",),
          company="Northwind Traders", title="Head of Research and Development"),
        P("Sam Rivera", phones=("5550107788",)),
        P("Lee Park", linkedin="linkedin.com/in/lee-park", emails=("lee@contoso.example",)),
    ], {"contacts without a name or email": 1})


def test_vcard_4_socialprofile_and_two_emails():
    f = FIXTURES / "contacts_v4.vcf"
    check(read_contacts(f), f, "vCard", 2, [
        P("Zoë Müller", linkedin="linkedin.com/in/zoe-müller", emails=("zoe@fabrikam.example", "zoe.m@mail.example"),
          phones=("+491705550101",), company="Fabrikam GmbH", title="CTO"),
        P("Ken Watanabe", emails=("ken@contoso.example",)),        # a company page is not a profile
    ])


def test_a_card_filed_under_its_number_or_a_switchboard_names_no_one(tmp_path):
    f = write(tmp_path / "phone.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:+1 555 010 6000\r\nTEL:+15550106000\r\n"
              "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nN:;;;;\r\nORG:Fabrikam\r\n"
              "TEL:+15550107000\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n"
              "TEL:+15550108000\r\nEND:VCARD\r\n", newline="")
    batch = read_contacts(f)
    assert [p.name for p in batch.people] == ["Ann Lee"]
    assert dict(batch.skipped) == {"contacts without a name or email": 2}


def test_vcard_2_1_quoted_printable_and_escaped_url():
    f = FIXTURES / "android_v21.vcf"
    check(read_contacts(f), f, "vCard", 1, [
        P("José Álvarez Martínez de la Fuente y García", linkedin="linkedin.com/in/jose-a",
          emails=("jose@example.com",), phones=("+34600123456",)),
    ])


@pytest.mark.parametrize("name,encoding", [("cards.txt", "utf-8"), ("cards.csv", "utf-8-sig"), ("cards.vcf", "utf-16")])
def test_vcard_told_by_content(tmp_path, name, encoding):
    f = tmp_path / name
    f.write_bytes((FIXTURES / "contacts_v4.vcf").read_text(encoding="utf-8").encode(encoding))
    batch = read_contacts(f)
    assert (batch.kind, [p.name for p in batch.people]) == ("vCard", ["Zoë Müller", "Ken Watanabe"])


def test_vcard_unescaped_commas_damaged_photo_and_other_entries(tmp_path):
    # 2.1 has no comma escaping and many 3.0 writers forget it: the name keeps its credentials; a photo
    # is never decoded, so a damaged one does not fail the file; a calendar entry is skipped
    f = write(tmp_path / "mixed.vcf",
              "BEGIN:VCARD\nVERSION:2.1\nFN:Jiwoo Hwang, MSPH\nTITLE:Director, Research\nEND:VCARD\n\n"
              "BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nFN:Ann Lee\\, MBA\nPHOTO;ENCODING=b;TYPE=JPEG:@@not-base64\n"
              "ORG:Contoso\\; Partners;Sales\nEND:VCARD\n"
              "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:Lunch\nEND:VEVENT\nEND:VCALENDAR\n"
              "BEGIN:VCARD\nVERSION:3.0\nN:Okafor;Chinwe;Ada;Dr.;\nEMAIL:chinwe@northwind.example\nEND:VCARD\n")
    check(read_contacts(f), f, "vCard", 3, [
        P("Jiwoo Hwang", credentials="MSPH", title="Director, Research"),
        P("Ann Lee", credentials="MBA", company="Contoso; Partners"),
        P("Chinwe Ada Okafor", emails=("chinwe@northwind.example",)),        # no FN: N given, additional, family
    ], {"entries that are not vCards": 1})


def test_any_number_of_google_groups(tmp_path):
    header = ",".join(["First Name", "Last Name", "Organization Name"]
                      + [f"E-mail {n} - {part}" for n in range(1, 6) for part in ("Label", "Value")]
                      + [f"Phone {n} - {part}" for n in range(1, 4) for part in ("Label", "Value")]
                      + [f"Website {n} - {part}" for n in range(1, 4) for part in ("Label", "Value")])
    row = ",".join(["Ann", "Lee", "Contoso ::: Fabrikam"]
                   + [x for n in range(1, 6) for x in ("Work", f"a{n}@x.example")]
                   + [x for n in range(1, 4) for x in ("Mobile", f"+1 555 010 000{n}")]
                   + ["Home", "https://ann.example", "Work", "https://www.linkedin.com/company/contoso",
                      "LinkedIn", "linkedin.com/in/ann-lee"])
    f = write(tmp_path / "contacts.csv", header + "\n" + row + "\n")
    check(read_contacts(f), f, "Google Contacts CSV", 1, [
        P("Ann Lee", linkedin="linkedin.com/in/ann-lee", emails=tuple(f"a{n}@x.example" for n in range(1, 6)),
          phones=("+15550100001", "+15550100002", "+15550100003"), company="Contoso")])


def test_header_only_file_has_no_people(tmp_path):
    f = write(tmp_path / "contacts.csv", "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value\n")
    check(read_contacts(f), f, "Google Contacts CSV (legacy)", 0, [])


@pytest.mark.parametrize("text,expected", [
    ("+1 (555) 010-2030", "+15550102030"), ("555.010.2030", "5550102030"), ("tel:+49-170-555-0101", "+491705550101"),
    ("tel:+1-555-010-2030;ext=12", "+15550102030"), ("(555) 010-2030 ext. 12", "5550102030"),
    ("+44 20 7946 0958 x7", "+442079460958"), ("n/a", None), ("", None),
])
def test_normalise_phone(text, expected):
    assert normalise_phone(text) == expected


def test_vobject_is_imported_only_for_vcards():
    code = "import sys, refgraph.sources.contacts; print('vobject' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


# ------------------------------------------------------------------------------------------ bad input

def _bad(tmp_path, case):
    if case == "missing":
        return tmp_path / "nope.csv"
    if case == "folder":
        return tmp_path
    if case == "empty":
        return write(tmp_path / "contacts.csv", "\n\n")
    if case == "binary":
        f = tmp_path / "photo.csv"
        f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
        return f
    if case == "zip":
        f = tmp_path / "contacts.csv"
        f.write_bytes(b"PK\x03\x04" + bytes(64))
        return f
    if case == "unclosed":
        return write(tmp_path / "open.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\n")
    if case == "mismatched":
        return write(tmp_path / "mismatched.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCALENDAR\n")
    if case == "charset":
        return write(tmp_path / "charset.vcf", "BEGIN:VCARD\nVERSION:2.1\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\n"
                     "FN;CHARSET=X-NOPE;ENCODING=QUOTED-PRINTABLE:Jos=E9\nEND:VCARD\n")
    return shutil.copy(FIXTURES / case, tmp_path / case)


@pytest.mark.parametrize("case,message", [
    ("missing", "{dir}/nope.csv: no such file — check the path"),
    ("folder", "{dir}: is a folder, not a file — give the path of the contacts file"),
    ("empty", "{dir}/contacts.csv: the file is empty — export the contacts again"),
    ("binary", "{dir}/photo.csv: this is a binary file, not a contacts CSV or vCard — " + FIX),
    ("zip", "{dir}/contacts.csv: this is a zip file, not a contacts export — "
            "unzip it and import the .csv or .vcf inside"),
    ("unrelated.csv", "{dir}/unrelated.csv: not a Google or Outlook contacts CSV (columns: date, amount, category) — "
                      + FIX),
    ("not_vcard.vcf", "{dir}/not_vcard.vcf: not a vCard file (the first line is 'Hello,', not BEGIN:VCARD) — " + FIX),
    ("broken.vcf", "{dir}/broken.vcf: card 2 is not valid vCard: Failed to parse line: this line has no colon "
                   "(line 9) — export the contacts again or fix that line"),
    ("unclosed", "{dir}/open.vcf: card 1 is not valid vCard: BEGIN:VCARD was never closed (no END:VCARD) — "
                 "export the contacts again or fix that line"),
    ("mismatched", "{dir}/mismatched.vcf: card 1 is not valid vCard: BEGIN:VCARD was not closed before "
                   "END:VCALENDAR (line 4) — export the contacts again or fix that line"),
    ("charset", "{dir}/charset.vcf: card 2 is not valid vCard: unknown encoding: X-NOPE (line 6) — "
                "export the contacts again or fix that line"),
])
def test_bad_input(tmp_path, case, message):
    path = _bad(tmp_path, case)
    with pytest.raises(InputError) as err:
        read_contacts(path)
    assert str(err.value) == message.format(dir=tmp_path)


def test_many_unrelated_columns_are_shortened(tmp_path):
    f = write(tmp_path / "wide.csv", ",".join(f"c{n}" for n in range(1, 21)) + "\n" + ",".join("x" * 20) + "\n")
    with pytest.raises(InputError) as err:
        read_contacts(f)
    assert str(err.value) == (f"{f}: not a Google or Outlook contacts CSV (columns: c1, c2, c3, c4, c5, c6, c7, c8, "
                              f"c9, c10, c11, c12, …) — " + FIX)
