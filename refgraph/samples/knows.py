"""The explicit evidence (``knows.csv``) and the target accounts (``accounts.csv``)."""
from __future__ import annotations

from .world import DANA, JIWOO, LEE, MARIA, PRIYA, ZOE, _csv_text


def _knows_csv() -> bytes:
    rows = [["person", "person_email", "knows", "knows_email", "knows_company", "knows_title",
             "strength", "last_contact", "note"],
            [MARIA.name, "", LEE.name, "", "Contoso", "CFO", "0.8", "2026-09-30",
             "Maria reports to Lee; she runs his finance transformation"],
            [PRIYA.name, "", DANA.name, "", "Fabrikam", "COO", "0.6", "2026-08-12",
             "Same leadership team at Fabrikam"],
            ["Jiwoo Hwang", JIWOO.email, ZOE.name, ZOE.email, "Lucerne Publishing",
             "Head of Analytics, EMEA", "0.4", "2025-04-10",
             "Met through the health data roundtable"]]
    return _csv_text(rows).encode("utf-8")


def _accounts_csv() -> bytes:
    rows = [["name", "domain", "aliases"],
            ["Contoso", "contoso.example", "Contoso Ltd.;Contoso Limited"],
            ["Fabrikam", "fabrikam.example", "Fabrikam, Inc.|Fabrikam Inc"],
            ["Acme Corp", "acme.example", "Acme | ACME Corporation"]]
    return _csv_text(rows).encode("utf-8")
