"""The terminal's text is made of the answers' data alone (refgraph.view), without a store."""
from datetime import date

from refgraph import view
from refgraph.output import render
from refgraph.results import PathsReport, ReconnectPlan, Relationship, Rows, WhyReport

AS_OF = date(2026, 11, 15)


def _why(owners: list[tuple[str, float]]) -> WhyReport:
    event = {"date": "2026-11-01", "channel": "call", "kind": "conversation", "direction": "", "subject": "",
             "source": "log", "weight": 1.0, "share": 0.5}
    rels = [Relationship(name, strength, 0.9, 120.0, False, 1, date(2026, 11, 1), [event], [1.0], [strength])
            for name, strength in owners]
    data = {"name": "Maria Ortiz", "credentials": None, "company": "Contoso", "title": "", "linkedin": None,
            "emails": [], "employment": [], "knows": [],
            "relationships": [{"owner": r.owner, "strength": round(r.strength, 4)} for r in rels]}
    return WhyReport(data, Rows(), as_of=AS_OF, relationships=rels)


def test_why_shows_the_relationships_in_the_order_of_the_data():
    # an owner's name with " — " in it: the order is the data's, not read back from a title
    text = view.render(_why([("Sam — Rivera", 0.5), ("Alex Morgan", 0.25)]))
    assert text.index("Sam — Rivera — Maria Ortiz: strength 0.500") < text.index("Alex Morgan — Maria Ortiz")
    assert text.startswith("Maria Ortiz — Contoso\n\n")
    assert "total 0.500 = strength 0.500" in text


def test_why_without_relationships_says_so_with_the_date():
    assert view.render(_why([])) == "Maria Ortiz — Contoso: no interactions with any owner up to 2026-11-15\n"


def test_json_and_csv_of_a_report_are_its_data_and_rows():
    report = PathsReport([], Rows(), account="Contoso", owner="Alex Morgan", as_of=AS_OF,
                         no_path="No path into Contoso: no one at Contoso is in the store.")
    assert view.render(report) == "No path into Contoso: no one at Contoso is in the store.\n"
    assert view.render(report, "json") == render(report, "json") == "[]\n"
    assert view.render(report, "csv") == render(report, "csv")


def test_a_team_plan_names_the_owner_of_each_booked_conversation():
    left_out = [{"name": "Deep Tie", "owner": "Alex Morgan", "day": "2026-12-03", "subject": "Globex QBR"}]
    mine = ReconnectPlan([], Rows([], ["date", "name"]), as_of=AS_OF, owner="Alex Morgan", left_out=left_out)
    team = ReconnectPlan([], Rows([], ["date", "name"]), as_of=AS_OF, owner=None, left_out=left_out)
    assert view.render(mine).endswith("\nLeft out, a conversation already booked: Deep Tie (2026-12-03, Globex QBR).\n")
    assert view.render(team).startswith("No one to reconnect with for the team as of 2026-11-15: every relationship "
                                        "with a real conversation is still fresh or already has one booked.\n")
    assert "Deep Tie (Alex Morgan, 2026-12-03, Globex QBR)." in view.render(team)
