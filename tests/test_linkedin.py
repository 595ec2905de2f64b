"""LinkedIn exports: every generation and quirk in docs/formats.md, re-imports and job changes."""
import json
import zipfile

import pytest

import refgraph
from refgraph.errors import RefgraphError
from refgraph.sources.linkedin import read_linkedin

from .conftest import AS_OF, write, store_dump, sqlite_file


@pytest.fixture
def db(engine_db):
    """These tests run on both engines (SQLite, then PostgreSQL)."""
    return engine_db


PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    'their email address using this setting https://www.linkedin.com/psettings/privacy/email."\n'
    "\n"
)
PROFILE = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nAlex,Morgan,,,,AE,,,,,,,\n"
CONNECTIONS_2024 = PREAMBLE + (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ümit,Yılmaz,https://www.linkedin.com/in/%C3%BCmit-yilmaz-12ab,,Contoso Ltd.,\"Director, Finance\",16 Dec 2024\n"
    "Jiwoo,\"Hwang, MSPH\",https://www.linkedin.com/in/jiwoo-hwang/,,Lamna Healthcare,Director,3 Mar 2021\n"
    ",,,,,,14 Sep 2024\n"
    "Ann ,Lee,https://www.linkedin.com/in/ann-lee-1,ann@contoso.example,Contoso,CFO,1 Feb 2020"
)
MESSAGES_2024 = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
    "c1,,Alex Morgan,https://www.linkedin.com/in/alex-morgan-nw,Ümit Yılmaz,https://www.linkedin.com/in/ümit-yilmaz-12ab,2025-01-05 10:00:00 UTC,,\"Hi Ümit,\nhow are you?\",INBOX,No\n"
    "c1,,Ümit Yılmaz,https://www.linkedin.com/in/ümit-yilmaz-12ab,Alex Morgan,https://www.linkedin.com/in/alex-morgan-nw,2025-01-06 09:00:00 UTC,,Fine thanks,INBOX,No\n"
    "c2,Team,Alex Morgan,https://www.linkedin.com/in/alex-morgan-nw,\"Jiwoo Hwang, MSPH, Ann Lee\",\"https://www.linkedin.com/in/jiwoo-hwang,https://www.linkedin.com/in/ann-lee-1\",2025-02-01 12:00:00 UTC,Roundtable,Shall we meet?,INBOX,No\n"
    "c3,,Alex Morgan,https://www.linkedin.com/in/alex-morgan-nw,Ann Lee,https://www.linkedin.com/in/ann-lee-1,2025-02-02 12:00:00 UTC,,half-written,,Yes\n"
    "c4,,Spammy Guy,https://www.linkedin.com/in/spam,Alex Morgan,https://www.linkedin.com/in/alex-morgan-nw,2025-02-03 12:00:00 UTC,,buy now,SPAM,No\n"
    "c5,Sponsored Conversation,Some Brand,,Alex Morgan,,2025-02-04 12:00:00 UTC,,<p>Hi %FIRSTNAME%</p>,INBOX,No\n"
    "c6,,LinkedIn Member,,Alex Morgan,,2025-02-05 12:00:00 UTC,,hello,INBOX,No\n"
    "c7,,Alex Morgan,https://www.linkedin.com/in/alex-morgan-nw,Ann Lee,https://www.linkedin.com/in/ann-lee-1,2025-02-10 08:00:00 UTC,,Great to meet you at the summit,INBOX,No\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    "Alex Morgan,Ann Lee,\"2/10/25, 7:48 AM\",Great to meet you at the summit,OUTGOING,https://www.linkedin.com/in/alex-morgan-nw,https://www.linkedin.com/in/ann-lee-1\n"
)
ENDORSEMENTS = (
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,Endorsement Status\n"
    "2024/12/07 14:51:07 UTC,Sales,Jiwoo,Hwang,www.linkedin.com/in/jiwoo-hwang,ACCEPTED\n"
)
RECOMMENDATIONS = (
    "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
    "Ann,Lee,Contoso,CFO,\"Alex is great.\nTruly.\",\"04/15/24, 09:25 PM\",VISIBLE\n"
)


def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            zf.writestr(name, data)
    return path


@pytest.fixture
def export_2025(tmp_path):
    return make_zip(tmp_path / "Complete_LinkedInDataExport_03-01-2025.zip", {
        "Profile.csv": PROFILE, "Connections.csv": CONNECTIONS_2024, "messages.csv": MESSAGES_2024,
        "Invitations.csv": INVITATIONS, "Endorsement_Received_Info.csv": ENDORSEMENTS,
        "Recommendations_Received.csv": RECOMMENDATIONS,
        "coach_messages.csv": MESSAGES_2024.splitlines()[0] + "\nx,,Coach,,Alex Morgan,,2025-01-01 00:00:00 UTC,,tip,INBOX,No\n",
    })


def people(db):
    with refgraph.open(db) as g:
        return {r["name"]: r for r in g.people(AS_OF)}


def test_current_export_imports_with_every_quirk(run, db, export_2025):
    result = run("import", "linkedin", export_2025)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Imported linkedin from {export_2025} for Alex Morgan: 4 new people, 0 updated, 0 job changes, "
        "9 new interactions; 15 rows: 9 new, 6 skipped (drafts 1, hidden members 1, "
        "invitation notes (counted once) 1, LinkedIn Member senders 1, spam 1, sponsored messages 1)\n")
    found = people(db)
    # the owner is a person but not in the list (nobody else has a relationship with them);
    # credentials split off; accents kept
    assert sorted(found) == ["Ann Lee", "Jiwoo Hwang", "Ümit Yılmaz"]
    with refgraph.open(db) as g:
        why = g.why("umit yilmaz", AS_OF).data
        assert why["linkedin"] == "https://www.linkedin.com/in/ümit-yilmaz-12ab"
        # percent-encoded URL in Connections and raw Unicode in messages.csv are one person
        assert [(e["date"], e["channel"], e["direction"]) for e in why["relationships"][0]["events"]] == [
            ("2024-12-16", "connection", ""), ("2025-01-05", "message", "outbound"),
            ("2025-01-06", "message", "inbound")]
        jiwoo = g.why("Jiwoo Hwang", AS_OF).data
        assert jiwoo["credentials"] == "MSPH"
        # the group thread touched both recipients; the scheme-less endorsement URL joined Jiwoo
        assert [(e["date"], e["channel"]) for e in jiwoo["relationships"][0]["events"]] == [
            ("2021-03-03", "connection"), ("2024-12-07", "endorsement"), ("2025-02-01", "message")]
        ann = g.why("Ann Lee", AS_OF).data
        assert ann["emails"] == ["ann@contoso.example"]
        # the invitation note is counted once (as the invitation), the recommendation is there
        assert [(e["date"], e["channel"]) for e in ann["relationships"][0]["events"]] == [
            ("2020-02-01", "connection"), ("2024-04-15", "recommendation"), ("2025-02-01", "message"),
            ("2025-02-10", "invitation")]


def test_reimport_changes_nothing(run, db, export_2025):
    sqlite_file(db)
    run("import", "linkedin", export_2025)
    before = db.read_bytes()
    result = run("import", "linkedin", export_2025)
    assert result.output.startswith(f"Imported linkedin from {export_2025} for Alex Morgan: 0 new; "
                                    "15 rows: 9 unchanged, 6 skipped (")
    assert db.read_bytes() == before


def test_newer_export_records_job_change_and_keeps_history(run, db, export_2025, tmp_path):
    run("import", "linkedin", export_2025)
    moved = CONNECTIONS_2024.replace("Ann ,Lee,https://www.linkedin.com/in/ann-lee-1,ann@contoso.example,Contoso,CFO",
                                     "Ann ,Lee,https://www.linkedin.com/in/ann-lee-1,,Fabrikam Inc.,COO")
    promoted = moved.replace('Contoso Ltd.,"Director, Finance"', 'Contoso Ltd.,"VP, Finance"')
    newer = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip",
                     {"Profile.csv": PROFILE, "Connections.csv": promoted})
    result = run("import", "linkedin", newer)
    assert result.output == (f"Imported linkedin from {newer} for Alex Morgan: 0 new people, 2 updated, "
                             "1 job changes, 0 new interactions; 4 rows: 2 updated, 1 unchanged, "
                             "1 skipped (hidden members 1)\n")
    with refgraph.open(db) as g:
        ann = g.why("Ann Lee", AS_OF).data
        assert (ann["company"], ann["title"]) == ("Fabrikam Inc.", "COO")
        assert ann["employment"] == [
            {"company": "Fabrikam Inc.", "title": "COO", "from": "2025-09-15", "to": None},
            {"company": "Contoso", "title": "CFO", "from": None, "to": "2025-09-15"}]
    # the older export afterwards does not undo the newer one
    again = run("import", "linkedin", export_2025)
    assert " 0 new;" in again.output
    with refgraph.open(db) as g:
        assert g.why("Ann Lee", AS_OF).data["company"] == "Fabrikam Inc."


def test_an_older_export_does_not_give_a_job_the_newer_one_did_not(run, db, export_2025, tmp_path):
    # the newer export shows Ann Lee with no company: the older one's (Contoso, CFO) is not made hers,
    # and the newer one imported again then changes nothing
    sqlite_file(db)
    jobless = CONNECTIONS_2024.replace("ann@contoso.example,Contoso,CFO", "ann@contoso.example,,")
    newer = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip",
                     {"Profile.csv": PROFILE, "Connections.csv": jobless})
    run("import", "linkedin", newer)
    older = run("import", "linkedin", export_2025)
    assert older.exit_code == 0, older.output
    assert " 0 job changes," in older.output
    before = db.read_bytes()
    again = run("import", "linkedin", newer)
    assert again.output.startswith(f"Imported linkedin from {newer} for Alex Morgan: 0 new; ")
    assert db.read_bytes() == before
    with refgraph.open(db) as g:
        ann = g.why("Ann Lee", AS_OF).data
    assert (ann["company"], ann["title"], ann["employment"]) == ("", "", [])


def test_an_older_export_does_not_bring_back_a_name_a_newer_one_changed(run, db, export_2025, tmp_path):
    run("import", "linkedin", export_2025)
    renamed = CONNECTIONS_2024.replace("Ann ,Lee,https://www.linkedin.com/in/ann-lee-1",
                                       "Annie,Lee,https://www.linkedin.com/in/ann-lee-1")
    newer = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip",
                     {"Profile.csv": PROFILE, "Connections.csv": renamed})
    assert " 1 updated," in run("import", "linkedin", newer).output
    for again in (export_2025, newer):
        assert " 0 new;" in run("import", "linkedin", again).output
        with refgraph.open(db) as g:
            assert g.why("linkedin.com/in/ann-lee-1", AS_OF).data["name"] == "Annie Lee"
            assert g.why("Ann Lee", AS_OF).data["name"] == "Annie Lee"   # the former name still finds her
            assert [r["name"] for r in g.people(AS_OF) if "Lee" in r["name"]] == ["Annie Lee"]


def test_a_newer_export_that_changes_nothing_still_outranks_an_older_one(run, db, export_2025, tmp_path):
    # March 2025 (Ann Lee, Contoso CFO), then September (the same), then June, older (Annie Lee, COO):
    # September said otherwise after June, so June changes neither her name nor her job
    sqlite_file(db)
    september = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip",
                         {"Profile.csv": PROFILE, "Connections.csv": CONNECTIONS_2024})
    june = make_zip(tmp_path / "Complete_LinkedInDataExport_06-15-2025.zip", {"Profile.csv": PROFILE, "Connections.csv":
                    CONNECTIONS_2024.replace("Ann ,Lee,https://www.linkedin.com/in/ann-lee-1,ann@contoso.example,Contoso,CFO",
                                             "Annie,Lee,https://www.linkedin.com/in/ann-lee-1,,Contoso,COO")})
    run("import", "linkedin", export_2025)
    run("import", "linkedin", september)
    older = run("import", "linkedin", june).output
    assert " 0 new;" in older or " 0 job changes," in older, older
    before = db.read_bytes()
    assert " 0 new;" in run("import", "linkedin", september).output
    assert db.read_bytes() == before
    with refgraph.open(db) as g:
        ann = g.why("linkedin.com/in/ann-lee-1", AS_OF).data
    assert (ann["name"], ann["company"], ann["title"]) == ("Ann Lee", "Contoso", "CFO")


def test_a_former_name_is_no_namesake_of_the_one_who_has_it_now(run, db, tmp_path):
    # two Alex Lees; one is renamed Alex Kim by a newer export: a call with "Alex Lee" is the other's
    old = write(tmp_path / "Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                "Alex,Lee,https://www.linkedin.com/in/alex-lee-a,,Contoso,CFO,1 Jan 2024\n"
                "Alex,Lee,https://www.linkedin.com/in/alex-lee-b,,Globex,CTO,1 Jan 2024\n")
    run("import", "linkedin", old, "--owner", "Alex Morgan")
    newer = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip", {
        "Profile.csv": PROFILE, "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,"
        "Connected On\nAlex,Kim,https://www.linkedin.com/in/alex-lee-a,,Contoso,CFO,1 Jan 2024\n"
        "Alex,Lee,https://www.linkedin.com/in/alex-lee-b,,Globex,CTO,1 Jan 2024\n"})
    run("import", "linkedin", newer)
    calls = run("import", "interactions", write(tmp_path / "c.csv", "date,person,channel\n2026-05-01,Alex Lee,call\n"),
                "--owner", "Alex Morgan")
    assert calls.output.endswith("1 row: 1 new\n"), calls.output
    with refgraph.open(db) as g:
        assert [e["channel"] for e in g.why("linkedin.com/in/alex-lee-b", AS_OF).data["relationships"][0]["events"]
                ] == ["connection", "call"]


def test_an_export_of_the_messages_alone_imports_them(run, db, tmp_path):
    # LinkedIn lets a member ask for any part of their data: the messages without Connections.csv
    f = make_zip(tmp_path / "Basic_LinkedInDataExport_12-01-2026.zip", {"Profile.csv": PROFILE,
                                                                         "messages.csv": MESSAGES_2024})
    result = run("import", "linkedin", f)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Imported linkedin from {f} for Alex Morgan: ")
    with refgraph.open(db) as g:
        assert [e["channel"] for e in g.why("umit yilmaz", AS_OF).data["relationships"][0]["events"]] == [
            "message", "message"]


def test_2018_connections_without_preamble_need_an_owner(run, db, tmp_path):
    sqlite_file(db)
    f = write(tmp_path / "Connections.csv",
              "First Name,Last Name,Email Address,Company,Position,Connected On\n"
              'Bo,Ek,bo@ek.example,Ek AB,CEO,"1/8/18, 6:14 PM"\n', newline="\r\n")
    result = CliRunnerResult = run("import", "linkedin", f)
    assert result.exit_code == 1
    assert "no Profile.csv names the owner of this export — pass --owner NAME" in result.output
    assert not db.exists()
    result = run("import", "linkedin", f, "--owner", "Alex Morgan")
    assert result.output == (f"Imported linkedin from {f} for Alex Morgan: 2 new people, 0 updated, "
                             "0 job changes, 1 new interactions; 1 row: 1 new\n")
    with refgraph.open(db) as g:
        bo = g.why("bo@ek.example", AS_OF).data
    assert (bo["name"], bo["company"], bo["relationships"][0]["events"][0]["date"]) == ("Bo Ek", "Ek AB", "2018-01-08")
    del CliRunnerResult


def test_excel_resaved_connections_semicolons_and_short_dates(run, db, tmp_path):
    f = write(tmp_path / "Connections (2).csv",
              "\ufeffFirst Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
              "Cy;Ode;https://www.linkedin.com/in/cy-ode;;Acme Corp;VP Sales;9-Sep-22\n", newline="\r\n")
    result = run("import", "linkedin", f, "--owner", "Alex Morgan")
    assert result.exit_code == 0, result.output
    with refgraph.open(db) as g:
        row = g.why("Cy Ode", AS_OF).data
    assert row["relationships"][0]["events"][0]["date"] == "2022-09-09"


def test_old_complete_export_folder_with_utf16_messages(run, db, tmp_path):
    folder = tmp_path / "Complete_LinkedInDataExport_05-01-2022 (1)" / "Complete_LinkedInDataExport_05-01-2022"
    write(folder / "Profile.csv", PROFILE)
    write(folder / "Connections.csv", PREAMBLE + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
          "Dee,Fox,,Contoso,CTO,02 Mar 2021\n")
    header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "DATE", "SUBJECT",
              "CONTENT", "FOLDER"]
    rows = [header, ["k1", "", "Dee Fox", "https://www.linkedin.com/in/dee-fox", "Alex Morgan",
                     "2022-04-01 10:00:00 UTC", "Lunch?", "Line one\nline two", "INBOX"]]
    text = "\r\n".join("\t".join(f'"{c}"' for c in r) for r in rows) + "\r\n"
    (folder / "Messages.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    result = run("import", "linkedin", folder.parent)
    assert result.output == (f"Imported linkedin from {folder.parent} for Alex Morgan: 2 new people, 0 updated, "
                             "0 job changes, 2 new interactions; 2 rows: 2 new\n")
    with refgraph.open(db) as g:
        dee = g.why("Dee Fox", AS_OF).data
    assert dee["linkedin"] == "https://www.linkedin.com/in/dee-fox"
    assert [(e["channel"], e["subject"]) for e in dee["relationships"][0]["events"]] == [
        ("connection", "Connected on LinkedIn"), ("message", "Lunch?")]


def test_same_name_is_not_merged_and_is_counted(run, db, tmp_path):
    f = write(tmp_path / "Connections.csv", PREAMBLE +
              "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
              "Chris,Lee,https://www.linkedin.com/in/chris-lee-a,,A Co,CEO,1 Jan 2024\n"
              "Chris,Lee,https://www.linkedin.com/in/chris-lee-b,,B Co,CTO,2 Jan 2024")
    run("import", "linkedin", f, "--owner", "Alex Morgan")
    log = write(tmp_path / "log.csv", "date,person,channel\n2024-05-01,Chris Lee,call\n2024-05-02,chris-lee-b,call\n")
    result = run("import", "interactions", log)
    assert result.output == (f"Imported interactions CSV from {log} for Alex Morgan: 1 new people, 0 updated, "
                             "0 job changes, 1 new interactions; 2 rows: 1 new, 1 skipped (ambiguous name 1)\n")


def test_read_linkedin_never_keeps_message_bodies(export_2025):
    batch = read_linkedin(export_2025)
    dumped = json.dumps([[r.subject, r.key, r.source] for r in batch.interactions], ensure_ascii=False)
    assert "how are you" not in dumped and "Shall we meet" not in dumped and "buy now" not in dumped


def test_zip_without_connections_or_messages_is_an_error(tmp_path):
    z = make_zip(tmp_path / "export.zip", {"Profile.csv": PROFILE, "Invitations.csv": INVITATIONS})
    with pytest.raises(RefgraphError) as err:
        read_linkedin(z)
    assert str(err.value).startswith(f"{z}: no Connections.csv or messages.csv in this export — request the export "
                                     "with Connections or Messages included")


def test_renamed_connections_file_and_generations_share_one_connection(run, db, tmp_path):
    old = make_zip(tmp_path / "Complete_LinkedInDataExport_06-15-2022.zip", {
        "Profile.csv": PROFILE, "Connections.csv": PREAMBLE + "First Name,Last Name,Email Address,Company,Position,"
        "Connected On\nSøren,Kierkegård,,Contoso,CFO,02 Mar 2021\n"})
    run("import", "linkedin", old)
    renamed = write(tmp_path / "Connections (1).csv", "\ufeff" + PREAMBLE.replace(",", ";") +
                    "First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
                    "Søren;Kierkegård;https://www.linkedin.com/in/soren-k;;Contoso;CFO;2-Mar-21\n", newline="\r\n")
    result = run("import", "linkedin", renamed, "--owner", "Alex Morgan")
    assert result.output == (f"Imported linkedin from {renamed} for Alex Morgan: 0 new people, 1 updated, "
                             "0 job changes, 0 new interactions; 1 row: 1 updated\n")
    with refgraph.open(db) as g:
        events = g.why("Søren Kierkegård", AS_OF).data["relationships"][0]["events"]
    assert [(e["date"], e["channel"]) for e in events] == [("2021-03-02", "connection")]


def test_several_exports_in_one_command_are_the_separate_imports(run, db, export_2025, tmp_path):
    sqlite_file(db)
    from .conftest import SAMPLES

    moved = CONNECTIONS_2024.replace("Ann ,Lee,https://www.linkedin.com/in/ann-lee-1,ann@contoso.example,Contoso,CFO",
                                     "Ann ,Lee,https://www.linkedin.com/in/ann-lee-1,,Fabrikam Inc.,COO")
    newer = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip",
                     {"Profile.csv": PROFILE, "Connections.csv": moved})
    exports = [SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip", export_2025, newer,
               next(p for p in SAMPLES.glob("Basic_LinkedInDataExport_*") if p.is_dir()), export_2025]
    lines = []
    for export in exports:   # one command each
        result = run("import", "linkedin", export)
        assert result.exit_code == 0, result.output
        lines.append(result.output)
    one_by_one = store_dump(db)
    db.unlink()
    together = run("import", "linkedin", *exports)
    assert together.exit_code == 0, together.output
    assert together.output == "".join(lines)          # one summary line per export, the same ones
    assert store_dump(db) == one_by_one


@pytest.mark.parametrize("ahead", [100, 1], ids=["here", "worker"])
def test_several_exports_are_all_or_nothing(run, db, export_2025, tmp_path, monkeypatch, ahead):
    from refgraph.sources import linkedin

    from .test_bad_input import assert_error, fingerprint, invoke

    monkeypatch.setattr(linkedin, "AHEAD_EXPORTS", ahead)
    run("import", "linkedin", export_2025)
    before = fingerprint(db)
    good = make_zip(tmp_path / "Complete_LinkedInDataExport_09-15-2025.zip", {
        "Profile.csv": PROFILE.replace("Alex,Morgan", "Sam,Rivera"), "Connections.csv": CONNECTIONS_2024})
    bad = make_zip(tmp_path / "Basic_LinkedInDataExport_10-01-2025.zip", {
        "Profile.csv": PROFILE.replace("Alex,Morgan", "Lee,Park"),
        "Connections.csv": CONNECTIONS_2024.replace("1 Feb 2020", "31 Feb 2020")})
    out = invoke(db, "import", "linkedin", good, bad)
    assert_error(out, f"Error: {bad}", "cannot read the date '31 Feb 2020'")
    assert fingerprint(db) == before
    fresh = tmp_path / "fresh.db"
    out = invoke(fresh, "import", "linkedin", good, bad)
    assert out.exit_code == 1 and not list(tmp_path.glob("fresh.db*"))   # no store left behind


def test_owner_names_one_export_only(run, db, export_2025, tmp_path):
    sqlite_file(db)
    result = run("import", "linkedin", export_2025, export_2025, "--owner", "Alex Morgan")
    assert result.exit_code == 2 and "--owner names the owner of one export" in result.output
    assert not db.exists()
    with refgraph.open(db) as g, pytest.raises(RefgraphError, match="names the owner of one export"):
        g.import_linkedin([export_2025, export_2025], owner="Alex Morgan")
    with refgraph.open(db) as g:
        [summary] = g.import_linkedin([export_2025], owner="Alex Morgan")
    assert summary.owner == "Alex Morgan" and summary.new_interactions
