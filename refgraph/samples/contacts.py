"""Address books: Alex's Google Contacts CSV and Sam's vCard 3.0 cards."""
from __future__ import annotations

from .world import (CHRIS_LITWARE, DANA, JIWOO, JOSE, LEE, MARIA, OWNER, PRIYA, TEAMMATE, TOM, _LI,
                    _World, _csv_text, _fold)


GOOGLE_CONTACTS_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Website 1 - Label",
    "Website 1 - Value",
]


def _contacts_csv() -> bytes:
    """Alex's Google Contacts export (current column set), UTF-8 with BOM, CRLF."""
    short = {"org": "Organization Name", "title": "Organization Title",
             "dept": "Organization Department", "notes": "Notes", "labels": "Labels",
             "suffix": "Name Suffix", "e1l": "E-mail 1 - Label", "e1": "E-mail 1 - Value",
             "e2l": "E-mail 2 - Label", "e2": "E-mail 2 - Value", "p1l": "Phone 1 - Label",
             "p1": "Phone 1 - Value", "p2l": "Phone 2 - Label", "p2": "Phone 2 - Value",
             "a1l": "Address 1 - Label", "a1": "Address 1 - Formatted",
             "a1s": "Address 1 - Street", "a1c": "Address 1 - City", "a1r": "Address 1 - Region",
             "a1z": "Address 1 - Postal Code", "a1n": "Address 1 - Country",
             "w1l": "Website 1 - Label", "w1": "Website 1 - Value"}

    def person(first, last, **cells):
        out = dict.fromkeys(GOOGLE_CONTACTS_HEADER, "")
        out.update({"First Name": first, "Last Name": last, "Labels": "* myContacts"})
        out.update({short[k]: v for k, v in cells.items()})
        return [out[h] for h in GOOGLE_CONTACTS_HEADER]

    rows = [
        GOOGLE_CONTACTS_HEADER,
        person("Dana", "Whitfield", org="Fabrikam", title="COO", e1l="* Work", e1=DANA.email,
               p1l="Work", p1="+1 (206) 555-0172 ext. 4"),
        person("Jiwoo", "Hwang", suffix="MSPH", org="Lamna Healthcare",
               title="Director, Population Health", e1l="* Work", e1=JIWOO.email,
               p1l="Mobile", p1="+1 617 555 0128"),
        person("Lee", "Park", org="Contoso", title="CFO", e1l="* Work", e1=LEE.email,
               p1l="Work", p1="(425) 555-0117", labels="Contoso ::: * myContacts"),
        person("Maria", "Ortiz", org="CONTOSO LIMITED", title="VP Finance", dept="Finance",
               labels="Contoso ::: * myContacts ::: * starred", e1l="* Work",
               e1=f"{MARIA.email} ::: m.ortiz@contoso.example", e2l="Home",
               e2="maria.ortiz.home@mail.example", p1l="Mobile", p1="+1 206-555-0148",
               p2l="Work", p2="425.555.0100",
               notes="Met at the 2019 Seattle CFO breakfast.\nKids: two; loves trail running.",
               a1l="Work", a1="400 Harbor Way\nSeattle, WA 98101\nUS", a1s="400 Harbor Way",
               a1c="Seattle", a1r="WA", a1z="98101", a1n="US"),
        person("Omar", "Siddiqui", e1l="* Home", e1="omar.siddiqui@mail.example", p1l="Mobile",
               p1="206 555 0110", notes="Neighbour; runs the Saturday running club."),
        person("Priya", "Natarajan", org="Fabrikam, Inc.", title="Head of Data", e1l="* Work",
               e1=PRIYA.email, p1l="Mobile", p1="+1.206.555.0163",
               labels="Fabrikam ::: * myContacts ::: * starred",
               notes="Weekly sync on Wednesdays, 10am Pacific. Prefers Meet over Teams."),
        person("Sam", "Rivera", org="Northwind Analytics", title="Account Executive",
               e1l="* Work", e1=TEAMMATE.email, p1l="Mobile", p1="720-555-0135",
               labels="Northwind ::: * myContacts"),
        person("Tamsin", "Rooke", org="Carrow & Finch LLP", title="Partner",
               e1l="* Work", e1="tamsin.rooke@carrowfinch.example", p1l="Work",
               p1="+44 20 7946 0321", notes="Outside counsel for the 2024 MSA template."),
        person("Tom", "Becker", org="Acme Corp", title="Director, IT", e1l="* Work",
               e1=TOM.email, p1l="Work", p1="4255550191", w1l="Profile",
               w1="http://www.linkedin.com/in/tombecker/"),
    ]
    text = _csv_text(rows, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _vcard(lines: list[str]) -> bytes:
    return b"".join(_fold(line) for line in ["BEGIN:VCARD", "VERSION:3.0",
                                             "PRODID:-//Apple Inc.//macOS 15.1//EN",
                                             *lines, "END:VCARD"])


def _vc_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _sam_vcf(world: _World) -> bytes:
    """Sam's address book as vCard 3.0 (Apple Contacts style): folded lines, itemN groups."""
    def card(first, last, *, suffix="", org="", dept="", title="", email="", tel="", url="",
             note="", adr="", fn=None):
        fn = fn if fn is not None else f"{first} {last}"
        out = [f"N:{_vc_text(last)};{_vc_text(first)};;;{_vc_text(suffix)}",
               f"FN:{_vc_text(fn)}"]
        if org:
            out.append(f"ORG:{_vc_text(org)};{_vc_text(dept)}")
        if title:
            out.append(f"TITLE:{_vc_text(title)}")
        if email:
            out.append(f"EMAIL;type=INTERNET;type=WORK;type=pref:{email}")
        if tel:
            out.append(f"TEL;type=WORK;type=VOICE;type=pref:{tel}")
        if adr:
            out.append(f"item2.ADR;type=WORK;type=pref:{adr}")
            out.append("item2.X-ABADR:us")
        if url:
            out.append(f"item1.URL;type=pref:{url}")
            out.append("item1.X-ABLabel:LinkedIn")
        if note:
            out.append(f"NOTE:{_vc_text(note)}")
        return _vcard(out)

    filler = [p for p in world.sam_only if p.company][:2]
    cards = [
        card("Alex", "Morgan", org="Northwind Analytics", title="Account Executive",
             email=OWNER.email, tel="(206) 555-0199", url=_LI + OWNER.slug),
        card("Bettina", "Kraus", org="Fourth Coffee", title="Office Manager",
             email="bettina.kraus@fourthcoffee.example", tel="+49 30 5550 1234",
             note="Organises the Denver coffee tastings; not on LinkedIn."),
        card("Chris", "Lee", org="Litware", dept="Product", title="Product Manager",
             email=CHRIS_LITWARE.email, url=_LI + CHRIS_LITWARE.slug + "/"),
        card("Jiwoo", "Hwang", suffix="MSPH", fn="Jiwoo Hwang, MSPH", org="Lamna Healthcare",
             title="Director, Population Health", email=JIWOO.email, tel="+1 617 555 0128"),
        card("José", "Álvarez", org="Adventure Works", title="Regional Sales Manager",
             email=JOSE.email, tel="+52 55 5555 0142",
             note="Partner kickoff in Austin; introduced by Alex. Habla español e inglés."),
        card("Lee", "Park", org="Contoso", dept="Finance", title="CFO", email=LEE.email,
             tel="+1 425 555 0117", url=_LI + LEE.slug + "?originalSubdomain=us",
             adr=";;400 Harbor Way\\, Suite 1200;Seattle;WA;98101;United States",
             note="Budget owner for the Contoso planning rollout; prefers calls before 9am. "
                  "Maria Ortiz runs the rollout for him."),
    ]
    for p in filler:
        cards.append(card(p.first.strip(), p.last.strip(), org=p.company, title=p.title,
                          email=p.email, url=p.url))
    return b"".join(cards)
