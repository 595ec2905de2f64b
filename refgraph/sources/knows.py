"""Knows files: explicit evidence that two people know each other ("Board together").

Columns ``person, knows`` are required; ``person_linkedin_url, person_email, knows_linkedin_url,
knows_email, knows_company, knows_title, strength, last_contact, note`` are optional. A known
person who is new becomes a person with that company and title.
"""
from __future__ import annotations

from pathlib import Path

from ..dates import date_problem, parse_when
from ..errors import InputError
from ..files import check_input
from ..identity import clean_name, full_name, normalise_email, normalise_url
from ..records import Batch, KnowsRecord, PersonRecord
from .tabular import read_table

__all__ = ["read_knows"]


def read_knows(path: str | Path) -> Batch:
    """Parse a knows CSV into a :class:`Batch` of :class:`KnowsRecord` (nothing is written)."""
    check_input(path)
    table = read_table(path)
    col = {name: table.column(name) for name in (
        "person", "knows", "person_linkedin_url", "person_email", "knows_linkedin_url", "knows_email",
        "knows_company", "knows_title", "strength", "last_contact", "note")}
    missing = [c for c in ("person", "knows") if not col[c]]
    if missing:
        raise InputError(path, f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                         f"(columns found: {', '.join(table.header)})",
                         "a knows file needs the columns person, knows (and optionally strength, last_contact, note)")
    batch = Batch(kind="knows", source=str(path))
    batch.skipped["blank rows"] += table.blank

    def get(row, name):
        return row.get(col[name], "").strip() if col[name] else ""

    for line, row in table.rows:
        batch.rows += 1
        a, a_creds = full_name(get(row, "person"), "")
        b, b_creds = full_name(get(row, "knows"), "")
        a_url, b_url = normalise_url(get(row, "person_linkedin_url")), normalise_url(get(row, "knows_linkedin_url"))
        a_mail, b_mail = normalise_email(get(row, "person_email")), normalise_email(get(row, "knows_email"))
        if not (a or a_url or a_mail) or not (b or b_url or b_mail):
            raise InputError(path, "the row names nobody in the " + ("person" if not (a or a_url or a_mail) else "knows")
                             + " column", "fill in both person and knows (a name, LinkedIn URL or email)", row=line)
        strength = None
        if get(row, "strength"):
            try:
                strength = float(get(row, "strength"))
            except ValueError:
                strength = -1.0
            if not 0.0 <= strength <= 1.0:
                raise InputError(path, f"strength {get(row, 'strength')!r} is not a number from 0 to 1",
                                 "write it as e.g. 0.8, or leave it empty for the default", row=line)
        last = None
        if get(row, "last_contact"):
            when = parse_when(get(row, "last_contact"))
            if when is None:
                raise InputError(path, f"{date_problem(get(row, 'last_contact'))} in last_contact",
                                 "write dates as 2024-02-11, 2/11/2024 or 11 Feb 2024", row=line)
            last = when.day
        person = PersonRecord(name=a or a_mail or a_url or "", linkedin=a_url, emails=(a_mail,) if a_mail else (),
                              credentials=a_creds)
        known = PersonRecord(name=b or b_mail or b_url or "", linkedin=b_url, emails=(b_mail,) if b_mail else (),
                             company=clean_name(get(row, "knows_company")) or None,
                             title=clean_name(get(row, "knows_title")) or None, credentials=b_creds)
        batch.knows.append(KnowsRecord(person, known, strength, last, clean_name(get(row, "note")) or None, line))
    return batch
