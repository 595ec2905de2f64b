"""``people --duplicates``: probable duplicates, with the evidence for and against, and the merge to
run — people who share a name, then people at one company with one last name whose first names are
alike (Kate and Katherine Lee, Tom Alvarez and Tomás Álvarez), unless each has a LinkedIn profile
(two people). An owner is always the one kept (an owner cannot be merged away), and never paired
with someone in their own network (a namesake there is someone else).

Plain functions over the store (:class:`refgraph.store.Store`); what the answer's rows hold is
:data:`COLUMNS`.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from .identity import name_key
from .results import Rows

__all__ = ["probable_duplicates", "COLUMNS", "FIRST_NAMES_ALIKE"]

COLUMNS = ["name", "keep", "other", "reason", "evidence", "merge"]
FIRST_NAMES_ALIKE = 0.85   # Jaro-Winkler of two first names: kate/katherine 0.87, tom/tomas 0.91


def probable_duplicates(store) -> Rows:
    """The rows of ``people --duplicates``: same names first (by name), then near names."""
    owners = {r["id"] for r in store.owners()}
    rows = []
    for group in store.query("""SELECT name_key FROM people WHERE merged_into IS NULL
                                GROUP BY name_key HAVING count(*) > 1 ORDER BY name_key"""):
        members = sorted(_members(store, "p.name_key = ?", [group["name_key"]]), key=lambda m: _kept_first(m, owners))
        while len(members) > 1:
            keep, *others = members
            # an owner's namesakes in their own network are someone else: compared among themselves
            members = [other for other in others if _own_contact(store, keep, other, owners)]
            rows += [_row(keep["name"], keep, other, _same_name_reason(keep, other))
                     for other in others if other not in members]
    return Rows(rows + _near_names(store, owners), COLUMNS)


def _near_names(store, owners: set[int]) -> list[dict]:
    """The rows of people at one company with one last name and alike first names."""
    from rapidfuzz.distance import JaroWinkler

    by_family: dict[tuple, list] = defaultdict(list)
    for r in store.query("SELECT id, name_key, company_key FROM people WHERE merged_into IS NULL "
                         "AND company_key IS NOT NULL AND company_key <> ''"):
        words = r["name_key"].split()
        if len(words) > 1:
            by_family[r["company_key"], words[-1]].append((words[0], r["name_key"], r["id"]))
    pairs = [(a[2], b[2]) for family in by_family.values() if len(family) > 1 for a, b in combinations(family, 2)
             if a[1] != b[1] and JaroWinkler.similarity(a[0], b[0]) >= FIRST_NAMES_ALIKE]
    ids = sorted({i for pair in pairs for i in pair})
    found = {m["id"]: m for i in range(0, len(ids), 500)
             for m in _members(store, f"p.id IN ({','.join('?' * len(ids[i:i + 500]))})", ids[i:i + 500])}
    rows = []
    for a, b in pairs:
        keep, other = sorted((found[a], found[b]), key=lambda m: _kept_first(m, owners))
        if (keep["linkedin"] and other["linkedin"]) or _own_contact(store, keep, other, owners):
            continue   # two profiles are two people; an owner's own contact is someone else
        first = [m["name"].split()[0] for m in (keep, other)]
        rows.append(_row(f"{keep['name']} / {other['name']}", keep, other,
                         f"same company and last name, first names alike ({first[0]} / {first[1]})"))
    return sorted(rows, key=lambda r: (name_key(r["name"]), r["keep"], r["other"]))


def _members(store, where: str, args: list) -> list:
    """People (not merged away) with their LinkedIn URL, emails and how many events they have."""
    return store.query(f"""SELECT p.id, p.name, p.company,
           (SELECT value FROM identifiers WHERE person_id = p.id AND kind = 'linkedin') AS linkedin,
           (SELECT group_concat(value, ' ') FROM identifiers WHERE person_id = p.id AND kind = 'email') AS emails,
           (SELECT count(*) FROM interaction_people WHERE person_id = p.id)
           + (SELECT count(*) FROM connections WHERE person_id = p.id) AS events
           FROM people p WHERE {where} AND merged_into IS NULL ORDER BY p.id""", args)


def _kept_first(member, owners: set[int]) -> tuple:
    """Who of two is kept: an owner, then a LinkedIn person, then the one with more events."""
    return member["id"] not in owners, member["linkedin"] is None, -member["events"], member["id"]


def _own_contact(store, keep, other, owners: set[int]) -> bool:
    """Whether *other* is in the network of *keep*, an owner: someone else (a namesake)."""
    return keep["id"] in owners and bool(store.query(
        "SELECT 1 FROM connections WHERE owner_id = ? AND person_id = ? UNION ALL "
        "SELECT 1 FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id "
        "WHERE i.owner_id = ? AND ip.person_id = ? LIMIT 1", (keep["id"], other["id"], keep["id"], other["id"])))


def _same_name_reason(keep, other) -> str:
    """Why two people of one name may be one: what tells them apart, or does not."""
    if keep["linkedin"] and other["linkedin"]:
        return "same name, different LinkedIn profiles (two people unless one profile is old)"
    if other["linkedin"] is None and other["emails"]:
        return "an email-only person with the name of a LinkedIn person"
    if other["linkedin"] is None:
        return "a name-only person (from a log or message) with the same name"
    return "same name"


def _row(name: str, keep, other, reason: str) -> dict:
    """One row: the pair, why, the evidence and the merge to run."""
    return {"name": name, "keep": f"#{keep['id']}", "other": f"#{other['id']}", "reason": reason,
            "evidence": f"{_describe(keep)} | {_describe(other)}",
            "merge": f"refgraph merge '#{keep['id']}' '#{other['id']}'"}


def _describe(person) -> str:
    where = person["linkedin"] or person["emails"] or "no URL or email"
    return f"#{person['id']} {where}, {person['company'] or 'no company'}, {person['events']} events"
