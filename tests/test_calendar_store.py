"""Calendars and contacts in the store: owners by address, meeting sizes, one person across sources."""
import json
from datetime import date

import refgraph

from .conftest import write

HEAD = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "X-WR-CALNAME:alex@northwind.example\r\nX-WR-TIMEZONE:UTC\r\n")


def att(email, cn=None, partstat="ACCEPTED", cutype="INDIVIDUAL"):
    return (f"ATTENDEE;CUTYPE={cutype};ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={cn or email};"
            f"X-NUM-GUESTS=0:mailto:{email}\r\n")


def event(uid, start, summary, attendees, extra=""):
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDTEND:{start[:-5]}3000Z\r\nSUMMARY:{summary}\r\n"
            f"ORGANIZER;CN=Alex Morgan:mailto:alex@northwind.example\r\n{extra}"
            + att("alex@northwind.example", "Alex Morgan") + "".join(attendees) + "END:VEVENT\r\n")


ALL_HANDS = [att(f"colleague{i}@northwind.example", f"Colleague {i}") for i in range(10)]
CALENDAR = HEAD + (
    event("w1@google.com", "20260105T150000Z", "Alex / Sam 1:1", [att("sam@northwind.example")],
          "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20260112T150000Z\r\n")
    + event("m1@google.com", "20260210T150000Z", "Contoso FP&A planning",
            [att("maria@contoso.example", "Maria Ortiz"), att("lee@contoso.example", "Lee Park"),
             att("dana@fabrikam.example", "Dana Whitfield", partstat="DECLINED"),
             att("c_1889@resource.calendar.google.com", "Harbor room", cutype="ROOM")])
    + event("a1@google.com", "20260301T170000Z", "Northwind all-hands", ALL_HANDS + [att("sam@northwind.example")])
    + event("f1@google.com", "20261203T150000Z", "Contoso intro", [att("lee@contoso.example", "Lee Park")])
    + "END:VCALENDAR\r\n")


def rel(db, person, as_of):
    with refgraph.open(db) as g:
        return {r["owner"]: [(e["date"], e["channel"], e["kind"]) for e in r["events"]]
                for r in g.why(person, as_of).data["relationships"]}


def test_calendar_owner_sizes_declines_rooms_and_future_meetings(run, db, tmp_path):
    ics = write(tmp_path / "alex.ics", CALENDAR)
    result = run("import", "calendar", ics)
    assert result.exit_code == 1
    assert result.output == (f"Error: {ics}: cannot tell whose calendar this is (its address alex@northwind.example "
                             "is not a known owner's) — pass --owner NAME\n")
    assert not db.exists()
    result = run("import", "calendar", ics, "--owner", "Alex Morgan")
    assert result.output == (f"Imported calendar from {ics} for Alex Morgan: 14 new people, 0 updated, "
                             "0 job changes, 6 new interactions; 6 rows: 6 new\n")
    assert run("import", "calendar", ics).output == (f"Imported calendar from {ics} for Alex Morgan: 0 new; "
                                                     "6 rows: 6 unchanged\n")
    # the weekly 1:1 minus its exception, and the all-hands as a touch (12 attendees > 8)
    assert rel(db, "sam@northwind.example", date(2026, 11, 15)) == {"Alex Morgan": [
        ("2026-01-05", "meeting", "conversation"), ("2026-01-19", "meeting", "conversation"),
        ("2026-01-26", "meeting", "conversation"), ("2026-03-01", "large_meeting", "touch")]}
    # the room and the declined guest are no one's relationship
    with refgraph.open(db) as g:
        names = {r["name"] for r in g.people(date(2026, 11, 15))}
        assert "Harbor room" not in names and "Dana Whitfield" not in names
        stored = g.store.query("SELECT attendees FROM interactions WHERE subject = 'Contoso FP&A planning'")
        assert [r[0] for r in stored] == [3]
    # the future meeting is stored and counts once as_of passes it
    assert rel(db, "Lee Park", date(2026, 11, 15)) == {"Alex Morgan": [("2026-02-10", "meeting", "conversation")]}
    assert rel(db, "Lee Park", date(2026, 12, 4))["Alex Morgan"][-1] == ("2026-12-03", "meeting", "conversation")


def test_teammate_in_three_sources_is_one_person_and_owner_found_by_address(run, db, tmp_path):
    run("import", "linkedin", write(tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Rivera,https://www.linkedin.com/in/sam-rivera-nw,,Northwind Analytics,AE,3 Mar 2022\n"),
        "--owner", "Alex Morgan")
    run("import", "interactions", write(tmp_path / "crm.csv", "date,person,email,channel\n"
                                        "2026-02-02,Sam Rivera,sam@northwind.example,meeting\n"))
    contacts = write(tmp_path / "contacts.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alex Morgan\r\n"
                     "EMAIL:alex@northwind.example\r\nEND:VCARD\r\n")
    run("import", "contacts", contacts)
    ics = write(tmp_path / "alex.ics", CALENDAR)
    # no --owner: the calendar's address is the owner's (learnt from the contacts file)
    assert run("import", "calendar", ics).output.startswith(f"Imported calendar from {ics} for Alex Morgan:")
    with refgraph.open(db) as g:
        sams = [r for r in g.people(date(2026, 11, 15)) if r["name"] == "Sam Rivera"]
        assert len(sams) == 1 and sams[0]["conversations"] == 4
        assert rel(db, "https://www.linkedin.com/in/sam-rivera-nw", date(2026, 11, 15))["Alex Morgan"][:2] == [
            ("2022-03-03", "connection", "touch"), ("2026-01-05", "meeting", "conversation")]


def test_contacts_add_addresses_and_unmatched_contacts_have_no_relationship(run, db, tmp_path):
    run("import", "linkedin", write(tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maria,Ortiz,https://www.linkedin.com/in/maria-ortiz,,Contoso Ltd.,VP Finance,3 Mar 2019\n"),
        "--owner", "Alex Morgan")
    f = write(tmp_path / "google.csv",
              "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,"
              "Phone 1 - Label,Phone 1 - Value\n"
              "Maria,,Ortiz,CONTOSO LIMITED,VP Finance,* Work,maria@contoso.example ::: m.ortiz@home.example,"
              "Mobile,+1 (555) 010-2030\n"
              "Quinn,,Unknown,Acme Corp,Buyer,Work,quinn@acme.example,,\n")
    result = run("import", "contacts", f)
    assert result.output == (f"Imported Google Contacts CSV from {f}: 1 new people, 1 updated, 0 job changes, "
                             "0 new interactions; 2 rows: 1 new, 1 updated\n")
    assert run("import", "contacts", f).output == f"Imported Google Contacts CSV from {f}: 0 new; 2 rows: 2 unchanged\n"
    with refgraph.open(db) as g:
        maria = g.why("maria@contoso.example", date(2026, 11, 15)).data
        assert (maria["name"], maria["company"], maria["emails"]) == (
            "Maria Ortiz", "Contoso Ltd.", ["m.ortiz@home.example", "maria@contoso.example"])
        quinn = g.why("Quinn Unknown", date(2026, 11, 15)).data
        assert (quinn["company"], quinn["relationships"]) == ("Acme Corp", [])
    rows = json.loads(run("people", "--owner", "Alex Morgan", "--json").output)
    assert [r["name"] for r in rows] == ["Maria Ortiz"]


def test_subscribed_calendars_do_not_lend_their_meetings_to_the_owner(run, db, tmp_path):
    colleague = (HEAD.replace("alex@northwind.example", "casey@northwind.example")
                 + "BEGIN:VEVENT\r\nUID:c1@google.com\r\nDTSTART:20260401T150000Z\r\nSUMMARY:Casey and Ivo\r\n"
                 "ORGANIZER;CN=Casey:mailto:casey@northwind.example\r\n"
                 + att("casey@northwind.example", "Casey Chen") + att("ivo@contoso.example", "Ivo Ito")
                 + "END:VEVENT\r\nEND:VCALENDAR\r\n")
    import zipfile

    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Calendar/alex@northwind.example.ics", CALENDAR)
        zf.writestr("Calendar/casey@northwind.example.ics", colleague)
    result = run("import", "calendar", z, "--owner", "Alex Morgan")
    assert result.output == (f"Imported calendar from {z} for Alex Morgan: 14 new people, 0 updated, 0 job changes, "
                             "6 new interactions; 7 rows: 6 new, 1 skipped (events the owner is not in 1)\n")
    with refgraph.open(db) as g:
        assert "Ivo Ito" not in {r["name"] for r in g.people(date(2026, 11, 15))}


def test_one_meeting_in_the_crm_log_and_the_calendar_counts_once(run, db, tmp_path):
    run("import", "interactions", write(tmp_path / "crm.csv", "date,person,email,channel,subject\n"
                                        "2026-02-10,Maria Ortiz,maria@contoso.example,meeting,FP&A planning\n"
                                        "2026-02-11,Maria Ortiz,maria@contoso.example,call,Follow-up\n"
                                        "2026-02-11,Maria Ortiz,maria@contoso.example,call,Second call\n"),
        "--owner", "Alex Morgan")
    run("import", "calendar", write(tmp_path / "alex.ics", CALENDAR), "--owner", "Alex Morgan")
    with refgraph.open(db) as g:
        rel_ = g.why("Maria Ortiz", date(2026, 11, 15)).data["relationships"][0]
    # two calls in one log are two conversations; the meeting in both sources is one
    assert rel_["conversations"] == 3
    assert [(e["date"], e["source"], e["weight"]) for e in rel_["events"]] == [
        ("2026-02-10", "crm.csv", 0.35), ("2026-02-10", "alex.ics", 0.0),
        ("2026-02-11", "crm.csv", 0.35), ("2026-02-11", "crm.csv", 0.35)]   # each conversation's own weight
    with refgraph.open(db) as g:
        assert [r["conversations"] for r in g.people(date(2026, 11, 15)) if r["name"] == "Maria Ortiz"] == [3]


def test_a_calendar_of_an_unknown_address_is_the_owner_its_guests_name(run, db, tmp_path):
    """Google names a calendar by its address, which a LinkedIn export never gave: the owner is the
    one the address's own ORGANIZER/ATTENDEE lines name (CN=Alex Morgan), and keeps the address."""
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel,owner\n"
                                        "2026-01-01,Sam Rivera,call,Alex Morgan\n"
                                        "2026-01-02,Ann Lee,call,Bo Teammate\n"))
    ics = write(tmp_path / "alex.ics", CALENDAR)
    assert run("import", "calendar", ics).output == (f"Imported calendar from {ics} for Alex Morgan: 13 new people, "
                                                     "0 updated, 0 job changes, 6 new interactions; 6 rows: 6 new\n")
    other = write(tmp_path / "bo.ics", CALENDAR.replace("alex@northwind.example", "bo@northwind.example")
                  .replace("CN=Alex Morgan", "CN=Robin Stranger"))
    result = run("import", "calendar", other)   # a name that is no owner's: still asks
    assert (result.exit_code, result.output) == (1, f"Error: {other}: cannot tell whose calendar this is (its address "
                                                    "bo@northwind.example is not a known owner's) — pass --owner NAME\n")
    with refgraph.open(db) as g:   # the address is the owner's now: the next calendar is found by it
        assert g.store.find_identifier("email", "alex@northwind.example") == g.owner_id("Alex Morgan")


def test_a_calendar_that_names_no_address_is_not_given_to_its_busiest_organizer(run, tmp_path):
    """Without its own address (no X-WR-CALNAME, a plain file name), a calendar's candidate owner is
    its most frequent organizer, who may be a teammate: no owner by name then, --owner is asked for."""
    run("import", "interactions", write(tmp_path / "log.csv", "date,person,channel,owner\n"
                                        "2026-01-01,Ann Lee,call,Alex Morgan\n2026-01-02,Bo Ek,call,Sam Rivera\n"))
    sam = "ORGANIZER;CN=Sam Rivera:mailto:sam@northwind.example\r\n"
    body = "".join(event(f"s{i}@google.com", f"2026020{i}T150000Z", "Team sync", [att("sam@northwind.example",
                                                                                         "Sam Rivera")]).replace(
        "ORGANIZER;CN=Alex Morgan:mailto:alex@northwind.example\r\n", sam) for i in range(1, 4))
    ics = write(tmp_path / "calendar.ics", HEAD.replace("X-WR-CALNAME:alex@northwind.example\r\n", "")
                + body + event("a1@google.com", "20260210T150000Z", "Alex / Ann", [att("ann@contoso.example")])
                + "END:VCALENDAR\r\n")
    result = run("import", "calendar", ics)
    assert (result.exit_code, result.output) == (1, f"Error: {ics}: cannot tell whose calendar this is (its address "
                                                    "sam@northwind.example is not a known owner's) — pass --owner NAME\n")
