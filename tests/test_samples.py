"""The sample data is deterministic and the committed copy is exactly what the generator writes."""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

try:
    from refgraph import samples
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(ROOT))
    from refgraph import samples

REGENERATE = "regenerate with: python -m refgraph.samples data/samples"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _alex(name: str) -> bytes:
    with zipfile.ZipFile(SAMPLES / samples.ALEX_ZIP) as zf:
        return zf.read(name)


def test_generate_twice_gives_identical_bytes(tmp_path):
    first = samples.generate(tmp_path / "a")
    second = samples.generate(tmp_path / "b", seed=7)
    assert first == sorted(first)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second]
    assert all(p.is_file() and (tmp_path / "a") in p.parents for p in first)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_other_seed_changes_filler(tmp_path):
    samples.generate(tmp_path / "a", seed=7)
    samples.generate(tmp_path / "b", seed=8)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_committed_samples_equal_generated(tmp_path):
    samples.generate(tmp_path)
    fresh = _tree(tmp_path)
    committed = _tree(SAMPLES)
    committed.pop("README.md", None)
    assert sorted(committed) == sorted(fresh), REGENERATE
    for name, data in fresh.items():
        assert committed[name] == data, f"{name} differs from the generator; {REGENERATE}"


def test_samples_are_small():
    assert sum(len(b) for b in _tree(SAMPLES).values()) < 1_000_000


def test_zip_is_reproducible_and_flat():
    with zipfile.ZipFile(SAMPLES / samples.ALEX_ZIP) as zf:
        infos = zf.infolist()
    assert all("/" not in i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 11, 1, 9, 12, 34)}
    assert {"Connections.csv", "messages.csv", "coach_messages.csv"} <= {i.filename for i in infos}


def test_connections_current_format():
    data = _alex("Connections.csv")
    assert data.startswith(b"Notes:\n\"When exporting your connection data")
    assert not data.endswith(b"\n")
    assert b"\r" not in data
    text = data.decode("utf-8")
    assert "\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n" in text
    assert "\n,,,,,,14 Sep 2024" in text
    assert "https://www.linkedin.com/in/%C3%BCmit-yilmaz-12ab" in text
    rows = list(csv.DictReader(io.StringIO(text.split("\n\n", 1)[1])))
    assert sum(1 for r in rows if r["First Name"]) == 250
    assert sum(1 for r in rows if r["First Name"] == "Chris" and r["Last Name"] == "Lee") == 2
    assert any(r["Last Name"] == "Hwang, MSPH" for r in rows)


def test_messages_quirks():
    text = _alex("messages.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    senders = {r["SENDER PROFILE URL"] for r in rows}
    assert "https://www.linkedin.com/in/ümit-yilmaz-12ab" in senders
    assert sum(r["IS MESSAGE DRAFT"] == "Yes" for r in rows) == 2
    assert sum(r["FOLDER"] == "SPAM" for r in rows) == 2
    assert any("Jiwoo Hwang, MSPH," in r["TO"] for r in rows)
    assert any(not any(r.values()) for r in rows)
    invitations = _alex("Invitations.csv").decode("utf-8")
    reader = csv.DictReader(io.StringIO(invitations, newline=""))
    notes = {r["Message"] for r in reader} - {""}
    assert sum(r["CONTENT"] in notes for r in rows) == 2


def test_sam_messages_utf16_tab_separated():
    data = (SAMPLES / samples.SAM_DIR / "Messages.csv").read_bytes()
    assert data.startswith(b"\xff\xfe")
    text = data[2:].decode("utf-16-le")
    assert text.startswith('"CONVERSATION ID"\t"CONVERSATION TITLE"\t')
    assert text.endswith("\r\n")
    connections = (SAMPLES / samples.SAM_DIR / "Connections.csv").read_text(encoding="utf-8")
    assert "\nFirst Name,Last Name,Email Address,Company,Position,Connected On\n" in connections


def test_interactions_bom_crlf_and_story():
    data = (SAMPLES / "interactions.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdate,person,email,linkedin_url,")
    assert data.count(b"\r\n") >= 400
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    conversation = {"phone", "zoom", "teams", "video call", "in person", "lunch", "coffee",
                    "meeting", "call"}
    maria = [r for r in rows if r["person"] == "Maria Ortiz"
             and r["channel"].lower() in conversation]
    assert len(maria) == 9
    assert any(r["date"] == "2024-02-11T15:30:00-05:00" for r in maria)
    assert not [r for r in rows if r["person"] == "Lee Park" and r["owner"] == "Alex Morgan"]
    assert not [r for r in rows if r["person"] == "Dana Whitfield"]
    assert [r["date"] for r in rows if r["person"] == "Tom Becker"] == ["2025-03-03"]
    assert any(r["subject"].startswith("=") for r in rows)


# --- calendar, contacts, knows, accounts ---------------------------------------------------------

def _calendar() -> bytes:
    with zipfile.ZipFile(SAMPLES / samples.CALENDAR_ZIP) as zf:
        assert zf.namelist() == [samples.CALENDAR_ICS]
        assert {i.date_time for i in zf.infolist()} == {(2026, 11, 1, 9, 12, 34)}
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        return zf.read(samples.CALENDAR_ICS)


def _crm_day(text: str) -> date:
    if "-" in text[:5]:
        return date.fromisoformat(text[:10])
    if "/" in text:
        month, day, year = map(int, text.split("/"))
        return date(year, month, day)
    day, month, year = text.split()
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return date(int(year), months.index(month) + 1, int(day))


def test_calendar_zip_is_a_folded_crlf_google_export():
    data = _calendar()
    physical = data.split(b"\r\n")
    assert physical[-1] == b"" and physical[-2] == b"END:VCALENDAR"
    assert not any(b"\n" in line or b"\r" in line for line in physical)    # CRLF only
    assert max(len(line) for line in physical) <= 75, "an unfolded line exceeds 75 octets"
    for line in physical:
        line.decode("utf-8")                            # folds never split a UTF-8 sequence
    logical = data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    assert max(len(line.encode("utf-8")) for line in logical) > 75
    assert any(line.startswith("ATTENDEE;") and len(line.encode("utf-8")) > 75
               for line in logical), "no folded ATTENDEE line"
    assert logical[:2] == ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN"]
    assert "X-WR-CALNAME:alex.morgan@northwind.example" in logical
    assert "X-WR-TIMEZONE:America/New_York" in logical
    assert "TZID:America/New_York" in logical
    assert ("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Sam Rivera;"
            "X-NUM-GUESTS=0:mailto:sam.rivera@northwind.example") in logical
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261026T000000Z" in logical
    assert any(line.startswith("RECURRENCE-ID;TZID=America/New_York:") for line in logical)
    assert any(line.startswith("DTSTART;VALUE=DATE:") for line in logical)
    assert any(line.startswith("DTSTART:") and not line.endswith("Z")
               and "VCALENDAR" not in line and not line.startswith("DTSTART:1970")
               for line in logical)                                         # one floating time
    assert "STATUS:CANCELLED" in logical
    assert "ATTENDEE:mailto:alex.morgan@northwind.example" in logical       # VALARM recipient
    assert all(line.endswith("@google.com") for line in logical if line.startswith("UID:"))


def _occurrences():
    icalendar = pytest.importorskip("icalendar")
    rie = pytest.importorskip("recurring_ical_events")
    from zoneinfo import ZoneInfo
    zone = ZoneInfo("America/New_York")
    cal = icalendar.Calendar.from_ical(_calendar())
    out = []
    for event in rie.of(cal).between(date(2019, 1, 1), date(2027, 1, 1)):
        start = event["DTSTART"].dt
        if isinstance(start, datetime):
            day = (start.astimezone(zone) if start.tzinfo else start).date()
        else:
            day = start
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        people = [(str(a).removeprefix("mailto:").lower(), str(a.params.get("CN", "")),
                   str(a.params.get("PARTSTAT", "")))
                  for a in attendees if a.params.get("CUTYPE", "INDIVIDUAL") == "INDIVIDUAL"]
        rooms = [str(a) for a in attendees if a.params.get("CUTYPE") in ("ROOM", "RESOURCE")]
        out.append({"summary": str(event["SUMMARY"]), "day": day, "people": people,
                    "rooms": rooms, "status": str(event.get("STATUS", "")),
                    "emails": {p[0] for p in people}})
    return out


def test_calendar_story():
    occ = _occurrences()
    s = samples.STORY
    alex, sam, lee, maria = (s[k].email for k in ("owner", "teammate", "lee", "maria"))
    assert all(alex in o["emails"] for o in occ)

    one_on_one = sorted(o["day"] for o in occ if o["summary"] == "Alex / Sam pipeline review")
    assert one_on_one[0] == date(2025, 1, 6) and one_on_one[-1] == date(2026, 10, 19)
    assert date(2025, 5, 26) not in one_on_one                              # EXDATE
    assert date(2025, 9, 1) not in one_on_one and date(2025, 9, 2) in one_on_one  # override
    assert {d.weekday() for d in one_on_one if d != date(2025, 9, 2)} == {0}

    all_hands = [o for o in occ if o["summary"] == "Northwind all-hands"
                 and o["day"] <= samples.AS_OF]
    assert len(all_hands) >= 30 and all(len(o["people"]) >= 30 for o in all_hands)
    assert all(r.startswith("mailto:c_1889") and r.endswith("@resource.calendar.google.com")
               for o in all_hands for r in o["rooms"]) and all_hands[0]["rooms"]

    fpa = [o for o in occ if o["summary"] == "Contoso FP&A planning"]
    assert [o["day"] for o in fpa] == [date(2023, 4, 18)]
    assert fpa[0]["emails"] == {alex, maria, lee}

    dana = [p for o in occ for p in o["people"] if p[0] == s["dana"].email]
    assert dana and all(p[2] == "DECLINED" for p in dana)
    assert not [o for o in occ if s["tom"].email in o["emails"]]
    cancelled = [o for o in occ if o["status"] == "CANCELLED"]
    assert len(cancelled) == 1 and maria in cancelled[0]["emails"]

    future = [o for o in occ if o["day"] > samples.AS_OF and o["summary"] != "Northwind all-hands"]
    assert [(o["summary"], o["day"]) for o in future] == [("Contoso intro", date(2026, 12, 3))]
    assert {sam, lee} <= future[0]["emails"]

    priya = [o["day"] for o in occ if s["priya"].email in o["emails"]]
    assert len(priya) == 3 and all(d.year == 2026 for d in priya)
    known = {p.email for p in samples.STORY.values()}
    assert any(p[1] == "Irene Castellanos" for o in occ for p in o["people"] if p[0] not in known)


def test_calendar_meetings_never_repeat_a_crm_conversation_day():
    """A calendar meeting and a CRM row for the same person on the same day would be counted
    twice; the samples keep them apart (big meetings are touches and exempt)."""
    text = (SAMPLES / "interactions.csv").read_bytes().decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline=""))
            if r["owner"] == samples.OWNER.name and r["channel"].lower() != "email"]
    by_email = {r["email"].lower(): r["person"] for r in rows if r["email"]}
    by_email.update({p.email: p.name for p in samples.STORY.values()})
    crm = {(r["person"], _crm_day(r["date"])) for r in rows}
    clashes = []
    for o in _occurrences():
        if o["status"] == "CANCELLED" or len(o["people"]) > 8:
            continue
        for email, cn, partstat in o["people"]:
            name = by_email.get(email, cn)
            if email != samples.OWNER.email and partstat != "DECLINED" and (name, o["day"]) in crm:
                clashes.append((name, o["day"], o["summary"]))
    assert not clashes


def test_contacts_csv_google_current_format():
    data = (SAMPLES / "contacts.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfFirst Name,Middle Name,Last Name,Phonetic First Name,")
    assert data.endswith(b"\r\n") and data.count(b"\r\n") >= 10
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = list(rows[0])
    assert header.index("Organization Name") < header.index("E-mail 1 - Value") < header.index(
        "Phone 1 - Value") < header.index("Website 1 - Value")
    emails = " ::: ".join(r["E-mail 1 - Value"] + " ::: " + r["E-mail 2 - Value"] for r in rows)
    for key in ("maria", "lee", "priya", "tom", "dana", "teammate", "jiwoo"):
        assert samples.STORY[key].email in emails
    assert any(" ::: " in r["E-mail 1 - Value"] for r in rows)
    assert {r["Organization Name"] for r in rows} >= {"CONTOSO LIMITED", "Contoso"}
    assert any("linkedin.com/in/" in r["Website 1 - Value"] for r in rows)


def test_sam_vcf_is_folded_vcard3():
    data = (SAMPLES / "sam-contacts.vcf").read_bytes()
    physical = data.split(b"\r\n")
    assert physical[-1] == b"" and not any(b"\n" in line for line in physical)
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    text = data.replace(b"\r\n ", b"").decode("utf-8")
    assert 6 <= text.count("BEGIN:VCARD") == text.count("VERSION:3.0") <= 10
    assert "item1.X-ABLabel:LinkedIn" in text
    assert f"pref:{samples.STORY['lee'].email}\r\n" in text


def test_knows_and_accounts():
    knows = (SAMPLES / "knows.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(knows, newline="")))
    assert {"person", "knows", "person_email", "knows_email"} <= set(rows[0])
    assert any(r["person"] == "Maria Ortiz" and r["knows"] == "Lee Park" for r in rows)
    accounts = list(csv.DictReader(io.StringIO(
        (SAMPLES / "accounts.csv").read_text(encoding="utf-8"), newline="")))
    aliases = "".join(r["aliases"] for r in accounts)
    assert ";" in aliases and "|" in aliases
    assert "ACME Corporation" in next(r["aliases"] for r in accounts if r["name"] == "Acme Corp")
