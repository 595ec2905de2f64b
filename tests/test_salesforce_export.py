"""Salesforce's data export (Setup → Data Export), imported whole: its zip or its folder."""
import csv
import shutil
import zipfile
from pathlib import Path

import pytest

import refgraph
from refgraph.errors import InputError

from .conftest import store_dump, write

EXPORT = Path(__file__).parent / "fixtures" / "real-shapes" / "salesforce-export"
FILES = ("Account.csv", "Contact.csv", "Event.csv", "Lead.csv", "Opportunity.csv", "Task.csv", "User.csv")

SKIPPED = ("7 skipped (activities whose contact or lead is not in the export 1, activities whose owner is not in "
           "User.csv 1, activities without a contact or lead 1, deleted activities 1, open tasks 1, recurring series "
           "records (their occurrences are imported) 1, to-dos that are not a call, email or meeting 1)")
NEW = f"5 new people, 0 updated, 0 job changes, 10 new interactions; 17 rows: 10 new, {SKIPPED}"

PEOPLE = "SELECT name, coalesce(company, ''), coalesce(title, '') FROM people WHERE merged_into IS NULL ORDER BY name"
EMAILS = "SELECT p.name, i.value FROM identifiers i JOIN people p ON p.id = i.person_id ORDER BY p.name, i.value"
EVENTS = ("SELECT i.day, i.stamp, i.channel, coalesce(i.direction, ''), coalesce(i.subject, ''), i.duration_minutes, "
          "o.name, p.name, i.source, i.source_key FROM interactions i JOIN people o ON o.id = i.owner_id "
          "JOIN interaction_people ip ON ip.interaction_id = i.id JOIN people p ON p.id = ip.person_id "
          "ORDER BY i.day, i.stamp")

EXPECTED_PEOPLE = [("Alex Morgan", "", ""), ("Lee Park", "Fabrikam, Inc.", "CFO"),
                   ("Maria Ortiz", "Contoso Ltd.", "VP Finance"),
                   ("Priya Natarajan", "Tailspin Toys", "Head of Operations"), ("Renée Dubois", "", "")]
EXPECTED_EMAILS = [("Alex Morgan", "alex.morgan@northwind.example"), ("Lee Park", "lee.park@fabrikam.example"),
                   ("Maria Ortiz", "maria.ortiz@contoso.example"),
                   ("Priya Natarajan", "priya.natarajan@tailspin.example"),
                   ("Renée Dubois", "renee.dubois@northwind.example")]
# the owner's own zone (User.TimeZoneSidKey) for UTC times; an all-day event keeps its date; a task
# done on or before its due day is dated when it was done; only the Subject is kept
EXPECTED_EVENTS = [
    ("2026-09-15", "2026-09-15T13:05:00-04:00", "call", "outbound", "Call: pricing review", 30.0, "Alex Morgan",
     "Maria Ortiz", "Task.csv", "sf:00T5g00000E1a01"),
    ("2026-09-16", "2026-09-16T10:20:00-04:00", "email", "", "Email: Proposal v2", None, "Alex Morgan", "Lee Park",
     "Task.csv", "sf:00T5g00000E1a02"),
    # a call that left a voicemail is no conversation
    ("2026-09-17", "2026-09-17T10:30:00+02:00", "note", "outbound", "Call", 40 / 60, "Renée Dubois",
     "Priya Natarajan", "Task.csv", "sf:00T5g00000E1a07"),
    # a list email to a contact merged into Maria's record (MasterRecordId)
    ("2026-09-18", "2026-09-18T08:00:00-04:00", "email", "outbound", "Q3 customer newsletter", None, "Alex Morgan",
     "Maria Ortiz", "Task.csv", "sf:00T5g00000E1a09"),
    # due 2026-09-30, done 2026-09-20
    ("2026-09-20", "2026-09-20T11:00:00-04:00", "call", "outbound", "Call: negotiation", 10.0, "Alex Morgan",
     "Lee Park", "Task.csv", "sf:00T5g00000E1a11"),
    ("2026-10-01", "2026-10-01T10:00:00-04:00", "meeting", "", "Quarterly business review", 45.0, "Alex Morgan",
     "Maria Ortiz", "Event.csv", "sf:00U5g00000F2b01"),
    # 2026-10-05T23:30:00.000Z, in Paris the next day; a Zoom link for Location
    ("2026-10-06", "2026-10-06T01:30:00+02:00", "video", "", "Intro", 30.0, "Renée Dubois", "Priya Natarajan",
     "Event.csv", "sf:00U5g00000F2b02"),
    ("2026-10-08", "2026-10-08T09:00:00-04:00", "meeting", "", "Weekly sync", 30.0, "Alex Morgan", "Maria Ortiz",
     "Event.csv", "sf:00U5g00000F2b05"),
    ("2026-10-12", "2026-10-12", "meeting", "", "Fabrikam onsite", None, "Alex Morgan", "Lee Park", "Event.csv",
     "sf:00U5g00000F2b03"),
    ("2026-10-15", "2026-10-15T09:00:00-04:00", "meeting", "", "Weekly sync", 30.0, "Alex Morgan", "Maria Ortiz",
     "Event.csv", "sf:00U5g00000F2b06"),
]


def rows(db, sql):
    with refgraph.open(db) as g:
        return [tuple(r) for r in g.store.query(sql)]


def copy_export(tmp_path: Path, name="export") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in FILES:
        shutil.copy(EXPORT / f, folder / f)
    return folder


def zip_export(target: Path, top="WE_00D5g000004XyZaEAK_1/", names=FILES, rename=lambda n: n) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in names:
            zf.write(EXPORT / f, top + rename(f))
    return target


def test_export_folder_joins_people_owners_channels_and_times(db):
    with refgraph.open(db) as g:
        summary = g.import_interactions(EXPORT)
    assert summary.line() == f"Imported Salesforce data export from {EXPORT}: {NEW}"
    assert rows(db, PEOPLE) == EXPECTED_PEOPLE
    assert rows(db, EMAILS) == EXPECTED_EMAILS
    assert rows(db, EVENTS) == EXPECTED_EVENTS
    with refgraph.open(db) as g:   # never a body: Description is not read
        assert g.store.query("SELECT count(*) FROM interactions WHERE subject LIKE '%deal%' "
                             "OR subject LIKE '%Agenda%'")[0][0] == 0


def test_the_zip_gives_the_same_summary_and_rows(db, tmp_path):
    archive = zip_export(tmp_path / "WE_00D5g000004XyZaEAK_1.ZIP")
    with refgraph.open(db) as g:
        summary = g.import_interactions(archive)
    assert summary.line() == f"Imported Salesforce data export from {archive}: {NEW}"
    assert rows(db, PEOPLE) == EXPECTED_PEOPLE
    assert rows(db, EMAILS) == EXPECTED_EMAILS
    assert rows(db, EVENTS) == EXPECTED_EVENTS


def test_file_names_in_another_case_are_read(db, tmp_path):
    archive = zip_export(tmp_path / "export.zip", top="", rename=str.lower)
    with refgraph.open(db) as g:
        summary = g.import_interactions(archive)
    assert summary.line() == f"Imported Salesforce data export from {archive}: {NEW}"
    assert [r[:8] for r in rows(db, EVENTS)] == [r[:8] for r in EXPECTED_EVENTS]


def test_importing_again_changes_nothing_and_a_newer_export_adds(db, tmp_path):
    with refgraph.open(db) as g:
        g.import_interactions(EXPORT)
    before = store_dump(db)
    with refgraph.open(db) as g:
        again = g.import_interactions(EXPORT)
    assert again.line() == f"Imported Salesforce data export from {EXPORT}: 0 new; 17 rows: 10 unchanged, {SKIPPED}"
    assert store_dump(db) == before

    newer = copy_export(tmp_path)
    with open(newer / "Task.csv", newline="", encoding="utf-8") as f:
        header, first, *_ = csv.reader(f)
    extra = dict(zip(header, first), Id="00T5g00000E1a12EAZ", ActivityDate="2026-11-02",
                 CompletedDateTime="2026-11-02T15:00:00.000Z")
    with open(newer / "Task.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow([extra[h] for h in header])
    contacts = (newer / "Contact.csv").read_bytes()
    (newer / "Contact.csv").write_bytes(contacts.replace(b"lee.park@fabrikam.example", b"lee@fabrikam.example"))
    with refgraph.open(db) as g:
        summary = g.import_interactions(newer)
    assert summary.line() == (f"Imported Salesforce data export from {newer}: 0 new people, 1 updated, 0 job changes, "
                              f"1 new interactions; 18 rows: 1 new, 1 updated, 9 unchanged, {SKIPPED}")
    assert ("Lee Park", "lee@fabrikam.example") in rows(db, EMAILS)
    assert rows(db, EVENTS)[-1] == ("2026-11-02", "2026-11-02T10:00:00-05:00", "call", "outbound",
                                    "Call: pricing review", 30.0, "Alex Morgan", "Maria Ortiz", "Task.csv",
                                    "sf:00T5g00000E1a12")


@pytest.mark.parametrize("missing", ["Contact.csv", "User.csv"])
def test_an_export_without_contacts_or_users_is_one_line_and_changes_nothing(db, tmp_path, missing):
    with refgraph.open(db) as g:
        g.import_interactions(EXPORT)
    before = store_dump(db)
    archive = zip_export(tmp_path / "export.zip", names=[f for f in FILES if f != missing])
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_interactions(archive)
    assert str(err.value) == (f"{archive}: no {missing} in this export (tasks and events name people and owners only "
                              "by ID) — export again with Contacts and Users included (Setup → Data Export → "
                              "Export Now, with Include all data)")
    assert store_dump(db) == before


def test_the_cli_imports_the_export_and_says_what_to_do_with_task_csv_alone(run, tmp_path):
    task = run("import", "interactions", EXPORT / "Task.csv")
    assert (task.exit_code, task.output) == (
        1, f"Error: {EXPORT / 'Task.csv'}: a Salesforce export file names people only by ID (WhoId) — import the "
           f"whole export instead: refgraph import interactions {EXPORT}\n")
    alone = tmp_path / "Task.csv"
    shutil.copy(EXPORT / "Task.csv", alone)
    mapped = run("import", "interactions", alone, "--map", "person=WhoId")
    assert (mapped.exit_code, mapped.output) == (
        1, f"Error: {alone}: a Salesforce export file names people only by ID (WhoId) — import the whole data "
           "export (its zip or folder, with Contact.csv and User.csv beside it)\n")
    with_map = run("import", "interactions", EXPORT, "--map", "person=WhoId")
    assert (with_map.exit_code, with_map.output) == (
        1, f"Error: {EXPORT}: --map names the columns of one CSV; a Salesforce data export is read by its own "
           "field names — drop --map\n")
    result = run("import", "interactions", EXPORT)
    assert (result.exit_code, result.output) == (0, f"Imported Salesforce data export from {EXPORT}: {NEW}\n")
    archive = zip_export(tmp_path / "WE_00D5g000004XyZaEAK_1.ZIP")
    again = run("import", "interactions", archive)
    assert (again.exit_code, again.output) == (
        0, f"Imported Salesforce data export from {archive}: 0 new; 17 rows: 10 unchanged, {SKIPPED}\n")


def test_other_shapes_15_char_ids_name_columns_converted_leads_and_subjects(db, tmp_path):
    """Upper-case API names (as Data Loader writes them), Name instead of FirstName/LastName, a
    15-character WhoId for an 18-character Contact Id, a converted lead, logged emails and calls
    known only by their Subject, an event whose Type says it is a call."""
    folder = tmp_path / "export"
    write(folder / "CONTACT.CSV", "ID,NAME,EMAIL,ACCOUNTID\n0035g00000C7aAAAAZ,Maria Ortiz,maria@contoso.example,\n")
    write(folder / "LEAD.CSV", "ID,FIRSTNAME,LASTNAME,ISCONVERTED,CONVERTEDCONTACTID\n"
                               "00Q5g00000D9xYzEAB,Maria,Ortiz-Vega,true,0035g00000C7aAAAAZ\n")
    write(folder / "USER.CSV", "ID,NAME\n0055g00000A1bCdAAJ,Alex Morgan\n")
    write(folder / "TASK.CSV",
          "ID,WHOID,OWNERID,SUBJECT,ACTIVITYDATE,STATUS,TYPE,TASKSUBTYPE\n"
          "00T000000000001,0035g00000C7aAA,0055g00000A1bCd,Email: Re: pricing,2026-03-02,Completed,,Task\n"
          "00T000000000002,00Q5g00000D9xYz,0055g00000A1bCd,Call,2026-03-03,Completed,,\n"
          "00T000000000003,0035g00000C7aAA,0055g00000A1bCd,Prepare deck,2026-03-04,Completed,,Task\n"
          "00T000000000004,0035g00000C7aAA,0055g00000A1bCd,Follow up,2026-03-05,Completed,Meeting,Task\n"
          "00T000000000005,0035g00000C7aAA,0055g00000A1bCd,LinkedIn InMail,2026-03-06,Completed,,LinkedIn\n")
    write(folder / "EVENT.CSV", "ID,WHOID,OWNERID,SUBJECT,TYPE,STARTDATETIME,ENDDATETIME\n"
                                "00U000000000001,0035g00000C7aAA,0055g00000A1bCd,Check-in,Call,"
                                "2026-03-09T16:00:00.000Z,2026-03-09T16:20:00.000Z\n")
    with refgraph.open(db) as g:
        summary = g.import_interactions(folder)
    assert summary.line() == (f"Imported Salesforce data export from {folder} for Alex Morgan: 2 new people, "
                              "0 updated, "
                              "0 job changes, 5 new interactions; 6 rows: 5 new, 1 skipped (to-dos that are not a "
                              "call, email or meeting 1)")
    assert [r[1:8] for r in rows(db, EVENTS)] == [
        ("2026-03-02", "email", "", "Email: Re: pricing", None, "Alex Morgan", "Maria Ortiz"),
        ("2026-03-03", "call", "", "Call", None, "Alex Morgan", "Maria Ortiz"),
        ("2026-03-05", "meeting", "", "Follow up", None, "Alex Morgan", "Maria Ortiz"),
        ("2026-03-06", "message", "", "LinkedIn InMail", None, "Alex Morgan", "Maria Ortiz"),
        ("2026-03-09T16:00:00+00:00", "call", "", "Check-in", 20.0, "Alex Morgan", "Maria Ortiz"),
    ]


def test_a_bad_date_is_an_error_with_its_row(db, tmp_path):
    folder = copy_export(tmp_path)
    events = (folder / "Event.csv").read_bytes().replace(b'"2026-10-01T14:00:00.000Z"', b'"01.10.2026 14:00"')
    (folder / "Event.csv").write_bytes(events)
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_interactions(folder)
    assert str(err.value) == (f"{folder / 'Event.csv'}: row 2: cannot read the date '01.10.2026 14:00' in "
                              "StartDateTime — import the export as Salesforce made it (Setup → Data Export → "
                              "Export Now, with Include all data)")
    assert not db.exists()


def test_repeated_rows_rows_without_a_date_and_two_exports_in_one_folder(db, tmp_path):
    folder = tmp_path / "export"
    write(folder / "Contact.csv", "Id,FirstName,LastName\n0035g00000C7aAAAAZ,Maria,Ortiz\n")
    write(folder / "User.csv", "Id,FirstName,LastName\n0055g00000A1bCdAAJ,Alex,Morgan\n")
    write(folder / "Task.csv", "Id,WhoId,OwnerId,Subject,ActivityDate,IsClosed,TaskSubtype\n"
                               "00T5g00000E1a01EAZ,0035g00000C7aAAAAZ,0055g00000A1bCdAAJ,Call,2026-03-02,true,Call\n"
                               "00T5g00000E1a01,0035g00000C7aAAAAZ,0055g00000A1bCdAAJ,Call,2026-03-02,true,Call\n"
                               "00T5g00000E1a02EAZ,0035g00000C7aAAAAZ,0055g00000A1bCdAAJ,Call,,true,Call\n")
    with refgraph.open(db) as g:
        summary = g.import_interactions(folder)
    assert summary.line() == (f"Imported Salesforce data export from {folder} for Alex Morgan: 2 new people, "
                              "0 updated, "
                              "0 job changes, 1 new interactions; 3 rows: 1 new, 2 skipped (activities without a "
                              "date 1, repeated activity rows 1)")
    write(folder / "WE_00D5g000004XyZaEAK_2" / "Task.csv", "Id,WhoId,OwnerId\n")
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_interactions(folder)
    assert str(err.value) == (f"{folder}: 2 Task.csv files in this export ({folder / 'Task.csv'}, "
                              f"{folder / 'WE_00D5g000004XyZaEAK_2' / 'Task.csv'}) — import one export at a time: "
                              "its zip, or the folder it unzips to")


def test_owner_keeps_one_users_activities_and_must_name_a_user(db):
    with refgraph.open(db) as g, pytest.raises(InputError) as err:
        g.import_interactions(EXPORT, owner="Renee Dubios")
    assert str(err.value) == (f"{EXPORT}: no user called 'Renee Dubios' in User.csv — give the name as Salesforce "
                              "has it, or drop --owner to import every user's activities")
    assert not db.exists()
    with refgraph.open(db) as g:
        summary = g.import_interactions(EXPORT, owner="Renée Dubois")
    assert summary.line() == (
        f"Imported Salesforce data export from {EXPORT} for Renée Dubois: 2 new people, 0 updated, 0 job changes, "
        "2 new interactions; 17 rows: 2 new, 15 skipped (activities of other users 9, activities whose contact or "
        "lead is not in the export 1, activities whose owner is not in User.csv 1, activities without a contact or "
        "lead 1, deleted activities 1, open tasks 1, to-dos that are not a call, email or meeting 1)")
    assert [r[6:8] for r in rows(db, EVENTS)] == [("Renée Dubois", "Priya Natarajan")] * 2
