"""Job moves: who joined or left a target account, or was promoted there, between two imports.

An import of a newer LinkedIn export that lists someone at another company, or with another title,
closes their job on the export's date and opens the new one on the same date (the store keeps the
history: :mod:`refgraph.store.people`). A *move* is read from those dates:

* **joined**: the new job is at a target account the old one was not at;
* **left**: the old job was at a target account the new one is not at (nor the person's current job:
  a move back, or two records of one person merged, is no departure);
* **promoted**: both at one account, the new title a rung higher on the seniority ladder
  (``params.seniority``: :func:`refgraph.paths.seniority`).

LinkedIn's Connections.csv says where people work, not since when: a move's date is the date of the
export that first showed it, and its evidence names that export.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import PurePath
from typing import Iterable

from .errors import RefgraphError
from .identity import company_key, name_key
from .paths import seniority
from .results import ChangesRows

__all__ = ["WINDOW_DAYS", "COLUMNS", "moves", "changes", "joined", "connectors_left", "job_text"]

WINDOW_DAYS = 90   # "recent": the default --since, and how far back reconnect and coverage look
COLUMNS = ["date", "name", "change", "account", "from", "to", "strength", "evidence"]
_ORDER = {"joined": 0, "promoted": 1, "left": 2}


def job_text(company: str | None, title: str | None) -> str:
    """A job as one line.

    >>> job_text("Contoso", "VP Sales"), job_text("Contoso", None), job_text(None, None)
    ('VP Sales at Contoso', 'Contoso', '')
    """
    if not company:
        return ""
    return f"{title} at {company}" if title else company


def moves(reads, params, accounts: list[dict], *, since: date, as_of: date,
          person_ids: Iterable[int] | None = None) -> list[dict]:
    """The moves (joined, left, promoted) at *accounts* (as :meth:`Reads.account` gives them) seen
    from *since* to *as_of* (both included), of *person_ids* or everyone, owners left out: dicts
    ``{day, person_id, name, change, account, old, new, evidence}`` (``old``/``new``: the job rows,
    ``None`` when there is none), by person, then day."""
    owners = reads.owners()
    at_key: dict[str, list[str]] = defaultdict(list)
    for acc in accounts:
        for key in acc["keys"]:
            at_key[key].append(acc["name"])

    def at(company: str | None) -> set[str]:
        return set(at_key.get(company_key(company), ())) if company else set()

    jobs: dict[int, list] = defaultdict(list)
    for job in reads.job_moves(since=since, as_of=as_of, person_ids=person_ids):
        if job["person_id"] not in owners:
            jobs[job["person_id"]].append(job)
    people = reads.people(jobs)
    first, last = since.isoformat(), as_of.isoformat()
    found = []
    for pid, rows in jobs.items():
        person = people.get(pid)
        if person is None:
            continue
        now = at(person["company"])
        for day in sorted({d for j in rows for d in (j["start"], j["end"]) if d and first <= d <= last}):
            old = next((j for j in reversed(rows) if j["end"] == day), None)
            new = next((j for j in reversed(rows) if j["start"] == day), None)
            before, after = at(old["company"] if old else None), at(new["company"] if new else None)
            source = PurePath(new["source"]).name if new and new["source"] else ""
            evidence = f"LinkedIn export of {day}" + (f" ({source})" if source else "")
            found += [{"day": day, "person_id": pid, "name": person["name"], "change": change, "account": name,
                       "old": old, "new": new, "evidence": evidence}
                      for change, names in (
                          ("promoted", [n for n in sorted(before & after) if old and new and
                                        seniority(new["title"], params) < seniority(old["title"], params)]),
                          ("joined", sorted(after - before)), ("left", sorted(before - after - now)))
                      for name in names]
    return found


def changes(reads, params, *, as_of: date, since: date | None = None, account: str | None = None) -> ChangesRows:
    """``refgraph changes``: the moves at the target accounts (or *account*) from *since* (default:
    :data:`WINDOW_DAYS` before *as_of*) to *as_of*, newest first, each with the owners' best strength
    with the person (and whose it is)."""
    since = since or as_of - timedelta(days=WINDOW_DAYS)
    if since > as_of:
        raise RefgraphError(f"--since {since.isoformat()} is after {as_of.isoformat()}, the date the store is "
                            "read as of — give an earlier --since (or a later --as-of)")
    accounts = [reads.account(account)] if account else reads.all_accounts()
    if not accounts:
        raise RefgraphError("no accounts yet — import your target accounts: refgraph import accounts FILE "
                            "(columns name, domain, aliases), or name a company with --account NAME")
    found = moves(reads, params, accounts, since=since, as_of=as_of)
    owners = reads.owners()
    best: dict[int, tuple[float, int]] = {}
    scores = reads.scores(as_of=as_of, params=params, person_ids={m["person_id"] for m in found})
    for (owner, pid), sc in scores.items():
        if pid not in best or sc.strength > best[pid][0]:
            best[pid] = (sc.strength, owner)
    rows = []
    for m in sorted(found, key=lambda m: (name_key(m["name"]), m["account"].lower(), _ORDER[m["change"]])):
        old, new = m["old"] or {"company": None, "title": None}, m["new"] or {"company": None, "title": None}
        strength, owner = best.get(m["person_id"], (0.0, None))
        rows.append({"date": m["day"], "name": m["name"], "change": m["change"], "account": m["account"],
                     "from": job_text(old["company"], old["title"]), "to": job_text(new["company"], new["title"]),
                     "strength": round(strength, 4), "owner": owners.get(owner), "evidence": m["evidence"]})
    rows.sort(key=lambda r: r["date"], reverse=True)   # newest first (stable: then by name)
    out = ChangesRows(rows, COLUMNS)
    out.since, out.as_of, out.account = since, as_of, accounts[0]["name"] if account else ""
    return out


def joined(reads, params, accounts: list[dict], person_ids: Iterable[int], *, as_of: date) -> dict[int, list[dict]]:
    """Which of *person_ids* joined one of *accounts* in the :data:`WINDOW_DAYS` up to *as_of*: their
    ``joined`` moves (:func:`moves`), by person."""
    ids = set(person_ids)
    found: dict[int, list[dict]] = {}
    if not ids or not accounts:
        return found
    for m in moves(reads, params, accounts, since=as_of - timedelta(days=WINDOW_DAYS), as_of=as_of, person_ids=ids):
        if m["change"] == "joined":
            found.setdefault(m["person_id"], []).append(m)
    return found


def connectors_left(reads, params, accounts: list[dict], sources: set[int], *, as_of: date) -> dict[str, list[dict]]:
    """The people who left each account in the :data:`WINDOW_DAYS` up to *as_of* and are a warm
    relationship of one of *sources* (a real conversation, fresh, at least ``warm_path_strength``):
    ``{account: [{person_id, name, company}]}``, the strongest first; ``company`` is where they are
    now (``None``: no company listed)."""
    left = [m for m in moves(reads, params, accounts, since=as_of - timedelta(days=WINDOW_DAYS), as_of=as_of)
            if m["change"] == "left"]
    if not left:
        return {}
    warm: dict[int, float] = {}
    for (owner, pid), sc in reads.scores(as_of=as_of, params=params, person_ids={m["person_id"] for m in left}).items():
        if owner in sources and sc.conversations and not sc.stale and sc.strength >= params.warm_path_strength:
            warm[pid] = max(warm.get(pid, 0.0), sc.strength)
    people = reads.people(warm)
    found: dict[str, list[dict]] = {}
    for m in sorted(left, key=lambda m: (-warm.get(m["person_id"], 0.0), name_key(m["name"]))):
        if m["person_id"] in warm:
            found.setdefault(m["account"], []).append({"person_id": m["person_id"], "name": m["name"],
                                                       "company": people[m["person_id"]]["company"]})
    return found
