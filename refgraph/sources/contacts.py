"""Address books: Google Contacts CSV (current and legacy column sets), Outlook CSV, vCard 2.1/3.0/4.0,
and any other CSV with a name and an email column (Thunderbird's, a CRM list).

A contact adds emails, phones, company, title and a LinkedIn URL to the person it matches; it is
never a relationship, so a contacts :class:`Batch` has people and no interactions. In an address
book a namesake with other addresses is someone else (``Batch.distinct_emails``). The format is
told by content: ``BEGIN:VCARD`` means vCard (parsed with ``vobject``, which unfolds lines, decodes
quoted-printable and keeps ``itemN.`` groups; see below), otherwise the CSV header names the exporter.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import InputError
from ..files import check_input
from ..identity import clean_name, full_name, normalise_email, normalise_url
from ..records import Batch, PersonRecord
from .tabular import Table, decode, read_table

__all__ = ["read_contacts", "normalise_phone"]

GOOGLE = "Google Contacts CSV"
GOOGLE_LEGACY = "Google Contacts CSV (legacy)"
OUTLOOK = "Outlook CSV"
GENERIC = "contacts CSV"
VCARD = "vCard"

FIX = "export contacts as Google CSV, Outlook CSV or vCard"
NO_IDENTITY = "contacts without a name or email"

_MULTI = re.compile(r"\s*:::\s*")                      # Google joins several values in one cell
_EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|x)\s*\d+\s*$")


def normalise_phone(text: str) -> str | None:
    """Digits, with the leading ``+`` kept; ``None`` when there are no digits.

    >>> normalise_phone("+1 (555) 010-2030"), normalise_phone("tel:+49-170-555-0101"), normalise_phone("n/a")
    ('+15550102030', '+491705550101', None)
    >>> normalise_phone("(555) 010-2030 ext. 12")
    '5550102030'
    """
    t = (text or "").strip()
    if t.lower().startswith("tel:"):
        t = t[4:].split(";")[0]
    t = _EXTENSION.sub("", t).strip()
    digits = re.sub(r"[^0-9]", "", t)
    if not digits:
        return None
    return ("+" if t.startswith("+") else "") + digits


def _profile(url: str) -> str | None:
    """The join key of a LinkedIn *profile* URL (not a company or school page)."""
    key = normalise_url((url or "").replace("\\", "").strip())
    if key and (key.startswith("linkedin.com/in/") or key.startswith("linkedin.com/pub/")):
        return key
    return None


def _split(cell: str) -> list[str]:
    return [v for v in _MULTI.split(cell or "") if v.strip()] if cell and cell.strip() else []


def _unique(values) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _person(batch: Batch, name: str, credentials: str, emails, phones, company: str | None,
            title: str | None, linkedin: str | None) -> None:
    """Add one contact, or count it as skipped when it names nobody."""
    emails, phones = _unique(emails), _unique(phones)
    company, title = clean_name(company or "") or None, clean_name(title or "") or None
    if name and not any(ch.isalpha() for ch in name):   # a card filed under its number: no name
        name, credentials = "", ""
    if not name and not emails and not linkedin:   # (a phone alone, or a company's switchboard, names no one)
        batch.skipped[NO_IDENTITY] += 1
        return
    if not name:
        name, credentials = company or (emails[0] if emails else linkedin), ""
    batch.people.append(PersonRecord(name=name, linkedin=linkedin, emails=emails, company=company, title=title,
                                     credentials=credentials, authoritative=False, phones=phones))


def read_contacts(path: str | Path) -> Batch:
    """Parse a contacts export into a :class:`Batch` of people (nothing is written)."""
    check_input(path)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file", "give the path of the contacts file") from None
    if not data.strip():
        raise InputError(path, "the file is empty", "export the contacts again")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "this is a zip file, not a contacts export",
                         "unzip it and import the .csv or .vcf inside")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "this is a binary file, not a contacts CSV or vCard", FIX)
    text = decode(data, path)
    first = next((line.strip().lstrip("\ufeff").strip() for line in text.splitlines() if line.strip()), "")
    if first.upper() == "BEGIN:VCARD":
        return _read_vcard(path, text)
    if p.suffix.lower() in (".vcf", ".vcard"):
        raise InputError(path, f"not a vCard file (the first line is {first[:60]!r}, not BEGIN:VCARD)", FIX)
    return _read_csv(path, data)


# ----------------------------------------------------------------------------------------- CSV

def _lower(header: str) -> str:
    return " ".join(header.strip().lower().split())


def _groups(table: Table, pattern: str) -> list[str]:
    """Header cells of one ``X n - Value`` family, in file order, for any number of groups."""
    rx = re.compile(pattern)
    return [h for h in table.header if rx.fullmatch(_lower(h))]


def _kind(table: Table) -> str | None:
    has = lambda *names: table.column(*names) is not None  # noqa: E731
    google_values = bool(_groups(table, r"e-?mail \d+ - value"))
    if has("First Name") and (google_values or has("Organization Name")):
        return GOOGLE
    if (has("Given Name") or has("Name")) and (google_values or _groups(table, r"organization \d+ - name")):
        return GOOGLE_LEGACY
    if has("E-mail Address") and has("Job Title"):
        return OUTLOOK
    # another address book's (Thunderbird, an Outlook or CRM list): a name and an address column
    if (has(*_NAMES) or has("First Name", "Last Name")) and _groups(table, _EMAIL):
        return GENERIC
    return None


_NAMES = ("Name", "Display Name", "Full Name")   # one cell for the whole name, in any layout
_EMAIL = r"(?:(?:primary|secondary|work|home|other|business|personal) )?e-?mail(?: \d+)?(?: address)?(?: \d+)?"


def _csv_name(table: Table, kind: str, row: dict[str, str]) -> tuple[str, str]:
    """``(display name, credentials)``: legacy Google's ``Name`` or Given/Additional/Family names;
    First/Middle/Last for the others, else their ``Name``, ``Display Name`` or ``Full Name`` (an
    Outlook export of ``Action,ID,Name,…`` names people there only)."""
    def get(name: str) -> str:
        return row.get(table.column(name) or "", "")

    whole = next((get(c) for c in _NAMES if get(c).strip()), "")
    if kind == GOOGLE_LEGACY and whole:
        return full_name(whole, "")
    if kind == GOOGLE_LEGACY:
        parts = full_name(" ".join((get("Given Name"), get("Additional Name"))), get("Family Name"))
    else:
        parts = full_name(" ".join((get("First Name"), get("Middle Name"))), get("Last Name"))
    return parts if parts[0] or not whole else full_name(whole, "")


def _read_csv(path, data: bytes) -> Batch:
    table = read_table(path, data=data, is_header=lambda cells: True)
    kind = _kind(table)
    if kind is None:
        shown = ", ".join(table.header[:12]) + (", …" if len(table.header) > 12 else "")
        raise InputError(path, f"not a Google or Outlook contacts CSV (columns: {shown})", FIX)
    batch = Batch(kind=kind, source=str(path), distinct_emails=True)
    if table.blank:
        batch.skipped["blank rows"] += table.blank

    if kind in (OUTLOOK, GENERIC):
        email_cols = _groups(table, r"e-?mail( \d+)? address" if kind == OUTLOOK else _EMAIL)
        phone_cols = [h for h in table.header
                      if any(w in _lower(h) for w in ("phone", "mobile"))
                      and not any(w in _lower(h) for w in ("fax", "assistant", "company main"))]
        company_cols = [table.column("Company")] + ([table.column("Organization", "Organization Name", "Company Name")]
                                                    if kind == GENERIC else [])
        title_cols = [table.column("Job Title")]
    else:
        email_cols = _groups(table, r"e-?mail \d+ - value")
        phone_cols = _groups(table, r"phone \d+ - value")
        company_cols = [table.column("Organization Name")] + _groups(table, r"organization \d+ - name")
        title_cols = [table.column("Organization Title")] + _groups(table, r"organization \d+ - title")
    url_cols = [h for h in table.header
                if any(w in _lower(h) for w in ("website", "web page", "url", "linkedin"))
                and not _lower(h).endswith((" - label", " - type"))]

    def first(row: dict[str, str], columns) -> str:
        for c in columns:
            values = _split(row.get(c, "")) if c else []
            if values:
                return values[0]
        return ""

    for _line, row in table.rows:
        batch.rows += 1
        name, creds = _csv_name(table, kind, row)
        emails = [normalise_email(v) for c in email_cols for v in _split(row.get(c, ""))]
        phones = [normalise_phone(v) for c in phone_cols for v in _split(row.get(c, ""))]
        linkedin = next((k for c in url_cols for v in _split(row.get(c, "")) if (k := _profile(v))), None)
        _person(batch, name, creds, emails, phones, first(row, company_cols), first(row, title_cols), linkedin)
    return batch


# --------------------------------------------------------------------------------------- vCard
#
# vobject's lexer does the hard part: unfolding, vCard 2.1 quoted-printable soft breaks and CHARSET,
# groups (``item1.URL``) and parameters (bare 2.1 ones, quoted 4.0 ones). Its component layer is not
# used: it applies vCard 3.0 text rules to every version, so ``FN:Jiwoo Hwang, MSPH`` (legal in 2.1,
# common in 3.0 exports) would lose everything after the comma, and it base64-decodes photos, so a
# damaged photo would fail the whole file. Values are unescaped here instead.

_ESCAPES = {"n": " ", "N": " "}


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value, flags=re.S)


def _components(value: str) -> list[str]:
    """A structured value (N, ORG) split at unescaped semicolons."""
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(ch)
    parts.append(_unescape("".join(current)))
    return parts


def _types(line) -> set[str]:
    values = list(line.params.get("TYPE", [])) + list(line.singletonparams)
    return {t.strip().strip('"').lower() for v in values for t in str(v).split(",")}


def _read_vcard(path, text: str) -> Batch:
    from vobject.base import VObjectError, getLogicalLines, textLineToContentLine  # only vCard imports pay for it

    batch = Batch(kind=VCARD, source=str(path), distinct_emails=True)
    physical = text.splitlines()
    stack: list[str] = []          # open BEGIN:… blocks
    card: list = []                # content lines of the open card
    number = 0                     # top-level entries seen

    def fail(problem: str, line: int | None = None):
        where = f" (line {line})" if line else ""
        return InputError(path, f"card {number} is not valid vCard: {problem}{where}",
                          "export the contacts again or fix that line")

    for raw, n in getLogicalLines(io.StringIO(text, newline=None), allowQP=True):
        if n == 0 or (n <= len(physical) and not physical[n - 1].strip()):
            n += 1                 # vobject numbers the first line after a blank (or the start) one too low
        try:
            line = textLineToContentLine(raw, n)
        except (VObjectError, ValueError, LookupError, TypeError) as exc:
            # a line without a colon, bad quoted-printable or an unknown CHARSET; vobject raises a
            # TypeError for quoted-printable with a second ENCODING (it decodes with their list)
            if not stack:
                number += 1
            detail = ("quoted-printable with a second ENCODING" if isinstance(exc, TypeError)
                      else str(getattr(exc, "msg", None) or exc))
            raise fail(detail[:100] + ("…" if len(detail) > 100 else ""), n) from None
        value = str(line.value).strip()
        if line.name == "BEGIN":
            if not stack:
                number += 1
                card = []
            stack.append(value.upper())
        elif line.name == "END":
            if not stack:
                number += 1
                raise fail(f"END:{value} without BEGIN", n)
            if value.upper() != stack[-1]:
                raise fail(f"BEGIN:{stack[-1]} was not closed before END:{value}", n)
            done = stack.pop()
            if stack:
                continue
            if done == "VCARD":
                batch.rows += 1
                _card(batch, card)
            else:
                batch.skipped["entries that are not vCards"] += 1
        elif stack == ["VCARD"]:
            card.append(line)
    if stack:
        raise fail(f"BEGIN:{stack[0]} was never closed (no END:{stack[0]})")
    return batch


def _card(batch: Batch, lines: list) -> None:
    def values(name: str) -> list[str]:
        return [_unescape(str(line.value)).strip() for line in lines if line.name == name and str(line.value).strip()]

    def structured(name: str) -> list[list[str]]:
        return [[c.strip() for c in _components(str(line.value))] for line in lines if line.name == name]

    fn = next(iter(values("FN")), "")
    if fn:
        name, creds = full_name(fn, "")
    else:
        n = next(iter(structured("N")), [])
        n += [""] * (3 - len(n))   # family; given; additional; prefix; suffix
        name, creds = full_name(" ".join((n[1], n[2])), n[0])
    company = next((org[0] for org in structured("ORG") if org and org[0]), "")
    title = next(iter(values("TITLE")), "")

    labels = {line.group.lower(): _unescape(str(line.value)).lower()
              for line in lines if line.name == "X-ABLABEL" and line.group}
    social = [line for line in lines if line.name in ("X-SOCIALPROFILE", "SOCIALPROFILE")]
    urls = [line for line in lines if line.name in ("URL", "X-LINKEDIN")]
    candidates = ([line for line in social if "linkedin" in _types(line)]
                  + [line for line in urls if line.group and "linkedin" in labels.get(line.group.lower(), "")]
                  + social + urls)
    linkedin = next((k for line in candidates if (k := _profile(_unescape(str(line.value))))), None)
    _person(batch, name, creds, [normalise_email(v) for v in values("EMAIL")],
            [normalise_phone(v) for v in values("TEL")], company, title, linkedin)
