"""LinkedIn exports that broke imports: group threads whose names and profile URLs disagree, a
namesake of the owner, an owner who is in none of the messages, unreadable profile URLs, an owner
named another way, and files whose errors must not show a message."""
import sqlite3

import pytest

import refgraph
from refgraph.errors import InputError, RefgraphError
from refgraph.identity import normalise_url

from .conftest import write
from .test_linkedin import PREAMBLE, PROFILE, make_zip

MESSAGES_HEADER = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
                   "CONTENT,FOLDER,IS MESSAGE DRAFT\n")
ALEX = "https://www.linkedin.com/in/alex-morgan-nw"
# TO names fewer people than RECIPIENT PROFILE URLS lists (a member who left the thread, a name
# with a comma): c1's third profile sent c2 (so the file names it), c3's profiles spell no name
GROUP_MESSAGES = MESSAGES_HEADER + (
    f'c1,Team,Alex Morgan,{ALEX},"Ann Lee, Bo Ek","https://www.linkedin.com/in/ann-lee-1,'
    'https://www.linkedin.com/in/bo-ek-55,https://www.linkedin.com/in/x7k2q",2025-02-01 12:00:00 UTC,Roundtable,'
    "Shall we meet?,INBOX,No\n"
    f"c2,,Cy Ode,https://www.linkedin.com/in/x7k2q,Alex Morgan,{ALEX},2025-02-02 09:00:00 UTC,,Count me in,INBOX,No\n"
    f'c3,Dinner,Alex Morgan,{ALEX},"Dee Fox, Eve Gray","https://www.linkedin.com/in/q1w2e3,'
    'https://www.linkedin.com/in/r4t5y6,https://www.linkedin.com/in/u7i8o9",2025-02-03 18:00:00 UTC,,Friday?,INBOX,No\n'
)
CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
THREADS = ("SELECT i.day, i.direction, (SELECT group_concat(name, '; ') FROM (SELECT p.name FROM interaction_people ip "
           "JOIN people p ON p.id = ip.person_id WHERE ip.interaction_id = i.id ORDER BY p.name)) "
           "FROM interactions i ORDER BY i.day")


def rows(db, sql):
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def names(db):
    return rows(db, "SELECT name, coalesce(company, '') FROM people WHERE merged_into IS NULL ORDER BY name, id")


# -- group messages whose TO and RECIPIENT PROFILE URLS disagree ----------------------------------

def test_group_recipients_known_only_by_url_never_crash_a_messages_file(db, tmp_path):
    f = write(tmp_path / "messages.csv", GROUP_MESSAGES)
    with refgraph.open(db) as g:
        summary = g.import_linkedin(f, owner="Alex Morgan")
    # c3's three profiles are named nowhere: the message is skipped and counted, nobody without a name made
    assert summary.line() == (f"Imported linkedin from {f} for Alex Morgan: 4 new people, 0 updated, 0 job changes, "
                              "2 new interactions; 3 rows: 2 new, 1 skipped (recipients known only by a profile URL 1)")
    assert names(db) == [("Alex Morgan", ""), ("Ann Lee", ""), ("Bo Ek", ""), ("Cy Ode", "")]
    # Ann and Bo by the names their URLs spell, Cy by the message Cy sent
    assert rows(db, THREADS) == [("2025-02-01", "outbound", "Ann Lee; Bo Ek; Cy Ode"),
                                 ("2025-02-02", "inbound", "Cy Ode")]
    assert rows(db, "SELECT value FROM identifiers WHERE kind = 'linkedin' ORDER BY value") == [
        ("linkedin.com/in/alex-morgan-nw",), ("linkedin.com/in/ann-lee-1",), ("linkedin.com/in/bo-ek-55",),
        ("linkedin.com/in/x7k2q",)]


@pytest.mark.parametrize("shape", ["folder", "zip"])
def test_group_recipients_are_named_by_the_exports_connections(db, tmp_path, shape):
    files = {"Profile.csv": PROFILE, "messages.csv": GROUP_MESSAGES,
             "Connections.csv": PREAMBLE + CONNECTIONS_HEADER + "Dee,Fox,https://www.linkedin.com/in/q1w2e3,,Contoso,"
                                                                 "CFO,3 Mar 2021\n"}
    if shape == "zip":
        export = make_zip(tmp_path / "Complete_LinkedInDataExport_03-01-2025.zip", files)
    else:
        export = tmp_path / "Complete_LinkedInDataExport_03-01-2025"
        for name, text in files.items():
            write(export / name, text)
    with refgraph.open(db) as g:
        summary = g.import_linkedin(export)
    assert summary.line() == (f"Imported linkedin from {export} for Alex Morgan: 5 new people, 0 updated, "
                              "0 job changes, 4 new interactions; 4 rows: 4 new; left out: recipients known only by a profile URL 2")
    assert rows(db, THREADS) == [("2025-02-01", "outbound", "Ann Lee; Bo Ek; Cy Ode"),
                                 ("2025-02-02", "inbound", "Cy Ode"), ("2025-02-03", "outbound", "Dee Fox")]
    assert names(db) == [("Alex Morgan", ""), ("Ann Lee", ""), ("Bo Ek", ""), ("Cy Ode", ""), ("Dee Fox", "Contoso")]


def test_group_recipients_are_named_by_the_store(db, tmp_path):
    known = write(tmp_path / "Connections.csv", PREAMBLE + CONNECTIONS_HEADER +
                  "Eve,Gray,https://www.linkedin.com/in/r4t5y6,,Tailspin Toys,CTO,5 May 2022\n")
    f = write(tmp_path / "messages.csv", GROUP_MESSAGES)
    with refgraph.open(db) as g:
        g.import_linkedin(known, owner="Alex Morgan")
        summary = g.import_linkedin(f, owner="Alex Morgan")
    assert summary.line() == (f"Imported linkedin from {f} for Alex Morgan: 3 new people, 0 updated, 0 job changes, "
                              "3 new interactions; 3 rows: 3 new; left out: recipients known only by a profile URL 2")
    assert rows(db, THREADS)[-1] == ("2025-02-03", "outbound", "Eve Gray")
    assert rows(db, "SELECT count(*) FROM people WHERE name = ''") == [(0,)]


# -- a namesake of the owner ----------------------------------------------------------------------

POSITIONS = "Company Name,Title,Description,Location,Started On,Finished On\nContoso,Account Executive,,,Jun 2021,\n"


@pytest.mark.parametrize("url", ["https://www.linkedin.com/in/alex-morgan-sf", ""], ids=["other-url", "no-url"])
def test_a_connection_with_the_owners_name_is_a_namesake(db, tmp_path, url):
    export = make_zip(tmp_path / "Complete_LinkedInDataExport_03-01-2025.zip", {
        "Profile.csv": PROFILE, "Positions.csv": POSITIONS,
        "Connections.csv": PREAMBLE + CONNECTIONS_HEADER + f"Alex,Morgan,{url},,Fabrikam,CTO,1 Jan 2024\n"
                                                          "Bo,Ek,https://www.linkedin.com/in/bo-ek,,Ek AB,CEO,"
                                                          "2 Jan 2024\n"})
    with refgraph.open(db) as g:
        summary = g.import_linkedin(export)
    assert summary.line() == (f"Imported linkedin from {export} for Alex Morgan: 3 new people, 0 updated, "
                              "0 job changes, 2 new interactions; 2 rows: 2 new")
    assert names(db) == [("Alex Morgan", "Contoso"), ("Alex Morgan", "Fabrikam"), ("Bo Ek", "Ek AB")]
    owner = rows(db, "SELECT person_id FROM owners")
    assert owner == [(1,)]
    # the owner's job is untouched; the namesake is a connection of the owner
    assert rows(db, 'SELECT company, title, start, "end" FROM employment WHERE person_id = 1') == [
        ("Contoso", "Account Executive", "2021-06-01", None)]
    assert rows(db, "SELECT p.name, p.company, c.day FROM connections c JOIN people p ON p.id = c.person_id "
                    "WHERE c.owner_id = 1 ORDER BY c.day") == [("Alex Morgan", "Fabrikam", "2024-01-01"),
                                                               ("Bo Ek", "Ek AB", "2024-01-02")]
    with refgraph.open(db) as g:   # the owner is still the default owner, by name
        assert [r["name"] for r in g.store.owners()] == ["Alex Morgan"]


def test_a_namesake_messaging_the_owner_is_someone_else(db, tmp_path):
    other = "https://www.linkedin.com/in/alex-morgan-sf"
    f = write(tmp_path / "messages.csv", MESSAGES_HEADER +
              f"c1,,Alex Morgan,{ALEX},Alex Morgan,{other},2025-01-05 10:00:00 UTC,,Same name!,INBOX,No\n"
              f"c1,,Alex Morgan,{other},Alex Morgan,{ALEX},2025-01-06 10:00:00 UTC,,Indeed,INBOX,No\n"
              f"c2,,Alex Morgan,{ALEX},Bo Ek,https://www.linkedin.com/in/bo-ek,2025-01-07 10:00:00 UTC,,Hi,INBOX,No\n")
    with refgraph.open(db) as g:
        g.import_linkedin(write(tmp_path / "Connections.csv", PREAMBLE + CONNECTIONS_HEADER +
                                "Bo,Ek,https://www.linkedin.com/in/bo-ek,,Ek AB,CEO,2 Jan 2024\n"), owner="Alex Morgan")
        g.import_linkedin(f, owner="Alex Morgan")
    assert rows(db, THREADS) == [("2025-01-05", "outbound", "Alex Morgan"), ("2025-01-06", "inbound", "Alex Morgan"),
                                 ("2025-01-07", "outbound", "Bo Ek")]
    assert rows(db, "SELECT DISTINCT ip.person_id FROM interaction_people ip JOIN interactions i "
                    "ON i.id = ip.interaction_id WHERE i.day < '2025-01-07'") == [(3,)]
    assert rows(db, "SELECT person_id, value FROM identifiers WHERE kind = 'linkedin' ORDER BY person_id") == [
        (1, "linkedin.com/in/alex-morgan-nw"), (2, "linkedin.com/in/bo-ek"), (3, "linkedin.com/in/alex-morgan-sf")]


# -- an owner who is in none of the messages ------------------------------------------------------

OWNER_MESSAGES = MESSAGES_HEADER + (
    f"c1,,Alex Morgan,{ALEX},Bo Ek,https://www.linkedin.com/in/bo-ek,2025-01-05 10:00:00 UTC,,Hello Bo,INBOX,No\n"
    f"c1,,Bo Ek,https://www.linkedin.com/in/bo-ek,Alex Morgan,{ALEX},2025-01-06 10:00:00 UTC,,Hi Alex,INBOX,No\n"
    f"c2,,Alex Morgan,{ALEX},Cy Ode,https://www.linkedin.com/in/cy-ode,2025-01-07 10:00:00 UTC,,Coffee?,INBOX,No\n"
)


def test_an_owner_in_none_of_the_messages_is_refused(db, tmp_path):
    f = write(tmp_path / "messages.csv", OWNER_MESSAGES)
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_linkedin(f, owner="Alex Morgn")
    assert str(err.value) == (
        f"{f}: no message is from or to the owner 'Alex Morgn' (by name or profile URL) — check the spelling "
        "of --owner (the most frequent sender is 'Alex Morgan'), or pass --owner-not-in-messages to import its "
        "messages anyway")
    assert not db.exists()
    with refgraph.open(db) as g:   # confirmed: imported as asked (every message received by the owner)
        summary = g.import_linkedin(f, owner="Alex Morgn", owner_not_in_messages=True)
    assert summary.line() == (f"Imported linkedin from {f} for Alex Morgn: 4 new people, 0 updated, 0 job changes, "
                              "3 new interactions; 3 rows: 3 new")
    assert rows(db, THREADS) == [("2025-01-05", "inbound", "Alex Morgan; Bo Ek"),
                                 ("2025-01-06", "inbound", "Alex Morgan; Bo Ek"),
                                 ("2025-01-07", "inbound", "Alex Morgan; Cy Ode")]


def test_an_owner_in_none_of_the_messages_is_refused_by_the_cli(run, db, tmp_path):
    f = write(tmp_path / "messages.csv", OWNER_MESSAGES)
    result = run("import", "linkedin", f, "--owner", "Jordan Ellis")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {f}: no message is from or to the owner 'Jordan Ellis' (by name or profile URL) — check the "
        "spelling of --owner (the most frequent sender is 'Alex Morgan'), or pass --owner-not-in-messages to "
        "import its messages anyway\n")
    assert not db.exists()
    result = run("import", "linkedin", f, "--owner", "Jordan Ellis", "--owner-not-in-messages")
    assert result.exit_code == 0, result.output
    assert result.output == (f"Imported linkedin from {f} for Jordan Ellis: 4 new people, 0 updated, 0 job changes, "
                             "3 new interactions; 3 rows: 3 new\n")
    assert "--owner-not-in-messages" in run("import", "linkedin", "--help").output


def test_an_owner_the_profile_names_must_be_in_the_messages_too(db, tmp_path):
    export = tmp_path / "Complete_LinkedInDataExport_03-01-2025"
    write(export / "Profile.csv", PROFILE.replace("Alex,Morgan", "Sam,Rivera"))
    write(export / "Connections.csv", PREAMBLE + CONNECTIONS_HEADER + "Bo,Ek,https://www.linkedin.com/in/bo-ek,,Ek AB,"
                                                                      "CEO,2 Jan 2024\n")
    write(export / "messages.csv", OWNER_MESSAGES)
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_linkedin(export)
    assert str(err.value) == (
        f"{export / 'messages.csv'}: no message is from or to 'Sam Rivera', the owner Profile.csv names — check "
        "that this messages.csv belongs to that export (the most frequent sender is 'Alex Morgan'), or pass "
        "--owner-not-in-messages to import its messages anyway")
    assert not db.exists()


def test_an_owner_is_found_in_messages_by_credentials_recipients_or_a_known_url(db, tmp_path):
    # the messages' own spelling with credentials; only received messages; another name, the store's URL
    with_mba = write(tmp_path / "a" / "messages.csv", OWNER_MESSAGES.replace(
        f"c1,,Alex Morgan,{ALEX}", f'c1,,"Alex Morgan, MBA",{ALEX}').replace(
        f"c2,,Alex Morgan,{ALEX}", f'c2,,"Alex Morgan, MBA",{ALEX}'))
    received = write(tmp_path / "b" / "messages.csv", MESSAGES_HEADER +
                     f"c4,,Dee Fox,https://www.linkedin.com/in/dee-fox,Alex Morgan,{ALEX},2025-02-01 10:00:00 UTC,,"
                     "Hi,INBOX,No\n")
    renamed = write(tmp_path / "c" / "messages.csv", MESSAGES_HEADER +
                    f"c5,,Alexandra Morgan-Lee,{ALEX},Ed Gray,https://www.linkedin.com/in/ed-gray,"
                    "2025-03-01 10:00:00 UTC,,Hi Ed,INBOX,No\n")
    with refgraph.open(db) as g:
        lines = [g.import_linkedin(f, owner="Alex Morgan").line() for f in (with_mba, received)]
    with refgraph.open(db) as g:   # (the owner's URL read from the store before anything is opened for writing)
        lines.append(g.import_linkedin(renamed, owner="Alex Morgan").line())
    assert lines == [
        f"Imported linkedin from {with_mba} for Alex Morgan: 3 new people, 0 updated, 0 job changes, "
        "3 new interactions; 3 rows: 3 new",
        f"Imported linkedin from {received} for Alex Morgan: 1 new people, 0 updated, 0 job changes, "
        "1 new interactions; 1 row: 1 new",
        f"Imported linkedin from {renamed} for Alex Morgan: 1 new people, 0 updated, 0 job changes, "
        "1 new interactions; 1 row: 1 new"]
    assert rows(db, THREADS) == [("2025-01-05", "outbound", "Bo Ek"), ("2025-01-06", "inbound", "Bo Ek"),
                                 ("2025-01-07", "outbound", "Cy Ode"), ("2025-02-01", "inbound", "Dee Fox"),
                                 ("2025-03-01", "outbound", "Ed Gray")]
    assert names(db)[0] == ("Alex Morgan", "")


# -- profile URLs that cannot be read -------------------------------------------------------------

@pytest.mark.parametrize("url", ["http://[", "https://[www.linkedin.com/in/ann-lee", "https://www.linkedin.com]/in/x",
                                 "https://[::1/in/x", "[", "https://[v1.x]/in/x"])
def test_an_unreadable_url_is_no_url(url):
    assert normalise_url(url) is None


def test_a_bracket_in_a_url_is_kept_where_it_can_be_read():
    assert normalise_url("https://www.linkedin.com/in/a]b") == "linkedin.com/in/a]b"


def test_unreadable_profile_urls_are_counted_and_the_rows_imported(db, tmp_path):
    export = make_zip(tmp_path / "Complete_LinkedInDataExport_03-01-2025.zip", {
        "Profile.csv": PROFILE,
        "Connections.csv": PREAMBLE + CONNECTIONS_HEADER + "Ann,Lee,https://[www.linkedin.com/in/ann-lee,,Contoso,CFO,"
                                                          "1 Feb 2020\nBo,Ek,https://www.linkedin.com/in/bo]ek,,Ek AB,"
                                                          "CEO,2 Jan 2024\n",
        "messages.csv": MESSAGES_HEADER + "c1,,Cy Ode,http://[,Alex Morgan,,2025-01-06 10:00:00 UTC,,Hi,INBOX,No\n"
                                          f"c2,,Alex Morgan,{ALEX},Cy Ode,http://[,2025-01-07 10:00:00 UTC,,Hey,"
                                          "INBOX,No\n",
        "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
                                         "Endorser Public Url,Endorsement Status\n"
                                         "2024/12/07 14:51:07 UTC,Sales,Ann,Lee,www.linkedin.com]/in/ann,ACCEPTED\n"})
    with refgraph.open(db) as g:
        summary = g.import_linkedin(export)
    assert summary.line() == (f"Imported linkedin from {export} for Alex Morgan: 4 new people, 0 updated, "
                              "0 job changes, 5 new interactions; 5 rows: 5 new; left out: unreadable profile URLs 4")
    assert names(db) == [("Alex Morgan", ""), ("Ann Lee", "Contoso"), ("Bo Ek", "Ek AB"), ("Cy Ode", "")]
    assert rows(db, "SELECT p.name, i.value FROM identifiers i JOIN people p ON p.id = i.person_id "
                    "WHERE kind = 'linkedin' ORDER BY p.name") == [("Alex Morgan", "linkedin.com/in/alex-morgan-nw"),
                                                                  ("Bo Ek", "linkedin.com/in/bo]ek")]


def test_an_unreadable_url_in_a_call_log_is_no_url(db, tmp_path):
    log = write(tmp_path / "calls.csv", "date,person,channel,linkedin_url\n2024-05-01,Bo Ek,call,http://[\n")
    with refgraph.open(db) as g:
        g.import_interactions(log, owner="Alex Morgan")
    assert names(db) == [("Alex Morgan", ""), ("Bo Ek", "")]
    assert rows(db, "SELECT count(*) FROM identifiers WHERE kind = 'linkedin'") == [(0,)]


# -- an owner named another way -------------------------------------------------------------------

def _first_export(tmp_path, profile=PROFILE, sender="Alex Morgan", name="first"):
    export = tmp_path / name
    write(export / "Profile.csv", profile)
    write(export / "Connections.csv", PREAMBLE + CONNECTIONS_HEADER + "Bo,Ek,https://www.linkedin.com/in/bo-ek,,Ek AB,"
                                                                      "CEO,2 Jan 2024\n")
    write(export / "messages.csv", MESSAGES_HEADER +
          f"c1,,{sender},{ALEX},Bo Ek,https://www.linkedin.com/in/bo-ek,2025-01-05 10:00:00 UTC,,Hello Bo,INBOX,No\n")
    return export


@pytest.mark.parametrize("first_name, last_name", [("Alex", "J. Morgan"), ("Alexandra", "Morgan-Lee")])
def test_a_renamed_profile_with_the_owners_url_is_that_owner(db, tmp_path, first_name, last_name):
    first = _first_export(tmp_path)
    renamed = _first_export(tmp_path, PROFILE.replace("Alex,Morgan", f"{first_name},{last_name}"),
                            f"{first_name} {last_name}", "renamed")
    with refgraph.open(db) as g:
        g.import_linkedin(first)
        summary = g.import_linkedin(renamed)
    assert summary.line() == f"Imported linkedin from {renamed} for Alex Morgan: 0 new; 2 rows: 2 unchanged"
    assert rows(db, "SELECT o.person_id, p.name FROM owners o JOIN people p ON p.id = o.person_id") == [
        (1, "Alex Morgan")]
    assert names(db) == [("Alex Morgan", ""), ("Bo Ek", "Ek AB")]


@pytest.mark.parametrize("address", ["alex.morgan@contoso.example", "ALEX@northwind.example"],
                         ids=["spelling-the-name", "known-address"])
def test_an_owner_column_giving_the_owners_address_is_that_owner(db, tmp_path, address):
    contacts = write(tmp_path / "contacts.csv", "Name,E-mail 1 - Value\nAlex Morgan,alex@northwind.example\n")
    log = write(tmp_path / "calls.csv", f"date,person,channel,owner\n2024-05-01,Bo Ek,call,{address}\n")
    with refgraph.open(db) as g:
        g.import_linkedin(_first_export(tmp_path))
        g.import_contacts(contacts)   # the owner's address
        summary = g.import_interactions(log)
    assert summary.line() == (f"Imported interactions CSV from {log} for Alex Morgan: 0 new people, 0 updated, "
                              "0 job changes, 1 new interactions; 1 row: 1 new")
    assert rows(db, "SELECT person_id FROM owners") == [(1,)]
    assert rows(db, "SELECT owner_id, channel, day FROM interactions WHERE channel = 'call'") == [
        (1, "call", "2024-05-01")]


# -- errors that would show a message -------------------------------------------------------------

HEADERLESS = ("c1,,Bo Ek,https://www.linkedin.com/in/bo-ek,Alex Morgan,2019-03-01 10:00:00 UTC,,"
              "my private plan for the merger,INBOX\n")


def test_a_headerless_messages_file_is_refused_without_its_first_line(db, tmp_path):
    f = write(tmp_path / "messages.csv", HEADERLESS)
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_linkedin(f, owner="Alex Morgan")
    assert str(err.value) == (f"{f}: no header row with FROM, TO — pass the export's own file, not one saved by "
                              "another tool")
    renamed = write(tmp_path / "old inbox.csv", HEADERLESS)
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_linkedin(renamed, owner="Alex Morgan")
    assert str(err.value) == (f"{renamed}: not a LinkedIn Connections.csv or messages.csv — pass the export zip, "
                              "its folder, or its Connections.csv / messages.csv")
    assert not db.exists()


def test_an_unrelated_csv_still_names_its_columns(db, tmp_path):
    f = write(tmp_path / "calls.csv", "Name,Phone 1 - Value,Notes\nBo Ek,+46 70 123 45 67,call back\n")
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_linkedin(f, owner="Alex Morgan")
    assert str(err.value) == (f"{f}: not a LinkedIn Connections.csv or messages.csv (columns: Name, Phone 1 - Value, "
                              "Notes) — pass the export zip, its folder, or its Connections.csv / messages.csv")


@pytest.mark.parametrize("name, text, column", [
    ("messages.csv", "From,To,Date,Subject,Content,Direction,Folder\nBo Ek,Alex Morgan,my private plan\n", "DATE"),
    ("Invitations.csv", "From,To,Sent At,Message,Direction\nBo Ek,Alex Morgan,my private plan,,INCOMING\n", "Sent At"),
    ("Recommendations_Received.csv", "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
                                     "Bo,Ek,Ek AB,CEO,Alex is great,and kind,VISIBLE\n", "Creation Date"),
])
def test_a_date_cell_holding_a_message_is_not_shown(db, tmp_path, name, text, column):
    export = make_zip(tmp_path / "Complete_LinkedInDataExport_03-01-2025.zip", {
        "Profile.csv": PROFILE, "Connections.csv": PREAMBLE + CONNECTIONS_HEADER, name: text})
    with refgraph.open(db) as g, pytest.raises(RefgraphError) as err:
        g.import_linkedin(export)
    assert str(err.value) == (f"{export}:{name}: row 2: cannot read the date in {column} — fix the cell or export "
                              "the file again")


# -- a message sent to a crowd -------------------------------------------------------------------

def test_a_thread_of_more_than_fifty_people_makes_no_ties_and_a_small_one_does(db, tmp_path):
    crowd = [(f"Guest {n}", f"https://www.linkedin.com/in/guest-{n}") for n in range(60)]
    to = ", ".join(name for name, _ in crowd)
    urls = ",".join(url for _, url in crowd)
    f = write(tmp_path / "messages.csv", MESSAGES_HEADER + (
        f'c1,Launch,Alex Morgan,{ALEX},"{to}","{urls}",2025-03-01 12:00:00 UTC,,Webinar,INBOX,No\n'
        f'c2,Trio,Alex Morgan,{ALEX},"Guest 1, Guest 2","{crowd[1][1]},{crowd[2][1]}",2025-03-02 12:00:00 UTC,,'
        "Lunch?,INBOX,No\n"))
    with refgraph.open(db) as g:
        g.import_linkedin(f, owner="Alex Morgan")
    # the thread's size is kept (the owner too); only the trio's two guests know each other
    assert rows(db, "SELECT day, attendees FROM interactions ORDER BY day") == [("2025-03-01", 61), ("2025-03-02", 3)]
    assert rows(db, "SELECT pa.name, pb.name FROM tie_stats t JOIN people pa ON pa.id = t.person_a "
                    "JOIN people pb ON pb.id = t.person_b ORDER BY 1, 2") == [("Guest 1", "Guest 2"),
                                                                           ("Guest 2", "Guest 1")]
