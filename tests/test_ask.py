"""``refgraph ask``: the brief for one referral ask (the ties to renew first, how the connector knows
the target, the business reason, reciprocity, a call script and a forwardable email), the accounts
file's reason column it reads, and ``--record``."""
from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

import refgraph
from refgraph.advice import explain_path
from refgraph.ask import MISSING_REASON, brief, lines
from refgraph.paths import Path
from refgraph.reads import Edge
from refgraph.strength import DEFAULTS
from tests.conftest import write
from tests.memory_reads import MemoryReads, relationship

AS_OF = "2026-11-15"


@pytest.fixture
def on_full(full_store, db, run, monkeypatch):
    """``run`` on a private copy of the full sample store, at 80 columns."""
    shutil.copy(full_store, db)
    monkeypatch.setenv("COLUMNS", "80")
    return run


# -- the accounts file's reason column -------------------------------------------------------------
def test_the_accounts_file_gives_each_account_its_business_reason_and_a_reimport_updates_it(tmp_path):
    first = write(tmp_path / "a.csv", "name,domain,reason\nContoso,contoso.example,They are replacing  their "
                                      "planning tool\nFabrikam,fabrikam.example,\n")
    changed = write(tmp_path / "b.csv", "name,reason\nContoso,Their CFO wants one forecast\nFabrikam,\n")
    with refgraph.open(tmp_path / "s.db") as g:
        assert g.import_accounts(first).line() == (f"Imported accounts from {first}: 2 new accounts, 0 updated; "
                                                   "2 rows: 2 new")
        assert g.account("contoso.example")["reason"] == "They are replacing their planning tool"
        assert g.account("Fabrikam")["reason"] is None
        assert g.import_accounts(changed).line() == (f"Imported accounts from {changed}: 0 new accounts, 1 updated; "
                                                     "2 rows: 1 updated, 1 unchanged")
        assert g.account("Contoso")["reason"] == "Their CFO wants one forecast"
        assert g.import_accounts(changed).line().endswith("2 rows: 2 unchanged")
        g.import_accounts(write(tmp_path / "c.csv", "name,domain\nContoso,contoso.example\n"))   # no reason: kept
        assert g.account("Contoso")["reason"] == "Their CFO wants one forecast"


# -- the brief on the samples ----------------------------------------------------------------------
def test_ask_an_account_whose_best_path_is_your_own_tie_says_no_introduction_is_needed(on_full):
    out = on_full("ask", "Contoso", "--as-of", AS_OF).output
    assert out == """\
You know Maria Ortiz (VP Finance, Contoso) yourself: no introduction to ask for
— ask Maria for the meeting
Path: Alex Morgan → Maria Ortiz (reconnect, 0.247; as of 2026-11-15)

Before you ask
- Maria Ortiz: call first — last real conversation 2024-02-11 (Planning FY24
  priorities). Talking points: they recommended you (2021).

How you know them
- Alex Morgan has had 10 conversations with Maria Ortiz, last 2024-02-11

The business reason
[the business reason — missing: give --reason or add a reason column to your
accounts file]

Reciprocity
- You did for Maria: nothing recorded.
- Maria did for you: recommendation (2021-08-30, on LinkedIn).
- Maria has helped you more than you have helped them: offer help before you
  ask.
- Ask Maria: "How can I help you?"

Call script
1. Open: it has been a while — catch up with Maria and listen first; talk about:
   they recommended you (2021).
2. Thank Maria for the recommendation (2021-08-30, on LinkedIn).
3. Ask: "How can I help you?" — and offer something concrete before you ask for
   anything.
4. Then: the reason for a meeting — [the business reason — missing: give
   --reason or add a reason column to your accounts file]. Would Maria meet you
   for 30 minutes?
5. Close: thank them, and say when you will follow up.
"""
    data = json.loads(on_full("ask", "Contoso", "--as-of", AS_OF, "--json").output)
    assert (data["connector"], data["email_draft"], data["path"]["people"]) == (None, None, ["Alex Morgan", "Maria Ortiz"])


def test_a_direct_tie_never_talked_to_is_a_call_to_introduce_yourself(on_full):
    out = on_full("ask", "--to", "Beatriz Vargas", "--as-of", AS_OF).output
    assert out.startswith("""\
You are connected with Beatriz Vargas (Partner, Contoso) yourself: no
introduction to ask for — call Beatriz to introduce yourself
Path: Alex Morgan → Beatriz Vargas (cold, 0.000; as of 2026-11-15)

Before you ask
- Beatriz Vargas: you have never had a real conversation — get to know them
  before you ask.
""")
    assert "\n1. Open: introduce yourself to Beatriz — you have never really talked.\n" in out
    assert "Email draft" not in out


def test_ask_to_a_person_briefs_the_introduction_through_the_connector(on_full):
    out = on_full("ask", "--to", "Dana Whitfield", "--as-of", AS_OF).output
    assert out == """\
Ask Priya Natarajan to introduce you to Dana Whitfield (COO, Fabrikam)
Path: Alex Morgan → Priya Natarajan → Dana Whitfield (warm, 0.492; as of
2026-11-15)

Before you ask
- Nothing to renew: your tie with Priya Natarajan is fresh (last real
  conversation 2026-10-28).

How they know each other
- Same leadership team at Fabrikam (knows file, last contact 2026-08-12)
- both work at Fabrikam, Inc.

The business reason
[the business reason — missing: give --reason or add a reason column to your
accounts file]

Reciprocity
- You did for Priya: nothing recorded.
- Priya did for you: recommendation (2026-06-18, on LinkedIn).
- Priya has helped you more than you have helped them: offer help before you
  ask.
- Ask Priya: "How can I help you?"

Call script
1. Open: catch up with Priya; talk about: they recommended you (2026).
2. Thank Priya for the recommendation (2026-06-18, on LinkedIn).
3. Ask: "How can I help you?" — and offer something concrete before you ask for
   anything.
4. Then: you would like to meet Dana Whitfield (COO, Fabrikam) — [the business
   reason — missing: give --reason or add a reason column to your accounts
   file]. How well does Priya know Dana? Would they introduce you?
5. If yes: you will send Priya a short note to forward.
6. Close: thank them, and say when you will follow up.

Email draft — for Priya Natarajan to forward to Dana Whitfield; nothing is sent
Subject: Introduction to Dana Whitfield (Fabrikam)

Hi Priya,

Thank you for offering to introduce me to Dana. Here is a short note you can
forward:

Dana, I'm Alex Morgan, Account Executive at Northwind Analytics. I would like to
talk with you: [the business reason — missing: give --reason or add a reason
column to your accounts file]. Would you have 30 minutes in the next few weeks?

Thank you,
Alex
"""
    assert all(len(line) <= 80 for line in out.splitlines())


def test_ask_through_a_connector_with_a_reason_gives_the_json_the_contract_names(on_full):
    reason = "their data team is choosing a forecasting platform this quarter"
    data = json.loads(on_full("ask", "Fabrikam", "--via", "Priya Natarajan", "--reason", reason, "--as-of", AS_OF,
                              "--json").output)
    assert list(data) == ["owner", "connector", "target", "path", "reconnect_first", "how_they_know", "reason",
                          "reason_missing", "reciprocity", "call_script", "email_draft"]
    assert data["owner"] == "Alex Morgan" and data["connector"] == "Priya Natarajan"
    assert data["target"] == {"name": "Dana Whitfield", "title": "COO", "account": "Fabrikam"}
    assert data["path"]["people"] == ["Alex Morgan", "Priya Natarajan", "Dana Whitfield"]
    assert (data["path"]["status"], data["path"]["strength"]) == ("warm", 0.4925)
    assert data["reconnect_first"] == []
    assert data["how_they_know"] == ["Same leadership team at Fabrikam (knows file, last contact 2026-08-12)",
                                     "both work at Fabrikam, Inc."]
    assert (data["reason"], data["reason_missing"]) == (reason, False)
    assert data["reciprocity"] == {"given": [], "received": [   # the LinkedIn export's recommendation
        {"kind": "recommendation", "date": "2026-06-18", "note": "on LinkedIn"}]}
    assert data["call_script"][3] == (f"Then: you would like to meet Dana Whitfield (COO, Fabrikam) — {reason}. "
                                      "How well does Priya know Dana? Would they introduce you?")
    assert data["email_draft"] == {
        "subject": "Introduction to Dana Whitfield (Fabrikam)",
        "body": "Hi Priya,\n\nThank you for offering to introduce me to Dana. Here is a short note you can forward:\n\n"
                "Dana, I'm Alex Morgan, Account Executive at Northwind Analytics. I would like to talk with you: "
                f"{reason}. Would you have 30 minutes in the next few weeks?\n\n"
                "Thank you,\nAlex"}
    csv = on_full("ask", "Fabrikam", "--via", "Priya Natarajan", "--reason", reason, "--as-of", AS_OF, "--csv").output
    assert csv.splitlines()[:4] == [
        "section,text",
        "before,Nothing to renew: your tie with Priya Natarajan is fresh (last real conversation 2026-10-28).",
        "how,\"Same leadership team at Fabrikam (knows file, last contact 2026-08-12)\"",
        "how,\"both work at Fabrikam, Inc.\""]


def test_the_brief_takes_the_accounts_reason_and_the_ledger(on_full, db, tmp_path):
    on_full("import", "accounts", write(tmp_path / "a.csv", "name,reason\nFabrikam,Their COO owns the "
                                                            "forecasting budget\n"))
    with refgraph.open(db) as g:
        oid, priya = g.owner_id(None), g.person_id("Priya Natarajan")
        g.store.add_ledger(oid, priya, "gave", "recommendation", date(2026, 3, 2), "for her data team lead")
        g.store.add_ledger(oid, priya, "received", "referral", date(2026, 9, 14))
    data = json.loads(on_full("ask", "--to", "Dana Whitfield", "--as-of", AS_OF, "--json").output)
    assert (data["reason"], data["reason_missing"]) == ("Their COO owns the forecasting budget", False)
    assert data["reciprocity"] == {"given": [{"kind": "recommendation", "date": "2026-03-02",
                                              "note": "for her data team lead"}],
                                   "received": [{"kind": "referral", "date": "2026-09-14", "note": None},
                                                {"kind": "recommendation", "date": "2026-06-18",
                                                 "note": "on LinkedIn"}]}
    out = on_full("ask", "--to", "Dana Whitfield", "--as-of", AS_OF).output
    assert """\
Reciprocity
- You did for Priya: recommendation (2026-03-02, for her data team lead).
- Priya did for you: referral (2026-09-14); recommendation (2026-06-18, on
  LinkedIn).
- Priya has helped you more than you have helped them: offer help before you
  ask.
- Ask Priya: "How can I help you?"
""" in out
    assert "2. Thank Priya for the referral (2026-09-14).\n" in out
    # --reason wins over the account's
    assert json.loads(on_full("ask", "--to", "Dana Whitfield", "--reason", "a new CFO", "--as-of", AS_OF,
                              "--json").output)["reason"] == "a new CFO"


def test_a_team_path_names_who_renews_and_a_three_hop_ask_names_the_middle(on_full):
    out = on_full("ask", "Acme Corp", "--from", "Sam Rivera", "--as-of", AS_OF).output
    assert out.startswith("""\
Ask Alex Morgan to introduce you to Tom Becker (Director, IT, Acme Corp)
Path: Sam Rivera → Alex Morgan → Tom Becker (reconnect, 0.003; as of 2026-11-15)

Before you ask
- Tom Becker: Alex Morgan should call first — last real conversation 2025-03-03
  (Intro to data team).

How they know each other
- Alex Morgan has had 1 conversation with Tom Becker, last 2025-03-03
""")
    data = json.loads(on_full("ask", "--to", "Dana Whitfield", "--from", "Sam Rivera", "--as-of", AS_OF,
                              "--json").output)
    assert data["path"]["people"] == ["Sam Rivera", "Alex Morgan", "Priya Natarajan", "Dana Whitfield"]
    assert data["how_they_know"] == [
        "Alex Morgan → Priya Natarajan: Alex Morgan has had 74 conversations with Priya Natarajan, last 2026-10-28",
        "Priya Natarajan → Dana Whitfield: Same leadership team at Fabrikam (knows file, last contact 2026-08-12)",
        "Priya Natarajan → Dana Whitfield: both work at Fabrikam, Inc."]
    assert data["email_draft"]["subject"] == "Introduction to Priya Natarajan, about Dana Whitfield (Fabrikam)"
    assert "Alex tells me you know Dana: would you be open to introducing me, or to a short call first?" in \
        data["email_draft"]["body"]
    text = on_full("ask", "--to", "Dana Whitfield", "--from", "Sam Rivera", "--as-of", AS_OF).output
    assert text.startswith("Ask Alex Morgan to introduce you to Priya Natarajan, who knows Dana Whitfield\n"
                           "(COO, Fabrikam)\n")


def test_record_logs_the_introduction_as_planned_once(on_full, db):
    out = on_full("ask", "--to", "Dana Whitfield", "--record", "--as-of", AS_OF).output
    assert out.endswith("\n\nRecorded: the introduction to Dana Whitfield through Priya Natarajan is planned\n"
                        "(2026-11-15).\n")
    again = on_full("ask", "Fabrikam", "--via", "Priya Natarajan", "--record", "--as-of", "2026-11-20").output
    assert again.endswith("\n\nAlready recorded: the introduction to Dana Whitfield through Priya Natarajan is\n"
                          "planned (2026-11-15) — refgraph intro log changes it.\n")
    with refgraph.open(db) as g:
        (intro,) = g.store.intros(g.owner_id(None))
        assert (intro["via_id"], intro["to_id"]) == (g.person_id("Priya Natarajan"), g.person_id("Dana Whitfield"))
        assert [(h["status"], h["day"]) for h in intro["history"]] == [("planned", "2026-11-15")]


@pytest.mark.parametrize("args, message", [
    ((), "Error: name an ACCOUNT or --to PERSON, e.g. refgraph ask Contoso"),
    (("Contoso", "--to", "Lee Park"), "Error: name an ACCOUNT or --to PERSON, not both"),
    (("--to", "Dana Whitfeld"), "Error: no person called 'Dana Whitfeld' in the store — did you mean 'Dana Whitfield'?"),
    (("Contozo",), "Error: no account or company called 'Contozo' in the store — did you mean 'Contoso'?"),
    (("--to", "Alex Morgan"), "Error: 'Alex Morgan' is you, the owner — ask for an introduction to someone outside "
                              "the team"),
    (("--to", "Sam Rivera"), "Error: 'Sam Rivera' is an owner (a teammate) — ask for an introduction to someone "
                             "outside the team"),
    (("Contoso", "--via", "Priya Natarajan"), "Error: No path into Contoso: 11 people there, but no route within 3 "
     "hops from Alex Morgan. Import a teammate's network (refgraph import linkedin EXPORT --owner NAME) or a knows "
     "file (refgraph import knows FILE) or --team."),
    (("--to", "Tamsin Rooke"), "Error: No path to Tamsin Rooke at Carrow & Finch LLP: no route within 3 hops from "
     "Alex Morgan. Import a teammate's network (refgraph import linkedin EXPORT --owner NAME) or a knows file "
     "(refgraph import knows FILE)."),
    (("--to", "Dana Whitfield", "--via", "Lee Park"), "Error: No path to Dana Whitfield at Fabrikam through Lee "
     "Park: no route within 3 hops from Alex Morgan. Import a teammate's network (refgraph import linkedin EXPORT "
     "--owner NAME) or a knows file (refgraph import knows FILE)."),
    (("--to", "Omar Siddiqui"), "Error: Omar Siddiqui is at none of your accounts and has no company in the store — "
     "import their company (contacts, a LinkedIn export) or an accounts file with their email domain"),
    (("--to", "Dana Whitfield", "--via", "Dana Whitfield"), "Error: --via and --to both name Dana Whitfield — --via "
     "names the connector who introduces you"),
    (("Contoso", "--record"), "Error: nothing to record: you know Maria Ortiz yourself, so there is no introduction "
                              "to ask for — drop --record (refgraph log records the call)"),
])
def test_a_bad_ask_is_one_line(on_full, args, message):
    result = on_full("ask", *args, "--as-of", AS_OF)
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1] == message


# -- the brief from memory: a stale connector, a tie with no evidence, the ledger ------------------
def memory_world():
    people = {1: {"id": 1, "name": "Olivia Owner", "name_key": "olivia owner", "company": "Northwind", "title": "AE"},
              2: {"id": 2, "name": "Cara Connector", "name_key": "cara connector", "company": "Elsewhere",
                  "title": None},
              3: {"id": 3, "name": "Tess Target", "name_key": "tess target", "company": "Tessco", "title": "CFO"},
              4: {"id": 4, "name": "Ivan Other", "name_key": "ivan other", "company": "Other", "title": None}}
    call = {"id": None, "owner_id": 1, "day": "2025-01-10", "stamp": None, "channel": "call", "direction": None,
            "subject": "Quarterly review", "source": "log", "attendees": None}
    ledger = [{"id": 1, "owner_id": 1, "person_id": 2, "direction": "gave", "kind": "help", "day": "2025-06-02",
               "note": "reviewed their deck"},
              {"id": 2, "owner_id": 1, "person_id": 2, "direction": "received", "kind": "referral",
               "day": "2026-03-04", "note": None},
              {"id": 3, "owner_id": 1, "person_id": 2, "direction": "received", "kind": "help", "day": "2026-12-01",
               "note": "later than as_of"}]
    intros = [{"id": 1, "owner_id": 1, "via_id": 2, "to_id": 4, "status": "introduced", "day": "2026-05-01",
               "note": None, "history": [{"status": "asked", "day": "2026-04-20", "note": None},
                                         {"status": "introduced", "day": "2026-05-01", "note": None}]}]
    reads = MemoryReads({1: "Olivia Owner"}, {(1, 2): relationship(0.2, stale=True, conversations=4,
                                                                     last_conversation=date(2025, 1, 10))},
                        {(2, 3): (0.5, False, None)}, people, accounts={"Tessco": [3]}, events={(1, 2): [call]},
                        ledger=ledger, intros=intros,
                        jobs={2: [{"company": "Elsewhere", "title": "COO", "start": "2025-09-01", "end": None}]})
    path = Path((1, 2, 3), (Edge(0.2, True, date(2025, 1, 10), 4, 1), Edge(0.5, False, None, 0, None)))
    return reads, path, people


def test_the_brief_renews_a_stale_connector_and_says_when_nothing_shows_they_know_the_target():
    reads, path, people = memory_world()
    as_of = date(2026, 11, 15)
    acc = {"id": None, "name": "Tessco", "reason": None}
    item = explain_path(reads, DEFAULTS, path, acc, lambda n: people[n], {1: "Olivia Owner"}, as_of=as_of)
    data = brief(reads, DEFAULTS, item, path, acc, owner_id=1, as_of=as_of)
    assert data["reconnect_first"] == [{
        "name": "Cara Connector", "by": "Olivia Owner", "last_conversation": "2025-01-10", "about": "Quarterly review",
        "talking_points": ["new job since you spoke: COO at Elsewhere (2025-09-01)", "you gave: help reviewed their deck (2025-06)",
                           "they helped you: intro to Ivan Other (2026-05)"], "booked": None}]
    assert data["how_they_know"] == ["no evidence that Cara Connector knows Tess Target; ask Cara Connector first "
                                     "whether they do"]
    assert (data["reason"], data["reason_missing"]) == (MISSING_REASON, True)
    assert data["reciprocity"] == {   # the latest first; nothing after as_of; an intro made counts as received
        "given": [{"kind": "help", "date": "2025-06-02", "note": "reviewed their deck"}],
        "received": [{"kind": "intro", "date": "2026-05-01", "note": "to Ivan Other"},
                     {"kind": "referral", "date": "2026-03-04", "note": None}]}
    assert [(r["section"], r["text"]) for r in lines(data) if r["section"] in ("before", "reciprocity")] == [
        ("before", "Cara Connector: call first — last real conversation 2025-01-10 (Quarterly review). Talking "
                   "points: new job since you spoke: COO at Elsewhere (2025-09-01); you gave: help reviewed their "
                   "deck (2025-06); they helped you: intro to Ivan Other (2026-05)."),
        ("reciprocity", "You did for Cara: help (2025-06-02, reviewed their deck)."),
        ("reciprocity", "Cara did for you: intro (2026-05-01, to Ivan Other); referral (2026-03-04)."),
        ("reciprocity", "Cara has helped you more than you have helped them: offer help before you ask."),
        ("reciprocity", 'Ask Cara: "How can I help you?"')]
    assert data["call_script"][:2] == [
        "Open: it has been a while — catch up with Cara and listen first; talk about: new job since you spoke: COO "
        "at Elsewhere (2025-09-01); you gave: help reviewed their deck (2025-06); they helped you: intro to Ivan "
        "Other (2026-05).",
        "Thank Cara for the intro (2026-05-01, to Ivan Other)."]
